//! The MySQL / MariaDB connection, over the synchronous `mysql` crate.

use std::collections::HashMap;
use std::sync::Arc;

use mysql::consts::{CapabilityFlags, ColumnFlags, ColumnType};
use mysql::prelude::Queryable;
use mysql::{Column, Conn, Opts, OptsBuilder, Params};
use sqlcore::cache::StatementCache;
use sqlcore::compile::Dialect;
use sqlcore::connect::{ConnectOptions, DatabaseUrl, SslMode};
use sqlcore::driver::{CONNECT_TIMEOUT, Driver, DriverCore, redact_password};
use sqlcore::{DatabaseError, Date, DbErrorKind, Decimal, Error, Result, Row, RowStream, Time, Timestamp, Value};

use crate::{Flavor, MySqlDialect};

/// The character set number MySQL reports for binary strings (`BINARY`, `VARBINARY`, `BLOB`).
const BINARY_CHARSET: u16 = 63;

/// The session settings every connection starts with, so that statements behave the same
/// whatever the server's configuration:
///
/// * `utf8mb4` both ways, so 4-byte characters (emoji) survive;
/// * a strict `sql_mode`: a value out of range for its column, a zero or invalid date, a
///   division by zero, or a missing storage engine is an error, not a warning with a
///   silently clamped value. `NO_BACKSLASH_ESCAPES`, `PIPES_AS_CONCAT` and `ANSI_QUOTES` are
///   left out on purpose: the dialect escapes backslashes in string literals, writes
///   concatenation as `CONCAT(..)` and quotes identifiers with backticks;
///   `NO_AUTO_VALUE_ON_ZERO` makes an explicit key 0 the key 0, as on PostgreSQL and
///   SQLite (by default MySQL generates a key in its place); only an omitted key (or NULL)
///   is generated;
/// * time zone UTC: `DATETIME` holds timestamps as written, and `NOW()` / `TIMESTAMP`
///   columns agree with [`Value::TimestampTz`], which is in UTC;
/// * `div_precision_increment = 16`: a decimal quotient carries 16 more digits after the
///   point than its dividend (4 by default), so `10.00 / 3` is 3.333333333333333333 where
///   PostgreSQL gives 3.3333333333333333: the same value to any scale a column holds.
const SESSION_SETUP: [&str; 4] = [
    "SET NAMES utf8mb4",
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,\
     NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'",
    "SET time_zone = '+00:00'",
    "SET SESSION div_precision_increment = 16",
];

/// The most digits after the point of a decimal this driver binds: MySQL's `DECIMAL` scale
/// limit, and the scale of the dialect's `CAST(? AS DECIMAL(65, 30))`.
const MAX_DECIMAL_SCALE: usize = 30;
/// The most digits before the point of a decimal this driver binds (65 - 30).
const MAX_DECIMAL_INTEGER_DIGITS: usize = 35;

/// How many prepared statements a connection wrapped by [`MySqlConnection::from_conn`] is
/// assumed to cache at most (its options are not readable from the `Conn`); the `mysql`
/// crate's default is 32.
const ASSUMED_CACHE_SIZE: usize = 1024;

/// A connection to a MySQL or MariaDB server.
///
/// The dialect follows the server: a version string containing `MariaDB` gives
/// [`Flavor::MariaDb`], anything else [`Flavor::MySql`], at the version the server reports.
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

/// The SQL of the statements in the `mysql` crate's statement cache, which the crate does not
/// expose: it follows the same least-recently-used policy at the same (or a larger) capacity,
/// so it holds every statement the cache holds.
#[derive(Debug, Default)]
struct CacheMirror {
    capacity: usize,
    /// Each statement's SQL and when it was last prepared (a counter).
    used: HashMap<String, u64>,
    clock: u64,
}

impl CacheMirror {
    fn new(capacity: usize) -> Self {
        CacheMirror { capacity, ..CacheMirror::default() }
    }

