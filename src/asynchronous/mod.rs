//! The asynchronous counterpart of [`Connection`](crate::Connection): [`AsyncConnection`],
//! with the same methods, each returning a future.
//!
//! The core stays free of any async runtime: the required methods return a boxed future
//! ([`BoxFuture`]), so the trait is object-safe (`Box<dyn AsyncConnection>`) and a driver
//! may run on whatever runtime its client library needs. The drivers in `sqlcore-postgres`
//! (tokio-postgres), `sqlcore-mysql` (mysql_async) and `sqlcore-sqlite` (rusqlite on tokio's
//! blocking pool), feature `async`, implement [`AsyncDriver`] and are `AsyncConnection`s
//! through it, as the synchronous drivers are `Connection`s through
//! [`Driver`](crate::driver::Driver). With the feature `async-pool`, [`pool`] keeps a
//! bounded set of them for concurrent tasks.
//!
//! Transactions differ in one point: a future cannot run in `Drop`, so an
//! [`AsyncTransaction`] dropped without [`commit`](AsyncTransaction::commit) cannot roll
//! back there. It marks its connection instead, and the connection rolls the transaction
//! (or savepoint) back before it runs its next statement, whatever that is: nothing of a
//! dropped transaction is ever committed (see [`PendingRollback`]).

mod driver;
#[cfg(feature = "async-pool")]
pub mod pool;
mod reflect;
mod transaction;

use std::future::Future;
use std::pin::Pin;

pub use driver::{AsyncDriver, PendingRollback, drop_all_in_order};
pub use transaction::AsyncTransaction;

use crate::cache::Prepared;
use crate::compile::{Compile, Compiled, Dialect};
use crate::error::{Error, Result};
use crate::row::{FromValue, Row};
use crate::schema::MetaData;
use crate::stmt::Insert;
use crate::value::Value;

/// A boxed future that can move between threads: what [`AsyncConnection`]'s methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A database connection that executes compiled statements asynchronously: the methods of
/// [`Connection`](crate::Connection), each returning a future.
///
/// Implementations are the drivers' (through [`AsyncDriver`]) and [`AsyncTransaction`];
/// everything but the seven required methods is provided. It is object-safe: a
/// `Box<dyn AsyncConnection>` has every method but the generic [`scalar`](Self::scalar) and
/// [`transaction`](Self::transaction) (use [`AsyncTransaction::begin`] there).
///
/// ```
/// use sqlcore::asynchronous::{AsyncConnection, BoxFuture};
/// // Object-safe: connections of every engine can share one list.
/// fn _takes(_: Vec<Box<dyn AsyncConnection>>) {}
/// ```
pub trait AsyncConnection: Send {
    /// The dialect statements are compiled for on this connection.
    fn dialect(&self) -> &dyn Dialect;

    /// Runs SQL of this connection's dialect with `params` for its placeholders, a statement
    /// that returns no rows; resolves to the number of rows affected
    /// ([`Connection::execute_sql`](crate::Connection::execute_sql)).
    ///
    /// # Errors
    /// [`Error::Database`] or [`Error::Integrity`] with the driver's message and the SQL.
    fn execute_sql<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<u64>>;

