//! Hostile identifiers: table, column, alias, label and index names made of quote characters,
//! brackets, semicolons, comment markers, placeholders, backslashes, control characters,
//! Unicode, 10,000 characters, NUL bytes.
//!
//! For each name and each engine the outcome is one of two, asserted exactly:
//!
//! * it works: the table is created under that name, a row is inserted (bound and inlined),
//!   updated, read back (the result column carries the name unchanged), deleted, and the table
//!   dropped, on SQLite, PostgreSQL and MariaDB;
//! * or compiling is an [`Error::InvalidIdentifier`] before anything is sent.
//!
//! Never a server error, and never a name that is silently changed (truncated). After every
//! name a canary table still holds its rows: no name became SQL code.

#[macro_use]
mod common;
use common::*;
use sqlcore::compile::{CreateTable, DropTable};
use sqlcore::error::InvalidIdentifier;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;

sqlcore::table! {
    /// A table the hostile names try to drop.
    pub victims {
        id: Integer => primary_key();
        note: Varchar(20) => not_null();
    }
}

/// What must happen to a name on an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Created, written, read back, dropped.
    Works,
    /// `Error::InvalidIdentifier` when compiling.
    Invalid,
}
use Outcome::{Invalid, Works};

/// A two-column table named `table`: `id` (generated key) and `column`.
fn hostile_table(table: &str, column: &str) -> Table {
    Table::builder(table.to_string())
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new(column.to_string(), SqlType::Varchar(40)))
        .build()
}

fn create_victims(engine: &str, conn: &mut dyn Connection) {
    conn.create_all(&MetaData::new().with(victims::table()).expect("one table"))
        .unwrap_or_else(|e| panic!("{engine}: create victims: {e}"));
    conn.execute(&insert(victims::table()).columns([victims::note]).rows([("first",), ("second",)]))
        .unwrap_or_else(|e| panic!("{engine}: fill victims: {e}"));
}

fn assert_victims_intact(engine: &str, conn: &mut dyn Connection, name: &str) {
    let notes: Vec<String> = conn
        .all(&select([victims::note]).order_by(victims::id))
        .unwrap_or_else(|e| panic!("{engine}: victims after {name:?}: {e}"))
        .iter()
        .map(|r| r.get::<String>(0).expect("note"))
        .collect();
    assert_eq!(notes, ["first", "second"], "{engine}: the canary table changed after {name:?}");
}

/// Asserts `result` is `Error::InvalidIdentifier`; returns its fields.
fn expect_invalid<T: std::fmt::Debug>(result: Result<T>, context: &str) -> (String, &'static str) {
    match result {
        Err(Error::InvalidIdentifier(e)) => {
            let InvalidIdentifier { ident, reason } = *e;
            assert!(!reason.is_empty(), "{context}: the error says why");
            (ident, reason)
        }
        Err(other) => panic!("{context}: expected Error::InvalidIdentifier, got {other:?}"),
        Ok(v) => panic!("{context}: expected Error::InvalidIdentifier, got Ok({v:?})"),
    }
}

/// A short form of `name` for messages.
fn shown(name: &str) -> String {
    let short: String = name.chars().take(60).collect();
    if short.len() < name.len() {
        format!("{short:?}... ({} chars)", name.chars().count())
    } else {
        format!("{short:?}")
    }
}

