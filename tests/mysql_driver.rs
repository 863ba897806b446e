//! The MySQL / MariaDB driver against a live server: what only MySQL does (its URL, its
//! flavour and version, its session settings, USE, AUTO_INCREMENT keys, every type through
//! its parameter encoding, strict mode refusing what does not fit, values sqlcore cannot
//! represent). Everything every driver does the same way (rows affected, all / first / one /
//! scalar, transactions and savepoints, integrity and other errors with their error numbers,
//! LIMIT binding, reading rows, create_all / drop_all) is in `tests/driver_conformance.rs`.
//!
//! The server is `SQLCORE_MYSQL_URL`, or `mysql://root@127.0.0.1:3306/test`. When it cannot be
//! reached, each test prints `SKIP: ...` and passes, unless `SQLCORE_REQUIRE_SERVERS=1`, which
//! makes it fail. Tests run concurrently: each creates its own database, dropped at the end.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlcore::prelude::*;
use sqlcore::{Date, Decimal, FromValue, Time, Timestamp, func};
use sqlcore_mysql::{Flavor, MySqlConnection};

const DEFAULT_URL: &str = "mysql://root@127.0.0.1:3306/test";

sqlcore::table! {
    /// People, with a generated key and a unique name.
    pub owners {
        id: Integer => primary_key();
        name: Varchar(100) => not_null(), unique();
    }
}

sqlcore::table! {
    /// Pets, each owned by one owner.
    pub pets {
        id: Integer => primary_key();
        owner_id: Integer => not_null(), references(owners::id);
        name: Varchar(100) => not_null();
        legs: Integer => not_null(), check(col("legs").ge(0));
    }
}

sqlcore::table! {
    /// One column of every type.
    pub everything {
        id: Integer => primary_key(), autoincrement(false);
        small: SmallInt;
        int: Integer;
        big: BigInt;
        real: Real;
        double: Double;
        numeric: Numeric(20, 6);
        text: Text;
        varchar: Varchar(50);
        chr: Char(3);
        flag: Boolean;
        day: Date;
        clock: Time;
        stamp: Timestamp;
        instant: TimestampTz;
        blob: Blob;
        json: Json;
    }
}

fn metadata() -> MetaData {
    MetaData::new()
        .with(owners::table())
        .and_then(|md| md.with(pets::table()))
        .and_then(|md| md.with(everything::table()))
        .expect("a valid schema")
}

