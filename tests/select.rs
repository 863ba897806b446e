#[macro_use]
mod common;
use common::*;
use sqlcore::error::JoinCondition;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

/// Asserts the SQL and parameters on SQLite and PostgreSQL, for constructs that MySQL
/// cannot express (those tests check MySQL's `Unsupported` error separately).
fn assert_sql_sqlite_and_postgres(stmt: &dyn Compile, sqlite: &str, postgres: &str, params: &[Value]) {
    let sqlite_compiled = stmt.compile(&SqliteDialect::default()).expect("compiles for SQLite");
    assert_eq!(sqlite_compiled.sql, sqlite, "sqlite: SQL differs");
    assert_eq!(sqlite_compiled.params, params, "sqlite: parameters differ");
    let pg_compiled = stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(pg_compiled.sql, postgres, "postgres: SQL differs");
    assert_eq!(pg_compiled.params, params, "postgres: parameters differ");
}

// ----- columns, expressions, labels, FROM --------------------------------------------------

#[test]
fn select_list_mixes_columns_and_labelled_arithmetic() {
    let q = select((books::title, books::price_cents.mul(2).label("double_price")))
        .filter(books::id.le(2))
        .order_by(books::id);
    assert_sql!(q, all: "SELECT title, price_cents * ? AS double_price FROM books WHERE id <= ? ORDER BY id", params: [2, 2]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["A Wizard of Earthsea", 1798], row!["The Dispossessed", 2198]]);
}

#[test]
fn label_names_the_result_column() {
    let q = select((authors::name.label("author"), authors::country.label("land"))).filter(authors::id.eq(4));
    assert_sql!(q, all: "SELECT name AS author, country AS land FROM authors WHERE id = ?", params: [4]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem", "PL"]]);
    for (name, mut conn) in engines() {
        let rows = conn.all(&q).expect("query runs");
        assert_eq!(rows.len(), 1, "{name}");
        assert_eq!(rows[0].columns(), ["author", "land"], "{name}: labels name the columns");
    }
}

#[test]
fn from_is_inferred_from_the_tables_of_the_selected_columns() {
    let q = select((authors::name, books::title)).filter(books::author_id.eq(authors::id)).filter(authors::id.eq(4));
    assert_sql!(
        q,
        all: "SELECT authors.name, books.title FROM authors, books WHERE books.author_id = authors.id AND authors.id = ?",
        params: [4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem", "Solaris"]]);
}

#[test]
fn explicit_from_for_an_aggregate_only_select_list() {
    let q = select([func::count_star().label("n")]).from(books::table());
    assert_sql!(q, all: "SELECT COUNT(*) AS n FROM books", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![8]]);
}

#[test]
fn explicit_from_of_the_selected_table_writes_columns_bare() {
    let q = select([stores::name]).from(stores::table()).order_by(stores::name);
    assert_sql!(q, all: "SELECT name FROM stores ORDER BY name", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row!["Airport"], row!["Downtown"], row!["Online"]]);
}

#[test]
fn from_is_inferred_for_a_table_star() {
    let q = select([stores::table().star()]).filter(stores::id.eq(2));
    assert_sql!(q, all: "SELECT stores.* FROM stores WHERE id = ?", params: [2]);
    assert_eq!(rows_on_every_engine(&q), vec![row![2, "Airport"]]);
}

#[test]
fn from_is_inferred_for_columns_of_an_aliased_table() {
    let a = authors::table().alias("a");
    let q = select([a.col(authors::name)]).filter(a.col(authors::id).eq(3));
    assert_sql!(q, all: "SELECT a.name FROM authors AS a WHERE a.id = ?", params: [3]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["Iain Banks"]]);
}

#[test]
fn self_join_without_from_starts_at_the_first_selected_alias() {
    let (e, m) = (employees::table().alias("e"), employees::table().alias("m"));
    let q = select((e.col(employees::name), m.col(employees::name).label("manager")))
        .join_on(m.clone(), e.col(employees::manager_id).eq(m.col(employees::id)))
        .order_by(e.col(employees::id));
    assert_sql!(
        q,
        all: "SELECT e.name, m.name AS manager FROM employees AS e INNER JOIN employees AS m ON e.manager_id = m.id ORDER BY e.id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Brian", "Ada"], row!["Cleo", "Ada"], row!["Dev", "Brian"]]);
}

