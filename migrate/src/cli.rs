//! The command line, in the shape of sqlx-cli and diesel_cli, run from the application's own
//! binary so it knows the model:
//!
//! ```no_run
//! // src/bin/migrate.rs
//! fn main() -> std::process::ExitCode {
//!     let metadata = sqlcore::schema::MetaData::new(); // the application's model
//!     sqlcore_migrate::cli::main(sqlcore_migrate::Migrator::new("migrations", metadata))
//! }
//! ```
//!
//! `cargo run --bin migrate -- upgrade`; the database comes from `--url` or `DATABASE_URL`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{MigrateError, Result};
use crate::migrator::{Autogenerate, Migrator};
use crate::revision::Direction;

/// Schema migrations for a sqlcore application: revisions in a directory, applied to a
/// database and recorded in its `sqlcore_migrations` table.
#[derive(Debug, Parser)]
#[command(name = "migrate", version, about, long_about = None)]
pub struct Cli {
    /// The database: sqlite:app.db, sqlite::memory:, postgres://user@host/db, mysql://user@host/db.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub url: Option<String>,
    /// The migrations directory (default: the one the program names).
    #[arg(long, global = true)]
    pub dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the migrations directory.
    Init,
    /// Write a new revision after the head (empty, or --autogenerate from the model).
    Revision {
        /// What the revision does.
        #[arg(short, long)]
        message: String,
        /// Write the changes from the schema the revisions make to the model, each with its
        /// class; with a database URL, first check that the database is at head and matches.
        #[arg(long)]
        autogenerate: bool,
    },
    /// Apply revisions: to head (default), heads, a revision, or +N more.
    Upgrade {
        /// head | heads | REV | +N
        #[arg(default_value = "head", allow_hyphen_values = true)]
        target: String,
        /// Offline mode.
        #[command(flatten)]
        offline: Offline,
    },
    /// Undo revisions: back to a revision (kept), base (all), or -N (the last N).
    Downgrade {
        /// REV | base | -N
        #[arg(allow_hyphen_values = true)]
        target: String,
        /// Offline mode.
        #[command(flatten)]
        offline: Offline,
    },
    /// Show the revisions the database has applied.
    Current,
    /// List the revisions, in the order they apply.
    History {
        /// Show each revision's steps too.
        #[arg(short, long)]
        verbose: bool,
    },
    /// List the heads (more than one: `merge` them).
    Heads,
    /// Exit non-zero when the database is behind head, differs from the model, or the model
    /// has a change no revision makes: a CI gate.
    Check,
    /// Record the database as being at a revision without running anything.
    Stamp {
        /// REV | head | heads | base
        target: String,
    },
    /// Write a revision that joins the heads.
    Merge {
        /// What the merge says.
        #[arg(short, long, default_value = "merge")]
        message: String,
    },
}

/// Offline mode of upgrade and downgrade.
#[derive(Debug, clap::Args)]
pub struct Offline {
    /// Print the SQL instead of running it (no database is opened).
    #[arg(long)]
    pub sql: bool,
    /// The dialect of --sql: sqlite, postgresql, mysql, mariadb (default: from --url).
    #[arg(long, requires = "sql")]
    pub dialect: Option<String>,
    /// The revision the database is at for --sql (default: empty for an upgrade, head for a
    /// downgrade).
    #[arg(long, requires = "sql")]
    pub from: Option<String>,
}

/// Parses the process's arguments and runs the command; prints errors and returns the exit
/// code (1 on an error or a failed `check`).
pub fn main(migrator: Migrator) -> ExitCode {
    run(migrator, Cli::parse())
}

/// Runs a parsed command line.
pub fn run(migrator: Migrator, cli: Cli) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match execute(migrator, cli, &mut out) {
        Ok(code) => code,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                if !e.to_string().contains(&s.to_string()) {
                    eprintln!("  caused by: {s}");
                }
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}

