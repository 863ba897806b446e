#[macro_use]
mod common;
use common::*;
use sqlcore::prelude::*;
use sqlcore_mysql::{Flavor, MySqlConnection, MySqlDialect};
use sqlcore_postgres::{PostgresConnection, PostgresDialect};
use sqlcore_sqlite::SqliteDialect;
use std::time::{Duration, Instant};

sqlcore::table! {
    /// A work queue, for two connections competing for rows.
    pub jobs {
        id: Integer => primary_key();
        state: Varchar(20) => not_null();
    }
}

/// The SQL for PostgreSQL, MySQL 8 and MariaDB (SQLite has no row locks), params as given.
fn assert_lock_sql(stmt: &dyn Compile, postgres: &str, mysql: &str, mariadb: &str, params: &[Value]) {
    for (name, dialect, sql) in [
        ("postgres", Box::new(PostgresDialect::default()) as Box<dyn Dialect>, postgres),
        ("mysql", Box::new(MySqlDialect::default()), mysql),
        ("mariadb", Box::new(MySqlDialect::mariadb()), mariadb),
    ] {
        let compiled = stmt.compile(dialect.as_ref()).unwrap_or_else(|e| panic!("{name}: compile failed: {e}"));
        assert_eq!(compiled.sql, sql, "{name}: SQL differs");
        assert_eq!(compiled.params, params, "{name}: parameters differ");
    }
}

/// SQLite refuses the lock, pointing at BEGIN IMMEDIATE, and nothing is sent.
fn assert_unsupported_on_sqlite(stmt: &dyn Compile, feature: &str) {
    assert_unsupported(stmt, &SqliteDialect::default(), feature);
    match stmt.compile(&SqliteDialect::default()) {
        Err(Error::Unsupported(e)) => assert!(e.hint.contains("BEGIN IMMEDIATE"), "the hint: {}", e.hint),
        other => panic!("expected Unsupported, got {:?}", other.map(|c| c.sql)),
    }
    let mut conn = sqlite();
    let err = conn.all(stmt).expect_err("SQLite has no row locks");
    assert!(matches!(err, Error::Unsupported { .. }), "got {err:?}");
}

/// Runs `stmt` inside a transaction on every engine but SQLite, and returns the rows per
/// engine; the transaction then updates a locked row and commits, which must succeed.
fn rows_in_a_transaction(stmt: &dyn Compile) -> Vec<(&'static str, Vec<Vec<Value>>)> {
    let mut out = Vec::new();
    for (engine, mut conn) in engines() {
        if engine == "sqlite" {
            continue;
        }
        let mut tx = sqlcore::Transaction::begin(conn.as_mut()).expect("BEGIN");
        let rows: Vec<Vec<Value>> = tx
            .all(stmt)
            .unwrap_or_else(|e| panic!("{engine}: locking query failed: {e}"))
            .into_iter()
            .map(|r| normalize_row(r.into_values()))
            .collect();
        assert_eq!(tx.transaction_depth(), 1, "{engine}");
        tx.execute(&update(books::table()).set(books::year, 2001).filter(books::id.eq(5)))
            .unwrap_or_else(|e| panic!("{engine}: the lock holder can write: {e}"));
        tx.commit().expect("COMMIT");
        let year = select([books::year]).filter(books::id.eq(5));
        assert_eq!(conn.all(&year).expect("query").remove(0).into_values(), [Value::Int(2001)], "{engine}");
        out.push((engine, rows));
    }
    out
}

// ----- SQL and single-connection behaviour ---------------------------------------------------

#[test]
fn for_update_locks_the_selected_rows_inside_a_transaction() {
    let q = select((books::id, books::title)).filter(books::author_id.eq(2)).order_by(books::id).for_update();
    assert_lock_sql(
        &q,
        "SELECT id, title FROM books WHERE author_id = $1 ORDER BY id FOR UPDATE",
        "SELECT id, title FROM books WHERE author_id = ? ORDER BY id FOR UPDATE",
        "SELECT id, title FROM books WHERE author_id = ? ORDER BY id FOR UPDATE",
        &[2.into()],
    );
    assert_unsupported_on_sqlite(&q, "SELECT ... FOR UPDATE");
    let outcomes = rows_in_a_transaction(&q);
    assert_eq!(outcomes.iter().map(|o| o.0).collect::<Vec<_>>(), ["postgres", "mariadb"]);
    for (engine, rows) in outcomes {
        assert_eq!(rows, vec![row![4, "Dune"], row![5, "Children of Dune"]], "{engine}");
    }
}

