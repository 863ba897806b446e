//! The SQLite connection, over rusqlite (SQLite bundled).

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{ToSql, ffi};
use sqlcore::cache::StatementCache;
use sqlcore::compile::Version;
use sqlcore::connect::{ConnectOptions, DatabaseUrl, SslMode};
use sqlcore::driver::{Driver, DriverCore};
use sqlcore::schema::MetaData;
use sqlcore::{Connection, DatabaseError, DbErrorKind, Error, Result, Row, RowStream, Value};

use crate::SqliteDialect;
use crate::stream::SqliteRows;

/// The settings every connection starts with (and [`Connection::reset`] restores): foreign
/// keys enforced, so `ON DELETE CASCADE` cascades; LIKE case-sensitive, as on PostgreSQL and
/// (with sqlcore's tables) MySQL, where SQLite's folds ASCII case (ILIKE stays
/// case-insensitive through LOWER()).
const SESSION_SETUP: &str = "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON";

/// How long a statement waits for another connection's lock on the database file when the
/// URL sets no `timeout` (Python's sqlite3 default).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// A connection to a SQLite database (a file, or in memory).
///
/// Foreign keys are enforced (`PRAGMA foreign_keys = ON`), so `ON DELETE CASCADE` cascades.
/// Statements are prepared through rusqlite's statement cache. Every statement is logged at
/// debug level, target `sqlcore::sql`, with its parameters.
///
/// ```
/// use sqlcore::prelude::*;
/// use sqlcore_sqlite::SqliteConnection;
///
/// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Text => not_null(); } }
/// let mut db = SqliteConnection::open_in_memory()?;
/// db.create_all(&MetaData::new().with(notes::table())?)?;
/// assert_eq!(db.execute(&insert(notes::table()).value(notes::body, "hello"))?, 1);
/// let body: String = db.scalar(&select([notes::body]).filter(notes::id.eq(1)))?;
/// assert_eq!(body, "hello");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug)]
pub struct SqliteConnection {
    conn: rusqlite::Connection,
    /// The dialect, compiled statements by shape (see `sqlcore::cache`, paired with
    /// rusqlite's prepared-statement cache of the same capacity) and result column names.
    core: DriverCore<SqliteDialect>,
}

impl SqliteConnection {
    /// Opens (creating if needed) the database file at `path`.
    ///
    /// # Errors
    /// [`Error::Database`] if the file cannot be opened.
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        let conn = rusqlite::Connection::open(path).map_err(|e| db_error(e, None))?;
        Self::from_rusqlite(conn)
    }

    /// Opens a private in-memory database.
    ///
    /// # Errors
    /// [`Error::Database`] if SQLite cannot allocate it.
    pub fn open_in_memory() -> Result<Self> {
        let conn = rusqlite::Connection::open_in_memory().map_err(|e| db_error(e, None))?;
        Self::from_rusqlite(conn)
    }

    /// Wraps an open rusqlite connection; enables foreign-key enforcement, and targets the
    /// version of the SQLite library in use.
    ///
    /// # Errors
    /// [`Error::Database`] if the pragma fails.
    pub fn from_rusqlite(conn: rusqlite::Connection) -> Result<Self> {
        conn.execute_batch(SESSION_SETUP).map_err(|e| db_error(e, None))?;
        let n = rusqlite::version_number();
        let version = Version((n / 1_000_000) as u16, (n / 1000 % 1000) as u16, (n % 1000) as u16);
        let dialect = SqliteDialect::with_version(version.0, version.1, version.2);
        conn.set_prepared_statement_cache_capacity(sqlcore::cache::DEFAULT_CAPACITY);
        Ok(SqliteConnection { conn, core: DriverCore::new(dialect) })
    }

    /// Opens the database of a `sqlite:` URL ([`DatabaseUrl::sqlite_path`]: a file, created
    /// if needed, or memory) with `options`: its echo and statement-cache size, and the URL's
    /// `timeout` (seconds a statement waits for another connection's lock; 5 by default) and
    /// `mode=ro` (read-only).
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] for another scheme, an unknown parameter, TLS or a statement
    /// timeout (SQLite has neither); [`Error::Database`] if the file cannot be opened.
    pub fn connect_url(url: &DatabaseUrl, options: &ConnectOptions) -> Result<Self> {
        if url.scheme() != "sqlite" {
            return Err(url.error("scheme", format!("`{}` is not `sqlite`", url.scheme())));
        }
        url.only_params(&["timeout", "mode", "statement_cache_size"])?;
        if url.host().is_some() {
            return Err(url.error(
                "host",
                "SQLite has no host: write `sqlite:///relative.db` or `sqlite:////absolute.db` (three or four slashes)",
            ));
        }
        let options = options.clone().with_url_params(url, "sslmode", "sslrootcert")?;
        if options.tls.mode != SslMode::Disable {
            return Err(url.error("TLS", "SQLite opens a local file: TLS does not apply"));
        }
        if options.statement_timeout.is_some() {
            return Err(url.error("statement timeout", "SQLite has no statement timeout"));
        }
        let mut flags = rusqlite::OpenFlags::default();
        match url.param("mode") {
            None | Some("rwc") => {}
            Some("ro") => {
                flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
            }
            Some(other) => return Err(url.error("query parameter `mode`", format!("`{other}` is not `ro` or `rwc`"))),
        }
        let conn = match url.sqlite_path() {
            Some(path) => rusqlite::Connection::open_with_flags(path, flags),
            None => rusqlite::Connection::open_in_memory(),
        }
        .map_err(|e| {
            let message = format!("could not open {}: {e}", url.shown());
            Error::from(DatabaseError::new(DbErrorKind::Connection, message).with_source(e))
        })?;
        let busy = url.seconds_param("timeout")?.unwrap_or(BUSY_TIMEOUT);
        conn.busy_timeout(busy).map_err(|e| db_error(e, None))?;
        let mut db = Self::from_rusqlite(conn)?;
        db.conn.set_prepared_statement_cache_capacity(options.statement_cache_size);
        let dialect = *db.core.dialect();
        db.core = DriverCore::with_options(dialect, &options);
        Ok(db)
    }

    /// The underlying rusqlite connection.
    pub fn rusqlite(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// The compiled-statement cache (its statistics, or to clear it).
    pub fn statement_cache(&mut self) -> &mut StatementCache<SqliteDialect> {
        self.core.cache()
    }

    fn prepare<'c>(
        conn: &'c rusqlite::Connection,
        sql: &str,
        params: &[Value],
    ) -> Result<rusqlite::CachedStatement<'c>> {
        let mut stmt = conn.prepare_cached(sql).map_err(|e| db_error(e, Some(sql)))?;
        for (i, value) in params.iter().enumerate() {
            if let Value::Decimal(d) = value
                && d.significant_digits() > MAX_DECIMAL_DIGITS
            {
                // A decimal is a double to SQLite, exact up to 15 significant digits: more
                // would be rounded silently (and two values could compare equal).
                return Err(Error::invalid_value(
                    d,
                    "sqlite",
                    "SQLite keeps a decimal as an 8-byte float, exact to 15 significant digits: round it, \
                             or keep it as text",
                ));
            }
            if matches!(value, Value::Float(f) if f.is_nan()) {
                // SQLite would store or compare NULL instead: refuse rather than change it.
                return Err(Error::invalid_value("NaN", "sqlite", "SQLite turns a bound NaN into NULL"));
            }
            stmt.raw_bind_parameter(i + 1, Param(value)).map_err(|e| db_error(e, Some(sql)))?;
        }
        Ok(stmt)
    }
}

