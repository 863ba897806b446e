//! Shared test support: the fixture schema and data, `assert_sql!`, and the engines every
//! statement runs on.
//!
//! Adding an engine (PostgreSQL, MariaDB) means adding it to [`engines`]; tests that run
//! statements go through it and need no change.

#![allow(dead_code, unused_macros, unused_imports)]

pub mod engines;
pub mod reflection;

use sqlcore::error::Unsupported;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::{SqliteConnection, SqliteDialect};

sqlcore::table! {
    /// Writers.
    pub authors {
        id: Integer => primary_key();
        name: Varchar(100) => not_null();
        country: Varchar(2);
    }
}

sqlcore::table! {
    /// Books, each by one author.
    pub books {
        id: Integer => primary_key();
        title: Varchar(200) => not_null();
        author_id: Integer => not_null(), references(authors::id), on_delete(Cascade);
        price_cents: Integer => not_null();
        year: Integer;
    }
}

sqlcore::table! {
    /// Shops.
    pub stores {
        id: Integer => primary_key();
        name: Varchar(100) => not_null(), unique();
    }
}

sqlcore::table! {
    /// Which store sells which book (many to many).
    pub book_to_store_map {
        book_id: Integer => not_null(), references(books::id), on_delete(Cascade);
        store_id: Integer => not_null(), references(stores::id), on_delete(Cascade);
    }
    |t| t.primary_key([book_id, store_id])
}

sqlcore::table! {
    /// A tree of people: each reports to a manager (self-reference).
    pub employees {
        id: Integer => primary_key();
        name: Varchar(100) => not_null();
        manager_id: Integer => references(employees::id);
    }
}

/// The fixture schema.
pub fn metadata() -> MetaData {
    let mut md = MetaData::new();
    for t in [authors::table(), books::table(), stores::table(), book_to_store_map::table(), employees::table()] {
        md.add(t).expect("fixture tables are distinct");
    }
    md
}

/// Fills the fixture tables through the API (multi-row inserts). Keys are generated, in
/// insertion order (1, 2, 3, ...), so later inserts continue the sequence on every engine.
pub fn seed(conn: &mut dyn Connection) {
    conn.execute(&insert(authors::table()).columns([authors::name, authors::country]).rows([
        ("Ursula K. Le Guin", Some("US")),
        ("Frank Herbert", Some("US")),
        ("Iain Banks", Some("GB")),
        ("Stanisław Lem", Some("PL")),
        ("Nobody Yet", None),
    ]))
    .expect("seed authors");
    conn.execute(
        &insert(books::table()).columns([books::title, books::author_id, books::price_cents, books::year]).rows([
            ("A Wizard of Earthsea", 1, 899, Some(1968)),
            ("The Dispossessed", 1, 1099, Some(1974)),
            ("The Left Hand of Darkness", 1, 999, Some(1969)),
            ("Dune", 2, 1299, Some(1965)),
            ("Children of Dune", 2, 999, None),
            ("Consider Phlebas", 3, 1199, Some(1987)),
            ("Solaris", 4, 1050, Some(1961)),
            ("100% Pure_Fiction", 3, 500, None),
        ]),
    )
    .expect("seed books");
    conn.execute(&insert(stores::table()).columns([stores::name]).rows([("Downtown",), ("Airport",), ("Online",)]))
        .expect("seed stores");
    conn.execute(
        &insert(book_to_store_map::table()).columns([book_to_store_map::book_id, book_to_store_map::store_id]).rows([
            (1, 1),
            (1, 3),
            (2, 1),
            (4, 2),
            (4, 3),
            (6, 3),
            (7, 1),
        ]),
    )
    .expect("seed map");
    conn.execute(&insert(employees::table()).columns([employees::name, employees::manager_id]).rows([
        ("Ada", None),
        ("Brian", Some(1)),
        ("Cleo", Some(1)),
        ("Dev", Some(2)),
    ]))
    .expect("seed employees");
}