/// The whole life of a table named `table` with a column named `column`, on one engine.
fn round_trip(engine: &str, conn: &mut dyn Connection, table: &str, column: &str) {
    let ctx = format!("{engine}: table {} column {}", shown(table), shown(column));
    let t = hostile_table(table, column);
    let md = MetaData::new().with(t.clone()).expect("one table");
    conn.create_all(&md).unwrap_or_else(|e| panic!("{ctx}: create: {e}"));

    // Bound, then inlined.
    let bound = insert(t.clone()).value(column.to_string(), "bound 'v'");
    assert_eq!(conn.execute(&bound).unwrap_or_else(|e| panic!("{ctx}: bound insert: {e}")), 1, "{ctx}");
    let inline_sql = insert(t.clone())
        .value(column.to_string(), "inline \"v\"")
        .to_inline_sql(conn.dialect())
        .unwrap_or_else(|e| panic!("{ctx}: inline insert: {e}"));
    conn.execute_raw(&inline_sql).unwrap_or_else(|e| panic!("{ctx}: inline insert {inline_sql}: {e}"));

    let c = t.c(column).expect("column");
    let id = t.c("id").expect("id");
    let rows = conn
        .all(&select([id.clone(), c.clone()]).order_by(id.clone()))
        .unwrap_or_else(|e| panic!("{ctx}: select: {e}"));
    assert_eq!(rows.len(), 2, "{ctx}");
    assert_eq!(rows[0].columns(), ["id", column], "{ctx}: the result column keeps its name");
    assert_eq!(rows[0].get::<String>(column).expect("by name"), "bound 'v'", "{ctx}");
    assert_eq!(rows[1].get::<String>(1).expect("by position"), "inline \"v\"", "{ctx}");

    // UPDATE and a filter on the column; an alias and a label that are hostile too.
    let n = conn
        .execute(&update(t.clone()).set(column.to_string(), "changed").filter(c.clone().eq("bound 'v'")))
        .unwrap_or_else(|e| panic!("{ctx}: update: {e}"));
    assert_eq!(n, 1, "{ctx}: update");
    let a = t.alias(r#"al"i`a's [x];--"#);
    let rows = conn
        .all(&select([a.c(column).expect("aliased").label("l\"b`l'; --")]).filter(a.c("id").expect("id").eq(1)))
        .unwrap_or_else(|e| panic!("{ctx}: select through an alias: {e}"));
    assert_eq!(rows.len(), 1, "{ctx}");
    assert_eq!(rows[0].columns(), ["l\"b`l'; --"], "{ctx}: the label keeps its name");
    assert_eq!(rows[0].get::<String>(0).expect("label"), "changed", "{ctx}");

    let n = conn.execute(&delete(t.clone()).filter(c.eq("changed"))).unwrap_or_else(|e| panic!("{ctx}: delete: {e}"));
    assert_eq!(n, 1, "{ctx}: delete");
    let left = conn.all(&select([func::count_star()]).from(t.clone())).unwrap_or_else(|e| panic!("{ctx}: count: {e}"))
        [0]
    .get::<i64>(0)
    .expect("count");
    assert_eq!(left, 1, "{ctx}: one row left");

    conn.execute(&DropTable::new(t)).unwrap_or_else(|e| panic!("{ctx}: drop: {e}"));
    assert_victims_intact(engine, conn, table);
}

/// Compiling anything that names `table` / `column` is `InvalidIdentifier` for this engine,
/// and nothing reaches it.
/// `table_bad` says whether the table's name is the refused one (DROP TABLE names only it).
fn refused(
    engine: &str,
    conn: &mut dyn Connection,
    table: &str,
    column: &str,
    table_bad: bool,
) -> (String, &'static str) {
    let ctx = format!("{engine}: table {} column {}", shown(table), shown(column));
    let t = hostile_table(table, column);
    let dialect = conn.dialect();
    let first = expect_invalid(CreateTable::new(t.clone()).compile(dialect), &format!("{ctx}: CREATE TABLE"));
    expect_invalid(insert(t.clone()).value(column.to_string(), "x").compile(dialect), &format!("{ctx}: INSERT"));
    expect_invalid(
        insert(t.clone()).value(column.to_string(), "x").to_inline_sql(dialect),
        &format!("{ctx}: inline INSERT"),
    );
    let c = t.c(column).expect("column");
    expect_invalid(select([c.clone()]).compile(dialect), &format!("{ctx}: SELECT"));
    expect_invalid(update(t.clone()).set(column.to_string(), "y").compile(dialect), &format!("{ctx}: UPDATE"));
    expect_invalid(delete(t.clone()).filter(c.eq("y")).compile(dialect), &format!("{ctx}: DELETE"));
    if table_bad {
        expect_invalid(DropTable::new(t.clone()).compile(dialect), &format!("{ctx}: DROP TABLE"));
    } else {
        DropTable::new(t.clone()).compile(dialect).unwrap_or_else(|e| panic!("{ctx}: DROP TABLE: {e}"));
    }
    let md = MetaData::new().with(t).expect("one table");
    expect_invalid(conn.create_all(&md), &format!("{ctx}: create_all"));
    assert_victims_intact(engine, conn, table);
    first
}

/// Each name as a table name and as a column name (and both at once), on every engine, with
/// the outcome `expect` gives for the engine's dialect name.
fn check_names(names: &[&str], expect: impl Fn(&str, &str) -> Outcome) {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        let dialect = conn.dialect().name();
        for name in names {
            for (table, column) in [(*name, "val"), ("plain", *name), (*name, *name)] {
                // The table's outcome is the worse of its two names'.
                let table_bad = expect(dialect, table) == Invalid;
                if table_bad || expect(dialect, column) == Invalid {
                    refused(engine, conn, table, column, table_bad);
                } else {
                    round_trip(engine, conn, table, column);
                }
            }
        }
    }
}

