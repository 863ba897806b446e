//! Schema changes applied on the three engines: the SQL of a plan per dialect, the rows kept
//! value by value, the result read back by reflection and compared with the target, and a
//! failing step leaving everything as it was (PostgreSQL, SQLite) or reported exactly (MySQL).

#[macro_use]
mod common;

use sqlcore::compile::alter::plan_statements;
use sqlcore::diff::{self, Diff, Plan};
use sqlcore::dsl::{col, insert, select};
use sqlcore::prelude::*;
use sqlcore::schema::{FkAction, ForeignKey};

fn authors_v1() -> Table {
    Table::builder("authors")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(50)).not_null())
        .column(Column::new("nick", SqlType::Varchar(20)))
        .column(Column::new("score", SqlType::Numeric(10, 2)))
        .build()
}

fn books_v1() -> Table {
    Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::Integer).references(("authors", "id")))
        .column(Column::new("title", SqlType::Varchar(200)))
        .index("books_title", ["title"])
        .build()
}

fn authors_v2() -> Table {
    Table::builder("authors")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(100)).not_null())
        .column(Column::new("handle", SqlType::Varchar(20)))
        .column(Column::new("score", SqlType::Numeric(12, 2)))
        .column(Column::new("age", SqlType::Integer))
        .column(Column::new("status", SqlType::Varchar(10)).not_null().server_default("new"))
        .unique_named("authors_name_key", ["name"])
        .build()
}

fn books_v2() -> Table {
    Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::Integer))
        .column(Column::new("title", SqlType::Varchar(200)).not_null())
        .foreign_key(ForeignKey::new(["author_id"], "authors", ["id"]).on_delete(FkAction::Cascade))
        .index("books_title", ["title"])
        .index("books_author", ["author_id"])
        .build()
}

/// The engines a plan is proven on by reflection: every engine whose dialect reads its
/// catalog (SQLite, PostgreSQL, MariaDB).
fn reflecting_engines() -> Vec<(&'static str, Box<dyn Connection>)> {
    common::empty_engines().into_iter().filter(|(_, c)| c.dialect().catalog().is_some()).collect()
}

fn md(tables: Vec<Table>) -> MetaData {
    let mut m = MetaData::new();
    for t in tables {
        m.add(t).expect("valid test schema");
    }
    m
}

fn plan_v1_to_v2() -> (MetaData, MetaData, Plan) {
    let (a, b) = (md(vec![authors_v1(), books_v1()]), md(vec![authors_v2(), books_v2()]));
    let plan = Diff::new(&a, &b).rename_column("authors", "nick", "handle").plan().expect("plan");
    (a, b, plan)
}

fn sql_of(plan: &Plan, dialect: &dyn Dialect) -> Vec<String> {
    let sql = plan_statements(dialect, plan).expect("plan statements");
    let mut out: Vec<String> = sql.before.clone();
    out.extend(sql.statements.iter().map(|s| s.compiled.sql.clone()));
    out.extend(sql.checks.iter().cloned());
    out.extend(sql.after.iter().cloned());
    out
}

