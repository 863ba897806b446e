//! What the synchronous and the asynchronous PostgreSQL connections share, written once: `postgres`
//! 0.19 is a blocking facade over `tokio-postgres` 0.7, so both speak the same `ToSql` /
//! `FromSql` traits, errors, statements and rows. Here: binding a [`Value`] by the type the
//! server expects ([`Param`]), decoding a result value ([`Cell`], [`decode_rows`]), error
//! mapping ([`pg_error`]), and the prepared-statement cache with its stale-statement rules
//! ([`Statements`]).
//!
//! Parameters are encoded by the type the server expects, not by the Rust type they came
//! from: the prepared statement reports each parameter's type (`$1` compared with an
//! `integer` column is `int4`, `LIMIT $1` is `int8`), and each [`Value`] is converted to
//! exactly that binary form, with range checks. Results come back in binary and are decoded
//! per column type the same way.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use bytes::{BufMut, BytesMut};
use postgres::error::SqlState;
use postgres::types::{Format, FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use postgres::{Row as PgRow, Statement};
use sqlcore::driver::DriverCore;
use sqlcore::{DatabaseError, Date, DbErrorKind, Decimal, Error, Result, Row, Time, Timestamp, Value};

use crate::PostgresDialect;

/// How many prepared statements a connection keeps. Past this the cache is emptied rather
/// than tracked per entry: programs run a bounded set of statements, so a full cache means
/// generated one-off SQL, which gains nothing from an eviction policy.
const STATEMENT_CACHE_CAPACITY: usize = 256;

/// Days from 1970-01-01 to 2000-01-01: PostgreSQL counts dates and timestamps from 2000.
const PG_EPOCH_DAYS: i64 = 10_957;
/// [`PG_EPOCH_DAYS`] in microseconds.
const PG_EPOCH_MICROS: i64 = PG_EPOCH_DAYS * 86_400_000_000;

/// NUMERIC sign words of PostgreSQL's binary format (`src/backend/utils/adt/numeric.c`).
const NUMERIC_POS: u16 = 0x0000;
const NUMERIC_NEG: u16 = 0x4000;
const NUMERIC_NAN: u16 = 0xC000;
const NUMERIC_PINF: u16 = 0xD000;
const NUMERIC_NINF: u16 = 0xF000;
/// The largest display scale the binary NUMERIC format can carry.
const NUMERIC_DSCALE_MAX: usize = 0x3FFF;

/// The error type of `postgres`' conversion traits.
type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A connection's prepared statements, by their SQL (up to [`STATEMENT_CACHE_CAPACITY`]).
pub(crate) struct Statements {
    map: HashMap<String, Statement>,
    /// How many statements are kept before the cache is emptied.
    capacity: usize,
}

impl Default for Statements {
    fn default() -> Self {
        Statements { map: HashMap::new(), capacity: STATEMENT_CACHE_CAPACITY }
    }
}

impl Statements {
    /// An empty cache keeping up to `capacity` statements (at least one).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Statements { map: HashMap::new(), capacity: capacity.max(1) }
    }

    /// How many statements are cached.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// The cached statement for `sql`.
    pub(crate) fn get(&self, sql: &str) -> Option<Statement> {
        self.map.get(sql).cloned()
    }

    /// Caches `stmt` as `sql`'s; a full cache is emptied first.
    pub(crate) fn insert(&mut self, sql: &str, stmt: Statement) {
        if self.map.len() >= self.capacity {
            // Dropping the statements closes them on the server.
            self.map.clear();
        }
        self.map.insert(sql.to_string(), stmt);
    }

    /// Forgets `sql`'s statement.
    pub(crate) fn remove(&mut self, sql: &str) {
        self.map.remove(sql);
    }

    /// Forgets every statement.
    pub(crate) fn clear(&mut self) {
        self.map.clear();
    }

    /// Drops the prepared statements after DDL: a statement prepared against a table's old
    /// shape keeps its parameters' old types (an INSERT prepared when `c` was text binds text
    /// after `c` became a double, and the server refuses it), and the server does not say so
    /// as it does for a result shape. DDL is rare, so all are dropped.
    pub(crate) fn after_schema_change(&mut self, sql: &str) {
        let head = sql.trim_start().get(..6).unwrap_or("");
        if ["CREATE", "ALTER ", "DROP T", "DROP S", "DROP I"].iter().any(|k| head.eq_ignore_ascii_case(k)) {
            self.map.clear();
        }
    }

    /// Maps an error of running `sql`; on a closed connection (`closed`) the cached
    /// statements are dead and are dropped, a stale one is dropped too.
    pub(crate) fn failed(&mut self, e: postgres::Error, sql: &str, closed: bool) -> Error {
        if closed {
            self.map.clear();
        } else if is_stale_statement(&e) {
            self.map.remove(sql);
        }
        pg_error(e, Some(sql))
    }
}

