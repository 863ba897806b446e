//! A revision compiled for one dialect: every statement it runs, in order, whether it goes
//! to a database ([`crate::run`]) or is printed (`--sql`). Both walk the same [`Script`]
//! through [`drive`], so the printed SQL is the SQL that runs.

use std::collections::{BTreeSet, HashMap};

use crate::replay::apply_change;
use sqlcore::compile::TransactionStep;
use sqlcore::compile::alter::plan_statements;
use sqlcore::diff::{ChangeClass, Plan, Step};
use sqlcore::schema::MetaData;
use sqlcore::{Compile, Dialect, Value};

use crate::error::{MigrateError, Result};
use crate::format::Context;
use crate::graph::{History, step_error};
use crate::history::{self, State};
use crate::revision::{Direction, Op, Revision};

/// A data step: given the schema at its point of the history, the statements to run.
pub type DataStep = Box<dyn Fn(&MetaData) -> sqlcore::Result<Vec<Box<dyn Compile>>> + Send + Sync>;

/// The data steps an application registered, by name.
pub(crate) type DataSteps = HashMap<String, DataStep>;

/// One statement of a step.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub sql: String,
    pub params: Vec<Value>,
    /// A query that must return no rows (a guard before a change that would make up
    /// values); its rows are the step's failure.
    pub must_be_empty: bool,
}

/// One step: what it is and its statements.
#[derive(Debug, Clone)]
pub(crate) struct StepSql {
    pub label: String,
    pub statements: Vec<Statement>,
}

/// A revision, one direction, compiled for one dialect.
#[derive(Debug, Clone)]
pub(crate) struct Script {
    pub revision: String,
    pub label: String,
    pub file: String,
    pub checksum: String,
    pub direction: Direction,
    /// Run before the transaction, outside it (SQLite pauses foreign keys for a rebuild).
    pub before: Vec<String>,
    pub steps: Vec<StepSql>,
    /// Queries that must return no rows before the commit (SQLite's foreign_key_check).
    pub checks: Vec<String>,
    /// Run after the transaction, whether it committed or not.
    pub after: Vec<String>,
    /// One transaction for the revision (PostgreSQL, SQLite), or each step on its own.
    pub transactional: bool,
    pub begin: String,
    pub commit: String,
    pub rollback: String,
    /// The schema the revision makes, and the tables a check of the live database compares.
    pub expected: MetaData,
    pub compared: BTreeSet<String>,
}

