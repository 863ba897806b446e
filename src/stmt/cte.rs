//! Common table expressions: `WITH name (columns) AS (query)`.

use crate::ident::Ident;
use crate::schema::{Table, TableRef};
use crate::stmt::Query;

/// A named query in a WITH clause, referred to like a table through [`Cte::table`].
///
/// A recursive CTE refers to itself, so its table exists before its query: declare it with
/// its column names, build the query from `cte.table()`, then attach it with [`Cte::query`].
///
/// ```
/// use sqlcore::prelude::*;
/// use sqlcore::stmt::Cte;
/// # use sqlcore_sqlite::SqliteDialect; use sqlcore_postgres::PostgresDialect;
///
/// // 1, 2, ..., 5
/// let series = Cte::new("series", ["n"]).recursive();
/// let (t, n) = (series.table(), series.table().c("n")?);
/// let step = select([n.clone().add(1)]).from(t.clone()).filter(n.clone().lt(5));
/// let series = series.query(select([lit(1)]).union_all(step));
/// let q = select([n]).from(t).with(series);
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
///     "WITH RECURSIVE series (n) AS (SELECT 1 UNION ALL SELECT n + $1 FROM series WHERE n < $2) SELECT n FROM series");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Cte {
    /// The name.
    pub name: Ident,
    /// The column names (empty: the query's own).
    pub columns: Vec<Ident>,
    /// The query; set by [`Cte::query`].
    pub body: Option<Query>,
    /// Whether it refers to itself (`WITH RECURSIVE`).
    pub recursive: bool,
    /// The table [`Cte::table`] hands out, built once: a recursive CTE's query and the
    /// statement reading it each ask for it, and a table is a definition with a column map.
    table: Table,
}

/// Two CTEs are equal when their names, columns, queries and recursion are (the table
/// follows from the name and columns).
impl PartialEq for Cte {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.columns == other.columns
            && self.body == other.body
            && self.recursive == other.recursive
    }
}

impl Cte {
    /// A CTE named `name` with these column names (empty for the query's own names).
    pub fn new<C>(name: impl Into<Ident>, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        let (name, columns): (Ident, Vec<Ident>) = (name.into(), columns.into_iter().map(Into::into).collect());
        let table = Table::synthesized(&name, &columns, None);
        Cte { name, columns, body: None, recursive: false, table }
    }

    /// Marks the CTE recursive (`WITH RECURSIVE`).
    pub fn recursive(mut self) -> Self {
        self.recursive = true;
        self
    }

    /// Sets the query. When the CTE was declared without column names, its columns are the
    /// query's output names.
    pub fn query(mut self, query: impl Into<Query>) -> Self {
        let query = query.into();
        if self.columns.is_empty() {
            // The column list names every result column, an unnamed one `column<n>`, each of
            // the kind of the expression defining it.
            self.columns = query.result_columns().into_iter().map(|(name, _)| name).collect();
            let kinds = crate::stmt::derived::result_kinds_of(&query);
            self.table = Table::synthesized(&self.name, &self.columns, Some(kinds));
        } else {
            // The columns are the query's, positionally (as the engine matches a column list
            // to the query's columns). The table made by `new` (which a recursive query
            // already refers to) learns their kinds; set once, so a second query gets a
            // table of its own.
            let mut kinds = crate::stmt::derived::result_kinds_of(&query);
            kinds.resize(self.columns.len(), None);
            if let Err(kinds) = self.table.def().kinds.set(kinds) {
                self.table = Table::synthesized(&self.name, &self.columns, Some(kinds));
            }
        }
        self.body = Some(query);
        self
    }

    /// The CTE as a table of its columns, to select from and join (`cte.table().c("n")`).
    pub fn table(&self) -> Table {
        // The public fields may have been changed since the table was built.
        let current = *self.table.name() == self.name
            && self.table.columns().len() == self.columns.len()
            && self.table.columns().zip(&self.columns).all(|(c, name)| c.name == *name);
        if current {
            self.table.clone()
        } else {
            Table::synthesized(&self.name, &self.columns, self.table.def().kinds.get().cloned())
        }
    }

    /// The CTE under an alias (`FROM chain AS c`).
    pub fn alias(&self, alias: impl Into<Ident>) -> TableRef {
        self.table().alias(alias)
    }
}
