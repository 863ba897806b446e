//! Whether a value fits a column: checked when INSERT or UPDATE gives a column a bound value,
//! so a value the column cannot hold is the same clear error on every engine. PostgreSQL
//! and MySQL in strict mode refuse such values themselves, but SQLite stores anything in any
//! column, and MySQL would round a float into an integer column.

use crate::schema::{Column, SqlType};
use crate::value::{Decimal, Value};

impl Column {
    /// Whether [`Column::accepts`] takes any value of `value`'s kind in this column, without
    /// looking at the value itself (an integer in a BIGINT column, text in a TEXT column):
    /// the usual case, tested with one comparison instead of the full check.
    #[inline]
    pub(crate) fn accepts_kind(&self, value: &Value) -> bool {
        matches!(
            (value, &self.ty),
            (Value::Null, _)
                | (Value::Int(_), SqlType::BigInt | SqlType::Real | SqlType::Double | SqlType::Text)
                | (Value::Float(_), SqlType::Double)
                | (Value::Bool(_), SqlType::Boolean)
                | (Value::Text(_), SqlType::Text | SqlType::Json)
                | (Value::Bytes(_), SqlType::Blob)
        )
    }

    /// `Ok` if this column can hold `value` unchanged; otherwise why not.
    ///
    /// ```
    /// use sqlcore::prelude::*;
    /// let code = Column::new("code", SqlType::Varchar(3));
    /// assert!(code.accepts(&Value::from("abc")).is_ok());
    /// assert!(code.accepts(&Value::from("abcd")).is_err());
    /// assert!(Column::new("n", SqlType::SmallInt).accepts(&Value::Int(40_000)).is_err());
    /// ```
    ///
    /// # Errors
    /// A sentence saying why the value does not fit.
    pub fn accepts(&self, value: &Value) -> Result<(), String> {
        let ty = &self.ty;
        let mismatch = || Err(format!("a {} value cannot be stored in a {ty:?} column", value.kind()));
        match (value, ty) {
            (Value::Null, _) => Ok(()),
            (Value::Int(n), SqlType::SmallInt) => in_range(*n, i64::from(i16::MIN), i64::from(i16::MAX), ty),
            (Value::Int(n), SqlType::Integer) => in_range(*n, i64::from(i32::MIN), i64::from(i32::MAX), ty),
            (Value::Int(n), SqlType::Numeric(p, s)) => fits_numeric(&Decimal::from(*n), *p, *s),
            (Value::Int(n), SqlType::Boolean) if (0..=1).contains(n) => Ok(()),
            (Value::Int(_), SqlType::BigInt | SqlType::Real | SqlType::Double) => Ok(()),
            (Value::Float(f), SqlType::Real | SqlType::Double) if f.is_finite() || *ty == SqlType::Double => Ok(()),
            (Value::Float(f), SqlType::Real) => Err(format!("{f} has no REAL form on every engine")),
            // A whole float is that integer on every engine; a fraction would be rounded
            // (MySQL, PostgreSQL casts) or kept (SQLite).
            (Value::Float(f), SqlType::SmallInt | SqlType::Integer | SqlType::BigInt)
                if f.fract() == 0.0 && f.abs() < 9.2e18 =>
            {
                self.accepts(&Value::Int(*f as i64))
            }
            (Value::Float(f), SqlType::SmallInt | SqlType::Integer | SqlType::BigInt) => {
                Err(format!("{f} is not a whole number; an integer column would round or refuse it"))
            }
            (Value::Float(f), SqlType::Numeric(p, s)) if f.is_finite() => match format!("{f}").parse::<Decimal>() {
                Ok(d) => fits_numeric(&d, *p, *s),
                Err(_) => mismatch(),
            },
            (Value::Decimal(d), SqlType::Numeric(p, s)) => fits_numeric(d, *p, *s),
            (Value::Decimal(_), SqlType::Real | SqlType::Double) => Ok(()),
            (Value::Decimal(d), SqlType::SmallInt | SqlType::Integer | SqlType::BigInt) => {
                let whole = d.normalized();
                match whole.parse::<i64>() {
                    Ok(n) if !whole.contains('.') => self.accepts(&Value::Int(n)),
                    _ => Err(format!("{d} is not a whole number in range of a {ty:?} column")),
                }
            }
            (Value::Bool(_), SqlType::Boolean) => Ok(()),
            (Value::Text(s), SqlType::Varchar(n) | SqlType::Char(n)) => {
                let len = s.chars().count();
                if len as u64 <= u64::from(*n) {
                    Ok(())
                } else {
                    Err(format!("text of {len} characters is longer than {ty:?} allows"))
                }
            }
            (Value::Text(_), SqlType::Text | SqlType::Json) => Ok(()),
            // Every engine stores a whole or exact number in a text column as its digits.
            (Value::Int(_) | Value::Decimal(_), SqlType::Text) => Ok(()),
            (Value::Int(_) | Value::Decimal(_), SqlType::Varchar(_) | SqlType::Char(_)) => {
                let digits = match value {
                    Value::Int(i) => i.to_string(),
                    other => other.to_string(),
                };
                Column::new(self.name.clone(), ty.clone()).accepts(&Value::Text(digits.into()))
            }
            (Value::Bytes(_), SqlType::Blob) => Ok(()),
            (Value::Date(_), SqlType::Date) => Ok(()),
            (Value::Time(_), SqlType::Time) => Ok(()),
            (Value::Timestamp(_) | Value::TimestampTz(_), SqlType::Timestamp | SqlType::TimestampTz) => Ok(()),
            _ => mismatch(),
        }
    }
}

