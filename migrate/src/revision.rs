//! A revision: one step of the schema's history, as a file in the migrations directory holds
//! it.

use std::path::PathBuf;

use crate::format::SchemaOp;

/// The version of the revision file format this release writes and reads. A file names its
/// version (`format = 1`); a later release reads every earlier version.
pub const FORMAT_VERSION: u32 = 1;

/// One revision: its identity, where it sits in the history, and its steps each way.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// The revision's id (12 hex digits when sqlcore made it).
    pub id: String,
    /// The revisions it follows: none for the first, two for a merge.
    pub parents: Vec<String>,
    /// What it does, as the author said (`-m`).
    pub message: String,
    /// When it was made, UTC, RFC 3339 (`2026-12-04T17:30:00Z`).
    pub created: String,
    /// The steps that apply it, in order.
    pub upgrade: Vec<Op>,
    /// The steps that undo it, in order.
    pub downgrade: Vec<Op>,
    /// The file it was read from or written to.
    pub file: PathBuf,
    /// The SHA-256 of the file's bytes, hex: recorded when the revision is applied, so a
    /// file edited afterwards is noticed.
    pub checksum: String,
}

impl Revision {
    /// The steps of one direction.
    pub fn steps(&self, direction: Direction) -> &[Op] {
        match direction {
            Direction::Up => &self.upgrade,
            Direction::Down => &self.downgrade,
        }
    }

    /// The id and message as history lists them: `3f2a9c1b7d04 add age`.
    pub fn label(&self) -> String {
        if self.message.is_empty() { self.id.clone() } else { format!("{} {}", self.id, self.message) }
    }
}

/// Which way a revision is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Upgrade.
    Up,
    /// Downgrade.
    Down,
}

/// One step of a revision.
// A revision holds a handful of steps, read once: boxing the schema step would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A schema change ([`sqlcore::diff::Change`] as the file writes it), portable across
    /// engines.
    Schema(SchemaOp),
    /// A data step: statements built with sqlcore by a function the application registers
    /// under this name ([`Migrator::data_step`](crate::Migrator::data_step)).
    Data(String),
    /// SQL written by hand: one text for every engine, or one per dialect name.
    Sql(DialectSql),
}

/// SQL written by hand, for every engine or per dialect.
#[derive(Debug, Clone, PartialEq)]
pub enum DialectSql {
    /// The same text on every engine.
    All(String),
    /// The text for each dialect, by [`Dialect::name`](sqlcore::Dialect::name) (`sqlite`,
    /// `postgresql`, `mysql`, `mariadb`).
    PerDialect(std::collections::BTreeMap<String, String>),
}

impl DialectSql {
    /// The text for `dialect`, if the step has one.
    pub fn for_dialect(&self, dialect: &str) -> Option<&str> {
        match self {
            DialectSql::All(sql) => Some(sql),
            DialectSql::PerDialect(map) => map.get(dialect).map(String::as_str),
        }
    }
}
