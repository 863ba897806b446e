//! SQL functions: `func::count(users::id)`, `func::sum(..)`, and any other by name with
//! [`func()`](crate::func()).
//!
//! ```
//! use sqlcore::prelude::*;
//! use sqlcore::func;
//!
//! sqlcore::table! { pub books { id: Integer => primary_key(); price: Double; } }
//!
//! let q = select((func::count_star(), func::round(func::avg(books::price), 2)));
//! assert_eq!(q.to_string(), "SELECT COUNT(*), ROUND(AVG(price), 2) FROM books");
//! ```

use crate::expr::{Expr, FuncCall, FuncName, IntoExpr, IntoExprs, KnownFunc};
use crate::ident::Ident;

fn known(f: KnownFunc, args: Vec<Expr>) -> Expr {
    Expr::Func(Box::new(FuncCall { name: FuncName::Known(f), args, distinct: false }))
}

/// Any function by name: `func("julianday", ["now"])`. The name is written as given and may
/// hold only letters, digits, `_` and `.` (checked when compiling).
pub fn func(name: impl Into<Ident>, args: impl IntoExprs) -> Expr {
    Expr::Func(Box::new(FuncCall { name: FuncName::Named(name.into()), args: args.into_exprs(), distinct: false }))
}

/// `COUNT(e)`
pub fn count(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Count, vec![e.into_expr()])
}

/// `COUNT(*)`
pub fn count_star() -> Expr {
    known(KnownFunc::Count, vec![Expr::Star(None)])
}

/// `COUNT(DISTINCT e)`
pub fn count_distinct(e: impl IntoExpr) -> Expr {
    Expr::Func(Box::new(FuncCall {
        name: FuncName::Known(KnownFunc::Count),
        args: vec![e.into_expr()],
        distinct: true,
    }))
}

/// `SUM(e)`
pub fn sum(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Sum, vec![e.into_expr()])
}

/// `AVG(e)`
pub fn avg(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Avg, vec![e.into_expr()])
}

/// `MIN(e)`
pub fn min(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Min, vec![e.into_expr()])
}

/// `MAX(e)`
pub fn max(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Max, vec![e.into_expr()])
}

/// `COALESCE(a, b, ...)`
pub fn coalesce(args: impl IntoExprs) -> Expr {
    known(KnownFunc::Coalesce, args.into_exprs())
}

/// `LOWER(e)`
pub fn lower(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Lower, vec![e.into_expr()])
}

/// `UPPER(e)`
pub fn upper(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Upper, vec![e.into_expr()])
}

/// Length in characters (`CHAR_LENGTH` on MySQL, whose `LENGTH` counts bytes).
pub fn length(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Length, vec![e.into_expr()])
}

/// `ABS(e)`
pub fn abs(e: impl IntoExpr) -> Expr {
    known(KnownFunc::Abs, vec![e.into_expr()])
}

/// `ROW_NUMBER()`, for use with [`ExprExt::over`](crate::expr::ExprExt::over).
pub fn row_number() -> Expr {
    known(KnownFunc::RowNumber, Vec::new())
}

/// `RANK()` (over a window).
pub fn rank() -> Expr {
    known(KnownFunc::Rank, Vec::new())
}

/// `DENSE_RANK()` (over a window).
pub fn dense_rank() -> Expr {
    known(KnownFunc::DenseRank, Vec::new())
}

/// `LAG(e, offset)`: the value `offset` rows before (over a window); NULL before the first.
pub fn lag(e: impl IntoExpr, offset: u32) -> Expr {
    known(KnownFunc::Lag, vec![e.into_expr(), Expr::Literal(offset.into())])
}

/// `LEAD(e, offset)`: the value `offset` rows after (over a window); NULL past the last.
pub fn lead(e: impl IntoExpr, offset: u32) -> Expr {
    known(KnownFunc::Lead, vec![e.into_expr(), Expr::Literal(offset.into())])
}

/// `FIRST_VALUE(e)` (over a window).
pub fn first_value(e: impl IntoExpr) -> Expr {
    known(KnownFunc::FirstValue, vec![e.into_expr()])
}

/// `LAST_VALUE(e)` (over a window; mind the default frame ending at the current row).
pub fn last_value(e: impl IntoExpr) -> Expr {
    known(KnownFunc::LastValue, vec![e.into_expr()])
}

/// `NTILE(n)` (over a window).
pub fn ntile(n: u32) -> Expr {
    known(KnownFunc::Ntile, vec![Expr::Literal(n.into())])
}

/// `ROUND(e, digits)`; the digits are a literal, as engines require a constant there.
pub fn round(e: impl IntoExpr, digits: i32) -> Expr {
    known(KnownFunc::Round, vec![e.into_expr(), Expr::Literal(digits.into())])
}
