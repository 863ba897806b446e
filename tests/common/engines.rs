//! The live engines: SQLite (in memory, always), PostgreSQL and MariaDB (servers on the
//! machine). Each call gets an isolated namespace — a fresh schema on PostgreSQL, a fresh
//! database on MariaDB — dropped when the connection is, so tests can run concurrently.
//!
//! `SQLCORE_POSTGRES_URL` / `SQLCORE_MYSQL_URL` point at other servers. An unreachable server
//! is skipped with a loud line, unless `SQLCORE_REQUIRE_SERVERS=1`, when the test fails.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlcore::compile::{Compiled, Dialect};
use sqlcore::{Connection, Result, Row};
use sqlcore_mysql::MySqlConnection;
use sqlcore_postgres::PostgresConnection;

/// The PostgreSQL URL the tests use.
pub fn postgres_url() -> String {
    std::env::var("SQLCORE_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The MySQL / MariaDB URL the tests use.
pub fn mysql_url() -> String {
    std::env::var("SQLCORE_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

fn servers_required() -> bool {
    std::env::var("SQLCORE_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// Reports an unreachable server once per process: a failure when servers are required,
/// otherwise a skip line.
fn unreachable(engine: &str, url: &str, error: &sqlcore::Error) {
    if servers_required() {
        panic!("{engine} is required (SQLCORE_REQUIRE_SERVERS=1) but not reachable at {url}: {error}");
    }
    static SAID: OnceLock<()> = OnceLock::new();
    SAID.get_or_init(|| ());
    eprintln!("SKIP: {engine} not reachable at {url}: {error} (set SQLCORE_REQUIRE_SERVERS=1 to fail instead)");
}

fn unique_name() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("sqlcore_t{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// A connection in its own namespace, dropped with it.
pub struct Isolated {
    inner: Box<dyn Connection>,
    cleanup: String,
}

impl Drop for Isolated {
    fn drop(&mut self) {
        if let Err(e) = self.inner.execute_raw(&self.cleanup) {
            eprintln!("warning: cleanup `{}` failed: {e}", self.cleanup);
        }
    }
}

impl Connection for Isolated {
    fn dialect(&self) -> &dyn Dialect {
        self.inner.dialect()
    }
    fn execute_compiled(&mut self, compiled: &Compiled) -> Result<u64> {
        self.inner.execute_compiled(compiled)
    }
    fn query_compiled(&mut self, compiled: &Compiled) -> Result<Vec<Row>> {
        self.inner.query_compiled(compiled)
    }
    fn execute_raw(&mut self, sql: &str) -> Result<()> {
        self.inner.execute_raw(sql)
    }
    fn transaction_depth(&self) -> usize {
        self.inner.transaction_depth()
    }
    fn drop_all(&mut self, metadata: &sqlcore::schema::MetaData) -> Result<()> {
        self.inner.drop_all(metadata)
    }
}

/// An empty PostgreSQL schema of its own, or `None` (skipped) when the server is down.
pub fn postgres() -> Option<Box<dyn Connection>> {
    let url = postgres_url();
    let mut conn = match PostgresConnection::connect(&url) {
        Ok(c) => c,
        Err(e) => {
            unreachable("PostgreSQL", &url, &e);
            return None;
        }
    };
    let schema = unique_name();
    conn.execute_raw(&format!("CREATE SCHEMA {schema}; SET search_path TO {schema}")).expect("create a test schema");
    Some(Box::new(Isolated { inner: Box::new(conn), cleanup: format!("DROP SCHEMA {schema} CASCADE") }))
}

/// An empty MariaDB / MySQL database of its own, or `None` (skipped) when the server is down.
pub fn mysql() -> Option<Box<dyn Connection>> {
    let url = mysql_url();
    let mut conn = match MySqlConnection::connect(&url) {
        Ok(c) => c,
        Err(e) => {
            unreachable("MySQL/MariaDB", &url, &e);
            return None;
        }
    };
    let db = unique_name();
    conn.execute_raw(&format!("CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"))
        .expect("create a test database");
    conn.execute_raw(&format!("USE {db}")).expect("use the test database");
    Some(Box::new(Isolated { inner: Box::new(conn), cleanup: format!("DROP DATABASE {db}") }))
}
