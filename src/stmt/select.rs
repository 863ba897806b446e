//! SELECT.

use crate::expr::{Expr, IntoExpr, IntoExprs};
use crate::ident::Ident;
use crate::stmt::{Cte, FromItem, IntoOrderBy, Join, JoinKind, OrderBy, and_onto};

/// A SELECT statement, built by [`select`](crate::dsl::select).
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
/// sqlcore::table! { pub books { id: Integer => primary_key(); title: Text; price: Double; } }
///
/// let q = select((books::title, books::price))
///     .filter(books::price.lt(20))
///     .order_by(books::price.desc())
///     .limit(10);
/// assert_eq!(q.compile(&SqliteDialect::default())?.sql,
///     "SELECT title, price FROM books WHERE price < ? ORDER BY price DESC LIMIT ?");
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
///     "SELECT title, price FROM books WHERE price < $1 ORDER BY price DESC LIMIT $2");
/// assert_eq!(q.compile(&MySqlDialect::default())?.sql,
///     "SELECT title, price FROM books WHERE price < ? ORDER BY price DESC LIMIT ?");
/// assert_eq!(q.compile(&SqliteDialect::default())?.params, [Value::Int(20), Value::Int(10)]);
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct Select {
    /// `SELECT DISTINCT` when true.
    pub distinct: bool,
    /// `SELECT DISTINCT ON (...)`: one row per distinct value of these (the first by ORDER BY).
    pub distinct_on: Vec<Expr>,
    /// The select list.
    pub columns: Vec<Expr>,
    /// The FROM items; empty means "inferred from the columns' tables" (leaving out those
    /// of enclosing queries, see [`Select::correlate`]).
    pub from: Vec<FromItem>,
    /// The WHERE condition.
    pub filter: Option<Expr>,
    /// GROUP BY terms.
    pub group_by: Vec<Expr>,
    /// The HAVING condition.
    pub having: Option<Expr>,
    /// ORDER BY terms.
    pub order_by: Vec<OrderBy>,
    /// LIMIT (bound).
    pub limit: Option<Expr>,
    /// OFFSET (bound).
    pub offset: Option<Expr>,
    /// WITH clauses (common table expressions) preceding the statement.
    pub ctes: Vec<Cte>,
    /// Which tables of enclosing queries an inferred FROM leaves out.
    pub correlate: Correlate,
    /// `FOR UPDATE` / `FOR SHARE`.
    pub lock: Option<Lock>,
}

/// A row lock taken by a SELECT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lock {
    /// FOR UPDATE or FOR SHARE.
    pub strength: LockStrength,
    /// What to do about rows another transaction has locked.
    pub wait: LockWait,
}

/// How strong a row lock is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockStrength {
    /// `FOR UPDATE`: exclusive.
    Update,
    /// `FOR SHARE`: shared (`LOCK IN SHARE MODE` on MariaDB).
    Share,
}

/// What a lock does about rows already locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockWait {
    /// Wait for them.
    Wait,
    /// `NOWAIT`: fail at once.
    NoWait,
    /// `SKIP LOCKED`: leave them out.
    SkipLocked,
}

/// How a subquery whose FROM is inferred treats tables of the queries around it.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Correlate {
    /// Tables (or aliases) the enclosing queries read are left out of the inferred FROM, so
    /// `users.id` inside refers to the outer row (SQLAlchemy's auto-correlation).
    #[default]
    Auto,
    /// Every table the subquery names is in its own FROM.
    None,
    /// Only these names (tables or aliases) refer to the enclosing queries.
    Only(Vec<Ident>),
}

impl Select {
    /// Whether it has a clause that may name its select list's expressions again: DISTINCT
    /// ON, GROUP BY, HAVING or ORDER BY.
    pub(crate) fn has_grouping_or_ordering(&self) -> bool {
        !(self.distinct_on.is_empty() && self.group_by.is_empty() && self.having.is_none() && self.order_by.is_empty())
    }

    /// A SELECT of `columns` with no FROM yet.
    pub fn new(columns: Vec<Expr>) -> Self {
        Select { columns, ..Select::default() }
    }

