//! [`AsyncPool`]: a bounded pool of asynchronous connections for concurrent tasks
//! (feature `async-pool`), over deadpool's managed pool on tokio.
//!
//! Each task checks a connection out ([`AsyncPool::get`]), uses it as the
//! [`AsyncConnection`] it derefs to, and returns it by dropping it. At most
//! [`max_size`](AsyncPoolBuilder::max_size) connections exist; a checkout waits for one at
//! most [`checkout_timeout`](AsyncPoolBuilder::checkout_timeout), then fails with a clear
//! [`Error::Database`] of kind [`DbErrorKind::Connection`].
//!
//! A connection is checked before it is handed out again (deadpool recycles on checkout):
//! it runs the health check (`SELECT 1` unless [`AsyncPoolBuilder::health_check`] says
//! otherwise), and before that the rollback of any transaction dropped open on it
//! ([`PendingRollback`](super::PendingRollback)). A connection that fails either is
//! discarded and a new one made in its place, so a task never receives a connection left
//! inside another task's transaction, nor a dead one.
//!
//! The pool needs a tokio runtime (its timeouts are tokio's), as the async drivers do.

use std::future::Future;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use deadpool::managed::{self, Metrics, Object, PoolError, RecycleError, RecycleResult, TimeoutType};

use super::{AsyncConnection, BoxFuture};
use crate::error::{DatabaseError, DbErrorKind, Error, Result};

/// How many connections a pool holds at most unless told otherwise.
pub const DEFAULT_MAX_SIZE: usize = 10;
/// How long a checkout waits unless told otherwise.
pub const DEFAULT_CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);

/// What makes a new connection for the pool.
type Connect<C> = Box<dyn Fn() -> BoxFuture<'static, Result<C>> + Send + Sync>;

/// The deadpool manager: connects, and checks a connection before it is reused.
struct Manager<C> {
    connect: Connect<C>,
    health_check: String,
    _connection: PhantomData<fn() -> C>,
}

impl<C: AsyncConnection + 'static> managed::Manager for Manager<C> {
    type Type = C;
    type Error = Error;

    fn create(&self) -> impl Future<Output = Result<C>> + Send {
        (self.connect)()
    }

    async fn recycle(&self, conn: &mut C, _: &Metrics) -> RecycleResult<Error> {
        // Runs the rollback a dropped transaction left first, then the check itself.
        conn.execute_raw(&self.health_check).await.map_err(RecycleError::Backend)
    }
}

/// A bounded pool of asynchronous connections of type `C` (the drivers' connections, e.g.
/// `AsyncPostgresConnection`).
///
/// ```
/// use std::time::Duration;
/// use sqlcore::asynchronous::AsyncConnection;
/// use sqlcore::asynchronous::pool::AsyncPool;
/// use sqlcore_sqlite::AsyncSqliteConnection;
///
/// # let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
/// # rt.block_on(async {
/// let pool = AsyncPool::builder(AsyncSqliteConnection::open_in_memory)
///     .max_size(8)
///     .checkout_timeout(Duration::from_secs(5))
///     .build()?;
/// let mut conn = pool.get().await?;
/// conn.execute_raw("SELECT 1").await?;
/// # Ok::<(), sqlcore::Error>(())
/// # }).expect("runs");
/// ```
pub struct AsyncPool<C: AsyncConnection + 'static> {
    pool: managed::Pool<Manager<C>>,
    max_size: usize,
    checkout_timeout: Duration,
}

impl<C: AsyncConnection + 'static> Clone for AsyncPool<C> {
    fn clone(&self) -> Self {
        AsyncPool { pool: self.pool.clone(), max_size: self.max_size, checkout_timeout: self.checkout_timeout }
    }
}

impl<C: AsyncConnection + 'static> std::fmt::Debug for AsyncPool<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.pool.status();
        f.debug_struct("AsyncPool")
            .field("max_size", &self.max_size)
            .field("size", &status.size)
            .field("available", &status.available)
            .field("checkout_timeout", &self.checkout_timeout)
            .finish()
    }
}

/// How a pool is made: [`AsyncPool::builder`].
pub struct AsyncPoolBuilder<C> {
    connect: Connect<C>,
    max_size: usize,
    checkout_timeout: Duration,
    health_check: String,
}

