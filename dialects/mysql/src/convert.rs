//! What the synchronous (`mysql` 28) and the asynchronous (`mysql_async` 0.37) MySQL
//! connections share, written once. Both crates are built on the same `mysql_common` 0.37,
//! so a `mysql::Value`, `Row` or `Column` *is* a `mysql_async` one: binding a [`Value`]
//! ([`to_mysql`]), reading one back ([`from_mysql`], [`decode_row`]), the session setup
//! ([`SESSION_SETUP`]), error classification by server error number
//! ([`server_error_kind`]) and the mirror of the client's statement cache ([`CacheMirror`])
//! are the same code for both.

use std::collections::HashMap;
use std::sync::Arc;

use mysql::Column;
use mysql::consts::{ColumnFlags, ColumnType};
use sqlcore::compile::Dialect;
use sqlcore::{DatabaseError, Date, DbErrorKind, Decimal, Error, Result, Row, Time, Timestamp, Value};

use crate::{Flavor, MySqlDialect};

/// The character set number MySQL reports for binary strings (`BINARY`, `VARBINARY`, `BLOB`).
pub(crate) const BINARY_CHARSET: u16 = 63;

/// The session settings every connection starts with, so that statements behave the same
/// whatever the server's configuration:
///
/// * `utf8mb4` both ways, so 4-byte characters (emoji) survive;
/// * a strict `sql_mode`: a value out of range for its column, a zero or invalid date, a
///   division by zero, or a missing storage engine is an error, not a warning with a
///   silently clamped value. `NO_BACKSLASH_ESCAPES`, `PIPES_AS_CONCAT` and `ANSI_QUOTES` are
///   left out on purpose: the dialect escapes backslashes in string literals, writes
///   concatenation as `CONCAT(..)` and quotes identifiers with backticks;
///   `NO_AUTO_VALUE_ON_ZERO` makes an explicit key 0 the key 0, as on PostgreSQL and
///   SQLite (by default MySQL generates a key in its place); only an omitted key (or NULL)
///   is generated;
/// * time zone UTC: `DATETIME` holds timestamps as written, and `NOW()` / `TIMESTAMP`
///   columns agree with [`Value::TimestampTz`], which is in UTC;
/// * `div_precision_increment = 16`: a decimal quotient carries 16 more digits after the
///   point than its dividend (4 by default), so `10.00 / 3` is 3.333333333333333333 where
///   PostgreSQL gives 3.3333333333333333: the same value to any scale a column holds.
pub(crate) const SESSION_SETUP: [&str; 4] = [
    "SET NAMES utf8mb4",
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,\
     NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'",
    "SET time_zone = '+00:00'",
    "SET SESSION div_precision_increment = 16",
];

/// The most digits after the point of a decimal this driver binds: MySQL's `DECIMAL` scale
/// limit, and the scale of the dialect's `CAST(? AS DECIMAL(65, 30))`.
const MAX_DECIMAL_SCALE: usize = 30;
/// The most digits before the point of a decimal this driver binds (65 - 30).
const MAX_DECIMAL_INTEGER_DIGITS: usize = 35;

/// The SQL of the statements in the `mysql` crate's statement cache, which the crate does not
/// expose: it follows the same least-recently-used policy at the same (or a larger) capacity,
/// so it holds every statement the cache holds.
#[derive(Debug, Default)]
pub(crate) struct CacheMirror {
    capacity: usize,
    /// Each statement's SQL and when it was last prepared (a counter).
    pub(crate) used: HashMap<String, u64>,
    clock: u64,
}

impl CacheMirror {
    pub(crate) fn new(capacity: usize) -> Self {
        CacheMirror { capacity, ..CacheMirror::default() }
    }

    /// Records that `sql` was prepared (taken from the cache, or added to it).
    pub(crate) fn touch(&mut self, sql: &str) {
        if self.capacity == 0 {
            return;
        }
        self.clock += 1;
        match self.used.get_mut(sql) {
            Some(stamp) => *stamp = self.clock,
            None => {
                self.used.insert(sql.to_string(), self.clock);
                if self.used.len() > self.capacity
                    && let Some(oldest) = self.used.iter().min_by_key(|(_, stamp)| **stamp).map(|(sql, _)| sql.clone())
                {
                    self.used.remove(&oldest);
                }
            }
        }
    }
}

/// True for `USE db`, which changes the current database.
pub(crate) fn is_use(sql: &str) -> bool {
    let sql = sql.trim_start().as_bytes();
    sql.len() > 3 && sql[..3].eq_ignore_ascii_case(b"use") && (sql[3].is_ascii_whitespace() || sql[3] == b'`')
}

