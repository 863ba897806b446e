//! # sqlcore-sqlite
//!
//! The SQLite dialect for [sqlcore], and (feature `driver`) a connection over
//! rusqlite with SQLite bundled.
//!
//! What differs from the generic compiler, and why:
//!
//! * `OFFSET` needs a `LIMIT`, so offset-only is `LIMIT -1 OFFSET n`
//!   (<https://sqlite.org/lang_select.html#limitoffset>);
//! * RIGHT and FULL joins exist from 3.39.0 (<https://sqlite.org/releaselog/3_39_0.html>),
//!   NULLS FIRST / LAST from 3.30.0; older versions get an `Unsupported` error or an emulation;
//! * ILIKE is `LOWER(a) LIKE LOWER(b)` (SQLite's LIKE and LOWER fold ASCII only);
//! * a database-generated key is `INTEGER` + `PRIMARY KEY`, which makes it the rowid alias
//!   (<https://sqlite.org/lang_createtable.html#rowid>); any other spelling (`BIGINT`) is not;
//! * a foreign key may name a table created later, so foreign-key cycles are created inline
//!   (SQLite cannot `ALTER TABLE ... ADD CONSTRAINT`);
//! * booleans are the integers 1 and 0; JSON is stored in a `TEXT` column, as a column declared
//!   `JSON` would get NUMERIC affinity and turn `'123'` into a number;
//! * SQLite has no exact decimal: a `Numeric(p, s)` column is `NUMERIC_REAL(p, s)`, of REAL
//!   affinity, and holds an 8-byte float, which keeps any decimal of up to 15 significant
//!   digits exactly (the driver refuses a decimal with more); a decimal in an expression is
//!   `CAST(? AS REAL)`, and a result typed as a decimal reads back as one, at its column's
//!   scale (see `docs/values.md`).

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]

mod alter;
#[cfg(feature = "async")]
mod async_driver;
#[cfg(feature = "driver")]
mod driver;
mod reflect;
#[cfg(feature = "driver")]
mod stream;

#[cfg(feature = "async")]
pub use async_driver::AsyncSqliteConnection;
#[cfg(feature = "driver")]
pub use driver::SqliteConnection;

use sqlcore::compile::{Compiler, Dialect, Emulation, Feature, Support, Version, generic, literal};
use sqlcore::expr::Expr;
use sqlcore::expr::typing::TypeKind;
use sqlcore::schema::{Column, SqlType};
use sqlcore::{Result, Value};

/// The SQLite version assumed when none is given: the one rusqlite 0.37 bundles (a
/// connection uses the version of the library it runs on).
pub const DEFAULT_VERSION: Version = Version(3, 50, 2);

/// SQLite, at a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqliteDialect {
    version: Version,
    max_expr_depth: usize,
}

impl Default for SqliteDialect {
    fn default() -> Self {
        SqliteDialect { version: DEFAULT_VERSION, max_expr_depth: sqlcore::compile::MAX_DEPTH }
    }
}

impl SqliteDialect {
    /// SQLite at `major.minor.patch`; features are chosen from it.
    pub fn with_version(major: u16, minor: u16, patch: u16) -> Self {
        SqliteDialect { version: Version(major, minor, patch), ..Self::default() }
    }

    /// The same dialect allowing expressions `depth` levels deep: for a SQLite built with a
    /// larger `SQLITE_MAX_EXPR_DEPTH` (the default build refuses more than 1000).
    pub fn with_max_expr_depth(self, depth: usize) -> Self {
        SqliteDialect { max_expr_depth: depth, ..self }
    }
}

impl Dialect for SqliteDialect {
    fn needs_rebuild(&self, change: &sqlcore::diff::Change, plan: &sqlcore::diff::Plan) -> bool {
        alter::needs_rebuild(self.version, change, plan)
    }

    fn rebuild_guards(&self) -> sqlcore::compile::alter::RebuildGuards {
        alter::GUARDS
    }

    fn catalog(&self) -> Option<Box<dyn sqlcore::reflect::Catalog>> {
        Some(Box::new(reflect::SqliteCatalog))
    }

    fn generates(&self, table: &sqlcore::schema::TableDef, column: &Column) -> bool {
        let rowid =
            table.primary_key.len() == 1 && table.primary_key[0] == column.name && column.ty == SqlType::Integer;
        rowid || table.autoincrement_column().is_some_and(|c| c.name == column.name)
    }

    /// A generated integer key is the rowid, declared `INTEGER` whatever its model type (a
    /// rowid holds 64 bits).
    fn reflected_type(&self, ty: &SqlType, generated: bool) -> SqlType {
        if generated && ty.is_integer() { SqlType::Integer } else { ty.clone() }
    }

    fn supports_statement_cache(&self) -> bool {
        true
    }

    fn begin_write_sql(&self) -> &'static str {
        // Takes the write lock at BEGIN: a second writer waits there (busy timeout) rather
        // than failing at its first write with SQLITE_BUSY after reading stale state.
        "BEGIN IMMEDIATE"
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn version(&self) -> Version {
        self.version
    }

