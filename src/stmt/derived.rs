//! Derived tables: a query in FROM, under an alias (`FROM (SELECT ...) AS d`), optionally
//! LATERAL.

use crate::error::Result;
use std::sync::Arc;

use crate::expr::{ColumnRef, Expr, Qualifier, typing};
use crate::ident::Ident;
use crate::schema::{Column, SqlType, Table, TableRef};
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
        let mut b = Table::builder(alias.clone()).synthesized();
        let mut kinds = Vec::new();
        for (name, kind) in result_columns_typed(&query) {
            b = b.column(Column::new(name, kind.map_or(SqlType::Text, typing::TypeKind::sql_type)));
            kinds.push(kind);
        }
        let b = b.kinds(kinds);
        Derived { query, lateral: false, table: TableRef { table: b.build(), alias: Some(alias) } }
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

/// A query's result columns with the kind of each (see [`typing::type_of`]): a `*` stands for
/// the columns of the tables it covers, each of its column's kind.
pub(crate) fn result_columns_typed(query: &Query) -> Vec<(Ident, Option<typing::TypeKind>)> {
    let names = query.result_columns();
    match typing::result_kinds(query) {
        Some(kinds) if kinds.len() == names.len() => names.into_iter().map(|(n, _)| n).zip(kinds).collect(),
        _ => names.into_iter().map(|(n, item)| (n, typing::type_of(item))).collect(),
    }
}

/// The kinds of a query's first `n` result columns, by position (`None` past its columns).
pub(crate) fn result_kinds_positional(query: &Query, n: usize) -> Vec<Option<typing::TypeKind>> {
    let kinds = match typing::result_kinds(query) {
        Some(kinds) => kinds,
        None => query.result_columns().into_iter().map(|(_, item)| typing::type_of(item)).collect(),
    };
    (0..n).map(|i| kinds.get(i).copied().flatten()).collect()
}
