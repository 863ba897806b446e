//! The one error type of sqlcore.
//!
//! Every fallible operation returns [`Result`]. [`Error`] is an enum a caller matches on;
//! each variant carries the context a reader needs to act on the failure (which dialect,
//! which feature, which table and column, which SQL). Variants with more than one piece of
//! context hold it boxed, so an `Error` is three words (24 bytes) and a `Result<()>` on the
//! compile path is no larger: the hot path moves a small value, the rare failure pays one
//! allocation.
//!
//! ```
//! use sqlcore::Error;
//! # fn run() -> sqlcore::Result<()> { Err(Error::unknown_column("users", "nmae")) }
//! match run() {
//!     Err(Error::UnknownColumn(e)) => assert_eq!((e.table.as_str(), e.column.as_str()), ("users", "nmae")),
//!     other => panic!("{other:?}"),
//! }
//! assert!(std::mem::size_of::<Error>() <= 24);
//! ```

use std::fmt;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The boxed cause of a driver failure.
pub type BoxedSource = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while building SQL, compiling it, or running it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dialect cannot express this construct, natively or by emulation.
    #[error("{0}")]
    Unsupported(Box<Unsupported>),

    /// A column name that the table does not have.
    #[error("{0}")]
    UnknownColumn(Box<UnknownColumn>),

    /// A table name that the [`MetaData`](crate::schema::MetaData) does not hold, or that
    /// the live database does not have (reflection).
    #[error("no table named `{table}` (names are compared exactly, case and all)")]
    UnknownTable {
        /// The name that was not found.
        table: Box<str>,
    },

    /// A join without an explicit ON clause whose condition could not be inferred.
    #[error("{0}")]
    JoinCondition(Box<JoinCondition>),

    /// An identifier the dialect cannot represent (empty, or containing a NUL byte).
    #[error("{0}")]
    InvalidIdentifier(Box<InvalidIdentifier>),

    /// A statement that cannot be compiled as built (no columns to select, an insert row of
    /// the wrong width, an update without SET, ...).
    #[error("invalid statement: {0}")]
    InvalidStatement(Box<str>),

    /// A schema that cannot be turned into DDL (duplicate column, unknown FK target, ...).
    #[error("invalid schema: {0}")]
    InvalidSchema(Box<str>),

    /// An expression or subquery nested deeper than the dialect's documented limit.
    #[error("expression or subquery nested deeper than {limit} levels")]
    TooDeep {
        /// The dialect's limit, [`Dialect::max_expr_depth`](crate::compile::Dialect::max_expr_depth)
        /// or [`Dialect::max_query_depth`](crate::compile::Dialect::max_query_depth).
        limit: usize,
    },

    /// A value that the column it is given to cannot hold (out of range, too long, of another
    /// type): the same error on every engine, before anything is sent.
    #[error("{0}")]
    ValueDoesNotFit(Box<ValueDoesNotFit>),

    /// A statement with more bound parameters than the engine accepts in one statement.
    #[error("{0}")]
    TooManyParameters(Box<TooManyParameters>),

    /// A value that cannot be rendered or bound for this dialect (a NUL in PostgreSQL text,
    /// a NaN where the engine has no literal for it, ...).
    #[error("{0}")]
    InvalidValue(Box<InvalidValue>),

    /// A row value read as a Rust type that it cannot convert to.
    #[error("{0}")]
    ColumnType(Box<ColumnType>),

    /// A row read by a column name that the result does not have, or an index past its end.
    #[error("{0}")]
    NoSuchColumn(Box<NoSuchColumn>),

    /// `one()` found no row, or `scalar()` / `one()` found a row with no column.
    #[error("the query returned no rows")]
    NoRows,

    /// `one()` found more than one row.
    #[error("the query returned {0} rows where exactly one was expected")]
    TooManyRows(usize),

    /// The database rejected a statement because it would break a constraint (unique,
    /// foreign key, NOT NULL, CHECK): SQLAlchemy's `IntegrityError`. The
    /// [`DatabaseError::kind`] says which.
    #[error("integrity error: {0}")]
    Integrity(Box<DatabaseError>),

    /// The database rejected a statement, or the connection failed.
    #[error("database error: {0}")]
    Database(Box<DatabaseError>),

    /// A step of a schema change plan failed: which one, and what was applied before it.
    #[error("{0}")]
    SchemaChange(Box<SchemaChangeFailed>),

    /// A database URL (or a connection option) that cannot be used: the part at fault and
    /// why. The URL is shown with its password masked.
    #[error("{0}")]
    InvalidUrl(Box<InvalidUrl>),
}

