//! The PostgreSQL driver against a live server: what only PostgreSQL does (its URL, its
//! version, identity keys, every type through its parameter encoding, its own types, the
//! prepared-statement cache, a closed connection). Everything every driver does the same way
//! (rows affected, all / first / one / scalar, transactions and savepoints, the aborted
//! transaction after a failure, integrity and other errors with their SQLSTATEs, LIMIT
//! binding, reading rows, create_all / drop_all) is in `tests/driver_conformance.rs`.
//!
//! The server is `SQLCORE_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
//! When it cannot be reached each test prints `SKIP: ...` and passes, unless
//! `SQLCORE_REQUIRE_SERVERS=1`, which turns that into a failure. Tests run concurrently, each
//! on its own connection inside a schema of its own that is dropped at the end.

use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

use sqlcore::compile::Version;
use sqlcore::prelude::*;
use sqlcore::{Date, Decimal, Time, Timestamp};
use sqlcore_postgres::PostgresConnection;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

sqlcore::table! {
    /// Named accounts; the id is an identity column.
    pub accounts {
        id: Integer => primary_key();
        name: Varchar(40) => not_null(), unique();
    }
}

sqlcore::table! {
    /// Entries on an account, with a positive amount.
    pub entries {
        id: BigInt => primary_key();
        account_id: Integer => not_null(), references(accounts::id), on_delete(Cascade);
        amount: Integer => not_null(), check(col("amount").gt(0));
        memo: Text;
    }
}

sqlcore::table! {
    /// One column of every type sqlcore declares.
    pub kinds {
        id: Integer => primary_key(), autoincrement(false);
        n_small: SmallInt;
        n_int: Integer;
        n_big: BigInt;
        f_real: Real;
        f_double: Double;
        dec: Numeric(20, 6);
        money: Numeric(10, 2);
        txt: Text;
        vc: Varchar(20);
        ch: Char(5);
        flag: Boolean;
        day: Date;
        clock: Time;
        ts: Timestamp;
        tstz: TimestampTz;
        blob: Blob;
        doc: Json;
    }
}

sqlcore::table! {
    /// Columns of PostgreSQL-only types; created by hand in `extras_db` (an enum, a domain,
    /// uuid, jsonb, interval), so the declared types here only name the columns.
    pub extras {
        id: Integer => primary_key();
        mood: Text;
        positive: Integer;
        uid: Text;
        body: Json;
        span: Text;
    }
}

fn server_url() -> String {
    std::env::var("SQLCORE_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

/// A connection working in a schema of its own (its `search_path`), which is dropped with
/// everything in it when this is dropped.
struct TestDb {
    conn: PostgresConnection,
    schema: String,
}

/// Connects and creates the schema `sqlcore_<tag>_<pid>`; `None` (after printing `SKIP`)
/// when the server is unreachable and not required.
fn test_db(tag: &str) -> Option<TestDb> {
    let url = server_url();
    let mut conn = match PostgresConnection::connect(&url) {
        Ok(conn) => conn,
        Err(e) => {
            assert!(
                std::env::var("SQLCORE_REQUIRE_SERVERS").as_deref() != Ok("1"),
                "SQLCORE_REQUIRE_SERVERS=1 but PostgreSQL is not reachable at {url}: {e}"
            );
            eprintln!("SKIP: PostgreSQL not reachable at {url}: {e}");
            return None;
        }
    };
    let schema = format!("sqlcore_{tag}_{}", std::process::id());
    conn.execute_raw(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; SET search_path TO {schema}"
    ))
    .expect("create the test schema");
    Some(TestDb { conn, schema })
}

impl Deref for TestDb {
    type Target = PostgresConnection;
    fn deref(&self) -> &PostgresConnection {
        &self.conn
    }
}

impl DerefMut for TestDb {
    fn deref_mut(&mut self) -> &mut PostgresConnection {
        &mut self.conn
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let drop_schema = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema);
        // A failed test can leave a transaction open (or aborted): end it first. ROLLBACK
        // outside a transaction is only a warning.
        let dropped = self.conn.execute_raw("ROLLBACK").and_then(|()| self.conn.execute_raw(&drop_schema));
        if dropped.is_err() {
            // The connection is gone (a test closes it on purpose): clean up from a new one.
            if let Ok(mut fresh) = PostgresConnection::connect(&server_url()) {
                let _ = fresh.execute_raw(&drop_schema);
            }
        }
    }
}

