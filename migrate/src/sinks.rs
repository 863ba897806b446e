//! The two places a [`Script`](crate::script::Script) goes: a live database, or the text
//! `--sql` prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sqlcore::diff::Diff;
use sqlcore::schema::MetaData;
use sqlcore::{Connection, Dialect, Logged, Value};

use crate::error::{MigrateError, Result};
use crate::history::{self, Applied, State};
use crate::script::{Script, Sink};

/// Runs statements on a connection.
pub(crate) struct LiveSink<'c> {
    pub conn: &'c mut dyn Connection,
}

impl Sink for LiveSink<'_> {
    fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }

    fn run(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<()> {
        if params.is_empty() { self.conn.execute_raw(sql) } else { self.conn.execute_sql(sql, params).map(|_| ()) }
    }

    fn must_be_empty(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<Option<Vec<Value>>> {
        let rows = self.conn.query_sql_up_to(sql, params, 1)?;
        Ok(rows.into_iter().next().map(sqlcore::Row::into_values))
    }

    fn row(&mut self, revision: &str) -> Result<Option<Applied>> {
        Ok(history::read(self.conn)?.into_iter().find(|r| r.revision == revision))
    }

    fn next_seq(&mut self) -> Result<i64> {
        Ok(history::read(self.conn)?.iter().map(|r| r.seq).max().unwrap_or(0) + 1)
    }

    fn has_history(&mut self) -> Result<bool> {
        Ok(self.conn.has_table(history::TABLE)?)
    }

    fn verify(&mut self, script: &Script) -> Result<()> {
        let differences =
            live_differences(self.conn, &script.expected, |name| script.compared.contains(name.as_ref()))?;
        if differences.is_empty() {
            return Ok(());
        }
        let source = sqlcore::Error::invalid_schema(format!(
            "the database does not match the schema its revisions make; to match it would take:\n{differences}"
        ));
        let after = if script.transactional {
            "its transaction was rolled back: nothing of it was applied"
        } else {
            "its steps ran (this engine commits each one) and the revision stays recorded as part way: make the \
             database match by hand and `stamp` the revision, or fix the revision file"
        };
        Err(MigrateError::Failed {
            message: format!(
                "revision {} ({}) was checked by reflection after its steps: {source}; {after}",
                script.revision, script.file
            ),
            source,
        })
    }

    fn comment(&mut self, text: &str) {
        log::info!(target: "sqlcore_migrate", "{text}");
    }
}

/// What the live database would need to match `expected`, comparing the tables `compared`
/// says (the history table never).
pub(crate) fn live_differences(
    conn: &mut dyn Connection,
    expected: &MetaData,
    compared: impl Fn(&sqlcore::Ident) -> bool,
) -> Result<sqlcore::diff::Plan> {
    let live = conn.reflect_all()?;
    let mut scoped = MetaData::new();
    for table in live.tables() {
        if table.name().as_ref() != history::TABLE && compared(table.name()) {
            scoped.add(table.clone())?;
        }
    }
    Ok(Diff::new(&scoped, expected).for_dialect(conn.dialect()).plan()?)
}

/// Writes the script as SQL text; keeps the history it would make, so the next revision's
/// script starts where this one ends.
pub(crate) struct OfflineSink<'d> {
    pub dialect: &'d dyn Dialect,
    pub text: String,
    /// The statements in order, without comments: what a live run executes.
    pub statements: Vec<String>,
    pub rows: BTreeMap<String, Applied>,
    pub history_exists: bool,
    pub seq: i64,
}

impl Sink for OfflineSink<'_> {
    fn dialect(&self) -> &dyn Dialect {
        self.dialect
    }

    fn run(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<()> {
        let _ = writeln!(self.text, "{};", Logged { sql, params });
        self.statements.push(sql.to_owned());
        Ok(())
    }

    fn must_be_empty(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<Option<Vec<Value>>> {
        let _ = writeln!(self.text, "-- must return no rows, or the step fails: {}", Logged { sql, params });
        Ok(None)
    }

    fn row(&mut self, revision: &str) -> Result<Option<Applied>> {
        Ok(self.rows.get(revision).cloned())
    }

    fn next_seq(&mut self) -> Result<i64> {
        Ok(self.seq + 1)
    }

    fn has_history(&mut self) -> Result<bool> {
        Ok(self.history_exists)
    }

    fn verify(&mut self, _script: &Script) -> Result<()> {
        self.text.push_str("-- (a live run compares the database with the revision's schema here, by reflection)\n");
        Ok(())
    }

    fn comment(&mut self, text: &str) {
        let _ = writeln!(self.text, "-- {text}");
    }
}

impl<'d> OfflineSink<'d> {
    /// A sink writing for `dialect`, with no history yet.
    pub(crate) fn new(dialect: &'d dyn Dialect) -> Self {
        OfflineSink {
            dialect,
            text: String::new(),
            statements: Vec::new(),
            rows: BTreeMap::new(),
            history_exists: false,
            seq: 0,
        }
    }

    /// Records that `revision` was applied (or, `None`, undone) by the script just written.
    pub(crate) fn record(&mut self, revision: &str, applied: Option<(&str, usize)>) {
        match applied {
            Some((checksum, steps)) => {
                self.seq += 1;
                let row = Applied {
                    seq: self.seq,
                    revision: revision.to_owned(),
                    checksum: checksum.to_owned(),
                    state: State::Applied,
                    steps_done: steps,
                    steps_total: steps,
                    applied_at: String::new(),
                };
                self.rows.insert(revision.to_owned(), row);
            }
            None => {
                self.rows.remove(revision);
            }
        }
    }
}