#[test]
fn for_share_is_lock_in_share_mode_on_mariadb() {
    let q = select((books::id, books::title)).filter(books::author_id.eq(2)).order_by(books::id).for_share();
    assert_lock_sql(
        &q,
        "SELECT id, title FROM books WHERE author_id = $1 ORDER BY id FOR SHARE",
        "SELECT id, title FROM books WHERE author_id = ? ORDER BY id FOR SHARE",
        "SELECT id, title FROM books WHERE author_id = ? ORDER BY id LOCK IN SHARE MODE",
        &[2.into()],
    );
    assert_unsupported_on_sqlite(&q, "SELECT ... FOR SHARE");
    for (engine, rows) in rows_in_a_transaction(&q) {
        assert_eq!(rows, vec![row![4, "Dune"], row![5, "Children of Dune"]], "{engine}");
    }
}

#[test]
fn nowait_follows_the_lock_clause() {
    let update_nowait = select([books::id]).filter(books::id.eq(5)).for_update().nowait();
    assert_lock_sql(
        &update_nowait,
        "SELECT id FROM books WHERE id = $1 FOR UPDATE NOWAIT",
        "SELECT id FROM books WHERE id = ? FOR UPDATE NOWAIT",
        "SELECT id FROM books WHERE id = ? FOR UPDATE NOWAIT",
        &[5.into()],
    );
    assert_unsupported_on_sqlite(&update_nowait, "SELECT ... FOR UPDATE");
    for (engine, rows) in rows_in_a_transaction(&update_nowait) {
        assert_eq!(rows, vec![row![5]], "{engine}");
    }
    let share_nowait = select([books::id]).filter(books::id.eq(5)).for_share().nowait();
    assert_lock_sql(
        &share_nowait,
        "SELECT id FROM books WHERE id = $1 FOR SHARE NOWAIT",
        "SELECT id FROM books WHERE id = ? FOR SHARE NOWAIT",
        "SELECT id FROM books WHERE id = ? LOCK IN SHARE MODE NOWAIT",
        &[5.into()],
    );
    for (engine, rows) in rows_in_a_transaction(&share_nowait) {
        assert_eq!(rows, vec![row![5]], "{engine}");
    }
}

#[test]
fn skip_locked_after_order_by_and_limit() {
    let q = select([books::id]).filter(books::year.is_null()).order_by(books::id).limit(1).for_update().skip_locked();
    assert_lock_sql(
        &q,
        "SELECT id FROM books WHERE year IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
        "SELECT id FROM books WHERE year IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
        "SELECT id FROM books WHERE year IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
        &[1.into()],
    );
    assert_unsupported_on_sqlite(&q, "SELECT ... FOR UPDATE");
    for (engine, rows) in rows_in_a_transaction(&q) {
        assert_eq!(rows, vec![row![5]], "{engine}: nothing else holds a lock");
    }
    let share = select([books::id]).filter(books::id.eq(5)).for_share().skip_locked();
    assert_lock_sql(
        &share,
        "SELECT id FROM books WHERE id = $1 FOR SHARE SKIP LOCKED",
        "SELECT id FROM books WHERE id = ? FOR SHARE SKIP LOCKED",
        "SELECT id FROM books WHERE id = ? LOCK IN SHARE MODE SKIP LOCKED",
        &[5.into()],
    );
    for (engine, rows) in rows_in_a_transaction(&share) {
        assert_eq!(rows, vec![row![5]], "{engine}");
    }
}

