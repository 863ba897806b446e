//! A history of nine revisions exercising every kind of change, applied and undone on each
//! engine: after every step the reflected schema equals the model that revision was made
//! from, and every value in a column that survives the step is unchanged.

mod common;

use std::path::PathBuf;

use common::{assert_schema, assert_survivors, engines, snapshot};
use sqlcore::prelude::*;
use sqlcore::schema::Index;
use sqlcore_migrate::{Autogenerate, Direction, History, Migrator};

fn users(stage: usize) -> Table {
    let name = if stage >= 7 { "login" } else { "username" };
    let mut b = Table::builder("users")
        .column(Column::new("id", SqlType::BigInt).primary_key())
        .column(Column::new(name, SqlType::Varchar(80)).not_null().unique());
    b = if stage >= 4 {
        b.column(Column::new("email", SqlType::Varchar(255)).not_null())
    } else {
        b.column(Column::new("email", SqlType::Varchar(120)))
    };
    if stage >= 3 {
        let default = if stage >= 8 { "x" } else { "" };
        b = b
            .column(Column::new("age", SqlType::Integer))
            .column(Column::new("password", SqlType::Varchar(100)).not_null().server_default(default));
    }
    if stage >= 5 {
        b = b.check_named("age_nonnegative", col("age").ge(0));
    }
    b.build()
}

fn posts(stage: usize) -> Table {
    let mut b = Table::builder("posts")
        .column(Column::new("id", SqlType::BigInt).primary_key())
        .column(
            Column::new("user_id", SqlType::BigInt).not_null().references(("users", "id")).on_delete(FkAction::Cascade),
        )
        .column(Column::new("title", SqlType::Varchar(200)).not_null());
    if stage < 6 {
        b = b.column(Column::new("body", SqlType::Text));
    }
    if stage < 8 {
        b = b.index("ix_posts_user", ["user_id"]);
    } else {
        b = b.add_index(Index::new("ix_posts_title", "posts", ["title"]).desc("title"));
    }
    if stage >= 5 {
        b = b.unique(["user_id", "title"]);
    }
    b.build()
}

/// The model after revision `stage` (1-based).
fn model(stage: usize) -> MetaData {
    let mut md = MetaData::new().with(users(stage)).expect("users");
    if stage >= 2 {
        md.add(posts(stage)).expect("posts");
    }
    if (6..8).contains(&stage) {
        let name = if stage >= 7 { "labels" } else { "tags" };
        md.add(
            Table::builder(name)
                .column(Column::new("id", SqlType::BigInt).primary_key())
                .column(Column::new("name", SqlType::Varchar(50)).not_null().unique())
                .build(),
        )
        .expect("tags");
    }
    md
}

const STAGES: usize = 9;

fn head_id(dir: &PathBuf) -> String {
    History::load(dir).expect("load").head().expect("head").map(|h| h.id.clone()).expect("a head")
}

/// The renames revision 7 makes, written by hand (autogenerate never guesses a rename).
fn rename_revision(parent: &str) -> String {
    format!(
        r#"format = 1
id = "rename00007"
parents = ["{parent}"]
message = "rename username to login, tags to labels"
created = "2026-12-04T00:00:07Z"

[[upgrade]]
op = "rename_column"
table = "users"
from = "username"
to = "login"

[[upgrade]]
op = "rename_table"
from = "tags"
to = "labels"

[[downgrade]]
op = "rename_table"
from = "labels"
to = "tags"

[[downgrade]]
op = "rename_column"
table = "users"
from = "login"
to = "username"
"#
    )
}

