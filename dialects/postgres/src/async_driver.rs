//! The asynchronous PostgreSQL connection, over tokio-postgres 0.7: the client the
//! synchronous `postgres` 0.19 wraps, so everything but the waiting is shared with
//! [`PostgresConnection`](crate::PostgresConnection) (`convert.rs`): parameters bound by the
//! type the server expects, values decoded by column type, errors, the prepared-statement
//! cache and its stale-statement retry.

use std::fmt;

use futures_util::{StreamExt, pin_mut};
use sqlcore::asynchronous::{AsyncDriver, BoxFuture, PendingRollback};
use sqlcore::cache::{Prepared, StatementCache};
use sqlcore::compile::{Compile, Dialect};
use sqlcore::driver::{CONNECT_TIMEOUT, DriverCore, redact_password};
use sqlcore::{Error, Result, Row, Value};
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Socket, Statement};

use crate::PostgresDialect;
use crate::convert::{
    Param, SERVER_VERSION_SQL, Statements, after_retry, connect_failed, decode_rows, invalid_url, is_stale_statement,
    pg_error, refuse_nul, server_dialect,
};

/// An asynchronous connection to a PostgreSQL server, an
/// [`AsyncConnection`](sqlcore::asynchronous::AsyncConnection).
///
/// It behaves as [`PostgresConnection`](crate::PostgresConnection) does (the same binding
/// table, errors, statement cache of up to 256 prepared statements), awaiting the server
/// instead of blocking. tokio-postgres splits a connection into the client (here) and the
/// connection's I/O task, which [`AsyncPostgresConnection::connect`] spawns with
/// `tokio::spawn`: **it needs a tokio runtime**. The task ends when this connection is
/// dropped.
///
/// ```no_run
/// use sqlcore::asynchronous::AsyncConnection;
/// use sqlcore::prelude::*;
/// use sqlcore_postgres::AsyncPostgresConnection;
///
/// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Text => not_null(); } }
/// # async fn run() -> sqlcore::Result<()> {
/// let mut db = AsyncPostgresConnection::connect("postgres://postgres@127.0.0.1:5432/test").await?;
/// db.create_all(&MetaData::new().with(notes::table())?).await?;
/// assert_eq!(db.execute(&insert(notes::table()).value(notes::body, "hello")).await?, 1);
/// let body: String = db.scalar(&select([notes::body]).filter(notes::id.eq(1))).await?;
/// assert_eq!(body, "hello");
/// # Ok(()) }
/// ```
pub struct AsyncPostgresConnection {
    client: Client,
    statements: Statements,
    core: DriverCore<PostgresDialect>,
    pending: PendingRollback,
}

impl fmt::Debug for AsyncPostgresConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncPostgresConnection")
            .field("dialect", self.core.dialect())
            .field("cached_statements", &self.statements.len())
            .field("closed", &self.client.is_closed())
            .finish()
    }
}