impl Script {
    /// The revision, one direction, for `dialect`, from the schema of the revisions
    /// `applied` (which hold `rev` itself for a downgrade).
    pub(crate) fn new(
        history: &History,
        rev: &Revision,
        direction: Direction,
        applied: &BTreeSet<String>,
        dialect: &dyn Dialect,
        data: &DataSteps,
    ) -> Result<Script> {
        let name = dialect.name();
        let mut schema = history.schema_of(applied, Some(name))?;
        let mut compared: BTreeSet<String> = schema.tables().map(|t| t.name().to_string()).collect();
        let cx = Context { dialects: &[], dialect: Some(name) };
        let mut script = Script {
            revision: rev.id.clone(),
            label: rev.label(),
            file: rev.file.display().to_string(),
            checksum: rev.checksum.clone(),
            direction,
            before: Vec::new(),
            steps: Vec::new(),
            checks: Vec::new(),
            after: Vec::new(),
            transactional: dialect.transactional_ddl(),
            begin: dialect.begin_write_sql().to_owned(),
            commit: transaction_sql(dialect, TransactionStep::Commit),
            rollback: transaction_sql(dialect, TransactionStep::Rollback),
            expected: MetaData::new(),
            compared: BTreeSet::new(),
        };
        for (i, op) in rev.steps(direction).iter().enumerate() {
            let at = |e: &dyn std::fmt::Display| step_error(rev, direction, i, &e.to_string());
            let step = match op {
                Op::Schema(s) => {
                    let change = s.to_change(&cx, &schema).map_err(|e| at(&e))?;
                    let before = schema.clone();
                    apply_change(&mut schema, &change).map_err(|e| at(&e))?;
                    let label = change.to_string();
                    let plan = Plan::from_steps(
                        before,
                        schema.clone(),
                        vec![Step { change, class: ChangeClass::Safe, note: None }],
                    );
                    let sql = plan_statements(dialect, &plan).map_err(|e| at(&e))?;
                    extend_unique(&mut script.before, sql.before);
                    extend_unique(&mut script.checks, sql.checks);
                    extend_unique(&mut script.after, sql.after);
                    let mut statements = Vec::new();
                    for st in sql.statements {
                        push_compiled(&mut statements, st.compiled, st.must_be_empty);
                    }
                    StepSql { label, statements }
                }
                Op::Data(data_name) => {
                    let f = data.get(data_name).ok_or_else(|| {
                        at(&format!(
                            "the data step `{data_name}` is not registered: the migrate program registers it with \
                             Migrator::data_step(\"{data_name}\", ...)"
                        ))
                    })?;
                    let mut statements = Vec::new();
                    for stmt in f(&schema).map_err(|e| at(&e))? {
                        push_compiled(&mut statements, stmt.compile(dialect).map_err(|e| at(&e))?, false);
                    }
                    StepSql { label: format!("data step {data_name}"), statements }
                }
                Op::Sql(sql) => {
                    let text = sql.for_dialect(name).ok_or_else(|| {
                        at(&format!("this SQL step has no text for {name} (add `{name} = \"...\"` to its `sql` table)"))
                    })?;
                    StepSql {
                        label: format!("sql: {}", first_line(text)),
                        statements: vec![Statement { sql: text.to_owned(), params: Vec::new(), must_be_empty: false }],
                    }
                }
            };
            script.steps.push(step);
        }
        compared.extend(schema.tables().map(|t| t.name().to_string()));
        script.expected = schema;
        script.compared = compared;
        Ok(script)
    }
}

/// A compiled statement and the statements its dialect runs after it ([`sqlcore::Compiled::then`]).
fn push_compiled(into: &mut Vec<Statement>, compiled: sqlcore::Compiled, must_be_empty: bool) {
    let then = compiled.then().to_vec();
    into.push(Statement { sql: compiled.sql, params: compiled.params, must_be_empty });
    into.extend(then.into_iter().map(|sql| Statement { sql, params: Vec::new(), must_be_empty: false }));
}

fn transaction_sql(dialect: &dyn Dialect, step: TransactionStep) -> String {
    let mut s = String::new();
    dialect.transaction_sql(&mut s, step);
    s
}

fn extend_unique(into: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    if line.chars().count() > 60 {
        format!("{}...", line.chars().take(60).collect::<String>())
    } else {
        line.to_owned()
    }
}

