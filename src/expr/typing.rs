//! Just enough typing of expressions for what the engines decide by operand types.
//!
//! * `7 / 2` is 3 on PostgreSQL and SQLite (integer operands divide as integers) but 3.5000 on
//!   MySQL, whose integer division is `DIV`: a dialect needs to know both operands are
//!   integers.
//! * `date + 90` means a date on PostgreSQL, a number on SQLite and MySQL; `'a' + 1` is an
//!   error, 1 or 1: the compiler refuses arithmetic on operands that are not numbers.
//! * A value bound beside an exact decimal is bound exact ([`Dialect::bind_in_expression`]).
//! * The kind of [`Value`] each result column reads back as is the same on every engine
//!   (SQLite returns its storage class, MySQL its column type; the driver converts to the
//!   kind the statement's type says, see [`Dialect::read_value`]).
//!
//! Columns know their type from the schema, bound values from their variant, operators and
//! known functions from their operands. What sqlcore cannot tell (a function it does not
//! know, `text()`, a bare name, a tree deeper than [`TYPING_DEPTH`]) is `None`: unknown, and
//! left to the engine.
//!
//! [`Dialect::bind_in_expression`]: crate::compile::Dialect::bind_in_expression
//! [`Dialect::read_value`]: crate::compile::Dialect::read_value

use crate::expr::{BinaryOp, Expr, FuncName, KnownFunc};
use crate::schema::SqlType;
use crate::stmt::Query;
use crate::value::Value;

/// How deep [`type_of`] looks. An operand more deeply nested than this counts as of unknown
/// type; the walk stays cheap and bounded however deep the tree.
pub const TYPING_DEPTH: usize = 64;

/// The kind of value an expression has: the [`SqlType`]s grouped by the [`Value`] they read
/// back as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TypeKind {
    /// `SMALLINT`, `INTEGER`, `BIGINT`: [`Value::Int`].
    Integer,
    /// `REAL`, `DOUBLE`: [`Value::Float`].
    Float,
    /// `NUMERIC(p, s)`: [`Value::Decimal`], with the scale when it is known.
    Decimal(Option<u8>),
    /// `TEXT`, `VARCHAR`, `CHAR`: [`Value::Text`].
    Text,
    /// `BOOLEAN` and every condition: [`Value::Bool`].
    Boolean,
    /// `DATE`: [`Value::Date`].
    Date,
    /// `TIME`: [`Value::Time`].
    Time,
    /// `TIMESTAMP`: [`Value::Timestamp`].
    Timestamp,
    /// `TIMESTAMP WITH TIME ZONE`: [`Value::TimestampTz`].
    TimestampTz,
    /// `BLOB`: [`Value::Bytes`].
    Bytes,
    /// `JSON`: the document's text, [`Value::Text`].
    Json,
}

impl TypeKind {
    /// The kind of a column of type `ty`; `None` for a type sqlcore does not model
    /// ([`SqlType::Other`]), whose values no check presumes anything about.
    pub fn of_sql_type(ty: &SqlType) -> Option<TypeKind> {
        Some(match ty {
            SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => TypeKind::Integer,
            SqlType::Real | SqlType::Double => TypeKind::Float,
            SqlType::Numeric(_, scale) => TypeKind::Decimal(Some(*scale)),
            SqlType::Text | SqlType::Varchar(_) | SqlType::Char(_) => TypeKind::Text,
            SqlType::Boolean => TypeKind::Boolean,
            SqlType::Date => TypeKind::Date,
            SqlType::Time => TypeKind::Time,
            SqlType::Timestamp => TypeKind::Timestamp,
            SqlType::TimestampTz => TypeKind::TimestampTz,
            SqlType::Blob => TypeKind::Bytes,
            SqlType::Json => TypeKind::Json,
            SqlType::Other(_) => return None,
        })
    }