impl AsyncPostgresConnection {
    /// Connects to the server at `url` (as [`PostgresConnection::connect`](crate::PostgresConnection::connect)
    /// reads it), without TLS, and spawns the connection's I/O task on the current tokio
    /// runtime.
    ///
    /// # Errors
    /// As [`AsyncPostgresConnection::connect_with`].
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, NoTls).await
    }

    /// Connects to the server at `url` through `tls` (tokio-postgres' TLS plug-in:
    /// `NoTls`, or a `postgres-native-tls` / `tokio-postgres-rustls` connector), and spawns
    /// the connection's I/O task with `tokio::spawn`. A connection string without
    /// `connect_timeout` waits at most 10 seconds for the server.
    ///
    /// # Errors
    /// [`Error::Database`] saying the server could not be reached at `url` (shown with its
    /// password masked), or that `url` is not a connection string.
    pub async fn connect_with<T>(url: &str, tls: T) -> Result<Self>
    where
        T: MakeTlsConnect<Socket>,
        T::Stream: Send + 'static,
        T::TlsConnect: Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let shown = redact_password(url);
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| invalid_url(&shown, e))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let (client, connection) = config.connect(tls).await.map_err(|e| connect_failed(&shown, e))?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                log::warn!(target: "sqlcore::sql", "the PostgreSQL connection ended: {e}");
            }
        });
        Self::from_client(client).await
    }

    /// Wraps a connected tokio-postgres client (whose connection task the caller runs);
    /// reads the server's version so that statements are compiled for it.
    ///
    /// # Errors
    /// [`Error::Database`] if the version cannot be read.
    pub async fn from_client(client: Client) -> Result<Self> {
        sqlcore::driver::log_statement(SERVER_VERSION_SQL, &[]);
        let messages =
            client.simple_query(SERVER_VERSION_SQL).await.map_err(|e| pg_error(e, Some(SERVER_VERSION_SQL)))?;
        let dialect = server_dialect(&messages)?;
        Ok(AsyncPostgresConnection {
            client,
            statements: Statements::default(),
            core: DriverCore::new(dialect),
            pending: PendingRollback::default(),
        })
    }

    /// The underlying tokio-postgres client, to run what sqlcore does not express.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The compiled-statement cache (its statistics, or to clear it).
    pub fn statement_cache(&mut self) -> &mut StatementCache<PostgresDialect> {
        self.core.cache()
    }

    /// The prepared statement for `sql`, from the cache or prepared now.
    async fn statement(&mut self, sql: &str) -> std::result::Result<Statement, tokio_postgres::Error> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt);
        }
        let stmt = self.client.prepare(sql).await?;
        self.statements.insert(sql, stmt.clone());
        Ok(stmt)
    }

    /// Runs `sql` with `values`, reading at most `max_rows` rows (`None`: a statement without
    /// rows, whose count is returned); a stale cached statement is prepared again and run
    /// once more, as the synchronous connection does.
    async fn run(&mut self, sql: &str, values: &[Value], max_rows: Option<usize>) -> Result<(Statement, Ran)> {
        refuse_nul(values)?;
        let params = Param::list(values);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let first = match self.statement(sql).await {
            Ok(stmt) => match run_once(&self.client, &stmt, &refs, max_rows).await {
                Ok(out) => return Ok((stmt, out)),
                Err(e) => e,
            },
            Err(e) => return Err(self.failed(e, sql)),
        };
        if !is_stale_statement(&first) {
            return Err(self.failed(first, sql));
        }
        self.statements.remove(sql);
        let retried = match self.statement(sql).await {
            Ok(stmt) => run_once(&self.client, &stmt, &refs, max_rows).await.map(|out| (stmt, out)),
            Err(e) => Err(e),
        };
        retried.map_err(|e| self.failed(after_retry(first, e), sql))
    }

    fn failed(&mut self, e: tokio_postgres::Error, sql: &str) -> Error {
        let closed = self.client.is_closed();
        self.statements.failed(e, sql, closed)
    }
}

/// What running a statement gave.
enum Ran {
    Count(u64),
    Rows(Vec<tokio_postgres::Row>),
}

async fn run_once(
    client: &Client,
    stmt: &Statement,
    params: &[&(dyn ToSql + Sync)],
    max_rows: Option<usize>,
) -> std::result::Result<Ran, tokio_postgres::Error> {
    let Some(max_rows) = max_rows else {
        return client.execute(stmt, params).await.map(Ran::Count);
    };
    if max_rows == usize::MAX {
        return client.query(stmt, params).await.map(Ran::Rows);
    }
    // Rows past `max_rows` are never decoded or kept: the stream is dropped.
    let stream = client.query_raw(stmt, params.iter().copied()).await?;
    pin_mut!(stream);
    let mut rows = Vec::new();
    while rows.len() < max_rows
        && let Some(row) = stream.next().await
    {
        rows.push(row?);
    }
    Ok(Ran::Rows(rows))
}

impl AsyncDriver for AsyncPostgresConnection {
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
            let (_, ran) = self.run(sql, params, None).await?;
            self.statements.after_schema_change(sql);
            Ok(match ran {
                Ran::Count(n) => n,
                Ran::Rows(rows) => rows.len() as u64,
            })
        })
    }

    fn run_query<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>> {
        Box::pin(async move {
            let (stmt, ran) = self.run(sql, params, Some(max_rows)).await?;
            let rows = match ran {
                Ran::Rows(rows) => rows,
                Ran::Count(_) => Vec::new(),
            };
            decode_rows(&mut self.core, sql, &stmt, rows)
        })
    }

    fn run_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if let Err(e) = self.client.batch_execute(sql).await {
                if self.client.is_closed() {
                    self.statements.clear();
                }
                return Err(pg_error(e, Some(sql)));
            }
            self.statements.after_schema_change(sql);
            Ok(())
        })
    }
}
