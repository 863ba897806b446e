//! Regressions of issue 15: each way sqlcore could store, compute or return a wrong value
//! (or emit SQL an engine rejects) with no error. One test per point of the issue, named
//! after it; each asserts the SQL for every dialect and checks the stored and returned values
//! on SQLite, PostgreSQL and MariaDB.

#[macro_use]
mod common;
use common::*;
use sqlcore::compile::CreateTable;
use sqlcore::expr::{FrameBound, Window};
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::Cte;
use sqlcore::{Date, Decimal};
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal")
}

/// Each empty engine with `tables` created.
fn engines_with(tables: &[Table]) -> Vec<(&'static str, Box<dyn Connection>)> {
    let mut md = MetaData::new();
    for t in tables {
        md.add(t.clone()).expect("distinct tables");
    }
    let mut out = empty_engines();
    for (name, conn) in &mut out {
        conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: create_all: {e}"));
    }
    out
}

/// The rows of `q` on `conn`, as values.
fn rows(name: &str, conn: &mut dyn Connection, q: &dyn Compile) -> Vec<Vec<Value>> {
    conn.all(q).unwrap_or_else(|e| panic!("{name}: {e}")).into_iter().map(Row::into_values).collect()
}

fn run(name: &str, conn: &mut dyn Connection, stmt: &dyn Compile) {
    conn.execute(stmt).unwrap_or_else(|e| panic!("{name}: {e}"));
}

// ----- 1. an explicit key 0 ------------------------------------------------------------------

sqlcore::table! {
    pub zero_keys {
        id: Integer => primary_key();
        name: Varchar(20);
    }
}

#[test]
fn p01_an_explicit_key_zero_is_stored_as_zero_on_every_engine() {
    let one = insert(zero_keys::table()).columns([zero_keys::id, zero_keys::name]).row((0, "zero"));
    assert_sql!(one, all: "INSERT INTO zero_keys (id, name) VALUES (?, ?)", params: [0, "zero"]);
    let many = insert(zero_keys::table()).columns([zero_keys::id, zero_keys::name]).rows([(10, "ten"), (11, "eleven")]);
    let generated = insert(zero_keys::table()).value(zero_keys::name, "next");
    let all = select([zero_keys::id, zero_keys::name]).order_by(zero_keys::id);
    for (name, mut conn) in engines_with(&[zero_keys::table()]) {
        run(name, conn.as_mut(), &one);
        run(name, conn.as_mut(), &many);
        run(name, conn.as_mut(), &generated);
        assert_eq!(
            rows(name, conn.as_mut(), &all),
            [row![0, "zero"], row![10, "ten"], row![11, "eleven"], row![12, "next"]],
            "{name}"
        );
    }
    // In one statement with other keys (MariaDB took the 0 for "generate" and then reported
    // a duplicate of 1).
    let pair = insert(zero_keys::table()).columns([zero_keys::id, zero_keys::name]).rows([(0, "zero"), (1, "one")]);
    for (name, mut conn) in engines_with(&[zero_keys::table()]) {
        run(name, conn.as_mut(), &pair);
        run(name, conn.as_mut(), &generated);
        assert_eq!(rows(name, conn.as_mut(), &all), [row![0, "zero"], row![1, "one"], row![2, "next"]], "{name}");
    }
}

// ----- 2. exact decimals on SQLite --------------------------------------------------------------

sqlcore::table! {
    pub ledger {
        id: Integer => primary_key(), autoincrement(false);
        a: Numeric(10, 2);
        b: Numeric(10, 2);
    }
}

sqlcore::table! {
    pub big_amounts {
        id: Integer => primary_key(), autoincrement(false);
        amount: Numeric(20, 2);
    }
}

fn ledger_rows() -> sqlcore::stmt::Insert {
    insert(ledger::table()).columns([ledger::id, ledger::a, ledger::b]).rows([
        (1, dec("10.00"), dec("4.00")),
        (2, dec("0.10"), dec("0.20")),
        (3, dec("-7.25"), dec("2")),
    ])
}

