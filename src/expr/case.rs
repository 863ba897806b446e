//! CASE expressions.

use crate::expr::{Expr, IntoExpr};

/// `CASE [base] WHEN .. THEN .. [ELSE ..] END`, built by [`case`](crate::dsl::case).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// For the simple form `CASE base WHEN value THEN ...`; `None` for the searched form.
    pub base: Option<Expr>,
    /// The WHEN / THEN pairs, in order.
    pub whens: Vec<(Expr, Expr)>,
    /// The ELSE result (NULL when absent).
    pub else_: Option<Expr>,
}

impl Case {
    /// Adds `WHEN condition THEN result`.
    #[must_use]
    pub fn when(mut self, condition: impl IntoExpr, result: impl IntoExpr) -> Self {
        self.whens.push((condition.into_expr(), result.into_expr()));
        self
    }

    /// Sets `ELSE result`.
    #[must_use]
    pub fn otherwise(mut self, result: impl IntoExpr) -> Self {
        self.else_ = Some(result.into_expr());
        self
    }

    /// Finishes the CASE as an expression.
    pub fn end(self) -> Expr {
        Expr::Case(Box::new(self))
    }
}

impl IntoExpr for Case {
    fn into_expr(self) -> Expr {
        self.end()
    }
}

impl crate::expr::ExprExt for Case {}
