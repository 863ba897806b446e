//! Failure, concurrency and tampering: a revision that fails in its third step leaves
//! PostgreSQL and SQLite at the previous revision with all data (MySQL: reported step by
//! step, and continued); two connections upgrading at once apply each revision once; an
//! edited file and a database at an unknown revision are refused.

mod common;

use std::path::PathBuf;

use common::{assert_schema, engines, pairs, snapshot};
use sqlcore::prelude::*;
use sqlcore_migrate::{Autogenerate, MigrateError, Migrator};

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sqlcore-migrate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn users() -> MetaData {
    MetaData::new()
        .with(
            Table::builder("users")
                .column(Column::new("id", SqlType::BigInt).primary_key())
                .column(Column::new("username", SqlType::Varchar(80)).not_null())
                .build(),
        )
        .expect("md")
}

/// Revision 2 adds a column, fills it, then writes to a table that is not there (step 3).
fn failing_revision(parent: &str) -> String {
    format!(
        r#"format = 1
id = "fails000002"
parents = ["{parent}"]
message = "fails at step 3"
created = "2026-12-04T00:00:02Z"

[[upgrade]]
op = "add_column"
table = "users"
column = {{ name = "nickname", type = "varchar(80)" }}

[[upgrade]]
op = "sql"
sql = "UPDATE users SET nickname = username"

[[upgrade]]
op = "sql"
sql = "INSERT INTO blocker (id) VALUES (1)"

[[downgrade]]
op = "drop_column"
table = "users"
column = "nickname"
"#
    )
}

#[test]
fn a_revision_failing_in_its_third_step() {
    let d = dir("fail");
    let m = Migrator::new(&d, users());
    let first = m.revision("users", Some(Autogenerate::Revisions)).expect("rev 1");
    std::fs::write(d.join("2_fails.toml"), failing_revision(&first.id)).expect("write");
    for mut engine in engines() {
        let name = engine.name;
        let conn = engine.conn.as_mut();
        m.upgrade(conn, &first.id, &mut |_| {}).expect("rev 1");
        for i in 1..=3 {
            conn.execute(
                &insert(users().table("users").expect("t")).value("id", lit(i)).value("username", lit(format!("u{i}"))),
            )
            .expect("row");
        }
        let before = snapshot(conn, &users());
        let e = m.upgrade(conn, "head", &mut |_| {}).expect_err("step 3 fails");
        let text = e.to_string();
        assert!(matches!(e, MigrateError::Failed { .. }), "{name}: {e:?}");
        assert!(
            text.contains("fails000002") && text.contains("2_fails.toml") && text.contains("step 3 of 3"),
            "{name}: {text}"
        );
        let current: Vec<_> = m.current(conn).expect("current");
        if name == "mysql" {
            // DDL commits itself here: steps 1 and 2 stay, recorded; the message says so.
            assert!(text.contains("steps 1 to 2 are applied"), "{name}: {text}");
            let row = current.iter().find(|r| r.revision == "fails000002").expect("recorded part way");
            assert_eq!((row.steps_done, row.steps_total), (2, 3), "{name}");
            // Fix the cause and run again: it goes on at step 3 and finishes.
            conn.execute_raw("CREATE TABLE blocker (id INTEGER)").expect("blocker");
            let done = m.upgrade(conn, "head", &mut |_| {}).expect("continues");
            assert_eq!(done.len(), 1);
            let rows = conn.query_sql("SELECT nickname FROM users ORDER BY id", &[]).expect("rows");
            assert_eq!(rows.len(), 3);
            let rows = conn.query_sql("SELECT id FROM blocker", &[]).expect("blocker rows");
            assert_eq!(rows.len(), 1, "step 3 ran once");
            m.downgrade(conn, "base", &mut |_| {}).expect("down");
            conn.execute_raw("DROP TABLE blocker").expect("drop blocker");
        } else {
            assert!(text.contains("rolled back"), "{name}: {text}");
            assert_eq!(
                current.iter().map(|r| r.revision.as_str()).collect::<Vec<_>>(),
                vec![first.id.as_str()],
                "{name}"
            );
            assert_schema(name, conn, &users(), "after the failed revision");
            assert_eq!(snapshot(conn, &users()), before, "{name}: data unchanged");
        }
    }
}