impl<C: AsyncConnection + 'static> AsyncPoolBuilder<C> {
    /// At most `n` connections (at least 1; default [`DEFAULT_MAX_SIZE`]).
    #[must_use]
    pub fn max_size(mut self, n: usize) -> Self {
        self.max_size = n.max(1);
        self
    }

    /// How long a checkout waits for a free connection, and how long connecting and the
    /// health check may each take (default [`DEFAULT_CHECKOUT_TIMEOUT`]).
    #[must_use]
    pub fn checkout_timeout(mut self, timeout: Duration) -> Self {
        self.checkout_timeout = timeout;
        self
    }

    /// The statement run on a connection before it is handed out again (default
    /// `SELECT 1`).
    #[must_use]
    pub fn health_check(mut self, sql: impl Into<String>) -> Self {
        self.health_check = sql.into();
        self
    }

    /// The pool; connections are made when first needed.
    ///
    /// # Errors
    /// [`Error::Database`] if deadpool refuses the configuration.
    pub fn build(self) -> Result<AsyncPool<C>> {
        let manager = Manager { connect: self.connect, health_check: self.health_check, _connection: PhantomData };
        let timeout = Some(self.checkout_timeout);
        let pool = managed::Pool::builder(manager)
            .max_size(self.max_size)
            .wait_timeout(timeout)
            .create_timeout(timeout)
            .recycle_timeout(timeout)
            .runtime(deadpool::Runtime::Tokio1)
            .build()
            .map_err(|e| Error::from(DatabaseError::new(DbErrorKind::Other, format!("invalid pool: {e}"))))?;
        Ok(AsyncPool { pool, max_size: self.max_size, checkout_timeout: self.checkout_timeout })
    }
}

impl<C: AsyncConnection + 'static> AsyncPool<C> {
    /// A builder for a pool whose connections `connect` makes (an async function or closure,
    /// e.g. `|| AsyncPostgresConnection::connect(url)` with an owned `url`).
    pub fn builder<F, Fut>(connect: F) -> AsyncPoolBuilder<C>
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<C>> + Send + 'static,
    {
        AsyncPoolBuilder {
            connect: Box::new(move || Box::pin(connect())),
            max_size: DEFAULT_MAX_SIZE,
            checkout_timeout: DEFAULT_CHECKOUT_TIMEOUT,
            health_check: "SELECT 1".to_string(),
        }
    }

    /// A connection of the pool: a free one (checked first, see the [module docs](self)),
    /// a new one while the pool is not full, or the first one returned.
    ///
    /// # Errors
    /// [`Error::Database`] of kind [`DbErrorKind::Connection`] when no connection became
    /// free within the checkout timeout, or connecting timed out; the driver's error when
    /// connecting failed.
    pub async fn get(&self) -> Result<PooledConnection<C>> {
        self.pool.get().await.map(PooledConnection).map_err(|e| self.checkout_error(e))
    }

    /// How many connections the pool holds now, and how many of them are free.
    pub fn status(&self) -> PoolStatus {
        let status = self.pool.status();
        PoolStatus { max_size: status.max_size, size: status.size, available: status.available }
    }

    fn checkout_error(&self, e: PoolError<Error>) -> Error {
        let (max, timeout) = (self.max_size, self.checkout_timeout);
        let message = match e {
            PoolError::Backend(e) => return e,
            PoolError::Timeout(TimeoutType::Wait) => format!(
                "no pooled connection became free within {timeout:?}: all {max} are in use (raise max_size or \
                 the checkout timeout, or hold connections for less time)"
            ),
            PoolError::Timeout(TimeoutType::Create) => format!("connecting took longer than {timeout:?}"),
            PoolError::Timeout(TimeoutType::Recycle) => {
                format!("the health check of a pooled connection took longer than {timeout:?}")
            }
            PoolError::Closed => "the pool is closed".to_string(),
            other => format!("could not check a connection out of the pool: {other}"),
        };
        DatabaseError::new(DbErrorKind::Connection, message).into()
    }
}

/// The size of a pool ([`AsyncPool::status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// The most connections the pool holds.
    pub max_size: usize,
    /// The connections it holds now.
    pub size: usize,
    /// Those of them that are free.
    pub available: usize,
}

/// A connection checked out of an [`AsyncPool`]: the connection (it derefs to `C`), back in
/// the pool when dropped.
pub struct PooledConnection<C: AsyncConnection + 'static>(Object<Manager<C>>);

impl<C: AsyncConnection + 'static> Deref for PooledConnection<C> {
    type Target = C;

    fn deref(&self) -> &C {
        &self.0
    }
}

impl<C: AsyncConnection + 'static> DerefMut for PooledConnection<C> {
    fn deref_mut(&mut self) -> &mut C {
        &mut self.0
    }
}

impl<C: AsyncConnection + 'static> std::fmt::Debug for PooledConnection<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PooledConnection").field("dialect", &self.0.dialect()).finish()
    }
}
