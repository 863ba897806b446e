//! Operators as methods: `users::age.gt(18)`, `users::name.contains("ad")`.

use crate::expr::{BinaryOp, Expr, IntoExpr, LikeEscape, LikeMatch};
use crate::ident::Ident;
use crate::schema::SqlType;
use crate::stmt::{OrderBy, Query};

fn binary(op: BinaryOp, l: Expr, r: Expr) -> Expr {
    Expr::Binary(Box::new((op, l, r)))
}

/// Operators on anything that is an expression: [`Expr`], column handles, [`ColumnRef`](crate::expr::ColumnRef).
///
/// ```
/// use sqlcore::prelude::*;
///
/// let users = Table::builder("users")
///     .column(Column::new("age", SqlType::Integer))
///     .column(Column::new("name", SqlType::Text))
///     .build();
/// let cond = users.c("age")?.ge(18).and(users.c("name")?.starts_with("A%"));
/// assert_eq!(cond.to_string(), "users.age >= 18 AND users.name LIKE 'A/%%' ESCAPE '/'");
/// # Ok::<(), sqlcore::Error>(())
/// ```
pub trait ExprExt: IntoExpr + Sized {
    /// `self = rhs`; `IS NULL` when `rhs` is NULL.
    fn eq(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Eq, self.into_expr(), rhs.into_expr())
    }
    /// `self <> rhs`; `IS NOT NULL` when `rhs` is NULL.
    fn ne(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Ne, self.into_expr(), rhs.into_expr())
    }
    /// `self < rhs`
    fn lt(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Lt, self.into_expr(), rhs.into_expr())
    }
    /// `self <= rhs`
    fn le(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Le, self.into_expr(), rhs.into_expr())
    }
    /// `self > rhs`
    fn gt(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Gt, self.into_expr(), rhs.into_expr())
    }
    /// `self >= rhs`
    fn ge(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Ge, self.into_expr(), rhs.into_expr())
    }
    /// `self + rhs`
    fn add(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Add, self.into_expr(), rhs.into_expr())
    }
    /// `self - rhs`
    fn sub(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Sub, self.into_expr(), rhs.into_expr())
    }
    /// `self * rhs`
    fn mul(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Mul, self.into_expr(), rhs.into_expr())
    }
    /// `self / rhs`
    fn div(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Div, self.into_expr(), rhs.into_expr())
    }
    /// `self % rhs`
    fn rem(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Rem, self.into_expr(), rhs.into_expr())
    }
    /// String concatenation: `self || rhs` (`CONCAT(self, rhs)` on MySQL).
    fn concat(self, rhs: impl IntoExpr) -> Expr {
        binary(BinaryOp::Concat, self.into_expr(), rhs.into_expr())
    }
    /// `-self`
    fn neg(self) -> Expr {
        Expr::Neg(Box::new(self.into_expr()))
    }
    /// `self AND rhs` (flattened: `a.and(b).and(c)` is `a AND b AND c`).
    fn and(self, rhs: impl IntoExpr) -> Expr {
        crate::dsl::and([self.into_expr(), rhs.into_expr()])
    }
    /// `self OR rhs` (flattened).
    fn or(self, rhs: impl IntoExpr) -> Expr {
        crate::dsl::or([self.into_expr(), rhs.into_expr()])
    }
    /// `NOT self`
    fn not(self) -> Expr {
        Expr::Not(Box::new(self.into_expr()))
    }
    /// `self IS NULL`
    #[allow(clippy::wrong_self_convention)] // SQL's name; it builds, rather than tests, a condition
    fn is_null(self) -> Expr {
        Expr::IsNull { expr: Box::new(self.into_expr()), negated: false }
    }
    /// `self IS NOT NULL`
    #[allow(clippy::wrong_self_convention)] // SQL's name; it builds, rather than tests, a condition
    fn is_not_null(self) -> Expr {
        Expr::IsNull { expr: Box::new(self.into_expr()), negated: true }
    }
    /// `self IN (v1, v2, ...)`; an empty list is valid and false.
    fn in_list<I>(self, values: I) -> Expr
    where
        I: IntoIterator,
        I::Item: IntoExpr,
    {
        let list = values.into_iter().map(IntoExpr::into_expr).collect();
        Expr::InList { expr: Box::new(self.into_expr()), list, negated: false }
    }
    /// `self NOT IN (v1, v2, ...)`; an empty list is valid and true.
    fn not_in<I>(self, values: I) -> Expr
    where
        I: IntoIterator,
        I::Item: IntoExpr,
    {
        let list = values.into_iter().map(IntoExpr::into_expr).collect();
        Expr::InList { expr: Box::new(self.into_expr()), list, negated: true }
    }
    /// `self IN (SELECT ...)`; `self` may be a row value ([`tuple`](crate::dsl::tuple)).
    fn in_query(self, query: impl Into<Query>) -> Expr {
        Expr::InQuery { expr: Box::new(self.into_expr()), query: query.into(), negated: false }
    }
    /// `self NOT IN (SELECT ...)`.
    fn not_in_query(self, query: impl Into<Query>) -> Expr {
        Expr::InQuery { expr: Box::new(self.into_expr()), query: query.into(), negated: true }
    }
    /// `self IN (...)` over a list given when compiling
    /// ([`Compile::compile_with`](crate::Compile::compile_with)), one placeholder per item.
    fn in_param(self, name: impl Into<Ident>) -> Expr {
        Expr::InParam { expr: Box::new(self.into_expr()), name: name.into(), negated: false }
    }
    /// `self NOT IN (...)` over a list given when compiling.
    fn not_in_param(self, name: impl Into<Ident>) -> Expr {
        Expr::InParam { expr: Box::new(self.into_expr()), name: name.into(), negated: true }
    }
    /// `self BETWEEN low AND high`
    fn between(self, low: impl IntoExpr, high: impl IntoExpr) -> Expr {
        Expr::Between {
            expr: Box::new(self.into_expr()),
            low: Box::new(low.into_expr()),
            high: Box::new(high.into_expr()),
            negated: false,
        }
    }
    /// `self NOT BETWEEN low AND high`
    fn not_between(self, low: impl IntoExpr, high: impl IntoExpr) -> Expr {
        Expr::Between {
            expr: Box::new(self.into_expr()),
            low: Box::new(low.into_expr()),
            high: Box::new(high.into_expr()),
            negated: true,
        }
    }
    /// `self LIKE pattern` (the pattern's `%` and `_` are wildcards).
    fn like(self, pattern: impl IntoExpr) -> Expr {
        like(self.into_expr(), pattern.into_expr(), LikeEscape::Default, false, false)
    }
    /// `self NOT LIKE pattern`
    fn not_like(self, pattern: impl IntoExpr) -> Expr {
        like(self.into_expr(), pattern.into_expr(), LikeEscape::Default, true, false)
    }
    /// `self LIKE pattern ESCAPE 'escape'`
    fn like_escape(self, pattern: impl IntoExpr, escape: char) -> Expr {
        like(self.into_expr(), pattern.into_expr(), LikeEscape::Char(escape), false, false)
    }
    /// `self NOT LIKE pattern ESCAPE 'escape'`
    fn not_like_escape(self, pattern: impl IntoExpr, escape: char) -> Expr {
        like(self.into_expr(), pattern.into_expr(), LikeEscape::Char(escape), true, false)
    }
    /// Case-insensitive LIKE: `ILIKE` on PostgreSQL, `lower(a) LIKE lower(b)` elsewhere.
    fn ilike(self, pattern: impl IntoExpr) -> Expr {
        like(self.into_expr(), pattern.into_expr(), LikeEscape::Default, false, true)
    }
    /// Case-insensitive NOT LIKE.
    fn not_ilike(self, pattern: impl IntoExpr) -> Expr {
        like(self.into_expr(), pattern.into_expr(), LikeEscape::Default, true, true)
    }
    /// `self LIKE '%text%'`, with `%`, `_` and the escape character in `text` escaped so that
    /// they match literally. The text is kept as given; the dialect escapes it when the
    /// statement is compiled ([`Dialect::like_text_pattern`](crate::compile::Dialect::like_text_pattern):
    /// `/` as the escape by default, because a backslash in a string literal is itself an
    /// escape on MySQL).
    fn contains(self, text: &str) -> Expr {
        like(self.into_expr(), text.into_expr(), LikeEscape::Literal(LikeMatch::Contains), false, false)
    }
    /// `self LIKE 'text%'`, `text` matched literally (see [`ExprExt::contains`]).
    fn starts_with(self, text: &str) -> Expr {
        like(self.into_expr(), text.into_expr(), LikeEscape::Literal(LikeMatch::StartsWith), false, false)
    }
    /// `self LIKE '%text'`, `text` matched literally (see [`ExprExt::contains`]).
    fn ends_with(self, text: &str) -> Expr {
        like(self.into_expr(), text.into_expr(), LikeEscape::Literal(LikeMatch::EndsWith), false, false)
    }
    /// `self OVER (window)`: a window function or an aggregate over a window.
    fn over(self, window: crate::expr::Window) -> Expr {
        crate::expr::window::over(self, window)
    }
    /// `self FILTER (WHERE condition)` on an aggregate: native on PostgreSQL and SQLite,
    /// `agg(CASE WHEN condition THEN x END)` on MySQL. Compiling it on anything but an
    /// aggregate call is an error.
    fn filter_where(self, condition: impl IntoExpr) -> Expr {
        Expr::Filter(Box::new(crate::expr::Filtered { func: self.into_expr(), condition: condition.into_expr() }))
    }
    /// `CAST(self AS ty)`
    fn cast(self, ty: SqlType) -> Expr {
        Expr::Cast(Box::new(self.into_expr()), ty)
    }
    /// `self AS name` in a select list.
    fn label(self, name: impl Into<Ident>) -> Expr {
        Expr::Label(Box::new(self.into_expr()), name.into())
    }
    /// `self ASC` in ORDER BY.
    fn asc(self) -> OrderBy {
        OrderBy::new(self.into_expr()).asc()
    }
    /// `self DESC` in ORDER BY.
    fn desc(self) -> OrderBy {
        OrderBy::new(self.into_expr()).desc()
    }
}

fn like(expr: Expr, pattern: Expr, escape: LikeEscape, negated: bool, case_insensitive: bool) -> Expr {
    Expr::Like { expr: Box::new(expr), pattern: Box::new(pattern), escape, negated, case_insensitive }
}

impl ExprExt for Expr {}
impl ExprExt for crate::expr::ColumnRef {}
impl ExprExt for crate::schema::Col {}
