//! The compiled-statement cache: a shape compiles once, later statements of that shape take
//! its SQL with their own values, and nothing that decides the SQL is lost from the key.

#[macro_use]
mod common;
use common::*;
use sqlcore::cache::{CacheStats, StatementCache};
use sqlcore::compile::Dialect;
use sqlcore::expr::Params;
use sqlcore::expr::Window;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::{Cte, Select};
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

/// Compiles `stmt` through `cache` and directly, and asserts both give the same SQL and
/// parameters (or the same error).
fn same_as_direct<D: Dialect>(cache: &mut StatementCache<D>, stmt: &dyn Compile) -> (String, Vec<Value>) {
    let direct = stmt.compile(cache.dialect());
    let cached = cache.compile(stmt);
    match (direct, cached) {
        (Ok(d), Ok(c)) => {
            assert_eq!(c.sql(), d.sql, "cached SQL differs from a fresh compile");
            assert_eq!(c.params(), d.params.as_slice(), "cached parameters differ");
            (d.sql, d.params)
        }
        (Err(d), Err(c)) => {
            assert_eq!(format!("{c:?}"), format!("{d:?}"), "cached error differs");
            (String::new(), Vec::new())
        }
        (d, c) => panic!("direct {d:?} but cached {c:?}"),
    }
}

fn stats<D: Dialect>(cache: &StatementCache<D>) -> (u64, u64, u64) {
    let CacheStats { hits, misses, uncacheable, .. } = cache.stats();
    (hits, misses, uncacheable)
}

fn by_id(id: i64) -> Select {
    select([books::title]).filter(books::id.eq(id))
}

#[test]
fn a_shape_compiles_once_and_later_statements_bind_their_own_values() {
    let mut sqlite = StatementCache::new(SqliteDialect::default(), 16);
    let mut pg = StatementCache::new(PostgresDialect::default(), 16);
    let mut my = StatementCache::new(MySqlDialect::default(), 16);
    for id in [4, 7, 1] {
        let stmt = by_id(id);
        assert_eq!(
            same_as_direct(&mut sqlite, &stmt),
            ("SELECT title FROM books WHERE id = ?".into(), vec![id.into()])
        );
        assert_eq!(same_as_direct(&mut pg, &stmt), ("SELECT title FROM books WHERE id = $1".into(), vec![id.into()]));
        assert_eq!(same_as_direct(&mut my, &stmt), ("SELECT title FROM books WHERE id = ?".into(), vec![id.into()]));
    }
    assert_eq!(stats(&sqlite), (2, 1, 0));
    assert_eq!(stats(&pg), (2, 1, 0));
    assert_eq!(stats(&my), (2, 1, 0));
}