#[test]
fn p02_numeric_columns_keep_exact_values_and_divide_as_decimals_on_every_engine() {
    assert_sql!(CreateTable::new(ledger::table()),
        sqlite: "CREATE TABLE ledger (id INTEGER NOT NULL, a NUMERIC_REAL(10, 2), b NUMERIC_REAL(10, 2), PRIMARY KEY (id))",
        postgres: "CREATE TABLE ledger (id INTEGER NOT NULL, a NUMERIC(10, 2), b NUMERIC(10, 2), PRIMARY KEY (id))",
        mysql: "CREATE TABLE ledger (id INT NOT NULL, a DECIMAL(10, 2), b DECIMAL(10, 2), PRIMARY KEY (id)) \
                DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
        params: []);
    let stored = select([ledger::a, ledger::b]).order_by(ledger::id);
    let quotient = select([ledger::a.div(ledger::b)]).filter(ledger::id.eq(1));
    let sum = select([ledger::a.add(ledger::b)]).filter(ledger::id.eq(2));
    assert_sql!(quotient, all: "SELECT a / b FROM ledger WHERE id = ?", params: [1]);
    for (name, mut conn) in engines_with(&[ledger::table()]) {
        run(name, conn.as_mut(), &ledger_rows());
        let got = rows(name, conn.as_mut(), &stored);
        // The exact values, at the column's scale, as decimals (10.00 was the integer 10).
        let texts: Vec<Vec<String>> =
            got.iter().map(|r| r.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>()).collect();
        assert_eq!(
            got,
            [
                vec![Value::Decimal(dec("10.00")), Value::Decimal(dec("4.00"))],
                vec![Value::Decimal(dec("0.10")), Value::Decimal(dec("0.20"))],
                vec![Value::Decimal(dec("-7.25")), Value::Decimal(dec("2.00"))],
            ],
            "{name}"
        );
        for r in &got {
            for v in r {
                let Value::Decimal(d) = v else { panic!("{name}: {v:?} is not a decimal") };
                assert_eq!(d.scale(), 2, "{name}: {texts:?}");
            }
        }
        // 10.00 / 4.00 is 2.5 (SQLite divided the integers 10 and 4: 2).
        assert_eq!(rows(name, conn.as_mut(), &quotient), [vec![Value::Decimal(dec("2.5"))]], "{name}");
        // 0.10 + 0.20 is 0.30 (not 0.30000000000000004), at the scale of the operands.
        let got = rows(name, conn.as_mut(), &sum);
        assert_eq!(got, [vec![Value::Decimal(dec("0.30"))]], "{name}");
        assert!(matches!(&got[0][0], Value::Decimal(d) if d.as_str() == "0.30"), "{name}: {got:?}");
    }
}

#[test]
fn p02_a_decimal_sqlite_cannot_hold_exactly_is_an_error_and_equality_never_matches_another_value() {
    let put = |amount: &str| {
        insert(big_amounts::table()).columns([big_amounts::id, big_amounts::amount]).row((1, dec(amount)))
    };
    let find = |amount: &str| select([big_amounts::id]).filter(big_amounts::amount.eq(dec(amount)));
    assert_sql!(find("1.5"),
        sqlite: "SELECT id FROM big_amounts WHERE amount = CAST(? AS REAL)",
        postgres: "SELECT id FROM big_amounts WHERE amount = $1::NUMERIC",
        mysql: "SELECT id FROM big_amounts WHERE amount = CAST(? AS DECIMAL(65, 30))",
        params: [dec("1.5")]);
    for (name, mut conn) in engines_with(&[big_amounts::table()]) {
        let stored = conn.execute(&put("12345678901234567.88"));
        if name == "sqlite" {
            // 19 significant digits: a float would keep 15 (and .88 and .89 would be one value).
            let err = stored.expect_err("sqlite refuses a decimal past 15 digits");
            assert!(matches!(err, Error::InvalidValue { .. }), "{err}");
            assert!(err.to_string().contains("15 significant digits"), "{err}");
            let err = conn.all(&find("12345678901234567.89")).expect_err("and in a comparison");
            assert!(matches!(err, Error::InvalidValue { .. }), "{err}");
            assert!(rows(name, conn.as_mut(), &select([big_amounts::id])).is_empty(), "nothing was written");
            // 15 digits are kept exactly.
            run(name, conn.as_mut(), &put("1234567890123.45"));
            assert_eq!(rows(name, conn.as_mut(), &find("1234567890123.45")), [row![1]]);
            assert!(rows(name, conn.as_mut(), &find("1234567890123.44")).is_empty());
        } else {
            stored.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(rows(name, conn.as_mut(), &find("12345678901234567.88")), [row![1]], "{name}");
            assert!(rows(name, conn.as_mut(), &find("12345678901234567.89")).is_empty(), "{name}");
        }
    }
    // More digits after the point than the column's scale: refused everywhere (PostgreSQL
    // and MySQL would round them, SQLite would keep them).
    for (name, dialect) in dialects() {
        let err = put("1.005").compile(dialect.as_ref()).expect_err("a third decimal place");
        assert!(matches!(err, Error::ValueDoesNotFit { .. }), "{name}: {err}");
    }
}

