//! Hostile values: SQL-injection payloads, backslash sequences, NaN and the infinities,
//! integers too large for their column, the empty string beside NULL.
//!
//! Text goes to the database two ways and must come back byte-identical both ways, on
//! SQLite, PostgreSQL and MariaDB: as bound parameters, and written into the SQL as literals
//! (`to_inline_sql`, executed with `execute_raw`). The inlined form is the one that could turn
//! data into code; after every payload, the table holds exactly the rows inserted and every
//! other table is untouched.

#[macro_use]
mod common;
use common::*;
use sqlcore::error::ValueDoesNotFit;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::Select;
use sqlcore::{Decimal, Row};
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

sqlcore::table! {
    /// A table the payloads try to drop or change.
    pub victims {
        id: Integer => primary_key();
        note: Varchar(20) => not_null();
    }
}

sqlcore::table! {
    /// Each payload three times: bound, inlined by `Compile::to_inline_sql`, inlined by
    /// `Compiled::to_inline_sql`.
    pub payloads {
        id: Integer => primary_key(), autoincrement(false);
        via: Varchar(10) => not_null();
        body: Text;
    }
}

sqlcore::table! {
    /// The ids an inlined query selected (`INSERT INTO hits SELECT ...`, run with
    /// `execute_raw`, which returns no rows).
    pub hits {
        id: Integer => not_null();
    }
}

sqlcore::table! {
    pub floats {
        id: Integer => primary_key(), autoincrement(false);
        d: Double;
        r: Real;
    }
}

sqlcore::table! {
    pub ints {
        id: Integer => primary_key(), autoincrement(false);
        s: SmallInt;
        i: Integer;
        b: BigInt;
        v: Varchar(3);
        flag: Boolean;
        n: Numeric(5, 2);
    }
}

sqlcore::table! {
    pub strs {
        id: Integer => primary_key(), autoincrement(false);
        t: Text;
        v: Varchar(20);
    }
}

// ----- helpers ------------------------------------------------------------------------------

fn create(engine: &str, conn: &mut dyn Connection, tables: &[Table]) {
    let mut md = MetaData::new();
    for t in tables {
        md.add(t.clone()).expect("distinct tables");
    }
    conn.create_all(&md).unwrap_or_else(|e| panic!("{engine}: create_all: {e}"));
}

fn fill_victims(engine: &str, conn: &mut dyn Connection) {
    conn.execute(&insert(victims::table()).columns([victims::note]).rows([("first",), ("second",)]))
        .unwrap_or_else(|e| panic!("{engine}: fill victims: {e}"));
}

fn count(engine: &str, conn: &mut dyn Connection, table: Table) -> i64 {
    let name = table.name().to_string();
    conn.one(&select([func::count_star()]).from(table))
        .and_then(|r| r.get::<i64>(0))
        .unwrap_or_else(|e| panic!("{engine}: count({name}): {e}"))
}

/// The fixture's tables hold what `seed` put there, and the canary its two rows.
fn assert_untouched(engine: &str, conn: &mut dyn Connection) {
    for (table, rows) in [
        (authors::table(), 5),
        (books::table(), 8),
        (stores::table(), 3),
        (book_to_store_map::table(), 7),
        (employees::table(), 4),
    ] {
        assert_eq!(count(engine, conn, table.clone()), rows, "{engine}: table {} changed", table.name());
    }
    let titles: Vec<String> = conn
        .all(&select([books::title]).order_by(books::id))
        .expect("titles")
        .iter()
        .map(|r| r.get::<String>(0).expect("title"))
        .collect();
    assert_eq!(titles[3], "Dune", "{engine}: books changed");
    let notes: Vec<String> = conn
        .all(&select([victims::note]).order_by(victims::id))
        .unwrap_or_else(|e| panic!("{engine}: victims: {e}"))
        .iter()
        .map(|r| r.get::<String>(0).expect("note"))
        .collect();
    assert_eq!(notes, ["first", "second"], "{engine}: the canary table changed");
}

/// Runs `query`'s inlined SQL as `INSERT INTO hits (id) <query>` with `execute_raw`, and
/// returns the ids it selected (then empties `hits`).
fn inline_hits(engine: &str, conn: &mut dyn Connection, query: Select) -> Vec<i64> {
    let stmt = insert(hits::table()).columns([hits::id]).select(query);
    let sql = stmt.to_inline_sql(conn.dialect()).unwrap_or_else(|e| panic!("{engine}: inline: {e}"));
    conn.execute_raw(&sql).unwrap_or_else(|e| panic!("{engine}: {sql}: {e}"));
    let ids = conn
        .all(&select([hits::id]).order_by(hits::id))
        .expect("hits")
        .iter()
        .map(|r| r.get::<i64>(0).expect("id"))
        .collect();
    conn.execute(&delete(hits::table())).expect("empty hits");
    ids
}

fn ids(rows: &[Row]) -> Vec<i64> {
    rows.iter().map(|r| r.get::<i64>(0).expect("id")).collect()
}

