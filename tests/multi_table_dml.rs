#[macro_use]
mod common;
use common::*;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

fn rows(conn: &mut dyn Connection, q: &dyn Compile) -> Vec<Vec<Value>> {
    conn.all(q).expect("the check query runs").into_iter().map(|r| normalize_row(r.into_values())).collect()
}

fn assert_mariadb_sql(stmt: &dyn Compile, sql: &str, params: &[Value]) {
    let compiled = stmt.compile(&MySqlDialect::mariadb()).expect("compiles for MariaDB");
    assert_eq!(compiled.sql, sql, "mariadb: SQL differs");
    assert_eq!(compiled.params, params, "mariadb: parameters differ");
}

/// Runs `stmt` on every engine, asserting it affects `affected` rows and that `check` then
/// returns `expected`; returns the engines it ran on.
fn run_everywhere(
    stmt: &dyn Compile,
    affected: u64,
    check: &dyn Compile,
    expected: &[Vec<Value>],
) -> Vec<&'static str> {
    let mut ran = Vec::new();
    for (engine, mut conn) in engines() {
        let n = conn.execute(stmt).unwrap_or_else(|e| panic!("{engine}: statement failed: {e}"));
        assert_eq!(n, affected, "{engine}: rows affected");
        assert_eq!(rows(conn.as_mut(), check), expected, "{engine}: rows afterwards");
        ran.push(engine);
    }
    ran
}

fn book_prices() -> sqlcore::stmt::Select {
    select((books::id, books::price_cents)).order_by(books::id)
}

fn book_ids() -> sqlcore::stmt::Select {
    select([books::id]).order_by(books::id)
}

// ----- UPDATE with other tables --------------------------------------------------------------

#[test]
fn update_from_raises_the_prices_of_books_by_us_authors() {
    let stmt = update(books::table())
        .set(books::price_cents, books::price_cents.add(100))
        .from(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("US")));
    assert_sql!(
        stmt,
        sqlite: "UPDATE books SET price_cents = books.price_cents + ? FROM authors \
                 WHERE books.author_id = authors.id AND authors.country = ?",
        postgres: "UPDATE books SET price_cents = books.price_cents + $1 FROM authors \
                   WHERE books.author_id = authors.id AND authors.country = $2",
        mysql: "UPDATE books, authors SET books.price_cents = books.price_cents + ? \
                WHERE books.author_id = authors.id AND authors.country = ?",
        params: [100, "US"]
    );
    assert_mariadb_sql(
        &stmt,
        "UPDATE books, authors SET books.price_cents = books.price_cents + ? \
         WHERE books.author_id = authors.id AND authors.country = ?",
        &[100.into(), "US".into()],
    );
    let ran = run_everywhere(
        &stmt,
        5,
        &book_prices(),
        &[
            row![1, 999],
            row![2, 1199],
            row![3, 1099],
            row![4, 1399],
            row![5, 1099],
            row![6, 1199],
            row![7, 1050],
            row![8, 500],
        ],
    );
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

#[test]
fn update_from_sets_a_value_read_from_the_other_table() {
    // Each undated book gets a year made from its author's id; authors are left unchanged.
    let stmt = update(books::table())
        .set(books::year, authors::id.add(2000))
        .from(authors::table())
        .filter(books::author_id.eq(authors::id))
        .filter(books::year.is_null());
    assert_sql!(
        stmt,
        sqlite: "UPDATE books SET year = authors.id + ? FROM authors WHERE books.author_id = authors.id AND books.year IS NULL",
        postgres: "UPDATE books SET year = authors.id + $1 FROM authors WHERE books.author_id = authors.id AND books.year IS NULL",
        mysql: "UPDATE books, authors SET books.year = authors.id + ? WHERE books.author_id = authors.id AND books.year IS NULL",
        params: [2000]
    );
    assert_mariadb_sql(
        &stmt,
        "UPDATE books, authors SET books.year = authors.id + ? WHERE books.author_id = authors.id AND books.year IS NULL",
        &[2000.into()],
    );
    let check = select((books::id, books::year)).filter(books::id.in_list([4, 5, 7, 8])).order_by(books::id);
    let ran = run_everywhere(&stmt, 2, &check, &[row![4, 1965], row![5, 2002], row![7, 1961], row![8, 2003]]);
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
    for (engine, mut conn) in engines() {
        conn.execute(&stmt).expect("update runs");
        let q = select((authors::id, authors::name)).filter(authors::id.le(3)).order_by(authors::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![1, "Ursula K. Le Guin"], row![2, "Frank Herbert"], row![3, "Iain Banks"]],
            "{engine}: only the target table changes"
        );
    }
}

