#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

/// Asserts the SQL and parameters on PostgreSQL and MySQL 8, for constructs that SQLite (and
/// MariaDB) cannot express; the tests check their `Unsupported` errors separately.
fn assert_sql_postgres_and_mysql(stmt: &dyn Compile, postgres: &str, mysql: &str, params: &[Value]) {
    let pg = stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(pg.sql, postgres, "postgres: SQL differs");
    assert_eq!(pg.params, params, "postgres: parameters differ");
    let my = stmt.compile(&MySqlDialect::default()).expect("compiles for MySQL 8");
    assert_eq!(my.sql, mysql, "mysql: SQL differs");
    assert_eq!(my.params, params, "mysql: parameters differ");
}

// ----- scalar subqueries ---------------------------------------------------------------------

#[test]
fn scalar_subquery_in_the_select_list_counts_books_per_author() {
    let n = select([func::count(books::id)]).filter(books::author_id.eq(authors::id)).scalar();
    let q = select((authors::name, n.label("n"))).order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name, (SELECT COUNT(id) FROM books WHERE author_id = authors.id) AS n FROM authors ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Ursula K. Le Guin", 3],
            row!["Frank Herbert", 2],
            row!["Iain Banks", 2],
            row!["Stanisław Lem", 1],
            row!["Nobody Yet", 0],
        ]
    );
}

#[test]
fn auto_correlation_leaves_the_outer_table_out_of_an_inferred_from() {
    // The inner select list names `authors` as well as `books`: `authors` is the outer query's,
    // so the inner FROM is `books` alone and `authors.name` is the outer row's.
    let label = select([authors::name.concat(": ").concat(func::count(books::id))])
        .filter(books::author_id.eq(authors::id))
        .scalar();
    let q = select((authors::id, label.label("label"))).order_by(authors::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, (SELECT authors.name || ? || COUNT(id) FROM books WHERE author_id = authors.id) AS label \
                 FROM authors ORDER BY id",
        postgres: "SELECT id, (SELECT authors.name || $1 || COUNT(id) FROM books WHERE author_id = authors.id) AS label \
                   FROM authors ORDER BY id",
        mysql: "SELECT id, (SELECT CONCAT(authors.name, ?, COUNT(id)) FROM books WHERE author_id = authors.id) AS label \
                FROM authors ORDER BY id",
        params: [": "]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, "Ursula K. Le Guin: 3"],
            row![2, "Frank Herbert: 2"],
            row![3, "Iain Banks: 2"],
            row![4, "Stanisław Lem: 1"],
            row![5, "Nobody Yet: 0"],
        ]
    );
}

#[test]
fn auto_correlation_recognises_an_outer_alias() {
    let a = authors::table().alias("a");
    let label = select([a.col(authors::name).concat(": ").concat(func::count(books::id))])
        .filter(books::author_id.eq(a.col(authors::id)))
        .scalar();
    let q = select([label.label("label")])
        .from(a.clone())
        .filter(a.col(authors::country).eq("US"))
        .order_by(a.col(authors::id));
    assert_sql!(
        q,
        sqlite: "SELECT (SELECT a.name || ? || COUNT(id) FROM books WHERE author_id = a.id) AS label \
                 FROM authors AS a WHERE a.country = ? ORDER BY a.id",
        postgres: "SELECT (SELECT a.name || $1 || COUNT(id) FROM books WHERE author_id = a.id) AS label \
                   FROM authors AS a WHERE a.country = $2 ORDER BY a.id",
        mysql: "SELECT (SELECT CONCAT(a.name, ?, COUNT(id)) FROM books WHERE author_id = a.id) AS label \
                FROM authors AS a WHERE a.country = ? ORDER BY a.id",
        params: [": ", "US"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Ursula K. Le Guin: 3"], row!["Frank Herbert: 2"]]);
}

#[test]
fn scalar_subquery_in_where_compares_with_the_average_price() {
    let average = select([func::avg(books::price_cents)]).from(books::table()).scalar();
    let q = select([books::title]).filter(books::price_cents.gt(average)).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE price_cents > (SELECT AVG(price_cents) FROM books) ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["The Dispossessed"], row!["Dune"], row!["Consider Phlebas"], row!["Solaris"]]
    );
}

