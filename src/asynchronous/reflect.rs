//! The catalog queries ([`Catalog`]) over an asynchronous connection, without an async
//! copy of them: a catalog asks its queries through a synchronous callback, so it is run
//! again and again, each time with the answers read so far; the first query it asks that
//! has no answer yet is run on the connection, and the catalog is run once more. A catalog
//! is a deterministic function of its answers, so the last run, which finds every answer,
//! is the result. A catalog asks a handful of queries per table, so the repeated runs cost
//! nothing next to the round trips.

use super::AsyncConnection;
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::reflect::{Catalog, RunQuery};
use crate::row::Row;
use crate::value::Value;

/// One catalog query asked, and its answer.
struct Answer {
    sql: String,
    params: Vec<Value>,
    rows: Vec<Row>,
}

/// `read` run against `conn`'s catalog with every query it asks answered by `conn`.
///
/// # Errors
/// [`Error::Unsupported`] when the dialect has no catalog; the queries' and `read`'s errors.
pub(super) async fn replay<C, T, F>(conn: &mut C, read: F) -> Result<T>
where
    C: AsyncConnection + ?Sized,
    F: Fn(&dyn Catalog, &mut RunQuery<'_>) -> Result<T> + Send,
{
    let mut answers: Vec<Answer> = Vec::new();
    loop {
        // The catalog (not `Send`) lives only in this block, never across an await.
        let (result, missing) = {
            let dialect = conn.dialect();
            let catalog = dialect.catalog().ok_or_else(|| {
                Error::unsupported("reflection", dialect.describe(), "this dialect does not read its engine's catalog")
            })?;
            let mut missing: Option<(String, Vec<Value>)> = None;
            let mut run = |sql: &str, params: &[Value]| -> Result<Vec<Row>> {
                if let Some(answer) = answers.iter().find(|a| a.sql == sql && a.params == params) {
                    return Ok(answer.rows.clone());
                }
                if missing.is_none() {
                    missing = Some((sql.to_string(), params.to_vec()));
                }
                // Any answer stops this run; its result is thrown away.
                Err(Error::NoRows)
            };
            let result = read(catalog.as_ref(), &mut run);
            (result, missing)
        };
        match missing {
            None => return result,
            Some((sql, params)) => {
                let rows = conn.query_sql(&sql, &params).await?;
                answers.push(Answer { sql, params, rows });
            }
        }
    }
}

/// The tables of the current schema, or none when the dialect has no catalog to ask.
pub(super) async fn existing_tables<C: AsyncConnection + ?Sized>(conn: &mut C) -> Result<Vec<Ident>> {
    if conn.dialect().catalog().is_none() {
        return Ok(Vec::new());
    }
    replay(conn, |catalog, run| catalog.table_names(run, None)).await
}
