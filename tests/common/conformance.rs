//! The driver conformance suite: what every [`Connection`] must do the same way, checked
//! through `&mut dyn Connection` on SQLite, PostgreSQL and MariaDB. Each check runs on a
//! fresh database of its own. Where the engines differ only in the code they report for the
//! same failure, or in what a failed statement does to the transaction around it, the
//! expectation is written here per engine, keyed by the engine's name. The `*_driver.rs`
//! suites keep only what one engine does on its own (its URL, its session, its types, its
//! server's own behaviour).
//!
//! The checks are functions of the connections they run on ([`Engines`]):
//! `tests/driver_conformance.rs` runs them on the synchronous drivers and
//! `tests/async_conformance.rs` on the asynchronous ones (through a blocking adapter), each
//! check one `#[test]` of the same name (`conformance_tests!`). This file is included by
//! those two test crates only (`#[path]`), after `mod common`.

#![allow(dead_code)]

/// A fresh connection per engine, each under the engine's name.
pub type Named = Vec<(&'static str, Box<dyn Connection>)>;

/// Where the checks get their connections: each call a fresh connection per engine.
pub struct Engines {
    /// Connections holding the fixture of `tests/common` (as `common::engines`).
    pub fixture: fn() -> Named,
    /// Empty connections (as `common::empty_engines`).
    pub empty: fn() -> Named,
}

/// One `#[test]` per check of the suite, on the connections of `$engines` (an [`Engines`]).
macro_rules! conformance_tests {
    ($engines:expr) => {
        #[test]
        fn constraint_violations_are_integrity_errors_of_their_kind_carrying_the_sql() {
            conformance::constraint_violations_are_integrity_errors_of_their_kind_carrying_the_sql(&$engines);
        }
        #[test]
        fn on_delete_cascade_removes_the_dependent_rows() {
            conformance::on_delete_cascade_removes_the_dependent_rows(&$engines);
        }
        #[test]
        fn other_failures_are_database_errors_of_their_kind_carrying_the_sql() {
            conformance::other_failures_are_database_errors_of_their_kind_carrying_the_sql(&$engines);
        }
        #[test]
        fn all_first_one_and_scalar_read_rows() {
            conformance::all_first_one_and_scalar_read_rows(&$engines);
        }
        #[test]
        fn first_reads_one_row_and_one_wants_exactly_one() {
            conformance::first_reads_one_row_and_one_wants_exactly_one(&$engines);
        }
        #[test]
        fn rows_affected_count_matched_rows() {
            conformance::rows_affected_count_matched_rows(&$engines);
        }
        #[test]
        fn rows_affected_by_multi_row_inserts_expressions_cascades_and_ddl() {
            conformance::rows_affected_by_multi_row_inserts_expressions_cascades_and_ddl(&$engines);
        }
        #[test]
        fn limits_are_bound_and_values_round_trip() {
            conformance::limits_are_bound_and_values_round_trip(&$engines);
        }
        #[test]
        fn create_all_and_drop_all_create_and_remove_every_table() {
            conformance::create_all_and_drop_all_create_and_remove_every_table(&$engines);
        }
        #[test]
        fn a_committed_transaction_keeps_its_changes() {
            conformance::a_committed_transaction_keeps_its_changes(&$engines);
        }
        #[test]
        fn a_rolled_back_transaction_undoes_its_inserts_and_updates() {
            conformance::a_rolled_back_transaction_undoes_its_inserts_and_updates(&$engines);
        }
        #[test]
        fn a_dropped_transaction_rolls_back_and_the_connection_goes_on() {
            conformance::a_dropped_transaction_rolls_back_and_the_connection_goes_on(&$engines);
        }
        #[test]
        fn nested_transactions_are_savepoints() {
            conformance::nested_transactions_are_savepoints(&$engines);
        }
        #[test]
        fn a_failed_statement_in_a_transaction_then_rollback_writes_nothing() {
            conformance::a_failed_statement_in_a_transaction_then_rollback_writes_nothing(&$engines);
        }
        #[test]
        fn row_values_are_read_by_name_and_by_index_into_rust_types() -> sqlcore::Result<()> {
            conformance::row_values_are_read_by_name_and_by_index_into_rust_types(&$engines)
        }
        #[test]
        fn reading_a_value_as_the_wrong_type_is_column_type_naming_the_column() {
            conformance::reading_a_value_as_the_wrong_type_is_column_type_naming_the_column(&$engines);
        }
        #[test]
        fn unknown_column_name_or_index_past_the_end_is_no_such_column() {
            conformance::unknown_column_name_or_index_past_the_end_is_no_such_column(&$engines);
        }
        #[test]
        fn an_integer_too_large_for_the_rust_type_is_an_error() {
            conformance::an_integer_too_large_for_the_rust_type_is_an_error(&$engines);
        }
    };
}

use crate::common::*;
use sqlcore::compile::{CreateTable, DropTable};
use sqlcore::dsl::{col, lit};
use sqlcore::func;
use sqlcore::prelude::*;

sqlcore::table! {
    /// The parent side of a foreign key.
    pub dc_parents {
        id: Integer => primary_key();
    }
}
sqlcore::table! {
    /// One of each constraint: a key, a unique column, a foreign key, NOT NULL and a CHECK.
    pub dc_items {
        id: Integer => primary_key();
        code: Varchar(10) => not_null(), unique();
        parent_id: Integer => references(dc_parents::id);
        qty: Integer => not_null(), check(col("qty").ge(lit(0)));
        big: BigInt;
    }
}
sqlcore::table! {
    /// One column per Rust type a row value is read into.
    pub dc_samples {
        id: Integer => primary_key();
        big: BigInt;
        small: Integer;
        name: Text;
        maybe: Text;
        ratio: Double;
        flag: Boolean;
        data: Blob;
    }
}
sqlcore::table! {
    /// Created and dropped by a test; never part of [`schema`].
    pub dc_scratch {
        id: Integer => primary_key();
    }
}

fn schema() -> MetaData {
    MetaData::new()
        .with(dc_parents::table())
        .and_then(|m| m.with(dc_items::table()))
        .and_then(|m| m.with(dc_samples::table()))
        .expect("schema")
}

/// A fresh connection per engine holding the fixture of `tests/common` (authors, books, ...)
/// and the suite's tables, with one parent (id 1) and one item (id 1, code "a", qty 5).
fn connections(e: &Engines) -> Vec<(&'static str, Box<dyn Connection>)> {
    (e.fixture)()
        .into_iter()
        .map(|(name, mut conn)| {
            conn.create_all(&schema()).unwrap_or_else(|e| panic!("{name}: create_all: {e}"));
            conn.execute(&insert(dc_parents::table()).value(dc_parents::id, 1)).expect("parent");
            conn.execute(&item(1, "a", Some(1), 5)).expect("item");
            (name, conn)
        })
        .collect()
}

fn item(id: i64, code: &str, parent: Option<i64>, qty: i64) -> sqlcore::stmt::Insert {
    insert(dc_items::table())
        .value(dc_items::id, id)
        .value(dc_items::code, code)
        .value(dc_items::parent_id, parent.map_or(Value::Null, Value::Int))
        .value(dc_items::qty, qty)
}

fn count(conn: &mut dyn Connection) -> i64 {
    match conn.scalar_value(&select([func::count_star()]).from(dc_items::table())) {
        Ok(Value::Int(n)) => n,
        other => panic!("count: {other:?}"),
    }
}

/// The ids of `dc_items`, in order.
fn item_ids(conn: &mut dyn Connection) -> Vec<i64> {
    conn.all(&select([dc_items::id]).order_by(dc_items::id))
        .expect("read ids")
        .iter()
        .map(|r| r.get::<i64>("id").expect("an integer id"))
        .collect()
}

/// The SQL `stmt` compiles to on `conn`.
fn sql_of(conn: &dyn Connection, stmt: &dyn Compile) -> String {
    stmt.compile(conn.dialect()).expect("compiles").sql
}

/// Fails unless `conn` is outside any transaction, on the engine and not only in the
/// wrapper's count: a row written now stays after a transaction begun and rolled back next
/// (PostgreSQL would roll it back with a transaction left open; SQLite would refuse the
/// BEGIN).
fn assert_outside_a_transaction(name: &str, conn: &mut dyn Connection) {
    assert_eq!(conn.transaction_depth(), 0, "{name}");
    let before = item_ids(conn);
    conn.execute(&item(99, "probe", None, 0)).unwrap_or_else(|e| panic!("{name}: insert outside: {e}"));
    Transaction::begin(&mut *conn).expect("begin").rollback().expect("rollback");
    assert!(item_ids(conn).contains(&99), "{name}: the row written outside a transaction was kept");
    conn.execute(&delete(dc_items::table()).filter(dc_items::id.eq(99))).expect("delete the probe");
    assert_eq!(item_ids(conn), before, "{name}");
}

/// The code the engine reported with an error: SQLite's extended result code, PostgreSQL's
/// SQLSTATE, MariaDB's error number and SQLSTATE (`1062/23000`).
fn engine_code(e: &DatabaseError) -> String {
    match (e.code, e.sqlstate.as_deref()) {
        (Some(code), Some(state)) => format!("{code}/{state}"),
        (Some(code), None) => code.to_string(),
        (None, Some(state)) => state.to_string(),
        (None, None) => "none".to_string(),
    }
}

/// The expectation for engine `name` from one per engine, in the order sqlite, postgres,
/// mariadb. An expectation may name alternatives separated by `|`.
fn per_engine<'a>(name: &str, [sqlite, postgres, mariadb]: [&'a str; 3]) -> &'a str {
    match name {
        "sqlite" => sqlite,
        "postgres" => postgres,
        "mariadb" => mariadb,
        other => panic!("no expectation for the engine {other}"),
    }
}

