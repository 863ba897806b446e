//! The children of an expression node, listed once.
//!
//! Every walk over a tree needs to know which expressions sit directly inside each node: the
//! FROM inference, the aggregate test, the bind trace of an emulation's copy, the statement
//! cache's shape walk, and the iterative drop. They all reach them through the one listing
//! below, so a new node kind is taught to every walk in one place (the match has no catch-all
//! arm: a new variant does not compile until it is listed here).
//!
//! The listing is a macro because the same children are wanted by shared reference (to read)
//! and by mutable reference (to free): the macro writes both visitors from one text. Children
//! come left to right, as the SQL writes them. Subqueries are not entered: a subquery has its
//! own FROM and its own walk ([`Expr::subquery`]).

use super::Expr;
use crate::stmt::Query;
use std::sync::Arc;

/// Calls `$visit` on each child of `$node`, left to right. A `Vec<Expr>` of children goes to
/// `$list` whole, or to `$visit` item by item when `$list` is `iterate`. `$($mut)?` makes the
/// references mutable; `$shared` is how a shared window call is reached (always for reading,
/// only when this is its last owner for freeing).
macro_rules! each_child {
    ($node:expr, $visit:ident, $list:ident, $shared:path $(, $mut:tt)?) => {
        match $node {
            Expr::Binary(b) => {
                $visit(&$($mut)? b.1)?;
                $visit(&$($mut)? b.2)?;
            }
            Expr::And(v) | Expr::Or(v) | Expr::Tuple(v) => {
                each_child!(@list $list, $visit, &$($mut)? *v);
            }
            Expr::Not(x) | Expr::Neg(x) | Expr::Cast(x, _) | Expr::Label(x, _) => $visit(x)?,
            Expr::IsNull { expr, .. } | Expr::InParam { expr, .. } | Expr::InQuery { expr, .. } => $visit(expr)?,
            Expr::InList { expr, list, .. } => {
                $visit(expr)?;
                each_child!(@list $list, $visit, list);
            }
            Expr::Between { expr, low, high, .. } => {
                $visit(expr)?;
                $visit(low)?;
                $visit(high)?;
            }
            Expr::Like { expr, pattern, .. } => {
                $visit(expr)?;
                $visit(pattern)?;
            }
            Expr::Func(f) => {
                each_child!(@list $list, $visit, &$($mut)? f.args);
            }
            Expr::Case(case) => {
                if let Some(base) = &$($mut)? case.base {
                    $visit(base)?;
                }
                for (when, then) in &$($mut)? case.whens {
                    $visit(when)?;
                    $visit(then)?;
                }
                if let Some(e) = &$($mut)? case.else_ {
                    $visit(e)?;
                }
            }
            Expr::Over(call) => {
                if let Some(call) = $shared(call) {
                    $visit(&$($mut)? call.func)?;
                    each_child!(@list $list, $visit, &$($mut)? call.window.partition_by);
                    for term in &$($mut)? call.window.order_by {
                        $visit(&$($mut)? term.expr)?;
                    }
                }
            }
            Expr::Filter(f) => {
                $visit(&$($mut)? f.func)?;
                $visit(&$($mut)? f.condition)?;
            }
            // A subquery has its own FROM and its own walk.
            Expr::Subquery(_) | Expr::Exists(_) => {}
            Expr::Column(_)
            | Expr::Value(_)
            | Expr::Literal(_)
            | Expr::Null
            | Expr::Star(_)
            | Expr::Text(_)
            | Expr::Param(_)
            | Expr::Excluded(_) => {}
        }
    };
    (@list iterate, $visit:ident, $v:expr) => {
        for x in $v {
            $visit(x)?;
        }
    };
    (@list $list:ident, $visit:ident, $v:expr) => {
        $list($v)?
    };
}

/// A shared window call, for reading.
#[inline(always)]
fn read<T>(call: &Arc<T>) -> Option<&T> {
    Some(call)
}

impl Expr {
    /// Calls `visit` with each expression directly inside this one, left to right, stopping at
    /// the first error. Subqueries are not entered (see [`Expr::subquery`]).
    #[inline]
    pub fn try_for_each_child<'a, E>(&'a self, mut visit: impl FnMut(&'a Expr) -> Result<(), E>) -> Result<(), E> {
        each_child!(self, visit, iterate, read);
        Ok(())
    }

    /// Calls `visit` with each expression directly inside this one, left to right (not
    /// entering subqueries).
    #[inline]
    pub fn for_each_child<'a>(&'a self, mut visit: impl FnMut(&'a Expr)) {
        let _ = self.try_for_each_child(|e| {
            visit(e);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    /// Pushes the expressions directly inside this one onto `stack`, in reverse order (so
    /// popping visits them left to right), without entering subqueries. For iterative walks:
    /// no recursion, however deep the tree.
    #[inline]
    pub fn push_children<'a>(&'a self, stack: &mut Vec<&'a Expr>) {
        let start = stack.len();
        self.for_each_child(|e| stack.push(e));
        stack[start..].reverse();
    }

    /// Calls `visit` with a mutable reference to each expression directly inside this one
    /// (not entering subqueries), and `list` with each `Vec` of them whole (so the iterative
    /// drop frees a list at once). A window call shared with another expression is skipped:
    /// its last owner reaches it.
    pub(crate) fn for_each_child_mut(
        &mut self,
        mut visit: impl FnMut(&mut Expr),
        mut list: impl FnMut(&mut Vec<Expr>),
    ) {
        let mut visit = |e: &mut Expr| {
            visit(e);
            Ok::<(), std::convert::Infallible>(())
        };
        let mut list = |v: &mut Vec<Expr>| {
            list(v);
            Ok::<(), std::convert::Infallible>(())
        };
        let _ = (|| {
            each_child!(self, visit, list, Arc::get_mut, mut);
            Ok::<(), std::convert::Infallible>(())
        })();
    }

    /// The subquery directly inside this node (`(SELECT ...)`, `EXISTS`, `IN (SELECT ...)`).
    pub fn subquery(&self) -> Option<&Query> {
        match self {
            Expr::Subquery(q) | Expr::Exists(q) | Expr::InQuery { query: q, .. } => Some(q),
            _ => None,
        }
    }

    /// The subquery directly inside this node, to free it.
    pub(crate) fn subquery_mut(&mut self) -> Option<&mut Query> {
        match self {
            Expr::Subquery(q) | Expr::Exists(q) | Expr::InQuery { query: q, .. } => Some(q),
            _ => None,
        }
    }
}