#[test]
fn wait_modes_older_servers_lack_are_unsupported() {
    let nowait = select([books::id]).for_update().nowait();
    let skip = select([books::id]).for_update().skip_locked();
    // NOWAIT and SKIP LOCKED arrived in MySQL 8.0.1; MariaDB has NOWAIT from 10.3 and
    // SKIP LOCKED from 10.6.
    assert_unsupported(&nowait, &MySqlDialect::with_version(Flavor::MySql, 5, 7, 44), "row lock NOWAIT");
    assert_unsupported(&skip, &MySqlDialect::with_version(Flavor::MySql, 5, 7, 44), "row lock SKIP LOCKED");
    assert_unsupported(&nowait, &MySqlDialect::with_version(Flavor::MariaDb, 10, 2, 0), "row lock NOWAIT");
    assert_unsupported(&skip, &MySqlDialect::with_version(Flavor::MariaDb, 10, 5, 0), "row lock SKIP LOCKED");
    let on_10_5 = nowait.compile(&MySqlDialect::with_version(Flavor::MariaDb, 10, 5, 0)).expect("NOWAIT on 10.5");
    assert_eq!(on_10_5.sql, "SELECT id FROM books FOR UPDATE NOWAIT");
    let plain = select([books::id]).for_update();
    let on_5_7 = plain.compile(&MySqlDialect::with_version(Flavor::MySql, 5, 7, 44)).expect("FOR UPDATE on 5.7");
    assert_eq!(on_5_7.sql, "SELECT id FROM books FOR UPDATE");
}

#[test]
fn the_last_lock_strength_given_wins() {
    let q = select([books::id]).for_update().for_share();
    assert_lock_sql(
        &q,
        "SELECT id FROM books FOR SHARE",
        "SELECT id FROM books FOR SHARE",
        "SELECT id FROM books LOCK IN SHARE MODE",
        &[],
    );
}

// ----- two connections -----------------------------------------------------------------------

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("sqlcore_lock_{}_{nanos}", std::process::id())
}

