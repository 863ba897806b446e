//! # sqlcore-mysql
//!
//! The MySQL and MariaDB dialect for [sqlcore].
//!
//! What differs from the generic compiler, and why:
//!
//! * identifiers are quoted with backticks; string literals treat `\` as an escape, so
//!   inline literals double it (<https://dev.mysql.com/doc/refman/8.0/en/string-literals.html>);
//! * `||` is logical OR unless `PIPES_AS_CONCAT` is set, so concatenation is `CONCAT(a, b)`;
//! * there is no `FULL OUTER JOIN` (an `Unsupported` error), no `NULLS FIRST / LAST`
//!   (emulated by sorting on `x IS NULL` first, skipped when MySQL's own placement, NULLs
//!   lowest, already gives the order), no offset without a limit (`LIMIT 18446744073709551615`,
//!   as the manual suggests), no `DEFAULT VALUES` (`() VALUES ()`);
//! * `LENGTH` counts bytes, so the character length is `CHAR_LENGTH`;
//! * `CAST` accepts only `SIGNED`, `CHAR`, `DECIMAL`, `DATETIME`, ... as targets;
//! * InnoDB rejects `SET DEFAULT` foreign-key actions, and keys on `TEXT` / `BLOB` columns
//!   need a prefix length: both are `Unsupported` when creating the table;
//! * a database-generated key is `AUTO_INCREMENT`.
//!
//! With the `driver` feature, `MySqlConnection` runs statements on a MySQL or MariaDB
//! server through the synchronous `mysql` crate; with `async`, `AsyncMySqlConnection` does
//! the same over mysql_async.

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]

mod alter;
#[cfg(feature = "async")]
mod async_driver;
mod catalog;
#[cfg(feature = "driver")]
mod convert;
#[cfg(feature = "driver")]
mod driver;
/// The asynchronous connection to a MySQL or MariaDB server (feature `async`).
#[cfg(feature = "async")]
pub use async_driver::AsyncMySqlConnection;
/// The connection to a MySQL or MariaDB server (feature `driver`).
#[cfg(feature = "driver")]
pub use driver::MySqlConnection;

use sqlcore::Ident;
use sqlcore::compile::dml as generic_dml;
use sqlcore::compile::select_from_item as from_item;
use sqlcore::compile::{
    BinaryForm, BinaryForms, Compiler, Dialect, Emulation, Feature, SessionLockSql, Support, Version, generic, literal,
};
use sqlcore::expr::typing::TypeKind;
use sqlcore::expr::{BinaryOp, Expr, KnownFunc, Precedence, typing};
use sqlcore::schema::{Column, Index, ServerDefault, SqlType, TableDef};
use sqlcore::stmt::{ConflictAction, ConflictTarget, Delete, Insert, Lock, LockStrength, OnConflict, Update};
use sqlcore::{Error, Result, Value};

/// Which server family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// Oracle MySQL.
    MySql,
    /// MariaDB.
    MariaDb,
}

/// How deeply expressions may nest by default. MariaDB 10.11's parser overruns its default
/// 299 KB `thread_stack` near 500 levels of `a + b`; deeper SQL would be refused by the server
/// ("Thread stack overrun"), so the compiler stops first with [`sqlcore::Error::TooDeep`].
pub const DEFAULT_MAX_EXPR_DEPTH: usize = 400;

/// MySQL (default 8.0) or MariaDB (default 10.11), at a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MySqlDialect {
    flavor: Flavor,
    version: Version,
    max_expr_depth: usize,
}

impl Default for MySqlDialect {
    fn default() -> Self {
        MySqlDialect { flavor: Flavor::MySql, version: Version(8, 0, 36), max_expr_depth: DEFAULT_MAX_EXPR_DEPTH }
    }
}

impl MySqlDialect {
    /// MariaDB 10.11.
    pub fn mariadb() -> Self {
        MySqlDialect { flavor: Flavor::MariaDb, version: Version(10, 11, 0), ..Self::default() }
    }

    /// The given flavor at `major.minor.patch`.
    pub fn with_version(flavor: Flavor, major: u16, minor: u16, patch: u16) -> Self {
        MySqlDialect { flavor, version: Version(major, minor, patch), ..Self::default() }
    }

    /// The same dialect allowing expressions `depth` levels deep: for a server whose
    /// `thread_stack` has been raised to parse them.
    pub fn with_max_expr_depth(self, depth: usize) -> Self {
        MySqlDialect { max_expr_depth: depth, ..self }
    }

