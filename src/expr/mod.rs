//! The expression language.
//!
//! An [`Expr`] is plain data: a closed enum with boxed children. Rust values become bound
//! parameters through [`IntoExpr`]; columns become references. Operators live on the
//! [`ExprExt`] trait (`users::age.gt(18)`), free constructors in [`crate::dsl`], SQL functions
//! in [`crate::func`]. How an expression is written as SQL is decided in `compile/expr.rs`.

mod case;
mod children;
mod column;
mod drop;
mod func;
pub(crate) mod into;
mod methods;
mod ops;
mod param;
mod text;
pub mod typing;
mod window;

pub use case::Case;
pub use column::{ColumnRef, Qualifier};
pub use func::{FuncCall, FuncName, KnownFunc};
pub use into::{IntoExpr, IntoExprs};
pub use methods::ExprExt;
pub use ops::{BinaryOp, LikeEscape, LikeMatch, Precedence};
pub use param::{ParamValue, Params};
pub use text::TextClause;
pub use window::{Filtered, Frame, FrameBound, FrameUnits, Window, WindowCall};

use crate::ident::Ident;
use crate::schema::SqlType;
use crate::stmt::Query;
use crate::value::Value;

/// A SQL expression.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// A column reference, `users.name` or `u.name`.
    Column(ColumnRef),
    /// A bound parameter (`?` or `$n`); the value goes to [`Compiled::params`](crate::Compiled).
    Value(Value),
    /// A value written into the SQL as an escaped literal: for structural constants such as
    /// `0` or `1`, never for application data (use [`Expr::Value`]).
    Literal(Value),
    /// The NULL keyword.
    Null,
    /// `*` or `table.*`.
    Star(Option<Qualifier>),
    /// Literal SQL text with named parameters, from [`text`](crate::dsl::text).
    Text(Box<TextClause>),
    /// A binary operator: comparison, arithmetic, concatenation.
    Binary(Box<(BinaryOp, Expr, Expr)>),
    /// Conjunction of all the terms (`a AND b AND c`). Empty means TRUE.
    And(Vec<Expr>),
    /// Disjunction of all the terms (`a OR b OR c`). Empty means FALSE.
    Or(Vec<Expr>),
    /// `NOT e`.
    Not(Box<Expr>),
    /// Arithmetic negation, `-e`.
    Neg(Box<Expr>),
    /// `e IS NULL` (or `IS NOT NULL` when `negated`).
    IsNull {
        /// The tested expression.
        expr: Box<Expr>,
        /// `IS NOT NULL` when true.
        negated: bool,
    },
    /// `e IN (a, b, ...)` (or `NOT IN`).
    InList {
        /// The tested expression.
        expr: Box<Expr>,
        /// The candidates; empty is valid (IN () is false, NOT IN () is true).
        list: Vec<Expr>,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// `e BETWEEN low AND high` (or `NOT BETWEEN`).
    Between {
        /// The tested expression.
        expr: Box<Expr>,
        /// Lower bound, inclusive.
        low: Box<Expr>,
        /// Upper bound, inclusive.
        high: Box<Expr>,
        /// `NOT BETWEEN` when true.
        negated: bool,
    },
    /// `e LIKE pattern [ESCAPE 'c']`, its negation, and the case-insensitive ILIKE.
    Like {
        /// The tested expression.
        expr: Box<Expr>,
        /// The pattern.
        pattern: Box<Expr>,
        /// The escape character, or that the pattern is text to match literally.
        escape: LikeEscape,
        /// `NOT LIKE` when true.
        negated: bool,
        /// ILIKE (case-insensitive) when true.
        case_insensitive: bool,
    },
    /// A function call, `name(args)`.
    Func(Box<FuncCall>),
    /// `CASE WHEN ... THEN ... ELSE ... END`.
    Case(Box<Case>),
    /// `CAST(e AS type)`.
    Cast(Box<Expr>, SqlType),
    /// `e AS name` in a select list; in ORDER BY the name alone; elsewhere the expression.
    Label(Box<Expr>, Ident),
    /// A scalar subquery, `(SELECT ...)`.
    Subquery(Query),
    /// `EXISTS (SELECT ...)`.
    Exists(Query),
    /// `e IN (SELECT ...)` (or `NOT IN`).
    InQuery {
        /// The tested expression (a [`Expr::Tuple`] for a row value).
        expr: Box<Expr>,
        /// The subquery.
        query: Query,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// A row value, `(a, b)`.
    Tuple(Vec<Expr>),
    /// `f(...) OVER (...)`. Shared, not copied, when the expression is cloned: a window
    /// call is typically labelled once and named again in ORDER BY, and its window can be
    /// large.
    Over(std::sync::Arc<WindowCall>),
    /// `aggregate(...) FILTER (WHERE ...)`.
    Filter(Box<Filtered>),
    /// A named parameter, given its value when compiling or executing.
    Param(Ident),
    /// `e IN (:name)` with a list given when compiling, one placeholder per item.
    InParam {
        /// The tested expression.
        expr: Box<Expr>,
        /// The parameter's name.
        name: Ident,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// The row an upsert proposed: `excluded.col` (PostgreSQL, SQLite), `VALUES(col)` (MariaDB).
    Excluded(Ident),
}

// An operator node boxes its two operands (`Box<(BinaryOp, Expr, Expr)>`): at 56 bytes an
// `Expr` keeps that box within the allocator's small fast-path size (128 bytes with its
// header, glibc's fastbin limit). A variant that grows it makes every deep expression
// slower to build and drop (measured: 15 % more work on the 200-deep benchmark).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Expr>() == 56, "Expr grew past 56 bytes");

impl Expr {
    /// The precedence of this node as an operand (higher binds tighter).
    pub fn precedence(&self) -> Precedence {
        self.operand().own_precedence()
    }

    /// What this node stands for as an operand: a label or a single-term AND/OR is its term.
    /// A loop, not recursion, so a tower of labels cannot exhaust the stack.
    pub fn operand(&self) -> &Expr {
        let mut e = self;
        loop {
            match e {
                Expr::Label(inner, _) => e = inner,
                Expr::And(terms) | Expr::Or(terms) if terms.len() == 1 => e = &terms[0],
                _ => return e,
            }
        }
    }

    fn own_precedence(&self) -> Precedence {
        match self {
            Expr::Or(terms) if terms.len() > 1 => Precedence::Or,
            Expr::And(terms) if terms.len() > 1 => Precedence::And,
            // No terms is a constant comparison (`1 = 1`); one term was unwrapped by `operand`.
            Expr::Or(_) | Expr::And(_) => Precedence::Comparison,
            Expr::Not(_) => Precedence::Not,
            Expr::Binary(b) => b.0.precedence(),
            Expr::IsNull { .. }
            | Expr::InList { .. }
            | Expr::InQuery { .. }
            | Expr::InParam { .. }
            | Expr::Between { .. }
            | Expr::Like { .. } => Precedence::Comparison,
            Expr::Neg(_) => Precedence::Unary,
            Expr::Label(..) => Precedence::Atom,
            Expr::Text(_) => Precedence::Text,
            Expr::Literal(v) if literal_is_negative(v) => Precedence::Unary,
            Expr::Column(_)
            | Expr::Value(_)
            | Expr::Literal(_)
            | Expr::Null
            | Expr::Star(_)
            | Expr::Func(_)
            | Expr::Case(_)
            | Expr::Cast(..)
            | Expr::Subquery(_)
            | Expr::Exists(_)
            | Expr::Tuple(_)
            | Expr::Over(_)
            | Expr::Filter(_)
            | Expr::Excluded(_)
            | Expr::Param(_) => Precedence::Atom,
        }
    }

    /// Calls `f` with each pair of values at the same place in `self` and `copy` (a clone of
    /// it), outside subqueries: how an emulation that compiles a clone tells the bind trace
    /// which statement value each copied value stands for. Stops where the trees differ.
    pub(crate) fn pair_values<'a>(&'a self, copy: &'a Expr, mut f: impl FnMut(&'a Value, &'a Value)) {
        let (mut left, mut right) = (vec![self], vec![copy]);
        while let (Some(a), Some(b)) = (left.pop(), right.pop()) {
            match (a, b) {
                (Expr::Value(x), Expr::Value(y)) | (Expr::Literal(x), Expr::Literal(y)) => f(x, y),
                _ if std::mem::discriminant(a) != std::mem::discriminant(b) => return,
                _ => {
                    a.push_children(&mut left);
                    b.push_children(&mut right);
                }
            }
        }
    }

    /// Whether any of `roots` calls an aggregate or window function (outside subqueries,
    /// which aggregate their own rows). A loop, not recursion.
    pub(crate) fn any_aggregates<'a>(roots: impl IntoIterator<Item = &'a Expr>) -> bool {
        let mut stack: Vec<&Expr> = roots.into_iter().collect();
        while let Some(e) = stack.pop() {
            match e {
                Expr::Over(_) | Expr::Filter(_) => return true,
                Expr::Func(f) if matches!(f.name, FuncName::Known(k) if k.is_aggregate()) => return true,
                other => other.push_children(&mut stack),
            }
        }
        false
    }

    /// True for `NULL` and a bound NULL value: comparing with either compiles to IS NULL.
    pub fn is_null_literal(&self) -> bool {
        matches!(self, Expr::Null | Expr::Value(Value::Null) | Expr::Literal(Value::Null))
    }
}

fn literal_is_negative(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i < 0,
        Value::Float(f) => f.is_sign_negative(),
        _ => false,
    }
}

impl std::fmt::Display for Expr {
    /// The expression as ANSI SQL with values inlined, for reading.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::compile::display_with(f, |c| c.expr(self))
    }
}
