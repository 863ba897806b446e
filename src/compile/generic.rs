//! The default ("parent") implementation of every [`Dialect`] hook.
//!
//! A dialect that overrides a hook can call the function here for the cases it does not
//! change, as SQLAlchemy's dialect compilers call `super()`.

use crate::compile::{Compiler, Dialect, Emulation, Feature, Support};

pub use crate::compile::select::{select_head, select_tail};
use crate::error::{Error, Result};
use crate::expr::typing::TypeKind;
use crate::expr::{Expr, FuncCall, FuncName, KnownFunc, LikeMatch, Precedence, typing};
use crate::ident::Ident;
use crate::schema::{Column, Index, ServerDefault, SqlType, TableDef};
use crate::value::Value;

/// ANSI capabilities: everything native, except ILIKE (emulated with `LOWER()`) and the empty
/// IN list (emulated with a constant comparison).
pub fn support(feature: Feature) -> Support {
    match feature {
        Feature::ILike => Support::Emulated(Emulation::ILikeLower),
        Feature::EmptyInList => Support::Emulated(Emulation::EmptyInConstant),
        Feature::DistinctOn => Support::Emulated(Emulation::DistinctOnRowNumber),
        Feature::ForwardForeignKey => {
            Support::Unsupported("foreign keys must name existing tables; cycles are closed by ALTER TABLE")
        }
        _ => Support::Native,
    }
}

/// The class of a bound value in the statement cache's key: what the generic compiler looks
/// at when writing a value's placeholder (its variant; the sign of a number, which decides
/// how `-` before it is written; a float that is not finite, which some engines cannot bind).
/// A dialect whose hooks look at more (PostgreSQL: whether an integer fits INT4) adds to it.
#[inline]
pub fn value_class(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Int(n) => 2 + u8::from(*n < 0),
        Value::Float(f) => 6 + u8::from(!f.is_finite()) * 2 + u8::from(f.is_sign_negative()),
        Value::Text(_) => 10,
        Value::Bytes(_) => 11,
        Value::Decimal(d) => 12 + u8::from(d.as_str().starts_with('-')),
        Value::Date(_) => 14,
        Value::Time(_) => 15,
        Value::Timestamp(_) => 16,
        Value::TimestampTz(_) => 17,
    }
}

/// Writes `ident` between `quote` characters, doubling embedded ones.
pub fn quote_identifier(out: &mut String, ident: &str, quote: char) {
    out.reserve(ident.len() + 2);
    out.push(quote);
    for ch in ident.chars() {
        if ch == quote {
            out.push(quote);
        }
        out.push(ch);
    }
    out.push(quote);
}

/// Standard type names.
pub fn type_name(out: &mut String, ty: &SqlType) {
    let mut buf = itoa::Buffer::new();
    match ty {
        SqlType::SmallInt => out.push_str("SMALLINT"),
        SqlType::Integer => out.push_str("INTEGER"),
        SqlType::BigInt => out.push_str("BIGINT"),
        SqlType::Real => out.push_str("REAL"),
        SqlType::Double => out.push_str("DOUBLE PRECISION"),
        SqlType::Numeric(p, s) => numeric_type_name(out, "NUMERIC", *p, *s),
        SqlType::Text => out.push_str("TEXT"),
        SqlType::Varchar(n) => {
            out.push_str("VARCHAR(");
            out.push_str(buf.format(*n));
            out.push(')');
        }
        SqlType::Char(n) => {
            out.push_str("CHAR(");
            out.push_str(buf.format(*n));
            out.push(')');
        }
        SqlType::Boolean => out.push_str("BOOLEAN"),
        SqlType::Date => out.push_str("DATE"),
        SqlType::Time => out.push_str("TIME"),
        SqlType::Timestamp => out.push_str("TIMESTAMP"),
        SqlType::TimestampTz => out.push_str("TIMESTAMP WITH TIME ZONE"),
        SqlType::Blob => out.push_str("BLOB"),
        SqlType::Json => out.push_str("JSON"),
        // The engine's own spelling, as reflected (raw SQL, like a `server_default_sql`).
        SqlType::Other(text) => out.push_str(text),
    }
}