#[test]
fn subquery_reading_only_the_outer_table_keeps_it_in_its_inferred_from() {
    // As in SQLAlchemy, auto-correlation never takes away a subquery's only FROM table: the
    // average is over all books, not over the outer row (which would be an aggregate in WHERE).
    let average = select([func::avg(books::price_cents)]).scalar();
    let q = select([books::title]).filter(books::price_cents.gt(average)).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE price_cents > (SELECT AVG(price_cents) FROM books) ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["The Dispossessed"], row!["Dune"], row!["Consider Phlebas"], row!["Solaris"]]
    );
}

#[test]
fn subquery_correlated_through_an_alias_of_the_same_table() {
    // Books priced above the average of their own author's books.
    let b2 = books::table().alias("b2");
    let author_average =
        select([func::avg(b2.col(books::price_cents))]).filter(b2.col(books::author_id).eq(books::author_id)).scalar();
    let q = select([books::title]).filter(books::price_cents.gt(author_average)).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE price_cents > \
              (SELECT AVG(b2.price_cents) FROM books AS b2 WHERE b2.author_id = books.author_id) ORDER BY id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["The Dispossessed"], row!["Dune"], row!["Consider Phlebas"]]);
}

#[test]
fn scalar_subquery_as_an_arithmetic_operand_and_a_sort_key() {
    let count = || select([func::count(books::id)]).filter(books::author_id.eq(authors::id)).scalar();
    let q = select((authors::name, count().mul(10).label("x"))).order_by(count().desc()).order_by(authors::id).limit(3);
    assert_sql!(
        q,
        all: "SELECT name, (SELECT COUNT(id) FROM books WHERE author_id = authors.id) * ? AS x FROM authors \
              ORDER BY (SELECT COUNT(id) FROM books WHERE author_id = authors.id) DESC, id LIMIT ?",
        params: [10, 3]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ursula K. Le Guin", 30], row!["Frank Herbert", 20], row!["Iain Banks", 20]]
    );
}

// ----- correlation control -------------------------------------------------------------------

#[test]
fn correlate_none_makes_the_subquery_take_its_own_from() {
    // The inner select list names `authors` and `books`. Auto-correlated, `authors` is the
    // outer row: "has this author a book before 1962?". With correlate_none() the subquery
    // reads both tables itself: "has any author a book before 1962?".
    let inner =
        || select((authors::id, books::id)).filter(books::author_id.eq(authors::id)).filter(books::year.lt(1962));
    let auto = select((authors::name, exists(inner()).label("early"))).order_by(authors::id);
    assert_sql!(
        auto,
        all: "SELECT name, EXISTS (SELECT authors.id, id FROM books WHERE author_id = authors.id AND year < ?) AS early \
              FROM authors ORDER BY id",
        params: [1962]
    );
    assert_eq!(
        rows_on_every_engine(&auto),
        vec![
            row!["Ursula K. Le Guin", 0],
            row!["Frank Herbert", 0],
            row!["Iain Banks", 0],
            row!["Stanisław Lem", 1],
            row!["Nobody Yet", 0],
        ]
    );

    let own = select((authors::name, exists(inner().correlate_none()).label("early"))).order_by(authors::id);
    assert_sql!(
        own,
        all: "SELECT name, EXISTS (SELECT authors.id, books.id FROM authors, books WHERE books.author_id = authors.id \
              AND books.year < ?) AS early FROM authors ORDER BY id",
        params: [1962]
    );
    assert_eq!(
        rows_on_every_engine(&own),
        vec![
            row!["Ursula K. Le Guin", 1],
            row!["Frank Herbert", 1],
            row!["Iain Banks", 1],
            row!["Stanisław Lem", 1],
            row!["Nobody Yet", 1],
        ]
    );
}

