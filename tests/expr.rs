#[macro_use]
#[allow(clippy::panic)] // the shared helpers in tests/common report failures with panic!
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;

// ----- precedence and parentheses ----------------------------------------------------------

#[test]
fn right_nested_subtraction_keeps_parentheses() {
    // 899 - (1968 - 1000) = -69; without the parentheses it would be -2069.
    let q = select((books::id, books::price_cents.sub(books::year.sub(1000)).label("v"))).filter(books::id.eq(1));
    assert_sql!(q, all: "SELECT id, price_cents - (year - ?) AS v FROM books WHERE id = ?", params: [1000, 1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1, -69]]);
}

#[test]
fn left_nested_subtraction_has_no_parentheses() {
    // (899 - 1968) - 1000 = -2069.
    let q = select((books::id, books::price_cents.sub(books::year).sub(1000).label("v"))).filter(books::id.eq(1));
    assert_sql!(q, all: "SELECT id, price_cents - year - ? AS v FROM books WHERE id = ?", params: [1000, 1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1, -2069]]);
}

#[test]
fn or_inside_and_keeps_parentheses() {
    let q = select((books::id,))
        .filter(books::author_id.eq(1).or(books::author_id.eq(2)).and(books::price_cents.gt(1000)))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE (author_id = ? OR author_id = ?) AND price_cents > ? ORDER BY id",
        params: [1, 2, 1000]
    );
    // Without the parentheses books 1 and 3 (author 1, cheaper than 1000) would match too.
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![4]]);
}

#[test]
fn and_inside_or_is_parenthesised_for_readability() {
    let q = select((books::id,))
        .filter(books::author_id.eq(1).and(books::price_cents.gt(1000)).or(books::author_id.eq(4)))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE (author_id = ? AND price_cents > ?) OR author_id = ? ORDER BY id",
        params: [1, 1000, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![7]]);
}

#[test]
fn and_chains_are_flattened_without_parentheses() {
    let chained = books::author_id.eq(1).and(books::price_cents.lt(1000)).and(books::year.gt(1968));
    let q = select((books::id,)).filter(chained.clone()).order_by(books::id);
    let expected = "SELECT id FROM books WHERE author_id = ? AND price_cents < ? AND year > ? ORDER BY id";
    assert_sql!(q, all: expected, params: [1, 1000, 1968]);
    assert_eq!(rows_on_every_engine(&q), vec![row![3]]);

    // The free function builds the same flat chain, even from a nested AND.
    let nested = and([books::author_id.eq(1).and(books::price_cents.lt(1000)), books::year.gt(1968)]);
    assert_eq!(nested, chained);
    let q = select((books::id,)).filter(nested).order_by(books::id);
    assert_sql!(q, all: expected, params: [1, 1000, 1968]);
    assert_eq!(rows_on_every_engine(&q), vec![row![3]]);
}

#[test]
fn or_chains_are_flattened_without_parentheses() {
    let q = select((books::id,)).filter(or([books::id.eq(1).or(books::id.eq(4)), books::id.eq(7)])).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE id = ? OR id = ? OR id = ? ORDER BY id", params: [1, 4, 7]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![4], row![7]]);
}

#[test]
fn not_wraps_a_comparison_in_parentheses() {
    let q = select((books::id,)).filter(not(books::author_id.eq(1))).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE NOT (author_id = ?) ORDER BY id", params: [1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![5], row![6], row![7], row![8]]);
}

#[test]
fn not_wraps_a_conjunction_in_parentheses() {
    let q =
        select((books::id,)).filter(books::author_id.eq(1).and(books::price_cents.lt(1000)).not()).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE NOT (author_id = ? AND price_cents < ?) ORDER BY id", params: [1, 1000]);
    // `NOT a AND b` would be `(NOT a) AND b`: books 5 and 8 only.
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![4], row![5], row![6], row![7], row![8]]);
}

#[test]
fn not_as_a_term_of_and_needs_no_parentheses() {
    let q =
        select((books::id,)).filter(not(books::author_id.eq(1)).and(books::price_cents.lt(1000))).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE NOT (author_id = ?) AND price_cents < ? ORDER BY id", params: [1, 1000]);
    assert_eq!(rows_on_every_engine(&q), vec![row![5], row![8]]);
}

#[test]
fn multiplication_binds_tighter_than_addition() {
    // Book 4: 1299 + 2 * 10 = 1319, (1299 + 2) * 10 = 13010.
    let q = select((
        books::price_cents.add(books::author_id.mul(10)).label("a"),
        books::price_cents.add(books::author_id).mul(10).label("b"),
    ))
    .filter(books::id.eq(4));
    assert_sql!(
        q,
        all: "SELECT price_cents + author_id * ? AS a, (price_cents + author_id) * ? AS b FROM books WHERE id = ?",
        params: [10, 10, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1319, 13010]]);
}

#[test]
fn left_operand_of_higher_precedence_needs_no_parentheses() {
    // Book 4: 1299 * 2 - 4 = 2594.
    let q = select((books::price_cents.mul(2).sub(books::id).label("v"),)).filter(books::id.eq(4));
    assert_sql!(q, all: "SELECT price_cents * ? - id AS v FROM books WHERE id = ?", params: [2, 4]);
    assert_eq!(rows_on_every_engine(&q), vec![row![2594]]);
}

#[test]
fn unary_minus_wraps_a_sum() {
    let q = select((books::price_cents.add(books::year).neg().label("v"), books::price_cents.neg().label("w")))
        .filter(books::id.eq(1));
    assert_sql!(q, all: "SELECT -(price_cents + year) AS v, -price_cents AS w FROM books WHERE id = ?", params: [1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![-2867, -899]]);
}

