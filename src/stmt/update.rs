//! UPDATE.

use crate::expr::{Expr, IntoExpr};
use crate::ident::Ident;
use crate::schema::TableRef;
use crate::stmt::and_onto;

/// An UPDATE statement, built by [`update`](crate::dsl::update).
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
/// sqlcore::table! { pub books { id: Integer => primary_key(); price: Double; stock: Integer; } }
///
/// let q = update(books::table())
///     .set(books::price, books::price.mul(0.9))
///     .set(books::stock, 0)
///     .filter(books::id.eq(3));
/// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "UPDATE books SET price = price * ?, stock = ? WHERE id = ?");
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
///     "UPDATE books SET price = price * $1::DOUBLE PRECISION, stock = $2 WHERE id = $3"); // a float keeps its type
/// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "UPDATE books SET price = price * ?, stock = ? WHERE id = ?");
/// assert_eq!(q.compile(&MySqlDialect::default())?.params, [Value::Float(0.9), Value::Int(0), Value::Int(3)]);
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Update {
    /// The target table.
    pub table: TableRef,
    /// `SET column = expr` pairs, in order.
    pub set: Vec<(Ident, Expr)>,
    /// The WHERE condition; `None` updates every row.
    pub filter: Option<Expr>,
}

impl Update {
    /// An UPDATE of `table` with nothing set yet.
    pub fn new(table: TableRef) -> Self {
        Update { table, set: Vec::new(), filter: None }
    }

    /// `SET column = value` (a Rust value is bound; an expression may use other columns).
    pub fn set(mut self, column: impl Into<Ident>, value: impl IntoExpr) -> Self {
        self.set.push((column.into(), value.into_expr()));
        self
    }

    /// Adds a WHERE condition; repeated calls AND together.
    #[doc(alias = "where")]
    pub fn filter(mut self, condition: impl IntoExpr) -> Self {
        self.filter = and_onto(self.filter.take(), condition.into_expr());
        self
    }
}
