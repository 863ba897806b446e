//! Live connections for property runs: PostgreSQL and MariaDB (servers on the machine), each
//! in a namespace of its own — a fresh schema on PostgreSQL, a fresh database on MariaDB —
//! dropped when the connection is, so runs can go on concurrently.
//!
//! `SQLCORE_POSTGRES_URL` / `SQLCORE_MYSQL_URL` point at other servers. An unreachable server
//! is `Ok(None)` (the caller skips with a line on stderr), unless
//! `SQLCORE_REQUIRE_SERVERS=1`, when it is an error.

use sqlcore::compile::Dialect;
use sqlcore::{Connection, Error, Result, Row};
use sqlcore_mysql::MySqlConnection;
use sqlcore_postgres::PostgresConnection;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The PostgreSQL URL.
pub fn postgres_url() -> String {
    std::env::var("SQLCORE_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The MySQL / MariaDB URL.
pub fn mysql_url() -> String {
    std::env::var("SQLCORE_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

/// Whether an unreachable server is an error (`SQLCORE_REQUIRE_SERVERS=1`).
pub fn servers_required() -> bool {
    std::env::var("SQLCORE_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

fn unreachable(engine: &str, url: &str, error: Error) -> Result<Option<Box<dyn Connection>>> {
    if servers_required() {
        return Err(error);
    }
    eprintln!("SKIP: {engine} not reachable at {url}: {error} (set SQLCORE_REQUIRE_SERVERS=1 to fail instead)");
    Ok(None)
}

/// A name no other run uses.
pub fn unique_name(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
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
    fn execute_sql(&mut self, sql: &str, params: &[sqlcore::Value]) -> Result<u64> {
        self.inner.execute_sql(sql, params)
    }
    fn query_sql(&mut self, sql: &str, params: &[sqlcore::Value]) -> Result<Vec<Row>> {
        self.inner.query_sql(sql, params)
    }
    fn query_sql_up_to(&mut self, sql: &str, params: &[sqlcore::Value], max_rows: usize) -> Result<Vec<Row>> {
        self.inner.query_sql_up_to(sql, params, max_rows)
    }
    fn compile_cached(&mut self, stmt: &dyn sqlcore::Compile) -> Result<sqlcore::cache::Prepared> {
        self.inner.compile_cached(stmt)
    }
    fn execute_raw(&mut self, sql: &str) -> Result<()> {
        self.inner.execute_raw(sql)
    }
    fn stream_sql<'c>(&'c mut self, sql: &str, params: &[sqlcore::Value]) -> Result<sqlcore::RowStream<'c>> {
        self.inner.stream_sql(sql, params)
    }
    fn stream_prepared(&mut self, prepared: sqlcore::cache::Prepared) -> Result<sqlcore::RowStream<'_>> {
        self.inner.stream_prepared(prepared)
    }
    fn ping(&mut self) -> Result<()> {
        self.inner.ping()
    }
    fn is_broken(&self) -> bool {
        self.inner.is_broken()
    }
    // `reset` is not forwarded: PostgreSQL's RESET ALL would undo this schema's search_path.
    fn transaction_depth(&self) -> usize {
        self.inner.transaction_depth()
    }
    fn drop_all(&mut self, metadata: &sqlcore::schema::MetaData) -> Result<()> {
        self.inner.drop_all(metadata)
    }
}

/// An empty PostgreSQL schema of its own; `Ok(None)` when the server is down and not required.
///
/// # Errors
/// The server is required and unreachable, or the schema cannot be created.
pub fn postgres() -> Result<Option<Box<dyn Connection>>> {
    let url = postgres_url();
    let mut conn = match PostgresConnection::connect(&url) {
        Ok(c) => c,
        Err(e) => return unreachable("PostgreSQL", &url, e),
    };
    let schema = unique_name("sqlcore_t");
    conn.execute_raw(&format!("CREATE SCHEMA {schema}; SET search_path TO {schema}"))?;
    Ok(Some(Box::new(Isolated { inner: Box::new(conn), cleanup: format!("DROP SCHEMA {schema} CASCADE") })))
}

/// An empty MariaDB / MySQL database of its own; `Ok(None)` when the server is down and not
/// required.
///
/// # Errors
/// The server is required and unreachable, or the database cannot be created.
pub fn mysql() -> Result<Option<Box<dyn Connection>>> {
    let url = mysql_url();
    let mut conn = match MySqlConnection::connect(&url) {
        Ok(c) => c,
        Err(e) => return unreachable("MySQL/MariaDB", &url, e),
    };
    let db = unique_name("sqlcore_t");
    conn.execute_raw(&format!("CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"))?;
    conn.execute_raw(&format!("USE {db}"))?;
    Ok(Some(Box::new(Isolated { inner: Box::new(conn), cleanup: format!("DROP DATABASE {db}") })))
}
