//! Hostile depth: expressions nested 100,000 levels deep, in every shape the language builds
//! (right- and left-nested operators, NOT, negation, AND / OR, function calls, CASE, CAST,
//! labels) and scalar subqueries 10,000 deep.
//!
//! Each test runs on the default test thread (2 MiB of stack): building, compiling for every
//! dialect, rendering with `Display` and dropping such a tree must not overflow it.
//! Compiling is `Error::TooDeep { limit }` with the dialect's own `max_expr_depth()`; the
//! deepest expression that compiles runs on every engine.
//!
//! A stack overflow aborts the whole test process, so each 100,000-deep test runs its body in
//! a child process (this test binary again, running only that test, on its normal 2 MiB test
//! thread): an overflow is then that test's failure, reported with the child's output, and
//! the other tests still run.

#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::{Select, SetOperations};
use sqlcore_mysql::MySqlDialect;

/// Set in the child process that runs one test's body.
const CHILD: &str = "SQLCORE_HOSTILE_DEPTH_CHILD";

/// Runs `body` in a child process running only the test `name` (see the module docs); in the
/// child, runs `body` itself.
fn isolated(name: &str, body: fn()) {
    if std::env::var_os(CHILD).is_some() {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("run the test in a child process");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ran = stdout.contains("1 passed") || stdout.contains("1 failed");
    assert!(ran || !out.status.success(), "the child ran no test named {name}: {stdout}");
    if !out.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!("{name} failed in its child process ({}):\n{}", out.status, tail.join("\n"));
    }
}

/// How deep the hostile trees are.
const DEEP: usize = 100_000;
/// How deep the nested scalar subqueries are.
const DEEP_SUBQUERIES: usize = 10_000;

/// The error `Display` writes for a statement or expression nested past the ANSI dialect's
/// limit (the default, `sqlcore::compile::MAX_DEPTH`).
const CANNOT_RENDER: &str = "/* cannot render: expression or subquery nested deeper than 1000 levels */";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `1 + (1 + (1 + ...))`
    RightAdd,
    /// `((... + 1) + 1) + 1`
    LeftAdd,
    /// `((... * 1) - 1) * 1`: alternating operators, left-nested.
    LeftMulSub,
    /// `NOT (NOT (... 1 = 1))`
    Not,
    /// `-(-(-...1))`
    Neg,
    /// `AND` of one term, nested: compiles to the term itself.
    AndOfOne,
    /// `NOT` over nested one-term `AND`s.
    NotOverAndOfOne,
    /// `1 = 1 AND (1 = 0 OR (1 = 1 AND (...)))`
    AndOr,
    /// `COALESCE(COALESCE(..., 0), 0)`
    Coalesce,
    /// `CASE WHEN 1 = 1 THEN CASE WHEN ... END ELSE 0 END`
    Case,
    /// `CAST(CAST(... AS BIGINT) AS BIGINT)`
    Cast,
    /// A label of a label of ... a value.
    Label,
    /// `(label of label of ... 1) + 1`
    AddOverLabels,
}
use Shape::*;

/// The expression of `shape` with `n` levels of nesting (built without recursion).
fn build(shape: Shape, n: usize) -> Expr {
    let one = || lit(1);
    match shape {
        RightAdd => (0..n).fold(one(), |e, _| one().add(e)),
        LeftAdd => (0..n).fold(one(), |e, _| e.add(one())),
        LeftMulSub => (0..n).fold(one(), |e, k| if k % 2 == 0 { e.mul(one()) } else { e.sub(lit(0)) }),
        Not => (0..n).fold(one().eq(one()), |e, _| e.not()),
        Neg => (0..n).fold(one(), |e, _| e.neg()),
        AndOfOne => (0..n).fold(one().eq(one()), |e, _| Expr::And(vec![e])),
        NotOverAndOfOne => (0..n).fold(one().eq(one()), |e, _| Expr::And(vec![e])).not(),
        AndOr => {
            (0..n).fold(
                one().eq(one()),
                |e, k| {
                    if k % 2 == 0 { or([one().eq(lit(0)), e]) } else { and([one().eq(one()), e]) }
                },
            )
        }
        Coalesce => (0..n).fold(one(), |e, _| func::coalesce([e, lit(0)])),
        Case => (0..n).fold(one(), |e, _| case().when(one().eq(one()), e).otherwise(lit(0)).end()),
        Cast => (0..n).fold(one(), |e, _| e.cast(SqlType::BigInt)),
        Label => (0..n).fold(one(), |e, k| e.label(format!("l{}", k % 10))),
        AddOverLabels => (0..n).fold(one(), |e, k| e.label(format!("l{}", k % 10))).add(one()),
    }
}