    /// The kind of a bound value (`None` for NULL, which has none).
    pub fn of_value(v: &Value) -> Option<TypeKind> {
        Some(match v {
            Value::Null => return None,
            Value::Bool(_) => TypeKind::Boolean,
            Value::Int(_) => TypeKind::Integer,
            Value::Float(_) => TypeKind::Float,
            Value::Text(_) => TypeKind::Text,
            Value::Bytes(_) => TypeKind::Bytes,
            Value::Decimal(d) => TypeKind::Decimal(u8::try_from(d.scale()).ok()),
            Value::Date(_) => TypeKind::Date,
            Value::Time(_) => TypeKind::Time,
            Value::Timestamp(_) => TypeKind::Timestamp,
            Value::TimestampTz(_) => TypeKind::TimestampTz,
        })
    }

    /// The column type a derived table or CTE gives a result column of this kind (the
    /// widest of the kind: the query decides the engine's type).
    pub fn sql_type(self) -> SqlType {
        match self {
            TypeKind::Integer => SqlType::BigInt,
            TypeKind::Float => SqlType::Double,
            TypeKind::Decimal(scale) => SqlType::Numeric(38, scale.unwrap_or(0).min(38)),
            TypeKind::Text => SqlType::Text,
            TypeKind::Boolean => SqlType::Boolean,
            TypeKind::Date => SqlType::Date,
            TypeKind::Time => SqlType::Time,
            TypeKind::Timestamp => SqlType::Timestamp,
            TypeKind::TimestampTz => SqlType::TimestampTz,
            TypeKind::Bytes => SqlType::Blob,
            TypeKind::Json => SqlType::Json,
        }
    }

    /// True for the numbers: integers, floats and decimals.
    pub fn is_numeric(self) -> bool {
        matches!(self, TypeKind::Integer | TypeKind::Float | TypeKind::Decimal(_))
    }
}

/// Whether `value` already is what a column of `kind` reads back as (NULL is every kind's).
#[inline]
pub fn is_of_kind(value: &Value, kind: TypeKind) -> bool {
    matches!(
        (value, kind),
        (Value::Null, _)
            | (Value::Int(_), TypeKind::Integer)
            | (Value::Float(_), TypeKind::Float)
            | (Value::Decimal(_), TypeKind::Decimal(None))
            | (Value::Text(_), TypeKind::Text | TypeKind::Json)
            | (Value::Bool(_), TypeKind::Boolean)
            | (Value::Date(_), TypeKind::Date)
            | (Value::Time(_), TypeKind::Time)
            | (Value::Timestamp(_), TypeKind::Timestamp)
            | (Value::TimestampTz(_), TypeKind::TimestampTz)
            | (Value::Bytes(_), TypeKind::Bytes)
    ) || matches!((value, kind), (Value::Decimal(d), TypeKind::Decimal(Some(s))) if d.scale() == usize::from(s))
}

/// The kind of `e`, or `None` when sqlcore cannot tell.
pub fn type_of(e: &Expr) -> Option<TypeKind> {
    type_within(e, TYPING_DEPTH)
}

/// Whether `e` certainly has an integer type (so `/` on two of them divides as integers on
/// PostgreSQL and SQLite).
pub fn is_integer(e: &Expr) -> bool {
    type_of(e) == Some(TypeKind::Integer)
}

/// The kinds of a query's result columns, in order (`*` expanded to its tables' columns, as
/// the engine expands it); `None` for the whole list when a `*` covers tables sqlcore does not
/// see (a FROM inferred later).
pub fn result_kinds(q: &Query) -> Option<Vec<Option<TypeKind>>> {
    select_kinds(q.first_select())
}

/// [`result_kinds`] of one SELECT.
pub fn select_kinds(s: &crate::stmt::Select) -> Option<Vec<Option<TypeKind>>> {
    let from = || s.from.iter().flat_map(crate::stmt::FromItem::tables).map(|t| &t.table).collect();
    list_kinds(&s.columns, from)
}

