//! Reading a live schema back into the schema model: [`table_names`], [`has_table`],
//! [`reflect_table`] and [`reflect_all`], on any [`Connection`].
//!
//! The catalog queries are the dialect's ([`Dialect::catalog`](crate::compile::Dialect::catalog)):
//! each dialect crate reads its engine's own catalog (SQLite's `PRAGMA`s, PostgreSQL's
//! `pg_catalog`, MySQL's `information_schema`) and answers in the model's terms, so what
//! comes back is a [`Table`] like one built by hand, and compares with one.
//!
//! What a reflected table holds, and how it differs from the table that created it (the
//! normalisation the round-trip tests apply, documented in `docs/schema-changes.md`):
//! - types as the engine keeps them ([`Dialect::reflected_type`](crate::compile::Dialect::reflected_type):
//!   MySQL has one type for `Timestamp` and `TimestampTz`); a type sqlcore does not model is
//!   [`SqlType::Other`](crate::schema::SqlType::Other) with the engine's spelling;
//! - autoincrement as [`Autoincrement::Yes`](crate::schema::Autoincrement::Yes) or `No`, never `Auto`;
//! - a server default as [`ServerDefault::Sql`](crate::schema::ServerDefault::Sql) with the
//!   engine's text, normalised (casts and redundant parentheses removed);
//! - a column's `unique()` as a table-level [`UniqueConstraint`](crate::schema::UniqueConstraint);
//! - check constraints as SQL text ([`Expr::Text`](crate::expr::Expr::Text)), where the engine
//!   keeps them.

mod catalog;
pub mod sql_text;

pub use catalog::{Catalog, RunQuery};

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::schema::{MetaData, Table};

/// The catalog of `conn`'s dialect, or `Unsupported` when its dialect has none.
fn catalog_of<C: Connection + ?Sized>(conn: &C) -> Result<Box<dyn Catalog>> {
    let dialect = conn.dialect();
    dialect.catalog().ok_or_else(|| {
        Error::unsupported("reflection", dialect.describe(), "this dialect does not read its engine's catalog")
    })
}

/// The names of the tables in `schema` (the connection's current schema or database when
/// `None`), sorted by name. Views are not tables.
///
/// # Errors
/// [`Error::Unsupported`] when the dialect has no catalog; database errors.
pub fn table_names<C: Connection + ?Sized>(conn: &mut C, schema: Option<&str>) -> Result<Vec<Ident>> {
    let catalog = catalog_of(conn)?;
    let mut names = catalog.table_names(&mut |sql, params| conn.query_sql(sql, params), schema)?;
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    Ok(names)
}

/// Whether a table named `name` (exactly, case and all) exists in the current schema.
///
/// # Errors
/// As [`table_names`].
pub fn has_table<C: Connection + ?Sized>(conn: &mut C, name: &str) -> Result<bool> {
    Ok(table_names(conn, None)?.iter().any(|t| t.as_str() == name))
}

/// The table named `name` in the current schema, read from the catalog.
///
/// # Errors
/// [`Error::UnknownTable`] when there is none; as [`table_names`].
pub fn reflect_table<C: Connection + ?Sized>(conn: &mut C, name: &str) -> Result<Table> {
    let catalog = catalog_of(conn)?;
    catalog
        .reflect_table(&mut |sql, params| conn.query_sql(sql, params), name, None)?
        .ok_or_else(|| Error::unknown_table(name))
}

/// Every table of the current schema, read from the catalog, in a [`MetaData`].
///
/// # Errors
/// As [`reflect_table`].
pub fn reflect_all<C: Connection + ?Sized>(conn: &mut C) -> Result<MetaData> {
    let catalog = catalog_of(conn)?;
    let mut run = |sql: &str, params: &[crate::value::Value]| conn.query_sql(sql, params);
    let mut names = catalog.table_names(&mut run, None)?;
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    let mut metadata = MetaData::new();
    for name in names {
        // A table dropped between the two reads is simply not there.
        if let Some(table) = catalog.reflect_table(&mut run, &name, None)? {
            metadata.add(table)?;
        }
    }
    Ok(metadata)
}