/// What a failure reported by the database looks like on every engine.
struct Failure {
    /// [`Error::Integrity`], else [`Error::Database`].
    integrity: bool,
    kind: DbErrorKind,
    /// A word the message names, compared ignoring case.
    mentions: &'static str,
    /// The engine's code (see [`engine_code`]), per engine (see [`per_engine`]).
    codes: [&'static str; 3],
}

/// A constraint violation: [`Error::Integrity`].
fn violation(kind: DbErrorKind, mentions: &'static str, codes: [&'static str; 3]) -> Failure {
    Failure { integrity: true, kind, mentions, codes }
}

/// Any other failure: [`Error::Database`].
fn failure(kind: DbErrorKind, mentions: &'static str, codes: [&'static str; 3]) -> Failure {
    Failure { integrity: false, kind, mentions, codes }
}

/// Asserts `result` is the `expected` failure on engine `name`, carrying `sql`.
fn assert_db_error<T: std::fmt::Debug>(name: &str, what: &str, result: Result<T>, sql: &str, expected: &Failure) {
    let e = match (&result, expected.integrity) {
        (Err(Error::Integrity(e)), true) | (Err(Error::Database(e)), false) => e,
        _ => panic!(
            "{name}: {what}: expected {}, got {result:?}",
            if expected.integrity { "Integrity" } else { "Database" }
        ),
    };
    assert_eq!(e.kind, expected.kind, "{name}: {what}: {e:?}");
    assert_eq!(e.sql.as_deref(), Some(sql), "{name}: {what}: the error carries the statement's SQL");
    let (message, mentions) = (e.message.to_lowercase(), expected.mentions.to_lowercase());
    assert!(
        !message.is_empty() && message.contains(&mentions),
        "{name}: {what}: the message names {mentions:?}: {message}"
    );
    let (code, codes) = (engine_code(e), per_engine(name, expected.codes));
    assert!(codes.split('|').any(|c| c == code), "{name}: {what}: code {code}, expected {codes}");
}