#[test]
fn update_from_changes_a_row_matched_by_several_rows_of_the_other_table_once() {
    // Book 1 is sold in stores 1 and 3: it matches twice but loses one cent, on every engine.
    let stmt = update(books::table())
        .set(books::price_cents, books::price_cents.sub(1))
        .from(book_to_store_map::table())
        .filter(book_to_store_map::book_id.eq(books::id))
        .filter(book_to_store_map::store_id.in_list([1, 3]));
    assert_sql!(
        stmt,
        sqlite: "UPDATE books SET price_cents = books.price_cents - ? FROM book_to_store_map \
                 WHERE book_to_store_map.book_id = books.id AND book_to_store_map.store_id IN (?, ?)",
        postgres: "UPDATE books SET price_cents = books.price_cents - $1 FROM book_to_store_map \
                   WHERE book_to_store_map.book_id = books.id AND book_to_store_map.store_id IN ($2, $3)",
        mysql: "UPDATE books, book_to_store_map SET books.price_cents = books.price_cents - ? \
                WHERE book_to_store_map.book_id = books.id AND book_to_store_map.store_id IN (?, ?)",
        params: [1, 1, 3]
    );
    let ran = run_everywhere(
        &stmt,
        5,
        &book_prices(),
        &[
            row![1, 898],
            row![2, 1098],
            row![3, 999],
            row![4, 1298],
            row![5, 999],
            row![6, 1198],
            row![7, 1049],
            row![8, 500],
        ],
    );
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

#[test]
fn update_from_matching_nothing_affects_no_row() {
    let stmt = update(books::table())
        .set(books::price_cents, 0)
        .from(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("FR")));
    assert_sql!(
        stmt,
        sqlite: "UPDATE books SET price_cents = ? FROM authors WHERE books.author_id = authors.id AND authors.country = ?",
        postgres: "UPDATE books SET price_cents = $1 FROM authors WHERE books.author_id = authors.id AND authors.country = $2",
        mysql: "UPDATE books, authors SET books.price_cents = ? WHERE books.author_id = authors.id AND authors.country = ?",
        params: [0, "FR"]
    );
    let ran = run_everywhere(
        &stmt,
        0,
        &book_prices(),
        &[
            row![1, 899],
            row![2, 1099],
            row![3, 999],
            row![4, 1299],
            row![5, 999],
            row![6, 1199],
            row![7, 1050],
            row![8, 500],
        ],
    );
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

// ----- DELETE with other tables --------------------------------------------------------------

#[test]
fn delete_using_removes_the_books_of_us_authors() {
    let stmt = delete(books::table())
        .using(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("US")));
    assert_sql!(
        stmt,
        sqlite: "DELETE FROM books WHERE EXISTS (SELECT 1 FROM authors WHERE books.author_id = id AND country = ?)",
        postgres: "DELETE FROM books USING authors WHERE books.author_id = authors.id AND authors.country = $1",
        mysql: "DELETE books FROM books, authors WHERE books.author_id = authors.id AND authors.country = ?",
        params: ["US"]
    );
    assert_mariadb_sql(
        &stmt,
        "DELETE books FROM books, authors WHERE books.author_id = authors.id AND authors.country = ?",
        &["US".into()],
    );
    let ran = run_everywhere(&stmt, 5, &book_ids(), &[row![6], row![7], row![8]]);
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
    for (engine, mut conn) in engines() {
        conn.execute(&stmt).expect("delete runs");
        let q = select([authors::id]).order_by(authors::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![1], row![2], row![3], row![4], row![5]],
            "{engine}: authors stay"
        );
        let map = select((book_to_store_map::book_id, book_to_store_map::store_id))
            .order_by(book_to_store_map::book_id)
            .order_by(book_to_store_map::store_id);
        assert_eq!(rows(conn.as_mut(), &map), vec![row![6, 3], row![7, 1]], "{engine}: listings cascade");
    }
}