#[test]
fn table_alias_qualifies_every_column() {
    let a = authors::table().alias("a");
    let q = select([a.col(authors::name)])
        .from(a.clone())
        .filter(a.col(authors::country).eq("US"))
        .order_by(a.col(authors::id));
    assert_sql!(q, all: "SELECT a.name FROM authors AS a WHERE a.country = ? ORDER BY a.id", params: ["US"]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["Ursula K. Le Guin"], row!["Frank Herbert"]]);
}

#[test]
fn runtime_column_lookup_through_an_alias() {
    let a = authors::table().alias("a");
    let name = a.c("name").expect("authors has a name column");
    let q = select([name.clone()]).from(a.clone()).filter(name.eq("Iain Banks"));
    assert_sql!(q, all: "SELECT a.name FROM authors AS a WHERE a.name = ?", params: ["Iain Banks"]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["Iain Banks"]]);
}

#[test]
fn self_join_lists_employees_with_their_managers() {
    let (e, m) = (employees::table().alias("e"), employees::table().alias("m"));
    let q = select((e.col(employees::name), m.col(employees::name).label("manager")))
        .from(e.clone())
        .join_on(m.clone(), e.col(employees::manager_id).eq(m.col(employees::id)))
        .order_by(e.col(employees::id));
    assert_sql!(
        q,
        all: "SELECT e.name, m.name AS manager FROM employees AS e INNER JOIN employees AS m ON e.manager_id = m.id ORDER BY e.id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Brian", "Ada"], row!["Cleo", "Ada"], row!["Dev", "Brian"]]);
}

#[test]
fn self_left_join_keeps_the_employee_without_a_manager() {
    let (e, m) = (employees::table().alias("e"), employees::table().alias("m"));
    let q = select((e.col(employees::name), m.col(employees::name).label("manager")))
        .from(e.clone())
        .left_join_on(m.clone(), e.col(employees::manager_id).eq(m.col(employees::id)))
        .order_by(e.col(employees::id));
    assert_sql!(
        q,
        all: "SELECT e.name, m.name AS manager FROM employees AS e LEFT OUTER JOIN employees AS m ON e.manager_id = m.id ORDER BY e.id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ada", None::<&str>], row!["Brian", "Ada"], row!["Cleo", "Ada"], row!["Dev", "Brian"]]
    );
}

// ----- joins ---------------------------------------------------------------------------------

#[test]
fn inner_join_with_explicit_on() {
    let q = select((authors::name, books::title))
        .from(authors::table())
        .join_on(books::table(), books::author_id.eq(authors::id))
        .filter(authors::id.eq(2))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT authors.name, books.title FROM authors INNER JOIN books ON books.author_id = authors.id WHERE authors.id = ? ORDER BY books.id",
        params: [2]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Frank Herbert", "Dune"], row!["Frank Herbert", "Children of Dune"]]
    );
}

#[test]
fn inner_join_infers_on_from_the_foreign_key() {
    let q = select((authors::name, books::title))
        .from(authors::table())
        .join(books::table())
        .filter(authors::id.eq(2))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT authors.name, books.title FROM authors INNER JOIN books ON books.author_id = authors.id WHERE authors.id = ? ORDER BY books.id",
        params: [2]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Frank Herbert", "Dune"], row!["Frank Herbert", "Children of Dune"]]
    );
}

#[test]
fn inner_join_from_the_referencing_side_infers_the_reverse_on() {
    let q = select((books::title, authors::name)).from(books::table()).join(authors::table()).filter(books::id.eq(7));
    assert_sql!(
        q,
        all: "SELECT books.title, authors.name FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.id = ?",
        params: [7]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Solaris", "Stanisław Lem"]]);
}

#[test]
fn inferred_on_between_aliases_uses_the_aliases() {
    let (a, b) = (authors::table().alias("a"), books::table().alias("b"));
    let q = select((a.col(authors::name), b.col(books::title)))
        .from(a.clone())
        .join(b.clone())
        .filter(b.col(books::id).eq(7));
    assert_sql!(
        q,
        all: "SELECT a.name, b.title FROM authors AS a INNER JOIN books AS b ON b.author_id = a.id WHERE b.id = ?",
        params: [7]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem", "Solaris"]]);
}

#[test]
fn label_shadowing_a_column_leaves_order_by_on_the_column() {
    // `ORDER BY year` would sort by the label (the title) on SQLite and MySQL.
    let q = select([books::title.label("year")]).filter(books::id.le(3)).order_by(books::year);
    assert_sql!(q, all: "SELECT title AS year FROM books WHERE id <= ? ORDER BY books.year", params: [3]);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["A Wizard of Earthsea"], row!["The Left Hand of Darkness"], row!["The Dispossessed"]]
    );
}

