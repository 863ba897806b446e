//! Bulk inserts: many rows in as few statements as the dialect allows, split automatically
//! when rows × columns would pass the engine's bind-parameter limit (SQLite 32766,
//! PostgreSQL 65535, MySQL / MariaDB 65535), and written all or nothing. Tested with a
//! 100,000-row insert on each engine.

#[macro_use]
mod common;
use common::*;
use sqlcore::error::TooManyParameters;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::Insert;
use sqlcore_mysql::MySqlDialect;

use std::time::Instant;

sqlcore::table! {
    /// A generated key and three columns given values.
    pub bulk_items {
        id: Integer => primary_key();
        n: Integer => not_null();
        label: Varchar(20) => not_null(), unique();
        score: Double;
    }
}

const ROWS: i64 = 100_000;

/// The values of row `i` (1-based): n, label, score.
fn item(i: i64) -> (i64, String, f64) {
    (i, format!("item-{i:06}"), i as f64 * 0.25)
}

/// An insert of rows `1..=rows` into `bulk_items` (n, label, score).
fn items(rows: i64) -> Insert {
    insert(bulk_items::table())
        .columns([bulk_items::n, bulk_items::label, bulk_items::score])
        .rows((1..=rows).map(item))
}

fn create(engine: &str, conn: &mut dyn Connection) {
    conn.create_all(&MetaData::new().with(bulk_items::table()).expect("one table"))
        .unwrap_or_else(|e| panic!("{engine}: create_all: {e}"));
}

fn row_count(engine: &str, conn: &mut dyn Connection) -> i64 {
    conn.one(&select([func::count_star()]).from(bulk_items::table()))
        .and_then(|row| row.get::<i64>(0))
        .unwrap_or_else(|e| panic!("{engine}: count: {e}"))
}

/// The bind-parameter limit and the fewest statements for 100,000 rows of 3 values, per
/// dialect name.
fn expected_limit_and_statements(dialect: &str) -> (usize, usize) {
    match dialect {
        // 32766 / 3 = 10922 rows per statement: ceil(100000 / 10922) = 10.
        "sqlite" => (32_766, 10),
        // 65535 / 3 = 21845 rows per statement: ceil(100000 / 21845) = 5.
        "postgresql" | "mysql" | "mariadb" => (65_535, 5),
        other => panic!("no expectation for dialect {other}"),
    }
}