fn in_range(n: i64, min: i64, max: i64, ty: &SqlType) -> Result<(), String> {
    if (min..=max).contains(&n) {
        Ok(())
    } else {
        Err(format!("{n} is out of range for a {ty:?} column ({min} to {max})"))
    }
}

/// At most `precision - scale` digits before the point, and at most `scale` after it (trailing
/// zeros aside). More fractional digits are refused, not rounded: PostgreSQL and MySQL would
/// round them as they store the value, but SQLite (which keeps decimals as floats) would keep
/// them, and the engines would then hold different values.
fn fits_numeric(d: &Decimal, precision: u8, scale: u8) -> Result<(), String> {
    let normalized = d.normalized();
    let int_part = normalized.trim_start_matches('-').split('.').next().unwrap_or("0");
    let int_digits = if int_part == "0" { 0 } else { int_part.len() };
    let allowed = usize::from(precision.saturating_sub(scale));
    if int_digits > allowed {
        return Err(format!(
            "{d} has {int_digits} digits before the point; NUMERIC({precision}, {scale}) allows {allowed}"
        ));
    }
    let frac_digits = normalized.split_once('.').map_or(0, |(_, f)| f.len());
    if frac_digits > usize::from(scale) {
        return Err(format!(
            "{d} has {frac_digits} digits after the point; NUMERIC({precision}, {scale}) holds {scale} \
             (round it first, e.g. Decimal::round_to_scale)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test never says yes where the full check says no.
    #[test]
    fn accepts_kind_agrees_with_accepts() {
        let values = [
            Value::Null,
            Value::Int(0),
            Value::Int(i64::MAX),
            Value::Int(i64::MIN),
            Value::Float(1.5),
            Value::Float(f64::NAN),
            Value::Float(f64::INFINITY),
            Value::Bool(true),
            Value::from("text"),
            Value::from("x".repeat(300)),
            Value::Bytes(vec![0, 1]),
        ];
        let types = [
            SqlType::SmallInt,
            SqlType::Integer,
            SqlType::BigInt,
            SqlType::Real,
            SqlType::Double,
            SqlType::Numeric(5, 2),
            SqlType::Boolean,
            SqlType::Text,
            SqlType::Varchar(3),
            SqlType::Char(2),
            SqlType::Json,
            SqlType::Blob,
            SqlType::Date,
            SqlType::Time,
            SqlType::Timestamp,
            SqlType::TimestampTz,
        ];
        let mut quick = 0;
        for ty in types {
            let column = Column::new("c", ty.clone());
            for v in &values {
                if column.accepts_kind(v) {
                    quick += 1;
                    assert!(
                        column.accepts(v).is_ok(),
                        "{v:?} in {ty:?}: the quick test takes what the full check refuses"
                    );
                }
            }
        }
        assert!(quick > 20, "the quick test takes the usual pairs ({quick})");
    }
}
