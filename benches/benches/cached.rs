//! The compiled-statement cache on the workload, for each Qn on PostgreSQL and SQLite:
//!
//! * `cached/qN/{db}/lookup`: `StatementCache::compile` of an already built statement whose
//!   shape is cached: the shape walk, the key lookup and the parameters collected (the
//!   statement is built and dropped outside the measurement);
//! * `cached/qN/{db}/build+lookup`: the statement built from scratch, compiled through the
//!   warm cache and dropped: what a program re-running a known statement pays, to compare with
//!   `qN/{db}/sqlcore` of the `build` benchmark (built and compiled without a cache).

use std::hint::black_box;

use criterion::{BatchSize, Criterion};
use sqlcore::Compile;
use sqlcore::cache::StatementCache;
use sqlcore::compile::Dialect;
use sqlcore_benches::workload::Db;
use sqlcore_benches::{QUERIES, Workload, sqlcore_q};
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

fn bench_dialect<D: Dialect>(c: &mut Criterion, w: &Workload, db: Db, dialect: D) {
    let mut cache = StatementCache::new(dialect, 64);
    for q in QUERIES {
        // Warm: the first compile of the shape is the miss.
        let warm = sqlcore_q::stmt(q, w);
        cache.compile(warm.as_ref()).expect("compiles");
        let mut g = c.benchmark_group(format!("cached/{q}"));
        g.bench_function(format!("{}/lookup", db.name()), |b| {
            b.iter_batched_ref(
                || sqlcore_q::stmt(q, w),
                |stmt| cache.compile(black_box(stmt.as_ref())).expect("compiles"),
                BatchSize::SmallInput,
            )
        });
        g.bench_function(format!("{}/build+lookup", db.name()), |b| {
            b.iter(|| {
                let stmt: Box<dyn Compile> = sqlcore_q::stmt(black_box(q), black_box(w));
                cache.compile(stmt.as_ref()).expect("compiles")
            })
        });
        g.finish();
    }
    let stats = cache.stats();
    assert_eq!(stats.misses, QUERIES.len() as u64, "every statement is cacheable and hit: {stats:?}");
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let w = Workload::new();
    bench_dialect(&mut c, &w, Db::Pg, PostgresDialect::default());
    bench_dialect(&mut c, &w, Db::Sqlite, SqliteDialect::default());
    c.final_summary();
}