/// Which error to report after a stale cached statement (`first`, see [`is_stale_statement`])
/// was prepared again and failed again (`retried`): inside a transaction the first failure
/// has already aborted it, so the retry's "current transaction is aborted" says nothing and
/// the first error is the one reported.
pub(crate) fn after_retry(first: postgres::Error, retried: postgres::Error) -> postgres::Error {
    if retried.code() == Some(&SqlState::IN_FAILED_SQL_TRANSACTION) { first } else { retried }
}

/// Refuses text holding a NUL character before sending, as the same clear error as the
/// inlined rendering gives.
pub(crate) fn refuse_nul(values: &[Value]) -> Result<()> {
    match values.iter().find(|v| matches!(v, Value::Text(s) if s.contains('\0'))) {
        Some(text) => {
            Err(Error::invalid_value(format!("{text:?}"), "postgresql", "PostgreSQL text cannot hold a NUL character"))
        }
        None => Ok(()),
    }
}

/// The rows of running `sql` (prepared as `stmt`) as sqlcore rows, every value decoded by
/// its column's type ([`Cell`]); a value that cannot be read names its column.
pub(crate) fn decode_rows(
    core: &mut DriverCore<PostgresDialect>,
    sql: &str,
    stmt: &Statement,
    rows: Vec<PgRow>,
) -> Result<Vec<Row>> {
    let names = core.names(sql, stmt.columns().iter().map(|c| c.name()));
    rows.iter().map(|row| decode_row(row, &names, sql)).collect()
}

/// One result row as sqlcore's, as [`decode_rows`].
pub(crate) fn decode_row(row: &PgRow, names: &std::sync::Arc<[String]>, sql: &str) -> Result<Row> {
    let mut values = Vec::with_capacity(names.len());
    for i in 0..row.len() {
        let Cell(value) = row.try_get::<usize, Cell>(i).map_err(|e| {
            let column = names.get(i).map_or_else(|| i.to_string(), String::clone);
            let mut err = pg_error(e, Some(sql));
            if let Error::Database(report) = &mut err {
                report.message = format!("cannot read column `{column}`: {}", report.message);
            }
            err
        })?;
        values.push(value);
    }
    Ok(Row::new(names.clone(), values))
}

/// The error for a connection string that does not parse (`shown` with its password masked).
pub(crate) fn invalid_url(shown: &str, e: postgres::Error) -> Error {
    let message = format!("invalid PostgreSQL connection string {shown}: {}", with_causes(&e));
    DatabaseError::new(DbErrorKind::Connection, message).with_source(e).into()
}

/// The error for a server that could not be reached or refused the login.
pub(crate) fn connect_failed(shown: &str, e: postgres::Error) -> Error {
    let message = format!("could not connect to PostgreSQL at {shown}: {}", with_causes(&e));
    DatabaseError::new(connect_failure_kind(&e), message).with_source(e).into()
}

/// What both connections ask the server first, to compile for its version.
pub(crate) const SERVER_VERSION_SQL: &str = "SHOW server_version_num";

