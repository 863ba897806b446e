//! What every database driver shares, written once: the statement cache, column names and
//! dialect a connection holds ([`DriverCore`]), statement logging, password redaction, the
//! connect timeout and server-version parsing. A driver implements [`Driver`] (running SQL
//! on its engine) and is a [`Connection`] through it, so each driver writes only what its
//! engine does differently. Error classification is shared too: drivers build a
//! [`DatabaseError`](crate::DatabaseError) and SQLSTATEs map to kinds in
//! [`DbErrorKind::from_sqlstate`](crate::DbErrorKind::from_sqlstate).

use std::time::Duration;

use crate::cache::{ColumnNames, Prepared, StatementCache};
use crate::compile::{Compile, Dialect};
use crate::connect::ConnectOptions;
use crate::connection::Logged;
use crate::error::Result;
use crate::schema::MetaData;
use crate::{Connection, Row, RowStream, Value};

/// How long connecting waits for a server when the URL sets no timeout: an unreachable
/// host fails in bounded time instead of the operating system's TCP timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The state every connection keeps beside its engine's handle.
#[derive(Debug)]
pub struct DriverCore<D: Dialect> {
    dialect: D,
    cache: StatementCache<D>,
    names: ColumnNames,
    /// The level statements are logged at: `info` with echo, else `debug`.
    log_level: log::Level,
}

impl<D: Dialect + Clone> DriverCore<D> {
    /// The core of a connection compiling for `dialect`, with caches of the default capacity
    /// ([`DEFAULT_CAPACITY`](crate::cache::DEFAULT_CAPACITY)).
    pub fn new(dialect: D) -> Self {
        Self::with_capacity(dialect, crate::cache::DEFAULT_CAPACITY)
    }

    /// The core of a connection compiling for `dialect`, with caches of `capacity`
    /// statements.
    pub fn with_capacity(dialect: D, capacity: usize) -> Self {
        DriverCore {
            cache: StatementCache::new(dialect.clone(), capacity),
            names: ColumnNames::new(capacity),
            dialect,
            log_level: log::Level::Debug,
        }
    }

    /// The core of a connection opened with `options`: its cache size and echo.
    pub fn with_options(dialect: D, options: &ConnectOptions) -> Self {
        let mut core = Self::with_capacity(dialect, options.statement_cache_size);
        core.set_echo(options.echo);
        core
    }
}

impl<D: Dialect> DriverCore<D> {
    /// The dialect statements are compiled for.
    pub fn dialect(&self) -> &D {
        &self.dialect
    }

    /// Logs statements at `info` (`true`, SQLAlchemy's `echo=True`) or `debug`.
    pub fn set_echo(&mut self, echo: bool) {
        self.log_level = if echo { log::Level::Info } else { log::Level::Debug };
    }

    /// Logs a statement this connection runs, at its level.
    pub fn log(&self, sql: &str, params: &[Value]) {
        log::log!(target: "sqlcore::sql", self.log_level, "{}", Logged { sql, params });
    }

    /// The compiled-statement cache.
    pub fn cache(&mut self) -> &mut StatementCache<D> {
        &mut self.cache
    }

    /// The cache of result column names, for a row stream that reads them after its first
    /// row (as [`DriverCore::names`]).
    pub fn column_names(&mut self) -> &mut ColumnNames {
        &mut self.names
    }

    /// The result column names of `sql`, shared by every row of every run of it while the
    /// engine reports the same names (`current`).
    pub fn names<'a, I>(&mut self, sql: &str, current: I) -> std::sync::Arc<[String]>
    where
        I: ExactSizeIterator<Item = &'a str> + Clone,
    {
        self.names.get(sql, current)
    }
}

/// A database driver: runs SQL on one engine. Every `Driver` is a [`Connection`]; the
/// statement cache, compilation, result conversion and transactions come from sqlcore.
pub trait Driver {
    /// The dialect the driver's engine speaks (cloned into each [`RowStream`], which
    /// converts rows while the stream holds the connection).
    type Dialect: Dialect + Clone;

    /// The shared state.
    fn core(&self) -> &DriverCore<Self::Dialect>;

    /// The shared state, to change.
    fn core_mut(&mut self) -> &mut DriverCore<Self::Dialect>;

