//! The PostgreSQL connection, over the synchronous `postgres` crate (no TLS).
//!
//! Parameters are encoded by the type the server expects (see `convert.rs`, shared with the
//! asynchronous connection), not by the Rust type they came
//! from: the prepared statement reports each parameter's type (`$1` compared with an
//! `integer` column is `int4`, `LIMIT $1` is `int8`), and each [`Value`] is converted to
//! exactly that binary form, with range checks. This is what makes an `i64` usable against
//! an `INTEGER` column, and a value that does not fit an error instead of a wrapped number.
//! Results come back in binary and are decoded per column type the same way.

use std::fmt;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use sqlcore::cache::StatementCache;
use sqlcore::connect::{ConnectOptions, DatabaseUrl, SslMode};
use sqlcore::driver::{CONNECT_TIMEOUT, Driver, DriverCore, redact_password};
use sqlcore::{Error, Result, Row, RowStream, Value};

use crate::PostgresDialect;
use crate::convert::{
    Param, SERVER_VERSION_SQL, Statements, after_retry, connect_failed, decode_row, decode_rows, invalid_url,
    is_stale_statement, pg_error, refuse_nul, server_dialect,
};

/// A connection to a PostgreSQL server.
///
/// Statements are prepared on the server once and kept in a small cache keyed by their SQL
/// (up to 256; the cache is emptied when full). Every statement is logged at debug level,
/// target `sqlcore::sql`, with its parameters. Constraint violations (SQLSTATE class 23) are
/// [`Error::Integrity`]; every other failure is [`Error::Database`] carrying the server's
/// message and the SQL.
///
/// Values are bound by the type the server expects for each parameter:
///
/// | parameter type | accepted values |
/// |---|---|
/// | `smallint`, `integer`, `bigint`, `oid` | integers in range, booleans (0 / 1), integral floats and decimals |
/// | `real`, `double precision` | floats, integers, decimals |
/// | `numeric` | decimals, integers, floats (NaN and the infinities too) |
/// | `boolean` | booleans, the integers 0 and 1 |
/// | `text`, `varchar`, `char`, `name`, `json`, `jsonb` | text, and the text form of numbers, booleans, dates and times |
/// | `bytea` | bytes |
/// | `date`, `time` | dates, times |
/// | `timestamp`, `timestamptz` | timestamps of either kind (a timestamp without time zone bound to `timestamptz` is taken as UTC) |
/// | anything else (`uuid`, `interval`, enums, ...) | the value's text form, parsed by the server |
///
/// NULL binds to every type. Anything else is an [`Error::Database`] naming the parameter,
/// the value and the type, raised before the statement is sent (nothing is written).
///
/// ```no_run
/// use sqlcore::prelude::*;
/// use sqlcore_postgres::PostgresConnection;
///
/// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Text => not_null(); } }
/// let mut db = PostgresConnection::connect("postgres://postgres@127.0.0.1:5432/test")?;
/// db.create_all(&MetaData::new().with(notes::table())?)?;
/// assert_eq!(db.execute(&insert(notes::table()).value(notes::body, "hello"))?, 1);
/// let body: String = db.scalar(&select([notes::body]).filter(notes::id.eq(1)))?;
/// assert_eq!(body, "hello");
/// # Ok::<(), sqlcore::Error>(())
/// ```
pub struct PostgresConnection {
    client: Client,
    statements: Statements,
    /// The dialect, compiled statements by shape (see `sqlcore::cache`, whose SQL then finds
    /// its prepared statement in `statements`) and result column names.
    core: DriverCore<PostgresDialect>,
}

impl fmt::Debug for PostgresConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // postgres::Client implements no Debug; its state is whether it is still open.
        f.debug_struct("PostgresConnection")
            .field("dialect", self.core.dialect())
            .field("cached_statements", &self.statements.len())
            .field("closed", &self.client.is_closed())
            .finish()
    }
}

impl PostgresConnection {
    /// The compiled-statement cache (its statistics, or to clear it).
    pub fn statement_cache(&mut self) -> &mut StatementCache<PostgresDialect> {
        self.core.cache()
    }

    /// Connects to the server at `url`, a `postgres://user:password@host:port/database` URL
    /// or a `host=... user=...` string, without TLS. A connection string without
    /// `connect_timeout` waits at most 10 seconds for the server.
    ///
    /// # Errors
    /// [`Error::Database`] saying the server could not be reached at `url` (shown with its
    /// password masked), or that `url` is not a connection string.
    pub fn connect(url: &str) -> Result<Self> {
        let shown = redact_password(url);
        let mut config: postgres::Config = url.parse().map_err(|e| invalid_url(&shown, e))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let client = config.connect(NoTls).map_err(|e| connect_failed(&shown, e))?;
        Self::from_client(client)
    }