// ----- errors ---------------------------------------------------------------------------------

pub fn constraint_violations_are_integrity_errors_of_their_kind_carrying_the_sql(e: &Engines) {
    use DbErrorKind::{CheckViolation, ForeignKeyViolation, NotNullViolation, UniqueViolation};
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        let null_qty = insert(dc_items::table())
            .value(dc_items::id, 5)
            .value(dc_items::code, "e")
            .value(dc_items::qty, Value::Null);
        let no_qty = insert(dc_items::table()).value(dc_items::id, 6).value(dc_items::code, "f");
        let cases: Vec<(&str, Box<dyn Compile>, Failure)> = vec![
            (
                "duplicate key",
                Box::new(item(1, "b", None, 1)),
                violation(UniqueViolation, "", ["1555", "23505", "1062/23000"]),
            ),
            (
                "duplicate unique column",
                Box::new(item(2, "a", None, 1)),
                violation(UniqueViolation, "code", ["2067", "23505", "1062/23000"]),
            ),
            (
                "insert of a missing parent",
                Box::new(item(3, "c", Some(99), 1)),
                violation(ForeignKeyViolation, "foreign key", ["787", "23503", "1452/23000"]),
            ),
            (
                "update to a missing parent",
                Box::new(update(dc_items::table()).set(dc_items::parent_id, 42).filter(dc_items::id.eq(1))),
                violation(ForeignKeyViolation, "foreign key", ["787", "23503", "1452/23000"]),
            ),
            (
                "delete of a referenced parent",
                Box::new(delete(dc_parents::table()).filter(dc_parents::id.eq(1))),
                violation(ForeignKeyViolation, "foreign key", ["787", "23503", "1451/23000"]),
            ),
            // MySQL 8 reports a CHECK as 3819 / HY000, MariaDB as 4025 / 23000.
            (
                "CHECK",
                Box::new(item(4, "d", None, -1)),
                violation(CheckViolation, "qty", ["275", "23514", "4025/23000|3819/HY000"]),
            ),
            (
                "NULL for NOT NULL",
                Box::new(null_qty),
                violation(NotNullViolation, "qty", ["1299", "23502", "1048/23000"]),
            ),
            (
                "update to NULL for NOT NULL",
                Box::new(update(dc_items::table()).set(dc_items::qty, Value::Null).filter(dc_items::id.eq(1))),
                violation(NotNullViolation, "qty", ["1299", "23502", "1048/23000"]),
            ),
            // A NOT NULL column without a default left out of the insert: MySQL has its own
            // error for it, with the same meaning.
            (
                "NOT NULL column left out",
                Box::new(no_qty),
                violation(NotNullViolation, "qty", ["1299", "23502", "1364/HY000"]),
            ),
        ];
        for (what, stmt, expected) in cases {
            let sql = sql_of(conn, stmt.as_ref());
            assert_db_error(name, what, conn.execute(stmt.as_ref()), &sql, &expected);
        }
        // Nothing was written or changed.
        let row = conn.one(&select((dc_items::id, dc_items::parent_id, dc_items::qty))).expect("the one item");
        assert_eq!(row.into_values(), row![1, 1, 5], "{name}");
        let parents = conn.scalar_value(&select([func::count_star()]).from(dc_parents::table()));
        assert_eq!(parents.ok(), Some(Value::Int(1)), "{name}");
    }
}

pub fn on_delete_cascade_removes_the_dependent_rows(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        // The fixture's books reference authors ON DELETE CASCADE; author 1 has three.
        assert_eq!(conn.execute(&delete(authors::table()).filter(authors::id.eq(1))).expect("delete"), 1, "{name}");
        let left = conn.scalar_value(&select([func::count_star()]).from(books::table()).filter(books::author_id.eq(1)));
        assert_eq!(left.ok(), Some(Value::Int(0)), "{name}");
        let books_left = conn.scalar_value(&select([func::count_star()]).from(books::table()));
        assert_eq!(books_left.ok(), Some(Value::Int(5)), "{name}");
    }
}