    /// Runs a statement that returns no rows ([`Connection::execute_sql`]).
    ///
    /// # Errors
    /// The engine's, as [`Error::Database`](crate::Error::Database) or
    /// [`Error::Integrity`](crate::Error::Integrity).
    fn run_execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;

    /// Runs a query and reads at most `max_rows` of its rows
    /// ([`Connection::query_sql_up_to`]).
    ///
    /// # Errors
    /// As [`Driver::run_execute`].
    fn run_query(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>>;

    /// Runs a query and returns its rows as they are read ([`Connection::stream_sql`]).
    ///
    /// # Errors
    /// As [`Driver::run_execute`].
    fn run_stream<'c>(&'c mut self, sql: &str, params: &[Value]) -> Result<RowStream<'c>>;

    /// Runs SQL without parameters ([`Connection::execute_raw`]).
    ///
    /// # Errors
    /// As [`Driver::run_execute`].
    fn run_raw(&mut self, sql: &str) -> Result<()>;

    /// Rolls back an open transaction and restores the session ([`Connection::reset`]).
    ///
    /// # Errors
    /// As [`Driver::run_execute`].
    fn run_reset(&mut self) -> Result<()>;

    /// A round trip to the server ([`Connection::ping`]; by default `SELECT 1`).
    ///
    /// # Errors
    /// As [`Driver::run_execute`].
    fn run_ping(&mut self) -> Result<()> {
        self.run_query("SELECT 1", &[], 1).map(drop)
    }

    /// True when the connection is known to be closed ([`Connection::is_broken`]).
    fn broken(&self) -> bool {
        false
    }

    /// Drops the tables of `metadata` ([`Connection::drop_all`]; by default
    /// [`drop_all_in_order`](crate::connection::drop_all_in_order)).
    ///
    /// # Errors
    /// As [`Connection::drop_all`].
    fn drop_tables(&mut self, metadata: &MetaData) -> Result<()>
    where
        Self: Sized,
    {
        crate::connection::drop_all_in_order(self, metadata)
    }
}

impl<T: Driver> Connection for T {
    fn dialect(&self) -> &dyn Dialect {
        self.core().dialect()
    }

    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        self.core_mut().cache().compile(stmt)
    }

    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.core().log(sql, params);
        self.run_execute(sql, params)
    }

    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.core().log(sql, params);
        self.run_query(sql, params, usize::MAX)
    }

    fn query_sql_up_to(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        self.core().log(sql, params);
        self.run_query(sql, params, max_rows)
    }

    fn stream_sql<'c>(&'c mut self, sql: &str, params: &[Value]) -> Result<RowStream<'c>> {
        self.core().log(sql, params);
        self.run_stream(sql, params)
    }

    fn stream_prepared(&mut self, prepared: Prepared) -> Result<RowStream<'_>> {
        if !prepared.then().is_empty() {
            // The follow-ups must run after the last row: read the rows first.
            let mut rows = self.query_sql(prepared.sql(), prepared.params())?;
            for sql in prepared.then() {
                self.execute_sql(sql, &[])?;
            }
            prepared.conform(self.core().dialect(), &mut rows);
            return Ok(RowStream::from_rows(rows));
        }
        let dialect = Box::new(self.core().dialect().clone());
        self.core().log(prepared.sql(), prepared.params());
        Ok(self.run_stream(prepared.sql(), prepared.params())?.conformed(prepared, dialect))
    }

    fn execute_raw(&mut self, sql: &str) -> Result<()> {
        self.core().log(sql, &[]);
        self.run_raw(sql)
    }

    fn reset(&mut self) -> Result<()> {
        self.run_reset()
    }

    fn ping(&mut self) -> Result<()> {
        self.run_ping()
    }

    fn is_broken(&self) -> bool {
        self.broken()
    }

    fn drop_all(&mut self, metadata: &MetaData) -> Result<()> {
        self.drop_tables(metadata)
    }
}

