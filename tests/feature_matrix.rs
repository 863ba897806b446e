//! docs/feature-matrix.md is generated from each dialect's `Dialect::support`; this test
//! fails when the two disagree. Regenerate with `SQLCORE_BLESS=1 cargo test --test feature_matrix`.

use sqlcore::compile::{Dialect, Feature, Support};
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

fn cell(s: Support) -> String {
    match s {
        Support::Native => "native".to_string(),
        Support::Emulated(how) => format!("emulated (`{how:?}`): {how}"),
        Support::Unsupported(hint) => format!("**unsupported**: {hint}"),
    }
}

fn render() -> String {
    let dialects: Vec<Box<dyn Dialect>> = vec![
        Box::new(SqliteDialect::default()),
        Box::new(SqliteDialect::with_version(3, 38, 0)),
        Box::new(PostgresDialect::default()),
        Box::new(MySqlDialect::default()),
        Box::new(MySqlDialect::mariadb()),
    ];
    let mut out = String::from(
        "# Feature matrix\n\n\
         Generated from each dialect's `Dialect::support` by `tests/feature_matrix.rs` \
         (`SQLCORE_BLESS=1 cargo test --test feature_matrix` rewrites it; the test fails when \
         this file and the code disagree).\n\n\
         Every construct is native, emulated (a rewrite with the same result, named here), or \
         unsupported (compiling it returns `Error::Unsupported` with the hint shown).\n\n",
    );
    for d in &dialects {
        out.push_str(&format!("## {}\n\n| construct | support |\n|---|---|\n", d.describe()));
        for f in Feature::ALL {
            out.push_str(&format!("| {} | {} |\n", f.as_str(), cell(d.support(*f))));
        }
        out.push('\n');
    }
    out
}

#[test]
fn feature_matrix_doc_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/feature-matrix.md");
    let generated = render();
    if std::env::var_os("SQLCORE_BLESS").is_some() {
        std::fs::write(path, &generated).expect("write docs/feature-matrix.md");
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/feature-matrix.md is out of date; run SQLCORE_BLESS=1 cargo test --test feature_matrix"
    );
}
