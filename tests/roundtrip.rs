//! Every type of the schema model goes through every driver unchanged: each value is written
//! as a bound parameter and read back, typed, equal to what was written, on SQLite,
//! PostgreSQL and MariaDB. Values sit at the limits of their types (and of the ranges the
//! three engines share).
//!
//! Where the engines differ, the values are chosen so that all three must agree, and the
//! reason is written next to them:
//!
//! * `Numeric(20, 6)`: SQLite has no decimal type; a NUMERIC-affinity column keeps a decimal
//!   as an integer or a float when that loses nothing, which holds up to 15 significant
//!   digits. The shared values stay within 14; a 20-digit value is checked on PostgreSQL and
//!   MariaDB only ([`numeric_at_full_precision_round_trips_on_servers_with_exact_decimals`]).
//! * `Real` is 4 bytes on PostgreSQL (`REAL`) and MySQL (`FLOAT`): its values are exact `f32`s.
//! * `Char(5)` pads: PostgreSQL returns `'ab   '` for `'ab'`, MySQL strips trailing spaces,
//!   SQLite keeps `'ab'`. The values have exactly 5 characters, so the three agree.
//! * MySQL's DATE and DATETIME start at year 1000: dates range over 1000-01-01..9999-12-31.
//! * `Json` is `JSON` on PostgreSQL (kept as the text given), `LONGTEXT` with a validity check
//!   on MariaDB, `TEXT` on SQLite: the document's text comes back exactly.

#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::{Date, Decimal, Time, Timestamp};

sqlcore::table! {
    /// One nullable column of every `SqlType`.
    pub every_type {
        id: Integer => primary_key(), autoincrement(false);
        small: SmallInt;
        int: Integer;
        big: BigInt;
        real: Real;
        double: Double;
        num: Numeric(20, 6);
        text: Text;
        varchar: Varchar(40);
        chr: Char(5);
        flag: Boolean;
        day: Date;
        clock: Time;
        stamp: Timestamp;
        instant: TimestampTz;
        bytes: Blob;
        doc: Json;
    }
}

/// The columns of `every_type`, in declaration order (inserted and selected in this order).
const COLUMNS: [sqlcore::schema::Col; 17] = [
    every_type::id,
    every_type::small,
    every_type::int,
    every_type::big,
    every_type::real,
    every_type::double,
    every_type::num,
    every_type::text,
    every_type::varchar,
    every_type::chr,
    every_type::flag,
    every_type::day,
    every_type::clock,
    every_type::stamp,
    every_type::instant,
    every_type::bytes,
    every_type::doc,
];

/// One row of `every_type`, as Rust values.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    id: i64,
    small: Option<i16>,
    int: Option<i32>,
    big: Option<i64>,
    real: Option<f32>,
    double: Option<f64>,
    num: Option<Decimal>,
    text: Option<String>,
    varchar: Option<String>,
    chr: Option<String>,
    flag: Option<bool>,
    day: Option<Date>,
    clock: Option<Time>,
    stamp: Option<Timestamp>,
    /// Written as `Value::TimestampTz` (an instant in UTC).
    instant: Option<Timestamp>,
    bytes: Option<Vec<u8>>,
    doc: Option<String>,
}

impl Sample {
    /// A row with only its key set: NULL in every other column.
    fn nulls(id: i64) -> Sample {
        Sample {
            id,
            small: None,
            int: None,
            big: None,
            real: None,
            double: None,
            num: None,
            text: None,
            varchar: None,
            chr: None,
            flag: None,
            day: None,
            clock: None,
            stamp: None,
            instant: None,
            bytes: None,
            doc: None,
        }
    }

