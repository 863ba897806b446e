//! End-to-end on SQLite (in memory) for Q1, Q2 and Q7 over the workload data: 10,000 users,
//! 1,000 products, 50,000 orders, filled deterministically.
//!
//! * `raw`: hand-written SQL (constant text), `prepare_cached`, bind, step every row and read
//!   every column (`get_ref`);
//! * `sqlcore`: build + compile + execute through `SqliteConnection` (`all` for queries, which
//!   steps every row into owned `Row`s; `execute` inside `transaction()` for Q7);
//! * `sea-query`: build, `prepare_cached`, bind its `Values`, step every row and read every
//!   column as `raw` does.
//!
//! Q7 runs inside a transaction rolled back every iteration, so each sees the same data.
//! All three share one connection (sqlcore's, whose rusqlite connection the others use), so
//! the pragmas sqlcore sets (`foreign_keys`, `case_sensitive_like`) hold for all of them.

use std::hint::black_box;

use criterion::Criterion;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, ToSql};
use sqlcore::Connection;
use sqlcore_benches::exec_data::open;
use sqlcore_benches::workload::{Db, OrderRow, STATUSES, Workload};
use sqlcore_benches::{seaquery_q, sqlcore_q};

const RAW_Q1: &str = "SELECT id, name, email FROM users WHERE id = ?";
const RAW_Q2: &str = "SELECT u.id, u.name, COUNT(o.id) AS order_count, SUM(o.total_cents) AS revenue \
    FROM users AS u \
    INNER JOIN orders AS o ON o.user_id = u.id \
    INNER JOIN products AS p ON p.id = o.product_id \
    WHERE u.country = ? AND p.category IN (?, ?, ?, ?, ?) AND u.email LIKE ? \
    AND o.created_at BETWEEN ? AND ? \
    GROUP BY u.id, u.name HAVING COUNT(o.id) > ? \
    ORDER BY revenue DESC, u.id ASC LIMIT ? OFFSET ?";

/// The hand-written Q7 for `rows` rows (constant text, spelled out once at setup).
fn raw_q7_sql(rows: usize) -> String {
    let tuples = vec!["(?, ?, ?, ?)"; rows];
    format!("INSERT INTO orders (user_id, product_id, quantity, status) VALUES {}", tuples.join(", "))
}

/// Steps every row, reading every column.
fn step_all(stmt: &mut CachedStatement<'_>) -> usize {
    let width = stmt.column_count();
    let mut rows = stmt.raw_query();
    let mut n = 0;
    while let Some(row) = rows.next().expect("step") {
        for i in 0..width {
            black_box(row.get_ref(i).expect("column"));
        }
        n += 1;
    }
    n
}

/// A sea-query value bound through rusqlite.
struct SeaParam<'a>(&'a sea_query::Value);

impl ToSql for SeaParam<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use sea_query::Value as V;
        Ok(ToSqlOutput::Borrowed(match self.0 {
            V::Bool(Some(b)) => ValueRef::Integer(i64::from(*b)),
            V::Int(Some(n)) => ValueRef::Integer(i64::from(*n)),
            V::BigInt(Some(n)) => ValueRef::Integer(*n),
            V::BigUnsigned(Some(n)) => {
                ValueRef::Integer(i64::try_from(*n).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?)
            }
            V::String(Some(s)) => ValueRef::Text(s.as_bytes()),
            V::Bool(None) | V::Int(None) | V::BigInt(None) | V::BigUnsigned(None) | V::String(None) => ValueRef::Null,
            other => {
                return Err(rusqlite::Error::ToSqlConversionFailure(format!("unbound value {other:?}").into()));
            }
        }))
    }
}

/// Prepares (cached) sea-query's SQL and binds its values.
fn sea_prepare<'c>(db: &'c rusqlite::Connection, built: &seaquery_q::Built) -> CachedStatement<'c> {
    let mut stmt = db.prepare_cached(&built.0).expect("prepare");
    for (i, v) in built.1.0.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, SeaParam(v)).expect("bind");
    }
    stmt
}

fn bind_q7_rows(stmt: &mut CachedStatement<'_>, rows: &[OrderRow]) {
    for (k, r) in rows.iter().enumerate() {
        let at = 4 * k + 1;
        stmt.raw_bind_parameter(at, r.user_id).expect("bind");
        stmt.raw_bind_parameter(at + 1, r.product_id).expect("bind");
        stmt.raw_bind_parameter(at + 2, r.quantity).expect("bind");
        stmt.raw_bind_parameter(at + 3, r.status).expect("bind");
    }
}