fn url() -> String {
    std::env::var("SQLCORE_MYSQL_URL").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

/// A connection to a database of its own, dropped with the guard.
struct TestDb {
    conn: MySqlConnection,
    name: String,
}

impl Deref for TestDb {
    type Target = MySqlConnection;
    fn deref(&self) -> &MySqlConnection {
        &self.conn
    }
}

impl DerefMut for TestDb {
    fn deref_mut(&mut self) -> &mut MySqlConnection {
        &mut self.conn
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // A failed drop leaves a stray database behind, which is harmless to later runs:
        // every name is new.
        if let Err(e) = self.conn.execute_raw(&format!("DROP DATABASE IF EXISTS `{}`", self.name)) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

/// A fresh, empty utf8mb4 database on the server, or `None` (after printing `SKIP`) when no
/// server is reachable and servers are not required.
fn test_db(tag: &str) -> Option<TestDb> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let url = url();
    let mut conn = match MySqlConnection::connect(&url) {
        Ok(conn) => conn,
        Err(e) if std::env::var("SQLCORE_REQUIRE_SERVERS").as_deref() == Ok("1") => {
            panic!("MySQL/MariaDB required (SQLCORE_REQUIRE_SERVERS=1) but not reachable at {url}: {e}")
        }
        Err(e) => {
            eprintln!("SKIP: MySQL/MariaDB not reachable at {url}: {e}");
            return None;
        }
    };
    let name = format!("sqlcore_{tag}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    conn.execute_raw(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"))
        .expect("create the test database");
    let mut db = TestDb { conn, name };
    let use_db = format!("USE `{}`", db.name);
    db.execute_raw(&use_db).expect("use the test database");
    Some(db)
}

/// A test database holding the schema of [`metadata`].
fn schema_db(tag: &str) -> Option<TestDb> {
    let mut db = test_db(tag)?;
    db.create_all(&metadata()).expect("create_all");
    Some(db)
}

fn count(db: &mut dyn Connection, table: Table) -> i64 {
    let value = db.scalar_value(&select([func::count_star()]).from(table)).expect("count rows");
    i64::from_value(&value).expect("COUNT(*) is an integer")
}

fn owner_names(db: &mut dyn Connection) -> Vec<String> {
    db.all(&select([owners::name]).order_by(owners::id))
        .expect("read owners")
        .iter()
        .map(|r| r.get::<String>(0).expect("a name"))
        .collect()
}

fn add_owner(name: &str) -> sqlcore::stmt::Insert {
    insert(owners::table()).value(owners::name, name)
}

/// The SQL `stmt` compiles to on `db`.
fn sql_of(db: &MySqlConnection, stmt: &dyn Compile) -> String {
    stmt.compile(db.dialect()).expect("compiles").sql
}

// ----- connecting -----------------------------------------------------------------------------

#[test]
fn refused_connection_is_a_quick_database_error_naming_the_url_without_password() {
    let started = Instant::now();
    let err = MySqlConnection::connect("mysql://root@127.0.0.1:1/test").expect_err("nothing listens on port 1");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(
        matches!(&err, Error::Database(e)
            if e.sql.is_none() && e.kind == DbErrorKind::Connection && e.message.starts_with("could not connect to mysql://root@127.0.0.1:1/test: ")),
        "{err:?}"
    );

    let err = MySqlConnection::connect("mysql://root:hunter2@127.0.0.1:1/test").expect_err("refused");
    let shown = err.to_string();
    assert!(shown.contains("could not connect to mysql://root:***@127.0.0.1:1/test"), "{shown}");
    assert!(!shown.contains("hunter2"), "the password leaked: {shown}");

    let err = MySqlConnection::connect("postgres://root@127.0.0.1/test").expect_err("wrong scheme");
    assert!(matches!(&err, Error::Database(e) if e.message.starts_with("invalid MySQL URL")), "{err:?}");
}

#[test]
fn the_dialect_follows_the_server_flavor_and_version() -> Result<()> {
    let Some(mut db) = test_db("dialect") else { return Ok(()) };
    let version: String = db.scalar(&select([func("VERSION", Vec::<Expr>::new())]))?;
    let numbers: Vec<u16> =
        version.split(['.', '-']).take(3).map(|p| p.parse().expect("a numeric version part")).collect();
    let dialect = db.mysql_dialect();
    let reported = db.dialect().version();
    assert_eq!([reported.0, reported.1, reported.2].as_slice(), numbers.as_slice(), "{version}");
    if version.contains("MariaDB") {
        assert_eq!(dialect.flavor(), Flavor::MariaDb);
        assert_eq!(db.dialect().name(), "mariadb");
    } else {
        assert_eq!(dialect.flavor(), Flavor::MySql);
        assert_eq!(db.dialect().name(), "mysql");
    }
    // The server on this machine (and in CI) is MariaDB 10.11.
    if std::env::var("SQLCORE_MYSQL_URL").is_err() {
        assert_eq!(dialect.flavor(), Flavor::MariaDb, "{version}");
        assert_eq!((reported.0, reported.1), (10, 11), "{version}");
    }
    Ok(())
}

#[test]
fn the_session_is_strict_utc_and_utf8mb4() -> Result<()> {
    let Some(mut db) = test_db("session") else { return Ok(()) };
    let var = |name: &str| select([text(format!("@@SESSION.{name}"))]);
    let mode: String = db.scalar(&var("sql_mode"))?;
    let modes: Vec<&str> = mode.split(',').collect();
    for wanted in ["STRICT_ALL_TABLES", "NO_ZERO_DATE", "NO_ZERO_IN_DATE", "ERROR_FOR_DIVISION_BY_ZERO"] {
        assert!(modes.contains(&wanted), "{mode}");
    }
    for unwanted in ["NO_BACKSLASH_ESCAPES", "PIPES_AS_CONCAT", "ANSI_QUOTES"] {
        assert!(!modes.contains(&unwanted), "{mode}");
    }
    assert_eq!(db.scalar::<String>(&var("time_zone"))?, "+00:00");
    assert_eq!(db.scalar::<String>(&var("character_set_client"))?, "utf8mb4");
    assert_eq!(db.scalar::<String>(&var("character_set_results"))?, "utf8mb4");
    Ok(())
}

#[test]
fn use_switches_the_database_for_statements_prepared_before() -> Result<()> {
    let Some(mut first) = schema_db("use_first") else { return Ok(()) };
    let Some(mut second) = schema_db("use_second") else { return Ok(()) };
    second.execute(&add_owner("in second"))?;
    first.execute(&add_owner("in first"))?;
    assert_eq!(owner_names(&mut *first), ["in first"]);
    // The same statements, now cached, read the database switched to.
    let second_name = second.name.clone();
    first.execute_raw(&format!("USE `{second_name}`"))?;
    assert_eq!(owner_names(&mut *first), ["in second"]);
    first.execute(&add_owner("added"))?;
    assert_eq!(owner_names(&mut *second), ["in second", "added"]);
    let first_name = first.name.clone();
    first.execute_raw(&format!("use `{first_name}`"))?;
    assert_eq!(owner_names(&mut *first), ["in first"]);
    Ok(())
}

// ----- keys -------------------------------------------------------------------------------------

#[test]
fn autoincrement_keys_count_from_one() -> Result<()> {
    let Some(mut db) = schema_db("autoinc") else { return Ok(()) };
    let ddl: Vec<String> = metadata().create_all_ddl(db.dialect())?.into_iter().map(|c| c.sql).collect();
    assert!(ddl[0].starts_with("CREATE TABLE owners (id INT AUTO_INCREMENT NOT NULL"), "{}", ddl[0]);
    for (n, name) in ["Ada", "Grace", "Edsger"].into_iter().enumerate() {
        assert_eq!(db.execute(&add_owner(name))?, 1);
        assert_eq!(db.conn().last_insert_id(), n as u64 + 1);
    }
    let ids: Vec<i64> = db
        .all(&select([owners::id]).order_by(owners::id))?
        .iter()
        .map(|r| r.get::<i64>("id"))
        .collect::<Result<_>>()?;
    assert_eq!(ids, [1, 2, 3]);
    Ok(())
}

// ----- values -----------------------------------------------------------------------------------

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("a valid date")
}

