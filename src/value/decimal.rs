//! Exact decimal numbers, kept as their digits.

use std::fmt;
use std::str::FromStr;

/// An exact decimal number such as `-1234.50`, held as normalized text: an optional `-`,
/// digits, and optionally `.` and digits. Two decimals are equal when their values are
/// (`1.50 == 1.5`), whatever trailing zeros they carry.
#[derive(Debug, Clone, Eq)]
pub struct Decimal(String);

/// Text that is not a decimal number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalError(pub String);

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a decimal number", self.0)
    }
}

impl std::error::Error for DecimalError {}

impl Decimal {
    /// The number as text, exactly as given (sign, digits, point).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value with no trailing fractional zeros and no leading zeros: the canonical form
    /// used for equality (`-0` is `0`).
    pub fn normalized(&self) -> String {
        let (neg, digits) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let mut out = String::new();
        if neg && !(int == "0" && frac.is_empty()) {
            out.push('-');
        }
        out.push_str(int);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// The digits after the point.
    pub fn scale(&self) -> usize {
        self.0.split_once('.').map_or(0, |(_, f)| f.len())
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.normalized() == other.normalized()
    }
}

impl std::hash::Hash for Decimal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.normalized().hash(state)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;
    /// Parses `[-+]digits[.digits]` (at least one digit; no exponent).
    fn from_str(s: &str) -> Result<Self, DecimalError> {
        let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let ok = !(int.is_empty() && frac.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(DecimalError(s.to_string()));
        }
        let mut text = String::with_capacity(s.len() + 1);
        if s.starts_with('-') {
            text.push('-');
        }
        text.push_str(if int.is_empty() { "0" } else { int });
        if !frac.is_empty() {
            text.push('.');
            text.push_str(frac);
        }
        Ok(Decimal(text))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<i64> for Decimal {
    fn from(n: i64) -> Self {
        Decimal(n.to_string())
    }
}