/// The dialect of the server that answered [`SERVER_VERSION_SQL`] with `messages`.
pub(crate) fn server_dialect(messages: &[postgres::SimpleQueryMessage]) -> Result<PostgresDialect> {
    let text = messages.iter().find_map(|m| match m {
        postgres::SimpleQueryMessage::Row(row) => row.get(0),
        _ => None,
    });
    let (major, minor) = text.and_then(parse_server_version_num).ok_or_else(|| {
        Error::from(
            DatabaseError::new(DbErrorKind::Other, format!("unexpected answer to {SERVER_VERSION_SQL}: {text:?}"))
                .with_sql(Some(SERVER_VERSION_SQL)),
        )
    })?;
    Ok(PostgresDialect::with_version(major, minor))
}

/// True for the errors of a prepared statement that preparing it again would cure.
pub(crate) fn is_stale_statement(e: &postgres::Error) -> bool {
    match e.as_db_error() {
        Some(db) if *db.code() == SqlState::INVALID_SQL_STATEMENT_NAME => true,
        Some(db) => {
            *db.code() == SqlState::FEATURE_NOT_SUPPORTED && db.message().starts_with("cached plan must not change")
        }
        None => false,
    }
}

/// `(major, minor)` from `server_version_num`: `150020` is 15.20 (major * 10000 + minor
/// since version 10), `90624` is 9.6 (major * 10000 + minor * 100 + patch before).
pub(crate) fn parse_server_version_num(text: &str) -> Option<(u16, u16)> {
    let n: u32 = text.trim().parse().ok()?;
    let (major, minor) = if n >= 100_000 { (n / 10_000, n % 10_000) } else { (n / 10_000, n / 100 % 100) };
    Some((u16::try_from(major).ok()?, u16::try_from(minor).ok()?))
}

/// Maps a `postgres` error. Constraint violations (SQLSTATE class 23: unique, foreign key,
/// not null, check, exclusion) become [`Error::Integrity`]; everything else
/// [`Error::Database`]. The message is the server's, with its SQLSTATE, detail and hint, or
/// this driver's own for a value it could not convert.
pub(crate) fn pg_error(e: postgres::Error, sql: Option<&str>) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let mut message = format!("{} (SQLSTATE {code})", db.message());
        if let Some(detail) = db.detail() {
            message.push_str("; detail: ");
            message.push_str(detail);
        }
        if let Some(hint) = db.hint() {
            message.push_str("; hint: ");
            message.push_str(hint);
        }
        let kind = DbErrorKind::from_sqlstate(code);
        let report = DatabaseError::new(kind, message).with_sqlstate(code).with_constraint(db.constraint());
        return report.with_sql(sql).with_source(e).into();
    }
    let conversion = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<ConversionError>());
    let (kind, message) = if let Some(conversion) = conversion {
        (DbErrorKind::Conversion, conversion.0.clone())
    } else if e.is_closed() {
        (DbErrorKind::Connection, format!("the connection to the PostgreSQL server is closed ({})", with_causes(&e)))
    } else {
        (connect_failure_kind(&e), with_causes(&e))
    };
    DatabaseError::new(kind, message).with_sql(sql).with_source(e).into()
}

/// The kind of a failure that did not come from the server: an I/O failure (refused,
/// unreachable, reset) is a connection failure, anything else is unclassified.
pub(crate) fn connect_failure_kind(e: &postgres::Error) -> DbErrorKind {
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if c.is::<std::io::Error>() {
            return DbErrorKind::Connection;
        }
        cause = c.source();
    }
    if e.is_closed() { DbErrorKind::Connection } else { DbErrorKind::Other }
}

/// An error and its chain of causes, `: `-separated (`postgres` errors show only their kind:
/// "error connecting to server", the reason being the cause).
pub(crate) fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// A value this driver could not convert to or from a PostgreSQL type; the message is
/// complete (it names the parameter or column, the value and the type).
#[derive(Debug)]
struct ConversionError(String);

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConversionError {}

/// The base type of a domain (recursively): a domain's values travel in its base type's
/// binary form.
fn base_type(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(base) => base_type(base),
        _ => ty,
    }
}

/// How a parameter of some PostgreSQL type is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Bool,
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,
    Numeric,
    /// `text`, `varchar`, `bpchar`, `name`, `json`: the binary form is the UTF-8 text.
    Text,
    /// `jsonb`: a version byte (1), then the text.
    Jsonb,
    Bytea,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    /// Any other type: the value is sent in the text format, for the server to parse.
    Other,
}