/// Where a script's statements go: a database, or the text of `--sql`.
pub(crate) trait Sink {
    /// The dialect statements are written for.
    fn dialect(&self) -> &dyn Dialect;
    /// Runs a statement that changes something.
    fn run(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<()>;
    /// Runs a query that must return no rows; returns the first row's values if one came.
    fn must_be_empty(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<Option<Vec<Value>>>;
    /// The history row of `revision` as the database has it now (read inside the
    /// revision's transaction where there is one).
    fn row(&mut self, revision: &str) -> Result<Option<history::Applied>>;
    /// The next `seq` of the history table.
    fn next_seq(&mut self) -> Result<i64>;
    /// Whether the history table exists.
    fn has_history(&mut self) -> Result<bool>;
    /// Compares the live schema with what the script makes.
    fn verify(&mut self, script: &Script) -> Result<()>;
    /// A line for a reader (`--sql` prints it as a comment; a database ignores it).
    fn comment(&mut self, text: &str);
}

/// What running a script did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It ran.
    Done,
    /// Another process had already done it (seen under the lock).
    AlreadyDone,
}

/// Creates the history table if it is not there, in a write transaction (two processes
/// starting at once on SQLite: the second waits, then sees it).
pub(crate) fn ensure_history(sink: &mut dyn Sink) -> Result<()> {
    if sink.has_history()? {
        return Ok(());
    }
    let begin = sink.dialect().begin_write_sql();
    sink.run(begin, &[])?;
    // Asked again inside the write transaction: another process may have made it meanwhile.
    let made = (|| -> Result<()> {
        if !sink.has_history()? {
            for sql in history::create_sql(sink.dialect())? {
                sink.run(&sql, &[])?;
            }
        }
        Ok(())
    })();
    let end =
        transaction_sql(sink.dialect(), if made.is_ok() { TransactionStep::Commit } else { TransactionStep::Rollback });
    let ended = sink.run(&end, &[]);
    made?;
    ended?;
    Ok(())
}

/// Runs `script` through `sink`, with the dialect's SQL for the history table.
pub(crate) fn drive(script: &Script, sink: &mut dyn Sink, verify: bool) -> Result<Outcome> {
    sink.comment(&format!(
        "{} {} ({})",
        match script.direction {
            Direction::Up => "upgrade",
            Direction::Down => "downgrade",
        },
        script.label,
        script.file
    ));
    if script.transactional { drive_in_transaction(script, sink, verify) } else { drive_each(script, sink, verify) }
}

fn drive_in_transaction(script: &Script, sink: &mut dyn Sink, verify: bool) -> Result<Outcome> {
    for sql in &script.before {
        sink.run(sql, &[])?;
    }
    sink.run(&script.begin, &[])?;
    let result = (|| -> Result<Outcome> {
        let row = sink.row(&script.revision)?;
        let done = match script.direction {
            Direction::Up => row.is_some(),
            Direction::Down => row.is_none(),
        };
        if done {
            return Ok(Outcome::AlreadyDone);
        }
        let total = script.steps.len();
        for (i, step) in script.steps.iter().enumerate() {
            run_step(script, sink, i, step).map_err(|e| failed_in_transaction(script, i, total, &step.label, e))?;
        }
        for check in &script.checks {
            if let Some(row) =
                sink.must_be_empty(check, &[]).map_err(|e| failed_in_transaction(script, total, total, "checks", e))?
            {
                let e = sqlcore::Error::invalid_schema(format!("{check} found a broken foreign key: {row:?}"));
                return Err(failed_in_transaction(script, total.saturating_sub(1), total, "foreign-key check", e));
            }
        }
        if verify {
            sink.verify(script)?;
        }
        match script.direction {
            Direction::Up => record_new(script, sink, State::Applied, total)?,
            Direction::Down => sink.run(&history::delete_sql(sink.dialect(), &script.revision)?, &[])?,
        }
        Ok(Outcome::Done)
    })();
    let ended = match &result {
        Ok(_) => sink.run(&script.commit, &[]).map_err(MigrateError::from),
        Err(_) => {
            // The revision's error is the one to report; a failed ROLLBACK is logged.
            if let Err(e) = sink.run(&script.rollback, &[]) {
                log::warn!(target: "sqlcore_migrate", "rollback after a failed revision failed: {e}");
            }
            Ok(())
        }
    };
    let mut restored = Ok(());
    for sql in &script.after {
        if let Err(e) = sink.run(sql, &[]) {
            restored = Err(MigrateError::from(e));
        }
    }
    let outcome = result?;
    ended?;
    restored?;
    Ok(outcome)
}

/// Writes the history row of a revision not recorded yet, `steps_done` of its steps done.
fn record_new(script: &Script, sink: &mut dyn Sink, state: State, steps_done: usize) -> Result<()> {
    let seq = sink.next_seq()?;
    let total = script.steps.len();
    let sql = history::insert_sql(sink.dialect(), seq, &script.revision, &script.checksum, state, steps_done, total)?;
    sink.run(&sql, &[])?;
    Ok(())
}

fn failed_in_transaction(script: &Script, i: usize, total: usize, label: &str, source: sqlcore::Error) -> MigrateError {
    MigrateError::Failed {
        message: format!(
            "{} of revision {} ({}) failed at step {} of {total} ({label}): {source}. The revision's transaction was \
             rolled back: nothing of it was applied, data included, and the database is where it was before it",
            way(script.direction),
            script.revision,
            script.file,
            i + 1,
        ),
        source,
    }
}

fn way(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "the upgrade",
        Direction::Down => "the downgrade",
    }
}

