//! The asynchronous MySQL / MariaDB connection, over mysql_async 0.37: built on the same
//! `mysql_common` as the synchronous `mysql` 28, so its values, rows and columns are the
//! same types, and the conversions, session setup and error classification are
//! [`MySqlConnection`](crate::MySqlConnection)'s own (`convert.rs`).

use std::sync::Arc;

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Opts, OptsBuilder, Params};
use sqlcore::asynchronous::{AsyncDriver, BoxFuture, PendingRollback};
use sqlcore::cache::{Prepared, StatementCache};
use sqlcore::compile::{Compile, Dialect};
use sqlcore::driver::{CONNECT_TIMEOUT, DriverCore, redact_password};
use sqlcore::{DatabaseError, DbErrorKind, Error, Result, Row, Value};

use crate::MySqlDialect;
use crate::convert::{CacheMirror, SESSION_SETUP, decode_row, is_use, server_dialect, server_error_kind, to_mysql};

/// An asynchronous connection to a MySQL or MariaDB server, an
/// [`AsyncConnection`](sqlcore::asynchronous::AsyncConnection).
///
/// It behaves as [`MySqlConnection`](crate::MySqlConnection) does: the dialect follows the
/// server's flavor and version, the session is set up the same way (`utf8mb4`, strict
/// `sql_mode`, UTC, `CLIENT_FOUND_ROWS`), statements are server-side prepared statements
/// through mysql_async's statement cache, and `USE other_db` closes the cached statements
/// first. It needs a tokio runtime. Statements are logged at debug level, target
/// `sqlcore::sql`.
///
/// ```no_run
/// use sqlcore::asynchronous::AsyncConnection;
/// use sqlcore::prelude::*;
/// use sqlcore_mysql::AsyncMySqlConnection;
///
/// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Varchar(200) => not_null(); } }
/// # async fn run() -> sqlcore::Result<()> {
/// let mut db = AsyncMySqlConnection::connect("mysql://root@127.0.0.1:3306/test").await?;
/// db.create_all(&MetaData::new().with(notes::table())?).await?;
/// assert_eq!(db.execute(&insert(notes::table()).value(notes::body, "hello")).await?, 1);
/// let body: String = db.scalar(&select([notes::body]).filter(notes::id.eq(1))).await?;
/// assert_eq!(body, "hello");
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AsyncMySqlConnection {
    conn: Conn,
    cached: CacheMirror,
    core: DriverCore<MySqlDialect>,
    pending: PendingRollback,
}

impl AsyncMySqlConnection {
    /// Connects to the server at `url` (`mysql://user:password@host:port/database`, with
    /// mysql_async's URL parameters), without TLS, then sets the session up. Connecting gives
    /// up after 10 seconds.
    ///
    /// # Errors
    /// [`Error::Database`] if the URL is invalid, the server cannot be reached in time or
    /// refuses the login, or the session setup fails. Messages show the URL without its
    /// password.
    pub async fn connect(url: &str) -> Result<Self> {
        let shown = redact_password(url);
        let opts = Opts::from_url(url).map_err(|e| {
            Error::from(
                DatabaseError::new(DbErrorKind::Connection, format!("invalid MySQL URL {shown}: {e}")).with_source(e),
            )
        })?;
        let cache_size = opts.stmt_cache_size();
        let opts = OptsBuilder::from_opts(opts).client_found_rows(true);
        let conn = match tokio::time::timeout(CONNECT_TIMEOUT, Conn::new(opts)).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => {
                let kind = match error_kind(&e) {
                    DbErrorKind::Other => DbErrorKind::Connection,
                    kind => kind,
                };
                let message = format!("could not connect to {shown}: {e}");
                return Err(DatabaseError::new(kind, message).with_source(e).into());
            }
            Err(_) => {
                let message = format!("could not connect to {shown}: no answer within {CONNECT_TIMEOUT:?}");
                return Err(DatabaseError::new(DbErrorKind::Connection, message).into());
            }
        };
        let mut db = Self::from_conn(conn).await?;
        db.cached = CacheMirror::new(cache_size);
        Ok(db)
    }

    /// Wraps an open mysql_async connection: sets the session up and reads the server's
    /// flavor and version. `UPDATE` counts the rows it matched only if the connection was
    /// opened with `client_found_rows`.
    ///
    /// # Errors
    /// [`Error::Database`] if a setup statement or `SELECT VERSION()` fails.
    pub async fn from_conn(mut conn: Conn) -> Result<Self> {
        for sql in SESSION_SETUP {
            sqlcore::driver::log_statement(sql, &[]);
            conn.query_drop(sql).await.map_err(|e| db_error(e, Some(sql)))?;
        }
        let sql = "SELECT VERSION()";
        sqlcore::driver::log_statement(sql, &[]);
        let version: Option<String> = conn.query_first(sql).await.map_err(|e| db_error(e, Some(sql)))?;
        let dialect = server_dialect(&version.unwrap_or_default());
        Ok(AsyncMySqlConnection {
            conn,
            cached: CacheMirror::new(mysql_async::Opts::default().stmt_cache_size()),
            core: DriverCore::new(dialect),
            pending: PendingRollback::default(),
        })
    }

    /// The underlying mysql_async connection, to run what sqlcore does not cover.
    pub fn conn_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }

    /// The compiled-statement cache (its statistics, or to clear it).
    pub fn statement_cache(&mut self) -> &mut StatementCache<MySqlDialect> {
        self.core.cache()
    }

    /// Prepares the statement (or takes it from the statement cache) and converts its
    /// parameters.
    async fn prepare(&mut self, sql: &str, values: &[Value]) -> Result<(mysql_async::Statement, Params)> {
        let stmt = self.conn.prep(sql).await.map_err(|e| db_error(e, Some(sql)))?;
        self.cached.touch(sql);
        let params = values.iter().map(|v| to_mysql(v, self.core.dialect())).collect::<Result<Vec<_>>>()?;
        let params = if params.is_empty() { Params::Empty } else { Params::Positional(params) };
        Ok((stmt, params))
    }

    /// Removes every statement from mysql_async's cache, closing it on the server.
    async fn close_cached_statements(&mut self) -> Result<()> {
        for sql in std::mem::take(&mut self.cached.used).into_keys() {
            if let Ok(stmt) = self.conn.prep(&sql).await {
                self.conn.close(stmt).await.map_err(|e| db_error(e, Some(&sql)))?;
            }
        }
        Ok(())
    }
}