impl Target {
    fn of(ty: &Type) -> Target {
        let ty = base_type(ty);
        match *ty {
            Type::BOOL => Target::Bool,
            Type::INT2 => Target::Int2,
            Type::INT4 => Target::Int4,
            Type::INT8 => Target::Int8,
            Type::OID => Target::Oid,
            Type::FLOAT4 => Target::Float4,
            Type::FLOAT8 => Target::Float8,
            Type::NUMERIC => Target::Numeric,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::JSON => Target::Text,
            Type::JSONB => Target::Jsonb,
            Type::BYTEA => Target::Bytea,
            Type::DATE => Target::Date,
            Type::TIME => Target::Time,
            Type::TIMESTAMP => Target::Timestamp,
            Type::TIMESTAMPTZ => Target::TimestampTz,
            _ => Target::Other,
        }
    }
}

/// A bound parameter: the value and its 1-based position, for messages.
#[derive(Debug)]
pub(crate) struct Param<'a> {
    value: &'a Value,
    position: usize,
}

impl<'a> Param<'a> {
    pub(crate) fn list(values: &'a [Value]) -> Vec<Param<'a>> {
        values.iter().enumerate().map(|(i, value)| Param { value, position: i + 1 }).collect()
    }

    fn error(&self, ty: &Type, what: &str) -> BoxError {
        Box::new(ConversionError(format!(
            "cannot bind parameter ${} to PostgreSQL type {}: {} {what}",
            self.position,
            ty.name(),
            describe(self.value)
        )))
    }

    fn mismatch(&self, ty: &Type) -> BoxError {
        self.error(ty, "is not a value of that type")
    }

    fn out_of_range(&self, ty: &Type) -> BoxError {
        self.error(ty, "is out of range for that type")
    }

    fn integer(&self, ty: &Type) -> std::result::Result<i64, BoxError> {
        match self.value {
            Value::Int(n) => Ok(*n),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Float(f) if f.is_finite() && f.fract() == 0.0 => {
                // -2^63 is exact in f64 and 2^63 is the first value past i64::MAX.
                if *f >= -9_223_372_036_854_775_808.0 && *f < 9_223_372_036_854_775_808.0 {
                    Ok(*f as i64)
                } else {
                    Err(self.out_of_range(ty))
                }
            }
            Value::Decimal(d) => {
                let normalized = d.normalized();
                if normalized.contains('.') {
                    Err(self.mismatch(ty))
                } else {
                    normalized.parse().map_err(|_| self.out_of_range(ty))
                }
            }
            _ => Err(self.mismatch(ty)),
        }
    }

    fn float(&self, ty: &Type) -> std::result::Result<f64, BoxError> {
        match self.value {
            Value::Float(f) => Ok(*f),
            // Rounds to the nearest float past 2^53, as a CAST to double precision does.
            Value::Int(n) => Ok(*n as f64),
            Value::Decimal(d) => d.as_str().parse().map_err(|_| self.mismatch(ty)),
            _ => Err(self.mismatch(ty)),
        }
    }

    /// The text form of the value, as PostgreSQL's input functions read it.
    /// Borrowed for text and decimals, which already are text.
    fn text(&self, ty: &Type) -> std::result::Result<Cow<'_, str>, BoxError> {
        let text = match self.value {
            Value::Text(s) => Cow::Borrowed(s.as_str()),
            Value::Decimal(d) => Cow::Borrowed(d.as_str()),
            Value::Int(n) => Cow::Owned(n.to_string()),
            Value::Float(f) => Cow::Owned(float_text(*f)),
            Value::Bool(b) => Cow::Owned(b.to_string()),
            Value::Date(d) => Cow::Owned(d.to_string()),
            Value::Time(t) => Cow::Owned(t.to_string()),
            Value::Timestamp(t) => Cow::Owned(t.to_string()),
            Value::TimestampTz(t) => Cow::Owned(format!("{t}+00")),
            _ => return Err(self.mismatch(ty)),
        };
        if text.contains('\0') {
            return Err(self.error(ty, "contains a NUL character, which PostgreSQL text cannot hold"));
        }
        Ok(text)
    }

