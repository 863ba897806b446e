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

impl Decimal {
    /// The float's value as a decimal: the shortest decimal that reads back as the same
    /// float (`0.1` for `0.1_f64`, `0.30000000000000004` for `0.1 + 0.2`); `None` for NaN and
    /// the infinities.
    pub fn from_f64(f: f64) -> Option<Decimal> {
        if !f.is_finite() {
            return None;
        }
        // Display is the shortest round-trip form and never uses an exponent.
        format!("{f}").parse().ok()
    }

    /// How many significant digits the value has: from the first non-zero digit to the last
    /// digit written (`0.0120` has 3, `-100` has 3, `0` has 0).
    pub fn significant_digits(&self) -> usize {
        let digits = self.0.bytes().filter(u8::is_ascii_digit);
        digits.skip_while(|&b| b == b'0').count()
    }

    /// The digits before the point (`0` for a value below one).
    pub fn integer_digits(&self) -> usize {
        let int = self.0.trim_start_matches('-').split('.').next().unwrap_or("");
        int.trim_start_matches('0').len()
    }

    /// The value with exactly `scale` digits after the point: padded with zeros, or rounded
    /// half away from zero (as PostgreSQL and MySQL round a NUMERIC / DECIMAL).
    ///
    /// ```
    /// use sqlcore::Decimal;
    /// let d = |s: &str| s.parse::<Decimal>().unwrap();
    /// assert_eq!(d("2.675").round_to_scale(2).as_str(), "2.68");
    /// assert_eq!(d("-2.5").round_to_scale(0).as_str(), "-3");
    /// assert_eq!(d("10").round_to_scale(2).as_str(), "10.00");
    /// assert_eq!(d("-0.004").round_to_scale(2).as_str(), "0.00");
    /// assert_eq!(d("99.96").round_to_scale(1).as_str(), "100.0");
    /// ```
    pub fn round_to_scale(&self, scale: usize) -> Decimal {
        let (negative, mut digits, current) = self.split();
        if scale >= current {
            digits.resize(digits.len() + (scale - current), b'0');
            return Decimal::join(negative, digits, scale);
        }
        let drop = current - scale;
        // At least one digit is kept (a leading zero), so rounding has a place to carry to.
        if digits.len() <= drop {
            let mut padded = vec![b'0'; drop + 1 - digits.len()];
            padded.extend_from_slice(&digits);
            digits = padded;
        }
        let cut = digits.len() - drop;
        let round_up = digits[cut] >= b'5';
        digits.truncate(cut);
        if round_up {
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, b'1');
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        Decimal::join(negative, digits, scale)
    }

    /// Sign, every digit (no point), and how many of them are after the point.
    fn split(&self) -> (bool, Vec<u8>, usize) {
        let (negative, unsigned) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0.as_str()),
        };
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let mut digits = Vec::with_capacity(int.len() + frac.len());
        digits.extend_from_slice(int.as_bytes());
        digits.extend_from_slice(frac.as_bytes());
        (negative, digits, frac.len())
    }

    /// The inverse of [`Decimal::split`], without leading zeros (but one before the point),
    /// and without the sign of a zero.
    fn join(negative: bool, digits: Vec<u8>, scale: usize) -> Decimal {
        let split_at = digits.len().saturating_sub(scale);
        let (int, frac) = digits.split_at(split_at);
        let int = std::str::from_utf8(int).unwrap_or("").trim_start_matches('0');
        let frac = std::str::from_utf8(frac).unwrap_or("");
        let mut out = String::with_capacity(digits.len() + 3);
        if negative && (!int.is_empty() || frac.bytes().any(|b| b != b'0')) {
            out.push('-');
        }
        out.push_str(if int.is_empty() { "0" } else { int });
        if scale > 0 {
            out.push('.');
            for _ in frac.len()..scale {
                out.push('0');
            }
            out.push_str(frac);
        }
        Decimal(out)
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