#[test]
fn correlate_names_the_tables_that_refer_to_the_outer_query() {
    // The outer query reads books and authors; the subquery correlates only `authors`, and
    // reads `books` itself: each book's author with the number of that author's books.
    let label = select([authors::name.concat(": ").concat(func::count(books::id))])
        .filter(books::author_id.eq(authors::id))
        .correlate(["authors"])
        .scalar();
    let q = select((books::title, label.label("author")))
        .from(books::table())
        .join(authors::table())
        .filter(books::year.lt(1966))
        .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT books.title, (SELECT authors.name || ? || COUNT(id) FROM books WHERE author_id = authors.id) AS author \
                 FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.year < ? ORDER BY books.id",
        postgres: "SELECT books.title, (SELECT authors.name || $1 || COUNT(id) FROM books WHERE author_id = authors.id) AS author \
                   FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.year < $2 ORDER BY books.id",
        mysql: "SELECT books.title, (SELECT CONCAT(authors.name, ?, COUNT(id)) FROM books WHERE author_id = authors.id) AS author \
                FROM books INNER JOIN authors ON authors.id = books.author_id WHERE books.year < ? ORDER BY books.id",
        params: [": ", 1966]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune", "Frank Herbert: 2"], row!["Solaris", "Stanisław Lem: 1"]]);
}

// ----- IN, NOT IN, EXISTS, NOT EXISTS --------------------------------------------------------

#[test]
fn in_subquery_selects_authors_with_a_book_before_1970() {
    let q = select([authors::name])
        .filter(authors::id.in_query(select([books::author_id]).filter(books::year.lt(1970))))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE id IN (SELECT author_id FROM books WHERE year < ?) ORDER BY id",
        params: [1970]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Ursula K. Le Guin"], row!["Frank Herbert"], row!["Stanisław Lem"]]);
}

#[test]
fn not_in_subquery_selects_the_other_authors() {
    let q = select([authors::name])
        .filter(authors::id.not_in_query(select([books::author_id]).filter(books::year.lt(1970))))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE id NOT IN (SELECT author_id FROM books WHERE year < ?) ORDER BY id",
        params: [1970]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Iain Banks"], row!["Nobody Yet"]]);
}

#[test]
fn exists_selects_authors_with_books() {
    let q = select([authors::name])
        .filter(exists(select([lit(1)]).from(books::table()).filter(books::author_id.eq(authors::id))))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE EXISTS (SELECT 1 FROM books WHERE author_id = authors.id) ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ursula K. Le Guin"], row!["Frank Herbert"], row!["Iain Banks"], row!["Stanisław Lem"]]
    );
}

#[test]
fn not_exists_selects_authors_without_books() {
    let q = select([authors::name])
        .filter(not_exists(select([books::id]).filter(books::author_id.eq(authors::id))))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE NOT EXISTS (SELECT id FROM books WHERE author_id = authors.id) ORDER BY id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Nobody Yet"]]);
}

#[test]
fn exists_in_the_select_list_is_a_boolean_column() {
    let undated = exists(select([books::id]).filter(books::author_id.eq(authors::id)).filter(books::year.is_null()));
    let q = select((authors::name, undated.label("has_undated"))).order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name, EXISTS (SELECT id FROM books WHERE author_id = authors.id AND year IS NULL) AS has_undated \
              FROM authors ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Ursula K. Le Guin", 0],
            row!["Frank Herbert", 1],
            row!["Iain Banks", 1],
            row!["Stanisław Lem", 0],
            row!["Nobody Yet", 0],
        ]
    );
}

// ----- derived tables ------------------------------------------------------------------------

