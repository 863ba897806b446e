//! Opening a database from a URL, for the command line: `sqlite:path`, `sqlite::memory:`,
//! `postgres://...`, `mysql://...` / `mariadb://...` (the drivers enabled by features).
//! (The engine issue brings `sqlcore::connect` with pools and TLS; this covers what a
//! migration needs: one connection.)

use sqlcore::Connection;

use crate::error::{MigrateError, Result};

/// A connection to the database `url` names.
///
/// # Errors
/// [`MigrateError::Usage`] for a URL of no known scheme (or one whose driver is not
/// compiled in); the driver's connection errors (which never show the password).
pub fn connect(url: &str) -> Result<Box<dyn Connection>> {
    let scheme = url.split_once(':').map_or("", |(s, _)| s);
    match scheme {
        #[cfg(feature = "sqlite")]
        "sqlite" => {
            let rest = &url["sqlite:".len()..];
            if rest == ":memory:" {
                return Ok(Box::new(sqlcore_sqlite::SqliteConnection::open_in_memory()?));
            }
            // sqlite:///relative, sqlite:////absolute (SQLAlchemy's spelling), sqlite:path.
            let path = rest.strip_prefix("///").or_else(|| rest.strip_prefix("//")).unwrap_or(rest);
            if path.is_empty() {
                return Err(MigrateError::Usage(format!("`{url}`: a SQLite URL needs a file path (sqlite:app.db)")));
            }
            Ok(Box::new(sqlcore_sqlite::SqliteConnection::open(path)?))
        }
        #[cfg(feature = "postgres")]
        "postgres" | "postgresql" => Ok(Box::new(sqlcore_postgres::PostgresConnection::connect(url)?)),
        #[cfg(feature = "mysql")]
        "mysql" | "mariadb" => {
            let url = if scheme == "mariadb" { format!("mysql{}", &url["mariadb".len()..]) } else { url.to_owned() };
            Ok(Box::new(sqlcore_mysql::MySqlConnection::connect(&url)?))
        }
        _ => Err(MigrateError::Usage(format!(
            "the database URL must start with sqlite:, postgres:// or mysql:// (drivers compiled in: {}); got `{}`",
            drivers(),
            scheme_only(url)
        ))),
    }
}

fn drivers() -> String {
    let on = [
        ("sqlite", cfg!(feature = "sqlite")),
        ("postgres", cfg!(feature = "postgres")),
        ("mysql", cfg!(feature = "mysql")),
    ];
    on.iter().filter(|(_, yes)| *yes).map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// The part of a URL before any credentials, for an error message.
fn scheme_only(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, _)) => format!("{scheme}://..."),
        None => url.chars().take(20).collect(),
    }
}
