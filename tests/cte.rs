#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::stmt::Cte;
use sqlcore_mysql::{Flavor, MySqlDialect};
use sqlcore_sqlite::SqliteDialect;

/// For a CTE that takes its column names from its query.
const NO_COLUMNS: [&str; 0] = [];

#[test]
fn several_ctes_refer_to_each_other() -> Result<()> {
    let prolific = Cte::new("prolific", NO_COLUMNS).query(
        select((books::author_id, func::count_star().label("n")))
            .group_by([books::author_id])
            .having(func::count_star().ge(2)),
    );
    let p = prolific.table();
    let named = Cte::new("named", NO_COLUMNS).query(
        select((authors::name, p.c("n")?)).from(authors::table()).join_on(p.clone(), p.c("author_id")?.eq(authors::id)),
    );
    let t = named.table();
    let q = select((t.c("name")?, t.c("n")?))
        .from(t.clone())
        .with(prolific)
        .with(named)
        .order_by(t.c("n")?.desc())
        .order_by(t.c("name")?);
    assert_sql!(
        q,
        all: "WITH prolific (author_id, n) AS \
              (SELECT author_id, COUNT(*) AS n FROM books GROUP BY author_id HAVING COUNT(*) >= ?), \
              named (name, n) AS \
              (SELECT authors.name, prolific.n FROM authors INNER JOIN prolific ON prolific.author_id = authors.id) \
              SELECT name, n FROM named ORDER BY n DESC, name",
        params: [2]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row!["Ursula K. Le Guin", 3], row!["Frank Herbert", 2], row!["Iain Banks", 2]]
    );
    Ok(())
}