#[test]
fn join_without_from_starts_at_the_first_selected_table() {
    let q = select((authors::name, books::title)).join(books::table()).filter(books::id.eq(6));
    assert_sql!(
        q,
        all: "SELECT authors.name, books.title FROM authors INNER JOIN books ON books.author_id = authors.id WHERE books.id = ?",
        params: [6]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Iain Banks", "Consider Phlebas"]]);
}

#[test]
fn many_to_many_through_two_inferred_joins() {
    let q = select((books::title, stores::name))
        .from(books::table())
        .join(book_to_store_map::table())
        .join(stores::table())
        .order_by(books::id)
        .order_by(stores::id);
    assert_sql!(
        q,
        all: "SELECT books.title, stores.name FROM books \
              INNER JOIN book_to_store_map ON book_to_store_map.book_id = books.id \
              INNER JOIN stores ON stores.id = book_to_store_map.store_id \
              ORDER BY books.id, stores.id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["A Wizard of Earthsea", "Downtown"],
            row!["A Wizard of Earthsea", "Online"],
            row!["The Dispossessed", "Downtown"],
            row!["Dune", "Airport"],
            row!["Dune", "Online"],
            row!["Consider Phlebas", "Online"],
            row!["Solaris", "Downtown"],
        ]
    );
}

#[test]
fn authors_to_stores_through_three_inferred_joins() {
    let q = select((stores::name, authors::name.label("author")))
        .from(authors::table())
        .join(books::table())
        .join(book_to_store_map::table())
        .join(stores::table())
        .filter(stores::name.eq("Downtown"))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT stores.name, authors.name AS author FROM authors \
              INNER JOIN books ON books.author_id = authors.id \
              INNER JOIN book_to_store_map ON book_to_store_map.book_id = books.id \
              INNER JOIN stores ON stores.id = book_to_store_map.store_id \
              WHERE stores.name = ? ORDER BY authors.id",
        params: ["Downtown"]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Downtown", "Ursula K. Le Guin"],
            row!["Downtown", "Ursula K. Le Guin"],
            row!["Downtown", "Stanisław Lem"],
        ]
    );
}

#[test]
fn left_join_with_explicit_on_keeps_unmatched_authors() {
    // The year test is part of ON, not WHERE: authors without an early book stay, with NULLs.
    let q = select((authors::name, books::title))
        .from(authors::table())
        .left_join_on(books::table(), books::author_id.eq(authors::id).and(books::year.lt(1966)))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT authors.name, books.title FROM authors \
              LEFT OUTER JOIN books ON books.author_id = authors.id AND books.year < ? ORDER BY authors.id",
        params: [1966]
    );
    let none = None::<&str>;
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Ursula K. Le Guin", none],
            row!["Frank Herbert", "Dune"],
            row!["Iain Banks", none],
            row!["Stanisław Lem", "Solaris"],
            row!["Nobody Yet", none],
        ]
    );
}

