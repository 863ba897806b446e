//! # sqlcore-postgres
//!
//! The PostgreSQL dialect for [sqlcore].
//!
//! What differs from the generic compiler, and why:
//!
//! * placeholders are `$1, $2, ...`;
//! * `ILIKE` is native;
//! * identifiers longer than 63 bytes are rejected, because PostgreSQL would silently
//!   truncate them (<https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS>);
//! * `ROUND(x, n)` exists only for `numeric`, so `x` is cast to `NUMERIC` first;
//! * blobs are `BYTEA`, written inline as `'\x..'::bytea`; NaN and the infinities are the
//!   strings `'NaN'`, `'Infinity'` cast to `float8`.
//!
//! With the `driver` feature, `PostgresConnection` runs statements on a server through the
//! synchronous `postgres` crate, binding each parameter in the type the server expects.
//! With the `async` feature, `AsyncPostgresConnection` does the same over tokio-postgres.

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]

#[cfg(feature = "async")]
mod async_driver;
mod catalog;
#[cfg(feature = "driver")]
mod convert;
#[cfg(feature = "driver")]
mod driver;
#[cfg(feature = "async")]
pub use async_driver::AsyncPostgresConnection;
#[cfg(feature = "driver")]
mod tls;
#[cfg(feature = "driver")]
pub use driver::PostgresConnection;

use sqlcore::compile::{Compiler, Dialect, SessionLockSql, Version, generic, literal};
use sqlcore::expr::typing::TypeKind;
use sqlcore::expr::{FuncCall, FuncName, KnownFunc};
use sqlcore::schema::SqlType;
use sqlcore::{Ident, Result, Value};

/// PostgreSQL, at a version (default 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostgresDialect {
    version: Version,
    max_expr_depth: usize,
}

impl Default for PostgresDialect {
    fn default() -> Self {
        PostgresDialect { version: Version(15, 0, 0), max_expr_depth: sqlcore::compile::MAX_DEPTH }
    }
}

impl PostgresDialect {
    /// PostgreSQL at `major.minor`.
    pub fn with_version(major: u16, minor: u16) -> Self {
        PostgresDialect { version: Version(major, minor, 0), ..Self::default() }
    }

    /// The same dialect allowing expressions `depth` levels deep: for a server whose
    /// `max_stack_depth` has been raised to parse them.
    pub fn with_max_expr_depth(self, depth: usize) -> Self {
        PostgresDialect { max_expr_depth: depth, ..self }
    }
}

impl Dialect for PostgresDialect {
    /// PostgreSQL's `pg_catalog`, read the same way on every supported version. Every one of
    /// sqlcore's types reads back as itself (`format_type` tells all 16 apart), so
    /// `reflected_type` keeps its default.
    fn catalog(&self) -> Option<Box<dyn sqlcore::reflect::Catalog>> {
        Some(Box::new(catalog::PostgresCatalog))
    }

    fn supports_statement_cache(&self) -> bool {
        true
    }

    fn cache_value_class(&self, value: &Value) -> u8 {
        // `bind_in_expression` names the type of an integer beyond INT4: such a value's
        // SQL differs from a small one's.
        match value {
            Value::Int(n) if i32::try_from(*n).is_err() => 4 + u8::from(*n < 0),
            _ => generic::value_class(value),
        }
    }

    fn session_lock_sql(&self, name: &str) -> Option<SessionLockSql> {
        // An advisory lock is keyed by a number: the name's 64-bit FNV-1a hash, the same in
        // every process. pg_advisory_lock returns void, so the count of its one row is read.
        let key = advisory_key(name);
        Some(SessionLockSql {
            acquire: format!("SELECT COUNT(*) FROM (SELECT pg_advisory_lock({key})) AS sqlcore_lock"),
            release: format!("SELECT pg_advisory_unlock({key})"),
        })
    }

