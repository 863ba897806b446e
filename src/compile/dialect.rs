//! The [`Dialect`] trait: what differs between database engines.
//!
//! A dialect has three kinds of methods (see `DESIGN.md`):
//!
//! * **capabilities**: [`Dialect::support`] says, per [`Feature`], whether a construct is
//!   native, emulated (and how), or unsupported (and what to do instead). The whole
//!   feature × dialect matrix is the set of these `match`es, one per dialect crate;
//! * **spellings**: identifier quoting, placeholders, literals, type names, function names;
//! * **clause hooks**: LIMIT/OFFSET, concatenation, function calls, DDL pieces. Each default
//!   calls a `pub fn` in [`generic`](crate::compile::generic), so an override can fall back to
//!   its parent for the cases it does not change.
//!
//! The core never asks which dialect it is compiling for; every difference is a method here.

use std::fmt;

use crate::compile::{BinaryForms, Compiler, Emulation, TransactionStep, binary, generic, literal};
use crate::error::Result;
use crate::expr::typing::TypeKind;
use crate::expr::{Expr, FuncCall, KnownFunc, LikeMatch};
use crate::ident::Ident;
use crate::schema::{Column, Index, ServerDefault, SqlType, TableDef};
use crate::value::Value;

/// A server version, `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u16, pub u16, pub u16);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// Constructs whose support differs between engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Feature {
    /// `RIGHT OUTER JOIN`
    RightJoin,
    /// `FULL OUTER JOIN`
    FullJoin,
    /// `ORDER BY x NULLS FIRST / NULLS LAST`
    NullsOrdering,
    /// Case-insensitive `ILIKE`
    ILike,
    /// `OFFSET` without `LIMIT`
    OffsetWithoutLimit,
    /// `x IN ()` with an empty list
    EmptyInList,
    /// `INSERT INTO t DEFAULT VALUES`
    InsertDefaultValues,
    /// `ALTER TABLE t ADD CONSTRAINT .. FOREIGN KEY`, used to create foreign-key cycles
    AlterAddForeignKey,
    /// A foreign key in `CREATE TABLE` naming a table created later
    ForwardForeignKey,
    /// `CREATE INDEX IF NOT EXISTS`
    CreateIndexIfNotExists,
    /// `ON DELETE / ON UPDATE SET DEFAULT`
    FkSetDefault,
    /// A primary key, unique constraint or index on a `Text`, `Blob` or `Json` column
    KeyOnUnboundedColumn,
    /// `INTERSECT`
    Intersect,
    /// `EXCEPT`
    Except,
    /// `INTERSECT ALL`
    IntersectAll,
    /// `EXCEPT ALL`
    ExceptAll,
    /// `WITH name AS (...)`
    Cte,
    /// `WITH RECURSIVE`
    RecursiveCte,
    /// `LATERAL` derived tables
    Lateral,
    /// `WITH ... INSERT`
    CteOnInsert,
    /// `WITH ... UPDATE` / `WITH ... DELETE`
    CteOnUpdateDelete,
    /// Window functions, `f() OVER (...)`
    WindowFunctions,
    /// `INSERT ... RETURNING`
    InsertReturning,
    /// `UPDATE ... RETURNING`
    UpdateReturning,
    /// `DELETE ... RETURNING`
    DeleteReturning,
    /// `UPDATE ... FROM other tables`
    UpdateFrom,
    /// `DELETE ... USING other tables`
    DeleteUsing,
    /// RETURNING on an UPDATE / DELETE that reads other tables
    ReturningWithOtherTables,
    /// An upsert whose target is a named constraint
    UpsertOnConstraint,
    /// An upsert of `INSERT ... SELECT` rows
    UpsertFromSelect,
    /// `SELECT DISTINCT ON (...)`
    DistinctOn,
    /// `SELECT ... FOR UPDATE`
    ForUpdate,
    /// `SELECT ... FOR SHARE`
    ForShare,
    /// `NOWAIT` on a row lock
    LockNoWait,
    /// `SKIP LOCKED` on a row lock
    LockSkipLocked,
    /// A row lock on a SELECT whose rows are not plain table rows (DISTINCT, GROUP BY,
    /// aggregates, windows, the NULL-padded side of an outer join)
    LockAggregatedRows,
    /// `aggregate FILTER (WHERE ...)`
    AggregateFilter,
    /// A window frame (`ROWS BETWEEN ...`) on a function that ignores it: ROW_NUMBER, RANK,
    /// DENSE_RANK, NTILE, LAG, LEAD
    FrameOnRankingFunction,
    /// A database-generated column that is not the whole primary key (one column of a
    /// composite key, or no key)
    AutoincrementOutsideSoleKey,
}