#[test]
fn double_negation_never_writes_a_comment_marker() {
    let q = select((
        books::price_cents.neg().neg().label("a"),
        lit(-5).neg().label("b"),
        books::price_cents.sub(books::year.neg()).label("c"),
        books::price_cents.sub(lit(-5)).label("d"),
    ))
    .filter(books::id.eq(1));
    assert_sql!(
        q,
        all: "SELECT -(-price_cents) AS a, -(-5) AS b, price_cents - -year AS c, price_cents - -5 AS d FROM books WHERE id = ?",
        params: [1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![899, 5, 2867, 904]]);
}

#[test]
fn division_and_modulo_bind_like_multiplication() {
    // Book 4: 1299 / (2 * 3) = 216, 1299 % 100 * 2 = 198, 1299 - 1299 % 100 = 1200.
    let q = select((
        books::price_cents.div(books::author_id.mul(3)).label("a"),
        books::price_cents.rem(100).mul(2).label("b"),
        books::price_cents.sub(books::price_cents.rem(100)).label("c"),
        books::price_cents.mul(2).div(books::author_id).label("d"),
    ))
    .filter(books::id.eq(4));
    // Integer operands divide as integers everywhere: MySQL spells that DIV.
    assert_sql!(
        q,
        sqlite: "SELECT price_cents / (author_id * ?) AS a, price_cents % ? * ? AS b, price_cents - price_cents % ? AS c, \
                 price_cents * ? / author_id AS d FROM books WHERE id = ?",
        postgres: "SELECT price_cents / (author_id * $1) AS a, price_cents % $2 * $3 AS b, price_cents - price_cents % $4 AS c, \
                   price_cents * $5 / author_id AS d FROM books WHERE id = $6",
        mysql: "SELECT price_cents DIV (author_id * ?) AS a, price_cents % ? * ? AS b, price_cents - price_cents % ? AS c, \
                price_cents * ? DIV author_id AS d FROM books WHERE id = ?",
        params: [3, 100, 2, 100, 2, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![216, 198, 1200, 1299]]);
}

#[test]
fn right_nested_division_keeps_parentheses() {
    // 1299 / (1299 / 3) = 3; without parentheses (1299 / 1299) / 3 = 0.
    let q = select((books::price_cents.div(books::price_cents.div(3)).label("v"),)).filter(books::id.eq(4));
    assert_sql!(
        q,
        sqlite: "SELECT price_cents / (price_cents / ?) AS v FROM books WHERE id = ?",
        postgres: "SELECT price_cents / (price_cents / $1) AS v FROM books WHERE id = $2",
        mysql: "SELECT price_cents DIV (price_cents DIV ?) AS v FROM books WHERE id = ?",
        params: [3, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![3]]);
}

#[test]
fn comparison_of_comparisons_is_parenthesised() {
    // (year > 1970) = (price_cents > 1000): true for 1, 3 (both false), 2, 6 (both true).
    let q = select((books::id,)).filter(books::year.gt(1970).eq(books::price_cents.gt(1000))).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE (year > ?) = (price_cents > ?) ORDER BY id", params: [1970, 1000]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![6]]);
}

// ----- NULL tests --------------------------------------------------------------------------

#[test]
fn is_null_and_is_not_null() {
    let q = select((books::id,)).filter(books::year.is_null()).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE year IS NULL ORDER BY id", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![5], row![8]]);

    let q = select((books::id,)).filter(books::year.is_not_null()).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE year IS NOT NULL ORDER BY id", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![6], row![7]]);
}

#[test]
fn equality_with_none_or_null_compiles_to_is_null() {
    for cond in [books::year.eq(None::<i64>), books::year.eq(null()), null().eq(books::year)] {
        let q = select((books::id,)).filter(cond).order_by(books::id);
        assert_sql!(q, all: "SELECT id FROM books WHERE year IS NULL ORDER BY id", params: []);
        assert_eq!(rows_on_every_engine(&q), vec![row![5], row![8]]);
    }
}

#[test]
fn inequality_with_none_compiles_to_is_not_null() {
    for cond in [books::year.ne(None::<i64>), books::year.ne(null())] {
        let q = select((books::id,)).filter(cond).order_by(books::id);
        assert_sql!(q, all: "SELECT id FROM books WHERE year IS NOT NULL ORDER BY id", params: []);
        assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![6], row![7]]);
    }
}

#[test]
fn is_null_of_a_comparison_is_parenthesised() {
    let q = select((books::id,)).filter(books::year.gt(1970).is_null()).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE (year > ?) IS NULL ORDER BY id", params: [1970]);
    assert_eq!(rows_on_every_engine(&q), vec![row![5], row![8]]);
}

#[test]
fn is_null_of_arithmetic_needs_no_parentheses() {
    let q = select((books::id,)).filter(books::year.add(1).is_null()).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE year + ? IS NULL ORDER BY id", params: [1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![5], row![8]]);
}

// ----- IN ------------------------------------------------------------------------------------

#[test]
fn in_list_and_not_in_list() {
    let q = select((books::id,)).filter(books::id.in_list([2, 4, 6])).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE id IN (?, ?, ?) ORDER BY id", params: [2, 4, 6]);
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![4], row![6]]);

    let q = select((books::id,)).filter(books::id.not_in([2, 4, 6])).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE id NOT IN (?, ?, ?) ORDER BY id", params: [2, 4, 6]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![3], row![5], row![7], row![8]]);
}

#[test]
fn in_list_of_text_values() {
    let q = select((authors::id,)).filter(authors::country.in_list(["GB", "PL"])).order_by(authors::id);
    assert_sql!(q, all: "SELECT id FROM authors WHERE country IN (?, ?) ORDER BY id", params: ["GB", "PL"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![3], row![4]]);
}

#[test]
fn empty_in_list_is_false() {
    let q = select((books::id,)).filter(books::id.in_list(Vec::<i64>::new())).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE 1 = 0 ORDER BY id", params: []);
    assert_eq!(rows_on_every_engine(&q), Vec::<Vec<Value>>::new());
}