#[test]
fn derived_table_in_from_has_addressable_columns() -> Result<()> {
    let d = select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
    let q = select((authors::name, d.c("n")?))
        .from(authors::table())
        .join_on(d.clone(), d.c("author_id")?.eq(authors::id))
        .order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT authors.name, d.n FROM authors INNER JOIN \
              (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id) AS d ON d.author_id = authors.id \
              ORDER BY authors.id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ursula K. Le Guin", 3], row!["Frank Herbert", 2], row!["Iain Banks", 2], row!["Stanisław Lem", 1]]
    );
    Ok(())
}

#[test]
fn derived_table_alone_in_from() -> Result<()> {
    let d = select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
    let q = select((d.c("author_id")?, d.c("n")?)).from(d.clone()).filter(d.c("n")?.ge(2)).order_by(d.c("author_id")?);
    assert_sql!(
        q,
        all: "SELECT d.author_id, d.n FROM (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id) AS d \
              WHERE d.n >= ? ORDER BY d.author_id",
        params: [2]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 3], row![2, 2], row![3, 2]]);
    Ok(())
}

#[test]
fn selecting_columns_of_a_derived_table_infers_it_as_the_from() -> Result<()> {
    // As with tables and aliases, the FROM is inferred from the selected columns: here the
    // derived table itself, not a table named `d`.
    let d = select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
    let q = select((d.c("author_id")?, d.c("n")?)).filter(d.c("n")?.ge(2)).order_by(d.c("author_id")?);
    assert_sql!(
        q,
        all: "SELECT d.author_id, d.n FROM (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id) AS d \
              WHERE d.n >= ? ORDER BY d.author_id",
        params: [2]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 3], row![2, 2], row![3, 2]]);
    Ok(())
}

#[test]
fn unlabelled_column_of_a_derived_table_is_addressable_by_its_generated_name() -> Result<()> {
    // The derived table names its unlabelled second column `column2`; the SQL must give the
    // column that name, or `e.column2` names nothing on any engine.
    let e = select((books::author_id, func::max(books::price_cents))).group_by([books::author_id]).alias("e");
    let q = select((e.c("author_id")?, e.c("column2")?)).from(e.clone()).order_by(e.c("author_id")?);
    assert_sql!(
        q,
        all: "SELECT e.author_id, e.column2 FROM \
              (SELECT author_id, MAX(price_cents) AS column2 FROM books GROUP BY author_id) AS e ORDER BY e.author_id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 1099], row![2, 1299], row![3, 1199], row![4, 1050]]);
    Ok(())
}

#[test]
fn derived_table_star_selects_every_column() -> Result<()> {
    let d = select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
    let q = select([d.star()]).from(d.clone()).filter(d.c("n")?.lt(3)).order_by(d.c("author_id")?);
    assert_sql!(
        q,
        all: "SELECT d.* FROM (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id) AS d WHERE d.n < ? \
              ORDER BY d.author_id",
        params: [3]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2, 2], row![3, 2], row![4, 1]]);
    Ok(())
}

#[test]
fn derived_table_over_a_table_star_exposes_the_tables_columns() -> Result<()> {
    // `books.*` brings every column of books into the derived table: `e.title` is one.
    let e = select([books::table().star()]).filter(books::id.lt(3)).alias("e");
    let q = select([e.c("title")?]).from(e.clone()).order_by(e.c("id")?);
    assert_sql!(
        q,
        all: "SELECT e.title FROM (SELECT books.* FROM books WHERE id < ?) AS e ORDER BY e.id",
        params: [3]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["A Wizard of Earthsea"], row!["The Dispossessed"]]);
    Ok(())
}