/// Maps a mysql_async error: constraint violations become [`Error::Integrity`], everything
/// else [`Error::Database`] with the server's message, its SQLSTATE and error number.
fn db_error(e: mysql_async::Error, sql: Option<&str>) -> Error {
    let mut report = DatabaseError::new(error_kind(&e), e.to_string()).with_sql(sql);
    if let mysql_async::Error::Server(server) = &e {
        report = report.with_sqlstate(server.state.as_str()).with_code(i64::from(server.code));
    }
    report.with_source(e).into()
}

/// What a mysql_async error means: a server error by its number ([`server_error_kind`]).
fn error_kind(e: &mysql_async::Error) -> DbErrorKind {
    match e {
        mysql_async::Error::Server(server) => server_error_kind(server.code, &server.state),
        mysql_async::Error::Io(_) => DbErrorKind::Connection,
        mysql_async::Error::Driver(_) if e.is_fatal() => DbErrorKind::Connection,
        mysql_async::Error::Driver(
            mysql_async::DriverError::FromValue { .. } | mysql_async::DriverError::FromRow { .. },
        ) => DbErrorKind::Conversion,
        _ => DbErrorKind::Other,
    }
}

impl AsyncDriver for AsyncMySqlConnection {
    fn dialect(&self) -> &dyn Dialect {
        self.core.dialect()
    }

    fn compile(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        self.core.cache().compile(stmt)
    }

    fn pending_rollback(&mut self) -> &mut PendingRollback {
        &mut self.pending
    }

    fn run_execute<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<u64>> {
        Box::pin(async move {
            let (stmt, params) = self.prepare(sql, params).await?;
            self.conn.exec_drop(&stmt, params).await.map_err(|e| db_error(e, Some(sql)))?;
            Ok(self.conn.affected_rows())
        })
    }

    fn run_query<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>> {
        Box::pin(async move {
            let (stmt, params) = self.prepare(sql, params).await?;
            let mut result = self.conn.exec_iter(&stmt, params).await.map_err(|e| db_error(e, Some(sql)))?;
            // The columns of this execution (a cached statement's may predate a schema change).
            let columns: Vec<mysql_async::Column> = result.columns().map(|c| c.to_vec()).unwrap_or_default();
            let names: Arc<[String]> = columns.iter().map(|c| c.name_str().into_owned()).collect();
            let mut out = Vec::new();
            let mut failed = None;
            while out.len() < max_rows {
                match result.next().await {
                    Ok(Some(row)) => match decode_row(row, &columns, &names, sql) {
                        Ok(row) => out.push(row),
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    },
                    Ok(None) => break,
                    Err(e) => return Err(db_error(e, Some(sql))),
                }
            }
            // Rows past `max_rows` (or past a row that did not convert) are read off the wire
            // and dropped undecoded, leaving the connection ready for the next statement. An
            // error the server reports for one of those rows (an overflow computing it) is
            // not this query's: only the rows asked for are its result, as on the other
            // engines, which never compute the rest.
            let stopped_early = failed.is_some() || out.len() == max_rows;
            if let Err(e) = result.drop_result().await {
                if !stopped_early || e.is_fatal() {
                    return Err(db_error(e, Some(sql)));
                }
                log::debug!(target: "sqlcore::sql", "an unread row of {sql} failed: {e}");
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(out),
            }
        })
    }

    fn run_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if is_use(sql) {
                // Prepared statements would go on reading the current database's tables.
                self.close_cached_statements().await?;
            }
            self.conn.query_drop(sql).await.map_err(|e| db_error(e, Some(sql)))
        })
    }
}