#[test]
fn connections_run_cached_statements_with_the_new_values() {
    for (name, mut conn) in engines() {
        for (id, title) in [(4, "Dune"), (7, "Solaris"), (1, "A Wizard of Earthsea"), (4, "Dune")] {
            let rows = conn.all(&by_id(id)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(rows.len(), 1, "{name}: id {id}");
            assert_eq!(rows[0].get::<String>(0usize).expect("title"), title, "{name}: id {id}");
        }
        // A cached INSERT and UPDATE with new values each time.
        for (i, price) in [(1, 100), (2, 200), (3, 300)] {
            let title = format!("Cached {i}");
            let ins = insert(books::table())
                .value(books::title, title.as_str())
                .value(books::author_id, 1)
                .value(books::price_cents, price);
            assert_eq!(conn.execute(&ins).unwrap_or_else(|e| panic!("{name}: {e}")), 1);
            let upd = update(books::table()).set(books::year, 2000 + i).filter(books::title.eq(title.as_str()));
            assert_eq!(conn.execute(&upd).unwrap_or_else(|e| panic!("{name}: {e}")), 1);
        }
        let rows = conn
            .all(
                &select((books::title, books::price_cents, books::year))
                    .filter(books::title.like("Cached %"))
                    .order_by(books::title),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<Vec<Value>> = rows.into_iter().map(|r| normalize_row(r.into_values())).collect();
        assert_eq!(
            got,
            vec![row!["Cached 1", 100, 2001], row!["Cached 2", 200, 2002], row!["Cached 3", 300, 2003]],
            "{name}"
        );
    }
}

#[test]
fn values_the_dialect_writes_differently_make_separate_entries() {
    // PostgreSQL names the type of an integer beyond INT4 (it would be refused as an INTEGER
    // parameter): same tree, other SQL.
    let mut pg = StatementCache::new(PostgresDialect::default(), 16);
    let small = same_as_direct(&mut pg, &select([books::title]).filter(books::price_cents.gt(5)));
    let big = same_as_direct(&mut pg, &select([books::title]).filter(books::price_cents.gt(5_000_000_000_i64)));
    assert_eq!(small.0, "SELECT title FROM books WHERE price_cents > $1");
    assert_eq!(big.0, "SELECT title FROM books WHERE price_cents > $1::BIGINT");
    // A value's type decides MySQL's division (`DIV` for two integers).
    let mut my = StatementCache::new(MySqlDialect::default(), 16);
    let int = same_as_direct(&mut my, &select([books::price_cents.div(2)]));
    let float = same_as_direct(&mut my, &select([books::price_cents.div(2.5)]));
    assert_ne!(int.0, float.0);
    assert_eq!(stats(&pg), (0, 2, 0));
    assert_eq!(stats(&my), (0, 2, 0));
    // Run on the engines: big and small both answer.
    for (name, mut conn) in engines() {
        for v in [5_i64, 5_000_000_000] {
            let rows = conn.all(&select([books::title]).filter(books::price_cents.gt(v))).expect(name);
            assert_eq!(rows.len(), if v == 5 { 8 } else { 0 }, "{name}: > {v}");
        }
    }
}

#[test]
fn values_are_checked_against_their_column_on_every_hit() {
    let long = "x".repeat(101);
    let mut cache = StatementCache::new(SqliteDialect::default(), 16);
    let fits = insert(authors::table()).value(authors::name, "Short").value(authors::country, "NZ");
    same_as_direct(&mut cache, &fits);
    let too_long = insert(authors::table()).value(authors::name, long.as_str()).value(authors::country, "NZ");
    let err = cache.compile(&too_long).expect_err("a 101-character name does not fit Varchar(100)");
    assert!(matches!(err, Error::ValueDoesNotFit { .. }), "{err:?}");
    same_as_direct(&mut cache, &too_long);
    assert_eq!(stats(&cache).0, 2, "the refusals were cache hits");
    // And through a connection, on every engine: refused, nothing inserted.
    for (name, mut conn) in engines() {
        conn.execute(&fits).expect(name);
        assert!(matches!(conn.execute(&too_long), Err(Error::ValueDoesNotFit { .. })), "{name}");
        let n = conn.one(&select([func::count_star()]).from(authors::table())).expect(name);
        assert_eq!(n.get::<i64>(0usize).expect("count"), 6, "{name}");
    }
}

#[test]
fn named_parameters_are_compiled_each_time_and_never_run_as_null() {
    let mut cache = StatementCache::new(SqliteDialect::default(), 16);
    let stmt = select([books::title]).filter(books::id.eq(bindparam("id")));
    let err = cache.compile(&stmt).expect_err("no value for :id");
    assert!(matches!(&err, Error::InvalidStatement(m) if m.contains(":id")), "{err:?}");
    assert_eq!(stats(&cache), (0, 0, 1));
    for (name, mut conn) in engines() {
        assert!(matches!(conn.all(&stmt), Err(Error::InvalidStatement(_))), "{name}");
        let rows = conn.all_with(&stmt, &Params::new().set("id", 4)).expect(name);
        assert_eq!(rows[0].get::<String>(0usize).expect("title"), "Dune", "{name}");
    }
}

#[test]
fn a_value_the_emulation_writes_twice_is_bound_twice() {
    // NULLS LAST on MySQL is `e IS NULL, e`: the value inside `e` appears twice.
    let stmt =
        |n: i64| select([books::title]).order_by(books::year.add(n).asc().nulls_last()).order_by(books::title).limit(3);
    let mut my = StatementCache::new(MySqlDialect::default(), 16);
    let mut sqlite = StatementCache::new(SqliteDialect::default(), 16);
    let mut pg = StatementCache::new(PostgresDialect::default(), 16);
    for n in [1, 1000, 7] {
        let (sql, params) = same_as_direct(&mut my, &stmt(n));
        assert_eq!(params.iter().filter(|p| **p == Value::Int(n)).count(), 2, "{sql}");
        same_as_direct(&mut sqlite, &stmt(n));
        same_as_direct(&mut pg, &stmt(n));
    }
    assert_eq!(stats(&my), (2, 1, 0));
    for (name, mut conn) in engines() {
        let rows = conn.all(&stmt(1000)).expect(name);
        let titles: Vec<String> = rows.iter().map(|r| r.get::<String>(0usize).expect("title")).collect();
        assert_eq!(titles, ["Solaris", "Dune", "A Wizard of Earthsea"], "{name}");
    }
}

#[test]
fn the_least_recently_used_entry_is_evicted() {
    let mut cache = StatementCache::new(SqliteDialect::default(), 2);
    let a = |n: i64| select([books::title]).filter(books::id.eq(n));
    let b = |n: i64| select([books::year]).filter(books::id.eq(n));
    let c = |n: i64| select([books::price_cents]).filter(books::id.eq(n));
    same_as_direct(&mut cache, &a(1)); // miss
    same_as_direct(&mut cache, &b(1)); // miss
    same_as_direct(&mut cache, &a(2)); // hit: a is now the most recent
    same_as_direct(&mut cache, &c(1)); // miss, evicts b
    assert_eq!(stats(&cache), (1, 3, 0));
    assert_eq!(cache.stats().entries, 2);
    same_as_direct(&mut cache, &a(3)); // hit
    same_as_direct(&mut cache, &b(2)); // miss again
    assert_eq!(stats(&cache), (2, 4, 0));
}

#[test]
fn ctes_built_again_are_the_same_shape_and_other_columns_are_not() {
    let chain = |root: i64, column: &'static str| {
        let cte = Cte::new("chain", [column]).recursive();
        let t = cte.table();
        let start = select([employees::id]).filter(employees::id.eq(root));
        let step = select([employees::id])
            .from(employees::table())
            .join_on(t.clone(), employees::manager_id.eq(t.c(column).expect("declared")));
        let cte = cte.query(start.union_all(step));
        let c = t.c(column).expect("declared");
        select([c.clone()]).from(t.clone()).with(cte).order_by(c)
    };
    let mut sqlite = StatementCache::new(SqliteDialect::default(), 16);
    let mut pg = StatementCache::new(PostgresDialect::default(), 16);
    for root in [1, 2] {
        same_as_direct(&mut sqlite, &chain(root, "id"));
        same_as_direct(&mut pg, &chain(root, "id"));
    }
    assert_eq!(stats(&sqlite), (1, 1, 0));
    let (sql, _) = same_as_direct(&mut sqlite, &chain(1, "emp"));
    assert!(sql.starts_with("WITH RECURSIVE chain (emp) AS"), "{sql}");
    assert_eq!(stats(&sqlite), (1, 2, 0));
    for (name, mut conn) in engines() {
        for (root, expected) in [(1, vec![1, 2, 3, 4]), (2, vec![2, 4])] {
            let rows = conn.all(&chain(root, "id")).expect(name);
            let ids: Vec<i64> = rows.iter().map(|r| r.get::<i64>(0usize).expect("id")).collect();
            assert_eq!(ids, expected, "{name}: root {root}");
        }
    }
}

#[test]
fn a_table_defined_again_is_not_mistaken_for_the_old_one() {
    let mut cache = StatementCache::new(SqliteDialect::default(), 16);
    for (i, column) in ["a", "b", "c", "d"].into_iter().enumerate() {
        // Each round defines `t` anew with another column; the old definition is dropped.
        let t = Table::builder("t").column(Column::new(column, SqlType::Integer)).build();
        let stmt = select([t.c(column).expect("declared")]).filter(t.c(column).expect("declared").eq(i as i64));
        let (sql, _) = same_as_direct(&mut cache, &stmt);
        assert_eq!(sql, format!("SELECT {column} FROM t WHERE {column} = ?"));
    }
}

#[test]
fn every_statement_kind_hits_with_new_values() {
    let mut caches = (
        StatementCache::new(SqliteDialect::default(), 64),
        StatementCache::new(PostgresDialect::default(), 64),
        StatementCache::new(MySqlDialect::default(), 64),
    );
    for n in [3_i64, 5] {
        let stmts: Vec<Box<dyn Compile>> = vec![
            Box::new(
                select((authors::name, func::count(books::id)))
                    .from(authors::table())
                    .join_on(books::table(), authors::id.eq(books::author_id))
                    .filter(books::price_cents.between(n * 100, n * 300).and(books::title.ne("x")))
                    .group_by([authors::name])
                    .having(func::count(books::id).ge(n - 2))
                    .order_by(authors::name)
                    .limit(n)
                    .offset(1),
            ),
            Box::new(select([books::id]).filter(books::id.lt(n)).union(select([books::id]).filter(books::id.gt(n)))),
            Box::new(
                select([books::title]).filter(
                    books::author_id
                        .in_query(select([authors::id]).filter(authors::country.eq("US")))
                        .and(books::id.in_list([n, n + 1, n + 2])),
                ),
            ),
            Box::new(update(books::table()).set(books::price_cents, books::price_cents.add(n)).filter(books::id.eq(n))),
            Box::new(delete(books::table()).filter(books::id.eq(n).and(books::year.is_null()))),
            Box::new(insert(stores::table()).value(stores::name, format!("store {n}"))),
        ];
        for stmt in &stmts {
            same_as_direct(&mut caches.0, stmt.as_ref());
            same_as_direct(&mut caches.1, stmt.as_ref());
            same_as_direct(&mut caches.2, stmt.as_ref());
        }
    }
    assert_eq!(stats(&caches.0), (6, 6, 0));
    assert_eq!(stats(&caches.1), (6, 6, 0));
    assert_eq!(stats(&caches.2), (6, 6, 0));
}

#[test]
fn statements_that_differ_in_one_detail_never_share_an_entry() {
    let base = || select([books::title]).from(books::table());
    let v = || books::price_cents;
    let stmts: Vec<Box<dyn Compile>> = vec![
        Box::new(base()),
        Box::new(base().distinct()),
        Box::new(select([books::year]).from(books::table())),
        Box::new(select([books::title.label("t")]).from(books::table())),
        Box::new(select([books::title.label("u")]).from(books::table())),
        Box::new(base().filter(v().eq(1))),
        Box::new(base().filter(v().ne(1))),
        Box::new(base().filter(v().lt(1))),
        Box::new(base().filter(v().le(1))),
        Box::new(base().filter(v().gt(1))),
        Box::new(base().filter(v().ge(1))),
        Box::new(base().filter(v().add(1).eq(2))),
        Box::new(base().filter(v().sub(1).eq(2))),
        Box::new(base().filter(v().mul(1).eq(2))),
        Box::new(base().filter(v().rem(1).eq(2))),
        Box::new(base().filter(v().eq(1).and(v().eq(2)))),
        Box::new(base().filter(v().eq(1).or(v().eq(2)))),
        Box::new(base().filter(v().eq(1).not())),
        Box::new(base().filter(v().is_null())),
        Box::new(base().filter(v().is_not_null())),
        Box::new(base().filter(v().in_list([1, 2]))),
        Box::new(base().filter(v().not_in([1, 2]))),
        Box::new(base().filter(v().in_list([1, 2, 3]))),
        Box::new(base().filter(v().between(1, 2))),
        Box::new(base().filter(v().not_between(1, 2))),
        Box::new(base().filter(books::title.like("a%"))),
        Box::new(base().filter(books::title.not_like("a%"))),
        Box::new(base().filter(books::title.ilike("a%"))),
        Box::new(base().filter(v().eq(lit(1)))),
        Box::new(base().filter(v().eq(lit(2)))),
        Box::new(base().filter(v().eq(1)).limit(1)),
        Box::new(base().filter(v().eq(1)).offset(1)),
        Box::new(base().order_by(books::title)),
        Box::new(base().order_by(books::title.desc())),
        Box::new(base().order_by(books::title.asc())),
        Box::new(base().order_by(books::year.asc().nulls_first())),
        Box::new(base().order_by(books::year.asc().nulls_last())),
        Box::new(base().group_by([books::title])),
        Box::new(base().group_by([books::title]).having(func::count_star().gt(1))),
        Box::new(base().join_on(authors::table(), authors::id.eq(books::author_id))),
        Box::new(base().left_join_on(authors::table(), authors::id.eq(books::author_id))),
        Box::new(base().cross_join(authors::table())),
        Box::new(select([books::title]).from(books::table().alias("b"))),
        Box::new(select([books::title]).from(books::table().alias("c"))),
        Box::new(base().for_update()),
        Box::new(base().for_share()),
        Box::new(base().for_update().nowait()),
        Box::new(base().for_update().skip_locked()),
        Box::new(base().union(base())),
        Box::new(base().union_all(base())),
        Box::new(base().intersect(base())),
        Box::new(base().except(base())),
        Box::new(select([func::count(books::id)]).from(books::table())),
        Box::new(select([func::sum(books::id)]).from(books::table())),
        Box::new(select([books::id.cast(SqlType::Text)]).from(books::table())),
        Box::new(select([books::id.cast(SqlType::BigInt)]).from(books::table())),
        Box::new(delete(books::table()).filter(v().eq(1))),
        Box::new(delete(books::table()).filter(v().eq(1)).returning([books::id])),
        Box::new(update(books::table()).set(books::year, 1)),
        Box::new(update(books::table()).set(books::price_cents, 1)),
        Box::new(insert(stores::table()).value(stores::name, "x")),
        Box::new(insert(stores::table()).value(stores::name, "x").value(stores::id, 9)),
        Box::new(insert(stores::table()).value(stores::name, "x").on_conflict([stores::name])),
    ];
    let mut caches = (
        StatementCache::new(SqliteDialect::default(), 256),
        StatementCache::new(PostgresDialect::default(), 256),
        StatementCache::new(MySqlDialect::default(), 256),
    );
    for stmt in &stmts {
        same_as_direct(&mut caches.0, stmt.as_ref());
        same_as_direct(&mut caches.1, stmt.as_ref());
        same_as_direct(&mut caches.2, stmt.as_ref());
    }
    // No statement was answered with another's entry (each compiled as a miss, or refused
    // by the dialect before it could be cached).
    for (name, hits) in
        [("sqlite", caches.0.stats().hits), ("postgres", caches.1.stats().hits), ("mysql", caches.2.stats().hits)]
    {
        assert_eq!(hits, 0, "{name}: a statement took another's entry");
    }
}

/// Rows of one query share the column names the connection keeps for its SQL; a query whose
/// columns changed (`SELECT *` after a column was added) reports the new names.
#[test]
fn rows_report_the_current_column_names_after_the_table_changes() {
    for (name, mut conn) in empty_engines() {
        let before = Table::builder("names_probe").column(Column::new("a", SqlType::Integer)).build();
        conn.create_all(&MetaData::new().with(before.clone()).expect("metadata")).expect("create");
        conn.execute(&insert(before.clone()).value("a", 1)).expect("insert");
        let star = || select([before.star()]);
        for _ in 0..2 {
            let rows = conn.all(&star()).expect("select");
            assert_eq!(rows[0].columns(), ["a"], "{name}");
            assert_eq!(rows[0].values(), [Value::Int(1)], "{name}");
        }
        conn.execute_raw("ALTER TABLE names_probe ADD COLUMN b INTEGER").expect("alter");
        let rows = conn.all(&star()).expect("select after ALTER");
        assert_eq!(rows[0].columns(), ["a", "b"], "{name}");
        assert_eq!(rows[0].values(), [Value::Int(1), Value::Null], "{name}");
    }
}

/// A window call is shared when its expression is cloned, so a value inside it is met twice
/// by the shape walk at one address. Which position a placeholder took cannot be told from
/// the address, and another statement of the same shape may hold different values at the
/// two positions: such a statement is compiled every time, never answered from the cache.
#[test]
fn a_value_in_a_shared_node_is_never_rebound_by_address() {
    let running = |weight: i64| func::sum(books::price_cents.mul(weight)).over(Window::new().order_by(books::id.asc()));
    let shared = running(2);
    let reused =
        select((books::id, shared.clone().label("weighted"))).order_by(shared.desc()).order_by(books::id.asc());
    let distinct =
        select((books::id, running(2).label("weighted"))).order_by(running(3).desc()).order_by(books::id.asc());
    let mut sqlite = StatementCache::new(SqliteDialect::default(), 16);
    let mut pg = StatementCache::new(PostgresDialect::default(), 16);
    let mut my = StatementCache::new(MySqlDialect::default(), 16);
    for stmt in [&reused, &distinct, &reused] {
        same_as_direct(&mut sqlite, stmt);
        same_as_direct(&mut my, stmt);
        same_as_direct(&mut pg, stmt);
    }
    // PostgreSQL writes an expression repeated with equal values with the same placeholders
    // (see `compile/repeat.rs`), and other values with their own: which it is depends on the
    // values, so neither is cached there.
    let (sql, params) = same_as_direct(&mut pg, &reused);
    assert_eq!(
        sql,
        "SELECT id, SUM(price_cents * $1) OVER (ORDER BY id ASC) AS weighted FROM books \
         ORDER BY SUM(price_cents * $1) OVER (ORDER BY id ASC) DESC, id ASC"
    );
    assert_eq!(params, [Value::Int(2)]);
    let (sql, params) = same_as_direct(&mut pg, &distinct);
    assert_eq!(
        sql,
        "SELECT id, SUM(price_cents * $1) OVER (ORDER BY id ASC) AS weighted FROM books \
         ORDER BY SUM(price_cents * $2) OVER (ORDER BY id ASC) DESC, id ASC"
    );
    assert_eq!(params, [Value::Int(2), Value::Int(3)]);
    let CacheStats { uncacheable, hits, misses, .. } = pg.stats();
    assert_eq!((uncacheable, misses, hits), (5, 0, 0));
    // On SQLite and MySQL `reused` first is compiled and not kept (a shared node); `distinct`
    // (its own values) is kept, and the later `reused` takes its SQL with the values of its
    // own positions.
    let CacheStats { uncacheable, hits, misses, .. } = my.stats();
    assert_eq!((uncacheable, misses, hits), (1, 1, 1));
    for (name, mut conn) in engines() {
        let rows = conn.all(&distinct).expect("window query runs");
        let ids: Vec<i64> = rows.iter().map(|r| r.get("id").expect("id")).collect();
        let direct: Vec<i64> = conn.all(&distinct).expect("again").iter().map(|r| r.get("id").expect("id")).collect();
        assert_eq!(ids, direct, "{name}");
        assert!(!ids.is_empty(), "{name}");
    }
}

#[test]
fn like_text_patterns_are_made_again_from_each_new_text() {
    // `contains` keeps the text as given; the dialect escapes it at compile time, and a cache
    // hit makes the pattern again from the new text (not the first statement's pattern).
    let q = |text: &str| select([books::title]).filter(books::title.contains(text)).order_by(books::title);
    fn through_cache<D: Dialect>(dialect: D, q: &dyn Fn(&str) -> Select, placeholder: &str) {
        let name = dialect.name();
        let mut cache = StatementCache::new(dialect, 8);
        let (sql, params) = same_as_direct(&mut cache, &q("un"));
        let expected = format!("SELECT title FROM books WHERE title LIKE {placeholder} ESCAPE '/' ORDER BY title");
        assert_eq!(sql, expected, "{name}");
        assert_eq!(params, vec![Value::from("%un%")], "{name}");
        let (_, params) = same_as_direct(&mut cache, &q("50%_/"));
        assert_eq!(params, vec![Value::from("%50/%/_//%")], "{name}");
        assert_eq!(stats(&cache), (1, 1, 0), "{name}: the second text is a hit");
    }
    through_cache(SqliteDialect::default(), &q, "?");
    through_cache(PostgresDialect::default(), &q, "$1");
    through_cache(MySqlDialect::default(), &q, "?");
    for (name, mut conn) in engines() {
        let ins = insert(books::table())
            .value(books::title, "100% Dune_")
            .value(books::author_id, 1)
            .value(books::price_cents, 100);
        conn.execute(&ins).unwrap_or_else(|e| panic!("{name}: {e}"));
        let titles = |conn: &mut Box<dyn Connection>, stmt: &Select| -> Vec<String> {
            let rows = conn.all(stmt).unwrap_or_else(|e| panic!("{name}: {e}"));
            rows.iter().map(|r| r.get::<String>(0usize).expect("title")).collect()
        };
        assert_eq!(titles(&mut conn, &q("0% D")), ["100% Dune_"], "{name}");
        assert_eq!(titles(&mut conn, &q("%")), ["100% Dune_", "100% Pure_Fiction"], "{name}: % is literal");
        assert_eq!(titles(&mut conn, &q("Dune")), ["100% Dune_", "Children of Dune", "Dune"], "{name}");
        let starts = select([books::title]).filter(books::title.starts_with("Dun"));
        assert_eq!(titles(&mut conn, &starts), ["Dune"], "{name}");
        let ends = select([books::title]).filter(books::title.ends_with("e_"));
        assert_eq!(titles(&mut conn, &ends), ["100% Dune_"], "{name}: _ is literal");
    }
}

#[test]
fn the_distinct_on_and_delete_using_emulations_are_cached() {
    // Both emulations compile a copy of part of the statement; the copies' values are traced
    // as the statement's own, so a second statement of the shape is a hit with its values.
    let latest = |year: i64, min_price: i64| {
        select((books::author_id, books::title))
            .distinct_on([books::author_id])
            .filter(books::year.gt(year).and(books::price_cents.ge(min_price)))
            .order_by(books::author_id)
            .order_by(books::price_cents.add(year).desc())
            .order_by(books::id)
    };
    let gone = |country: &str| {
        delete(books::table())
            .using(authors::table())
            .filter(books::author_id.eq(authors::id).and(authors::country.eq(country)))
    };
    fn check<D: Dialect>(dialect: D, first: &dyn Compile, second: &dyn Compile) -> (u64, u64, u64) {
        let mut cache = StatementCache::new(dialect, 8);
        same_as_direct(&mut cache, first);
        same_as_direct(&mut cache, second);
        stats(&cache)
    }
    assert_eq!(check(SqliteDialect::default(), &latest(1900, 0), &latest(1960, 500)), (1, 1, 0));
    assert_eq!(check(MySqlDialect::mariadb(), &latest(1900, 0), &latest(1960, 500)), (1, 1, 0));
    assert_eq!(check(SqliteDialect::default(), &gone("US"), &gone("GB")), (1, 1, 0));
    // And the cached SQL runs with the new values.
    for (name, mut conn) in engines() {
        let direct: Vec<Vec<Value>> = {
            let compiled = latest(1960, 500).compile(conn.dialect()).expect("compiles");
            conn.query_compiled(&compiled).expect("runs").into_iter().map(|r| normalize_row(r.into_values())).collect()
        };
        conn.all(&latest(1900, 0)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cached: Vec<Vec<Value>> =
            conn.all(&latest(1960, 500)).expect("runs").into_iter().map(|r| normalize_row(r.into_values())).collect();
        assert_eq!(cached, direct, "{name}");
        assert!(!cached.is_empty(), "{name}: compare something");
    }
}