    /// Connects to the server of a `postgres://` / `postgresql://` URL with `options`.
    ///
    /// The URL's query parameters: `sslmode` (`disable`, `prefer`, `require`, `verify-ca`,
    /// `verify-full`; `disable` by default), `sslrootcert` (a PEM file of trusted CAs; the
    /// public roots otherwise), `application_name`, `connect_timeout` and
    /// `statement_timeout` (seconds), `statement_cache_size`. Any other parameter is an
    /// error, so that a misspelt `sslmode` does not connect in the clear. Without a user the
    /// operating system's (`$USER`) is used, as libpq does; without a host, `localhost`.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] naming the part at fault; [`Error::Database`] of kind
    /// `Connection` when the server cannot be reached in time, refuses the login, or its
    /// certificate is not trusted. No message shows the password.
    pub fn connect_url(url: &DatabaseUrl, options: &ConnectOptions) -> Result<Self> {
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(url.error("scheme", format!("`{}` is not `postgres` or `postgresql`", url.scheme())));
        }
        url.only_params(&[
            "sslmode",
            "sslrootcert",
            "application_name",
            "connect_timeout",
            "statement_timeout",
            "statement_cache_size",
        ])?;
        let options = options.clone().with_url_params(url, "sslmode", "sslrootcert")?;
        let mut config = postgres::Config::new();
        config.host(url.host().unwrap_or("localhost"));
        config.port(url.port()?.unwrap_or(5432));
        let user = match url.user() {
            Some(user) => user.to_string(),
            None => std::env::var("USER").map_err(|_| url.error("user", "none given, and $USER is not set"))?,
        };
        config.user(&user);
        if let Some(password) = url.password() {
            config.password(password);
        }
        if let Some(database) = url.database() {
            config.dbname(database);
        }
        if let Some(name) = url.param("application_name") {
            config.application_name(name);
        }
        config.connect_timeout(options.connect_timeout);
        if let Some(timeout) = options.statement_timeout {
            config.options(&format!("-c statement_timeout={}", timeout.as_millis()));
        }
        // Notices ("there is no transaction in progress" from a reset's ROLLBACK, ...) are
        // the server talking to a person: debug, not the postgres crate's `info`.
        config.notice_callback(|notice| {
            log::debug!(target: "sqlcore::sql", "PostgreSQL {}: {}", notice.severity(), notice.message());
        });
        let shown = url.shown();
        let connected = match options.tls.mode {
            SslMode::Disable => config.connect(NoTls),
            mode => {
                config.ssl_mode(if mode == SslMode::Prefer {
                    postgres::config::SslMode::Prefer
                } else {
                    postgres::config::SslMode::Require
                });
                let tls = tokio_postgres_rustls::MakeRustlsConnect::new(crate::tls::client_config(&options.tls)?);
                config.connect(tls)
            }
        };
        let client = connected.map_err(|e| connect_failed(shown, e))?;
        let mut db = Self::from_client(client)?;
        db.statements = crate::convert::Statements::with_capacity(options.statement_cache_size);
        let dialect = *db.core.dialect();
        db.core = DriverCore::with_options(dialect, &options);
        Ok(db)
    }

    /// Wraps a connected `postgres` client; reads the server's version
    /// (`SHOW server_version_num`) so that statements are compiled for it.
    ///
    /// # Errors
    /// [`Error::Database`] if the version cannot be read.
    pub fn from_client(mut client: Client) -> Result<Self> {
        sqlcore::driver::log_statement(SERVER_VERSION_SQL, &[]);
        let messages = client.simple_query(SERVER_VERSION_SQL).map_err(|e| pg_error(e, Some(SERVER_VERSION_SQL)))?;
        let dialect = server_dialect(&messages)?;
        Ok(PostgresConnection { client, statements: Statements::default(), core: DriverCore::new(dialect) })
    }

    /// The underlying `postgres` client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The underlying `postgres` client, to run what sqlcore does not express (COPY,
    /// LISTEN / NOTIFY, ...).
    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// The prepared statement for `sql`, from the cache or prepared now.
    fn statement(&mut self, sql: &str) -> std::result::Result<Statement, postgres::Error> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt);
        }
        let stmt = self.client.prepare(sql)?;
        self.statements.insert(sql, stmt.clone());
        Ok(stmt)
    }

    /// Runs `run` with `sql`'s prepared statement and parameters; returns the statement too
    /// (its columns name the result's).
    ///
    /// A cached statement the server no longer accepts — its tables changed shape ("cached
    /// plan must not change result type"), or it was deallocated — failed before doing
    /// anything, so it is prepared again and run once more ([`after_retry`] says which error
    /// a second failure reports).
    fn run<T>(
        &mut self,
        sql: &str,
        values: &[Value],
        run: impl Fn(&mut Client, &Statement, &[&(dyn ToSql + Sync)]) -> std::result::Result<T, postgres::Error>,
    ) -> Result<(Statement, T)> {
        refuse_nul(values)?;
        let params = Param::list(values);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let first = match self.statement(sql) {
            Ok(stmt) => match run(&mut self.client, &stmt, &refs) {
                Ok(out) => return Ok((stmt, out)),
                Err(e) => e,
            },
            Err(e) => return Err(self.failed(e, sql)),
        };
        if !is_stale_statement(&first) {
            return Err(self.failed(first, sql));
        }
        self.statements.remove(sql);
        let retried = self.statement(sql).and_then(|stmt| run(&mut self.client, &stmt, &refs).map(|out| (stmt, out)));
        retried.map_err(|e| self.failed(after_retry(first, e), sql))
    }

    /// Maps an error of running `sql` ([`Statements::failed`]).
    fn failed(&mut self, e: postgres::Error, sql: &str) -> Error {
        let closed = self.client.is_closed();
        self.statements.failed(e, sql, closed)
    }
}

