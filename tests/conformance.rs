//! The conformance suite: one list of scenarios, each built through the API, executed, and
//! compared with the same expected rows on every engine (SQLite, PostgreSQL, MariaDB). A
//! construct an engine cannot express must fail there with `Error::Unsupported`, and only
//! there.
//!
//! Each scenario runs on a fresh copy of the fixture schema and data (tests/common), so
//! scenarios that write do not disturb the others.

#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::schema::ForeignKey;
use sqlcore::stmt::Insert;

type Rows = Vec<Vec<Value>>;

struct Scenario {
    name: &'static str,
    /// Builds, runs and reads back; returns the rows to compare.
    run: fn(&mut dyn Connection) -> Result<Rows>,
    /// The expected rows.
    expected: fn() -> Rows,
    /// Dialect names (`Dialect::name`) on which `run` must fail with `Error::Unsupported`.
    unsupported_on: &'static [&'static str],
}

fn query(conn: &mut dyn Connection, stmt: &dyn Compile) -> Result<Rows> {
    Ok(conn.all(stmt)?.into_iter().map(|r| normalize_row(r.into_values())).collect())
}

fn rows(v: Vec<Vec<Value>>) -> Rows {
    v.into_iter().map(normalize_row).collect()
}

fn scenarios() -> Vec<Scenario> {
    vec![
        // ----- the bookstore flow -----------------------------------------------------------
        Scenario {
            name: "one to many: books with their authors (join inferred)",
            run: |c| {
                query(
                    c,
                    &select((authors::name, books::title))
                        .from(authors::table())
                        .join(books::table())
                        .filter(authors::id.le(2))
                        .order_by(books::id),
                )
            },
            expected: || {
                rows(vec![
                    row!["Ursula K. Le Guin", "A Wizard of Earthsea"],
                    row!["Ursula K. Le Guin", "The Dispossessed"],
                    row!["Ursula K. Le Guin", "The Left Hand of Darkness"],
                    row!["Frank Herbert", "Dune"],
                    row!["Frank Herbert", "Children of Dune"],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "many to many: stores selling each book, through the map table",
            run: |c| {
                query(
                    c,
                    &select((books::title, stores::name.label("store")))
                        .from(books::table())
                        .join(book_to_store_map::table())
                        .join(stores::table())
                        .order_by(stores::name)
                        .order_by(books::title),
                )
            },
            expected: || {
                rows(vec![
                    row!["Dune", "Airport"],
                    row!["A Wizard of Earthsea", "Downtown"],
                    row!["Solaris", "Downtown"],
                    row!["The Dispossessed", "Downtown"],
                    row!["A Wizard of Earthsea", "Online"],
                    row!["Consider Phlebas", "Online"],
                    row!["Dune", "Online"],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "group by / having: authors with more than one book",
            run: |c| {
                let n = func::count(books::id).label("n");
                query(
                    c,
                    &select((authors::name, n.clone()))
                        .from(authors::table())
                        .join(books::table())
                        .group_by([authors::name])
                        .having(func::count(books::id).gt(1))
                        .order_by(n.desc())
                        .order_by(authors::name),
                )
            },
            expected: || rows(vec![row!["Ursula K. Le Guin", 3], row!["Frank Herbert", 2], row!["Iain Banks", 2]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "aggregates: count, sum, min, max, avg per author",
            run: |c| {
                query(
                    c,
                    &select((
                        books::author_id,
                        func::count_star(),
                        func::sum(books::price_cents),
                        func::min(books::price_cents),
                        func::max(books::price_cents),
                        func::avg(books::price_cents),
                    ))
                    .group_by([books::author_id])
                    .order_by(books::author_id),
                )
            },
            expected: || {
                rows(vec![
                    row![1, 3, 2997, 899, 1099, 999],
                    row![2, 2, 2298, 999, 1299, 1149],
                    row![3, 2, 1699, 500, 1199, 849.5],
                    row![4, 1, 1050, 1050, 1050, 1050],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "LIKE filter with an escaped wildcard (contains)",
            run: |c| query(c, &select([books::title]).filter(books::title.contains("0% P")).order_by(books::id)),
            expected: || rows(vec![row!["100% Pure_Fiction"]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "LIKE is case-sensitive, ILIKE is not",
            run: |c| {
                let like = query(c, &select([books::id]).filter(books::title.like("%dune%")))?;
                let ilike = query(c, &select([books::id]).filter(books::title.ilike("%dune%")).order_by(books::id))?;
                Ok(like.into_iter().chain(ilike).collect())
            },
            expected: || rows(vec![row![4], row![5]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "pagination: LIMIT / OFFSET, and OFFSET alone",
            run: |c| {
                let page = query(c, &select([books::id]).order_by(books::id).limit(3).offset(3))?;
                let tail = query(c, &select([books::id]).order_by(books::id).offset(6))?;
                Ok(page.into_iter().chain(tail).collect())
            },
            expected: || rows(vec![row![4], row![5], row![6], row![7], row![8]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "update then read back",
            run: |c| {
                let n = c.execute(
                    &update(books::table())
                        .set(books::price_cents, books::price_cents.add(1))
                        .filter(books::author_id.eq(2)),
                )?;
                let mut out = vec![row![n as i64]];
                out.extend(query(c, &select([books::price_cents]).filter(books::author_id.eq(2)).order_by(books::id))?);
                Ok(out)
            },
            expected: || rows(vec![row![2], row![1300], row![1000]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "delete then read back",
            run: |c| {
                let n = c.execute(&delete(books::table()).filter(books::year.is_null()))?;
                let mut out = vec![row![n as i64]];
                out.extend(query(c, &select([func::count_star()]).from(books::table()))?);
                Ok(out)
            },
            expected: || rows(vec![row![2], row![6]]),
            unsupported_on: &[],
        },
        // ----- joins ------------------------------------------------------------------------
        Scenario {
            name: "LEFT JOIN keeps authors without books",
            run: |c| {
                query(
                    c,
                    &select((authors::name, func::count(books::id).label("n")))
                        .from(authors::table())
                        .left_join(books::table())
                        .group_by([authors::id, authors::name])
                        .order_by(authors::id),
                )
            },
            expected: || {
                rows(vec![
                    row!["Ursula K. Le Guin", 3],
                    row!["Frank Herbert", 2],
                    row!["Iain Banks", 2],
                    row!["Stanisław Lem", 1],
                    row!["Nobody Yet", 0],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "RIGHT JOIN keeps authors without books",
            run: |c| {
                query(
                    c,
                    &select((authors::id, books::id.label("book")))
                        .from(books::table())
                        .right_join(authors::table())
                        .filter(authors::id.ge(4))
                        .order_by(authors::id),
                )
            },
            expected: || rows(vec![row![4, 7], vec![Value::Int(5), Value::Null]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "FULL JOIN keeps both sides",
            run: |c| {
                let e = employees::table().alias("e");
                let m = employees::table().alias("m");
                query(
                    c,
                    &select((e.col(employees::name), m.col(employees::name).label("reports")))
                        .from(e.clone())
                        .full_join_on(m.clone(), m.col(employees::manager_id).eq(e.col(employees::id)))
                        .filter(e.col(employees::id).ge(3).or(e.col(employees::id).is_null()))
                        .order_by(e.col(employees::id).asc().nulls_first()),
                )
            },
            expected: || {
                rows(vec![
                    // Ada (1) has no manager: she is nobody's report, so the right side is NULL
                    // on the left-unmatched row.
                    vec![Value::Null, Value::from("Ada")],
                    vec![Value::from("Cleo"), Value::Null],
                    vec![Value::from("Dev"), Value::Null],
                ])
            },
            unsupported_on: &["mysql", "mariadb"],
        },
        Scenario {
            name: "CROSS JOIN",
            run: |c| {
                query(
                    c,
                    &select((stores::name, authors::id))
                        .from(stores::table())
                        .cross_join(authors::table())
                        .filter(authors::id.le(2))
                        .order_by(stores::id)
                        .order_by(authors::id),
                )
            },
            expected: || {
                rows(vec![
                    row!["Downtown", 1],
                    row!["Downtown", 2],
                    row!["Airport", 1],
                    row!["Airport", 2],
                    row!["Online", 1],
                    row!["Online", 2],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "self-join through aliases",
            run: |c| {
                let e = employees::table().alias("e");
                let m = employees::table().alias("m");
                query(
                    c,
                    &select((e.col(employees::name), m.col(employees::name).label("manager")))
                        .from(e.clone())
                        .join_on(m.clone(), e.col(employees::manager_id).eq(m.col(employees::id)))
                        .order_by(e.col(employees::id)),
                )
            },
            expected: || rows(vec![row!["Brian", "Ada"], row!["Cleo", "Ada"], row!["Dev", "Brian"]]),
            unsupported_on: &[],
        },
        // ----- ordering -----------------------------------------------------------------------
        Scenario {
            name: "NULLS FIRST and NULLS LAST, ascending and descending",
            run: |c| {
                let mut out = Vec::new();
                for term in [
                    books::year.asc().nulls_first(),
                    books::year.asc().nulls_last(),
                    books::year.desc().nulls_first(),
                    books::year.desc().nulls_last(),
                ] {
                    let ids = query(c, &select([books::id]).order_by(term).order_by(books::id))?;
                    out.push(ids.into_iter().flatten().collect());
                }
                Ok(out)
            },
            expected: || {
                rows(vec![
                    row![5, 8, 7, 4, 1, 3, 2, 6],
                    row![7, 4, 1, 3, 2, 6, 5, 8],
                    row![5, 8, 6, 2, 3, 1, 4, 7],
                    row![6, 2, 3, 1, 4, 7, 5, 8],
                ])
            },
            unsupported_on: &[],
        },
        // ----- predicates --------------------------------------------------------------------
        Scenario {
            name: "IN, NOT IN, and the empty list",
            run: |c| {
                let mut out = query(c, &select([books::id]).filter(books::id.in_list([2, 4, 99])).order_by(books::id))?;
                out.extend(query(
                    c,
                    &select([func::count_star()]).from(books::table()).filter(books::id.in_list(Vec::<i64>::new())),
                )?);
                out.extend(query(
                    c,
                    &select([func::count_star()]).from(books::table()).filter(books::id.not_in(Vec::<i64>::new())),
                )?);
                Ok(out)
            },
            expected: || rows(vec![row![2], row![4], row![0], row![8]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "comparison with NULL becomes IS NULL",
            run: |c| query(c, &select([authors::name]).filter(authors::country.eq(None::<&str>))),
            expected: || rows(vec![row!["Nobody Yet"]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "CASE and CAST",
            run: |c| {
                query(
                    c,
                    &select((
                        case()
                            .when(books::price_cents.ge(1100), "dear")
                            .when(books::price_cents.ge(900), "fair")
                            .otherwise("cheap"),
                        cast(books::price_cents, SqlType::Text).concat("c"),
                        cast("42", SqlType::Integer).add(1),
                    ))
                    .filter(books::id.in_list([1, 4, 8]))
                    .order_by(books::id),
                )
            },
            expected: || rows(vec![row!["cheap", "899c", 43], row!["dear", "1299c", 43], row!["cheap", "500c", 43]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "integer division means the same everywhere",
            run: |c| {
                query(c, &select((books::price_cents.div(100), books::price_cents.rem(100))).filter(books::id.eq(4)))
            },
            expected: || rows(vec![row![12, 99]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "character length of non-ASCII text",
            run: |c| query(c, &select([func::length(authors::name)]).filter(authors::id.eq(4))),
            expected: || rows(vec![row![13]]),
            unsupported_on: &[],
        },
        // ----- DDL, constraints, FK actions ---------------------------------------------------
        Scenario {
            name: "ON DELETE CASCADE removes books and their store listings",
            run: |c| {
                c.execute(&delete(authors::table()).filter(authors::id.eq(1)))?;
                let books_left = query(c, &select([func::count_star()]).from(books::table()))?;
                let listings = query(c, &select([func::count_star()]).from(book_to_store_map::table()))?;
                Ok(books_left.into_iter().chain(listings).collect())
            },
            expected: || rows(vec![row![5], row![4]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "DDL with every constraint type, each enforced",
            run: |c| {
                c.create_all(&constraint_schema())?;
                c.execute(&insert(owners::table()).columns([owners::code, owners::kind]).row(("O1", "person")))?;
                c.execute(
                    &insert(ledger::table())
                        .columns([ledger::code, ledger::owner_code, ledger::owner_kind, ledger::amount])
                        .row(("A1", "O1", "person", 10)),
                )?;
                let mut outcomes = Vec::new();
                let violations: Vec<Insert> = vec![
                    // UNIQUE (code)
                    insert(ledger::table())
                        .columns([ledger::code, ledger::owner_code, ledger::owner_kind, ledger::amount])
                        .row(("A1", "O1", "person", 5)),
                    // NOT NULL (amount)
                    insert(ledger::table())
                        .columns([ledger::code, ledger::owner_code, ledger::owner_kind, ledger::amount])
                        .row(("A2", "O1", "person", None::<i64>)),
                    // CHECK (amount >= 0)
                    insert(ledger::table())
                        .columns([ledger::code, ledger::owner_code, ledger::owner_kind, ledger::amount])
                        .row(("A3", "O1", "person", -1)),
                    // composite FOREIGN KEY (owner_code, owner_kind)
                    insert(ledger::table())
                        .columns([ledger::code, ledger::owner_code, ledger::owner_kind, ledger::amount])
                        .row(("A4", "O1", "company", 1)),
                ];
                for v in &violations {
                    outcomes.push(normalize_row(row![matches!(c.execute(v), Err(Error::Integrity { .. }))]));
                }
                // The server default fills `status`; the composite primary key of owners holds.
                outcomes.extend(query(c, &select((ledger::status, ledger::amount)).from(ledger::table()))?);
                Ok(outcomes)
            },
            expected: || rows(vec![row![true], row![true], row![true], row![true], row!["open", 10]]),
            unsupported_on: &[],
        },
        // ----- the rest of the language (issue 4) ---------------------------------------------
        Scenario {
            name: "correlated scalar subquery and EXISTS / NOT EXISTS",
            run: |c| {
                let n = select([func::count_star()]).from(books::table()).filter(books::author_id.eq(authors::id));
                let with_books = exists(select([lit(1)]).from(books::table()).filter(books::author_id.eq(authors::id)));
                let mut out =
                    query(c, &select((authors::name, n.scalar().label("n"))).filter(with_books).order_by(authors::id))?;
                let without =
                    not_exists(select([lit(1)]).from(books::table()).filter(books::author_id.eq(authors::id)));
                out.extend(query(c, &select([authors::name]).filter(without))?);
                Ok(out)
            },
            expected: || {
                rows(vec![
                    row!["Ursula K. Le Guin", 3],
                    row!["Frank Herbert", 2],
                    row!["Iain Banks", 2],
                    row!["Stanisław Lem", 1],
                    row!["Nobody Yet"],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "IN (subquery) and a derived table with addressable columns",
            run: |c| {
                let dear = select([books::author_id]).filter(books::price_cents.gt(1100));
                let mut out =
                    query(c, &select([authors::name]).filter(authors::id.in_query(dear)).order_by(authors::id))?;
                let d =
                    select((books::author_id, func::count_star().label("n"))).group_by([books::author_id]).alias("d");
                out.extend(query(
                    c,
                    &select((authors::name, d.c("n")?))
                        .from(authors::table())
                        .join_on(d.clone(), d.c("author_id")?.eq(authors::id))
                        .filter(d.c("n")?.ge(2))
                        .order_by(authors::id),
                )?);
                Ok(out)
            },
            expected: || {
                rows(vec![
                    row!["Frank Herbert"],
                    row!["Iain Banks"],
                    row!["Ursula K. Le Guin", 3],
                    row!["Frank Herbert", 2],
                    row!["Iain Banks", 2],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "WITH RECURSIVE walks the management chain",
            run: |c| {
                let chain = sqlcore::stmt::Cte::new("chain", ["id", "manager_id", "depth"]).recursive();
                let (ch, e) = (chain.alias("c"), employees::table().alias("e"));
                let start = select((employees::id, employees::manager_id, lit(0))).filter(employees::id.eq(4));
                let step = select((e.col(employees::id), e.col(employees::manager_id), ch.c("depth")?.add(1)))
                    .from(e.clone())
                    .join_on(ch.clone(), e.col(employees::id).eq(ch.c("manager_id")?));
                let chain = chain.query(start.union_all(step));
                let t = chain.table();
                query(c, &select((t.c("id")?, t.c("depth")?)).from(t.clone()).with(chain).order_by(t.c("depth")?))
            },
            expected: || rows(vec![row![4, 0], row![2, 1], row![1, 2]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "set operations: UNION ALL with an operand LIMIT, INTERSECT, EXCEPT",
            run: |c| {
                let cheapest = select([books::id]).order_by(books::price_cents).limit(1);
                let mut out =
                    query(c, &select([books::id]).filter(books::id.le(2)).union_all(cheapest).order_by(col("id")))?;
                out.extend(query(
                    c,
                    &select([books::author_id])
                        .intersect(select([authors::id]).filter(authors::country.eq("US")))
                        .order_by(col("author_id")),
                )?);
                out.extend(query(c, &select([authors::id]).except(select([books::author_id])))?);
                Ok(out)
            },
            expected: || rows(vec![row![1], row![2], row![8], row![1], row![2], row![5]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "window functions and an aggregate FILTER",
            run: |c| {
                use sqlcore::expr::Window;
                let rank = func::row_number()
                    .over(Window::new().partition_by([books::author_id]).order_by(books::price_cents.desc()))
                    .label("rank");
                let mut out = query(c, &select((books::id, rank)).filter(books::author_id.eq(1)).order_by(books::id))?;
                out.extend(query(
                    c,
                    &select((
                        func::count_star().filter_where(books::year.is_null()),
                        func::sum(books::price_cents).filter_where(books::author_id.eq(2)),
                    ))
                    .from(books::table()),
                )?);
                Ok(out)
            },
            expected: || rows(vec![row![1, 3], row![2, 1], row![3, 2], row![2, 2298]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "DISTINCT ON: each author's cheapest book",
            run: |c| {
                query(
                    c,
                    &select((books::author_id, books::title))
                        .distinct_on([books::author_id])
                        .order_by(books::author_id)
                        .order_by(books::price_cents)
                        .order_by(books::id),
                )
            },
            expected: || {
                rows(vec![
                    row![1, "A Wizard of Earthsea"],
                    row![2, "Children of Dune"],
                    row![3, "100% Pure_Fiction"],
                    row![4, "Solaris"],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "upsert: insert, then update on conflict with the proposed value",
            run: |c| {
                let up = |name: &str| {
                    insert(stores::table()).columns([stores::name]).row((name,)).on_conflict([stores::name])
                };
                c.execute(&up("Harbour"))?;
                c.execute(&up("Airport"))?; // DO NOTHING: the existing row stays
                // The author with id 1 exists: their country is replaced by the proposed one.
                let moved = insert(authors::table())
                    .columns([authors::id, authors::name, authors::country])
                    .rows([(1, "Ursula K. Le Guin", "GB"), (6, "Ted Chiang", "US")])
                    .on_conflict([authors::id])
                    .do_update_set(authors::country, excluded(authors::country));
                c.execute(&moved)?;
                let mut out = query(c, &select((stores::id, stores::name)).order_by(stores::id))?;
                out.extend(query(
                    c,
                    &select((authors::id, authors::country)).filter(authors::id.in_list([1, 6])).order_by(authors::id),
                )?);
                Ok(out)
            },
            expected: || {
                rows(vec![
                    row![1, "Downtown"],
                    row![2, "Airport"],
                    row![3, "Online"],
                    row![4, "Harbour"],
                    row![1, "GB"],
                    row![6, "US"],
                ])
            },
            unsupported_on: &[],
        },
        Scenario {
            name: "INSERT ... SELECT and multi-table UPDATE / DELETE",
            run: |c| {
                c.execute(
                    &insert(stores::table())
                        .columns([stores::name])
                        .select(select([authors::name]).filter(authors::id.eq(2))),
                )?;
                let raised = c.execute(
                    &update(books::table())
                        .set(books::price_cents, books::price_cents.add(1))
                        .from(authors::table())
                        .filter(books::author_id.eq(authors::id).and(authors::country.eq("GB"))),
                )?;
                let gone = c.execute(
                    &delete(books::table())
                        .using(authors::table())
                        .filter(books::author_id.eq(authors::id).and(authors::country.eq("PL"))),
                )?;
                let mut out = vec![row![raised as i64, gone as i64]];
                out.extend(query(c, &select([stores::name]).filter(stores::id.eq(4)))?);
                out.extend(query(c, &select([func::sum(books::price_cents)]).from(books::table()))?);
                Ok(out)
            },
            expected: || rows(vec![row![2, 1], row!["Frank Herbert"], row![6996]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "INSERT ... RETURNING (PostgreSQL, SQLite, MariaDB)",
            run: |c| {
                query(
                    c,
                    &insert(stores::table())
                        .columns([stores::name])
                        .row(("Harbour",))
                        .returning([stores::id, stores::name]),
                )
            },
            expected: || rows(vec![row![4, "Harbour"]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "UPDATE ... RETURNING is unsupported on MariaDB",
            run: |c| {
                query(
                    c,
                    &update(stores::table())
                        .set(stores::name, "Web")
                        .filter(stores::id.eq(3))
                        .returning([stores::name]),
                )
            },
            expected: || rows(vec![row!["Web"]]),
            unsupported_on: &["mariadb", "mysql"],
        },
        Scenario {
            name: "FOR UPDATE in a transaction; unsupported on SQLite",
            run: |c| {
                let mut tx = sqlcore::Transaction::begin(c)?;
                let out = query(&mut tx, &select([stores::name]).filter(stores::id.eq(2)).for_update())?;
                tx.commit()?;
                Ok(out)
            },
            expected: || rows(vec![row!["Airport"]]),
            unsupported_on: &["sqlite"],
        },
        Scenario {
            name: "named parameters, an expanding IN list",
            run: |c| {
                let q = select([books::title])
                    .filter(books::id.in_param("ids"))
                    .filter(books::price_cents.lt(bindparam("max")));
                let params = sqlcore::expr::Params::new().set_list("ids", [1, 2, 4]).set("max", 1200);
                Ok(c.all_with(&q, &params)?.into_iter().map(|r| normalize_row(r.into_values())).collect())
            },
            expected: || rows(vec![row!["A Wizard of Earthsea"], row!["The Dispossessed"]]),
            unsupported_on: &[],
        },
        Scenario {
            name: "FULL JOIN with an inferred condition is unsupported on MySQL",
            run: |c| {
                query(
                    c,
                    &select((authors::id, books::id.label("b")))
                        .from(authors::table())
                        .full_join(books::table())
                        .filter(books::id.eq(7)),
                )
            },
            expected: || rows(vec![row![4, 7]]),
            unsupported_on: &["mysql", "mariadb"],
        },
    ]
}

sqlcore::table! {
    /// Owners, keyed by two columns.
    pub owners {
        code: Varchar(10) => not_null();
        kind: Varchar(10) => not_null();
    }
    |t| t.primary_key([code, kind])
}

sqlcore::table! {
    /// A table with every constraint type.
    pub ledger {
        id: Integer => primary_key();
        code: Varchar(10) => not_null(), unique();
        owner_code: Varchar(10) => not_null();
        owner_kind: Varchar(10) => not_null();
        amount: Integer => not_null(), check(col("amount").ge(lit(0)));
        status: Varchar(10) => not_null(), server_default("open");
    }
    |t| t
        .foreign_key(ForeignKey::new([owner_code, owner_kind], "owners", ["code", "kind"]).on_delete(FkAction::Cascade))
        .index("ledger_owner", [owner_code])
}

/// Declared child first: create_all must still create `owners` before `ledger`.
fn constraint_schema() -> MetaData {
    MetaData::new().with(ledger::table()).and_then(|m| m.with(owners::table())).expect("schema")
}

/// Runs every scenario on `engine`, each on a fresh fixture, and reports all failures at once.
fn run_all(engine: &str, connect: impl Fn() -> Option<Box<dyn Connection>>) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for s in scenarios() {
        let Some(mut conn) = connect() else { return };
        let dialect = conn.dialect().name();
        let result = (s.run)(conn.as_mut());
        ran += 1;
        if s.unsupported_on.contains(&dialect) {
            match result {
                Err(Error::Unsupported { .. }) => {}
                other => failures.push(format!("{}: expected Error::Unsupported on {dialect}, got {other:?}", s.name)),
            }
            continue;
        }
        match result {
            Ok(rows) if rows == (s.expected)() => {}
            Ok(rows) => failures.push(format!(
                "{}: rows differ\n  got:      {rows:?}\n  expected: {:?}",
                s.name,
                (s.expected)()
            )),
            Err(e) => failures.push(format!("{}: failed: {e}", s.name)),
        }
    }
    assert!(failures.is_empty(), "{engine}: {} of {ran} scenarios failed:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{engine}: all {ran} scenarios passed");
}

#[test]
fn conformance_on_sqlite() {
    run_all("sqlite", || Some(Box::new(sqlite())));
}

#[test]
fn conformance_on_postgres() {
    run_all("postgres", || {
        let mut c = engines::postgres()?;
        c.create_all(&metadata()).expect("fixture schema");
        seed(c.as_mut());
        Some(c)
    });
}

#[test]
fn conformance_on_mariadb() {
    run_all("mariadb", || {
        let mut c = engines::mysql()?;
        c.create_all(&metadata()).expect("fixture schema");
        seed(c.as_mut());
        Some(c)
    });
}