/// A [`Value`] as the `mysql` crate binds it.
pub(crate) fn to_mysql(value: &Value, dialect: &MySqlDialect) -> Result<mysql::Value> {
    let invalid = |reason: &'static str| Error::invalid_value(value, dialect.describe(), reason);
    Ok(match value {
        Value::Null => mysql::Value::NULL,
        Value::Bool(b) => mysql::Value::Int(i64::from(*b)),
        Value::Int(n) => mysql::Value::Int(*n),
        // The server would store NaN or infinity as garbage or refuse it with an obscure message.
        Value::Float(f) if !f.is_finite() => return Err(invalid("MySQL has no NaN or infinity")),
        Value::Float(f) => mysql::Value::Double(*f),
        Value::Text(s) => mysql::Value::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => mysql::Value::Bytes(b.clone()),
        // Sent as text, which the server converts to DECIMAL exactly (a double would round).
        // In an expression the dialect casts it to DECIMAL(65, 30), so a value needs to fit
        // that: MySQL would round further digits, or clamp a larger number, with a warning.
        Value::Decimal(d) if d.scale() > MAX_DECIMAL_SCALE || d.integer_digits() > MAX_DECIMAL_INTEGER_DIGITS => {
            return Err(invalid(
                "MySQL's widest DECIMAL, (65, 30), holds 35 digits before the point and 30 after: round it, or \
                 keep it as text",
            ));
        }
        Value::Decimal(d) => mysql::Value::Bytes(d.as_str().as_bytes().to_vec()),
        Value::Date(d) => {
            let year = u16::try_from(d.year()).map_err(|_| invalid("year out of range"))?;
            mysql::Value::Date(year, d.month(), d.day(), 0, 0, 0, 0)
        }
        Value::Time(t) => mysql::Value::Time(false, 0, t.hour(), t.minute(), t.second(), t.micro()),
        // The session time zone is UTC, so an instant is its UTC wall clock.
        Value::Timestamp(ts) | Value::TimestampTz(ts) => {
            let (d, t) = (ts.date, ts.time);
            let year = u16::try_from(d.year()).map_err(|_| invalid("year out of range"))?;
            mysql::Value::Date(year, d.month(), d.day(), t.hour(), t.minute(), t.second(), t.micro())
        }
        _ => return Err(invalid("this kind of value has no MySQL form")),
    })
}

/// Converts a value read from `column` into a [`Value`].
///
/// The binary protocol gives typed values for numbers and temporals; strings, decimals, JSON
/// and bit fields arrive as bytes and are read by the column's type and character set. Text
/// forms of numbers and temporals are accepted too, so values from the text protocol read the
/// same.
pub(crate) fn from_mysql(value: mysql::Value, column: &Column) -> std::result::Result<Value, String> {
    use ColumnType::*;
    let ty = column.column_type();
    Ok(match value {
        mysql::Value::NULL => Value::Null,
        mysql::Value::Int(n) => Value::Int(n),
        mysql::Value::UInt(n) => Value::Int(
            i64::try_from(n).map_err(|_| format!("unsigned value {n} does not fit in a signed 64-bit integer"))?,
        ),
        mysql::Value::Float(f) => Value::Float(f64::from(f)),
        mysql::Value::Double(f) => Value::Float(f),
        mysql::Value::Date(y, mo, d, h, mi, s, us) => {
            let date = Date::new(i32::from(y), mo, d).map_err(|e| format!("{e} ({y:04}-{mo:02}-{d:02})"))?;
            if matches!(ty, MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE) {
                Value::Date(date)
            } else {
                let time = Time::new(h, mi, s, us).map_err(|e| e.to_string())?;
                Value::Timestamp(Timestamp::new(date, time))
            }
        }
        mysql::Value::Time(negative, days, h, m, s, us) => {
            if negative || days > 0 {
                let sign = if negative { "-" } else { "" };
                return Err(format!(
                    "TIME value {sign}{}:{m:02}:{s:02}.{us:06} is not a time of day (00:00:00 to 23:59:59.999999)",
                    u64::from(days) * 24 + u64::from(h)
                ));
            }
            Value::Time(Time::new(h, m, s, us).map_err(|e| e.to_string())?)
        }
        mysql::Value::Bytes(bytes) => match ty {
            MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => Value::Decimal(parse_text::<Decimal>(&bytes, "DECIMAL")?),
            MYSQL_TYPE_TINY | MYSQL_TYPE_SHORT | MYSQL_TYPE_INT24 | MYSQL_TYPE_LONG | MYSQL_TYPE_LONGLONG
            | MYSQL_TYPE_YEAR => {
                if column.flags().contains(ColumnFlags::UNSIGNED_FLAG) {
                    let n = parse_text::<u64>(&bytes, "integer")?;
                    from_mysql(mysql::Value::UInt(n), column)?
                } else {
                    Value::Int(parse_text::<i64>(&bytes, "integer")?)
                }
            }
            MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => Value::Float(parse_text::<f64>(&bytes, "float")?),
            MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE => Value::Date(parse_text::<Date>(&bytes, "DATE")?),
            MYSQL_TYPE_TIME | MYSQL_TYPE_TIME2 => Value::Time(parse_text::<Time>(&bytes, "TIME")?),
            MYSQL_TYPE_DATETIME | MYSQL_TYPE_DATETIME2 | MYSQL_TYPE_TIMESTAMP | MYSQL_TYPE_TIMESTAMP2 => {
                Value::Timestamp(parse_text::<Timestamp>(&bytes, "DATETIME")?)
            }
            // A BIT(n) value is an unsigned big-endian integer of up to 8 bytes.
            MYSQL_TYPE_BIT if bytes.len() <= 8 => {
                let n = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
                from_mysql(mysql::Value::UInt(n), column)?
            }
            // MySQL's JSON is reported with the binary character set, but it is UTF-8 text.
            MYSQL_TYPE_JSON => Value::Text(utf8(&bytes)?),
            MYSQL_TYPE_GEOMETRY => Value::Bytes(bytes),
            // VARCHAR, CHAR, TEXT, BLOB, ENUM, SET and expression results: text unless the
            // character set is binary.
            _ if column.character_set() == BINARY_CHARSET => Value::Bytes(bytes),
            _ => Value::Text(utf8(&bytes)?),
        },
    })
}