/// `accounts` and `entries`, created.
fn ledger_db(tag: &str) -> Option<TestDb> {
    let mut db = test_db(tag)?;
    db.create_all(&ledger_metadata()).expect("create the ledger tables");
    Some(db)
}

fn ledger_metadata() -> MetaData {
    let mut md = MetaData::new();
    md.add(accounts::table()).expect("distinct tables");
    md.add(entries::table()).expect("distinct tables");
    md
}

fn add_account(name: &str) -> sqlcore::stmt::Insert {
    insert(accounts::table()).value(accounts::name, name)
}

/// Asserts `result` is an [`Error::Integrity`] with SQLSTATE `code` in its message, carrying
/// `stmt`'s SQL.
fn assert_integrity<T: std::fmt::Debug>(db: &TestDb, result: Result<T>, stmt: &dyn Compile, code: &str) {
    let sql = stmt.compile(db.dialect()).expect("compiles").sql;
    assert!(
        matches!(&result, Err(Error::Integrity(e))
            if e.sql.as_ref() == Some(&sql) && e.message.contains(code) && e.sqlstate.as_deref() == Some(code)),
        "expected Error::Integrity {code} carrying {sql:?}, got {result:?}"
    );
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("a valid date")
}

fn time(h: u8, m: u8, s: u8, micro: u32) -> Time {
    Time::new(h, m, s, micro).expect("a valid time")
}

fn decimal(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn as_decimal_text(value: &Value) -> String {
    match value {
        Value::Decimal(d) => d.as_str().to_string(),
        other => panic!("expected a decimal, got {other:?}"),
    }
}

// ----- 1. connecting --------------------------------------------------------------------------

#[test]
fn the_dialect_version_comes_from_the_server() -> Result<()> {
    let Some(mut db) = test_db("version") else { return Ok(()) };
    assert_eq!(db.dialect().name(), "postgresql");
    let num: String = db.scalar(&select([text("current_setting('server_version_num')")]))?;
    let num: u32 = num.parse().expect("server_version_num is a number");
    // Since PostgreSQL 10 the number is major * 10000 + minor.
    assert!(num >= 100_000, "this test expects PostgreSQL 10 or later, found {num}");
    let (major, minor) = (u16::try_from(num / 10_000).expect("small"), u16::try_from(num % 10_000).expect("small"));
    assert_eq!(db.dialect().version(), Version(major, minor, 0));
    Ok(())
}

#[test]
fn a_refused_connection_is_a_quick_database_error_without_the_password() {
    let started = Instant::now();
    let result = PostgresConnection::connect("postgres://postgres:s3cret@127.0.0.1:1/test");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    let Err(err) = result else { panic!("connected to port 1") };
    assert!(
        matches!(&err, Error::Database(e)
            if e.sql.is_none() && e.source.is_some() && e.kind == DbErrorKind::Connection && e.message.starts_with("could not connect to PostgreSQL at postgres://postgres:***@127.0.0.1:1/test: ")
                && e.message.contains("Connection refused")),
        "{err:?}"
    );
    assert!(!err.to_string().contains("s3cret"), "{err}");
    assert!(!format!("{err:?}").contains("s3cret"), "{err:?}");

    let err = PostgresConnection::connect("postgres://127.0.0.1:notaport/test").expect_err("not a URL");
    assert!(
        matches!(&err, Error::Database(e) if e.message.starts_with("invalid PostgreSQL connection string")),
        "{err:?}"
    );
}

// ----- 2. schema -------------------------------------------------------------------------------

#[test]
fn create_all_makes_identity_keys_counting_from_one() -> Result<()> {
    let Some(mut db) = test_db("create") else { return Ok(()) };
    let md = ledger_metadata();
    let ddl: Vec<String> = md.create_all_ddl(db.dialect())?.into_iter().map(|c| c.sql).collect();
    assert_eq!(
        ddl[0],
        "CREATE TABLE accounts (id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
         name VARCHAR(40) NOT NULL UNIQUE, PRIMARY KEY (id))"
    );
    db.create_all(&md)?;

    // Rows inserted without an id get 1, 2, 3 from the identity.
    for name in ["ann", "bob", "cy"] {
        assert_eq!(db.execute(&add_account(name))?, 1);
    }
    let ids: Vec<i64> = db
        .all(&select([accounts::id]).order_by(accounts::id))?
        .iter()
        .map(|r| r.get::<i64>("id"))
        .collect::<Result<_>>()?;
    assert_eq!(ids, [1, 2, 3]);
    // The BIGINT key of entries is an identity too.
    for amount in [5, 6] {
        db.execute(&insert(entries::table()).value(entries::account_id, 2).value(entries::amount, amount))?;
    }
    let entry_ids = db.all(&select([entries::id, entries::amount]).order_by(entries::id))?;
    assert_eq!(entry_ids[1].values(), [Value::Int(2), Value::Int(6)]);

    Ok(())
}