impl Feature {
    /// Every feature, for the feature matrix.
    pub const ALL: &'static [Feature] = &[
        Feature::RightJoin,
        Feature::FullJoin,
        Feature::NullsOrdering,
        Feature::ILike,
        Feature::OffsetWithoutLimit,
        Feature::EmptyInList,
        Feature::InsertDefaultValues,
        Feature::AlterAddForeignKey,
        Feature::ForwardForeignKey,
        Feature::CreateIndexIfNotExists,
        Feature::FkSetDefault,
        Feature::KeyOnUnboundedColumn,
        Feature::Intersect,
        Feature::Except,
        Feature::IntersectAll,
        Feature::ExceptAll,
        Feature::Cte,
        Feature::RecursiveCte,
        Feature::Lateral,
        Feature::CteOnInsert,
        Feature::CteOnUpdateDelete,
        Feature::WindowFunctions,
        Feature::InsertReturning,
        Feature::UpdateReturning,
        Feature::DeleteReturning,
        Feature::UpdateFrom,
        Feature::DeleteUsing,
        Feature::ReturningWithOtherTables,
        Feature::UpsertOnConstraint,
        Feature::UpsertFromSelect,
        Feature::DistinctOn,
        Feature::ForUpdate,
        Feature::ForShare,
        Feature::LockNoWait,
        Feature::LockSkipLocked,
        Feature::LockAggregatedRows,
        Feature::AggregateFilter,
        Feature::FrameOnRankingFunction,
        Feature::AutoincrementOutsideSoleKey,
    ];

    /// The construct, as named in error messages and the matrix.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::RightJoin => "RIGHT OUTER JOIN",
            Feature::FullJoin => "FULL OUTER JOIN",
            Feature::NullsOrdering => "NULLS FIRST / NULLS LAST",
            Feature::ILike => "ILIKE",
            Feature::OffsetWithoutLimit => "OFFSET without LIMIT",
            Feature::EmptyInList => "IN with an empty list",
            Feature::InsertDefaultValues => "INSERT of a row of defaults",
            Feature::AlterAddForeignKey => "ALTER TABLE ADD CONSTRAINT FOREIGN KEY",
            Feature::ForwardForeignKey => "foreign key to a table created later",
            Feature::CreateIndexIfNotExists => "CREATE INDEX IF NOT EXISTS",
            Feature::FkSetDefault => "foreign key action SET DEFAULT",
            Feature::KeyOnUnboundedColumn => "key or index on a TEXT / BLOB / JSON column",
            Feature::Intersect => "INTERSECT",
            Feature::Except => "EXCEPT",
            Feature::IntersectAll => "INTERSECT ALL",
            Feature::ExceptAll => "EXCEPT ALL",
            Feature::Cte => "WITH (common table expressions)",
            Feature::RecursiveCte => "WITH RECURSIVE",
            Feature::Lateral => "LATERAL derived tables",
            Feature::CteOnInsert => "WITH on INSERT",
            Feature::CteOnUpdateDelete => "WITH on UPDATE / DELETE",
            Feature::WindowFunctions => "window functions (OVER)",
            Feature::InsertReturning => "INSERT ... RETURNING",
            Feature::UpdateReturning => "UPDATE ... RETURNING",
            Feature::DeleteReturning => "DELETE ... RETURNING",
            Feature::UpdateFrom => "UPDATE with other tables (FROM)",
            Feature::DeleteUsing => "DELETE with other tables (USING)",
            Feature::ReturningWithOtherTables => "RETURNING on UPDATE / DELETE with other tables",
            Feature::UpsertOnConstraint => "upsert on a named constraint",
            Feature::UpsertFromSelect => "upsert of INSERT ... SELECT rows",
            Feature::DistinctOn => "DISTINCT ON",
            Feature::ForUpdate => "SELECT ... FOR UPDATE",
            Feature::ForShare => "SELECT ... FOR SHARE",
            Feature::LockNoWait => "row lock NOWAIT",
            Feature::LockSkipLocked => "row lock SKIP LOCKED",
            Feature::LockAggregatedRows => "row lock on DISTINCT / grouped / aggregated / outer-joined rows",
            Feature::AggregateFilter => "aggregate FILTER (WHERE ...)",
            Feature::FrameOnRankingFunction => "window frame on ROW_NUMBER / RANK / NTILE / LAG / LEAD",
            Feature::AutoincrementOutsideSoleKey => "generated column that is not the whole primary key",
        }
    }
}