    /// The server family.
    pub fn flavor(&self) -> Flavor {
        self.flavor
    }

    /// Whether the upsert names the proposed row with an alias (`VALUES (...) AS excluded`,
    /// MySQL 8.0.20+) rather than `VALUES(col)`.
    fn uses_row_alias(&self) -> bool {
        self.flavor == Flavor::MySql && self.version >= Version(8, 0, 20)
    }

    /// Whether this is at least `mysql` (for MySQL) or `mariadb` (for MariaDB).
    fn at_least(&self, mysql: Version, mariadb: Version) -> bool {
        match self.flavor {
            Flavor::MySql => self.version >= mysql,
            Flavor::MariaDb => self.version >= mariadb,
        }
    }
}

impl Dialect for MySqlDialect {
    /// `information_schema`, with what MySQL and MariaDB keep differently (see the catalog
    /// module: MariaDB's JSON, unique keys, the engine's own indexes).
    fn catalog(&self) -> Option<Box<dyn sqlcore::reflect::Catalog>> {
        Some(Box::new(catalog::MySqlCatalog { flavor: self.flavor }))
    }

    /// InnoDB's RESTRICT is NO ACTION (both check at once), and an unspecified action reads
    /// back as RESTRICT: the catalog reports both as `NoAction`.
    fn reflected_fk_action(&self, action: sqlcore::schema::FkAction) -> sqlcore::schema::FkAction {
        match action {
            sqlcore::schema::FkAction::Restrict => sqlcore::schema::FkAction::NoAction,
            other => other,
        }
    }

    /// Both timestamp types are `DATETIME(6)`: the engine keeps `Timestamp`.
    fn reflected_type(&self, ty: &SqlType, _generated: bool) -> SqlType {
        match ty {
            SqlType::TimestampTz => SqlType::Timestamp,
            other => other.clone(),
        }
    }

    fn schema_change(&self, c: &mut Compiler<'_>, change: &sqlcore::diff::Change) -> Result<()> {
        alter::schema_change(self, c, change)
    }

    fn schema_change_guard(&self, c: &mut Compiler<'_>, change: &sqlcore::diff::Change) -> Result<bool> {
        alter::schema_change_guard(c, change)
    }

    /// MySQL and MariaDB commit each DDL statement: a plan's steps cannot be undone together.
    fn session_lock_sql(&self, name: &str) -> Option<SessionLockSql> {
        // GET_LOCK waits up to its timeout (a year: "wait", as PostgreSQL's advisory lock
        // does) and returns 1 once held. The name is a string literal.
        let mut quoted = String::new();
        sqlcore::compile::generic::quote_identifier(&mut quoted, name, '\'');
        Some(SessionLockSql {
            acquire: format!("SELECT GET_LOCK({quoted}, 31536000)"),
            release: format!("SELECT RELEASE_LOCK({quoted})"),
        })
    }

    fn transactional_ddl(&self) -> bool {
        false
    }

    fn supports_statement_cache(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        match self.flavor {
            Flavor::MySql => "mysql",
            Flavor::MariaDb => "mariadb",
        }
    }

    fn version(&self) -> Version {
        self.version
    }