/// What the expression of `shape` evaluates to with `n` levels, as an integer (booleans as
/// 0 / 1).
fn value_of(shape: Shape, n: usize) -> i64 {
    match shape {
        RightAdd | LeftAdd => n as i64 + 1,
        LeftMulSub | Coalesce | Case | Cast | Label | AndOfOne | AndOr => 1,
        Not => i64::from(n % 2 == 0),
        Neg => {
            if n % 2 == 0 {
                1
            } else {
                -1
            }
        }
        NotOverAndOfOne => 0,
        AddOverLabels => 2,
    }
}

/// Whether the shape is a condition (put in WHERE as well as the select list).
fn is_condition(shape: Shape) -> bool {
    matches!(shape, Not | AndOfOne | NotOverAndOfOne | AndOr)
}

/// Every dialect, MariaDB's too.
fn all_dialects() -> Vec<(&'static str, Box<dyn Dialect>)> {
    let mut out: Vec<(&'static str, Box<dyn Dialect>)> = dialects().into_iter().collect();
    out.push(("mariadb", Box::new(MySqlDialect::mariadb())));
    out
}

fn assert_too_deep(result: Result<impl std::fmt::Debug>, dialect: &dyn Dialect, ctx: &str) {
    match result {
        Err(Error::TooDeep { limit }) => assert!(
            limit == dialect.max_expr_depth() || limit == dialect.max_query_depth(),
            "{ctx}: the error names one of the dialect's limits, not {limit}"
        ),
        Err(other) => panic!("{ctx}: expected Error::TooDeep, got {other}"),
        Ok(v) => panic!("{ctx}: expected Error::TooDeep, got Ok: {:.200}", format!("{v:?}")),
    }
}

/// A 100,000-deep tree of `shape`: TooDeep on every dialect, in the select list and (for
/// conditions) in WHERE, compiled and inlined; `Display` says it cannot render; everything is
/// dropped on this thread.
fn too_deep(shape: Shape) {
    let q = select([build(shape, DEEP).label("v")]);
    for (name, d) in all_dialects() {
        let ctx = format!("{shape:?} on {name}");
        assert_too_deep(q.compile(d.as_ref()), d.as_ref(), &ctx);
        assert_too_deep(q.to_inline_sql(d.as_ref()), d.as_ref(), &format!("{ctx} (inlined)"));
    }
    assert_eq!(q.to_string(), CANNOT_RENDER, "{shape:?}: Display of the statement");
    drop(q);

    if is_condition(shape) {
        let q = select([lit(1).label("one")]).filter(build(shape, DEEP));
        for (name, d) in all_dialects() {
            assert_too_deep(q.compile(d.as_ref()), d.as_ref(), &format!("{shape:?} in WHERE on {name}"));
        }
        assert_eq!(q.to_string(), CANNOT_RENDER, "{shape:?}: Display of the statement");
        drop(q);
    }

    let e = build(shape, DEEP);
    assert_eq!(e.to_string(), CANNOT_RENDER, "{shape:?}: Display of the expression");
    let _ = format!("{e}");
    drop(e);
}

/// The deepest `n` for which the expression of `shape` compiles for `dialect`, found by
/// bisection (compiling is monotonic in depth).
fn deepest(shape: Shape, dialect: &dyn Dialect) -> usize {
    let compiles = |n: usize| select([build(shape, n).label("v")]).compile(dialect).is_ok();
    let (mut lo, mut hi) = (0, 2 * dialect.max_expr_depth());
    assert!(compiles(lo), "{shape:?}: one level compiles");
    assert!(!compiles(hi), "{shape:?}: twice the limit does not compile");
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if compiles(mid) { lo = mid } else { hi = mid }
    }
    lo
}

