//! Running a [`Plan`] on a connection, and checking a live database against a model.

use crate::compile::alter::{PlanStatement, plan_statements};
use crate::connection::{Connection, Transaction};
use crate::diff::{Diff, Plan};
use crate::error::{Error, Result, SchemaChangeFailed};
use crate::schema::MetaData;

/// Runs `plan` on `conn`: all or nothing where the engine runs DDL in a transaction
/// (PostgreSQL, SQLite: a failing step rolls back every step before it, data included); on
/// MySQL / MariaDB, which commit each DDL statement, the steps before a failure stay applied
/// and the error says how many ([`Error::SchemaChange`]).
///
/// # Errors
/// [`Error::SchemaChange`] naming the failed step; [`Error::InvalidStatement`] when the plan
/// needs a table rebuild (SQLite) inside a transaction the caller opened, where foreign-key
/// enforcement cannot be paused; the plan's compile errors, before anything runs.
pub fn apply<C: Connection + ?Sized>(conn: &mut C, plan: &Plan) -> Result<()> {
    let sql = plan_statements(conn.dialect(), plan)?;
    if !sql.before.is_empty() && conn.transaction_depth() > 0 {
        return Err(Error::invalid_statement(
            "this plan rebuilds tables, which needs foreign-key enforcement paused, and that cannot be done inside \
             a transaction: apply it outside one",
        ));
    }
    for stmt in &sql.before {
        conn.execute_raw(stmt)?;
    }
    let result = if sql.transactional { run_in_transaction(conn, plan, &sql) } else { run_each(conn, plan, &sql) };
    // Restored whether or not the plan went through.
    let mut restored = Ok(());
    for stmt in &sql.after {
        if let Err(e) = conn.execute_raw(stmt) {
            restored = Err(e);
        }
    }
    result.and(restored)
}

/// The failure of step `index` (0-based) running `sql`.
fn failed(plan: &Plan, index: usize, sql: &str, applied: usize, source: Error) -> Error {
    Error::SchemaChange(Box::new(SchemaChangeFailed {
        step: index + 1,
        of: plan.len(),
        change: plan.steps().get(index).map_or_else(String::new, |s| s.change.to_string()),
        sql: sql.to_owned(),
        applied,
        source,
    }))
}

fn run_in_transaction<C: Connection + ?Sized>(
    conn: &mut C,
    plan: &Plan,
    sql: &crate::compile::alter::PlanSql,
) -> Result<()> {
    let mut tx = Transaction::begin(conn)?;
    for stmt in &sql.statements {
        if let Err(e) = run_statement(&mut tx, stmt) {
            // The transaction rolls back as it is dropped.
            return Err(failed(plan, stmt.step, &stmt.compiled.sql, 0, e));
        }
    }
    for check in &sql.checks {
        let rows = tx.query_sql(check, &[])?;
        if let Some(row) = rows.first() {
            let last = plan.len().saturating_sub(1);
            let broken = format!("{check} found {} broken reference(s), the first: {:?}", rows.len(), row.values());
            return Err(failed(plan, last, check, 0, Error::invalid_schema(broken)));
        }
    }
    tx.commit()
}

fn run_each<C: Connection + ?Sized>(conn: &mut C, plan: &Plan, sql: &crate::compile::alter::PlanSql) -> Result<()> {
    // Each step is one statement here (a guard query before it does not change anything),
    // so the steps before a failed one are exactly the ones applied.
    for stmt in &sql.statements {
        if let Err(e) = run_statement(conn, stmt) {
            return Err(failed(plan, stmt.step, &stmt.compiled.sql, stmt.step, e));
        }
    }
    Ok(())
}

/// Runs one statement of a plan; a guard that returns a row is the step's failure.
fn run_statement<C: Connection + ?Sized>(conn: &mut C, stmt: &PlanStatement) -> Result<()> {
    if stmt.must_be_empty {
        let rows = conn.query_sql_up_to(&stmt.compiled.sql, &stmt.compiled.params, 1)?;
        if !rows.is_empty() {
            return Err(Error::invalid_schema(
                "the table has rows, which this change cannot be made on without the engine making up their values \
                 (a NOT NULL column without a server default)",
            ));
        }
        return Ok(());
    }
    conn.execute_compiled(&stmt.compiled).map(|_| ())
}

/// The differences between the live database on `conn` and `metadata`, as the plan that
/// would make the database match (empty when they match): the "schema validation" an
/// application runs at start or a CI job runs before deploying. Tables the database has and
/// `metadata` does not are left out (another application's, or a migration tool's own).
///
/// # Errors
/// As [`reflect_all`](crate::reflect::reflect_all) and [`Diff::plan`].
pub fn check<C: Connection + ?Sized>(conn: &mut C, metadata: &MetaData) -> Result<Plan> {
    let live = crate::reflect::reflect_all(conn)?;
    let mut scoped = MetaData::new();
    for table in live.tables() {
        if metadata.table(table.name()).is_ok() {
            scoped.add(table.clone())?;
        }
    }
    Diff::new(&scoped, metadata).for_dialect(conn.dialect()).plan()
}