#[test]
fn delete_using_with_a_condition_on_a_target_column_the_other_table_also_has() {
    // Both tables have `id`: the condition on books.id must stay on books in every form,
    // including SQLite's EXISTS subquery, where a bare `id` would mean authors.id.
    let stmt = delete(books::table())
        .using(authors::table())
        .filter(books::author_id.eq(authors::id))
        .filter(authors::country.eq("US"))
        .filter(books::id.gt(2));
    assert_sql!(
        stmt,
        sqlite: "DELETE FROM books WHERE EXISTS (SELECT 1 FROM authors WHERE books.author_id = id AND country = ? AND books.id > ?)",
        postgres: "DELETE FROM books USING authors WHERE books.author_id = authors.id AND authors.country = $1 AND books.id > $2",
        mysql: "DELETE books FROM books, authors WHERE books.author_id = authors.id AND authors.country = ? AND books.id > ?",
        params: ["US", 2]
    );
    let ran = run_everywhere(&stmt, 3, &book_ids(), &[row![1], row![2], row![6], row![7], row![8]]);
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

#[test]
fn delete_using_a_table_matching_a_row_several_times_deletes_it_once() {
    // Books sold in store 1 or 3; book 1 is in both.
    let stmt = delete(books::table())
        .using(stores::table())
        .filter(stores::name.in_list(["Downtown", "Online"]))
        .filter(exists(
            select([lit(1)])
                .from(book_to_store_map::table())
                .filter(book_to_store_map::book_id.eq(books::id))
                .filter(book_to_store_map::store_id.eq(stores::id)),
        ));
    assert_sql!(
        stmt,
        sqlite: "DELETE FROM books WHERE EXISTS (SELECT 1 FROM stores WHERE name IN (?, ?) AND EXISTS \
                 (SELECT 1 FROM book_to_store_map WHERE book_id = books.id AND store_id = stores.id))",
        postgres: "DELETE FROM books USING stores WHERE stores.name IN ($1, $2) AND EXISTS \
                   (SELECT 1 FROM book_to_store_map WHERE book_id = books.id AND store_id = stores.id)",
        mysql: "DELETE books FROM books, stores WHERE stores.name IN (?, ?) AND EXISTS \
                (SELECT 1 FROM book_to_store_map WHERE book_id = books.id AND store_id = stores.id)",
        params: ["Downtown", "Online"]
    );
    let ran = run_everywhere(&stmt, 5, &book_ids(), &[row![3], row![5], row![8]]);
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

#[test]
fn delete_using_matching_nothing_affects_no_row() {
    let stmt = delete(books::table())
        .using(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.is_null()));
    assert_sql!(
        stmt,
        sqlite: "DELETE FROM books WHERE EXISTS (SELECT 1 FROM authors WHERE books.author_id = id AND country IS NULL)",
        postgres: "DELETE FROM books USING authors WHERE books.author_id = authors.id AND authors.country IS NULL",
        mysql: "DELETE books FROM books, authors WHERE books.author_id = authors.id AND authors.country IS NULL",
        params: []
    );
    let ran = run_everywhere(&stmt, 0, &book_ids(), &(1..=8).map(|i| row![i]).collect::<Vec<_>>());
    assert_eq!(ran, ["sqlite", "postgres", "mariadb"]);
}

// ----- with RETURNING ------------------------------------------------------------------------

#[test]
fn update_from_returning_the_target_rows_on_postgres_and_sqlite() {
    let stmt = update(books::table())
        .set(books::price_cents, books::price_cents.add(1))
        .from(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("GB")))
        .returning((books::id, books::price_cents));
    let sqlite = stmt.compile(&SqliteDialect::default()).expect("compiles for SQLite");
    assert_eq!(
        sqlite.sql,
        "UPDATE books SET price_cents = books.price_cents + ? FROM authors \
         WHERE books.author_id = authors.id AND authors.country = ? RETURNING books.id, books.price_cents"
    );
    let pg = stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(
        pg.sql,
        "UPDATE books SET price_cents = books.price_cents + $1 FROM authors \
         WHERE books.author_id = authors.id AND authors.country = $2 RETURNING books.id, books.price_cents"
    );
    assert_eq!(pg.params, [Value::from(1), "GB".into()]);
    assert_unsupported(&stmt, &MySqlDialect::default(), "UPDATE ... RETURNING");
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "UPDATE ... RETURNING");
    let mut ran = Vec::new();
    for (engine, mut conn) in engines() {
        if engine == "mariadb" {
            continue;
        }
        let mut returned: Vec<Vec<Value>> = conn
            .all(&stmt)
            .unwrap_or_else(|e| panic!("{engine}: {e}"))
            .into_iter()
            .map(|r| normalize_row(r.into_values()))
            .collect();
        returned.sort_by_key(|r| format!("{r:?}"));
        assert_eq!(returned, vec![row![6, 1200], row![8, 501]], "{engine}");
        ran.push(engine);
    }
    assert_eq!(ran, ["sqlite", "postgres"]);
}