    /// The values bound for the row, in [`COLUMNS`] order.
    fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.id),
            Value::from(self.small),
            Value::from(self.int),
            Value::from(self.big),
            Value::from(self.real),
            Value::from(self.double),
            Value::from(self.num.clone()),
            Value::from(self.text.clone()),
            Value::from(self.varchar.clone()),
            Value::from(self.chr.clone()),
            Value::from(self.flag),
            Value::from(self.day),
            Value::from(self.clock),
            Value::from(self.stamp),
            self.instant.map_or(Value::Null, Value::TimestampTz),
            Value::from(self.bytes.clone()),
            Value::from(self.doc.clone()),
        ]
    }

    /// Reads a row back through the typed getters, by column name.
    fn read(engine: &str, row: &Row) -> Sample {
        fn get<T: sqlcore::FromValue>(engine: &str, row: &Row, column: &str) -> T {
            row.get::<T>(column).unwrap_or_else(|e| panic!("{engine}: reading `{column}`: {e} (row: {row:?})"))
        }
        Sample {
            id: get(engine, row, "id"),
            small: get(engine, row, "small"),
            int: get(engine, row, "int"),
            big: get(engine, row, "big"),
            real: get(engine, row, "real"),
            double: get(engine, row, "double"),
            num: get(engine, row, "num"),
            text: get(engine, row, "text"),
            varchar: get(engine, row, "varchar"),
            chr: get(engine, row, "chr"),
            flag: get(engine, row, "flag"),
            day: get(engine, row, "day"),
            clock: get(engine, row, "clock"),
            stamp: get(engine, row, "stamp"),
            instant: get(engine, row, "instant"),
            bytes: get(engine, row, "bytes"),
            doc: get(engine, row, "doc"),
        }
    }
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("a valid date")
}

fn time(h: u8, m: u8, s: u8, micro: u32) -> Time {
    Time::new(h, m, s, micro).expect("a valid time")
}

fn decimal(s: &str) -> Decimal {
    s.parse().expect("a valid decimal")
}

/// Every byte value, in order.
fn all_bytes() -> Vec<u8> {
    (0..=255u8).collect()
}

