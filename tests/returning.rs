#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

sqlcore::table! {
    /// Copies of books, filled by INSERT ... SELECT.
    pub book_archive {
        id: Integer => primary_key();
        title: Varchar(200) => not_null();
        price_cents: Integer;
    }
}

/// Rows as values.
type Rows = Vec<Vec<Value>>;

fn rows(conn: &mut dyn Connection, q: &dyn Compile) -> Vec<Vec<Value>> {
    conn.all(q).expect("the check query runs").into_iter().map(|r| normalize_row(r.into_values())).collect()
}

/// Rows in a fixed order, for statements whose RETURNING order no engine promises.
fn sorted(mut rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    rows.sort_by_key(|r| format!("{r:?}"));
    rows
}

fn assert_sql_sqlite_and_postgres(stmt: &dyn Compile, sqlite: &str, postgres: &str, params: &[Value]) {
    let compiled = stmt.compile(&SqliteDialect::default()).expect("compiles for SQLite");
    assert_eq!(compiled.sql, sqlite, "sqlite: SQL differs");
    assert_eq!(compiled.params, params, "sqlite: parameters differ");
    let compiled = stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(compiled.sql, postgres, "postgres: SQL differs");
    assert_eq!(compiled.params, params, "postgres: parameters differ");
}

fn assert_mariadb_sql(stmt: &dyn Compile, sql: &str, params: &[Value]) {
    let compiled = stmt.compile(&MySqlDialect::mariadb()).expect("compiles for MariaDB");
    assert_eq!(compiled.sql, sql, "mariadb: SQL differs");
    assert_eq!(compiled.params, params, "mariadb: parameters differ");
}

/// Runs `stmt` with `conn.all` on every engine whose dialect has the RETURNING form, and
/// returns (engine, returned rows normalized and sorted, rows of `check` afterwards). On the
/// engines in `unsupported_on` compiling must be `Error::Unsupported` naming `feature`.
fn returned_everywhere(
    stmt: &dyn Compile,
    unsupported_on: &[&str],
    feature: &str,
    check: &dyn Compile,
) -> Vec<(&'static str, Rows, Rows)> {
    let mut out = Vec::new();
    for (engine, mut conn) in engines() {
        if unsupported_on.contains(&engine) {
            assert_unsupported(stmt, conn.dialect(), feature);
            continue;
        }
        let returned = conn.all(stmt).unwrap_or_else(|e| panic!("{engine}: statement failed: {e}"));
        let returned = sorted(returned.into_iter().map(|r| normalize_row(r.into_values())).collect());
        out.push((engine, returned, rows(conn.as_mut(), check)));
    }
    out
}

// ----- INSERT ... RETURNING ------------------------------------------------------------------

#[test]
fn insert_returning_gives_the_generated_id() {
    let stmt = insert(stores::table()).value(stores::name, "Harbour").returning([stores::id]);
    assert_sql_sqlite_and_postgres(
        &stmt,
        "INSERT INTO stores (name) VALUES (?) RETURNING id",
        "INSERT INTO stores (name) VALUES ($1) RETURNING id",
        &["Harbour".into()],
    );
    assert_mariadb_sql(&stmt, "INSERT INTO stores (name) VALUES (?) RETURNING id", &["Harbour".into()]);
    assert_unsupported(&stmt, &MySqlDialect::default(), "INSERT ... RETURNING");
    let check = select((stores::id, stores::name)).filter(stores::id.gt(2)).order_by(stores::id);
    let outcomes = returned_everywhere(&stmt, &[], "", &check);
    assert_eq!(outcomes.iter().map(|o| o.0).collect::<Vec<_>>(), ["sqlite", "postgres", "mariadb"]);
    for (engine, returned, after) in outcomes {
        assert_eq!(returned, vec![row![4]], "{engine}: the new id");
        assert_eq!(after, vec![row![3, "Online"], row![4, "Harbour"]], "{engine}: the row is there");
    }
}