/// The three items of a [`Driver`] impl that hand out its [`DriverCore`], for a connection
/// that keeps it in a field: `sqlcore::driver_core!(SqliteDialect, core);` inside
/// `impl Driver for SqliteConnection { ... }` declares `type Dialect` and the two accessors.
#[macro_export]
macro_rules! driver_core {
    ($dialect:ty, $field:ident) => {
        type Dialect = $dialect;

        fn core(&self) -> &$crate::driver::DriverCore<$dialect> {
            &self.$field
        }

        fn core_mut(&mut self) -> &mut $crate::driver::DriverCore<$dialect> {
            &mut self.$field
        }
    };
}

/// Logs a statement at debug level, target `sqlcore::sql`, with its parameters (SQLAlchemy's
/// `echo=True`): every statement a driver runs passes here.
pub fn log_statement(sql: &str, params: &[Value]) {
    log::debug!(target: "sqlcore::sql", "{}", Logged { sql, params });
}

/// `url` with any password replaced by `***`, for messages and logs: the user info of a URL
/// (`postgres://user:secret@host`) and `password=` settings (`?password=secret`,
/// `password='secret'`, `host=... password=secret`).
///
/// ```
/// use sqlcore::driver::redact_password;
/// assert_eq!(redact_password("mysql://root:hunter2@db:3306/app"), "mysql://root:***@db:3306/app");
/// assert_eq!(redact_password("host=db password='a b' user=x"), "host=db password=*** user=x");
/// assert_eq!(redact_password("postgres://db/app?password=s3cret&x=1"), "postgres://db/app?password=***&x=1");
/// ```
pub fn redact_password(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..].find(['/', '?', '#']).map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@').map(|i| rest_start + i)
            && let Some(colon) = out[rest_start..at].find(':').map(|i| rest_start + i)
        {
            out.replace_range(colon + 1..at, "***");
        }
    }
    let mut search_from = 0;
    while let Some(found) = out[search_from..].to_ascii_lowercase().find("password=") {
        let start = search_from + found + "password=".len();
        let end = if out[start..].starts_with('\'') {
            out[start + 1..].find('\'').map_or(out.len(), |i| start + i + 2)
        } else {
            out[start..].find(['&', ' ', '#']).map_or(out.len(), |i| start + i)
        };
        out.replace_range(start..end, "***");
        search_from = start + 3;
    }
    out
}

/// The `major.minor.patch` at the start of a server's version text (`10.11.19-MariaDB-0+deb12u1`,
/// `8.0.36`, `15.20 (Debian ...)`); missing parts are 0.
///
/// ```
/// assert_eq!(sqlcore::driver::parse_version("10.11.19-MariaDB-0+deb12u1"), [10, 11, 19]);
/// assert_eq!(sqlcore::driver::parse_version("15.20 (Debian 15.20-0+deb12u1)"), [15, 20, 0]);
/// assert_eq!(sqlcore::driver::parse_version("garbage"), [0, 0, 0]);
/// ```
pub fn parse_version(text: &str) -> [u16; 3] {
    let numeric = text.split(|c: char| !(c.is_ascii_digit() || c == '.')).next().unwrap_or_default();
    let mut parts = numeric.split('.').map(|p| p.parse::<u16>().unwrap_or(0));
    [parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_in_every_url_form() {
        assert_eq!(redact_password("postgres://u:s3cret@h:5/db"), "postgres://u:***@h:5/db");
        assert_eq!(redact_password("postgres://u@h/db?password=s3cret&x=1"), "postgres://u@h/db?password=***&x=1");
        assert_eq!(redact_password("host=h password='a b' user=u"), "host=h password=*** user=u");
        assert_eq!(redact_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_password("mysql://root:s3cret@db:3306/test"), "mysql://root:***@db:3306/test");
        assert_eq!(redact_password("mysql://u:p%40ss@h/d?x=1"), "mysql://u:***@h/d?x=1");
        assert_eq!(redact_password("mysql://h:3306/d"), "mysql://h:3306/d");
        assert_eq!(redact_password("PASSWORD=x"), "PASSWORD=***");
    }

    #[test]
    fn version_strings_are_parsed_to_their_leading_numbers() {
        assert_eq!(parse_version("10.11.6-MariaDB-0+deb12u1"), [10, 11, 6]);
        assert_eq!(parse_version("8.0.36"), [8, 0, 36]);
        assert_eq!(parse_version("8.4"), [8, 4, 0]);
        assert_eq!(parse_version("garbage"), [0, 0, 0]);
    }
}
