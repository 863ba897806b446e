//! The `compile` property on stable Rust: about 2,000 generated statements, each compiled for
//! SQLite, PostgreSQL, MariaDB and MySQL, scanned, parsed and prepared on SQLite.

use sqlcore_props::compile;
use sqlcore_props::spec::StmtSpec;

/// Cases per run; `SQLCORE_PROPS_CASES` raises it for a longer hunt.
fn case_count(default: usize) -> usize {
    std::env::var("SQLCORE_PROPS_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn generated_statements_compile_parse_and_prepare_on_every_dialect() {
    let mut failures = Vec::new();
    let mut ran = 0;
    let n = case_count(2000);
    for (i, spec) in sqlcore_props::cases::<StmtSpec>(0x5eed_c0de, n, 1024) {
        ran += 1;
        if let Err(v) = compile::check(&spec) {
            failures.push(format!("case {i}: {v}\n  spec: {spec:?}"));
        }
    }
    assert!(ran * 4 > n * 3, "only {ran} of {n} cases generated");
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n{}", failures.len(), failures.join("\n\n"));
}

/// A smaller batch run for real on PostgreSQL, MariaDB and SQLite: the engines may refuse
/// the data (division by zero, overflow, a constraint), never the SQL.
#[test]
fn generated_statements_run_on_the_live_engines() {
    let mut engines: Vec<Box<dyn sqlcore::Connection>> = Vec::new();
    let mut sqlite = sqlcore_sqlite::SqliteConnection::open_in_memory().expect("sqlite");
    sqlcore::Connection::create_all(&mut sqlite, &sqlcore_props::build::metadata()).expect("schema");
    engines.push(Box::new(sqlite));
    for conn in [sqlcore_props::engines::postgres(), sqlcore_props::engines::mysql()] {
        if let Some(mut conn) = conn.expect("a required server is not reachable") {
            conn.create_all(&sqlcore_props::build::metadata()).expect("create the fuzz schema");
            engines.push(conn);
        }
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    for (i, spec) in sqlcore_props::cases::<StmtSpec>(0x11e_5eed, case_count(300), 1024) {
        ran += 1;
        for conn in &mut engines {
            if let Err(v) = compile::check_live(&spec, conn.as_mut()) {
                failures.push(format!("case {i}: {v}\n  spec: {spec:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures in {ran} cases:\n{}", failures.len(), failures.join("\n\n"));
}

/// The `cache` property over the same generated statements: through small shared caches
/// (entries made by other statements of the same shape, evictions), every statement gets
/// exactly the SQL, parameters or error a fresh compile gives.
#[test]
fn generated_statements_compile_the_same_through_the_statement_cache() {
    let mut caches = sqlcore_props::cache::Caches::new(32);
    let mut failures = Vec::new();
    let n = case_count(2000);
    for (i, spec) in sqlcore_props::cases::<StmtSpec>(0x5eed_c0de, n, 1024) {
        if let Err(v) = sqlcore_props::cache::check(&mut caches, &spec) {
            failures.push(format!("case {i}: {v}\n  spec: {spec:?}"));
        }
    }
    assert!(caches.hits() > n as u64, "too few cache hits to test anything: {}", caches.hits());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
}