#[test]
fn insert_of_several_rows_returns_each_with_labels() {
    let stmt = insert(stores::table())
        .columns([stores::name])
        .rows([("Harbour",), ("Station",)])
        .returning((stores::id, stores::name.label("store")));
    assert_sql_sqlite_and_postgres(
        &stmt,
        "INSERT INTO stores (name) VALUES (?), (?) RETURNING id, name AS store",
        "INSERT INTO stores (name) VALUES ($1), ($2) RETURNING id, name AS store",
        &["Harbour".into(), "Station".into()],
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO stores (name) VALUES (?), (?) RETURNING id, name AS store",
        &["Harbour".into(), "Station".into()],
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "INSERT ... RETURNING");
    for (engine, mut conn) in engines() {
        let returned = conn.all(&stmt).unwrap_or_else(|e| panic!("{engine}: insert failed: {e}"));
        assert!(returned.iter().all(|r| r.columns() == ["id", "store"]), "{engine}: the labels name the columns");
        let returned = sorted(returned.into_iter().map(|r| normalize_row(r.into_values())).collect());
        assert_eq!(returned, vec![row![4, "Harbour"], row![5, "Station"]], "{engine}");
        let q = select([func::count_star()]).from(stores::table());
        assert_eq!(rows(conn.as_mut(), &q), vec![row![5]], "{engine}");
    }
}

#[test]
fn insert_returning_an_expression_of_the_new_row() {
    let stmt = insert(books::table())
        .value(books::title, "Ubik")
        .value(books::author_id, 5)
        .value(books::price_cents, 799)
        .returning((books::id, books::price_cents.mul(2).label("doubled"), books::year));
    assert_sql_sqlite_and_postgres(
        &stmt,
        "INSERT INTO books (title, author_id, price_cents) VALUES (?, ?, ?) RETURNING id, price_cents * ? AS doubled, year",
        "INSERT INTO books (title, author_id, price_cents) VALUES ($1, $2, $3) RETURNING id, price_cents * $4 AS doubled, year",
        &["Ubik".into(), 5.into(), 799.into(), 2.into()],
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO books (title, author_id, price_cents) VALUES (?, ?, ?) RETURNING id, price_cents * ? AS doubled, year",
        &["Ubik".into(), 5.into(), 799.into(), 2.into()],
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "INSERT ... RETURNING");
    let check = select((books::id, books::title, books::author_id)).filter(books::id.gt(8));
    for (engine, returned, after) in returned_everywhere(&stmt, &[], "", &check) {
        assert_eq!(returned, vec![row![9, 1598, None::<i64>]], "{engine}");
        assert_eq!(after, vec![row![9, "Ubik", 5]], "{engine}");
    }
}

// ----- UPDATE ... RETURNING ------------------------------------------------------------------

#[test]
fn update_returning_gives_the_new_values_on_postgres_and_sqlite() {
    let stmt = update(books::table())
        .set(books::price_cents, books::price_cents.add(100))
        .filter(books::author_id.eq(2))
        .returning((books::id, books::price_cents));
    assert_sql_sqlite_and_postgres(
        &stmt,
        "UPDATE books SET price_cents = price_cents + ? WHERE author_id = ? RETURNING id, price_cents",
        "UPDATE books SET price_cents = price_cents + $1 WHERE author_id = $2 RETURNING id, price_cents",
        &[100.into(), 2.into()],
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "UPDATE ... RETURNING");
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "UPDATE ... RETURNING");
    let check = select((books::id, books::price_cents)).filter(books::id.between(3, 6)).order_by(books::id);
    let outcomes = returned_everywhere(&stmt, &["mariadb"], "UPDATE ... RETURNING", &check);
    assert_eq!(outcomes.iter().map(|o| o.0).collect::<Vec<_>>(), ["sqlite", "postgres"]);
    for (engine, returned, after) in outcomes {
        assert_eq!(returned, vec![row![4, 1399], row![5, 1099]], "{engine}: the values after the update");
        assert_eq!(after, vec![row![3, 999], row![4, 1399], row![5, 1099], row![6, 1199]], "{engine}");
    }
}

#[test]
fn update_matching_nothing_returns_no_rows() {
    let stmt = update(stores::table()).set(stores::name, "Nowhere").filter(stores::id.gt(100)).returning([stores::id]);
    assert_sql_sqlite_and_postgres(
        &stmt,
        "UPDATE stores SET name = ? WHERE id > ? RETURNING id",
        "UPDATE stores SET name = $1 WHERE id > $2 RETURNING id",
        &["Nowhere".into(), 100.into()],
    );
    let check = select([stores::name]).order_by(stores::id);
    for (engine, returned, after) in returned_everywhere(&stmt, &["mariadb"], "UPDATE ... RETURNING", &check) {
        assert!(returned.is_empty(), "{engine}: got {returned:?}");
        assert_eq!(after, vec![row!["Downtown"], row!["Airport"], row!["Online"]], "{engine}");
    }
}

