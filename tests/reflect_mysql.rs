//! Reflection on MySQL / MariaDB: the shared round trip (`tests/common/reflection.rs`), and
//! what only this engine does (MariaDB's JSON as checked text, unique keys, the indexes the
//! engine makes itself, unmodelled types).

#[macro_use]
mod common;

use sqlcore::Ident;
use sqlcore::prelude::*;
use sqlcore::schema::{FkAction, ForeignKey};

/// A connection in a fresh database of its own, or `None` (the test is skipped) when the
/// server is down.
fn connect(test: &str) -> Option<Box<dyn Connection>> {
    let conn = common::engines::mysql();
    if conn.is_none() {
        eprintln!("SKIP {test}: MySQL/MariaDB is not reachable");
    }
    conn
}

#[test]
fn the_schema_reflects_back_as_it_was_made_and_create_all_is_idempotent() {
    let Some(mut conn) = connect("round trip") else { return };
    common::reflection::round_trip(conn.as_mut());
}

/// (name, type, nullable, default) of each column.
fn columns(table: &Table) -> Vec<(String, SqlType, bool, Option<String>)> {
    table
        .columns()
        .map(|c| {
            let default = c.server_default.as_ref().map(common::reflection::default_text);
            (c.name.to_string(), c.ty.clone(), c.nullable, default)
        })
        .collect()
}

#[test]
fn engine_types_and_defaults_read_back_in_the_models_terms() {
    let Some(mut conn) = connect("types") else { return };
    conn.execute_raw(
        "CREATE TABLE odd (a INT UNSIGNED, b TINYINT, c TEXT, d DATETIME, e ENUM('x','y') DEFAULT 'y', \
         f BOOLEAN NOT NULL DEFAULT 1, g JSON, h LONGTEXT, i DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), \
         j VARCHAR(5) DEFAULT NULL, k DECIMAL(8,3) DEFAULT -2.5)",
    )
    .expect("create the table");
    let table = conn.reflect_table("odd").expect("reflect");
    let other = |t: &str| SqlType::Other(t.into());
    let sql = |s: &str| Some(s.to_string());
    assert_eq!(
        columns(&table),
        vec![
            ("a".into(), other("int(10) unsigned"), true, None),
            ("b".into(), other("tinyint(4)"), true, None),
            ("c".into(), other("text"), true, None),
            ("d".into(), other("datetime"), true, None),
            ("e".into(), other("enum('x','y')"), true, sql("'y'")),
            ("f".into(), SqlType::Boolean, false, sql("1")),
            // MariaDB's JSON is LONGTEXT with CHECK (json_valid(g)): the pair is JSON, the
            // check is not reported.
            ("g".into(), SqlType::Json, true, None),
            ("h".into(), SqlType::Text, true, None),
            ("i".into(), SqlType::Timestamp, true, sql("CURRENT_TIMESTAMP")),
            ("j".into(), SqlType::Varchar(5), true, None),
            ("k".into(), SqlType::Numeric(8, 3), true, sql("-2.500")),
        ]
    );
    assert!(table.def().checks.is_empty(), "{:?}", table.def().checks);
    // The engine's text is DDL the dialect writes back: the table can be made again.
    conn.execute_raw("DROP TABLE odd").expect("drop");
    let metadata = MetaData::new().with(table.clone()).expect("metadata");
    conn.create_all(&metadata).expect("create the reflected table again");
    assert_eq!(columns(&conn.reflect_table("odd").expect("reflect again")), columns(&table));
}

