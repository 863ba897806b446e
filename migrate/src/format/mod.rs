//! The revision file: TOML, one file per revision, `format = 1` at the top.
//!
//! ```toml
//! # sqlcore revision: reviewed like code, applied with `migrate upgrade`.
//! format = 1
//! id = "3f2a9c1b7d04"
//! parents = ["a1b2c3d4e5f6"]
//! message = "add age"
//! created = "2026-12-04T17:30:00Z"
//!
//! # 1. [safe] add column users.age Integer
//! [[upgrade]]
//! op = "add_column"
//! table = "users"
//! column = { name = "age", type = "integer" }
//!
//! # 1. [destroys data] drop column users.age Integer
//! [[downgrade]]
//! op = "drop_column"
//! table = "users"
//! column = "age"
//! ```
//!
//! docs/migrations.md says why TOML (a reviewer reads it without knowing Rust; the format is
//! data, so a tool can read it and a file cannot run code when it is loaded), and lists every
//! step.

mod columns;
mod emit;
mod naming;
mod steps;

use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

pub(crate) use columns::Context;
pub use steps::SchemaOp;
use steps::{SqlRepr, StepRepr};

use crate::error::{MigrateError, Result};
use crate::revision::{DialectSql, FORMAT_VERSION, Op, Revision};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRepr {
    // Read (and checked) before the rest of the file: see `read`.
    #[allow(dead_code)]
    format: u32,
    id: String,
    #[serde(default)]
    parents: Vec<String>,
    #[serde(default)]
    message: String,
    created: String,
    #[serde(default)]
    upgrade: Vec<StepRepr>,
    #[serde(default)]
    downgrade: Vec<StepRepr>,
}

/// The SHA-256 of `bytes`, hex.
pub fn checksum(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `id` is a revision id a file may use: letters, digits, `_` and `-`, 1 to 64 long
/// (it is a file-name part, a CLI argument and a value in the history table).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Reads a revision from the text of `file`.
///
/// # Errors
/// [`MigrateError::File`] naming the file and, for TOML errors, the line: a file that is not
/// TOML, a missing or newer `format`, an unknown field or step, a malformed id.
pub fn read(text: &str, file: &Path) -> Result<Revision> {
    let bad = |m: String| MigrateError::file(file, m);
    let table: toml::Table = toml::from_str(text).map_err(|e| bad(format!("not a revision file: {e}")))?;
    match table.get("format").and_then(toml::Value::as_integer) {
        None => return Err(bad("not a revision file: it has no `format = <version>` line".into())),
        Some(v) if v < 1 || v > i64::from(FORMAT_VERSION) => {
            return Err(bad(format!(
                "written in format {v}; this release of sqlcore-migrate reads formats 1 to {FORMAT_VERSION}"
            )));
        }
        Some(_) => {}
    }
    let repr: FileRepr = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    for id in std::iter::once(&repr.id).chain(&repr.parents) {
        if !valid_id(id) {
            return Err(bad(format!("`{id}` is not a revision id (letters, digits, `_`, `-`; at most 64)")));
        }
    }
    if repr.parents.iter().any(|p| p == &repr.id) {
        return Err(bad(format!("revision {} names itself as its parent", repr.id)));
    }
    let ops = |steps: Vec<StepRepr>| steps.into_iter().map(op_of).collect::<Vec<_>>();
    Ok(Revision {
        id: repr.id,
        parents: repr.parents,
        message: repr.message,
        created: repr.created,
        upgrade: ops(repr.upgrade),
        downgrade: ops(repr.downgrade),
        file: file.to_path_buf(),
        checksum: checksum(text.as_bytes()),
    })
}

fn op_of(step: StepRepr) -> Op {
    match step {
        StepRepr::Sql { sql: SqlRepr::All(s) } => Op::Sql(DialectSql::All(s)),
        StepRepr::Sql { sql: SqlRepr::PerDialect(m) } => Op::Sql(DialectSql::PerDialect(m)),
        StepRepr::Data { name } => Op::Data(name),
        other => Op::Schema(SchemaOp(other)),
    }
}

fn repr_of(op: &Op) -> StepRepr {
    match op {
        Op::Schema(s) => s.0.clone(),
        Op::Data(name) => StepRepr::Data { name: name.clone() },
        Op::Sql(DialectSql::All(s)) => StepRepr::Sql { sql: SqlRepr::All(s.clone()) },
        Op::Sql(DialectSql::PerDialect(m)) => StepRepr::Sql { sql: SqlRepr::PerDialect(m.clone()) },
    }
}

/// Comment lines written above each step (without the `# `): a step's class and note.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// One list per upgrade step.
    pub upgrade: Vec<Vec<String>>,
    /// One list per downgrade step.
    pub downgrade: Vec<Vec<String>>,
}

/// The text of `rev`'s file, with `notes` above its steps.
///
/// # Errors
/// [`MigrateError::File`] when a step cannot be written as TOML (it always can for steps
/// sqlcore makes).
pub fn write(rev: &Revision, notes: &Notes) -> Result<String> {
    let mut out = String::from(
        "# sqlcore revision: reviewed like code, applied with `migrate upgrade`.\n\
         # Edit the steps before it is applied anywhere; once applied, its checksum is recorded.\n",
    );
    let mut head = toml::Table::new();
    head.insert("format".into(), toml::Value::Integer(i64::from(FORMAT_VERSION)));
    head.insert("id".into(), rev.id.clone().into());
    head.insert("parents".into(), toml::Value::Array(rev.parents.iter().cloned().map(Into::into).collect()));
    head.insert("message".into(), rev.message.clone().into());
    head.insert("created".into(), rev.created.clone().into());
    // An empty direction is said at the top: a key after a `[[...]]` header would belong to
    // that step's table.
    for (name, ops) in [("upgrade", &rev.upgrade), ("downgrade", &rev.downgrade)] {
        if ops.is_empty() {
            head.insert(name.into(), toml::Value::Array(Vec::new()));
        }
    }
    emit::fields(&mut out, &head);
    for (name, ops, notes) in
        [("upgrade", &rev.upgrade, &notes.upgrade), ("downgrade", &rev.downgrade, &notes.downgrade)]
    {
        for (i, op) in ops.iter().enumerate() {
            out.push('\n');
            for line in notes.get(i).into_iter().flatten() {
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(&format!("[[{name}]]\n"));
            let value = toml::Value::try_from(repr_of(op)).map_err(|e| MigrateError::file(&rev.file, e.to_string()))?;
            match value {
                toml::Value::Table(t) => emit::fields(&mut out, &t),
                _ => return Err(MigrateError::file(&rev.file, "a step is not a table")),
            }
        }
    }
    Ok(out)
}
