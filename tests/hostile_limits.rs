//! Hostile sizes: an IN list of 100,000 values, bound, inlined and as an expanding named
//! parameter, on every dialect and engine.
//!
//! Bound, 100,000 values pass every engine's parameter limit (SQLite 32,766, PostgreSQL and
//! MySQL / MariaDB 65,535): compiling is `Error::TooManyParameters` naming the count and the
//! limit, before anything is sent. A list exactly at the limit compiles and runs; one more
//! value does not compile. Inlined (`to_inline_sql`), there are no parameters, and the
//! 100,000-value list runs on every engine.

#[macro_use]
mod common;
use common::*;
use sqlcore::error::TooManyParameters;
use sqlcore::expr::Params;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::Select;
use sqlcore_mysql::MySqlDialect;

sqlcore::table! {
    /// 1..=100,000.
    pub nums {
        id: Integer => primary_key();
        n: Integer => not_null();
        half: Integer => not_null();
    }
}

sqlcore::table! {
    /// The ids an inlined query selected (`INSERT INTO hits SELECT ...`, run with
    /// `execute_raw`, which returns no rows).
    pub hits {
        id: Integer => not_null();
    }
}

const N: i64 = 100_000;

/// The 100,000 values of the list: the even numbers 2..=200,000 (half of them are in `nums`).
fn evens() -> Vec<i64> {
    (1..=N).map(|k| 2 * k).collect()
}

/// The expected parameter limit per dialect name.
fn expected_limit(dialect: &str) -> usize {
    match dialect {
        "sqlite" => 32_766,
        "postgresql" | "mysql" | "mariadb" => 65_535,
        other => panic!("no limit known for {other}"),
    }
}