#[test]
fn two_connections_upgrading_at_once_apply_each_revision_once() {
    let d = dir("concurrent");
    let mut md = users();
    let m0 = Migrator::new(&d, md.clone());
    m0.revision("users", Some(Autogenerate::Revisions)).expect("1");
    for i in 0..5 {
        let t = Table::builder(format!("t{i}"))
            .column(Column::new("id", SqlType::BigInt).primary_key())
            .column(Column::new("v", SqlType::Text))
            .build();
        md.add(t).expect("add");
        Migrator::new(&d, md.clone()).revision(&format!("t{i}"), Some(Autogenerate::Revisions)).expect("rev");
    }
    let m = std::sync::Arc::new(Migrator::new(&d, md.clone()));
    for mut pair in pairs() {
        let name = pair.name;
        let (a, b) = (&mut pair.a, &mut pair.b);
        let barrier = std::sync::Barrier::new(2);
        let results = std::thread::scope(|s| {
            let run = |conn: &mut Box<dyn Connection + Send>| {
                barrier.wait();
                m.upgrade(conn.as_mut(), "head", &mut |_| {})
            };
            let ha = s.spawn(move || run(a));
            let hb = s.spawn(move || run(b));
            (ha.join().expect("a"), hb.join().expect("b"))
        });
        let (ra, rb) = (
            results.0.unwrap_or_else(|e| panic!("{name} a: {e}")),
            results.1.unwrap_or_else(|e| panic!("{name} b: {e}")),
        );
        let ran = |r: &[sqlcore_migrate::Progress]| {
            r.iter().filter(|p| !p.already_done).map(|p| p.revision.clone()).collect::<Vec<_>>()
        };
        let (mut all, other) = (ran(&ra), ran(&rb));
        all.extend(other);
        all.sort();
        let mut expected: Vec<String> =
            m.history().expect("h").revisions().iter().map(sqlcore_migrate::Revision::label).collect();
        expected.sort();
        assert_eq!(all, expected, "{name}: each revision applied by exactly one of the two");
        let rows = m.current(pair.a.as_mut()).expect("current");
        assert_eq!(rows.len(), 6, "{name}: one history row per revision");
        assert_schema(name, pair.a.as_mut(), &md, "after both");
    }
}

#[test]
fn edited_files_unknown_revisions_and_targets_are_refused() {
    let d = dir("tamper");
    let m = Migrator::new(&d, users());
    let rev = m.revision("users", Some(Autogenerate::Revisions)).expect("rev");
    for mut engine in engines() {
        let name = engine.name;
        let conn = engine.conn.as_mut();
        m.upgrade(conn, "head", &mut |_| {}).expect("up");
        // Unknown target.
        let e = m.upgrade(conn, "nope", &mut |_| {}).expect_err("unknown");
        assert!(e.to_string().contains("no revision nope"), "{name}: {e}");
        let e = m.downgrade(conn, "-5", &mut |_| {}).expect_err("too far");
        assert!(e.to_string().contains("only 1 revision"), "{name}: {e}");
        // An edited file.
        let original = std::fs::read_to_string(&rev.file).expect("read");
        std::fs::write(&rev.file, format!("{original}\n# an innocent comment\n")).expect("edit");
        let e = m.upgrade(conn, "head", &mut |_| {}).expect_err("edited");
        let text = e.to_string();
        assert!(text.contains(&rev.file.display().to_string()) && text.contains("edited after"), "{name}: {text}");
        assert!(!m.check(conn).is_ok_and(|r| r.is_ok()), "{name}: check fails too");
        // stamp records the new checksum; then it passes.
        m.stamp(conn, "head").expect("stamp");
        m.upgrade(conn, "head", &mut |_| {}).expect("after stamp");
        std::fs::write(&rev.file, &original).expect("restore");
        m.stamp(conn, "head").expect("stamp back");
        // A database at a revision the directory does not have.
        conn.execute_raw(&format!(
            "INSERT INTO {} (seq, revision, checksum, state, steps_done, steps_total) VALUES (99, 'deadbeef', 'x', 'applied', 0, 0)",
            sqlcore_migrate::history::TABLE
        ))
        .expect("hand-made row");
        let e = m.upgrade(conn, "head", &mut |_| {}).expect_err("unknown revision");
        assert!(e.to_string().contains("deadbeef") && e.to_string().contains("no file"), "{name}: {e}");
        m.stamp(conn, "head").expect("stamp repairs");
        assert!(m.check(conn).expect("check").is_ok(), "{name}");
        m.downgrade(conn, "base", &mut |_| {}).expect("down");
    }
}