/// `name(precision, scale)`: an exact decimal type under the engine's name (`NUMERIC`,
/// MySQL's `DECIMAL`, SQLite's `NUMERIC_REAL`).
pub fn numeric_type_name(out: &mut String, name: &str, precision: u8, scale: u8) {
    let mut buf = itoa::Buffer::new();
    out.push_str(name);
    out.push('(');
    out.push_str(buf.format(precision));
    out.push_str(", ");
    out.push_str(buf.format(scale));
    out.push(')');
}

/// `CAST(? AS type)`: a value bound as `type` (an engine that would otherwise read the
/// parameter as another type: MySQL's string for a decimal, SQLite's text).
///
/// # Errors
/// As [`Compiler::bind`].
pub fn bind_cast(c: &mut Compiler<'_>, value: &Value, type_sql: &str) -> Result<()> {
    c.push("CAST(");
    c.bind(value)?;
    c.push(" AS ");
    c.push(type_sql);
    c.push_char(')');
    Ok(())
}

/// ` LIMIT l OFFSET o`, or ` OFFSET o` alone.
///
/// # Errors
/// Whatever compiling the expressions returns.
pub fn limit_offset(c: &mut Compiler<'_>, limit: Option<&Expr>, offset: Option<&Expr>) -> Result<()> {
    // A dialect that emulates OFFSET alone writes its LIMIT for all rows before calling this.
    if limit.is_none()
        && offset.is_some()
        && let Support::Unsupported(hint) = c.dialect().support(Feature::OffsetWithoutLimit)
    {
        return Err(c.unsupported(Feature::OffsetWithoutLimit.as_str(), hint));
    }
    if let Some(limit) = limit {
        c.push(" LIMIT ");
        c.expr(limit)?;
    }
    if let Some(offset) = offset {
        c.push(" OFFSET ");
        c.expr(offset)?;
    }
    Ok(())
}

/// The default escape character of literal-text LIKE patterns
/// ([`Dialect::like_text_escape`]).
pub const LIKE_TEXT_ESCAPE: char = '/';

/// `text` as a LIKE pattern matching it literally where `at` says: `%`, `_` and `escape`
/// preceded by `escape`, and `%` around as needed.
///
/// ```
/// use sqlcore::compile::generic::like_text_pattern;
/// use sqlcore::expr::LikeMatch;
/// assert_eq!(like_text_pattern("50%_off/", LikeMatch::Contains, '/'), "%50/%/_off//%");
/// assert_eq!(like_text_pattern("ab", LikeMatch::StartsWith, '/'), "ab%");
/// assert_eq!(like_text_pattern("ab", LikeMatch::EndsWith, '/'), "%ab");
/// ```
pub fn like_text_pattern(text: &str, at: LikeMatch, escape: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    if matches!(at, LikeMatch::Contains | LikeMatch::EndsWith) {
        out.push('%');
    }
    for ch in text.chars() {
        if ch == '%' || ch == '_' || ch == escape {
            out.push(escape);
        }
        out.push(ch);
    }
    if matches!(at, LikeMatch::Contains | LikeMatch::StartsWith) {
        out.push('%');
    }
    out
}

/// `left || right`. Engines place `||` differently among the operators (tightest on SQLite,
/// below `+` on PostgreSQL), so any operator operand is parenthesised; a chain on the left
/// is not.
///
/// # Errors
/// Whatever compiling the operands returns.
pub fn concat(c: &mut Compiler<'_>, left: &Expr, right: &Expr) -> Result<()> {
    let (lp, rp) = (c.prec(left), c.prec(right));
    let left_parens = lp < Precedence::Unary && lp != Precedence::Concat || lp == Precedence::Text;
    c.operand_beside(left, left_parens, matches!(left, Expr::Value(_)) && typing::is_untyped(right))?;
    c.push(" || ");
    let right_alone = matches!(right, Expr::Value(_)) && typing::is_untyped(left);
    c.operand_beside(right, rp < Precedence::Atom || rp == Precedence::Text, right_alone)
}