/// The plan's statements for each dialect, by name.
fn expected_sql(dialect: &str) -> Vec<&'static str> {
    match dialect {
        "sqlite" => vec![
            "PRAGMA foreign_keys = OFF",
            "CREATE TABLE sqlcore_new_books (id INTEGER NOT NULL, author_id INTEGER, title VARCHAR(200) NOT NULL, \
             PRIMARY KEY (id), CONSTRAINT fk_books_author_id FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE \
             CASCADE)",
            "INSERT INTO sqlcore_new_books (id, author_id, title) SELECT id, author_id, title FROM books",
            "DROP TABLE books",
            "ALTER TABLE sqlcore_new_books RENAME TO books",
            "CREATE INDEX books_title ON books (title)",
            "CREATE INDEX books_author ON books (author_id)",
            "CREATE TABLE sqlcore_new_authors (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, handle VARCHAR(20), \
             score NUMERIC_REAL(12, 2), age INTEGER, status VARCHAR(10) NOT NULL DEFAULT 'new', PRIMARY KEY (id), \
             CONSTRAINT authors_name_key UNIQUE (name))",
            "INSERT INTO sqlcore_new_authors (id, name, handle, score) SELECT id, name, nick, score FROM authors",
            "DROP TABLE authors",
            "ALTER TABLE sqlcore_new_authors RENAME TO authors",
            "PRAGMA foreign_key_check",
            "PRAGMA foreign_keys = ON",
        ],
        "postgres" => vec![
            "ALTER TABLE books DROP CONSTRAINT fk_books_author_id",
            "ALTER TABLE authors RENAME COLUMN nick TO handle",
            "ALTER TABLE authors ALTER COLUMN name TYPE VARCHAR(100) USING CAST(name AS VARCHAR(100))",
            "ALTER TABLE authors ALTER COLUMN score TYPE NUMERIC(12, 2) USING CAST(score AS NUMERIC(12, 2))",
            "ALTER TABLE authors ADD COLUMN age INTEGER",
            "ALTER TABLE authors ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new'",
            "ALTER TABLE books ALTER COLUMN title SET NOT NULL",
            "ALTER TABLE authors ADD CONSTRAINT authors_name_key UNIQUE (name)",
            "CREATE INDEX books_author ON books (author_id)",
            "ALTER TABLE books ADD CONSTRAINT fk_books_author_id FOREIGN KEY (author_id) REFERENCES authors (id) ON \
             DELETE CASCADE",
        ],
        "mysql" => vec![
            "ALTER TABLE books DROP FOREIGN KEY fk_books_author_id",
            "ALTER TABLE authors RENAME COLUMN nick TO handle",
            "ALTER TABLE authors MODIFY COLUMN name VARCHAR(100) NOT NULL",
            "ALTER TABLE authors MODIFY COLUMN score DECIMAL(12, 2)",
            "ALTER TABLE authors ADD COLUMN age INT",
            "ALTER TABLE authors ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new'",
            "ALTER TABLE books MODIFY COLUMN title VARCHAR(200) NOT NULL",
            "ALTER TABLE authors ADD CONSTRAINT authors_name_key UNIQUE (name)",
            "CREATE INDEX books_author ON books (author_id)",
            "ALTER TABLE books ADD CONSTRAINT fk_books_author_id FOREIGN KEY (author_id) REFERENCES authors (id) ON \
             DELETE CASCADE",
        ],
        other => panic!("no expected SQL for dialect {other}"),
    }
}

#[test]
fn the_plan_compiles_to_each_dialects_alter_statements() {
    let (_, _, plan) = plan_v1_to_v2();
    assert_eq!(
        plan.to_string(),
        "1. [safe] drop foreign key books (author_id) -> authors (id)\n\
         2. [safe] rename column authors.nick to handle\n\
         3. [safe] alter column authors.name: Varchar(50) NOT NULL -> Varchar(100) NOT NULL\n\
         4. [safe] alter column authors.score: Numeric(10, 2) -> Numeric(12, 2)\n\
         5. [safe] add column authors.age Integer\n\
         6. [safe] add column authors.status Varchar(10) NOT NULL DEFAULT 'new'\n\
         7. [may fail on existing data] alter column books.title: Varchar(200) -> Varchar(200) NOT NULL\n\
         8. [may fail on existing data] add unique authors (name)\n\
         9. [safe] create index books_author on books (author_id)\n\
         10. [may fail on existing data] add foreign key books (author_id) -> authors (id)"
    );
    for (name, dialect) in common::dialects() {
        assert_eq!(sql_of(&plan, dialect.as_ref()), expected_sql(name), "{name}");
    }
}

fn seed_v1(conn: &mut dyn Connection) {
    let (authors, books) = (authors_v1(), books_v1());
    conn.execute(&insert(&authors).columns(["id", "name", "nick", "score"]).rows([
        vec![Value::Int(1), Value::from("Ann"), Value::from("annie"), Value::Decimal("1.50".parse().expect("decimal"))],
        vec![Value::Int(2), Value::from("Bob"), Value::Null, Value::Null],
    ]))
    .expect("seed authors");
    conn.execute(&insert(&books).columns(["id", "author_id", "title"]).rows([
        vec![Value::Int(10), Value::Int(1), Value::from("Dune")],
        vec![Value::Int(11), Value::Int(2), Value::from("Emma")],
        vec![Value::Int(12), Value::Null, Value::from("Anonymous")],
    ]))
    .expect("seed books");
}

fn rows(conn: &mut dyn Connection, table: &Table, columns: &[&str]) -> Vec<Vec<Value>> {
    let cols: Vec<Expr> = columns.iter().map(|c| col(c.to_string())).collect();
    let query = select(cols).from(table).order_by(col(columns[0].to_string()));
    conn.all(&query).expect("select rows").into_iter().map(|r| common::normalize_row(r.values().to_vec())).collect()
}

