//! The commands: a [`Migrator`] holds the migrations directory, the application's model and
//! its data steps; each command is a method (the CLI calls them).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sqlcore::diff::{ChangeClass, Plan, diff};
use sqlcore::schema::MetaData;
use sqlcore::{Compile, Connection, Dialect};

use crate::error::{MigrateError, Result};
use crate::format::{self, Context, Notes, SchemaOp};
use crate::graph::History;
use crate::history::{self, Applied, SessionLock, State};
use crate::revision::{Direction, Op, Revision};
use crate::script::{DataSteps, Outcome, Script, drive, ensure_history};
use crate::sinks::{LiveSink, OfflineSink, live_differences};

/// One revision run by `upgrade` or `downgrade`.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Which way.
    pub direction: Direction,
    /// `id message`.
    pub revision: String,
    /// Its file.
    pub file: PathBuf,
    /// Whether another process had already done it (seen once the lock was ours).
    pub already_done: bool,
    /// How long it took, in milliseconds.
    pub millis: u128,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let way = match self.direction {
            Direction::Up => "upgraded",
            Direction::Down => "downgraded",
        };
        if self.already_done {
            write!(f, "{way} {} (by another process)", self.revision)
        } else {
            write!(f, "{way} {} in {} ms", self.revision, self.millis)
        }
    }
}

/// What `check` found: empty everywhere when the database is at head and matches the model.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Revisions the database has not applied (`id message`).
    pub pending: Vec<String>,
    /// What the live database would need to match the model.
    pub database: Plan,
    /// What the model has that no revision makes (`revision --autogenerate` writes it).
    pub unrevised: Plan,
}

impl CheckReport {
    /// True when the database is at head, matches the model, and every model change has a
    /// revision.
    pub fn is_ok(&self) -> bool {
        self.pending.is_empty() && self.database.is_empty() && self.unrevised.is_empty()
    }
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_ok() {
            return f.write_str("ok: the database is at head and matches the model");
        }
        if !self.pending.is_empty() {
            writeln!(f, "the database is behind head; not applied: {}", self.pending.join("; "))?;
        }
        if !self.database.is_empty() {
            writeln!(f, "the database differs from the model; to match it would take:\n{}", self.database)?;
        }
        if !self.unrevised.is_empty() {
            writeln!(
                f,
                "the model has changes no revision makes (run `revision --autogenerate -m ...`):\n{}",
                self.unrevised
            )?;
        }
        Ok(())
    }
}

/// The migrations of one application.
pub struct Migrator {
    dir: PathBuf,
    metadata: MetaData,
    data: DataSteps,
    verify: bool,
}

impl std::fmt::Debug for Migrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("dir", &self.dir)
            .field("data_steps", &self.data.keys().collect::<Vec<_>>())
            .field("verify", &self.verify)
            .finish_non_exhaustive()
    }
}

/// The dialects a revision file writes each check's SQL for: the engines sqlcore ships.
fn file_dialects() -> Vec<Box<dyn Dialect>> {
    vec![
        Box::new(sqlcore_sqlite::SqliteDialect::default()),
        Box::new(sqlcore_postgres::PostgresDialect::default()),
        Box::new(sqlcore_mysql::MySqlDialect::default()),
        Box::new(sqlcore_mysql::MySqlDialect::mariadb()),
    ]
}

impl Migrator {
    /// The migrations in `dir` of an application whose model is `metadata`.
    pub fn new(dir: impl Into<PathBuf>, metadata: MetaData) -> Migrator {
        Migrator { dir: dir.into(), metadata, data: DataSteps::new(), verify: true }
    }

    /// Registers a data step: revision files name it (`op = "data"`, `name = "..."`), and
    /// `f` gives its statements from the schema at that point of the history.
    #[must_use]
    pub fn data_step<F>(mut self, name: impl Into<String>, f: F) -> Migrator
    where
        F: Fn(&MetaData) -> sqlcore::Result<Vec<Box<dyn Compile>>> + Send + Sync + 'static,
    {
        self.data.insert(name.into(), Box::new(f));
        self
    }

    /// Whether each revision is checked by reflection after its steps (on by default): the
    /// live schema must equal the schema the revisions make, or the revision is rolled back
    /// (PostgreSQL, SQLite) or reported (MySQL).
    #[must_use]
    pub fn verify(mut self, on: bool) -> Migrator {
        self.verify = on;
        self
    }