fn exec(c: &mut Criterion) {
    let w = Workload::new();
    let mut conn = open();

    // The three agree on the results before anything is timed.
    {
        let rows = conn.all(&sqlcore_q::q2_stmt(&w.q2)).expect("sqlcore q2");
        let db = conn.rusqlite();
        let mut stmt = sea_prepare(db, &seaquery_q::q2(Db::Sqlite, &w.q2));
        let sea = step_all(&mut stmt);
        drop(stmt);
        assert!(!rows.is_empty() && rows.len() == sea, "Q2 rows: sqlcore {}, sea-query {sea}", rows.len());
        let q1 = conn.all(&sqlcore_q::q1_stmt(&w.q1)).expect("sqlcore q1");
        assert_eq!(q1.len(), 1);
        eprintln!("exec data ready: Q1 1 row, Q2 {} rows, Q7 inserts {} rows", rows.len(), w.q7.len());
        assert!(STATUSES.contains(&w.q7[0].status));
    }

    let mut g = c.benchmark_group("exec_q1");
    g.bench_function("sqlite/raw", |b| {
        let db = conn.rusqlite();
        b.iter(|| {
            let mut stmt = db.prepare_cached(RAW_Q1).expect("prepare");
            stmt.raw_bind_parameter(1, black_box(w.q1.id)).expect("bind");
            step_all(&mut stmt)
        })
    });
    g.bench_function("sqlite/sqlcore", |b| b.iter(|| conn.all(&sqlcore_q::q1_stmt(black_box(&w.q1))).expect("q1")));
    g.bench_function("sqlite/sea-query", |b| {
        let db = conn.rusqlite();
        b.iter(|| {
            let built = seaquery_q::q1(Db::Sqlite, black_box(&w.q1));
            let mut stmt = sea_prepare(db, &built);
            step_all(&mut stmt)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("exec_q2");
    g.bench_function("sqlite/raw", |b| {
        let db = conn.rusqlite();
        b.iter(|| {
            let i = black_box(&w.q2);
            let mut stmt = db.prepare_cached(RAW_Q2).expect("prepare");
            stmt.raw_bind_parameter(1, i.country).expect("bind");
            for (k, cat) in i.categories.iter().enumerate() {
                stmt.raw_bind_parameter(2 + k, cat).expect("bind");
            }
            stmt.raw_bind_parameter(7, i.email_pattern).expect("bind");
            stmt.raw_bind_parameter(8, i.created_from).expect("bind");
            stmt.raw_bind_parameter(9, i.created_to).expect("bind");
            stmt.raw_bind_parameter(10, i.min_orders).expect("bind");
            stmt.raw_bind_parameter(11, i.limit).expect("bind");
            stmt.raw_bind_parameter(12, i.offset).expect("bind");
            step_all(&mut stmt)
        })
    });
    g.bench_function("sqlite/sqlcore", |b| b.iter(|| conn.all(&sqlcore_q::q2_stmt(black_box(&w.q2))).expect("q2")));
    g.bench_function("sqlite/sea-query", |b| {
        let db = conn.rusqlite();
        b.iter(|| {
            let built = seaquery_q::q2(Db::Sqlite, black_box(&w.q2));
            let mut stmt = sea_prepare(db, &built);
            step_all(&mut stmt)
        })
    });
    g.finish();

    let raw_q7 = raw_q7_sql(w.q7.len());
    let mut g = c.benchmark_group("exec_q7");
    g.bench_function("sqlite/raw", |b| {
        let db = conn.rusqlite();
        b.iter(|| {
            let tx = db.unchecked_transaction().expect("begin");
            let mut stmt = tx.prepare_cached(&raw_q7).expect("prepare");
            bind_q7_rows(&mut stmt, black_box(&w.q7));
            let n = stmt.raw_execute().expect("insert");
            drop(stmt);
            tx.rollback().expect("rollback");
            n
        })
    });
    g.bench_function("sqlite/sqlcore", |b| {
        b.iter(|| {
            let mut tx = conn.transaction().expect("begin");
            let n = tx.execute(&sqlcore_q::q7_stmt(black_box(&w.q7))).expect("insert");
            tx.rollback().expect("rollback");
            n
        })
    });
    g.bench_function("sqlite/sea-query", |b| {
        let db = conn.rusqlite();
        b.iter(|| {
            let tx = db.unchecked_transaction().expect("begin");
            let built = seaquery_q::q7(Db::Sqlite, black_box(&w.q7));
            let mut stmt = sea_prepare(&tx, &built);
            let n = stmt.raw_execute().expect("insert");
            drop(stmt);
            tx.rollback().expect("rollback");
            n
        })
    });
    g.finish();

    // Every iteration was rolled back: the table holds the generated orders only.
    let n: i64 = conn.rusqlite().query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0)).expect("count");
    assert_eq!(n, 50_000, "Q7 iterations were rolled back");
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    exec(&mut c);
    c.final_summary();
}