// ----- DELETE ... RETURNING ------------------------------------------------------------------

#[test]
fn delete_returning_gives_the_deleted_rows_on_postgres_sqlite_and_mariadb() {
    let stmt = delete(books::table()).filter(books::year.is_null()).returning((books::id, books::title));
    assert_sql_sqlite_and_postgres(
        &stmt,
        "DELETE FROM books WHERE year IS NULL RETURNING id, title",
        "DELETE FROM books WHERE year IS NULL RETURNING id, title",
        &[],
    );
    assert_mariadb_sql(&stmt, "DELETE FROM books WHERE year IS NULL RETURNING id, title", &[]);
    assert_unsupported(&stmt, &MySqlDialect::default(), "DELETE ... RETURNING");
    let check = select([books::id]).order_by(books::id);
    let outcomes = returned_everywhere(&stmt, &[], "", &check);
    assert_eq!(outcomes.iter().map(|o| o.0).collect::<Vec<_>>(), ["sqlite", "postgres", "mariadb"]);
    for (engine, returned, after) in outcomes {
        assert_eq!(returned, vec![row![5, "Children of Dune"], row![8, "100% Pure_Fiction"]], "{engine}");
        assert_eq!(after, vec![row![1], row![2], row![3], row![4], row![6], row![7]], "{engine}");
    }
}

// ----- INSERT ... SELECT ---------------------------------------------------------------------

/// The fixture engines, each with `book_archive` created.
fn engines_with_archive() -> Vec<(&'static str, Box<dyn Connection>)> {
    let md = MetaData::new().with(book_archive::table()).expect("one table");
    engines()
        .into_iter()
        .map(|(name, mut conn)| {
            conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: create book_archive: {e}"));
            (name, conn)
        })
        .collect()
}

