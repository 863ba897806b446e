//! The [`Connection`] trait: one interface over the SQLite, PostgreSQL and MySQL drivers, so
//! the same code (and the same conformance suite) runs on any of them.

use crate::cache::Prepared;
use crate::compile::{Compile, Compiled, Dialect, TransactionStep};
use crate::error::{Error, Result};
use crate::row::{FromValue, Row};
use crate::schema::MetaData;
use crate::stmt::Insert;
use crate::stream::RowStream;
use crate::value::Value;

/// A database connection that executes compiled statements.
///
/// Drivers implement the four required methods; everything else is provided. It is
/// object-safe: tests and tools can hold a `&mut dyn Connection`.
pub trait Connection {
    /// The dialect statements are compiled for on this connection.
    fn dialect(&self) -> &dyn Dialect;

    /// Runs SQL of this connection's dialect with `params` for its placeholders, a statement
    /// that returns no rows; returns the number of rows affected. Drivers prepare it through
    /// their prepared-statement cache.
    ///
    /// # Errors
    /// [`Error::Database`] or [`Error::Integrity`] with the driver's message and the SQL.
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64>;

    /// Runs a query given as SQL and parameters, as [`Connection::execute_sql`]; returns all
    /// its rows.
    ///
    /// # Errors
    /// As [`Connection::execute_sql`].
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;

    /// Runs a query as [`Connection::query_sql`], reading at most `max_rows` of its rows
    /// (the rest are not read into memory; [`Connection::first`] asks for one). The default
    /// reads all and keeps the first; the SQLite, PostgreSQL and MySQL connections stop.
    ///
    /// # Errors
    /// As [`Connection::execute_sql`].
    fn query_sql_up_to(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        let mut rows = self.query_sql(sql, params)?;
        rows.truncate(max_rows);
        Ok(rows)
    }

