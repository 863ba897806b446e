//! Builds and compiles one workload statement in a loop, for `perf record` / callgrind.
//!
//! `cargo build --release -p sqlcore-benches --bin profile_loop`, then
//! `perf record -g target/release/profile_loop q10 pg 20000` (add `cached` as a fourth
//! argument to compile through a warm `StatementCache`, `lookup` for the cached compile alone,
//! `build` for building and dropping alone, `seaquery` or `baseline` to run that contender
//! instead, for instruction counts side by side).

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
