//! Just enough typing of expressions for dialects whose operators depend on operand types.
//!
//! `7 / 2` is 3 on PostgreSQL and SQLite (integer operands divide as integers) but 3.5000 on
//! MySQL; MySQL's integer division is `DIV`. To write the one that means the same, a dialect
//! needs to know whether both operands are integers: columns know their type from the schema,
//! bound values from their variant.

use crate::expr::{BinaryOp, Expr, FuncName, KnownFunc};
use crate::value::Value;

/// How deep [`is_integer`] looks. An operand more deeply nested than this counts as not
/// known to be an integer; the walk stays cheap and bounded however deep the tree.
pub const TYPING_DEPTH: usize = 64;

/// Whether `e` certainly has an integer type (so `/` on two of them divides as integers on
/// PostgreSQL and SQLite). Unknown types (bare names, `text()`, unknown functions, trees deeper
/// than [`TYPING_DEPTH`]) are not.
pub fn is_integer(e: &Expr) -> bool {
    is_integer_within(e, TYPING_DEPTH)
}

fn is_integer_within(e: &Expr, budget: usize) -> bool {
    let Some(budget) = budget.checked_sub(1) else {
        return false;
    };
    let is_integer = |e: &Expr| is_integer_within(e, budget);
    match e {
        Expr::Column(c) => match &c.qualifier {
            Some(q) => q.table().column(&c.name).is_ok_and(|col| col.ty.is_integer()),
            None => false,
        },
        Expr::Value(Value::Int(_)) | Expr::Literal(Value::Int(_)) => true,
        Expr::Binary(b) => match b.0 {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                is_integer(&b.1) && is_integer(&b.2)
            }
            _ => false,
        },
        Expr::Neg(inner) | Expr::Label(inner, _) => is_integer(inner),
        Expr::Cast(_, ty) => ty.is_integer(),
        Expr::Func(f) => match &f.name {
            FuncName::Known(KnownFunc::Count | KnownFunc::Length) => true,
            FuncName::Known(KnownFunc::Abs | KnownFunc::Min | KnownFunc::Max | KnownFunc::Sum) => {
                f.args.first().is_some_and(is_integer)
            }
            FuncName::Known(KnownFunc::Coalesce) => !f.args.is_empty() && f.args.iter().all(is_integer),
            _ => false,
        },
        Expr::Case(c) => c.whens.iter().all(|(_, then)| is_integer(then)) && c.else_.as_ref().is_none_or(is_integer),
        _ => false,
    }
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