fn servers_required() -> bool {
    std::env::var("SQLCORE_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// Drops a namespace (schema or database) when the test ends, even by a panic: declared
/// first, it is dropped after the connections using it have closed.
struct DropNamespace {
    conn: Box<dyn Connection>,
    sql: String,
}

impl Drop for DropNamespace {
    fn drop(&mut self) {
        if let Err(e) = self.conn.execute_raw(&self.sql) {
            eprintln!("warning: cleanup `{}` failed: {e}", self.sql);
        }
    }
}

/// The guard dropping a namespace, and two connections to it.
type Namespace = (DropNamespace, Box<dyn Connection>, Box<dyn Connection>);

/// Two connections to one fresh namespace holding `jobs` rows 1-4 (all "ready"), and the
/// guard that drops it; `None` when the server is unreachable (and not required).
fn two_connections(engine: &str) -> Option<Namespace> {
    let name = unique_name();
    let connect = || -> Result<Box<dyn Connection>> {
        Ok(match engine {
            "postgres" => Box::new(PostgresConnection::connect(&engines::postgres_url())?),
            _ => Box::new(MySqlConnection::connect(&engines::mysql_url())?),
        })
    };
    let mut admin = match connect() {
        Ok(c) => c,
        Err(e) if !servers_required() => {
            eprintln!("SKIP: {engine} not reachable: {e}");
            return None;
        }
        Err(e) => panic!("{engine} is required but not reachable: {e}"),
    };
    let (create, enter, drop) = match engine {
        "postgres" => (
            format!("CREATE SCHEMA {name}"),
            format!("SET search_path TO {name}; SET lock_timeout = '5s'"),
            format!("DROP SCHEMA {name} CASCADE"),
        ),
        _ => (
            format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
            format!("USE {name}"),
            format!("DROP DATABASE {name}"),
        ),
    };
    admin.execute_raw(&create).expect("create the namespace");
    let guard = DropNamespace { conn: admin, sql: drop };
    let mut first = connect().expect("first connection");
    let mut second = connect().expect("second connection");
    for conn in [&mut first, &mut second] {
        conn.execute_raw(&enter).expect("enter the namespace");
        if engine != "postgres" {
            conn.execute_raw("SET SESSION innodb_lock_wait_timeout = 5").expect("lock wait timeout");
        }
    }
    first.create_all(&MetaData::new().with(jobs::table()).expect("one table")).expect("create jobs");
    first
        .execute(&insert(jobs::table()).columns([jobs::id, jobs::state]).rows((1..=4).map(|i| (i, "ready"))))
        .expect("seed jobs");
    Some((guard, first, second))
}

fn ids(conn: &mut dyn Connection, q: &dyn Compile) -> Result<Vec<Value>> {
    Ok(conn.all(q)?.into_iter().map(|r| r.into_values().remove(0)).collect())
}

#[test]
fn skip_locked_leaves_out_the_row_another_transaction_holds() {
    let one = select([jobs::id]).filter(jobs::id.eq(1)).for_update();
    let next_free = select([jobs::id]).order_by(jobs::id).limit(1).for_update().skip_locked();
    let all_free = select([jobs::id]).order_by(jobs::id).for_update().skip_locked();
    let mut ran = Vec::new();
    for engine in ["postgres", "mariadb"] {
        let Some((_guard, mut first, mut second)) = two_connections(engine) else { continue };
        let mut holder = sqlcore::Transaction::begin(first.as_mut()).expect("BEGIN");
        assert_eq!(ids(&mut holder, &one).expect("lock row 1"), [Value::Int(1)], "{engine}");
        {
            let mut worker = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
            let started = Instant::now();
            assert_eq!(
                ids(&mut worker, &next_free).expect("skip locked"),
                [Value::Int(2)],
                "{engine}: row 1 is skipped"
            );
            assert!(started.elapsed() < Duration::from_secs(3), "{engine}: did not wait for the lock");
            worker.rollback().expect("ROLLBACK");
        }
        {
            let mut worker = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
            let got = ids(&mut worker, &all_free).expect("skip locked");
            assert_eq!(got, [Value::Int(2), Value::Int(3), Value::Int(4)], "{engine}");
            worker.rollback().expect("ROLLBACK");
        }
        holder.rollback().expect("ROLLBACK");
        // Released: the row is there for the taking again.
        let mut worker = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
        assert_eq!(ids(&mut worker, &next_free).expect("skip locked"), [Value::Int(1)], "{engine}: lock released");
        worker.rollback().expect("ROLLBACK");
        ran.push(engine);
    }
    if servers_required() {
        assert_eq!(ran, ["postgres", "mariadb"]);
    }
}

#[test]
fn nowait_fails_at_once_on_a_row_another_transaction_holds() {
    let hold = select([jobs::id]).filter(jobs::id.eq(1)).for_update();
    let grab = select([jobs::id]).filter(jobs::id.eq(1)).for_update().nowait();
    let grab_other = select([jobs::id]).filter(jobs::id.eq(2)).for_update().nowait();
    for engine in ["postgres", "mariadb"] {
        let Some((_guard, mut first, mut second)) = two_connections(engine) else { continue };
        let mut holder = sqlcore::Transaction::begin(first.as_mut()).expect("BEGIN");
        ids(&mut holder, &hold).expect("lock row 1");
        let mut worker = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
        let started = Instant::now();
        let err = ids(&mut worker, &grab).expect_err("row 1 is locked");
        assert!(matches!(err, Error::Database { .. }), "{engine}: got {err:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "{engine}: NOWAIT did not wait");
        drop(worker);
        let mut worker = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
        assert_eq!(ids(&mut worker, &grab_other).expect("row 2 is free"), [Value::Int(2)], "{engine}");
        worker.rollback().expect("ROLLBACK");
        holder.rollback().expect("ROLLBACK");
    }
}

#[test]
fn shared_locks_admit_each_other_but_not_an_exclusive_one() {
    let share = select([jobs::id]).filter(jobs::id.eq(1)).for_share().nowait();
    let exclusive = select([jobs::id]).filter(jobs::id.eq(1)).for_update().nowait();
    for engine in ["postgres", "mariadb"] {
        let Some((_guard, mut first, mut second)) = two_connections(engine) else { continue };
        let mut holder = sqlcore::Transaction::begin(first.as_mut()).expect("BEGIN");
        assert_eq!(ids(&mut holder, &share).expect("share row 1"), [Value::Int(1)], "{engine}");
        let mut other = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
        assert_eq!(ids(&mut other, &share).expect("a second shared lock"), [Value::Int(1)], "{engine}");
        other.rollback().expect("ROLLBACK");
        let mut other = sqlcore::Transaction::begin(second.as_mut()).expect("BEGIN");
        let err = ids(&mut other, &exclusive).expect_err("the row is share-locked");
        assert!(matches!(err, Error::Database { .. }), "{engine}: got {err:?}");
        drop(other);
        holder.rollback().expect("ROLLBACK");
    }
}