/// The rows of a streamed query, decoded as they arrive.
struct PgRows<'c> {
    rows: postgres::RowIter<'c>,
    sql: String,
    names: Option<std::sync::Arc<[String]>>,
    name_cache: &'c mut sqlcore::cache::ColumnNames,
}

impl Iterator for PgRows<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        let row = match self.rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => return None,
            Err(e) => return Some(Err(pg_error(e, Some(&self.sql)))),
        };
        let names = match &self.names {
            Some(names) => names.clone(),
            None => {
                let names = self.name_cache.get(&self.sql, row.columns().iter().map(|c| c.name()));
                self.names.insert(names).clone()
            }
        };
        Some(decode_row(&row, &names, &self.sql))
    }
}

impl Driver for PostgresConnection {
    sqlcore::driver_core!(PostgresDialect, core);

    fn run_execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let n = self.run(sql, params, |client, stmt, params| client.execute(stmt, params)).map(|(_, n)| n)?;
        self.statements.after_schema_change(sql);
        Ok(n)
    }

    fn run_query(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        let (stmt, rows) = self.run(sql, params, |client, stmt, params| {
            if max_rows == usize::MAX {
                return client.query(stmt, params);
            }
            // Rows past `max_rows` are discarded as they arrive, never decoded or kept.
            let mut stream = client.query_raw(stmt, params.iter().copied())?;
            let mut rows = Vec::new();
            while rows.len() < max_rows
                && let Some(row) = stream.next()?
            {
                rows.push(row);
            }
            Ok(rows)
        })?;
        decode_rows(&mut self.core, sql, &stmt, rows)
    }

    fn run_stream<'c>(&'c mut self, sql: &str, params: &[Value]) -> Result<RowStream<'c>> {
        refuse_nul(params)?;
        let params = Param::list(params);
        // Through an unnamed statement, prepared for this run: a stream cannot retry a
        // cached statement gone stale (as `run` does) once its rows are handed out, and the
        // extra round trip is nothing beside a result worth streaming.
        let rows = match self.client.query_raw(sql, params.iter().map(|p| p as &(dyn ToSql + Sync))) {
            Ok(rows) => rows,
            Err(e) => return Err(pg_error(e, Some(sql))),
        };
        Ok(RowStream::new(PgRows { rows, sql: sql.to_string(), names: None, name_cache: self.core.column_names() }))
    }

    fn run_raw(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(|e| {
            if self.client.is_closed() {
                self.statements.clear();
            }
            pg_error(e, Some(sql))
        })?;
        self.statements.after_schema_change(sql);
        Ok(())
    }

    /// Rolls back an open transaction (outside one, the server only notes there was none)
    /// and restores the session as `DISCARD ALL` would, but keeps the prepared statements:
    /// cursors closed, settings back to the connection's defaults (`RESET ALL`: those of the
    /// URL stay, being the session's defaults), LISTENs, advisory locks and temporary tables
    /// gone.
    fn run_reset(&mut self) -> Result<()> {
        self.run_raw(
            "ROLLBACK; CLOSE ALL; RESET ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES",
        )
    }

    fn run_ping(&mut self) -> Result<()> {
        self.run_raw("")
    }

    fn broken(&self) -> bool {
        self.client.is_closed()
    }
}