/// How a dialect writes an expression with bound values that a SELECT repeats (see
/// [`Dialect::repeat_as`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RepeatAs {
    /// As it was written the first time, with placeholders of its own.
    Written,
    /// With the placeholders of its first writing (`$1` again): numbered placeholders.
    Placeholders,
    /// By the label of the select-list item it repeats, where it has one that no FROM
    /// table's column shares (otherwise as written).
    Label,
}

/// How a dialect handles a [`Feature`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Support {
    /// Written as is.
    Native,
    /// Rewritten into SQL with the same result, by the named emulation.
    Emulated(Emulation),
    /// Not expressible: compiling it is an [`Error::Unsupported`](crate::Error::Unsupported)
    /// with this hint.
    Unsupported(&'static str),
}

/// A SQL dialect: one database engine (at a version), as the compiler sees it.
///
/// Object-safe, so one statement can be compiled for any `&dyn Dialect`. Implementations live
/// in the `sqlcore-sqlite`, `sqlcore-postgres` and `sqlcore-mysql` crates; the built-in
/// [`AnsiDialect`](crate::compile::AnsiDialect) is used for `Display` and unit tests.
pub trait Dialect: fmt::Debug + Send + Sync {
    /// The engine's name, e.g. `"sqlite"`.
    fn name(&self) -> &'static str;

    /// The server version this dialect targets.
    fn version(&self) -> Version;

    /// Name and version, as shown in errors: `"mysql 8.0.36"`.
    fn describe(&self) -> String {
        format!("{} {}", self.name(), self.version())
    }

    // ----- capabilities -------------------------------------------------------------------

    /// How this dialect handles `feature`.
    fn support(&self, feature: Feature) -> Support {
        generic::support(feature)
    }

    /// Whether NULLs sort before every other value in ascending order (SQLite, MySQL) rather
    /// than after (PostgreSQL). Lets the NULLS FIRST/LAST emulation skip a redundant key.
    fn nulls_sort_low(&self) -> bool {
        false
    }

    /// The most bound parameters one statement may carry (SQLite 32766, PostgreSQL and
    /// MySQL 65535). Compiling past it is [`Error::TooManyParameters`](crate::Error::TooManyParameters);
    /// [`Connection::insert_bulk`](crate::Connection::insert_bulk) splits inserts to stay under it.
    fn max_params(&self) -> usize {
        65_535
    }

    /// How deeply expressions may nest for this engine to accept them; past it, compiling
    /// returns [`Error::TooDeep`](crate::Error::TooDeep). MariaDB's parser overruns its
    /// default thread stack at about 500 levels, so MySQL's is lower than the default
    /// [`MAX_DEPTH`](crate::compile::MAX_DEPTH).
    fn max_expr_depth(&self) -> usize {
        crate::compile::MAX_DEPTH
    }

    /// How deeply subqueries (scalar, EXISTS, IN, derived tables) may nest; past it,
    /// compiling returns [`Error::TooDeep`](crate::Error::TooDeep). SQLite counts a subquery's
    /// whole expression height against its expression limit (about 40 plain levels), MySQL
    /// and MariaDB stop at 63 levels of SELECT.
    fn max_query_depth(&self) -> usize {
        crate::compile::MAX_DEPTH
    }