pub fn other_failures_are_database_errors_of_their_kind_carrying_the_sql(e: &Engines) {
    use DbErrorKind::{AlreadyExists, Syntax, UndefinedObject};
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        let syntax = conn.execute_raw("SELEC 1");
        assert_db_error(name, "syntax", syntax, "SELEC 1", &failure(Syntax, "selec", ["1", "42601", "1064/42000"]));

        let missing_table = select([dc_scratch::id]);
        let sql = sql_of(conn, &missing_table);
        let result = conn.all(&missing_table);
        assert_db_error(
            name,
            "missing table",
            result,
            &sql,
            &failure(UndefinedObject, "dc_scratch", ["1", "42P01", "1146/42S02"]),
        );

        let missing_column = select([col("nope")]).from(dc_items::table());
        let sql = sql_of(conn, &missing_column);
        let result = conn.all(&missing_column);
        assert_db_error(
            name,
            "missing column",
            result,
            &sql,
            &failure(UndefinedObject, "nope", ["1", "42703", "1054/42S22"]),
        );

        // create_all_strict creates without checking: the first table exists.
        let exists = CreateTable::new(dc_parents::table());
        let sql = sql_of(conn, &exists);
        let result = conn.create_all_strict(&schema());
        assert_db_error(
            name,
            "table exists",
            result,
            &sql,
            &failure(AlreadyExists, "dc_parents", ["1", "42P07", "1050/42S01"]),
        );

        // The connection is still usable after each failure, outside any transaction.
        assert_eq!(count(conn), 1, "{name}");
        assert_outside_a_transaction(name, conn);
    }
}

// ----- running statements -----------------------------------------------------------------------

pub fn all_first_one_and_scalar_read_rows(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        let by_le_guin = select([books::id, books::title]).filter(books::author_id.eq(1)).order_by(books::id);
        let rows = conn.all(&by_le_guin).expect("all");
        assert_eq!(rows.len(), 3, "{name}");
        assert_eq!(rows[0].columns(), ["id", "title"], "{name}");
        let values: Vec<Vec<Value>> = rows.into_iter().map(Row::into_values).collect();
        assert_eq!(
            values,
            [row![1, "A Wizard of Earthsea"], row![2, "The Dispossessed"], row![3, "The Left Hand of Darkness"]],
            "{name}"
        );
        let first = conn.first(&by_le_guin).expect("first").expect("a first row");
        assert_eq!(first.get::<i64>("id").ok(), Some(1), "{name}");
        let none = select([books::id]).filter(books::author_id.eq(5));
        assert!(conn.first(&none).expect("first").is_none(), "{name}");
        assert!(conn.all(&none).expect("all").is_empty(), "{name}");

        let lem = conn.one(&select([authors::name]).filter(authors::id.eq(4))).expect("one");
        assert_eq!(lem.get::<String>("name").ok().as_deref(), Some("Stanisław Lem"), "{name}");
        let missing = conn.one(&select([authors::name]).filter(authors::id.eq(99)));
        assert!(matches!(missing, Err(Error::NoRows)), "{name}: {missing:?}");
        let two = conn.one(&select([authors::name]).filter(authors::country.eq("US")));
        assert!(matches!(two, Err(Error::TooManyRows(2))), "{name}: {two:?}");

        // SUM of an integer column is an integer on every engine (NUMERIC / DECIMAL read back
        // as the integer it is).
        let total = select([func::sum(books::price_cents)]).filter(books::author_id.eq(2));
        assert_eq!(conn.scalar_value(&total).ok(), Some(Value::Int(2298)), "{name}");
        let title = select([books::title]).filter(books::id.eq(7));
        assert_eq!(conn.scalar_value(&title).ok(), Some(Value::Text("Solaris".into())), "{name}");
        let no_row = select([books::title]).filter(books::id.eq(99));
        assert_eq!(conn.scalar_value(&no_row).ok(), Some(Value::Null), "{name}: no row is NULL");

        // scalar::<T> needs a sized connection: a transaction over the `dyn Connection` is one.
        let mut tx = Transaction::begin(&mut *conn).expect("begin");
        assert_eq!(tx.scalar::<i64>(&select([func::count_star()]).from(books::table())).ok(), Some(8), "{name}");
        assert_eq!(
            tx.scalar::<String>(&select([books::title]).filter(books::id.eq(4))).ok().as_deref(),
            Some("Dune"),
            "{name}"
        );
        assert_eq!(tx.scalar::<f64>(&total).ok(), Some(2298.0), "{name}");
        // No row: NULL, which Option reads as None and a plain type refuses.
        assert_eq!(tx.scalar::<Option<String>>(&no_row).ok(), Some(None), "{name}");
        let refused = tx.scalar::<String>(&no_row);
        assert!(matches!(&refused, Err(Error::ColumnType(e)) if e.column == "0"), "{name}: {refused:?}");
        // A NULL in the row.
        let year = tx.scalar::<Option<i64>>(&select([books::year]).filter(books::id.eq(5)));
        assert_eq!(year.ok(), Some(None), "{name}");
        tx.commit().expect("commit");
    }
}

