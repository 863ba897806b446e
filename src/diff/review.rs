//! A plan as a reviewer reads it in a pull request: each step with its class and note, and
//! under it the SQL each dialect runs for it.

use std::fmt::Write as _;

use crate::compile::Dialect;
use crate::compile::alter::plan_statements;
use crate::diff::Plan;

impl Plan {
    /// The plan's [`Display`](std::fmt::Display) lines, each step followed by the statements
    /// of each of `dialects` that carry it out (values written inline): a guard query that
    /// must return no rows is marked `check:`; a step a rebuild carries out says so; a plan a
    /// dialect cannot express says why, for that dialect, instead of failing the review.
    ///
    /// ```
    /// use sqlcore::prelude::*;
    /// use sqlcore_postgres::PostgresDialect;
    /// use sqlcore_sqlite::SqliteDialect;
    ///
    /// # fn main() -> sqlcore::Result<()> {
    /// let users = |extra: bool| {
    ///     let b = Table::builder("users").column(Column::new("id", SqlType::Integer).primary_key());
    ///     if extra { b.column(Column::new("age", SqlType::Integer)) } else { b }.build()
    /// };
    /// let plan = sqlcore::diff::diff(&MetaData::new().with(users(false))?, &MetaData::new().with(users(true))?)?;
    /// assert_eq!(
    ///     plan.review(&[&PostgresDialect::default(), &SqliteDialect::default()]),
    ///     "1. [safe] add column users.age Integer\n   \
    ///         postgresql: ALTER TABLE users ADD COLUMN age INTEGER\n   \
    ///         sqlite: ALTER TABLE users ADD COLUMN age INTEGER"
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn review(&self, dialects: &[&dyn Dialect]) -> String {
        if self.steps.is_empty() {
            return "no changes".to_owned();
        }
        let compiled: Vec<_> = dialects.iter().map(|d| (*d, plan_statements(*d, self))).collect();
        let mut out = String::new();
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let _ = write!(out, "{}. [{}] {}", i + 1, step.class, step.change);
            if let Some(note) = &step.note {
                let _ = write!(out, "\n   note: {note}");
            }
            for (dialect, sql) in &compiled {
                let name = dialect.name();
                let sql = match sql {
                    Ok(sql) => sql,
                    Err(e) => {
                        // Said once, under the first step.
                        if i == 0 {
                            let _ = write!(out, "\n   {name}: cannot run this plan: {e}");
                        }
                        continue;
                    }
                };
                let own: Vec<_> = sql.statements.iter().filter(|s| s.step == i).collect();
                if own.is_empty() {
                    let _ = write!(out, "\n   {name}: made by the rebuild of {} above", step.change.table());
                }
                for statement in own {
                    let text =
                        statement.compiled.to_inline_sql(*dialect).unwrap_or_else(|_| statement.compiled.sql.clone());
                    let mark = if statement.must_be_empty { "check: " } else { "" };
                    let _ = write!(out, "\n   {name}: {mark}{text}");
                }
            }
        }
        for (dialect, sql) in &compiled {
            let Ok(sql) = sql else { continue };
            let around: Vec<String> = sql.before.iter().chain(&sql.checks).chain(&sql.after).cloned().collect();
            if !around.is_empty() {
                let _ = write!(out, "\n   {} around the plan: {}", dialect.name(), around.join("; "));
            }
        }
        out
    }
}