// ----- (a) injection payloads ---------------------------------------------------------------

/// Hand-written payloads: quote breaking, stacked queries, comments, UNION, placeholders of
/// every driver, PostgreSQL dollar quotes and escape strings, MySQL backslash escapes,
/// look-alike quotes, control characters.
const BASE_PAYLOADS: &[&str] = &[
    "' OR '1'='1",
    "' OR 1=1 --",
    "' OR 1=1 -- ",
    "' OR 1=1#",
    "' OR 1=1/*",
    "' OR ''='",
    "') OR ('1'='1",
    "'; DROP TABLE victims; --",
    "'); DROP TABLE victims; --",
    "\"; DROP TABLE victims; --",
    "`; DROP TABLE victims; --",
    "'; DELETE FROM victims; --",
    "'; DELETE FROM books WHERE '1'='1",
    "'); INSERT INTO victims (note) VALUES ('pwned'); --",
    "'; UPDATE victims SET note = 'pwned'; --",
    "'; COMMIT; DROP TABLE victims; --",
    "'; TRUNCATE victims; --",
    "1; DROP TABLE victims",
    "1 OR 1=1",
    "' UNION SELECT note FROM victims --",
    "' UNION ALL SELECT NULL, NULL, NULL --",
    "x' UNION SELECT version() --",
    "' AND 1=(SELECT COUNT(*) FROM victims) --",
    "'||(SELECT note FROM victims LIMIT 1)||'",
    "' + (SELECT note FROM victims) + '",
    "admin'--",
    "admin' #",
    "admin'/*",
    "*/ OR /*",
    "/* unterminated",
    "*/",
    "-- comment",
    "# comment",
    "--",
    "#",
    ";",
    "'",
    "''",
    "'''",
    "\"",
    "\"\"",
    "`",
    "``",
    "\\",
    "\\\\",
    "\\'",
    "\\\\'",
    "\\\\\\'",
    "'\\'",
    "\\\"",
    "\\`",
    "\\0",
    "\\n",
    "\\r",
    "\\t",
    "\\b",
    "\\Z",
    "\\%",
    "\\_",
    "\\x27",
    "\\u0027",
    "\\047",
    "%27",
    "%00",
    "&#39;",
    "&apos;",
    "$1",
    "$2::text",
    "$1); DROP TABLE victims; --",
    "?",
    "??",
    "?::text",
    "? OR 1=1",
    ":name",
    ":1",
    ":id OR 1=1",
    "@var",
    "@@version",
    "%s",
    "%(name)s",
    "{0}",
    "$$",
    "$$; DROP TABLE victims; $$",
    "$$'$$",
    "$tag$ x $tag$",
    "$tag$'; DROP TABLE victims; --$tag$",
    "$a$$b$",
    "E'\\\\x27'",
    "E'\\''",
    "E'\\x27'; DROP TABLE victims; --",
    "U&'\\0027'",
    "U&'d\\0061t\\+000061' UESCAPE '!'",
    "N'x'",
    "X'27'",
    "B'1'",
    "0x27",
    "CHAR(39)",
    "CHR(39)||CHR(39)",
    "'; SELECT pg_sleep(0); --",
    "' AND SLEEP(0) --",
    "'; EXEC xp_cmdshell('dir'); --",
    "' ; ATTACH DATABASE '/tmp/x' AS x; --",
    "'; PRAGMA foreign_keys = OFF; --",
    "'; SET sql_mode = ''; --",
    "'; SET standard_conforming_strings = off; --",
    "\u{2bc} OR \u{2bc}1\u{2bc}=\u{2bc}1",
    "\u{ff07} OR \u{ff07}1\u{ff07}=\u{ff07}1",
    "\u{2018}x\u{2019} \u{201c}y\u{201d}",
    "\u{ff02}\u{ff40}\u{ff1b}",
    "\u{02b9}\u{02ba}\u{2032}\u{2033}",
    "\u{5c}\u{ff3c}\u{a5}",
    "\u{1}\u{2}\u{3}\u{7}\u{8}",
    "\u{1a}",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{7f}",
    "tab\there",
    "line\nbreak",
    "cr\rreturn",
    "\r\n",
    "\u{85}\u{2028}\u{2029}",
    "\u{feff}bom",
    "\u{200b}zero\u{200d}width",
    "e\u{301}",
    "naïve 表 🦀",
    "\u{10ffff}",
    "  leading and trailing  ",
    " ",
    "",
    "NULL",
    "null",
    "'NULL'",
    "TRUE",
    "0",
    "-0",
    "1e999",
    "NaN",
    "\\N",
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "' OR 'x' LIKE '%",
    "%",
    "_",
    "%_%",
    "' ESCAPE '\\",
];

