//! Builds and compiles one workload statement in a loop, for `perf record` / callgrind.
//!
//! `cargo build --release -p sqlcore-benches --bin profile_loop`, then
//! `perf record -g target/release/profile_loop q10 pg 20000` (add `cached` as a fourth
//! argument to compile through a warm `StatementCache`, `lookup` for the cached compile alone,
//! `build` for building and dropping alone, `seaquery` or `baseline` to run that contender
//! instead, for instruction counts side by side; `e2e` runs Q1 end to end on SQLite through
//! `SqliteConnection::all` over the workload data, `e2e-raw` the same with raw rusqlite).

use sqlcore::cache::StatementCache;
use sqlcore_benches::{Db, Workload, run_baseline, run_seaquery, run_sqlcore, sqlcore_q};
use sqlcore_postgres::PostgresDialect;

fn main() {
    let mut args = std::env::args().skip(1);
    let q = args.next().unwrap_or_else(|| "q1".to_owned());
    let db = match args.next().as_deref() {
        Some("sqlite") => Db::Sqlite,
        _ => Db::Pg,
    };
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let mode = args.next();
    let cached = mode.as_deref() == Some("cached");
    if mode.as_deref() == Some("lookup") {
        // The cached compile alone, of one statement built once.
        let mut cache = StatementCache::new(PostgresDialect::default(), 64);
        let stmt = sqlcore_q::stmt(&q, &Workload::default());
        let mut params = 0usize;
        for _ in 0..n {
            params += cache.compile(stmt.as_ref()).expect("the workload compiles").params().len();
        }
        println!("{q}: {n} lookups, {params} parameters");
        return;
    }
    let w = Workload::default();
    if let Some(e2e @ ("e2e" | "e2e-raw")) = mode.as_deref() {
        end_to_end_q1(e2e == "e2e-raw", n, &w);
        return;
    }
    if mode.as_deref() == Some("build") {
        // Building and dropping the statement alone.
        for _ in 0..n {
            drop(std::hint::black_box(sqlcore_q::stmt(&q, &w)));
        }
        println!("{q}: {n} builds");
        return;
    }
    let mut bytes = 0usize;
    if mode.as_deref() == Some("seaquery") {
        for _ in 0..n {
            bytes += run_seaquery(&q, db, &w).0.len();
        }
    } else if mode.as_deref() == Some("baseline") {
        for _ in 0..n {
            bytes += run_baseline(&q, db, &w).0.len();
        }
    } else if cached {
        let mut cache = StatementCache::new(PostgresDialect::default(), 64);
        for _ in 0..n {
            let stmt = sqlcore_q::stmt(&q, &w);
            bytes += cache.compile(stmt.as_ref()).expect("the workload compiles").sql().len();
        }
    } else {
        for _ in 0..n {
            let c = run_sqlcore(&q, db, &w).expect("the workload compiles");
            bytes += c.sql.len();
        }
    }
    println!("{q}: {n} builds, {bytes} bytes of SQL");
}

/// Q1 end to end on SQLite, `n` times: through sqlcore's connection, or raw rusqlite with
/// `prepare_cached` reading every column borrowed (as the `exec` bench's contenders do).
fn end_to_end_q1(raw: bool, n: u64, w: &Workload) {
    use sqlcore::Connection;
    let mut conn = sqlcore_benches::exec_data::open();
    let mut cells = 0usize;
    for _ in 0..n {
        if raw {
            let mut stmt =
                conn.rusqlite().prepare_cached("SELECT id, name, email FROM users WHERE id = ?").expect("prepare");
            stmt.raw_bind_parameter(1, w.q1.id).expect("bind");
            let width = stmt.column_count();
            let mut rows = stmt.raw_query();
            while let Some(row) = rows.next().expect("step") {
                for i in 0..width {
                    std::hint::black_box(row.get_ref(i).expect("column"));
                    cells += 1;
                }
            }
        } else {
            for row in conn.all(&sqlcore_q::q1_stmt(&w.q1)).expect("q1") {
                cells += std::hint::black_box(row).len();
            }
        }
    }
    println!("q1 end to end: {n} runs, {cells} cells");
}