#[test]
fn insert_select_copies_the_books_of_an_author_into_another_table() {
    let stmt = insert(book_archive::table())
        .columns([book_archive::id, book_archive::title, book_archive::price_cents])
        .select(select((books::id, books::title, books::price_cents)).filter(books::author_id.eq(1)));
    assert_sql!(
        stmt,
        all: "INSERT INTO book_archive (id, title, price_cents) SELECT id, title, price_cents FROM books WHERE author_id = ?",
        params: [1]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO book_archive (id, title, price_cents) SELECT id, title, price_cents FROM books WHERE author_id = ?",
        &[1.into()],
    );
    let check = select((book_archive::id, book_archive::title, book_archive::price_cents)).order_by(book_archive::id);
    let mut ran = Vec::new();
    for (engine, mut conn) in engines_with_archive() {
        assert_eq!(conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: {e}")), 3, "{engine}: rows copied");
        assert_eq!(
            rows(conn.as_mut(), &check),
            vec![
                row![1, "A Wizard of Earthsea", 899],
                row![2, "The Dispossessed", 1099],
                row![3, "The Left Hand of Darkness", 999],
            ],
            "{engine}"
        );
        let left = select([func::count_star()]).from(books::table());
        assert_eq!(rows(conn.as_mut(), &left), vec![row![8]], "{engine}: the books stay");
        ran.push(engine);
    }
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

#[test]
fn insert_select_of_computed_columns_from_a_join_lets_the_key_be_generated() {
    // Each US author's book, titled with the author's name, at a discount.
    let source = select((books::title.concat(" / ").concat(authors::name), books::price_cents.sub(100)))
        .filter(books::author_id.eq(authors::id))
        .filter(authors::country.eq("US"))
        .order_by(books::id);
    let stmt = insert(book_archive::table()).columns([book_archive::title, book_archive::price_cents]).select(source);
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO book_archive (title, price_cents) SELECT books.title || ? || authors.name, books.price_cents - ? \
                 FROM books, authors WHERE books.author_id = authors.id AND authors.country = ? ORDER BY books.id",
        postgres: "INSERT INTO book_archive (title, price_cents) SELECT books.title || $1 || authors.name, books.price_cents - $2 \
                   FROM books, authors WHERE books.author_id = authors.id AND authors.country = $3 ORDER BY books.id",
        mysql: "INSERT INTO book_archive (title, price_cents) SELECT CONCAT(books.title, ?, authors.name), books.price_cents - ? \
                FROM books, authors WHERE books.author_id = authors.id AND authors.country = ? ORDER BY books.id",
        params: [" / ", 100, "US"]
    );
    let check = select((book_archive::id, book_archive::title, book_archive::price_cents)).order_by(book_archive::id);
    for (engine, mut conn) in engines_with_archive() {
        assert_eq!(conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: {e}")), 5, "{engine}");
        assert_eq!(
            rows(conn.as_mut(), &check),
            vec![
                row![1, "A Wizard of Earthsea / Ursula K. Le Guin", 799],
                row![2, "The Dispossessed / Ursula K. Le Guin", 999],
                row![3, "The Left Hand of Darkness / Ursula K. Le Guin", 899],
                row![4, "Dune / Frank Herbert", 1199],
                row![5, "Children of Dune / Frank Herbert", 899],
            ],
            "{engine}"
        );
    }
}

#[test]
fn insert_select_returning_gives_the_copied_rows() {
    let stmt = insert(book_archive::table())
        .columns([book_archive::id, book_archive::title])
        .select(select((books::id, books::title)).filter(books::year.is_null()))
        .returning((book_archive::id, book_archive::title));
    assert_sql_sqlite_and_postgres(
        &stmt,
        "INSERT INTO book_archive (id, title) SELECT id, title FROM books WHERE year IS NULL RETURNING id, title",
        "INSERT INTO book_archive (id, title) SELECT id, title FROM books WHERE year IS NULL RETURNING id, title",
        &[],
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO book_archive (id, title) SELECT id, title FROM books WHERE year IS NULL RETURNING id, title",
        &[],
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "INSERT ... RETURNING");
    let check = select((book_archive::id, book_archive::price_cents)).order_by(book_archive::id);
    let mut ran = Vec::new();
    for (engine, mut conn) in engines_with_archive() {
        let returned = conn.all(&stmt).unwrap_or_else(|e| panic!("{engine}: {e}"));
        let returned = sorted(returned.into_iter().map(|r| normalize_row(r.into_values())).collect());
        assert_eq!(returned, vec![row![5, "Children of Dune"], row![8, "100% Pure_Fiction"]], "{engine}");
        assert_eq!(rows(conn.as_mut(), &check), vec![row![5, None::<i64>], row![8, None::<i64>]], "{engine}");
        ran.push(engine);
    }
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

#[test]
fn insert_with_both_rows_and_a_query_is_an_invalid_statement() {
    let stmt = insert(book_archive::table())
        .columns([book_archive::id, book_archive::title])
        .row((99, "x"))
        .select(select((books::id, books::title)));
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("rows and a query");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}

#[test]
fn insert_select_with_bound_constants_in_the_select_list() {
    // A bound value alone in a select list has no column to take its type from: PostgreSQL
    // is told its type (`$1::BIGINT`, `$2::TEXT`), and the INSERT then assigns it to the
    // column (BIGINT to INTEGER, TEXT to VARCHAR), as SQLite and MySQL do untyped.
    let stmt = insert(book_archive::table())
        .columns([book_archive::id, book_archive::title, book_archive::price_cents])
        .select(
            select((books::id.add(100), books::title.concat(val(" (copy)")), val(0))).filter(books::id.in_list([4, 7])),
        );
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO book_archive (id, title, price_cents) SELECT id + ?, title || ?, ? FROM books WHERE id IN (?, ?)",
        postgres: "INSERT INTO book_archive (id, title, price_cents) SELECT id + $1, title || $2, $3::BIGINT FROM books \
                   WHERE id IN ($4, $5)",
        mysql: "INSERT INTO book_archive (id, title, price_cents) SELECT id + ?, CONCAT(title, ?), ? FROM books WHERE id IN (?, ?)",
        params: [100, " (copy)", 0, 4, 7]
    );
    let check = select((book_archive::id, book_archive::title, book_archive::price_cents)).order_by(book_archive::id);
    let mut ran = Vec::new();
    for (engine, mut conn) in engines_with_archive() {
        assert_eq!(conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: {e}")), 2, "{engine}");
        assert_eq!(
            rows(conn.as_mut(), &check),
            vec![row![104, "Dune (copy)", 0], row![107, "Solaris (copy)", 0]],
            "{engine}"
        );
        ran.push(engine);
    }
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}