/// The payloads: each base, and variations of it (embedded, doubled, after and before a
/// backslash, with a quote, repeated long) — more than 200 distinct strings, NUL-free.
fn payloads() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for b in BASE_PAYLOADS {
        push(b.to_string());
    }
    for b in BASE_PAYLOADS {
        push(format!("x{b}y"));
        push(format!("{b}{b}"));
        push(format!("\\{b}"));
        push(format!("{b}\\"));
        push(format!("'{b}'"));
    }
    push("'; DROP TABLE victims; --".repeat(400));
    push("\\'".repeat(5_000));
    push("'".repeat(10_001));
    push(format!("{}\\", "\\".repeat(4_096)));
    assert!(out.iter().all(|p| !p.contains('\0')), "payloads are NUL-free");
    out
}

#[test]
fn more_than_200_distinct_payloads() {
    let p = payloads();
    assert!(p.len() > 200, "{} payloads", p.len());
    let mut sorted = p.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), p.len(), "distinct");
}

/// Every payload inserted bound and inlined (both inline renderings), read back
/// byte-identical, matched by a bound and by an inlined `=`; nothing else changed.
#[test]
fn injection_payloads_round_trip_bound_and_inlined_on_every_engine() {
    let payloads = payloads();
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[victims::table(), payloads::table(), hits::table()]);
        fill_victims(engine, conn);
        for (i, p) in payloads.iter().enumerate() {
            let base = 3 * i as i64;
            let row = |id: i64, via: &str| {
                insert(payloads::table()).value(payloads::id, id).value(payloads::via, via).value(payloads::body, p)
            };
            conn.execute(&row(base, "bound")).unwrap_or_else(|e| panic!("{engine}: bound {p:?}: {e}"));
            let dialect = conn.dialect();
            let sql1 =
                row(base + 1, "compile").to_inline_sql(dialect).unwrap_or_else(|e| panic!("{engine}: {p:?}: {e}"));
            let same = row(base + 1, "compile")
                .compile(dialect)
                .and_then(|c| c.to_inline_sql(dialect))
                .unwrap_or_else(|e| panic!("{engine}: {p:?}: {e}"));
            assert_eq!(same, sql1, "{engine}: the two inline renderings of {p:?} agree");
            let sql2 = row(base + 2, "compiled")
                .compile(dialect)
                .and_then(|c| c.to_inline_sql(dialect))
                .unwrap_or_else(|e| panic!("{engine}: {p:?}: {e}"));
            conn.execute_raw(&sql1).unwrap_or_else(|e| panic!("{engine}: inline {sql1}: {e}"));
            conn.execute_raw(&sql2).unwrap_or_else(|e| panic!("{engine}: inline {sql2}: {e}"));

            // Read back, by id.
            let rows = conn
                .all(
                    &select([payloads::id, payloads::body])
                        .filter(payloads::id.between(base, base + 2))
                        .order_by(payloads::id),
                )
                .unwrap_or_else(|e| panic!("{engine}: read {p:?}: {e}"));
            assert_eq!(ids(&rows), [base, base + 1, base + 2], "{engine}: rows of {p:?}");
            for r in &rows {
                let body: Option<String> = r.get(1).expect("body");
                assert_eq!(
                    body.as_deref(),
                    Some(p.as_str()),
                    "{engine}: row {} of {p:?}",
                    r.get::<i64>(0).unwrap_or(-1)
                );
            }
            // Matched by `=`, bound and inlined.
            let matching = || {
                select([payloads::id])
                    .filter(payloads::body.eq(p.as_str()).and(payloads::id.between(base, base + 2)))
                    .order_by(payloads::id)
            };
            let bound = conn.all(&matching()).unwrap_or_else(|e| panic!("{engine}: bound = {p:?}: {e}"));
            assert_eq!(ids(&bound), [base, base + 1, base + 2], "{engine}: bound = {p:?}");
            assert_eq!(inline_hits(engine, conn, matching()), [base, base + 1, base + 2], "{engine}: inlined = {p:?}");
        }
        // Exactly the rows inserted, each byte-identical, and nothing else changed.
        let rows = conn.all(&select([payloads::id, payloads::body]).order_by(payloads::id)).expect("all rows");
        assert_eq!(rows.len(), 3 * payloads.len(), "{engine}: rows in payloads");
        for (k, r) in rows.iter().enumerate() {
            assert_eq!(r.get::<i64>(0).expect("id"), k as i64, "{engine}");
            assert_eq!(r.get::<String>(1).expect("body"), payloads[k / 3], "{engine}: row {k}");
        }
        assert_eq!(count(engine, conn, hits::table()), 0, "{engine}: hits");
        assert_untouched(engine, conn);
    }
}

/// The fixture's book titles, by id.
const TITLES: [&str; 8] = [
    "A Wizard of Earthsea",
    "The Dispossessed",
    "The Left Hand of Darkness",
    "Dune",
    "Children of Dune",
    "Consider Phlebas",
    "Solaris",
    "100% Pure_Fiction",
];

