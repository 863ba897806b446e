//! Writes TOML the way a reviewer wants to read it: one `key = value` line per field, tables
//! inline, a list of tables one per line. The `toml` crate reads it back; its own writer
//! would spread each step over sub-tables (`[upgrade.column]`), which reads poorly in a diff.

use std::fmt::Write as _;

use toml::Value;

/// `key = value` lines for each field of `table`.
pub fn fields(out: &mut String, table: &toml::Table) {
    for (key, value) in table {
        let _ = write!(out, "{} = ", bare_key(key));
        match value {
            Value::Array(items) if items.len() > 1 && items.iter().any(|v| matches!(v, Value::Table(_))) => {
                out.push_str("[\n");
                for item in items {
                    out.push_str("    ");
                    inline(out, item);
                    out.push_str(",\n");
                }
                out.push(']');
            }
            other => inline(out, other),
        }
        out.push('\n');
    }
}

/// A value on one line.
pub fn inline(out: &mut String, value: &Value) {
    match value {
        Value::String(s) => string(out, s),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
                let _ = write!(out, "{f:.1}");
            } else if f.is_nan() {
                out.push_str("nan");
            } else if f.is_infinite() {
                out.push_str(if *f > 0.0 { "inf" } else { "-inf" });
            } else {
                let _ = write!(out, "{f:?}");
            }
        }
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Datetime(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(out, item);
            }
            out.push(']');
        }
        Value::Table(t) => {
            if t.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{ ");
            for (i, (k, v)) in t.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{} = ", bare_key(k));
                inline(out, v);
            }
            out.push_str(" }");
        }
    }
}

/// A key bare where TOML allows, else quoted (a dialect name never needs it; a hostile
/// column name in a per-dialect table might).
fn bare_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        key.to_owned()
    } else {
        let mut s = String::new();
        string(&mut s, key);
        s
    }
}

/// A TOML basic string, escaped.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