#[test]
fn recursive_cte_walks_the_manager_chain_upwards_from_dev() -> Result<()> {
    let chain = Cte::new("chain", ["id", "name", "manager_id", "depth"]).recursive();
    let t = chain.table();
    let start =
        select((employees::id, employees::name, employees::manager_id, lit(0))).filter(employees::name.eq("Dev"));
    let up = select((employees::id, employees::name, employees::manager_id, t.c("depth")?.add(1)))
        .from(employees::table())
        .join_on(t.clone(), employees::id.eq(t.c("manager_id")?));
    let chain = chain.query(start.union_all(up));
    let q = select((t.c("name")?, t.c("depth")?)).from(t.clone()).with(chain).order_by(t.c("depth")?);
    assert_sql!(
        q,
        all: "WITH RECURSIVE chain (id, name, manager_id, depth) AS \
              (SELECT id, name, manager_id, 0 FROM employees WHERE name = ? \
              UNION ALL SELECT employees.id, employees.name, employees.manager_id, chain.depth + ? \
              FROM employees INNER JOIN chain ON employees.id = chain.manager_id) \
              SELECT name, depth FROM chain ORDER BY depth",
        params: ["Dev", 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dev", 0], row!["Brian", 1], row!["Ada", 2]]);
    Ok(())
}

#[test]
fn recursive_cte_walks_the_tree_downwards_from_the_top() -> Result<()> {
    let under = Cte::new("under", ["id", "name", "depth"]).recursive();
    let t = under.table();
    let top = select((employees::id, employees::name, lit(0))).filter(employees::manager_id.is_null());
    let down = select((employees::id, employees::name, t.c("depth")?.add(1)))
        .from(employees::table())
        .join_on(t.clone(), employees::manager_id.eq(t.c("id")?));
    let under = under.query(top.union_all(down));
    let q =
        select((t.c("name")?, t.c("depth")?)).from(t.clone()).with(under).order_by(t.c("depth")?).order_by(t.c("id")?);
    assert_sql!(
        q,
        all: "WITH RECURSIVE under (id, name, depth) AS \
              (SELECT id, name, 0 FROM employees WHERE manager_id IS NULL \
              UNION ALL SELECT employees.id, employees.name, under.depth + ? \
              FROM employees INNER JOIN under ON employees.manager_id = under.id) \
              SELECT name, depth FROM under ORDER BY depth, id",
        params: [1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Ada", 0], row!["Brian", 1], row!["Cleo", 1], row!["Dev", 2]]);
    Ok(())
}

#[test]
fn recursive_cte_generates_a_series_from_one_to_ten() -> Result<()> {
    let series = Cte::new("series", ["n"]).recursive();
    let (t, n) = (series.table(), series.table().c("n")?);
    let step = select([n.clone().add(1)]).from(t.clone()).filter(n.clone().lt(10));
    let series = series.query(select([lit(1)]).union_all(step));
    let q = select([n.clone()]).from(t).with(series).order_by(n);
    assert_sql!(
        q,
        all: "WITH RECURSIVE series (n) AS (SELECT 1 UNION ALL SELECT n + ? FROM series WHERE n < ?) \
              SELECT n FROM series ORDER BY n",
        params: [1, 10]
    );
    assert_eq!(rows_on_every_engine(&q), (1..=10).map(|i: i64| row![i]).collect::<Vec<_>>());
    Ok(())
}

#[test]
fn cte_used_twice_in_one_query() -> Result<()> {
    // Authors whose books' total price is above the average total: `totals` is joined and is
    // read again by the scalar subquery.
    let totals = Cte::new("totals", ["author_id", "total"])
        .query(select((books::author_id, func::sum(books::price_cents))).group_by([books::author_id]));
    let t = totals.table();
    let average_total = select([func::avg(t.c("total")?)]).from(t.clone()).scalar();
    let q = select((authors::name, t.c("total")?))
        .from(authors::table())
        .join_on(t.clone(), t.c("author_id")?.eq(authors::id))
        .filter(t.c("total")?.gt(average_total))
        .order_by(t.c("total")?.desc())
        .with(totals);
    assert_sql!(
        q,
        all: "WITH totals (author_id, total) AS (SELECT author_id, SUM(price_cents) FROM books GROUP BY author_id) \
              SELECT authors.name, totals.total FROM authors INNER JOIN totals ON totals.author_id = authors.id \
              WHERE totals.total > (SELECT AVG(total) FROM totals) ORDER BY totals.total DESC",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Ursula K. Le Guin", 2997], row!["Frank Herbert", 2298]]);
    Ok(())
}

#[test]
fn cte_joined_with_itself_under_two_aliases() -> Result<()> {
    // Each author's rank by total price: how many totals are at least theirs.
    let totals = Cte::new("totals", ["author_id", "total"])
        .query(select((books::author_id, func::sum(books::price_cents))).group_by([books::author_id]));
    let (x, y) = (totals.alias("x"), totals.alias("y"));
    let rank = func::count_star().label("rank");
    let q = select((x.c("author_id")?, x.c("total")?, rank.clone()))
        .from(x.clone())
        .join_on(y.clone(), y.c("total")?.ge(x.c("total")?))
        .group_by([x.c("author_id")?, x.c("total")?])
        .order_by(rank)
        .with(totals);
    assert_sql!(
        q,
        sqlite: "WITH totals (author_id, total) AS (SELECT author_id, SUM(price_cents) FROM books GROUP BY author_id) \
                 SELECT x.author_id, x.total, COUNT(*) AS \"rank\" FROM totals AS x \
                 INNER JOIN totals AS y ON y.total >= x.total GROUP BY x.author_id, x.total ORDER BY \"rank\"",
        postgres: "WITH totals (author_id, total) AS (SELECT author_id, SUM(price_cents) FROM books GROUP BY author_id) \
                   SELECT x.author_id, x.total, COUNT(*) AS \"rank\" FROM totals AS x \
                   INNER JOIN totals AS y ON y.total >= x.total GROUP BY x.author_id, x.total ORDER BY \"rank\"",
        mysql: "WITH totals (author_id, total) AS (SELECT author_id, SUM(price_cents) FROM books GROUP BY author_id) \
                SELECT x.author_id, x.total, COUNT(*) AS `rank` FROM totals AS x \
                INNER JOIN totals AS y ON y.total >= x.total GROUP BY x.author_id, x.total ORDER BY `rank`",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 2997, 1], row![2, 2298, 2], row![3, 1699, 3], row![4, 1050, 4]]);
    Ok(())
}

#[test]
fn with_clause_before_a_set_operation() -> Result<()> {
    // Authors whose books total over 20.00, and authors with a book before 1966.
    let totals = Cte::new("totals", ["author_id", "total"])
        .query(select((books::author_id, func::sum(books::price_cents))).group_by([books::author_id]));
    let t = totals.table();
    let q = select([t.c("author_id")?])
        .from(t.clone())
        .filter(t.c("total")?.gt(2000))
        .union(select([books::author_id]).filter(books::year.lt(1966)))
        .order_by(col("author_id"))
        .with(totals);
    assert_sql!(
        q,
        all: "WITH totals (author_id, total) AS (SELECT author_id, SUM(price_cents) FROM books GROUP BY author_id) \
              SELECT author_id FROM totals WHERE total > ? UNION SELECT author_id FROM books WHERE year < ? \
              ORDER BY author_id",
        params: [2000, 1966]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![4]]);
    Ok(())
}

#[test]
fn cte_of_a_set_operation_operand_stays_with_the_operand() -> Result<()> {
    let early = Cte::new("early", ["id"]).query(select([books::id]).filter(books::year.lt(1966)));
    let t = early.table();
    let q = select([books::id])
        .filter(books::id.eq(1))
        .union(select([t.c("id")?]).from(t.clone()).with(early))
        .order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT id FROM books WHERE id = ? UNION \
              SELECT * FROM (WITH early (id) AS (SELECT id FROM books WHERE year < ?) SELECT id FROM early) AS anon_1 \
              ORDER BY id",
        params: [1, 1966]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![4], row![7]]);
    Ok(())
}