fn utf8(bytes: &[u8]) -> std::result::Result<sqlcore::Text, String> {
    std::str::from_utf8(bytes).map(Into::into).map_err(|e| format!("text is not UTF-8: {e}"))
}

/// Parses the text form of a value of SQL type `what`.
fn parse_text<T: std::str::FromStr>(bytes: &[u8], what: &str) -> std::result::Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{what} value is not UTF-8 text"))?;
    text.parse().map_err(|_| format!("cannot read {text:?} as {what}"))
}

/// The row `row` of running `sql`, whose result has `columns` (named `names`), as a sqlcore
/// row: each value read by its column ([`from_mysql`]); one that cannot be read names its
/// column.
pub(crate) fn decode_row(row: mysql::Row, columns: &[Column], names: &Arc<[String]>, sql: &str) -> Result<Row> {
    let values = row
        .unwrap_raw()
        .into_iter()
        .zip(columns)
        .map(|(value, column)| {
            from_mysql(value.unwrap_or(mysql::Value::NULL), column).map_err(|reason| {
                let message = format!("column `{}`: {reason}", column.name_str());
                Error::from(DatabaseError::new(DbErrorKind::Conversion, message).with_sql(Some(sql)))
            })
        })
        .collect::<Result<Vec<Value>>>()?;
    Ok(Row::new(names.clone(), values))
}

/// The dialect of a server reporting `version` (`SELECT VERSION()`): a version containing
/// `MariaDB` is [`Flavor::MariaDb`], any other [`Flavor::MySql`].
pub(crate) fn server_dialect(version: &str) -> MySqlDialect {
    let flavor = if version.contains("MariaDB") { Flavor::MariaDb } else { Flavor::MySql };
    let [major, minor, patch] = sqlcore::driver::parse_version(version);
    MySqlDialect::with_version(flavor, major, minor, patch)
}

/// What a server error means, from its error number and SQLSTATE. The SQLSTATE is coarse
/// (`23000` for every constraint, `HY000` for a lock wait timeout), so the error number
/// decides first (MySQL's and MariaDB's error references, which share these numbers).
pub(crate) fn server_error_kind(code: u16, state: &str) -> DbErrorKind {
    match code {
        1022 | 1062 | 1169 | 1586 => DbErrorKind::UniqueViolation,
        1216 | 1217 | 1451 | 1452 => DbErrorKind::ForeignKeyViolation,
        1048 | 1364 => DbErrorKind::NotNullViolation,
        3819 | 4025 => DbErrorKind::CheckViolation,
        1213 => DbErrorKind::Deadlock,
        1205 | 3572 => DbErrorKind::LockTimeout,
        1049 | 1054 | 1146 | 1305 => DbErrorKind::UndefinedObject,
        1050 | 1060 | 1061 => DbErrorKind::AlreadyExists,
        1064 => DbErrorKind::Syntax,
        1927 | 2006 | 2013 => DbErrorKind::Connection,
        _ => DbErrorKind::from_sqlstate(state),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_statements_are_recognized() {
        assert!(is_use("USE test"));
        assert!(is_use("  use `my db`"));
        assert!(is_use("Use\ttest"));
        assert!(!is_use("USER"));
        assert!(!is_use("use"));
        assert!(!is_use("SELECT 1; USE test"));
    }

    #[test]
    fn the_cache_mirror_drops_the_least_recently_used_statement() {
        let mut mirror = CacheMirror::new(2);
        mirror.touch("a");
        mirror.touch("b");
        mirror.touch("a");
        mirror.touch("c");
        let mut held: Vec<&str> = mirror.used.keys().map(String::as_str).collect();
        held.sort_unstable();
        assert_eq!(held, ["a", "c"]);
        let mut off = CacheMirror::new(0);
        off.touch("a");
        assert!(off.used.is_empty());
    }
}