    /// Runs a query given as SQL and parameters, as [`Connection::query_sql`], and returns
    /// its rows as they are read ([`RowStream`]). The default reads them all first; the
    /// SQLite, PostgreSQL and MySQL connections stream.
    ///
    /// # Errors
    /// As [`Connection::execute_sql`]; errors while reading come from the stream.
    fn stream_sql<'c>(&'c mut self, sql: &str, params: &[Value]) -> Result<RowStream<'c>> {
        Ok(RowStream::from_rows(self.query_sql(sql, params)?))
    }

    /// Runs a prepared query and returns its rows as they are read, each of its result's
    /// kinds ([`Connection::stream`]). The default reads them all first.
    ///
    /// # Errors
    /// As [`Connection::stream_sql`].
    fn stream_prepared(&mut self, prepared: Prepared) -> Result<RowStream<'_>> {
        Ok(RowStream::from_rows(query_prepared(self, &prepared)?))
    }

    /// Compiles and runs a query; returns its rows one at a time as they are read from the
    /// engine, without holding the whole result ([`RowStream`]). A statement with
    /// follow-ups to run after it ([`Compiled::then`]) is read whole first.
    ///
    /// # Errors
    /// Compilation errors, or as [`Connection::stream_sql`].
    fn stream(&mut self, stmt: &dyn Compile) -> Result<RowStream<'_>> {
        let prepared = self.compile_cached(stmt)?;
        self.stream_prepared(prepared)
    }

    /// Returns the connection to the state of a new one, for its next user (a pool calls
    /// it when a connection is given back): an open transaction is rolled back and session
    /// state (settings, temporary tables, session locks) is restored as each driver
    /// documents. The default does nothing.
    ///
    /// # Errors
    /// As [`Connection::execute_raw`]; a connection that fails to reset should be closed.
    fn reset(&mut self) -> Result<()> {
        Ok(())
    }

    /// Checks that the connection still answers (a round trip to the server).
    ///
    /// # Errors
    /// The failure, usually [`DbErrorKind::Connection`](crate::DbErrorKind::Connection).
    fn ping(&mut self) -> Result<()> {
        self.query_sql("SELECT 1", &[]).map(drop)
    }

    /// True when the connection is known to be unusable without a round trip (its socket
    /// closed). A pool drops such connections instead of handing them out again.
    fn is_broken(&self) -> bool {
        false
    }

    /// `stmt`'s SQL and parameters for this connection: through the connection's
    /// compiled-statement cache ([`StatementCache`](crate::cache::StatementCache)) when it
    /// has one, which the SQLite, PostgreSQL and MySQL connections do.
    ///
    /// # Errors
    /// Compilation errors; [`Error::InvalidStatement`] for a named parameter without a value.
    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        Prepared::compile(stmt, self.dialect())
    }

    /// Runs a compiled statement that returns no rows, then the statements it says to run
    /// after it ([`Compiled::then`]); returns the number of rows affected.
    ///
    /// # Errors
    /// As [`Connection::execute_sql`]; [`Error::InvalidStatement`] when a named parameter
    /// still has no value.
    fn execute_compiled(&mut self, compiled: &Compiled) -> Result<u64> {
        compiled.require_all_params()?;
        let n = self.execute_sql(&compiled.sql, &compiled.params)?;
        run_follow_ups(self, compiled.then())?;
        Ok(n)
    }

    /// Runs a compiled query (then [`Compiled::then`]) and returns all its rows, as the engine
    /// returns them: a `Compiled` does not know its result's kinds, which
    /// [`Connection::all`] converts to.
    ///
    /// # Errors
    /// As [`Connection::execute_compiled`].
    fn query_compiled(&mut self, compiled: &Compiled) -> Result<Vec<Row>> {
        compiled.require_all_params()?;
        let rows = self.query_sql(&compiled.sql, &compiled.params)?;
        run_follow_ups(self, compiled.then())?;
        Ok(rows)
    }

    /// Runs SQL with no parameters (transaction control, pragmas).
    ///
    /// # Errors
    /// As [`Connection::execute_compiled`].
    fn execute_raw(&mut self, sql: &str) -> Result<()>;

    /// How many transactions are open on this connection (0 outside any; a savepoint adds 1).
    fn transaction_depth(&self) -> usize {
        0
    }

    /// Compiles `stmt` for this connection's dialect and runs it; returns rows affected.
    ///
    /// # Errors
    /// Compilation errors, or as [`Connection::execute_compiled`].
    fn execute(&mut self, stmt: &dyn Compile) -> Result<u64> {
        let prepared = self.compile_cached(stmt)?;
        let n = self.execute_sql(prepared.sql(), prepared.params())?;
        run_follow_ups(self, prepared.then())?;
        Ok(n)
    }

    /// Compiles and runs a query; returns all rows, each value of the kind its column's
    /// type reads back as on every engine ([`Prepared::kinds`], `docs/values.md`).
    ///
    /// # Errors
    /// Compilation errors, or as [`Connection::query_compiled`].
    fn all(&mut self, stmt: &dyn Compile) -> Result<Vec<Row>> {
        let prepared = self.compile_cached(stmt)?;
        query_prepared(self, &prepared)
    }

    /// Compiles `stmt` with values for its named parameters and runs it.
    ///
    /// # Errors
    /// As [`Compile::compile_with`] and [`Connection::execute_compiled`].
    fn execute_with(&mut self, stmt: &dyn Compile, params: &crate::expr::Params) -> Result<u64> {
        let compiled = stmt.compile_with(self.dialect(), params)?.with_params(params)?;
        self.execute_compiled(&compiled)
    }

    /// Compiles a query with values for its named parameters and returns all rows.
    ///
    /// # Errors
    /// As [`Compile::compile_with`] and [`Connection::query_compiled`].
    fn all_with(&mut self, stmt: &dyn Compile, params: &crate::expr::Params) -> Result<Vec<Row>> {
        let compiled = stmt.compile_with(self.dialect(), params)?.with_params(params)?;
        let prepared = Prepared::from_compiled(compiled)?.with_kinds(stmt.result_kinds());
        query_prepared(self, &prepared)
    }

    /// The first row, if any.
    ///
    /// # Errors
    /// As [`Connection::all`].
    fn first(&mut self, stmt: &dyn Compile) -> Result<Option<Row>> {
        let prepared = self.compile_cached(stmt)?;
        let mut rows = self.query_sql_up_to(prepared.sql(), prepared.params(), 1)?;
        run_follow_ups(self, prepared.then())?;
        prepared.conform(self.dialect(), &mut rows);
        Ok(rows.pop())
    }

    /// Exactly one row.
    ///
    /// # Errors
    /// [`Error::NoRows`] or [`Error::TooManyRows`], or as [`Connection::all`].
    fn one(&mut self, stmt: &dyn Compile) -> Result<Row> {
        let mut rows = self.all(stmt)?;
        match rows.len() {
            1 => rows.pop().ok_or(Error::NoRows),
            0 => Err(Error::NoRows),
            n => Err(Error::TooManyRows(n)),
        }
    }

    /// The first column of the first row (NULL when there are no rows).
    ///
    /// # Errors
    /// As [`Connection::all`].
    fn scalar_value(&mut self, stmt: &dyn Compile) -> Result<Value> {
        match self.first(stmt)? {
            Some(row) => Ok(row.value(0usize)?.clone()),
            None => Ok(Value::Null),
        }
    }

    /// The first column of the first row as a `T` (read `Option<T>` to allow no rows).
    ///
    /// # Errors
    /// [`Error::ColumnType`], or as [`Connection::all`].
    fn scalar<T: FromValue>(&mut self, stmt: &dyn Compile) -> Result<T>
    where
        Self: Sized,
    {
        let value = self.scalar_value(stmt)?;
        T::from_value(&value).map_err(|found| Error::column_type("0", T::TYPE_NAME, found))
    }

    /// Inserts all the rows of `insert` in as few statements as the engine's parameter limit
    /// allows (rows × columns per statement ≤ [`Dialect::max_params`]), inside one
    /// transaction (a savepoint when one is open): all rows are written, or none. Returns the
    /// number of rows inserted.
    ///
    /// # Errors
    /// As [`Connection::execute`]; after an error nothing of this insert is written.
    fn insert_bulk(&mut self, insert: &Insert) -> Result<u64> {
        let parts = insert.split(self.dialect().max_params());
        let mut tx = Transaction::begin(self)?;
        let mut total = 0;
        for part in &parts {
            total += tx.execute(part)?;
        }
        tx.commit()?;
        Ok(total)
    }

    /// Creates the tables of `metadata` that do not exist yet, with their indexes, in
    /// foreign-key order (SQLAlchemy's `create_all`, which checks first): run at every start,
    /// it changes nothing once the tables are there. A table that exists is left as it is,
    /// indexes included, even when it differs from the model
    /// ([`crate::reflect`] and the schema diff say how). A dialect without a catalog cannot
    /// check, and creates every table as [`Connection::create_all_strict`] does.
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`] and [`Connection::execute_compiled`].
    fn create_all(&mut self, metadata: &MetaData) -> Result<()> {
        let existing = existing_tables(self)?;
        for ddl in metadata.create_missing_ddl(self.dialect(), &existing)? {
            self.execute_compiled(&ddl)?;
        }
        Ok(())
    }

    /// Creates every table and index of `metadata`, in foreign-key order, without checking:
    /// a table that exists is the engine's error.
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`] and [`Connection::execute_compiled`].
    fn create_all_strict(&mut self, metadata: &MetaData) -> Result<()> {
        for ddl in metadata.create_all_ddl(self.dialect())? {
            self.execute_compiled(&ddl)?;
        }
        Ok(())
    }

    /// Drops the tables of `metadata` that exist, dependents first.
    ///
    /// # Errors
    /// As [`MetaData::drop_all_ddl`] and [`Connection::execute_compiled`].
    fn drop_all(&mut self, metadata: &MetaData) -> Result<()> {
        drop_all_in_order(self, metadata)
    }

    /// The names of the tables in the current schema, sorted ([`crate::reflect::table_names`]).
    ///
    /// # Errors
    /// [`Error::Unsupported`] when the dialect has no catalog; database errors.
    fn table_names(&mut self) -> Result<Vec<crate::Ident>> {
        crate::reflect::table_names(self, None)
    }

    /// Whether the table `name` exists ([`crate::reflect::has_table`]).
    ///
    /// # Errors
    /// As [`Connection::table_names`].
    fn has_table(&mut self, name: &str) -> Result<bool> {
        crate::reflect::has_table(self, name)
    }

    /// The live table `name`, read from the catalog ([`crate::reflect::reflect_table`]).
    ///
    /// # Errors
    /// [`Error::UnknownTable`] when there is none; as [`Connection::table_names`].
    fn reflect_table(&mut self, name: &str) -> Result<crate::schema::Table> {
        crate::reflect::reflect_table(self, name)
    }

    /// Every live table of the current schema ([`crate::reflect::reflect_all`]).
    ///
    /// # Errors
    /// As [`Connection::reflect_table`].
    fn reflect_all(&mut self) -> Result<MetaData> {
        crate::reflect::reflect_all(self)
    }

    /// Starts a transaction (a savepoint inside another one). It rolls back when dropped
    /// unless [`Transaction::commit`] is called.
    ///
    /// # Errors
    /// As [`Connection::execute_raw`].
    fn transaction(&mut self) -> Result<Transaction<'_, Self>>
    where
        Self: Sized,
    {
        Transaction::begin(self)
    }
}

