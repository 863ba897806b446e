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
    /// The columns sorted in descending order (the rest ascend), in `columns`' order.
    pub descending: Vec<Ident>,
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
            descending: Vec::new(),
        }
    }

    /// Makes the index unique.
    #[must_use]
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// Sorts `column` of the index in descending order (`CREATE INDEX ... (a, b DESC)`).
    #[must_use]
    pub fn desc(mut self, column: impl Into<Ident>) -> Self {
        let column = column.into();
        if !self.descending.contains(&column) {
            self.descending.push(column);
        }
        self
    }

    /// Whether `column` is sorted in descending order in this index.
    pub fn is_descending(&self, column: &str) -> bool {
        self.descending.iter().any(|c| c.as_str() == column)
    }
}