#[test]
fn empty_not_in_list_is_true() {
    let q = select((books::id,)).filter(books::id.not_in(Vec::<i64>::new())).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE 1 = 1 ORDER BY id", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![5], row![6], row![7], row![8]]);
}

#[test]
fn empty_in_list_inside_not_and_or_keeps_its_meaning() {
    let q = select((books::id,))
        .filter(not(books::id.in_list(Vec::<i64>::new())).and(books::id.in_list(Vec::<i64>::new()).or(books::id.le(2))))
        .order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE NOT (1 = 0) AND (1 = 0 OR id <= ?) ORDER BY id", params: [2]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2]]);
}

// ----- BETWEEN -------------------------------------------------------------------------------

#[test]
fn between_and_not_between() {
    let q = select((books::id,)).filter(books::year.between(1965, 1969)).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE year BETWEEN ? AND ? ORDER BY id", params: [1965, 1969]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![3], row![4]]);

    let q = select((books::id,)).filter(books::year.not_between(1965, 1969)).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE year NOT BETWEEN ? AND ? ORDER BY id", params: [1965, 1969]);
    // NULL years are neither between nor not between.
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![6], row![7]]);
}

#[test]
fn between_inside_and_with_arithmetic_bounds() {
    let q = select((books::id,))
        .filter(books::price_cents.between(books::year.sub(1000), books::year.sub(900)).and(books::author_id.eq(1)))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE price_cents BETWEEN year - ? AND year - ? AND author_id = ? ORDER BY id",
        params: [1000, 900, 1]
    );
    // Book 1: 899 in [968, 1068]? no. Book 2: 1099 in [974, 1074]? no. Book 3: 999 in [969, 1069]: yes.
    assert_eq!(rows_on_every_engine(&q), vec![row![3]]);
}

// ----- LIKE ----------------------------------------------------------------------------------

#[test]
fn like_and_not_like() {
    let q = select((books::id,)).filter(books::title.like("%Dune")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE title LIKE ? ESCAPE '\' ORDER BY id",
        postgres: "SELECT id FROM books WHERE title LIKE $1 ORDER BY id",
        mysql: "SELECT id FROM books WHERE title LIKE ? ORDER BY id",
        params: ["%Dune"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![5]]);

    let q = select((books::id,)).filter(books::title.not_like("The %")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE title NOT LIKE ? ESCAPE '\' ORDER BY id",
        postgres: "SELECT id FROM books WHERE title NOT LIKE $1 ORDER BY id",
        mysql: "SELECT id FROM books WHERE title NOT LIKE ? ORDER BY id",
        params: ["The %"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![4], row![5], row![6], row![7], row![8]]);
}

#[test]
fn like_with_escape_character() {
    let q = select((books::id,)).filter(books::title.like_escape("100!%%", '!')).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '!' ORDER BY id", params: ["100!%%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);

    let q = select((books::id,)).filter(books::title.not_like_escape("%!_%", '!')).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title NOT LIKE ? ESCAPE '!' ORDER BY id", params: ["%!_%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![5], row![6], row![7]]);
}