/// Runs a parsed command line, writing what it reports to `out`.
///
/// # Errors
/// The command's.
pub fn execute(migrator: Migrator, cli: Cli, out: &mut dyn std::io::Write) -> Result<ExitCode> {
    let migrator = match cli.dir {
        Some(dir) => migrator.with_dir(dir),
        None => migrator,
    };
    let url = cli.url;
    let connect = || -> Result<Box<dyn sqlcore::Connection>> {
        let url = url.as_deref().ok_or_else(|| {
            MigrateError::Usage("this command needs a database: pass --url or set DATABASE_URL".into())
        })?;
        crate::connect::connect(url)
    };
    let say = |out: &mut dyn std::io::Write, line: &str| -> Result<()> {
        writeln!(out, "{line}").map_err(|e| MigrateError::io("<stdout>", e))
    };
    match cli.command {
        Command::Init => {
            migrator.init()?;
            say(out, &format!("made {}", migrator.dir().display()))?;
        }
        Command::Revision { message, autogenerate } => {
            let rev = if autogenerate {
                match url.as_deref() {
                    Some(_) => {
                        let mut conn = connect()?;
                        migrator.revision(&message, Some(Autogenerate::Database(conn.as_mut())))?
                    }
                    None => migrator.revision(&message, Some(Autogenerate::Revisions))?,
                }
            } else {
                migrator.revision(&message, None)?
            };
            say(out, &format!("wrote {} ({} upgrade steps): {}", rev.file.display(), rev.upgrade.len(), rev.label()))?;
            let text = std::fs::read_to_string(&rev.file).map_err(|e| MigrateError::io(&rev.file, e))?;
            // The upgrade's steps with their classes and review marks: the comments above
            // each `[[upgrade]]` block of the file.
            let mut pending: Vec<&str> = Vec::new();
            for line in text.lines() {
                if let Some(comment) = line.strip_prefix("# ") {
                    pending.push(comment);
                } else if line == "[[upgrade]]" {
                    for comment in pending.drain(..) {
                        say(out, &format!("  {comment}"))?;
                    }
                } else if line == "[[downgrade]]" {
                    break;
                } else if !line.is_empty() {
                    pending.clear();
                }
            }
        }
        Command::Upgrade { target, offline } => {
            migrate(&migrator, Direction::Up, &target, &offline, url.as_deref(), out)?
        }
        Command::Downgrade { target, offline } => {
            migrate(&migrator, Direction::Down, &target, &offline, url.as_deref(), out)?;
        }
        Command::Current => {
            let mut conn = connect()?;
            let rows = migrator.current(conn.as_mut())?;
            if rows.is_empty() {
                say(out, "the database has no revisions applied (base)")?;
            }
            let history = migrator.history().ok();
            for row in rows {
                let label = history
                    .as_ref()
                    .and_then(|h| h.get(&row.revision).ok())
                    .map_or_else(|| format!("{} (no such file)", row.revision), crate::Revision::label);
                let state = if row.state == crate::history::State::Applied {
                    String::new()
                } else {
                    format!(" [{} {} of {} steps]", row.state.as_str(), row.steps_done, row.steps_total)
                };
                say(out, &format!("{label}{state}  applied {}", row.applied_at))?;
            }
        }
        Command::History { verbose } => {
            let history = migrator.history()?;
            let heads: Vec<String> = history.heads().iter().map(|h| h.id.clone()).collect();
            for rev in history.revisions() {
                let parents = if rev.parents.is_empty() { "base".to_owned() } else { rev.parents.join(", ") };
                let head = if heads.contains(&rev.id) { " (head)" } else { "" };
                say(out, &format!("{parents} -> {}{head}  {}  [{}]", rev.label(), rev.created, rev.file.display()))?;
                if verbose {
                    for (i, step) in crate::describe::steps(&history, rev)?.iter().enumerate() {
                        say(out, &format!("    {}. {step}", i + 1))?;
                    }
                }
            }
        }
        Command::Heads => {
            for head in migrator.history()?.heads() {
                say(out, &head.label())?;
            }
        }
        Command::Check => {
            let mut conn = connect()?;
            let report = migrator.check(conn.as_mut())?;
            say(out, &report.to_string())?;
            if !report.is_ok() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Stamp { target } => {
            let mut conn = connect()?;
            migrator.stamp(conn.as_mut(), &target)?;
            say(out, &format!("stamped the database at {target}"))?;
        }
        Command::Merge { message } => {
            let rev = migrator.merge(&message)?;
            say(out, &format!("wrote {}: {} joins {}", rev.file.display(), rev.id, rev.parents.join(" and ")))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn migrate(
    migrator: &Migrator,
    direction: Direction,
    target: &str,
    offline: &Offline,
    url: Option<&str>,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    if offline.sql {
        let name = match (&offline.dialect, url) {
            (Some(d), _) => d.clone(),
            (None, Some(url)) => dialect_of_url(url)?.to_owned(),
            (None, None) => {
                return Err(MigrateError::Usage("--sql needs --dialect (or a --url to take it from)".into()));
            }
        };
        let dialect = dialect_named(&name)?;
        let sql = migrator.sql(dialect.as_ref(), direction, offline.from.as_deref(), target)?;
        return out.write_all(sql.as_bytes()).map_err(|e| MigrateError::io("<stdout>", e));
    }
    let url =
        url.ok_or_else(|| MigrateError::Usage("this command needs a database: pass --url or set DATABASE_URL".into()))?;
    let mut conn = crate::connect::connect(url)?;
    let mut failed_write = None;
    let mut progress = |p: &crate::Progress| {
        if let Err(e) = writeln!(out, "{p}") {
            failed_write = Some(e);
        }
    };
    let done = match direction {
        Direction::Up => migrator.upgrade(conn.as_mut(), target, &mut progress)?,
        Direction::Down => migrator.downgrade(conn.as_mut(), target, &mut progress)?,
    };
    if let Some(e) = failed_write {
        return Err(MigrateError::io("<stdout>", e));
    }
    if done.is_empty() {
        writeln!(out, "nothing to do: the database is already at {target}")
            .map_err(|e| MigrateError::io("<stdout>", e))?;
    }
    Ok(())
}

fn dialect_of_url(url: &str) -> Result<&'static str> {
    let scheme = url.split_once(':').map_or("", |(s, _)| s);
    Ok(match scheme {
        "sqlite" => "sqlite",
        "postgres" | "postgresql" => "postgresql",
        "mysql" => "mysql",
        "mariadb" => "mariadb",
        _ => return Err(MigrateError::Usage(format!("cannot tell the dialect of `{scheme}:` URLs: pass --dialect"))),
    })
}

/// The dialect `--dialect` names.
///
/// # Errors
/// [`MigrateError::Usage`] for a name sqlcore does not ship.
pub fn dialect_named(name: &str) -> Result<Box<dyn sqlcore::Dialect>> {
    Ok(match name {
        "sqlite" => Box::new(sqlcore_sqlite::SqliteDialect::default()),
        "postgresql" | "postgres" => Box::new(sqlcore_postgres::PostgresDialect::default()),
        "mysql" => Box::new(sqlcore_mysql::MySqlDialect::default()),
        "mariadb" => Box::new(sqlcore_mysql::MySqlDialect::mariadb()),
        other => {
            return Err(MigrateError::Usage(format!("unknown dialect `{other}` (sqlite, postgresql, mysql, mariadb)")));
        }
    })
}