/// Drops every table of `metadata`, dependents first: the default of
/// [`Connection::drop_all`].
///
/// # Errors
/// As [`MetaData::drop_all_ddl`] and [`Connection::execute_compiled`].
pub fn drop_all_in_order<C: Connection + ?Sized>(conn: &mut C, metadata: &MetaData) -> Result<()> {
    for ddl in drop_all_statements(conn, metadata)? {
        conn.execute_compiled(&ddl)?;
    }
    Ok(())
}

/// The statements [`Connection::drop_all`] runs: the tables of `metadata` that exist on
/// `conn` (all of them when its dialect has no catalog to ask), dependents first.
///
/// # Errors
/// As [`MetaData::drop_all_ddl`]; database errors reading the table names.
pub fn drop_all_statements<C: Connection + ?Sized>(conn: &mut C, metadata: &MetaData) -> Result<Vec<Compiled>> {
    if conn.dialect().catalog().is_none() {
        return metadata.drop_all_ddl(conn.dialect());
    }
    let existing = existing_tables(conn)?;
    metadata.drop_existing_ddl(conn.dialect(), &existing)
}

/// The tables of the current schema, or none when the dialect has no catalog to ask.
fn existing_tables<C: Connection + ?Sized>(conn: &mut C) -> Result<Vec<crate::Ident>> {
    if conn.dialect().catalog().is_none() {
        return Ok(Vec::new());
    }
    crate::reflect::table_names(conn, None)
}