/// The context of [`Error::SchemaChange`].
#[derive(Debug)]
pub struct SchemaChangeFailed {
    /// The failed step, counted from 1, and the number of steps in the plan.
    pub step: usize,
    /// The number of steps in the plan.
    pub of: usize,
    /// The failed change, as the plan shows it.
    pub change: String,
    /// The statement that failed.
    pub sql: String,
    /// How many steps stay applied: 0 where the plan ran in one transaction (rolled back),
    /// the steps before the failed one where the engine commits each DDL statement (MySQL).
    pub applied: usize,
    /// Why it failed.
    pub source: Error,
}

impl fmt::Display for SchemaChangeFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {} of {} ({}) failed: {}. ", self.step, self.of, self.change, self.source)?;
        match self.applied {
            0 => f.write_str("Nothing was changed: the plan ran in one transaction, which was rolled back."),
            1 => f.write_str("Step 1 was applied and stays applied (the engine commits each DDL statement)."),
            n => write!(f, "Steps 1 to {n} were applied and stay applied (the engine commits each DDL statement)."),
        }
    }
}

/// The context of [`Error::Unsupported`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// What was asked for, e.g. `"FULL OUTER JOIN"`.
    pub feature: &'static str,
    /// The dialect that cannot express it, e.g. `"mysql 8.0"`.
    pub dialect: String,
    /// What to do instead.
    pub hint: &'static str,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not supported by {}: {}", self.feature, self.dialect, self.hint)
    }
}

/// The context of [`Error::UnknownColumn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownColumn {
    /// The table that was searched.
    pub table: String,
    /// The name that was not found.
    pub column: String,
}

impl fmt::Display for UnknownColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table `{}` has no column `{}`", self.table, self.column)
    }
}

/// The context of [`Error::JoinCondition`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinCondition {
    /// The tables already in the FROM clause.
    pub left: String,
    /// The table being joined.
    pub right: String,
    /// Why inference failed (no foreign key, or several candidates).
    pub reason: String,
}

impl fmt::Display for JoinCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot infer the ON clause joining `{}` to {}: {}", self.right, self.left, self.reason)
    }
}

/// The context of [`Error::InvalidIdentifier`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidIdentifier {
    /// The identifier as given.
    pub ident: String,
    /// Why it is rejected.
    pub reason: &'static str,
}

impl fmt::Display for InvalidIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid identifier {:?}: {}", self.ident, self.reason)
    }
}

/// The context of [`Error::ValueDoesNotFit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueDoesNotFit {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// Why the value does not fit.
    pub reason: String,
}

impl fmt::Display for ValueDoesNotFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column `{}.{}`: {}", self.table, self.column, self.reason)
    }
}

/// The context of [`Error::TooManyParameters`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyParameters {
    /// Parameters in the statement.
    pub count: usize,
    /// The engine's limit.
    pub limit: usize,
    /// The dialect.
    pub dialect: String,
}

impl fmt::Display for TooManyParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the statement has {} parameters; {} accepts at most {} (split the rows, see Connection::insert_bulk)",
            self.count, self.dialect, self.limit
        )
    }
}

/// The context of [`Error::InvalidValue`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    /// The value, rendered for the message.
    pub value: String,
    /// The dialect.
    pub dialect: String,
    /// Why.
    pub reason: &'static str,
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "value {} cannot be used with {}: {}", self.value, self.dialect, self.reason)
    }
}