#[test]
fn applying_the_plan_keeps_every_row_and_reflects_as_the_target() {
    for (name, mut conn) in reflecting_engines() {
        let (a, b, plan) = plan_v1_to_v2();
        conn.create_all(&a).expect("create v1");
        seed_v1(conn.as_mut());
        diff::apply(conn.as_mut(), &plan).unwrap_or_else(|e| panic!("{name}: apply: {e}"));
        assert_eq!(
            rows(conn.as_mut(), &authors_v2(), &["id", "name", "handle", "score", "age", "status"]),
            vec![
                vec![
                    Value::Int(1),
                    Value::from("Ann"),
                    Value::from("annie"),
                    Value::Float(1.5),
                    Value::Null,
                    Value::from("new")
                ],
                vec![Value::Int(2), Value::from("Bob"), Value::Null, Value::Null, Value::Null, Value::from("new")],
            ],
            "{name}: authors kept their rows, the renamed column its values"
        );
        assert_eq!(
            rows(conn.as_mut(), &books_v2(), &["id", "author_id", "title"]),
            vec![
                vec![Value::Int(10), Value::Int(1), Value::from("Dune")],
                vec![Value::Int(11), Value::Int(2), Value::from("Emma")],
                vec![Value::Int(12), Value::Null, Value::from("Anonymous")],
            ],
            "{name}: books kept their rows"
        );
        // The new foreign key cascades: deleting an author deletes its books.
        conn.execute(&sqlcore::dsl::delete(authors_v2()).filter(col("id").eq(2))).expect("delete");
        assert_eq!(rows(conn.as_mut(), &books_v2(), &["id"]).len(), 2, "{name}: ON DELETE CASCADE holds");

        let live = conn.reflect_all().expect("reflect");
        assert_eq!(
            common::reflection::summaries(&live, conn.dialect()),
            common::reflection::summaries(&b, conn.dialect()),
            "{name}: the live schema is the target"
        );
        let left = diff::check(conn.as_mut(), &b).expect("check");
        assert!(left.is_empty(), "{name}: check finds no difference, found:\n{left}");
        let behind = diff::check(conn.as_mut(), &a).expect("check");
        assert!(!behind.is_empty(), "{name}: check against the old model finds the changes");
    }
}

#[test]
fn a_failing_step_changes_nothing_where_ddl_is_transactional_and_is_reported_where_not() {
    for (name, mut conn) in reflecting_engines() {
        let a = md(vec![authors_v1(), books_v1()]);
        // The new column's default gives both rows the same status: the unique fails.
        let authors_c = Table::builder("authors")
            .column(Column::new("id", SqlType::Integer).primary_key())
            .column(Column::new("name", SqlType::Varchar(50)).not_null())
            .column(Column::new("nick", SqlType::Varchar(20)))
            .column(Column::new("score", SqlType::Numeric(10, 2)))
            .column(Column::new("status", SqlType::Varchar(10)).not_null().server_default("new"))
            .unique_named("authors_status_key", ["status"])
            .build();
        let c = md(vec![authors_c, books_v1()]);
        let plan = diff::diff(&a, &c).expect("plan");
        assert_eq!(plan.len(), 2, "{plan}");
        conn.create_all(&a).expect("create v1");
        seed_v1(conn.as_mut());
        let before = common::reflection::summaries(&conn.reflect_all().expect("reflect"), conn.dialect());
        let err = diff::apply(conn.as_mut(), &plan).expect_err("the unique cannot hold");
        let Error::SchemaChange(failure) = &err else { panic!("{name}: {err:?}") };
        assert_eq!(failure.step, if name == "sqlite" { 1 } else { 2 }, "{name}: {err}");
        let after = common::reflection::summaries(&conn.reflect_all().expect("reflect"), conn.dialect());
        if conn.dialect().transactional_ddl() {
            assert_eq!(failure.applied, 0, "{name}");
            assert_eq!(after, before, "{name}: the schema is as it was");
            assert!(err.to_string().contains("Nothing was changed"), "{err}");
        } else {
            assert_eq!(failure.applied, 1, "{name}: the new column stays");
            assert!(err.to_string().contains("Step 1 was applied"), "{err}");
            assert_ne!(after, before, "{name}");
        }
        assert_eq!(
            rows(conn.as_mut(), &authors_v1(), &["id", "name", "nick", "score"]),
            vec![
                vec![Value::Int(1), Value::from("Ann"), Value::from("annie"), Value::Float(1.5)],
                vec![Value::Int(2), Value::from("Bob"), Value::Null, Value::Null],
            ],
            "{name}: the rows are as they were"
        );
    }
}