/// Checks that a function name is plain (letters, digits, `_`, `.`), since it is written
/// unquoted.
///
/// # Errors
/// [`Error::InvalidIdentifier`] otherwise.
pub fn check_function_name(name: &str) -> Result<()> {
    let plain = !name.is_empty()
        && !name.starts_with(|ch: char| ch.is_ascii_digit())
        && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.');
    if plain {
        Ok(())
    } else {
        Err(Error::invalid_identifier(
            name.to_string(),
            "function names may hold only ASCII letters, digits, '_' and '.'",
        ))
    }
}

/// `NAME([DISTINCT] a, b)`.
///
/// # Errors
/// An invalid function name, or whatever compiling the arguments returns.
pub fn function(c: &mut Compiler<'_>, call: &FuncCall) -> Result<()> {
    match &call.name {
        FuncName::Known(f) => {
            let name = c.dialect().function_name(*f);
            c.push(name);
        }
        FuncName::Named(name) => {
            check_function_name(name)?;
            c.push(name);
        }
    }
    function_args(c, call)
}

/// `([DISTINCT] a, b)`: the argument list of a call.
///
/// # Errors
/// Whatever compiling the arguments returns.
pub fn function_args(c: &mut Compiler<'_>, call: &FuncCall) -> Result<()> {
    let coalesce = matches!(call.name, FuncName::Known(KnownFunc::Coalesce));
    if coalesce && call.args.is_empty() {
        return Err(Error::invalid_statement("COALESCE needs at least one argument"));
    }
    c.push_char('(');
    if call.distinct {
        c.push("DISTINCT ");
    }
    // A known function's overloads are known: a bare value among untyped arguments is bound
    // with its own type named, or PostgreSQL cannot choose (`ABS($1)`, `LENGTH($1)`). The
    // arguments of other functions keep the engine's inference (`make_date($1, $2, $3)`).
    let known = matches!(call.name, FuncName::Known(_));
    let alone = known && (!coalesce || call.args.iter().all(typing::is_untyped));
    for (i, arg) in call.args.iter().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        c.operand_beside(arg, false, alone)?;
    }
    if coalesce && call.args.len() == 1 {
        // COALESCE(x) is x, but SQLite refuses a call with one argument (found by fuzzing).
        c.push(", NULL");
    }
    c.push_char(')');
    Ok(())
}

/// The column type followed by `GENERATED BY DEFAULT AS IDENTITY` (SQL:2003).
///
/// # Errors
/// [`Error::InvalidSchema`] for a non-integer column.
pub fn autoincrement_column(c: &mut Compiler<'_>, column: &Column) -> Result<()> {
    require_integer(column)?;
    let mut ty = String::new();
    c.dialect().type_name(&mut ty, &column.ty)?;
    c.push(&ty);
    c.push(" GENERATED BY DEFAULT AS IDENTITY");
    Ok(())
}

/// [`Error::InvalidSchema`] unless `column` is an integer column.
///
/// # Errors
/// As described.
pub fn require_integer(column: &Column) -> Result<()> {
    if column.ty.is_integer() {
        Ok(())
    } else {
        Err(Error::invalid_schema(format!(
            "column `{}` is {:?}: only integer columns can be generated by the database",
            column.name, column.ty
        )))
    }
}

/// ` DEFAULT value`: a literal, or the schema author's SQL as given.
///
/// # Errors
/// A value with no literal form.
pub fn column_default(c: &mut Compiler<'_>, _column: &Column, default: &ServerDefault) -> Result<()> {
    c.push(" DEFAULT ");
    match default {
        ServerDefault::Value(v) => c.literal(v),
        ServerDefault::Sql(sql) => {
            c.push(sql);
            Ok(())
        }
    }
}