/// Payloads in an IN list, a `<>`, a `contains()` pattern, a named parameter and the select
/// list are values too.
#[test]
fn payloads_elsewhere_in_a_query_stay_values() {
    let payloads = payloads();
    let sample: Vec<&String> = payloads.iter().step_by(7).collect();
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[victims::table(), payloads::table(), hits::table()]);
        fill_victims(engine, conn);
        for p in &sample {
            // In an IN list and a `<>`, bound and inlined: only Dune matches.
            let q = select([books::id])
                .filter(books::title.in_list([p.as_str(), "Dune"]).and(books::title.ne(p.as_str())))
                .order_by(books::id);
            let bound = conn.all(&q).unwrap_or_else(|e| panic!("{engine}: {p:?}: {e}"));
            assert_eq!(ids(&bound), [4], "{engine}: {p:?}");
            let q = select([books::id])
                .filter(books::title.in_list([p.as_str(), "Dune"]).and(books::title.ne(p.as_str())))
                .order_by(books::id);
            assert_eq!(inline_hits(engine, conn, q), [4], "{engine}: inlined {p:?}");
            // contains() escapes the pattern's wildcards: matches nothing but itself.
            let q = select([books::id]).filter(books::title.contains(p.as_str())).order_by(books::id);
            let found = conn.all(&q).unwrap_or_else(|e| panic!("{engine}: contains {p:?}: {e}"));
            let expected: Vec<i64> = (1..=8).filter(|&k| TITLES[k as usize - 1].contains(p.as_str())).collect();
            assert_eq!(ids(&found), expected, "{engine}: contains {p:?}");
            // A named parameter.
            let q = select([books::id]).filter(books::title.eq(bindparam("t")));
            let rows = conn
                .all_with(&q, &sqlcore::expr::Params::new().set("t", p.as_str()))
                .unwrap_or_else(|e| panic!("{engine}: bindparam {p:?}: {e}"));
            assert!(rows.is_empty(), "{engine}: bindparam {p:?}");
            // A bound value in the select list comes back as itself.
            let v = conn
                .scalar_value(&select([val(p.as_str()).label("v")]))
                .unwrap_or_else(|e| panic!("{engine}: select {p:?}: {e}"));
            assert_eq!(v, Value::Text(p.as_str().into()), "{engine}: select-list value {p:?}");
        }
        assert_untouched(engine, conn);
    }
}

// ----- (b) MySQL / MariaDB backslashes ------------------------------------------------------

/// MySQL reads `\` in a string literal as an escape (unless NO_BACKSLASH_ESCAPES): the inline
/// literal doubles it, so `\'` cannot close the string. The standard-SQL dialects leave it.
#[test]
fn mysql_inline_literals_escape_backslashes() -> Result<()> {
    let cases: &[(&str, &str, &str)] = &[
        // value, MySQL literal, standard literal
        (r"\'", r"'\\'''", r"'\'''"),
        (r"\", r"'\\'", r"'\'"),
        (r"\\", r"'\\\\'", r"'\\'"),
        (r"\0", r"'\\0'", r"'\0'"),
        (r"\n", r"'\\n'", r"'\n'"),
        (r"\Z", r"'\\Z'", r"'\Z'"),
        (r"\%", r"'\\%'", r"'\%'"),
        (r"\_", r"'\\_'", r"'\_'"),
        (r"'; DROP TABLE victims; -- \", r"'''; DROP TABLE victims; -- \\'", r"'''; DROP TABLE victims; -- \'"),
        ("\u{1a}", r"'\Z'", "'\u{1a}'"),
        ("\u{ff07}\u{2bc}", "'\u{ff07}\u{2bc}'", "'\u{ff07}\u{2bc}'"),
    ];
    let q = |v: &str| select([victims::id]).filter(victims::note.eq(v.to_string()));
    for (value, mysql, standard) in cases {
        for d in [MySqlDialect::default(), MySqlDialect::mariadb()] {
            assert_eq!(
                q(value).to_inline_sql(&d)?,
                format!("SELECT id FROM victims WHERE note = {mysql}"),
                "{} {value:?}",
                d.name()
            );
        }
        for d in [&SqliteDialect::default() as &dyn Dialect, &PostgresDialect::default()] {
            assert_eq!(
                q(value).to_inline_sql(d)?,
                format!("SELECT id FROM victims WHERE note = {standard}"),
                "{} {value:?}",
                d.name()
            );
        }
    }
    Ok(())
}

/// The same backslash values through every engine, bound and inlined, into TEXT and VARCHAR.
#[test]
fn backslash_sequences_come_back_unchanged_on_every_engine() {
    let values = [
        r"\'",
        r"\\'",
        r"\",
        r"\\",
        r"\0",
        r"\n",
        r"\r",
        r"\t",
        r"\b",
        r"\Z",
        r"\%",
        r"\_",
        r"\x27",
        r"a\",
        r"\'\'",
        r"\\\'",
        "\u{1a}",
        r"C:\temp\new",
        r"\N",
    ];
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[victims::table(), strs::table()]);
        fill_victims(engine, conn);
        for (i, v) in values.iter().enumerate() {
            let id = 2 * i as i64;
            let ins = |id: i64| insert(strs::table()).value(strs::id, id).value(strs::t, *v).value(strs::v, *v);
            conn.execute(&ins(id)).unwrap_or_else(|e| panic!("{engine}: bound {v:?}: {e}"));
            let sql = ins(id + 1).to_inline_sql(conn.dialect()).expect("inline");
            conn.execute_raw(&sql).unwrap_or_else(|e| panic!("{engine}: {sql}: {e}"));
            let rows = conn
                .all(&select([strs::t, strs::v]).filter(strs::id.in_list([id, id + 1])).order_by(strs::id))
                .expect("read");
            assert_eq!(rows.len(), 2, "{engine}: {v:?}");
            for r in &rows {
                assert_eq!(r.get::<String>(0).expect("t"), *v, "{engine}: TEXT {v:?}");
                assert_eq!(r.get::<String>(1).expect("v"), *v, "{engine}: VARCHAR {v:?}");
            }
            // LIKE with the value as a literal pattern (contains escapes it).
            let found = conn
                .all(&select([strs::id]).filter(strs::t.contains(v)).filter(strs::id.in_list([id, id + 1])))
                .expect("like");
            assert_eq!(found.len(), 2, "{engine}: contains({v:?})");
        }
        assert_eq!(count(engine, conn, strs::table()), 2 * values.len() as i64, "{engine}");
        assert_untouched(engine, conn);
    }
}