#[test]
fn like_escape_backslash_is_escaped_in_the_mysql_literal() {
    let q = select((books::id,)).filter(books::title.like_escape(r"%\_%", '\\')).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE title LIKE ? ESCAPE '\' ORDER BY id",
        postgres: r"SELECT id FROM books WHERE title LIKE $1 ESCAPE '\' ORDER BY id",
        mysql: r"SELECT id FROM books WHERE title LIKE ? ESCAPE '\\' ORDER BY id",
        params: [r"%\_%"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn ilike_is_native_on_postgres_and_lower_like_lower_elsewhere() {
    let q = select((books::id,)).filter(books::title.ilike("%DUNE%")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE LOWER(title) LIKE LOWER(?) ESCAPE '\' ORDER BY id",
        postgres: "SELECT id FROM books WHERE title ILIKE $1 ORDER BY id",
        mysql: "SELECT id FROM books WHERE LOWER(title) LIKE LOWER(?) ORDER BY id",
        params: ["%DUNE%"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![5]]);
}

#[test]
fn not_ilike_is_native_on_postgres_and_lower_not_like_lower_elsewhere() {
    let q = select((books::id,)).filter(books::title.not_ilike("%dUnE%")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE LOWER(title) NOT LIKE LOWER(?) ESCAPE '\' ORDER BY id",
        postgres: "SELECT id FROM books WHERE title NOT ILIKE $1 ORDER BY id",
        mysql: "SELECT id FROM books WHERE LOWER(title) NOT LIKE LOWER(?) ORDER BY id",
        params: ["%dUnE%"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![6], row![7], row![8]]);
}

#[test]
fn contains_escapes_percent_in_the_value() {
    let q = select((books::id,)).filter(books::title.contains("100%")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["%100/%%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn contains_escapes_underscore_in_the_value() {
    let q = select((books::id,)).filter(books::title.contains("e_F")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["%e/_F%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn contains_matches_wildcards_literally_where_like_does_not() {
    // As a LIKE pattern `%_%` matches every non-empty title ...
    let q = select((books::id,)).filter(books::title.like("%_%")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE title LIKE ? ESCAPE '\' ORDER BY id",
        postgres: "SELECT id FROM books WHERE title LIKE $1 ORDER BY id",
        mysql: "SELECT id FROM books WHERE title LIKE ? ORDER BY id",
        params: ["%_%"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![5], row![6], row![7], row![8]]);
    // ... while contains("_") matches only the title holding an underscore.
    let q = select((books::id,)).filter(books::title.contains("_")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["%/_%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
    // Likewise for `%`.
    let q = select((books::id,)).filter(books::title.contains("%")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["%/%%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn starts_with_and_ends_with_escape_the_value() {
    let q = select((books::id,)).filter(books::title.starts_with("100%")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["100/%%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);

    let q = select((books::id,)).filter(books::title.ends_with("Dune")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["%Dune"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![5]]);

    let q = select((books::id,)).filter(books::title.starts_with("D")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["D%"]);
    assert_eq!(rows_on_every_engine(&q), vec![row![4]]);
}

#[test]
fn escape_character_itself_is_escaped_in_the_value() {
    // No title holds `1/2`; the escape character in the value must match itself only.
    let q = select((books::id,)).filter(books::title.ends_with("e/_Fiction")).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE title LIKE ? ESCAPE '/' ORDER BY id", params: ["%e///_Fiction"]);
    assert_eq!(rows_on_every_engine(&q), Vec::<Vec<Value>>::new());
}

// ----- DISTINCT, CASE, CAST ------------------------------------------------------------------

#[test]
fn select_distinct() {
    let q = select((books::author_id,)).distinct().order_by(books::author_id);
    assert_sql!(q, all: "SELECT DISTINCT author_id FROM books ORDER BY author_id", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4]]);
}

#[test]
fn searched_case_with_else() {
    let band = case()
        .when(books::price_cents.lt(1000), "cheap")
        .when(books::price_cents.lt(1200), "mid")
        .otherwise("dear")
        .label("band");
    let q = select((books::id, band)).filter(books::id.le(4)).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, CASE WHEN price_cents < ? THEN ? WHEN price_cents < ? THEN ? ELSE ? END AS band \
              FROM books WHERE id <= ? ORDER BY id",
        postgres: "SELECT id, CASE WHEN price_cents < $1 THEN $2::TEXT WHEN price_cents < $3 THEN $4::TEXT ELSE $5::TEXT END AS band FROM books WHERE id <= $6 ORDER BY id",
        mysql: "SELECT id, CASE WHEN price_cents < ? THEN ? WHEN price_cents < ? THEN ? ELSE ? END AS band \
              FROM books WHERE id <= ? ORDER BY id",
        params: [1000, "cheap", 1200, "mid", "dear", 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, "cheap"], row![2, "mid"], row![3, "cheap"], row![4, "dear"]]);
}

#[test]
fn searched_case_without_else_is_null_when_nothing_matches() {
    let q = select((books::id, case().when(books::year.lt(1966), "early").label("era")))
        .filter(books::author_id.eq(2).or(books::id.eq(7)))
        .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, CASE WHEN year < ? THEN ? END AS era FROM books WHERE author_id = ? OR id = ? ORDER BY id",
        postgres: "SELECT id, CASE WHEN year < $1 THEN $2::TEXT END AS era FROM books WHERE author_id = $3 OR id = $4 ORDER BY id",
        mysql: "SELECT id, CASE WHEN year < ? THEN ? END AS era FROM books WHERE author_id = ? OR id = ? ORDER BY id",
        params: [1966, "early", 2, 7]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4, "early"], row![5, None::<&str>], row![7, "early"]]);
}

#[test]
fn simple_case_with_and_without_else() {
    let q = select((
        authors::id,
        case_of(authors::country).when("US", "America").when("GB", "Britain").otherwise("elsewhere").label("a"),
        case_of(authors::country).when("US", "America").label("b"),
    ))
    .order_by(authors::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, CASE country WHEN ? THEN ? WHEN ? THEN ? ELSE ? END AS a, \
              CASE country WHEN ? THEN ? END AS b FROM authors ORDER BY id",
        postgres: "SELECT id, CASE country WHEN $1 THEN $2::TEXT WHEN $3 THEN $4::TEXT ELSE $5::TEXT END AS a, CASE country WHEN $6 THEN $7::TEXT END AS b FROM authors ORDER BY id",
        mysql: "SELECT id, CASE country WHEN ? THEN ? WHEN ? THEN ? ELSE ? END AS a, \
              CASE country WHEN ? THEN ? END AS b FROM authors ORDER BY id",
        params: ["US", "America", "GB", "Britain", "elsewhere", "US", "America"]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, "America", "America"],
            row![2, "America", "America"],
            row![3, "Britain", None::<&str>],
            row![4, "elsewhere", None::<&str>],
            row![5, "elsewhere", None::<&str>],
        ]
    );
}

#[test]
fn case_as_an_arithmetic_operand_needs_no_parentheses() {
    let q = select((books::id, case().when(books::year.is_null(), 0).otherwise(1).mul(10).label("v")))
        .filter(books::id.in_list([4, 5]))
        .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, CASE WHEN year IS NULL THEN ? ELSE ? END * ? AS v FROM books WHERE id IN (?, ?) ORDER BY id",
        postgres: "SELECT id, CASE WHEN year IS NULL THEN $1::BIGINT ELSE $2::BIGINT END * $3 AS v FROM books WHERE id IN ($4, $5) ORDER BY id",
        mysql: "SELECT id, CASE WHEN year IS NULL THEN ? ELSE ? END * ? AS v FROM books WHERE id IN (?, ?) ORDER BY id",
        params: [0, 1, 10, 4, 5]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4, 10], row![5, 0]]);
}

#[test]
fn case_without_when_is_an_invalid_statement() {
    let q = select((books::id, case().otherwise(1).label("v")));
    for (name, dialect) in dialects() {
        let result = q.compile(dialect.as_ref());
        assert!(
            matches!(&result, Err(Error::InvalidStatement(msg)) if msg.contains("WHEN")),
            "{name}: expected InvalidStatement, got {result:?}"
        );
    }
}