    fn support(&self, feature: Feature) -> Support {
        match feature {
            Feature::FullJoin => {
                Support::Unsupported("MySQL has no FULL OUTER JOIN; combine a LEFT JOIN and a RIGHT JOIN with UNION")
            }
            Feature::NullsOrdering => Support::Emulated(Emulation::NullsOrderingIsNull),
            Feature::OffsetWithoutLimit => Support::Emulated(Emulation::OffsetWithLimitAll),
            Feature::InsertDefaultValues => Support::Emulated(Emulation::InsertEmptyRow),
            Feature::ForwardForeignKey => {
                Support::Unsupported("MySQL checks foreign keys at CREATE TABLE; cycles are closed by ALTER TABLE")
            }
            Feature::CreateIndexIfNotExists if self.flavor == Flavor::MySql => {
                Support::Unsupported("MySQL has no CREATE INDEX IF NOT EXISTS (MariaDB has)")
            }
            Feature::FkSetDefault => Support::Unsupported("InnoDB rejects SET DEFAULT; use SET NULL or RESTRICT"),
            Feature::KeyOnUnboundedColumn => Support::Unsupported(
                "MySQL cannot key or index a TEXT / BLOB / JSON column without a prefix length; use Varchar(n)",
            ),
            Feature::Intersect | Feature::Except if !self.at_least(Version(8, 0, 31), Version(10, 3, 0)) => {
                Support::Unsupported("INTERSECT and EXCEPT need MySQL 8.0.31 or MariaDB 10.3")
            }
            Feature::IntersectAll | Feature::ExceptAll if !self.at_least(Version(8, 0, 31), Version(10, 5, 0)) => {
                Support::Unsupported("INTERSECT ALL and EXCEPT ALL need MySQL 8.0.31 or MariaDB 10.5")
            }
            Feature::Cte | Feature::RecursiveCte if !self.at_least(Version(8, 0, 0), Version(10, 2, 2)) => {
                Support::Unsupported("WITH needs MySQL 8.0 or MariaDB 10.2.2")
            }
            Feature::WindowFunctions if !self.at_least(Version(8, 0, 0), Version(10, 2, 0)) => {
                Support::Unsupported("window functions need MySQL 8.0 or MariaDB 10.2")
            }
            Feature::AggregateFilter => Support::Emulated(Emulation::AggregateFilterCase),
            // MariaDB refuses a frame on these (error 4017); they ignore it everywhere else.
            Feature::FrameOnRankingFunction if self.flavor == Flavor::MariaDb => {
                Support::Emulated(Emulation::FrameLeftOut)
            }
            Feature::AutoincrementOutsideSoleKey => Support::Emulated(Emulation::AutoincrementIndex),
            Feature::InsertReturning if self.flavor == Flavor::MariaDb && self.version >= Version(10, 5, 0) => {
                Support::Native
            }
            Feature::DeleteReturning if self.flavor == Flavor::MariaDb => Support::Native,
            Feature::InsertReturning | Feature::DeleteReturning => {
                Support::Unsupported("RETURNING needs MariaDB (INSERT: 10.5+); MySQL has none: query the rows back")
            }
            Feature::UpdateReturning => Support::Unsupported("MySQL and MariaDB have no UPDATE ... RETURNING"),
            Feature::UpdateFrom => Support::Emulated(Emulation::UpdateJoin),
            Feature::ReturningWithOtherTables => {
                Support::Unsupported("MariaDB's RETURNING works on single-table DELETE only")
            }
            Feature::DeleteUsing => Support::Emulated(Emulation::DeleteJoin),
            Feature::UpsertOnConstraint => {
                Support::Unsupported("ON DUPLICATE KEY UPDATE names no constraint; give the key's columns")
            }
            Feature::UpsertFromSelect if self.uses_row_alias() => Support::Unsupported(
                "MySQL 8.0.20+ names the proposed row with an alias only after VALUES; insert the rows with values",
            ),
            Feature::ForShare if self.flavor == Flavor::MariaDb => Support::Emulated(Emulation::LockInShareMode),
            Feature::LockNoWait if !self.at_least(Version(8, 0, 1), Version(10, 3, 0)) => {
                Support::Unsupported("NOWAIT needs MySQL 8.0.1 or MariaDB 10.3")
            }
            Feature::LockSkipLocked if !self.at_least(Version(8, 0, 1), Version(10, 6, 0)) => {
                Support::Unsupported("SKIP LOCKED needs MySQL 8.0.1 or MariaDB 10.6")
            }
            Feature::CteOnInsert => Support::Emulated(Emulation::CteInsideInsert),
            Feature::CteOnUpdateDelete if self.flavor == Flavor::MariaDb => {
                Support::Unsupported("MariaDB has WITH on SELECT only; use a subquery (or a derived table)")
            }
            Feature::Lateral if self.flavor == Flavor::MariaDb || self.version < Version(8, 0, 14) => {
                Support::Unsupported("LATERAL needs MySQL 8.0.14 (MariaDB has none); use a correlated subquery")
            }
            other => generic::support(other),
        }
    }

    fn nulls_sort_low(&self) -> bool {
        true
    }

    fn max_expr_depth(&self) -> usize {
        self.max_expr_depth
    }

    fn max_query_depth(&self) -> usize {
        // "Too high level of nesting for select" past 63 (MAX_SELECT_NESTING, both servers).
        62
    }

