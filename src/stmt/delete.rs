//! DELETE.

use crate::expr::{Expr, IntoExpr, IntoExprs};
use crate::schema::TableRef;
use crate::stmt::{Cte, FromItem, and_onto};

/// A DELETE statement, built by [`delete`](crate::dsl::delete).
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
/// sqlcore::table! { pub books { id: Integer => primary_key(); stock: Integer; } }
///
/// let q = delete(books::table()).filter(books::stock.eq(0));
/// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "DELETE FROM books WHERE stock = ?");
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql, "DELETE FROM books WHERE stock = $1");
/// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "DELETE FROM books WHERE stock = ?");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Delete {
    /// The target table.
    pub table: TableRef,
    /// The WHERE condition; `None` deletes every row.
    pub filter: Option<Expr>,
    /// Other tables the condition reads (`DELETE ... USING`).
    pub using: Vec<FromItem>,
    /// `RETURNING` expressions.
    pub returning: Vec<Expr>,
    /// WITH clauses.
    pub ctes: Vec<Cte>,
}

impl Delete {
    /// A DELETE of every row of `table` (add [`Delete::filter`]).
    pub fn new(table: TableRef) -> Self {
        Delete { table, filter: None, using: Vec::new(), returning: Vec::new(), ctes: Vec::new() }
    }

    /// Reads another table in the condition: `DELETE FROM t USING other WHERE ...` on
    /// PostgreSQL, `DELETE t FROM t, other WHERE ...` on MySQL, and on SQLite
    /// `DELETE FROM t WHERE EXISTS (SELECT 1 FROM other WHERE ...)`: the same rows go.
    pub fn using(mut self, item: impl Into<FromItem>) -> Self {
        self.using.push(item.into());
        self
    }

    /// `RETURNING exprs`: the deleted rows (PostgreSQL, SQLite 3.35+, MariaDB).
    pub fn returning(mut self, exprs: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.returning, exprs.into_exprs());
        self
    }

    /// Adds a common table expression before the statement.
    pub fn with(mut self, cte: Cte) -> Self {
        self.ctes.push(cte);
        self
    }

    /// Adds a WHERE condition; repeated calls AND together.
    #[doc(alias = "where")]
    pub fn filter(mut self, condition: impl IntoExpr) -> Self {
        self.filter = and_onto(self.filter.take(), condition.into_expr());
        self
    }
}