#[test]
fn subquery_correlated_with_a_derived_table_of_the_outer_query() -> Result<()> {
    let d = select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
    let dearest = select([func::max(books::price_cents)]).filter(books::author_id.eq(d.c("author_id")?)).scalar();
    let q = select((d.c("author_id")?, dearest.label("dearest"))).from(d.clone()).order_by(d.c("author_id")?);
    assert_sql!(
        q,
        all: "SELECT d.author_id, (SELECT MAX(price_cents) FROM books WHERE author_id = d.author_id) AS dearest \
              FROM (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id) AS d ORDER BY d.author_id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 1099], row![2, 1299], row![3, 1199], row![4, 1050]]);
    Ok(())
}

#[test]
fn derived_table_is_not_correlated_with_the_query_around_it() -> Result<()> {
    // A derived table (not LATERAL) cannot see the FROM items beside it: it reads `authors`
    // itself even though the outer query reads `authors` too.
    let x = select((books::author_id, authors::name)).filter(books::author_id.eq(authors::id)).alias("x");
    let q = select([x.c("name")?])
        .from(authors::table())
        .join_on(x.clone(), x.c("author_id")?.eq(authors::id))
        .filter(authors::country.eq("PL"));
    assert_sql!(
        q,
        all: "SELECT x.name FROM authors INNER JOIN \
              (SELECT books.author_id, authors.name FROM books, authors WHERE books.author_id = authors.id) AS x \
              ON x.author_id = authors.id WHERE authors.country = ?",
        params: ["PL"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem"]]);
    Ok(())
}

#[test]
fn lateral_derived_table_sees_the_tables_before_it() -> Result<()> {
    // Each author's most expensive book.
    let top = select([books::title])
        .filter(books::author_id.eq(authors::id))
        .order_by(books::price_cents.desc())
        .limit(1)
        .alias("top")
        .lateral();
    let q = select((authors::name, top.c("title")?))
        .from(authors::table())
        .join_on(top.clone(), lit(true))
        .order_by(authors::id);
    assert_sql_postgres_and_mysql(
        &q,
        "SELECT authors.name, top.title FROM authors INNER JOIN LATERAL \
         (SELECT title FROM books WHERE author_id = authors.id ORDER BY price_cents DESC LIMIT $1) AS top ON TRUE \
         ORDER BY authors.id",
        "SELECT authors.name, top.title FROM authors INNER JOIN LATERAL \
         (SELECT title FROM books WHERE author_id = authors.id ORDER BY price_cents DESC LIMIT ?) AS top ON TRUE \
         ORDER BY authors.id",
        &[Value::Int(1)],
    );
    assert_unsupported(&q, &SqliteDialect::default(), "LATERAL");
    assert_unsupported(&q, &MySqlDialect::mariadb(), "LATERAL");
    // Runs on PostgreSQL (SQLite and MariaDB are left out as unsupported).
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row!["Ursula K. Le Guin", "The Dispossessed"],
            row!["Frank Herbert", "Dune"],
            row!["Iain Banks", "Consider Phlebas"],
            row!["Stanisław Lem", "Solaris"],
        ]
    );
    Ok(())
}

// ----- row values ----------------------------------------------------------------------------

#[test]
fn row_value_equals_a_row_value() {
    let q = select([books::title]).filter(tuple((books::author_id, books::year)).eq(tuple((1, 1974))));
    assert_sql!(q, all: "SELECT title FROM books WHERE (author_id, year) = (?, ?)", params: [1, 1974]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["The Dispossessed"]]);
}

#[test]
fn row_value_in_a_list_of_row_values() {
    let q = select([books::title])
        .filter(tuple((books::author_id, books::year)).in_list([tuple((1, 1974)), tuple((2, 1965)), tuple((3, 1965))]))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE (author_id, year) IN ((?, ?), (?, ?), (?, ?)) ORDER BY id",
        params: [1, 1974, 2, 1965, 3, 1965]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["The Dispossessed"], row!["Dune"]]);
}

#[test]
fn row_value_in_a_subquery_finds_each_authors_dearest_book() {
    let b2 = books::table().alias("b2");
    let dearest =
        select((b2.col(books::author_id), func::max(b2.col(books::price_cents)))).group_by([b2.col(books::author_id)]);
    let q = select([books::title])
        .filter(tuple((books::author_id, books::price_cents)).in_query(dearest))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE (author_id, price_cents) IN \
              (SELECT b2.author_id, MAX(b2.price_cents) FROM books AS b2 GROUP BY b2.author_id) ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["The Dispossessed"], row!["Dune"], row!["Consider Phlebas"], row!["Solaris"]]
    );
}