// ----- 3. every type ---------------------------------------------------------------------------

/// The column handles of `kinds` after `id`, in declaration order.
fn kinds_columns() -> [sqlcore::schema::Col; 17] {
    [
        kinds::n_small,
        kinds::n_int,
        kinds::n_big,
        kinds::f_real,
        kinds::f_double,
        kinds::dec,
        kinds::money,
        kinds::txt,
        kinds::vc,
        kinds::ch,
        kinds::flag,
        kinds::day,
        kinds::clock,
        kinds::ts,
        kinds::tstz,
        kinds::blob,
        kinds::doc,
    ]
}

fn insert_kinds(db: &mut TestDb, id: i64, values: &[Value]) -> Result<u64> {
    let mut q = insert(kinds::table()).value(kinds::id, id);
    for (column, value) in kinds_columns().into_iter().zip(values) {
        q = q.value(column, value.clone());
    }
    db.execute(&q)
}

fn kinds_db(tag: &str) -> Option<TestDb> {
    let mut db = test_db(tag)?;
    db.create_all(&MetaData::new().with(kinds::table()).expect("one table")).expect("create kinds");
    Some(db)
}

#[test]
fn every_type_round_trips_through_bound_parameters() -> Result<()> {
    let Some(mut db) = kinds_db("types") else { return Ok(()) };
    let all_bytes: Vec<u8> = (0..=255).collect();
    let text = "Ünïcødé ✓ 'single' \"double\" \\ back; 😀";
    let rows: [Vec<Value>; 3] = [
        vec![
            Value::Int(i64::from(i16::MIN)),
            Value::Int(i64::from(i32::MIN)),
            Value::Int(i64::MIN),
            Value::Float(-0.25),
            Value::Float(-1.0e-300),
            Value::Decimal(decimal("-12345678901234.123456")),
            Value::Decimal(decimal("12.30")),
            Value::Text(text.into()),
            Value::Text("it's".into()),
            Value::Text("ab".into()),
            Value::Bool(true),
            Value::Date(date(1, 1, 1)),
            Value::Time(time(0, 0, 0, 0)),
            Value::Timestamp(Timestamp::new(date(1, 1, 1), time(0, 0, 0, 0))),
            Value::TimestampTz(Timestamp::new(date(1970, 1, 1), time(0, 0, 0, 1))),
            Value::Bytes(all_bytes.clone()),
            Value::Text(r#"{"b": [1, 2.5, "x"], "a": null}"#.into()),
        ],
        vec![
            Value::Int(i64::from(i16::MAX)),
            Value::Int(i64::from(i32::MAX)),
            Value::Int(i64::MAX),
            Value::Float(f64::from(f32::MAX)),
            Value::Float(f64::MAX),
            Value::Decimal(decimal("0.000001")),
            Value::Decimal(decimal("-99999999.99")),
            Value::Text(Default::default()),
            Value::Text("twenty chars exactly".into()),
            Value::Text("fives".into()),
            Value::Bool(false),
            Value::Date(date(9999, 12, 31)),
            Value::Time(time(23, 59, 59, 999_999)),
            Value::Timestamp(Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999))),
            Value::TimestampTz(Timestamp::new(date(2024, 2, 29), time(13, 5, 9, 250_000))),
            Value::Bytes(Vec::new()),
            Value::Text("[]".into()),
        ],
        vec![
            Value::Int(0),
            Value::Int(-1),
            Value::Int(5_000_000_000),
            Value::Float(f64::from(f32::MIN_POSITIVE)),
            Value::Float(5e-324),
            Value::Decimal(decimal("0")),
            Value::Decimal(decimal("0.01")),
            Value::Text("line\nbreak\ttab".into()),
            Value::Text("ü".into()),
            Value::Text("     ".into()),
            Value::Bool(true),
            Value::Date(date(2024, 2, 29)),
            Value::Time(time(12, 34, 56, 1)),
            Value::Timestamp(Timestamp::new(date(2024, 2, 29), time(13, 5, 9, 250_000))),
            Value::TimestampTz(Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999))),
            Value::Bytes(vec![0]),
            Value::Text("3.5".into()),
        ],
    ];
    for (id, values) in (1..).zip(&rows) {
        assert_eq!(insert_kinds(&mut db, id, values)?, 1);
    }

    let read = db.all(&select([star()]).from(kinds::table()).order_by(kinds::id))?;
    assert_eq!(read.len(), 3);
    let names: Vec<String> = kinds_columns().iter().map(|c| c.name.to_string()).collect();
    assert_eq!(read[0].columns()[1..], names[..]);
    for ((id, row), expected) in (1..).zip(&read).zip(&rows) {
        assert_eq!(row.values()[0], Value::Int(id));
        let mut expected = expected.clone();
        // CHAR(5) is blank-padded.
        if let Value::Text(s) = &mut expected[9] {
            *s = format!("{s:<5}").into();
        }
        assert_eq!(row.values()[1..], expected[..], "row {id}");
    }
    // NUMERIC keeps the column's scale: the digits come back as PostgreSQL prints them.
    let scaled: Vec<(String, String)> = read
        .iter()
        .map(|r| Ok((as_decimal_text(r.value("dec")?), as_decimal_text(r.value("money")?))))
        .collect::<Result<_>>()?;
    assert_eq!(
        scaled,
        [
            ("-12345678901234.123456".to_string(), "12.30".to_string()),
            ("0.000001".to_string(), "-99999999.99".to_string()),
            ("0.000000".to_string(), "0.01".to_string()),
        ]
    );

    // The same values bound in WHERE clauses find their rows.
    let find = |db: &mut TestDb, condition: Expr| -> Result<Vec<i64>> {
        db.all(&select([kinds::id]).filter(condition).order_by(kinds::id))?.iter().map(|r| r.get::<i64>(0)).collect()
    };
    assert_eq!(find(&mut db, kinds::n_small.eq(i16::MIN))?, [1]);
    assert_eq!(find(&mut db, kinds::n_big.eq(i64::MAX))?, [2]);
    assert_eq!(find(&mut db, kinds::f_real.eq(-0.25))?, [1]);
    assert_eq!(find(&mut db, kinds::dec.eq(Value::from(decimal("0.000001"))))?, [2]);
    assert_eq!(find(&mut db, kinds::money.gt(Value::from(decimal("0"))))?, [1, 3]);
    assert_eq!(find(&mut db, kinds::txt.eq(text))?, [1]);
    assert_eq!(find(&mut db, kinds::flag.eq(true))?, [1, 3]);
    assert_eq!(find(&mut db, kinds::day.eq(Value::from(date(2024, 2, 29))))?, [3]);
    assert_eq!(find(&mut db, kinds::clock.lt(Value::from(time(1, 0, 0, 0))))?, [1]);
    assert_eq!(find(&mut db, kinds::ts.eq(Value::from(Timestamp::new(date(1, 1, 1), time(0, 0, 0, 0)))))?, [1]);
    let instant = Value::TimestampTz(Timestamp::new(date(2024, 2, 29), time(13, 5, 9, 250_000)));
    assert_eq!(find(&mut db, kinds::tstz.eq(instant))?, [2]);
    assert_eq!(find(&mut db, kinds::blob.eq(all_bytes))?, [1]);
    Ok(())
}