/// Runs `prepared`'s query and what it says to run after it; converts the rows to its
/// result's kinds.
fn query_prepared<C: Connection + ?Sized>(conn: &mut C, prepared: &Prepared) -> Result<Vec<Row>> {
    let mut rows = conn.query_sql(prepared.sql(), prepared.params())?;
    run_follow_ups(conn, prepared.then())?;
    prepared.conform(conn.dialect(), &mut rows);
    Ok(rows)
}

/// Runs the statements a dialect asked to run after a statement ([`Compiled::then`]).
fn run_follow_ups<C: Connection + ?Sized>(conn: &mut C, then: &[String]) -> Result<()> {
    for sql in then {
        conn.execute_sql(sql, &[])?;
    }
    Ok(())
}

/// An open transaction (or savepoint) on a connection. Statements run through it; it is
/// committed by [`Transaction::commit`] and rolled back by [`Transaction::rollback`] or when
/// dropped.
#[derive(Debug)]
pub struct Transaction<'c, C: Connection + ?Sized> {
    conn: &'c mut C,
    depth: usize,
    open: bool,
}

impl<'c, C: Connection + ?Sized> Transaction<'c, C> {
    /// Opens a transaction on `conn`, or a savepoint when one is already open (spelled by
    /// [`Dialect::transaction_sql`]).
    ///
    /// # Errors
    /// As [`Connection::execute_raw`].
    pub fn begin(conn: &'c mut C) -> Result<Self> {
        let depth = conn.transaction_depth() + 1;
        let step = if depth == 1 { TransactionStep::Begin } else { TransactionStep::Savepoint(depth) };
        run_step(conn, step)?;
        Ok(Transaction { conn, depth, open: true })
    }

    /// Makes the transaction's changes permanent (or releases the savepoint into the outer
    /// transaction).
    ///
    /// # Errors
    /// As [`Connection::execute_raw`]; the transaction is then rolled back on drop.
    pub fn commit(mut self) -> Result<()> {
        let step = if self.depth == 1 { TransactionStep::Commit } else { TransactionStep::Release(self.depth) };
        run_step(self.conn, step)?;
        self.open = false;
        Ok(())
    }

