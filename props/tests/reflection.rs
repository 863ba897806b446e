//! The `schema_reflection` property on the three engines: 200 random schemas each (set
//! `SQLCORE_PROPS_CASES` for more) created, reflected, and compared with their model.

use sqlcore::Connection;
use sqlcore_props::SplitMix64;
use sqlcore_props::reflection;

fn case_count() -> usize {
    std::env::var("SQLCORE_PROPS_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
}

fn run_all(engine: &str, conn: &mut dyn Connection, seed: u64) {
    let mut rng = SplitMix64::new(seed);
    let mut failures = Vec::new();
    let mut tables = 0;
    for i in 0..case_count() {
        let schema = reflection::generate(&mut rng);
        tables += schema.tables().count();
        if let Err(v) = reflection::check_on(&schema, conn) {
            failures.push(format!("case {i} (seed {seed:#x}): {v}\n  schema: {schema:?}"));
            if failures.len() >= 3 {
                break;
            }
            // A failed case may have left tables behind.
            let _ = conn.drop_all(&schema);
        }
    }
    eprintln!("{engine}: {} schemas, {tables} tables", case_count());
    assert!(failures.is_empty(), "{engine}: {} failures:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn random_schemas_reflect_back_as_they_were_made_on_sqlite() {
    let mut conn = sqlcore_sqlite::SqliteConnection::open_in_memory().expect("open SQLite");
    run_all("sqlite", &mut conn, 0x7ef1_0001);
}

#[test]
fn random_schemas_reflect_back_as_they_were_made_on_postgres() {
    if let Some(mut conn) = sqlcore_props::engines::postgres().expect("a required server is not reachable") {
        run_all("postgres", conn.as_mut(), 0x7ef1_0002);
    }
}

#[test]
fn random_schemas_reflect_back_as_they_were_made_on_mariadb() {
    if let Some(mut conn) = sqlcore_props::engines::mysql().expect("a required server is not reachable") {
        run_all("mariadb", conn.as_mut(), 0x7ef1_0003);
    }
}