    fn check_identifier(&self, name: &str) -> std::result::Result<(), &'static str> {
        // Found by the hostile-input tests: each of these compiled and was then refused by the
        // server with an obscure message (or, for the file name, an errno).
        if name.chars().count() > 64 {
            return Err("longer than MySQL's identifier limit of 64 characters");
        }
        if name.chars().any(|ch| u32::from(ch) > 0xFFFF) {
            return Err("MySQL identifiers hold only characters of the Basic Multilingual Plane");
        }
        if name.ends_with(char::is_whitespace) {
            return Err("MySQL refuses table and column names that end in white space");
        }
        Ok(())
    }

    fn quote_identifier(&self, out: &mut String, ident: &str) {
        generic::quote_identifier(out, ident, '`');
    }

    fn literal(&self, out: &mut String, value: &Value) -> Result<()> {
        match value {
            Value::Float(f) => literal::write_finite_float(out, *f, &self.describe())?,
            Value::Text(s) => write_mysql_string(out, s),
            // MySQL has no zone-aware literal; instants are written as their UTC wall clock.
            Value::TimestampTz(t) => literal::write_typed_string(out, "TIMESTAMP ", t),
            other => literal::write_ansi_literal(out, other)?,
        }
        Ok(())
    }

    fn type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        match ty {
            SqlType::Integer => out.push_str("INT"),
            SqlType::Real => out.push_str("FLOAT"),
            SqlType::Double => out.push_str("DOUBLE"),
            SqlType::Numeric(p, s) => generic::numeric_type_name(out, "DECIMAL", *p, *s),
            SqlType::Text => out.push_str("LONGTEXT"),
            SqlType::Time => out.push_str("TIME(6)"),
            // MySQL has no zone-aware type; both store the wall-clock value with microseconds.
            SqlType::Timestamp | SqlType::TimestampTz => out.push_str("DATETIME(6)"),
            SqlType::Blob => out.push_str("LONGBLOB"),
            other => generic::type_name(out, other),
        }
        Ok(())
    }

    fn cast_type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        match ty {
            SqlType::SmallInt | SqlType::Integer | SqlType::BigInt | SqlType::Boolean => out.push_str("SIGNED"),
            SqlType::Real => out.push_str("FLOAT"),
            SqlType::Double => out.push_str("DOUBLE"),
            SqlType::Text => out.push_str("CHAR"),
            SqlType::Varchar(n) | SqlType::Char(n) => {
                out.push_str("CHAR(");
                out.push_str(itoa::Buffer::new().format(*n));
                out.push(')');
            }
            SqlType::Blob => out.push_str("BINARY"),
            SqlType::Json if self.flavor == Flavor::MariaDb => {
                return Err(Error::unsupported(
                    "CAST(... AS JSON)",
                    self.describe(),
                    "MariaDB stores JSON as text: cast to Text instead",
                ));
            }
            other => self.type_name(out, other)?,
        }
        Ok(())
    }

    fn binary_forms(&self) -> &'static BinaryForms {
        &BINARY_FORMS
    }

    fn bind_in_expression(&self, c: &mut Compiler<'_>, value: &Value, meets: Option<TypeKind>) -> Result<()> {
        // A decimal parameter travels as a string, and MySQL's arithmetic reads a string as a
        // double (`price / ?` with '4.00' is a float): the cast keeps it exact. A float meeting
        // an exact decimal is cast too (MySQL converts a double to its shortest decimal), as
        // PostgreSQL binds it as NUMERIC. DECIMAL(65, 30) is the widest DECIMAL MySQL has; the
        // driver refuses decimals it cannot hold.
        match value {
            Value::Decimal(_) => generic::bind_cast(c, value, WIDEST_DECIMAL),
            Value::Float(_) if matches!(meets, Some(TypeKind::Decimal(_))) => {
                generic::bind_cast(c, value, WIDEST_DECIMAL)
            }
            _ => c.bind(value),
        }
    }

    fn repeat_as(&self) -> sqlcore::compile::RepeatAs {
        // `HAVING substr(phone, ?, ?) <> ?` is "Unknown column 'phone' in 'HAVING'" (the
        // select list's `substr(phone, ?, ?) AS code` is not seen as the same): the label is.
        sqlcore::compile::RepeatAs::Label
    }

    fn function_name(&self, f: KnownFunc) -> &'static str {
        match f {
            KnownFunc::Length => "CHAR_LENGTH",
            other => other.as_sql(),
        }
    }

    fn limit_offset(&self, c: &mut Compiler<'_>, limit: Option<&Expr>, offset: Option<&Expr>) -> Result<()> {
        if limit.is_none() && offset.is_some() {
            // The largest LIMIT MySQL accepts: "all rows".
            c.push(" LIMIT 18446744073709551615");
        }
        generic::limit_offset(c, limit, offset)
    }

    fn autoincrement_column(&self, c: &mut Compiler<'_>, column: &Column) -> Result<()> {
        generic::require_integer(column)?;
        let mut ty = String::new();
        self.type_name(&mut ty, &column.ty)?;
        c.push(&ty);
        c.push(" AUTO_INCREMENT");
        Ok(())
    }

    fn column_default(&self, c: &mut Compiler<'_>, column: &Column, default: &ServerDefault) -> Result<()> {
        match default {
            // A DATETIME(6) / TIME(6) column takes CURRENT_TIMESTAMP of the same precision only
            // (ERROR 1067 otherwise).
            ServerDefault::Sql(sql)
                if sql.eq_ignore_ascii_case("CURRENT_TIMESTAMP")
                    && matches!(column.ty, SqlType::Timestamp | SqlType::TimestampTz | SqlType::Time) =>
            {
                c.push(" DEFAULT CURRENT_TIMESTAMP(6)");
                Ok(())
            }
            // TEXT / BLOB / JSON columns take only expression defaults, in parentheses
            // (MySQL 8.0.13+, MariaDB 10.2+; ERROR 1101 otherwise).
            ServerDefault::Value(v) if column.ty.is_unbounded() => {
                c.push(" DEFAULT (");
                c.literal(v)?;
                c.push_char(')');
                Ok(())
            }
            _ => generic::column_default(c, column, default),
        }
    }

    fn check_table(&self, table: &TableDef) -> Result<()> {
        // A table's file name writes each character other than ASCII letters, digits and `_`
        // as `@xxxx` (5 bytes); past 250 bytes (and a suffix) the file system refuses it
        // ("errno: 36 File name too long", found by the hostile-input tests).
        let file_name_bytes: usize =
            table.name.chars().map(|ch| if ch.is_ascii_alphanumeric() || ch == '_' { 1 } else { 5 }).sum();
        if file_name_bytes > 250 {
            let shown: String = table.name.chars().take(40).collect();
            return Err(sqlcore::Error::invalid_identifier(
                format!("{shown}..."),
                "too long for MySQL's table file name limit (non-ASCII characters take 5 bytes)",
            ));
        }
        // InnoDB refuses a SET NULL action on a column that cannot be NULL ("Foreign key
        // constraint is incorrectly formed"); PostgreSQL and SQLite accept it and fail at the
        // first delete or update instead.
        let set_null = |a: Option<sqlcore::schema::FkAction>| a == Some(sqlcore::schema::FkAction::SetNull);
        for fk in table.foreign_keys.iter().filter(|fk| set_null(fk.on_delete) || set_null(fk.on_update)) {
            let not_null = fk
                .columns
                .iter()
                .any(|name| table.primary_key.contains(name) || table.columns.get(name).is_some_and(|c| !c.nullable));
            if not_null {
                return Err(Error::unsupported(
                    "ON DELETE / ON UPDATE SET NULL on a NOT NULL column",
                    self.describe(),
                    "InnoDB refuses the foreign key: make its columns nullable, or choose another action",
                ));
            }
        }
        generic::check_columns_differ_folded(table, str::to_lowercase)?;
        generic::check_table(self, table)
    }

    fn check_foreign_key(
        &self,
        table: &TableDef,
        fk: &sqlcore::schema::ForeignKey,
        referenced: &TableDef,
    ) -> Result<()> {
        // InnoDB joins only integers of the same size (and sign), and decimals of the same
        // precision and scale ("Foreign key constraint is incorrectly formed", or "Cannot
        // change column used in a foreign key constraint" when a column is altered).
        let exact = |ty: &SqlType| ty.is_integer() || matches!(ty, SqlType::Numeric(..));
        for (name, ref_name) in fk.columns.iter().zip(&fk.ref_columns) {
            let (Some(column), Some(target)) = (table.columns.get(name), referenced.columns.get(ref_name)) else {
                continue;
            };
            if (exact(&column.ty) || exact(&target.ty)) && column.ty != target.ty {
                return Err(Error::invalid_schema(format!(
                    "foreign key of `{}` ({} {:?}) references `{}` ({} {:?}): InnoDB needs the same integer or \
                     decimal type on both sides; change both columns together",
                    table.name, name, column.ty, referenced.name, ref_name, target.ty
                )));
            }
        }
        Ok(())
    }

    fn create_table_elements(&self, c: &mut Compiler<'_>, table: &TableDef) -> Result<()> {
        // InnoDB needs an AUTO_INCREMENT column to be the first column of some index (error
        // 1075). Putting it first in the primary key would change the key's order (and the
        // table's clustering); an index of its own keeps the key as declared.
        if let Some(auto) = table.autoincrement_column()
            && table.primary_key.first() != Some(&auto.name)
        {
            c.push(", KEY (");
            c.ident(&auto.name)?;
            c.push_char(')');
        }
        Ok(())
    }

    fn create_table_options(&self, c: &mut Compiler<'_>, _table: &TableDef) -> Result<()> {
        // utf8mb4 holds all of Unicode (utf8 stops at 3 bytes), and the binary collation
        // makes `=`, LIKE, GROUP BY, UNIQUE and ORDER BY case- and accent-sensitive, as they
        // are on PostgreSQL and SQLite; the server default (*_general_ci) would make
        // `name = 'dune'` match 'Dune'.
        // It must also be NO PAD: utf8mb4_bin pads with spaces, so `'a' = 'a '` would hold
        // there and nowhere else (found by the hostile-input tests).
        c.push(match self.flavor {
            Flavor::MySql if self.version >= Version(8, 0, 0) => " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
            Flavor::MariaDb if self.version >= Version(10, 2, 0) => {
                " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"
            }
            _ => " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        });
        Ok(())
    }

    fn insert_default_values(&self, c: &mut Compiler<'_>) -> Result<()> {
        c.push(" () VALUES ()");
        Ok(())
    }

    fn excluded(&self, c: &mut Compiler<'_>, name: &Ident) -> Result<()> {
        // MariaDB (and MySQL before 8.0.20) name the proposed row's columns VALUES(col); MySQL
        // 8.0.20+ deprecates that for a row alias, which sqlcore names `excluded`.
        if self.uses_row_alias() {
            c.push("excluded.");
            c.ident(name)
        } else {
            c.push("VALUES(");
            c.ident(name)?;
            c.push_char(')');
            Ok(())
        }
    }

    fn update(&self, c: &mut Compiler<'_>, update: &Update) -> Result<()> {
        if update.from.is_empty() {
            return generic_dml::update(c, update);
        }
        // Multi-table UPDATE: the other tables join the target in the table list, and SET
        // names the target's columns with their table.
        c.push("UPDATE ");
        c.ident(update.table.table.name())?;
        for item in &update.from {
            c.push(", ");
            from_item(c, item)?;
        }
        generic_dml::set_list(c, &update.table, &update.set, true)?;
        if let Some(filter) = &update.filter {
            c.push(" WHERE ");
            c.expr(filter)?;
        }
        Ok(())
    }

    fn delete(&self, c: &mut Compiler<'_>, delete: &Delete) -> Result<()> {
        if delete.using.is_empty() {
            return generic_dml::delete(c, delete);
        }
        // Multi-table DELETE: rows of the first-named table go.
        c.push("DELETE ");
        c.ident(delete.table.table.name())?;
        c.push(" FROM ");
        c.ident(delete.table.table.name())?;
        for item in &delete.using {
            c.push(", ");
            from_item(c, item)?;
        }
        if let Some(filter) = &delete.filter {
            c.push(" WHERE ");
            c.expr(filter)?;
        }
        Ok(())
    }

    fn insert(&self, c: &mut Compiler<'_>, insert: &Insert) -> Result<()> {
        if insert.ctes.is_empty() {
            return generic_dml::insert(c, insert);
        }
        // WITH goes inside: `INSERT INTO t (...) WITH ... SELECT`, so only with a query.
        let Some(query) = &insert.query else {
            let hint = "this engine puts WITH before the SELECT of INSERT ... SELECT only";
            return Err(c.unsupported("WITH on INSERT ... VALUES", hint));
        };
        generic_dml::insert_select(c, insert, query, &insert.ctes)?;
        generic_dml::on_conflict(c, insert)
    }

    fn lock(&self, c: &mut Compiler<'_>, lock: &Lock) -> Result<()> {
        // MariaDB has no FOR SHARE: its spelling of a shared lock.
        if lock.strength == LockStrength::Share && self.flavor == Flavor::MariaDb {
            c.push(" LOCK IN SHARE MODE");
            return generic::lock_wait(c, lock);
        }
        generic::lock(c, lock)
    }

    fn upsert(&self, c: &mut Compiler<'_>, insert: &Insert, on_conflict: &OnConflict) -> Result<()> {
        let ConflictTarget::Columns(target) = &on_conflict.target else {
            let hint = "ON DUPLICATE KEY UPDATE names no constraint; give the key's columns";
            return Err(c.unsupported("upsert on a named constraint", hint));
        };
        if insert.query.is_some()
            && let Support::Unsupported(hint) = self.support(Feature::UpsertFromSelect)
        {
            return Err(c.unsupported(Feature::UpsertFromSelect.as_str(), hint));
        }
        if target.is_empty() {
            return Err(Error::invalid_statement("ON CONFLICT needs the columns of a unique key"));
        }
        for col in target {
            insert.table.table.column(col)?;
        }
        if let ConflictAction::Update { set, .. } = &on_conflict.action
            && set.is_empty()
        {
            return Err(Error::invalid_statement("ON CONFLICT DO UPDATE needs at least one do_update_set"));
        }
        check_single_conflict_key(c, insert, target)?;
        if self.uses_row_alias() {
            c.push(" AS excluded");
        }
        c.push(" ON DUPLICATE KEY UPDATE ");
        let saved = c.scope_sole_table_take();
        let out = duplicate_key_update(c, insert, target, &on_conflict.action);
        c.scope_sole_table_restore(saved);
        out
    }

    fn drop_foreign_key(&self, c: &mut Compiler<'_>, table: &Ident, name: &Ident) -> Result<()> {
        c.push("ALTER TABLE ");
        c.ident(table)?;
        c.push(" DROP FOREIGN KEY ");
        c.ident(name)?;
        // InnoDB made an index of the constraint's name for the key (unless one covered its
        // columns) and keeps it when the key goes: MariaDB drops it in the same statement.
        // MySQL has no IF EXISTS here, so its index stays and reflects as an index.
        if self.flavor == Flavor::MariaDb {
            c.push(", DROP INDEX IF EXISTS ");
            c.ident(name)?;
        }
        Ok(())
    }

    fn drop_index(&self, c: &mut Compiler<'_>, index: &Index, if_exists: bool) -> Result<()> {
        if if_exists && self.flavor == Flavor::MySql {
            return Err(Error::unsupported(
                "DROP INDEX IF EXISTS",
                self.describe(),
                "MySQL has no DROP INDEX IF EXISTS (MariaDB has)",
            ));
        }
        c.push("DROP INDEX ");
        if if_exists {
            c.push("IF EXISTS ");
        }
        c.ident(&index.name)?;
        c.push(" ON ");
        c.ident(&index.table)
    }
}

/// MySQL's binary operators: `||` is logical OR there (outside `PIPES_AS_CONCAT`), so a
/// concatenation is `CONCAT(a, b)`; `/` of two integers is `DIV`.
static BINARY_FORMS: BinaryForms = BinaryForms::STANDARD
    .with(BinaryOp::Concat, BinaryForm::Written { precedence: Precedence::Atom, write: concat })
    .with(BinaryOp::Div, BinaryForm::Written { precedence: Precedence::Multiplicative, write: divide });

/// `a || b || c` as one `CONCAT(a, b, c)`.
///
/// # Errors
/// As the operands.
fn concat(c: &mut Compiler<'_>, left: &Expr, right: &Expr) -> Result<()> {
    // a || b || c is one CONCAT(a, b, c): walk down the left-nested chain.
    let mut parts = vec![right];
    let mut head = left;
    while let Expr::Binary(b) = head
        && b.0 == BinaryOp::Concat
    {
        parts.push(&b.2);
        head = &b.1;
    }
    parts.push(head);
    c.push("CONCAT(");
    for (i, part) in parts.iter().rev().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        c.expr(part)?;
    }
    c.push_char(')');
    Ok(())
}