    /// Whether the engine keeps `name` intact as an identifier, or why not (PostgreSQL
    /// truncates names past 63 bytes; MySQL refuses names past 64 characters, beyond the
    /// Basic Multilingual Plane, or ending in white space). Empty names and NUL bytes are
    /// refused before this is asked. Everything else is accepted by default.
    ///
    /// # Errors
    /// The reason, for [`Error::InvalidIdentifier`](crate::Error::InvalidIdentifier).
    fn check_identifier(&self, _name: &str) -> std::result::Result<(), &'static str> {
        Ok(())
    }

    /// The escape character `LIKE` has when no `ESCAPE` clause is written. PostgreSQL and
    /// MySQL use `\`; a dialect without a default returns the one it must write explicitly so
    /// that the same pattern means the same everywhere (SQLite writes `ESCAPE '\'`).
    fn like_needs_explicit_escape(&self) -> Option<char> {
        None
    }

    /// The escape character of the patterns [`ExprExt::contains`](crate::expr::ExprExt::contains),
    /// `starts_with` and `ends_with` make: `/` by default (a backslash in a string literal is
    /// itself an escape on MySQL). Written as `ESCAPE 'c'`.
    fn like_text_escape(&self) -> char {
        generic::LIKE_TEXT_ESCAPE
    }

    /// The LIKE pattern matching `text` literally where `at` says, with this dialect's
    /// wildcards escaped by [`Dialect::like_text_escape`] ([`generic::like_text_pattern`]: `%`
    /// and `_`). It sees only the text: the statement cache makes the pattern again from each
    /// new text with it.
    fn like_text_pattern(&self, text: &str, at: LikeMatch) -> String {
        generic::like_text_pattern(text, at, self.like_text_escape())
    }

    /// Whether statements compiled for this dialect may be reused by the statement cache
    /// ([`StatementCache`](crate::cache::StatementCache)) for other values of the same shape.
    /// A dialect opts in once its hooks follow the cache's rules: what a hook looks at in a
    /// bound value is in [`Dialect::cache_value_class`], and a value a hook writes into the
    /// SQL goes through [`Compiler::literal`] or [`Compiler::push_int`] (both tracked). Off by
    /// default: every statement is compiled.
    fn supports_statement_cache(&self) -> bool {
        false
    }

    /// The class of a bound value in the statement cache's key: everything about the value
    /// that this dialect's hooks look at when writing SQL for it (two values of one class
    /// must give the same SQL). The variant and sign by default
    /// ([`generic::value_class`]).
    fn cache_value_class(&self, value: &Value) -> u8 {
        generic::value_class(value)
    }

    // ----- spellings ----------------------------------------------------------------------

    /// How an expression a SELECT writes again (a select-list item repeated in GROUP BY,
    /// HAVING, ORDER BY or DISTINCT ON) is written when it binds values: as the first time
    /// ([`RepeatAs::Written`], the default: SQLite compares such expressions by value),
    /// with the first writing's placeholders (PostgreSQL), or by the select-list item's label
    /// (MySQL, whose HAVING cannot name a column the select list does not). See
    /// `compile/repeat.rs`.
    fn repeat_as(&self) -> RepeatAs {
        RepeatAs::Written
    }

    /// The words this dialect writes quoted even when they are plain lower-case names. The
    /// default, [`STANDARD_RESERVED`](crate::compile::STANDARD_RESERVED), holds every word
    /// reserved by SQLite, PostgreSQL or MySQL / MariaDB, so the built-in dialects quote a name
    /// the same way; a dialect for another engine returns its own set.
    fn reserved_words(&self) -> &'static crate::compile::ReservedWords {
        &crate::compile::STANDARD_RESERVED
    }

    /// Writes `ident` quoted, escaping embedded quote characters (by doubling by default).
    fn quote_identifier(&self, out: &mut String, ident: &str) {
        generic::quote_identifier(out, ident, '"');
    }

    /// Writes the statement for one transaction-control step (`BEGIN`, `SAVEPOINT sp_2`, ...),
    /// as [`Transaction`](crate::Transaction) runs them. Today's standard spellings by default
    /// ([`transaction::transaction_sql`](crate::compile::transaction::transaction_sql)).
    fn transaction_sql(&self, out: &mut String, step: TransactionStep) {
        crate::compile::transaction::transaction_sql(out, step);
    }

    /// Writes the placeholder of the `n`th parameter (1-based): `?` by default.
    fn placeholder(&self, out: &mut String, _n: usize) {
        out.push('?');
    }

    /// Writes `value` as a literal of this dialect.
    ///
    /// # Errors
    /// [`Error::InvalidValue`](crate::Error::InvalidValue) for a value with no literal form.
    fn literal(&self, out: &mut String, value: &Value) -> Result<()> {
        literal::write_ansi_literal(out, value)
    }

    /// Writes the DDL name of `ty`.
    ///
    /// # Errors
    /// [`Error::Unsupported`](crate::Error::Unsupported) for a type the engine lacks.
    fn type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        generic::type_name(out, ty);
        Ok(())
    }

    /// Writes the target type of `CAST(x AS ...)` (MySQL accepts fewer names than in DDL).
    ///
    /// # Errors
    /// [`Error::Unsupported`](crate::Error::Unsupported) for a type the engine cannot cast to.
    fn cast_type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        self.type_name(out, ty)
    }

    /// How each binary operator is written: its spelling, or a rewrite of the whole node and
    /// the precedence the written node has, in one table ([`BinaryForms::STANDARD`]: infix,
    /// with `||` written by [`generic::concat`]). MySQL writes `||` as `CONCAT(...)` and
    /// divides integers with `DIV`. Asked once per statement.
    fn binary_forms(&self) -> &'static BinaryForms {
        &binary::STANDARD_FORMS
    }

    /// The name of a known function (`CHAR_LENGTH` for [`KnownFunc::Length`] on MySQL).
    fn function_name(&self, f: KnownFunc) -> &'static str {
        f.as_sql()
    }

    // ----- clause hooks -------------------------------------------------------------------

    /// Writes a SELECT up to its select list: `SELECT `, `SELECT DISTINCT `, `SELECT DISTINCT
    /// ON (...) ` ([`generic::select_head`]). A dialect with a row limit before the list
    /// (`SELECT TOP (n)`) writes it here, and leaves it out of [`Dialect::select_tail`].
    ///
    /// # Errors
    /// As the expressions written.
    fn select_head(&self, c: &mut Compiler<'_>, select: &crate::stmt::Select) -> Result<()> {
        generic::select_head(c, select)
    }

    /// Writes what follows a SELECT's ORDER BY: LIMIT / OFFSET and the row lock
    /// ([`generic::select_tail`], which calls [`Dialect::limit_offset`] and [`Dialect::lock`]).
    /// A dialect that writes its row limit in the head (`TOP`) leaves it out here.
    ///
    /// # Errors
    /// As the clauses written.
    fn select_tail(&self, c: &mut Compiler<'_>, select: &crate::stmt::Select) -> Result<()> {
        generic::select_tail(c, select)
    }

    /// Writes ` LIMIT .. OFFSET ..` (either may be absent).
    ///
    /// # Errors
    /// Whatever compiling the expressions returns.
    fn limit_offset(&self, c: &mut Compiler<'_>, limit: Option<&Expr>, offset: Option<&Expr>) -> Result<()> {
        generic::limit_offset(c, limit, offset)
    }

    /// Writes a bound value where nothing around it gives it a type: a select-list item, or
    /// the operand of a CAST. The default is a plain placeholder; PostgreSQL infers such a
    /// parameter's type from the context (text in a select list, the target type in a CAST)
    /// and would then reject or mis-type the value, so it annotates the value's own type.
    ///
    /// # Errors
    /// As [`Compiler::bind`].
    fn bind_untyped(&self, c: &mut Compiler<'_>, value: &Value) -> Result<()> {
        c.bind(value)
    }

    /// Writes a bound value inside an expression (a comparison, arithmetic, a function
    /// argument); values given directly to INSERT or UPDATE are written with
    /// [`Compiler::bind`] instead. `meets` is the kind of the operand the value meets (the
    /// other side of a comparison or an arithmetic operator, the tested expression of IN or
    /// BETWEEN), when known; it is looked up for floats and decimals only (the values whose
    /// binding differs), and is `None` for other values.
    ///
    /// The default is a plain placeholder. PostgreSQL gives such a parameter the type of the
    /// other operand, which would turn `int_col < 1.5` into an integer comparison (or refuse
    /// the value), so it names fractional values' types, and a float meeting an exact decimal
    /// is bound as one (`price * $1::NUMERIC`) so that the arithmetic stays exact; MySQL casts
    /// a decimal to DECIMAL, as a string parameter would make the arithmetic a double's.
    ///
    /// # Errors
    /// As [`Compiler::bind`].
    fn bind_in_expression(&self, c: &mut Compiler<'_>, value: &Value, meets: Option<TypeKind>) -> Result<()> {
        let _ = meets;
        c.bind(value)
    }

    /// Converts a value read from a result column to the kind the statement's typing gives
    /// that column (see [`typing`](crate::expr::typing)), so that a schema reads back as the
    /// same kinds of [`Value`] on every engine: SQLite returns its storage class (integers
    /// for booleans, text for dates, floats for decimals), MySQL its column type (`TINYINT`
    /// for booleans, `DATETIME` for instants). Called only for a value not already of
    /// `kind`; a value that does not convert without loss is returned as it is. The default
    /// is [`generic::read_value`].
    fn read_value(&self, value: Value, kind: TypeKind) -> Value {
        generic::read_value(value, kind)
    }

    /// SQL to run after an INSERT that gave the database-generated key `column` of `table`
    /// explicit values, so that the next generated key follows the largest one: `None` (the
    /// default) for engines that do that themselves (SQLite's rowid, MySQL's
    /// `AUTO_INCREMENT`). PostgreSQL's identity sequence does not, and would hand out a key
    /// already taken.
    ///
    /// # Errors
    /// Invalid identifiers.
    fn explicit_key_follow_up(&self, table: &Ident, column: &Ident) -> Result<Option<String>> {
        let _ = (table, column);
        Ok(None)
    }

    /// Writes a column of the row an upsert proposed (`excluded.name`).
    ///
    /// # Errors
    /// Invalid identifiers.
    fn excluded(&self, c: &mut Compiler<'_>, name: &Ident) -> Result<()> {
        c.push("excluded.");
        c.ident(name)
    }

    /// Writes a function call.
    ///
    /// # Errors
    /// An invalid function name, or whatever compiling the arguments returns.
    fn function(&self, c: &mut Compiler<'_>, call: &FuncCall) -> Result<()> {
        generic::function(c, call)
    }

    /// Writes the type and generation clause of a database-generated key column.
    ///
    /// # Errors
    /// [`Error::InvalidSchema`](crate::Error::InvalidSchema) for a non-integer column.
    fn autoincrement_column(&self, c: &mut Compiler<'_>, column: &Column) -> Result<()> {
        generic::autoincrement_column(c, column)
    }

    /// Writes a column's ` DEFAULT ...` clause in CREATE TABLE.
    ///
    /// # Errors
    /// A value with no literal form.
    fn column_default(&self, c: &mut Compiler<'_>, column: &Column, default: &ServerDefault) -> Result<()> {
        generic::column_default(c, column, default)
    }

    /// Writes further elements inside `CREATE TABLE t (...)`, after the columns and
    /// constraints (each starting with `, `). Nothing by default; MySQL adds the index an
    /// `AUTO_INCREMENT` column outside the primary key's first place needs.
    ///
    /// # Errors
    /// Invalid identifiers.
    fn create_table_elements(&self, _c: &mut Compiler<'_>, _table: &TableDef) -> Result<()> {
        Ok(())
    }

    /// Writes what follows the closing parenthesis of `CREATE TABLE t (...)`: table options.
    /// Nothing by default.
    ///
    /// # Errors
    /// Never by default.
    fn create_table_options(&self, _c: &mut Compiler<'_>, _table: &TableDef) -> Result<()> {
        Ok(())
    }

    /// The catalog reflection reads on this engine ([`crate::reflect`]); `None` (the default)
    /// makes reflection, and `create_all`'s skipping of existing tables, unsupported.
    fn catalog(&self) -> Option<Box<dyn crate::reflect::Catalog>> {
        None
    }

    /// Whether the engine generates `column`'s values when a row omits it: the table's
    /// [`autoincrement_column`](TableDef::autoincrement_column) by default. SQLite also
    /// generates a sole `INTEGER PRIMARY KEY` declared not to be (it is the rowid), which its
    /// catalog then reports.
    fn generates(&self, table: &TableDef, column: &Column) -> bool {
        table.autoincrement_column().is_some_and(|c| c.name == column.name)
    }

    /// The type a column declared as `ty` reads back as from this engine's catalog
    /// (`generated`: the engine generates its values, see [`TableDef::autoincrement_column`]):
    /// `ty` itself by default. An engine with one type for two of sqlcore's (MySQL's
    /// `DATETIME` for `Timestamp` and `TimestampTz`; SQLite's `INTEGER` rowid for every
    /// generated integer key) names the one it keeps, so comparing a reflected table with its
    /// model is by meaning.
    fn reflected_type(&self, ty: &SqlType, generated: bool) -> SqlType {
        let _ = generated;
        ty.clone()
    }

    /// The action a foreign key declared with `action` reads back as from this engine's
    /// catalog: `action` itself by default. InnoDB has one behaviour for RESTRICT and NO
    /// ACTION (and reports an unspecified action as RESTRICT): MySQL keeps `NoAction`.
    fn reflected_fk_action(&self, action: crate::schema::FkAction) -> crate::schema::FkAction {
        action
    }

    /// Writes the statement for one schema change (see [`alter::schema_change`] for the
    /// standard forms).
    ///
    /// # Errors
    /// As [`alter::schema_change`]; [`Error::Unsupported`](crate::Error::Unsupported) for a
    /// change the engine cannot make in one statement.
    fn schema_change(&self, c: &mut Compiler<'_>, change: &crate::diff::Change) -> Result<()> {
        crate::compile::alter::schema_change(c, change)
    }

    /// Writes a query that must return no rows before `change` runs, and says whether it
    /// wrote one: for a change this engine would make with a different meaning on existing
    /// rows (MySQL fills a new NOT NULL column without a default with an implicit value where
    /// the others refuse it). None by default.
    ///
    /// # Errors
    /// Invalid identifiers.
    fn schema_change_guard(&self, c: &mut Compiler<'_>, change: &crate::diff::Change) -> Result<bool> {
        let _ = (c, change);
        Ok(false)
    }

    /// Whether `change` (a step of `plan`) needs its table rebuilt on this engine
    /// ([`alter::rebuild_table`], the emulation SQLite's `ALTER TABLE` needs for most
    /// changes): false by default. Every step on a rebuilt table is then carried out by the
    /// one rebuild.
    fn needs_rebuild(&self, change: &crate::diff::Change, plan: &crate::diff::Plan) -> bool {
        let _ = (change, plan);
        false
    }

    /// What must run around a plan that rebuilds tables (see
    /// [`PlanSql`](crate::compile::alter::PlanSql)): nothing by default.
    fn rebuild_guards(&self) -> crate::compile::alter::RebuildGuards {
        crate::compile::alter::RebuildGuards::default()
    }

    /// Whether DDL runs inside a transaction on this engine, so a failed schema change
    /// undoes the steps before it (PostgreSQL and SQLite: true, the default; MySQL commits
    /// each DDL statement).
    fn transactional_ddl(&self) -> bool {
        true
    }

    /// The statements that take and release a lock named `name` held by this session until
    /// released (not by a transaction), which another session asking for the same name waits
    /// for: what keeps two processes from running the same schema migration at once. `None`
    /// (the default) where the engine has no such lock; there a migration relies on
    /// [`Dialect::begin_write_sql`]. The acquiring statement is a query that returns one row
    /// whose first value is 1 once the lock is held.
    fn session_lock_sql(&self, _name: &str) -> Option<SessionLockSql> {
        None
    }

    /// The statement that opens a transaction that will write, taking the engine's write lock
    /// at once where it has one (SQLite `BEGIN IMMEDIATE`: a second writer waits at `BEGIN`
    /// instead of failing at its first write). `BEGIN` by default.
    fn begin_write_sql(&self) -> &'static str {
        "BEGIN"
    }

    /// Writes an UPDATE statement's body (after any WITH, before RETURNING).
    ///
    /// # Errors
    /// As [`dml::update`](crate::compile::dml::update).
    fn update(&self, c: &mut Compiler<'_>, update: &crate::stmt::Update) -> Result<()> {
        crate::compile::dml::update(c, update)
    }

    /// Writes a DELETE statement's body (after any WITH, before RETURNING).
    ///
    /// # Errors
    /// As [`dml::delete`](crate::compile::dml::delete).
    fn delete(&self, c: &mut Compiler<'_>, delete: &crate::stmt::Delete) -> Result<()> {
        crate::compile::dml::delete(c, delete)
    }

    /// Writes an INSERT up to its RETURNING ([`dml::insert`](crate::compile::dml::insert):
    /// WITH before INSERT, the rows or query, the conflict clause). MySQL puts a WITH inside,
    /// before the SELECT.
    ///
    /// # Errors
    /// As [`dml::insert`](crate::compile::dml::insert).
    fn insert(&self, c: &mut Compiler<'_>, insert: &crate::stmt::Insert) -> Result<()> {
        crate::compile::dml::insert(c, insert)
    }

    /// Writes the RETURNING list of an INSERT, UPDATE or DELETE
    /// ([`dml::returning`](crate::compile::dml::returning), nothing for an empty list).
    ///
    /// # Errors
    /// As [`dml::returning`](crate::compile::dml::returning).
    fn returning(&self, c: &mut Compiler<'_>, clause: &crate::compile::dml::Returning<'_>) -> Result<()> {
        crate::compile::dml::returning(c, clause)
    }

    /// Writes an upsert's conflict clause after the inserted rows.
    ///
    /// # Errors
    /// As [`dml::upsert`](crate::compile::dml::upsert).
    fn upsert(
        &self,
        c: &mut Compiler<'_>,
        insert: &crate::stmt::Insert,
        on_conflict: &crate::stmt::OnConflict,
    ) -> Result<()> {
        crate::compile::dml::upsert(c, insert, on_conflict)
    }

    /// Writes a SELECT's row-lock clause.
    ///
    /// # Errors
    /// As [`generic::lock`].
    fn lock(&self, c: &mut Compiler<'_>, lock: &crate::stmt::Lock) -> Result<()> {
        generic::lock(c, lock)
    }

    /// Writes what follows `INSERT INTO t` for a row of defaults.
    ///
    /// # Errors
    /// Never by default.
    fn insert_default_values(&self, c: &mut Compiler<'_>) -> Result<()> {
        c.push(" DEFAULT VALUES");
        Ok(())
    }

    /// Writes the statement dropping foreign key `name` of `table`.
    ///
    /// # Errors
    /// Invalid identifiers.
    fn drop_foreign_key(&self, c: &mut Compiler<'_>, table: &Ident, name: &Ident) -> Result<()> {
        generic::drop_foreign_key(c, table, name)
    }

    /// Writes the statement dropping `index`.
    ///
    /// # Errors
    /// Invalid identifiers.
    fn drop_index(&self, c: &mut Compiler<'_>, index: &Index, if_exists: bool) -> Result<()> {
        generic::drop_index(c, index, if_exists)
    }

    /// Checks that `table` can be created on this engine (beyond [`TableDef::validate`]).
    ///
    /// # Errors
    /// [`Error::Unsupported`](crate::Error::Unsupported) naming what the engine cannot hold.
    fn check_table(&self, table: &TableDef) -> Result<()> {
        generic::check_table(self, table)
    }

    /// Checks that foreign key `fk` of `table` can join its columns to those of
    /// `referenced` on this engine (both tables known: at `create_all` and when a schema
    /// change is compiled). Any types by default; InnoDB wants the same integer type on
    /// both sides.
    ///
    /// # Errors
    /// [`Error::InvalidSchema`](crate::Error::InvalidSchema) naming the columns.
    fn check_foreign_key(&self, table: &TableDef, fk: &crate::schema::ForeignKey, referenced: &TableDef) -> Result<()> {
        let _ = (table, fk, referenced);
        Ok(())
    }
}

/// A session-level named lock, as [`Dialect::session_lock_sql`] spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLockSql {
    /// A query returning one row whose first value is 1 once the lock is held (it waits).
    pub acquire: String,
    /// Releases the lock: a query too (the engines' release functions return a row).
    pub release: String,
}