fn run_step(script: &Script, sink: &mut dyn Sink, i: usize, step: &StepSql) -> sqlcore::Result<()> {
    sink.comment(&format!("step {} of {}: {}", i + 1, script.steps.len(), step.label));
    for st in &step.statements {
        if st.must_be_empty {
            if sink.must_be_empty(&st.sql, &st.params)?.is_some() {
                return Err(sqlcore::Error::invalid_schema(
                    "the table has rows, which this change cannot be made on without the engine making up their \
                     values (a NOT NULL column without a server default)",
                ));
            }
        } else {
            sink.run(&st.sql, &st.params)?;
        }
    }
    Ok(())
}

/// An engine that commits each DDL statement (MySQL): each step is recorded as it is done,
/// so a failure says exactly what was applied and a second run continues after it.
fn drive_each(script: &Script, sink: &mut dyn Sink, verify: bool) -> Result<Outcome> {
    let total = script.steps.len();
    let row = sink.row(&script.revision)?;
    let (state, start) = match (script.direction, &row) {
        (Direction::Up, Some(r)) if r.state == State::Applied => return Ok(Outcome::AlreadyDone),
        (Direction::Up, Some(r)) if r.state == State::Upgrading => (State::Upgrading, r.steps_done),
        (Direction::Up, None) => {
            record_new(script, sink, State::Upgrading, 0)?;
            (State::Upgrading, 0)
        }
        (Direction::Down, None) => return Ok(Outcome::AlreadyDone),
        (Direction::Down, Some(r)) if r.state == State::Downgrading => (State::Downgrading, r.steps_done),
        (Direction::Down, Some(r)) if r.state == State::Applied => {
            sink.run(&history::progress_sql(sink.dialect(), &script.revision, State::Downgrading, 0, total)?, &[])?;
            (State::Downgrading, 0)
        }
        (_, Some(r)) => {
            return Err(MigrateError::State(format!(
                "revision {} ({}) is recorded as {} ({} of {} steps): finish that first (run the same command as \
                 before), or make the database match a revision by hand and `stamp` it",
                script.revision,
                script.file,
                r.state.as_str(),
                r.steps_done,
                r.steps_total
            )));
        }
    };
    for (i, step) in script.steps.iter().enumerate().skip(start) {
        if let Err(source) = run_step(script, sink, i, step) {
            let message = format!(
                "{} of revision {} ({}) failed at step {} of {total} ({}): {source}. This engine commits each schema \
                 change as it runs, so steps 1 to {i} are applied and recorded in {} (state {}, steps_done {i}); \
                 nothing of step {} stayed. Fix what made it fail and run the same command again: it goes on at \
                 step {}",
                way(script.direction),
                script.revision,
                script.file,
                i + 1,
                step.label,
                history::TABLE,
                state.as_str(),
                i + 1,
                i + 1,
            );
            return Err(MigrateError::Failed { message, source });
        }
        sink.run(&history::progress_sql(sink.dialect(), &script.revision, state, i + 1, total)?, &[])?;
    }
    if verify {
        sink.verify(script)?;
    }
    match script.direction {
        Direction::Up => {
            sink.run(&history::progress_sql(sink.dialect(), &script.revision, State::Applied, total, total)?, &[])?
        }
        Direction::Down => sink.run(&history::delete_sql(sink.dialect(), &script.revision)?, &[])?,
    }
    Ok(Outcome::Done)
}