#[test]
fn a_rebuilt_sqlite_table_keeps_its_rows_indexes_and_foreign_keys_in_and_out() {
    let mut conn = sqlcore_sqlite::SqliteConnection::open_in_memory().expect("open");
    // books references authors (out of the rebuilt table) and reviews references books (in).
    let reviews = Table::builder("reviews")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("book_id", SqlType::Integer).not_null().references(("books", "id")))
        .build();
    let a = md(vec![authors_v1(), books_v1(), reviews.clone()]);
    conn.create_all(&a).expect("create");
    seed_v1(&mut conn);
    conn.execute(&insert(&reviews).columns(["id", "book_id"]).row(vec![Value::Int(1), Value::Int(10)]))
        .expect("review");
    let books_b = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::Integer).references(("authors", "id")))
        .column(Column::new("title", SqlType::Varchar(200)).not_null())
        .index("books_title", ["title"])
        .build();
    let b = md(vec![authors_v1(), books_b.clone(), reviews.clone()]);
    let plan = diff::diff(&a, &b).expect("plan");
    assert_eq!(plan.len(), 1, "{plan}");
    diff::apply(&mut conn, &plan).expect("apply");
    assert_eq!(rows(&mut conn, &books_b, &["id"]).len(), 3);
    let live = conn.reflect_all().expect("reflect");
    let d = conn.dialect();
    assert_eq!(common::reflection::summaries(&live, d), common::reflection::summaries(&b, d));
    // The foreign keys still hold, in and out.
    let bad_review =
        conn.execute(&insert(&reviews).columns(["id", "book_id"]).row(vec![Value::Int(2), Value::Int(99)]));
    assert!(matches!(bad_review, Err(Error::Integrity(_))), "{bad_review:?}");
    let bad_book = conn.execute(&insert(&books_b).columns(["id", "author_id", "title"]).row(vec![
        Value::Int(13),
        Value::Int(99),
        Value::from("X"),
    ]));
    assert!(matches!(bad_book, Err(Error::Integrity(_))), "{bad_book:?}");
    // And enforcement is on again.
    let fk_on: i64 = conn.scalar(&sqlcore::dsl::text("PRAGMA foreign_keys")).expect("pragma");
    assert_eq!(fk_on, 1);
}

#[test]
fn a_plan_that_rebuilds_refuses_to_run_inside_a_callers_transaction() {
    let mut conn = sqlcore_sqlite::SqliteConnection::open_in_memory().expect("open");
    let (a, _, plan) = plan_v1_to_v2();
    conn.create_all(&a).expect("create");
    let mut tx = conn.transaction().expect("begin");
    let err = diff::apply(&mut tx, &plan).expect_err("refused");
    assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
}

#[test]
fn a_not_null_column_without_a_default_is_flagged_and_refused_on_a_table_with_rows_everywhere() {
    let authors_d = Table::builder("authors")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(50)).not_null())
        .column(Column::new("nick", SqlType::Varchar(20)))
        .column(Column::new("score", SqlType::Numeric(10, 2)))
        .column(Column::new("code", SqlType::Integer).not_null())
        .build();
    let (a, d) = (md(vec![authors_v1()]), md(vec![authors_d.clone()]));
    let plan = diff::diff(&a, &d).expect("plan");
    assert_eq!(plan.len(), 1);
    assert_eq!(plan.worst(), sqlcore::diff::ChangeClass::MayFail);
    let mysql_sql = sql_of(&plan, &sqlcore_mysql::MySqlDialect::default());
    assert_eq!(mysql_sql, ["SELECT 1 FROM authors LIMIT 1", "ALTER TABLE authors ADD COLUMN code INT NOT NULL"]);
    for (name, mut conn) in reflecting_engines() {
        conn.create_all(&a).expect("create");
        // On an empty table the column is added.
        diff::apply(conn.as_mut(), &plan).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(diff::check(conn.as_mut(), &d).expect("check").is_empty(), "{name}");
        conn.drop_all(&d).expect("drop");
        // With a row, every engine refuses it and nothing changes (MySQL would have filled
        // the row with 0 without the guard).
        conn.create_all(&a).expect("create");
        conn.execute(&insert(authors_v1()).columns(["id", "name"]).row(vec![Value::Int(1), Value::from("Ann")]))
            .expect("row");
        let err = diff::apply(conn.as_mut(), &plan).expect_err("refused");
        let Error::SchemaChange(failure) = &err else { panic!("{name}: {err:?}") };
        assert_eq!((failure.step, failure.applied), (1, 0), "{name}: {err}");
        assert!(diff::check(conn.as_mut(), &a).expect("check").is_empty(), "{name}: the table is as it was");
        assert_eq!(rows(conn.as_mut(), &authors_v1(), &["id", "name"]), vec![vec![Value::Int(1), Value::from("Ann")]]);
        conn.drop_all(&a).expect("drop");
    }
}