/// A NUL character in text: MariaDB and SQLite store it when bound; PostgreSQL text cannot
/// hold it, and no inline literal can carry it on SQLite and PostgreSQL: `InvalidValue`
/// before anything is sent, never a truncated value.
#[test]
fn a_nul_character_in_text_is_stored_whole_or_refused() {
    let v = "a\0b'; DROP TABLE victims; --";
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[victims::table(), strs::table()]);
        fill_victims(engine, conn);
        let ins = |id: i64| insert(strs::table()).value(strs::id, id).value(strs::t, v);
        let name = conn.dialect().name();
        let bound = conn.execute(&ins(1));
        match name {
            "postgresql" => match &bound {
                Err(Error::InvalidValue(e)) => assert!(e.reason.contains("NUL"), "{engine}: {}", e.reason),
                other => panic!("{engine}: expected Error::InvalidValue (NUL), got {other:?}"),
            },
            _ => assert_eq!(bound.unwrap_or_else(|e| panic!("{engine}: {e}")), 1, "{engine}"),
        }
        let inline = ins(2).to_inline_sql(conn.dialect());
        match name {
            "mariadb" => conn.execute_raw(&inline.expect("MySQL writes NUL as \\0")).expect("inline NUL"),
            _ => assert!(matches!(inline, Err(Error::InvalidValue { .. })), "{engine}: {inline:?}"),
        }
        for r in conn.all(&select([strs::t]).order_by(strs::id)).expect("read") {
            assert_eq!(r.get::<String>(0).expect("t"), v, "{engine}: stored whole");
        }
        let expected = match name {
            "postgresql" => 0,
            "sqlite" => 1,
            _ => 2,
        };
        assert_eq!(count(engine, conn, strs::table()), expected, "{engine}");
        assert_untouched(engine, conn);
    }
}

// ----- (c) NaN and the infinities -----------------------------------------------------------

/// What must happen to a non-finite float written to a DOUBLE column.
fn expect_non_finite(dialect: &str, f: f64) -> bool {
    match dialect {
        // Native NaN and ±Infinity.
        "postgresql" => true,
        // ±Infinity are REAL values (literal 9e999); NaN would be stored as NULL.
        "sqlite" => !f.is_nan(),
        // No NaN or infinity at all.
        _ => false,
    }
}