#[test]
fn null_round_trips_in_every_type() -> Result<()> {
    let Some(mut db) = kinds_db("nulls") else { return Ok(()) };
    assert_eq!(insert_kinds(&mut db, 1, &vec![Value::Null; 17])?, 1);
    let row = db.one(&select([star()]).from(kinds::table()))?;
    assert_eq!(row.values()[0], Value::Int(1));
    assert_eq!(row.values()[1..], vec![Value::Null; 17][..]);
    assert_eq!(row.get::<Option<Decimal>>("dec")?, None);
    assert_eq!(row.get::<Option<Timestamp>>("tstz")?, None);
    assert_eq!(row.get::<Option<Vec<u8>>>("blob")?, None);
    Ok(())
}

#[test]
fn values_convert_to_the_parameter_type_the_server_expects() -> Result<()> {
    let Some(mut db) = kinds_db("convert") else { return Ok(()) };
    let q = insert(kinds::table())
        .value(kinds::id, 1)
        .value(kinds::f_real, 3) // integer into real
        .value(kinds::f_double, Value::from(decimal("2.5"))) // decimal into double precision
        .value(kinds::dec, 5) // integer into numeric: the column's scale is added
        .value(kinds::money, 0.5) // float into numeric
        .value(kinds::txt, 42) // integer into text
        .value(kinds::vc, Value::from(decimal("1.50"))) // decimal into varchar
        .value(kinds::flag, 1) // 0 / 1 into boolean
        .value(kinds::n_int, 7.0); // an integral float into integer
    assert_eq!(db.execute(&q)?, 1);
    let row = db.one(&select([
        kinds::f_real,
        kinds::f_double,
        kinds::dec,
        kinds::money,
        kinds::txt,
        kinds::vc,
        kinds::flag,
        kinds::n_int,
    ]))?;
    assert_eq!(
        row.values(),
        [
            Value::Float(3.0),
            Value::Float(2.5),
            Value::Decimal(decimal("5")),
            Value::Decimal(decimal("0.5")),
            Value::Text("42".into()),
            Value::Text("1.50".into()),
            Value::Bool(true),
            Value::Int(7),
        ]
    );
    assert_eq!(as_decimal_text(row.value("dec")?), "5.000000");
    assert_eq!(as_decimal_text(row.value("money")?), "0.50");

    // NaN and the infinities: double precision holds them all.
    for (id, f) in [(2, f64::NAN), (3, f64::INFINITY), (4, f64::NEG_INFINITY)] {
        db.execute(&insert(kinds::table()).value(kinds::id, id).value(kinds::f_double, f))?;
        let read = db.scalar_value(&select([kinds::f_double]).filter(kinds::id.eq(id)))?;
        let Value::Float(read) = read else { panic!("expected a float, got {read:?}") };
        assert!(read.to_bits() == f.to_bits() || (read.is_nan() && f.is_nan()), "{read} for {f}");
    }
    // NaN and the infinities are not numbers a NUMERIC column holds on every engine: the
    // builders refuse them before anything is sent...
    let err = db.execute(&update(kinds::table()).set(kinds::dec, f64::NAN).filter(kinds::id.eq(2)));
    assert!(matches!(err, Err(Error::ValueDoesNotFit { .. })), "{err:?}");
    // ...while PostgreSQL's own numeric holds NaN (through text() SQL), read back as a float,
    // having no decimal form.
    db.execute(&text("UPDATE kinds SET dec = :v WHERE id = 2").bind("v", f64::NAN))?;
    let read = db.scalar_value(&select([kinds::dec]).filter(kinds::id.eq(2)))?;
    assert!(matches!(read, Value::Float(f) if f.is_nan()), "{read:?}");
    // A numeric with a precision cannot hold an infinity: the server says so.
    let err = db.execute(&text("UPDATE kinds SET dec = :v WHERE id = 3").bind("v", f64::INFINITY));
    assert!(matches!(&err, Err(Error::Database(e)) if e.message.contains("22003")), "{err:?}");
    // An unconstrained numeric holds both infinities (PostgreSQL 14 and later).
    let row = db.one(&select([
        text("CAST('Infinity' AS numeric)"),
        text("CAST(:x AS numeric)").bind("x", f64::NEG_INFINITY),
        text("CAST(:x AS numeric)").bind("x", 0.1),
    ]))?;
    assert_eq!(
        row.values(),
        [Value::Float(f64::INFINITY), Value::Float(f64::NEG_INFINITY), Value::Decimal(decimal("0.1"))]
    );
    Ok(())
}

