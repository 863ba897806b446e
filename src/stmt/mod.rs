//! Statements: [`Select`], [`Insert`], [`Update`], [`Delete`], and the FROM clause.
//!
//! Statements are immutable values with consuming builders: every method takes `self` and
//! returns the changed statement, so a statement can be kept as a template and extended
//! (`base.clone().filter(..)`). Building never fails; [`Compile::compile`](crate::Compile)
//! does the checking and returns `Result`.

mod cte;
mod delete;
mod derived;
mod from;
mod insert;
mod order;
pub(crate) mod query;
mod rows;
mod select;
mod update;

pub use cte::Cte;
pub use delete::Delete;
pub use derived::Derived;
pub use from::{FromItem, Join, JoinKind};
pub use insert::{ConflictAction, ConflictTarget, Insert, IntoRow, OnConflict};
pub use order::{IntoOrderBy, NullsOrder, OrderBy, SortDirection};
pub use query::{Compound, Query, SetOp, SetOperations};
pub use rows::{Rows, RowsIter};
pub use select::{Correlate, Lock, LockStrength, LockWait, Select};
pub use update::Update;

use crate::expr::Expr;

/// A statement sqlcore defines, as [`Compile::statement`](crate::Compile::statement) shows it
/// to code that reads statements (the statement cache keys these). A statement type defined
/// elsewhere shows none and is compiled every time.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum StatementRef<'a> {
    /// A SELECT.
    Select(&'a Select),
    /// A SELECT or a set operation.
    Query(&'a Query),
    /// A set operation.
    Compound(&'a Compound),
    /// An INSERT.
    Insert(&'a Insert),
    /// An UPDATE.
    Update(&'a Update),
    /// A DELETE.
    Delete(&'a Delete),
}

/// ANDs `more` onto an optional WHERE / HAVING condition.
pub(crate) fn and_onto(current: Option<Expr>, more: Expr) -> Option<Expr> {
    Some(match current {
        None => more,
        // A chain of `.filter()` calls adds to the AND it built, in place (amortised growth),
        // rather than copying its terms into a new one each time.
        Some(mut existing) => match &mut existing {
            Expr::And(terms) => {
                crate::dsl::push_flattened(terms, more, crate::dsl::and_terms);
                existing
            }
            _ => crate::dsl::and([existing, more]),
        },
    })
}
