//! The `schema_diff` property on the three engines: 200 random pairs of schemas each (set
//! `SQLCORE_PROPS_CASES` for more), A created and filled, `diff(A, B)` applied, the result
//! reflected and compared with B, the surviving values compared row by row.

use sqlcore::Connection;
use sqlcore_props::SplitMix64;
use sqlcore_props::schema_diff::{self, DiffCase};

fn case_count() -> usize {
    std::env::var("SQLCORE_PROPS_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
}

fn cases(seed: u64) -> Vec<DiffCase> {
    let mut rng = SplitMix64::new(seed);
    (0..case_count()).map(|_| schema_diff::generate(&mut rng)).collect()
}

fn run_all(engine: &str, conn: &mut dyn Connection, seed: u64) {
    let cases = cases(seed);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        if let Err(v) = schema_diff::check_on(case, conn) {
            failures.push(format!("case {i} (seed {seed:#x}): {v}\n  A: {:?}\n  B: {:?}", case.a, case.b));
            if failures.len() >= 3 {
                break;
            }
        }
    }
    eprintln!("{engine}: {} schema pairs", cases.len());
    assert!(failures.is_empty(), "{engine}: {} failures:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn random_schema_changes_apply_reflect_as_the_target_and_keep_values_on_sqlite() {
    let mut conn = sqlcore_sqlite::SqliteConnection::open_in_memory().expect("open SQLite");
    run_all("sqlite", &mut conn, 0x5c4e_3a01);
}

#[test]
fn random_schema_changes_apply_reflect_as_the_target_and_keep_values_on_postgres() {
    if let Some(mut conn) = sqlcore_props::engines::postgres().expect("a required server is not reachable") {
        run_all("postgres", conn.as_mut(), 0x5c4e_3a02);
    }
}

#[test]
fn random_schema_changes_apply_reflect_as_the_target_and_keep_values_on_mariadb() {
    if let Some(mut conn) = sqlcore_props::engines::mysql().expect("a required server is not reachable") {
        run_all("mariadb", conn.as_mut(), 0x5c4e_3a03);
    }
}
