//! The `cache` property: compiling through a [`StatementCache`] gives exactly what a fresh
//! compile gives — the same SQL and parameters, or the same error — for every generated
//! statement, on every dialect, whether the cache answers from an entry made by this
//! statement, by an earlier build of it, or by another statement of the same shape.

use sqlcore::cache::StatementCache;
use sqlcore::compile::Dialect;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

use crate::Violation;
use crate::build;
use crate::spec::StmtSpec;

const PROPERTY: &str = "cache";

/// One cache per target dialect, shared by every case of a run (small, so entries are
/// evicted too).
pub struct Caches {
    sqlite: StatementCache<SqliteDialect>,
    postgres: StatementCache<PostgresDialect>,
    mariadb: StatementCache<MySqlDialect>,
    mysql: StatementCache<MySqlDialect>,
}

impl Caches {
    /// Caches of `capacity` entries each.
    pub fn new(capacity: usize) -> Self {
        Caches {
            sqlite: StatementCache::new(SqliteDialect::default(), capacity),
            postgres: StatementCache::new(PostgresDialect::default(), capacity),
            mariadb: StatementCache::new(MySqlDialect::mariadb(), capacity),
            mysql: StatementCache::new(MySqlDialect::default(), capacity),
        }
    }

    /// Hits over all four caches so far.
    pub fn hits(&self) -> u64 {
        self.sqlite.stats().hits + self.postgres.stats().hits + self.mariadb.stats().hits + self.mysql.stats().hits
    }
}

/// The property for one spec: built twice (a rebuild makes new CTE and derived tables), each
/// build compiled through every cache and compared with a fresh compile.
pub fn check(caches: &mut Caches, spec: &StmtSpec) -> Result<(), Violation> {
    for _ in 0..2 {
        let built = build::build(spec).map_err(|e| Violation::new(PROPERTY, format!("building failed: {e}")))?;
        let stmt = built.as_compile();
        same(&mut caches.sqlite, "sqlite", stmt)?;
        same(&mut caches.postgres, "postgresql", stmt)?;
        same(&mut caches.mariadb, "mariadb", stmt)?;
        same(&mut caches.mysql, "mysql", stmt)?;
    }
    Ok(())
}

/// The property for one statement and one cache of any dialect (a dialect defined outside
/// sqlcore checks itself with this): the cache's answer is a fresh compile's.
///
/// # Errors
/// A [`Violation`] showing both answers.
pub fn same<D: Dialect>(
    cache: &mut StatementCache<D>,
    name: &str,
    stmt: &dyn sqlcore::Compile,
) -> Result<(), Violation> {
    let direct = stmt.compile(cache.dialect());
    let cached = cache.compile(stmt);
    let fail = |what: String| Err(Violation::new(PROPERTY, format!("{name}: {what}")));
    match (direct, cached) {
        (Ok(d), Ok(c)) if c.sql() == d.sql && c.params() == d.params.as_slice() => Ok(()),
        (Ok(d), Ok(c)) => fail(format!("cached {:?} {:?}\n  fresh {:?} {:?}", c.sql(), c.params(), d.sql, d.params)),
        (Ok(d), Err(e)) if d.param_names().next().is_some() && matches!(e, sqlcore::Error::InvalidStatement(_)) => {
            Ok(())
        }
        (Err(d), Err(c)) if format!("{d:?}") == format!("{c:?}") => Ok(()),
        (d, c) => fail(format!("fresh {d:?}\n  cached {c:?}")),
    }
}