/// The context of [`Error::InvalidUrl`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidUrl {
    /// The URL with its password replaced by `***`.
    pub url: String,
    /// The part at fault: `scheme`, `host`, `port`, `database`, `query parameter `sslmode``, ...
    pub part: String,
    /// Why it cannot be used.
    pub reason: String,
}

impl fmt::Display for InvalidUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid database URL {}: {}: {}", self.url, self.part, self.reason)
    }
}

/// The context of [`Error::ColumnType`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnType {
    /// The column name (or index, when unnamed).
    pub column: String,
    /// The Rust type asked for.
    pub expected: &'static str,
    /// The kind of value found.
    pub found: &'static str,
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column `{}`: cannot read {} as {}", self.column, self.found, self.expected)
    }
}

/// The context of [`Error::NoSuchColumn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchColumn {
    /// The name or index asked for.
    pub column: String,
    /// The columns the row has.
    pub available: String,
}

impl fmt::Display for NoSuchColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the result has no column {} (columns: {})", self.column, self.available)
    }
}

/// What a database said went wrong, in words that mean the same on every engine: diesel's
/// `DatabaseErrorKind`, with the SQLSTATE or engine code kept beside it for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DbErrorKind {
    /// A UNIQUE or PRIMARY KEY constraint would be broken.
    UniqueViolation,
    /// A FOREIGN KEY constraint would be broken.
    ForeignKeyViolation,
    /// NULL for a NOT NULL column.
    NotNullViolation,
    /// A CHECK constraint would be broken.
    CheckViolation,
    /// Another integrity constraint (PostgreSQL's exclusion constraints, ...).
    OtherConstraint,
    /// The transaction could not be serialized with a concurrent one; retry it.
    SerializationFailure,
    /// The engine found a deadlock and rolled this transaction back; retry it.
    Deadlock,
    /// A lock could not be taken in time (MySQL's lock wait timeout, SQLite's busy database,
    /// PostgreSQL's `NOWAIT`).
    LockTimeout,
    /// The connection could not be opened, or was lost.
    Connection,
    /// The SQL is not valid for the engine.
    Syntax,
    /// The statement names a table, column or function the database does not have.
    UndefinedObject,
    /// The statement creates a table, column or index that exists already.
    AlreadyExists,
    /// A value could not be converted between the driver and sqlcore.
    Conversion,
    /// No pooled connection became free within the pool's checkout timeout.
    PoolTimeout,
    /// Anything else; the SQLSTATE or engine code says more.
    Other,
}

impl DbErrorKind {
    /// True for the kinds reported as [`Error::Integrity`].
    pub fn is_integrity(self) -> bool {
        matches!(
            self,
            DbErrorKind::UniqueViolation
                | DbErrorKind::ForeignKeyViolation
                | DbErrorKind::NotNullViolation
                | DbErrorKind::CheckViolation
                | DbErrorKind::OtherConstraint
        )
    }

    /// The kind a standard SQLSTATE stands for (SQL:2016 classes, and the subclasses
    /// PostgreSQL and MySQL send). Engines whose SQLSTATE is coarser (MySQL sends `23000` for
    /// every constraint) refine it from their own error number.
    pub fn from_sqlstate(state: &str) -> DbErrorKind {
        match state {
            "23505" => DbErrorKind::UniqueViolation,
            "23503" => DbErrorKind::ForeignKeyViolation,
            "23502" => DbErrorKind::NotNullViolation,
            "23514" => DbErrorKind::CheckViolation,
            "40001" => DbErrorKind::SerializationFailure,
            "40P01" => DbErrorKind::Deadlock,
            "55P03" => DbErrorKind::LockTimeout,
            "42601" | "42000" => DbErrorKind::Syntax,
            "42P01" | "42703" | "42883" | "42704" | "3F000" | "42S02" | "42S22" => DbErrorKind::UndefinedObject,
            "42P07" | "42701" | "42710" | "42P06" | "42S01" | "42S21" | "42S11" => DbErrorKind::AlreadyExists,
            "57P01" | "57P02" | "57P03" => DbErrorKind::Connection,
            _ if state.starts_with("23") => DbErrorKind::OtherConstraint,
            _ if state.starts_with("08") => DbErrorKind::Connection,
            _ => DbErrorKind::Other,
        }
    }
}