#[test]
fn cte_inside_a_subquery_reads_its_own_table() -> Result<()> {
    // The CTE body reads `books`, which the outer query reads too: its FROM is its own and is
    // not correlated away (MariaDB refuses `SELECT books.id WHERE ...` there).
    let early = Cte::new("early", ["id"]).query(select([books::id]).filter(books::year.lt(1966)));
    let t = early.table();
    let q = select([books::title])
        .filter(books::id.in_query(select([t.c("id")?]).from(t.clone()).with(early)))
        .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT title FROM books WHERE id IN \
              (WITH early (id) AS (SELECT id FROM books WHERE year < ?) SELECT id FROM early) ORDER BY id",
        params: [1966]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Dune"], row!["Solaris"]]);
    Ok(())
}

#[test]
fn cte_without_column_names_names_every_column_of_its_query() -> Result<()> {
    // Declared without names, the CTE takes its query's: the column's own name, and the
    // generated `column2` for the unlabelled aggregate (as derived tables name it), so the
    // column list matches the query (SQLite and MariaDB refuse a shorter list).
    let dearest = Cte::new("dearest", NO_COLUMNS)
        .query(select((books::author_id, func::max(books::price_cents))).group_by([books::author_id]));
    let t = dearest.table();
    let q = select([t.star()]).from(t.clone()).with(dearest).order_by(t.c("author_id")?);
    assert_sql!(
        q,
        all: "WITH dearest (author_id, column2) AS \
              (SELECT author_id, MAX(price_cents) FROM books GROUP BY author_id) \
              SELECT dearest.* FROM dearest ORDER BY author_id",
        params: []
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 1099], row![2, 1299], row![3, 1199], row![4, 1050]]);
    assert!(t.c("column2").is_ok(), "the CTE's second column is addressable as column2");
    Ok(())
}

#[test]
fn cte_without_a_query_is_an_invalid_statement() {
    let pending = Cte::new("pending", ["n"]);
    let q = select([lit(1)]).with(pending);
    for (name, dialect) in dialects() {
        let result = q.compile(dialect.as_ref());
        assert!(
            matches!(&result, Err(Error::InvalidStatement(msg)) if msg.contains("pending")),
            "{name}: expected InvalidStatement naming the CTE, got {result:?}"
        );
    }
}