/// The kinds of a RETURNING list (`*` expanded to `table`'s columns); `None` for an empty
/// list (a statement that returns no rows).
pub fn returning_kinds(items: &[Expr], table: &crate::schema::Table) -> Option<Vec<Option<TypeKind>>> {
    if items.is_empty() {
        return None;
    }
    list_kinds(items, || vec![table])
}

/// The kinds of the items of a select list: a `*` stands for the columns of the tables
/// `bare_star` gives (`None` for the whole list when there are none to see: a FROM inferred
/// later), `t.*` for `t`'s.
fn list_kinds<'a>(
    items: &[Expr],
    bare_star: impl Fn() -> Vec<&'a crate::schema::Table>,
) -> Option<Vec<Option<TypeKind>>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Expr::Star(Some(q)) => out.extend(column_kinds(&q.table())),
            Expr::Star(None) => {
                let tables = bare_star();
                if tables.is_empty() {
                    return None;
                }
                for t in tables {
                    out.extend(column_kinds(t));
                }
            }
            other => out.push(type_of(other)),
        }
    }
    Some(out)
}

/// The kinds of `table`'s columns, in order.
fn column_kinds(table: &crate::schema::Table) -> Vec<Option<TypeKind>> {
    let def = table.def();
    match def.kinds.get() {
        Some(kinds) => kinds.clone(),
        None if def.synthesized => vec![None; def.columns.len()],
        None => table.columns().map(|c| TypeKind::of_sql_type(&c.ty)).collect(),
    }
}

/// The kind of a column reference: its column's type (for a CTE or derived table, the kind its
/// query gives it); `None` for a bare name.
pub fn column_kind(c: &crate::expr::ColumnRef) -> Option<TypeKind> {
    let table = c.qualifier.as_ref()?.table();
    let def = table.def();
    match def.kinds.get() {
        Some(kinds) => *kinds.get(def.columns.get_index_of(c.name.as_str())?)?,
        // A CTE whose query is not attached yet: its columns' kinds are not known.
        None if def.synthesized => None,
        None => TypeKind::of_sql_type(&table.column(&c.name).ok()?.ty),
    }
}

fn type_within(e: &Expr, budget: usize) -> Option<TypeKind> {
    let budget = budget.checked_sub(1)?;
    let kind = |e: &Expr| type_within(e, budget);
    match e {
        Expr::Column(c) => column_kind(c),
        Expr::Value(v) | Expr::Literal(v) => TypeKind::of_value(v),
        Expr::Binary(b) => match b.0 {
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                Some(TypeKind::Boolean)
            }
            BinaryOp::Concat => Some(TypeKind::Text),
            op => arithmetic(op, &b.1, kind(&b.1)?, &b.2, kind(&b.2)?),
        },
        Expr::And(_)
        | Expr::Or(_)
        | Expr::Not(_)
        | Expr::IsNull { .. }
        | Expr::InList { .. }
        | Expr::InParam { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::Exists(_)
        | Expr::InQuery { .. } => Some(TypeKind::Boolean),
        Expr::Neg(inner) | Expr::Label(inner, _) => kind(inner),
        Expr::Cast(_, ty) => TypeKind::of_sql_type(ty),
        Expr::Func(f) => {
            let FuncName::Known(known) = &f.name else { return None };
            let first = || f.args.first().and_then(kind);
            match known {
                KnownFunc::Count
                | KnownFunc::Length
                | KnownFunc::RowNumber
                | KnownFunc::Rank
                | KnownFunc::DenseRank
                | KnownFunc::Ntile => Some(TypeKind::Integer),
                KnownFunc::Lower | KnownFunc::Upper => Some(TypeKind::Text),
                KnownFunc::Sum
                | KnownFunc::Min
                | KnownFunc::Max
                | KnownFunc::Abs
                | KnownFunc::Lag
                | KnownFunc::Lead
                | KnownFunc::FirstValue
                | KnownFunc::LastValue => first(),
                KnownFunc::Avg => match first()? {
                    TypeKind::Integer | TypeKind::Decimal(_) => Some(TypeKind::Decimal(None)),
                    other => Some(other),
                },
                // ROUND(x, n) of an integer or decimal is a decimal of scale n (PostgreSQL's
                // NUMERIC, MySQL's DECIMAL, SQLite's REAL read back as a decimal).
                KnownFunc::Round => match first()? {
                    TypeKind::Integer | TypeKind::Decimal(_) => Some(TypeKind::Decimal(match f.args.get(1) {
                        None => Some(0),
                        Some(Expr::Value(Value::Int(n)) | Expr::Literal(Value::Int(n))) => u8::try_from(*n).ok(),
                        Some(_) => None,
                    })),
                    other => Some(other),
                },
                KnownFunc::Coalesce => unify(f.args.iter(), kind),
            }
        }
        Expr::Case(c) => unify(c.whens.iter().map(|(_, then)| then).chain(c.else_.as_ref()), kind),
        Expr::Subquery(q) => match q.first_select().columns.as_slice() {
            [only] => kind(only),
            _ => None,
        },
        Expr::Over(w) => kind(&w.func),
        Expr::Filter(f) => kind(&f.func),
        _ => None,
    }
}