    fn timestamp(&self, ty: &Type) -> std::result::Result<Timestamp, BoxError> {
        match self.value {
            Value::Timestamp(t) | Value::TimestampTz(t) => Ok(*t),
            _ => Err(self.mismatch(ty)),
        }
    }
}

/// Floats in PostgreSQL's spelling: `NaN`, `Infinity`, `-Infinity`, else digits (Rust's
/// `Display` never uses an exponent and is the shortest text that reads back exactly).
fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity".to_string() } else { "-Infinity".to_string() }
    } else {
        f.to_string()
    }
}

/// The value for a message: its kind and literal, cut short when long.
fn describe(value: &Value) -> String {
    const MAX: usize = 60;
    let literal = value.to_string();
    match literal.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{} {}...", value.kind(), &literal[..cut]),
        None => format!("{} {literal}", value.kind()),
    }
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        if self.value.is_null() {
            return Ok(IsNull::Yes);
        }
        match Target::of(ty) {
            Target::Bool => match self.value {
                Value::Bool(b) => out.put_u8(u8::from(*b)),
                Value::Int(n @ (0 | 1)) => out.put_u8(*n as u8),
                _ => return Err(self.mismatch(ty)),
            },
            Target::Int2 => out.put_i16(i16::try_from(self.integer(ty)?).map_err(|_| self.out_of_range(ty))?),
            Target::Int4 => out.put_i32(i32::try_from(self.integer(ty)?).map_err(|_| self.out_of_range(ty))?),
            Target::Int8 => out.put_i64(self.integer(ty)?),
            Target::Oid => out.put_u32(u32::try_from(self.integer(ty)?).map_err(|_| self.out_of_range(ty))?),
            Target::Float4 => {
                let wide = self.float(ty)?;
                let narrow = wide as f32;
                // `as` saturates to infinity; PostgreSQL refuses such a value instead.
                if wide.is_finite() && narrow.is_infinite() {
                    return Err(self.out_of_range(ty));
                }
                out.put_f32(narrow);
            }
            Target::Float8 => out.put_f64(self.float(ty)?),
            Target::Numeric => match self.value {
                Value::Decimal(d) => write_numeric(d.as_str(), out).map_err(|why| self.error(ty, why))?,
                Value::Int(n) => write_numeric(&n.to_string(), out).map_err(|why| self.error(ty, why))?,
                Value::Bool(b) => write_numeric(if *b { "1" } else { "0" }, out).map_err(|why| self.error(ty, why))?,
                Value::Float(f) if f.is_nan() => write_numeric_special(NUMERIC_NAN, out),
                Value::Float(f) if f.is_infinite() => {
                    write_numeric_special(if *f > 0.0 { NUMERIC_PINF } else { NUMERIC_NINF }, out)
                }
                Value::Float(f) => write_numeric(&f.to_string(), out).map_err(|why| self.error(ty, why))?,
                _ => return Err(self.mismatch(ty)),
            },
            Target::Text => {
                if matches!(self.value, Value::Bytes(_)) {
                    return Err(self.mismatch(ty));
                }
                out.put_slice(self.text(ty)?.as_bytes());
            }
            Target::Jsonb => {
                if matches!(self.value, Value::Bytes(_)) {
                    return Err(self.mismatch(ty));
                }
                out.put_u8(1);
                out.put_slice(self.text(ty)?.as_bytes());
            }
            Target::Bytea => match self.value {
                Value::Bytes(b) => out.put_slice(b),
                _ => return Err(self.mismatch(ty)),
            },
            Target::Date => match self.value {
                Value::Date(d) => {
                    // Years 1..=9999 are about ±3.6 million days: always an i32.
                    let days =
                        i32::try_from(d.days_since_unix_epoch() - PG_EPOCH_DAYS).map_err(|_| self.out_of_range(ty))?;
                    out.put_i32(days);
                }
                _ => return Err(self.mismatch(ty)),
            },
            Target::Time => match self.value {
                Value::Time(t) => out.put_i64(t.micros_since_midnight()),
                _ => return Err(self.mismatch(ty)),
            },
            // Both timestamp types are microseconds since 2000-01-01 00:00:00; for
            // timestamptz that instant is in UTC, which is what Value::TimestampTz holds.
            Target::Timestamp | Target::TimestampTz => {
                out.put_i64(self.timestamp(ty)?.micros_since_unix_epoch() - PG_EPOCH_MICROS)
            }
            Target::Other => {
                if matches!(self.value, Value::Bytes(_)) {
                    return Err(self.mismatch(ty));
                }
                out.put_slice(self.text(ty)?.as_bytes());
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        // Every type is accepted here and checked in to_sql, where the value is known: an
        // integer suits an int4 parameter when it is in range, which accepts() cannot see.
        true
    }

    fn encode_format(&self, ty: &Type) -> Format {
        // Types this driver does not encode itself are sent as text and parsed by the server.
        if Target::of(ty) == Target::Other { Format::Text } else { Format::Binary }
    }

    to_sql_checked!();
}

