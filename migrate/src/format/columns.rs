//! How a revision file writes the parts of a table: columns, types, defaults, checks, keys
//! and indexes. Each is a small TOML table, read back into sqlcore's schema types.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sqlcore::compile::check_condition_sql;
use sqlcore::dsl::text;
use sqlcore::expr::{Expr, IntoExpr};
use sqlcore::schema::{
    Autoincrement, CheckConstraint, Column, FkAction, ForeignKey, Index, ServerDefault, SqlType, UniqueConstraint,
};
use sqlcore::{Dialect, Ident, Value};

/// A column: `{ name = "age", type = "integer", nullable = false, default = 0 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnRepr {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary_key: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// `"yes"` or `"no"`; absent is SQLAlchemy's rule (an integer primary key of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoincrement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultRepr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckSql>,
}

fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_true(b: &bool) -> bool {
    *b
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// A server default: a bare TOML value for booleans, integers, floats and text; a tagged
/// table for SQL and the other kinds (`{ sql = "CURRENT_TIMESTAMP" }`, `{ date = "..." }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DefaultRepr {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Tagged(TaggedDefault),
}

/// The tagged form of a server default: exactly one field set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggedDefault {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamptz: Option<String>,
    /// Bytes as lower-case hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<String>,
}

/// A check's condition: one SQL text when every engine writes it alike (names that need no
/// quotes), else the text per dialect name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CheckSql {
    All(String),
    PerDialect(BTreeMap<String, String>),
}

/// A table check: `{ name = "positive_age", sql = "age > 0" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub sql: CheckSql,
}

/// A foreign key: `{ columns = ["author_id"], references = "users", ref_columns = ["id"] }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub references: String,
    pub ref_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
}

/// A unique constraint: `{ columns = ["a", "b"] }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniqueRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// An index of a table being created: `{ name = "ix_users_email", columns = ["email"] }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexRepr {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descending: Vec<String>,
}

/// The dialects a file's texts are written for, and the one they are read for.
pub struct Context<'a> {
    /// Writing: the dialects a check's SQL is written for.
    pub dialects: &'a [&'a dyn Dialect],
    /// Reading: the dialect whose text of a check is taken (`None`: any, for review and
    /// offline replay, where the text is not run).
    pub dialect: Option<&'a str>,
}

// ---- types ----

/// A type as the file writes it: `integer`, `varchar(80)`, `numeric(10,2)`, `other:CITEXT`.
pub fn type_text(ty: &SqlType) -> String {
    match ty {
        SqlType::SmallInt => "smallint".into(),
        SqlType::Integer => "integer".into(),
        SqlType::BigInt => "bigint".into(),
        SqlType::Real => "real".into(),
        SqlType::Double => "double".into(),
        SqlType::Numeric(p, s) => format!("numeric({p},{s})"),
        SqlType::Text => "text".into(),
        SqlType::Varchar(n) => format!("varchar({n})"),
        SqlType::Char(n) => format!("char({n})"),
        SqlType::Boolean => "boolean".into(),
        SqlType::Date => "date".into(),
        SqlType::Time => "time".into(),
        SqlType::Timestamp => "timestamp".into(),
        SqlType::TimestampTz => "timestamptz".into(),
        SqlType::Blob => "blob".into(),
        SqlType::Json => "json".into(),
        SqlType::Other(name) => format!("other:{name}"),
        // SqlType is non-exhaustive upstream only if it becomes so; every variant is above.
        #[allow(unreachable_patterns)]
        other => format!("other:{other:?}"),
    }
}