// ----- 3. GROUP BY an expression with bound values ------------------------------------------------

sqlcore::table! {
    pub phones {
        id: Integer => primary_key();
        phone: Varchar(20) => not_null();
    }
}

#[test]
fn p03_grouping_by_a_selected_expression_with_bound_values_runs_on_every_engine() {
    let code = || func::func("substr", (phones::phone, 1, 2));
    let q = select((code().label("code"), func::count_star().label("n")))
        .group_by([code()])
        .having(code().ne("99"))
        .order_by(code());
    let by_label = select((code().label("code"), func::count_star().label("n")))
        .group_by([code().label("code")])
        .order_by(code().label("code"));
    let sqlite = q.compile(&SqliteDialect::default()).expect("sqlite");
    assert_eq!(
        sqlite.sql,
        "SELECT substr(phone, ?, ?) AS code, COUNT(*) AS n FROM phones GROUP BY substr(phone, ?, ?) \
         HAVING substr(phone, ?, ?) <> ? ORDER BY substr(phone, ?, ?)"
    );
    assert_eq!(sqlite.params, row![1, 2, 1, 2, 1, 2, "99", 1, 2]);
    // MySQL's HAVING sees neither the expression nor its column: the label stands for it.
    let my = q.compile(&MySqlDialect::default()).expect("mysql");
    assert_eq!(
        my.sql,
        "SELECT substr(phone, ?, ?) AS code, COUNT(*) AS n FROM phones GROUP BY code HAVING code <> ? ORDER BY code"
    );
    assert_eq!(my.params, row![1, 2, "99"]);
    // PostgreSQL sees one expression only with one set of parameters.
    let pg = q.compile(&PostgresDialect::default()).expect("postgres");
    assert_eq!(
        pg.sql,
        "SELECT substr(phone, $1, $2) AS code, COUNT(*) AS n FROM phones GROUP BY substr(phone, $1, $2) \
         HAVING substr(phone, $1, $2) <> $3 ORDER BY substr(phone, $1, $2)"
    );
    assert_eq!(pg.params, row![1, 2, "99"]);
    assert_eq!(
        pg.to_inline_sql(&PostgresDialect::default()).expect("inline"),
        "SELECT substr(phone, 1, 2) AS code, COUNT(*) AS n FROM phones GROUP BY substr(phone, 1, 2) \
         HAVING substr(phone, 1, 2) <> '99' ORDER BY substr(phone, 1, 2)"
    );
    let pg = by_label.compile(&PostgresDialect::default()).expect("postgres");
    assert_eq!(
        pg.sql,
        "SELECT substr(phone, $1, $2) AS code, COUNT(*) AS n FROM phones GROUP BY substr(phone, $1, $2) ORDER BY code"
    );
    // Other values are other expressions, each with its own parameters.
    let other = select([code().label("code")]).group_by([func::func("substr", (phones::phone, 1, 3))]);
    let pg = other.compile(&PostgresDialect::default()).expect("postgres");
    assert_eq!(pg.sql, "SELECT substr(phone, $1, $2) AS code FROM phones GROUP BY substr(phone, $3, $4)");

    let seed = insert(phones::table()).columns([phones::phone]).rows([("0511",), ("0522",), ("0633",), ("9900",)]);
    for (name, mut conn) in engines_with(&[phones::table()]) {
        run(name, conn.as_mut(), &seed);
        // Twice: the second run goes through the connection's statement cache.
        for _ in 0..2 {
            assert_eq!(rows(name, conn.as_mut(), &q), [row!["05", 2], row!["06", 1]], "{name}");
            assert_eq!(rows(name, conn.as_mut(), &by_label), [row!["05", 2], row!["06", 1], row!["99", 1]], "{name}");
        }
    }
}