fn write_numeric_special(sign: u16, out: &mut BytesMut) {
    out.put_i16(0);
    out.put_i16(0);
    out.put_u16(sign);
    out.put_u16(0);
}

/// Writes decimal text (`-123.4500`) in PostgreSQL's binary NUMERIC form: the number of
/// base-10000 digits, the weight of the first one (the power of 10000 it multiplies), the
/// sign, the display scale (digits after the point, trailing zeros included), then the
/// digits. Leading and trailing zero digits are not sent.
fn write_numeric(text: &str, out: &mut BytesMut) -> std::result::Result<(), &'static str> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if (int.is_empty() && frac.is_empty()) || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return Err("is not a decimal number");
    }
    if frac.len() > NUMERIC_DSCALE_MAX {
        return Err("has more digits after the point than NUMERIC can hold");
    }
    let int = int.trim_start_matches('0');
    // Group the digits by four around the point: pad the integer part on the left and the
    // fraction on the right.
    let int_pad = (4 - int.len() % 4) % 4;
    let frac_pad = (4 - frac.len() % 4) % 4;
    let digits: Vec<u8> = std::iter::repeat_n(b'0', int_pad)
        .chain(int.bytes())
        .chain(frac.bytes())
        .chain(std::iter::repeat_n(b'0', frac_pad))
        .collect();
    let mut groups: Vec<i16> =
        digits.chunks(4).map(|chunk| chunk.iter().fold(0i16, |acc, d| acc * 10 + i16::from(d - b'0'))).collect();
    let mut weight = ((int_pad + int.len()) / 4) as i64 - 1;
    let leading = groups.iter().take_while(|g| **g == 0).count();
    groups.drain(..leading);
    weight -= leading as i64;
    while groups.last() == Some(&0) {
        groups.pop();
    }
    let (weight, sign) =
        if groups.is_empty() { (0, NUMERIC_POS) } else { (weight, if negative { NUMERIC_NEG } else { NUMERIC_POS }) };
    let ndigits = i16::try_from(groups.len()).map_err(|_| "has more digits than NUMERIC can hold")?;
    let weight = i16::try_from(weight).map_err(|_| "is too large or too small for NUMERIC")?;
    out.put_i16(ndigits);
    out.put_i16(weight);
    out.put_u16(sign);
    out.put_u16(frac.len() as u16);
    for g in groups {
        out.put_i16(g);
    }
    Ok(())
}