#[test]
fn with_needs_mysql_8_or_mariadb_10_2_2_and_sqlite_3_8_3() -> Result<()> {
    let series = Cte::new("series", ["n"]).recursive();
    let (t, n) = (series.table(), series.table().c("n")?);
    let step = select([n.clone().add(1)]).from(t.clone()).filter(n.clone().lt(3));
    let recursive = select([n.clone()]).from(t).with(series.query(select([lit(1)]).union_all(step))).order_by(n);
    assert_unsupported(&recursive, &MySqlDialect::with_version(Flavor::MySql, 5, 7, 0), "WITH RECURSIVE");
    assert_unsupported(&recursive, &MySqlDialect::with_version(Flavor::MariaDb, 10, 2, 0), "WITH RECURSIVE");
    assert_unsupported(&recursive, &SqliteDialect::with_version(3, 8, 2), "WITH RECURSIVE");
    assert_sql!(
        recursive,
        all: "WITH RECURSIVE series (n) AS (SELECT 1 UNION ALL SELECT n + ? FROM series WHERE n < ?) \
              SELECT n FROM series ORDER BY n",
        params: [1, 3]
    );
    assert_eq!(rows_on_every_engine(&recursive), vec![row![1], row![2], row![3]]);

    let one = Cte::new("one", ["n"]).query(select([lit(1)]));
    let plain = select([one.table().c("n")?]).from(one.table()).with(one);
    assert_unsupported(&plain, &MySqlDialect::with_version(Flavor::MySql, 5, 7, 0), "WITH (common table expressions)");
    assert_sql!(plain, all: "WITH one (n) AS (SELECT 1) SELECT n FROM one", params: []);
    assert_eq!(rows_on_every_engine(&plain), vec![row![1]]);
    Ok(())
}

#[test]
fn with_on_insert_update_and_delete_where_the_engine_has_it() -> Result<()> {
    // The ids of the US authors' books, named once and used by three statements.
    let us_books = || {
        Cte::new("us_books", ["id"])
            .query(select([books::id]).from(books::table()).join(authors::table()).filter(authors::country.eq("US")))
    };
    let ids = || select([us_books().table().c("id").expect("a column")]).from(us_books().table());
    let copy = insert(stores::table())
        .columns([stores::name])
        .select(select([books::title]).filter(books::id.in_query(ids())))
        .with(us_books());
    assert_sql!(
        copy,
        sqlite: "WITH us_books (id) AS (SELECT books.id FROM books INNER JOIN authors ON authors.id = books.author_id \
                 WHERE authors.country = ?) INSERT INTO stores (name) SELECT title FROM books WHERE id IN (SELECT id FROM us_books)",
        postgres: "WITH us_books (id) AS (SELECT books.id FROM books INNER JOIN authors ON authors.id = books.author_id \
                   WHERE authors.country = $1) INSERT INTO stores (name) SELECT title FROM books WHERE id IN (SELECT id FROM us_books)",
        mysql: "INSERT INTO stores (name) WITH us_books (id) AS (SELECT books.id FROM books INNER JOIN authors ON authors.id = books.author_id \
                WHERE authors.country = ?) SELECT title FROM books WHERE id IN (SELECT id FROM us_books)",
        params: ["US"]
    );
    let raise = update(books::table())
        .set(books::price_cents, books::price_cents.add(1))
        .filter(books::id.in_query(ids()))
        .with(us_books());
    let drop = delete(books::table()).filter(books::id.in_query(ids())).with(us_books());
    assert_unsupported(&raise, &sqlcore_mysql::MySqlDialect::mariadb(), "WITH on UPDATE");
    assert_unsupported(&drop, &sqlcore_mysql::MySqlDialect::mariadb(), "WITH on UPDATE");
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&copy)?, 5, "{name}: five books by US authors");
        if name == "mariadb" {
            assert!(matches!(conn.execute(&raise), Err(Error::Unsupported { .. })), "{name}");
            continue;
        }
        assert_eq!(conn.execute(&raise)?, 5, "{name}");
        assert_eq!(conn.execute(&drop)?, 5, "{name}");
        let left: i64 = conn.one(&select([func::count_star()]).from(books::table()))?.get(0)?;
        assert_eq!(left, 3, "{name}");
    }
    Ok(())
}
