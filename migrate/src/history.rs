//! The history table: which revisions a database has, with the checksum of each file as it
//! was applied; and the lock that keeps two processes from migrating one database at once.
//!
//! One row per applied revision (Alembic keeps only the current heads; a row each is what
//! lets an edited file be noticed and a half-applied revision on MySQL be continued):
//!
//! | column | holds |
//! |---|---|
//! | `seq` | the order revisions were applied in |
//! | `revision` | the id |
//! | `checksum` | SHA-256 of the file when it was applied |
//! | `state` | `applied`, or `upgrading` / `downgrading` while (or after failing) part way: only on engines whose DDL commits itself (MySQL) |
//! | `steps_done`, `steps_total` | how far the upgrade (or downgrade) of a revision in that state got |
//! | `applied_at` | when, by the database's clock |
//!
//! Its writes are compiled with their values inline, so `--sql` prints exactly what
//! `upgrade` runs.

use sqlcore::prelude::*;
use sqlcore::schema::ServerDefault;

use crate::error::Result;

/// The history table's name.
pub const TABLE: &str = "sqlcore_migrations";

/// The name of the lock `upgrade` and `downgrade` hold ([`Dialect::session_lock_sql`]).
pub const LOCK: &str = "sqlcore_migrations";

/// A revision's state in the history table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Applied in full.
    Applied,
    /// Upgraded part way (`steps_done` of `steps_total`): a step failed on an engine that
    /// commits each DDL statement.
    Upgrading,
    /// Downgraded part way.
    Downgrading,
}

impl State {
    /// As the table holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Upgrading => "upgrading",
            State::Downgrading => "downgrading",
        }
    }
}

/// One row of the history table.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The order it was applied in.
    pub seq: i64,
    /// The revision's id.
    pub revision: String,
    /// The checksum of its file when it was applied.
    pub checksum: String,
    /// Applied, or part way.
    pub state: State,
    /// Steps done (of the upgrade, or of the downgrade while downgrading).
    pub steps_done: usize,
    /// Steps in that direction.
    pub steps_total: usize,
    /// When, as the database wrote it.
    pub applied_at: String,
}

/// The history table as a sqlcore table.
pub(crate) fn table() -> Table {
    Table::builder(TABLE)
        .column(Column::new("seq", SqlType::BigInt).primary_key().autoincrement(false))
        .column(Column::new("revision", SqlType::Varchar(64)).not_null().unique())
        .column(Column::new("checksum", SqlType::Varchar(64)).not_null())
        .column(Column::new("state", SqlType::Varchar(16)).not_null())
        .column(Column::new("steps_done", SqlType::Integer).not_null())
        .column(Column::new("steps_total", SqlType::Integer).not_null())
        .column({
            let mut c = Column::new("applied_at", SqlType::Timestamp).not_null();
            c.server_default = Some(ServerDefault::Sql("CURRENT_TIMESTAMP".into()));
            c
        })
        .build()
}

/// The statements that create the history table.
pub(crate) fn create_sql(dialect: &dyn Dialect) -> Result<Vec<String>> {
    let md = MetaData::new().with(table())?;
    Ok(md.create_all_ddl(dialect)?.into_iter().map(|c| c.sql).collect())
}