#[test]
fn a_100_000_row_insert_is_split_into_the_fewest_statements_and_written_completely() {
    let stmt = items(ROWS);
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        let dialect = conn.dialect();
        let limit = dialect.max_params();
        let (expected_limit, expected_statements) = expected_limit_and_statements(dialect.name());
        assert_eq!(limit, expected_limit, "{engine}: the bind-parameter limit");

        let parts = stmt.split(limit);
        let per_statement = limit / 3;
        assert_eq!(parts.len(), expected_statements, "{engine}: statements used");
        assert_eq!(parts.len(), (ROWS as usize).div_ceil(per_statement), "{engine}: the fewest statements");
        assert_eq!(parts.iter().map(|p| p.rows.len()).sum::<usize>(), ROWS as usize, "{engine}: no row lost");
        for (i, part) in parts.iter().enumerate() {
            assert!(part.rows.len() * 3 <= limit, "{engine}: part {i} has {} rows", part.rows.len());
            // Every part but the last is full: that is what makes the count the minimum.
            if i + 1 < parts.len() {
                assert_eq!(part.rows.len(), per_statement, "{engine}: part {i} is full");
            }
            assert_eq!(part.columns, stmt.columns, "{engine}: part {i} keeps the columns");
            let compiled = part.compile(dialect).unwrap_or_else(|e| panic!("{engine}: part {i} compiles: {e}"));
            assert!(compiled.params.len() <= dialect.max_params(), "{engine}: part {i}");
            assert_eq!(compiled.params.len(), part.rows.len() * 3, "{engine}: part {i} binds every value");
        }
        // The parts keep the rows in order: the first part starts with row 1, the last ends
        // with row 100000.
        assert_eq!(parts[0].rows.get(0), stmt.rows.get(0), "{engine}");
        assert_eq!(parts.last().and_then(|p| p.rows.last()), stmt.rows.last(), "{engine}");

        let started = Instant::now();
        let inserted = conn.insert_bulk(&stmt).unwrap_or_else(|e| panic!("{engine}: insert_bulk: {e}"));
        let elapsed = started.elapsed();
        eprintln!("{engine}: inserted {inserted} rows in {} statements in {elapsed:.2?}", parts.len());
        assert_eq!(inserted, ROWS as u64, "{engine}: rows reported");

        assert_eq!(row_count(engine, conn), ROWS, "{engine}: count(*)");
        let totals = conn
            .one(&select((func::sum(bulk_items::n), func::min(bulk_items::id), func::max(bulk_items::id))))
            .unwrap_or_else(|e| panic!("{engine}: sums: {e}"));
        assert_eq!(totals.get::<i64>(0).expect("sum"), ROWS * (ROWS + 1) / 2, "{engine}: sum(n)");
        // Keys are generated in insertion order, across the statements.
        assert_eq!(totals.get::<i64>(1).expect("min id"), 1, "{engine}: min(id)");
        assert_eq!(totals.get::<i64>(2).expect("max id"), ROWS, "{engine}: max(id)");

        for i in [1, 10_922, 10_923, 21_845, 21_846, 54_321, ROWS] {
            let row = conn
                .one(
                    &select((bulk_items::id, bulk_items::n, bulk_items::label, bulk_items::score))
                        .filter(bulk_items::n.eq(i)),
                )
                .unwrap_or_else(|e| panic!("{engine}: row {i}: {e}"));
            let (n, label, score) = item(i);
            assert_eq!(row.get::<i64>("id").expect("id"), i, "{engine}: id of row {i}");
            assert_eq!(row.get::<i64>("n").expect("n"), n, "{engine}");
            assert_eq!(row.get::<String>("label").expect("label"), label, "{engine}");
            assert_eq!(row.get::<f64>("score").expect("score"), score, "{engine}");
        }
    }
}

#[test]
fn compiling_100_000_rows_as_one_statement_is_too_many_parameters_on_every_dialect() {
    let stmt = items(ROWS);
    let mut dialects: Vec<(&str, Box<dyn Dialect>)> = dialects().into_iter().collect();
    dialects.push(("mariadb", Box::new(MySqlDialect::mariadb())));
    for (name, dialect) in &dialects {
        let (expected_limit, _) = expected_limit_and_statements(dialect.name());
        match stmt.compile(dialect.as_ref()) {
            Err(Error::TooManyParameters(e)) => {
                let TooManyParameters { count, limit, dialect: d } = *e;
                assert_eq!(count, 300_000, "{name}: the parameter count");
                assert_eq!(limit, expected_limit, "{name}: the limit");
                assert!(d.starts_with(dialect.name()), "{name}: the error names the dialect: {d}");
            }
            Err(other) => panic!("{name}: expected TooManyParameters, got {other}"),
            Ok(c) => panic!("{name}: expected TooManyParameters, compiled {} parameters", c.params.len()),
        }
        // At the limit exactly: the most rows one statement holds compile, one more does not.
        let per_statement = (expected_limit / 3) as i64;
        let full = items(per_statement).compile(dialect.as_ref()).unwrap_or_else(|e| panic!("{name}: full: {e}"));
        assert_eq!(full.params.len(), per_statement as usize * 3, "{name}");
        assert_eq!(items(per_statement).split(expected_limit).len(), 1, "{name}: a full statement is not split");
        match items(per_statement + 1).compile(dialect.as_ref()) {
            Err(Error::TooManyParameters(e)) => {
                assert_eq!((e.count, e.limit), ((per_statement as usize + 1) * 3, expected_limit), "{name}");
            }
            other => panic!("{name}: one row past the limit: expected TooManyParameters, got {other:?}"),
        }
        assert_eq!(items(per_statement + 1).split(expected_limit).len(), 2, "{name}: one row more is split");
    }
}

