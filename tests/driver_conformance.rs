//! The driver conformance suite: what every [`Connection`] must do the same way, checked
//! through `&mut dyn Connection` on SQLite, PostgreSQL and MariaDB. Each check runs on a
//! fresh database of its own. The `*_driver.rs` suites keep only what one engine does
//! differently (its URL, its types, its server's own errors).

#[macro_use]
mod common;
use common::*;
use sqlcore::Transaction;
use sqlcore::dsl::{col, lit};
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

fn schema() -> MetaData {
    MetaData::new().with(dc_parents::table()).and_then(|m| m.with(dc_items::table())).expect("schema")
}

/// A fresh connection per engine with the suite's tables and one parent (id 1) and one item.
fn connections() -> Vec<(&'static str, Box<dyn Connection>)> {
    engines()
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
    match conn.scalar_value(&select([sqlcore::func::count_star()]).from(dc_items::table())) {
        Ok(Value::Int(n)) => n,
        other => panic!("count: {other:?}"),
    }
}

/// The error's kind, with the engine's codes for the failure message.
fn kind_of<T: std::fmt::Debug>(name: &str, result: Result<T>) -> (bool, DbErrorKind) {
    match result {
        Err(Error::Integrity(e)) => (true, e.kind),
        Err(Error::Database(e)) => (false, e.kind),
        other => panic!("{name}: expected a database error, got {other:?}"),
    }
}

#[test]
fn constraint_violations_are_integrity_errors_of_their_kind() {
    for (name, mut conn) in connections() {
        let conn = conn.as_mut();
        let cases: [(&str, sqlcore::stmt::Insert, DbErrorKind); 5] = [
            ("duplicate key", item(1, "b", None, 1), DbErrorKind::UniqueViolation),
            ("duplicate unique column", item(2, "a", None, 1), DbErrorKind::UniqueViolation),
            ("missing parent", item(3, "c", Some(99), 1), DbErrorKind::ForeignKeyViolation),
            ("CHECK", item(4, "d", None, -1), DbErrorKind::CheckViolation),
            (
                "NOT NULL",
                insert(dc_items::table())
                    .value(dc_items::id, 5)
                    .value(dc_items::code, "e")
                    .value(dc_items::qty, Value::Null),
                DbErrorKind::NotNullViolation,
            ),
        ];
        for (what, stmt, expected) in cases {
            let (integrity, kind) = kind_of(name, conn.execute(&stmt));
            assert!(integrity, "{name}: {what} is an integrity error");
            assert_eq!(kind, expected, "{name}: {what}");
        }
        assert_eq!(count(conn), 1, "{name}: nothing was written");
    }
}

#[test]
fn other_failures_are_database_errors_of_their_kind() {
    for (name, mut conn) in connections() {
        let conn = conn.as_mut();
        assert_eq!(kind_of(name, conn.execute_raw("SELEC 1")), (false, DbErrorKind::Syntax), "{name}");
        let missing = select([sqlcore::func::count_star()]).from(authors::table().alias("a")).filter(col("nope").eq(1));
        assert_eq!(kind_of(name, conn.all(&missing)), (false, DbErrorKind::UndefinedObject), "{name}");
        let again = conn.execute_raw(&format!("CREATE TABLE {} (id INTEGER)", "dc_parents"));
        assert_eq!(kind_of(name, again), (false, DbErrorKind::AlreadyExists), "{name}");
        // The connection is still usable after each failure.
        assert_eq!(count(conn), 1, "{name}");
    }
}

#[test]
fn first_reads_one_row_and_one_wants_exactly_one() {
    for (name, mut conn) in connections() {
        let conn = conn.as_mut();
        // The second row's value overflows when computed (|i64::MIN|): reading all rows fails,
        // reading only the first does not.
        conn.execute(&item(2, "b", None, 1).value(dc_items::big, i64::MIN)).expect("insert");
        conn.execute(&update(dc_items::table()).set(dc_items::big, 7).filter(dc_items::id.eq(1))).expect("update");
        let q = select([sqlcore::func::func("abs", [dc_items::big.into_expr()]).label("a")])
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

#[test]
fn rows_affected_count_matched_rows() {
    for (name, mut conn) in connections() {
        let conn = conn.as_mut();
        for (id, code) in [(2, "b"), (3, "c")] {
            assert_eq!(conn.execute(&item(id, code, Some(1), 1)).expect("insert"), 1, "{name}");
        }
        // A row set to the value it has counts: rows matched, not rows changed, everywhere.
        let same = update(dc_items::table()).set(dc_items::qty, 1).filter(dc_items::id.ge(2));
        assert_eq!(conn.execute(&same).expect("update"), 2, "{name}");
        let none = update(dc_items::table()).set(dc_items::qty, 1).filter(dc_items::id.eq(99));
        assert_eq!(conn.execute(&none).expect("update"), 0, "{name}");
        assert_eq!(conn.execute(&delete(dc_items::table()).filter(dc_items::id.ge(2))).expect("delete"), 2, "{name}");
    }
}

#[test]
fn transactions_and_savepoints_keep_or_undo_their_work() {
    for (name, mut conn) in connections() {
        let conn = conn.as_mut();
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.execute(&item(2, "b", None, 1)).expect("insert");
            {
                let mut inner = tx.transaction().expect("savepoint");
                inner.execute(&item(3, "c", None, 1)).expect("insert");
                assert_eq!(inner.transaction_depth(), 2, "{name}");
                inner.rollback().expect("rollback to savepoint");
            }
            {
                let mut inner = tx.transaction().expect("savepoint");
                inner.execute(&item(4, "d", None, 1)).expect("insert");
                inner.commit().expect("release");
            }
            // A failed statement inside a savepoint leaves the outer transaction usable.
            {
                let mut inner = tx.transaction().expect("savepoint");
                assert!(inner.execute(&item(5, "a", None, 1)).is_err(), "{name}: duplicate code");
                inner.rollback().expect("rollback after a failure");
            }
            tx.commit().expect("commit");
        }
        let ids: Vec<Vec<Value>> = conn
            .all(&select([dc_items::id]).order_by(dc_items::id))
            .expect("ids")
            .into_iter()
            .map(Row::into_values)
            .collect();
        assert_eq!(ids, vec![row![1], row![2], row![4]], "{name}");
        {
            let mut tx = Transaction::begin(&mut *conn).expect("begin");
            tx.execute(&delete(dc_items::table())).expect("delete");
            // Dropped without commit: rolled back.
        }
        assert_eq!(conn.transaction_depth(), 0, "{name}");
        assert_eq!(count(conn), 3, "{name}: the dropped transaction was undone");
    }
}

#[test]
fn limits_are_bound_and_values_round_trip() {
    for (name, mut conn) in connections() {
        let conn = conn.as_mut();
        for id in 2..=6 {
            conn.execute(&item(id, &format!("c{id}"), Some(1), id * 10).value(dc_items::big, -id * 1_000_000_000_000))
                .expect("insert");
        }
        let page = select((dc_items::id, dc_items::code, dc_items::big)).order_by(dc_items::id).limit(2).offset(3);
        let rows: Vec<Vec<Value>> = conn.all(&page).expect("page").into_iter().map(Row::into_values).collect();
        assert_eq!(rows, vec![row![4, "c4", -4_000_000_000_000_i64], row![5, "c5", -5_000_000_000_000_i64]], "{name}");
        conn.drop_all(&schema()).expect("drop_all");
        assert!(conn.all(&select([dc_items::id])).is_err(), "{name}: the tables are gone");
    }
}
