//! Column references in expressions.

use crate::ident::Ident;
use std::sync::Arc;

use crate::schema::{TableHandle, TableRef};
use crate::stmt::{Derived, FromItem};

/// What qualifies a column reference (or a `*`).
#[derive(Debug, Clone, PartialEq)]
pub enum Qualifier {
    /// A table: its name is written, unless the statement reads from that table alone.
    /// Holding the table lets a SELECT infer its FROM clause and join conditions.
    Table(TableHandle),
    /// A table under an alias (`u` in `users AS u`): the alias is always written.
    Alias(TableRef),
    /// A derived table (a subquery in FROM): its alias is always written, and a SELECT that
    /// names its columns without a FROM reads from it.
    Derived(Arc<Derived>),
}

impl Qualifier {
    /// The name written before the dot: the alias, or the table name.
    pub fn exposed_name(&self) -> &str {
        match self {
            Qualifier::Table(t) => t.name(),
            Qualifier::Alias(r) => r.exposed_name(),
            Qualifier::Derived(d) => d.alias_name(),
        }
    }

    /// The FROM item this qualifier stands for.
    pub fn from_item(&self) -> FromItem {
        match self {
            Qualifier::Table(t) => FromItem::Table(TableRef { table: t.table(), alias: None }),
            Qualifier::Alias(r) => FromItem::Table(r.clone()),
            Qualifier::Derived(d) => FromItem::Derived(Box::new((**d).clone())),
        }
    }

    /// The table (or the derived table's columns) behind this qualifier.
    pub fn table(&self) -> crate::schema::Table {
        match self {
            Qualifier::Table(t) => t.table(),
            Qualifier::Alias(r) => r.table.clone(),
            Qualifier::Derived(d) => d.table.table.clone(),
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