#[test]
fn left_join_with_inferred_on_finds_authors_without_books() {
    let q = select([authors::name]).from(authors::table()).left_join(books::table()).filter(books::id.is_null());
    assert_sql!(
        q,
        all: "SELECT authors.name FROM authors LEFT OUTER JOIN books ON books.author_id = authors.id WHERE books.id IS NULL",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Nobody Yet"]]);
}

#[test]
fn right_join_with_explicit_on() {
    let q = select((books::title, authors::name))
        .from(books::table())
        .right_join_on(authors::table(), authors::id.eq(books::author_id))
        .filter(authors::id.ge(4))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT books.title, authors.name FROM books \
              RIGHT OUTER JOIN authors ON authors.id = books.author_id WHERE authors.id >= ? ORDER BY authors.id",
        params: [4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Solaris", "Stanisław Lem"], row![None::<&str>, "Nobody Yet"]]);
}

#[test]
fn right_join_with_inferred_on() {
    let q = select((books::title, authors::name))
        .from(books::table())
        .right_join(authors::table())
        .filter(books::id.is_null());
    assert_sql!(
        q,
        all: "SELECT books.title, authors.name FROM books \
              RIGHT OUTER JOIN authors ON authors.id = books.author_id WHERE books.id IS NULL",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![None::<&str>, "Nobody Yet"]]);
}

#[test]
fn right_and_full_joins_are_unsupported_before_sqlite_3_39() {
    let old = SqliteDialect::with_version(3, 38, 0);
    let right = select((books::title, authors::name)).from(books::table()).right_join(authors::table());
    assert_unsupported(&right, &old, "RIGHT OUTER JOIN");
    let right_on = select((books::title, authors::name))
        .from(books::table())
        .right_join_on(authors::table(), authors::id.eq(books::author_id));
    assert_unsupported(&right_on, &old, "RIGHT OUTER JOIN");
    let full = select((books::title, authors::name)).from(books::table()).full_join(authors::table());
    assert_unsupported(&full, &old, "FULL OUTER JOIN");
    let full_on = select((books::title, authors::name))
        .from(books::table())
        .full_join_on(authors::table(), authors::id.eq(books::author_id));
    assert_unsupported(&full_on, &old, "FULL OUTER JOIN");
    // 3.39.0 itself has both.
    let new = SqliteDialect::with_version(3, 39, 0);
    assert_eq!(
        right.compile(&new).expect("RIGHT JOIN on 3.39").sql,
        "SELECT books.title, authors.name FROM books RIGHT OUTER JOIN authors ON authors.id = books.author_id"
    );
    assert_eq!(
        full.compile(&new).expect("FULL JOIN on 3.39").sql,
        "SELECT books.title, authors.name FROM books FULL OUTER JOIN authors ON authors.id = books.author_id"
    );
}

#[test]
fn full_join_with_explicit_on_keeps_unmatched_rows_of_both_sides() {
    // Ada has no manager; nobody reports to Cleo or Dev.
    let (e, m) = (employees::table().alias("e"), employees::table().alias("m"));
    let q = select((e.col(employees::name), m.col(employees::name).label("manager")))
        .from(e.clone())
        .full_join_on(m.clone(), e.col(employees::manager_id).eq(m.col(employees::id)))
        .order_by(e.col(employees::id).asc().nulls_last())
        .order_by(m.col(employees::id));
    assert_sql_sqlite_and_postgres(
        &q,
        "SELECT e.name, m.name AS manager FROM employees AS e FULL OUTER JOIN employees AS m ON e.manager_id = m.id \
         ORDER BY e.id ASC NULLS LAST, m.id",
        "SELECT e.name, m.name AS manager FROM employees AS e FULL OUTER JOIN employees AS m ON e.manager_id = m.id \
         ORDER BY e.id ASC NULLS LAST, m.id",
        &[],
    );
    assert_unsupported(&q, &MySqlDialect::default(), "FULL OUTER JOIN");
    let none = None::<&str>;
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Ada", none],
            row!["Brian", "Ada"],
            row!["Cleo", "Ada"],
            row!["Dev", "Brian"],
            row![none, "Cleo"],
            row![none, "Dev"],
        ]
    );
}

#[test]
fn full_join_with_inferred_on() {
    let q = select((authors::name, books::title))
        .from(authors::table())
        .full_join(books::table())
        .filter(books::id.is_null().or(authors::id.eq(4)))
        .order_by(authors::id);
    assert_sql_sqlite_and_postgres(
        &q,
        "SELECT authors.name, books.title FROM authors FULL OUTER JOIN books ON books.author_id = authors.id \
         WHERE books.id IS NULL OR authors.id = ? ORDER BY authors.id",
        "SELECT authors.name, books.title FROM authors FULL OUTER JOIN books ON books.author_id = authors.id \
         WHERE books.id IS NULL OR authors.id = $1 ORDER BY authors.id",
        &[Value::Int(4)],
    );
    assert_unsupported(&q, &MySqlDialect::default(), "FULL OUTER JOIN");
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem", "Solaris"], row!["Nobody Yet", None::<&str>]]);
}

#[test]
fn cross_join_pairs_every_row_and_writes_no_on() {
    let q = select((authors::name, stores::name.label("store")))
        .from(authors::table())
        .cross_join(stores::table())
        .filter(authors::id.le(2))
        .order_by(authors::id)
        .order_by(stores::id);
    assert_sql!(
        q,
        all: "SELECT authors.name, stores.name AS store FROM authors CROSS JOIN stores WHERE authors.id <= ? ORDER BY authors.id, stores.id",
        params: [2]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Ursula K. Le Guin", "Downtown"],
            row!["Ursula K. Le Guin", "Airport"],
            row!["Ursula K. Le Guin", "Online"],
            row!["Frank Herbert", "Downtown"],
            row!["Frank Herbert", "Airport"],
            row!["Frank Herbert", "Online"],
        ]
    );
}

