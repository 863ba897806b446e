//! INSERT.

use crate::expr::{Expr, IntoExpr, IntoExprs};
use crate::ident::Ident;
use crate::schema::TableRef;
use crate::stmt::{Cte, Query, Rows};

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
    pub rows: Rows,
    /// `INSERT ... SELECT`: the rows come from a query instead.
    pub query: Option<Query>,
    /// `ON CONFLICT` / `ON DUPLICATE KEY UPDATE` (boxed: most inserts have none, and every
    /// builder call moves the statement).
    pub on_conflict: Option<Box<OnConflict>>,
    /// `RETURNING` expressions.
    pub returning: Vec<Expr>,
    /// WITH clauses.
    pub ctes: Vec<Cte>,
}

/// What an upsert does when a row conflicts with an existing one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OnConflict {
    /// The unique key whose conflict is handled.
    pub target: ConflictTarget,
    /// What to do.
    pub action: ConflictAction,
}

/// The unique key an upsert handles.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConflictTarget {
    /// The primary key or unique constraint over these columns.
    Columns(Vec<Ident>),
    /// A named constraint (PostgreSQL only).
    Constraint(Ident),
}

/// What an upsert does on conflict.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConflictAction {
    /// Keep the existing row.
    Nothing,
    /// Update the existing row; [`excluded`](crate::dsl::excluded) names the proposed values.
    Update {
        /// `SET column = expr` pairs.
        set: Vec<(Ident, Expr)>,
        /// Only when this holds (for the existing row).
        filter: Option<Expr>,
    },
}

/// A row of values for [`Insert::row`]: a tuple, array or `Vec` of expressions.
pub trait IntoRow: IntoExprs {}
impl<T: IntoExprs> IntoRow for T {}

impl Insert {
    /// An INSERT into `table` with no values yet.
    pub fn new(table: TableRef) -> Self {
        Insert {
            table,
            columns: Vec::new(),
            rows: Rows::new(),
            query: None,
            on_conflict: None,
            returning: Vec::new(),
            ctes: Vec::new(),
        }
    }

    /// `INSERT INTO t (columns) SELECT ...`: the rows come from `query`, whose columns match
    /// [`Insert::columns`] in order.
    pub fn select(mut self, query: impl Into<Query>) -> Self {
        self.query = Some(query.into());
        self
    }

    /// On a conflict on the unique key over `columns`, keep the existing row (until
    /// [`Insert::do_update_set`] says otherwise): `ON CONFLICT (cols) DO NOTHING` on PostgreSQL
    /// and SQLite, a no-op `ON DUPLICATE KEY UPDATE` on MySQL.
    pub fn on_conflict<C>(mut self, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        let target = ConflictTarget::Columns(columns.into_iter().map(Into::into).collect());
        self.on_conflict = Some(Box::new(OnConflict { target, action: ConflictAction::Nothing }));
        self
    }

    /// On a conflict with the named constraint (PostgreSQL only), keep the existing row
    /// (until [`Insert::do_update_set`]).
    pub fn on_conflict_constraint(mut self, name: impl Into<Ident>) -> Self {
        self.on_conflict = Some(Box::new(OnConflict {
            target: ConflictTarget::Constraint(name.into()),
            action: ConflictAction::Nothing,
        }));
        self
    }

    /// On conflict, set `column` to `value` in the existing row (`excluded(col)` is the
    /// proposed value). Without a prior [`Insert::on_conflict`], the target is the primary key.
    pub fn do_update_set(mut self, column: impl Into<Ident>, value: impl IntoExpr) -> Self {
        let pk = self.table.table.def().primary_key.clone();
        let oc = self.on_conflict.get_or_insert_with(|| {
            Box::new(OnConflict { target: ConflictTarget::Columns(pk), action: ConflictAction::Nothing })
        });
        match &mut oc.action {
            ConflictAction::Update { set, .. } => set.push((column.into(), value.into_expr())),
            action @ ConflictAction::Nothing => {
                *action = ConflictAction::Update { set: vec![(column.into(), value.into_expr())], filter: None };
            }
        }
        self
    }

    /// On conflict, update only where `condition` holds for the existing row.
    pub fn do_update_where(mut self, condition: impl IntoExpr) -> Self {
        let pk = self.table.table.def().primary_key.clone();
        let oc = self.on_conflict.get_or_insert_with(|| {
            Box::new(OnConflict { target: ConflictTarget::Columns(pk), action: ConflictAction::Nothing })
        });
        match &mut oc.action {
            ConflictAction::Update { filter, .. } => {
                *filter = crate::stmt::and_onto(filter.take(), condition.into_expr())
            }
            // The SET columns may come next: the condition waits for them (compiling an update
            // with a condition but nothing to set is an error, not a silent DO NOTHING).
            action @ ConflictAction::Nothing => {
                *action = ConflictAction::Update { set: Vec::new(), filter: Some(condition.into_expr()) };
            }
        }
        self
    }

    /// `RETURNING exprs`: the inserted rows (PostgreSQL, SQLite 3.35+, MariaDB 10.5+).
    pub fn returning(mut self, exprs: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.returning, exprs.into_exprs());
        self
    }

    /// Adds a common table expression before the statement.
    pub fn with(mut self, cte: Cte) -> Self {
        self.ctes.push(cte);
        self
    }

    /// Sets `column` to `value` in a single-row insert.
    #[inline]
    pub fn value(mut self, column: impl Into<Ident>, value: impl IntoExpr) -> Self {
        // Room for a typical row from the first value on, instead of growing 1, 4, 8.
        const TYPICAL_WIDTH: usize = 8;
        if self.columns.capacity() == 0 {
            self.columns.reserve(TYPICAL_WIDTH);
        }
        if self.rows.is_empty() {
            self.rows.reserve(1, TYPICAL_WIDTH);
        }
        self.columns.push(column.into());
        self.rows.push_to_first(value.into_expr());
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
        if self.rows.is_empty() {
            self.rows.reserve(1, self.columns.len());
        }
        self.rows.push(row);
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
        (0..self.rows.len())
            .step_by(per_statement)
            .map(|start| {
                let end = start.saturating_add(per_statement).min(self.rows.len());
                Insert { rows: self.rows.part(start..end), ..self.clone_without_rows() }
            })
            .collect()
    }

    fn clone_without_rows(&self) -> Insert {
        Insert {
            table: self.table.clone(),
            columns: self.columns.clone(),
            rows: Rows::new(),
            query: self.query.clone(),
            on_conflict: self.on_conflict.clone(),
            returning: self.returning.clone(),
            ctes: self.ctes.clone(),
        }
    }

    /// Adds many rows.
    pub fn rows<I>(mut self, rows: I) -> Self
    where
        I: IntoIterator,
        I::Item: IntoRow,
    {
        let rows = rows.into_iter();
        self.rows.reserve(rows.size_hint().0, self.columns.len());
        self.rows.extend(rows);
        self
    }
}