    fn max_expr_depth(&self) -> usize {
        self.max_expr_depth
    }

    fn check_table(&self, table: &sqlcore::schema::TableDef) -> Result<()> {
        generic::check_columns_differ_folded(table, str::to_ascii_lowercase)?;
        generic::check_table(self, table)
    }

    fn max_query_depth(&self) -> usize {
        // A subquery's whole expression height counts against SQLITE_MAX_EXPR_DEPTH: 43 plain
        // nested scalar subqueries are the most the default build takes (measured, 3.50.2).
        40
    }

    fn support(&self, feature: Feature) -> Support {
        match feature {
            Feature::RightJoin | Feature::FullJoin if self.version < Version(3, 39, 0) => {
                Support::Unsupported("SQLite has RIGHT and FULL joins from 3.39.0; swap the tables and use a LEFT join")
            }
            Feature::NullsOrdering if self.version < Version(3, 30, 0) => {
                Support::Emulated(Emulation::NullsOrderingIsNull)
            }
            Feature::OffsetWithoutLimit => Support::Emulated(Emulation::OffsetWithLimitAll),
            Feature::AlterAddForeignKey => {
                Support::Unsupported("SQLite cannot add a foreign key to an existing table; declare it in CREATE TABLE")
            }
            Feature::ForwardForeignKey => Support::Native,
            Feature::AutoincrementOutsideSoleKey => Support::Unsupported(
                "SQLite generates only the key of an INTEGER PRIMARY KEY (the rowid): make the generated column \
                 the whole primary key, and the others a UNIQUE constraint",
            ),
            Feature::IntersectAll | Feature::ExceptAll => {
                Support::Unsupported("SQLite has INTERSECT and EXCEPT only without ALL")
            }
            Feature::Lateral => Support::Unsupported("SQLite has no LATERAL; use a correlated scalar subquery"),
            Feature::InsertReturning | Feature::UpdateReturning | Feature::DeleteReturning
                if self.version < Version(3, 35, 0) =>
            {
                Support::Unsupported("SQLite has RETURNING from 3.35.0")
            }
            Feature::UpdateFrom if self.version < Version(3, 33, 0) => {
                Support::Unsupported("SQLite has UPDATE ... FROM from 3.33.0; use a correlated subquery")
            }
            Feature::ReturningWithOtherTables => Support::Emulated(Emulation::ReturningTargetOnly),
            Feature::DeleteUsing => Support::Emulated(Emulation::DeleteUsingExists),
            Feature::UpsertOnConstraint => {
                Support::Unsupported("SQLite names no constraints in ON CONFLICT; give the key's columns")
            }
            Feature::UpsertFromSelect => Support::Unsupported(
                "SQLite cannot parse ON CONFLICT after a SELECT without WHERE; insert the rows, then update",
            ),
            Feature::ForUpdate
            | Feature::ForShare
            | Feature::LockNoWait
            | Feature::LockSkipLocked
            | Feature::LockAggregatedRows => Support::Unsupported(
                "SQLite has no row locks (a write transaction locks the database): use BEGIN IMMEDIATE",
            ),
            Feature::WindowFunctions if self.version < Version(3, 25, 0) => {
                Support::Unsupported("SQLite has window functions from 3.25.0")
            }
            Feature::AggregateFilter if self.version < Version(3, 30, 0) => {
                Support::Emulated(Emulation::AggregateFilterCase)
            }
            Feature::Cte | Feature::RecursiveCte if self.version < Version(3, 8, 3) => {
                Support::Unsupported("SQLite has WITH from 3.8.3")
            }
            other => generic::support(other),
        }
    }

    fn max_params(&self) -> usize {
        // SQLITE_MAX_VARIABLE_NUMBER's default since 3.32.0 (999 before).
        if self.version < Version(3, 32, 0) { 999 } else { 32_766 }
    }

    fn nulls_sort_low(&self) -> bool {
        true
    }

    fn like_needs_explicit_escape(&self) -> Option<char> {
        // PostgreSQL and MySQL treat `\` in a LIKE pattern as an escape by default; SQLite has
        // no default escape, so it is written out to give patterns the same meaning.
        Some('\\')
    }