#[test]
fn cross_join_of_tables_linked_by_a_foreign_key_still_has_no_on() {
    let q = select([func::count_star()]).from(authors::table()).cross_join(books::table());
    assert_sql!(q, all: "SELECT COUNT(*) FROM authors CROSS JOIN books", params: []);
    assert_eq!(rows_on_every_engine(&q), vec![row![40]]);
}

#[test]
fn join_without_on_between_unrelated_tables_is_a_join_condition_error() {
    let q = select((authors::name, stores::name)).from(authors::table()).join(stores::table());
    for (name, dialect) in dialects() {
        let err = q.compile(dialect.as_ref()).expect_err("no foreign key links authors and stores");
        assert!(matches!(err, Error::JoinCondition { .. }), "{name}: got {err:?}");
        if let Error::JoinCondition(e) = &err {
            let JoinCondition { left, right, reason } = &**e;
            assert!(left.contains("authors"), "{name}: left side named: {left}");
            assert_eq!(right, "stores", "{name}");
            assert!(reason.contains("no foreign key"), "{name}: {reason}");
        }
        let message = err.to_string();
        assert!(message.contains("authors") && message.contains("stores"), "{name}: {message}");
    }
}

#[test]
fn left_join_without_on_between_unrelated_tables_is_a_join_condition_error() {
    let q = select((stores::name, employees::name)).from(stores::table()).left_join(employees::table());
    let err = q.compile(&SqliteDialect::default()).expect_err("no foreign key links stores and employees");
    assert!(matches!(err, Error::JoinCondition { .. }), "got {err:?}");
    let message = err.to_string();
    assert!(message.contains("`stores`") && message.contains("`employees`"), "{message}");
}

#[test]
fn self_join_without_on_is_ambiguous_between_several_foreign_keys() {
    let (e, m) = (employees::table().alias("e"), employees::table().alias("m"));
    let q = select((e.col(employees::name), m.col(employees::name))).from(e.clone()).join(m.clone());
    for (name, dialect) in dialects() {
        let err = q.compile(dialect.as_ref()).expect_err("the self-reference is seen from both sides");
        assert!(matches!(err, Error::JoinCondition { .. }), "{name}: got {err:?}");
        if let Error::JoinCondition(e) = &err {
            let JoinCondition { left, right, reason } = &**e;
            assert_eq!(left, "`e`", "{name}");
            assert_eq!(right, "m", "{name}");
            assert!(reason.contains("2 foreign keys"), "{name}: {reason}");
            assert!(reason.contains("manager_id"), "{name}: {reason}");
        }
    }
}

#[test]
fn unaliased_self_join_without_on_is_ambiguous() {
    let q = select([employees::name]).from(employees::table()).join(employees::table());
    let err = q.compile(&PostgresDialect::default()).expect_err("ambiguous self-join");
    assert!(matches!(err, Error::JoinCondition { .. }), "got {err:?}");
    assert!(err.to_string().contains("foreign keys could link them"), "{err}");
}

// ----- WHERE, GROUP BY, HAVING, ORDER BY --------------------------------------------------------

#[test]
fn repeated_filters_are_anded() {
    let q = select([books::title]).filter(books::year.gt(1960)).filter(books::price_cents.lt(1000)).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE year > ? AND price_cents < ? ORDER BY id",
        params: [1960, 1000]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["A Wizard of Earthsea"], row!["The Left Hand of Darkness"]]);
}

#[test]
fn filter_anded_onto_an_or_keeps_the_or_together() {
    let q = select([books::id])
        .filter(books::author_id.eq(2).or(books::author_id.eq(4)))
        .filter(books::year.is_not_null())
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE (author_id = ? OR author_id = ?) AND year IS NOT NULL ORDER BY id",
        params: [2, 4]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4], row![7]]);
}

#[test]
fn group_by_counts_and_sums_per_author() {
    let q = select((books::author_id, func::count_star().label("n"), func::sum(books::price_cents).label("total")))
        .group_by([books::author_id])
        .order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT author_id, COUNT(*) AS n, SUM(price_cents) AS total FROM books GROUP BY author_id ORDER BY author_id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 3, 2997], row![2, 2, 2298], row![3, 2, 1699], row![4, 1, 1050]]);
}

