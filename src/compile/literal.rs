//! Values written into SQL as literals: for reading (`Display`, `to_inline_sql`) and for DDL
//! (defaults, CHECK constraints), never for executing application data.
//!
//! Each function escapes for one family of string syntax: standard SQL doubles `'`;
//! MySQL also treats `\` as an escape, so it doubles that too.

use crate::error::{Error, Result};
use crate::value::Value;

/// Writes an integer.
pub fn write_int(out: &mut String, n: i64) {
    let mut buf = itoa::Buffer::new();
    out.push_str(buf.format(n));
}

/// Writes a finite float so that it reads back as a float, not an integer (`20.0`, `1e300`).
///
/// # Errors
/// [`Error::InvalidValue`] for NaN and infinities, which have no standard literal.
pub fn write_finite_float(out: &mut String, f: f64, dialect: &str) -> Result<()> {
    if !f.is_finite() {
        return Err(Error::invalid_value(format!("{f}"), dialect, "NaN and infinite floats have no SQL literal here"));
    }
    // Debug formatting is the shortest round-trip form and always has a `.` or an exponent.
    use std::fmt::Write;
    let _ = write!(out, "{f:?}");
    Ok(())
}

/// Writes `s` between single quotes, doubling embedded quotes (standard SQL).
pub fn write_standard_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('\'');
    for ch in s.chars() {
        if ch == '\'' {
            out.push('\'');
        }
        out.push(ch);
    }
    out.push('\'');
}

/// Writes bytes as `X'0a1b'`.
pub fn write_hex_blob(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2 + 3);
    out.push_str("X'");
    push_hex(out, bytes);
    out.push('\'');
}

/// Writes bytes as lower-case hex digits.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
}

/// The ANSI literal of `value`: `NULL`, `TRUE`, `42`, `1.5`, `'it''s'`, `X'00ff'`.
///
/// # Errors
/// [`Error::InvalidValue`] for NaN / infinite floats and text containing NUL.
pub fn write_ansi_literal(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::Null => out.push_str("NULL"),
        Value::Bool(true) => out.push_str("TRUE"),
        Value::Bool(false) => out.push_str("FALSE"),
        Value::Int(n) => write_int(out, *n),
        Value::Float(f) => write_finite_float(out, *f, "ANSI SQL")?,
        Value::Text(s) => {
            reject_nul(s, "ANSI SQL")?;
            write_standard_string(out, s);
        }
        Value::Bytes(b) => write_hex_blob(out, b),
        // With a point, so that every engine reads an exact number (`4` would be an integer,
        // and `a / 4` an integer division).
        Value::Decimal(d) => {
            out.push_str(d.as_str());
            if !d.as_str().contains('.') {
                out.push_str(".0");
            }
        }
        Value::Date(d) => write_typed_string(out, "DATE ", d),
        Value::Time(t) => write_typed_string(out, "TIME ", t),
        Value::Timestamp(t) => write_typed_string(out, "TIMESTAMP ", t),
        Value::TimestampTz(t) => {
            out.push_str("TIMESTAMP WITH TIME ZONE '");
            push_display(out, t);
            out.push_str("+00:00'");
        }
    }
    Ok(())
}

/// Writes `prefix'value'` for a value whose text form needs no escaping (dates, times).
pub fn write_typed_string(out: &mut String, prefix: &str, value: &dyn std::fmt::Display) {
    out.push_str(prefix);
    out.push('\'');
    push_display(out, value);
    out.push('\'');
}

/// Appends `value`'s `Display` form.
pub fn push_display(out: &mut String, value: &dyn std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(out, "{value}");
}

/// [`Error::InvalidValue`] if `s` holds a NUL character, which text literals cannot carry.
///
/// # Errors
/// As described.
pub fn reject_nul(s: &str, dialect: &str) -> Result<()> {
    if s.contains('\0') {
        let shown: String = s.chars().take(40).collect();
        return Err(Error::invalid_value(
            format!("{shown:?}"),
            dialect,
            "text containing a NUL character has no literal form (bind it as bytes)",
        ));
    }
    Ok(())
}