/// The deepest expression of `shape` that compiles runs on every engine and gives its value,
/// and one level more is `TooDeep`.
fn at_the_limit(shape: Shape) {
    let mut problems: Vec<String> = Vec::new();
    for (engine, mut conn) in empty_engines() {
        let d = conn.dialect();
        let n = deepest(shape, d);
        let limit = d.max_expr_depth();
        // Levels the compiler counts: the select item, then one per nesting level (two per
        // level for the two-term AND / OR); the tree is never shallower than that.
        assert!(n < limit, "{engine}: {shape:?}: {n} levels compile past the limit {limit}");
        assert!(n + 2 >= limit / 2, "{engine}: {shape:?}: only {n} levels compile, the limit is {limit}");
        assert_too_deep(select([build(shape, n + 1).label("v")]).compile(d), d, &format!("{engine}: {shape:?}"));
        eprintln!("{engine}: {shape:?}: {n} levels compile (limit {limit})");

        let q = select([build(shape, n).label("v")]);
        match conn.all(&q) {
            Ok(rows) => {
                let got = normalize(rows[0].value(0).expect("v").clone());
                if got != Value::Int(value_of(shape, n)) {
                    problems.push(format!("{engine}: {shape:?} at {n} levels gave {got:?}"));
                }
            }
            Err(e) => {
                let msg: String = e.to_string().chars().take(300).collect();
                problems.push(format!("{engine}: {shape:?} at {n} levels (limit {limit}) fails: {msg}"));
            }
        }
        if is_condition(shape) {
            let n = {
                let compiles =
                    |n: usize| select([lit(1).label("one")]).filter(build(shape, n)).compile(conn.dialect()).is_ok();
                let mut n = 0;
                while compiles(n + 1) {
                    n += 1;
                }
                n
            };
            let q = select([lit(1).label("one")]).filter(build(shape, n));
            match conn.all(&q) {
                Ok(rows) => {
                    if rows.len() as i64 != value_of(shape, n) {
                        problems.push(format!("{engine}: {shape:?} in WHERE at {n} levels gave {} rows", rows.len()));
                    }
                }
                Err(e) => {
                    let msg: String = e.to_string().chars().take(300).collect();
                    problems.push(format!("{engine}: {shape:?} in WHERE at {n} levels fails: {msg}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

macro_rules! shape_tests {
    ($($shape:ident: $deep:ident, $limit:ident;)*) => {$(
        #[test]
        fn $deep() {
            isolated(stringify!($deep), || too_deep($shape));
        }
        #[test]
        fn $limit() {
            at_the_limit($shape);
        }
    )*};
}

shape_tests! {
    RightAdd: right_nested_addition_100_000_deep, right_nested_addition_at_the_limit;
    LeftAdd: left_nested_addition_100_000_deep, left_nested_addition_at_the_limit;
    LeftMulSub: alternating_operators_100_000_deep, alternating_operators_at_the_limit;
    Not: not_100_000_deep, not_at_the_limit;
    Neg: negation_100_000_deep, negation_at_the_limit;
    AndOfOne: and_of_one_term_100_000_deep, and_of_one_term_at_the_limit;
    NotOverAndOfOne: not_over_and_of_one_term_100_000_deep, not_over_and_of_one_term_at_the_limit;
    AndOr: and_or_100_000_deep, and_or_at_the_limit;
    Coalesce: coalesce_100_000_deep, coalesce_at_the_limit;
    Case: case_100_000_deep, case_at_the_limit;
    Cast: cast_100_000_deep, cast_at_the_limit;
    Label: labels_100_000_deep, labels_at_the_limit;
    AddOverLabels: addition_over_labels_100_000_deep, addition_over_labels_at_the_limit;
}

/// `n` levels of `wrap` around `1`: `TooDeep` on every dialect, compiled and inlined;
/// `Display` says it cannot render; dropped on this thread.
fn wrapped_too_deep(what: &str, n: usize, wrap: fn(Expr) -> Expr) {
    let mut e = lit(1);
    for _ in 0..n {
        e = wrap(e);
    }
    let q = select([e.label("v")]);
    for (name, d) in all_dialects() {
        let ctx = format!("{what} on {name}");
        assert_too_deep(q.compile(d.as_ref()), d.as_ref(), &ctx);
        assert_too_deep(q.to_inline_sql(d.as_ref()), d.as_ref(), &format!("{ctx} (inlined)"));
    }
    assert_eq!(q.to_string(), CANNOT_RENDER, "{what}: Display");
    drop(q);
}

/// More shapes, only checked for `TooDeep`, `Display` and dropping.
macro_rules! wrapped_tests {
    ($($name:ident: $depth:expr, $wrap:expr;)*) => {$(
        #[test]
        fn $name() {
            isolated(stringify!($name), || wrapped_too_deep(stringify!($name), $depth, $wrap));
        }
    )*};
}

wrapped_tests! {
    is_null_100_000_deep: DEEP, |e| e.is_null();
    in_list_operand_100_000_deep: DEEP, |e| e.in_list([lit(1)]);
    in_list_item_100_000_deep: DEEP, |e| lit(1).in_list([e, lit(2)]);
    between_100_000_deep: DEEP, |e| e.between(lit(0), lit(1));
    between_bound_100_000_deep: DEEP, |e| lit(1).between(e, lit(2));
    like_100_000_deep: DEEP, |e| e.like("x");
    row_value_100_000_deep: DEEP, |e| tuple([e, lit(1)]);
    right_concatenation_100_000_deep: DEEP, |e| lit("x").concat(e);
    window_call_100_000_deep: DEEP, |e| func::sum(e).over(sqlcore::expr::Window::new());
    aggregate_filter_100_000_deep: DEEP, |e| func::count(e).filter_where(lit(1).eq(lit(1)));
    exists_10_000_deep: DEEP_SUBQUERIES, |e| not_exists(select([e.label("v")]));
    in_subquery_10_000_deep: DEEP_SUBQUERIES, |e| e.in_query(select([lit(1).label("v")]));
}

/// `((1 || 'x') || 'x') || ...`, 100,000 deep. PostgreSQL and SQLite write the nesting:
/// `TooDeep`. MySQL writes a left-nested chain as one flat `CONCAT(1, 'x', 'x', ...)`, which
/// is not deep: with bound values it is `TooManyParameters` (100,000 > 65,535), with literals
/// it compiles to one call of 100,001 arguments.
#[test]
fn left_nested_concatenation_100_000_deep() {
    isolated("left_nested_concatenation_100_000_deep", || {
        let bound = select([(0..DEEP).fold(lit(1), |e, _| e.concat("x")).label("v")]);
        let literal = select([(0..DEEP).fold(lit(1), |e, _| e.concat(lit("x"))).label("v")]);
        for (name, d) in all_dialects() {
            let d = d.as_ref();
            if d.name().starts_with("m") {
                match bound.compile(d) {
                    Err(Error::TooManyParameters(e)) => {
                        assert_eq!((e.count, e.limit), (DEEP, d.max_params()), "{name}")
                    }
                    other => panic!("{name}: expected TooManyParameters, got {:.200}", format!("{other:?}")),
                }
                let sql = literal.compile(d).unwrap_or_else(|e| panic!("{name}: {e}")).sql;
                assert!(sql.starts_with("SELECT CONCAT(1, 'x', 'x', "), "{name}: {:.100}", sql);
                assert_eq!(sql.matches("'x'").count(), DEEP, "{name}: one flat call");
                assert!(sql.ends_with("'x') AS v"), "{name}");
            } else {
                assert_too_deep(bound.compile(d), d, name);
                assert_too_deep(literal.compile(d), d, name);
            }
        }
        assert_eq!(bound.to_string(), CANNOT_RENDER);
        drop((bound, literal));
    });
}

// ----- scalar subqueries --------------------------------------------------------------------

/// `(SELECT (SELECT (... SELECT 1)))`, `n` deep.
fn nested_subqueries(n: usize) -> Select {
    let mut q = select([lit(1).label("v")]);
    for _ in 0..n {
        q = select([q.scalar().label("v")]);
    }
    q
}

#[test]
fn scalar_subqueries_10_000_deep() {
    isolated("scalar_subqueries_10_000_deep", scalar_subqueries_10_000_deep_body);
}

fn scalar_subqueries_10_000_deep_body() {
    let q = nested_subqueries(DEEP_SUBQUERIES);
    for (name, d) in all_dialects() {
        assert_too_deep(q.compile(d.as_ref()), d.as_ref(), &format!("subqueries on {name}"));
        assert_too_deep(q.to_inline_sql(d.as_ref()), d.as_ref(), &format!("subqueries on {name} (inlined)"));
    }
    assert_eq!(q.to_string(), CANNOT_RENDER);
    drop(q);
    // As an EXISTS / IN operand too.
    let q = select([lit(1).label("v")]).filter(lit(1).in_query(nested_subqueries(DEEP_SUBQUERIES)));
    for (name, d) in all_dialects() {
        assert_too_deep(q.compile(d.as_ref()), d.as_ref(), &format!("IN subqueries on {name}"));
    }
    drop(q);
}

/// The deepest nesting of scalar subqueries that compiles for `dialect` (bisection).
fn deepest_subqueries(dialect: &dyn Dialect) -> usize {
    let compiles = |n: usize| nested_subqueries(n).compile(dialect).is_ok();
    let (mut lo, mut hi) = (0, 2 * dialect.max_expr_depth());
    assert!(compiles(lo) && !compiles(hi));
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if compiles(mid) { lo = mid } else { hi = mid }
    }
    lo
}

/// The deepest nesting of scalar subqueries that compiles runs on every engine (on failure
/// the message says how deep the engine really goes, probed with raw SQL).
#[test]
fn scalar_subqueries_at_the_limit() {
    let mut problems = Vec::new();
    for (engine, mut conn) in empty_engines() {
        let d = conn.dialect();
        let n = deepest_subqueries(d);
        assert_too_deep(nested_subqueries(n + 1).compile(d), d, engine);
        eprintln!("{engine}: {n} nested subqueries compile (limit {})", d.max_query_depth());
        assert!(n + 2 >= d.max_query_depth().min(d.max_expr_depth() / 2), "{engine}: {n} subqueries");
        match conn.all(&nested_subqueries(n)) {
            Ok(rows) => {
                let got = normalize(rows[0].value(0).expect("v").clone());
                if got != Value::Int(1) {
                    problems.push(format!("{engine}: {n} subqueries gave {got:?}"));
                }
            }
            Err(e) => {
                let msg: String = e.to_string().chars().take(160).collect();
                let (mut lo, mut hi) = (1, n);
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2;
                    if conn.all(&nested_subqueries(mid)).is_ok() { lo = mid } else { hi = mid }
                }
                let accepted = lo;
                problems.push(format!(
                    "{engine}: {n} nested subqueries compile but fail ({msg}...); the engine runs at most {accepted}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

// ----- the engines' own limits --------------------------------------------------------------

/// The deepest `n` for which `sql(n)` runs on `conn`, up to `max`, by bisection.
fn deepest_accepted(conn: &mut dyn Connection, max: usize, sql: impl Fn(usize) -> String) -> usize {
    let mut runs = |n: usize| conn.all(&text(sql(n))).is_ok();
    let (mut lo, mut hi) = (1, max);
    assert!(runs(lo), "one level runs");
    if runs(hi) {
        return hi;
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if runs(mid) { lo = mid } else { hi = mid }
    }
    lo
}

/// `SELECT 1 + (1 + (... 1)) AS v`, `n` operators.
fn nested_addition_sql(n: usize) -> String {
    format!("SELECT {}1{} AS v", "1 + (".repeat(n), ")".repeat(n))
}

/// How deep each engine really parses `1 + (1 + (...))`, probed with raw SQL: what compiles
/// for its dialect must not be deeper (what compiles must run).
#[test]
fn each_engine_accepts_right_nested_addition_as_deep_as_its_dialect_compiles() {
    for (engine, mut conn) in empty_engines() {
        let compiles = deepest(RightAdd, conn.dialect());
        let accepted = deepest_accepted(conn.as_mut(), 20_000, nested_addition_sql);
        eprintln!("{engine}: the engine runs {accepted} levels of `1 + (...)`; sqlcore compiles {compiles}");
        assert!(accepted >= compiles, "{engine}: the engine runs {accepted} levels, sqlcore compiles {compiles}");
    }
}
