//! The revisions of a migrations directory as a history: parents checked, cycles refused, a
//! fixed order, heads, targets, and the schema at any point (the revisions' steps replayed
//! on an empty model, no database needed).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::replay::apply_change;
use sqlcore::diff::{Change, Diff};
use sqlcore::schema::MetaData;

use crate::error::{MigrateError, Result};
use crate::format::{self, Context};
use crate::revision::{Direction, Op, Revision};

/// The revisions of one directory, in the order they apply: every revision after its
/// parents; among revisions whose parents are all placed, the older (`created`, then id)
/// first, so the order is the same on every machine.
#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
    revisions: Vec<Revision>,
    index: HashMap<String, usize>,
}

impl History {
    /// Reads every `*.toml` file of `dir`, checks that they form a history, and checks each
    /// revision's steps against the schema before it: every step fits it (no column dropped
    /// that is not there), and the downgrade returns to the schema the upgrade started from.
    ///
    /// # Errors
    /// [`MigrateError::Io`] for a directory that does not exist; [`MigrateError::File`] for a
    /// malformed file or a step that does not fit; [`MigrateError::Graph`] for two files with
    /// one id, a parent that is not there, or a cycle.
    pub fn load(dir: impl AsRef<Path>) -> Result<History> {
        let dir = dir.as_ref();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::NotFound { " (run `init` to make it)" } else { "" };
            MigrateError::Io { path: dir.to_path_buf(), source: std::io::Error::new(e.kind(), format!("{e}{hint}")) }
        })?;
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| MigrateError::io(dir, e))?.path();
            if path.extension().is_some_and(|x| x == "toml") {
                files.push(path);
            }
        }
        files.sort();
        let mut revisions = Vec::with_capacity(files.len());
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| MigrateError::io(&file, e))?;
            revisions.push(format::read(&text, &file)?);
        }
        let history = History::from_revisions(dir.to_path_buf(), revisions)?;
        history.check_steps()?;
        Ok(history)
    }

    /// The history of `revisions` (already read), ordered and checked as a graph.
    ///
    /// # Errors
    /// As [`History::load`], for the graph.
    pub fn from_revisions(dir: PathBuf, revisions: Vec<Revision>) -> Result<History> {
        let mut by_id: HashMap<String, Revision> = HashMap::new();
        for rev in revisions {
            if let Some(other) = by_id.get(&rev.id) {
                return Err(MigrateError::Graph(format!(
                    "two files hold revision {}: {} and {}",
                    rev.id,
                    other.file.display(),
                    rev.file.display()
                )));
            }
            by_id.insert(rev.id.clone(), rev);
        }
        for rev in by_id.values() {
            for parent in &rev.parents {
                if !by_id.contains_key(parent) {
                    return Err(MigrateError::Graph(format!(
                        "revision {} ({}) follows {parent}, which no file of the directory holds",
                        rev.id,
                        rev.file.display()
                    )));
                }
            }
        }
        // Kahn's algorithm; the ready set is ordered by (created, id).
        let mut waiting: HashMap<&str, usize> = by_id.values().map(|r| (r.id.as_str(), r.parents.len())).collect();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for rev in by_id.values() {
            for parent in &rev.parents {
                children.entry(parent.as_str()).or_default().push(rev.id.as_str());
            }
        }
        let key = |id: &str| by_id.get(id).map(|r| (r.created.clone(), r.id.clone()));
        let mut ready: BTreeSet<(String, String)> =
            waiting.iter().filter(|(_, n)| **n == 0).filter_map(|(id, _)| key(id)).collect();
        let mut order: Vec<String> = Vec::with_capacity(by_id.len());
        while let Some(next) = ready.pop_first() {
            let id = next.1;
            for child in children.get(id.as_str()).into_iter().flatten() {
                if let Some(n) = waiting.get_mut(child) {
                    *n -= 1;
                    if *n == 0 {
                        ready.extend(key(child));
                    }
                }
            }
            order.push(id);
        }
        if order.len() < by_id.len() {
            let mut stuck: Vec<&str> =
                by_id.keys().map(String::as_str).filter(|id| !order.iter().any(|o| o == id)).collect();
            stuck.sort_unstable();
            return Err(MigrateError::Graph(format!(
                "the revisions {} follow each other in a cycle: a revision's parents must come before it",
                stuck.join(", ")
            )));
        }
        let revisions: Vec<Revision> = order.iter().filter_map(|id| by_id.remove(id)).collect();
        let index = revisions.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        Ok(History { dir, revisions, index })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The revisions, in the order they apply.
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// Whether there are no revisions.
    pub fn is_empty(&self) -> bool {
        self.revisions.is_empty()
    }

    /// The revision `id`, or the one revision whose id starts with it (as git takes a short
    /// hash).
    ///
    /// # Errors
    /// [`MigrateError::Graph`] when no revision or more than one matches.
    pub fn get(&self, id: &str) -> Result<&Revision> {
        if let Some(&i) = self.index.get(id) {
            return Ok(&self.revisions[i]);
        }
        let matches: Vec<&Revision> =
            self.revisions.iter().filter(|r| !id.is_empty() && r.id.starts_with(id)).collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(MigrateError::Graph(format!(
                "there is no revision {id} in {} (`history` lists them)",
                self.dir.display()
            ))),
            many => Err(MigrateError::Graph(format!(
                "`{id}` could be any of {}: give more of the id",
                many.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// The position of revision `id` in the order.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The revisions no other revision follows.
    pub fn heads(&self) -> Vec<&Revision> {
        self.revisions.iter().filter(|r| !self.revisions.iter().any(|c| c.parents.contains(&r.id))).collect()
    }

    /// The one head.
    ///
    /// # Errors
    /// [`MigrateError::Graph`] when there are several (suggesting `merge`); `Ok(None)` for an
    /// empty directory.
    pub fn head(&self) -> Result<Option<&Revision>> {
        let heads = self.heads();
        match heads.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            many => Err(MigrateError::Graph(format!(
                "the history has {} heads ({}): two revisions were made from one parent, on different branches. \
                 Run `merge -m \"merge\"` to join them, or name one head as the target",
                many.len(),
                many.iter().map(|r| r.label()).collect::<Vec<_>>().join("; ")
            ))),
        }
    }

    /// `id` and every revision it follows, directly or not.
    pub fn ancestors(&self, id: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo = vec![id.to_owned()];
        while let Some(next) = todo.pop() {
            if let Some(&i) = self.index.get(&next) {
                if out.insert(next) {
                    todo.extend(self.revisions[i].parents.iter().cloned());
                }
            }
        }
        out
    }

    /// The schema after the revisions `applied` (ids), replayed in the history's order, with
    /// checks' SQL for `dialect` (any when `None`).
    ///
    /// # Errors
    /// As [`History::load`] for a step that does not fit.
    pub fn schema_of(&self, applied: &BTreeSet<String>, dialect: Option<&str>) -> Result<MetaData> {
        let mut schema = MetaData::new();
        for rev in self.revisions.iter().filter(|r| applied.contains(&r.id)) {
            replay(&mut schema, rev, Direction::Up, dialect, usize::MAX)?;
        }
        Ok(schema)
    }

    /// Checks every revision's steps against the schema before it, and that its downgrade
    /// undoes its upgrade.
    fn check_steps(&self) -> Result<()> {
        for rev in &self.revisions {
            let mut before_ids = self.ancestors(&rev.id);
            before_ids.remove(&rev.id);
            let before = self.schema_of(&before_ids, None)?;
            let mut after = before.clone();
            replay(&mut after, rev, Direction::Up, None, usize::MAX)?;
            let mut back = after.clone();
            replay(&mut back, rev, Direction::Down, None, usize::MAX)?;
            let left = Diff::new(&back, &before).plan().map_err(|e| MigrateError::file(&rev.file, e.to_string()))?;
            if !left.is_empty() {
                return Err(MigrateError::file(
                    &rev.file,
                    format!(
                        "its downgrade does not return to the schema its upgrade started from; after the downgrade, \
                         these changes would still be needed:\n{left}"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The changes of the first `steps` schema steps of `rev` in `direction`, each made to
/// `schema` in turn.
///
/// # Errors
/// [`MigrateError::File`] naming the step that does not fit.
pub(crate) fn replay(
    schema: &mut MetaData,
    rev: &Revision,
    direction: Direction,
    dialect: Option<&str>,
    steps: usize,
) -> Result<Vec<Option<Change>>> {
    let cx = Context { dialects: &[], dialect };
    let mut out = Vec::new();
    for (i, op) in rev.steps(direction).iter().enumerate().take(steps) {
        let change = match op {
            Op::Schema(s) => {
                let change = s.to_change(&cx, schema).map_err(|e| step_error(rev, direction, i, &e))?;
                apply_change(schema, &change).map_err(|e| step_error(rev, direction, i, &e.to_string()))?;
                Some(change)
            }
            Op::Data(_) | Op::Sql(_) => None,
        };
        out.push(change);
    }
    Ok(out)
}

/// A step that does not fit, named by file, direction and number.
pub(crate) fn step_error(rev: &Revision, direction: Direction, i: usize, message: &str) -> MigrateError {
    let way = match direction {
        Direction::Up => "upgrade",
        Direction::Down => "downgrade",
    };
    MigrateError::file(&rev.file, format!("{way} step {}: {message}", i + 1))
}
