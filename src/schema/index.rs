//! Indexes.

use crate::ident::Ident;

/// An index over one or more columns of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// The index name.
    pub name: Ident,
    /// The indexed table.
    pub table: Ident,
    /// The indexed columns, in order.
    pub columns: Vec<Ident>,
    /// Whether the index enforces uniqueness.
    pub unique: bool,
}

impl Index {
    /// A non-unique index named `name` on `table (columns...)`.
    pub fn new<C>(name: impl Into<Ident>, table: impl Into<Ident>, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        Index {
            name: name.into(),
            table: table.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            unique: false,
        }
    }

    /// Makes the index unique.
    #[must_use]
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
}
