//! DELETE.

use crate::expr::{Expr, IntoExpr};
use crate::schema::TableRef;
use crate::stmt::and_onto;

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
}

impl Delete {
    /// A DELETE of every row of `table` (add [`Delete::filter`]).
    pub fn new(table: TableRef) -> Self {
        Delete { table, filter: None }
    }

    /// Adds a WHERE condition; repeated calls AND together.
    #[doc(alias = "where")]
    pub fn filter(mut self, condition: impl IntoExpr) -> Self {
        self.filter = and_onto(self.filter.take(), condition.into_expr());
        self
    }
}