#[test]
fn cast_uses_each_dialects_type_names() {
    let q = select((
        books::price_cents.cast(SqlType::Text).label("t"),
        cast(books::price_cents, SqlType::Double).div(100).label("d"),
        books::price_cents.cast(SqlType::Text).cast(SqlType::Integer).add(1).label("i"),
    ))
    .filter(books::id.eq(1));
    assert_sql!(
        q,
        sqlite: "SELECT CAST(price_cents AS TEXT) AS t, CAST(price_cents AS REAL) / ? AS d, \
                 CAST(CAST(price_cents AS TEXT) AS INTEGER) + ? AS i FROM books WHERE id = ?",
        postgres: "SELECT CAST(price_cents AS TEXT) AS t, CAST(price_cents AS DOUBLE PRECISION) / $1 AS d, \
                   CAST(CAST(price_cents AS TEXT) AS INTEGER) + $2 AS i FROM books WHERE id = $3",
        mysql: "SELECT CAST(price_cents AS CHAR) AS t, CAST(price_cents AS DOUBLE) / ? AS d, \
                CAST(CAST(price_cents AS CHAR) AS SIGNED) + ? AS i FROM books WHERE id = ?",
        params: [100, 1, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["899", 8.99, 900]]);
}

#[test]
fn cast_to_varchar() {
    let q = select((books::title.cast(SqlType::Varchar(4)).label("t"),)).filter(books::id.eq(4));
    assert_sql!(
        q,
        sqlite: "SELECT CAST(title AS TEXT) AS t FROM books WHERE id = ?",
        postgres: "SELECT CAST(title AS VARCHAR(4)) AS t FROM books WHERE id = $1",
        mysql: "SELECT CAST(title AS CHAR(4)) AS t FROM books WHERE id = ?",
        params: [4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune"]]);
}

#[test]
fn cast_to_json_is_unsupported_on_mariadb() {
    let q = select((books::title.cast(SqlType::Json).label("j"),));
    assert_unsupported(&q, &sqlcore_mysql::MySqlDialect::mariadb(), "CAST(... AS JSON)");
}

// ----- functions -----------------------------------------------------------------------------

#[test]
fn aggregate_functions() {
    let q = select((
        func::count(books::year),
        func::count_star(),
        func::count_distinct(books::author_id),
        func::sum(books::price_cents),
        func::min(books::price_cents),
        func::max(books::price_cents),
    ));
    assert_sql!(
        q,
        all: "SELECT COUNT(year), COUNT(*), COUNT(DISTINCT author_id), SUM(price_cents), MIN(price_cents), \
              MAX(price_cents) FROM books",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![6, 8, 4, 8044, 500, 1299]]);
}

#[test]
fn count_star_with_explicit_from_and_filter() {
    let q = select((func::count_star().label("n"),)).from(books::table()).filter(books::year.is_null());
    assert_sql!(q, all: "SELECT COUNT(*) AS n FROM books WHERE year IS NULL", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![2]]);
}

#[test]
fn avg_and_round() {
    let q =
        select((func::avg(books::price_cents).label("a"), func::round(func::avg(books::price_cents), 0).label("r")));
    assert_sql!(
        q,
        sqlite: "SELECT AVG(price_cents) AS a, ROUND(AVG(price_cents), 0) AS r FROM books",
        postgres: "SELECT AVG(price_cents) AS a, ROUND(CAST(AVG(price_cents) AS NUMERIC), 0) AS r FROM books",
        mysql: "SELECT AVG(price_cents) AS a, ROUND(AVG(price_cents), 0) AS r FROM books",
        params: []
    );
    // Rows are normalized across engines: a whole number compares as an integer.
    assert_eq!(rows_on_every_engine(&q), vec![row![1005.5, 1006]]);
}

#[test]
fn round_to_digits_of_an_arithmetic_value() {
    let q = select((func::round(cast(books::price_cents, SqlType::Double).div(300), 2).label("r"),))
        .filter(books::id.eq(1));
    assert_sql!(
        q,
        sqlite: "SELECT ROUND(CAST(price_cents AS REAL) / ?, 2) AS r FROM books WHERE id = ?",
        postgres: "SELECT ROUND(CAST(CAST(price_cents AS DOUBLE PRECISION) / $1 AS NUMERIC), 2) AS r FROM books WHERE id = $2",
        mysql: "SELECT ROUND(CAST(price_cents AS DOUBLE) / ?, 2) AS r FROM books WHERE id = ?",
        params: [300, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![3]]); // 899 / 300 = 2.9966..., normalized
}

#[test]
fn coalesce_replaces_null() {
    let q =
        select((books::id, func::coalesce((books::year, 0)).label("y"))).filter(books::id.ge(4)).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, COALESCE(year, ?) AS y FROM books WHERE id >= ? ORDER BY id",
        params: [0, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4, 1965], row![5, 0], row![6, 1987], row![7, 1961], row![8, 0]]);
}

#[test]
fn lower_and_upper() {
    let q =
        select((func::lower(books::title).label("l"), func::upper(books::title).label("u"))).filter(books::id.eq(7));
    assert_sql!(q, all: "SELECT LOWER(title) AS l, UPPER(title) AS u FROM books WHERE id = ?", params: [7]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["solaris", "SOLARIS"]]);
}

#[test]
fn length_counts_characters_and_is_char_length_on_mysql() {
    // 'Stanisław Lem' is 13 characters and 14 bytes (ł is two bytes in UTF-8).
    let q = select((authors::name, func::length(authors::name).label("n"))).filter(authors::id.eq(4));
    assert_sql!(
        q,
        sqlite: "SELECT name, LENGTH(name) AS n FROM authors WHERE id = ?",
        postgres: "SELECT name, LENGTH(name) AS n FROM authors WHERE id = $1",
        mysql: "SELECT name, CHAR_LENGTH(name) AS n FROM authors WHERE id = ?",
        params: [4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem", 13]]);
}

#[test]
fn abs_of_a_difference() {
    let q = select((books::id, func::abs(books::year.sub(1970)).label("d")))
        .filter(books::author_id.eq(1))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, ABS(year - ?) AS d FROM books WHERE author_id = ? ORDER BY id",
        params: [1970, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 2], row![2, 4], row![3, 1]]);
}