fn works_everywhere(_: &str, _: &str) -> Outcome {
    Works
}

#[test]
fn names_with_double_quotes() {
    check_names(&[r#"say "hi""#, r#"""#, r#""""#, r#"x" ; DROP TABLE victims; --"#, r#"a"."b"#], works_everywhere);
}

#[test]
fn names_with_backticks() {
    check_names(&["tick`tock", "`", "``", "x`; DROP TABLE victims; --", "a`.`b"], works_everywhere);
}

#[test]
fn names_with_square_brackets() {
    check_names(&["[x]", "]", "[", "a]b[c", "[x]; DROP TABLE victims; --"], works_everywhere);
}

#[test]
fn names_with_single_quotes() {
    check_names(&["it's", "'", "''", "x'); DROP TABLE victims; --", "'a'"], works_everywhere);
}

#[test]
fn names_with_spaces_tabs_and_newlines() {
    check_names(&["first name", " leading", "a  b", "tab\there", "new\nline", "cr\rlf"], works_everywhere);
}

#[test]
fn names_with_semicolons() {
    check_names(&[";", "a;b", "t; DROP TABLE victims", "x;\nDROP TABLE victims;\nx"], works_everywhere);
}

#[test]
fn names_with_comment_markers() {
    check_names(&["--", "a--b", "/*", "*/", "/* c */", "#", "x -- y", "a/*b"], works_everywhere);
}

#[test]
fn names_that_look_like_placeholders() {
    check_names(&["?", "$1", ":name", "a:b", "%s", "@v", "{}", "$$", "?1"], works_everywhere);
}

#[test]
fn names_with_backslashes() {
    check_names(&["\\", "a\\b", "\\'", "\\\"", "\\`", "x\\0"], works_everywhere);
}

#[test]
fn names_in_the_basic_multilingual_plane() {
    check_names(
        &["naïve 表", "Ünïcödé", "שלום", "a\u{200d}b", "e\u{301}", "ｑｕｏｔｅ＇", "ʼmodifierʼ"],
        works_everywhere,
    );
}

/// MySQL and MariaDB accept only Basic Multilingual Plane characters in identifiers (the
/// server answers "Invalid utf8mb4 character string"); SQLite and PostgreSQL take any.
#[test]
fn names_with_characters_beyond_the_basic_multilingual_plane() {
    check_names(&["naïve 表 🦀", "🦀", "𝔘"], |dialect, name| {
        if dialect == "mariadb" && name != "plain" && name != "val" { Invalid } else { Works }
    });
}

/// MySQL and MariaDB refuse table and column names that end with white space ("ERROR 1103
/// Incorrect table name", "ERROR 1166 Incorrect column name"); SQLite and PostgreSQL keep them.
#[test]
fn names_ending_with_white_space() {
    check_names(&["trailing ", " ", "tab\t", "nl\n", "x;\nDROP TABLE victims;\n"], |dialect, name| {
        if dialect == "mariadb" && name != "plain" && name != "val" { Invalid } else { Works }
    });
}

/// Every hostile name of the Basic Multilingual Plane at once: one table, a foreign key to a
/// parent table, an index, all under such names, on every engine.
#[test]
fn one_schema_made_of_hostile_names() {
    let columns = [
        r#"say "hi""#,
        "tick`tock",
        "[x]",
        "it's",
        "first name",
        "a;b",
        "x -- y",
        "/* c */",
        "?",
        "$1",
        ":name",
        "a\\b",
        "naïve 表",
    ];
    let parent = Table::builder(r#"par"e`n't [1]"#)
        .column(Column::new("key; --", SqlType::Integer).primary_key())
        .column(Column::new("label", SqlType::Varchar(20)))
        .build();
    let mut builder = Table::builder("child\"; DROP TABLE victims; --")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("parent ref", SqlType::Integer).references((parent.name().clone(), "key; --")));
    for c in columns {
        builder = builder.column(Column::new(c, SqlType::Varchar(40)));
    }
    let child = builder.index("ix \"`'; --", [columns[0], columns[3]]).build();
    let md = MetaData::new().with(parent.clone()).expect("parent").with(child.clone()).expect("child");

    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        conn.create_all(&md).unwrap_or_else(|e| panic!("{engine}: create_all: {e}"));
        conn.execute(&insert(parent.clone()).value("label", "p"))
            .unwrap_or_else(|e| panic!("{engine}: insert parent: {e}"));
        let mut ins = insert(child.clone()).value("parent ref", 1);
        for c in columns {
            ins = ins.value(c, format!("v {c}"));
        }
        conn.execute(&ins).unwrap_or_else(|e| panic!("{engine}: insert child: {e}"));
        conn.execute_raw(&ins.to_inline_sql(conn.dialect()).expect("inline"))
            .unwrap_or_else(|e| panic!("{engine}: inline insert child: {e}"));

        let mut cols = vec![parent.c("label").expect("label")];
        for c in columns {
            cols.push(child.c(c).expect("column"));
        }
        // The join's ON clause is inferred from the foreign key between the hostile names.
        let q = select(cols).from(child.clone()).join(parent.clone()).order_by(child.c("id").expect("id"));
        let rows = conn.all(&q).unwrap_or_else(|e| panic!("{engine}: join: {e}"));
        assert_eq!(rows.len(), 2, "{engine}");
        for row in &rows {
            let mut expected_names = vec!["label".to_string()];
            expected_names.extend(columns.iter().map(|c| c.to_string()));
            assert_eq!(row.columns(), expected_names, "{engine}: result column names");
            assert_eq!(row.get::<String>("label").expect("label"), "p", "{engine}");
            for c in columns {
                assert_eq!(row.get::<String>(c).expect("value"), format!("v {c}"), "{engine}: column {c:?}");
            }
        }
        conn.drop_all(&md).unwrap_or_else(|e| panic!("{engine}: drop_all: {e}"));
        assert_victims_intact(engine, conn, "one schema");
    }
}

/// A 10,000-character name: SQLite has no identifier limit and keeps it whole; PostgreSQL
/// (63 bytes) and MySQL (64 characters) would truncate or refuse it, so sqlcore refuses it.
#[test]
fn a_10_000_character_name() {
    let plain = "n".repeat(10_000);
    let hostile = "q\"`'[]; -- ".repeat(1_000);
    assert_eq!(hostile.chars().count(), 11_000);
    let hostile: String = hostile.chars().take(9_999).chain(['x']).collect();
    assert_eq!(hostile.chars().count(), 10_000);
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        for name in [plain.as_str(), hostile.as_str()] {
            for (table, column) in [(name, "val"), ("plain", name)] {
                if conn.dialect().name() == "sqlite" {
                    round_trip(engine, conn, table, column);
                } else {
                    let (ident, reason) = refused(engine, conn, table, column, table == name);
                    let head: String = name.chars().take(10).collect();
                    assert!(ident.starts_with(&head), "{engine}: the error shows the name's start: {ident:?}");
                    assert!(ident.len() < 400, "{engine}: the error does not carry the whole name");
                    assert!(reason.contains("limit"), "{engine}: the reason names the limit: {reason}");
                }
            }
        }
    }
}