#[test]
fn having_filters_groups() {
    let q = select((books::author_id, func::max(books::price_cents).label("top")))
        .filter(books::year.gt(1900))
        .group_by([books::author_id])
        .having(func::max(books::price_cents).ge(1100))
        .order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT author_id, MAX(price_cents) AS top FROM books WHERE year > ? \
              GROUP BY author_id HAVING MAX(price_cents) >= ? ORDER BY author_id",
        params: [1900, 1100]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2, 1299], row![3, 1199]]);
}

#[test]
fn order_by_descending_then_ascending() {
    let q = select((books::title, books::price_cents))
        .order_by(books::price_cents.desc())
        .order_by(books::title.asc())
        .limit(4);
    assert_sql!(q, all: "SELECT title, price_cents FROM books ORDER BY price_cents DESC, title ASC LIMIT ?", params: [4]);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Dune", 1299], row!["Consider Phlebas", 1199], row!["The Dispossessed", 1099], row!["Solaris", 1050],]
    );
}

#[test]
fn order_by_label_sorts_by_the_alias() {
    let total = func::sum(books::price_cents).label("total");
    let q = select((books::author_id, total.clone())).group_by([books::author_id]).order_by(total.desc());
    assert_sql!(
        q,
        all: "SELECT author_id, SUM(price_cents) AS total FROM books GROUP BY author_id ORDER BY total DESC",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 2997], row![2, 2298], row![3, 1699], row![4, 1050]]);
}

#[test]
fn ascending_nulls_first_is_native_and_omitted_on_mysql() {
    // NULLs sort lowest on MySQL: ascending order already puts them first.
    let q = select((books::title, books::year)).order_by(books::year.asc().nulls_first()).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT title, year FROM books ORDER BY year ASC NULLS FIRST, id",
        postgres: "SELECT title, year FROM books ORDER BY year ASC NULLS FIRST, id",
        mysql: "SELECT title, year FROM books ORDER BY year ASC, id",
        params: []
    );
    let none = None::<i64>;
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Children of Dune", none],
            row!["100% Pure_Fiction", none],
            row!["Solaris", 1961],
            row!["Dune", 1965],
            row!["A Wizard of Earthsea", 1968],
            row!["The Left Hand of Darkness", 1969],
            row!["The Dispossessed", 1974],
            row!["Consider Phlebas", 1987],
        ]
    );
}

#[test]
fn ascending_nulls_last_is_native_and_emulated_on_mysql() {
    let q = select((books::title, books::year)).order_by(books::year.asc().nulls_last()).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT title, year FROM books ORDER BY year ASC NULLS LAST, id",
        postgres: "SELECT title, year FROM books ORDER BY year ASC NULLS LAST, id",
        mysql: "SELECT title, year FROM books ORDER BY year IS NULL, year ASC, id",
        params: []
    );
    let none = None::<i64>;
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Solaris", 1961],
            row!["Dune", 1965],
            row!["A Wizard of Earthsea", 1968],
            row!["The Left Hand of Darkness", 1969],
            row!["The Dispossessed", 1974],
            row!["Consider Phlebas", 1987],
            row!["Children of Dune", none],
            row!["100% Pure_Fiction", none],
        ]
    );
}

#[test]
fn descending_nulls_first_is_native_and_emulated_on_mysql() {
    let q = select((books::title, books::year)).order_by(books::year.desc().nulls_first()).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT title, year FROM books ORDER BY year DESC NULLS FIRST, id",
        postgres: "SELECT title, year FROM books ORDER BY year DESC NULLS FIRST, id",
        mysql: "SELECT title, year FROM books ORDER BY year IS NULL DESC, year DESC, id",
        params: []
    );
    let none = None::<i64>;
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Children of Dune", none],
            row!["100% Pure_Fiction", none],
            row!["Consider Phlebas", 1987],
            row!["The Dispossessed", 1974],
            row!["The Left Hand of Darkness", 1969],
            row!["A Wizard of Earthsea", 1968],
            row!["Dune", 1965],
            row!["Solaris", 1961],
        ]
    );
}

#[test]
fn descending_nulls_last_is_native_and_omitted_on_mysql() {
    // NULLs sort lowest on MySQL: descending order already puts them last.
    let q = select((books::title, books::year)).order_by(books::year.desc().nulls_last()).order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT title, year FROM books ORDER BY year DESC NULLS LAST, id",
        postgres: "SELECT title, year FROM books ORDER BY year DESC NULLS LAST, id",
        mysql: "SELECT title, year FROM books ORDER BY year DESC, id",
        params: []
    );
    let none = None::<i64>;
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Consider Phlebas", 1987],
            row!["The Dispossessed", 1974],
            row!["The Left Hand of Darkness", 1969],
            row!["A Wizard of Earthsea", 1968],
            row!["Dune", 1965],
            row!["Solaris", 1961],
            row!["Children of Dune", none],
            row!["100% Pure_Fiction", none],
        ]
    );
}