/// The one kind of several results (COALESCE's arguments, CASE's branches): NULLs aside,
/// all of one kind, or numbers of several (an integer and a decimal are a decimal, a float
/// with either a float); `None` when they differ otherwise or one is unknown.
fn unify<'e>(results: impl Iterator<Item = &'e Expr>, kind: impl Fn(&Expr) -> Option<TypeKind>) -> Option<TypeKind> {
    let mut out: Option<TypeKind> = None;
    for e in results.filter(|e| !e.is_null_literal()) {
        let k = kind(e)?;
        out = Some(match (out, k) {
            (None, k) => k,
            (Some(a), b) if a == b => a,
            (Some(TypeKind::Float), b) | (Some(b), TypeKind::Float) if b.is_numeric() => TypeKind::Float,
            (Some(TypeKind::Decimal(_)), TypeKind::Decimal(_) | TypeKind::Integer)
            | (Some(TypeKind::Integer), TypeKind::Decimal(_)) => TypeKind::Decimal(None),
            _ => return None,
        });
    }
    out
}

/// The kind of `left op right` for an arithmetic operator, given its operands' kinds: `None`
/// when an operand is not a number (the compiler refuses that, see [`non_numeric_operand`]).
/// A float bound beside an exact decimal is bound as a decimal (see the module docs), so the
/// result is a decimal; a float column makes it a float.
fn arithmetic(op: BinaryOp, left: &Expr, l: TypeKind, right: &Expr, r: TypeKind) -> Option<TypeKind> {
    use TypeKind::{Decimal, Float, Integer};
    let bare_float = |e: &Expr| matches!(e, Expr::Value(Value::Float(_)));
    let decimal = |a: Option<u8>, b: Option<u8>| -> Option<TypeKind> {
        Some(Decimal(match op {
            BinaryOp::Div => None,
            BinaryOp::Mul => a.zip(b).map(|(a, b)| a.saturating_add(b)),
            _ => a.zip(b).map(|(a, b)| a.max(b)),
        }))
    };
    match (l, r) {
        (Integer, Integer) => Some(Integer),
        (Decimal(a), Float) if bare_float(right) => decimal(a, None),
        (Float, Decimal(b)) if bare_float(left) => decimal(None, b),
        (Float, Integer | Float | Decimal(_)) | (Integer | Decimal(_), Float) => Some(Float),
        (Decimal(a), Integer) => decimal(a, Some(0)),
        (Integer, Decimal(b)) => decimal(Some(0), b),
        (Decimal(a), Decimal(b)) => decimal(a, b),
        _ => None,
    }
}