pub fn first_reads_one_row_and_one_wants_exactly_one(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        // The second row's value overflows when computed (|i64::MIN|): reading all rows fails,
        // reading only the first does not.
        conn.execute(&item(2, "b", None, 1).value(dc_items::big, i64::MIN)).expect("insert");
        conn.execute(&update(dc_items::table()).set(dc_items::big, 7).filter(dc_items::id.eq(1))).expect("update");
        let q = select([func::func("abs", [dc_items::big.into_expr()]).label("a")])
            .from(dc_items::table())
            .order_by(dc_items::id);
        assert!(conn.all(&q).is_err(), "{name}: all reads the overflowing row");
        let first = conn.first(&q).unwrap_or_else(|e| panic!("{name}: first read past the first row: {e}"));
        assert_eq!(first.map(Row::into_values), Some(vec![Value::Int(7)]), "{name}");
        // The connection is usable after a query left unread.
        assert_eq!(count(conn), 2, "{name}");
        let none = select([dc_items::id]).filter(dc_items::id.eq(99));
        assert!(conn.first(&none).expect("first").is_none(), "{name}");
        assert!(matches!(conn.one(&none), Err(Error::NoRows)), "{name}");
        let both = select([dc_items::id]).order_by(dc_items::id);
        assert!(matches!(conn.one(&both), Err(Error::TooManyRows(2))), "{name}");
        let id = conn.scalar_value(&select([dc_items::id]).filter(dc_items::code.eq("b"))).expect("scalar");
        assert_eq!(id, Value::Int(2), "{name}");
    }
}

pub fn rows_affected_count_matched_rows(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        for (id, code) in [(2, "b"), (3, "c")] {
            assert_eq!(conn.execute(&item(id, code, Some(1), 1)).expect("insert"), 1, "{name}");
        }
        // A row set to the value it has counts: rows matched, not rows changed, everywhere.
        let same = update(dc_items::table()).set(dc_items::qty, 1).filter(dc_items::id.ge(2));
        assert_eq!(conn.execute(&same).expect("update"), 2, "{name}");
        let itself = update(dc_items::table()).set(dc_items::code, dc_items::code).filter(dc_items::id.le(2));
        assert_eq!(conn.execute(&itself).expect("update"), 2, "{name}");
        let none = update(dc_items::table()).set(dc_items::qty, 1).filter(dc_items::id.eq(99));
        assert_eq!(conn.execute(&none).expect("update"), 0, "{name}");
        assert_eq!(conn.execute(&delete(dc_items::table()).filter(dc_items::id.ge(2))).expect("delete"), 2, "{name}");
        assert_eq!(item_ids(conn), [1], "{name}");
    }
}

pub fn rows_affected_by_multi_row_inserts_expressions_cascades_and_ddl(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        let two = insert(stores::table()).columns([stores::name]).rows([("Harbour",), ("Station",)]);
        assert_eq!(conn.execute(&two).expect("insert"), 2, "{name}");
        let raise =
            update(books::table()).set(books::price_cents, books::price_cents.add(100)).filter(books::author_id.eq(1));
        assert_eq!(conn.execute(&raise).expect("update"), 3, "{name}");
        let price = conn.scalar_value(&select([books::price_cents]).filter(books::id.eq(1)));
        assert_eq!(price.ok(), Some(Value::Int(999)), "{name}");
        // Deleting book 4 cascades to its two store rows, which do not count.
        assert_eq!(conn.execute(&delete(books::table()).filter(books::id.eq(4))).expect("delete"), 1, "{name}");
        let left = conn.scalar_value(&select([func::count_star()]).from(book_to_store_map::table()));
        assert_eq!(left.ok(), Some(Value::Int(5)), "{name}");
        // DDL changes no rows, even right after an UPDATE (SQLite's sqlite3_changes() still
        // holds the UPDATE's count then).
        assert_eq!(conn.execute(&raise).expect("update"), 3, "{name}");
        assert_eq!(conn.execute(&CreateTable::new(dc_scratch::table())).expect("create"), 0, "{name}");
        assert_eq!(conn.execute(&insert(dc_scratch::table()).value(dc_scratch::id, 1)).expect("insert"), 1, "{name}");
        assert_eq!(conn.execute(&DropTable::new(dc_scratch::table())).expect("drop"), 0, "{name}");
    }
}

pub fn limits_are_bound_and_values_round_trip(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        for id in 2..=6 {
            conn.execute(&item(id, &format!("c{id}"), Some(1), id * 10).value(dc_items::big, -id * 1_000_000_000_000))
                .expect("insert");
        }
        // LIMIT and OFFSET are parameters, not text in the SQL, on every engine.
        let page = select((dc_items::id, dc_items::code, dc_items::big)).order_by(dc_items::id).limit(2).offset(3);
        let compiled = page.compile(conn.dialect()).expect("compiles");
        let expected = per_engine(
            name,
            [
                "SELECT id, code, big FROM dc_items ORDER BY id LIMIT ? OFFSET ?",
                "SELECT id, code, big FROM dc_items ORDER BY id LIMIT $1 OFFSET $2",
                "SELECT id, code, big FROM dc_items ORDER BY id LIMIT ? OFFSET ?",
            ],
        );
        assert_eq!((compiled.sql.as_str(), compiled.params.as_slice()), (expected, &row![2, 3][..]), "{name}");
        let rows: Vec<Vec<Value>> = conn.all(&page).expect("page").into_iter().map(Row::into_values).collect();
        assert_eq!(rows, vec![row![4, "c4", -4_000_000_000_000_i64], row![5, "c5", -5_000_000_000_000_i64]], "{name}");
        // An i64 binds as well, and a LIMIT alone or an OFFSET alone pages the same way.
        let top = select([dc_items::id]).order_by(dc_items::id).limit(2_i64);
        assert_eq!(top.compile(conn.dialect()).expect("compiles").params, row![2], "{name}");
        assert_eq!(
            conn.all(&top).expect("top").into_iter().map(Row::into_values).collect::<Vec<_>>(),
            [row![1], row![2]]
        );
        let rest = select([dc_items::id]).order_by(dc_items::id).offset(4_i64);
        assert_eq!(rest.compile(conn.dialect()).expect("compiles").params, row![4], "{name}");
        assert_eq!(
            conn.all(&rest).expect("rest").into_iter().map(Row::into_values).collect::<Vec<_>>(),
            [row![5], row![6]]
        );
        conn.drop_all(&schema()).expect("drop_all");
        assert!(conn.all(&select([dc_items::id])).is_err(), "{name}: the tables are gone");
    }
}

