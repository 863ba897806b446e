//! UPDATE.

use crate::expr::{Expr, IntoExpr, IntoExprs};
use crate::ident::Ident;
use crate::schema::TableRef;
use crate::stmt::{Cte, FromItem, and_onto};

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
    /// Other tables the SET values and the condition read (`UPDATE ... FROM`).
    pub from: Vec<FromItem>,
    /// `RETURNING` expressions.
    pub returning: Vec<Expr>,
    /// WITH clauses.
    pub ctes: Vec<Cte>,
}

impl Update {
    /// An UPDATE of `table` with nothing set yet.
    pub fn new(table: TableRef) -> Self {
        Update { table, set: Vec::new(), filter: None, from: Vec::new(), returning: Vec::new(), ctes: Vec::new() }
    }

    /// Reads another table too: `UPDATE t SET ... FROM other WHERE ...` on PostgreSQL and
    /// SQLite, `UPDATE t, other SET ...` on MySQL.
    pub fn from(mut self, item: impl Into<FromItem>) -> Self {
        self.from.push(item.into());
        self
    }

    /// `RETURNING exprs`: the updated rows (PostgreSQL, SQLite 3.35+).
    pub fn returning(mut self, exprs: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.returning, exprs.into_exprs());
        self
    }

    /// Adds a common table expression before the statement.
    pub fn with(mut self, cte: Cte) -> Self {
        self.ctes.push(cte);
        self
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