fn same_float(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

/// NaN, +Infinity and -Infinity into a DOUBLE column, bound and inlined: stored exactly where
/// the engine has the value, otherwise `Error::InvalidValue` and nothing written — never NULL
/// or another number in its place.
#[test]
fn nan_and_infinities_in_a_double_column() {
    // Every deviation, on every engine, is collected and reported at the end.
    let mut problems: Vec<String> = Vec::new();
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[floats::table()]);
        let dialect = conn.dialect().name();
        let mut expected: Vec<(i64, f64)> = Vec::new();
        for (k, f) in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].into_iter().enumerate() {
            let ok = expect_non_finite(dialect, f);
            let ins = |id: i64| insert(floats::table()).value(floats::id, id).value(floats::d, f);
            let id = 10 * k as i64;
            let bound = conn.execute(&ins(id));
            let inline = ins(id + 1).to_inline_sql(conn.dialect()).and_then(|sql| conn.execute_raw(&sql).map(|()| 1));
            conn.execute(&insert(floats::table()).value(floats::id, id + 2).value(floats::d, 1.5)).expect("row");
            let updated = conn.execute(&update(floats::table()).set(floats::d, f).filter(floats::id.eq(id + 2)));
            for (how, result, row) in [("bound", bound, id), ("inlined", inline, id + 1), ("updated", updated, id + 2)]
            {
                match (ok, result) {
                    (true, Ok(1)) => expected.push((row, f)),
                    (false, Err(Error::InvalidValue { .. })) => {
                        if how == "updated" {
                            expected.push((row, 1.5));
                        }
                    }
                    (true, other) => problems.push(format!("{engine}: {how} {f}: expected it stored, got {other:?}")),
                    (false, other) => {
                        problems.push(format!("{engine}: {how} {f}: expected Error::InvalidValue, got {other:?}"));
                        if how == "updated" {
                            expected.push((row, 1.5));
                        }
                    }
                }
            }
        }
        // What is stored is exactly what was accepted: no NULL, no other number.
        let rows = conn.all(&select([floats::id, floats::d]).order_by(floats::id)).expect("read");
        let expected_ids: Vec<i64> = {
            let mut v: Vec<i64> = expected.iter().map(|(id, _)| *id).collect();
            v.sort_unstable();
            v
        };
        let got_ids: Vec<i64> = rows.iter().map(|r| r.get::<i64>(0).expect("id")).collect();
        for r in &rows {
            let id: i64 = r.get(0).expect("id");
            let stored = r.value(1).expect("d").clone();
            match (expected.iter().find(|(e, _)| *e == id), &stored) {
                (Some((_, want)), Value::Float(f)) if same_float(*f, *want) => {}
                (Some((_, want)), _) => problems.push(format!("{engine}: row {id} holds {stored:?}, expected {want}")),
                (None, _) => {
                    problems.push(format!("{engine}: row {id} holds {stored:?}; it should not have been written"))
                }
            }
        }
        if got_ids != expected_ids && problems.is_empty() {
            problems.push(format!("{engine}: rows {got_ids:?}, expected {expected_ids:?}"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// A REAL column takes no NaN or infinity on any engine (sqlcore's rule, `schema/fit.rs`):
/// `ValueDoesNotFit`, bound and inlined.
#[test]
fn nan_and_infinities_do_not_fit_a_real_column() {
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[floats::table()]);
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let ins = insert(floats::table()).value(floats::id, 1).value(floats::r, f);
            for r in [conn.execute(&ins).map(|_| ()), ins.to_inline_sql(conn.dialect()).map(|_| ())] {
                match r {
                    Err(Error::ValueDoesNotFit(e)) => {
                        assert_eq!((e.table.as_str(), e.column.as_str()), ("floats", "r"), "{engine}")
                    }
                    other => panic!("{engine}: {f} into REAL: expected ValueDoesNotFit, got {other:?}"),
                }
            }
        }
        assert_eq!(count(engine, conn, floats::table()), 0, "{engine}");
    }
}