/// ` FOR UPDATE` / ` FOR SHARE`, then ` NOWAIT` / ` SKIP LOCKED`, each checked against the
/// dialect's support.
///
/// # Errors
/// [`Error::Unsupported`] where the dialect lacks the lock or the wait mode.
pub fn lock(c: &mut Compiler<'_>, lock: &crate::stmt::Lock) -> Result<()> {
    use crate::stmt::LockStrength;
    let (feature, sql) = match lock.strength {
        LockStrength::Update => (Feature::ForUpdate, " FOR UPDATE"),
        LockStrength::Share => (Feature::ForShare, " FOR SHARE"),
    };
    if let Support::Unsupported(hint) = c.dialect().support(feature) {
        return Err(c.unsupported(feature.as_str(), hint));
    }
    c.push(sql);
    lock_wait(c, lock)
}

/// The ` NOWAIT` / ` SKIP LOCKED` of a row lock, where the dialect has it.
///
/// # Errors
/// [`Error::Unsupported`] where it does not.
pub fn lock_wait(c: &mut Compiler<'_>, lock: &crate::stmt::Lock) -> Result<()> {
    use crate::stmt::LockWait;
    let wait = match lock.wait {
        LockWait::Wait => return Ok(()),
        LockWait::NoWait => (Feature::LockNoWait, " NOWAIT"),
        LockWait::SkipLocked => (Feature::LockSkipLocked, " SKIP LOCKED"),
    };
    if let Support::Unsupported(hint) = c.dialect().support(wait.0) {
        return Err(c.unsupported(wait.0.as_str(), hint));
    }
    c.push(wait.1);
    Ok(())
}

/// `ALTER TABLE t DROP CONSTRAINT name`.
///
/// # Errors
/// Invalid identifiers.
pub fn drop_foreign_key(c: &mut Compiler<'_>, table: &Ident, name: &Ident) -> Result<()> {
    c.push("ALTER TABLE ");
    c.ident(table)?;
    c.push(" DROP CONSTRAINT ");
    c.ident(name)
}

/// `DROP INDEX [IF EXISTS] name`.
///
/// # Errors
/// Invalid identifiers.
pub fn drop_index(c: &mut Compiler<'_>, index: &Index, if_exists: bool) -> Result<()> {
    c.push("DROP INDEX ");
    if if_exists {
        c.push("IF EXISTS ");
    }
    c.ident(&index.name)
}

/// [`Error::InvalidSchema`] when two columns of `table` are one name to an engine that
/// compares column names after `fold` (SQLite ignores ASCII case, MySQL all case): `"A"` and
/// `"a"` are distinct on PostgreSQL only (found by the roundtrip fuzz target).
///
/// # Errors
/// As described.
pub fn check_columns_differ_folded(table: &TableDef, fold: fn(&str) -> String) -> Result<()> {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for name in table.columns.keys() {
        if let Some(other) = seen.insert(fold(name), name) {
            return Err(Error::invalid_schema(format!(
                "columns {other:?} and {:?} of table {:?} are the same name to this engine, which ignores case",
                name.as_str(),
                table.name.as_str()
            )));
        }
    }
    Ok(())
}

/// Checks the table against the dialect's [`Feature::KeyOnUnboundedColumn`] and
/// [`Feature::FkSetDefault`] support.
///
/// # Errors
/// [`Error::Unsupported`] naming the table and column.
pub fn check_table<D: Dialect + ?Sized>(dialect: &D, table: &TableDef) -> Result<()> {
    if let Support::Unsupported(hint) = dialect.support(Feature::KeyOnUnboundedColumn) {
        let unbounded = |name: &Ident| table.columns.get(name).is_some_and(|c| c.ty.is_unbounded());
        let keyed = table.primary_key.iter().any(unbounded)
            || table.columns.values().any(|c| c.unique && c.ty.is_unbounded())
            || table.uniques.iter().any(|u| u.columns.iter().any(unbounded))
            || table.indexes.iter().any(|i| i.columns.iter().any(unbounded))
            || table.foreign_keys.iter().any(|fk| fk.columns.iter().any(unbounded));
        if keyed {
            return Err(Error::unsupported(Feature::KeyOnUnboundedColumn.as_str(), dialect.describe(), hint));
        }
    }
    if let Some(auto) = table.autoincrement_column()
        && table.primary_key.as_slice() != std::slice::from_ref(&auto.name)
        && let Support::Unsupported(hint) = dialect.support(Feature::AutoincrementOutsideSoleKey)
    {
        return Err(Error::unsupported(Feature::AutoincrementOutsideSoleKey.as_str(), dialect.describe(), hint));
    }
    if let Support::Unsupported(hint) = dialect.support(Feature::FkSetDefault) {
        use crate::schema::FkAction::SetDefault;
        let set_default =
            table.foreign_keys.iter().any(|fk| fk.on_delete == Some(SetDefault) || fk.on_update == Some(SetDefault));
        if set_default {
            return Err(Error::unsupported(Feature::FkSetDefault.as_str(), dialect.describe(), hint));
        }
    }
    Ok(())
}