#[test]
fn an_integer_is_range_checked_against_the_column_type_and_nothing_is_written() -> Result<()> {
    let Some(mut db) = kinds_db("range") else { return Ok(()) };
    // In range, an i64 binds to INTEGER and SMALLINT.
    let ok =
        insert(kinds::table()).value(kinds::id, 1).value(kinds::n_int, 2_000_000_000i64).value(kinds::n_small, -7i64);
    assert_eq!(db.execute(&ok)?, 1);

    // A value given to a column through the builders is checked against the column first...
    let direct = insert(kinds::table()).value(kinds::id, 2).value(kinds::n_int, 3_000_000_000i64);
    assert!(matches!(db.execute(&direct), Err(Error::ValueDoesNotFit { .. })));
    // ...and the driver checks every parameter against the type the server expects, here
    // reached through text() SQL, which the core does not type.
    let raw = |id: i64, column: &str, value: Value| {
        text(format!("INSERT INTO kinds (id, {column}) VALUES (:id, :v)")).bind("id", id).bind("v", value)
    };
    let too_big = raw(2, "n_int", Value::Int(3_000_000_000));
    let sql = too_big.compile(db.dialect())?.sql;
    let err = db.execute(&too_big).expect_err("3e9 is not an int4");
    assert!(
        matches!(&err, Error::Database(e)
            if e.sql.as_ref() == Some(&sql) && e.kind == DbErrorKind::Conversion && e.message == "cannot bind parameter $2 to PostgreSQL type int4: integer 3000000000 is out of range for that type"),
        "{err:?}"
    );
    let err = db.execute(&raw(3, "n_small", Value::Int(40_000))).expect_err("40000 is not an int2");
    assert!(err.to_string().contains("int2: integer 40000 is out of range"), "{err}");
    let err = db.execute(&raw(4, "n_int", "abc".into())).expect_err("text is not an int4");
    assert!(err.to_string().contains("PostgreSQL type int4: text 'abc' is not a value of that type"), "{err}");
    let err = db.execute(&raw(5, "n_int", Value::Float(2.5))).expect_err("2.5 is not an integer");
    assert!(err.to_string().contains("int4: float 2.5"), "{err}");
    let err = db.execute(&raw(6, "flag", Value::Int(2))).expect_err("2 is not a bool");
    assert!(err.to_string().contains("bool: integer 2"), "{err}");
    let err = db.execute(&raw(7, "f_real", Value::Float(1e300))).expect_err("1e300 overflows real");
    assert!(err.to_string().contains("float4"), "{err}");

    // Nothing was sent for the refused rows, and inside a transaction the refusal does not
    // abort it: the value is checked before the statement goes to the server.
    let ids: Vec<i64> = db.all(&select([kinds::id]))?.iter().map(|r| r.get::<i64>(0)).collect::<Result<_>>()?;
    assert_eq!(ids, [1]);
    let mut tx = db.transaction()?;
    assert!(tx.execute(&too_big).is_err());
    tx.execute(&insert(kinds::table()).value(kinds::id, 8).value(kinds::n_int, -2_147_483_648i64))?;
    tx.commit()?;
    assert_eq!(db.scalar::<i64>(&select([kinds::n_int]).filter(kinds::id.eq(8)))?, i64::from(i32::MIN));
    Ok(())
}