/// Revision 9: a data step and hand-written SQL per dialect; no schema change.
fn data_revision(parent: &str) -> String {
    format!(
        r#"format = 1
id = "data000009"
parents = ["{parent}"]
message = "ages and titles"
created = "2026-12-04T00:00:09Z"

[[upgrade]]
op = "data"
name = "zero_ages"

[[upgrade]]
op = "sql"
sql = {{ sqlite = "UPDATE posts SET title = title || '!'", postgresql = "UPDATE posts SET title = title || '!'", mysql = "UPDATE posts SET title = CONCAT(title, '!')", mariadb = "UPDATE posts SET title = CONCAT(title, '!')" }}

[[downgrade]]
op = "sql"
sql = {{ sqlite = "UPDATE posts SET title = substr(title, 1, length(title) - 1)", postgresql = "UPDATE posts SET title = left(title, -1)", mysql = "UPDATE posts SET title = LEFT(title, CHAR_LENGTH(title) - 1)", mariadb = "UPDATE posts SET title = LEFT(title, CHAR_LENGTH(title) - 1)" }}
"#
    )
}

fn migrator(dir: &PathBuf, stage: usize) -> Migrator {
    Migrator::new(dir, model(stage)).data_step("zero_ages", |schema| {
        let users = schema.table("users")?.clone();
        let stmt = update(&users).set("age", lit(0)).filter(users.c("age")?.is_null());
        Ok(vec![Box::new(stmt) as Box<dyn Compile>])
    })
}

/// Writes the nine revisions; returns the directory and each revision's id in order.
fn write_history(name: &str) -> (PathBuf, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("sqlcore-migrate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    migrator(&dir, 1).init().expect("init");
    let mut ids = Vec::new();
    for stage in 1..=STAGES {
        let id = match stage {
            7 => {
                std::fs::write(dir.join("7_rename.toml"), rename_revision(&head_id(&dir))).expect("write");
                "rename00007".to_owned()
            }
            9 => {
                std::fs::write(dir.join("9_data.toml"), data_revision(&head_id(&dir))).expect("write");
                "data000009".to_owned()
            }
            _ => {
                migrator(&dir, stage)
                    .revision(&format!("stage {stage}"), Some(Autogenerate::Revisions))
                    .expect("autogenerate")
                    .id
            }
        };
        // Created in the same second, revisions are still ordered by their parents.
        ids.push(id);
    }
    let history = History::load(&dir).expect("load");
    assert_eq!(history.revisions().iter().map(|r| r.id.clone()).collect::<Vec<_>>(), ids);
    (dir, ids)
}

fn text(v: &Value) -> String {
    <String as sqlcore::FromValue>::from_value(v).unwrap_or_default()
}

/// Two rows per table of the model, ids `10 * stage + k`.
fn fill(conn: &mut dyn Connection, md: &MetaData, stage: usize) {
    for table in md.tables() {
        for k in 0..2 {
            let id = i64::try_from(10 * stage + k).expect("id");
            let mut stmt = insert(table);
            for c in table.columns() {
                let v: Value = match c.ty {
                    SqlType::BigInt | SqlType::Integer => Value::Int(id),
                    _ => Value::from(format!("{}{id}", c.name)),
                };
                stmt = stmt.value(c.name.clone(), lit(v));
            }
            conn.execute(&stmt).expect("insert");
        }
    }
}

fn renames_up(stage: usize) -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    if stage == 7 { vec![("users", "username", "users", "login"), ("tags", "*", "labels", "*")] } else { Vec::new() }
}

fn renames_down(stage: usize) -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    if stage == 7 { vec![("users", "login", "users", "username"), ("labels", "*", "tags", "*")] } else { Vec::new() }
}

