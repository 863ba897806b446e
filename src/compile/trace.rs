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
    /// Set by [`BindTrace::derive_next`]: the next bound value is made from this one.
    pending_source: Option<(usize, Derivation)>,
    /// Values an emulation compiles from a copy of the statement: (copy, original) addresses.
    copies: Vec<(usize, usize)>,
}

/// How a bound value was made from a value of the statement (the placeholder's value is not
/// in the statement itself): a reuse of the SQL makes it again from the new value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// The dialect's LIKE pattern matching the text literally
    /// ([`Dialect::like_text_pattern`](crate::compile::Dialect::like_text_pattern)).
    LikeText(crate::expr::LikeMatch),
}

impl Derivation {
    /// The bound value made from `source` for `dialect`.
    pub fn apply(self, dialect: &(impl crate::compile::Dialect + ?Sized), source: &Value) -> Value {
        match (self, source) {
            (Derivation::LikeText(at), Value::Text(text)) => Value::Text(dialect.like_text_pattern(text, at).into()),
            // The shape walk keys the value's variant: a hit has a text where the compile had.
            (Derivation::LikeText(_), other) => other.clone(),
        }
    }
}

/// A placeholder bound from a value.
#[derive(Debug)]
pub(crate) struct TracedBind {
    /// The value's address in the statement.
    pub(crate) address: usize,
    /// The column it is assigned to, checked when it was bound.
    pub(crate) check: Option<Arc<ValueCheck>>,
    /// How the bound value was made from the value at `address`, when it was.
    pub(crate) derived: Option<Derivation>,
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
        let (address, derived) = match self.pending_source.take() {
            Some((source, how)) => (source, Some(how)),
            None => (self.original_of(std::ptr::from_ref(value) as usize), None),
        };
        self.bound.push(TracedBind { address, check, derived });
    }

    /// The next bound value is made from `source` as `how` says.
    pub(crate) fn derive_next(&mut self, source: &Value, how: Derivation) {
        self.pending_source = Some((std::ptr::from_ref(source) as usize, how));
    }

    /// Forgets a [`BindTrace::derive_next`] no bind took (the value was written inline).
    pub(crate) fn clear_derivation(&mut self) {
        self.pending_source = None;
    }

    /// `value` was written into the SQL as a literal.
    pub(crate) fn inlined(&mut self, value: &Value) {
        // A value made from another is that other one's, written into the SQL.
        let address = match self.pending_source.take() {
            Some((source, _)) => source,
            None => self.original_of(std::ptr::from_ref(value) as usize),
        };
        self.inlined.push(address);
    }

    /// `copy` is a copy of the statement's `original`, compiled in its place (an emulation
    /// that rewrites a clone of the statement): it is traced as the original.
    pub(crate) fn copied(&mut self, original: &Value, copy: &Value) {
        self.copies.push((std::ptr::from_ref(copy) as usize, std::ptr::from_ref(original) as usize));
    }

    /// The statement's value that `address` is a copy of, or `address` itself.
    fn original_of(&self, address: usize) -> usize {
        self.copies.iter().find(|(copy, _)| *copy == address).map_or(address, |(_, original)| *original)
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
