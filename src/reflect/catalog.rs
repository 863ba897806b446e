//! The [`Catalog`] trait a dialect implements to read its engine's schema.

use crate::error::Result;
use crate::ident::Ident;
use crate::row::Row;
use crate::schema::Table;
use crate::value::Value;

/// Runs one catalog query (SQL of the connection's dialect and its parameters) and returns
/// its rows. The reflection functions pass the connection's `query_sql` as this.
pub type RunQuery<'a> = dyn FnMut(&str, &[Value]) -> Result<Vec<Row>> + 'a;

/// An engine's catalog, read through queries: what reflection asks of a dialect.
///
/// Made by [`Dialect::catalog`](crate::compile::Dialect::catalog) for one dialect value, so
/// it may depend on the server's flavour and version.
pub trait Catalog {
    /// The names of the base tables in `schema` (the current schema or database when `None`),
    /// in any order.
    ///
    /// # Errors
    /// Database errors of the catalog queries.
    fn table_names(&self, run: &mut RunQuery<'_>, schema: Option<&str>) -> Result<Vec<Ident>>;

    /// The table named exactly `name`: columns in order, primary key, foreign keys, unique
    /// constraints, indexes and checks (see the [module docs](crate::reflect) for how they
    /// are normalised); `None` when there is no such table.
    ///
    /// # Errors
    /// Database errors of the catalog queries; [`Error::InvalidSchema`](crate::Error) for a
    /// catalog answer that does not make a table.
    fn reflect_table(&self, run: &mut RunQuery<'_>, name: &str, schema: Option<&str>) -> Result<Option<Table>>;
}
