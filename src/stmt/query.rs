//! Queries: a SELECT, or a set operation (UNION, INTERSECT, EXCEPT) of queries. A query can
//! stand wherever rows are expected: a subquery, a derived table, a CTE body,
//! `INSERT ... SELECT`.

use crate::expr::{Expr, IntoExpr};
use crate::ident::Ident;
use crate::stmt::{Cte, Derived, IntoOrderBy, OrderBy, Select};

/// A SELECT or a set operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Query {
    /// A SELECT.
    Select(Box<Select>),
    /// A set operation.
    Compound(Box<Compound>),
}

/// The set operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    /// `UNION`: rows of either side.
    Union,
    /// `INTERSECT`: rows of both sides.
    Intersect,
    /// `EXCEPT`: rows of the left side not on the right.
    Except,
}

impl SetOp {
    /// The keyword.
    pub fn as_sql(self) -> &'static str {
        match self {
            SetOp::Union => "UNION",
            SetOp::Intersect => "INTERSECT",
            SetOp::Except => "EXCEPT",
        }
    }
}

/// `left UNION [ALL] right` (or INTERSECT / EXCEPT), with its own ORDER BY / LIMIT / OFFSET
/// applying to the whole result. The operands keep their own ORDER BY / LIMIT: such an
/// operand is compiled as a derived table, so its clauses never leak onto the whole.
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect; use sqlcore_mysql::MySqlDialect;
/// sqlcore::table! { pub a { id: Integer => primary_key(); } }
/// sqlcore::table! { pub b { id: Integer => primary_key(); } }
///
/// let q = select([a::id]).union(select([b::id]).filter(b::id.gt(5))).order_by(col("id")).limit(3);
/// assert_eq!(q.compile(&SqliteDialect::default())?.sql,
///     "SELECT id FROM a UNION SELECT id FROM b WHERE id > ? ORDER BY id LIMIT ?");
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
///     "SELECT id FROM a UNION SELECT id FROM b WHERE id > $1 ORDER BY id LIMIT $2");
/// assert_eq!(q.compile(&MySqlDialect::default())?.sql,
///     "SELECT id FROM a UNION SELECT id FROM b WHERE id > ? ORDER BY id LIMIT ?");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Compound {
    /// The operator.
    pub op: SetOp,
    /// `ALL` (keep duplicates).
    pub all: bool,
    /// The left operand.
    pub left: Query,
    /// The right operand.
    pub right: Query,
    /// ORDER BY of the whole result (by output column names).
    pub order_by: Vec<OrderBy>,
    /// LIMIT of the whole result.
    pub limit: Option<Expr>,
    /// OFFSET of the whole result.
    pub offset: Option<Expr>,
    /// WITH clauses preceding the whole.
    pub ctes: Vec<Cte>,
}

impl Compound {
    /// `left op right`.
    pub fn new(op: SetOp, all: bool, left: impl Into<Query>, right: impl Into<Query>) -> Self {
        Compound {
            op,
            all,
            left: left.into(),
            right: right.into(),
            order_by: Vec::new(),
            limit: None,
            offset: None,
            ctes: Vec::new(),
        }
    }

    /// Orders the whole result; terms name output columns (`col("id")`, or a column of the
    /// first operand, written bare).
    pub fn order_by(mut self, term: impl IntoOrderBy) -> Self {
        self.order_by.push(term.into_order_by());
        self
    }

    /// LIMIT of the whole result.
    pub fn limit(mut self, n: impl IntoExpr) -> Self {
        self.limit = Some(n.into_expr());
        self
    }

    /// OFFSET of the whole result.
    pub fn offset(mut self, n: impl IntoExpr) -> Self {
        self.offset = Some(n.into_expr());
        self
    }

    /// Adds a common table expression before the whole.
    pub fn with(mut self, cte: Cte) -> Self {
        self.ctes.push(cte);
        self
    }
}

/// Set operations and nesting, for a SELECT and for a set operation alike (in the prelude).
pub trait SetOperations: Into<Query> + Sized {
    /// `self UNION other`.
    fn union(self, other: impl Into<Query>) -> Compound {
        Compound::new(SetOp::Union, false, self, other)
    }