/// A NaN bound anywhere in a query (here the select list) comes back as NaN where the
/// engine has it (PostgreSQL), or is refused: SQLite would bind it as NULL.
#[test]
fn a_nan_bound_in_a_query_is_not_turned_into_null() {
    let mut problems: Vec<String> = Vec::new();
    for (engine, mut conn) in engines() {
        let q = select([val(f64::NAN).label("x")]);
        let got = conn.scalar_value(&q);
        match (conn.dialect().name(), got) {
            ("postgresql", Ok(Value::Float(f))) if f.is_nan() => {}
            ("sqlite" | "mariadb", Err(Error::InvalidValue { .. })) => {}
            (_, other) => problems.push(format!("{engine}: SELECT NaN gave {other:?}")),
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

// ----- (d) integers that do not fit ---------------------------------------------------------

fn too_big(col: &'static str, v: Value) -> (&'static str, Value) {
    (col, v)
}

/// Values no column of `ints` can hold, with the column.
fn misfits() -> Vec<(&'static str, Value)> {
    vec![
        too_big("s", Value::Int(32_768)),
        too_big("s", Value::Int(-32_769)),
        too_big("s", Value::Int(40_000)),
        too_big("s", Value::Int(i64::MAX)),
        too_big("s", Value::Int(i64::MIN)),
        too_big("i", Value::Int(2_147_483_648)),
        too_big("i", Value::Int(-2_147_483_649)),
        too_big("i", Value::Int(i64::MAX)),
        too_big("i", Value::Int(i64::MIN)),
        too_big("i", Value::Float(1.5)),
        too_big("i", Value::Float(2_147_483_648.0)),
        too_big("i", Value::Float(f64::NAN)),
        too_big("b", Value::Decimal("9223372036854775808".parse::<Decimal>().expect("decimal"))),
        too_big("b", Value::Decimal("-9223372036854775809".parse::<Decimal>().expect("decimal"))),
        too_big("b", Value::Decimal("1.5".parse::<Decimal>().expect("decimal"))),
        too_big("b", Value::Float(9.3e18)),
        too_big("b", Value::Float(1e300)),
        too_big("b", Value::Float(f64::INFINITY)),
        too_big("b", Value::Text("12".into())),
        too_big("flag", Value::Int(2)),
        too_big("flag", Value::Int(-1)),
        too_big("n", Value::Int(1_000)),
        too_big("n", Value::Decimal("-1000.5".parse::<Decimal>().expect("decimal"))),
        too_big("v", Value::Text("abcd".into())),
        too_big("v", Value::Text("表表表表".into())),
        too_big("v", Value::Int(1_000)),
    ]
}

fn assert_does_not_fit<T: std::fmt::Debug>(r: Result<T>, col: &str, ctx: &str) {
    match r {
        Err(Error::ValueDoesNotFit(e)) => {
            let ValueDoesNotFit { table, column, reason } = *e;
            assert_eq!(table, "ints", "{ctx}");
            assert_eq!(column, col, "{ctx}");
            assert!(!reason.is_empty(), "{ctx}");
        }
        other => panic!("{ctx}: expected Error::ValueDoesNotFit, got {other:?}"),
    }
}

/// Every misfit is `ValueDoesNotFit` naming the table and column, on every engine, whether
/// inserted (one row, or one bad row among good ones), inlined or updated; nothing is written.
/// Values exactly at the limits fit.
#[test]
fn integers_that_do_not_fit_their_column_are_refused_on_every_engine() {
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[ints::table()]);
        // At the limits: stored unchanged.
        let edge = [
            (1, i16::MIN as i64, i32::MIN as i64, i64::MIN, "表表表", 0),
            (2, i16::MAX as i64, i32::MAX as i64, i64::MAX, "abc", 1),
        ];
        for (id, s, i, b, v, flag) in edge {
            conn.execute(
                &insert(ints::table())
                    .value(ints::id, id)
                    .value(ints::s, s)
                    .value(ints::i, i)
                    .value(ints::b, b)
                    .value(ints::v, v)
                    .value(ints::flag, flag == 1)
                    .value(ints::n, "999.99".parse::<Decimal>().expect("decimal")),
            )
            .unwrap_or_else(|e| panic!("{engine}: edge row {id}: {e}"));
        }
        for (col, value) in misfits() {
            let ctx = format!("{engine}: {value:?} into {col}");
            let one = insert(ints::table()).value(ints::id, 99).value(col, value.clone());
            assert_does_not_fit(conn.execute(&one), col, &format!("{ctx} (bound)"));
            assert_does_not_fit(one.to_inline_sql(conn.dialect()), col, &format!("{ctx} (inlined)"));
            let many = insert(ints::table())
                .columns(["id", col])
                .row((Value::Int(97), Value::Null))
                .row((Value::Int(98), value.clone()));
            assert_does_not_fit(conn.execute(&many), col, &format!("{ctx} (second of two rows)"));
            assert_does_not_fit(conn.insert_bulk(&many), col, &format!("{ctx} (insert_bulk)"));
            let upd = update(ints::table()).set(col, value.clone()).filter(ints::id.eq(1));
            assert_does_not_fit(conn.execute(&upd), col, &format!("{ctx} (update)"));
        }
        let rows = conn
            .all(&select([ints::id, ints::s, ints::i, ints::b, ints::v, ints::flag]).order_by(ints::id))
            .expect("read");
        let got: Vec<(i64, i64, i64, i64, String, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r.get(0).expect("id"),
                    r.get(1).expect("s"),
                    r.get(2).expect("i"),
                    r.get(3).expect("b"),
                    r.get(4).expect("v"),
                    r.get(5).expect("flag"),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, i16::MIN as i64, i32::MIN as i64, i64::MIN, "表表表".to_string(), false),
                (2, i16::MAX as i64, i32::MAX as i64, i64::MAX, "abc".to_string(), true),
            ],
            "{engine}: only the rows at the limits, unchanged"
        );
    }
}

