//! Literal SQL text with named parameters.

use crate::expr::{Expr, IntoExpr};
use crate::ident::Ident;
use crate::value::Value;

/// SQL text written by the programmer, with `:name` parameters bound to values.
///
/// The text is emitted as is, so it must never be built from user input; the values are
/// always bound. `::` (a PostgreSQL cast) and text inside quotes are left alone.
#[derive(Debug, Clone, PartialEq)]
pub struct TextClause {
    /// The SQL, with `:name` placeholders.
    pub sql: Ident,
    /// The values of the named parameters.
    pub binds: Vec<(Ident, Value)>,
}

impl TextClause {
    /// Binds `:name` to `value`.
    #[must_use]
    pub fn bind(mut self, name: impl Into<Ident>, value: impl Into<Value>) -> Self {
        self.binds.push((name.into(), value.into()));
        self
    }
}

impl IntoExpr for TextClause {
    fn into_expr(self) -> Expr {
        Expr::Text(Box::new(self))
    }
}

impl crate::expr::ExprExt for TextClause {}