    /// `self UNION ALL other`.
    fn union_all(self, other: impl Into<Query>) -> Compound {
        Compound::new(SetOp::Union, true, self, other)
    }

    /// `self INTERSECT other`.
    fn intersect(self, other: impl Into<Query>) -> Compound {
        Compound::new(SetOp::Intersect, false, self, other)
    }

    /// `self INTERSECT ALL other` (not SQLite).
    fn intersect_all(self, other: impl Into<Query>) -> Compound {
        Compound::new(SetOp::Intersect, true, self, other)
    }

    /// `self EXCEPT other`.
    fn except(self, other: impl Into<Query>) -> Compound {
        Compound::new(SetOp::Except, false, self, other)
    }

    /// `self EXCEPT ALL other` (not SQLite).
    fn except_all(self, other: impl Into<Query>) -> Compound {
        Compound::new(SetOp::Except, true, self, other)
    }

    /// This query as a derived table, `(...) AS alias`.
    fn alias(self, alias: impl Into<Ident>) -> Derived {
        Derived::new(self.into(), alias.into())
    }

    /// This query as a scalar subquery, `(SELECT ...)`.
    fn scalar(self) -> Expr {
        Expr::Subquery(self.into())
    }
}

impl SetOperations for Select {}
impl SetOperations for Compound {}
impl SetOperations for Query {}

impl From<Select> for Query {
    fn from(s: Select) -> Self {
        Query::Select(Box::new(s))
    }
}

impl From<Compound> for Query {
    fn from(c: Compound) -> Self {
        Query::Compound(Box::new(c))
    }
}

impl Query {
    /// The names of the result columns, where they have one: a label, or a column's name.
    pub fn output_names(&self) -> Vec<Option<Ident>> {
        match self {
            Query::Select(s) => s.columns.iter().map(output_name).collect(),
            Query::Compound(c) => c.left.output_names(),
        }
    }

    /// Gives every unnamed result column a name, `column<n>` (its position), so a CTE or a
    /// derived table over this query can address it. Set operations take their column names
    /// from the first operand, which is the one named.
    pub(crate) fn name_columns(&mut self) {
        let first = match self {
            Query::Select(s) => s,
            Query::Compound(c) => return c.left.name_columns(),
        };
        for (i, item) in first.columns.iter_mut().enumerate() {
            if output_name(item).is_none() && !matches!(item, Expr::Star(_)) {
                let expr = std::mem::replace(item, Expr::Null);
                *item = Expr::Label(Box::new(expr), Ident::from(format!("column{}", i + 1)));
            }
        }
    }

    /// The result columns' names, `*` expanded to the columns of the tables it covers.
    pub(crate) fn result_columns(&self) -> Vec<(Ident, &Expr)> {
        let s = self.first_select();
        let mut out = Vec::new();
        for (i, item) in s.columns.iter().enumerate() {
            match item {
                Expr::Star(Some(q)) => {
                    for col in q.table().columns() {
                        out.push((col.name.clone(), item));
                    }
                }
                Expr::Star(None) => {
                    for t in s.from.iter().flat_map(crate::stmt::FromItem::tables) {
                        for col in t.table.columns() {
                            out.push((col.name.clone(), item));
                        }
                    }
                }
                _ => out.push((output_name(item).unwrap_or_else(|| Ident::from(format!("column{}", i + 1))), item)),
            }
        }
        out
    }

    /// The first SELECT of this query (for a compound, of its leftmost operand).
    pub fn first_select(&self) -> &Select {
        match self {
            Query::Select(s) => s,
            Query::Compound(c) => c.left.first_select(),
        }
    }
}

/// The name of a select-list item's result column, where it has one.
pub(crate) fn output_name(e: &Expr) -> Option<Ident> {
    match e {
        Expr::Label(_, name) => Some(name.clone()),
        Expr::Column(c) => Some(c.name.clone()),
        _ => None,
    }
}