// ----- create_all / drop_all ----------------------------------------------------------------------

/// The tables of [`metadata`] that exist on `conn`: counting the rows of a missing one is an
/// [`DbErrorKind::UndefinedObject`] error (every engine, with or without a catalog).
fn fixture_tables(name: &str, conn: &mut dyn Connection) -> Vec<String> {
    metadata()
        .tables()
        .filter(|t| match conn.all(&select([func::count_star()]).from((*t).clone())) {
            Ok(_) => true,
            Err(Error::Database(e)) if e.kind == DbErrorKind::UndefinedObject => false,
            Err(e) => panic!("{name}: counting rows of {}: {e}", t.name()),
        })
        .map(|t| t.name().to_string())
        .collect()
}

pub fn create_all_and_drop_all_create_and_remove_every_table(e: &Engines) {
    let all = ["authors", "books", "stores", "book_to_store_map", "employees"];
    for (name, mut conn) in (e.empty)() {
        let conn = conn.as_mut();
        let md = metadata();
        assert!(fixture_tables(name, conn).is_empty(), "{name}");
        conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: create_all: {e}"));
        assert_eq!(fixture_tables(name, conn), all, "{name}");
        seed(conn);
        // Again: a dialect with a catalog creates only what is missing (nothing), keeping the
        // rows; one without creates every table, and the first already exists.
        let again = conn.create_all(&md);
        if conn.dialect().catalog().is_some() {
            assert!(again.is_ok(), "{name}: {again:?}");
        } else {
            assert!(matches!(&again, Err(Error::Database(e)) if e.kind == DbErrorKind::AlreadyExists), "{name}");
        }
        let books = conn.scalar_value(&select([func::count_star()]).from(books::table()));
        assert_eq!(books.ok(), Some(Value::Int(8)), "{name}: the rows are kept");
        // Dropping works with every table full and foreign keys enforced: dependents first.
        conn.drop_all(&md).unwrap_or_else(|e| panic!("{name}: drop_all: {e}"));
        assert!(fixture_tables(name, conn).is_empty(), "{name}");
        conn.create_all_strict(&md).unwrap_or_else(|e| panic!("{name}: create_all_strict: {e}"));
        assert_eq!(fixture_tables(name, conn), all, "{name}");
        let empty = conn.scalar_value(&select([func::count_star()]).from(books::table()));
        assert_eq!(empty.ok(), Some(Value::Int(0)), "{name}: the tables are new");
        conn.drop_all(&md).unwrap_or_else(|e| panic!("{name}: drop_all: {e}"));
        assert!(fixture_tables(name, conn).is_empty(), "{name}");
    }
}

// ----- transactions -------------------------------------------------------------------------------

pub fn a_committed_transaction_keeps_its_changes(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            assert_eq!(tx.transaction_depth(), 1, "{name}");
            tx.execute(&item(2, "b", None, 1)).expect("insert");
            tx.execute(&update(dc_items::table()).set(dc_items::qty, 9).filter(dc_items::id.eq(1))).expect("update");
            assert_eq!(count(&mut tx), 2, "{name}: visible inside the transaction");
            tx.commit().expect("commit");
        }
        let rows = conn.all(&select((dc_items::id, dc_items::qty)).order_by(dc_items::id)).expect("rows");
        assert_eq!(rows.into_iter().map(Row::into_values).collect::<Vec<_>>(), [row![1, 9], row![2, 1]], "{name}");
        assert_outside_a_transaction(name, conn);
    }
}

pub fn a_rolled_back_transaction_undoes_its_inserts_and_updates(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.execute(&item(2, "b", None, 1)).expect("insert");
            tx.execute(&update(dc_items::table()).set(dc_items::qty, 99)).expect("update");
            assert_eq!(count(&mut tx), 2, "{name}");
            tx.rollback().expect("rollback");
        }
        let row = conn.one(&select((dc_items::id, dc_items::qty))).expect("the one item");
        assert_eq!(row.into_values(), row![1, 5], "{name}");
        assert_outside_a_transaction(name, conn);
    }
}

pub fn a_dropped_transaction_rolls_back_and_the_connection_goes_on(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.execute(&item(2, "b", None, 1)).expect("insert");
            tx.execute(&delete(dc_items::table()).filter(dc_items::id.eq(1))).expect("delete");
            assert_eq!(item_ids(&mut tx), [2], "{name}");
            // Dropped without commit.
        }
        assert_eq!(item_ids(conn), [1], "{name}: the dropped transaction was undone");
        assert_outside_a_transaction(name, conn);
        conn.execute(&item(3, "c", None, 1)).expect("insert after");
        assert_eq!(item_ids(conn), [1, 3], "{name}");
    }
}