#[test]
fn p03_distinct_on_a_selected_expression_with_bound_values_runs_on_postgres() {
    let code = || func::func("substr", (phones::phone, 1, 2));
    let q = select((code().label("code"), phones::phone))
        .distinct_on([code()])
        .order_by(code())
        .order_by(phones::phone.desc());
    let pg = q.compile(&PostgresDialect::default()).expect("postgres");
    assert_eq!(
        pg.sql,
        "SELECT DISTINCT ON (substr(phone, $1, $2)) substr(phone, $1, $2) AS code, phone FROM phones \
         ORDER BY substr(phone, $1, $2), phone DESC"
    );
    let seed = insert(phones::table()).columns([phones::phone]).rows([("0511",), ("0522",), ("0633",)]);
    for (name, mut conn) in engines_with(&[phones::table()]) {
        run(name, conn.as_mut(), &seed);
        assert_eq!(rows(name, conn.as_mut(), &q), [row!["05", "0522"], row!["06", "0633"]], "{name}");
    }
}

// ----- 4. exact and float parameters; what each type reads back as --------------------------------

#[test]
fn p04_a_parameter_meeting_a_decimal_stays_exact_on_every_engine() {
    let scaled = select([ledger::a.mul(1.5_f64)]).filter(ledger::id.eq(1));
    assert_sql!(scaled,
        sqlite: "SELECT a * ? FROM ledger WHERE id = ?",
        postgres: "SELECT a * $1::NUMERIC FROM ledger WHERE id = $2",
        mysql: "SELECT a * CAST(? AS DECIMAL(65, 30)) FROM ledger WHERE id = ?",
        params: [1.5_f64, 1]);
    let divided = select([ledger::a.div(dec("4.00"))]).filter(ledger::id.eq(1));
    assert_sql!(divided,
        sqlite: "SELECT a / CAST(? AS REAL) FROM ledger WHERE id = ?",
        postgres: "SELECT a / $1::NUMERIC FROM ledger WHERE id = $2",
        mysql: "SELECT a / CAST(? AS DECIMAL(65, 30)) FROM ledger WHERE id = ?",
        params: [dec("4.00"), 1]);
    // A float meeting a float stays a float.
    let float = select([val(1.5_f64).mul(2.5_f64)]);
    assert_sql!(float,
        sqlite: "SELECT ? * ?",
        postgres: "SELECT $1::DOUBLE PRECISION * $2::DOUBLE PRECISION",
        mysql: "SELECT ? * ?",
        params: [1.5_f64, 2.5_f64]);
    for (name, mut conn) in engines_with(&[ledger::table()]) {
        run(name, conn.as_mut(), &ledger_rows());
        assert_eq!(rows(name, conn.as_mut(), &scaled), [vec![Value::Decimal(dec("15"))]], "{name}");
        assert_eq!(rows(name, conn.as_mut(), &divided), [vec![Value::Decimal(dec("2.5"))]], "{name}");
        assert_eq!(rows(name, conn.as_mut(), &float), [vec![Value::Float(3.75)]], "{name}");
    }
}

sqlcore::table! {
    /// One column of every type, for what each reads back as.
    pub kinds_zoo {
        id: Integer => primary_key(), autoincrement(false);
        small: SmallInt;
        big: BigInt;
        real: Real;
        double: Double;
        num: Numeric(12, 3);
        text: Text;
        varchar: Varchar(10);
        chr: Char(3);
        flag: Boolean;
        day: Date;
        clock: Time;
        stamp: Timestamp;
        instant: TimestampTz;
        bytes: Blob;
        doc: Json;
    }
}

