//! Reflection on SQLite: the shared round trip (`tests/common/reflection.rs`), and what only
//! this engine does (declared types kept as written, constraint names and checks read from
//! the CREATE TABLE text, indexes the model cannot hold left out).

#[macro_use]
mod common;

use sqlcore::Ident;
use sqlcore::prelude::*;
use sqlcore::schema::{Autoincrement, FkAction};
use sqlcore_sqlite::SqliteConnection;

fn db() -> SqliteConnection {
    SqliteConnection::open_in_memory().expect("open SQLite")
}

#[test]
fn the_schema_reflects_back_as_it_was_made_and_create_all_is_idempotent() {
    common::reflection::round_trip(&mut db());
}

#[test]
fn declared_types_sqlcore_does_not_model_are_other_with_the_text_as_written() {
    let mut db = db();
    db.execute_raw(
        "CREATE TABLE odd (a MEDIUMINT, b VARCHAR, c DATETIME, d, e NUMERIC, f \"UNSIGNED BIG INT\", g varchar(12), \
         h decimal(10, 2), i double precision)",
    )
    .expect("create");
    let table = db.reflect_table("odd").expect("reflect");
    let types: Vec<(String, SqlType)> = table.columns().map(|c| (c.name.to_string(), c.ty.clone())).collect();
    let other = |n: &str, t: &str| (n.to_string(), SqlType::Other(t.into()));
    assert_eq!(
        types,
        vec![
            other("a", "MEDIUMINT"),
            other("b", "VARCHAR"),
            other("c", "DATETIME"),
            other("d", ""),
            other("e", "NUMERIC"),
            other("f", "UNSIGNED BIG INT"),
            ("g".to_string(), SqlType::Varchar(12)),
            ("h".to_string(), SqlType::Numeric(10, 2)),
            ("i".to_string(), SqlType::Double),
        ]
    );
    // The declared text is DDL the dialect writes back: the table can be made again.
    db.execute_raw("DROP TABLE odd").expect("drop");
    db.create_all(&MetaData::new().with(table).expect("metadata")).expect("create the reflected table");
    let again = db.reflect_table("odd").expect("reflect again");
    let again: Vec<(String, SqlType)> = again.columns().map(|c| (c.name.to_string(), c.ty.clone())).collect();
    assert_eq!(again, types);
}

#[test]
fn constraint_names_and_checks_come_from_the_create_text_with_hostile_quoting() {
    let mut db = db();
    db.execute_raw(
        "CREATE TABLE [p a] (\"i\"\"d\" INTEGER, `co de` TEXT, CONSTRAINT \"p k\" PRIMARY KEY (\"i\"\"d\", `co de`))",
    )
    .expect("parent");
    db.execute_raw(
        "CREATE TABLE \"ch\"\"ild\" (x INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER, pcode TEXT, \
         n INT CHECK (n > 0) CONSTRAINT n_small CHECK (n < 10), \
         CONSTRAINT \"fk (odd)\" FOREIGN KEY (pid, pcode) REFERENCES [p a] (\"i\"\"d\", `co de`) ON DELETE SET NULL, \
         CONSTRAINT uq_n UNIQUE (n, pcode), UNIQUE (pcode), \
         CHECK ('a(b' <> pcode), CONSTRAINT \"odd check\" CHECK (x <> 3))",
    )
    .expect("child");
    db.execute_raw("CREATE INDEX ix_expr ON \"ch\"\"ild\" (lower(pcode))").expect("expression index");
    db.execute_raw("CREATE INDEX ix_partial ON \"ch\"\"ild\" (n) WHERE n > 5").expect("partial index");
    db.execute_raw("CREATE INDEX \"ix \"\"q\"\"\" ON \"ch\"\"ild\" (pid DESC, n)").expect("plain index");

    let parent = db.reflect_table("p a").expect("parent");
    assert_eq!(parent.def().primary_key, vec![Ident::from("i\"d"), Ident::from("co de")]);
    assert_eq!(parent.def().primary_key_name.as_ref().map(|n| n.to_string()), Some("p k".to_string()));

    let child = db.reflect_table("ch\"ild").expect("child");
    let def = child.def();
    assert_eq!(child.column("x").expect("x").autoincrement, Autoincrement::Yes);
    let fk = &def.foreign_keys[0];
    assert_eq!(fk.name.as_ref().map(|n| n.to_string()), Some("fk (odd)".to_string()));
    assert_eq!(fk.ref_table.as_str(), "p a");
    assert_eq!(fk.ref_columns, vec![Ident::from("i\"d"), Ident::from("co de")]);
    assert_eq!((fk.on_delete, fk.on_update), (Some(FkAction::SetNull), Some(FkAction::NoAction)));
    let mut uniques: Vec<(Option<String>, Vec<String>)> = def
        .uniques
        .iter()
        .map(|u| (u.name.as_ref().map(|n| n.to_string()), u.columns.iter().map(|c| c.to_string()).collect()))
        .collect();
    uniques.sort();
    assert_eq!(
        uniques,
        vec![(None, vec!["pcode".to_string()]), (Some("uq_n".to_string()), vec!["n".to_string(), "pcode".to_string()])]
    );
    let checks: Vec<(Option<String>, String)> = def
        .checks
        .iter()
        .map(|k| {
            let text = match &k.expr {
                sqlcore::expr::Expr::Text(t) => t.sql.to_string(),
                other => format!("{other:?}"),
            };
            (k.name.as_ref().map(|n| n.to_string()), text)
        })
        .collect();
    assert_eq!(
        checks,
        vec![
            (None, "n > 0".to_string()),
            (Some("n_small".to_string()), "n < 10".to_string()),
            (None, "'a(b' <> pcode".to_string()),
            (Some("odd check".to_string()), "x <> 3".to_string()),
        ]
    );
    // The expression and the partial index are left out; the plain one keeps its DESC.
    let indexes: Vec<(String, Vec<String>)> = def
        .indexes
        .iter()
        .map(|ix| (ix.name.to_string(), ix.descending.iter().map(|c| c.to_string()).collect()))
        .collect();
    assert_eq!(indexes, vec![("ix \"q\"".to_string(), vec!["pid".to_string()])]);

    // What was read is a schema sqlcore can make again, and reads back the same.
    let metadata = db.reflect_all().expect("reflect_all");
    let mut fresh = SqliteConnection::open_in_memory().expect("open");
    fresh.create_all(&metadata).expect("create the reflected schema");
    let again = fresh.reflect_all().expect("reflect again");
    let d = fresh.dialect();
    assert_eq!(common::reflection::summaries(&again, d), common::reflection::summaries(&metadata, d));
}