// ----- 4. errors -------------------------------------------------------------------------------

#[test]
fn a_violation_names_the_constraint_and_carries_the_server_detail() -> Result<()> {
    let Some(mut db) = ledger_db("detail") else { return Ok(()) };
    db.execute(&add_account("ann"))?;
    let dup = add_account("ann");
    let result = db.execute(&dup);
    assert_integrity(&db, result, &dup, "23505");
    let err = db.execute(&dup).expect_err("a duplicate");
    assert!(matches!(&err, Error::Integrity(e) if e.constraint.as_deref() == Some("accounts_name_key")), "{err:?}");
    assert!(err.to_string().contains("(SQLSTATE 23505); detail: Key (name)=(ann) already exists."), "{err}");
    Ok(())
}

#[test]
fn a_closed_connection_is_a_database_error() -> Result<()> {
    let Some(mut db) = test_db("closed") else { return Ok(()) };
    let Some(mut admin) = test_db("closer") else { return Ok(()) };
    let pid: i64 = db.scalar(&select([text("pg_backend_pid()")]))?;
    // The timeout makes the call wait until the backend has exited.
    let killed: bool = admin.scalar(&select([text("pg_terminate_backend(:pid, 5000)").bind("pid", pid)]))?;
    assert!(killed);
    let q = select([text("1")]);
    let first = db.all(&q);
    assert!(matches!(&first, Err(Error::Database { .. })), "{first:?}");
    let second = db.all(&q);
    assert!(
        matches!(&second, Err(Error::Database(e)) if e.message.contains("connection") && e.message.contains("closed")),
        "{second:?}"
    );
    assert!(db.client().is_closed());
    Ok(())
}

