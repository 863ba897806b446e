//! The MySQL / MariaDB driver against a live server.
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

/// Asserts `result` is an [`Error::Integrity`] carrying `sql` and a message containing `needle`.
fn assert_integrity<T: std::fmt::Debug>(result: Result<T>, sql: &str, needle: &str) {
    assert!(
        matches!(&result, Err(Error::Integrity(e)) if e.sql.as_deref() == Some(sql) && e.message.contains(needle)),
        "expected Error::Integrity carrying {sql:?} and mentioning {needle:?}, got {result:?}"
    );
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

// ----- schema -----------------------------------------------------------------------------------

#[test]
fn create_all_and_drop_all_create_and_remove_the_tables() -> Result<()> {
    let Some(mut db) = test_db("schema") else { return Ok(()) };
    // Which of the schema's tables exist: counting rows of a missing one is an error.
    let tables = |db: &mut TestDb| -> Vec<String> {
        metadata()
            .tables()
            .filter(|t| match db.all(&select([func::count_star()]).from((*t).clone())) {
                Ok(_) => true,
                Err(Error::Database(e))
                    if e.kind == DbErrorKind::UndefinedObject && e.message.contains("doesn't exist") =>
                {
                    false
                }
                Err(e) => panic!("counting rows of {}: {e}", t.name()),
            })
            .map(|t| t.name().to_string())
            .collect()
    };
    assert!(tables(&mut db).is_empty());
    let md = metadata();
    db.create_all(&md)?;
    assert_eq!(tables(&mut db), ["owners", "pets", "everything"]);
    // Creating again fails: the tables exist.
    let again = db.create_all(&md);
    assert!(matches!(&again, Err(Error::Database(e)) if e.message.contains("already exists")), "{again:?}");
    db.execute(&add_owner("Ada"))?;
    db.execute(&insert(pets::table()).value(pets::owner_id, 1).value(pets::name, "Rex").value(pets::legs, 4))?;
    // Dependents are dropped first, with rows in them.
    db.drop_all(&md)?;
    assert!(tables(&mut db).is_empty());
    db.create_all(&md)?;
    assert_eq!(tables(&mut db).len(), 3);
    Ok(())
}

// ----- statements -------------------------------------------------------------------------------

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

#[test]
fn execute_returns_the_rows_affected_counting_matched_rows() -> Result<()> {
    let Some(mut db) = schema_db("affected") else { return Ok(()) };
    let three = insert(owners::table()).columns([owners::name]).rows([("a",), ("b",), ("c",)]);
    assert_eq!(db.execute(&three)?, 3);
    assert_eq!(db.execute(&update(owners::table()).set(owners::name, "B").filter(owners::id.eq(2)))?, 1);
    // Setting a value to itself still counts the row (CLIENT_FOUND_ROWS), as on the other
    // engines; MySQL would otherwise report 0 changed rows.
    assert_eq!(db.execute(&update(owners::table()).set(owners::name, owners::name).filter(owners::id.le(2)))?, 2);
    assert_eq!(db.execute(&update(owners::table()).set(owners::name, "x").filter(owners::id.eq(99)))?, 0);
    assert_eq!(db.execute(&delete(owners::table()).filter(owners::id.ge(2)))?, 2);
    assert_eq!(owner_names(&mut *db), ["a"]);
    Ok(())
}

#[test]
fn all_first_one_and_scalar_read_rows() -> Result<()> {
    let Some(mut db) = schema_db("reads") else { return Ok(()) };
    db.execute(&insert(owners::table()).columns([owners::name]).rows([("Ada",), ("Grace",), ("Edsger",)]))?;

    let q = select([owners::id, owners::name]).order_by(owners::id);
    let rows = db.all(&q)?;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].columns(), ["id", "name"]);
    assert_eq!(rows[2].values(), [Value::Int(3), Value::Text("Edsger".into())]);

    let first = db.first(&q)?.expect("a first row");
    assert_eq!(first.get::<String>("name")?, "Ada");
    assert!(db.first(&select([owners::id]).filter(owners::id.eq(99)))?.is_none());
    assert!(db.all(&select([owners::id]).filter(owners::id.eq(99)))?.is_empty());

    let one = db.one(&select([owners::name]).filter(owners::id.eq(2)))?;
    assert_eq!(one.get::<String>(0)?, "Grace");
    assert!(matches!(db.one(&select([owners::id]).filter(owners::id.eq(99))), Err(Error::NoRows)));
    assert!(matches!(db.one(&select([owners::id])), Err(Error::TooManyRows(3))));

    assert_eq!(db.scalar::<i64>(&select([func::count_star()]).from(owners::table()))?, 3);
    assert_eq!(db.scalar::<String>(&select([owners::name]).filter(owners::id.eq(3)))?, "Edsger");
    assert_eq!(db.scalar::<Option<String>>(&select([owners::name]).filter(owners::id.eq(9)))?, None);
    // SUM of integers is a DECIMAL in MySQL; it reads back as the integer it is, as on the
    // other engines (the statement types it as an integer).
    assert_eq!(db.scalar_value(&select([func::sum(owners::id)]).from(owners::table()))?, Value::Int(6));
    Ok(())
}