/// Every dialect, MariaDB's too.
fn all_dialects() -> Vec<(&'static str, Box<dyn Dialect>)> {
    let mut out: Vec<(&'static str, Box<dyn Dialect>)> = dialects().into_iter().collect();
    out.push(("mariadb", Box::new(MySqlDialect::mariadb())));
    out
}

fn assert_too_many(result: Result<impl std::fmt::Debug>, dialect: &dyn Dialect, count: usize, ctx: &str) {
    let limit = expected_limit(dialect.name());
    assert_eq!(dialect.max_params(), limit, "{ctx}: the dialect's limit");
    match result {
        Err(e @ Error::TooManyParameters { .. }) => {
            let message = e.to_string();
            let Error::TooManyParameters(e) = e else { unreachable!() };
            let TooManyParameters { count: c, limit: l, dialect: d } = *e;
            assert_eq!((c, l), (count, limit), "{ctx}: count and limit");
            assert!(d.starts_with(dialect.name()), "{ctx}: the error names the dialect: {d}");
            assert!(message.contains(&limit.to_string()), "{ctx}: the message names the limit: {message}");
            assert!(message.contains(&count.to_string()), "{ctx}: the message names the count: {message}");
        }
        Err(other) => panic!("{ctx}: expected TooManyParameters, got {other}"),
        Ok(_) => panic!("{ctx}: expected TooManyParameters, compiled"),
    }
}

/// `nums` with rows n = 1..=100,000 (half = n / 2), inserted in bulk.
fn fill_nums(engine: &str, conn: &mut dyn Connection) {
    let md = MetaData::new().with(nums::table()).expect("nums").with(hits::table()).expect("hits");
    conn.create_all(&md).unwrap_or_else(|e| panic!("{engine}: create: {e}"));
    let rows = insert(nums::table()).columns([nums::n, nums::half]).rows((1..=N).map(|n| (n, n / 2)));
    assert_eq!(conn.insert_bulk(&rows).unwrap_or_else(|e| panic!("{engine}: fill: {e}")), N as u64);
}

fn count_and_sum(engine: &str, conn: &mut dyn Connection, q: &Select) -> (i64, i64) {
    let rows = conn.all(q).unwrap_or_else(|e| panic!("{engine}: {e}"));
    let ns: Vec<i64> = rows.iter().map(|r| r.get::<i64>(0).expect("n")).collect();
    (ns.len() as i64, ns.iter().sum())
}

/// Runs `query`'s inlined SQL as `INSERT INTO hits (id) <query>` with `execute_raw`; returns
/// how many ids it selected and their sum (then empties `hits`).
fn inline_count_and_sum(engine: &str, conn: &mut dyn Connection, query: Select) -> (i64, i64) {
    let stmt = insert(hits::table()).columns([hits::id]).select(query);
    let sql = stmt.to_inline_sql(conn.dialect()).unwrap_or_else(|e| panic!("{engine}: inline: {e}"));
    conn.execute_raw(&sql).unwrap_or_else(|e| panic!("{engine}: inlined statement of {} bytes: {e}", sql.len()));
    let row = conn
        .one(&select((func::count_star(), func::coalesce([func::sum(hits::id), lit(0)]))).from(hits::table()))
        .expect("hits");
    conn.execute(&delete(hits::table())).expect("empty hits");
    (row.get::<i64>(0).expect("count"), row.get::<i64>(1).expect("sum"))
}

/// The sum of the even numbers up to 100,000: what `n IN (evens)` selects from `nums`.
fn sum_of_evens_to(max: i64) -> i64 {
    (1..=max / 2).map(|k| 2 * k).sum()
}

#[test]
fn a_bound_in_list_of_100_000_values_is_too_many_parameters_on_every_dialect() {
    let q = select([nums::n]).filter(nums::n.in_list(evens()));
    let not_q = select([nums::n]).filter(nums::n.not_in(evens()));
    for (name, d) in all_dialects() {
        let d = d.as_ref();
        assert_too_many(q.compile(d), d, N as usize, &format!("IN on {name}"));
        assert_too_many(not_q.compile(d), d, N as usize, &format!("NOT IN on {name}"));
        // One more parameter beside the list counts too.
        let q2 = select([nums::n]).filter(nums::n.in_list(evens()).and(nums::half.gt(0)));
        assert_too_many(q2.compile(d), d, N as usize + 1, &format!("IN and > on {name}"));
    }
    // The connections refuse it the same way, before sending anything.
    for (engine, mut conn) in empty_engines() {
        let q = select([lit(1).label("one")]).filter(lit(1).in_list(evens()));
        let result = conn.all(&q);
        assert_too_many(result, conn.dialect(), N as usize, engine);
        // Nothing was sent: the connection still works.
        assert_eq!(conn.all(&select([lit(1).label("one")])).expect("still usable").len(), 1, "{engine}");
    }
}

#[test]
fn an_in_list_at_the_parameter_limit_runs_and_one_more_value_does_not_compile() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        fill_nums(engine, conn);
        let limit = conn.dialect().max_params();
        assert_eq!(limit, expected_limit(conn.dialect().name()), "{engine}");
        // The first `limit` even numbers: those up to 2 * limit, of which those <= N are rows.
        let list: Vec<i64> = evens().into_iter().take(limit).collect();
        let in_table = list.iter().filter(|&&v| v <= N).count() as i64;
        let q = select([nums::n]).filter(nums::n.in_list(list.clone()));
        let compiled = q.compile(conn.dialect()).unwrap_or_else(|e| panic!("{engine}: {e}"));
        assert_eq!(compiled.params.len(), limit, "{engine}");
        let (count, sum) = count_and_sum(engine, conn, &q);
        assert_eq!(count, in_table, "{engine}: rows matched at the limit");
        assert_eq!(sum, list.iter().filter(|&&v| v <= N).sum::<i64>(), "{engine}");

        let mut over = list.clone();
        over.push(999_999);
        let q = select([nums::n]).filter(nums::n.in_list(over));
        assert_too_many(conn.all(&q), conn.dialect(), limit + 1, &format!("{engine}: limit + 1"));
        // Nothing was sent: the connection still works.
        assert_eq!(
            conn.all(&select([func::count_star()]).from(nums::table())).expect("count")[0].get::<i64>(0).ok(),
            Some(N)
        );
    }
}

