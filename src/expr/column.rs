//! Column references in expressions.

use crate::ident::Ident;
use crate::schema::Table;

/// What qualifies a column reference.
#[derive(Debug, Clone, PartialEq)]
pub enum Qualifier {
    /// A table (its name is written); omitted when the statement reads from that table
    /// alone. Holding the table lets a SELECT infer its FROM clause and join conditions.
    Table(Table),
    /// An alias (`u` in `users AS u`); always written.
    Alias(Ident),
}

/// A reference to a column: `users.name`, `u.name`, or an unqualified `name`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    /// The table or alias, if any.
    pub qualifier: Option<Qualifier>,
    /// The column name.
    pub name: Ident,
}

impl ColumnRef {
    /// `table.name`, written unqualified when `table` is the only table in scope.
    pub fn table_column(table: Table, name: Ident) -> Self {
        ColumnRef { qualifier: Some(Qualifier::Table(table)), name }
    }

    /// `alias.name`, always qualified.
    pub fn alias_column(alias: Ident, name: Ident) -> Self {
        ColumnRef { qualifier: Some(Qualifier::Alias(alias)), name }
    }

    /// An unqualified name, e.g. a CTE column or a select-list label.
    pub fn bare(name: Ident) -> Self {
        ColumnRef { qualifier: None, name }
    }
}