/// The history's rows in the order they were applied (none when the table is not there).
pub(crate) fn read(conn: &mut dyn Connection) -> Result<Vec<Applied>> {
    if !conn.has_table(TABLE)? {
        return Ok(Vec::new());
    }
    let t = table();
    let q = select([
        t.c("seq")?,
        t.c("revision")?,
        t.c("checksum")?,
        t.c("state")?,
        t.c("steps_done")?,
        t.c("steps_total")?,
        t.c("applied_at")?,
    ])
    .order_by(t.c("seq")?);
    let mut out = Vec::new();
    for row in conn.all(&q)? {
        let state: String = row.get(3usize)?;
        let state = match state.as_str() {
            "applied" => State::Applied,
            "upgrading" => State::Upgrading,
            "downgrading" => State::Downgrading,
            other => {
                return Err(crate::error::MigrateError::State(format!(
                    "the history table {TABLE} has a row in state `{other}`, which sqlcore does not write: \
                     it was edited by hand"
                )));
            }
        };
        let count = |i: usize| -> Result<usize> {
            let n: i64 = row.get(i)?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        out.push(Applied {
            seq: row.get(0usize)?,
            revision: row.get(1usize)?,
            checksum: row.get(2usize)?,
            state,
            steps_done: count(4)?,
            steps_total: count(5)?,
            applied_at: match row.value(6usize)? {
                Value::Timestamp(t) | Value::TimestampTz(t) => t.to_string(),
                Value::Text(t) => t.to_string(),
                other => other.to_string(),
            },
        });
    }
    Ok(out)
}

fn count_value(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The row a revision gets when its upgrade starts (or, in one transaction, ends).
pub(crate) fn insert_sql(
    dialect: &dyn Dialect,
    seq: i64,
    revision: &str,
    checksum: &str,
    state: State,
    steps_done: usize,
    steps_total: usize,
) -> Result<String> {
    let t = table();
    let stmt = insert(&t)
        .value("seq", lit(seq))
        .value("revision", lit(revision))
        .value("checksum", lit(checksum))
        .value("state", lit(state.as_str()))
        .value("steps_done", lit(count_value(steps_done)))
        .value("steps_total", lit(count_value(steps_total)));
    Ok(stmt.to_inline_sql(dialect)?)
}

/// Records how far a revision got.
pub(crate) fn progress_sql(
    dialect: &dyn Dialect,
    revision: &str,
    state: State,
    steps_done: usize,
    steps_total: usize,
) -> Result<String> {
    let t = table();
    let stmt = update(&t)
        .set("state", lit(state.as_str()))
        .set("steps_done", lit(count_value(steps_done)))
        .set("steps_total", lit(count_value(steps_total)))
        .filter(t.c("revision")?.eq(lit(revision)));
    Ok(stmt.to_inline_sql(dialect)?)
}

/// Removes a revision from the history (it was downgraded).
pub(crate) fn delete_sql(dialect: &dyn Dialect, revision: &str) -> Result<String> {
    let t = table();
    Ok(delete(&t).filter(t.c("revision")?.eq(lit(revision))).to_inline_sql(dialect)?)
}

/// Sets a revision's recorded checksum (after `stamp` over an edited file).
pub(crate) fn checksum_sql(dialect: &dyn Dialect, revision: &str, checksum: &str) -> Result<String> {
    let t = table();
    Ok(update(&t).set("checksum", lit(checksum)).filter(t.c("revision")?.eq(lit(revision))).to_inline_sql(dialect)?)
}

/// Holds the migration lock on a connection until [`SessionLock::release`] (or, if the
/// process dies, until the server ends the session).
pub(crate) struct SessionLock {
    release: Option<String>,
}

impl SessionLock {
    /// Takes the dialect's session lock, waiting for another holder; a no-op on engines
    /// without one (SQLite: each revision's `BEGIN IMMEDIATE` serialises writers instead).
    pub(crate) fn acquire(conn: &mut dyn Connection) -> Result<SessionLock> {
        let Some(sql) = conn.dialect().session_lock_sql(LOCK) else { return Ok(SessionLock { release: None }) };
        let rows = conn.query_sql(&sql.acquire, &[])?;
        let got = rows.first().and_then(|r| r.values().first()).is_some_and(|v| matches!(v, Value::Int(1)));
        if !got {
            return Err(crate::error::MigrateError::State(format!(
                "could not take the migration lock `{LOCK}` ({}): another process holds it",
                sql.acquire
            )));
        }
        Ok(SessionLock { release: Some(sql.release) })
    }

    /// Releases the lock.
    pub(crate) fn release(self, conn: &mut dyn Connection) -> Result<()> {
        if let Some(sql) = self.release {
            conn.query_sql(&sql, &[])?;
        }
        Ok(())
    }
}