#[test]
fn generic_function_by_name() {
    let q = select((sqlcore::func("substr", (books::title, 1, 4)).label("s"),)).filter(books::id.eq(6));
    assert_sql!(q, all: "SELECT substr(title, ?, ?) AS s FROM books WHERE id = ?", params: [1, 4, 6]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["Cons"]]);
}

#[test]
fn function_call_as_comparison_operand() {
    let q = select((books::id,)).filter(func::length(books::title).add(1).gt(17)).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id FROM books WHERE LENGTH(title) + ? > ? ORDER BY id",
        postgres: "SELECT id FROM books WHERE LENGTH(title) + $1 > $2 ORDER BY id",
        mysql: "SELECT id FROM books WHERE CHAR_LENGTH(title) + ? > ? ORDER BY id",
        params: [1, 17]
    );
    // Titles longer than 16 characters.
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![3], row![8]]);
}

#[test]
fn invalid_function_name_is_rejected_at_compile() {
    let q = select((sqlcore::func("drop table x;--", (books::id,)),));
    for (name, dialect) in dialects() {
        let result = q.compile(dialect.as_ref());
        assert!(
            matches!(&result, Err(Error::InvalidIdentifier(e)) if e.ident == "drop table x;--"),
            "{name}: expected InvalidIdentifier, got {result:?}"
        );
    }
}

// ----- text() ----------------------------------------------------------------------------------

#[test]
fn text_named_parameter_becomes_a_placeholder() {
    let q = select((books::id,)).filter(text("price_cents > :min").bind("min", 1000)).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE price_cents > ? ORDER BY id", params: [1000]);
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![4], row![6], row![7]]);
}

#[test]
fn text_parameters_are_numbered_in_order_of_appearance() {
    let q = select((books::id,))
        .filter(
            books::author_id
                .ne(3)
                .and(text(":lo < price_cents AND price_cents < :hi").bind("hi", 1100).bind("lo", 1000)),
        )
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE author_id <> ? AND (? < price_cents AND price_cents < ?) ORDER BY id",
        params: [3, 1000, 1100]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![7]]);
}

#[test]
fn text_parameter_used_twice_is_bound_twice() {
    let q = select((books::id,)).filter(text("year = :y OR year = :y + 1").bind("y", 1968)).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE year = ? OR year = ? + 1 ORDER BY id", params: [1968, 1968]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![3]]);
}

#[test]
fn text_as_an_operand_is_parenthesised() {
    let q = select((books::id,))
        .filter(text("price_cents > :min").bind("min", 1100).or(books::year.is_null()))
        .order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE (price_cents > ?) OR year IS NULL ORDER BY id", params: [1100]);
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![5], row![6], row![8]]);
}

#[test]
fn text_leaves_names_inside_quotes_alone() {
    let q = select((books::id,))
        .filter(text("title <> ':min' AND \"title\" <> 'it''s :min' AND price_cents > :min").bind("min", 1100))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE title <> ':min' AND \"title\" <> 'it''s :min' AND price_cents > ? ORDER BY id",
        params: [1100]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![6]]);
}

#[test]
fn text_leaves_double_colon_casts_alone() {
    // `::` is PostgreSQL syntax: only the compiled text is checked, on every dialect.
    let q = select((books::id,)).filter(text("price_cents::text = :p").bind("p", "899"));
    assert_sql!(q, all: "SELECT id FROM books WHERE price_cents::text = ?", params: ["899"]);
    // A quoted `::` next to a real parameter runs everywhere.
    let q = select((books::id,)).filter(text("title <> 'a::b' AND price_cents = :p").bind("p", 899));
    assert_sql!(q, all: "SELECT id FROM books WHERE title <> 'a::b' AND price_cents = ?", params: [899]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1]]);
}

#[test]
fn text_with_an_unbound_name_is_an_invalid_statement() {
    let q = select((books::id,)).filter(text("price_cents > :min AND year < :max").bind("min", 1000));
    for (name, dialect) in dialects() {
        let result = q.compile(dialect.as_ref());
        assert!(
            matches!(&result, Err(Error::InvalidStatement(msg)) if msg.contains(":max")),
            "{name}: expected InvalidStatement, got {result:?}"
        );
    }
}

// ----- labels and concatenation ----------------------------------------------------------------