/// Column names at the limits: PostgreSQL keeps 63 bytes, MySQL 64 characters; one more is
/// refused rather than truncated (PostgreSQL would truncate silently, making two names one).
#[test]
fn column_names_at_each_engines_length_limit() {
    let names = [
        "a".repeat(63),
        "a".repeat(64),
        "a".repeat(65),
        "表".repeat(21), // 63 bytes
        "表".repeat(22), // 66 bytes, 22 characters
        "表".repeat(64), // 192 bytes, 64 characters
        "表".repeat(65),
        format!("{}\"", "a".repeat(62)), // the quote is one byte of the name, not two
    ];
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        for name in &names {
            let outcome = match conn.dialect().name() {
                "sqlite" => Works,
                "postgresql" if name.len() <= 63 => Works,
                "mariadb" if name.chars().count() <= 64 => Works,
                _ => Invalid,
            };
            match outcome {
                Works => round_trip(engine, conn, "limits", name),
                Invalid => {
                    refused(engine, conn, "limits", name, false);
                }
            }
        }
    }
}

/// Two names that differ only past PostgreSQL's 63 bytes would be one name there: refused,
/// never merged.
#[test]
fn names_equal_in_their_first_63_bytes_are_not_merged() {
    let a = format!("{}_a", "x".repeat(63));
    let b = format!("{}_b", "x".repeat(63));
    let t = Table::builder("twins")
        .column(Column::new(a.clone(), SqlType::Integer))
        .column(Column::new(b.clone(), SqlType::Integer))
        .build();
    for (engine, mut conn) in empty_engines() {
        let md = MetaData::new().with(t.clone()).expect("one table");
        if conn.dialect().name() == "postgresql" {
            expect_invalid(conn.create_all(&md), &format!("{engine}: create"));
            continue;
        }
        if conn.dialect().name() == "mariadb" {
            // 65 characters: past MySQL's limit as well.
            expect_invalid(conn.create_all(&md), &format!("{engine}: create"));
            continue;
        }
        conn.create_all(&md).unwrap_or_else(|e| panic!("{engine}: create: {e}"));
        conn.execute(&insert(t.clone()).value(a.clone(), 1).value(b.clone(), 2)).expect("insert");
        let row = conn.one(&select([t.c(&a).expect("a"), t.c(&b).expect("b")])).expect("row");
        assert_eq!((row.get::<i64>(a.as_str()).expect("a"), row.get::<i64>(b.as_str()).expect("b")), (1, 2));
    }
}

