#[macro_use]
#[allow(clippy::panic)] // the shared helpers in tests/common report failures with panic!
mod common;
use common::*;
use sqlcore::prelude::*;

use std::sync::mpsc;
use std::time::Duration;

use sqlcore::compile::{CreateIndex, CreateTable, DropIndex, DropTable};
use sqlcore::schema::{ForeignKey, Index};
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::{SqliteConnection, SqliteDialect};

// ----- tables -------------------------------------------------------------------------------

sqlcore::table! {
    /// One column of every type.
    pub type_zoo {
        c_smallint: SmallInt;
        c_integer: Integer;
        c_bigint: BigInt;
        c_real: Real;
        c_double: Double;
        c_numeric: Numeric(10, 2);
        c_text: Text;
        c_varchar: Varchar(20);
        c_char: Char(3);
        c_boolean: Boolean;
        c_date: Date;
        c_time: Time;
        c_timestamp: Timestamp;
        c_timestamptz: TimestampTz;
        c_blob: Blob;
        c_json: Json;
    }
}

sqlcore::table! {
    pub auto_ids {
        id: Integer => primary_key();
        label: Varchar(20) => not_null();
    }
}

sqlcore::table! {
    pub auto_big_ids {
        id: BigInt => primary_key();
        label: Varchar(20) => not_null();
    }
}

sqlcore::table! {
    /// One-to-one extension of `auto_ids`: its key is a foreign key, so it is not generated.
    pub auto_id_details {
        id: Integer => primary_key(), references(auto_ids::id);
        note: Varchar(20);
    }
}

sqlcore::table! {
    pub gadgets {
        id: Integer => primary_key();
        sku: Varchar(20) => not_null(), unique();
        name: Varchar(50) => not_null();
    }
}

sqlcore::table! {
    pub settings {
        id: Integer => primary_key();
        status: Varchar(10) => not_null(), server_default("new");
        retries: Integer => not_null(), server_default(3);
        ratio: Double => server_default(0.5);
        enabled: Boolean => server_default(true);
        motto: Varchar(40) => server_default("it's");
    }
}

sqlcore::table! {
    pub audit_log {
        id: Integer => primary_key();
        created_at: Timestamp => not_null(), server_default_sql("CURRENT_TIMESTAMP");
    }
}

sqlcore::table! {
    pub memos {
        id: Integer => primary_key();
        body: Text => not_null(), server_default("none");
    }
}

sqlcore::table! {
    pub stock {
        id: Integer => primary_key();
        qty: Integer => not_null(), check(col("qty").ge(0));
        lo: Integer;
        hi: Integer;
    }
    |t| t.check(col("lo").le(col("hi")))
}

sqlcore::table! {
    pub fk_parents {
        id: Integer => primary_key();
        name: Varchar(20);
    }
}

sqlcore::table! {
    pub fk_children {
        id: Integer => primary_key();
        parent_id: Integer => references(fk_parents::id), on_delete(Cascade), on_update(Cascade);
    }
}

sqlcore::table! {
    pub fk_wards {
        id: Integer => primary_key();
        guardian_id: Integer => references(fk_parents::id), on_delete(SetNull), on_update(Restrict);
    }
}

sqlcore::table! {
    pub fk_tenants {
        id: Integer => primary_key();
        owner_id: Integer => not_null(), server_default(0), references(fk_parents::id), on_delete(SetDefault);
    }
}

sqlcore::table! {
    pub order_lines {
        order_id: Integer;
        line_no: Integer;
        product: Varchar(40) => not_null();
    }
    |t| t.primary_key([order_lines::order_id, order_lines::line_no])
}

/// A composite foreign key, built at run time.
fn shipments() -> Table {
    Table::builder("shipments")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("order_id", SqlType::Integer).not_null())
        .column(Column::new("line_no", SqlType::Integer).not_null())
        .foreign_key(
            ForeignKey::new(["order_id", "line_no"], "order_lines", ["order_id", "line_no"])
                .on_delete(FkAction::Cascade),
        )
        .build()
}

sqlcore::table! {
    pub text_keys {
        id: Integer => primary_key();
        body: Text => unique();
    }
}

sqlcore::table! {
    pub text_indexed {
        id: Integer => primary_key();
        body: Text;
    }
    |t| t.index("ix_text_indexed_body", [text_indexed::body])
}

sqlcore::table! {
    pub people {
        id: Integer => primary_key();
        email: Varchar(100);
        last_name: Varchar(50);
        first_name: Varchar(50);
    }
}

// Declared children first, so that create_all has to reorder them.
sqlcore::table! {
    pub md_comments {
        id: Integer => primary_key();
        post_id: Integer => not_null(), references(md_posts::id), on_delete(Cascade);
        body: Varchar(200);
    }
}

sqlcore::table! {
    pub md_posts {
        id: Integer => primary_key();
        user_id: Integer => not_null(), references(md_users::id);
        title: Varchar(100) => not_null();
    }
    |t| t.index("ix_md_posts_title", [md_posts::title])
}

sqlcore::table! {
    pub md_users {
        id: Integer => primary_key();
        name: Varchar(50) => not_null();
    }
}

// A foreign-key cycle: a department has a head, a member of staff has a department.
sqlcore::table! {
    pub cyc_departments {
        id: Integer => primary_key();
        head_id: Integer => references(cyc_staff::id);
    }
}

sqlcore::table! {
    pub cyc_staff {
        id: Integer => primary_key();
        dept_id: Integer => references(cyc_departments::id);
    }
}

sqlcore::table! {
    /// Everything a table can have, to compare with the same table built at run time.
    pub eq_books {
        id: Integer => primary_key();
        title: Varchar(200) => not_null(), unique();
        author_id: Integer => not_null(), references(fk_parents::id), on_delete(Cascade);
        price: Numeric(8, 2) => server_default(0), check(col("price").ge(0));
        note: Text => default("n/a");
        flag: Boolean => nullable(), autoincrement(false);
    }
    |t| t.index("ix_eq_books_title", [eq_books::title]).check(col("price").lt(1000))
}