#[test]
fn update_from_returning_a_column_of_the_other_table() {
    // PostgreSQL returns columns of the FROM tables; SQLite's RETURNING may name only the
    // table being updated, so there it cannot be expressed.
    let stmt = update(books::table())
        .set(books::price_cents, books::price_cents.add(1))
        .from(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("GB")))
        .returning((books::id, authors::name));
    let pg = stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(
        pg.sql,
        "UPDATE books SET price_cents = books.price_cents + $1 FROM authors \
         WHERE books.author_id = authors.id AND authors.country = $2 RETURNING books.id, authors.name"
    );
    let mut sqlite_outcome = None;
    for (engine, mut conn) in engines() {
        match engine {
            "postgres" => {
                let mut returned: Vec<Vec<Value>> = conn
                    .all(&stmt)
                    .expect("PostgreSQL returns FROM columns")
                    .into_iter()
                    .map(|r| r.into_values())
                    .collect();
                returned.sort_by_key(|r| format!("{r:?}"));
                assert_eq!(returned, vec![row![6, "Iain Banks"], row![8, "Iain Banks"]]);
            }
            "sqlite" => {
                // What SQLite does with the SQL the dialect writes, if it writes any.
                sqlite_outcome = Some(match stmt.compile(conn.dialect()) {
                    Err(e) => Err(e),
                    Ok(compiled) => Ok((compiled.sql.clone(), conn.query_compiled(&compiled).map(|r| r.len()))),
                });
            }
            _ => assert_unsupported(&stmt, conn.dialect(), "UPDATE ... RETURNING"),
        }
    }
    match sqlite_outcome.expect("SQLite always runs") {
        Err(Error::Unsupported { .. }) => {}
        other => panic!("sqlite: expected Unsupported, got {other:?}"),
    }
}

#[test]
fn delete_using_returning_the_deleted_rows() {
    let stmt = delete(books::table())
        .using(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("GB")))
        .returning((books::id, books::title));
    assert_eq!(
        stmt.compile(&SqliteDialect::default()).expect("compiles for SQLite").sql,
        "DELETE FROM books WHERE EXISTS (SELECT 1 FROM authors WHERE books.author_id = id AND country = ?) \
         RETURNING books.id, books.title"
    );
    assert_eq!(
        stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL").sql,
        "DELETE FROM books USING authors WHERE books.author_id = authors.id AND authors.country = $1 \
         RETURNING books.id, books.title"
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "DELETE ... RETURNING");
    let mut ran = Vec::new();
    for (engine, mut conn) in engines() {
        if engine == "mariadb" {
            continue;
        }
        let mut returned: Vec<Vec<Value>> = conn
            .all(&stmt)
            .unwrap_or_else(|e| panic!("{engine}: {e}"))
            .into_iter()
            .map(|r| normalize_row(r.into_values()))
            .collect();
        returned.sort_by_key(|r| format!("{r:?}"));
        assert_eq!(returned, vec![row![6, "Consider Phlebas"], row![8, "100% Pure_Fiction"]], "{engine}");
        assert_eq!(rows(conn.as_mut(), &book_ids()), (1..=5).chain([7]).map(|i| row![i]).collect::<Vec<_>>());
        ran.push(engine);
    }
    assert_eq!(ran, ["sqlite", "postgres"]);
    // MariaDB has DELETE ... RETURNING for one table only: a multi-table DELETE cannot return.
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "RETURNING");
}

#[test]
fn mariadb_rejects_the_multi_table_delete_returning_the_dialect_writes() {
    // What happens when the statement is sent to MariaDB: it must not reach the server as SQL
    // MariaDB cannot run.
    let stmt = delete(books::table())
        .using(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("GB")))
        .returning([books::id]);
    for (engine, mut conn) in engines() {
        if engine != "mariadb" {
            continue;
        }
        let result = conn.all(&stmt);
        assert!(
            matches!(result, Err(Error::Unsupported { .. })),
            "mariadb: expected Unsupported, got {:?}",
            result.map(|r| r.len())
        );
        assert_eq!(rows(conn.as_mut(), &book_ids()), (1..=8).map(|i| row![i]).collect::<Vec<_>>(), "nothing deleted");
    }
}