    /// The same migrations, read from `dir` instead (the CLI's `--dir`).
    #[must_use]
    pub fn with_dir(mut self, dir: impl Into<PathBuf>) -> Migrator {
        self.dir = dir.into();
        self
    }

    /// The migrations directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The application's model.
    pub fn metadata(&self) -> &MetaData {
        &self.metadata
    }

    /// The revisions of the directory, checked.
    ///
    /// # Errors
    /// As [`History::load`].
    pub fn history(&self) -> Result<History> {
        History::load(&self.dir)
    }

    /// Makes the migrations directory.
    ///
    /// # Errors
    /// [`MigrateError::Usage`] when it already holds revisions; I/O errors.
    pub fn init(&self) -> Result<()> {
        if self.dir.is_dir() {
            let has = std::fs::read_dir(&self.dir)
                .map_err(|e| MigrateError::io(&self.dir, e))?
                .filter_map(std::result::Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "toml"));
            if has {
                return Err(MigrateError::Usage(format!("{} already holds revisions", self.dir.display())));
            }
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| MigrateError::io(&self.dir, e))?;
        let readme = self.dir.join("README.md");
        if !readme.exists() {
            std::fs::write(&readme, README).map_err(|e| MigrateError::io(&readme, e))?;
        }
        Ok(())
    }

    /// Writes a new revision after the head: empty when `autogenerate` is `None`, else the
    /// changes from the schema the revisions make to the model, each with its class, and
    /// destructive ones marked for review. With a connection, the database must be at head
    /// and match what the revisions make (so the new revision starts where the database is).
    ///
    /// # Errors
    /// Several heads (merge first); a database behind head or changed by hand; no changes
    /// to write (`autogenerate`); I/O errors.
    pub fn revision(&self, message: &str, autogenerate: Option<Autogenerate<'_>>) -> Result<Revision> {
        let history = self.history()?;
        let head = history.head()?;
        let parents: Vec<String> = head.iter().map(|h| h.id.clone()).collect();
        let (upgrade, downgrade, notes) = match autogenerate {
            None => (Vec::new(), Vec::new(), Notes::default()),
            Some(auto) => {
                let all: BTreeSet<String> = history.revisions().iter().map(|r| r.id.clone()).collect();
                if let Autogenerate::Database(conn) = auto {
                    self.require_at_head(conn, &history, &all)?;
                }
                let head_schema = history.schema_of(&all, None)?;
                let up = diff(&head_schema, &self.metadata)?;
                if up.is_empty() {
                    return Err(MigrateError::Usage(
                        "the model and the revisions agree: there is nothing to autogenerate (`revision -m` without \
                         --autogenerate makes an empty revision)"
                            .into(),
                    ));
                }
                let down = diff(&self.metadata, &head_schema)?;
                let dialects = file_dialects();
                let refs: Vec<&dyn Dialect> = dialects.iter().map(AsRef::as_ref).collect();
                let cx = Context { dialects: &refs, dialect: None };
                let (up_ops, up_notes) = plan_ops(&cx, &up)?;
                let (down_ops, down_notes) = plan_ops(&cx, &down)?;
                (up_ops, down_ops, Notes { upgrade: up_notes, downgrade: down_notes })
            }
        };
        self.write_revision(message, parents, upgrade, downgrade, &notes)
    }

    /// Writes a revision that joins the heads (no steps of its own).
    ///
    /// # Errors
    /// [`MigrateError::Usage`] when there are fewer than two heads.
    pub fn merge(&self, message: &str) -> Result<Revision> {
        let history = self.history()?;
        let heads: Vec<String> = history.heads().iter().map(|h| h.id.clone()).collect();
        if heads.len() < 2 {
            return Err(MigrateError::Usage(format!(
                "there is nothing to merge: the history has {} head(s)",
                heads.len()
            )));
        }
        self.write_revision(message, heads, Vec::new(), Vec::new(), &Notes::default())
    }

    fn write_revision(
        &self,
        message: &str,
        parents: Vec<String>,
        upgrade: Vec<Op>,
        downgrade: Vec<Op>,
        notes: &Notes,
    ) -> Result<Revision> {
        let now = crate::time::now_utc();
        let id = crate::time::new_id();
        let stem = format!("{}_{}", now.compact, slug(message));
        let mut file = self.dir.join(format!("{stem}.toml"));
        if file.exists() {
            file = self.dir.join(format!("{stem}_{id}.toml"));
        }
        let mut rev = Revision {
            id,
            parents,
            message: message.to_owned(),
            created: now.rfc3339,
            upgrade,
            downgrade,
            file: file.clone(),
            checksum: String::new(),
        };
        let text = format::write(&rev, notes)?;
        rev.checksum = format::checksum(text.as_bytes());
        std::fs::write(&file, &text).map_err(|e| MigrateError::io(&file, e))?;
        // The directory must still read as a history with the new file in it; a revision
        // sqlcore cannot read back is removed rather than left to break every command.
        if let Err(e) = self.history() {
            let _ = std::fs::remove_file(&file);
            return Err(e);
        }
        Ok(rev)
    }

    /// The database's history rows, in the order applied.
    ///
    /// # Errors
    /// Database errors.
    pub fn current(&self, conn: &mut dyn Connection) -> Result<Vec<Applied>> {
        history::read(conn)
    }

    /// Applies the revisions up to `target`: `head`, `heads`, a revision id (or a unique
    /// prefix), or `+N` (the next N). One transaction per revision where DDL is
    /// transactional; under the engine's migration lock. `progress` hears of each revision
    /// as it finishes.
    ///
    /// # Errors
    /// An unknown target, an edited file, a database at a revision the directory does not
    /// have; [`MigrateError::Failed`] for a revision that failed (nothing of it stays where
    /// DDL is transactional; elsewhere the message says what was applied and how to go on).
    pub fn upgrade(
        &self,
        conn: &mut dyn Connection,
        target: &str,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Vec<Progress>> {
        self.migrate(conn, Direction::Up, target, progress)
    }

    /// Undoes applied revisions back to `target`: a revision (kept, with what it follows),
    /// `base` (all), or `-N` (the last N applied).
    ///
    /// # Errors
    /// As [`Migrator::upgrade`].
    pub fn downgrade(
        &self,
        conn: &mut dyn Connection,
        target: &str,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Vec<Progress>> {
        self.migrate(conn, Direction::Down, target, progress)
    }

    fn migrate(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        target: &str,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Vec<Progress>> {
        let history = self.history()?;
        let lock = SessionLock::acquire(conn)?;
        let result = self.migrate_locked(conn, &history, direction, target, progress);
        let released = lock.release(conn);
        let done = result?;
        released?;
        Ok(done)
    }

    fn migrate_locked(
        &self,
        conn: &mut dyn Connection,
        history: &History,
        direction: Direction,
        target: &str,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Vec<Progress>> {
        ensure_history(&mut LiveSink { conn })?;
        let rows = history::read(conn)?;
        check_rows(history, &rows)?;
        let mut applied: BTreeSet<String> =
            rows.iter().filter(|r| r.state == State::Applied).map(|r| r.revision.clone()).collect();
        let partial: Vec<&Applied> = rows.iter().filter(|r| r.state != State::Applied).collect();
        let todo = match direction {
            Direction::Up => {
                if let Some(p) = partial.iter().find(|p| p.state == State::Downgrading) {
                    return Err(half_done(history, p));
                }
                pending_up(history, &applied, target)?
            }
            Direction::Down => {
                if let Some(p) = partial.iter().find(|p| p.state == State::Upgrading) {
                    return Err(half_done(history, p));
                }
                // A revision downgraded part way is still applied as far as the order goes.
                applied.extend(partial.iter().map(|p| p.revision.clone()));
                pending_down(history, &rows, &applied, target)?
            }
        };
        let mut out = Vec::new();
        for id in todo {
            let rev = history.get(&id)?;
            let script = Script::new(history, rev, direction, &applied, conn.dialect(), &self.data)?;
            let started = Instant::now();
            let outcome = drive(&script, &mut LiveSink { conn }, self.verify)?;
            match direction {
                Direction::Up => applied.insert(id.clone()),
                Direction::Down => applied.remove(&id),
            };
            let p = Progress {
                direction,
                revision: rev.label(),
                file: rev.file.clone(),
                already_done: outcome == Outcome::AlreadyDone,
                millis: started.elapsed().as_millis(),
            };
            progress(&p);
            out.push(p);
        }
        Ok(out)
    }

    /// The SQL an upgrade (or downgrade) to `target` runs on `dialect`, starting from the
    /// database at `from` (`None`: an empty database for an upgrade, head for a downgrade),
    /// without a database: Alembic's offline mode. The statements are the ones a live run
    /// executes, in order; the queries a live run makes (the history, the guards, the check
    /// by reflection) are comments.
    ///
    /// # Errors
    /// As [`Migrator::upgrade`], without the database ones.
    pub fn sql(&self, dialect: &dyn Dialect, direction: Direction, from: Option<&str>, target: &str) -> Result<String> {
        Ok(self.offline(dialect, direction, from, target)?.text)
    }

    /// The statements of [`Migrator::sql`], without comments.
    ///
    /// # Errors
    /// As [`Migrator::sql`].
    pub fn sql_statements(
        &self,
        dialect: &dyn Dialect,
        direction: Direction,
        from: Option<&str>,
        target: &str,
    ) -> Result<Vec<String>> {
        Ok(self.offline(dialect, direction, from, target)?.statements)
    }

    fn offline<'d>(
        &self,
        dialect: &'d dyn Dialect,
        direction: Direction,
        from: Option<&str>,
        target: &str,
    ) -> Result<OfflineSink<'d>> {
        let history = self.history()?;
        let start: BTreeSet<String> = match (from, direction) {
            (Some("base"), _) => BTreeSet::new(),
            (Some(rev), _) => history.ancestors(&history.get(rev)?.id),
            (None, Direction::Up) => BTreeSet::new(),
            (None, Direction::Down) => history.revisions().iter().map(|r| r.id.clone()).collect(),
        };
        let mut sink = OfflineSink::new(dialect);
        sink.history_exists = !start.is_empty();
        for rev in history.revisions().iter().filter(|r| start.contains(&r.id)) {
            sink.record(&rev.id, Some((&rev.checksum, rev.upgrade.len())));
        }
        if !sink.history_exists {
            ensure_history(&mut sink)?;
            sink.history_exists = true;
        }
        let mut applied = start;
        let todo = match direction {
            Direction::Up => pending_up(&history, &applied, target)?,
            Direction::Down => {
                let rows: Vec<Applied> = sink.rows.values().cloned().collect();
                let mut rows = rows;
                rows.sort_by_key(|r| r.seq);
                pending_down(&history, &rows, &applied, target)?
            }
        };
        for id in todo {
            let rev = history.get(&id)?;
            let script = Script::new(&history, rev, direction, &applied, dialect, &self.data)?;
            drive(&script, &mut sink, self.verify)?;
            match direction {
                Direction::Up => {
                    sink.record(&id, Some((&rev.checksum, rev.upgrade.len())));
                    applied.insert(id);
                }
                Direction::Down => {
                    sink.record(&id, None);
                    applied.remove(&id);
                }
            }
        }
        Ok(sink)
    }

    /// Records the database as being at `target` (`base`: at none) without running
    /// anything: for a database made another way, or after repairing one by hand. The
    /// recorded checksums become the files' current ones.
    ///
    /// # Errors
    /// An unknown target; database errors.
    pub fn stamp(&self, conn: &mut dyn Connection, target: &str) -> Result<()> {
        let history = self.history()?;
        let keep: BTreeSet<String> = match target {
            "base" => BTreeSet::new(),
            "head" => history.ancestors(&head_id(&history)?),
            "heads" => history.heads().iter().flat_map(|h| history.ancestors(&h.id)).collect(),
            rev => history.ancestors(&history.get(rev)?.id),
        };
        let lock = SessionLock::acquire(conn)?;
        let result = (|| -> Result<()> {
            ensure_history(&mut LiveSink { conn })?;
            let mut tx = sqlcore::Transaction::begin(conn)?;
            let rows = history::read(&mut tx)?;
            let mut seq = rows.iter().map(|r| r.seq).max().unwrap_or(0);
            for row in &rows {
                if !keep.contains(&row.revision) {
                    let sql = history::delete_sql(tx.dialect(), &row.revision)?;
                    tx.execute_raw(&sql)?;
                }
            }
            for rev in history.revisions().iter().filter(|r| keep.contains(&r.id)) {
                let total = rev.upgrade.len();
                match rows.iter().find(|r| r.revision == rev.id) {
                    Some(_) => {
                        let sql = history::progress_sql(tx.dialect(), &rev.id, State::Applied, total, total)?;
                        tx.execute_raw(&sql)?;
                        let sql = history::checksum_sql(tx.dialect(), &rev.id, &rev.checksum)?;
                        tx.execute_raw(&sql)?;
                    }
                    None => {
                        seq += 1;
                        let sql = history::insert_sql(
                            tx.dialect(),
                            seq,
                            &rev.id,
                            &rev.checksum,
                            State::Applied,
                            total,
                            total,
                        )?;
                        tx.execute_raw(&sql)?;
                    }
                }
            }
            tx.commit()?;
            Ok(())
        })();
        let released = lock.release(conn);
        result?;
        released?;
        Ok(())
    }

    /// The CI gate: whether the database is at head, matches the model, and the model has
    /// no change without a revision.
    ///
    /// # Errors
    /// An edited file or a database at an unknown revision (those are failures of the gate
    /// too); database errors.
    pub fn check(&self, conn: &mut dyn Connection) -> Result<CheckReport> {
        let history = self.history()?;
        let rows = history::read(conn)?;
        check_rows(&history, &rows)?;
        let applied: BTreeSet<&str> =
            rows.iter().filter(|r| r.state == State::Applied).map(|r| r.revision.as_str()).collect();
        let pending =
            history.revisions().iter().filter(|r| !applied.contains(r.id.as_str())).map(Revision::label).collect();
        let database = sqlcore::diff::check(conn, &self.metadata)?;
        let all: BTreeSet<String> = history.revisions().iter().map(|r| r.id.clone()).collect();
        let unrevised = diff(&history.schema_of(&all, None)?, &self.metadata)?;
        Ok(CheckReport { pending, database, unrevised })
    }

    fn require_at_head(&self, conn: &mut dyn Connection, history: &History, all: &BTreeSet<String>) -> Result<()> {
        let rows = history::read(conn)?;
        check_rows(history, &rows)?;
        let applied: BTreeSet<String> =
            rows.iter().filter(|r| r.state == State::Applied).map(|r| r.revision.clone()).collect();
        if &applied != all {
            let missing: Vec<String> =
                history.revisions().iter().filter(|r| !applied.contains(&r.id)).map(Revision::label).collect();
            return Err(MigrateError::State(format!(
                "the database is not at head (not applied: {}): run `upgrade` first, so the new revision starts \
                 where the others end",
                missing.join("; ")
            )));
        }
        let schema = history.schema_of(all, Some(conn.dialect().name()))?;
        let differences = live_differences(conn, &schema, |_| true)?;
        if !differences.is_empty() {
            return Err(MigrateError::State(format!(
                "the database differs from the schema its revisions make (changed by hand?); to match them it would \
                 take:\n{differences}\nRepair it (or write a revision that records the change) before autogenerating"
            )));
        }
        Ok(())
    }
}

/// Where `revision --autogenerate` reads what is there.
pub enum Autogenerate<'c> {
    /// The revisions alone (their schema, replayed).
    Revisions,
    /// The revisions, with the database checked to be at head and to match them first.
    Database(&'c mut dyn Connection),
}

fn head_id(history: &History) -> Result<String> {
    history.head()?.map(|h| h.id.clone()).ok_or_else(|| MigrateError::Graph("the directory has no revisions".into()))
}

/// The steps and review notes of a plan.
fn plan_ops(cx: &Context<'_>, plan: &Plan) -> Result<(Vec<Op>, Vec<Vec<String>>)> {
    let mut ops = Vec::new();
    let mut notes = Vec::new();
    for (i, step) in plan.steps().iter().enumerate() {
        let op = SchemaOp::from_change(cx, &step.change).map_err(MigrateError::Usage)?;
        ops.push(Op::Schema(op));
        let mut lines = vec![format!("{}. [{}] {}", i + 1, step.class, step.change)];
        if let Some(note) = &step.note {
            lines.push(format!("   note: {note}"));
        }
        match step.class {
            ChangeClass::DestroysData => lines.push("   REVIEW: this step destroys data".into()),
            ChangeClass::MayFail => lines.push("   REVIEW: this step fails if existing rows break it".into()),
            ChangeClass::Safe => {}
        }
        notes.push(lines);
    }
    Ok((ops, notes))
}

/// Refuses a database whose history names a revision the directory lacks, or whose file
/// changed since it was applied.
fn check_rows(history: &History, rows: &[Applied]) -> Result<()> {
    for row in rows {
        let Some(rev) = history.position(&row.revision).map(|i| &history.revisions()[i]) else {
            return Err(MigrateError::State(format!(
                "the database records revision {}, which no file in {} holds: is this the right directory, or was \
                 the file deleted? (restore it, or `stamp` the database at a revision that exists)",
                row.revision,
                history.dir().display()
            )));
        };
        if rev.checksum != row.checksum {
            return Err(MigrateError::State(format!(
                "{} was edited after revision {} was applied to this database (checksum recorded {}, now {}): a \
                 revision that has run must not change. Restore the file (e.g. `git checkout -- {}`) and put the \
                 change in a new revision; if the edit changes nothing this database needs, `stamp {}` records the \
                 new checksum",
                rev.file.display(),
                rev.id,
                short(&row.checksum),
                short(&rev.checksum),
                rev.file.display(),
                rev.id,
            )));
        }
    }
    Ok(())
}

fn short(checksum: &str) -> &str {
    checksum.get(..12).unwrap_or(checksum)
}

fn half_done(history: &History, row: &Applied) -> MigrateError {
    let file = history.get(&row.revision).map(|r| r.file.display().to_string()).unwrap_or_default();
    MigrateError::State(format!(
        "revision {} ({file}) is recorded as {} part way ({} of {} steps): run the command that was interrupted \
         again to finish it, or repair the database by hand and `stamp` it",
        row.revision,
        row.state.as_str(),
        row.steps_done,
        row.steps_total
    ))
}

/// The revisions an upgrade to `target` applies, in order.
fn pending_up(history: &History, applied: &BTreeSet<String>, target: &str) -> Result<Vec<String>> {
    let not_applied = history.revisions().iter().filter(|r| !applied.contains(&r.id));
    if let Some(n) = target.strip_prefix('+') {
        let n: usize = n.parse().map_err(|_| MigrateError::Usage(format!("`{target}`: +N needs a number")))?;
        let todo: Vec<String> = not_applied.take(n).map(|r| r.id.clone()).collect();
        if todo.len() < n {
            return Err(MigrateError::Usage(format!("`{target}`: only {} revision(s) are not applied", todo.len())));
        }
        return Ok(todo);
    }
    let wanted: BTreeSet<String> = match target {
        "head" => history.head()?.map(|h| history.ancestors(&h.id)).unwrap_or_default(),
        "heads" => history.heads().iter().flat_map(|h| history.ancestors(&h.id)).collect(),
        rev => history.ancestors(&history.get(rev)?.id),
    };
    Ok(not_applied.filter(|r| wanted.contains(&r.id)).map(|r| r.id.clone()).collect())
}

/// The revisions a downgrade to `target` undoes, latest applied first.
fn pending_down(history: &History, rows: &[Applied], applied: &BTreeSet<String>, target: &str) -> Result<Vec<String>> {
    // The applied revisions, latest first (by the order the database applied them).
    let mut by_seq: Vec<&Applied> = rows.iter().filter(|r| applied.contains(&r.revision)).collect();
    by_seq.sort_by_key(|r| std::cmp::Reverse(r.seq));
    let latest_first: Vec<String> = by_seq.iter().map(|r| r.revision.clone()).collect();
    let todo: Vec<String> = if let Some(n) = target.strip_prefix('-') {
        let n: usize = n.parse().map_err(|_| MigrateError::Usage(format!("`{target}`: -N needs a number")))?;
        if n > latest_first.len() {
            return Err(MigrateError::Usage(format!(
                "`{target}`: only {} revision(s) are applied",
                latest_first.len()
            )));
        }
        latest_first.into_iter().take(n).collect()
    } else {
        let keep: BTreeSet<String> = match target {
            "base" => BTreeSet::new(),
            rev => history.ancestors(&history.get(rev)?.id),
        };
        latest_first.into_iter().filter(|id| !keep.contains(id)).collect()
    };
    // Undoing a revision undoes what follows it first.
    let undone: BTreeSet<&String> = todo.iter().collect();
    for id in &todo {
        for child in history.revisions().iter().filter(|r| r.parents.contains(id)) {
            if applied.contains(&child.id) && !undone.contains(&child.id) {
                return Err(MigrateError::Usage(format!(
                    "`{target}` would undo {id} but keep {}, which follows it: downgrade {} too",
                    child.id, child.id
                )));
            }
        }
    }
    Ok(todo)
}

/// A file-name part from a message: lower-case letters, digits and `_`.
fn slug(message: &str) -> String {
    let mut out = String::new();
    for ch in message.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() { "revision".into() } else { out }
}

const README: &str = "# Migrations\n\n\
One TOML file per revision, made by `migrate revision -m \"...\"` (add `--autogenerate` to\n\
write the changes from the schema the revisions make to the application's model).\n\
Review each file like code; once a revision is applied anywhere, do not edit it: its\n\
checksum is recorded in the database's `sqlcore_migrations` table.\n\n\
`migrate upgrade` applies them, `migrate downgrade -1` undoes the last, `migrate check`\n\
fails when the database is behind or differs from the model. See docs/migrations.md.\n";