fn time(h: u8, m: u8, s: u8, us: u32) -> Time {
    Time::new(h, m, s, us).expect("a valid time")
}

fn decimal(s: &str) -> Decimal {
    s.parse().expect("a valid decimal")
}

const EVERY_COLUMN: [sqlcore::schema::Col; 17] = [
    everything::id,
    everything::small,
    everything::int,
    everything::big,
    everything::real,
    everything::double,
    everything::numeric,
    everything::text,
    everything::varchar,
    everything::chr,
    everything::flag,
    everything::day,
    everything::clock,
    everything::stamp,
    everything::instant,
    everything::blob,
    everything::json,
];

/// Rows of `everything`, as bound.
fn sample_rows() -> Vec<Vec<Value>> {
    let all_bytes: Vec<u8> = (0..=255).collect();
    let nasty = "héllo 世界 🦀👍🏽 'single' \"double\" back\\slash \\' \\0 % _ \t\n\r end";
    vec![
        // Minimum values.
        vec![
            Value::Int(1),
            Value::Int(i64::from(i16::MIN)),
            Value::Int(i64::from(i32::MIN)),
            Value::Int(i64::MIN),
            Value::Float(-16_777_216.0),
            Value::Float(-f64::MAX),
            Value::Decimal(decimal("-12345678901234.123456")),
            Value::Text(Default::default()),
            Value::Text(Default::default()),
            Value::Text("a".into()),
            Value::Bool(false),
            Value::Date(date(1000, 1, 1)),
            Value::Time(time(0, 0, 0, 0)),
            Value::Timestamp(Timestamp::new(date(1000, 1, 1), time(0, 0, 0, 0))),
            Value::TimestampTz(Timestamp::new(date(1000, 1, 1), time(0, 0, 0, 0))),
            Value::Bytes(Vec::new()),
            Value::Text("[]".into()),
        ],
        // Maximum values.
        vec![
            Value::Int(2),
            Value::Int(i64::from(i16::MAX)),
            Value::Int(i64::from(i32::MAX)),
            Value::Int(i64::MAX),
            Value::Float(f64::from(1.0e30f32)),
            Value::Float(f64::MAX),
            Value::Decimal(decimal("99999999999999.999999")),
            Value::Text(nasty.into()),
            Value::Text(("x".repeat(49) + "🦀").into()),
            Value::Text("ünï".into()),
            Value::Bool(true),
            Value::Date(date(9999, 12, 31)),
            Value::Time(time(23, 59, 59, 999_999)),
            Value::Timestamp(Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999))),
            Value::TimestampTz(Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999))),
            Value::Bytes(all_bytes),
            Value::Text(r#"{"a": [1, 2.5, "x"], "b": null, "c": "🦀 \" \\"}"#.into()),
        ],
        // Ordinary values.
        vec![
            Value::Int(3),
            Value::Int(-7),
            Value::Int(0),
            Value::Int(5_000_000_000),
            Value::Float(0.15625),
            Value::Float(0.1),
            Value::Decimal(decimal("0.000001")),
            Value::Text("line one\nline two".into()),
            Value::Text("Varchar".into()),
            Value::Text("abc".into()),
            Value::Bool(true),
            Value::Date(date(2024, 2, 29)),
            Value::Time(time(13, 5, 9, 250_001)),
            Value::Timestamp(Timestamp::new(date(2024, 2, 29), time(13, 5, 9, 123_456))),
            Value::TimestampTz(Timestamp::new(date(2024, 2, 29), time(23, 59, 59, 1))),
            Value::Bytes(b"\0\\'\"\x1a".to_vec()),
            Value::Text(r#"{"n": 1}"#.into()),
        ],
        // NULL in every column.
        std::iter::once(Value::Int(4)).chain(std::iter::repeat_n(Value::Null, 16)).collect(),
    ]
}

