//! Window functions: `f(...) OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)`.

use crate::expr::{Expr, IntoExpr, IntoExprs};
use crate::stmt::{IntoOrderBy, OrderBy};

/// A window specification, built with [`Window::new`] and given to
/// [`ExprExt::over`](crate::expr::ExprExt::over).
///
/// ```
/// use sqlcore::prelude::*;
/// use sqlcore::expr::Window;
/// use sqlcore::func;
/// # use sqlcore_postgres::PostgresDialect;
/// sqlcore::table! { pub orders { id: Integer => primary_key(); user_id: Integer; total: Integer; } }
///
/// let running = func::sum(orders::total)
///     .over(Window::new().partition_by([orders::user_id]).order_by(orders::id).rows_between(
///         sqlcore::expr::FrameBound::UnboundedPreceding,
///         sqlcore::expr::FrameBound::CurrentRow,
///     ))
///     .label("running");
/// let q = select((orders::id, running));
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
///     "SELECT id, SUM(total) OVER (PARTITION BY user_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct Window {
    /// PARTITION BY terms.
    pub partition_by: Vec<Expr>,
    /// ORDER BY terms.
    pub order_by: Vec<OrderBy>,
    /// The frame, if any.
    pub frame: Option<Frame>,
}

/// ROWS or RANGE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameUnits {
    /// Physical rows.
    Rows,
    /// Peer groups by the ORDER BY value.
    Range,
}

/// One end of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameBound {
    /// `UNBOUNDED PRECEDING`
    UnboundedPreceding,
    /// `n PRECEDING`
    Preceding(u64),
    /// `CURRENT ROW`
    CurrentRow,
    /// `n FOLLOWING`
    Following(u64),
    /// `UNBOUNDED FOLLOWING`
    UnboundedFollowing,
}

/// `ROWS | RANGE BETWEEN start AND end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frame {
    /// ROWS or RANGE.
    pub units: FrameUnits,
    /// The start.
    pub start: FrameBound,
    /// The end.
    pub end: FrameBound,
}

impl Window {
    /// An empty window: `OVER ()`.
    pub fn new() -> Self {
        Window::default()
    }

    /// Adds PARTITION BY terms.
    pub fn partition_by(mut self, terms: impl IntoExprs) -> Self {
        crate::expr::into::append_exprs(&mut self.partition_by, terms.into_exprs());
        self
    }

    /// Adds an ORDER BY term.
    pub fn order_by(mut self, term: impl IntoOrderBy) -> Self {
        self.order_by.push(term.into_order_by());
        self
    }

    /// `ROWS BETWEEN start AND end`.
    pub fn rows_between(mut self, start: FrameBound, end: FrameBound) -> Self {
        self.frame = Some(Frame { units: FrameUnits::Rows, start, end });
        self
    }

    /// `RANGE BETWEEN start AND end`.
    pub fn range_between(mut self, start: FrameBound, end: FrameBound) -> Self {
        self.frame = Some(Frame { units: FrameUnits::Range, start, end });
        self
    }
}

/// A function over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowCall {
    /// The function (an aggregate or a window function).
    pub func: Expr,
    /// The window.
    pub window: Window,
}

/// An aggregate with a `FILTER (WHERE ...)` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Filtered {
    /// The aggregate call.
    pub func: Expr,
    /// Which rows it aggregates.
    pub condition: Expr,
}

pub(crate) fn over(func: impl IntoExpr, window: Window) -> Expr {
    Expr::Over(std::sync::Arc::new(WindowCall { func: func.into_expr(), window }))
}