#[test]
fn nulls_last_of_a_labelled_expression_emulates_on_the_expression() {
    let first = func::min(books::year).label("first_year");
    let q = select((books::author_id, first.clone()))
        .group_by([books::author_id])
        .order_by(first.asc().nulls_last())
        .order_by(books::author_id);
    assert_sql!(
        q,
        sqlite: "SELECT author_id, MIN(year) AS first_year FROM books GROUP BY author_id ORDER BY first_year ASC NULLS LAST, author_id",
        postgres: "SELECT author_id, MIN(year) AS first_year FROM books GROUP BY author_id ORDER BY first_year ASC NULLS LAST, author_id",
        mysql: "SELECT author_id, MIN(year) AS first_year FROM books GROUP BY author_id ORDER BY MIN(year) IS NULL, first_year ASC, author_id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4, 1961], row![2, 1965], row![1, 1968], row![3, 1987]]);
}

#[test]
fn nulls_ordering_is_emulated_before_sqlite_3_30() {
    let q = select([books::id]).order_by(books::year.asc().nulls_last());
    let compiled = q.compile(&SqliteDialect::with_version(3, 29, 0)).expect("emulated on old SQLite");
    assert_eq!(compiled.sql, "SELECT id FROM books ORDER BY year IS NULL, year ASC");
    let mut conn = sqlite();
    let rows = conn.query_compiled(&compiled).expect("the emulation runs");
    let ids: Vec<Vec<Value>> = rows.into_iter().map(Row::into_values).collect();
    assert_eq!(ids, vec![row![7], row![4], row![1], row![3], row![2], row![6], row![5], row![8]]);
}

// ----- LIMIT, OFFSET, DISTINCT -----------------------------------------------------------

#[test]
fn limit_takes_the_first_rows() {
    let q = select([books::id]).order_by(books::id).limit(3);
    assert_sql!(q, all: "SELECT id FROM books ORDER BY id LIMIT ?", params: [3]);
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3]]);
}

#[test]
fn offset_alone_skips_rows_with_each_dialects_spelling() {
    let q = select([books::id]).order_by(books::id).offset(6);
    assert_sql!(
        q,
        sqlite: "SELECT id FROM books ORDER BY id LIMIT -1 OFFSET ?",
        postgres: "SELECT id FROM books ORDER BY id OFFSET $1",
        mysql: "SELECT id FROM books ORDER BY id LIMIT 18446744073709551615 OFFSET ?",
        params: [6]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![7], row![8]]);
}

#[test]
fn limit_with_offset_pages_through_rows() {
    let q = select([books::id]).order_by(books::id).limit(3).offset(2);
    assert_sql!(q, all: "SELECT id FROM books ORDER BY id LIMIT ? OFFSET ?", params: [3, 2]);
    assert_eq!(rows_on_every_engine(&q), vec![row![3], row![4], row![5]]);
}

#[test]
fn offset_past_the_end_returns_no_rows() {
    let q = select([books::id]).order_by(books::id).limit(5).offset(8);
    assert_sql!(q, all: "SELECT id FROM books ORDER BY id LIMIT ? OFFSET ?", params: [5, 8]);
    assert_eq!(rows_on_every_engine(&q), Vec::<Vec<Value>>::new());
}

#[test]
fn distinct_removes_duplicate_rows() {
    // Where NULL sorts by default differs between engines (first on SQLite and MySQL, last on
    // PostgreSQL): the test says where it wants it.
    let q = select([authors::country]).distinct().order_by(authors::country.asc().nulls_first());
    assert_sql!(
        q,
        sqlite: "SELECT DISTINCT country FROM authors ORDER BY country ASC NULLS FIRST",
        postgres: "SELECT DISTINCT country FROM authors ORDER BY country ASC NULLS FIRST",
        mysql: "SELECT DISTINCT country FROM authors ORDER BY country ASC",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![None::<&str>], row!["GB"], row!["PL"], row!["US"]]);
}

