//! Builds and compiles one workload statement in a loop, for `perf record` / callgrind.
//!
//! `cargo build --release -p sqlcore-benches --bin profile_loop`, then
//! `perf record -g target/release/profile_loop q10 pg 20000`.

use sqlcore_benches::{Db, Workload, run_sqlcore};

fn main() {
    let mut args = std::env::args().skip(1);
    let q = args.next().unwrap_or_else(|| "q1".to_owned());
    let db = match args.next().as_deref() {
        Some("sqlite") => Db::Sqlite,
        _ => Db::Pg,
    };
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let w = Workload::default();
    let mut bytes = 0usize;
    for _ in 0..n {
        let c = run_sqlcore(&q, db, &w).expect("the workload compiles");
        bytes += c.sql.len();
    }
    println!("{q}: {n} builds, {bytes} bytes of SQL");
}
