//! Result column names by SQL text, so a connection reading the same query again shares one
//! `Arc<[String]>` of names among its rows instead of copying every name per query.

use std::collections::HashMap;
use std::sync::Arc;

use super::KeyHasher;

/// The column names of the queries a connection ran, by SQL text (bounded).
///
/// The names are checked against the ones the driver reports on every use (without
/// allocating), so a statement whose columns changed (`SELECT *` after `ALTER TABLE`) gets
/// its new names.
///
/// ```
/// use sqlcore::cache::ColumnNames;
///
/// let mut names = ColumnNames::new(16);
/// let first = names.get("SELECT id, name FROM users", ["id", "name"].into_iter());
/// let again = names.get("SELECT id, name FROM users", ["id", "name"].into_iter());
/// assert!(std::sync::Arc::ptr_eq(&first, &again));
/// let changed = names.get("SELECT id, name FROM users", ["id", "name", "age"].into_iter());
/// assert_eq!(&*changed, ["id", "name", "age"]);
/// ```
#[derive(Debug, Default)]
pub struct ColumnNames {
    by_sql: HashMap<Box<str>, Arc<[String]>, KeyHasher>,
    capacity: usize,
}

impl ColumnNames {
    /// Room for the names of `capacity` queries; past that, the map starts over (queries
    /// run again are re-learned at the cost of one copy of their names).
    pub fn new(capacity: usize) -> Self {
        ColumnNames { by_sql: HashMap::with_capacity_and_hasher(capacity.min(1024), KeyHasher), capacity }
    }

    /// The names of `sql`'s result columns, which the driver reports as `current`: the kept
    /// ones when they are the same, else `current` copied and kept.
    pub fn get<'a, I>(&mut self, sql: &str, current: I) -> Arc<[String]>
    where
        I: ExactSizeIterator<Item = &'a str> + Clone,
    {
        if let Some(kept) = self.by_sql.get(sql)
            && kept.len() == current.len()
            && kept.iter().zip(current.clone()).all(|(k, c)| k == c)
        {
            return kept.clone();
        }
        let names: Arc<[String]> = current.map(str::to_string).collect();
        if self.capacity == 0 {
            return names;
        }
        if self.by_sql.len() >= self.capacity && !self.by_sql.contains_key(sql) {
            self.by_sql.clear();
        }
        self.by_sql.insert(sql.into(), names.clone());
        names
    }
}