/// The rows written by the round-trip test: the minimums, the maximums, ordinary values,
/// empty strings and bytes, and a row of NULLs.
fn samples() -> Vec<Sample> {
    vec![
        // The lower limits.
        Sample {
            id: 1,
            small: Some(i16::MIN),
            int: Some(i32::MIN),
            big: Some(i64::MIN),
            // -1.25e10 is not an f32: this is the f32 nearest to it (-12499999744).
            real: Some(-1.25e10_f32),
            double: Some(-1e300),
            num: Some(decimal("-0.000001")),
            text: Some("Stanisław Lem — 🦀 — 東京都 — Ünïcödé — עברית".to_string()),
            varchar: Some(r#"it's a "quote" and a 'single' one"#.to_string()),
            chr: Some("abcde".to_string()),
            flag: Some(false),
            day: Some(date(1000, 1, 1)),
            clock: Some(time(0, 0, 0, 0)),
            stamp: Some(Timestamp::new(date(1000, 1, 1), time(0, 0, 0, 0))),
            instant: Some(Timestamp::new(date(1000, 1, 1), time(0, 0, 0, 0))),
            bytes: Some(all_bytes()),
            doc: Some(r#"{"a": [1, 2.5, "x"]}"#.to_string()),
        },
        // The upper limits.
        Sample {
            id: 2,
            small: Some(i16::MAX),
            int: Some(i32::MAX),
            big: Some(i64::MAX),
            real: Some(f32::MAX),
            double: Some(f64::MAX),
            num: Some(decimal("12345678.123456")),
            text: Some(
                "back\\slash \\\\ \\n\nnew line\ttab\r\n-- not a comment; DROP TABLE every_type; /* */ ?$1 %_".into(),
            ),
            varchar: Some("🦀🦀🦀 ½ ∑ 😀 中文字符".to_string()),
            chr: Some("東京🦀é!".to_string()),
            flag: Some(true),
            day: Some(date(9999, 12, 31)),
            clock: Some(time(23, 59, 59, 999_999)),
            stamp: Some(Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999))),
            instant: Some(Timestamp::new(date(9999, 12, 31), time(23, 59, 59, 999_999))),
            bytes: Some(all_bytes().into_iter().rev().collect()),
            doc: Some(r#"{"nested": {"k": null, "t": true, "s": "é \" \\ 🦀"}, "n": -1.5e3}"#.to_string()),
        },
        // Ordinary values, and the smallest magnitudes.
        Sample {
            id: 3,
            small: Some(0),
            int: Some(-1),
            big: Some(1),
            real: Some(0.5),
            double: Some(0.1),
            num: Some(decimal("0")),
            text: Some("a".repeat(10_000)),
            varchar: Some("plain".to_string()),
            chr: Some(r#"'"\;-"#.to_string()),
            flag: Some(true),
            day: Some(date(2024, 2, 29)),
            clock: Some(time(12, 34, 56, 1)),
            stamp: Some(Timestamp::new(date(2024, 2, 29), time(12, 34, 56, 1))),
            instant: Some(Timestamp::new(date(2024, 2, 29), time(23, 59, 59, 999_999))),
            bytes: Some(vec![0, 0, 0]),
            doc: Some("[]".to_string()),
        },
        // Subnormal floats, and empty text and bytes (which must not become NULL).
        Sample {
            id: 4,
            small: Some(-1),
            int: Some(0),
            big: Some(0),
            real: Some(f32::MIN_POSITIVE),
            double: Some(5e-324),
            num: Some(decimal("1.5")),
            text: Some(String::new()),
            varchar: Some(String::new()),
            chr: Some("xxxxx".to_string()),
            flag: Some(false),
            day: Some(date(1970, 1, 1)),
            clock: Some(time(0, 0, 0, 1)),
            stamp: Some(Timestamp::new(date(1970, 1, 1), time(0, 0, 0, 0))),
            instant: Some(Timestamp::new(date(1969, 12, 31), time(23, 59, 59, 999_999))),
            bytes: Some(Vec::new()),
            doc: Some(r#""""#.to_string()),
        },
        // NULL in every column.
        Sample::nulls(5),
    ]
}

fn count_where(conn: &mut dyn Connection, condition: Expr) -> i64 {
    conn.one(&select([func::count_star()]).from(every_type::table()).filter(condition))
        .and_then(|row| row.get::<i64>(0))
        .expect("count rows")
}

fn row_count(conn: &mut dyn Connection) -> i64 {
    conn.one(&select([func::count_star()]).from(every_type::table())).and_then(|row| row.get::<i64>(0)).expect("count")
}

fn create(engine: &str, conn: &mut dyn Connection) {
    conn.create_all(&MetaData::new().with(every_type::table()).expect("one table"))
        .unwrap_or_else(|e| panic!("{engine}: create_all: {e}"));
}

fn read_all(engine: &str, conn: &mut dyn Connection) -> Vec<Sample> {
    conn.all(&select(COLUMNS).from(every_type::table()).order_by(every_type::id))
        .unwrap_or_else(|e| panic!("{engine}: select: {e}"))
        .iter()
        .map(|row| Sample::read(engine, row))
        .collect()
}

#[test]
fn every_type_round_trips_unchanged_through_every_driver() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        let expected = samples();
        let stmt = insert(every_type::table()).columns(COLUMNS).rows(expected.iter().map(Sample::values));
        let compiled = stmt.compile(conn.dialect()).expect("compile the insert");
        assert_eq!(compiled.params.len(), expected.len() * COLUMNS.len(), "{engine}: every value is a bound parameter");
        assert_eq!(conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: insert: {e}")), expected.len() as u64);

        let back = read_all(engine, conn);
        assert_eq!(back.len(), expected.len(), "{engine}: row count");
        for (got, want) in back.iter().zip(&expected) {
            assert_eq!(got, want, "{engine}: row {} differs", want.id);
        }
    }
}

#[test]
fn every_type_round_trips_one_value_per_statement() {
    // The same values, each row in an INSERT of its own (single-row VALUES, where drivers may
    // infer parameter types differently from a multi-row one).
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        for sample in samples() {
            let stmt = insert(every_type::table()).columns(COLUMNS).row(sample.values());
            assert_eq!(conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: insert row {}: {e}", sample.id)), 1);
            let row = conn
                .one(&select(COLUMNS).from(every_type::table()).filter(every_type::id.eq(sample.id)))
                .unwrap_or_else(|e| panic!("{engine}: select row {}: {e}", sample.id));
            assert_eq!(Sample::read(engine, &row), sample, "{engine}: row {} differs", sample.id);
        }
    }
}

#[test]
fn empty_string_and_empty_bytes_stay_distinct_from_null() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        conn.execute(&insert(every_type::table()).columns(COLUMNS).rows(samples().iter().map(Sample::values)))
            .unwrap_or_else(|e| panic!("{engine}: insert: {e}"));

        // Row 4 holds '' and empty bytes; row 5 holds NULLs.
        assert_eq!(count_where(conn, every_type::text.is_null()), 1, "{engine}: NULL text");
        assert_eq!(count_where(conn, every_type::text.eq("")), 1, "{engine}: empty text");
        assert_eq!(count_where(conn, every_type::varchar.eq("")), 1, "{engine}: empty varchar");
        assert_eq!(count_where(conn, every_type::varchar.is_null()), 1, "{engine}: NULL varchar");
        assert_eq!(count_where(conn, every_type::bytes.is_null()), 1, "{engine}: NULL bytes");
        assert_eq!(count_where(conn, every_type::id.eq(4).and(every_type::bytes.is_not_null())), 1, "{engine}");

        let empty = conn
            .one(&select([every_type::text, every_type::varchar, every_type::bytes]).filter(every_type::id.eq(4)))
            .expect("row 4");
        assert_eq!(empty.get::<Option<String>>("text").expect("text"), Some(String::new()), "{engine}");
        assert_eq!(empty.get::<Option<String>>("varchar").expect("varchar"), Some(String::new()), "{engine}");
        assert_eq!(empty.get::<Option<Vec<u8>>>("bytes").expect("bytes"), Some(Vec::new()), "{engine}");

        let null = conn
            .one(&select([every_type::text, every_type::varchar, every_type::bytes]).filter(every_type::id.eq(5)))
            .expect("row 5");
        assert_eq!(null.values(), [Value::Null, Value::Null, Value::Null], "{engine}");
        assert_eq!(null.get::<Option<String>>("text").expect("text"), None, "{engine}");
        assert!(null.get::<String>("text").is_err(), "{engine}: NULL is not read as a String");
    }
}

