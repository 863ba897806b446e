//! Column types of the schema model.
//!
//! A [`SqlType`] is dialect-independent; each dialect spells it in DDL through
//! `Dialect::write_type` (e.g. `Blob` is `BLOB` on SQLite, `BYTEA` on PostgreSQL, `LONGBLOB` on
//! MySQL) and in `CAST` through `Dialect::write_cast_type`.

/// A column's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SqlType {
    /// 16-bit integer.
    SmallInt,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInt,
    /// Single-precision float.
    Real,
    /// Double-precision float.
    Double,
    /// Exact decimal with `precision` digits, `scale` of them after the point.
    Numeric(u8, u8),
    /// Text of unbounded length.
    Text,
    /// Text of at most `n` characters.
    Varchar(u32),
    /// Text of exactly `n` characters (blank-padded).
    Char(u32),
    /// Boolean.
    Boolean,
    /// Calendar date.
    Date,
    /// Time of day.
    Time,
    /// Date and time without a time zone.
    Timestamp,
    /// Date and time with a time zone (an instant).
    TimestampTz,
    /// Raw bytes.
    Blob,
    /// A JSON document.
    Json,
    /// A type sqlcore does not model, as the engine spells it (`point`, `ENUM('a','b')`,
    /// `tsvector`): what reflection returns for it, written back verbatim in DDL for the
    /// engine it came from. Values of it bind and read as text or bytes, as the driver gives.
    Other(std::sync::Arc<str>),
}

impl SqlType {
    /// True for the integer types (the candidates for autoincrement keys).
    pub fn is_integer(&self) -> bool {
        matches!(self, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt)
    }

    /// True for types whose values are unbounded text or bytes (some engines cannot index
    /// them without a prefix length).
    pub fn is_unbounded(&self) -> bool {
        matches!(self, SqlType::Text | SqlType::Blob | SqlType::Json)
    }
}