    /// Undoes the transaction's changes.
    ///
    /// # Errors
    /// As [`Connection::execute_raw`].
    pub fn rollback(mut self) -> Result<()> {
        self.open = false;
        self.undo()
    }

    fn undo(&mut self) -> Result<()> {
        if self.depth == 1 {
            run_step(self.conn, TransactionStep::Rollback)
        } else {
            run_step(self.conn, TransactionStep::RollbackTo(self.depth))?;
            run_step(self.conn, TransactionStep::Release(self.depth))
        }
    }
}

/// Runs one transaction-control statement, spelled by the connection's dialect.
fn run_step<C: Connection + ?Sized>(conn: &mut C, step: TransactionStep) -> Result<()> {
    let mut sql = String::new();
    conn.dialect().transaction_sql(&mut sql, step);
    conn.execute_raw(&sql)
}

impl<C: Connection + ?Sized> Drop for Transaction<'_, C> {
    fn drop(&mut self) {
        if self.open {
            // Drop cannot report an error; a failed rollback leaves the connection to the
            // driver's own cleanup, and is at least visible in the log.
            if let Err(e) = self.undo() {
                log::warn!(target: "sqlcore::sql", "rollback on drop failed: {e}");
            }
        }
    }
}

impl<C: Connection + ?Sized> Connection for Transaction<'_, C> {
    fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }

    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.conn.execute_sql(sql, params)
    }

    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.conn.query_sql(sql, params)
    }

    fn query_sql_up_to(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        self.conn.query_sql_up_to(sql, params, max_rows)
    }

    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        self.conn.compile_cached(stmt)
    }

    fn execute_raw(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_raw(sql)
    }

    fn stream_sql<'s>(&'s mut self, sql: &str, params: &[Value]) -> Result<RowStream<'s>> {
        self.conn.stream_sql(sql, params)
    }

    fn stream_prepared(&mut self, prepared: Prepared) -> Result<RowStream<'_>> {
        self.conn.stream_prepared(prepared)
    }

    fn ping(&mut self) -> Result<()> {
        self.conn.ping()
    }

    fn is_broken(&self) -> bool {
        self.conn.is_broken()
    }

    fn transaction_depth(&self) -> usize {
        self.depth
    }
}

/// A boxed connection is a connection (what `sqlcore-engine`'s `connect` returns), so that
/// the generic methods (`scalar::<T>`, `transaction`) work on it too.
macro_rules! boxed_connection {
    ($($object:ty),*) => {$(
impl Connection for Box<$object> {
    fn dialect(&self) -> &dyn Dialect {
        (**self).dialect()
    }

    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        (**self).execute_sql(sql, params)
    }

    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        (**self).query_sql(sql, params)
    }

    fn query_sql_up_to(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        (**self).query_sql_up_to(sql, params, max_rows)
    }

    fn stream_sql<'s>(&'s mut self, sql: &str, params: &[Value]) -> Result<RowStream<'s>> {
        (**self).stream_sql(sql, params)
    }

    fn stream_prepared(&mut self, prepared: Prepared) -> Result<RowStream<'_>> {
        (**self).stream_prepared(prepared)
    }

    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        (**self).compile_cached(stmt)
    }

    fn execute_raw(&mut self, sql: &str) -> Result<()> {
        (**self).execute_raw(sql)
    }

    fn transaction_depth(&self) -> usize {
        (**self).transaction_depth()
    }

    fn reset(&mut self) -> Result<()> {
        (**self).reset()
    }

    fn ping(&mut self) -> Result<()> {
        (**self).ping()
    }

    fn is_broken(&self) -> bool {
        (**self).is_broken()
    }

    fn create_all(&mut self, metadata: &MetaData) -> Result<()> {
        (**self).create_all(metadata)
    }

    fn drop_all(&mut self, metadata: &MetaData) -> Result<()> {
        (**self).drop_all(metadata)
    }
}
    )*};
}
boxed_connection!(dyn Connection, dyn Connection + Send);

/// A statement for the log: its SQL followed by `-- params: [...]` (as `Compiled` displays).
#[derive(Debug, Clone, Copy)]
pub struct Logged<'a> {
    /// The SQL.
    pub sql: &'a str,
    /// Its parameters.
    pub params: &'a [Value],
}

impl std::fmt::Display for Logged<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.sql)?;
        if !self.params.is_empty() {
            f.write_str(" -- params: [")?;
            for (i, p) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}