#[test]
fn numeric_at_full_precision_round_trips_on_servers_with_exact_decimals() {
    // Numeric(20, 6) at all 20 digits. SQLite has no exact decimal type: a NUMERIC-affinity
    // column turns '-12345678901234.123456' into the nearest double (about 17 significant
    // digits), so only PostgreSQL (NUMERIC) and MariaDB (DECIMAL) are asked to keep it.
    let values = ["-12345678901234.123456", "99999999999999.999999", "0.000001", "-0.100000"];
    let mut checked = 0;
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        if conn.dialect().name() == "sqlite" {
            continue;
        }
        create(engine, conn);
        let rows: Vec<(i64, Decimal)> = (1..).zip(values.iter().map(|v| decimal(v))).collect();
        conn.execute(&insert(every_type::table()).columns([every_type::id, every_type::num]).rows(rows.clone()))
            .unwrap_or_else(|e| panic!("{engine}: insert: {e}"));
        let back: Vec<(i64, Decimal)> = conn
            .all(&select([every_type::id, every_type::num]).order_by(every_type::id))
            .expect("select")
            .iter()
            .map(|r| (r.get("id").expect("id"), r.get("num").expect("num")))
            .collect();
        assert_eq!(back, rows, "{engine}");
        // Equal as numbers, and with all the digits: the text form keeps them.
        let first = &back[0].1;
        assert_eq!(first.normalized(), "-12345678901234.123456", "{engine}");
        checked += 1;
    }
    // Runs wherever a server is reachable; with none (skipped), SQLite alone checks nothing.
    eprintln!("full-precision decimals checked on {checked} server engine(s)");
}

/// Asserts that `stmt` fails on `engine` and that `every_type` still holds `rows` rows.
fn assert_refused(engine: &str, conn: &mut dyn Connection, stmt: &dyn Compile, what: &str, rows: i64) {
    match conn.execute(stmt) {
        Ok(n) => panic!(
            "{engine}: {what} was accepted ({n} row(s) written) where it must be an error; table now holds {} rows",
            row_count(conn)
        ),
        Err(e) => eprintln!("{engine}: {what} refused as expected: {e}"),
    }
    assert_eq!(row_count(conn), rows, "{engine}: nothing is written by the refused {what}");
}

