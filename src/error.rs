//! The one error type of sqlcore.
//!
//! Every fallible operation returns [`Result`]. Variants carry the context a reader needs to
//! act on the failure: which dialect, which feature, which table and column, which SQL.

use std::fmt;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while building SQL, compiling it, or running it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dialect cannot express this construct, natively or by emulation.
    #[error("{feature} is not supported by {dialect}: {hint}")]
    Unsupported {
        /// What was asked for, e.g. `"FULL OUTER JOIN"`.
        feature: &'static str,
        /// The dialect that cannot express it, e.g. `"mysql 8.0"`.
        dialect: String,
        /// What to do instead.
        hint: &'static str,
    },

    /// A column name that the table does not have.
    #[error("table `{table}` has no column `{column}`")]
    UnknownColumn {
        /// The table that was searched.
        table: String,
        /// The name that was not found.
        column: String,
    },

    /// A table name that the [`MetaData`](crate::schema::MetaData) does not hold.
    #[error("no table named `{table}` in this MetaData")]
    UnknownTable {
        /// The name that was not found.
        table: String,
    },

    /// A join without an explicit ON clause whose condition could not be inferred.
    #[error("cannot infer the ON clause joining `{right}` to {left}: {reason}")]
    JoinCondition {
        /// The tables already in the FROM clause.
        left: String,
        /// The table being joined.
        right: String,
        /// Why inference failed (no foreign key, or several candidates).
        reason: String,
    },

    /// An identifier the dialect cannot represent (empty, or containing a NUL byte).
    #[error("invalid identifier {ident:?}: {reason}")]
    InvalidIdentifier {
        /// The identifier as given.
        ident: String,
        /// Why it is rejected.
        reason: &'static str,
    },

    /// A statement that cannot be compiled as built (no columns to select, an insert row of
    /// the wrong width, an update without SET, ...).
    #[error("invalid statement: {0}")]
    InvalidStatement(String),

    /// A schema that cannot be turned into DDL (duplicate column, unknown FK target, ...).
    #[error("invalid schema: {0}")]
    InvalidSchema(String),

    /// An expression or subquery nested deeper than the dialect's documented limit.
    #[error("expression or subquery nested deeper than {limit} levels")]
    TooDeep {
        /// The dialect's limit, [`Dialect::max_expr_depth`](crate::compile::Dialect::max_expr_depth)
        /// or [`Dialect::max_query_depth`](crate::compile::Dialect::max_query_depth).
        limit: usize,
    },

    /// A value that the column it is given to cannot hold (out of range, too long, of another
    /// type): the same error on every engine, before anything is sent.
    #[error("column `{table}.{column}`: {reason}")]
    ValueDoesNotFit {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// Why the value does not fit.
        reason: String,
    },

    /// A statement with more bound parameters than the engine accepts in one statement.
    #[error(
        "the statement has {count} parameters; {dialect} accepts at most {limit} (split the rows, see Connection::insert_bulk)"
    )]
    TooManyParameters {
        /// Parameters in the statement.
        count: usize,
        /// The engine's limit.
        limit: usize,
        /// The dialect.
        dialect: String,
    },

    /// A value that cannot be rendered or bound for this dialect (a NUL in PostgreSQL text,
    /// a NaN where the engine has no literal for it, ...).
    #[error("value {value} cannot be used with {dialect}: {reason}")]
    InvalidValue {
        /// The value, rendered for the message.
        value: String,
        /// The dialect.
        dialect: String,
        /// Why.
        reason: &'static str,
    },

    /// A row value read as a Rust type that it cannot convert to.
    #[error("column `{column}`: cannot read {found} as {expected}")]
    ColumnType {
        /// The column name (or index, when unnamed).
        column: String,
        /// The Rust type asked for.
        expected: &'static str,
        /// The kind of value found.
        found: &'static str,
    },

    /// A row read by a column name that the result does not have, or an index past its end.
    #[error("the result has no column {column} (columns: {available})")]
    NoSuchColumn {
        /// The name or index asked for.
        column: String,
        /// The columns the row has.
        available: String,
    },

    /// `one()` found no row, or `scalar()` / `one()` found a row with no column.
    #[error("the query returned no rows")]
    NoRows,

    /// `one()` found more than one row.
    #[error("the query returned {0} rows where exactly one was expected")]
    TooManyRows(usize),

    /// The database rejected a statement because it would break a constraint (unique,
    /// foreign key, NOT NULL, CHECK): SQLAlchemy's `IntegrityError`.
    #[error("integrity error: {message}{}", fmt_sql(.sql))]
    Integrity {
        /// The driver's message.
        message: String,
        /// The SQL that failed.
        sql: Option<String>,
        /// The driver's error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },

    /// The database rejected a statement, or the connection failed.
    #[error("database error: {message}{}", fmt_sql(.sql))]
    Database {
        /// The driver's message.
        message: String,
        /// The SQL that failed, when there was one.
        sql: Option<String>,
        /// The driver's error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },
}

fn fmt_sql(sql: &Option<String>) -> String {
    match sql {
        Some(sql) => format!(" (SQL: {sql})"),
        None => String::new(),
    }
}

impl Error {
    /// Builds an [`Error::Unsupported`] for `dialect`.
    pub fn unsupported(feature: &'static str, dialect: impl fmt::Display, hint: &'static str) -> Self {
        Error::Unsupported { feature, dialect: dialect.to_string(), hint }
    }

    /// True for [`Error::Unsupported`].
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Error::Unsupported { .. })
    }
}