#[test]
fn row_value_in_a_subquery_over_the_outer_table_keeps_its_own_from() {
    // The same query without an alias: the subquery reads only `books`, which the outer query
    // reads too; auto-correlation must not take its FROM away (MariaDB would then return
    // every book, and SQLite and PostgreSQL refuse the aggregate).
    let dearest = select((books::author_id, func::max(books::price_cents))).group_by([books::author_id]);
    let q = select([books::title])
        .filter(tuple((books::author_id, books::price_cents)).in_query(dearest))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE (author_id, price_cents) IN \
              (SELECT author_id, MAX(price_cents) FROM books GROUP BY author_id) ORDER BY id",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["The Dispossessed"], row!["Dune"], row!["Consider Phlebas"], row!["Solaris"]]
    );
}

// ----- analytics written with the API alone --------------------------------------------------

#[test]
fn analytics_store_listings_per_author_with_case_inside_sum() {
    // Per author: store listings of their books, how many of those are Downtown, the summed
    // price of the listings; only authors whose listings are worth more than the average dated
    // book; the two with most listings.
    let downtown = func::sum(case().when(stores::name.eq("Downtown"), 1).otherwise(0)).label("downtown");
    let dated_average = select([func::avg(books::price_cents)]).from(books::table()).filter(books::year.is_not_null());
    let q = select((
        authors::name,
        func::count_star().label("listings"),
        downtown,
        func::sum(books::price_cents).label("shelf_value"),
    ))
    .from(authors::table())
    .join(books::table())
    .join(book_to_store_map::table())
    .join(stores::table())
    .group_by([authors::id, authors::name])
    .having(func::sum(books::price_cents).gt(dated_average.scalar()))
    .order_by(func::count_star().label("listings").desc())
    .order_by(authors::name)
    .limit(2);
    let from = "FROM authors INNER JOIN books ON books.author_id = authors.id \
                INNER JOIN book_to_store_map ON book_to_store_map.book_id = books.id \
                INNER JOIN stores ON stores.id = book_to_store_map.store_id \
                GROUP BY authors.id, authors.name \
                HAVING SUM(books.price_cents) > (SELECT AVG(price_cents) FROM books WHERE year IS NOT NULL) \
                ORDER BY listings DESC, authors.name LIMIT";
    let sqlite = format!(
        "SELECT authors.name, COUNT(*) AS listings, SUM(CASE WHEN stores.name = ? THEN ? ELSE ? END) AS downtown, \
         SUM(books.price_cents) AS shelf_value {from} ?"
    );
    let postgres = format!(
        "SELECT authors.name, COUNT(*) AS listings, \
         SUM(CASE WHEN stores.name = $1 THEN $2::BIGINT ELSE $3::BIGINT END) AS downtown, \
         SUM(books.price_cents) AS shelf_value {from} $4"
    );
    assert_sql!(q, sqlite: sqlite.as_str(), postgres: postgres.as_str(), mysql: sqlite.as_str(), params: ["Downtown", 1, 0, 2]);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ursula K. Le Guin", 3, 2, 2897], row!["Frank Herbert", 2, 0, 2598]]
    );
}