#[test]
fn p04_every_type_and_expression_reads_back_as_the_same_kind_of_value_on_every_engine() {
    let day = Date::new(2024, 2, 29).expect("a date");
    let stamp: sqlcore::Timestamp = "2024-02-29 13:05:09.250000".parse().expect("a timestamp");
    let row = insert(kinds_zoo::table()).columns(kinds_zoo::table().columns().map(|c| c.name.clone())).row(vec![
        Value::Int(1),
        Value::Int(-7),
        Value::Int(9_000_000_000),
        Value::Float(0.5),
        Value::Float(0.1),
        Value::Decimal(dec("123.456")),
        Value::from("text"),
        Value::from("varchar"),
        Value::from("abc"),
        Value::Bool(true),
        Value::Date(day),
        Value::Time("13:05:09".parse().expect("a time")),
        Value::Timestamp(stamp),
        Value::TimestampTz(stamp),
        Value::Bytes(vec![0, 255]),
        Value::from(r#"{"a": 1}"#),
    ]);
    let expected = [
        "integer",
        "integer",
        "integer",
        "float",
        "float",
        "decimal",
        "text",
        "text",
        "text",
        "bool",
        "date",
        "time",
        "timestamp",
        "timestamp with time zone",
        "bytes",
        "text",
    ];
    let aggregates = select((
        func::count_star(),
        func::sum(kinds_zoo::big),
        func::sum(kinds_zoo::num),
        func::avg(kinds_zoo::small),
        func::max(kinds_zoo::day),
    ))
    .from(kinds_zoo::table());
    let expected_aggregates = ["integer", "integer", "decimal", "decimal", "date"];
    let exprs = select((
        kinds_zoo::small.lt(kinds_zoo::big),
        kinds_zoo::flag.eq(true),
        kinds_zoo::num.add(1),
        kinds_zoo::big.div(2),
        kinds_zoo::double.mul(2),
        func::lower(kinds_zoo::varchar),
        func::round(kinds_zoo::num, 1),
        kinds_zoo::small.cast(SqlType::Numeric(10, 2)),
    ))
    .from(kinds_zoo::table());
    let expected_exprs = ["bool", "bool", "decimal", "integer", "float", "text", "decimal", "decimal"];
    for (name, mut conn) in engines_with(&[kinds_zoo::table()]) {
        run(name, conn.as_mut(), &row);
        let got = rows(name, conn.as_mut(), &select([star()]).from(kinds_zoo::table()));
        let kinds: Vec<&str> = got[0].iter().map(Value::kind).collect();
        assert_eq!(kinds, expected, "{name}: {:?}", got[0]);
        assert_eq!(got[0][5], Value::Decimal(dec("123.456")), "{name}");
        assert_eq!(got[0][13], Value::TimestampTz(stamp), "{name}");
        let got = rows(name, conn.as_mut(), &aggregates);
        let kinds: Vec<&str> = got[0].iter().map(Value::kind).collect();
        assert_eq!(kinds, expected_aggregates, "{name}: {:?}", got[0]);
        assert_eq!(got[0][2], Value::Decimal(dec("123.456")), "{name}");
        assert_eq!(got[0][3], Value::Decimal(dec("-7")), "{name}");
        let got = rows(name, conn.as_mut(), &exprs);
        let kinds: Vec<&str> = got[0].iter().map(Value::kind).collect();
        assert_eq!(kinds, expected_exprs, "{name}: {:?}", got[0]);
        assert_eq!(got[0][2], Value::Decimal(dec("124.456")), "{name}");
        assert_eq!(got[0][3], Value::Int(4_500_000_000), "{name}");
        assert_eq!(got[0][6], Value::Decimal(dec("123.5")), "{name}");
    }
}

// ----- 5. arithmetic whose meaning differs by engine --------------------------------------------

#[test]
fn p05_date_and_text_arithmetic_is_a_compile_error_on_every_dialect() {
    let day = Date::new(1998, 12, 1).expect("a date");
    let refused: Vec<(Expr, &str)> = vec![
        (val(day).sub(90), "date or time"),
        (kinds_zoo::day.add(1), "date or time"),
        (kinds_zoo::stamp.sub(kinds_zoo::stamp), "date or time"),
        (kinds_zoo::text.add(1), "text"),
        (val("a").add(1), "text"),
        (kinds_zoo::flag.add(1), "boolean"),
        (kinds_zoo::bytes.mul(2), "bytes"),
        (kinds_zoo::double.rem(2), "non-integer"),
        (kinds_zoo::day.neg(), "not a number"),
    ];
    for (e, why) in refused {
        let q = select([e.clone()]).from(kinds_zoo::table());
        for (name, dialect) in dialects() {
            let err = q.compile(dialect.as_ref()).expect_err("refused");
            assert!(matches!(err, Error::InvalidStatement(_)), "{name}: {err}");
            assert!(err.to_string().contains(why), "{name}: {e} gave {err}");
        }
    }
    // Numbers still compute, and dates still compare.
    let fine = select([kinds_zoo::big.add(1).mul(kinds_zoo::num), kinds_zoo::small.rem(2)])
        .from(kinds_zoo::table())
        .filter(kinds_zoo::day.lt(day));
    assert_sql!(fine, all: "SELECT (big + ?) * num, small % ? FROM kinds_zoo WHERE day < ?", params: [1, 2, day]);
    for (name, mut conn) in engines_with(&[kinds_zoo::table()]) {
        assert!(rows(name, conn.as_mut(), &fine).is_empty(), "{name}");
    }
}

// ----- 6. a table named only in WHERE -----------------------------------------------------------

sqlcore::table! {
    pub writers {
        id: Integer => primary_key();
        name: Varchar(40) => not_null();
    }
}

sqlcore::table! {
    pub novels {
        id: Integer => primary_key();
        title: Varchar(60) => not_null();
        writer_id: Integer => not_null(), references(writers::id);
    }
}

fn seed_novels(name: &str, conn: &mut dyn Connection) {
    run(name, conn, &insert(writers::table()).columns([writers::name]).rows([("Le Guin",), ("Lem",), ("Nobody",)]));
    run(
        name,
        conn,
        &insert(novels::table()).columns([novels::title, novels::writer_id]).rows([
            ("Earthsea", 1),
            ("The Dispossessed", 1),
            ("Solaris", 2),
        ]),
    );
}

#[test]
fn p06_a_table_named_only_in_where_is_in_from_and_a_missing_one_is_refused() {
    let q = select([novels::title]).filter(novels::writer_id.eq(writers::id).and(writers::name.eq("Lem")));
    assert_sql!(q, all: "SELECT novels.title FROM novels, writers WHERE novels.writer_id = writers.id AND writers.name = ?",
        params: ["Lem"]);
    // Correlated as documented: the subquery's inferred FROM leaves out the outer table.
    let with_books = select([writers::name])
        .filter(exists(select([novels::id]).filter(novels::writer_id.eq(writers::id))))
        .order_by(writers::name);
    assert_sql!(with_books,
        all: "SELECT name FROM writers WHERE EXISTS (SELECT id FROM novels WHERE writer_id = writers.id) ORDER BY name",
        params: []);
    // A subquery that names its table only in WHERE reads it (it used to correlate to the
    // outer `novels`, counting that row's writer: 1 for every novel).
    let titles_per_writer =
        select((novels::title, select([func::count_star()]).filter(writers::id.eq(novels::writer_id)).scalar()))
            .order_by(novels::title);
    for (name, mut conn) in engines_with(&[writers::table(), novels::table()]) {
        seed_novels(name, conn.as_mut());
        assert_eq!(rows(name, conn.as_mut(), &q), [row!["Solaris"]], "{name}");
        assert_eq!(rows(name, conn.as_mut(), &with_books), [row!["Le Guin"], row!["Lem"]], "{name}");
        assert_eq!(
            rows(name, conn.as_mut(), &titles_per_writer),
            [row!["Earthsea", 1], row!["Solaris", 1], row!["The Dispossessed", 1]],
            "{name}"
        );
    }
    // With an explicit FROM that lacks the table: refused when compiling, on every dialect.
    let missing = select([novels::title]).from(novels::table()).filter(writers::name.eq("Lem"));
    for (name, dialect) in dialects() {
        let err = missing.compile(dialect.as_ref()).expect_err("writers is in no FROM");
        assert!(matches!(&err, Error::InvalidStatement(m) if m.contains("writers.name")), "{name}: {err}");
    }
}

// ----- 7. identity after explicit ids -------------------------------------------------------------

#[test]
fn p07_generated_keys_continue_after_explicit_ones_on_every_engine() {
    let explicit =
        insert(zero_keys::table()).columns([zero_keys::id, zero_keys::name]).rows([(1, "a"), (2, "b"), (3, "c")]);
    assert_sql!(explicit, all: "INSERT INTO zero_keys (id, name) VALUES (?, ?), (?, ?), (?, ?)",
        params: [1, "a", 2, "b", 3, "c"]);
    let pg = explicit.compile(&PostgresDialect::default()).expect("postgres");
    assert_eq!(
        pg.then(),
        ["SELECT setval(s.seq, m.top) FROM (SELECT pg_get_serial_sequence('\"zero_keys\"', 'id') AS seq) AS s, \
          (SELECT MAX(\"id\") AS top FROM \"zero_keys\") AS m \
          WHERE m.top > COALESCE(pg_sequence_last_value(s.seq::regclass), 0)"]
    );
    for (name, dialect) in [("sqlite", &SqliteDialect::default() as &dyn Dialect), ("mysql", &MySqlDialect::default())]
    {
        assert!(explicit.compile(dialect).expect("compiles").then().is_empty(), "{name}");
    }
    let generated = || insert(zero_keys::table()).value(zero_keys::name, "generated");
    assert!(generated().compile(&PostgresDialect::default()).expect("postgres").then().is_empty());
    let ids = select([zero_keys::id]).order_by(zero_keys::id);
    for (name, mut conn) in engines_with(&[zero_keys::table()]) {
        run(name, conn.as_mut(), &explicit);
        run(name, conn.as_mut(), &generated());
        // Far ahead, then behind: the next key follows the largest, never goes back.
        conn.insert_bulk(&insert(zero_keys::table()).columns([zero_keys::id, zero_keys::name]).row((100, "far")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        run(name, conn.as_mut(), &generated());
        run(
            name,
            conn.as_mut(),
            &insert(zero_keys::table()).columns([zero_keys::id, zero_keys::name]).row((50, "mid")),
        );
        run(name, conn.as_mut(), &generated());
        assert_eq!(
            rows(name, conn.as_mut(), &ids),
            [row![1], row![2], row![3], row![4], row![50], row![100], row![101], row![102]],
            "{name}"
        );
    }
}

// ----- 8. integer division through a CTE column ------------------------------------------------

sqlcore::table! {
    pub stock {
        id: Integer => primary_key();
        qty: Integer => not_null();
    }
}

#[test]
fn p08_a_cte_column_has_the_type_of_its_defining_expression() {
    let totals = Cte::new("totals", Vec::<&str>::new())
        .query(select([func::sum(stock::qty).label("total")]).from(stock::table()));
    let total = totals.table().c("total").expect("a column");
    let q = select([total.div(4)]).from(totals.table()).with(totals);
    assert_sql!(q,
        sqlite: "WITH totals (total) AS (SELECT SUM(qty) AS total FROM stock) SELECT total / ? FROM totals",
        postgres: "WITH totals (total) AS (SELECT SUM(qty) AS total FROM stock) SELECT total / $1 FROM totals",
        mysql: "WITH totals (total) AS (SELECT SUM(qty) AS total FROM stock) SELECT total DIV ? FROM totals",
        params: [4]);
    for (name, mut conn) in engines_with(&[stock::table()]) {
        run(name, conn.as_mut(), &insert(stock::table()).columns([stock::qty]).rows([(3,), (7,)]));
        assert_eq!(rows(name, conn.as_mut(), &q), [row![2]], "{name}");
    }
}

// ----- 9. correlate_none with a table named only in WHERE ---------------------------------------

sqlcore::table! {
    pub corr_a {
        a: Integer => primary_key(), autoincrement(false);
    }
}

sqlcore::table! {
    pub corr_b {
        a: Integer => primary_key(), autoincrement(false);
    }
}

#[test]
fn p09_correlate_none_reads_every_table_the_subquery_names() {
    let inner = || select([corr_a::a]).filter(corr_a::a.eq(corr_b::a));
    let uncorrelated = select([corr_b::a]).filter(exists(inner().correlate_none())).order_by(corr_b::a);
    let correlated = select([corr_b::a]).filter(exists(inner())).order_by(corr_b::a);
    assert_sql!(uncorrelated,
        all: "SELECT a FROM corr_b WHERE EXISTS (SELECT corr_a.a FROM corr_a, corr_b WHERE corr_a.a = corr_b.a) ORDER BY a",
        params: []);
    assert_sql!(correlated,
        all: "SELECT a FROM corr_b WHERE EXISTS (SELECT a FROM corr_a WHERE a = corr_b.a) ORDER BY a",
        params: []);
    for (name, mut conn) in engines_with(&[corr_a::table(), corr_b::table()]) {
        run(name, conn.as_mut(), &insert(corr_a::table()).columns([corr_a::a]).rows([(1,), (2,), (3,)]));
        run(name, conn.as_mut(), &insert(corr_b::table()).columns([corr_b::a]).rows([(2,), (3,), (4,)]));
        assert_eq!(rows(name, conn.as_mut(), &uncorrelated), [row![2], row![3], row![4]], "{name}");
        assert_eq!(rows(name, conn.as_mut(), &correlated), [row![2], row![3]], "{name}");
    }
}

// ----- 10. a generated column in a composite key -------------------------------------------------

sqlcore::table! {
    pub order_lines {
        order_id: Integer => primary_key();
        line: Integer => primary_key(), autoincrement(true);
        note: Varchar(20);
    }
}

#[test]
fn p10_a_generated_column_of_a_composite_key_works_where_the_engine_can_and_is_refused_elsewhere() {
    let ddl = CreateTable::new(order_lines::table());
    assert_unsupported(&ddl, &SqliteDialect::default(), "generated column that is not the whole primary key");
    assert_eq!(
        ddl.compile(&PostgresDialect::default()).expect("postgres").sql,
        "CREATE TABLE order_lines (order_id INTEGER NOT NULL, line INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
         note VARCHAR(20), PRIMARY KEY (order_id, line))"
    );
    assert_eq!(
        ddl.compile(&MySqlDialect::mariadb()).expect("mariadb").sql,
        "CREATE TABLE order_lines (order_id INT NOT NULL, line INT AUTO_INCREMENT NOT NULL, note VARCHAR(20), \
         PRIMARY KEY (order_id, line), KEY (line)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"
    );
    let md = MetaData::new().with(order_lines::table()).expect("one table");
    let add = |order: i64, note: &str| {
        insert(order_lines::table()).columns([order_lines::order_id, order_lines::note]).row((order, note.to_string()))
    };
    for (name, mut conn) in empty_engines() {
        if name == "sqlite" {
            let err = conn.create_all(&md).expect_err("refused");
            assert!(matches!(err, Error::Unsupported { .. }), "{err}");
            continue;
        }
        conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: {e}"));
        run(name, conn.as_mut(), &add(7, "first"));
        run(name, conn.as_mut(), &add(7, "second"));
        run(name, conn.as_mut(), &add(8, "third"));
        let got = rows(
            name,
            conn.as_mut(),
            &select([order_lines::order_id, order_lines::line, order_lines::note]).order_by(order_lines::line),
        );
        assert_eq!(got, [row![7, 1, "first"], row![7, 2, "second"], row![8, 3, "third"]], "{name}");
    }
}

// ----- 11. a frame on a ranking function ----------------------------------------------------------

#[test]
fn p11_a_frame_on_a_ranking_function_gives_the_same_rows_everywhere() {
    let window = || {
        Window::new().order_by(stock::qty.desc()).rows_between(FrameBound::UnboundedPreceding, FrameBound::CurrentRow)
    };
    let q = select((stock::qty, func::row_number().over(window()).label("n"), func::sum(stock::qty).over(window())))
        .order_by(stock::qty.desc());
    let with_frame = "SELECT qty, ROW_NUMBER() OVER (ORDER BY qty DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) \
                      AS n, SUM(qty) OVER (ORDER BY qty DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) \
                      FROM stock ORDER BY qty DESC";
    assert_sql!(q, all: with_frame, params: []);
    assert_eq!(
        q.compile(&MySqlDialect::mariadb()).expect("mariadb").sql,
        "SELECT qty, ROW_NUMBER() OVER (ORDER BY qty DESC) AS n, \
         SUM(qty) OVER (ORDER BY qty DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM stock ORDER BY qty DESC"
    );
    for (name, mut conn) in engines_with(&[stock::table()]) {
        run(name, conn.as_mut(), &insert(stock::table()).columns([stock::qty]).rows([(3,), (7,), (5,)]));
        assert_eq!(rows(name, conn.as_mut(), &q), [row![7, 1, 7], row![5, 2, 12], row![3, 3, 15]], "{name}");
    }
}

// ----- 12. an integer divided by a NUMERIC cast ---------------------------------------------------

#[test]
fn p12_an_integer_divided_by_a_numeric_cast_is_a_decimal_division_everywhere() {
    let q = select([stock::qty.div(cast(lit(2), SqlType::Numeric(10, 2)))]).filter(stock::id.eq(1));
    assert_sql!(q,
        sqlite: "SELECT qty / CAST(2 AS REAL) FROM stock WHERE id = ?",
        postgres: "SELECT qty / CAST(2 AS NUMERIC(10, 2)) FROM stock WHERE id = $1",
        mysql: "SELECT qty / CAST(2 AS DECIMAL(10, 2)) FROM stock WHERE id = ?",
        params: [1]);
    for (name, mut conn) in engines_with(&[stock::table()]) {
        run(name, conn.as_mut(), &insert(stock::table()).columns([stock::qty]).row((7,)));
        assert_eq!(rows(name, conn.as_mut(), &q), [vec![Value::Decimal(dec("3.5"))]], "{name}");
    }
}
