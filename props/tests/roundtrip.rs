//! The `roundtrip` property on stable Rust: about 2,000 generated cases of names and values
//! on SQLite, and a smaller batch on PostgreSQL and MariaDB.

use sqlcore_props::roundtrip::{self, RoundtripCase};

fn case_count(default: usize) -> usize {
    std::env::var("SQLCORE_PROPS_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn generated_names_and_values_round_trip_on_sqlite() {
    let n = case_count(2000);
    let mut failures = Vec::new();
    let (mut ran, mut stored) = (0, 0);
    for (i, case) in sqlcore_props::cases::<RoundtripCase>(0x0dd_ba11, n, 512) {
        ran += 1;
        match roundtrip::check(&case) {
            Ok(rows) => stored += rows,
            Err(v) => failures.push(format!("case {i}: {v}\n  case: {case:?}")),
        }
    }
    eprintln!("{ran} cases, {stored} rows stored and read back");
    assert!(ran * 4 > n * 3, "only {ran} of {n} cases generated");
    assert!(stored > ran, "too few rows exercised: {stored} in {ran} cases");
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn generated_names_and_values_round_trip_on_the_servers() {
    let mut engines = Vec::new();
    for conn in [sqlcore_props::engines::postgres(), sqlcore_props::engines::mysql()] {
        if let Some(mut conn) = conn.expect("a required server is not reachable") {
            roundtrip::prepare(conn.as_mut()).expect("sentinel table");
            engines.push(conn);
        }
    }
    let mut failures = Vec::new();
    for (i, case) in sqlcore_props::cases::<RoundtripCase>(0xface_feed, case_count(150), 512) {
        for conn in &mut engines {
            if let Err(v) = roundtrip::check_on(&case, conn.as_mut()).map(|_| ()) {
                failures.push(format!("case {i}: {v}\n  case: {case:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
}