#[test]
fn limit_is_a_bound_parameter() -> Result<()> {
    let Some(mut db) = schema_db("limit") else { return Ok(()) };
    db.execute(&insert(owners::table()).columns([owners::name]).rows([("a",), ("b",), ("c",), ("d",)]))?;
    let q = select([owners::name]).order_by(owners::id).limit(2);
    let compiled = q.compile(db.dialect())?;
    assert_eq!(compiled.sql, "SELECT name FROM owners ORDER BY id LIMIT ?");
    assert_eq!(compiled.params, [Value::Int(2)]);
    let names: Vec<String> = db.all(&q)?.iter().map(|r| r.get::<String>(0)).collect::<Result<_>>()?;
    assert_eq!(names, ["a", "b"]);
    let page = select([owners::name]).order_by(owners::id).limit(2).offset(1);
    let names: Vec<String> = db.all(&page)?.iter().map(|r| r.get::<String>(0)).collect::<Result<_>>()?;
    assert_eq!(names, ["b", "c"]);
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

// ----- errors -----------------------------------------------------------------------------------

#[test]
fn constraint_violations_are_integrity_errors_carrying_the_sql() -> Result<()> {
    let Some(mut db) = schema_db("integrity") else { return Ok(()) };
    db.execute(&add_owner("Ada"))?;
    let pet = |owner: i64, legs: i64| {
        insert(pets::table()).value(pets::owner_id, owner).value(pets::name, "Rex").value(pets::legs, legs)
    };
    db.execute(&pet(1, 4))?;

    let dup = add_owner("Ada");
    assert_integrity(db.execute(&dup), &sql_of(&db, &dup), "Duplicate entry");
    let dup_key = insert(owners::table()).value(owners::id, 1).value(owners::name, "Other");
    assert_integrity(db.execute(&dup_key), &sql_of(&db, &dup_key), "Duplicate entry");

    let orphan = pet(999, 4);
    assert_integrity(db.execute(&orphan), &sql_of(&db, &orphan), "foreign key constraint fails");
    let referenced = delete(owners::table()).filter(owners::id.eq(1));
    assert_integrity(db.execute(&referenced), &sql_of(&db, &referenced), "foreign key constraint fails");

    let no_name = insert(owners::table()).value(owners::name, None::<&str>);
    assert_integrity(db.execute(&no_name), &sql_of(&db, &no_name), "cannot be null");
    let null_update = update(owners::table()).set(owners::name, None::<&str>).filter(owners::id.eq(1));
    assert_integrity(db.execute(&null_update), &sql_of(&db, &null_update), "cannot be null");
    // A NOT NULL column without a default left out of the insert.
    let missing = insert(pets::table()).value(pets::owner_id, 1).value(pets::legs, 2);
    assert_integrity(db.execute(&missing), &sql_of(&db, &missing), "name");

    let negative = pet(1, -1);
    assert_integrity(db.execute(&negative), &sql_of(&db, &negative), "CONSTRAINT");

    assert_eq!(owner_names(&mut *db), ["Ada"]);
    assert_eq!(count(&mut *db, pets::table()), 1);
    Ok(())
}

#[test]
fn other_failures_are_database_errors_with_the_server_message() -> Result<()> {
    let Some(mut db) = test_db("dberrors") else { return Ok(()) };
    let result = db.execute_raw("SELEC 1");
    assert!(
        matches!(&result, Err(Error::Database(e))
            if e.sql.as_deref() == Some("SELEC 1") && e.message.contains("1064") && e.message.contains("SQL syntax")
                && e.kind == DbErrorKind::Syntax && e.code == Some(1064) && e.sqlstate.as_deref() == Some("42000")),
        "{result:?}"
    );
    let q = select([owners::id]);
    let result = db.all(&q);
    assert!(
        matches!(&result, Err(Error::Database(e))
            if e.sql == Some(sql_of(&db, &q)) && e.message.contains("owners") && e.message.contains("doesn't exist")
                && e.kind == DbErrorKind::UndefinedObject),
        "{result:?}"
    );
    // The connection is still usable.
    assert_eq!(db.scalar::<i64>(&select([val(1).label("one")]))?, 1);
    Ok(())
}

// ----- transactions -----------------------------------------------------------------------------

#[test]
fn committed_transaction_keeps_its_changes() -> Result<()> {
    let Some(mut db) = schema_db("commit") else { return Ok(()) };
    let mut tx = db.transaction()?;
    assert_eq!(tx.transaction_depth(), 1);
    tx.execute(&add_owner("a"))?;
    tx.execute(&add_owner("b"))?;
    assert_eq!(owner_names(&mut tx), ["a", "b"]);
    tx.commit()?;
    assert_eq!(owner_names(&mut *db), ["a", "b"]);
    // Committed for other connections too.
    let Some(mut other) = test_db("commit_other") else { return Ok(()) };
    let name = db.name.clone();
    other.execute_raw(&format!("USE `{name}`"))?;
    assert_eq!(owner_names(&mut *other), ["a", "b"]);
    Ok(())
}

#[test]
fn rolled_back_transaction_undoes_its_changes() -> Result<()> {
    let Some(mut db) = schema_db("rollback") else { return Ok(()) };
    db.execute(&add_owner("before"))?;
    let mut tx = db.transaction()?;
    tx.execute(&add_owner("a"))?;
    tx.execute(&update(owners::table()).set(owners::name, "changed").filter(owners::id.eq(1)))?;
    tx.rollback()?;
    assert_eq!(owner_names(&mut *db), ["before"]);
    Ok(())
}

#[test]
fn dropping_a_transaction_without_commit_rolls_it_back() -> Result<()> {
    let Some(mut db) = schema_db("txdrop") else { return Ok(()) };
    {
        let mut tx = db.transaction()?;
        tx.execute(&add_owner("a"))?;
        assert_eq!(owner_names(&mut tx), ["a"]);
    }
    assert!(owner_names(&mut *db).is_empty());
    // The connection is usable, and outside any transaction, afterwards.
    db.execute(&add_owner("after"))?;
    assert_eq!(owner_names(&mut *db), ["after"]);
    Ok(())
}

#[test]
fn nested_transaction_is_a_savepoint() -> Result<()> {
    let Some(mut db) = schema_db("savepoint") else { return Ok(()) };
    let mut outer = db.transaction()?;
    outer.execute(&add_owner("outer"))?;
    {
        let mut inner = outer.transaction()?;
        assert_eq!(inner.transaction_depth(), 2);
        inner.execute(&add_owner("inner"))?;
        assert_eq!(owner_names(&mut inner), ["outer", "inner"]);
        inner.rollback()?;
    }
    {
        let mut kept = outer.transaction()?;
        kept.execute(&add_owner("kept"))?;
        kept.commit()?;
    }
    {
        let mut dropped = outer.transaction()?;
        dropped.execute(&add_owner("dropped"))?;
    }
    assert_eq!(owner_names(&mut outer), ["outer", "kept"]);
    outer.commit()?;
    assert_eq!(owner_names(&mut *db), ["outer", "kept"]);
    Ok(())
}

#[test]
fn failed_statement_inside_a_transaction_then_rollback_writes_nothing() -> Result<()> {
    let Some(mut db) = schema_db("txfail") else { return Ok(()) };
    let mut tx = db.transaction()?;
    tx.execute(&add_owner("a"))?;
    let failed = tx.execute(&add_owner("a"));
    assert!(matches!(failed, Err(Error::Integrity { .. })), "{failed:?}");
    let out_of_range =
        insert(everything::table()).value(everything::id, 1).value(everything::int, val(1i64 << 40).add(0));
    assert!(matches!(tx.execute(&out_of_range), Err(Error::Database { .. })));
    // MySQL undoes only the failed statement: the transaction still holds the first row.
    assert_eq!(owner_names(&mut tx), ["a"]);
    tx.rollback()?;
    assert!(owner_names(&mut *db).is_empty());
    assert_eq!(count(&mut *db, everything::table()), 0);
    Ok(())
}

// ----- logging ----------------------------------------------------------------------------------