#[test]
fn labels_in_the_select_list_and_order_by() {
    let q = select((books::title.label("t"), books::price_cents.mul(2).label("double_price")))
        .filter(books::author_id.eq(2))
        .order_by(col("double_price").desc());
    assert_sql!(
        q,
        all: "SELECT title AS t, price_cents * ? AS double_price FROM books WHERE author_id = ? ORDER BY double_price DESC",
        params: [2, 2]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune", 2598], row!["Children of Dune", 1998]]);
}

#[test]
fn concat_uses_pipes_or_mysql_concat() {
    let q = select((books::title.concat(" by ").concat(authors::name).label("s"),))
        .from(books::table())
        .join(authors::table())
        .filter(books::id.eq(7));
    assert_sql!(
        q,
        sqlite: "SELECT books.title || ? || authors.name AS s FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.id = ?",
        postgres: "SELECT books.title || $1 || authors.name AS s FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.id = $2",
        mysql: "SELECT CONCAT(books.title, ?, authors.name) AS s FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.id = ?",
        params: [" by ", 7]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Solaris by Stanisław Lem"]]);
}

#[test]
fn concat_chain_is_flattened_on_mysql() {
    let q = select((books::title.concat(" (").concat(books::year.cast(SqlType::Text)).concat(")").label("s"),))
        .filter(books::id.in_list([4, 5]))
        .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT title || ? || CAST(year AS TEXT) || ? AS s FROM books WHERE id IN (?, ?) ORDER BY id",
        postgres: "SELECT title || $1 || CAST(year AS TEXT) || $2 AS s FROM books WHERE id IN ($3, $4) ORDER BY id",
        mysql: "SELECT CONCAT(title, ?, CAST(year AS CHAR), ?) AS s FROM books WHERE id IN (?, ?) ORDER BY id",
        params: [" (", ")", 4, 5]
    );
    // NULL in a concatenation makes it NULL (on every engine, CONCAT included).
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune (1965)"], row![None::<&str>]]);
}

#[test]
fn concat_of_arithmetic_keeps_parentheses() {
    let q = select((
        books::title.concat(books::price_cents.add(1)).label("a"),
        books::price_cents.add(1).concat(books::title).label("b"),
    ))
    .filter(books::id.eq(4));
    assert_sql!(
        q,
        sqlite: "SELECT title || (price_cents + ?) AS a, (price_cents + ?) || title AS b FROM books WHERE id = ?",
        postgres: "SELECT title || (price_cents + $1) AS a, (price_cents + $2) || title AS b FROM books WHERE id = $3",
        mysql: "SELECT CONCAT(title, price_cents + ?) AS a, CONCAT(price_cents + ?, title) AS b FROM books WHERE id = ?",
        params: [1, 1, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune1300", "1300Dune"]]);
}

#[test]
fn concat_compared_with_a_value() {
    let q = select((books::id,)).filter(books::title.concat("!").eq("Dune!")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id FROM books WHERE (title || ?) = ? ORDER BY id",
        postgres: "SELECT id FROM books WHERE (title || $1) = $2 ORDER BY id",
        mysql: "SELECT id FROM books WHERE CONCAT(title, ?) = ? ORDER BY id",
        params: ["!", "Dune!"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4]]);
}

// ----- nesting depth ---------------------------------------------------------------------------

fn nested_sum(levels: usize) -> Expr {
    let mut e: Expr = books::price_cents.into_expr();
    for _ in 0..levels {
        e = e.add(lit(1));
    }
    e
}

#[test]
fn two_hundred_levels_of_nesting_compile_and_run() {
    let q = select((nested_sum(200).label("v"),)).filter(books::id.eq(1));
    let sql = format!("SELECT price_cents{} AS v FROM books WHERE id = ?", " + 1".repeat(200));
    assert_sql!(q, all: sql.as_str(), params: [1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1099]]);
}

#[test]
fn nesting_deeper_than_max_depth_is_an_error_not_a_stack_overflow() {
    let q = select((nested_sum(sqlcore::compile::MAX_DEPTH * 10).label("v"),)).filter(books::id.eq(1));
    for (name, dialect) in dialects() {
        let result = q.compile(dialect.as_ref());
        assert!(
            matches!(result, Err(Error::TooDeep { limit }) if limit == dialect.max_expr_depth()),
            "{name}: expected TooDeep, got {:?}",
            result.map(|c| c.sql.len())
        );
    }
    let mut nots = books::year.is_null();
    for _ in 0..sqlcore::compile::MAX_DEPTH * 10 {
        nots = nots.not();
    }
    let q = select((books::id,)).filter(nots);
    for (name, dialect) in dialects() {
        assert!(matches!(q.compile(dialect.as_ref()), Err(Error::TooDeep { .. })), "{name}");
    }
}

#[test]
fn max_depth_levels_compile_and_one_more_does_not() {
    // A chain of n additions is n + 1 levels deep (the column is the last level). Each
    // engine has its own limit: the deepest SQL it accepts.
    for (name, mut conn) in engines() {
        let max = conn.dialect().max_expr_depth();
        let q = select((nested_sum(max - 1).label("v"),)).filter(books::id.eq(1));
        let rows = conn.all(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            rows[0].get::<i64>("v").expect("an integer"),
            i64::try_from(899 + max - 1).expect("small"),
            "{name}"
        );
        let q = select((nested_sum(max).label("v"),)).filter(books::id.eq(1));
        assert!(matches!(q.compile(conn.dialect()), Err(Error::TooDeep { limit }) if limit == max), "{name}");
    }
    assert_eq!(sqlcore::compile::MAX_DEPTH, sqlcore_sqlite::SqliteDialect::default().max_expr_depth());
    assert_eq!(sqlcore_mysql::MySqlDialect::default().max_expr_depth(), 400);
}

// ----- Display -----------------------------------------------------------------------------------

#[test]
fn display_inlines_values_as_escaped_literals() {
    let q = select((books::id,)).filter(books::title.eq("it's"));
    assert_eq!(q.to_string(), "SELECT id FROM books WHERE title = 'it''s'");
    assert_eq!(books::title.eq("it's").to_string(), "books.title = 'it''s'");
    assert_sql!(q, all: "SELECT id FROM books WHERE title = ?", params: ["it's"]);
    assert_eq!(rows_on_every_engine(&q), Vec::<Vec<Value>>::new());
}

#[test]
fn display_of_an_expression_with_like_in_and_null() {
    let e = books::title
        .contains("50%")
        .and(books::id.in_list([1, 2]))
        .and(books::year.eq(None::<i64>))
        .or(books::price_cents.between(1.5, 2));
    assert_eq!(
        e.to_string(),
        "(books.title LIKE '%50/%%' ESCAPE '/' AND books.id IN (1, 2) AND books.year IS NULL) \
         OR books.price_cents BETWEEN 1.5 AND 2"
    );
    let q = select((books::id,)).filter(e).order_by(books::id);
    assert_eq!(
        q.to_string(),
        "SELECT id FROM books WHERE (title LIKE '%50/%%' ESCAPE '/' AND id IN (1, 2) AND year IS NULL) \
         OR price_cents BETWEEN 1.5 AND 2 ORDER BY id"
    );
    assert_sql!(
        q,
        sqlite: "SELECT id FROM books WHERE (title LIKE ? ESCAPE '/' AND id IN (?, ?) AND year IS NULL) \
              OR price_cents BETWEEN ? AND ? ORDER BY id",
        postgres: "SELECT id FROM books WHERE (title LIKE $1 ESCAPE '/' AND id IN ($2, $3) AND year IS NULL) OR price_cents BETWEEN $4::DOUBLE PRECISION AND $5 ORDER BY id",
        mysql: "SELECT id FROM books WHERE (title LIKE ? ESCAPE '/' AND id IN (?, ?) AND year IS NULL) \
              OR price_cents BETWEEN ? AND ? ORDER BY id",
        params: ["%50/%%", 1, 2, 1.5, 2]
    );
    assert_eq!(rows_on_every_engine(&q), Vec::<Vec<Value>>::new());
}

#[test]
fn display_of_a_negated_negative_value_is_not_a_comment() {
    let q = select((books::id, val(-5).neg().label("v"))).filter(books::id.eq(1));
    // `--5` would start a comment that swallows the rest of the statement.
    assert_eq!(q.to_string(), "SELECT id, -(-5) AS v FROM books WHERE id = 1");
    for (name, dialect) in dialects() {
        let inline = q.to_inline_sql(dialect.as_ref()).expect("a constant expression renders inline");
        assert_eq!(inline, "SELECT id, -(-5) AS v FROM books WHERE id = 1", "{name}");
    }
    assert_sql!(q, sqlite: "SELECT id, -? AS v FROM books WHERE id = ?",
        postgres: "SELECT id, -$1::BIGINT AS v FROM books WHERE id = $2",
        mysql: "SELECT id, -? AS v FROM books WHERE id = ?", params: [-5, 1]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 5]]);
}

