//! Build benchmarks: from the fixed inputs to (SQL, parameters) in each contender's own types,
//! the statement built from scratch and everything dropped inside the timed loop
//! (`Bencher::iter` drops each result before the next iteration, inside the measurement).
//!
//! * groups `q1`..`q10`: ids `qN/{pg,sqlite}/{sqlcore,sea-query,baseline}`;
//! * group `scale_q9_wide`: Q9 with 50, 500, 5000 OR'ed terms on PostgreSQL,
//!   ids `scale_q9_wide/{contender}/{n}`;
//! * group `scale_q10_deep`: Q10 nested 200, 2000, 20000 deep on PostgreSQL,
//!   ids `scale_q10_deep/{contender}/{n}`. sqlcore gets
//!   `PostgresDialect::default().with_max_expr_depth(..)` above the default limit of 1000.
//!
//! Everything runs on one thread with a 1 GiB stack, the same for every contender, so that
//! sea-query's recursive rendering of the 20,000-deep tree fits: it overflows a 2 MiB stack
//! (the default of a spawned thread) and fits in 8 MiB; sqlcore's fits in 2 MiB.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use sqlcore_benches::workload::{Db, Workload, q9_ids, q10};
use sqlcore_benches::{baseline_q, seaquery_q, sqlcore_q};

/// The stack of the benchmark thread.
const STACK: usize = 1 << 30;

macro_rules! workload_group {
    ($c:expr, $name:literal, $input:expr, $f:ident) => {{
        let input = $input;
        let mut g = $c.benchmark_group($name);
        for db in Db::ALL {
            g.bench_function(format!("{}/sqlcore", db.name()), |b| {
                b.iter(|| sqlcore_q::$f(black_box(db), black_box(input)).expect("sqlcore compiles"))
            });
            g.bench_function(format!("{}/sea-query", db.name()), |b| {
                b.iter(|| seaquery_q::$f(black_box(db), black_box(input)))
            });
            g.bench_function(format!("{}/baseline", db.name()), |b| {
                b.iter(|| baseline_q::$f(black_box(db), black_box(input)))
            });
        }
        g.finish();
    }};
}

fn workload(c: &mut Criterion) {
    let w = Workload::new();
    workload_group!(c, "q1", &w.q1, q1);
    workload_group!(c, "q2", &w.q2, q2);
    workload_group!(c, "q3", &w.q3, q3);
    workload_group!(c, "q4", &w.q4, q4);
    workload_group!(c, "q5", &w.q5, q5);
    workload_group!(c, "q6", &w.q6, q6);
    workload_group!(c, "q7", &w.q7[..], q7);
    workload_group!(c, "q8", &w.q8, q8);
    workload_group!(c, "q9", &w.q9[..], q9);
    workload_group!(c, "q10", &w.q10, q10);
}

fn scaling(c: &mut Criterion) {
    let db = Db::Pg;
    let mut g = c.benchmark_group("scale_q9_wide");
    for n in [50, 500, 5000] {
        let ids = q9_ids(n);
        let ids = &ids[..];
        g.bench_with_input(BenchmarkId::new("sqlcore", n), ids, |b, ids| {
            b.iter(|| sqlcore_q::q9(black_box(db), black_box(ids)).expect("sqlcore compiles"))
        });
        g.bench_with_input(BenchmarkId::new("sea-query", n), ids, |b, ids| {
            b.iter(|| seaquery_q::q9(black_box(db), black_box(ids)))
        });
        g.bench_with_input(BenchmarkId::new("baseline", n), ids, |b, ids| {
            b.iter(|| baseline_q::q9(black_box(db), black_box(ids)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("scale_q10_deep");
    for n in [200, 2000, 20_000] {
        let input = q10(n);
        // Room for the select list and the label above the `+` chain.
        let limit = n + 64;
        g.bench_with_input(BenchmarkId::new("sqlcore", n), &input, |b, input| {
            b.iter(|| sqlcore_q::q10_pg_deep(black_box(input), limit).expect("sqlcore compiles"))
        });
        g.bench_with_input(BenchmarkId::new("sea-query", n), &input, |b, input| {
            b.iter(|| seaquery_q::q10(black_box(db), black_box(input)))
        });
        g.bench_with_input(BenchmarkId::new("baseline", n), &input, |b, input| {
            b.iter(|| baseline_q::q10(black_box(db), black_box(input)))
        });
    }
    g.finish();
}

fn main() {
    let runner = std::thread::Builder::new()
        .name("bench".into())
        .stack_size(STACK)
        .spawn(|| {
            let mut c = Criterion::default().configure_from_args();
            workload(&mut c);
            scaling(&mut c);
            c.final_summary();
        })
        .expect("spawn the benchmark thread");
    runner.join().expect("benchmarks ran");
}