// ----- 5. PostgreSQL types beyond sqlcore's --------------------------------------------------------

fn extras_db(tag: &str) -> Option<TestDb> {
    let mut db = test_db(tag)?;
    db.execute_raw(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); \
         CREATE DOMAIN positive AS integer CHECK (VALUE > 0); \
         CREATE TABLE extras (id integer PRIMARY KEY, mood mood, positive positive, uid uuid, body jsonb, \
         span interval)",
    )
    .expect("create extras");
    Some(db)
}

#[test]
fn enums_domains_uuid_and_jsonb_bind_and_read() -> Result<()> {
    let Some(mut db) = extras_db("extras") else { return Ok(()) };
    let uid = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    let body = r#"{"a": 1, "b": [true, null, "x"]}"#;
    let q = insert(extras::table())
        .value(extras::id, 1)
        .value(extras::mood, "happy")
        .value(extras::positive, 7)
        .value(extras::uid, uid.to_uppercase())
        .value(extras::body, body)
        .value(extras::span, "1 day 02:00:00");
    assert_eq!(db.execute(&q)?, 1);
    let row = db.one(&select([extras::mood, extras::positive, extras::uid, extras::body]))?;
    assert_eq!(
        row.values(),
        [Value::Text("happy".into()), Value::Int(7), Value::Text(uid.into()), Value::Text(body.into())]
    );
    assert_eq!(db.scalar::<i64>(&select([extras::id]).filter(extras::mood.eq("happy")))?, 1);
    assert_eq!(db.scalar::<i64>(&select([extras::id]).filter(extras::uid.eq(uid)))?, 1);

    // A domain's CHECK is a constraint violation; a label not in the enum is refused.
    let q = insert(extras::table()).value(extras::id, 2).value(extras::positive, -1);
    let result = db.execute(&q);
    assert_integrity(&db, result, &q, "23514");
    let err = db.execute(&insert(extras::table()).value(extras::id, 3).value(extras::mood, "angry"));
    assert!(matches!(&err, Err(Error::Database(e)) if e.message.contains("22P02")), "{err:?}");

    // interval has no sqlcore value: reading it is an error naming the column and the type.
    let err = db.all(&select([extras::span])).expect_err("interval is not readable");
    assert!(
        matches!(&err, Error::Database(e)
            if e.message.contains("column `span`") && e.message.contains("interval") && e.message.contains("CAST")),
        "{err:?}"
    );
    let span: String = db.scalar(&select([cast(extras::span, SqlType::Text)]))?;
    assert_eq!(span, "1 day 02:00:00");
    Ok(())
}