/// `/` on two integers is decimal division on MySQL but integer division on PostgreSQL and
/// SQLite: `DIV` gives the integer result (truncated toward zero, as there).
///
/// # Errors
/// As the operands.
fn divide(c: &mut Compiler<'_>, left: &Expr, right: &Expr) -> Result<()> {
    let spelling = if typing::is_integer(left) && typing::is_integer(right) { " DIV " } else { " / " };
    c.infix(BinaryOp::Div, spelling, left, right)
}

/// The type a decimal bound in an expression is cast to (see
/// `MySqlDialect::bind_in_expression`): MySQL's widest DECIMAL.
const WIDEST_DECIMAL: &str = "DECIMAL(65, 30)";

/// MySQL's ON DUPLICATE KEY UPDATE fires on a conflict with *any* unique key, where
/// ON CONFLICT (cols) handles one: the two mean the same only when the target is the one
/// unique key this insert can collide with (a key all of whose columns the insert gives).
fn check_single_conflict_key(c: &Compiler<'_>, insert: &Insert, target: &[Ident]) -> Result<()> {
    let def = insert.table.table.def();
    let mut keys: Vec<Vec<Ident>> = Vec::new();
    if !def.primary_key.is_empty() {
        keys.push(def.primary_key.clone());
    }
    keys.extend(def.columns.values().filter(|col| col.unique).map(|col| vec![col.name.clone()]));
    keys.extend(def.uniques.iter().map(|u| u.columns.clone()));
    keys.extend(def.indexes.iter().filter(|i| i.unique).map(|i| i.columns.clone()));
    let given = |k: &Vec<Ident>| k.iter().all(|col| insert.columns.contains(col));
    let possible: Vec<&Vec<Ident>> = keys.iter().filter(|k| given(k)).collect();
    let same = |k: &Vec<Ident>| k.len() == target.len() && k.iter().all(|col| target.contains(col));
    match possible.as_slice() {
        [only] if same(only) => Ok(()),
        _ => Err(c.unsupported(
            "upsert target on MySQL",
            "ON DUPLICATE KEY UPDATE fires for any unique key: the insert must be able to collide with the target key only",
        )),
    }
}