/// The most significant digits of a decimal SQLite keeps exactly (an 8-byte float's 15,
/// `DBL_DIG`): every decimal of at most 15 digits has a float of its own, which reads back as
/// that decimal.
const MAX_DECIMAL_DIGITS: usize = 15;

/// A parameter as rusqlite binds it (a newtype: neither type is this crate's).
struct Param<'a>(&'a Value);

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Value::Null => ValueRef::Null,
            Value::Bool(b) => ValueRef::Integer(i64::from(*b)),
            Value::Int(n) => ValueRef::Integer(*n),
            Value::Float(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Bytes(b) => ValueRef::Blob(b),
            // SQLite has no decimal, date or time types: they are bound as text (a column of
            // REAL affinity, which `Numeric` columns have, stores decimal text as a float).
            Value::Decimal(d) => ValueRef::Text(d.as_str().as_bytes()),
            Value::Date(d) => return Ok(ToSqlOutput::Owned(rusqlite::types::Value::Text(d.to_string()))),
            Value::Time(t) => return Ok(ToSqlOutput::Owned(rusqlite::types::Value::Text(t.to_string()))),
            Value::Timestamp(t) => return Ok(ToSqlOutput::Owned(rusqlite::types::Value::Text(t.to_string()))),
            Value::TimestampTz(t) => return Ok(ToSqlOutput::Owned(rusqlite::types::Value::Text(format!("{t}+00:00")))),
            other => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("sqlcore value {other:?} has no SQLite form").into(),
                ));
            }
        }))
    }
}

pub(crate) fn read_value(v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(f) => Value::Float(f),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t)
                .map_err(|e| {
                    Error::from(DatabaseError::new(DbErrorKind::Conversion, format!("text column is not UTF-8: {e}")))
                })?
                .into(),
        ),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    })
}

/// Maps a rusqlite error: constraint violations become [`Error::Integrity`], everything
/// else [`Error::Database`], with SQLite's extended result code.
pub(crate) fn db_error(e: rusqlite::Error, sql: Option<&str>) -> Error {
    let mut report = DatabaseError::new(error_kind(&e), e.to_string()).with_sql(sql);
    if let Some((failure, _)) = sqlite_failure(&e) {
        report = report.with_code(i64::from(failure.extended_code));
    }
    report.with_source(e).into()
}

