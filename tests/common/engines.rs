//! The live engines: SQLite (in memory, always), PostgreSQL and MariaDB (servers on the
//! machine), each call in an isolated namespace (a fresh schema on PostgreSQL, a fresh
//! database on MariaDB) dropped with the connection. The connections come from
//! `sqlcore_props::engines`, which the property tests use too.
//!
//! `SQLCORE_POSTGRES_URL` / `SQLCORE_MYSQL_URL` point at other servers. An unreachable server
//! is skipped with a loud line, unless `SQLCORE_REQUIRE_SERVERS=1`, when the test fails.

use sqlcore::Connection;

pub use sqlcore_props::engines::{mysql_url, postgres_url, servers_required};

/// An empty PostgreSQL schema of its own, or `None` (skipped) when the server is down.
pub fn postgres() -> Option<Box<dyn Connection>> {
    sqlcore_props::engines::postgres().unwrap_or_else(|e| panic!("PostgreSQL is required but not usable: {e}"))
}

/// An empty MariaDB / MySQL database of its own, or `None` (skipped) when the server is down.
pub fn mysql() -> Option<Box<dyn Connection>> {
    sqlcore_props::engines::mysql().unwrap_or_else(|e| panic!("MySQL/MariaDB is required but not usable: {e}"))
}