/// The assignments after ON DUPLICATE KEY UPDATE. DO NOTHING is a no-op assignment; a
/// condition becomes `col = IF(condition, new, col)`, which holds for one assignment only
/// (MySQL applies assignments left to right, so a second would see the first's result).
fn duplicate_key_update(
    c: &mut Compiler<'_>,
    insert: &Insert,
    target: &[Ident],
    action: &ConflictAction,
) -> Result<()> {
    let table = insert.table.table.name();
    match action {
        ConflictAction::Nothing => {
            let Some(key) = target.first() else {
                return Err(sqlcore::Error::invalid_statement("ON CONFLICT needs the columns of a unique key"));
            };
            c.ident(table)?;
            c.push_char('.');
            c.ident(key)?;
            c.push(" = ");
            c.ident(table)?;
            c.push_char('.');
            c.ident(key)
        }
        ConflictAction::Update { set, filter: None } => {
            for (i, (name, value)) in set.iter().enumerate() {
                let column = insert.table.table.column(name)?;
                if i > 0 {
                    c.push(", ");
                }
                c.ident(name)?;
                c.push(" = ");
                generic_dml::assigned_value(c, &insert.table, column, value)?;
            }
            Ok(())
        }
        ConflictAction::Update { set, filter: Some(condition) } => {
            let [(name, value)] = set.as_slice() else {
                return Err(c.unsupported(
                    "conditional upsert of several columns on MySQL",
                    "MySQL applies assignments in order, so a condition cannot guard several; update one column",
                ));
            };
            let column = insert.table.table.column(name)?;
            c.ident(name)?;
            c.push(" = IF(");
            c.expr(condition)?;
            c.push(", ");
            generic_dml::assigned_value(c, &insert.table, column, value)?;
            c.push(", ");
            c.ident(table)?;
            c.push_char('.');
            c.ident(name)?;
            c.push_char(')');
            Ok(())
        }
        _ => Err(c.unsupported("this upsert action", "unknown to the MySQL dialect")),
    }
}

/// A MySQL string literal: `'` doubled, and the characters MySQL reads as escapes after a
/// backslash written as escapes themselves, so the literal means exactly `s` whatever
/// follows.
fn write_mysql_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('\'');
    for ch in s.chars() {
        match ch {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{1a}' => out.push_str("\\Z"),
            other => out.push(other),
        }
    }
    out.push('\'');
}