    fn name(&self) -> &'static str {
        "postgresql"
    }

    fn version(&self) -> Version {
        self.version
    }

    fn max_expr_depth(&self) -> usize {
        self.max_expr_depth
    }

    fn support(&self, feature: sqlcore::compile::Feature) -> sqlcore::compile::Support {
        use sqlcore::compile::{Feature, Support};
        match feature {
            Feature::ILike | Feature::DistinctOn => Support::Native,
            Feature::LockAggregatedRows => Support::Unsupported(
                "PostgreSQL locks table rows only: lock in a subquery that selects the plain rows \
                 (SELECT ... WHERE id IN (SELECT id ... FOR UPDATE))",
            ),
            other => generic::support(other),
        }
    }

    fn check_identifier(&self, name: &str) -> std::result::Result<(), &'static str> {
        if name.len() <= 63 {
            Ok(())
        } else {
            Err("longer than PostgreSQL's identifier limit of 63 bytes (it would truncate it)")
        }
    }

    fn repeat_as(&self) -> sqlcore::compile::RepeatAs {
        // `GROUP BY substr(phone, $3, $4)` does not group by the selected
        // `substr(phone, $1, $2)` (SQLSTATE 42803): a repeated expression repeats `$1, $2`.
        sqlcore::compile::RepeatAs::Placeholders
    }

    fn placeholder(&self, out: &mut String, n: usize) {
        // Most statements bind fewer than a hundred values: `$n` and `$nn` are written as
        // fixed-size pieces (no formatting, no copy of unknown length).
        #[allow(clippy::cast_possible_truncation)] // each digit is below ten
        let digit = |d: usize| char::from(b'0' + (d % 10) as u8);
        if n < 10 {
            out.push('$');
            out.push(digit(n));
        } else if n < 100 {
            out.push('$');
            out.push(digit(n / 10));
            out.push(digit(n));
        } else {
            let mut buf = itoa::Buffer::new();
            out.push('$');
            out.push_str(buf.format(n));
        }
    }

    fn literal(&self, out: &mut String, value: &Value) -> Result<()> {
        match value {
            Value::Float(f) if f.is_nan() => out.push_str("'NaN'::float8"),
            Value::Float(f) if f.is_infinite() => {
                out.push_str(if *f > 0.0 { "'Infinity'::float8" } else { "'-Infinity'::float8" })
            }
            Value::Text(s) => {
                literal::reject_nul(s, "postgresql")?;
                literal::write_standard_string(out, s);
            }
            Value::Bytes(b) => {
                out.push_str("'\\x");
                literal::push_hex(out, b);
                out.push_str("'::bytea");
            }
            other => literal::write_ansi_literal(out, other)?,
        }
        Ok(())
    }

    fn type_name(&self, out: &mut String, ty: &SqlType) -> Result<()> {
        match ty {
            SqlType::Blob => out.push_str("BYTEA"),
            other => generic::type_name(out, other),
        }
        Ok(())
    }

    fn bind_in_expression(&self, c: &mut Compiler<'_>, value: &Value, meets: Option<TypeKind>) -> Result<()> {
        // `int_col < $1` makes $1 an integer: a fractional value would be refused (or, cast,
        // rounded). Naming its type keeps the comparison (and arithmetic) exact, as on SQLite
        // and MySQL. Other values take the type of the column they meet, as intended.
        // Likewise an integer beyond INT4 compared with an INTEGER column: it simply does not
        // match there (on SQLite and MySQL too), so it must not be refused as out of range.
        // A float meeting an exact decimal is bound as NUMERIC: `price * $1::DOUBLE PRECISION`
        // would make the arithmetic a float's (MySQL and SQLite bind it likewise).
        match value {
            Value::Float(_) if matches!(meets, Some(TypeKind::Decimal(_))) => c.bind_annotated(value, "::NUMERIC"),
            Value::Float(_) | Value::Decimal(_) => self.bind_untyped(c, value),
            Value::Int(n) if i32::try_from(*n).is_err() => self.bind_untyped(c, value),
            _ => c.bind(value),
        }
    }

    fn bind_untyped(&self, c: &mut Compiler<'_>, value: &Value) -> Result<()> {
        // Without a type, PostgreSQL reads `SELECT $1` as text and `CAST($1 AS INTEGER)` as an
        // integer parameter: name the value's own type so it is bound as it is.
        let annotation = match value {
            Value::Bool(_) => "::BOOLEAN",
            Value::Int(_) => "::BIGINT",
            Value::Float(_) => "::DOUBLE PRECISION",
            Value::Text(_) => "::TEXT",
            Value::Bytes(_) => "::BYTEA",
            Value::Decimal(_) => "::NUMERIC",
            Value::Date(_) => "::DATE",
            Value::Time(_) => "::TIME",
            Value::Timestamp(_) => "::TIMESTAMP",
            Value::TimestampTz(_) => "::TIMESTAMPTZ",
            _ => "",
        };
        c.bind_annotated(value, annotation)
    }

    fn explicit_key_follow_up(&self, table: &Ident, column: &Ident) -> Result<Option<String>> {
        // An identity column's sequence does not see keys given explicitly: after seeding ids
        // 1..3, the next generated key would be 1 again (a duplicate key), where SQLite and
        // MySQL go on after the largest. The sequence is moved to the largest key, never back
        // (only when that key is past the last one it handed out; a sequence never called
        // has handed out none). The query names the table in FROM, which takes a lock that
        // conflicts with no writer.
        let mut quoted_table = String::new();
        self.quote_identifier(&mut quoted_table, table);
        let mut quoted_column = String::new();
        self.quote_identifier(&mut quoted_column, column);
        let mut sql = String::from("SELECT setval(s.seq, m.top) FROM (SELECT pg_get_serial_sequence(");
        literal::write_standard_string(&mut sql, &quoted_table);
        sql.push_str(", ");
        literal::write_standard_string(&mut sql, column);
        sql.push_str(") AS seq) AS s, (SELECT MAX(");
        sql.push_str(&quoted_column);
        sql.push_str(") AS top FROM ");
        sql.push_str(&quoted_table);
        sql.push_str(") AS m WHERE m.top > COALESCE(pg_sequence_last_value(s.seq::regclass), 0)");
        Ok(Some(sql))
    }

    fn function(&self, c: &mut Compiler<'_>, call: &FuncCall) -> Result<()> {
        // round(double precision, integer) does not exist; round(numeric, integer) does.
        if let (FuncName::Known(KnownFunc::Round), [value, digits]) = (&call.name, call.args.as_slice()) {
            c.push("ROUND(CAST(");
            c.expr(value)?;
            c.push(" AS NUMERIC), ");
            c.expr(digits)?;
            c.push_char(')');
            return Ok(());
        }
        generic::function(c, call)
    }
}

/// The advisory-lock key of a lock name: its FNV-1a hash (sqlcore's `NameHasher`), the same
/// in every process and release, unlike Rust's randomised hasher.
fn advisory_key(name: &str) -> i64 {
    use std::hash::Hasher as _;
    let mut h = sqlcore::NameHasher::default();
    h.write(name.as_bytes());
    i64::from_ne_bytes(h.finish().to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_digit_counts() {
        let d = PostgresDialect::default();
        for (n, want) in [(1, "$1"), (9, "$9"), (10, "$10"), (42, "$42"), (99, "$99"), (100, "$100"), (65535, "$65535")]
        {
            let mut out = String::new();
            d.placeholder(&mut out, n);
            assert_eq!(out, want);
        }
    }
}