#[test]
fn unique_keys_foreign_keys_and_the_engines_own_indexes() {
    let Some(mut conn) = connect("keys") else { return };
    conn.execute_raw(
        "CREATE TABLE p (id INT NOT NULL, code VARCHAR(10) NOT NULL, PRIMARY KEY (code, id), KEY (id), \
         UNIQUE (code), UNIQUE KEY named_uq (id, code)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin",
    )
    .expect("create p");
    conn.execute_raw(
        "CREATE TABLE c (x INT PRIMARY KEY, pcode VARCHAR(10), pid INT, \
         CONSTRAINT c_to_p FOREIGN KEY (pcode, pid) REFERENCES p (code, id) ON DELETE CASCADE ON UPDATE RESTRICT, \
         FOREIGN KEY (pid) REFERENCES p (id) ON UPDATE NO ACTION, \
         CHECK (x > 0), CONSTRAINT x_small CHECK (x < 100)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin",
    )
    .expect("create c");
    conn.execute_raw("CREATE INDEX c_x_desc ON c (x DESC, pid)").expect("index");
    let p = conn.reflect_table("p").expect("reflect p");
    let def = p.def();
    assert_eq!(def.primary_key, vec![Ident::from("code"), Ident::from("id")]);
    assert_eq!(def.primary_key_name, None, "MySQL names every primary key PRIMARY");
    // `UNIQUE (code)` is named `code` by the engine: a unique constraint; `named_uq` was
    // named by its author: a unique index. `KEY (id)` is an index of the engine's name.
    let uniques: Vec<Vec<String>> =
        def.uniques.iter().map(|u| u.columns.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(uniques, vec![vec!["code".to_string()]]);
    let indexes: Vec<(String, bool)> = def.indexes.iter().map(|ix| (ix.name.to_string(), ix.unique)).collect();
    assert_eq!(indexes, vec![("id".to_string(), false), ("named_uq".to_string(), true)]);

    let c = conn.reflect_table("c").expect("reflect c");
    let def = c.def();
    let fks: Vec<(Option<String>, Vec<String>, FkAction, FkAction)> = def
        .foreign_keys
        .iter()
        .map(|fk| {
            let cols = fk.columns.iter().map(|c| c.to_string()).collect();
            (fk.name.as_ref().map(|n| n.to_string()), cols, fk.on_delete.expect("read"), fk.on_update.expect("read"))
        })
        .collect();
    assert_eq!(
        fks,
        vec![
            (Some("c_ibfk_1".into()), vec!["pid".into()], FkAction::NoAction, FkAction::NoAction),
            // RESTRICT is NO ACTION on InnoDB.
            (Some("c_to_p".into()), vec!["pcode".into(), "pid".into()], FkAction::Cascade, FkAction::NoAction),
        ]
    );
    // The indexes InnoDB made for the two keys (`c_to_p`, `pid`) are the engine's: only the
    // user's index is reported, its DESC column kept.
    let indexes: Vec<(String, Vec<String>)> = def
        .indexes
        .iter()
        .map(|ix| (ix.name.to_string(), ix.descending.iter().map(|c| c.to_string()).collect()))
        .collect();
    assert_eq!(indexes, vec![("c_x_desc".to_string(), vec!["x".to_string()])]);
    let mut checks: Vec<String> = def.checks.iter().filter_map(|k| k.name.as_ref().map(|n| n.to_string())).collect();
    checks.sort();
    assert_eq!(checks, vec!["CONSTRAINT_1".to_string(), "x_small".to_string()]);
}

#[test]
fn set_null_on_a_not_null_column_is_refused_before_the_server_sees_it() {
    let Some(mut conn) = connect("set null") else { return };
    let parent = Table::builder("parent").column(Column::new("id", SqlType::Integer).primary_key()).build();
    let child = Table::builder("child")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("parent_id", SqlType::Integer).not_null())
        .foreign_key(ForeignKey::new(["parent_id"], "parent", ["id"]).on_delete(FkAction::SetNull))
        .build();
    let metadata = MetaData::new().with(parent).and_then(|m| m.with(child)).expect("metadata");
    match conn.create_all(&metadata) {
        Err(Error::Unsupported(u)) => assert!(u.to_string().contains("SET NULL"), "{u}"),
        other => panic!("expected Unsupported, got {other:?}"),
    }
    // Nothing was created: the check runs before the first statement.
    assert!(conn.table_names().expect("names").is_empty());
}

#[test]
fn table_names_are_per_database_and_compared_exactly() {
    let Some(mut conn) = connect("names") else { return };
    conn.execute_raw("CREATE TABLE `Users` (id INT PRIMARY KEY)").expect("create");
    conn.execute_raw("CREATE VIEW users_view AS SELECT id FROM `Users`").expect("view");
    let names: Vec<String> = conn.table_names().expect("names").iter().map(|n| n.to_string()).collect();
    assert_eq!(names, vec!["Users".to_string()], "views are not tables");
    assert!(conn.has_table("Users").expect("has_table"));
    assert!(!conn.has_table("users").expect("has_table"));
    assert!(matches!(conn.reflect_table("users"), Err(Error::UnknownTable { .. })));
}
