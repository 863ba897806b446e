//! Derived tables: a query in FROM, under an alias (`FROM (SELECT ...) AS d`), optionally
//! LATERAL.

use crate::error::Result;
use std::sync::Arc;

use crate::expr::{ColumnRef, Expr, Qualifier, typing};
use crate::ident::Ident;
use crate::schema::{Table, TableRef};
use crate::stmt::Query;

/// A subquery in FROM. Its columns are addressed through [`Derived::c`] (`d.c("total")?`).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Derived {
    /// The query.
    pub query: Query,
    /// `LATERAL`: the query may refer to FROM items before it.
    pub lateral: bool,
    /// The alias and the result columns, as a table (for column references).
    pub table: TableRef,
}

impl Derived {
    /// `(query) AS alias`.
    pub fn new(mut query: Query, alias: Ident) -> Self {
        // An unnamed result column gets a name (`column2`), so it can be addressed.
        query.name_columns();
        let names: Vec<Ident> = query.result_columns().into_iter().map(|(name, _)| name).collect();
        let table = Table::synthesized(&alias, &names, Some(result_kinds_of(&query)));
        Derived { query, lateral: false, table: TableRef { table, alias: Some(alias) } }
    }

    /// Makes it `LATERAL` (PostgreSQL, MySQL 8.0.14+; not SQLite or MariaDB).
    pub fn lateral(mut self) -> Self {
        self.lateral = true;
        self
    }

    /// A result column of the derived table, `alias.name`.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`](crate::Error::UnknownColumn) when the query has no such column.
    pub fn c(&self, name: &str) -> Result<Expr> {
        let col = self.table.table.column(name)?;
        Ok(Expr::Column(ColumnRef {
            qualifier: Some(Qualifier::Derived(Arc::new(self.clone()))),
            name: col.name.clone(),
        }))
    }

    /// `alias.*`
    pub fn star(&self) -> Expr {
        Expr::Star(Some(Qualifier::Derived(Arc::new(self.clone()))))
    }

    /// The alias.
    pub fn alias_name(&self) -> &Ident {
        self.table.exposed_name()
    }
}

/// The kinds of a query's result columns, in order (see [`typing::result_kinds`]; a `*`
/// that cannot be expanded counts as one column of unknown kind).
pub(crate) fn result_kinds_of(query: &Query) -> Vec<Option<typing::TypeKind>> {
    typing::result_kinds(query)
        .unwrap_or_else(|| query.result_columns().into_iter().map(|(_, item)| typing::type_of(item)).collect())
}
