//! Bound values.
//!
//! A [`Value`] is what a Rust value becomes when it is bound as a parameter. It is kept small
//! on purpose; only the driver glue in `dialects/*` converts it to a driver's own types.

mod decimal;
mod temporal;
mod text;

pub use decimal::{Decimal, DecimalError};
pub use temporal::{Date, TemporalError, Time, Timestamp};
pub use text::Text;

use std::fmt;

/// A value bound as a parameter, or read back from a row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed 64-bit integer (every integer width is widened to this).
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// Text (short text is held inline: see [`Text`]).
    Text(Text),
    /// Raw bytes.
    Bytes(Vec<u8>),
    /// An exact decimal (NUMERIC / DECIMAL columns).
    Decimal(Decimal),
    /// A calendar date.
    Date(Date),
    /// A time of day.
    Time(Time),
    /// A date and time with no time zone.
    Timestamp(Timestamp),
    /// An instant, as its date and time in UTC.
    TimestampTz(Timestamp),
}

impl Value {
    /// The kind of value, for error messages: `"NULL"`, `"bool"`, `"integer"`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "bool",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            Value::Decimal(_) => "decimal",
            Value::Date(_) => "date",
            Value::Time(_) => "time",
            Value::Timestamp(_) => "timestamp",
            Value::TimestampTz(_) => "timestamp with time zone",
        }
    }

    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl fmt::Display for Value {
    /// Shows the value as an ANSI SQL literal (for messages and `Display` of statements).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        match crate::compile::literal::write_ansi_literal(&mut out, self) {
            Ok(()) => f.write_str(&out),
            Err(_) => write!(f, "{self:?}"),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => $variant:ident as $conv:ty),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self { Value::$variant(<$conv>::from(v)) }
        }
    )*};
}

value_from! {
    bool => Bool as bool,
    i8 => Int as i64, i16 => Int as i64, i32 => Int as i64, i64 => Int as i64,
    u8 => Int as i64, u16 => Int as i64, u32 => Int as i64,
    f32 => Float as f64, f64 => Float as f64,
    String => Text as Text, &str => Text as Text,
    Vec<u8> => Bytes as Vec<u8>, &[u8] => Bytes as Vec<u8>,
}

impl From<Decimal> for Value {
    fn from(v: Decimal) -> Self {
        Value::Decimal(v)
    }
}

impl From<Date> for Value {
    fn from(v: Date) -> Self {
        Value::Date(v)
    }
}

impl From<Time> for Value {
    fn from(v: Time) -> Self {
        Value::Time(v)
    }
}

impl From<Timestamp> for Value {
    /// A timestamp without time zone; use [`Value::TimestampTz`] for an instant.
    fn from(v: Timestamp) -> Self {
        Value::Timestamp(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Text::from(v))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}
