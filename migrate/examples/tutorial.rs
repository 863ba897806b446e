//! The Flask-Migrate tutorial, with sqlcore: a `users` model, `revision --autogenerate`,
//! `upgrade`, rows, the model gains `age` and `password`, autogenerate again, `upgrade`,
//! `check`, `downgrade -1` (the new columns go, every other value stays), `upgrade` again.
//!
//! ```text
//! cargo run -p sqlcore-migrate --example tutorial                       # SQLite (a temp file)
//! cargo run -p sqlcore-migrate --example tutorial -- --url postgres://postgres@127.0.0.1/test
//! cargo run -p sqlcore-migrate --example tutorial -- --url mysql://root@127.0.0.1/test
//! ```
//!
//! Each step runs the command line exactly as `cargo run --bin migrate -- ...` would in an
//! application (see examples/migrate.rs for that binary: five lines).

use std::process::ExitCode;

use clap::Parser;
use sqlcore::prelude::*;
use sqlcore_migrate::Migrator;
use sqlcore_migrate::cli::{Cli, execute};

/// The application's model: version 1, then version 2 with `age` and `password`.
fn model(with_profile: bool) -> MetaData {
    let mut users = Table::builder("users")
        .column(Column::new("id", SqlType::BigInt).primary_key())
        .column(Column::new("username", SqlType::Varchar(80)).not_null().unique())
        .column(Column::new("email", SqlType::Varchar(120)).not_null().unique());
    if with_profile {
        users = users
            .column(Column::new("age", SqlType::Integer))
            .column(Column::new("password", SqlType::Varchar(128)).not_null().server_default(""));
    }
    MetaData::new().with(users.build()).unwrap_or_default()
}

/// Runs `migrate <args>` for the model, printing the command and what it says.
fn migrate(dir: &std::path::Path, url: &str, with_profile: bool, args: &[&str]) -> Result<(), String> {
    println!("$ migrate {}", args.join(" "));
    let mut argv = vec!["migrate", "--url", url];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let code = execute(Migrator::new(dir, model(with_profile)), cli, &mut out).map_err(|e| e.to_string())?;
    print!("{}", String::from_utf8_lossy(&out));
    if code != ExitCode::SUCCESS {
        return Err(format!("`migrate {}` failed", args.join(" ")));
    }
    Ok(())
}

fn users_rows(conn: &mut dyn Connection) -> Result<Vec<Vec<Value>>, String> {
    let rows = conn.query_sql("SELECT * FROM users ORDER BY id", &[]).map_err(|e| e.to_string())?;
    Ok(rows.into_iter().map(Row::into_values).collect())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let tmp = std::env::temp_dir().join(format!("sqlcore-tutorial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let url = match args.iter().position(|a| a == "--url") {
        Some(i) => args.get(i + 1).cloned().ok_or("--url needs a value")?,
        None => format!("sqlite:{}", tmp.join("app.db").display()),
    };
    let dir = tmp.join("migrations");
    let mut db = sqlcore_migrate::connect::connect(&url).map_err(|e| e.to_string())?;
    if db.has_table("users").map_err(|e| e.to_string())? {
        return Err("the database already has a `users` table: use an empty database".into());
    }

    migrate(&dir, &url, false, &["init"])?;
    migrate(&dir, &url, false, &["revision", "--autogenerate", "-m", "create users"])?;
    migrate(&dir, &url, false, &["upgrade"])?;

    let users = model(false).table("users").map_err(|e| e.to_string())?.clone();
    for (id, name) in [(1, "ada"), (2, "grace"), (3, "linus")] {
        let stmt = insert(&users)
            .value("id", lit(id))
            .value("username", lit(name))
            .value("email", lit(format!("{name}@example.com")));
        db.execute(&stmt).map_err(|e| e.to_string())?;
    }
    let before = users_rows(db.as_mut())?;
    println!("rows: {before:?}");

    // The model gains age and password.
    migrate(&dir, &url, true, &["revision", "--autogenerate", "-m", "add age and password"])?;
    migrate(&dir, &url, true, &["upgrade"])?;
    migrate(&dir, &url, true, &["check"])?;
    println!("rows: {:?}", users_rows(db.as_mut())?);

    migrate(&dir, &url, true, &["downgrade", "-1"])?;
    let after = users_rows(db.as_mut())?;
    println!("rows: {after:?}");
    if after != before {
        return Err(format!("downgrade changed the other values: {before:?} -> {after:?}"));
    }
    migrate(&dir, &url, true, &["upgrade"])?;
    migrate(&dir, &url, true, &["history"])?;
    migrate(&dir, &url, true, &["current"])?;

    // Leave a server database as it was found.
    migrate(&dir, &url, true, &["downgrade", "base"])?;
    db.execute_raw(&format!("DROP TABLE {}", sqlcore_migrate::history::TABLE)).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&tmp);
    println!("the tutorial ran end to end on {url_kind}", url_kind = url.split(':').next().unwrap_or(""));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
