//! The MySQL / MariaDB connection, over the synchronous `mysql` crate.

use std::sync::Arc;

use mysql::consts::CapabilityFlags;
use mysql::prelude::Queryable;
use mysql::{Column, Conn, Opts, OptsBuilder, Params};
use sqlcore::cache::StatementCache;
use sqlcore::connect::{ConnectOptions, DatabaseUrl, SslMode};
use sqlcore::driver::{CONNECT_TIMEOUT, Driver, DriverCore, redact_password};
use sqlcore::{DatabaseError, DbErrorKind, Error, Result, Row, RowStream, Value};

use crate::MySqlDialect;
use crate::convert::{CacheMirror, SESSION_SETUP, decode_row, is_use, server_dialect, server_error_kind, to_mysql};

/// How many prepared statements a connection wrapped by [`MySqlConnection::from_conn`] is
/// assumed to cache at most (its options are not readable from the `Conn`); the `mysql`
/// crate's default is 32.
const ASSUMED_CACHE_SIZE: usize = 1024;

/// A connection to a MySQL or MariaDB server.
///
/// The dialect follows the server: a version string containing `MariaDB` gives
/// [`Flavor::MariaDb`](crate::Flavor::MariaDb), anything else [`Flavor::MySql`](crate::Flavor::MySql), at the version the server reports.
/// The session is set up for predictable behaviour: `utf8mb4`, a strict `sql_mode` (values
/// out of range for their column are errors, not silently clamped) and time zone UTC.
///
/// Statements run as server-side prepared statements with positional `?` parameters,
/// through the `mysql` crate's statement cache. `UPDATE` reports the rows it matched, not only
/// those it changed (`CLIENT_FOUND_ROWS`), as the other drivers do. Every statement is logged
/// at debug level, target `sqlcore::sql`, with its parameters.
///
/// A prepared statement keeps reading the tables of the database that was current when it
/// was prepared. So that `USE other_db` through [`Connection::execute_raw`] does not leave
/// cached statements reading the old database, the statements cached so far are closed
/// first. (Changing the database any other way, e.g. `conn_mut().select_db(..)`, does not
/// do this.)
///
/// The `mysql` crate reads `:name` outside quotes and comments as a named parameter, so SQL
/// given as text must not contain one (compiled statements never do).
///
/// ```no_run
/// use sqlcore::prelude::*;
/// use sqlcore_mysql::MySqlConnection;
///
/// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Varchar(200) => not_null(); } }
/// let mut db = MySqlConnection::connect("mysql://root@127.0.0.1:3306/test")?;
/// db.create_all(&MetaData::new().with(notes::table())?)?;
/// assert_eq!(db.execute(&insert(notes::table()).value(notes::body, "hello"))?, 1);
/// let body: String = db.scalar(&select([notes::body]).filter(notes::id.eq(1)))?;
/// assert_eq!(body, "hello");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug)]
pub struct MySqlConnection {
    conn: Conn,
    cached: CacheMirror,
    /// The longest a statement may run (set in the session; restored by a reset).
    statement_timeout: Option<std::time::Duration>,
    /// The dialect and compiled statements by shape (see `sqlcore::cache`), whose SQL then
    /// finds its prepared statement in the `mysql` crate's cache.
    core: DriverCore<MySqlDialect>,
}

impl MySqlConnection {
    /// Connects to the server at `url` (`mysql://user:password@host:port/database`, with the
    /// `mysql` crate's URL parameters), then sets the session up as described on
    /// [`MySqlConnection`]. Unless the URL sets `tcp_connect_timeout_ms`, connecting gives up
    /// after 10 seconds.
    ///
    /// # Errors
    /// [`Error::Database`] if the URL is invalid, the server cannot be reached or refuses the
    /// login, or the session setup fails. Messages show the URL without its password.
    pub fn connect(url: &str) -> Result<Self> {
        let shown = redact_password(url);
        let opts = Opts::from_url(url).map_err(|e| {
            Error::from(
                DatabaseError::new(DbErrorKind::Connection, format!("invalid MySQL URL {shown}: {e}")).with_source(e),
            )
        })?;
        let timeout = opts.get_tcp_connect_timeout().unwrap_or(CONNECT_TIMEOUT);
        let capabilities = opts.get_additional_capabilities() | CapabilityFlags::CLIENT_FOUND_ROWS;
        let cache_size = opts.get_stmt_cache_size();
        let opts =
            OptsBuilder::from_opts(opts).tcp_connect_timeout(Some(timeout)).additional_capabilities(capabilities);
        let conn = Conn::new(opts).map_err(|e| {
            let kind = match error_kind(&e) {
                DbErrorKind::Other => DbErrorKind::Connection,
                kind => kind,
            };
            Error::from(DatabaseError::new(kind, format!("could not connect to {shown}: {e}")).with_source(e))
        })?;
        let mut db = Self::from_conn(conn)?;
        // The cache's real capacity is known here: mirror it exactly.
        db.cached = CacheMirror::new(cache_size);
        Ok(db)
    }

