//! An independent reading of compiled SQL: where the placeholders are, and whether anything
//! outside quotes could end the statement or hide text (`;`, `--`, `/*`).
//!
//! It does not trust the compiler's own bookkeeping: it scans the text the engine will scan.

/// What a scan of one statement found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// `?` placeholders outside quotes.
    pub question_marks: usize,
    /// `$n` placeholders outside quotes, in order of appearance.
    pub numbered: Vec<usize>,
}

/// Scans `sql`. `backslash_escapes`: whether a backslash escapes the next character inside a
/// string literal (MySQL's default). Errors name what was found outside quotes that no
/// generated statement may hold, or an unterminated quote.
pub fn scan(sql: &str, backslash_escapes: bool) -> Result<Scan, String> {
    let bytes = sql.as_bytes();
    let mut out = Scan::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err(format!("unterminated {} quote", q as char)),
                        Some(b'\\') if q == b'\'' && backslash_escapes => i += 2,
                        Some(&c) if c == q => {
                            if bytes.get(i + 1) == Some(&q) {
                                i += 2;
                            } else {
                                i += 1;
                                break;
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'?' => {
                out.question_marks += 1;
                i += 1;
            }
            b'$' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                if end == start {
                    return Err(format!("a `$` that is not a placeholder at byte {i}"));
                }
                let n = sql[start..end].parse().map_err(|e| format!("placeholder number: {e}"))?;
                out.numbered.push(n);
                i = end;
            }
            b';' => return Err(format!("`;` outside quotes at byte {i}")),
            b'-' if bytes.get(i + 1) == Some(&b'-') => return Err(format!("`--` outside quotes at byte {i}")),
            b'/' if bytes.get(i + 1) == Some(&b'*') => return Err(format!("`/*` outside quotes at byte {i}")),
            b'#' => return Err(format!("`#` outside quotes at byte {i}")),
            0 => return Err(format!("NUL outside quotes at byte {i}")),
            _ => i += 1,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_hide_placeholders_and_comments() {
        let s = scan("SELECT '?', \"a?\", `b$1` FROM t WHERE a = ? AND b = 'it''s -- ;'", false).unwrap();
        assert_eq!(s, Scan { question_marks: 1, numbered: vec![] });
        let s = scan("SELECT $1::BIGINT + $2 FROM t", false).unwrap();
        assert_eq!(s.numbered, vec![1, 2]);
    }

    #[test]
    fn backslashes_escape_only_where_the_dialect_says() {
        assert_eq!(scan(r"SELECT 'a\' ?'", true).unwrap().question_marks, 0);
        assert_eq!(scan(r"SELECT 'a\' ?'", false).unwrap_err(), "unterminated ' quote");
    }

    #[test]
    fn statement_ends_and_comments_outside_quotes_are_refused() {
        assert!(scan("SELECT 1; DROP TABLE t", false).is_err());
        assert!(scan("SELECT 1 -- x", false).is_err());
        assert!(scan("SELECT a--1", false).is_err());
        assert!(scan("SELECT 1 /* x */", false).is_err());
        assert!(scan("SELECT a - -1", false).is_ok());
    }
}
