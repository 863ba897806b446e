//! The command line: `--help` on every command, the URL from `--url` or `DATABASE_URL`, a
//! progress line per revision, and `check` failing (exit 1) while the database is behind.

use std::process::ExitCode;

use clap::Parser;
use sqlcore::prelude::*;
use sqlcore_migrate::Migrator;
use sqlcore_migrate::cli::{Cli, execute};

const COMMANDS: [&str; 10] =
    ["init", "revision", "upgrade", "downgrade", "current", "history", "heads", "check", "stamp", "merge"];

#[test]
fn every_command_has_help() {
    for command in COMMANDS {
        let e = Cli::try_parse_from(["migrate", command, "--help"]).expect_err("help exits");
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{command}");
        assert!(e.to_string().contains("Usage: migrate"), "{command}: {e}");
    }
    let top = Cli::try_parse_from(["migrate", "--help"]).expect_err("help").to_string();
    for command in COMMANDS {
        assert!(top.contains(command), "{command} listed in --help: {top}");
    }
    assert!(top.contains("DATABASE_URL"), "{top}");
}

fn model(with_age: bool) -> MetaData {
    let mut b = Table::builder("users")
        .column(Column::new("id", SqlType::BigInt).primary_key())
        .column(Column::new("username", SqlType::Varchar(80)).not_null());
    if with_age {
        b = b.column(Column::new("age", SqlType::Integer));
    }
    MetaData::new().with(b.build()).expect("md")
}

fn run(dir: &std::path::Path, with_age: bool, args: &[&str]) -> (ExitCode, String) {
    let mut argv = vec!["migrate"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).expect("parse");
    let mut out = Vec::new();
    let code = execute(Migrator::new(dir, model(with_age)), cli, &mut out).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    (code, String::from_utf8(out).expect("utf8"))
}

#[test]
fn the_workflow_through_the_command_line_on_sqlite() {
    let tmp = std::env::temp_dir().join(format!("sqlcore-migrate-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("tmp");
    let dir = tmp.join("migrations");
    let url = format!("sqlite:{}", tmp.join("app.db").display());
    let u = url.as_str();
    run(&dir, false, &["init"]);
    let (_, said) = run(&dir, false, &["revision", "--autogenerate", "-m", "create users"]);
    assert!(said.contains("[safe] create table users"), "{said}");
    let (code, said) = run(&dir, false, &["--url", u, "check"]);
    assert_eq!(code, ExitCode::FAILURE, "behind head: {said}");
    assert!(said.contains("behind head"), "{said}");
    let (_, said) = run(&dir, false, &["--url", u, "upgrade"]);
    assert!(said.starts_with("upgraded ") && said.contains("create users"), "{said}");
    assert_eq!(run(&dir, false, &["--url", u, "check"]).0, ExitCode::SUCCESS);
    // The model changes: check fails until a revision records it and it is applied.
    let (code, said) = run(&dir, true, &["--url", u, "check"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(said.contains("no revision makes") && said.contains("add column users.age"), "{said}");
    run(&dir, true, &["--url", u, "revision", "--autogenerate", "-m", "add age"]);
    let (_, sql) = run(&dir, true, &["upgrade", "--sql", "--dialect", "postgresql"]);
    assert!(sql.contains("CREATE TABLE \"users\"") || sql.contains("CREATE TABLE users"), "{sql}");
    assert!(sql.contains("ADD COLUMN"), "{sql}");
    run(&dir, true, &["--url", u, "upgrade"]);
    assert_eq!(run(&dir, true, &["--url", u, "check"]).0, ExitCode::SUCCESS);
    let (_, said) = run(&dir, true, &["history"]);
    assert_eq!(said.lines().count(), 2, "{said}");
    assert!(said.lines().nth(1).is_some_and(|l| l.contains("(head)")), "{said}");
    let (_, said) = run(&dir, true, &["--url", u, "downgrade", "-1"]);
    assert!(said.starts_with("downgraded ") && said.contains("add age"), "{said}");
    let (_, said) = run(&dir, true, &["--url", u, "current"]);
    assert!(said.contains("create users") && !said.contains("add age"), "{said}");
    // Without a URL, a command that needs one says so.
    let cli = Cli::try_parse_from(["migrate", "current"]).expect("parse");
    if std::env::var("DATABASE_URL").is_err() {
        let e = execute(Migrator::new(&dir, model(true)), cli, &mut Vec::new()).expect_err("no url");
        assert!(e.to_string().contains("--url or set DATABASE_URL"), "{e}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
