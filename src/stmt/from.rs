//! The FROM clause: tables, aliases and joins.

use crate::expr::Expr;
use crate::schema::TableRef;
use crate::stmt::Derived;

/// The kind of a join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JoinKind {
    /// `INNER JOIN`
    Inner,
    /// `LEFT OUTER JOIN`
    Left,
    /// `RIGHT OUTER JOIN`
    Right,
    /// `FULL OUTER JOIN`
    Full,
    /// `CROSS JOIN` (no ON clause)
    Cross,
}

impl JoinKind {
    /// The SQL keywords.
    pub fn as_sql(self) -> &'static str {
        match self {
            JoinKind::Inner => "INNER JOIN",
            JoinKind::Left => "LEFT OUTER JOIN",
            JoinKind::Right => "RIGHT OUTER JOIN",
            JoinKind::Full => "FULL OUTER JOIN",
            JoinKind::Cross => "CROSS JOIN",
        }
    }
}

/// One item of a FROM clause.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FromItem {
    /// A table, possibly aliased.
    Table(TableRef),
    /// `left JOIN right ON ...`
    Join(Box<Join>),
    /// `(query) AS alias`, optionally LATERAL.
    Derived(Box<Derived>),
}

/// A join of two FROM items.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// The left side (a table or an earlier join).
    pub left: FromItem,
    /// The joined item (a table, or a derived table).
    pub right: FromItem,
    /// The kind of join.
    pub kind: JoinKind,
    /// The ON condition; `None` infers it from the foreign keys between the two sides when
    /// compiling (an error if there is none, or more than one).
    pub on: Option<Expr>,
}

impl FromItem {
    /// The tables of this item, left to right (a derived table as its alias and columns).
    pub fn tables(&self) -> Vec<&TableRef> {
        let mut out = Vec::new();
        self.collect_tables(&mut out);
        out
    }

    fn collect_tables<'a>(&'a self, out: &mut Vec<&'a TableRef>) {
        self.for_each_table(&mut |t| out.push(t));
    }

    /// Calls `f` with each table of this item, left to right, without collecting them.
    pub(crate) fn for_each_table<'a>(&'a self, f: &mut impl FnMut(&'a TableRef)) {
        match self {
            FromItem::Table(t) => f(t),
            FromItem::Derived(d) => f(&d.table),
            FromItem::Join(j) => {
                j.left.for_each_table(f);
                j.right.for_each_table(f);
            }
        }
    }
}

impl From<Derived> for FromItem {
    fn from(d: Derived) -> Self {
        FromItem::Derived(Box::new(d))
    }
}

impl From<TableRef> for FromItem {
    fn from(t: TableRef) -> Self {
        FromItem::Table(t)
    }
}

impl From<crate::schema::Table> for FromItem {
    fn from(t: crate::schema::Table) -> Self {
        FromItem::Table(t.into())
    }
}

impl From<&crate::schema::Table> for FromItem {
    fn from(t: &crate::schema::Table) -> Self {
        FromItem::Table(t.into())
    }
}