#[test]
fn an_inlined_in_list_of_100_000_values_runs_on_every_engine() {
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        fill_nums(engine, conn);
        let q = || select([nums::n]).filter(nums::n.in_list(evens()));
        // `Compile::to_inline_sql` has no parameters, so no parameter limit.
        let sql = q().to_inline_sql(conn.dialect()).unwrap_or_else(|e| panic!("{engine}: {e}"));
        assert!(sql.contains(", 200000)"), "{engine}: every value is written");
        assert_eq!(
            inline_count_and_sum(engine, conn, q()),
            (N / 2, sum_of_evens_to(N)),
            "{engine}: IN (100,000 literals)"
        );
        let not_q = select([nums::n]).filter(nums::n.not_in(evens()));
        assert_eq!(
            inline_count_and_sum(engine, conn, not_q),
            (N / 2, (1..=N).sum::<i64>() - sum_of_evens_to(N)),
            "{engine}: NOT IN (100,000 literals)"
        );
        // `Compiled::to_inline_sql` needs a compiled statement, which 100,000 parameters are
        // not: the error is the parameter limit, as for executing it.
        assert_too_many(q().compile(conn.dialect()), conn.dialect(), N as usize, engine);
    }
}

#[test]
fn an_inlined_in_list_of_100_000_text_values_with_quotes_runs_on_every_engine() {
    // Text literals need escaping: quotes and backslashes in every value.
    let values: Vec<String> = (1..=N).map(|k| format!("it's \\'{}", 2 * k)).collect();
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        fill_nums(engine, conn);
        let matching = format!("it's \\'{}", 2 * 777);
        let q = || {
            select([nums::n])
                .filter(nums::n.eq(777).or(nums::n.eq(778)))
                .filter(lit(matching.as_str()).in_list(values.clone()))
        };
        let sql = q().to_inline_sql(conn.dialect()).unwrap_or_else(|e| panic!("{engine}: {e}"));
        assert!(sql.len() > 1_000_000, "{engine}: {} bytes", sql.len());
        assert_eq!(inline_count_and_sum(engine, conn, q()), (2, 777 + 778), "{engine}");
        let missing = || select([nums::n]).filter(nums::n.eq(777)).filter(lit("it's \\'3").in_list(values.clone()));
        assert_eq!(inline_count_and_sum(engine, conn, missing()), (0, 0), "{engine}");
    }
}

#[test]
fn a_row_value_in_list_of_50_000_pairs_is_100_000_parameters() {
    let pairs: Vec<Expr> = (1..=N / 2).map(|k| tuple([k, k / 2])).collect();
    let q = select([nums::n]).filter(tuple([nums::n, nums::half]).in_list(pairs));
    for (name, d) in all_dialects() {
        assert_too_many(q.compile(d.as_ref()), d.as_ref(), N as usize, name);
    }
}

#[test]
fn an_expanding_named_parameter_of_100_000_values() {
    let q = select([nums::n]).filter(nums::n.in_param("ids")).order_by(nums::n);
    let params = Params::new().set_list("ids", evens());
    for (name, d) in all_dialects() {
        assert_too_many(q.compile_with(d.as_ref(), &params), d.as_ref(), N as usize, name);
    }
    for (engine, mut conn) in empty_engines() {
        let conn = conn.as_mut();
        fill_nums(engine, conn);
        assert_too_many(conn.all_with(&q, &params), conn.dialect(), N as usize, engine);
        // At the limit: runs.
        let limit = conn.dialect().max_params();
        let list: Vec<i64> = evens().into_iter().take(limit).collect();
        let rows =
            conn.all_with(&q, &Params::new().set_list("ids", list.clone())).unwrap_or_else(|e| panic!("{engine}: {e}"));
        let expected: Vec<i64> = list.iter().copied().filter(|&v| v <= N).collect();
        let got: Vec<i64> = rows.iter().map(|r| r.get::<i64>(0).expect("n")).collect();
        assert_eq!(got, expected, "{engine}: IN (:ids) at the limit");
        // One more: refused.
        let mut over = list;
        over.push(1);
        assert_too_many(
            conn.all_with(&q, &Params::new().set_list("ids", over)),
            conn.dialect(),
            limit + 1,
            &format!("{engine}: limit + 1"),
        );
        // NOT IN with 100,000.
        let not_q = select([nums::n]).filter(nums::n.not_in_param("ids"));
        assert_too_many(conn.all_with(&not_q, &params), conn.dialect(), N as usize, engine);
    }
}