    fn literal(&self, out: &mut String, value: &Value) -> Result<()> {
        match value {
            Value::Bool(b) => out.push(if *b { '1' } else { '0' }),
            // 9e999 overflows to the IEEE infinities; SQLite has no NaN (it stores NULL).
            Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "9e999" } else { "-9e999" }),
            Value::Float(f) => write_float(out, *f)?,
            Value::Text(s) => {
                literal::reject_nul(s, "sqlite")?;
                literal::write_standard_string(out, s);
            }
            // Dates and times are text on SQLite (the form its date functions read).
            Value::Date(d) => literal::write_typed_string(out, "", d),
            Value::Time(t) => literal::write_typed_string(out, "", t),
            Value::Timestamp(t) => literal::write_typed_string(out, "", t),
            Value::TimestampTz(t) => {
                literal::write_typed_string(out, "", t);
                out.pop();
                out.push_str("+00:00'");
            }
            other => literal::write_ansi_literal(out, other)?,
        }
        Ok(())
    }

    fn type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        match ty {
            SqlType::Double => out.push_str("DOUBLE"),
            // REAL affinity (the name contains "REAL", https://sqlite.org/datatype3.html#affinity_name_examples):
            // NUMERIC affinity would keep 10.00 as the integer 10, and `a / b` would then
            // divide integers. The precision and scale stay in the name, for reading back.
            SqlType::Numeric(p, s) => generic::numeric_type_name(out, "NUMERIC_REAL", *p, *s),
            // Both spellings keep today's affinities (NUMERIC for TIMESTAMP..., TEXT for
            // JSON_TEXT: https://sqlite.org/datatype3.html#determination_of_column_affinity)
            // and read back as the type they were declared as.
            SqlType::TimestampTz => out.push_str("TIMESTAMP WITH TIME ZONE"),
            SqlType::Json => out.push_str("JSON_TEXT"),
            other => generic::type_name(out, other),
        }
        Ok(())
    }

    fn cast_type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        // CAST targets are resolved by affinity: name the affinity itself.
        out.push_str(match ty {
            SqlType::SmallInt | SqlType::Integer | SqlType::BigInt | SqlType::Boolean => "INTEGER",
            // A decimal is a double here (see `type_name`): CAST(... AS NUMERIC) would make
            // 2.0 the integer 2, and `7 / CAST(2 AS NUMERIC)` an integer division.
            SqlType::Real | SqlType::Double | SqlType::Numeric(..) => "REAL",
            SqlType::Blob => "BLOB",
            _ => "TEXT",
        });
        Ok(())
    }

    fn bind_in_expression(&self, c: &mut Compiler<'_>, value: &Value, meets: Option<TypeKind>) -> Result<()> {
        // A decimal is bound as its text (exact where it is stored or selected as such); in an
        // expression the text would be read as an integer when it has no fraction
        // (`int_col / '4'` divides integers), so it is made the double SQLite computes with.
        let _ = meets;
        match value {
            Value::Decimal(_) => generic::bind_cast(c, value, "REAL"),
            _ => c.bind(value),
        }
    }

    fn limit_offset(&self, c: &mut Compiler<'_>, limit: Option<&Expr>, offset: Option<&Expr>) -> Result<()> {
        if limit.is_none() && offset.is_some() {
            c.push(" LIMIT -1");
        }
        generic::limit_offset(c, limit, offset)
    }

    fn delete(&self, c: &mut Compiler<'_>, delete: &sqlcore::stmt::Delete) -> Result<()> {
        sqlcore::compile::dml::delete_using_exists(c, delete)
    }

    fn autoincrement_column(&self, c: &mut Compiler<'_>, column: &Column) -> Result<()> {
        generic::require_integer(column)?;
        c.push("INTEGER");
        Ok(())
    }
}

/// Writes a finite float so that SQLite reads back the same bits. SQLite's decimal reader is
/// not correctly rounded (about one random double in six comes back one unit off, found by
/// the roundtrip property), so only a decimal on the exact fast path is written as such:
/// an integer-valued float below 2^53, or a short significand with a small power of ten.
/// Any other value is written exactly, as its binary significand scaled by powers of two:
/// `(CAST(m AS REAL) * 4611686018427387904 * 8)`.
fn write_float(out: &mut String, f: f64) -> Result<()> {
    let shortest = format!("{f:e}");
    if fast_path(&shortest) {
        return literal::write_finite_float(out, f, "sqlite");
    }
    // f = m * 2^e exactly, m an odd integer of at most 53 bits.
    let bits = f.to_bits();
    let raw_exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if raw_exp == 0 { (frac, -1074) } else { (frac | (1 << 52), raw_exp - 1075) };
    let shift = m.trailing_zeros().min(63);
    m >>= shift;
    e += shift as i32;
    let sign = if f.is_sign_negative() { "-" } else { "" };
    out.push_str("(CAST(");
    out.push_str(sign);
    out.push_str(&m.to_string());
    out.push_str(" AS REAL)");
    let op = if e >= 0 { " * " } else { " / " };
    let mut left = e.unsigned_abs();
    while left > 0 {
        let step = left.min(62);
        out.push_str(op);
        out.push_str(&(1_u64 << step).to_string());
        left -= step;
    }
    out.push(')');
    Ok(())
}

/// Whether SQLite's reader certainly gets `shortest` (Rust's `{:e}` form) exactly: at most 15
/// significant digits and a decimal exponent small enough that the scaling is exact.
fn fast_path(shortest: &str) -> bool {
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((shortest, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let exponent: i32 = exponent.parse().unwrap_or(i32::MAX);
    digits <= 15 && (-22..=22).contains(&(exponent - (digits as i32 - 1)))
}
