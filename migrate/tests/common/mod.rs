//! What the live migration tests share: a connection per engine (each in a namespace of its
//! own, from sqlcore-props), a second connection into the same namespace for concurrency,
//! snapshots of table data, and the reflection check.

#![allow(dead_code)]

use std::collections::BTreeMap;

use sqlcore::prelude::*;

/// One engine's connection, by dialect name.
pub struct Engine {
    pub name: &'static str,
    pub conn: Box<dyn Connection>,
}

/// A fresh, empty database on each engine that is up (all three under
/// SQLCORE_REQUIRE_SERVERS=1).
pub fn engines() -> Vec<Engine> {
    let mut out = vec![Engine {
        name: "sqlite",
        conn: Box::new(sqlcore_sqlite::SqliteConnection::open_in_memory().expect("sqlite")),
    }];
    if let Some(conn) = sqlcore_props::engines::postgres().expect("postgres") {
        out.push(Engine { name: "postgresql", conn });
    }
    if let Some(conn) = sqlcore_props::engines::mysql().expect("mysql") {
        out.push(Engine { name: "mysql", conn });
    }
    out
}

/// Two connections to one fresh database per engine, and what drops it afterwards.
pub struct Pair {
    pub name: &'static str,
    pub a: Box<dyn Connection + Send>,
    pub b: Box<dyn Connection + Send>,
    pub cleanup: Option<(Box<dyn Connection + Send>, String)>,
}

impl Drop for Pair {
    fn drop(&mut self) {
        if let Some((conn, sql)) = &mut self.cleanup {
            let _ = conn.execute_raw(sql);
        }
    }
}

/// For each engine that is up, two connections into the same new database.
pub fn pairs() -> Vec<Pair> {
    let mut out = Vec::new();
    let file = std::env::temp_dir().join(format!("{}.db", sqlcore_props::engines::unique_name("sqlcore_mig_")));
    out.push(Pair {
        name: "sqlite",
        a: Box::new(sqlcore_sqlite::SqliteConnection::open(&file).expect("sqlite a")),
        b: Box::new(sqlcore_sqlite::SqliteConnection::open(&file).expect("sqlite b")),
        cleanup: None,
    });
    let pg_url = sqlcore_props::engines::postgres_url();
    match sqlcore_postgres::PostgresConnection::connect(&pg_url) {
        Ok(mut admin) => {
            let schema = sqlcore_props::engines::unique_name("sqlcore_mig_");
            admin.execute_raw(&format!("CREATE SCHEMA {schema}")).expect("schema");
            let open = || {
                let mut c = sqlcore_postgres::PostgresConnection::connect(&pg_url).expect("pg");
                c.execute_raw(&format!("SET search_path TO {schema}")).expect("search_path");
                Box::new(c) as Box<dyn Connection + Send>
            };
            out.push(Pair {
                name: "postgresql",
                a: open(),
                b: open(),
                cleanup: Some((Box::new(admin), format!("DROP SCHEMA {schema} CASCADE"))),
            });
        }
        Err(e) => assert!(!sqlcore_props::engines::servers_required(), "postgres: {e}"),
    }
    let my_url = sqlcore_props::engines::mysql_url();
    match sqlcore_mysql::MySqlConnection::connect(&my_url) {
        Ok(mut admin) => {
            let db = sqlcore_props::engines::unique_name("sqlcore_mig_");
            admin.execute_raw(&format!("CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")).expect("db");
            let open = || {
                let mut c = sqlcore_mysql::MySqlConnection::connect(&my_url).expect("mysql");
                c.execute_raw(&format!("USE {db}")).expect("use");
                Box::new(c) as Box<dyn Connection + Send>
            };
            out.push(Pair {
                name: "mysql",
                a: open(),
                b: open(),
                cleanup: Some((Box::new(admin), format!("DROP DATABASE {db}"))),
            });
        }
        Err(e) => assert!(!sqlcore_props::engines::servers_required(), "mysql: {e}"),
    }
    out
}

/// Every row of every table of `model`, by `id`, as column name → values.
pub type Snapshot = BTreeMap<String, BTreeMap<String, Vec<Value>>>;

pub fn snapshot(conn: &mut dyn Connection, model: &MetaData) -> Snapshot {
    let mut out = Snapshot::new();
    for table in model.tables() {
        let cols: Vec<Expr> = table.columns().map(|c| table.c(&c.name).expect("column")).collect();
        let rows = conn.all(&select(cols).order_by(table.c("id").expect("id"))).expect("select");
        let mut by_col: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (i, c) in table.columns().enumerate() {
            by_col.insert(c.name.to_string(), rows.iter().map(|r| r.values()[i].clone()).collect());
        }
        out.insert(table.name().to_string(), by_col);
    }
    out
}

/// Asserts that every column in both snapshots (through `renames`: (table, column) before →
/// after) holds the same values, row for row.
pub fn assert_survivors(engine: &str, before: &Snapshot, after: &Snapshot, renames: &[(&str, &str, &str, &str)]) {
    let mut compared = 0;
    for (table, cols) in before {
        for (col, values) in cols {
            let (t2, c2) = renames
                .iter()
                .find(|r| r.0 == table && (r.1 == col || r.1 == "*"))
                .map_or((table.as_str(), col.as_str()), |r| (r.2, if r.3 == "*" { col.as_str() } else { r.3 }));
            if let Some(now) = after.get(t2).and_then(|t| t.get(c2)) {
                assert_eq!(values, now, "{engine}: {table}.{col} (now {t2}.{c2}) changed");
                compared += values.len();
            }
        }
    }
    assert!(compared > 0 || before.values().all(|t| t.values().all(Vec::is_empty)), "{engine}: nothing compared");
}

/// Asserts that the live database (history table aside) is `model`, by reflection.
pub fn assert_schema(engine: &str, conn: &mut dyn Connection, model: &MetaData, stage: &str) {
    let plan = sqlcore::diff::check(conn, model).expect("check");
    assert!(plan.is_empty(), "{engine} at {stage}: the database differs from the model:\n{plan}");
    let mut live: Vec<String> = conn
        .table_names()
        .expect("names")
        .iter()
        .map(ToString::to_string)
        .filter(|n| n != sqlcore_migrate::history::TABLE)
        .collect();
    live.sort();
    let mut want: Vec<String> = model.tables().map(|t| t.name().to_string()).collect();
    want.sort();
    assert_eq!(live, want, "{engine} at {stage}: tables");
}