#[test]
fn integers_out_of_range_for_the_column_are_an_error_and_write_nothing() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        // The limits themselves are accepted.
        conn.execute(
            &insert(every_type::table())
                .columns([every_type::id, every_type::small, every_type::int])
                .row((1, i16::MAX, i32::MAX))
                .row((2, i16::MIN, i32::MIN)),
        )
        .unwrap_or_else(|e| panic!("{engine}: the limits: {e}"));

        let too_big_for_integer =
            insert(every_type::table()).value(every_type::id, 10).value(every_type::int, 3_000_000_000_i64);
        assert_refused(engine, conn, &too_big_for_integer, "3000000000 in an Integer column", 2);
        let below_integer =
            insert(every_type::table()).value(every_type::id, 11).value(every_type::int, i64::from(i32::MIN) - 1);
        assert_refused(engine, conn, &below_integer, "i32::MIN - 1 in an Integer column", 2);
        let too_big_for_smallint =
            insert(every_type::table()).value(every_type::id, 12).value(every_type::small, 40_000);
        assert_refused(engine, conn, &too_big_for_smallint, "40000 in a SmallInt column", 2);
        let below_smallint = insert(every_type::table()).value(every_type::id, 13).value(every_type::small, -32_769);
        assert_refused(engine, conn, &below_smallint, "-32769 in a SmallInt column", 2);
        // One bad row among good ones: the statement writes none of them.
        let mixed = insert(every_type::table())
            .columns([every_type::id, every_type::int])
            .row((20, 1_i64))
            .row((21, 3_000_000_000_i64))
            .row((22, 2_i64));
        assert_refused(engine, conn, &mixed, "a multi-row insert with one out-of-range Integer", 2);
        // UPDATE is checked as INSERT is.
        let update_out_of_range =
            update(every_type::table()).set(every_type::small, 40_000).filter(every_type::id.eq(1));
        match conn.execute(&update_out_of_range) {
            Ok(n) => panic!("{engine}: UPDATE setting 40000 in a SmallInt column was accepted ({n} row(s))"),
            Err(e) => eprintln!("{engine}: out-of-range UPDATE refused as expected: {e}"),
        }
        let small: i16 =
            conn.one(&select([every_type::small]).filter(every_type::id.eq(1))).expect("row 1").get(0).expect("small");
        assert_eq!(small, i16::MAX, "{engine}: the refused UPDATE changed nothing");
    }
}

#[test]
fn text_longer_than_its_varchar_is_an_error_and_writes_nothing() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create(engine, conn);
        // The length is in characters, not bytes: 40 crabs (160 bytes in UTF-8) fit.
        let forty_crabs = "🦀".repeat(40);
        conn.execute(&insert(every_type::table()).value(every_type::id, 1).value(every_type::varchar, &forty_crabs))
            .unwrap_or_else(|e| panic!("{engine}: 40 characters in a Varchar(40): {e}"));
        let back: String =
            conn.one(&select([every_type::varchar]).filter(every_type::id.eq(1))).expect("row 1").get(0).expect("text");
        assert_eq!(back, forty_crabs, "{engine}");

        let forty_one = insert(every_type::table()).value(every_type::id, 2).value(every_type::varchar, "x".repeat(41));
        assert_refused(engine, conn, &forty_one, "41 characters in a Varchar(40)", 1);
        let forty_one_crabs =
            insert(every_type::table()).value(every_type::id, 3).value(every_type::varchar, "🦀".repeat(41));
        assert_refused(engine, conn, &forty_one_crabs, "41 multi-byte characters in a Varchar(40)", 1);
        let six_in_char5 = insert(every_type::table()).value(every_type::id, 4).value(every_type::chr, "abcdef");
        assert_refused(engine, conn, &six_in_char5, "6 characters in a Char(5)", 1);
    }
}