/// Whether [`arithmetic_refusal`] refuses an operand of `kind` for `op` (the quick test).
#[inline(always)]
pub fn refuses_operand(op: BinaryOp, kind: Option<TypeKind>) -> bool {
    match kind {
        None | Some(TypeKind::Integer) => false,
        Some(TypeKind::Float | TypeKind::Decimal(_)) => op == BinaryOp::Rem,
        Some(_) => true,
    }
}

/// Why an arithmetic operator `op` over operands of kinds `left` and `right` is refused: an
/// operand known not to be a number (a date, text, a boolean, bytes, JSON), or a `%` of a
/// known non-integer. The engines give such SQL different meanings (`date - 90` is a date on
/// PostgreSQL and a number elsewhere; `'a' + 1` is an error on PostgreSQL and 1 elsewhere;
/// `5.5 % 2` is 1.5 on MySQL, 1 on SQLite and an error for floats on PostgreSQL). Operands of
/// unknown kind pass. (The compiler does not look into an operand that is itself arithmetic:
/// it was checked where it is an operator, which keeps a long chain linear.)
pub fn arithmetic_refusal(op: BinaryOp, left: Option<TypeKind>, right: Option<TypeKind>) -> Option<String> {
    for (side, kind) in [("left", left), ("right", right)] {
        let Some(kind) = kind else { continue };
        let what = match kind {
            TypeKind::Integer => continue,
            TypeKind::Float | TypeKind::Decimal(_) if op != BinaryOp::Rem => continue,
            TypeKind::Float | TypeKind::Decimal(_) => {
                "a non-integer number (engines disagree on `%` of fractions: cast both operands to an integer type)"
            }
            TypeKind::Date | TypeKind::Time | TypeKind::Timestamp | TypeKind::TimestampTz => {
                "a date or time (engines give date arithmetic different meanings; portable date arithmetic is not \
                 available yet)"
            }
            TypeKind::Text | TypeKind::Json => "text (to join strings, use concat)",
            TypeKind::Boolean => "a boolean",
            TypeKind::Bytes => "bytes",
        };
        return Some(format!("the {side} operand of `{}` is {what}", op.as_sql().trim()));
    }
    None
}

/// `+ - * / %`.
pub fn is_arithmetic(op: BinaryOp) -> bool {
    matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem)
}

/// Whether nothing in `e` gives it a type: a bound value, NULL or a named parameter, or an
/// operator, CASE or COALESCE made only of NULLs and named parameters. (A bound value inside
/// those is written with its type named, so it types them.) PostgreSQL cannot resolve an
/// operator whose operands are all untyped (`$1 % $2`, `$1 IS NULL`), so a bound value beside
/// one is written with its own type named. Trees deeper than [`TYPING_DEPTH`] count as typed.
pub fn is_untyped(e: &Expr) -> bool {
    matches!(e, Expr::Value(_)) || only_nulls(e, TYPING_DEPTH)
}

fn only_nulls(e: &Expr, budget: usize) -> bool {
    let Some(budget) = budget.checked_sub(1) else {
        return false;
    };
    let untyped = |e: &Expr| only_nulls(e, budget);
    match e {
        Expr::Null | Expr::Value(Value::Null) | Expr::Param(_) => true,
        Expr::Neg(inner) | Expr::Label(inner, _) => untyped(inner),
        Expr::Binary(b) => match b.0 {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem | BinaryOp::Concat => {
                untyped(&b.1) && untyped(&b.2)
            }
            _ => false,
        },
        Expr::Case(c) => c.whens.iter().all(|(_, then)| untyped(then)) && c.else_.as_ref().is_none_or(untyped),
        Expr::Func(f) => matches!(f.name, FuncName::Known(KnownFunc::Coalesce)) && f.args.iter().all(untyped),
        _ => false,
    }
}
