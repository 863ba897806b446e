//! [`RowStream`]: a query's rows read one at a time, as the program consumes them, instead of
//! gathered into a `Vec` first.

use crate::cache::Prepared;
use crate::compile::Dialect;
use crate::error::Result;
use crate::row::Row;

/// The rows of a query, read from the engine as they are consumed: SQLite steps the
/// statement once per row, PostgreSQL reads each row off its portal's result as it arrives
/// (the socket holds the server back while the program is busy), MySQL reads an unbuffered
/// result. Memory stays that of one row whatever the size of the result.
///
/// Dropping the stream before its end ends the query: SQLite resets the statement,
/// PostgreSQL and MySQL discard the rows still in flight. The connection is then ready for
/// the next statement. The stream borrows the connection, so nothing else runs on it
/// meanwhile.
///
/// ```
/// use sqlcore::prelude::*;
/// use sqlcore::func;
/// use sqlcore_sqlite::SqliteConnection;
///
/// sqlcore::table! { pub events { id: Integer => primary_key(); kind: Text => not_null(); } }
/// let mut db = SqliteConnection::open_in_memory()?;
/// db.create_all(&MetaData::new().with(events::table())?)?;
/// for i in 0..1000 {
///     db.execute(&insert(events::table()).value(events::kind, if i % 3 == 0 { "click" } else { "view" }))?;
/// }
/// let mut clicks = 0;
/// for row in db.stream(&select([events::kind]).order_by(events::id))? {
///     if row?.get::<String>("kind")? == "click" {
///         clicks += 1;
///     }
/// }
/// assert_eq!(clicks, 334);
/// // Stopping early is fine: the statement is reset and the connection goes on.
/// let first_two: Vec<Row> = db.stream(&select([events::id]).order_by(events::id))?.take(2).collect::<Result<_>>()?;
/// assert_eq!(first_two.len(), 2);
/// assert_eq!(db.scalar::<i64>(&select([func::count_star()]).from(events::table()))?, 1000);
/// # Ok::<(), sqlcore::Error>(())
/// ```
pub struct RowStream<'c> {
    rows: Box<dyn Iterator<Item = Result<Row>> + 'c>,
    /// The statement's result kinds, to convert each row to ([`Prepared::conform`]).
    conform: Option<(Prepared, Box<dyn Dialect + 'c>)>,
}

impl std::fmt::Debug for RowStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowStream").field("typed", &self.conform.is_some()).finish_non_exhaustive()
    }
}

impl<'c> RowStream<'c> {
    /// A stream over `rows`, as a driver reads them.
    pub fn new(rows: impl Iterator<Item = Result<Row>> + 'c) -> Self {
        RowStream { rows: Box::new(rows), conform: None }
    }

    /// A stream over rows already read (for connections that cannot stream).
    pub fn from_rows(rows: Vec<Row>) -> Self {
        RowStream::new(rows.into_iter().map(Ok))
    }

    /// This stream with each row converted to the kinds of `prepared`'s result, as
    /// `dialect` reads them back ([`Connection::all`](crate::Connection::all) does the same).
    pub fn conformed(mut self, prepared: Prepared, dialect: Box<dyn Dialect + 'c>) -> Self {
        if prepared.kinds().is_some() {
            self.conform = Some((prepared, dialect));
        }
        self
    }
}

impl Iterator for RowStream<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        let mut row = match self.rows.next()? {
            Ok(row) => row,
            Err(e) => return Some(Err(e)),
        };
        if let Some((prepared, dialect)) = &self.conform {
            prepared.conform(dialect.as_ref(), std::slice::from_mut(&mut row));
        }
        Some(Ok(row))
    }
}