#[test]
fn display_shows_why_an_expression_cannot_render() {
    let e = books::id.gt(text("price_cents > :min"));
    assert_eq!(e.to_string(), "/* cannot render: invalid statement: text(): no value bound for :min */");
    let q = select((books::id,)).filter(e.clone());
    for (name, dialect) in dialects() {
        assert!(matches!(q.compile(dialect.as_ref()), Err(Error::InvalidStatement(_))), "{name}");
    }
    // Once bound, it renders with its parentheses.
    let q = select((books::id,)).filter(books::id.gt(text("price_cents / :d").bind("d", 200))).order_by(books::id);
    assert_eq!(q.to_string(), "SELECT id FROM books WHERE id > (price_cents / 200) ORDER BY id");
    assert_sql!(q, all: "SELECT id FROM books WHERE id > (price_cents / ?) ORDER BY id", params: [200]);
    assert_eq!(rows_on_every_engine(&q), vec![row![5], row![6], row![7], row![8]]);
}

#[test]
fn and_of_no_terms_is_true_and_or_of_no_terms_is_false() {
    let q = select((books::id,)).filter(and(Vec::<Expr>::new())).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE 1 = 1 ORDER BY id", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![5], row![6], row![7], row![8]]);

    // An empty AND inside another AND is TRUE, so it vanishes from the flattened chain.
    let q = select((books::id,)).filter(and(Vec::<Expr>::new())).filter(books::id.le(2)).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE id <= ? ORDER BY id", params: [2]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2]]);

    let q = select((books::id,)).filter(or(Vec::<Expr>::new())).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE 1 = 0 ORDER BY id", params: []);
    assert_eq!(rows_on_every_engine(&q), Vec::<Vec<Value>>::new());

    // Likewise an empty OR inside another OR is FALSE and vanishes.
    let q = select((books::id,)).filter(or(Vec::<Expr>::new()).or(books::id.eq(3))).order_by(books::id);
    assert_sql!(q, all: "SELECT id FROM books WHERE id = ? ORDER BY id", params: [3]);
    assert_eq!(rows_on_every_engine(&q), vec![row![3]]);

    let q = select((books::id,)).filter(not(or(Vec::<Expr>::new()))).filter(books::id.eq(8));
    assert_sql!(q, all: "SELECT id FROM books WHERE NOT (1 = 0) AND id = ?", params: [8]);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn inline_literals_are_escaped_per_dialect() {
    let q = select((books::id, lit(r"it's \o/").label("s")))
        .filter(books::title.ne(lit(r"it's \o/")).and(books::id.eq(lit(4))));
    assert_sql!(
        q,
        sqlite: r"SELECT id, 'it''s \o/' AS s FROM books WHERE title <> 'it''s \o/' AND id = 4",
        postgres: r"SELECT id, 'it''s \o/' AS s FROM books WHERE title <> 'it''s \o/' AND id = 4",
        mysql: r"SELECT id, 'it''s \\o/' AS s FROM books WHERE title <> 'it''s \\o/' AND id = 4",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4, r"it's \o/"]]);
}

#[test]
fn a_backslash_in_a_like_pattern_escapes_on_every_engine() {
    // PostgreSQL and MySQL read `\` in a LIKE pattern as an escape by default; SQLite is told
    // so explicitly, so `100\%%` matches a literal "100%" prefix everywhere.
    let q = select((books::id,)).filter(books::title.like(r"100\%%")).order_by(books::id);
    assert_sql!(
        q,
        sqlite: r"SELECT id FROM books WHERE title LIKE ? ESCAPE '\' ORDER BY id",
        postgres: "SELECT id FROM books WHERE title LIKE $1 ORDER BY id",
        mysql: "SELECT id FROM books WHERE title LIKE ? ORDER BY id",
        params: [r"100\%%"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn float_division_stays_true_division_on_every_engine() {
    // A float operand makes `/` true division everywhere, so MySQL keeps `/`: 1299 / 2.0 = 649.5.
    let q = select((books::price_cents.div(2.0).label("half"),)).filter(books::id.eq(4));
    assert_sql!(q, sqlite: "SELECT price_cents / ? AS half FROM books WHERE id = ?",
        postgres: "SELECT price_cents / $1::DOUBLE PRECISION AS half FROM books WHERE id = $2",
        mysql: "SELECT price_cents / ? AS half FROM books WHERE id = ?", params: [2.0, 4]);
    assert_eq!(rows_on_every_engine(&q), vec![row![649.5]]);
}
