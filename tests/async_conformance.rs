//! The asynchronous drivers: the whole conformance suite of `common/conformance.rs` run
//! through them on SQLite, PostgreSQL and MariaDB (each async connection wrapped in
//! [`BlockOn`], a test-only `Connection` that waits for each future on a runtime of its
//! own), then what only the async path has: its provided methods, `AsyncTransaction`s
//! dropped open, and the pool under 64 concurrent tasks.
//!
//! Servers are found as `common/engines.rs` says (skipped when down unless
//! `SQLCORE_REQUIRE_SERVERS=1`).

#[macro_use]
mod common;
#[macro_use]
#[path = "common/conformance.rs"]
mod conformance;

use std::future::Future;

use common::authors;
use common::engines::{mysql_url, postgres_url};
use conformance::Engines;
use sqlcore::asynchronous::{AsyncConnection, AsyncTransaction};
use sqlcore::cache::Prepared;
use sqlcore::compile::{Compile, Dialect};
use sqlcore::prelude::*;
use sqlcore::{Row, func};
use sqlcore_mysql::AsyncMySqlConnection;
use sqlcore_postgres::AsyncPostgresConnection;
use sqlcore_props::engines::{servers_required, unique_name};
use sqlcore_sqlite::AsyncSqliteConnection;
use tokio::runtime::Runtime;

// ----- the shared suite through the async drivers -------------------------------------------------

/// An [`AsyncConnection`] as a synchronous [`Connection`]: each required method waits for
/// the async one on `rt`. With `cleanup`, the statement dropping the connection's namespace.
struct BlockOn<A: AsyncConnection> {
    rt: Runtime,
    conn: Option<A>,
    cleanup: Option<String>,
}

impl<A: AsyncConnection> BlockOn<A> {
    fn conn(&mut self) -> (&Runtime, &mut A) {
        (&self.rt, self.conn.as_mut().expect("the connection is there until dropped"))
    }
}

impl<A: AsyncConnection> Drop for BlockOn<A> {
    fn drop(&mut self) {
        let (cleanup, conn) = (self.cleanup.take(), self.conn.take());
        self.rt.block_on(async move {
            if let (Some(sql), Some(mut conn)) = (cleanup, conn) {
                if let Err(e) = conn.execute_raw(&sql).await {
                    eprintln!("warning: cleanup `{sql}` failed: {e}");
                }
                // Dropped inside the runtime (mysql_async closes the connection on it).
                drop(conn);
            }
        });
    }
}

impl<A: AsyncConnection> Connection for BlockOn<A> {
    fn dialect(&self) -> &dyn Dialect {
        self.conn.as_ref().expect("the connection").dialect()
    }

    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let (rt, conn) = self.conn();
        rt.block_on(conn.execute_sql(sql, params))
    }

    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let (rt, conn) = self.conn();
        rt.block_on(conn.query_sql(sql, params))
    }

    fn query_sql_up_to(&mut self, sql: &str, params: &[Value], max_rows: usize) -> Result<Vec<Row>> {
        let (rt, conn) = self.conn();
        rt.block_on(conn.query_sql_up_to(sql, params, max_rows))
    }

    fn compile_cached(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        self.conn().1.compile_cached(stmt)
    }

    fn execute_raw(&mut self, sql: &str) -> Result<()> {
        let (rt, conn) = self.conn();
        rt.block_on(conn.execute_raw(sql))
    }

    fn drop_all(&mut self, metadata: &MetaData) -> Result<()> {
        // The async driver's own (SQLite pauses foreign keys around the drops).
        let (rt, conn) = self.conn();
        rt.block_on(conn.drop_all(metadata))
    }
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

/// `None` (with a line saying so) for a server that cannot be reached and is not required.
fn reachable<A>(engine: &str, url: &str, result: Result<A>) -> Option<A> {
    match result {
        Ok(conn) => Some(conn),
        Err(e) if servers_required() => panic!("{engine} is required but not usable at {url}: {e}"),
        Err(e) => {
            eprintln!("SKIP: {engine} not reachable at {url}: {e} (set SQLCORE_REQUIRE_SERVERS=1 to fail instead)");
            None
        }
    }
}