#[test]
fn distinct_over_a_join_lists_each_store_once() {
    let q = select([stores::name])
        .distinct()
        .from(books::table())
        .join(book_to_store_map::table())
        .join(stores::table())
        .filter(books::author_id.eq(1))
        .order_by(stores::name);
    assert_sql!(
        q,
        all: "SELECT DISTINCT stores.name FROM books \
              INNER JOIN book_to_store_map ON book_to_store_map.book_id = books.id \
              INNER JOIN stores ON stores.id = book_to_store_map.store_id \
              WHERE books.author_id = ? ORDER BY stores.name",
        params: [1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Downtown"], row!["Online"]]);
}

// ----- errors ------------------------------------------------------------------------------

#[test]
fn unknown_column_lookup_names_the_column_and_the_table() {
    let err = authors::table().c("nope").expect_err("authors has no column nope");
    assert!(matches!(&err, Error::UnknownColumn(e) if e.table == "authors" && e.column == "nope"), "got {err:?}");
    let message = err.to_string();
    assert!(message.contains("authors") && message.contains("nope"), "{message}");
}

#[test]
fn unknown_column_lookup_through_an_alias_names_the_table() {
    let err = books::table().alias("b").c("author").expect_err("books has author_id, not author");
    assert!(matches!(&err, Error::UnknownColumn(e) if e.table == "books" && e.column == "author"), "got {err:?}");
}

#[test]
fn select_without_columns_is_an_invalid_statement() {
    let q = select(Vec::<Expr>::new()).from(authors::table());
    for (name, dialect) in dialects() {
        let err = q.compile(dialect.as_ref()).expect_err("a SELECT needs a column");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
    let mut conn = sqlite();
    let err = conn.all(&q).expect_err("nothing is sent to the engine");
    assert!(matches!(err, Error::InvalidStatement(_)), "got {err:?}");
}

// ----- a report ----------------------------------------------------------------------------

#[test]
fn report_of_authors_with_more_than_one_book_by_count() {
    let n_books = func::count(books::id).label("n_books");
    let q = select((authors::name, n_books.clone()))
        .from(authors::table())
        .join(books::table())
        .group_by([authors::id, authors::name])
        .having(func::count(books::id).gt(1))
        .order_by(n_books.desc())
        .order_by(authors::name);
    assert_sql!(
        q,
        all: "SELECT authors.name, COUNT(books.id) AS n_books FROM authors \
              INNER JOIN books ON books.author_id = authors.id \
              GROUP BY authors.id, authors.name HAVING COUNT(books.id) > ? \
              ORDER BY n_books DESC, authors.name",
        params: [1]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ursula K. Le Guin", 3], row!["Frank Herbert", 2], row!["Iain Banks", 2]]
    );
}

#[test]
fn report_of_stock_value_per_store() {
    let value = func::sum(books::price_cents).label("value");
    let q = select((stores::name, func::count(books::id).label("titles"), value.clone()))
        .from(stores::table())
        .left_join(book_to_store_map::table())
        .left_join(books::table())
        .group_by([stores::id, stores::name])
        .order_by(value.desc().nulls_last())
        .order_by(stores::name);
    assert_sql!(
        q,
        sqlite: "SELECT stores.name, COUNT(books.id) AS titles, SUM(books.price_cents) AS value FROM stores \
                 LEFT OUTER JOIN book_to_store_map ON book_to_store_map.store_id = stores.id \
                 LEFT OUTER JOIN books ON books.id = book_to_store_map.book_id \
                 GROUP BY stores.id, stores.name ORDER BY value DESC NULLS LAST, stores.name",
        postgres: "SELECT stores.name, COUNT(books.id) AS titles, SUM(books.price_cents) AS value FROM stores \
                   LEFT OUTER JOIN book_to_store_map ON book_to_store_map.store_id = stores.id \
                   LEFT OUTER JOIN books ON books.id = book_to_store_map.book_id \
                   GROUP BY stores.id, stores.name ORDER BY value DESC NULLS LAST, stores.name",
        mysql: "SELECT stores.name, COUNT(books.id) AS titles, SUM(books.price_cents) AS value FROM stores \
                LEFT OUTER JOIN book_to_store_map ON book_to_store_map.store_id = stores.id \
                LEFT OUTER JOIN books ON books.id = book_to_store_map.book_id \
                GROUP BY stores.id, stores.name ORDER BY value DESC, stores.name",
        params: []
    );
    // Online: Earthsea 899 + Dune 1299 + Consider Phlebas 1199; Downtown: 899 + 1099 + 1050.
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Online", 3, 3397], row!["Downtown", 3, 3048], row!["Airport", 1, 1299]]
    );
}