/// Reads PostgreSQL's binary NUMERIC form (see [`write_numeric`]) as decimal text with
/// exactly the display scale's digits after the point, as PostgreSQL prints it: a
/// `NUMERIC(10,2)` 12.3 is `12.30`. NaN and the infinities have no decimal form and are read
/// as floats.
fn read_numeric(raw: &[u8]) -> std::result::Result<Value, String> {
    let mut reader = Reader(raw);
    let ndigits = reader.i16()?;
    let weight = i64::from(reader.i16()?);
    let sign = reader.u16()?;
    let dscale = usize::from(reader.u16()?);
    let mut digits = Vec::with_capacity(usize::try_from(ndigits).unwrap_or(0));
    for _ in 0..ndigits {
        let d = reader.i16()?;
        if !(0..10_000).contains(&d) {
            return Err(format!("invalid NUMERIC digit {d}"));
        }
        digits.push(d);
    }
    reader.end()?;
    let negative = match sign {
        NUMERIC_POS => false,
        NUMERIC_NEG => true,
        NUMERIC_NAN => return Ok(Value::Float(f64::NAN)),
        NUMERIC_PINF => return Ok(Value::Float(f64::INFINITY)),
        NUMERIC_NINF => return Ok(Value::Float(f64::NEG_INFINITY)),
        other => return Err(format!("invalid NUMERIC sign {other:#06x}")),
    };
    // Digit i multiplies 10000^(weight - i).
    let digit = |i: i64| usize::try_from(i).ok().and_then(|i| digits.get(i)).copied().unwrap_or(0);
    let mut text = String::with_capacity(8 + 4 * digits.len() + dscale);
    if negative {
        text.push('-');
    }
    if weight < 0 {
        text.push('0');
    } else {
        text.push_str(&digit(0).to_string());
        for i in 1..=weight {
            text.push_str(&format!("{:04}", digit(i)));
        }
    }
    if dscale > 0 {
        text.push('.');
        let start = text.len();
        let mut i = weight + 1;
        while text.len() - start < dscale {
            text.push_str(&format!("{:04}", digit(i)));
            i += 1;
        }
        // PostgreSQL rounds a value to its display scale, so the cut digits are zeros.
        text.truncate(start + dscale);
    }
    text.parse::<Decimal>().map(Value::Decimal).map_err(|e| e.to_string())
}

/// A cursor over a binary value.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> std::result::Result<[u8; N], String> {
        let (head, rest) = self.0.split_at_checked(N).ok_or("the value is shorter than its type's binary form")?;
        self.0 = rest;
        head.try_into().map_err(|_| "the value is shorter than its type's binary form".to_string())
    }

    fn i16(&mut self) -> std::result::Result<i16, String> {
        self.take().map(i16::from_be_bytes)
    }

    fn u16(&mut self) -> std::result::Result<u16, String> {
        self.take().map(u16::from_be_bytes)
    }

    fn end(&self) -> std::result::Result<(), String> {
        if self.0.is_empty() { Ok(()) } else { Err("the value is longer than its type's binary form".to_string()) }
    }
}

/// Exactly `N` bytes, or an error naming the type.
fn exact<const N: usize>(raw: &[u8], ty: &Type) -> std::result::Result<[u8; N], String> {
    raw.try_into().map_err(|_| format!("a {} value must be {N} bytes, got {}", ty.name(), raw.len()))
}

fn utf8(raw: &[u8]) -> std::result::Result<Value, String> {
    std::str::from_utf8(raw).map(|s| Value::Text(s.into())).map_err(|e| format!("text is not UTF-8: {e}"))
}

/// One value of a result row, decoded from the binary form of its column's type.
pub(crate) struct Cell(pub(crate) Value);

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        read_value(ty, raw)
            .map(Cell)
            .map_err(|why| -> BoxError { Box::new(ConversionError(format!("PostgreSQL type {}: {why}", ty.name()))) })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Cell(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        // read_value decides per type, and names the type when it has no conversion.
        true
    }
}