    /// Wraps an open `mysql` connection: sets the session up as described on
    /// [`MySqlConnection`] and reads the server's flavor and version. `UPDATE` counts the
    /// rows it matched only if the connection was opened with `CLIENT_FOUND_ROWS`.
    ///
    /// # Errors
    /// [`Error::Database`] if a setup statement or `SELECT VERSION()` fails.
    pub fn from_conn(mut conn: Conn) -> Result<Self> {
        for sql in SESSION_SETUP {
            sqlcore::driver::log_statement(sql, &[]);
            conn.query_drop(sql).map_err(|e| db_error(e, Some(sql)))?;
        }
        let sql = "SELECT VERSION()";
        sqlcore::driver::log_statement(sql, &[]);
        let version: Option<String> = conn.query_first(sql).map_err(|e| db_error(e, Some(sql)))?;
        let dialect = server_dialect(&version.unwrap_or_default());
        Ok(MySqlConnection {
            conn,
            cached: CacheMirror::new(ASSUMED_CACHE_SIZE),
            statement_timeout: None,
            core: DriverCore::new(dialect),
        })
    }

    /// Connects to the server of a `mysql://` / `mariadb://` URL with `options`, then sets
    /// the session up as described on [`MySqlConnection`].
    ///
    /// The URL's query parameters: `ssl-mode` (`DISABLED`, `REQUIRED`, `VERIFY_CA`,
    /// `VERIFY_IDENTITY`, or libpq's names; `sslmode` is accepted too; disabled by
    /// default), `ssl-ca` (a PEM file of trusted CAs; the public roots otherwise),
    /// `connect_timeout` and `statement_timeout` (seconds; MariaDB's
    /// `max_statement_time`, MySQL's `max_execution_time`, which covers SELECT only),
    /// `statement_cache_size`. Any other parameter is an error. `PREFERRED` is refused: the
    /// `mysql` crate cannot fall back to a plain connection, and a silent fallback is what
    /// the name would promise. Without a user, `root`; without a host, `localhost` over TCP.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] naming the part at fault; [`Error::Database`] of kind
    /// `Connection` when the server cannot be reached in time, refuses the login or its
    /// certificate is not trusted. No message shows the password.
    pub fn connect_url(url: &DatabaseUrl, options: &ConnectOptions) -> Result<Self> {
        if !matches!(url.scheme(), "mysql" | "mariadb") {
            return Err(url.error("scheme", format!("`{}` is not `mysql` or `mariadb`", url.scheme())));
        }
        url.only_params(&[
            "ssl-mode",
            "sslmode",
            "ssl-ca",
            "connect_timeout",
            "statement_timeout",
            "statement_cache_size",
        ])?;
        let mode_key = if url.param("sslmode").is_some() { "sslmode" } else { "ssl-mode" };
        let options = options.clone().with_url_params(url, mode_key, "ssl-ca")?;
        let mut builder = OptsBuilder::new()
            .ip_or_hostname(Some(url.host().unwrap_or("localhost")))
            .tcp_port(url.port()?.unwrap_or(3306))
            .user(Some(url.user().unwrap_or("root")))
            .pass(url.password())
            .db_name(url.database())
            .prefer_socket(false)
            .tcp_connect_timeout(Some(options.connect_timeout))
            .stmt_cache_size(options.statement_cache_size)
            .additional_capabilities(CapabilityFlags::CLIENT_FOUND_ROWS);
        builder = match options.tls.mode {
            SslMode::Disable => builder,
            SslMode::Prefer => {
                return Err(url.error(
                    &format!("query parameter `{mode_key}`"),
                    "PREFERRED is not supported (it would fall back to a plain connection silently): \
                     use REQUIRED, VERIFY_CA or VERIFY_IDENTITY, or DISABLED",
                ));
            }
            mode => {
                let mut ssl = mysql::SslOpts::default();
                if let Some(ca) = &options.tls.ca_file {
                    ssl = ssl.with_root_cert_path(Some(ca.clone()));
                }
                ssl = match mode {
                    SslMode::Require => ssl.with_danger_accept_invalid_certs(true),
                    SslMode::VerifyCa => ssl.with_danger_skip_domain_validation(true),
                    _ => ssl,
                };
                builder.ssl_opts(Some(ssl))
            }
        };
        let shown = url.shown();
        // The mysql crate bounds the TCP connect but not the handshake after it: a peer that
        // accepts and never answers would hold the caller forever. The whole connect runs
        // on a thread of its own and is given up after the timeout.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(Conn::new(builder)));
        let connected = receiver.recv_timeout(options.connect_timeout).map_err(|_| {
            let message = format!("could not connect to {shown}: no answer within {:?}", options.connect_timeout);
            Error::from(DatabaseError::new(DbErrorKind::Connection, message))
        })?;
        let conn = connected.map_err(|e| {
            let kind = match error_kind(&e) {
                DbErrorKind::Other => DbErrorKind::Connection,
                kind => kind,
            };
            Error::from(DatabaseError::new(kind, format!("could not connect to {shown}: {e}")).with_source(e))
        })?;
        let mut db = Self::from_conn(conn)?;
        db.cached = CacheMirror::new(options.statement_cache_size);
        let dialect = *db.core.dialect();
        db.core = DriverCore::with_options(dialect, &options);
        db.statement_timeout = options.statement_timeout;
        if let Some(sql) = db.timeout_setup() {
            db.core.log(&sql, &[]);
            db.conn.query_drop(&sql).map_err(|e| db_error(e, Some(&sql)))?;
        }
        Ok(db)
    }