#[test]
fn nine_revisions_up_and_down_on_every_engine() {
    let (dir, ids) = write_history("lifecycle");
    for mut engine in engines() {
        let name = engine.name;
        let conn = engine.conn.as_mut();
        let m = migrator(&dir, STAGES);
        for stage in 1..=STAGES {
            let before = if stage > 1 { snapshot(conn, &model(stage - 1)) } else { Default::default() };
            let done = m.upgrade(conn, "+1", &mut |_| {}).unwrap_or_else(|e| panic!("{name}: upgrade to {stage}: {e}"));
            assert_eq!(done.len(), 1);
            assert_schema(name, conn, &model(stage), &format!("upgrade {stage}"));
            let after = snapshot(conn, &model(stage));
            if stage == 9 {
                // The data step and the SQL step changed values on purpose.
                assert!(after["users"]["age"].iter().all(|v| v != &Value::Null), "{name}: zero_ages ran");
                assert!(after["posts"]["title"].iter().all(|v| text(v).ends_with('!')), "{name}: sql ran");
            } else {
                assert_survivors(name, &before, &after, &renames_up(stage));
                fill(conn, &model(stage), stage);
            }
        }
        let current: Vec<String> = m.current(conn).expect("current").into_iter().map(|r| r.revision).collect();
        assert_eq!(current, ids, "{name}");
        assert!(m.check(conn).expect("check").is_ok(), "{name}: {}", m.check(conn).expect("check"));
        // Down, one at a time.
        for stage in (1..=STAGES).rev() {
            let before = snapshot(conn, &model(stage));
            m.downgrade(conn, "-1", &mut |_| {}).unwrap_or_else(|e| panic!("{name}: downgrade from {stage}: {e}"));
            if stage == 1 {
                break;
            }
            assert_schema(name, conn, &model(stage - 1), &format!("downgrade to {}", stage - 1));
            let after = snapshot(conn, &model(stage - 1));
            if stage != 9 {
                assert_survivors(name, &before, &after, &renames_down(stage));
            } else {
                let titles = &after["posts"]["title"];
                assert!(titles.iter().all(|v| !text(v).ends_with('!')), "{name}: the sql step was undone");
            }
        }
        let left: Vec<String> = conn.table_names().expect("names").iter().map(ToString::to_string).collect();
        assert_eq!(
            left,
            vec![sqlcore_migrate::history::TABLE.to_owned()],
            "{name}: base leaves the history table alone"
        );
        assert!(m.current(conn).expect("current").is_empty());
        // And up again, all at once.
        let done = m.upgrade(conn, "head", &mut |_| {}).expect("upgrade head");
        assert_eq!(done.len(), STAGES);
        assert_schema(name, conn, &model(STAGES), "head again");
        m.downgrade(conn, "base", &mut |_| {}).expect("downgrade base");
    }
}

/// Records every statement a connection executes (queries aside), to compare with `--sql`.
struct Recording<'c> {
    inner: &'c mut dyn Connection,
    executed: Vec<String>,
}

impl Connection for Recording<'_> {
    fn dialect(&self) -> &dyn Dialect {
        self.inner.dialect()
    }
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<u64> {
        self.executed.push(sql.to_owned());
        self.inner.execute_sql(sql, params)
    }
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> sqlcore::Result<Vec<Row>> {
        self.inner.query_sql(sql, params)
    }
    fn execute_raw(&mut self, sql: &str) -> sqlcore::Result<()> {
        self.executed.push(sql.to_owned());
        self.inner.execute_raw(sql)
    }
}

#[test]
fn offline_sql_is_what_upgrade_and_downgrade_execute() {
    let (dir, ids) = write_history("offline");
    let m = migrator(&dir, STAGES);
    for mut engine in engines() {
        let name = engine.name;
        let offline_up = m.sql_statements(engine.conn.dialect(), Direction::Up, None, "head").expect("sql");
        let text = m.sql(engine.conn.dialect(), Direction::Up, None, "head").expect("sql text");
        assert!(text.contains(&format!("-- upgrade {} stage 1", ids[0])), "{name}: {text}");
        let mut rec = Recording { inner: engine.conn.as_mut(), executed: Vec::new() };
        m.upgrade(&mut rec, "head", &mut |_| {}).expect("upgrade");
        assert_eq!(rec.executed, offline_up, "{name}: --sql for upgrade");
        assert!(offline_up.iter().any(|s| s.contains("CREATE TABLE")), "{name}");

        let from = ids.last().expect("head");
        let offline_down = m.sql_statements(rec.dialect(), Direction::Down, Some(from), &ids[3]).expect("sql");
        rec.executed.clear();
        m.downgrade(&mut rec, &ids[3], &mut |_| {}).expect("downgrade");
        assert_eq!(rec.executed, offline_down, "{name}: --sql for downgrade");
        assert_schema(name, &mut rec, &model(4), "downgrade to 4");
    }
}
