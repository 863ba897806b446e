//! INSERT.

use crate::expr::{Expr, IntoExpr, IntoExprs};
use crate::ident::Ident;
use crate::schema::TableRef;

/// An INSERT statement, built by [`insert`](crate::dsl::insert).
///
/// One row with [`Insert::value`], many rows with [`Insert::columns`] and [`Insert::row`]
/// (one multi-VALUES statement). Columns left out get their client-side
/// [`default`](crate::schema::Column::default) bound, or the server's default; an insert
/// with no values at all inserts a row of defaults.
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
/// sqlcore::table! { pub books { id: Integer => primary_key(); title: Text; price: Double; } }
///
/// let q = insert(books::table()).value(books::title, "Dune").value(books::price, 9.5);
/// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "INSERT INTO books (title, price) VALUES (?, ?)");
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql, "INSERT INTO books (title, price) VALUES ($1, $2)");
/// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "INSERT INTO books (title, price) VALUES (?, ?)");
/// assert_eq!(q.compile(&SqliteDialect::default())?.params, ["Dune".into(), Value::Float(9.5)]);
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Insert {
    /// The target table.
    pub table: TableRef,
    /// The columns given values, in order.
    pub columns: Vec<Ident>,
    /// The rows; each has one expression per column.
    pub rows: Vec<Vec<Expr>>,
}

/// A row of values for [`Insert::row`]: a tuple, array or `Vec` of expressions.
pub trait IntoRow: IntoExprs {}
impl<T: IntoExprs> IntoRow for T {}

impl Insert {
    /// An INSERT into `table` with no values yet.
    pub fn new(table: TableRef) -> Self {
        Insert { table, columns: Vec::new(), rows: Vec::new() }
    }

    /// Sets `column` to `value` in a single-row insert.
    pub fn value(mut self, column: impl Into<Ident>, value: impl IntoExpr) -> Self {
        self.columns.push(column.into());
        match self.rows.first_mut() {
            Some(row) => row.push(value.into_expr()),
            None => self.rows.push(vec![value.into_expr()]),
        }
        self
    }

    /// Names the columns of the rows given by [`Insert::row`] / [`Insert::rows`].
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); title: Text; price: Double; } }
    /// let q = insert(books::table())
    ///     .columns([books::title, books::price])
    ///     .row(("Dune", 9.5))
    ///     .row(("Emma", 4.0));
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "INSERT INTO books (title, price) VALUES (?, ?), (?, ?)");
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
    ///     "INSERT INTO books (title, price) VALUES ($1, $2), ($3, $4)");
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "INSERT INTO books (title, price) VALUES (?, ?), (?, ?)");
    /// assert_eq!(q.compile(&MySqlDialect::default())?.params.len(), 4);
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn columns<C>(mut self, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        self.columns.extend(columns.into_iter().map(Into::into));
        self
    }

    /// Adds a row of values, one per column named by [`Insert::columns`].
    pub fn row(mut self, row: impl IntoRow) -> Self {
        self.rows.push(row.into_exprs());
        self
    }

    /// This insert's rows split into inserts of at most `max_params` bound values each
    /// (rows × columns, client-side defaults included), in order: one statement when they fit.
    /// [`Connection::insert_bulk`](crate::Connection::insert_bulk) runs them in one transaction.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # sqlcore::table! { pub points { id: Integer => primary_key(); x: Integer; y: Integer; } }
    /// let rows: Vec<(i64, i64)> = (0..10).map(|i| (i, i * i)).collect();
    /// let parts = insert(points::table()).columns([points::x, points::y]).rows(rows).split(6);
    /// assert_eq!(parts.iter().map(|p| p.rows.len()).collect::<Vec<_>>(), [3, 3, 3, 1]);
    /// ```
    pub fn split(&self, max_params: usize) -> Vec<Insert> {
        let defaults = self.table.table.columns().filter(|c| c.default.is_some() && !self.columns.contains(&c.name));
        let width = (self.columns.len() + defaults.count()).max(1);
        let per_statement = (max_params / width).max(1);
        if self.rows.len() <= per_statement {
            return vec![self.clone()];
        }
        self.rows
            .chunks(per_statement)
            .map(|rows| Insert { table: self.table.clone(), columns: self.columns.clone(), rows: rows.to_vec() })
            .collect()
    }

    /// Adds many rows.
    pub fn rows<I>(mut self, rows: I) -> Self
    where
        I: IntoIterator,
        I::Item: IntoRow,
    {
        self.rows.extend(rows.into_iter().map(IntoExprs::into_exprs));
        self
    }
}