    /// The statement setting the session's statement timeout, if one is set.
    fn timeout_setup(&self) -> Option<String> {
        let timeout = self.statement_timeout?;
        Some(match self.core.dialect().flavor() {
            crate::Flavor::MariaDb => format!("SET SESSION max_statement_time = {}", timeout.as_secs_f64()),
            crate::Flavor::MySql => format!("SET SESSION max_execution_time = {}", timeout.as_millis()),
        })
    }

    /// The underlying `mysql` connection.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The underlying `mysql` connection, to run what sqlcore does not cover.
    pub fn conn_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }

    /// The dialect statements are compiled for: the server's flavor and version.
    pub fn mysql_dialect(&self) -> MySqlDialect {
        *self.core.dialect()
    }

    /// The compiled-statement cache (its statistics, or to clear it).
    pub fn statement_cache(&mut self) -> &mut StatementCache<MySqlDialect> {
        self.core.cache()
    }

    /// Prepares the statement (or takes it from the statement cache) and converts its
    /// parameters.
    fn prepare(&mut self, sql: &str, values: &[Value]) -> Result<(mysql::Statement, Params)> {
        let stmt = self.conn.prep(sql).map_err(|e| db_error(e, Some(sql)))?;
        self.cached.touch(sql);
        let params = values.iter().map(|v| to_mysql(v, self.core.dialect())).collect::<Result<Vec<mysql::Value>>>()?;
        let params = if params.is_empty() { Params::Empty } else { Params::Positional(params) };
        Ok((stmt, params))
    }

    /// Removes every statement from the `mysql` crate's cache, closing it on the server.
    fn close_cached_statements(&mut self) -> Result<()> {
        for sql in std::mem::take(&mut self.cached.used).into_keys() {
            // `prep` hands back the cached statement without a round trip (or prepares again
            // one the cache has already dropped, which `close` then drops again); a statement
            // that no longer prepares is not in the cache.
            if let Ok(stmt) = self.conn.prep(&sql) {
                self.conn.close(stmt).map_err(|e| db_error(e, Some(&sql)))?;
            }
        }
        Ok(())
    }
}