/// The conversions of a read value to the kind of its column (see
/// [`Dialect::read_value`]), each exact:
///
/// | read | kind | becomes |
/// |---|---|---|
/// | integer 0 or 1 | boolean | `false` / `true` |
/// | integer, float, decimal text | decimal | the decimal (a float: its shortest decimal form), at the column's scale when known |
/// | whole decimal in range | integer | the integer (`SUM` is `NUMERIC` / `DECIMAL` on PostgreSQL / MySQL) |
/// | decimal, integer up to 2^53 | float | the float |
/// | ISO 8601 text | date, time, timestamp, instant | the date or time (SQLite keeps them as text) |
/// | timestamp | instant | the instant (MySQL's `DATETIME` holds an instant's UTC wall clock) |
/// | UTF-8 bytes | text, JSON | the text |
///
/// Anything else is returned as it is.
pub fn read_value(value: Value, kind: TypeKind) -> Value {
    use crate::value::Decimal;
    let at_scale = |d: Decimal, scale: Option<u8>| match scale {
        Some(s) => d.round_to_scale(usize::from(s)),
        None => d,
    };
    match (value, kind) {
        (Value::Int(n @ (0 | 1)), TypeKind::Boolean) => Value::Bool(n == 1),
        (Value::Int(n), TypeKind::Decimal(scale)) => Value::Decimal(at_scale(Decimal::from(n), scale)),
        (Value::Float(f), TypeKind::Decimal(scale)) => match Decimal::from_f64(f) {
            Some(d) => Value::Decimal(at_scale(d, scale)),
            None => Value::Float(f),
        },
        (Value::Decimal(d), TypeKind::Decimal(scale @ Some(s))) if d.scale() < usize::from(s) => {
            Value::Decimal(at_scale(d, scale))
        }
        (Value::Text(t), TypeKind::Decimal(scale)) => match t.parse::<Decimal>() {
            Ok(d) => Value::Decimal(at_scale(d, scale)),
            Err(_) => Value::Text(t),
        },
        (Value::Decimal(d), TypeKind::Integer) => match d.normalized().parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) => Value::Decimal(d),
        },
        (Value::Decimal(d), TypeKind::Float) => match d.as_str().parse::<f64>() {
            Ok(f) => Value::Float(f),
            Err(_) => Value::Decimal(d),
        },
        (Value::Int(n), TypeKind::Float) if n.unsigned_abs() <= 1 << 53 => Value::Float(n as f64),
        (Value::Text(t), TypeKind::Date) => t.parse().map_or(Value::Text(t), Value::Date),
        (Value::Text(t), TypeKind::Time) => t.parse().map_or(Value::Text(t), Value::Time),
        (Value::Text(t), TypeKind::Timestamp) => t.parse().map_or(Value::Text(t), Value::Timestamp),
        (Value::Text(t), TypeKind::TimestampTz) => t.parse().map_or(Value::Text(t), Value::TimestampTz),
        (Value::Timestamp(t), TypeKind::TimestampTz) => Value::TimestampTz(t),
        (Value::Bytes(b), TypeKind::Text | TypeKind::Json) => match String::from_utf8(b) {
            Ok(s) => Value::Text(s.into()),
            Err(e) => Value::Bytes(e.into_bytes()),
        },
        (other, _) => other,
    }
}