/// A table name at MySQL's 64-character limit whose characters MariaDB must encode in the
/// table's file name (`表` is `@8868`, 5 bytes): the file name passes the file system's
/// 255 bytes and the server fails with "errno: 36 File name too long". sqlcore should say
/// so before sending (as it does for names past 64 characters), not leave it to the server.
#[test]
fn a_table_name_too_long_for_mariadbs_file_names() {
    let name = "表".repeat(64);
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        match conn.dialect().name() {
            "sqlite" => round_trip(engine, conn, &name, "val"),
            // 192 bytes: past PostgreSQL's 63.
            "postgresql" => {
                refused(engine, conn, &name, "val", true);
            }
            // The name itself is a valid identifier (an alias may use it); only a table
            // cannot be created under it, so CREATE TABLE is refused before sending.
            _ => {
                let t = hostile_table(&name, "val");
                let dialect = conn.dialect();
                expect_invalid(CreateTable::new(t.clone()).compile(dialect), &format!("{engine}: CREATE TABLE"));
                let md = MetaData::new().with(t).expect("one table");
                expect_invalid(conn.create_all(&md), &format!("{engine}: create_all"));
                assert_victims_intact(engine, conn, &name);
            }
        }
    }
}

/// A NUL byte cannot be part of an identifier on any engine: every statement naming it is
/// `InvalidIdentifier`, on every dialect, whatever the name is used for.
#[test]
fn a_name_with_a_nul_byte_is_refused_everywhere() {
    let nul = "a\0b";
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        for (table, column) in [(nul, "val"), ("plain", nul), ("\0", "\0")] {
            let (ident, reason) = refused(engine, conn, table, column, table != "plain");
            assert!(ident.contains('\0'), "{engine}: the error shows the name: {ident:?}");
            assert!(reason.contains("NUL"), "{engine}: {reason}");
        }
        // As an alias, a label, an index name, a bare column, a named parameter.
        let t = hostile_table("plain", "val");
        let d = conn.dialect();
        expect_invalid(select([t.alias(nul).c("val").expect("val")]).compile(d), &format!("{engine}: alias"));
        expect_invalid(select([t.c("val").expect("val").label(nul)]).compile(d), &format!("{engine}: label"));
        expect_invalid(select([col(nul)]).from(t.clone()).compile(d), &format!("{engine}: bare column"));
        let indexed = Table::builder("plain").column(Column::new("val", SqlType::Integer)).index(nul, ["val"]).build();
        expect_invalid(conn.create_all(&MetaData::new().with(indexed).expect("one")), &format!("{engine}: index name"));
        assert_victims_intact(engine, conn, nul);
    }
    // The dialects agree without a connection too.
    let t = hostile_table(nul, "val");
    for (name, dialect) in dialects() {
        expect_invalid(CreateTable::new(t.clone()).compile(dialect.as_ref()), name);
    }
    expect_invalid(CreateTable::new(t).compile(&MySqlDialect::mariadb()), "mariadb");
}

#[test]
fn an_empty_name_is_refused_everywhere() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        create_victims(engine, conn);
        for (table, column) in [("", "val"), ("plain", "")] {
            refused(engine, conn, table, column, table.is_empty());
        }
    }
}