/// Maps a `mysql` error: constraint violations become [`Error::Integrity`], everything else
/// [`Error::Database`] with the server's message, its SQLSTATE and error number.
fn db_error(e: mysql::Error, sql: Option<&str>) -> Error {
    let mut report = DatabaseError::new(error_kind(&e), e.to_string()).with_sql(sql);
    if let mysql::Error::MySqlError(server) = &e {
        report = report.with_sqlstate(server.state.as_str()).with_code(i64::from(server.code));
    }
    report.with_source(e).into()
}

/// What a `mysql` error means: a server error by its number ([`server_error_kind`]).
fn error_kind(e: &mysql::Error) -> DbErrorKind {
    match e {
        mysql::Error::MySqlError(server) => server_error_kind(server.code, &server.state),
        mysql::Error::IoError(_) | mysql::Error::CodecError(_) => DbErrorKind::Connection,
        mysql::Error::FromValueError(_) | mysql::Error::FromRowError(_) => DbErrorKind::Conversion,
        _ => DbErrorKind::Other,
    }
}

impl Driver for MySqlConnection {
    sqlcore::driver_core!(MySqlDialect, core);

    fn run_execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let (stmt, params) = self.prepare(sql, params)?;
        self.conn.exec_drop(&stmt, params).map_err(|e| db_error(e, Some(sql)))?;
        Ok(self.conn.affected_rows())
    }

    fn run_query(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        let (stmt, params) = self.prepare(sql, params)?;
        let mut result = self.conn.exec_iter(&stmt, params).map_err(|e| db_error(e, Some(sql)))?;
        // The columns of this execution (a cached statement's may predate a schema change).
        let columns: Vec<Column> = result.columns().as_ref().to_vec();
        let names: Arc<[String]> = columns.iter().map(|c| c.name_str().into_owned()).collect();
        let mut out = Vec::new();
        if let Some(set) = result.iter() {
            // Rows past `max_rows` are read off the wire and dropped undecoded with the result.
            for row in set.take(max_rows) {
                let row = row.map_err(|e| db_error(e, Some(sql)))?;
                out.push(decode_row(row, &columns, &names, sql)?);
            }
        }
        Ok(out)
    }

    fn run_stream<'c>(&'c mut self, sql: &str, params: &[Value]) -> Result<RowStream<'c>> {
        let (stmt, params) = self.prepare(sql, params)?;
        // Unbuffered: each row is read off the socket when asked for; dropping the result
        // reads and discards the rest, leaving the connection ready.
        let result = self.conn.exec_iter(&stmt, params).map_err(|e| db_error(e, Some(sql)))?;
        let columns: Vec<Column> = result.columns().as_ref().to_vec();
        let names: Arc<[String]> = columns.iter().map(|c| c.name_str().into_owned()).collect();
        let sql = sql.to_string();
        Ok(RowStream::new(result.map(move |row| {
            let row = row.map_err(|e| db_error(e, Some(&sql)))?;
            decode_row(row, &columns, &names, &sql)
        })))
    }

    fn run_raw(&mut self, sql: &str) -> Result<()> {
        if is_use(sql) {
            // Prepared statements would go on reading the current database's tables.
            self.close_cached_statements()?;
        }
        self.conn.query_drop(sql).map_err(|e| db_error(e, Some(sql)))
    }

    /// Rolls back an open transaction, releases the session's named locks (`GET_LOCK`) and
    /// sets the session up again (SESSION_SETUP and the statement timeout), in one round
    /// trip. User variables and temporary tables stay: clearing them takes
    /// `COM_RESET_CONNECTION`, which also drops every prepared statement.
    fn run_reset(&mut self) -> Result<()> {
        let mut sql = String::from("ROLLBACK; DO RELEASE_ALL_LOCKS()");
        for setup in SESSION_SETUP.iter().map(|s| s.to_string()).chain(self.timeout_setup()) {
            sql.push_str("; ");
            sql.push_str(&setup);
        }
        self.conn.query_drop(&sql).map_err(|e| db_error(e, Some(&sql)))
    }

    fn run_ping(&mut self) -> Result<()> {
        self.conn.query_drop("DO 1").map_err(|e| db_error(e, Some("DO 1")))
    }
}