/// SQLite's own failure inside a rusqlite error, with its message: a failed step, or SQL
/// that did not prepare (rusqlite reports the latter with the offset of the fault).
fn sqlite_failure(e: &rusqlite::Error) -> Option<(&ffi::Error, &str)> {
    match e {
        rusqlite::Error::SqliteFailure(failure, message) => Some((failure, message.as_deref().unwrap_or(""))),
        rusqlite::Error::SqlInputError { error, msg, .. } => Some((error, msg)),
        _ => None,
    }
}

/// What a rusqlite error means, from SQLite's extended result code
/// (<https://www.sqlite.org/rescode.html>). SQLite has no SQLSTATE, and reports a missing
/// table or a syntax error only as the primary code `SQLITE_ERROR` with a message.
fn error_kind(e: &rusqlite::Error) -> DbErrorKind {
    let Some((failure, message)) = sqlite_failure(e) else {
        return match e {
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::ToSqlConversionFailure(_)
            | rusqlite::Error::Utf8Error(_) => DbErrorKind::Conversion,
            _ => DbErrorKind::Other,
        };
    };
    match failure.extended_code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY | ffi::SQLITE_CONSTRAINT_ROWID => {
            DbErrorKind::UniqueViolation
        }
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => DbErrorKind::ForeignKeyViolation,
        ffi::SQLITE_CONSTRAINT_NOTNULL => DbErrorKind::NotNullViolation,
        ffi::SQLITE_CONSTRAINT_CHECK => DbErrorKind::CheckViolation,
        code if code & 0xff == ffi::SQLITE_CONSTRAINT => DbErrorKind::OtherConstraint,
        code if code & 0xff == ffi::SQLITE_BUSY || code & 0xff == ffi::SQLITE_LOCKED => DbErrorKind::LockTimeout,
        code if code & 0xff == ffi::SQLITE_CANTOPEN => DbErrorKind::Connection,
        code if code & 0xff == ffi::SQLITE_ERROR => {
            if message.starts_with("no such ") {
                DbErrorKind::UndefinedObject
            } else if message.contains("already exists") || message.starts_with("duplicate column name") {
                DbErrorKind::AlreadyExists
            } else if message.contains("syntax error") {
                DbErrorKind::Syntax
            } else {
                DbErrorKind::Other
            }
        }
        _ => DbErrorKind::Other,
    }
}

impl Driver for SqliteConnection {
    sqlcore::driver_core!(SqliteDialect, core);

    fn run_execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        // sqlite3_changes() keeps the count of the last INSERT / UPDATE / DELETE through any
        // other statement (DDL), so a statement that changed nothing reports 0 explicitly.
        let before = self.conn.total_changes();
        let mut stmt = Self::prepare(&self.conn, sql, params)?;
        let n = stmt.raw_execute().map_err(|e| db_error(e, Some(sql)))?;
        drop(stmt);
        if self.conn.total_changes() == before { Ok(0) } else { Ok(n as u64) }
    }

    fn run_query(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        let mut stmt = Self::prepare(&self.conn, sql, params)?;
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        // The columns are read after the first step: a cached statement whose table changed
        // is prepared again by that step, and may then have other columns than before it.
        let mut names: Option<std::sync::Arc<[String]>> = None;
        // Stepping stops at `max_rows`: the statement is reset, the rest never computed.
        while out.len() < max_rows
            && let Some(row) = rows.next().map_err(|e| db_error(e, Some(sql)))?
        {
            let names = match &names {
                Some(names) => names.clone(),
                None => {
                    let stmt = row.as_ref();
                    let current = (0..stmt.column_count()).map(|i| stmt.column_name(i).unwrap_or_default());
                    names.insert(self.core.names(sql, current)).clone()
                }
            };
            let mut values = Vec::with_capacity(names.len());
            for i in 0..names.len() {
                let v = row.get_ref(i).map_err(|e| db_error(e, Some(sql)))?;
                values.push(read_value(v)?);
            }
            out.push(Row::new(names, values));
        }
        Ok(out)
    }

    fn drop_tables(&mut self, metadata: &MetaData) -> Result<()> {
        // DROP TABLE first deletes the rows, checking foreign keys: tables in a foreign-key
        // cycle that hold rows cannot be dropped in any order. Outside a transaction,
        // enforcement is paused for the drop (the pragma is a no-op inside one).
        let ddl = sqlcore::connection::drop_all_statements(self, metadata)?;
        self.execute_raw("PRAGMA foreign_keys = OFF")?;
        let mut result = Ok(());
        for stmt in &ddl {
            result = self.execute_compiled(stmt).map(|_| ());
            if result.is_err() {
                break;
            }
        }
        self.execute_raw("PRAGMA foreign_keys = ON")?;
        result
    }

    fn run_stream<'c>(&'c mut self, sql: &str, params: &[Value]) -> Result<RowStream<'c>> {
        let stmt = Self::prepare(&self.conn, sql, params)?;
        Ok(RowStream::new(SqliteRows::start(stmt, sql, self.core.column_names())))
    }

    fn run_raw(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(|e| db_error(e, Some(sql)))
    }

    /// Rolls back an open transaction and sets the session's pragmas again.
    fn run_reset(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.run_raw("ROLLBACK")?;
        }
        self.run_raw(SESSION_SETUP)
    }
}
