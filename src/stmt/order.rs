//! ORDER BY items.

use crate::expr::{Expr, IntoExpr};

/// ASC or DESC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortDirection {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// Where NULLs sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NullsOrder {
    /// NULLS FIRST
    First,
    /// NULLS LAST
    Last,
}

/// One ORDER BY term: `expr [ASC|DESC] [NULLS FIRST|LAST]`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    /// The sort key. A [`Expr::Label`] sorts by the select-list alias.
    pub expr: Expr,
    /// The direction; `None` leaves the engine's default (ascending) unwritten.
    pub direction: Option<SortDirection>,
    /// NULL placement; `None` leaves the engine's default (which differs between engines).
    pub nulls: Option<NullsOrder>,
}

impl OrderBy {
    /// An ORDER BY term with no direction.
    pub fn new(expr: Expr) -> Self {
        OrderBy { expr, direction: None, nulls: None }
    }

    /// Ascending.
    #[must_use]
    pub fn asc(mut self) -> Self {
        self.direction = Some(SortDirection::Asc);
        self
    }

    /// Descending.
    #[must_use]
    pub fn desc(mut self) -> Self {
        self.direction = Some(SortDirection::Desc);
        self
    }

    /// NULLs before all other values (native on PostgreSQL and SQLite, emulated on MySQL).
    #[must_use]
    pub fn nulls_first(mut self) -> Self {
        self.nulls = Some(NullsOrder::First);
        self
    }

    /// NULLs after all other values (native on PostgreSQL and SQLite, emulated on MySQL).
    #[must_use]
    pub fn nulls_last(mut self) -> Self {
        self.nulls = Some(NullsOrder::Last);
        self
    }
}

/// What `order_by` accepts: an [`OrderBy`] (`users::name.desc()`) or any expression.
pub trait IntoOrderBy {
    /// Converts into an ORDER BY term.
    fn into_order_by(self) -> OrderBy;
}

impl IntoOrderBy for OrderBy {
    fn into_order_by(self) -> OrderBy {
        self
    }
}

impl<T: IntoExpr> IntoOrderBy for T {
    fn into_order_by(self) -> OrderBy {
        OrderBy::new(self.into_expr())
    }
}
