//! The asynchronous SQLite connection: the synchronous [`SqliteConnection`] run on tokio's
//! blocking pool.
//!
//! SQLite is a library, not a server: a statement is CPU and disk work on the calling
//! thread, with nothing to wait on that an async client could overlap. So there is no async
//! SQLite client to use; each statement runs on a thread of tokio's blocking pool
//! (`spawn_blocking`), keeping the async threads free. The connection sits in an
//! `Arc<Mutex<..>>`, so that a statement whose future was dropped mid-way still finishes on
//! its thread before the next one starts. Everything else (binding, reading values, error
//! mapping, the statement caches) is the synchronous driver's.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use sqlcore::asynchronous::{AsyncDriver, BoxFuture, PendingRollback};
use sqlcore::cache::Prepared;
use sqlcore::compile::{Compile, Dialect};
use sqlcore::driver::Driver;
use sqlcore::schema::MetaData;
use sqlcore::{Connection, DatabaseError, DbErrorKind, Error, Result, Row, Value};

use crate::{SqliteConnection, SqliteDialect};

/// An asynchronous connection to a SQLite database (a file, or in memory), an
/// [`AsyncConnection`](sqlcore::asynchronous::AsyncConnection).
///
/// It behaves as [`SqliteConnection`] does (foreign keys enforced, case-sensitive `LIKE`,
/// the same values and errors), each statement running on tokio's blocking pool: it needs a
/// tokio runtime. Statements are logged at debug level, target `sqlcore::sql`.
///
/// ```
/// use sqlcore::asynchronous::AsyncConnection;
/// use sqlcore::prelude::*;
/// use sqlcore_sqlite::AsyncSqliteConnection;
///
/// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Text => not_null(); } }
/// # let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
/// # rt.block_on(async {
/// let mut db = AsyncSqliteConnection::open_in_memory().await?;
/// db.create_all(&MetaData::new().with(notes::table())?).await?;
/// assert_eq!(db.execute(&insert(notes::table()).value(notes::body, "hello")).await?, 1);
/// let body: String = db.scalar(&select([notes::body]).filter(notes::id.eq(1))).await?;
/// assert_eq!(body, "hello");
/// # Ok::<(), sqlcore::Error>(())
/// # }).expect("runs");
/// ```
#[derive(Debug)]
pub struct AsyncSqliteConnection {
    conn: Arc<Mutex<SqliteConnection>>,
    dialect: SqliteDialect,
    pending: PendingRollback,
}

impl AsyncSqliteConnection {
    /// Opens (creating if needed) the database file at `path`.
    ///
    /// # Errors
    /// As [`SqliteConnection::open`].
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        blocking(move || SqliteConnection::open(path)).await.map(Self::from_sync)
    }

    /// Opens a private in-memory database.
    ///
    /// # Errors
    /// As [`SqliteConnection::open_in_memory`].
    pub async fn open_in_memory() -> Result<Self> {
        blocking(SqliteConnection::open_in_memory).await.map(Self::from_sync)
    }

    /// Wraps an open synchronous connection.
    pub fn from_sync(conn: SqliteConnection) -> Self {
        let dialect = *conn.core().dialect();
        AsyncSqliteConnection { conn: Arc::new(Mutex::new(conn)), dialect, pending: PendingRollback::default() }
    }

    /// Runs `f` with the synchronous connection on the blocking pool.
    ///
    /// # Errors
    /// `f`'s; [`Error::Database`] when a statement panicked earlier (the lock is poisoned) or
    /// the blocking task could not finish.
    pub async fn with_sync<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteConnection) -> Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        blocking(move || f(&mut *lock(&conn)?)).await
    }
}

/// The connection's lock; a poisoned lock (a statement panicked while holding it) is an
/// error, not a panic.
fn lock(conn: &Mutex<SqliteConnection>) -> Result<MutexGuard<'_, SqliteConnection>> {
    conn.lock().map_err(|_| poisoned())
}

fn poisoned() -> Error {
    DatabaseError::new(
        DbErrorKind::Connection,
        "the SQLite connection is unusable: a statement panicked while running on it",
    )
    .into()
}

/// Runs `f` on tokio's blocking pool.
async fn blocking<T, F>(f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        let message = format!("a SQLite statement did not finish on the blocking pool: {e}");
        Error::from(DatabaseError::new(DbErrorKind::Connection, message).with_source(e))
    })?
}

impl AsyncDriver for AsyncSqliteConnection {
    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }

    fn compile(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        match self.conn.try_lock() {
            Ok(mut conn) => conn.compile_cached(stmt),
            // A statement whose future was dropped is still running: compile without the
            // cache rather than block this (async) thread until it ends.
            Err(TryLockError::WouldBlock) => Prepared::compile(stmt, &self.dialect),
            Err(TryLockError::Poisoned(_)) => Err(poisoned()),
        }
    }

    fn pending_rollback(&mut self) -> &mut PendingRollback {
        &mut self.pending
    }

    fn run_execute<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<u64>> {
        let (sql, params) = (sql.to_string(), params.to_vec());
        Box::pin(self.with_sync(move |conn| conn.run_execute(&sql, &params)))
    }

    fn run_query<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>> {
        let (sql, params) = (sql.to_string(), params.to_vec());
        Box::pin(self.with_sync(move |conn| conn.run_query(&sql, &params, max_rows)))
    }

    fn run_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>> {
        let sql = sql.to_string();
        Box::pin(self.with_sync(move |conn| conn.run_raw(&sql)))
    }

    fn drop_tables<'a>(&'a mut self, metadata: &'a MetaData) -> BoxFuture<'a, Result<()>> {
        // The synchronous driver's, which pauses foreign-key enforcement around the drops.
        let metadata = metadata.clone();
        Box::pin(self.with_sync(move |conn| conn.drop_all(&metadata)))
    }
}