/// The type a file's text names.
pub fn parse_type(text: &str) -> Result<SqlType, String> {
    if let Some(name) = text.strip_prefix("other:") {
        return Ok(SqlType::Other(name.into()));
    }
    let (head, args) = match text.split_once('(') {
        Some((head, rest)) => {
            let args = rest.strip_suffix(')').ok_or_else(|| format!("type `{text}`: missing `)`"))?;
            (head, Some(args))
        }
        None => (text, None),
    };
    let number = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("type `{text}`: `{s}` is not a size"));
    let ty = match (head, args) {
        ("smallint", None) => SqlType::SmallInt,
        ("integer", None) => SqlType::Integer,
        ("bigint", None) => SqlType::BigInt,
        ("real", None) => SqlType::Real,
        ("double", None) => SqlType::Double,
        ("text", None) => SqlType::Text,
        ("boolean", None) => SqlType::Boolean,
        ("date", None) => SqlType::Date,
        ("time", None) => SqlType::Time,
        ("timestamp", None) => SqlType::Timestamp,
        ("timestamptz", None) => SqlType::TimestampTz,
        ("blob", None) => SqlType::Blob,
        ("json", None) => SqlType::Json,
        ("varchar", Some(n)) => SqlType::Varchar(number(n)?),
        ("char", Some(n)) => SqlType::Char(number(n)?),
        ("numeric", Some(ps)) => {
            let (p, s) = ps.split_once(',').ok_or_else(|| format!("type `{text}`: numeric needs (precision,scale)"))?;
            let small = |n: u32| u8::try_from(n).map_err(|_| format!("type `{text}`: {n} is too large"));
            SqlType::Numeric(small(number(p)?)?, small(number(s)?)?)
        }
        _ => {
            return Err(format!(
                "unknown type `{text}` (smallint, integer, bigint, real, double, numeric(p,s), text, varchar(n), \
                 char(n), boolean, date, time, timestamp, timestamptz, blob, json, other:NAME)"
            ));
        }
    };
    Ok(ty)
}

// ---- defaults ----

fn default_repr(default: &ServerDefault) -> Result<DefaultRepr, String> {
    let tagged = |f: fn(&mut TaggedDefault, String), s: String| {
        let mut t = TaggedDefault::default();
        f(&mut t, s);
        DefaultRepr::Tagged(t)
    };
    Ok(match default {
        ServerDefault::Sql(sql) => tagged(|t, s| t.sql = Some(s), sql.to_string()),
        ServerDefault::Value(v) => match v {
            Value::Bool(b) => DefaultRepr::Bool(*b),
            Value::Int(i) => DefaultRepr::Int(*i),
            Value::Float(f) => DefaultRepr::Float(*f),
            Value::Text(t) => DefaultRepr::Text(t.to_string()),
            Value::Decimal(d) => tagged(|t, s| t.decimal = Some(s), d.to_string()),
            Value::Date(d) => tagged(|t, s| t.date = Some(s), d.to_string()),
            Value::Time(d) => tagged(|t, s| t.time = Some(s), d.to_string()),
            Value::Timestamp(d) => tagged(|t, s| t.timestamp = Some(s), d.to_string()),
            Value::TimestampTz(d) => tagged(|t, s| t.timestamptz = Some(s), d.to_string()),
            Value::Bytes(b) => tagged(|t, s| t.bytes = Some(s), b.iter().map(|x| format!("{x:02x}")).collect()),
            Value::Null => return Err("a server default of NULL is no default: leave it out".into()),
            other => return Err(format!("a revision file cannot write the default {other} yet")),
        },
        other => return Err(format!("a revision file cannot write the default {other:?} yet")),
    })
}

fn parse_default(repr: &DefaultRepr) -> Result<ServerDefault, String> {
    let value = match repr {
        DefaultRepr::Bool(b) => Value::Bool(*b),
        DefaultRepr::Int(i) => Value::Int(*i),
        DefaultRepr::Float(f) => Value::Float(*f),
        DefaultRepr::Text(t) => Value::from(t.clone()),
        DefaultRepr::Tagged(t) => {
            let set = [&t.sql, &t.decimal, &t.date, &t.time, &t.timestamp, &t.timestamptz, &t.bytes];
            if set.iter().filter(|f| f.is_some()).count() != 1 {
                return Err("a tagged default sets exactly one of sql, decimal, date, time, timestamp, \
                            timestamptz, bytes"
                    .into());
            }
            let bad = |kind: &str, s: &str, e: &dyn std::fmt::Display| format!("default {kind} `{s}`: {e}");
            if let Some(sql) = &t.sql {
                return Ok(ServerDefault::Sql(Ident::from(sql.clone())));
            } else if let Some(s) = &t.decimal {
                Value::Decimal(sqlcore::Decimal::from_str(s).map_err(|e| bad("decimal", s, &e))?)
            } else if let Some(s) = &t.date {
                Value::Date(sqlcore::Date::from_str(s).map_err(|e| bad("date", s, &e))?)
            } else if let Some(s) = &t.time {
                Value::Time(sqlcore::Time::from_str(s).map_err(|e| bad("time", s, &e))?)
            } else if let Some(s) = &t.timestamp {
                Value::Timestamp(sqlcore::Timestamp::from_str(s).map_err(|e| bad("timestamp", s, &e))?)
            } else if let Some(s) = &t.timestamptz {
                Value::TimestampTz(sqlcore::Timestamp::from_str(s).map_err(|e| bad("timestamptz", s, &e))?)
            } else if let Some(s) = &t.bytes {
                Value::Bytes(parse_hex(s).ok_or_else(|| format!("default bytes `{s}`: not hex"))?)
            } else {
                return Err("empty default".into());
            }
        }
    };
    Ok(ServerDefault::Value(value))
}

fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

// ---- checks ----

/// A check condition of `table` as the file writes it: one text when every dialect of `cx`
/// writes it alike once simple names are unquoted, else one per dialect.
pub fn check_sql(cx: &Context<'_>, table: &Ident, condition: &Expr) -> Result<CheckSql, String> {
    let mut texts = BTreeMap::new();
    for dialect in cx.dialects {
        let sql = check_condition_sql(*dialect, table, condition).map_err(|e| e.to_string())?;
        texts.insert(dialect.name().to_owned(), sql);
    }
    let portable: Vec<String> = texts.values().map(|s| unquote_simple_names(s)).collect();
    match portable.first() {
        Some(first) if portable.iter().all(|p| p == first) => Ok(CheckSql::All(first.clone())),
        _ => Ok(CheckSql::PerDialect(texts)),
    }
}

/// The condition `sql` names for the dialect being read for.
pub fn check_expr(cx: &Context<'_>, sql: &CheckSql) -> Result<Expr, String> {
    let text_of = match sql {
        CheckSql::All(s) => s.as_str(),
        CheckSql::PerDialect(map) => match cx.dialect {
            Some(d) => map.get(d).map(String::as_str).ok_or_else(|| {
                format!("a check has SQL for {} but not for {d}", map.keys().cloned().collect::<Vec<_>>().join(", "))
            })?,
            None => map.values().next().map(String::as_str).ok_or("a check with no SQL")?,
        },
    };
    Ok(text(text_of.to_owned()).into_expr())
}

/// `sql` with each quoted name that means the same unquoted on every engine (lower-case
/// letters, digits and `_`, not starting with a digit, not a reserved word) written bare.
/// Text inside single quotes is left alone.
fn unquote_simple_names(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.char_indices().peekable();
    let mut in_string = false;
    while let Some((i, ch)) = chars.next() {
        if in_string {
            out.push(ch);
            if ch == '\'' {
                in_string = false;
            }
            continue;
        }
        match ch {
            '\'' => {
                in_string = true;
                out.push(ch);
            }
            '"' | '`' => {
                let rest = &sql[i + 1..];
                match rest.find(ch) {
                    Some(end) if is_simple_name(&rest[..end]) => {
                        out.push_str(&rest[..end]);
                        for _ in 0..=rest[..end].chars().count() {
                            chars.next();
                        }
                    }
                    _ => out.push(ch),
                }
            }
            _ => out.push(ch),
        }
    }
    out
}

fn is_simple_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !sqlcore::compile::STANDARD_RESERVED.words().iter().any(|w| w.eq_ignore_ascii_case(name))
}

// ---- columns ----

/// A column as the file writes it; `table` is the table it is checked in.
pub fn column_repr(cx: &Context<'_>, table: &Ident, column: &Column) -> Result<ColumnRepr, String> {
    Ok(ColumnRepr {
        name: column.name.to_string(),
        ty: type_text(&column.ty),
        nullable: column.nullable,
        primary_key: column.primary_key,
        unique: column.unique,
        autoincrement: match column.autoincrement {
            Autoincrement::Auto => None,
            Autoincrement::Yes => Some("yes".into()),
            Autoincrement::No => Some("no".into()),
            other => return Err(format!("a revision file cannot write autoincrement {other:?} yet")),
        },
        default: column.server_default.as_ref().map(default_repr).transpose()?,
        check: column.check.as_ref().map(|c| check_sql(cx, table, c)).transpose()?,
    })
}