pub fn nested_transactions_are_savepoints(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.execute(&item(2, "b", None, 1)).expect("insert");
            {
                let mut inner = tx.transaction().expect("savepoint");
                inner.execute(&item(3, "c", None, 1)).expect("insert");
                assert_eq!(inner.transaction_depth(), 2, "{name}");
                assert_eq!(item_ids(&mut inner), [1, 2, 3], "{name}: the outer's rows are visible inside");
                inner.rollback().expect("rollback to savepoint");
            }
            {
                let mut inner = tx.transaction().expect("savepoint");
                inner.execute(&item(4, "d", None, 1)).expect("insert");
                inner.commit().expect("release");
            }
            {
                let mut dropped = tx.transaction().expect("savepoint");
                dropped.execute(&item(5, "e", None, 1)).expect("insert");
                // Dropped without commit: rolled back to the savepoint.
            }
            // A failed statement inside a savepoint leaves the outer transaction usable.
            {
                let mut inner = tx.transaction().expect("savepoint");
                let dup = inner.execute(&item(6, "a", None, 1));
                assert!(matches!(&dup, Err(Error::Integrity(e)) if e.kind == DbErrorKind::UniqueViolation), "{name}");
                inner.rollback().expect("rollback after a failure");
            }
            assert_eq!(tx.transaction_depth(), 1, "{name}");
            assert_eq!(item_ids(&mut tx), [1, 2, 4], "{name}");
            tx.commit().expect("commit");
        }
        assert_eq!(item_ids(conn), [1, 2, 4], "{name}");
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.transaction().expect("savepoint").commit().expect("release");
            tx.execute(&delete(dc_items::table())).expect("delete");
            // The outer one dropped, after a released savepoint: all of it is undone.
        }
        assert_eq!(item_ids(conn), [1, 2, 4], "{name}");
        assert_outside_a_transaction(name, conn);
    }
}

pub fn a_failed_statement_in_a_transaction_then_rollback_writes_nothing(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.execute(&item(2, "b", None, 1)).expect("insert");
            let failed = tx.execute(&item(3, "b", None, 1));
            assert!(matches!(&failed, Err(Error::Integrity(e)) if e.kind == DbErrorKind::UniqueViolation), "{name}");
            if name == "postgres" {
                // PostgreSQL aborts the whole transaction: everything is refused until it ends.
                let refused = tx.execute(&item(4, "d", None, 1));
                assert!(
                    matches!(&refused, Err(Error::Database(e)) if e.sqlstate.as_deref() == Some("25P02")),
                    "{name}: {refused:?}"
                );
            } else {
                // SQLite and MariaDB undo only the failed statement, whatever the failure: the
                // transaction goes on and still holds the first row.
                let missing = tx.all(&select([dc_scratch::id]));
                assert!(matches!(&missing, Err(Error::Database(e)) if e.kind == DbErrorKind::UndefinedObject));
                tx.execute(&item(4, "d", None, 1)).expect("the transaction goes on");
                assert_eq!(item_ids(&mut tx), [1, 2, 4], "{name}");
            }
            tx.rollback().expect("rollback");
        }
        assert_eq!(item_ids(conn), [1], "{name}: nothing was written");
        assert_outside_a_transaction(name, conn);
    }
}

// ----- reading rows -------------------------------------------------------------------------------

/// `dc_samples` with one full row (id 1) and one of NULLs (id 2).
fn add_samples(name: &str, conn: &mut dyn Connection) {
    let stmt = insert(dc_samples::table())
        .columns([
            dc_samples::id,
            dc_samples::big,
            dc_samples::small,
            dc_samples::name,
            dc_samples::maybe,
            dc_samples::ratio,
            dc_samples::flag,
            dc_samples::data,
        ])
        .row((1, 5_000_000_000i64, 42, "Ada", Some("here"), 0.25, true, vec![1u8, 2, 3]))
        .row((2, None::<i64>, None::<i64>, None::<&str>, None::<&str>, None::<f64>, None::<bool>, None::<Vec<u8>>));
    assert_eq!(conn.execute(&stmt).unwrap_or_else(|e| panic!("{name}: insert samples: {e}")), 2, "{name}");
}

fn sample(conn: &mut dyn Connection, id: i64) -> Row {
    conn.one(&select([star()]).from(dc_samples::table()).filter(dc_samples::id.eq(id))).expect("a sample row")
}

