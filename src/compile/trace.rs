//! The bind trace: what a compile did with the statement's values, for whoever wants to reuse
//! its SQL (the statement cache, `cache/`). The compiler records; it does not know who reads.
//!
//! For each placeholder bound from a value, the trace holds the value's address (which node
//! of the statement it came from) and the column check it passed, if any. It also notes
//! values written into the SQL text as literals, and anything else that made the SQL depend
//! on the values (a hook that wrote a number, expressions repeated by value): SQL with such a
//! dependence must not be reused for other values.

use std::sync::Arc;

use crate::error::Result;
use crate::schema::Column;
use crate::value::Value;

/// What a compile did with the statement's values (see the [module docs](self)).
#[derive(Debug, Default)]
pub struct BindTrace {
    /// One entry per placeholder bound from a value, in order (not the placeholders that
    /// repeat an earlier parameter).
    pub(crate) bound: Vec<TracedBind>,
    /// Addresses of values written into the SQL as literals.
    pub(crate) inlined: Vec<usize>,
    /// The SQL depends on the values in a way no address shows.
    pub(crate) value_dependent: bool,
    /// Set by [`BindTrace::check_next`] for the next bound value.
    pending_check: Option<Arc<ValueCheck>>,
}

/// A placeholder bound from a value.
#[derive(Debug)]
pub(crate) struct TracedBind {
    /// The value's address in the statement.
    pub(crate) address: usize,
    /// The column it is assigned to, checked when it was bound.
    pub(crate) check: Option<Arc<ValueCheck>>,
}

/// A value assigned to a column: what the compiler checked (`Column::accepts`), so that a
/// reuse of the SQL checks a new value the same way.
#[derive(Debug)]
pub struct ValueCheck {
    pub(crate) table: String,
    pub(crate) column: Column,
}

impl ValueCheck {
    /// Whether `value` fits the column, as the compiler checked it.
    ///
    /// # Errors
    /// [`Error::ValueDoesNotFit`](crate::Error::ValueDoesNotFit).
    pub fn check(&self, value: &Value) -> Result<()> {
        crate::compile::dml::check_fits(&self.table, &self.column, value)
    }
}

impl BindTrace {
    /// `value` was bound to the next placeholder.
    #[inline]
    pub(crate) fn bound(&mut self, value: &Value) {
        let check = self.pending_check.take();
        self.bound.push(TracedBind { address: std::ptr::from_ref(value) as usize, check });
    }

    /// `value` was written into the SQL as a literal.
    pub(crate) fn inlined(&mut self, value: &Value) {
        self.inlined.push(std::ptr::from_ref(value) as usize);
    }

    /// The next bound value is assigned to `column` of `table` and was checked against it.
    pub(crate) fn check_next(&mut self, table: &str, column: &Column) {
        self.pending_check = Some(Arc::new(ValueCheck { table: table.to_string(), column: column.clone() }));
    }

    /// The placeholders bound from values, in order: each value's address and its check.
    pub(crate) fn binds(&self) -> &[TracedBind] {
        &self.bound
    }
}