#[test]
fn analytics_listed_books_with_correlated_filters_and_a_derived_table() -> Result<()> {
    // Books listed in some store (EXISTS) whose author has no book before 1962 (NOT EXISTS),
    // by an author from the US or Poland (IN), dearer than the cheapest dated book (scalar in
    // WHERE), with the author's book count (derived table) and the number of stores listing
    // the book (scalar in the select list), dearest first.
    let per_author = select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
    let b2 = books::table().alias("b2");
    let stores_listing =
        select([func::count(book_to_store_map::store_id)]).filter(book_to_store_map::book_id.eq(books::id)).scalar();
    let listed =
        exists(select([lit(1)]).from(book_to_store_map::table()).filter(book_to_store_map::book_id.eq(books::id)));
    let early_author = not_exists(
        select([b2.col(books::id)])
            .filter(b2.col(books::author_id).eq(books::author_id))
            .filter(b2.col(books::year).lt(1962)),
    );
    let from_us_or_poland =
        books::author_id.in_query(select([authors::id]).filter(authors::country.in_list(["US", "PL"])));
    let cheapest_dated =
        select([func::min(books::price_cents)]).filter(books::year.is_not_null()).correlate_none().scalar();
    let q = select((books::title, books::price_cents, per_author.c("n")?, stores_listing.label("stores")))
        .from(books::table())
        .join_on(per_author.clone(), per_author.c("author_id")?.eq(books::author_id))
        .filter(listed)
        .filter(early_author)
        .filter(from_us_or_poland)
        .filter(books::price_cents.gt(cheapest_dated))
        .order_by(books::price_cents.desc());
    assert_sql!(
        q,
        all: "SELECT books.title, books.price_cents, d.n, \
              (SELECT COUNT(store_id) FROM book_to_store_map WHERE book_id = books.id) AS stores \
              FROM books INNER JOIN (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id) AS d \
              ON d.author_id = books.author_id \
              WHERE EXISTS (SELECT 1 FROM book_to_store_map WHERE book_id = books.id) \
              AND NOT EXISTS (SELECT b2.id FROM books AS b2 WHERE b2.author_id = books.author_id AND b2.year < ?) \
              AND books.author_id IN (SELECT id FROM authors WHERE country IN (?, ?)) \
              AND books.price_cents > (SELECT MIN(price_cents) FROM books WHERE year IS NOT NULL) \
              ORDER BY books.price_cents DESC",
        params: [1962, "US", "PL"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune", 1299, 2, 2], row!["The Dispossessed", 1099, 3, 1]]);
    Ok(())
}

#[test]
fn a_subquery_after_a_deeper_one_still_sees_only_the_outer_table() {
    // The first subquery nests an EXISTS that sees `authors` and `books` as outer tables; the
    // second, compiled after that walk, must see `authors` alone as outer: it reads `books`
    // itself and takes `authors.name` from the outer row.
    let b2 = books::table().alias("b2");
    let later = exists(
        select([b2.col(books::id)])
            .filter(b2.col(books::author_id).eq(books::author_id))
            .filter(b2.col(books::id).gt(books::id)),
    );
    let not_last = select([func::count(books::id)]).filter(books::author_id.eq(authors::id)).filter(later).scalar();
    let label = select([authors::name.concat(": ").concat(func::count(books::id))])
        .filter(books::author_id.eq(authors::id))
        .scalar();
    let q = select((authors::id, not_last.label("not_last"), label.label("label"))).order_by(authors::id);
    let first = "(SELECT COUNT(id) FROM books WHERE author_id = authors.id AND EXISTS \
                 (SELECT b2.id FROM books AS b2 WHERE b2.author_id = books.author_id AND b2.id > books.id)) AS not_last";
    let rest = |concat: &str| {
        format!(
            "SELECT id, {first}, (SELECT {concat} FROM books WHERE author_id = authors.id) AS label FROM authors ORDER BY id"
        )
    };
    let (sqlite, postgres, mysql) = (
        rest("authors.name || ? || COUNT(id)"),
        rest("authors.name || $1 || COUNT(id)"),
        rest("CONCAT(authors.name, ?, COUNT(id))"),
    );
    assert_sql!(q, sqlite: sqlite.as_str(), postgres: postgres.as_str(), mysql: mysql.as_str(), params: [": "]);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, 2, "Ursula K. Le Guin: 3"],
            row![2, 1, "Frank Herbert: 2"],
            row![3, 1, "Iain Banks: 2"],
            row![4, 0, "Stanisław Lem: 1"],
            row![5, 0, "Nobody Yet: 0"],
        ]
    );
}