pub fn row_values_are_read_by_name_and_by_index_into_rust_types(e: &Engines) -> Result<()> {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        add_samples(name, conn);
        let row = sample(conn, 1);
        assert_eq!(row.columns(), ["id", "big", "small", "name", "maybe", "ratio", "flag", "data"], "{name}");
        assert_eq!(row.len(), 8, "{name}");

        assert_eq!((row.get::<i64>("big")?, row.get::<i64>(1)?), (5_000_000_000, 5_000_000_000), "{name}");
        assert_eq!((row.get::<i32>("small")?, row.get::<i32>(2)?), (42, 42), "{name}");
        assert_eq!((row.get::<String>("name")?, row.get::<String>(3)?), ("Ada".into(), "Ada".into()), "{name}");
        assert_eq!(row.get::<Option<String>>("maybe")?.as_deref(), Some("here"), "{name}");
        assert_eq!((row.get::<f64>("ratio")?, row.get::<f64>(5)?), (0.25, 0.25), "{name}");
        assert_eq!((row.get::<bool>("flag")?, row.get::<bool>(6)?), (true, true), "{name}");
        assert_eq!((row.get::<Vec<u8>>("data")?, row.get::<Vec<u8>>(7)?), (vec![1, 2, 3], vec![1, 2, 3]), "{name}");
        assert_eq!(row.value("name")?, &Value::Text("Ada".into()), "{name}");

        // The row of NULLs reads as None for every Option.
        let nulls = sample(conn, 2);
        assert_eq!(nulls.get::<Option<i64>>("big")?, None, "{name}");
        assert_eq!(nulls.get::<Option<i32>>("small")?, None, "{name}");
        assert_eq!(nulls.get::<Option<String>>("name")?, None, "{name}");
        assert_eq!(nulls.get::<Option<f64>>("ratio")?, None, "{name}");
        assert_eq!(nulls.get::<Option<bool>>("flag")?, None, "{name}");
        assert_eq!(nulls.get::<Option<Vec<u8>>>("data")?, None, "{name}");
        assert_eq!(nulls.values()[1..], vec![Value::Null; 7][..], "{name}");
    }
    Ok(())
}

pub fn reading_a_value_as_the_wrong_type_is_column_type_naming_the_column(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        add_samples(name, conn);
        let row = sample(conn, 1);
        let err = row.get::<String>("big").expect_err("an integer is not text");
        assert!(
            matches!(&err, Error::ColumnType(e) if e.column == "big" && (e.expected, e.found) == ("String", "integer")),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("big"), "{name}: {err}");
        // By index the column is still named.
        let err = row.get::<i64>(3).expect_err("text is not an integer");
        assert!(matches!(&err, Error::ColumnType(e) if e.column == "name" && e.found == "text"), "{name}: {err:?}");
        assert!(err.to_string().contains("name"), "{name}: {err}");
        for (column, result) in [
            ("name", row.get::<Vec<u8>>("name").map(|_| ())),
            ("big", row.get::<bool>("big").map(|_| ())),
            ("data", row.get::<f64>("data").map(|_| ())),
            ("ratio", row.get::<i64>("ratio").map(|_| ())),
        ] {
            assert!(matches!(&result, Err(Error::ColumnType(e)) if e.column == column), "{name}: {result:?}");
        }
        // NULL into a non-Option type.
        let nulls = sample(conn, 2);
        let err = nulls.get::<String>("name").expect_err("NULL is not a String");
        assert!(
            matches!(&err, Error::ColumnType(e) if e.column == "name" && e.found.contains("NULL")),
            "{name}: {err:?}"
        );
        let err = nulls.get::<i64>("big");
        assert!(matches!(&err, Err(Error::ColumnType(e)) if e.column == "big"), "{name}: {err:?}");
    }
}

pub fn unknown_column_name_or_index_past_the_end_is_no_such_column(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        add_samples(name, conn);
        let row = conn.one(&select([dc_samples::id, dc_samples::name]).filter(dc_samples::id.eq(1))).expect("one");
        let err = row.get::<i64>("nope").expect_err("no such name");
        assert!(
            matches!(&err, Error::NoSuchColumn(e) if e.column.contains("nope") && e.available == "id, name"),
            "{name}: {err:?}"
        );
        let err = row.get::<i64>(2).expect_err("index past the end");
        assert!(matches!(&err, Error::NoSuchColumn(e) if e.column == "2"), "{name}: {err:?}");
        assert!(matches!(row.value(99), Err(Error::NoSuchColumn(_))), "{name}");
        // Names are matched exactly.
        assert!(matches!(row.get::<i64>("ID"), Err(Error::NoSuchColumn(_))), "{name}");
        assert_eq!(row.get::<i64>("id").ok(), Some(1), "{name}");
    }
}

pub fn an_integer_too_large_for_the_rust_type_is_an_error(e: &Engines) {
    for (name, mut conn) in connections(e) {
        let conn = conn.as_mut();
        add_samples(name, conn);
        let row = conn.one(&select([dc_samples::big, dc_samples::small]).filter(dc_samples::id.eq(1))).expect("one");
        let err = row.get::<i32>("big").expect_err("5e9 does not fit in i32");
        assert!(
            matches!(&err, Error::ColumnType(e) if e.column == "big" && e.expected == "i32" && e.found.contains("range")),
            "{name}: {err:?}"
        );
        assert_eq!(row.get::<i64>("big").ok(), Some(5_000_000_000), "{name}");
        assert_eq!(row.get::<u8>("small").ok(), Some(42), "{name}");
        assert!(matches!(row.get::<i8>("big"), Err(Error::ColumnType(_))), "{name}");
        let negative = conn.one(&select([val(-1).label("n")])).expect("one");
        assert_eq!(negative.values(), [Value::Int(-1)], "{name}");
        assert_eq!(negative.get::<i64>("n").ok(), Some(-1), "{name}");
        let err = negative.get::<u32>("n");
        assert!(matches!(&err, Err(Error::ColumnType(e)) if e.column == "n"), "{name}: -1 is not a u32: {err:?}");
    }
}
