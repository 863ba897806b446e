//! Reading SQL text an engine's catalog gives back (defaults, checks): the pieces every
//! catalog and the schema diff share.

/// The text inside `(` ... `)` when those two parentheses enclose all of `text` (`(a) + (b)`
/// is not enclosed); parentheses inside single-quoted literals do not count.
pub fn strip_outer_parens(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0usize;
    let mut in_quote = false;
    for ch in inner.chars() {
        match ch {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => depth = depth.checked_sub(1)?,
            _ => {}
        }
    }
    (depth == 0 && !in_quote).then_some(inner)
}

/// `text` trimmed, without every pair of enclosing parentheses: `((5))` is `5`.
pub fn unwrap_parens(text: &str) -> &str {
    let mut s = text.trim();
    while let Some(inner) = strip_outer_parens(s) {
        s = inner.trim();
    }
    s
}

/// Whether `s` is a plain decimal number: optional `-`, digits, at most one `.` with digits.
pub fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parentheses_and_numbers() {
        assert_eq!(unwrap_parens(" ((5)) "), "5");
        assert_eq!(unwrap_parens("(1) + (2)"), "(1) + (2)");
        assert_eq!(unwrap_parens("(')')"), "')'");
        assert_eq!(strip_outer_parens("(a"), None);
        assert!(is_number("-2.50"));
        assert!(!is_number("2."));
        assert!(!is_number("1e5"));
    }
}