/// A failure reported by a database or its driver: the context of [`Error::Integrity`] and
/// [`Error::Database`]. Every driver builds it the same way ([`DatabaseError::new`] and the
/// `with_` methods) and turns it into an [`Error`] with [`Error::from`], which picks
/// `Integrity` or `Database` from the kind.
#[derive(Debug)]
#[non_exhaustive]
pub struct DatabaseError {
    /// What went wrong, the same on every engine.
    pub kind: DbErrorKind,
    /// The SQLSTATE the engine sent (PostgreSQL, MySQL / MariaDB); SQLite has none.
    pub sqlstate: Option<String>,
    /// The engine's own error number (MySQL's error code, SQLite's extended result code).
    pub code: Option<i64>,
    /// The constraint the engine named, where it names one.
    pub constraint: Option<String>,
    /// The driver's message.
    pub message: String,
    /// The SQL that failed, when there was one.
    pub sql: Option<String>,
    /// The driver's error.
    pub source: Option<BoxedSource>,
}

impl DatabaseError {
    /// A failure of `kind` with `message`, and nothing else known yet.
    #[cold]
    pub fn new(kind: DbErrorKind, message: impl Into<String>) -> Self {
        DatabaseError {
            kind,
            sqlstate: None,
            code: None,
            constraint: None,
            message: message.into(),
            sql: None,
            source: None,
        }
    }

    /// The SQL that failed.
    pub fn with_sql(mut self, sql: Option<&str>) -> Self {
        self.sql = sql.map(str::to_string);
        self
    }

    /// The SQLSTATE the engine sent.
    pub fn with_sqlstate(mut self, state: impl Into<String>) -> Self {
        self.sqlstate = Some(state.into());
        self
    }

    /// The engine's own error number.
    pub fn with_code(mut self, code: i64) -> Self {
        self.code = Some(code);
        self
    }

    /// The constraint the engine named.
    pub fn with_constraint(mut self, name: Option<&str>) -> Self {
        self.constraint = name.map(str::to_string);
        self
    }