// ----- 6. statement cache and logging ------------------------------------------------------------

fn prepared_count(db: &mut TestDb, sql: Option<&str>) -> i64 {
    let rows = match sql {
        Some(sql) => db.client_mut().query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", &[&sql]),
        None => db.client_mut().query("SELECT count(*) FROM pg_prepared_statements", &[]),
    };
    rows.expect("count prepared statements")[0].get(0)
}

#[test]
fn statements_are_prepared_once_and_the_cache_is_bounded() -> Result<()> {
    let Some(mut db) = ledger_db("cache") else { return Ok(()) };
    let q = select([accounts::name]).filter(accounts::id.eq(1));
    let sql = q.compile(db.dialect())?.sql;
    for _ in 0..3 {
        assert!(db.all(&q)?.is_empty());
    }
    assert_eq!(prepared_count(&mut db, Some(&sql)), 1);

    // A cached `SELECT *` whose table changes shape is prepared again, not refused.
    let everything = select([star()]).from(accounts::table());
    db.execute(&add_account("ann"))?;
    assert_eq!(db.one(&everything)?.columns(), ["id", "name"]);
    db.execute_raw("ALTER TABLE accounts ADD COLUMN extra integer DEFAULT 7")?;
    let row = db.one(&everything)?;
    assert_eq!(row.columns(), ["id", "name", "extra"]);
    assert_eq!(row.values(), [Value::Int(1), Value::Text("ann".into()), Value::Int(7)]);
    // DDL through the connection drops its prepared statements, so inside a transaction too
    // the statement is prepared again for the new shape (the server would refuse the old one
    // and abort the transaction).
    let mut tx = db.transaction()?;
    tx.execute_raw("ALTER TABLE accounts DROP COLUMN extra")?;
    assert_eq!(tx.one(&everything)?.columns(), ["id", "name"]);
    tx.rollback()?;
    assert_eq!(db.one(&everything)?.len(), 3);

    // 300 different statements: the cache is emptied when it reaches 256, closing them.
    for i in 0..300 {
        // An untyped `SELECT $1` would be text: the cast makes the parameter a bigint.
        let n: i64 = db.scalar(&select([cast(val(i), SqlType::BigInt).label(format!("c{i}"))]))?;
        assert_eq!(n, i);
    }
    let open = prepared_count(&mut db, None);
    assert!((1..=257).contains(&open), "{open} statements prepared");
    Ok(())
}

#[test]
fn a_statement_prepared_before_a_table_changed_shape_binds_the_new_types() -> Result<()> {
    let Some(mut db) = test_db("reshape") else { return Ok(()) };
    db.execute_raw("CREATE TABLE reshaped (id INTEGER PRIMARY KEY, c TEXT)")?;
    let sql = "INSERT INTO reshaped (id, c) VALUES ($1, $2)";
    db.execute_sql(sql, &[Value::Int(1), Value::from("text")])?;
    db.execute_sql("DROP TABLE reshaped", &[])?;
    db.execute_sql("CREATE TABLE reshaped (id INTEGER PRIMARY KEY, c DOUBLE PRECISION)", &[])?;
    // The prepared INSERT had bound `c` as text; after the DDL it is prepared again.
    db.execute_sql(sql, &[Value::Int(2), Value::Float(2.5)])?;
    let rows = db.query_sql("SELECT c FROM reshaped", &[])?;
    assert_eq!(rows[0].values(), [Value::Float(2.5)]);
    Ok(())
}