    /// Adds more columns to the select list.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); title: Text; } }
    /// let q = select([books::id]).columns([books::title]);
    /// for sql in [q.compile(&SqliteDialect::default())?.sql, q.compile(&PostgresDialect::default())?.sql,
    ///             q.compile(&MySqlDialect::default())?.sql] {
    ///     assert_eq!(sql, "SELECT id, title FROM books");
    /// }
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn columns(mut self, columns: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.columns, columns.into_exprs());
        self
    }

    /// `SELECT DISTINCT`.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); genre: Text; } }
    /// let q = select([books::genre]).distinct();
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "SELECT DISTINCT genre FROM books");
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, "SELECT DISTINCT genre FROM books");
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "SELECT DISTINCT genre FROM books");
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn distinct(mut self) -> Self {
        self.distinct = true;
        self
    }

    /// `DISTINCT ON (terms)`: one row per distinct value of `terms`, the first by the ORDER
    /// BY. Native on PostgreSQL; elsewhere emulated by numbering the rows of each group with
    /// ROW_NUMBER() in a derived table and keeping the first, which needs every selected item
    /// to have a name and the ORDER BY to use selected items.
    pub fn distinct_on(mut self, terms: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.distinct_on, terms.into_exprs());
        self
    }

    /// Adds a FROM item: a table, an aliased table, or a join built elsewhere.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); title: Text; } }
    /// let b = books::table().alias("b");
    /// let q = select([b.col(books::title)]).from(b.clone());
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, r#"SELECT b.title FROM books AS b"#);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, r#"SELECT b.title FROM books AS b"#);
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, r#"SELECT b.title FROM books AS b"#);
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn from(mut self, item: impl Into<FromItem>) -> Self {
        self.from.push(item.into());
        self
    }

    fn join_with(mut self, kind: JoinKind, right: FromItem, on: Option<Expr>) -> Self {
        let left = match self.from.pop() {
            Some(left) => left,
            // No FROM yet: the join starts from the columns' first table, as SQLAlchemy does.
            None => match crate::compile::infer_from(&self.columns).into_iter().next() {
                Some(first) => first,
                None => right.clone(),
            },
        };
        self.from.push(FromItem::Join(Box::new(Join { left, right, kind, on })));
        self
    }

    /// `INNER JOIN right`, the ON clause inferred from the one foreign key between `right`
    /// and the tables already in FROM (an error at compile time if there is none or more than
    /// one).
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// sqlcore::table! { pub authors { id: Integer => primary_key(); name: Text; } }
    /// sqlcore::table! { pub books { id: Integer => primary_key(); title: Text;
    ///                               author_id: Integer => references(authors::id); } }
    /// # fn main() -> sqlcore::Result<()> {
    /// let q = select((authors::name, books::title)).from(authors::table()).join(books::table());
    /// let expected = "SELECT authors.name, books.title FROM authors INNER JOIN books ON books.author_id = authors.id";
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, expected);
    /// # Ok(())
    /// # }
    /// ```
    pub fn join(self, right: impl Into<FromItem>) -> Self {
        self.join_with(JoinKind::Inner, right.into(), None)
    }

    /// `INNER JOIN right ON on`.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub users { id: Integer => primary_key(); boss: Integer; name: Text; } }
    /// let (e, b) = (users::table().alias("e"), users::table().alias("b"));
    /// let q = select((e.col(users::name), b.col(users::name).label("boss_name")))
    ///     .from(e.clone())
    ///     .join_on(b.clone(), e.col(users::boss).eq(b.col(users::id)));
    /// let expected = "SELECT e.name, b.name AS boss_name FROM users AS e INNER JOIN users AS b ON e.boss = b.id";
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, expected);
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn join_on(self, right: impl Into<FromItem>, on: impl IntoExpr) -> Self {
        self.join_with(JoinKind::Inner, right.into(), Some(on.into_expr()))
    }

    /// `LEFT OUTER JOIN right`, ON inferred from foreign keys (see [`Select::join`]).
    pub fn left_join(self, right: impl Into<FromItem>) -> Self {
        self.join_with(JoinKind::Left, right.into(), None)
    }

    /// `LEFT OUTER JOIN right ON on`.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub a { id: Integer => primary_key(); } }
    /// # sqlcore::table! { pub b { id: Integer => primary_key(); a_id: Integer; } }
    /// let q = select((a::id, b::id.label("b_id"))).from(a::table()).left_join_on(b::table(), b::a_id.eq(a::id));
    /// let expected = "SELECT a.id, b.id AS b_id FROM a LEFT OUTER JOIN b ON b.a_id = a.id";
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, expected);
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn left_join_on(self, right: impl Into<FromItem>, on: impl IntoExpr) -> Self {
        self.join_with(JoinKind::Left, right.into(), Some(on.into_expr()))
    }

    /// `RIGHT OUTER JOIN right`, ON inferred (SQLite ≥ 3.39; see [`Select::join`]).
    pub fn right_join(self, right: impl Into<FromItem>) -> Self {
        self.join_with(JoinKind::Right, right.into(), None)
    }

    /// `RIGHT OUTER JOIN right ON on` (SQLite ≥ 3.39).
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub a { id: Integer => primary_key(); } }
    /// # sqlcore::table! { pub b { id: Integer => primary_key(); a_id: Integer; } }
    /// let q = select((a::id, b::id.label("b_id"))).from(a::table()).right_join_on(b::table(), b::a_id.eq(a::id));
    /// let expected = "SELECT a.id, b.id AS b_id FROM a RIGHT OUTER JOIN b ON b.a_id = a.id";
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, expected);
    /// assert!(q.compile(&SqliteDialect::with_version(3, 38, 0)).unwrap_err().is_unsupported());
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn right_join_on(self, right: impl Into<FromItem>, on: impl IntoExpr) -> Self {
        self.join_with(JoinKind::Right, right.into(), Some(on.into_expr()))
    }

    /// `FULL OUTER JOIN right`, ON inferred (unsupported on MySQL / MariaDB).
    pub fn full_join(self, right: impl Into<FromItem>) -> Self {
        self.join_with(JoinKind::Full, right.into(), None)
    }

    /// `FULL OUTER JOIN right ON on`: PostgreSQL, SQLite ≥ 3.39; an
    /// [`Error::Unsupported`](crate::Error::Unsupported) on MySQL and MariaDB.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub a { id: Integer => primary_key(); } }
    /// # sqlcore::table! { pub b { id: Integer => primary_key(); a_id: Integer; } }
    /// let q = select((a::id, b::id.label("b_id"))).from(a::table()).full_join_on(b::table(), b::a_id.eq(a::id));
    /// let expected = "SELECT a.id, b.id AS b_id FROM a FULL OUTER JOIN b ON b.a_id = a.id";
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected);
    /// assert!(q.compile(&MySqlDialect::default()).unwrap_err().is_unsupported());
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn full_join_on(self, right: impl Into<FromItem>, on: impl IntoExpr) -> Self {
        self.join_with(JoinKind::Full, right.into(), Some(on.into_expr()))
    }

    /// `CROSS JOIN right`.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub a { id: Integer => primary_key(); } }
    /// # sqlcore::table! { pub b { id: Integer => primary_key(); } }
    /// let q = select((a::id, b::id.label("b_id"))).from(a::table()).cross_join(b::table());
    /// let expected = "SELECT a.id, b.id AS b_id FROM a CROSS JOIN b";
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected);
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, expected);
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn cross_join(self, right: impl Into<FromItem>) -> Self {
        self.join_with(JoinKind::Cross, right.into(), None)
    }

    /// Adds a WHERE condition; repeated calls AND together.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); price: Double; stock: Integer; } }
    /// let q = select([books::id]).filter(books::price.lt(20)).filter(books::stock.gt(0));
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "SELECT id FROM books WHERE price < ? AND stock > ?");
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, "SELECT id FROM books WHERE price < $1 AND stock > $2");
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "SELECT id FROM books WHERE price < ? AND stock > ?");
    /// assert_eq!(q.compile(&MySqlDialect::default())?.params, [Value::Int(20), Value::Int(0)]);
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    #[doc(alias = "where")]
    #[doc(alias = "where_")]
    pub fn filter(mut self, condition: impl IntoExpr) -> Self {
        self.filter = and_onto(self.filter.take(), condition.into_expr());
        self
    }

    /// Adds GROUP BY terms.
    ///
    /// ```
    /// # use sqlcore::prelude::*; use sqlcore::func;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); author_id: Integer; } }
    /// let n = func::count_star().label("n");
    /// let q = select((books::author_id, n.clone())).group_by([books::author_id]).having(func::count_star().gt(1));
    /// let expected = |p: &str| format!("SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id HAVING COUNT(*) > {p}");
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, expected("?"));
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, expected("$1"));
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, expected("?"));
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn group_by(mut self, terms: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.group_by, terms.into_exprs());
        self
    }

    /// Adds a HAVING condition; repeated calls AND together.
    pub fn having(mut self, condition: impl IntoExpr) -> Self {
        self.having = and_onto(self.having.take(), condition.into_expr());
        self
    }

    /// Adds an ORDER BY term: an expression, or `expr.asc()` / `expr.desc()` with optional
    /// `.nulls_first()` / `.nulls_last()`.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); price: Double; } }
    /// let q = select([books::id]).order_by(books::price.desc().nulls_last()).order_by(books::id);
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "SELECT id FROM books ORDER BY price DESC NULLS LAST, id");
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, "SELECT id FROM books ORDER BY price DESC NULLS LAST, id");
    /// // MySQL has no NULLS LAST, but sorts NULLs last in DESC order already.
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql, "SELECT id FROM books ORDER BY price DESC, id");
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn order_by(mut self, term: impl IntoOrderBy) -> Self {
        self.order_by.push(term.into_order_by());
        self
    }

    /// LIMIT, bound as a parameter.
    pub fn limit(mut self, n: impl IntoExpr) -> Self {
        self.limit = Some(n.into_expr());
        self
    }

    /// `FOR UPDATE`: lock the selected rows until the transaction ends. SQLite has no row
    /// locks: there it is [`Error::Unsupported`](crate::Error::Unsupported) (use
    /// `BEGIN IMMEDIATE`).
    pub fn for_update(mut self) -> Self {
        self.lock = Some(Lock { strength: LockStrength::Update, wait: LockWait::Wait });
        self
    }

    /// `FOR SHARE` (`LOCK IN SHARE MODE` on MariaDB).
    pub fn for_share(mut self) -> Self {
        self.lock = Some(Lock { strength: LockStrength::Share, wait: LockWait::Wait });
        self
    }

    /// `NOWAIT` on the row lock; without [`Select::for_share`] the lock is `FOR UPDATE`
    /// (as SQLAlchemy's `with_for_update(nowait=True)`).
    pub fn nowait(mut self) -> Self {
        self.lock.get_or_insert(Lock { strength: LockStrength::Update, wait: LockWait::Wait }).wait = LockWait::NoWait;
        self
    }

    /// `SKIP LOCKED` on the row lock; without [`Select::for_share`] the lock is `FOR UPDATE`.
    pub fn skip_locked(mut self) -> Self {
        self.lock.get_or_insert(Lock { strength: LockStrength::Update, wait: LockWait::Wait }).wait =
            LockWait::SkipLocked;
        self
    }

    /// Adds a common table expression: `WITH name AS (...) SELECT ...`.
    pub fn with(mut self, cte: Cte) -> Self {
        self.ctes.push(cte);
        self
    }

    /// Correlates only these tables (or aliases) with enclosing queries; others the subquery
    /// names are in its own FROM.
    pub fn correlate<I>(mut self, names: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Ident>,
    {
        self.correlate = Correlate::Only(names.into_iter().map(Into::into).collect());
        self
    }

    /// Correlates nothing: every table the subquery names is in its own FROM.
    pub fn correlate_none(mut self) -> Self {
        self.correlate = Correlate::None;
        self
    }

    /// OFFSET, bound as a parameter; valid without a limit on every dialect.
    ///
    /// ```
    /// # use sqlcore::prelude::*;
    /// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
    /// # sqlcore::table! { pub books { id: Integer => primary_key(); } }
    /// let q = select([books::id]).order_by(books::id).offset(20);
    /// assert_eq!(q.compile(&SqliteDialect::default())?.sql, "SELECT id FROM books ORDER BY id LIMIT -1 OFFSET ?");
    /// assert_eq!(q.compile(&PostgresDialect::default())?.sql, "SELECT id FROM books ORDER BY id OFFSET $1");
    /// assert_eq!(q.compile(&MySqlDialect::default())?.sql,
    ///     "SELECT id FROM books ORDER BY id LIMIT 18446744073709551615 OFFSET ?");
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    pub fn offset(mut self, n: impl IntoExpr) -> Self {
        self.offset = Some(n.into_expr());
        self
    }
}