/// The same check for a value written as a literal (`lit`) rather than bound: a literal is
/// still a value the column cannot hold. SQLite would store 40000 in a SMALLINT column,
/// PostgreSQL and MariaDB refuse it with their own errors.
#[test]
fn a_literal_that_does_not_fit_its_column_is_refused_too() {
    let mut problems: Vec<String> = Vec::new();
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[ints::table()]);
        conn.execute(&insert(ints::table()).value(ints::id, 1)).expect("a row to update");
        for (k, (col, value)) in [("s", 40_000_i64), ("i", i64::MAX)].into_iter().enumerate() {
            let ins = insert(ints::table()).value(ints::id, 10 + k as i64).value(col, lit(value));
            let upd = update(ints::table()).set(col, lit(value)).filter(ints::id.eq(1));
            for (how, result) in [("insert", conn.execute(&ins)), ("update", conn.execute(&upd))] {
                match result {
                    Err(Error::ValueDoesNotFit(e)) if e.table == "ints" && e.column == col => {}
                    Err(e) => problems.push(format!("{engine}: {how} lit({value}) into {col}: error {e}")),
                    Ok(n) => problems.push(format!("{engine}: {how} lit({value}) into {col}: Ok({n})")),
                }
            }
        }
        let rows = conn.all(&select([ints::id, ints::s, ints::i]).order_by(ints::id)).expect("read");
        let got: Vec<Vec<Value>> = rows.into_iter().map(|r| r.into_values()).collect();
        if got != [vec![Value::Int(1), Value::Null, Value::Null]] {
            problems.push(format!("{engine}: the table holds {got:?}"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

// ----- (e) the empty string and NULL --------------------------------------------------------

/// `''` and NULL are different values on every engine: stored and read back distinctly, and
/// `= ''`, `IS NULL`, `<> ''`, `IS NOT NULL`, `COALESCE(x, '') = ''` and `LENGTH(x) = 0` select
/// the right rows, bound and inlined.
#[test]
fn the_empty_string_and_null_are_distinct_on_every_engine() {
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[strs::table(), hits::table()]);
        let rows: [(i64, Option<&str>); 3] = [(1, Some("")), (2, None), (3, Some("x"))];
        for (id, v) in rows {
            conn.execute(&insert(strs::table()).value(strs::id, id).value(strs::t, v).value(strs::v, v))
                .unwrap_or_else(|e| panic!("{engine}: bound {v:?}: {e}"));
            let sql = insert(strs::table())
                .value(strs::id, id + 10)
                .value(strs::t, v)
                .value(strs::v, v)
                .to_inline_sql(conn.dialect())
                .expect("inline");
            conn.execute_raw(&sql).unwrap_or_else(|e| panic!("{engine}: {sql}: {e}"));
        }
        let got: Vec<(i64, Value, Value)> = conn
            .all(&select([strs::id, strs::t, strs::v]).order_by(strs::id))
            .expect("read")
            .iter()
            .map(|r| (r.get(0).expect("id"), r.value(1).expect("t").clone(), r.value(2).expect("v").clone()))
            .collect();
        let text = |s: &str| Value::Text(s.into());
        assert_eq!(
            got,
            [
                (1, text(""), text("")),
                (2, Value::Null, Value::Null),
                (3, text("x"), text("x")),
                (11, text(""), text("")),
                (12, Value::Null, Value::Null),
                (13, text("x"), text("x")),
            ],
            "{engine}"
        );
        for c in [strs::t, strs::v] {
            let cases: Vec<(Expr, Vec<i64>)> = vec![
                (c.eq(""), vec![1, 11]),
                (c.is_null(), vec![2, 12]),
                (c.eq(Value::Null), vec![2, 12]),
                (c.ne(""), vec![3, 13]),
                (c.is_not_null(), vec![1, 3, 11, 13]),
                (func::coalesce([c.into_expr(), val("")]).eq(""), vec![1, 2, 11, 12]),
                (func::length(c).eq(0), vec![1, 11]),
                (c.eq("").or(c.is_null()), vec![1, 2, 11, 12]),
                (c.in_list([""]), vec![1, 11]),
            ];
            for (cond, expected) in cases {
                let q = || select([strs::id]).filter(cond.clone()).order_by(strs::id);
                let bound = conn.all(&q()).unwrap_or_else(|e| panic!("{engine}: {cond}: {e}"));
                assert_eq!(ids(&bound), expected, "{engine}: bound {cond}");
                assert_eq!(inline_hits(engine, conn, q()), expected, "{engine}: inlined {cond}");
            }
        }
    }
}

/// White space is not the empty string, and `'a '` is not `'a'`: `=` compares whole values
/// on every engine (MariaDB's PAD SPACE collations would ignore trailing spaces).
#[test]
fn trailing_white_space_is_part_of_the_value_on_every_engine() {
    let mut problems: Vec<String> = Vec::new();
    let values = [(1, ""), (2, " "), (3, "a"), (4, "a "), (5, "a\t")];
    for (engine, mut conn) in engines() {
        let conn = conn.as_mut();
        create(engine, conn, &[strs::table(), hits::table()]);
        for (id, v) in values {
            conn.execute(&insert(strs::table()).value(strs::id, id).value(strs::t, v).value(strs::v, v))
                .unwrap_or_else(|e| panic!("{engine}: {v:?}: {e}"));
        }
        for (id, v) in values {
            let r = conn.one(&select([strs::t, strs::v]).filter(strs::id.eq(id))).expect("row");
            assert_eq!((r.get::<String>(0).expect("t"), r.get::<String>(1).expect("v")), (v.into(), v.into()));
        }
        for c in [strs::t, strs::v] {
            for (v, expected) in [("", vec![1]), (" ", vec![2]), ("a", vec![3]), ("a ", vec![4])] {
                let q = || select([strs::id]).filter(c.eq(v)).order_by(strs::id);
                let bound = ids(&conn.all(&q()).unwrap_or_else(|e| panic!("{engine}: {e}")));
                if bound != expected {
                    problems
                        .push(format!("{engine}: bound {} = {v:?} selects {bound:?}, expected {expected:?}", c.name));
                }
                let inlined = inline_hits(engine, conn, q());
                if inlined != expected {
                    problems.push(format!(
                        "{engine}: inlined {} = {v:?} selects {inlined:?}, expected {expected:?}",
                        c.name
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
