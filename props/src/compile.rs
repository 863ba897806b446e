//! The `compile` property: an arbitrary statement compiles on every dialect to SQL that
//! parses, whose placeholders match its parameters, and that SQLite prepares.
//!
//! For each dialect (SQLite, PostgreSQL, MariaDB, MySQL 8):
//! 1. compiling never panics and returns Ok or one of the errors a valid tree may meet
//!    ([`allowed_error`]: `Unsupported`, a value that cannot be bound or does not fit, a
//!    parameter or depth limit);
//! 2. the SQL, read by an independent scanner ([`crate::lexer`]), has exactly one placeholder
//!    per parameter (`?`, or `$1..$n` each used), and nothing outside quotes that could end
//!    the statement or start a comment;
//! 3. `sqlparser` parses it, in that dialect, as exactly one statement (except for the
//!    constructs listed in [`sqlparser_gap`], which sqlparser does not know);
//! 4. the SQLite SQL prepares in SQLite against the fuzz schema.
//!
//! [`check_live`] runs a statement on a real connection (in a rolled-back transaction): the
//! engine may refuse the data (division by zero, overflow, a constraint), never the SQL.

use crate::Violation;
use crate::build::{self, Built};
use crate::lexer;
use crate::spec::StmtSpec;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::{SqliteConnection, SqliteDialect};
use sqlparser::parser::Parser;
use std::cell::RefCell;

const PROPERTY: &str = "compile";

/// A dialect under test and how to read its SQL.
pub struct Target {
    /// A short name for messages.
    pub name: &'static str,
    /// The dialect.
    pub dialect: Box<dyn Dialect>,
    /// Placeholders are `$n` (else `?`).
    pub numbered: bool,
    /// Backslashes escape inside string literals.
    pub backslash_escapes: bool,
}

/// The dialects every case is compiled for.
pub fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "sqlite",
            dialect: Box::new(SqliteDialect::default()),
            numbered: false,
            backslash_escapes: false,
        },
        Target {
            name: "postgresql",
            dialect: Box::new(PostgresDialect::default()),
            numbered: true,
            backslash_escapes: false,
        },
        Target {
            name: "mariadb",
            dialect: Box::new(MySqlDialect::mariadb()),
            numbered: false,
            backslash_escapes: true,
        },
        Target { name: "mysql", dialect: Box::new(MySqlDialect::default()), numbered: false, backslash_escapes: true },
    ]
}

/// Errors a well-formed tree may meet: a construct the dialect cannot express, a value the
/// dialect cannot carry or the column cannot hold, and the parameter and depth limits.
pub fn allowed_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Unsupported { .. }
            | Error::InvalidValue { .. }
            | Error::ValueDoesNotFit { .. }
            | Error::TooManyParameters { .. }
            | Error::TooDeep { .. }
    )
}

thread_local! {
    /// An in-memory SQLite database with the fuzz schema, for preparing.
    static SQLITE: RefCell<Option<SqliteConnection>> = const { RefCell::new(None) };
}

/// The whole property for one spec, on every dialect.
pub fn check(spec: &StmtSpec) -> Result<(), Violation> {
    let built = build::build(spec).map_err(|e| Violation::new(PROPERTY, format!("building failed: {e}")))?;
    for target in targets() {
        let compiled = match built.as_compile().compile(&*target.dialect) {
            Ok(c) => c,
            Err(e) if allowed_error(&e) => continue,
            Err(e) => return Err(Violation::new(PROPERTY, format!("{}: unexpected error {e:?}", target.name))),
        };
        check_compiled(&target, &compiled)?;
        if target.name == "sqlite" {
            prepare_on_sqlite(&compiled.sql)?;
        }
    }
    Ok(())
}

/// Checks 2 and 3 on one compiled statement.
pub fn check_compiled(target: &Target, compiled: &Compiled) -> Result<(), Violation> {
    let fail = |what: String| Violation::new(PROPERTY, format!("{}: {what}\n  sql: {}", target.name, compiled.sql));
    let scan = lexer::scan(&compiled.sql, target.backslash_escapes).map_err(fail)?;
    let n = compiled.params.len();
    if target.numbered {
        if scan.question_marks != 0 {
            return Err(fail(format!("{} `?` in numbered SQL", scan.question_marks)));
        }
        let mut seen = vec![false; n];
        for &k in &scan.numbered {
            match k.checked_sub(1).and_then(|i| seen.get_mut(i)) {
                Some(s) => *s = true,
                None => return Err(fail(format!("${k} with {n} parameters"))),
            }
        }
        if let Some(missing) = seen.iter().position(|s| !s) {
            return Err(fail(format!("${} never used ({n} parameters)", missing + 1)));
        }
    } else if !scan.numbered.is_empty() || scan.question_marks != n {
        return Err(fail(format!("{} placeholders for {n} parameters", scan.question_marks + scan.numbered.len())));
    }
    parse(target.name, &compiled.sql).map_err(fail)
}