/// The column a file's table describes.
pub fn parse_column(cx: &Context<'_>, repr: &ColumnRepr) -> Result<Column, String> {
    let at = |e: String| format!("column `{}`: {e}", repr.name);
    let mut column = Column::new(repr.name.clone(), parse_type(&repr.ty).map_err(at)?);
    column = if repr.nullable { column.nullable() } else { column.not_null() };
    column.primary_key = repr.primary_key;
    column.unique = repr.unique;
    column.autoincrement = match repr.autoincrement.as_deref() {
        None => Autoincrement::Auto,
        Some("yes") => Autoincrement::Yes,
        Some("no") => Autoincrement::No,
        Some(other) => return Err(at(format!("autoincrement is \"yes\" or \"no\", not \"{other}\""))),
    };
    column.server_default = repr.default.as_ref().map(parse_default).transpose().map_err(at)?;
    column.check = repr.check.as_ref().map(|c| check_expr(cx, c)).transpose().map_err(at)?;
    Ok(column)
}

// ---- constraints and indexes ----

fn action_text(action: FkAction) -> String {
    action.as_sql().to_ascii_lowercase()
}

fn parse_action(text: &str) -> Result<FkAction, String> {
    Ok(match text {
        "cascade" => FkAction::Cascade,
        "set null" => FkAction::SetNull,
        "set default" => FkAction::SetDefault,
        "restrict" => FkAction::Restrict,
        "no action" => FkAction::NoAction,
        other => {
            return Err(format!(
                "foreign key action \"{other}\" (one of cascade, set null, set default, restrict, no action)"
            ));
        }
    })
}

fn names(list: &[Ident]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

fn idents(list: &[String]) -> Vec<Ident> {
    list.iter().map(|s| Ident::from(s.clone())).collect()
}

pub fn foreign_key_repr(fk: &ForeignKey) -> ForeignKeyRepr {
    ForeignKeyRepr {
        name: fk.name.as_ref().map(ToString::to_string),
        columns: names(&fk.columns),
        references: fk.ref_table.to_string(),
        ref_columns: names(&fk.ref_columns),
        on_delete: fk.on_delete.map(action_text),
        on_update: fk.on_update.map(action_text),
    }
}

pub fn parse_foreign_key(repr: &ForeignKeyRepr) -> Result<ForeignKey, String> {
    let mut fk = ForeignKey::new(idents(&repr.columns), repr.references.clone(), idents(&repr.ref_columns));
    fk.name = repr.name.as_deref().map(|n| Ident::from(n.to_owned()));
    fk.on_delete = repr.on_delete.as_deref().map(parse_action).transpose()?;
    fk.on_update = repr.on_update.as_deref().map(parse_action).transpose()?;
    Ok(fk)
}

pub fn unique_repr(u: &UniqueConstraint) -> UniqueRepr {
    UniqueRepr { name: u.name.as_ref().map(ToString::to_string), columns: names(&u.columns) }
}

pub fn parse_unique(repr: &UniqueRepr) -> UniqueConstraint {
    UniqueConstraint { name: repr.name.as_deref().map(|n| Ident::from(n.to_owned())), columns: idents(&repr.columns) }
}

pub fn check_repr(cx: &Context<'_>, table: &Ident, c: &CheckConstraint) -> Result<CheckRepr, String> {
    Ok(CheckRepr { name: c.name.as_ref().map(ToString::to_string), sql: check_sql(cx, table, &c.expr)? })
}

pub fn parse_check(cx: &Context<'_>, repr: &CheckRepr) -> Result<CheckConstraint, String> {
    Ok(CheckConstraint {
        name: repr.name.as_deref().map(|n| Ident::from(n.to_owned())),
        expr: check_expr(cx, &repr.sql)?,
    })
}

pub fn index_repr(ix: &Index) -> IndexRepr {
    IndexRepr {
        name: ix.name.to_string(),
        columns: names(&ix.columns),
        unique: ix.unique,
        descending: names(&ix.descending),
    }
}

pub fn parse_index(table: &str, repr: &IndexRepr) -> Index {
    let mut ix = Index::new(repr.name.clone(), table.to_owned(), idents(&repr.columns));
    ix.unique = repr.unique;
    ix.descending = idents(&repr.descending);
    ix
}
