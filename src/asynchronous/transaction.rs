//! [`AsyncTransaction`]: a transaction (or savepoint) on an [`AsyncConnection`].

use super::{AsyncConnection, BoxFuture};
use crate::cache::Prepared;
use crate::compile::{Compile, Dialect, TransactionStep};
use crate::error::Result;
use crate::row::Row;
use crate::schema::MetaData;
use crate::value::Value;

/// An open transaction (or savepoint) on an asynchronous connection. Statements run through
/// it; it is committed by [`AsyncTransaction::commit`] and rolled back by
/// [`AsyncTransaction::rollback`].
///
/// Dropped while open (no commit, or a commit that failed), it cannot roll back in `Drop`,
/// which cannot wait for the database: it marks the connection
/// ([`AsyncConnection::abandon_transaction`]) and the connection rolls back before it runs
/// anything else. Nothing of it is committed; its locks are held until the connection is
/// used again (or recycled by the pool, or closed).
#[derive(Debug)]
pub struct AsyncTransaction<'c, C: AsyncConnection + ?Sized> {
    conn: &'c mut C,
    depth: usize,
    open: bool,
}

impl<'c, C: AsyncConnection + ?Sized> AsyncTransaction<'c, C> {
    /// Opens a transaction on `conn`, or a savepoint when one is already open (spelled by
    /// [`Dialect::transaction_sql`]).
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_raw`].
    pub async fn begin(conn: &'c mut C) -> Result<Self> {
        let depth = conn.transaction_depth() + 1;
        let step = if depth == 1 { TransactionStep::Begin } else { TransactionStep::Savepoint(depth) };
        run_step(conn, step).await?;
        Ok(AsyncTransaction { conn, depth, open: true })
    }

    /// Makes the transaction's changes permanent (or releases the savepoint into the outer
    /// transaction).
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_raw`]; the transaction is then rolled back (before the
    /// connection's next statement).
    pub async fn commit(mut self) -> Result<()> {
        let step = if self.depth == 1 { TransactionStep::Commit } else { TransactionStep::Release(self.depth) };
        run_step(self.conn, step).await?;
        self.open = false;
        Ok(())
    }

    /// Undoes the transaction's changes.
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_raw`]; the rollback is then tried again before the
    /// connection's next statement.
    pub async fn rollback(mut self) -> Result<()> {
        if self.depth == 1 {
            run_step(self.conn, TransactionStep::Rollback).await?;
        } else {
            run_step(self.conn, TransactionStep::RollbackTo(self.depth)).await?;
            run_step(self.conn, TransactionStep::Release(self.depth)).await?;
        }
        self.open = false;
        Ok(())
    }

    /// A savepoint inside this transaction.
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_raw`].
    pub async fn savepoint(&mut self) -> Result<AsyncTransaction<'_, Self>> {
        AsyncTransaction::begin(self).await
    }
}

/// Runs one transaction-control statement, spelled by the connection's dialect.
async fn run_step<C: AsyncConnection + ?Sized>(conn: &mut C, step: TransactionStep) -> Result<()> {
    let mut sql = String::new();
    conn.dialect().transaction_sql(&mut sql, step);
    conn.execute_raw(&sql).await
}

impl<C: AsyncConnection + ?Sized> Drop for AsyncTransaction<'_, C> {
    fn drop(&mut self) {
        if self.open {
            self.conn.abandon_transaction(self.depth);
        }
    }
}

impl<C: AsyncConnection + ?Sized> AsyncConnection for AsyncTransaction<'_, C> {
    fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }

    fn execute_sql<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<u64>> {
        self.conn.execute_sql(sql, params)
    }

    fn query_sql_up_to<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>> {
        self.conn.query_sql_up_to(sql, params, max_rows)
    }

    fn execute_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>> {
        self.conn.execute_raw(sql)
    }

    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        self.conn.compile_cached(stmt)
    }

    fn transaction_depth(&self) -> usize {
        self.depth
    }

    fn abandon_transaction(&mut self, depth: usize) {
        self.conn.abandon_transaction(depth);
    }

    fn drop_all<'a>(&'a mut self, metadata: &'a MetaData) -> BoxFuture<'a, Result<()>> {
        self.conn.drop_all(metadata)
    }
}
