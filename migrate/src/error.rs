//! What can go wrong, each kind naming what is at fault: the file, the revision, the step.

use std::path::PathBuf;

/// A migration command's failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// Reading or writing a file or directory.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A revision file that cannot be read as one: bad TOML, an unknown field, a format
    /// version this release does not read, a step that does not fit the schema before it.
    #[error("{}: {message}", file.display())]
    File {
        /// The file.
        file: PathBuf,
        /// What is wrong, and where in it.
        message: String,
    },
    /// The revisions do not form a history: a missing parent, a cycle, two files with one id,
    /// two heads where one is needed, a target that is not a revision.
    #[error("{0}")]
    Graph(String),
    /// The database and the revisions disagree: a revision edited after it was applied, a
    /// database at a revision the directory does not have, a revision left half-applied.
    #[error("{0}")]
    State(String),
    /// A revision failed part way. On an engine with transactional DDL nothing of it stays;
    /// elsewhere `applied` steps did, and are recorded.
    #[error("{message}")]
    Failed {
        /// What failed, what was applied and how to go on.
        message: String,
        /// The database's error.
        #[source]
        source: sqlcore::Error,
    },
    /// A command asked for something that cannot be done as asked (a bad URL, `--sql` for an
    /// unknown dialect).
    #[error("{0}")]
    Usage(String),
    /// The database or the compiler.
    #[error(transparent)]
    Sql(#[from] sqlcore::Error),
}

impl MigrateError {
    /// A malformed-file error for `file`.
    pub(crate) fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        MigrateError::File { file: file.into(), message: message.into() }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        MigrateError::Io { path: path.into(), source }
    }
}

/// The result of a migration command.
pub type Result<T, E = MigrateError> = std::result::Result<T, E>;