/// `authors.id` and `books.author_id` as `ty`, the key between them kept.
fn keyed_pair(ty: SqlType) -> MetaData {
    let authors = Table::builder("authors")
        .column(Column::new("id", ty.clone()).primary_key().autoincrement(false))
        .column(Column::new("name", SqlType::Varchar(50)).not_null())
        .build();
    let books = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", ty).references(("authors", "id")))
        .build();
    md(vec![authors, books])
}

#[test]
fn widening_a_key_on_both_sides_drops_and_adds_its_foreign_key_around_the_change() {
    for (name, mut conn) in reflecting_engines() {
        let (a, b) = (keyed_pair(SqlType::Integer), keyed_pair(SqlType::BigInt));
        let plan = diff::diff(&a, &b).expect("plan");
        let kinds: Vec<String> = plan.steps().iter().map(|s| s.change.to_string()).collect();
        assert_eq!(
            kinds,
            vec![
                "drop foreign key books (author_id) -> authors (id)",
                "alter column authors.id: Integer NOT NULL -> BigInt NOT NULL",
                "alter column books.author_id: Integer -> BigInt",
                "add foreign key books (author_id) -> authors (id)",
            ],
            "{name}"
        );
        conn.create_all(&a).expect("create");
        let author = insert(a.table("authors").expect("authors")).columns(["id", "name"]);
        conn.execute(&author.row(vec![Value::Int(1), Value::from("Ann")])).expect("author");
        let book = insert(a.table("books").expect("books")).columns(["id", "author_id"]);
        conn.execute(&book.row(vec![Value::Int(10), Value::Int(1)])).expect("book");
        diff::apply(conn.as_mut(), &plan).unwrap_or_else(|e| panic!("{name}: {e}"));
        let live = conn.reflect_all().expect("reflect");
        let d = conn.dialect();
        assert_eq!(common::reflection::summaries(&live, d), common::reflection::summaries(&b, d), "{name}");
        assert!(diff::check(conn.as_mut(), &b).expect("check").is_empty(), "{name}");
        let big = Value::Int(5_000_000_000);
        conn.execute(
            &insert(b.table("authors").expect("authors"))
                .columns(["id", "name"])
                .row(vec![big.clone(), Value::from("Big")]),
        )
        .unwrap_or_else(|e| panic!("{name}: a BIGINT key: {e}"));
        let orphan = insert(b.table("books").expect("books")).columns(["id", "author_id"]);
        let orphan = conn.execute(&orphan.row(vec![Value::Int(11), Value::Int(6_000_000_000)]));
        assert!(matches!(orphan, Err(Error::Integrity(_))), "{name}: the key holds again: {orphan:?}");
        assert_eq!(
            rows(conn.as_mut(), b.table("books").expect("books"), &["id", "author_id"]),
            vec![vec![Value::Int(10), Value::Int(1)]]
        );
    }
}