fn read_value(ty: &Type, raw: &[u8]) -> std::result::Result<Value, String> {
    let ty = base_type(ty);
    Ok(match *ty {
        Type::BOOL => Value::Bool(exact::<1>(raw, ty)?[0] != 0),
        Type::INT2 => Value::Int(i16::from_be_bytes(exact(raw, ty)?).into()),
        Type::INT4 => Value::Int(i32::from_be_bytes(exact(raw, ty)?).into()),
        Type::INT8 => Value::Int(i64::from_be_bytes(exact(raw, ty)?)),
        Type::OID => Value::Int(u32::from_be_bytes(exact(raw, ty)?).into()),
        Type::FLOAT4 => Value::Float(f32::from_be_bytes(exact(raw, ty)?).into()),
        Type::FLOAT8 => Value::Float(f64::from_be_bytes(exact(raw, ty)?)),
        Type::NUMERIC => read_numeric(raw)?,
        Type::TEXT
        | Type::VARCHAR
        | Type::BPCHAR
        | Type::NAME
        | Type::JSON
        | Type::XML
        | Type::UNKNOWN
        | Type::CHAR => utf8(raw)?,
        Type::JSONB => match raw.split_first() {
            Some((1, text)) => utf8(text)?,
            Some((version, _)) => return Err(format!("unknown jsonb format version {version}")),
            None => return Err("empty jsonb value".to_string()),
        },
        Type::BYTEA => Value::Bytes(raw.to_vec()),
        Type::DATE => {
            let days = i32::from_be_bytes(exact(raw, ty)?);
            if days == i32::MAX || days == i32::MIN {
                return Err("infinity has no sqlcore Date".to_string());
            }
            Value::Date(Date::from_days_since_unix_epoch(i64::from(days) + PG_EPOCH_DAYS).map_err(|e| e.to_string())?)
        }
        Type::TIME => {
            let micros = i64::from_be_bytes(exact(raw, ty)?);
            Value::Time(Time::from_micros_since_midnight(micros).map_err(|e| e.to_string())?)
        }
        Type::TIMESTAMP | Type::TIMESTAMPTZ => {
            let micros = i64::from_be_bytes(exact(raw, ty)?);
            if micros == i64::MAX || micros == i64::MIN {
                return Err("infinity has no sqlcore Timestamp".to_string());
            }
            let t = Timestamp::from_micros_since_unix_epoch(micros + PG_EPOCH_MICROS).map_err(|e| e.to_string())?;
            if *ty == Type::TIMESTAMP { Value::Timestamp(t) } else { Value::TimestampTz(t) }
        }
        Type::UUID => {
            let b: [u8; 16] = exact(raw, ty)?;
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            Value::Text(
                format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]).into(),
            )
        }
        // Enum labels and citext (an extension, so known by name only) travel as their text.
        _ if matches!(ty.kind(), Kind::Enum(_)) || ty.name() == "citext" => utf8(raw)?,
        _ => return Err("sqlcore has no value for this type; CAST it to TEXT in the query".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric_round_trip(text: &str) -> String {
        let mut out = BytesMut::new();
        write_numeric(text, &mut out).expect("encodes");
        match read_numeric(&out).expect("decodes") {
            Value::Decimal(d) => d.as_str().to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numeric_binary_form_round_trips_with_its_scale() {
        for text in ["0", "1", "-1", "12.30", "0.000001", "-12345678901234.123456", "10000", "99990000.0001", "0.00"] {
            assert_eq!(numeric_round_trip(text), text);
        }
        assert!(write_numeric("1e0", &mut BytesMut::new()).is_err());
        assert!(write_numeric("-", &mut BytesMut::new()).is_err());
        assert_eq!(numeric_round_trip("-0.00"), "0.00");
        assert_eq!(numeric_round_trip("007.5"), "7.5");
        assert_eq!(numeric_round_trip("+.5"), "0.5");
    }

    #[test]
    fn numeric_binary_form_matches_postgresql() {
        // 12345.678 = 1 2345 . 6780: ndigits 3, weight 1, scale 3.
        let mut out = BytesMut::new();
        write_numeric("12345.678", &mut out).expect("encodes");
        assert_eq!(&out[..], [0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1a, 0x7c]);
        // 0.000001 = 0.0000 0100: one digit 100 of weight -2, scale 6.
        let mut out = BytesMut::new();
        write_numeric("0.000001", &mut out).expect("encodes");
        assert_eq!(&out[..], [0, 1, 0xff, 0xfe, 0, 0, 0, 6, 0, 100]);
    }

    #[test]
    fn server_version_num_is_split_by_era() {
        assert_eq!(parse_server_version_num("150020"), Some((15, 20)));
        assert_eq!(parse_server_version_num("90624"), Some((9, 6)));
        assert_eq!(parse_server_version_num("x"), None);
    }
}
