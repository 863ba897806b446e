//! Dropping an expression without deep recursion.
//!
//! The compiler refuses trees deeper than the dialect's limit, but a program can still build
//! one 100,000 levels deep (a loop of `e = e.add(1)`), and the derived `Drop` would recurse
//! once per level and overflow the stack while freeing it. This `Drop` frees children itself,
//! counting how deeply drops are nested on this thread; past [`RECURSE_LIMIT`] it parks the
//! node on a thread-local list instead, and the outermost drop frees the parked nodes one by
//! one. Shallow trees, the usual case, cost one thread-local read per inner node and no
//! allocation.

use super::Expr;
use crate::stmt::Query;
use std::cell::{Cell, RefCell};
use std::mem;

/// Nested drops allowed on the stack before nodes are parked (a few hundred bytes each).
const RECURSE_LIMIT: u32 = 256;

thread_local! {
    /// How many `Expr` drops are running on this thread, one inside the other.
    static DROP_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Nodes parked by drops past the limit, freed by the outermost drop.
    static PARKED: RefCell<Vec<Expr>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Expr {
    /// The leaf test is inlined where an expression is dropped, so a leaf (most nodes: every
    /// column and value) costs a compare rather than a call.
    #[inline]
    fn drop(&mut self) {
        if !self.is_leaf() {
            drop_inner(self);
        }
    }
}

/// Frees the children of `e`, which is not a leaf.
#[inline(never)]
fn drop_inner(e: &mut Expr) {
    // An operator over two leaves (`a = ?`, and each node of a chain being freed) has nothing
    // to free here: the drop glue frees its leaves without recursing.
    if let Expr::Binary(b) = e
        && b.1.is_leaf()
        && b.2.is_leaf()
    {
        return;
    }
    let depth = DROP_DEPTH.get();
    if depth >= RECURSE_LIMIT && park(e) {
        return;
    }
    DROP_DEPTH.set(depth + 1);
    e.drop_children();
    if depth == 0 {
        while let Some(node) = unpark() {
            drop(node);
        }
    }
    DROP_DEPTH.set(depth);
}

/// Moves `e` to the parked list; false when the list is unavailable (thread teardown), and
/// then the caller frees it in place.
fn park(e: &mut Expr) -> bool {
    PARKED
        .try_with(|parked| match parked.try_borrow_mut() {
            Ok(mut list) => {
                list.push(mem::replace(e, Expr::Null));
                true
            }
            Err(_) => false,
        })
        .unwrap_or(false)
}

/// The next parked node, if any.
fn unpark() -> Option<Expr> {
    PARKED.try_with(|parked| parked.try_borrow_mut().ok().and_then(|mut list| list.pop())).ok().flatten()
}

impl Expr {
    /// Nodes without child expressions, which the derived drop frees without recursing.
    fn is_leaf(&self) -> bool {
        matches!(
            self,
            Expr::Column(_)
                | Expr::Value(_)
                | Expr::Literal(_)
                | Expr::Null
                | Expr::Star(_)
                | Expr::Text(_)
                | Expr::Param(_)
                | Expr::Excluded(_)
        )
    }

    /// Frees every child expression here, inside this node's drop, so nested drops are counted.
    /// The children are the ones [`Expr::for_each_child_mut`] lists for every walk; an
    /// operator chain is followed in a loop, and a subquery's clauses are freed here too.
    fn drop_children(&mut self) {
        if let Expr::Binary(b) = self {
            return free_operator_chain(b);
        }
        // A list is taken out and dropped whole: each item's drop is the only one it gets.
        self.for_each_child_mut(free, |list| drop(mem::take(list)));
        if let Some(q) = self.subquery_mut() {
            clear_query(q);
        }
    }
}

/// Frees an operator node's operands. A chain of operators (`a + (b + (c + ...))`, or the
/// left-nested `((a + b) + c) + ...` a loop of `e = e.add(x)` builds) is followed in a loop,
/// each node's other operand freed through [`free`] (counted, as any nested drop): one node
/// at a time, instead of a nested drop with its thread-local count per level.
fn free_operator_chain(node: &mut (super::BinaryOp, Expr, Expr)) {
    let mut next = take_operator(node);
    free(&mut node.1);
    free(&mut node.2);
    while let Expr::Binary(op) = &mut next {
        let following = take_operator(op);
        free(&mut op.1);
        free(&mut op.2);
        // The node now holds leaves only: dropping it frees its box without recursing.
        next = following;
    }
}

/// The operator node among `node`'s operands (the right one first), taken out and a `Null`
/// left in its place; `Null` when neither is one.
fn take_operator(node: &mut (super::BinaryOp, Expr, Expr)) -> Expr {
    if matches!(node.2, Expr::Binary(_)) {
        mem::replace(&mut node.2, Expr::Null)
    } else if matches!(node.1, Expr::Binary(_)) {
        mem::replace(&mut node.1, Expr::Null)
    } else {
        Expr::Null
    }
}

/// Drops `e` now, leaving a leaf in its place. A leaf is left where it is: the drop glue frees
/// it after this node's `drop`, without recursing, and without moving it out first.
fn free(e: &mut Expr) {
    if !e.is_leaf() {
        drop(mem::replace(e, Expr::Null));
    }
}

/// Frees a subquery's clauses now (a subquery nested in a subquery is expression nesting too).
fn clear_query(q: &mut Query) {
    match q {
        Query::Select(s) => drop(mem::take(&mut **s)),
        Query::Compound(c) => {
            clear_query(&mut c.left);
            clear_query(&mut c.right);
            drop(mem::take(&mut c.order_by));
            drop(c.limit.take());
            drop(c.offset.take());
        }
    }
}