#[test]
fn a_foreign_key_between_different_integer_types_is_refused_on_mysql_before_anything_runs() {
    let (a, b) = (keyed_pair(SqlType::Integer), keyed_pair(SqlType::Integer));
    // Only the child widens: PostgreSQL and SQLite accept a BIGINT referencing an INT.
    let mut b_tables: Vec<Table> = b.tables().cloned().collect();
    b_tables[1] = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::BigInt).references(("authors", "id")))
        .build();
    let b = md(b_tables);
    let plan = diff::diff(&a, &b).expect("plan");
    for (name, dialect) in common::dialects() {
        let compiled = plan_statements(dialect.as_ref(), &plan);
        match name {
            "mysql" => {
                let err = compiled.expect_err("InnoDB cannot join BIGINT to INT");
                assert!(matches!(err, Error::InvalidSchema(_)), "{err:?}");
                assert!(err.to_string().contains("author_id"), "{err}");
                let create = b.create_all_ddl(dialect.as_ref()).expect_err("nor create it");
                assert!(matches!(create, Error::InvalidSchema(_)), "{create:?}");
            }
            _ => {
                compiled.unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }
    for (name, mut conn) in reflecting_engines() {
        conn.create_all(&a).expect("create");
        let result = diff::apply(conn.as_mut(), &plan);
        if conn.dialect().name() == "mariadb" {
            assert!(matches!(result, Err(Error::InvalidSchema(_))), "{name}: {result:?}");
            let live = conn.reflect_all().expect("reflect");
            let d = conn.dialect();
            assert_eq!(
                common::reflection::summaries(&live, d),
                common::reflection::summaries(&a, d),
                "{name}: unchanged"
            );
        } else {
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn dropping_a_foreign_key_leaves_no_index_behind() {
    for (name, mut conn) in reflecting_engines() {
        let a = keyed_pair(SqlType::Integer);
        let mut tables: Vec<Table> = a.tables().cloned().collect();
        tables[1] = Table::builder("books")
            .column(Column::new("id", SqlType::Integer).primary_key())
            .column(Column::new("author_id", SqlType::Integer))
            .build();
        let b = md(tables);
        conn.create_all(&a).expect("create");
        diff::apply(conn.as_mut(), &diff::diff(&a, &b).expect("plan")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let left = diff::check(conn.as_mut(), &b).expect("check");
        assert!(left.is_empty(), "{name}: the live schema is the target, found:\n{left}");
    }
}

#[test]
fn the_review_shows_each_step_with_the_sql_of_every_dialect() {
    let (_, _, plan) = plan_v1_to_v2();
    let dialects = common::dialects();
    let refs: Vec<&dyn Dialect> = dialects.iter().map(|(_, d)| d.as_ref()).collect();
    let review = plan.review(&refs);
    let lines: Vec<&str> = review.lines().collect();
    // Step 1 as each dialect runs it: SQLite rebuilds books there (the rebuild carries out
    // every later step of books), the others drop the key.
    assert_eq!(lines[0], "1. [safe] drop foreign key books (author_id) -> authors (id)");
    assert!(lines[1].starts_with("   sqlite: CREATE TABLE sqlcore_new_books ("), "{review}");
    assert_eq!(
        lines[2],
        "   sqlite: INSERT INTO sqlcore_new_books (id, author_id, title) SELECT id, author_id, title FROM books"
    );
    assert_eq!(lines[7], "   postgresql: ALTER TABLE books DROP CONSTRAINT fk_books_author_id");
    assert_eq!(lines[8], "   mysql: ALTER TABLE books DROP FOREIGN KEY fk_books_author_id");
    let step = |n: &str| {
        let at = lines.iter().position(|l| l.starts_with(&format!("{n}. "))).expect("the step is there");
        lines[at..at + 4].to_vec()
    };
    assert_eq!(
        step("6"),
        vec![
            "6. [safe] add column authors.status Varchar(10) NOT NULL DEFAULT 'new'",
            "   sqlite: made by the rebuild of authors above",
            "   postgresql: ALTER TABLE authors ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new'",
            "   mysql: ALTER TABLE authors ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new'",
        ]
    );
    assert_eq!(
        lines.last().copied(),
        Some(
            "   sqlite around the plan: PRAGMA foreign_keys = OFF; PRAGMA foreign_key_check; PRAGMA foreign_keys = ON"
        )
    );
    // Every step has a line per dialect.
    for (name, _) in &dialects {
        let count = lines.iter().filter(|l| l.starts_with(&format!("   {name}"))).count();
        assert!(count >= plan.len(), "{name}: {count} lines for {} steps", plan.len());
    }
    // A dialect that cannot run the plan says why, once, and the review goes on.
    let old_mariadb = sqlcore_mysql::MySqlDialect::with_version(sqlcore_mysql::Flavor::MariaDb, 10, 4, 0);
    let review = plan.review(&[&old_mariadb]);
    assert!(review.contains("mariadb: cannot run this plan: ") && review.contains("RENAME COLUMN"), "{review}");
    assert!(review.contains("10. [may fail on existing data] add foreign key"), "{review}");
}