    /// The driver's error, kept as the [`std::error::Error::source`].
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(sql) = &self.sql {
            write!(f, " (SQL: {sql})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DatabaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl From<DatabaseError> for Error {
    #[cold]
    fn from(e: DatabaseError) -> Self {
        if e.kind.is_integrity() { Error::Integrity(Box::new(e)) } else { Error::Database(Box::new(e)) }
    }
}

impl Error {
    /// Builds an [`Error::Unsupported`] for `dialect`.
    #[cold]
    pub fn unsupported(feature: &'static str, dialect: impl fmt::Display, hint: &'static str) -> Self {
        Error::Unsupported(Box::new(Unsupported { feature, dialect: dialect.to_string(), hint }))
    }

    /// Builds an [`Error::UnknownColumn`].
    #[cold]
    pub fn unknown_column(table: impl Into<String>, column: impl Into<String>) -> Self {
        Error::UnknownColumn(Box::new(UnknownColumn { table: table.into(), column: column.into() }))
    }

    /// Builds an [`Error::UnknownTable`].
    #[cold]
    pub fn unknown_table(table: impl Into<String>) -> Self {
        Error::UnknownTable { table: table.into().into_boxed_str() }
    }

    /// Builds an [`Error::JoinCondition`].
    #[cold]
    pub fn join_condition(left: impl Into<String>, right: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::JoinCondition(Box::new(JoinCondition { left: left.into(), right: right.into(), reason: reason.into() }))
    }

    /// Builds an [`Error::InvalidIdentifier`].
    #[cold]
    pub fn invalid_identifier(ident: impl Into<String>, reason: &'static str) -> Self {
        Error::InvalidIdentifier(Box::new(InvalidIdentifier { ident: ident.into(), reason }))
    }

    /// Builds an [`Error::InvalidStatement`].
    #[cold]
    pub fn invalid_statement(message: impl Into<String>) -> Self {
        Error::InvalidStatement(message.into().into_boxed_str())
    }

    /// Builds an [`Error::InvalidSchema`].
    #[cold]
    pub fn invalid_schema(message: impl Into<String>) -> Self {
        Error::InvalidSchema(message.into().into_boxed_str())
    }

    /// Builds an [`Error::ValueDoesNotFit`].
    #[cold]
    pub fn value_does_not_fit(table: impl Into<String>, column: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::ValueDoesNotFit(Box::new(ValueDoesNotFit {
            table: table.into(),
            column: column.into(),
            reason: reason.into(),
        }))
    }

    /// Builds an [`Error::TooManyParameters`].
    #[cold]
    pub fn too_many_parameters(count: usize, limit: usize, dialect: impl fmt::Display) -> Self {
        Error::TooManyParameters(Box::new(TooManyParameters { count, limit, dialect: dialect.to_string() }))
    }

    /// Builds an [`Error::InvalidValue`].
    #[cold]
    pub fn invalid_value(value: impl fmt::Display, dialect: impl fmt::Display, reason: &'static str) -> Self {
        Error::InvalidValue(Box::new(InvalidValue { value: value.to_string(), dialect: dialect.to_string(), reason }))
    }

    /// Builds an [`Error::ColumnType`].
    #[cold]
    pub fn column_type(column: impl Into<String>, expected: &'static str, found: &'static str) -> Self {
        Error::ColumnType(Box::new(ColumnType { column: column.into(), expected, found }))
    }

    /// Builds an [`Error::NoSuchColumn`].
    #[cold]
    pub fn no_such_column(column: impl Into<String>, available: impl Into<String>) -> Self {
        Error::NoSuchColumn(Box::new(NoSuchColumn { column: column.into(), available: available.into() }))
    }

    /// True for [`Error::Unsupported`].
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Error::Unsupported(_))
    }

    /// The database's report, for [`Error::Integrity`] and [`Error::Database`].
    pub fn database_error(&self) -> Option<&DatabaseError> {
        match self {
            Error::Integrity(e) | Error::Database(e) => Some(e),
            _ => None,
        }
    }

    /// What the database said went wrong, for [`Error::Integrity`] and [`Error::Database`].
    pub fn db_kind(&self) -> Option<DbErrorKind> {
        self.database_error().map(|e| e.kind)
    }
}

// An Error stays three words, so `Result<()>` on the compile path stays small.
const _: () = assert!(std::mem::size_of::<Error>() <= 24);
const _: () = assert!(std::mem::size_of::<Result<()>>() <= 24);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstates_classify_alike_on_every_engine() {
        assert_eq!(DbErrorKind::from_sqlstate("23505"), DbErrorKind::UniqueViolation);
        assert_eq!(DbErrorKind::from_sqlstate("23000"), DbErrorKind::OtherConstraint);
        assert_eq!(DbErrorKind::from_sqlstate("08006"), DbErrorKind::Connection);
        assert_eq!(DbErrorKind::from_sqlstate("42S02"), DbErrorKind::UndefinedObject);
        assert_eq!(DbErrorKind::from_sqlstate("HY000"), DbErrorKind::Other);
        assert!(DbErrorKind::from_sqlstate("23P01").is_integrity());
        assert!(!DbErrorKind::Deadlock.is_integrity());
    }

    #[test]
    fn a_database_error_becomes_integrity_by_its_kind() {
        let e = Error::from(DatabaseError::new(DbErrorKind::NotNullViolation, "null").with_sql(Some("INSERT")));
        assert!(matches!(&e, Error::Integrity(d) if d.sql.as_deref() == Some("INSERT")));
        assert_eq!(e.to_string(), "integrity error: null (SQL: INSERT)");
        let e = Error::from(DatabaseError::new(DbErrorKind::Syntax, "bad"));
        assert_eq!(e.db_kind(), Some(DbErrorKind::Syntax));
        assert_eq!(e.to_string(), "database error: bad");
    }
}