/// The statements putting a connection in a fresh namespace of its own, and the one dropping
/// it, per server engine.
fn namespace(engine: &str) -> (String, String) {
    let name = unique_name("sqlcore_a");
    if engine == "postgres" {
        (format!("CREATE SCHEMA {name}; SET search_path TO {name}"), format!("DROP SCHEMA {name} CASCADE"))
    } else {
        (format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"), format!("DROP DATABASE {name}"))
    }
}

/// An async connection to a server in a namespace of its own, as a `Connection`.
fn isolated<A, F>(engine: &'static str, url: String, connect: impl FnOnce(String) -> F) -> Option<Box<dyn Connection>>
where
    A: AsyncConnection + 'static,
    F: Future<Output = Result<A>>,
{
    let rt = runtime();
    let mut conn = reachable(engine, &url, rt.block_on(connect(url.clone())))?;
    let (create, cleanup) = namespace(engine);
    rt.block_on(async {
        conn.execute_raw(&create).await?;
        if engine == "mariadb" {
            let db = cleanup.trim_start_matches("DROP DATABASE ");
            conn.execute_raw(&format!("USE {db}")).await?;
        }
        Ok::<(), Error>(())
    })
    .unwrap_or_else(|e| panic!("{engine}: a namespace of its own: {e}"));
    Some(Box::new(BlockOn { rt, conn: Some(conn), cleanup: Some(cleanup) }))
}

fn async_sqlite() -> Box<dyn Connection> {
    let rt = runtime();
    let conn = rt.block_on(AsyncSqliteConnection::open_in_memory()).expect("open SQLite in memory");
    Box::new(BlockOn { rt, conn: Some(conn), cleanup: None })
}

fn async_postgres() -> Option<Box<dyn Connection>> {
    isolated("postgres", postgres_url(), |url| async move { AsyncPostgresConnection::connect(&url).await })
}

fn async_mysql() -> Option<Box<dyn Connection>> {
    isolated("mariadb", mysql_url(), |url| async move { AsyncMySqlConnection::connect(&url).await })
}

/// Each engine's async connection, empty.
fn empty_async_engines() -> Vec<(&'static str, Box<dyn Connection>)> {
    let mut out = vec![("sqlite", async_sqlite())];
    out.extend(async_postgres().map(|c| ("postgres", c)));
    out.extend(async_mysql().map(|c| ("mariadb", c)));
    out
}

/// Each engine's async connection with the fixture schema and data.
fn async_engines() -> Vec<(&'static str, Box<dyn Connection>)> {
    empty_async_engines()
        .into_iter()
        .map(|(name, mut conn)| {
            conn.create_all(&common::metadata()).unwrap_or_else(|e| panic!("{name}: create fixture: {e}"));
            common::seed(conn.as_mut());
            (name, conn)
        })
        .collect()
}

conformance_tests!(Engines { fixture: async_engines, empty: empty_async_engines });

// ----- async-only: provided methods, dropped transactions ---------------------------------------

sqlcore::table! {
    /// Rows the async tests write.
    pub ax_hits {
        id: Integer => primary_key();
        task: Integer => not_null();
        n: Integer => not_null();
    }
}

fn hits_schema() -> MetaData {
    MetaData::new().with(ax_hits::table()).expect("schema")
}

fn hit(id: i64, task: i64, n: i64) -> sqlcore::stmt::Insert {
    insert(ax_hits::table()).value(ax_hits::id, id).value(ax_hits::task, task).value(ax_hits::n, n)
}

/// An async connection per engine (servers in a namespace of their own), with the statement
/// that drops the namespace; on `rt`'s context.
async fn connections() -> Vec<(&'static str, Box<dyn AsyncConnection>, Option<String>)> {
    let mut out: Vec<(&'static str, Box<dyn AsyncConnection>, Option<String>)> =
        vec![("sqlite", Box::new(AsyncSqliteConnection::open_in_memory().await.expect("SQLite")), None)];
    let url = postgres_url();
    if let Some(mut pg) = reachable("postgres", &url, AsyncPostgresConnection::connect(&url).await) {
        let (create, cleanup) = namespace("postgres");
        pg.execute_raw(&create).await.expect("schema");
        out.push(("postgres", Box::new(pg), Some(cleanup)));
    }
    let url = mysql_url();
    if let Some(mut my) = reachable("mariadb", &url, AsyncMySqlConnection::connect(&url).await) {
        let (create, cleanup) = namespace("mariadb");
        my.execute_raw(&create).await.expect("database");
        my.execute_raw(&format!("USE {}", cleanup.trim_start_matches("DROP DATABASE "))).await.expect("use");
        out.push(("mariadb", Box::new(my), Some(cleanup)));
    }
    out
}

async fn ids(conn: &mut dyn AsyncConnection) -> Vec<i64> {
    conn.all(&select([ax_hits::id]).order_by(ax_hits::id))
        .await
        .expect("ids")
        .iter()
        .map(|r| r.get::<i64>("id").expect("an id"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_provided_methods_read_write_create_reflect_and_drop() {
    for (name, mut conn, cleanup) in connections().await {
        let conn = conn.as_mut();
        let md = common::metadata();
        conn.create_all(&md).await.unwrap_or_else(|e| panic!("{name}: create_all: {e}"));
        conn.create_all(&md).await.unwrap_or_else(|e| panic!("{name}: create_all again changes nothing: {e}"));
        let names: Vec<String> = conn.table_names().await.expect("names").iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["authors", "book_to_store_map", "books", "employees", "stores"], "{name}");
        assert!(conn.has_table("books").await.expect("has_table"), "{name}");
        assert!(!conn.has_table("nope").await.expect("has_table"), "{name}");
        let authors = conn.reflect_table("authors").await.expect("reflect");
        assert_eq!(authors.columns().len(), 3, "{name}");
        assert!(matches!(conn.reflect_table("nope").await, Err(Error::UnknownTable { .. })), "{name}");

        let five = insert(authors::table()).columns([authors::name, authors::country]).rows([
            ("A", Some("US")),
            ("B", Some("US")),
            ("C", None),
            ("D", Some("PL")),
            ("E", Some("GB")),
        ]);
        assert_eq!(conn.insert_bulk(&five).await.expect("insert_bulk"), 5, "{name}");
        let by_id = select([authors::id, authors::name]).order_by(authors::id);
        let rows = conn.all(&by_id).await.expect("all");
        assert_eq!(rows.len(), 5, "{name}");
        assert_eq!(rows[4].get::<String>("name").ok().as_deref(), Some("E"), "{name}");
        let first = conn.first(&by_id).await.expect("first").expect("a row");
        assert_eq!(first.into_values(), row![1, "A"], "{name}");
        let us = select([authors::name]).filter(authors::country.eq("US"));
        assert!(matches!(conn.one(&us).await, Err(Error::TooManyRows(2))), "{name}");
        let pl = conn.one(&select([authors::name]).filter(authors::country.eq("PL"))).await.expect("one");
        assert_eq!(pl.get::<String>("name").ok().as_deref(), Some("D"), "{name}");
        let count = select([func::count_star()]).from(authors::table());
        assert_eq!(conn.scalar_value(&count).await.ok(), Some(Value::Int(5)), "{name}");
        let named = select([authors::name]).filter(authors::id.eq(bindparam("id")));
        let params = sqlcore::expr::Params::new().set("id", 3);
        let rows = conn.all_with(&named, &params).await.expect("all_with");
        assert_eq!(rows[0].get::<String>("name").ok().as_deref(), Some("C"), "{name}");
        let rename = update(authors::table()).set(authors::name, "Z").filter(authors::id.eq(bindparam("id")));
        assert_eq!(conn.execute_with(&rename, &params).await.expect("execute_with"), 1, "{name}");
        {
            // scalar::<T> needs a sized connection: a transaction over the dyn one is.
            let mut tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
            assert_eq!(tx.scalar::<i64>(&count).await.ok(), Some(5), "{name}");
            assert_eq!(
                tx.scalar::<String>(&select([authors::name]).filter(authors::id.eq(3))).await.ok().as_deref(),
                Some("Z")
            );
            tx.commit().await.expect("commit");
        }
        conn.drop_all(&md).await.unwrap_or_else(|e| panic!("{name}: drop_all: {e}"));
        assert!(conn.table_names().await.expect("names").is_empty(), "{name}");
        if let Some(sql) = cleanup {
            conn.execute_raw(&sql).await.expect("cleanup");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_async_transaction_does_not_commit() {
    for (name, mut conn, cleanup) in connections().await {
        let conn = conn.as_mut();
        conn.create_all(&hits_schema()).await.expect("create");
        conn.execute(&hit(1, 0, 0)).await.expect("insert");
        {
            let mut tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
            tx.execute(&hit(2, 0, 0)).await.expect("insert");
            tx.execute(&delete(ax_hits::table()).filter(ax_hits::id.eq(1))).await.expect("delete");
            assert_eq!(ids(&mut tx).await, [2], "{name}");
            // Dropped without commit.
        }
        // The next statement, whatever it is, first rolls the transaction back.
        assert_eq!(ids(conn).await, [1], "{name}: the dropped transaction was undone");
        {
            let mut tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
            tx.execute(&hit(3, 0, 0)).await.expect("insert");
            {
                let mut inner = tx.savepoint().await.expect("savepoint");
                inner.execute(&hit(4, 0, 0)).await.expect("insert");
                // Dropped: rolled back to the savepoint before the outer's next statement.
            }
            {
                let mut inner = tx.savepoint().await.expect("savepoint");
                inner.execute(&hit(5, 0, 0)).await.expect("insert");
                inner.commit().await.expect("release");
            }
            assert_eq!(ids(&mut tx).await, [1, 3, 5], "{name}");
            tx.commit().await.expect("commit");
        }
        assert_eq!(ids(conn).await, [1, 3, 5], "{name}");
        {
            // An inner and then the outer dropped before any statement: all of it undone.
            let mut tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
            tx.execute(&hit(6, 0, 0)).await.expect("insert");
            let mut inner = tx.savepoint().await.expect("savepoint");
            inner.execute(&hit(7, 0, 0)).await.expect("insert");
        }
        // A new transaction runs after the rollback, not inside the dropped one.
        let mut tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
        assert_eq!(tx.transaction_depth(), 1, "{name}");
        tx.execute(&hit(8, 0, 0)).await.expect("insert");
        tx.rollback().await.expect("rollback");
        assert_eq!(ids(conn).await, [1, 3, 5], "{name}");
        conn.drop_all(&hits_schema()).await.expect("drop");
        if let Some(sql) = cleanup {
            conn.execute_raw(&sql).await.expect("cleanup");
        }
    }
}

// ----- the pool ---------------------------------------------------------------------------------

#[cfg(feature = "async-pool")]
mod pool {
    use std::time::Duration;

    use sqlcore::asynchronous::pool::AsyncPool;

    use super::*;

    const TASKS: i64 = 64;
    const ROUNDS: i64 = 100;

    /// 64 tasks through a pool of 8: each writes `ROUNDS` rows of its own, reading back its
    /// count after each (two statements a round), then every row is checked.
    async fn load<C: AsyncConnection + 'static>(name: &str, pool: AsyncPool<C>) {
        {
            let mut conn = pool.get().await.expect("a connection");
            conn.create_all(&hits_schema()).await.expect("create");
        }
        let mut tasks = Vec::new();
        for task in 0..TASKS {
            let pool = pool.clone();
            tasks.push(tokio::spawn(async move {
                for n in 0..ROUNDS {
                    let mut conn = pool.get().await.expect("a connection");
                    conn.execute(&hit(task * ROUNDS + n + 1, task, n)).await.expect("insert");
                    let mine = select([func::count_star()]).from(ax_hits::table()).filter(ax_hits::task.eq(task));
                    assert_eq!(conn.scalar_value(&mine).await.expect("count"), Value::Int(n + 1));
                }
            }));
        }
        for t in tasks {
            t.await.unwrap_or_else(|e| panic!("{name}: a task failed: {e}"));
        }
        let mut conn = pool.get().await.expect("a connection");
        let totals = select((ax_hits::task, func::count_star().label("c"), func::sum(ax_hits::n).label("s")))
            .from(ax_hits::table())
            .group_by([ax_hits::task])
            .order_by(ax_hits::task);
        let rows = conn.all(&totals).await.expect("totals");
        assert_eq!(rows.len(), TASKS as usize, "{name}");
        for (task, row) in rows.iter().enumerate() {
            let values = common::normalize_row(row.values().to_vec());
            assert_eq!(values, row![task as i64, ROUNDS, ROUNDS * (ROUNDS - 1) / 2], "{name}");
        }
        assert!(pool.status().size <= 8, "{name}: {:?}", pool.status());
        conn.drop_all(&hits_schema()).await.expect("drop");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sixty_four_tasks_share_a_sqlite_pool() {
        let dir = std::env::temp_dir().join(unique_name("sqlcore_pool"));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("pool.db");
        let pool = AsyncPool::builder(move || {
            let path = path.clone();
            async move {
                let mut conn = AsyncSqliteConnection::open(path).await?;
                // Readers beside one writer, and writers waiting for each other.
                conn.execute_raw("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000")
                    .await?;
                Ok(conn)
            }
        })
        .max_size(8)
        .build()
        .expect("pool");
        load("sqlite", pool).await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sixty_four_tasks_share_a_postgres_pool() {
        let url = postgres_url();
        let Some(mut admin) = reachable("postgres", &url, AsyncPostgresConnection::connect(&url).await) else {
            return;
        };
        let schema = unique_name("sqlcore_p");
        admin.execute_raw(&format!("CREATE SCHEMA {schema}")).await.expect("schema");
        let set = format!("SET search_path TO {schema}");
        let pool = AsyncPool::builder(move || {
            let (url, set) = (url.clone(), set.clone());
            async move {
                let mut conn = AsyncPostgresConnection::connect(&url).await?;
                conn.execute_raw(&set).await?;
                Ok(conn)
            }
        })
        .max_size(8)
        .build()
        .expect("pool");
        load("postgres", pool).await;
        admin.execute_raw(&format!("DROP SCHEMA {schema} CASCADE")).await.expect("cleanup");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sixty_four_tasks_share_a_mariadb_pool() {
        let url = mysql_url();
        let Some(mut admin) = reachable("mariadb", &url, AsyncMySqlConnection::connect(&url).await) else {
            return;
        };
        let db = unique_name("sqlcore_p");
        admin
            .execute_raw(&format!("CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"))
            .await
            .expect("db");
        let use_db = format!("USE {db}");
        let pool = AsyncPool::builder(move || {
            let (url, use_db) = (url.clone(), use_db.clone());
            async move {
                let mut conn = AsyncMySqlConnection::connect(&url).await?;
                conn.execute_raw(&use_db).await?;
                Ok(conn)
            }
        })
        .max_size(8)
        .build()
        .expect("pool");
        load("mariadb", pool).await;
        admin.execute_raw(&format!("DROP DATABASE {db}")).await.expect("cleanup");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_checkout_past_the_timeout_is_a_clear_error() {
        let pool = AsyncPool::builder(AsyncSqliteConnection::open_in_memory)
            .max_size(1)
            .checkout_timeout(Duration::from_millis(100))
            .build()
            .expect("pool");
        let held = pool.get().await.expect("the one connection");
        let started = std::time::Instant::now();
        let second = pool.get().await;
        assert!(started.elapsed() >= Duration::from_millis(90), "it waited");
        match &second {
            Err(Error::Database(e)) => {
                assert_eq!(e.kind, DbErrorKind::Connection);
                assert!(e.message.contains("no pooled connection became free within 100ms"), "{}", e.message);
                assert!(e.message.contains("all 1 are in use"), "{}", e.message);
            }
            other => panic!("expected a checkout timeout, got {other:?}"),
        }
        drop(held);
        pool.get().await.expect("free again");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_connection_returned_inside_a_dropped_transaction_is_rolled_back_before_reuse() {
        let pool = AsyncPool::builder(AsyncSqliteConnection::open_in_memory).max_size(1).build().expect("pool");
        {
            let mut conn = pool.get().await.expect("connection");
            conn.create_all(&hits_schema()).await.expect("create");
            let mut tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
            tx.execute(&hit(1, 0, 0)).await.expect("insert");
            // The transaction and then the connection are dropped: back in the pool.
        }
        let mut conn = pool.get().await.expect("the same connection, recycled");
        assert!(ids(&mut *conn).await.is_empty(), "the dropped transaction was not committed");
        // And it is outside any transaction: a new one begins.
        let tx = AsyncTransaction::begin(&mut *conn).await.expect("begin");
        tx.commit().await.expect("commit");
        // A connection that fails its health check is replaced.
        let pool = AsyncPool::builder(AsyncSqliteConnection::open_in_memory)
            .max_size(1)
            .health_check("SELECT no_such_column")
            .build()
            .expect("pool");
        {
            let mut conn = pool.get().await.expect("connection");
            conn.create_all(&hits_schema()).await.expect("create");
        }
        let mut conn = pool.get().await.expect("a new connection");
        assert!(!conn.has_table("ax_hits").await.expect("has_table"), "a fresh in-memory database");
    }
}
