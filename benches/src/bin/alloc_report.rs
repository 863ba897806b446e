//! Heap allocations per build (statement built from scratch, compiled to SQL + parameters,
//! then dropped) for each Qn × dialect × contender, counted by a `#[global_allocator]` around
//! `System` (calls to alloc, alloc_zeroed and realloc). Prints a markdown table.
//!
//! `cargo run --release -p sqlcore-benches --bin alloc_report`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use sqlcore_benches::{Contender, Db, QUERIES, Workload, run_baseline, run_seaquery, run_sqlcore};

struct Counting;

static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counters have no effect on it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size.saturating_sub(layout.size()) as u64, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Allocation calls and bytes requested during `f` (its result dropped inside).
fn count<T>(f: impl FnOnce() -> T) -> (u64, u64) {
    let (c0, b0) = (CALLS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed));
    drop(std::hint::black_box(f()));
    (CALLS.load(Ordering::Relaxed) - c0, BYTES.load(Ordering::Relaxed) - b0)
}

fn measure(q: &str, db: Db, contender: Contender, w: &Workload) -> (u64, u64) {
    // Once untimed, so one-time work (the `table!` definitions, built on first use) is not
    // counted; then the minimum of a few runs.
    let once = || match contender {
        Contender::Sqlcore => count(|| run_sqlcore(q, db, w).expect("sqlcore compiles")),
        Contender::SeaQuery => count(|| run_seaquery(q, db, w)),
        Contender::Baseline => count(|| run_baseline(q, db, w)),
    };
    once();
    (0..3).map(|_| once()).min().unwrap_or_default()
}

fn main() {
    let w = Workload::new();
    println!("Heap allocation calls (alloc + alloc_zeroed + realloc) per build + compile + drop;");
    println!("bytes requested in brackets.\n");
    println!("| query | dialect | sqlcore | sea-query | baseline | sqlcore / sea-query |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut totals = [0u64; 3];
    for q in QUERIES {
        for db in Db::ALL {
            let m: Vec<(u64, u64)> = Contender::ALL.iter().map(|&c| measure(q, db, c, &w)).collect();
            for (t, (calls, _)) in totals.iter_mut().zip(&m) {
                *t += calls;
            }
            let ratio = m[0].0 as f64 / m[1].0.max(1) as f64;
            println!(
                "| {q} | {} | {} ({} B) | {} ({} B) | {} ({} B) | {ratio:.2} |",
                db.name(),
                m[0].0,
                m[0].1,
                m[1].0,
                m[1].1,
                m[2].0,
                m[2].1
            );
        }
    }
    let ratio = totals[0] as f64 / totals[1].max(1) as f64;
    println!("| **total** | | {} | {} | {} | {ratio:.2} |", totals[0], totals[1], totals[2]);
}
