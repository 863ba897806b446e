//! Streaming a query's rows from SQLite: one `sqlite3_step` per row read.

use std::sync::Arc;

use ouroboros::self_referencing;
use rusqlite::{CachedStatement, Rows};
use sqlcore::cache::ColumnNames;
use sqlcore::{Result, Row};

use crate::driver::{db_error, read_value};

/// A prepared statement and its `Rows` (which borrows it) kept together, so that the
/// stream can outlive the call that started it.
#[self_referencing]
pub(crate) struct SqliteRows<'c> {
    statement: CachedStatement<'c>,
    #[borrows(mut statement)]
    #[not_covariant]
    rows: Rows<'this>,
    sql: String,
    /// The result's column names, read after the first step (a cached statement whose table
    /// changed is prepared again by that step).
    names: Option<Arc<[String]>>,
    /// The connection's name cache, shared with `query` (one list of names per SQL).
    name_cache: &'c mut ColumnNames,
}

impl<'c> SqliteRows<'c> {
    /// The rows of `statement` (parameters bound), read as the iterator is advanced.
    pub(crate) fn start(statement: CachedStatement<'c>, sql: &str, name_cache: &'c mut ColumnNames) -> Self {
        SqliteRowsBuilder {
            statement,
            rows_builder: |statement| statement.raw_query(),
            sql: sql.to_string(),
            names: None,
            name_cache,
        }
        .build()
    }
}

impl Iterator for SqliteRows<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        self.with_mut(|fields| {
            let row = match fields.rows.next() {
                Ok(Some(row)) => row,
                Ok(None) => return None,
                Err(e) => return Some(Err(db_error(e, Some(fields.sql)))),
            };
            let names = match fields.names {
                Some(names) => names.clone(),
                None => {
                    let stmt = row.as_ref();
                    let current = (0..stmt.column_count()).map(|i| stmt.column_name(i).unwrap_or_default());
                    fields.names.insert(fields.name_cache.get(fields.sql, current)).clone()
                }
            };
            let mut values = Vec::with_capacity(names.len());
            for i in 0..names.len() {
                match row.get_ref(i).map_err(|e| db_error(e, Some(fields.sql))).and_then(read_value) {
                    Ok(v) => values.push(v),
                    Err(e) => return Some(Err(e)),
                }
            }
            Some(Ok(Row::new(names, values)))
        })
    }
}