/// What reading `bound` back gives: the same value. MySQL has no boolean or zone-aware type
/// (it returns 0 / 1 and an instant's UTC wall clock), and the driver reads them back as the
/// kinds the columns' types say.
fn as_read(bound: &Value) -> Value {
    bound.clone()
}

#[test]
fn every_type_round_trips_as_a_bound_parameter() -> Result<()> {
    let Some(mut db) = schema_db("types") else { return Ok(()) };
    for row in sample_rows() {
        let mut stmt = insert(everything::table());
        for (column, value) in EVERY_COLUMN.iter().zip(&row) {
            stmt = stmt.value(*column, value.clone());
        }
        assert_eq!(db.execute(&stmt)?, 1);
    }
    for row in sample_rows() {
        let read = db.one(&select(EVERY_COLUMN).filter(everything::id.eq(row[0].clone())))?;
        for ((column, bound), got) in EVERY_COLUMN.iter().zip(&row).zip(read.values()) {
            assert_eq!(got, &as_read(bound), "column {column:?} of row {:?}", row[0]);
        }
    }

    // The values read back also read as Rust types.
    let row = db.one(&select([star()]).from(everything::table()).filter(everything::id.eq(2)))?;
    assert_eq!(row.get::<i16>("small")?, i16::MAX);
    assert_eq!(row.get::<i32>("int")?, i32::MAX);
    assert_eq!(row.get::<i64>("big")?, i64::MAX);
    assert_eq!(row.get::<f32>("real")?, 1.0e30f32);
    assert!(row.get::<bool>("flag")?);
    assert_eq!(row.get::<Date>("day")?, date(9999, 12, 31));
    assert_eq!(row.get::<Time>("clock")?, time(23, 59, 59, 999_999));
    assert_eq!(row.get::<Timestamp>("instant")?, Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999)));
    assert_eq!(row.get::<Vec<u8>>("blob")?.len(), 256);
    let nulls = db.one(&select([star()]).from(everything::table()).filter(everything::id.eq(4)))?;
    assert_eq!(nulls.get::<Option<bool>>("flag")?, None);
    assert_eq!(nulls.get::<Option<Decimal>>("numeric")?, None);

    // Bound values compare equal to what is stored.
    let found = db.scalar::<i64>(
        &select([everything::id])
            .filter(everything::text.eq("line one\nline two"))
            .filter(everything::stamp.eq(Value::Timestamp(Timestamp::new(date(2024, 2, 29), time(13, 5, 9, 123_456)))))
            .filter(everything::numeric.eq(Value::Decimal(decimal("0.000001")))),
    )?;
    assert_eq!(found, 3);
    Ok(())
}

