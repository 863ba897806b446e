//! Column references in expressions.

use crate::ident::Ident;
use crate::schema::{TableHandle, TableRef};

/// What qualifies a column reference (or a `*`).
#[derive(Debug, Clone, PartialEq)]
pub enum Qualifier {
    /// A table: its name is written, unless the statement reads from that table alone.
    /// Holding the table lets a SELECT infer its FROM clause and join conditions.
    Table(TableHandle),
    /// A table under an alias (`u` in `users AS u`): the alias is always written.
    Alias(TableRef),
}

impl Qualifier {
    /// The name written before the dot: the alias, or the table name.
    pub fn exposed_name(&self) -> &str {
        match self {
            Qualifier::Table(t) => t.name(),
            Qualifier::Alias(r) => r.exposed_name(),
        }
    }

    /// The FROM item this qualifier stands for.
    pub fn table_ref(&self) -> TableRef {
        match self {
            Qualifier::Table(t) => TableRef { table: t.table(), alias: None },
            Qualifier::Alias(r) => r.clone(),
        }
    }
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
    pub fn table_column(table: impl Into<TableHandle>, name: Ident) -> Self {
        ColumnRef { qualifier: Some(Qualifier::Table(table.into())), name }
    }

    /// `alias.name`, always qualified.
    pub fn alias_column(table: TableRef, name: Ident) -> Self {
        ColumnRef { qualifier: Some(Qualifier::Alias(table)), name }
    }

    /// An unqualified name, e.g. a CTE column or a select-list label.
    pub fn bare(name: Ident) -> Self {
        ColumnRef { qualifier: None, name }
    }
}