    /// Records that `sql` was prepared (taken from the cache, or added to it).
    fn touch(&mut self, sql: &str) {
        if self.capacity == 0 {
            return;
        }
        self.clock += 1;
        match self.used.get_mut(sql) {
            Some(stamp) => *stamp = self.clock,
            None => {
                self.used.insert(sql.to_string(), self.clock);
                if self.used.len() > self.capacity
                    && let Some(oldest) = self.used.iter().min_by_key(|(_, stamp)| **stamp).map(|(sql, _)| sql.clone())
                {
                    self.used.remove(&oldest);
                }
            }
        }
    }
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
        let version = version.unwrap_or_default();
        let flavor = if version.contains("MariaDB") { Flavor::MariaDb } else { Flavor::MySql };
        let [major, minor, patch] = sqlcore::driver::parse_version(&version);
        let dialect = MySqlDialect::with_version(flavor, major, minor, patch);
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
            Flavor::MariaDb => format!("SET SESSION max_statement_time = {}", timeout.as_secs_f64()),
            Flavor::MySql => format!("SET SESSION max_execution_time = {}", timeout.as_millis()),
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

/// True for `USE db`, which changes the current database.
fn is_use(sql: &str) -> bool {
    let sql = sql.trim_start().as_bytes();
    sql.len() > 3 && sql[..3].eq_ignore_ascii_case(b"use") && (sql[3].is_ascii_whitespace() || sql[3] == b'`')
}

/// A [`Value`] as the `mysql` crate binds it.
fn to_mysql(value: &Value, dialect: &MySqlDialect) -> Result<mysql::Value> {
    let invalid = |reason: &'static str| Error::invalid_value(value, dialect.describe(), reason);
    Ok(match value {
        Value::Null => mysql::Value::NULL,
        Value::Bool(b) => mysql::Value::Int(i64::from(*b)),
        Value::Int(n) => mysql::Value::Int(*n),
        // The server would store NaN or infinity as garbage or refuse it with an obscure message.
        Value::Float(f) if !f.is_finite() => return Err(invalid("MySQL has no NaN or infinity")),
        Value::Float(f) => mysql::Value::Double(*f),
        Value::Text(s) => mysql::Value::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => mysql::Value::Bytes(b.clone()),
        // Sent as text, which the server converts to DECIMAL exactly (a double would round).
        // In an expression the dialect casts it to DECIMAL(65, 30), so a value needs to fit
        // that: MySQL would round further digits, or clamp a larger number, with a warning.
        Value::Decimal(d) if d.scale() > MAX_DECIMAL_SCALE || d.integer_digits() > MAX_DECIMAL_INTEGER_DIGITS => {
            return Err(invalid(
                "MySQL's widest DECIMAL, (65, 30), holds 35 digits before the point and 30 after: round it, or \
                 keep it as text",
            ));
        }
        Value::Decimal(d) => mysql::Value::Bytes(d.as_str().as_bytes().to_vec()),
        Value::Date(d) => {
            let year = u16::try_from(d.year()).map_err(|_| invalid("year out of range"))?;
            mysql::Value::Date(year, d.month(), d.day(), 0, 0, 0, 0)
        }
        Value::Time(t) => mysql::Value::Time(false, 0, t.hour(), t.minute(), t.second(), t.micro()),
        // The session time zone is UTC, so an instant is its UTC wall clock.
        Value::Timestamp(ts) | Value::TimestampTz(ts) => {
            let (d, t) = (ts.date, ts.time);
            let year = u16::try_from(d.year()).map_err(|_| invalid("year out of range"))?;
            mysql::Value::Date(year, d.month(), d.day(), t.hour(), t.minute(), t.second(), t.micro())
        }
        _ => return Err(invalid("this kind of value has no MySQL form")),
    })
}

/// Converts a value read from `column` into a [`Value`].
///
/// The binary protocol gives typed values for numbers and temporals; strings, decimals, JSON
/// and bit fields arrive as bytes and are read by the column's type and character set. Text
/// forms of numbers and temporals are accepted too, so values from the text protocol read the
/// same.
fn from_mysql(value: mysql::Value, column: &Column) -> std::result::Result<Value, String> {
    use ColumnType::*;
    let ty = column.column_type();
    Ok(match value {
        mysql::Value::NULL => Value::Null,
        mysql::Value::Int(n) => Value::Int(n),
        mysql::Value::UInt(n) => Value::Int(
            i64::try_from(n).map_err(|_| format!("unsigned value {n} does not fit in a signed 64-bit integer"))?,
        ),
        mysql::Value::Float(f) => Value::Float(f64::from(f)),
        mysql::Value::Double(f) => Value::Float(f),
        mysql::Value::Date(y, mo, d, h, mi, s, us) => {
            let date = Date::new(i32::from(y), mo, d).map_err(|e| format!("{e} ({y:04}-{mo:02}-{d:02})"))?;
            if matches!(ty, MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE) {
                Value::Date(date)
            } else {
                let time = Time::new(h, mi, s, us).map_err(|e| e.to_string())?;
                Value::Timestamp(Timestamp::new(date, time))
            }
        }
        mysql::Value::Time(negative, days, h, m, s, us) => {
            if negative || days > 0 {
                let sign = if negative { "-" } else { "" };
                return Err(format!(
                    "TIME value {sign}{}:{m:02}:{s:02}.{us:06} is not a time of day (00:00:00 to 23:59:59.999999)",
                    u64::from(days) * 24 + u64::from(h)
                ));
            }
            Value::Time(Time::new(h, m, s, us).map_err(|e| e.to_string())?)
        }
        mysql::Value::Bytes(bytes) => match ty {
            MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => Value::Decimal(parse_text::<Decimal>(&bytes, "DECIMAL")?),
            MYSQL_TYPE_TINY | MYSQL_TYPE_SHORT | MYSQL_TYPE_INT24 | MYSQL_TYPE_LONG | MYSQL_TYPE_LONGLONG
            | MYSQL_TYPE_YEAR => {
                if column.flags().contains(ColumnFlags::UNSIGNED_FLAG) {
                    let n = parse_text::<u64>(&bytes, "integer")?;
                    from_mysql(mysql::Value::UInt(n), column)?
                } else {
                    Value::Int(parse_text::<i64>(&bytes, "integer")?)
                }
            }
            MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => Value::Float(parse_text::<f64>(&bytes, "float")?),
            MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE => Value::Date(parse_text::<Date>(&bytes, "DATE")?),
            MYSQL_TYPE_TIME | MYSQL_TYPE_TIME2 => Value::Time(parse_text::<Time>(&bytes, "TIME")?),
            MYSQL_TYPE_DATETIME | MYSQL_TYPE_DATETIME2 | MYSQL_TYPE_TIMESTAMP | MYSQL_TYPE_TIMESTAMP2 => {
                Value::Timestamp(parse_text::<Timestamp>(&bytes, "DATETIME")?)
            }
            // A BIT(n) value is an unsigned big-endian integer of up to 8 bytes.
            MYSQL_TYPE_BIT if bytes.len() <= 8 => {
                let n = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
                from_mysql(mysql::Value::UInt(n), column)?
            }
            // MySQL's JSON is reported with the binary character set, but it is UTF-8 text.
            MYSQL_TYPE_JSON => Value::Text(utf8(&bytes)?),
            MYSQL_TYPE_GEOMETRY => Value::Bytes(bytes),
            // VARCHAR, CHAR, TEXT, BLOB, ENUM, SET and expression results: text unless the
            // character set is binary.
            _ if column.character_set() == BINARY_CHARSET => Value::Bytes(bytes),
            _ => Value::Text(utf8(&bytes)?),
        },
    })
}

fn utf8(bytes: &[u8]) -> std::result::Result<sqlcore::Text, String> {
    std::str::from_utf8(bytes).map(Into::into).map_err(|e| format!("text is not UTF-8: {e}"))
}

/// Parses the text form of a value of SQL type `what`.
fn parse_text<T: std::str::FromStr>(bytes: &[u8], what: &str) -> std::result::Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{what} value is not UTF-8 text"))?;
    text.parse().map_err(|_| format!("cannot read {text:?} as {what}"))
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

/// What a `mysql` error means. The server's SQLSTATE is coarse (`23000` for every
/// constraint, `HY000` for a lock wait timeout), so its error number decides first
/// (MySQL's and MariaDB's error references, which share these numbers).
fn error_kind(e: &mysql::Error) -> DbErrorKind {
    match e {
        mysql::Error::MySqlError(server) => match server.code {
            1022 | 1062 | 1169 | 1586 => DbErrorKind::UniqueViolation,
            1216 | 1217 | 1451 | 1452 => DbErrorKind::ForeignKeyViolation,
            1048 | 1364 => DbErrorKind::NotNullViolation,
            3819 | 4025 => DbErrorKind::CheckViolation,
            1213 => DbErrorKind::Deadlock,
            1205 | 3572 => DbErrorKind::LockTimeout,
            1049 | 1054 | 1146 | 1305 => DbErrorKind::UndefinedObject,
            1050 | 1060 | 1061 => DbErrorKind::AlreadyExists,
            1064 => DbErrorKind::Syntax,
            1927 | 2006 | 2013 => DbErrorKind::Connection,
            _ => DbErrorKind::from_sqlstate(&server.state),
        },
        mysql::Error::IoError(_) | mysql::Error::CodecError(_) => DbErrorKind::Connection,
        mysql::Error::FromValueError(_) | mysql::Error::FromRowError(_) => DbErrorKind::Conversion,
        _ => DbErrorKind::Other,
    }
}

/// A result row as sqlcore's, each value converted by its column's type.
fn decode_row(row: mysql::Row, columns: &[Column], names: &Arc<[String]>, sql: &str) -> Result<Row> {
    let values = row
        .unwrap_raw()
        .into_iter()
        .zip(columns)
        .map(|(value, column)| {
            from_mysql(value.unwrap_or(mysql::Value::NULL), column).map_err(|reason| {
                let message = format!("column `{}`: {reason}", column.name_str());
                Error::from(DatabaseError::new(DbErrorKind::Conversion, message).with_sql(Some(sql)))
            })
        })
        .collect::<Result<Vec<Value>>>()?;
    Ok(Row::new(names.clone(), values))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_statements_are_recognized() {
        assert!(is_use("USE test"));
        assert!(is_use("  use `my db`"));
        assert!(is_use("Use\ttest"));
        assert!(!is_use("USER"));
        assert!(!is_use("use"));
        assert!(!is_use("SELECT 1; USE test"));
    }

    #[test]
    fn the_cache_mirror_drops_the_least_recently_used_statement() {
        let mut mirror = CacheMirror::new(2);
        mirror.touch("a");
        mirror.touch("b");
        mirror.touch("a");
        mirror.touch("c");
        let mut held: Vec<&str> = mirror.used.keys().map(String::as_str).collect();
        held.sort_unstable();
        assert_eq!(held, ["a", "c"]);
        let mut off = CacheMirror::new(0);
        off.touch("a");
        assert!(off.used.is_empty());
    }
}