#[test]
fn a_value_out_of_range_for_its_column_is_an_error_and_writes_nothing() -> Result<()> {
    let Some(mut db) = schema_db("range") else { return Ok(()) };
    // A bound value is checked against its column before anything is sent.
    let too_big = insert(everything::table()).value(everything::id, 1).value(everything::int, 1i64 << 40);
    assert!(matches!(db.execute(&too_big), Err(Error::ValueDoesNotFit { .. })));
    // A computed value reaches the server, whose strict sql_mode refuses it (no clamping).
    let computed = insert(everything::table()).value(everything::id, 1).value(everything::int, val(1i64 << 40).add(0));
    let sql = sql_of(&db, &computed);
    let result = db.execute(&computed);
    assert!(
        matches!(&result, Err(Error::Database(e))
            if e.sql.as_ref() == Some(&sql) && e.message.contains("Out of range") && e.message.contains("int")),
        "{result:?}"
    );
    let too_small = insert(everything::table()).value(everything::id, 1).value(everything::small, val(-40_000).add(0));
    assert!(matches!(db.execute(&too_small), Err(Error::Database { .. })));
    let too_precise = insert(everything::table())
        .value(everything::id, 1)
        .value(everything::numeric, val(Value::Decimal(decimal("123456789012345.5"))).add(0));
    assert!(matches!(db.execute(&too_precise), Err(Error::Database { .. })));
    let too_long =
        insert(everything::table()).value(everything::id, 1).value(everything::varchar, val("x".repeat(51)).concat(""));
    assert!(matches!(db.execute(&too_long), Err(Error::Database { .. })));
    assert_eq!(count(&mut *db, everything::table()), 0);
    Ok(())
}

#[test]
fn values_sqlcore_cannot_represent_are_clear_errors() -> Result<()> {
    let Some(mut db) = test_db("unreadable") else { return Ok(()) };
    let result = db.all(&select([text("CAST(18446744073709551615 AS UNSIGNED)")]));
    assert!(
        matches!(&result, Err(Error::Database(e)) if e.message.contains("18446744073709551615")
            && e.message.contains("does not fit")),
        "{result:?}"
    );
    assert_eq!(db.scalar_value(&select([text("CAST(9223372036854775807 AS UNSIGNED)")]))?, Value::Int(i64::MAX));
    for (sql, shown) in [("SEC_TO_TIME(-1)", "-0:00:01"), ("SEC_TO_TIME(90000)", "25:00:00")] {
        let result = db.all(&select([text(sql)]));
        assert!(
            matches!(&result, Err(Error::Database(e))
                if e.message.contains(shown) && e.message.contains("not a time of day")),
            "{sql}: {result:?}"
        );
    }
    let nan = db.all(&select([val(f64::NAN)]));
    assert!(matches!(&nan, Err(Error::InvalidValue { .. })), "{nan:?}");
    Ok(())
}

// ----- transactions -----------------------------------------------------------------------------

/// Committed for other connections too: the conformance suite sees one connection only.
#[test]
fn a_committed_transaction_is_visible_to_another_connection() -> Result<()> {
    let Some(mut db) = schema_db("commit") else { return Ok(()) };
    let mut tx = db.transaction()?;
    tx.execute(&add_owner("a"))?;
    tx.execute(&add_owner("b"))?;
    tx.commit()?;
    let Some(mut other) = test_db("commit_other") else { return Ok(()) };
    let name = db.name.clone();
    other.execute_raw(&format!("USE `{name}`"))?;
    assert_eq!(owner_names(&mut *other), ["a", "b"]);
    Ok(())
}