/// Parses `sql` with sqlparser in the dialect named `name`; one statement is expected.
pub fn parse(name: &str, sql: &str) -> Result<(), String> {
    let parsed = match name {
        "sqlite" => Parser::parse_sql(&sqlparser::dialect::SQLiteDialect {}, sql),
        "postgresql" => Parser::parse_sql(&sqlparser::dialect::PostgreSqlDialect {}, sql),
        "mariadb" | "mysql" => Parser::parse_sql(&sqlparser::dialect::MySqlDialect {}, sql),
        // A dialect defined elsewhere (tests/out_of_tree_dialect.rs): sqlparser's generic one.
        _ => Parser::parse_sql(&sqlparser::dialect::GenericDialect {}, sql),
    };
    match parsed {
        Ok(statements) if statements.len() == 1 => Ok(()),
        Ok(statements) => Err(format!("sqlparser read {} statements", statements.len())),
        Err(e) => match sqlparser_gap(name, sql) {
            Some(_) => Ok(()),
            None => Err(format!("sqlparser: {e}")),
        },
    }
}

/// Valid SQL that sqlparser 0.63 cannot parse, by construct; `None` when `sql` has none of
/// them. Each is documented in fuzz/README.md with the engine that accepts it.
pub fn sqlparser_gap(name: &str, sql: &str) -> Option<&'static str> {
    const GAPS: &[(&str, &str, &str)] = &[
        // MariaDB's spelling of FOR SHARE (MariaDB has no FOR SHARE).
        ("mariadb", " LOCK IN SHARE MODE", "LOCK IN SHARE MODE"),
        // `x IN ((SELECT ...) + 1, 2)`: sqlparser takes the `((SELECT` for a subquery operand.
        ("*", " IN ((SELECT ", "an IN list whose first item begins with a scalar subquery"),
    ];
    GAPS.iter()
        .find(|(dialect, needle, _)| (*dialect == name || *dialect == "*") && sql.contains(needle))
        .map(|(_, _, what)| *what)
}

/// Prepares `sql` on the in-memory SQLite fuzz database.
pub fn prepare_on_sqlite(sql: &str) -> Result<(), Violation> {
    SQLITE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut conn = SqliteConnection::open_in_memory()
                .map_err(|e| Violation::new(PROPERTY, format!("opening SQLite: {e}")))?;
            conn.create_all(&build::metadata())
                .map_err(|e| Violation::new(PROPERTY, format!("creating the fuzz schema: {e}")))?;
            *slot = Some(conn);
        }
        let Some(conn) = slot.as_ref() else {
            return Err(Violation::new(PROPERTY, "no SQLite connection"));
        };
        conn.rusqlite()
            .prepare(sql)
            .map(|_| ())
            .map_err(|e| Violation::new(PROPERTY, format!("sqlite: prepare failed: {e}\n  sql: {sql}")))
    })
}

/// Runs the statement on a live connection whose database holds the fuzz schema, inside a
/// transaction that is rolled back. The engine may refuse the data ([`data_error`]), never
/// the SQL.
pub fn check_live(spec: &StmtSpec, conn: &mut dyn Connection) -> Result<(), Violation> {
    let built = build::build(spec).map_err(|e| Violation::new(PROPERTY, format!("building failed: {e}")))?;
    let name = conn.dialect().name();
    let compiled = match built.as_compile().compile(conn.dialect()) {
        Ok(c) => c,
        Err(e) if allowed_error(&e) => return Ok(()),
        Err(e) => return Err(Violation::new(PROPERTY, format!("{name}: unexpected error {e:?}"))),
    };
    conn.execute_raw("BEGIN").map_err(|e| Violation::new(PROPERTY, format!("BEGIN: {e}")))?;
    let outcome = if matches!(built, Built::Query(_)) || built.returns_rows(spec) {
        conn.query_compiled(&compiled).map(|_| ())
    } else {
        conn.execute_compiled(&compiled).map(|_| ())
    };
    conn.execute_raw("ROLLBACK").map_err(|e| Violation::new(PROPERTY, format!("ROLLBACK: {e}")))?;
    match outcome {
        Ok(()) => Ok(()),
        Err(e) if data_error(&e) => Ok(()),
        Err(e) => {
            Err(Violation::new(PROPERTY, format!("{name}: the engine refused the SQL: {e}\n  sql: {}", compiled.sql)))
        }
    }
}

/// Whether the engine (or the driver, before sending) refused the data rather than the SQL:
/// a value it cannot hold, a constraint, a data exception
/// (SQLSTATE class 22: division by zero, overflow, invalid text for a type), a scalar
/// subquery with several rows (21000), or SQLite's integer overflow.
pub fn data_error(e: &Error) -> bool {
    match e {
        // Refused by sqlcore before sending, clearly: a value the engine cannot hold.
        Error::Integrity { .. } | Error::InvalidValue { .. } | Error::ValueDoesNotFit { .. } => true,
        Error::Database(report) => {
            if let Some(source) = &report.source {
                if let Some(pg) = source.downcast_ref::<postgres::Error>() {
                    return pg.code().is_some_and(|c| {
                        let c = c.code();
                        c.starts_with("22") || c.starts_with("23") || c == "21000"
                    });
                }
                if let Some(mysql::Error::MySqlError(my)) = source.downcast_ref::<mysql::Error>() {
                    // Out of range, division by zero, truncated / incorrect values, subquery
                    // returning several rows, NULL into NOT NULL, FK, duplicate, too long.
                    return matches!(my.code, 1690 | 1365 | 1292 | 1366 | 1242 | 1048 | 1452 | 1264 | 1406 | 1062);
                }
            }
            report.message.contains("integer overflow")
        }
        _ => false,
    }
}
