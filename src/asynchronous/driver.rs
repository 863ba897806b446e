//! [`AsyncDriver`]: what an asynchronous driver writes (running SQL on its engine); the
//! [`AsyncConnection`] around it is sqlcore's, as [`Driver`](crate::driver::Driver) is for
//! the synchronous drivers: statement logging and the rollback of dropped transactions are
//! here, once.

use super::{AsyncConnection, BoxFuture};
use crate::cache::Prepared;
use crate::compile::{Compile, Dialect, TransactionStep};
use crate::driver::log_statement;
use crate::error::Result;
use crate::row::Row;
use crate::schema::MetaData;
use crate::value::Value;

/// The rollback an [`AsyncTransaction`](super::AsyncTransaction) dropped without commit left
/// to do: `Drop` cannot wait for the database, so the transaction records its depth here and
/// the connection runs the rollback before its next statement.
///
/// Depth 1 is the outermost transaction (`ROLLBACK`); a deeper one is a savepoint
/// (`ROLLBACK TO SAVEPOINT sp_n` then `RELEASE SAVEPOINT sp_n`). When several are dropped
/// before the next statement, the outermost wins: undoing it undoes those inside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PendingRollback(Option<usize>);

impl PendingRollback {
    /// Records that the transaction at `depth` (1 = outermost) is to be rolled back.
    pub fn mark(&mut self, depth: usize) {
        let depth = depth.max(1);
        self.0 = Some(self.0.map_or(depth, |d| d.min(depth)));
    }

    /// Whether a rollback is waiting.
    pub fn is_pending(&self) -> bool {
        self.0.is_some()
    }

    /// The statements of the waiting rollback, in order (none when nothing waits), spelled by
    /// `dialect`; nothing waits afterwards.
    pub fn take(&mut self, dialect: &dyn Dialect) -> Vec<String> {
        let steps = match self.0.take() {
            None => return Vec::new(),
            Some(1) => vec![TransactionStep::Rollback],
            Some(d) => vec![TransactionStep::RollbackTo(d), TransactionStep::Release(d)],
        };
        steps
            .into_iter()
            .map(|step| {
                let mut sql = String::new();
                dialect.transaction_sql(&mut sql, step);
                sql
            })
            .collect()
    }
}

/// An asynchronous database driver: runs SQL on one engine. Every `AsyncDriver` is an
/// [`AsyncConnection`]; logging (target `sqlcore::sql`, as
/// [`log_statement`]), compilation helpers, result conversion and transactions come from
/// sqlcore.
pub trait AsyncDriver: Send {
    /// The dialect the driver's engine speaks.
    fn dialect(&self) -> &dyn Dialect;

    /// `stmt` compiled through the driver's compiled-statement cache
    /// ([`AsyncConnection::compile_cached`]).
    ///
    /// # Errors
    /// As [`AsyncConnection::compile_cached`].
    fn compile(&mut self, stmt: &dyn Compile) -> Result<Prepared>;

    /// Where the driver keeps the rollback of a dropped transaction.
    fn pending_rollback(&mut self) -> &mut PendingRollback;

    /// Runs a statement that returns no rows ([`AsyncConnection::execute_sql`]).
    ///
    /// # Errors
    /// The engine's, as [`Error::Database`](crate::Error::Database) or
    /// [`Error::Integrity`](crate::Error::Integrity).
    fn run_execute<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<u64>>;

    /// Runs a query and reads at most `max_rows` of its rows
    /// ([`AsyncConnection::query_sql_up_to`]).
    ///
    /// # Errors
    /// As [`AsyncDriver::run_execute`].
    fn run_query<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>>;

    /// Runs SQL without parameters ([`AsyncConnection::execute_raw`]).
    ///
    /// # Errors
    /// As [`AsyncDriver::run_execute`].
    fn run_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>>;

    /// Drops the tables of `metadata` ([`AsyncConnection::drop_all`]; by default
    /// [`drop_all_in_order`]).
    ///
    /// # Errors
    /// As [`AsyncConnection::drop_all`].
    fn drop_tables<'a>(&'a mut self, metadata: &'a MetaData) -> BoxFuture<'a, Result<()>>
    where
        Self: Sized,
    {
        drop_all_in_order(self, metadata)
    }
}

/// Runs the rollback a dropped transaction left ([`PendingRollback`]), before anything else.
async fn settle<T: AsyncDriver + ?Sized>(driver: &mut T) -> Result<()> {
    if !driver.pending_rollback().is_pending() {
        return Ok(());
    }
    let dialect_sql = {
        let mut pending = *driver.pending_rollback();
        let sql = pending.take(driver.dialect());
        *driver.pending_rollback() = PendingRollback::default();
        sql
    };
    for sql in dialect_sql {
        log_statement(&sql, &[]);
        driver.run_raw(&sql).await?;
    }
    Ok(())
}

impl<T: AsyncDriver> AsyncConnection for T {
    fn dialect(&self) -> &dyn Dialect {
        AsyncDriver::dialect(self)
    }

    fn execute_sql<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<u64>> {
        Box::pin(async move {
            settle(self).await?;
            log_statement(sql, params);
            self.run_execute(sql, params).await
        })
    }

    fn query_sql_up_to<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>> {
        Box::pin(async move {
            settle(self).await?;
            log_statement(sql, params);
            self.run_query(sql, params, max_rows).await
        })
    }

    fn execute_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            settle(self).await?;
            log_statement(sql, &[]);
            self.run_raw(sql).await
        })
    }

    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        self.compile(stmt)
    }

    fn transaction_depth(&self) -> usize {
        0
    }

    fn abandon_transaction(&mut self, depth: usize) {
        self.pending_rollback().mark(depth);
    }

    fn drop_all<'a>(&'a mut self, metadata: &'a MetaData) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            settle(self).await?;
            self.drop_tables(metadata).await
        })
    }
}

/// Drops every table of `metadata` that exists on `conn` (all of them when its dialect has
/// no catalog), dependents first: the default of [`AsyncConnection::drop_all`].
///
/// # Errors
/// As [`MetaData::drop_all_ddl`] and [`AsyncConnection::execute_compiled`].
pub fn drop_all_in_order<'a, C: AsyncConnection + ?Sized>(
    conn: &'a mut C,
    metadata: &'a MetaData,
) -> BoxFuture<'a, Result<()>> {
    Box::pin(async move {
        let ddl = if conn.dialect().catalog().is_none() {
            metadata.drop_all_ddl(conn.dialect())?
        } else {
            let existing = super::reflect::existing_tables(conn).await?;
            metadata.drop_existing_ddl(conn.dialect(), &existing)?
        };
        for stmt in &ddl {
            conn.execute_compiled(stmt).await?;
        }
        Ok(())
    })
}