    /// Runs a query, reading at most `max_rows` of its rows (the rest are not read into
    /// memory).
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_sql`].
    fn query_sql_up_to<'a>(
        &'a mut self,
        sql: &'a str,
        params: &'a [Value],
        max_rows: usize,
    ) -> BoxFuture<'a, Result<Vec<Row>>>;

    /// Runs SQL with no parameters (transaction control, pragmas).
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_sql`].
    fn execute_raw<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<()>>;

    /// `stmt`'s SQL and parameters for this connection, through its compiled-statement
    /// cache. Compiling does not wait on the database, so this is not async.
    ///
    /// # Errors
    /// Compilation errors; [`Error::InvalidStatement`] for a named parameter without a value.
    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared>;

    /// How many transactions are open on this connection (0 outside any; a savepoint adds 1).
    fn transaction_depth(&self) -> usize;

    /// Records that the transaction (or savepoint) at `depth` was dropped without commit:
    /// the connection rolls it back before its next statement ([`PendingRollback`]). Called
    /// by [`AsyncTransaction`]'s `Drop`.
    fn abandon_transaction(&mut self, depth: usize);

    /// Runs a query; resolves to all its rows.
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_sql`].
    fn query_sql<'a>(&'a mut self, sql: &'a str, params: &'a [Value]) -> BoxFuture<'a, Result<Vec<Row>>> {
        self.query_sql_up_to(sql, params, usize::MAX)
    }

    /// Runs a compiled statement that returns no rows, then the statements it says to run
    /// after it ([`Compiled::then`]).
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_sql`]; [`Error::InvalidStatement`] when a named
    /// parameter still has no value.
    fn execute_compiled<'a>(&'a mut self, compiled: &'a Compiled) -> BoxFuture<'a, Result<u64>> {
        Box::pin(async move {
            compiled.require_all_params()?;
            let n = self.execute_sql(&compiled.sql, &compiled.params).await?;
            run_follow_ups(self, compiled.then()).await?;
            Ok(n)
        })
    }

    /// Runs a compiled query (then [`Compiled::then`]); resolves to its rows as the engine
    /// returns them.
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_compiled`].
    fn query_compiled<'a>(&'a mut self, compiled: &'a Compiled) -> BoxFuture<'a, Result<Vec<Row>>> {
        Box::pin(async move {
            compiled.require_all_params()?;
            let rows = self.query_sql(&compiled.sql, &compiled.params).await?;
            run_follow_ups(self, compiled.then()).await?;
            Ok(rows)
        })
    }

    /// Compiles `stmt` for this connection's dialect and runs it; resolves to rows affected.
    ///
    /// # Errors
    /// Compilation errors, or as [`AsyncConnection::execute_compiled`].
    fn execute<'a>(&'a mut self, stmt: &dyn Compile) -> BoxFuture<'a, Result<u64>> {
        let prepared = self.compile_cached(stmt);
        Box::pin(async move {
            let prepared = prepared?;
            let n = self.execute_sql(prepared.sql(), prepared.params()).await?;
            run_follow_ups(self, prepared.then()).await?;
            Ok(n)
        })
    }

    /// Compiles and runs a query; resolves to all rows, each value of the kind its column's
    /// type reads back as on every engine ([`Prepared::conform`]).
    ///
    /// # Errors
    /// Compilation errors, or as [`AsyncConnection::query_compiled`].
    fn all<'a>(&'a mut self, stmt: &dyn Compile) -> BoxFuture<'a, Result<Vec<Row>>> {
        let prepared = self.compile_cached(stmt);
        Box::pin(async move { query_prepared(self, &prepared?, usize::MAX).await })
    }

    /// Compiles `stmt` with values for its named parameters and runs it.
    ///
    /// # Errors
    /// As [`Compile::compile_with`] and [`AsyncConnection::execute_compiled`].
    fn execute_with<'a>(&'a mut self, stmt: &dyn Compile, params: &crate::expr::Params) -> BoxFuture<'a, Result<u64>> {
        let compiled = stmt.compile_with(self.dialect(), params).and_then(|c| c.with_params(params));
        Box::pin(async move {
            let compiled = compiled?;
            compiled.require_all_params()?;
            let n = self.execute_sql(&compiled.sql, &compiled.params).await?;
            run_follow_ups(self, compiled.then()).await?;
            Ok(n)
        })
    }

    /// Compiles a query with values for its named parameters; resolves to all rows.
    ///
    /// # Errors
    /// As [`Compile::compile_with`] and [`AsyncConnection::query_compiled`].
    fn all_with<'a>(&'a mut self, stmt: &dyn Compile, params: &crate::expr::Params) -> BoxFuture<'a, Result<Vec<Row>>> {
        let prepared = stmt
            .compile_with(self.dialect(), params)
            .and_then(|c| c.with_params(params))
            .and_then(Prepared::from_compiled)
            .map(|p| p.with_kinds(stmt.result_kinds()));
        Box::pin(async move { query_prepared(self, &prepared?, usize::MAX).await })
    }

    /// The first row, if any; only that row is read.
    ///
    /// # Errors
    /// As [`AsyncConnection::all`].
    fn first<'a>(&'a mut self, stmt: &dyn Compile) -> BoxFuture<'a, Result<Option<Row>>> {
        let prepared = self.compile_cached(stmt);
        Box::pin(async move { Ok(query_prepared(self, &prepared?, 1).await?.pop()) })
    }

    /// Exactly one row.
    ///
    /// # Errors
    /// [`Error::NoRows`] or [`Error::TooManyRows`], or as [`AsyncConnection::all`].
    fn one<'a>(&'a mut self, stmt: &dyn Compile) -> BoxFuture<'a, Result<Row>> {
        let rows = self.all(stmt);
        Box::pin(async move {
            let mut rows = rows.await?;
            match rows.len() {
                1 => rows.pop().ok_or(Error::NoRows),
                0 => Err(Error::NoRows),
                n => Err(Error::TooManyRows(n)),
            }
        })
    }

    /// The first column of the first row (NULL when there are no rows).
    ///
    /// # Errors
    /// As [`AsyncConnection::all`].
    fn scalar_value<'a>(&'a mut self, stmt: &dyn Compile) -> BoxFuture<'a, Result<Value>> {
        let first = self.first(stmt);
        Box::pin(async move {
            match first.await? {
                Some(row) => Ok(row.value(0usize)?.clone()),
                None => Ok(Value::Null),
            }
        })
    }

    /// The first column of the first row as a `T` (read `Option<T>` to allow no rows).
    ///
    /// # Errors
    /// [`Error::ColumnType`], or as [`AsyncConnection::all`].
    fn scalar<'a, T: FromValue + Send + 'a>(&'a mut self, stmt: &dyn Compile) -> BoxFuture<'a, Result<T>>
    where
        Self: Sized,
    {
        let value = self.scalar_value(stmt);
        Box::pin(async move {
            let value = value.await?;
            T::from_value(&value).map_err(|found| Error::column_type("0", T::TYPE_NAME, found))
        })
    }

    /// Inserts all the rows of `insert` in as few statements as the engine's parameter limit
    /// allows, inside one transaction (a savepoint when one is open): all rows are written,
    /// or none ([`Connection::insert_bulk`](crate::Connection::insert_bulk)).
    ///
    /// # Errors
    /// As [`AsyncConnection::execute`]; after an error nothing of this insert is written.
    fn insert_bulk<'a>(&'a mut self, insert: &Insert) -> BoxFuture<'a, Result<u64>> {
        let parts = insert.split(self.dialect().max_params());
        Box::pin(async move {
            let mut tx = AsyncTransaction::begin(self).await?;
            let mut total = 0;
            for part in &parts {
                let prepared = tx.compile_cached(part)?;
                total += tx.execute_sql(prepared.sql(), prepared.params()).await?;
                run_follow_ups(&mut tx, prepared.then()).await?;
            }
            tx.commit().await?;
            Ok(total)
        })
    }

    /// Creates the tables of `metadata` that do not exist yet, with their indexes, in
    /// foreign-key order ([`Connection::create_all`](crate::Connection::create_all)).
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`] and [`AsyncConnection::execute_compiled`].
    fn create_all<'a>(&'a mut self, metadata: &'a MetaData) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let existing = reflect::existing_tables(self).await?;
            for ddl in metadata.create_missing_ddl(self.dialect(), &existing)? {
                self.execute_compiled(&ddl).await?;
            }
            Ok(())
        })
    }

    /// Creates every table and index of `metadata`, in foreign-key order, without checking.
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`] and [`AsyncConnection::execute_compiled`].
    fn create_all_strict<'a>(&'a mut self, metadata: &MetaData) -> BoxFuture<'a, Result<()>> {
        let ddl = metadata.create_all_ddl(self.dialect());
        Box::pin(async move {
            for ddl in ddl? {
                self.execute_compiled(&ddl).await?;
            }
            Ok(())
        })
    }

    /// Drops the tables of `metadata` that exist, dependents first.
    ///
    /// # Errors
    /// As [`MetaData::drop_all_ddl`] and [`AsyncConnection::execute_compiled`].
    fn drop_all<'a>(&'a mut self, metadata: &'a MetaData) -> BoxFuture<'a, Result<()>> {
        drop_all_in_order(self, metadata)
    }

    /// The names of the tables in the current schema, sorted
    /// ([`crate::reflect::table_names`]).
    ///
    /// # Errors
    /// [`Error::Unsupported`] when the dialect has no catalog; database errors.
    fn table_names(&mut self) -> BoxFuture<'_, Result<Vec<crate::Ident>>> {
        Box::pin(async move {
            let mut names = reflect::replay(self, |catalog, run| catalog.table_names(run, None)).await?;
            names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            Ok(names)
        })
    }

    /// Whether the table `name` exists ([`crate::reflect::has_table`]).
    ///
    /// # Errors
    /// As [`AsyncConnection::table_names`].
    fn has_table<'a>(&'a mut self, name: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move { Ok(self.table_names().await?.iter().any(|t| t.as_str() == name)) })
    }

    /// The live table `name`, read from the catalog ([`crate::reflect::reflect_table`]).
    ///
    /// # Errors
    /// [`Error::UnknownTable`] when there is none; as [`AsyncConnection::table_names`].
    fn reflect_table<'a>(&'a mut self, name: &'a str) -> BoxFuture<'a, Result<crate::schema::Table>> {
        Box::pin(async move {
            reflect::replay(self, |catalog, run| catalog.reflect_table(run, name, None))
                .await?
                .ok_or_else(|| Error::unknown_table(name))
        })
    }

    /// Starts a transaction (a savepoint inside another one), committed by
    /// [`AsyncTransaction::commit`]; dropped without, it is rolled back before the
    /// connection's next statement.
    ///
    /// # Errors
    /// As [`AsyncConnection::execute_raw`].
    fn transaction(&mut self) -> BoxFuture<'_, Result<AsyncTransaction<'_, Self>>>
    where
        Self: Sized,
    {
        Box::pin(AsyncTransaction::begin(self))
    }
}

/// Runs `prepared`'s query (reading at most `max_rows`) and what it says to run after it;
/// converts the rows to its result's kinds.
async fn query_prepared<C: AsyncConnection + ?Sized>(
    conn: &mut C,
    prepared: &Prepared,
    max_rows: usize,
) -> Result<Vec<Row>> {
    let mut rows = conn.query_sql_up_to(prepared.sql(), prepared.params(), max_rows).await?;
    run_follow_ups(conn, prepared.then()).await?;
    prepared.conform(conn.dialect(), &mut rows);
    Ok(rows)
}

/// Runs the statements a dialect asked to run after a statement ([`Compiled::then`]).
async fn run_follow_ups<C: AsyncConnection + ?Sized>(conn: &mut C, then: &[String]) -> Result<()> {
    for sql in then {
        conn.execute_sql(sql, &[]).await?;
    }
    Ok(())
}
