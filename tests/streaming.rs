//! Streaming rows ([`Connection::stream`]) on the three engines: every row in order and of
//! its column's kind, an iterator dropped half-way leaves the connection usable (also
//! inside a transaction), errors arrive through the stream, and [`Connection::reset`]
//! rolls back what a user left open.

mod common;
use common::engines;
use sqlcore::prelude::*;
use sqlcore::{func, stmt::Select};
use sqlcore_sqlite::SqliteConnection;

sqlcore::table! {
    /// Rows to stream.
    pub st_rows {
        id: Integer => primary_key();
        label: Varchar(40) => not_null();
        flag: Boolean => not_null();
    }
}

fn connections() -> Vec<(&'static str, Box<dyn Connection>)> {
    let mut out: Vec<(&'static str, Box<dyn Connection>)> =
        vec![("sqlite", Box::new(SqliteConnection::open_in_memory().unwrap()))];
    if let Some(c) = engines::postgres() {
        out.push(("postgresql", c));
    }
    if let Some(c) = engines::mysql() {
        out.push(("mariadb", c));
    }
    out
}

const N: i64 = 5_000;

fn fill(conn: &mut dyn Connection) {
    conn.create_all(&MetaData::new().with(st_rows::table()).unwrap()).unwrap();
    let ins = insert(st_rows::table())
        .columns([st_rows::id, st_rows::label, st_rows::flag])
        .rows((1..=N).map(|i| (i, format!("row {i}"), i % 2 == 0)));
    assert_eq!(conn.insert_bulk(&ins).unwrap(), N as u64);
}

fn all_ids() -> Select {
    select([st_rows::id, st_rows::label, st_rows::flag]).order_by(st_rows::id)
}

#[test]
fn every_row_streams_in_order_with_its_kinds() {
    for (name, mut conn) in connections() {
        fill(&mut *conn);
        let mut seen = 0i64;
        for row in conn.stream(&all_ids()).unwrap() {
            let row = row.unwrap();
            seen += 1;
            assert_eq!(row.get::<i64>("id").unwrap(), seen, "{name}");
            assert_eq!(row.get::<String>("label").unwrap(), format!("row {seen}"), "{name}");
            // Booleans come back as booleans on every engine (MySQL's TINYINT conformed).
            assert_eq!(row.value("flag").unwrap(), &Value::Bool(seen % 2 == 0), "{name}");
        }
        assert_eq!(seen, N, "{name}");
        // The same rows as `all`.
        let streamed: Vec<Row> = conn.stream(&all_ids()).unwrap().collect::<Result<_>>().unwrap();
        assert_eq!(streamed, conn.all(&all_ids()).unwrap(), "{name}");
    }
}

#[test]
fn a_stream_dropped_half_way_leaves_the_connection_usable() {
    for (name, mut conn) in connections() {
        fill(&mut *conn);
        let first: Vec<i64> = conn.stream(&all_ids()).unwrap().take(3).map(|r| r.unwrap().get("id").unwrap()).collect();
        assert_eq!(first, [1, 2, 3], "{name}");
        // The next statements on the connection see the whole table.
        let count: i64 = conn.scalar(&select([func::count_star()]).from(st_rows::table())).unwrap();
        assert_eq!(count, N, "{name}");
        {
            let mut tx = conn.transaction().unwrap();
            let mut stream = tx.stream(&all_ids()).unwrap();
            assert_eq!(stream.next().unwrap().unwrap().get::<i64>("id").unwrap(), 1, "{name}");
            drop(stream);
            tx.execute(&delete(st_rows::table()).filter(st_rows::id.le(10))).unwrap();
            tx.commit().unwrap();
        }
        let count: i64 = conn.scalar(&select([func::count_star()]).from(st_rows::table())).unwrap();
        assert_eq!(count, N - 10, "{name}");
        // Streams can follow each other, each read to a different depth.
        for depth in [0usize, 1, 100, 4000] {
            let read = conn.stream(&all_ids()).unwrap().take(depth).count();
            assert_eq!(read, depth, "{name}");
        }
    }
}

#[test]
fn a_failing_query_fails_before_or_during_the_stream_and_the_connection_goes_on() {
    for (name, mut conn) in connections() {
        fill(&mut *conn);
        let missing = select([sqlcore::dsl::col("nope")]).from(st_rows::table());
        let err = conn.stream(&missing).and_then(|s| s.collect::<Result<Vec<Row>>>()).unwrap_err();
        assert!(matches!(err, Error::Database(_)), "{name}: {err:?}");
        let count: i64 = conn.scalar(&select([func::count_star()]).from(st_rows::table())).unwrap();
        assert_eq!(count, N, "{name}");
    }
}

#[test]
fn reset_rolls_back_an_open_transaction() {
    let mut conns: Vec<(&str, Box<dyn Connection>)> =
        vec![("sqlite", Box::new(SqliteConnection::open_in_memory().unwrap()))];
    if let Ok(c) = sqlcore_postgres::PostgresConnection::connect(&engines::postgres_url()) {
        conns.push(("postgresql", Box::new(c)));
    }
    if let Ok(c) = sqlcore_mysql::MySqlConnection::connect(&engines::mysql_url()) {
        conns.push(("mariadb", Box::new(c)));
    }
    let table = format!("st_reset_{}", std::process::id());
    for (name, mut conn) in conns {
        conn.execute_raw(&format!("DROP TABLE IF EXISTS {table}")).unwrap();
        conn.execute_raw(&format!("CREATE TABLE {table} (id INTEGER PRIMARY KEY)")).unwrap();
        conn.execute_raw("BEGIN").unwrap();
        conn.execute_raw(&format!("INSERT INTO {table} VALUES (1)")).unwrap();
        conn.reset().unwrap();
        let rows = conn.query_sql(&format!("SELECT id FROM {table}"), &[]).unwrap();
        assert!(rows.is_empty(), "{name}: the open transaction was rolled back");
        // Reset outside a transaction is harmless, and the connection still answers.
        conn.reset().unwrap();
        conn.ping().unwrap();
        assert!(!conn.is_broken(), "{name}");
        conn.execute_raw(&format!("DROP TABLE {table}")).unwrap();
    }
}