/// A batch spanning three statements on `conn`'s dialect, whose very last row (alone in the
/// last statement) is replaced by `last`.
fn batch_with_bad_last_row(conn: &dyn Connection, last: (Option<i64>, String, f64)) -> (Insert, usize) {
    let per_statement = conn.dialect().max_params() / 3;
    let good = 2 * per_statement as i64;
    let stmt = insert(bulk_items::table())
        .columns([bulk_items::n, bulk_items::label, bulk_items::score])
        .rows((1..=good).map(|i| {
            let (n, label, score) = item(i);
            (Some(n), label, score)
        }))
        .row(last);
    (stmt, good as usize + 1)
}

fn assert_nothing_written(engine: &str, conn: &mut dyn Connection, stmt: &Insert, rows: usize, what: &str) {
    let parts = stmt.split(conn.dialect().max_params());
    assert_eq!(stmt.rows.len(), rows, "{engine}");
    assert_eq!(parts.len(), 3, "{engine}: the batch spans three statements");
    assert_eq!(parts[2].rows.len(), 1, "{engine}: the bad row is alone in the last statement");
    match conn.insert_bulk(stmt) {
        Ok(n) => panic!("{engine}: a batch ending with {what} was accepted ({n} rows)"),
        Err(e) => {
            assert!(matches!(e, Error::Integrity { .. }), "{engine}: {what} is an integrity error, got {e}");
        }
    }
    assert_eq!(row_count(engine, conn), 0, "{engine}: nothing of the batch ending with {what} is written");
    assert_eq!(conn.transaction_depth(), 0, "{engine}: no transaction is left open");
}

#[test]
fn insert_bulk_is_all_or_nothing_when_the_last_row_breaks_a_constraint() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);

        // NOT NULL: n is missing in the last row.
        let (stmt, rows) = batch_with_bad_last_row(conn, (None, "no-number".to_string(), 0.0));
        assert_nothing_written(engine, conn, &stmt, rows, "a NULL in a NOT NULL column");

        // UNIQUE: the last row repeats the first row's label.
        let (stmt, rows) = batch_with_bad_last_row(conn, (Some(-1), item(1).1, 0.0));
        assert_nothing_written(engine, conn, &stmt, rows, "a duplicate of a UNIQUE label");

        // The connection is usable afterwards, and the same rows without the bad one go in.
        let good: Insert =
            Insert { rows: stmt.rows.iter().take(rows - 1).map(<[Expr]>::to_vec).collect(), ..stmt.clone() };
        let inserted = conn.insert_bulk(&good).unwrap_or_else(|e| panic!("{engine}: the good rows: {e}"));
        assert_eq!(inserted, (rows - 1) as u64, "{engine}");
        assert_eq!(row_count(engine, conn), (rows - 1) as i64, "{engine}");
    }
}

#[test]
fn insert_bulk_inside_a_transaction_is_undone_with_it() {
    // In an open transaction insert_bulk uses a savepoint: a failed batch leaves the
    // transaction's earlier writes in place, and rolling back the transaction undoes a
    // successful batch.
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        let mut tx = Transaction::begin(conn).expect("begin");
        tx.execute(&insert(bulk_items::table()).value(bulk_items::n, 0).value(bulk_items::label, "before"))
            .expect("a write before the batch");
        let bad = insert(bulk_items::table())
            .columns([bulk_items::n, bulk_items::label, bulk_items::score])
            .rows((1..=3).map(item))
            .row((4, "before", 1.0));
        assert!(tx.insert_bulk(&bad).is_err(), "{engine}: the duplicate label is refused");
        assert_eq!(row_count(engine, &mut tx), 1, "{engine}: the earlier write survives the failed batch");
        assert_eq!(tx.insert_bulk(&items(3)).expect("a good batch"), 3, "{engine}");
        assert_eq!(row_count(engine, &mut tx), 4, "{engine}");
        tx.rollback().expect("rollback");
        assert_eq!(row_count(engine, conn), 0, "{engine}: the rolled-back transaction took the batch with it");
    }
}