/// A fresh in-memory SQLite database holding the fixture schema and data.
pub fn sqlite() -> SqliteConnection {
    let mut db = SqliteConnection::open_in_memory().expect("open SQLite in memory");
    db.create_all(&metadata()).expect("create fixture schema");
    seed(&mut db);
    db
}

/// Every engine available to this run, each with the fixture schema and data in a namespace
/// of its own. Statements that a test runs go through this list, so every test runs on
/// SQLite, PostgreSQL and MariaDB (see `engines.rs` for unreachable servers).
pub fn engines() -> Vec<(&'static str, Box<dyn Connection>)> {
    let mut out: Vec<(&'static str, Box<dyn Connection>)> = vec![("sqlite", Box::new(sqlite()))];
    if let Some(mut pg) = engines::postgres() {
        pg.create_all(&metadata()).expect("create fixture schema on PostgreSQL");
        seed(pg.as_mut());
        out.push(("postgres", pg));
    }
    if let Some(mut my) = engines::mysql() {
        my.create_all(&metadata()).expect("create fixture schema on MariaDB");
        seed(my.as_mut());
        out.push(("mariadb", my));
    }
    out
}

/// Each engine's connection, empty (no fixture), in a namespace of its own.
pub fn empty_engines() -> Vec<(&'static str, Box<dyn Connection>)> {
    let mut out: Vec<(&'static str, Box<dyn Connection>)> =
        vec![("sqlite", Box::new(SqliteConnection::open_in_memory().expect("open SQLite")))];
    if let Some(pg) = engines::postgres() {
        out.push(("postgres", pg));
    }
    if let Some(my) = engines::mysql() {
        out.push(("mariadb", my));
    }
    out
}

/// Every dialect the SQL assertions cover, each under its name. `assert_sql!` looks its
/// expectation up by that name, so a dialect added here with no expectation fails every
/// assertion loudly instead of being skipped.
pub fn dialects() -> Vec<(&'static str, Box<dyn Dialect>)> {
    vec![
        ("sqlite", Box::new(SqliteDialect::default())),
        ("postgres", Box::new(PostgresDialect::default())),
        ("mysql", Box::new(MySqlDialect::default())),
    ]
}

/// Compiles `stmt` for every dialect of [`dialects`] and compares it with the expectation
/// keyed by the dialect's name: the whole SQL text and the parameters. A dialect without an
/// expectation, or an expectation naming no dialect, fails.
pub fn check_sql(stmt: &dyn Compile, expected: &[(&str, &str)], params: &[Value]) {
    let dialects = dialects();
    for (name, _) in expected {
        assert!(dialects.iter().any(|(d, _)| d == name), "an expectation names no dialect: {name}");
    }
    for (name, dialect) in &dialects {
        let Some((_, sql)) = expected.iter().find(|(n, _)| n == name) else {
            panic!("{name}: no expected SQL for this dialect");
        };
        let compiled = stmt.compile(dialect.as_ref()).unwrap_or_else(|e| panic!("{name}: compile failed: {e}"));
        assert_eq!(compiled.sql, *sql, "{name}: SQL differs");
        assert_eq!(compiled.params, params, "{name}: parameters differ");
    }
}

/// Runs `stmt` on every engine and returns the rows as values (one `Vec` per row), in the
/// [`normalize`]d form engines agree on. An engine whose dialect cannot express the statement
/// (`Error::Unsupported`, asserted by the test itself) is left out.
pub fn rows_on_every_engine(stmt: &dyn Compile) -> Vec<Vec<Value>> {
    let mut first: Option<Vec<Vec<Value>>> = None;
    for (name, mut conn) in engines() {
        if let Err(Error::Unsupported { .. }) = stmt.compile(conn.dialect()) {
            eprintln!("{name}: statement unsupported there (asserted separately)");
            continue;
        }
        let rows: Vec<Vec<Value>> = conn
            .all(stmt)
            .unwrap_or_else(|e| panic!("{name}: query failed: {e}"))
            .into_iter()
            .map(|r| normalize_row(r.into_values()))
            .collect();
        match &first {
            None => first = Some(rows),
            Some(expected) => assert_eq!(&rows, expected, "{name} returned different rows"),
        }
    }
    first.unwrap_or_default()
}

/// A value in the form engines agree on, for comparing rows across engines: booleans as
/// 0 / 1 (SQLite and MySQL have no boolean type), exact decimals and floats as integers when
/// whole and as floats rounded to 9 places otherwise (SUM and AVG return NUMERIC on
/// PostgreSQL, DECIMAL on MySQL, INTEGER or REAL on SQLite).
pub fn normalize(v: Value) -> Value {
    let number = match &v {
        Value::Bool(b) => return Value::Int(i64::from(*b)),
        Value::Decimal(d) => d.as_str().parse::<f64>().ok(),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match number {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(f as i64),
        Some(f) => Value::Float((f * 1e9).round() / 1e9),
        None => v,
    }
}

/// [`normalize`] applied to a row.
pub fn normalize_row(row: Vec<Value>) -> Vec<Value> {
    row.into_iter().map(normalize).collect()
}

/// Short for building expected rows: `row![1, "Dune", None::<i64>]`.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(sqlcore::Value::from($v)),*] };
}

/// Asserts the SQL for SQLite, PostgreSQL and MySQL and the parameters (the same on all
/// three), comparing the whole text, each keyed by its dialect's name ([`check_sql`]).
macro_rules! assert_sql {
    ($stmt:expr, sqlite: $sqlite:expr, postgres: $pg:expr, mysql: $my:expr, params: [$($p:expr),* $(,)?] $(,)?) => {{
        let expected_params: Vec<sqlcore::Value> = vec![$(sqlcore::Value::from($p)),*];
        let (sqlite, postgres, mysql) = ($sqlite, $pg, $my);
        let expected: [(&str, &str); 3] = [
            ("sqlite", AsRef::<str>::as_ref(&sqlite)),
            ("postgres", AsRef::<str>::as_ref(&postgres)),
            ("mysql", AsRef::<str>::as_ref(&mysql)),
        ];
        crate::common::check_sql(&$stmt, &expected, &expected_params);
    }};
    // The same SQL on all three apart from placeholders: `?` in `sql`, `$n` for PostgreSQL.
    ($stmt:expr, all: $sql:expr, params: [$($p:expr),* $(,)?] $(,)?) => {{
        let sql: &str = $sql;
        let pg = crate::common::numbered(sql);
        assert_sql!($stmt, sqlite: sql, postgres: pg.as_str(), mysql: sql, params: [$($p),*]);
    }};
}

/// `sql` with each `?` replaced by `$1, $2, ...` (outside quotes).
pub fn numbered(sql: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut in_quote = false;
    for ch in sql.chars() {
        match ch {
            '\'' => {
                in_quote = !in_quote;
                out.push(ch);
            }
            '?' if !in_quote => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(ch),
        }
    }
    out
}

/// Asserts that compiling `stmt` for `dialect` is an `Error::Unsupported` naming `feature`.
pub fn assert_unsupported(stmt: &dyn Compile, dialect: &dyn Dialect, feature: &str) {
    match stmt.compile(dialect) {
        Err(Error::Unsupported(e)) => {
            let Unsupported { feature: f, dialect: d, hint } = *e;
            assert!(f.contains(feature), "expected Unsupported({feature}), got Unsupported({f})");
            assert!(d.starts_with(dialect.name()), "the error names the dialect: {d}");
            assert!(!hint.is_empty(), "the error carries a hint");
        }
        Err(other) => panic!("expected Unsupported({feature}) on {}, got error {other}", dialect.name()),
        Ok(c) => panic!("expected Unsupported({feature}) on {}, got SQL {}", dialect.name(), c.sql),
    }
}
