//! Transaction control: the steps [`Transaction`](crate::Transaction) takes, which a dialect
//! spells through [`Dialect::transaction_sql`](crate::compile::Dialect::transaction_sql).

use std::fmt::Write as _;

/// One transaction-control statement. Savepoints are numbered by nesting depth (2 for the
/// first savepoint inside a transaction), so a dialect can name them as its engine requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionStep {
    /// Opens the outermost transaction.
    Begin,
    /// Commits the outermost transaction.
    Commit,
    /// Rolls the outermost transaction back.
    Rollback,
    /// Opens a savepoint at this depth.
    Savepoint(usize),
    /// Releases (keeps) the savepoint at this depth.
    Release(usize),
    /// Undoes the work since the savepoint at this depth (the savepoint stays open).
    RollbackTo(usize),
}

/// The standard spelling: `BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT sp_n`,
/// `RELEASE SAVEPOINT sp_n`, `ROLLBACK TO SAVEPOINT sp_n`.
pub fn transaction_sql(out: &mut String, step: TransactionStep) {
    // Writing to a String cannot fail.
    let _ = match step {
        TransactionStep::Begin => out.write_str("BEGIN"),
        TransactionStep::Commit => out.write_str("COMMIT"),
        TransactionStep::Rollback => out.write_str("ROLLBACK"),
        TransactionStep::Savepoint(n) => write!(out, "SAVEPOINT sp_{n}"),
        TransactionStep::Release(n) => write!(out, "RELEASE SAVEPOINT sp_{n}"),
        TransactionStep::RollbackTo(n) => write!(out, "ROLLBACK TO SAVEPOINT sp_{n}"),
    };
}