fn eq_books_runtime() -> Table {
    Table::builder("eq_books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("title", SqlType::Varchar(200)).not_null().unique())
        .column(
            Column::new("author_id", SqlType::Integer)
                .not_null()
                .references(("fk_parents", "id"))
                .on_delete(FkAction::Cascade),
        )
        .column(Column::new("price", SqlType::Numeric(8, 2)).server_default(0).check(col("price").ge(0)))
        .column(Column::new("note", SqlType::Text).default("n/a"))
        .column(Column::new("flag", SqlType::Boolean).nullable().autoincrement(false))
        .index("ix_eq_books_title", ["title"])
        .check(col("price").lt(1000))
        .build()
}

sqlcore::table! {
    /// A CHECK written with the table's own typed column handle.
    pub self_checked {
        id: Integer => primary_key();
        qty: Integer => check(self_checked::qty.gt(0));
    }
}

// ----- helpers ------------------------------------------------------------------------------

fn memory_db() -> SqliteConnection {
    SqliteConnection::open_in_memory().expect("open SQLite in memory")
}

/// A fresh database holding `tables`, created in the order given.
fn db_with(tables: &[Table]) -> SqliteConnection {
    let mut db = memory_db();
    for t in tables {
        db.execute(&CreateTable::new(t.clone())).expect("create table");
    }
    db
}

fn assert_integrity(result: Result<u64>) {
    assert!(matches!(result, Err(Error::Integrity { .. })), "expected Error::Integrity, got {result:?}");
}

fn sql_of(stmts: Vec<Compiled>) -> Vec<String> {
    stmts.into_iter().map(|c| c.sql).collect()
}

fn sqlite_sql(stmt: &dyn Compile) -> String {
    stmt.compile(&SqliteDialect::default()).expect("compile for sqlite").sql
}

fn postgres_sql(stmt: &dyn Compile) -> String {
    stmt.compile(&PostgresDialect::default()).expect("compile for postgres").sql
}

fn count_rows(db: &mut SqliteConnection, table: Table) -> i64 {
    db.scalar::<i64>(&select([sqlcore::func::count_star()]).from(table)).expect("count rows")
}

fn sqlite_objects(db: &SqliteConnection, kind: &str) -> Vec<String> {
    let mut stmt = db
        .rusqlite()
        .prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("prepare sqlite_master query");
    stmt.query_map([kind], |row| row.get::<_, String>(0))
        .expect("query sqlite_master")
        .collect::<std::result::Result<Vec<_>, _>>()
        .expect("read sqlite_master")
}

// ----- 1. types -----------------------------------------------------------------------------

#[test]
fn every_type_has_its_ddl_name_in_each_dialect() {
    assert_sql!(CreateTable::new(type_zoo::table()),
        sqlite: "CREATE TABLE type_zoo (c_smallint SMALLINT, c_integer INTEGER, c_bigint BIGINT, \
                 c_real REAL, c_double DOUBLE, c_numeric NUMERIC_REAL(10, 2), c_text TEXT, c_varchar VARCHAR(20), \
                 c_char CHAR(3), c_boolean BOOLEAN, c_date DATE, c_time TIME, c_timestamp TIMESTAMP, \
                 c_timestamptz TIMESTAMP WITH TIME ZONE, c_blob BLOB, c_json JSON_TEXT)",
        postgres: "CREATE TABLE type_zoo (c_smallint SMALLINT, c_integer INTEGER, c_bigint BIGINT, \
                   c_real REAL, c_double DOUBLE PRECISION, c_numeric NUMERIC(10, 2), c_text TEXT, \
                   c_varchar VARCHAR(20), c_char CHAR(3), c_boolean BOOLEAN, c_date DATE, c_time TIME, \
                   c_timestamp TIMESTAMP, c_timestamptz TIMESTAMP WITH TIME ZONE, c_blob BYTEA, c_json JSON)",
        mysql: "CREATE TABLE type_zoo (c_smallint SMALLINT, c_integer INT, c_bigint BIGINT, \
                c_real FLOAT, c_double DOUBLE, c_numeric DECIMAL(10, 2), c_text LONGTEXT, c_varchar VARCHAR(20), \
                c_char CHAR(3), c_boolean BOOLEAN, c_date DATE, c_time TIME(6), c_timestamp DATETIME(6), \
                c_timestamptz DATETIME(6), c_blob LONGBLOB, c_json JSON) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);
}

#[test]
fn table_of_every_type_is_created_on_sqlite_and_round_trips_values() -> Result<()> {
    let mut db = db_with(&[type_zoo::table()]);
    let inserted = db.execute(
        &insert(type_zoo::table())
            .columns([
                type_zoo::c_smallint,
                type_zoo::c_integer,
                type_zoo::c_bigint,
                type_zoo::c_real,
                type_zoo::c_double,
                type_zoo::c_numeric,
                type_zoo::c_text,
                type_zoo::c_varchar,
                type_zoo::c_char,
                type_zoo::c_boolean,
                type_zoo::c_date,
                type_zoo::c_time,
                type_zoo::c_timestamp,
                type_zoo::c_timestamptz,
                type_zoo::c_blob,
                type_zoo::c_json,
            ])
            .row((
                7i16,
                70_000i32,
                9_000_000_000i64,
                1.5f32,
                2.25f64,
                12.5f64,
                "long text",
                "short",
                "abc",
                true,
                sqlcore::Date::new(2024, 2, 29).expect("a date"),
                sqlcore::Time::new(13, 45, 0, 0).expect("a time"),
                "2024-02-29 13:45:00".parse::<sqlcore::Timestamp>().expect("a timestamp"),
                Value::TimestampTz("2024-02-29 12:45:00".parse::<sqlcore::Timestamp>().expect("a timestamp")),
                vec![0u8, 1, 254, 255],
                "123",
            )),
    )?;
    assert_eq!(inserted, 1);
    let row = db.one(&select([star()]).from(type_zoo::table()))?;
    assert_eq!(row.get::<i64>("c_smallint")?, 7);
    assert_eq!(row.get::<i64>("c_integer")?, 70_000);
    assert_eq!(row.get::<i64>("c_bigint")?, 9_000_000_000);
    assert_eq!(row.get::<f64>("c_real")?, 1.5);
    assert_eq!(row.get::<f64>("c_double")?, 2.25);
    assert_eq!(row.get::<f64>("c_numeric")?, 12.5);
    assert_eq!(row.get::<String>("c_text")?, "long text");
    assert_eq!(row.get::<String>("c_varchar")?, "short");
    assert_eq!(row.get::<String>("c_char")?, "abc");
    assert!(row.get::<bool>("c_boolean")?);
    // Dates and times are stored as ISO 8601 text, and read back as the typed values.
    assert_eq!(row.value("c_date")?, &Value::Date(sqlcore::Date::new(2024, 2, 29).expect("a date")));
    assert_eq!(row.get::<String>("c_date")?, "2024-02-29");
    assert_eq!(row.get::<String>("c_time")?, "13:45:00");
    assert_eq!(row.get::<String>("c_timestamp")?, "2024-02-29 13:45:00");
    assert_eq!(row.value("c_numeric")?, &Value::Decimal("12.50".parse().expect("a decimal")));
    // An instant is stored as its UTC wall clock with the offset written out.
    let stored: String =
        db.rusqlite().query_row("SELECT c_timestamptz FROM type_zoo", [], |r| r.get(0)).expect("read the stored text");
    assert_eq!(stored, "2024-02-29 12:45:00+00:00");
    assert_eq!(row.value("c_timestamptz")?, &Value::TimestampTz("2024-02-29 12:45:00".parse().expect("a timestamp")));
    assert_eq!(row.get::<Vec<u8>>("c_blob")?, vec![0u8, 1, 254, 255]);
    // JSON is stored in a TEXT column: the document `123` stays text (a column declared JSON
    // would have NUMERIC affinity and turn it into the integer 123).
    assert_eq!(row.value("c_json")?, &Value::Text("123".into()));
    Ok(())
}

// ----- 2. autoincrement ---------------------------------------------------------------------

#[test]
fn integer_primary_key_is_generated_by_the_database_in_each_dialect() -> Result<()> {
    assert_sql!(CreateTable::new(auto_ids::table()),
        sqlite: "CREATE TABLE auto_ids (id INTEGER NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (id))",
        postgres: "CREATE TABLE auto_ids (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   label VARCHAR(20) NOT NULL, PRIMARY KEY (id))",
        mysql: "CREATE TABLE auto_ids (id INT AUTO_INCREMENT NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[auto_ids::table()]);
    for label in ["a", "b", "c"] {
        db.execute(&insert(auto_ids::table()).value(auto_ids::label, label))?;
    }
    let rows = db.all(&select((auto_ids::id, auto_ids::label)).order_by(auto_ids::id))?;
    let got: Vec<(i64, String)> =
        rows.iter().map(|r| Ok((r.get::<i64>("id")?, r.get::<String>("label")?))).collect::<Result<_>>()?;
    assert_eq!(got, [(1, "a".to_string()), (2, "b".to_string()), (3, "c".to_string())]);
    Ok(())
}

#[test]
fn bigint_primary_key_is_still_integer_on_sqlite_so_it_aliases_the_rowid() -> Result<()> {
    assert_sql!(CreateTable::new(auto_big_ids::table()),
        sqlite: "CREATE TABLE auto_big_ids (id INTEGER NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (id))",
        postgres: "CREATE TABLE auto_big_ids (id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   label VARCHAR(20) NOT NULL, PRIMARY KEY (id))",
        mysql: "CREATE TABLE auto_big_ids (id BIGINT AUTO_INCREMENT NOT NULL, label VARCHAR(20) NOT NULL, \
                PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[auto_big_ids::table()]);
    db.execute(&insert(auto_big_ids::table()).columns([auto_big_ids::label]).rows([("x",), ("y",), ("z",)]))?;
    let ids: Vec<i64> = db
        .all(&select((auto_big_ids::id, text("rowid").label("r"))).order_by(auto_big_ids::id))?
        .iter()
        .map(|r| {
            // The id is the rowid itself.
            assert_eq!(r.get::<i64>("id")?, r.get::<i64>("r")?);
            r.get::<i64>("id")
        })
        .collect::<Result<_>>()?;
    assert_eq!(ids, [1, 2, 3]);
    Ok(())
}

#[test]
fn integer_primary_key_that_is_also_a_foreign_key_is_not_generated() -> Result<()> {
    assert_sql!(CreateTable::new(auto_id_details::table()),
        sqlite: "CREATE TABLE auto_id_details (id INTEGER NOT NULL, note VARCHAR(20), PRIMARY KEY (id), \
                 CONSTRAINT fk_auto_id_details_id FOREIGN KEY (id) REFERENCES auto_ids (id))",
        postgres: "CREATE TABLE auto_id_details (id INTEGER NOT NULL, note VARCHAR(20), PRIMARY KEY (id), \
                   CONSTRAINT fk_auto_id_details_id FOREIGN KEY (id) REFERENCES auto_ids (id))",
        mysql: "CREATE TABLE auto_id_details (id INT NOT NULL, note VARCHAR(20), PRIMARY KEY (id), \
                CONSTRAINT fk_auto_id_details_id FOREIGN KEY (id) REFERENCES auto_ids (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[auto_ids::table(), auto_id_details::table()]);
    db.execute(&insert(auto_ids::table()).value(auto_ids::label, "a"))?;
    db.execute(&insert(auto_id_details::table()).value(auto_id_details::id, 1).value(auto_id_details::note, "one"))?;
    // Without a parent row the key is rejected, whatever SQLite would generate.
    assert_integrity(db.execute(&insert(auto_id_details::table()).value(auto_id_details::id, 2)));
    Ok(())
}

// ----- 3. column options and constraints ----------------------------------------------------

#[test]
fn not_null_and_unique_columns_reject_violating_rows_on_sqlite() -> Result<()> {
    assert_sql!(CreateTable::new(gadgets::table()),
        sqlite: "CREATE TABLE gadgets (id INTEGER NOT NULL, sku VARCHAR(20) NOT NULL UNIQUE, \
                 name VARCHAR(50) NOT NULL, PRIMARY KEY (id))",
        postgres: "CREATE TABLE gadgets (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   sku VARCHAR(20) NOT NULL UNIQUE, name VARCHAR(50) NOT NULL, PRIMARY KEY (id))",
        mysql: "CREATE TABLE gadgets (id INT AUTO_INCREMENT NOT NULL, sku VARCHAR(20) NOT NULL UNIQUE, \
                name VARCHAR(50) NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[gadgets::table()]);
    db.execute(&insert(gadgets::table()).value(gadgets::sku, "A-1").value(gadgets::name, "widget"))?;
    // UNIQUE
    assert_integrity(db.execute(&insert(gadgets::table()).value(gadgets::sku, "A-1").value(gadgets::name, "other")));
    // NOT NULL, given explicitly and left out
    assert_integrity(
        db.execute(&insert(gadgets::table()).value(gadgets::sku, "A-2").value(gadgets::name, None::<&str>)),
    );
    assert_integrity(db.execute(&insert(gadgets::table()).value(gadgets::sku, "A-3")));
    assert_eq!(count_rows(&mut db, gadgets::table()), 1);
    Ok(())
}

#[test]
fn literal_server_defaults_are_escaped_per_dialect_and_applied_by_sqlite() -> Result<()> {
    assert_sql!(CreateTable::new(settings::table()),
        sqlite: "CREATE TABLE settings (id INTEGER NOT NULL, status VARCHAR(10) NOT NULL DEFAULT 'new', \
                 retries INTEGER NOT NULL DEFAULT 3, ratio DOUBLE DEFAULT 0.5, enabled BOOLEAN DEFAULT 1, \
                 motto VARCHAR(40) DEFAULT 'it''s', PRIMARY KEY (id))",
        postgres: "CREATE TABLE settings (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   status VARCHAR(10) NOT NULL DEFAULT 'new', retries INTEGER NOT NULL DEFAULT 3, \
                   ratio DOUBLE PRECISION DEFAULT 0.5, enabled BOOLEAN DEFAULT TRUE, \
                   motto VARCHAR(40) DEFAULT 'it''s', PRIMARY KEY (id))",
        mysql: "CREATE TABLE settings (id INT AUTO_INCREMENT NOT NULL, status VARCHAR(10) NOT NULL DEFAULT 'new', \
                retries INT NOT NULL DEFAULT 3, ratio DOUBLE DEFAULT 0.5, enabled BOOLEAN DEFAULT TRUE, \
                motto VARCHAR(40) DEFAULT 'it''s', PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[settings::table()]);
    // A row of defaults only.
    db.execute(&insert(settings::table()))?;
    let row = db.one(&select([star()]).from(settings::table()))?;
    assert_eq!(row.get::<i64>("id")?, 1);
    assert_eq!(row.get::<String>("status")?, "new");
    assert_eq!(row.get::<i64>("retries")?, 3);
    assert_eq!(row.get::<f64>("ratio")?, 0.5);
    assert!(row.get::<bool>("enabled")?);
    assert_eq!(row.get::<String>("motto")?, "it's");
    Ok(())
}

#[test]
fn sql_server_default_current_timestamp_is_rendered_as_given_and_evaluated_by_sqlite() -> Result<()> {
    // MySQL requires the fractional-seconds precision of CURRENT_TIMESTAMP to match the
    // column's: `DATETIME(6) DEFAULT CURRENT_TIMESTAMP` is "Invalid default value".
    assert_sql!(CreateTable::new(audit_log::table()),
        sqlite: "CREATE TABLE audit_log (id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, \
                 PRIMARY KEY (id))",
        postgres: "CREATE TABLE audit_log (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (id))",
        mysql: "CREATE TABLE audit_log (id INT AUTO_INCREMENT NOT NULL, \
                created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[audit_log::table()]);
    db.execute(&insert(audit_log::table()))?;
    let created: String = db.scalar(&select([audit_log::created_at]))?;
    // SQLite's CURRENT_TIMESTAMP is `YYYY-MM-DD HH:MM:SS` (UTC).
    assert_eq!(created.len(), 19, "{created}");
    assert!(created.starts_with("20"), "{created}");
    assert_eq!(&created[4..5], "-", "{created}");
    assert_eq!(&created[10..11], " ", "{created}");
    assert_eq!(&created[13..14], ":", "{created}");
    Ok(())
}

#[test]
fn server_default_on_a_text_column_is_an_expression_default_on_mysql() -> Result<()> {
    // MySQL rejects a literal DEFAULT on TEXT / BLOB / JSON columns (error 1101); since 8.0.13
    // it accepts an expression default in parentheses.
    assert_sql!(CreateTable::new(memos::table()),
        sqlite: "CREATE TABLE memos (id INTEGER NOT NULL, body TEXT NOT NULL DEFAULT 'none', PRIMARY KEY (id))",
        postgres: "CREATE TABLE memos (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   body TEXT NOT NULL DEFAULT 'none', PRIMARY KEY (id))",
        mysql: "CREATE TABLE memos (id INT AUTO_INCREMENT NOT NULL, body LONGTEXT NOT NULL DEFAULT ('none'), \
                PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[memos::table()]);
    db.execute(&insert(memos::table()))?;
    assert_eq!(db.scalar::<String>(&select([memos::body]))?, "none");
    Ok(())
}

#[test]
fn column_and_table_check_constraints_are_written_inline_and_enforced_by_sqlite() -> Result<()> {
    assert_sql!(CreateTable::new(stock::table()),
        sqlite: "CREATE TABLE stock (id INTEGER NOT NULL, qty INTEGER NOT NULL CHECK (qty >= 0), lo INTEGER, \
                 hi INTEGER, PRIMARY KEY (id), CHECK (lo <= hi))",
        postgres: "CREATE TABLE stock (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   qty INTEGER NOT NULL CHECK (qty >= 0), lo INTEGER, hi INTEGER, PRIMARY KEY (id), CHECK (lo <= hi))",
        mysql: "CREATE TABLE stock (id INT AUTO_INCREMENT NOT NULL, qty INT NOT NULL CHECK (qty >= 0), lo INT, \
                hi INT, PRIMARY KEY (id), CHECK (lo <= hi)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[stock::table()]);
    db.execute(&insert(stock::table()).value(stock::qty, 0).value(stock::lo, 1).value(stock::hi, 1))?;
    assert_integrity(db.execute(&insert(stock::table()).value(stock::qty, -1)));
    assert_integrity(db.execute(&insert(stock::table()).value(stock::qty, 5).value(stock::lo, 2).value(stock::hi, 1)));
    assert_integrity(db.execute(&update(stock::table()).set(stock::qty, -5)));
    assert_eq!(count_rows(&mut db, stock::table()), 1);
    Ok(())
}

#[test]
fn check_constraint_using_the_tables_own_column_handle_builds_the_table() {
    // `self_checked::qty` refers to the table being defined; building it must not wait on
    // itself. Run in a thread so that a hang fails the test instead of blocking the suite.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let sql = CreateTable::new(self_checked::table()).compile(&SqliteDialect::default()).map(|c| c.sql);
        let _ = tx.send(sql);
    });
    let sql = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("self_checked::table() did not return within 5 s (it waits on its own initialisation)");
    assert_eq!(
        sql.expect("compile"),
        "CREATE TABLE self_checked (id INTEGER NOT NULL, qty INTEGER CHECK (qty > 0), PRIMARY KEY (id))"
    );
}

#[test]
fn foreign_key_actions_are_written_and_enforced_by_sqlite() -> Result<()> {
    assert_sql!(CreateTable::new(fk_children::table()),
        sqlite: "CREATE TABLE fk_children (id INTEGER NOT NULL, parent_id INTEGER, PRIMARY KEY (id), \
                 CONSTRAINT fk_fk_children_parent_id FOREIGN KEY (parent_id) REFERENCES fk_parents (id) \
                 ON DELETE CASCADE ON UPDATE CASCADE)",
        postgres: "CREATE TABLE fk_children (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, parent_id INTEGER, \
                   PRIMARY KEY (id), CONSTRAINT fk_fk_children_parent_id FOREIGN KEY (parent_id) REFERENCES fk_parents (id) \
                   ON DELETE CASCADE ON UPDATE CASCADE)",
        mysql: "CREATE TABLE fk_children (id INT AUTO_INCREMENT NOT NULL, parent_id INT, PRIMARY KEY (id), \
                CONSTRAINT fk_fk_children_parent_id FOREIGN KEY (parent_id) REFERENCES fk_parents (id) \
                ON DELETE CASCADE ON UPDATE CASCADE) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);
    assert_sql!(CreateTable::new(fk_wards::table()),
        sqlite: "CREATE TABLE fk_wards (id INTEGER NOT NULL, guardian_id INTEGER, PRIMARY KEY (id), \
                 CONSTRAINT fk_fk_wards_guardian_id FOREIGN KEY (guardian_id) REFERENCES fk_parents (id) \
                 ON DELETE SET NULL ON UPDATE RESTRICT)",
        postgres: "CREATE TABLE fk_wards (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, guardian_id INTEGER, \
                   PRIMARY KEY (id), CONSTRAINT fk_fk_wards_guardian_id FOREIGN KEY (guardian_id) REFERENCES fk_parents (id) \
                   ON DELETE SET NULL ON UPDATE RESTRICT)",
        mysql: "CREATE TABLE fk_wards (id INT AUTO_INCREMENT NOT NULL, guardian_id INT, PRIMARY KEY (id), \
                CONSTRAINT fk_fk_wards_guardian_id FOREIGN KEY (guardian_id) REFERENCES fk_parents (id) \
                ON DELETE SET NULL ON UPDATE RESTRICT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[fk_parents::table(), fk_children::table(), fk_wards::table()]);
    db.execute(&insert(fk_parents::table()).columns([fk_parents::id, fk_parents::name]).rows([(1, "p1"), (2, "p2")]))?;
    db.execute(
        &insert(fk_children::table()).columns([fk_children::id, fk_children::parent_id]).rows([(10, 1), (11, 2)]),
    )?;
    db.execute(&insert(fk_wards::table()).columns([fk_wards::id, fk_wards::guardian_id]).rows([(20, 1), (21, 2)]))?;

    // A reference to a missing parent is rejected.
    assert_integrity(db.execute(&insert(fk_children::table()).value(fk_children::parent_id, 99)));
    // ON UPDATE RESTRICT: parent 1 is referenced by a ward.
    assert_integrity(db.execute(&update(fk_parents::table()).set(fk_parents::id, 100).filter(fk_parents::id.eq(1))));
    // ON DELETE CASCADE (children) and SET NULL (wards).
    assert_eq!(db.execute(&delete(fk_parents::table()).filter(fk_parents::id.eq(1)))?, 1);
    let children: Vec<i64> = db
        .all(&select([fk_children::id]).order_by(fk_children::id))?
        .iter()
        .map(|r| r.get::<i64>(0))
        .collect::<Result<_>>()?;
    assert_eq!(children, [11]);
    let guardian: Option<i64> = db.scalar(&select([fk_wards::guardian_id]).filter(fk_wards::id.eq(20)))?;
    assert_eq!(guardian, None);
    // ON UPDATE CASCADE (children); parent 2's ward must go first (RESTRICT).
    db.execute(&delete(fk_wards::table()).filter(fk_wards::guardian_id.eq(2)))?;
    db.execute(&update(fk_parents::table()).set(fk_parents::id, 200).filter(fk_parents::id.eq(2)))?;
    let parent: i64 = db.scalar(&select([fk_children::parent_id]).filter(fk_children::id.eq(11)))?;
    assert_eq!(parent, 200);
    Ok(())
}

#[test]
fn fk_set_default_is_unsupported_on_mysql_and_enforced_by_sqlite() -> Result<()> {
    let ddl = CreateTable::new(fk_tenants::table());
    let expected_sqlite = "CREATE TABLE fk_tenants (id INTEGER NOT NULL, owner_id INTEGER NOT NULL DEFAULT 0, \
                           PRIMARY KEY (id), CONSTRAINT fk_fk_tenants_owner_id FOREIGN KEY (owner_id) \
                           REFERENCES fk_parents (id) ON DELETE SET DEFAULT)";
    let expected_pg = "CREATE TABLE fk_tenants (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                       owner_id INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (id), CONSTRAINT fk_fk_tenants_owner_id \
                       FOREIGN KEY (owner_id) REFERENCES fk_parents (id) ON DELETE SET DEFAULT)";
    assert_eq!(sqlite_sql(&ddl), expected_sqlite);
    assert_eq!(postgres_sql(&ddl), expected_pg);
    assert_unsupported(&ddl, &MySqlDialect::default(), "foreign key action SET DEFAULT");
    assert_unsupported(&ddl, &MySqlDialect::mariadb(), "foreign key action SET DEFAULT");

    let mut db = db_with(&[fk_parents::table(), fk_tenants::table()]);
    db.execute(
        &insert(fk_parents::table()).columns([fk_parents::id, fk_parents::name]).rows([(0, "nobody"), (1, "p1")]),
    )?;
    db.execute(&insert(fk_tenants::table()).value(fk_tenants::id, 1).value(fk_tenants::owner_id, 1))?;
    db.execute(&delete(fk_parents::table()).filter(fk_parents::id.eq(1)))?;
    let owner: i64 = db.scalar(&select([fk_tenants::owner_id]))?;
    assert_eq!(owner, 0);
    // The default must itself exist: removing parent 0 now is refused.
    assert_integrity(db.execute(&delete(fk_parents::table()).filter(fk_parents::id.eq(0))));
    Ok(())
}

#[test]
fn composite_primary_key_and_composite_foreign_key_are_table_constraints() -> Result<()> {
    assert_sql!(CreateTable::new(order_lines::table()),
        sqlite: "CREATE TABLE order_lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, \
                 product VARCHAR(40) NOT NULL, PRIMARY KEY (order_id, line_no))",
        postgres: "CREATE TABLE order_lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, \
                   product VARCHAR(40) NOT NULL, PRIMARY KEY (order_id, line_no))",
        mysql: "CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL, \
                product VARCHAR(40) NOT NULL, PRIMARY KEY (order_id, line_no)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);
    assert_sql!(CreateTable::new(shipments()),
        sqlite: "CREATE TABLE shipments (id INTEGER NOT NULL, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, \
                 PRIMARY KEY (id), CONSTRAINT fk_shipments_order_id_line_no FOREIGN KEY (order_id, line_no) \
                 REFERENCES order_lines (order_id, line_no) ON DELETE CASCADE)",
        postgres: "CREATE TABLE shipments (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, PRIMARY KEY (id), \
                   CONSTRAINT fk_shipments_order_id_line_no FOREIGN KEY (order_id, line_no) \
                   REFERENCES order_lines (order_id, line_no) ON DELETE CASCADE)",
        mysql: "CREATE TABLE shipments (id INT AUTO_INCREMENT NOT NULL, order_id INT NOT NULL, line_no INT NOT NULL, \
                PRIMARY KEY (id), CONSTRAINT fk_shipments_order_id_line_no FOREIGN KEY (order_id, line_no) \
                REFERENCES order_lines (order_id, line_no) ON DELETE CASCADE) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = db_with(&[order_lines::table(), shipments()]);
    let lines = order_lines::table();
    db.execute(
        &insert(lines.clone()).columns([order_lines::order_id, order_lines::line_no, order_lines::product]).rows([
            (1, 1, "tea"),
            (1, 2, "cake"),
            (2, 1, "tea"),
        ]),
    )?;
    // The pair is the key; either part alone repeats freely.
    assert_integrity(
        db.execute(
            &insert(lines.clone())
                .columns([order_lines::order_id, order_lines::line_no, order_lines::product])
                .row((1, 2, "jam")),
        ),
    );
    // A NULL in a key column is refused too.
    assert_integrity(
        db.execute(&insert(lines.clone()).value(order_lines::line_no, 3).value(order_lines::product, "x")),
    );

    let ship = shipments();
    db.execute(&insert(ship.clone()).value("order_id", 1).value("line_no", 2))?;
    db.execute(&insert(ship.clone()).value("order_id", 2).value("line_no", 1))?;
    // (2, 2) is not an order line, although 2 and 2 both occur separately.
    assert_integrity(db.execute(&insert(ship.clone()).value("order_id", 2).value("line_no", 2)));
    // ON DELETE CASCADE through the composite key.
    db.execute(&delete(lines).filter(order_lines::order_id.eq(1).and(order_lines::line_no.eq(2))))?;
    let left: Vec<i64> = db
        .all(&select([ship.c("order_id")?]).from(ship.clone()))?
        .iter()
        .map(|r| r.get::<i64>(0))
        .collect::<Result<_>>()?;
    assert_eq!(left, [2]);
    Ok(())
}

#[test]
fn keys_and_indexes_on_text_columns_are_unsupported_on_mysql_only() -> Result<()> {
    let unique = CreateTable::new(text_keys::table());
    assert_eq!(sqlite_sql(&unique), "CREATE TABLE text_keys (id INTEGER NOT NULL, body TEXT UNIQUE, PRIMARY KEY (id))");
    assert_eq!(
        postgres_sql(&unique),
        "CREATE TABLE text_keys (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, body TEXT UNIQUE, PRIMARY KEY (id))"
    );
    assert_unsupported(&unique, &MySqlDialect::default(), "key or index on a TEXT");
    assert_unsupported(&unique, &MySqlDialect::mariadb(), "key or index on a TEXT");

    let indexed = CreateTable::new(text_indexed::table());
    assert_eq!(sqlite_sql(&indexed), "CREATE TABLE text_indexed (id INTEGER NOT NULL, body TEXT, PRIMARY KEY (id))");
    assert_unsupported(&indexed, &MySqlDialect::default(), "key or index on a TEXT");
    let md = MetaData::new().with(text_indexed::table())?;
    assert!(
        matches!(md.create_all_ddl(&MySqlDialect::default()), Err(Error::Unsupported { .. })),
        "create_all_ddl refuses the indexed TEXT column on MySQL"
    );

    // On SQLite the unique TEXT column works.
    let mut db = db_with(&[text_keys::table()]);
    db.execute(&insert(text_keys::table()).value(text_keys::body, "same"))?;
    assert_integrity(db.execute(&insert(text_keys::table()).value(text_keys::body, "same")));
    Ok(())
}

// ----- 4. IF [NOT] EXISTS, DROP, indexes ----------------------------------------------------

#[test]
fn create_table_if_not_exists_can_run_twice() -> Result<()> {
    let ddl = CreateTable::new(fk_parents::table()).if_not_exists();
    assert_sql!(ddl,
        sqlite: "CREATE TABLE IF NOT EXISTS fk_parents (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id))",
        postgres: "CREATE TABLE IF NOT EXISTS fk_parents (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
                   name VARCHAR(20), PRIMARY KEY (id))",
        mysql: "CREATE TABLE IF NOT EXISTS fk_parents (id INT AUTO_INCREMENT NOT NULL, name VARCHAR(20), PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);

    let mut db = memory_db();
    db.execute(&ddl)?;
    db.execute(&insert(fk_parents::table()).value(fk_parents::name, "kept"))?;
    db.execute(&ddl)?;
    assert_eq!(count_rows(&mut db, fk_parents::table()), 1, "the existing table is left alone");
    // Without IF NOT EXISTS the second CREATE fails.
    let again = db.execute(&CreateTable::new(fk_parents::table()));
    assert!(matches!(again, Err(Error::Database { .. })), "{again:?}");
    Ok(())
}

#[test]
fn drop_table_and_drop_table_if_exists() -> Result<()> {
    assert_sql!(DropTable::new(fk_parents::table()),
        sqlite: "DROP TABLE fk_parents", postgres: "DROP TABLE fk_parents", mysql: "DROP TABLE fk_parents",
        params: []);
    assert_sql!(DropTable::new(fk_parents::table()).if_exists(),
        sqlite: "DROP TABLE IF EXISTS fk_parents",
        postgres: "DROP TABLE IF EXISTS fk_parents",
        mysql: "DROP TABLE IF EXISTS fk_parents",
        params: []);

    let mut db = db_with(&[fk_parents::table()]);
    db.execute(&DropTable::new(fk_parents::table()))?;
    assert!(sqlite_objects(&db, "table").is_empty());
    let missing = db.execute(&DropTable::new(fk_parents::table()));
    assert!(matches!(missing, Err(Error::Database { .. })), "{missing:?}");
    db.execute(&DropTable::new(fk_parents::table()).if_exists())?;
    Ok(())
}

#[test]
fn create_index_and_unique_index() -> Result<()> {
    let by_name = CreateIndex::new(Index::new("ix_people_name", "people", ["last_name", "first_name"]));
    assert_sql!(by_name,
        sqlite: "CREATE INDEX ix_people_name ON people (last_name, first_name)",
        postgres: "CREATE INDEX ix_people_name ON people (last_name, first_name)",
        mysql: "CREATE INDEX ix_people_name ON people (last_name, first_name)",
        params: []);
    let by_email = CreateIndex::new(Index::new("ux_people_email", "people", ["email"]).unique());
    assert_sql!(by_email,
        sqlite: "CREATE UNIQUE INDEX ux_people_email ON people (email)",
        postgres: "CREATE UNIQUE INDEX ux_people_email ON people (email)",
        mysql: "CREATE UNIQUE INDEX ux_people_email ON people (email)",
        params: []);

    let mut db = db_with(&[people::table()]);
    db.execute(&by_name)?;
    db.execute(&by_email)?;
    assert_eq!(sqlite_objects(&db, "index"), ["ix_people_name", "ux_people_email"]);
    db.execute(&insert(people::table()).value(people::email, "a@example.com"))?;
    assert_integrity(db.execute(&insert(people::table()).value(people::email, "a@example.com")));
    // A plain index does not constrain.
    db.execute(&insert(people::table()).value(people::email, "b@example.com").value(people::last_name, "Lee"))?;
    db.execute(&insert(people::table()).value(people::email, "c@example.com").value(people::last_name, "Lee"))?;
    let again = db.execute(&by_name);
    assert!(matches!(again, Err(Error::Database { .. })), "{again:?}");
    Ok(())
}

#[test]
fn create_index_if_not_exists_is_unsupported_on_mysql_but_not_mariadb() -> Result<()> {
    let ddl = CreateIndex::new(Index::new("ix_people_name", "people", ["last_name", "first_name"])).if_not_exists();
    let expected = "CREATE INDEX IF NOT EXISTS ix_people_name ON people (last_name, first_name)";
    assert_eq!(sqlite_sql(&ddl), expected);
    assert_eq!(postgres_sql(&ddl), expected);
    assert_unsupported(&ddl, &MySqlDialect::default(), "CREATE INDEX IF NOT EXISTS");
    assert_eq!(ddl.compile(&MySqlDialect::mariadb())?.sql, expected);

    let mut db = db_with(&[people::table()]);
    db.execute(&ddl)?;
    db.execute(&ddl)?;
    assert_eq!(sqlite_objects(&db, "index"), ["ix_people_name"]);
    Ok(())
}

#[test]
fn drop_index_names_the_table_on_mysql() -> Result<()> {
    let index = Index::new("ux_people_email", "people", ["email"]).unique();
    assert_sql!(DropIndex::new(index.clone()),
        sqlite: "DROP INDEX ux_people_email",
        postgres: "DROP INDEX ux_people_email",
        mysql: "DROP INDEX ux_people_email ON people",
        params: []);
    let if_exists = DropIndex::new(index.clone()).if_exists();
    assert_eq!(sqlite_sql(&if_exists), "DROP INDEX IF EXISTS ux_people_email");
    assert_eq!(postgres_sql(&if_exists), "DROP INDEX IF EXISTS ux_people_email");
    assert_unsupported(&if_exists, &MySqlDialect::default(), "DROP INDEX IF EXISTS");
    assert_eq!(if_exists.compile(&MySqlDialect::mariadb())?.sql, "DROP INDEX IF EXISTS ux_people_email ON people");

    let mut db = db_with(&[people::table()]);
    db.execute(&CreateIndex::new(index.clone()))?;
    db.execute(&insert(people::table()).value(people::email, "a@example.com"))?;
    assert_integrity(db.execute(&insert(people::table()).value(people::email, "a@example.com")));
    db.execute(&DropIndex::new(index.clone()))?;
    assert!(sqlite_objects(&db, "index").is_empty());
    // Without the unique index the duplicate goes in.
    db.execute(&insert(people::table()).value(people::email, "a@example.com"))?;
    let missing = db.execute(&DropIndex::new(index.clone()));
    assert!(matches!(missing, Err(Error::Database { .. })), "{missing:?}");
    db.execute(&if_exists)?;
    Ok(())
}

// ----- 5. MetaData ordering -----------------------------------------------------------------

fn blog_metadata() -> MetaData {
    MetaData::new()
        .with(md_comments::table())
        .and_then(|md| md.with(md_posts::table()))
        .and_then(|md| md.with(md_users::table()))
        .expect("distinct tables")
}

#[test]
fn create_all_orders_tables_parents_first_and_drop_all_in_reverse() -> Result<()> {
    let md = blog_metadata();
    assert_eq!(
        sql_of(md.create_all_ddl(&SqliteDialect::default())?),
        [
            "CREATE TABLE md_users (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id))",
            "CREATE TABLE md_posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, \
             PRIMARY KEY (id), CONSTRAINT fk_md_posts_user_id FOREIGN KEY (user_id) REFERENCES md_users (id))",
            "CREATE INDEX ix_md_posts_title ON md_posts (title)",
            "CREATE TABLE md_comments (id INTEGER NOT NULL, post_id INTEGER NOT NULL, body VARCHAR(200), \
             PRIMARY KEY (id), CONSTRAINT fk_md_comments_post_id FOREIGN KEY (post_id) REFERENCES md_posts (id) \
             ON DELETE CASCADE)",
        ]
    );
    assert_eq!(
        sql_of(md.create_all_ddl(&PostgresDialect::default())?),
        [
            "CREATE TABLE md_users (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, name VARCHAR(50) NOT NULL, \
             PRIMARY KEY (id))",
            "CREATE TABLE md_posts (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, user_id INTEGER NOT NULL, \
             title VARCHAR(100) NOT NULL, PRIMARY KEY (id), CONSTRAINT fk_md_posts_user_id FOREIGN KEY (user_id) \
             REFERENCES md_users (id))",
            "CREATE INDEX ix_md_posts_title ON md_posts (title)",
            "CREATE TABLE md_comments (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, post_id INTEGER NOT NULL, \
             body VARCHAR(200), PRIMARY KEY (id), CONSTRAINT fk_md_comments_post_id FOREIGN KEY (post_id) \
             REFERENCES md_posts (id) ON DELETE CASCADE)",
        ]
    );
    assert_eq!(
        sql_of(md.create_all_ddl(&MySqlDialect::default())?),
        [
            "CREATE TABLE md_users (id INT AUTO_INCREMENT NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
            "CREATE TABLE md_posts (id INT AUTO_INCREMENT NOT NULL, user_id INT NOT NULL, title VARCHAR(100) NOT NULL, \
             PRIMARY KEY (id), CONSTRAINT fk_md_posts_user_id FOREIGN KEY (user_id) REFERENCES md_users (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
            "CREATE INDEX ix_md_posts_title ON md_posts (title)",
            "CREATE TABLE md_comments (id INT AUTO_INCREMENT NOT NULL, post_id INT NOT NULL, body VARCHAR(200), \
             PRIMARY KEY (id), CONSTRAINT fk_md_comments_post_id FOREIGN KEY (post_id) REFERENCES md_posts (id) \
             ON DELETE CASCADE) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        ]
    );
    let drops = ["DROP TABLE md_comments", "DROP TABLE md_posts", "DROP TABLE md_users"];
    for (name, dialect) in dialects() {
        assert_eq!(sql_of(md.drop_all_ddl(dialect.as_ref())?), drops, "{name}");
    }

    // On SQLite, with foreign keys enforced, the order works with rows in every table.
    let mut db = memory_db();
    db.create_all(&md)?;
    assert_eq!(sqlite_objects(&db, "table"), ["md_comments", "md_posts", "md_users"]);
    assert_eq!(sqlite_objects(&db, "index"), ["ix_md_posts_title"]);
    db.execute(&insert(md_users::table()).value(md_users::name, "ann"))?;
    db.execute(&insert(md_posts::table()).value(md_posts::user_id, 1).value(md_posts::title, "hello"))?;
    db.execute(&insert(md_comments::table()).value(md_comments::post_id, 1).value(md_comments::body, "hi"))?;
    db.drop_all(&md)?;
    assert!(sqlite_objects(&db, "table").is_empty());
    Ok(())
}

fn cycle_metadata() -> MetaData {
    MetaData::new().with(cyc_departments::table()).and_then(|md| md.with(cyc_staff::table())).expect("distinct tables")
}

#[test]
fn foreign_key_cycle_is_closed_by_alter_table_on_postgres() -> Result<()> {
    // PostgreSQL checks that a referenced table exists at CREATE TABLE.
    let md = cycle_metadata();
    assert_eq!(
        sql_of(md.create_all_ddl(&PostgresDialect::default())?),
        [
            "CREATE TABLE cyc_departments (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, head_id INTEGER, \
             PRIMARY KEY (id))",
            "CREATE TABLE cyc_staff (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, dept_id INTEGER, \
             PRIMARY KEY (id))",
            "ALTER TABLE cyc_departments ADD CONSTRAINT fk_cyc_departments_head_id FOREIGN KEY (head_id) \
             REFERENCES cyc_staff (id)",
            "ALTER TABLE cyc_staff ADD CONSTRAINT fk_cyc_staff_dept_id FOREIGN KEY (dept_id) \
             REFERENCES cyc_departments (id)",
        ]
    );
    assert_eq!(
        sql_of(md.drop_all_ddl(&PostgresDialect::default())?),
        [
            "ALTER TABLE cyc_departments DROP CONSTRAINT fk_cyc_departments_head_id",
            "ALTER TABLE cyc_staff DROP CONSTRAINT fk_cyc_staff_dept_id",
            "DROP TABLE cyc_staff",
            "DROP TABLE cyc_departments",
        ]
    );
    Ok(())
}

#[test]
fn foreign_key_cycle_is_closed_by_alter_table_on_mysql() -> Result<()> {
    let md = cycle_metadata();
    assert_eq!(
        sql_of(md.create_all_ddl(&MySqlDialect::default())?),
        [
            "CREATE TABLE cyc_departments (id INT AUTO_INCREMENT NOT NULL, head_id INT, PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
            "CREATE TABLE cyc_staff (id INT AUTO_INCREMENT NOT NULL, dept_id INT, PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
            "ALTER TABLE cyc_departments ADD CONSTRAINT fk_cyc_departments_head_id FOREIGN KEY (head_id) \
             REFERENCES cyc_staff (id)",
            "ALTER TABLE cyc_staff ADD CONSTRAINT fk_cyc_staff_dept_id FOREIGN KEY (dept_id) \
             REFERENCES cyc_departments (id)",
        ]
    );
    assert_eq!(
        sql_of(md.drop_all_ddl(&MySqlDialect::default())?),
        [
            "ALTER TABLE cyc_departments DROP FOREIGN KEY fk_cyc_departments_head_id",
            "ALTER TABLE cyc_staff DROP FOREIGN KEY fk_cyc_staff_dept_id",
            "DROP TABLE cyc_staff",
            "DROP TABLE cyc_departments",
        ]
    );
    Ok(())
}

#[test]
fn foreign_key_cycle_is_created_inline_on_sqlite_and_works() -> Result<()> {
    let md = cycle_metadata();
    assert_eq!(
        sql_of(md.create_all_ddl(&SqliteDialect::default())?),
        [
            "CREATE TABLE cyc_departments (id INTEGER NOT NULL, head_id INTEGER, PRIMARY KEY (id), \
             CONSTRAINT fk_cyc_departments_head_id FOREIGN KEY (head_id) REFERENCES cyc_staff (id))",
            "CREATE TABLE cyc_staff (id INTEGER NOT NULL, dept_id INTEGER, PRIMARY KEY (id), \
             CONSTRAINT fk_cyc_staff_dept_id FOREIGN KEY (dept_id) REFERENCES cyc_departments (id))",
        ]
    );
    assert_eq!(
        sql_of(md.drop_all_ddl(&SqliteDialect::default())?),
        ["DROP TABLE cyc_staff", "DROP TABLE cyc_departments"]
    );

    let mut db = memory_db();
    db.create_all(&md)?;
    // Both foreign keys are enforced.
    assert_integrity(db.execute(&insert(cyc_staff::table()).value(cyc_staff::dept_id, 7)));
    assert_integrity(db.execute(&insert(cyc_departments::table()).value(cyc_departments::head_id, 7)));
    db.drop_all(&md)?;
    assert!(sqlite_objects(&db, "table").is_empty());
    db.create_all(&md)?;
    assert_eq!(sqlite_objects(&db, "table"), ["cyc_departments", "cyc_staff"]);
    Ok(())
}

#[test]
fn drop_all_removes_a_foreign_key_cycle_holding_rows_on_sqlite() -> Result<()> {
    let md = cycle_metadata();
    let mut db = memory_db();
    db.create_all(&md)?;
    db.execute(&insert(cyc_departments::table()).value(cyc_departments::id, 1))?;
    db.execute(&insert(cyc_staff::table()).value(cyc_staff::id, 1).value(cyc_staff::dept_id, 1))?;
    db.execute(&update(cyc_departments::table()).set(cyc_departments::head_id, 1))?;
    // PostgreSQL and MySQL drop the cycle's constraints first; on SQLite the tables must go
    // just the same.
    db.drop_all(&md)?;
    assert!(sqlite_objects(&db, "table").is_empty());
    Ok(())
}

#[test]
fn foreign_key_to_a_table_outside_the_metadata_is_invalid_schema() {
    let md = MetaData::new().with(md_comments::table()).expect("one table");
    for (name, dialect) in dialects() {
        let result = md.create_all_ddl(dialect.as_ref());
        assert!(
            matches!(&result, Err(Error::InvalidSchema(msg)) if msg.contains("md_comments") && msg.contains("md_posts")),
            "{name}: {result:?}"
        );
        assert!(matches!(md.drop_all_ddl(dialect.as_ref()), Err(Error::InvalidSchema(_))), "{name}: drop_all_ddl");
    }
}

#[test]
fn foreign_key_to_a_missing_column_is_an_error() {
    let bad = Table::builder("bad_ref")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("user_ref", SqlType::Integer).references(("md_users", "nope")))
        .build();
    let md = MetaData::new().with(md_users::table()).and_then(|md| md.with(bad)).expect("distinct tables");
    let result = md.create_all_ddl(&SqliteDialect::default());
    assert!(
        matches!(&result, Err(Error::UnknownColumn(e)) if e.table == "md_users" && e.column == "nope"),
        "{result:?}"
    );
}

#[test]
fn duplicate_column_and_duplicate_table_are_errors() {
    let twice = Table::builder("twice")
        .column(Column::new("a", SqlType::Integer))
        .column(Column::new("a", SqlType::Text))
        .build();
    for (name, dialect) in dialects() {
        let result = CreateTable::new(twice.clone()).compile(dialect.as_ref());
        assert!(
            matches!(&result, Err(Error::InvalidSchema(msg)) if msg.contains("twice") && msg.contains("`a`")),
            "{name}: {result:?}"
        );
    }
    let md = MetaData::new().with(twice.clone()).expect("one table");
    assert!(matches!(md.create_all_ddl(&SqliteDialect::default()), Err(Error::InvalidSchema(_))));

    let mut md = MetaData::new();
    md.add(md_users::table()).expect("first add");
    let again = md.add(md_users::table());
    assert!(matches!(&again, Err(Error::InvalidSchema(msg)) if msg.contains("md_users")), "{again:?}");
    // A different definition under the same name is refused too.
    let same_name = Table::builder("md_users").column(Column::new("x", SqlType::Integer)).build();
    assert!(matches!(md.add(same_name), Err(Error::InvalidSchema(_))));
    assert_eq!(md.tables().len(), 1);
}

// ----- 6. table! and Table::builder ---------------------------------------------------------

#[test]
fn table_macro_and_runtime_builder_give_equal_tables() -> Result<()> {
    let runtime = eq_books_runtime();
    assert_eq!(eq_books::table(), runtime);
    // Equal tables compile to the same DDL.
    for (name, dialect) in dialects() {
        assert_eq!(
            CreateTable::new(eq_books::table()).compile(dialect.as_ref())?,
            CreateTable::new(runtime.clone()).compile(dialect.as_ref())?,
            "{name}"
        );
    }
    // The comparison sees a single modifier.
    let differs = Table::builder("eq_books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("title", SqlType::Varchar(200)).not_null())
        .build();
    assert_ne!(eq_books::table(), differs);
    let def = eq_books::table();
    let def = def.def();
    assert_eq!(def.primary_key, ["id"]);
    assert_eq!(def.foreign_keys.len(), 1);
    assert_eq!(def.indexes.len(), 1);
    assert_eq!(def.checks.len(), 1);
    Ok(())
}

#[test]
fn unknown_column_at_run_time_names_the_column_and_the_table() {
    let err = eq_books::table().c("nope").expect_err("no such column");
    assert!(matches!(&err, Error::UnknownColumn(e) if e.table == "eq_books" && e.column == "nope"), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("nope") && msg.contains("eq_books"), "{msg}");
    let runtime = eq_books_runtime();
    assert!(matches!(runtime.c("Title"), Err(Error::UnknownColumn { .. })), "names are case-sensitive");
    assert!(runtime.c("title").is_ok());
}

#[test]
fn generated_foreign_key_names_fit_the_engines_identifier_limits() -> Result<()> {
    // Both names the user wrote are short enough everywhere (31 characters); the generated
    // constraint name `fk_<table>_<column>` is 66. It must not make the schema impossible to
    // create on PostgreSQL (63 bytes) and MySQL (64 characters).
    let t = Table::builder("warehouse_inventory_adjustments")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("responsible_employee_identifier", SqlType::Integer).references(("md_users", "id")))
        .build();
    for (name, dialect) in dialects() {
        let result = CreateTable::new(t.clone()).compile(dialect.as_ref());
        assert!(result.is_ok(), "{name}: {result:?}");
    }
    let md = MetaData::new().with(md_users::table()).and_then(|md| md.with(t.clone())).expect("distinct tables");
    let mut db = memory_db();
    db.create_all(&md)?;
    assert_integrity(db.execute(&insert(t.clone()).value("responsible_employee_identifier", 9)));
    Ok(())
}

#[test]
fn every_schema_of_the_suite_reflects_back_as_it_was_made() {
    let schemas = [
        ("fixture", common::metadata()),
        ("blog", blog_metadata()),
        ("cycle", cycle_metadata()),
        ("fuzz", sqlcore_props::build::metadata()),
        ("reflection", common::reflection::schema()),
    ];
    for (engine, mut conn) in common::empty_engines() {
        for (what, schema) in &schemas {
            conn.create_all(schema).unwrap_or_else(|e| panic!("{engine}: {what}: create_all: {e}"));
            let live = conn.reflect_all().unwrap_or_else(|e| panic!("{engine}: {what}: reflect_all: {e}"));
            let d = conn.dialect();
            assert_eq!(
                common::reflection::summaries(&live, d),
                common::reflection::summaries(schema, d),
                "{engine}: {what} reflects back as it was made"
            );
            let left = sqlcore::diff::check(conn.as_mut(), schema).expect("check");
            assert!(left.is_empty(), "{engine}: {what}: check finds\n{left}");
            conn.drop_all(schema).unwrap_or_else(|e| panic!("{engine}: {what}: drop_all: {e}"));
        }
    }
}
