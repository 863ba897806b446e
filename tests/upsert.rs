#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;

sqlcore::table! {
    /// Hit counters: a generated key, and unique by page (a Varchar: MySQL cannot key TEXT).
    pub counters {
        id: Integer => primary_key();
        page: Varchar(50) => not_null(), unique();
        hits: Integer => not_null();
        note: Varchar(50);
    }
}

sqlcore::table! {
    /// Views per page and day: unique over two columns.
    pub daily_views {
        id: Integer => primary_key();
        page: Varchar(50) => not_null();
        day: Integer => not_null();
        views: Integer => not_null();
    }
    |t| t.unique([daily_views::page, daily_views::day])
}

sqlcore::table! {
    /// Preferences keyed by name alone (the primary key is the only unique key).
    pub prefs {
        name: Varchar(50) => primary_key();
        choice: Varchar(50) => not_null();
    }
}

/// Every engine, empty, with this file's tables created and seeded:
/// counters `home` (id 1, 1 hit, note "first") and `about` (id 2, 5 hits, no note);
/// daily_views `home` day 1: 10, day 2: 20; prefs `theme` = "light".
fn upsert_engines() -> Vec<(&'static str, Box<dyn Connection>)> {
    let mut out = Vec::new();
    for (name, mut conn) in empty_engines() {
        let md = MetaData::new()
            .with(counters::table())
            .and_then(|md| md.with(daily_views::table()))
            .and_then(|md| md.with(prefs::table()))
            .expect("distinct local tables");
        conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: create tables: {e}"));
        let seeds: [&dyn Compile; 3] = [
            &insert(counters::table())
                .columns([counters::page, counters::hits, counters::note])
                .rows([("home", 1, Some("first")), ("about", 5, None)]),
            &insert(daily_views::table())
                .columns([daily_views::page, daily_views::day, daily_views::views])
                .rows([("home", 1, 10), ("home", 2, 20)]),
            &insert(prefs::table()).value(prefs::name, "theme").value(prefs::choice, "light"),
        ];
        for seed in seeds {
            conn.execute(seed).unwrap_or_else(|e| panic!("{name}: seed: {e}"));
        }
        out.push((name, conn));
    }
    out
}

/// The counters as (page, hits, note), by page.
fn counters_by_page() -> sqlcore::stmt::Select {
    select((counters::page, counters::hits, counters::note)).order_by(counters::page)
}

fn rows(conn: &mut dyn Connection, q: &dyn Compile) -> Vec<Vec<Value>> {
    conn.all(q).expect("the check query runs").into_iter().map(|r| normalize_row(r.into_values())).collect()
}

/// What a statement did on one engine: the rows it reported affected, and the rows of the
/// check query afterwards.
struct Outcome {
    engine: &'static str,
    affected: u64,
    after: Vec<Vec<Value>>,
}

/// Runs `stmt` on every engine (fresh tables each) and returns what it did there, except on
/// the engines named in `unsupported_on`, where compiling it must be `Error::Unsupported`
/// naming `feature` (it is not run there).
fn run_everywhere(stmt: &dyn Compile, unsupported_on: &[&str], feature: &str, check: &dyn Compile) -> Vec<Outcome> {
    let mut out = Vec::new();
    for (engine, mut conn) in upsert_engines() {
        if unsupported_on.contains(&engine) {
            assert_unsupported(stmt, conn.dialect(), feature);
            continue;
        }
        let affected = conn.execute(stmt).unwrap_or_else(|e| panic!("{engine}: upsert failed: {e}"));
        out.push(Outcome { engine, affected, after: rows(conn.as_mut(), check) });
    }
    out
}

/// Asserts that every engine that ran the statement left `expected` behind.
fn assert_same_rows_everywhere(outcomes: &[Outcome], expected: &[Vec<Value>]) {
    assert!(!outcomes.is_empty(), "the statement ran somewhere");
    for o in outcomes {
        assert_eq!(o.after, expected, "{}: rows after the upsert", o.engine);
    }
}

/// Rows affected as each engine counts them: SQLite and PostgreSQL count the rows inserted
/// or updated; MySQL and MariaDB (with CLIENT_FOUND_ROWS, which the driver sets) count 1 per
/// inserted row, 2 per updated row and 1 per conflicting row left as it was.
fn expected_affected(engine: &str, inserted: u64, updated: u64, left_alone: u64) -> u64 {
    match engine {
        "mariadb" => inserted + 2 * updated + left_alone,
        _ => inserted + updated,
    }
}

fn assert_mariadb_sql(stmt: &dyn Compile, sql: &str, params: &[Value]) {
    let compiled = stmt.compile(&MySqlDialect::mariadb()).expect("compiles for MariaDB");
    assert_eq!(compiled.sql, sql, "mariadb: SQL differs");
    assert_eq!(compiled.params, params, "mariadb: parameters differ");
}

// ----- DO NOTHING ----------------------------------------------------------------------------

#[test]
fn on_conflict_do_nothing_keeps_the_existing_row_and_inserts_the_new_one() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits, counters::note])
        .rows([("home", 100, Some("second")), ("contact", 3, None)])
        .on_conflict([counters::page]);
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT (page) DO NOTHING",
        postgres: "INSERT INTO counters (page, hits, note) VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT (page) DO NOTHING",
        mysql: "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE counters.page = counters.page",
        params: ["home", 100, "second", "contact", 3, Value::Null]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) \
         ON DUPLICATE KEY UPDATE counters.page = counters.page",
        &["home".into(), 100.into(), "second".into(), "contact".into(), 3.into(), Value::Null],
    );
    let outcomes = run_everywhere(&stmt, &[], "", &counters_by_page());
    assert_same_rows_everywhere(
        &outcomes,
        &[row!["about", 5, None::<&str>], row!["contact", 3, None::<&str>], row!["home", 1, "first"]],
    );
    for o in &outcomes {
        assert_eq!(o.affected, expected_affected(o.engine, 1, 0, 1), "{}: rows affected", o.engine);
    }
}

#[test]
fn on_conflict_do_nothing_of_only_conflicting_rows_changes_nothing() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("about", 0))
        .on_conflict([counters::page]);
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits) VALUES (?, ?) ON CONFLICT (page) DO NOTHING",
        postgres: "INSERT INTO counters (page, hits) VALUES ($1, $2) ON CONFLICT (page) DO NOTHING",
        mysql: "INSERT INTO counters (page, hits) VALUES (?, ?) AS excluded ON DUPLICATE KEY UPDATE counters.page = counters.page",
        params: ["about", 0]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits) VALUES (?, ?) ON DUPLICATE KEY UPDATE counters.page = counters.page",
        &["about".into(), 0.into()],
    );
    let check = select((counters::id, counters::page, counters::hits, counters::note)).order_by(counters::id);
    let outcomes = run_everywhere(&stmt, &[], "", &check);
    assert_same_rows_everywhere(&outcomes, &[row![1, "home", 1, "first"], row![2, "about", 5, None::<&str>]]);
    for o in &outcomes {
        assert_eq!(o.affected, expected_affected(o.engine, 0, 0, 1), "{}: rows affected", o.engine);
    }
}

// ----- DO UPDATE -----------------------------------------------------------------------------

#[test]
fn do_update_set_excluded_overwrites_the_conflicting_row_in_place() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits, counters::note])
        .rows([("home", 7, "updated"), ("contact", 3, "new")])
        .on_conflict([counters::page])
        .do_update_set(counters::hits, excluded(counters::hits))
        .do_update_set(counters::note, excluded(counters::note));
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) \
                 ON CONFLICT (page) DO UPDATE SET hits = excluded.hits, note = excluded.note",
        postgres: "INSERT INTO counters (page, hits, note) VALUES ($1, $2, $3), ($4, $5, $6) \
                   ON CONFLICT (page) DO UPDATE SET hits = excluded.hits, note = excluded.note",
        mysql: "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE hits = excluded.hits, note = excluded.note",
        params: ["home", 7, "updated", "contact", 3, "new"]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) \
         ON DUPLICATE KEY UPDATE hits = VALUES(hits), note = VALUES(note)",
        &["home".into(), 7.into(), "updated".into(), "contact".into(), 3.into(), "new".into()],
    );
    // `home` keeps its id 1: the row is updated, not deleted and inserted again.
    let check = select((counters::page, counters::hits, counters::note, counters::id.eq(1).label("kept_id")))
        .order_by(counters::page);
    let outcomes = run_everywhere(&stmt, &[], "", &check);
    assert_same_rows_everywhere(
        &outcomes,
        &[row!["about", 5, None::<&str>, 0], row!["contact", 3, "new", 0], row!["home", 7, "updated", 1]],
    );
    for o in &outcomes {
        assert_eq!(o.affected, expected_affected(o.engine, 1, 1, 0), "{}: rows affected", o.engine);
    }
}

#[test]
fn do_update_adds_the_proposed_count_to_the_existing_one() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .rows([("home", 2), ("about", 10), ("contact", 1)])
        .on_conflict([counters::page])
        .do_update_set(counters::hits, counters::hits.add(excluded(counters::hits)));
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?), (?, ?) \
                 ON CONFLICT (page) DO UPDATE SET hits = counters.hits + excluded.hits",
        postgres: "INSERT INTO counters (page, hits) VALUES ($1, $2), ($3, $4), ($5, $6) \
                   ON CONFLICT (page) DO UPDATE SET hits = counters.hits + excluded.hits",
        mysql: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?), (?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE hits = counters.hits + excluded.hits",
        params: ["home", 2, "about", 10, "contact", 1]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?), (?, ?) \
         ON DUPLICATE KEY UPDATE hits = counters.hits + VALUES(hits)",
        &["home".into(), 2.into(), "about".into(), 10.into(), "contact".into(), 1.into()],
    );
    for (engine, mut conn) in upsert_engines() {
        conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: first upsert: {e}"));
        assert_eq!(
            rows(conn.as_mut(), &counters_by_page()),
            vec![row!["about", 15, None::<&str>], row!["contact", 1, None::<&str>], row!["home", 3, "first"]],
            "{engine}: after the first run"
        );
        let affected = conn.execute(&stmt).unwrap_or_else(|e| panic!("{engine}: second upsert: {e}"));
        assert_eq!(affected, expected_affected(engine, 0, 3, 0), "{engine}: the second run updates all three");
        assert_eq!(
            rows(conn.as_mut(), &counters_by_page()),
            vec![row!["about", 25, None::<&str>], row!["contact", 2, None::<&str>], row!["home", 5, "first"]],
            "{engine}: after the second run"
        );
    }
}

#[test]
fn do_update_where_updates_only_where_the_condition_holds() {
    // Keep the larger count: `home` proposes less than it has, `about` more.
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .rows([("home", 0), ("about", 9), ("contact", 4)])
        .on_conflict([counters::page])
        .do_update_set(counters::hits, excluded(counters::hits))
        .do_update_where(excluded(counters::hits).gt(counters::hits));
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?), (?, ?) \
                 ON CONFLICT (page) DO UPDATE SET hits = excluded.hits WHERE excluded.hits > counters.hits",
        postgres: "INSERT INTO counters (page, hits) VALUES ($1, $2), ($3, $4), ($5, $6) \
                   ON CONFLICT (page) DO UPDATE SET hits = excluded.hits WHERE excluded.hits > counters.hits",
        mysql: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?), (?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE hits = IF(excluded.hits > counters.hits, excluded.hits, counters.hits)",
        params: ["home", 0, "about", 9, "contact", 4]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?), (?, ?) \
         ON DUPLICATE KEY UPDATE hits = IF(VALUES(hits) > counters.hits, VALUES(hits), counters.hits)",
        &["home".into(), 0.into(), "about".into(), 9.into(), "contact".into(), 4.into()],
    );
    let outcomes = run_everywhere(&stmt, &[], "", &counters_by_page());
    assert_same_rows_everywhere(
        &outcomes,
        &[row!["about", 9, None::<&str>], row!["contact", 4, None::<&str>], row!["home", 1, "first"]],
    );
    for o in &outcomes {
        assert_eq!(o.affected, expected_affected(o.engine, 1, 1, 1), "{}: rows affected", o.engine);
    }
}

#[test]
fn do_update_where_on_the_existing_row_alone() {
    // Only rows without a note take the proposed count.
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .rows([("home", 50), ("about", 60)])
        .on_conflict([counters::page])
        .do_update_set(counters::hits, excluded(counters::hits))
        .do_update_where(counters::note.is_null());
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?) \
                 ON CONFLICT (page) DO UPDATE SET hits = excluded.hits WHERE counters.note IS NULL",
        postgres: "INSERT INTO counters (page, hits) VALUES ($1, $2), ($3, $4) \
                   ON CONFLICT (page) DO UPDATE SET hits = excluded.hits WHERE counters.note IS NULL",
        mysql: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE hits = IF(counters.note IS NULL, excluded.hits, counters.hits)",
        params: ["home", 50, "about", 60]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?) \
         ON DUPLICATE KEY UPDATE hits = IF(counters.note IS NULL, VALUES(hits), counters.hits)",
        &["home".into(), 50.into(), "about".into(), 60.into()],
    );
    let outcomes = run_everywhere(&stmt, &[], "", &counters_by_page());
    assert_same_rows_everywhere(&outcomes, &[row!["about", 60, None::<&str>], row!["home", 1, "first"]]);
}

#[test]
fn do_update_where_given_before_do_update_set_is_kept() {
    // The condition must not depend on the order of the builder calls.
    let set_then_where = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("home", 0))
        .on_conflict([counters::page])
        .do_update_set(counters::hits, excluded(counters::hits))
        .do_update_where(excluded(counters::hits).gt(counters::hits));
    let where_then_set = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("home", 0))
        .on_conflict([counters::page])
        .do_update_where(excluded(counters::hits).gt(counters::hits))
        .do_update_set(counters::hits, excluded(counters::hits));
    let mut all_dialects: Vec<(&str, Box<dyn Dialect>)> = dialects().into_iter().collect();
    all_dialects.push(("mariadb", Box::new(MySqlDialect::mariadb())));
    for (name, dialect) in &all_dialects {
        let expected = set_then_where.compile(dialect.as_ref()).expect("compiles").sql;
        let got = where_then_set.compile(dialect.as_ref()).expect("compiles").sql;
        assert_eq!(got, expected, "{name}: the condition given first is part of the upsert");
    }
    let outcomes = run_everywhere(&where_then_set, &[], "", &counters_by_page());
    assert_same_rows_everywhere(&outcomes, &[row!["about", 5, None::<&str>], row!["home", 1, "first"]]);
}

#[test]
fn conditional_upsert_of_several_columns_is_unsupported_on_mysql_and_native_elsewhere() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits, counters::note])
        .rows([("home", 0, "lower"), ("about", 9, "higher")])
        .on_conflict([counters::page])
        .do_update_set(counters::hits, excluded(counters::hits))
        .do_update_set(counters::note, excluded(counters::note))
        .do_update_where(excluded(counters::hits).gt(counters::hits));
    for (name, dialect) in [("sqlite", &dialects()[0].1), ("postgres", &dialects()[1].1)] {
        let compiled = stmt.compile(dialect.as_ref()).expect("compiles");
        let expected = if name == "sqlite" {
            "INSERT INTO counters (page, hits, note) VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT (page) \
             DO UPDATE SET hits = excluded.hits, note = excluded.note WHERE excluded.hits > counters.hits"
        } else {
            "INSERT INTO counters (page, hits, note) VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT (page) \
             DO UPDATE SET hits = excluded.hits, note = excluded.note WHERE excluded.hits > counters.hits"
        };
        assert_eq!(compiled.sql, expected, "{name}: SQL differs");
        assert_eq!(
            compiled.params,
            [Value::from("home"), 0.into(), "lower".into(), "about".into(), 9.into(), "higher".into()],
            "{name}"
        );
    }
    assert_unsupported(&stmt, &MySqlDialect::default(), "conditional upsert of several columns");
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "conditional upsert of several columns");
    let outcomes = run_everywhere(&stmt, &["mariadb"], "conditional upsert of several columns", &counters_by_page());
    assert_eq!(outcomes.iter().map(|o| o.engine).collect::<Vec<_>>(), ["sqlite", "postgres"]);
    assert_same_rows_everywhere(&outcomes, &[row!["about", 9, "higher"], row!["home", 1, "first"]]);
}

// ----- conflict targets ----------------------------------------------------------------------

#[test]
fn named_constraint_target_is_native_on_postgres_only() {
    // PostgreSQL names a column's UNIQUE constraint `<table>_<column>_key`.
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .rows([("home", 50), ("contact", 2)])
        .on_conflict_constraint("counters_page_key")
        .do_update_set(counters::hits, excluded(counters::hits));
    let pg = stmt.compile(&sqlcore_postgres::PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(
        pg.sql,
        "INSERT INTO counters (page, hits) VALUES ($1, $2), ($3, $4) \
         ON CONFLICT ON CONSTRAINT counters_page_key DO UPDATE SET hits = excluded.hits"
    );
    assert_eq!(pg.params, [Value::from("home"), 50.into(), "contact".into(), 2.into()]);
    assert_unsupported(&stmt, &sqlcore_sqlite::SqliteDialect::default(), "upsert on a named constraint");
    assert_unsupported(&stmt, &MySqlDialect::default(), "upsert on a named constraint");
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "upsert on a named constraint");
    let outcomes = run_everywhere(&stmt, &["sqlite", "mariadb"], "upsert on a named constraint", &counters_by_page());
    assert_eq!(outcomes.iter().map(|o| o.engine).collect::<Vec<_>>(), ["postgres"]);
    assert_same_rows_everywhere(
        &outcomes,
        &[row!["about", 5, None::<&str>], row!["contact", 2, None::<&str>], row!["home", 50, "first"]],
    );
}

#[test]
fn named_constraint_do_nothing_on_postgres() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("about", 99))
        .on_conflict_constraint("counters_page_key");
    let pg = stmt.compile(&sqlcore_postgres::PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(
        pg.sql,
        "INSERT INTO counters (page, hits) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT counters_page_key DO NOTHING"
    );
    assert_eq!(pg.params, [Value::from("about"), 99.into()]);
    assert_unsupported(&stmt, &sqlcore_sqlite::SqliteDialect::default(), "upsert on a named constraint");
    assert_unsupported(&stmt, &MySqlDialect::default(), "upsert on a named constraint");
    let outcomes = run_everywhere(&stmt, &["sqlite", "mariadb"], "upsert on a named constraint", &counters_by_page());
    assert_same_rows_everywhere(&outcomes, &[row!["about", 5, None::<&str>], row!["home", 1, "first"]]);
    assert_eq!(outcomes[0].affected, 0);
}

#[test]
fn target_that_is_not_the_only_key_the_insert_can_hit_is_unsupported_on_mysql() {
    // The insert gives `id` and `page`: it can collide with the primary key and the unique
    // page. ON CONFLICT (id) handles the first only; ON DUPLICATE KEY UPDATE would fire for both.
    let stmt = insert(counters::table())
        .columns([counters::id, counters::page, counters::hits])
        .row((1, "start", 9))
        .on_conflict([counters::id])
        .do_update_set(counters::page, excluded(counters::page));
    assert_sql_sqlite_and_postgres(
        &stmt,
        "INSERT INTO counters (id, page, hits) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET page = excluded.page",
        "INSERT INTO counters (id, page, hits) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET page = excluded.page",
        &[1.into(), "start".into(), 9.into()],
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "upsert target on MySQL");
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "upsert target on MySQL");
    let check = select((counters::id, counters::page, counters::hits)).order_by(counters::id);
    let outcomes = run_everywhere(&stmt, &["mariadb"], "upsert target on MySQL", &check);
    assert_eq!(outcomes.iter().map(|o| o.engine).collect::<Vec<_>>(), ["sqlite", "postgres"]);
    assert_same_rows_everywhere(&outcomes, &[row![1, "start", 1], row![2, "about", 5]]);
}

#[test]
fn conflict_on_a_key_other_than_the_target_is_an_error_where_on_duplicate_key_would_hide_it() {
    // Row id 2 exists (`about`): ON CONFLICT (page) does not cover the primary key, so
    // PostgreSQL and SQLite report the collision; MySQL's ON DUPLICATE KEY UPDATE would
    // silently update row 2, which is why the MySQL dialect refuses this target.
    let stmt = insert(counters::table())
        .columns([counters::id, counters::page, counters::hits])
        .row((2, "fresh", 1))
        .on_conflict([counters::page]);
    assert_sql_sqlite_and_postgres(
        &stmt,
        "INSERT INTO counters (id, page, hits) VALUES (?, ?, ?) ON CONFLICT (page) DO NOTHING",
        "INSERT INTO counters (id, page, hits) VALUES ($1, $2, $3) ON CONFLICT (page) DO NOTHING",
        &[2.into(), "fresh".into(), 1.into()],
    );
    assert_unsupported(&stmt, &MySqlDialect::default(), "upsert target on MySQL");
    assert_unsupported(&stmt, &MySqlDialect::mariadb(), "upsert target on MySQL");
    let mut ran = Vec::new();
    for (engine, mut conn) in upsert_engines() {
        if engine == "mariadb" {
            continue;
        }
        let err = conn.execute(&stmt).expect_err("the primary key collides");
        assert!(matches!(err, Error::Integrity { .. }), "{engine}: got {err:?}");
        assert_eq!(
            rows(conn.as_mut(), &counters_by_page()),
            vec![row!["about", 5, None::<&str>], row!["home", 1, "first"]],
            "{engine}"
        );
        ran.push(engine);
    }
    assert_eq!(ran, ["sqlite", "postgres"]);
}

#[test]
fn composite_unique_target_in_any_column_order() {
    let stmt = insert(daily_views::table())
        .columns([daily_views::page, daily_views::day, daily_views::views])
        .rows([("home", 2, 5), ("home", 3, 7)])
        .on_conflict([daily_views::day, daily_views::page])
        .do_update_set(daily_views::views, daily_views::views.add(excluded(daily_views::views)));
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO daily_views (page, day, views) VALUES (?, ?, ?), (?, ?, ?) \
                 ON CONFLICT (day, page) DO UPDATE SET views = daily_views.views + excluded.views",
        postgres: "INSERT INTO daily_views (page, day, views) VALUES ($1, $2, $3), ($4, $5, $6) \
                   ON CONFLICT (day, page) DO UPDATE SET views = daily_views.views + excluded.views",
        mysql: "INSERT INTO daily_views (page, day, views) VALUES (?, ?, ?), (?, ?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE views = daily_views.views + excluded.views",
        params: ["home", 2, 5, "home", 3, 7]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO daily_views (page, day, views) VALUES (?, ?, ?), (?, ?, ?) \
         ON DUPLICATE KEY UPDATE views = daily_views.views + VALUES(views)",
        &["home".into(), 2.into(), 5.into(), "home".into(), 3.into(), 7.into()],
    );
    let check = select((daily_views::page, daily_views::day, daily_views::views)).order_by(daily_views::day);
    let outcomes = run_everywhere(&stmt, &[], "", &check);
    assert_same_rows_everywhere(&outcomes, &[row!["home", 1, 10], row!["home", 2, 25], row!["home", 3, 7]]);
    for o in &outcomes {
        assert_eq!(o.affected, expected_affected(o.engine, 1, 1, 0), "{}: rows affected", o.engine);
    }
}

#[test]
fn do_update_set_without_a_target_uses_the_primary_key() {
    let stmt = insert(prefs::table())
        .columns([prefs::name, prefs::choice])
        .rows([("theme", "dark"), ("lang", "en")])
        .do_update_set(prefs::choice, excluded(prefs::choice));
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO prefs (name, choice) VALUES (?, ?), (?, ?) ON CONFLICT (name) DO UPDATE SET choice = excluded.choice",
        postgres: "INSERT INTO prefs (name, choice) VALUES ($1, $2), ($3, $4) ON CONFLICT (name) DO UPDATE SET choice = excluded.choice",
        mysql: "INSERT INTO prefs (name, choice) VALUES (?, ?), (?, ?) AS excluded ON DUPLICATE KEY UPDATE choice = excluded.choice",
        params: ["theme", "dark", "lang", "en"]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO prefs (name, choice) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE choice = VALUES(choice)",
        &["theme".into(), "dark".into(), "lang".into(), "en".into()],
    );
    let check = select((prefs::name, prefs::choice)).order_by(prefs::name);
    let outcomes = run_everywhere(&stmt, &[], "", &check);
    assert_same_rows_everywhere(&outcomes, &[row!["lang", "en"], row!["theme", "dark"]]);
}

#[test]
fn upsert_of_insert_select_rows_on_postgres_and_mariadb() {
    let totals = select((daily_views::page, func::sum(daily_views::views))).group_by([daily_views::page]);
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .select(totals)
        .on_conflict([counters::page])
        .do_update_set(counters::hits, counters::hits.add(excluded(counters::hits)));
    let pg = stmt.compile(&sqlcore_postgres::PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(
        pg.sql,
        "INSERT INTO counters (page, hits) SELECT page, SUM(views) FROM daily_views GROUP BY page \
         ON CONFLICT (page) DO UPDATE SET hits = counters.hits + excluded.hits"
    );
    assert!(pg.params.is_empty());
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits) SELECT page, SUM(views) FROM daily_views GROUP BY page \
         ON DUPLICATE KEY UPDATE hits = counters.hits + VALUES(hits)",
        &[],
    );
    assert_unsupported(&stmt, &sqlcore_sqlite::SqliteDialect::default(), "upsert of INSERT ... SELECT rows");
    assert_unsupported(&stmt, &MySqlDialect::default(), "upsert of INSERT ... SELECT rows");
    let outcomes = run_everywhere(&stmt, &["sqlite"], "upsert of INSERT ... SELECT rows", &counters_by_page());
    assert_eq!(outcomes.iter().map(|o| o.engine).collect::<Vec<_>>(), ["postgres", "mariadb"]);
    assert_same_rows_everywhere(&outcomes, &[row!["about", 5, None::<&str>], row!["home", 31, "first"]]);
}

// ----- errors --------------------------------------------------------------------------------

/// The three dialects and MariaDB's.
fn four_dialects() -> Vec<(&'static str, Box<dyn Dialect>)> {
    let mut all: Vec<(&'static str, Box<dyn Dialect>)> = dialects().into_iter().collect();
    all.push(("mariadb", Box::new(MySqlDialect::mariadb())));
    all
}

#[test]
fn conflict_target_naming_an_unknown_column_is_an_unknown_column_error() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("home", 1))
        .on_conflict(["nope"])
        .do_update_set(counters::hits, excluded(counters::hits));
    for (name, dialect) in four_dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("counters has no column nope");
        assert!(
            matches!(&err, Error::UnknownColumn(e) if e.table == "counters" && e.column == "nope"),
            "{name}: got {err:?}"
        );
    }
}

#[test]
fn do_update_set_of_an_unknown_column_is_an_unknown_column_error() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("home", 1))
        .on_conflict([counters::page])
        .do_update_set(prefs::choice, excluded(prefs::choice));
    for (name, dialect) in four_dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("counters has no column choice");
        assert!(
            matches!(&err, Error::UnknownColumn(e) if e.table == "counters" && e.column == "choice"),
            "{name}: got {err:?}"
        );
    }
}

#[test]
fn empty_conflict_target_is_an_invalid_statement() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .row(("home", 1))
        .on_conflict(Vec::<sqlcore::Ident>::new());
    for (name, dialect) in four_dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("a conflict target needs columns");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}

fn assert_sql_sqlite_and_postgres(stmt: &dyn Compile, sqlite: &str, postgres: &str, params: &[Value]) {
    let compiled = stmt.compile(&sqlcore_sqlite::SqliteDialect::default()).expect("compiles for SQLite");
    assert_eq!(compiled.sql, sqlite, "sqlite: SQL differs");
    assert_eq!(compiled.params, params, "sqlite: parameters differ");
    let compiled = stmt.compile(&sqlcore_postgres::PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(compiled.sql, postgres, "postgres: SQL differs");
    assert_eq!(compiled.params, params, "postgres: parameters differ");
}

#[test]
fn do_update_set_to_a_case_of_the_existing_and_proposed_values() {
    let stmt = insert(counters::table())
        .columns([counters::page, counters::hits])
        .rows([("home", 3), ("about", 2)])
        .on_conflict([counters::page])
        .do_update_set(
            counters::note,
            case().when(excluded(counters::hits).gt(counters::hits), "raised").otherwise(counters::note).end(),
        );
    // PostgreSQL names the type of the bound CASE result (`$5::TEXT`); CASE of TEXT and the
    // VARCHAR note is TEXT, which the assignment turns back into VARCHAR.
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?) ON CONFLICT (page) \
                 DO UPDATE SET note = CASE WHEN excluded.hits > counters.hits THEN ? ELSE counters.note END",
        postgres: "INSERT INTO counters (page, hits) VALUES ($1, $2), ($3, $4) ON CONFLICT (page) \
                   DO UPDATE SET note = CASE WHEN excluded.hits > counters.hits THEN $5::TEXT ELSE counters.note END",
        mysql: "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?) AS excluded \
                ON DUPLICATE KEY UPDATE note = CASE WHEN excluded.hits > counters.hits THEN ? ELSE counters.note END",
        params: ["home", 3, "about", 2, "raised"]
    );
    assert_mariadb_sql(
        &stmt,
        "INSERT INTO counters (page, hits) VALUES (?, ?), (?, ?) \
         ON DUPLICATE KEY UPDATE note = CASE WHEN VALUES(hits) > counters.hits THEN ? ELSE counters.note END",
        &["home".into(), 3.into(), "about".into(), 2.into(), "raised".into()],
    );
    let outcomes = run_everywhere(&stmt, &[], "", &counters_by_page());
    assert_same_rows_everywhere(&outcomes, &[row!["about", 5, None::<&str>], row!["home", 1, "raised"]]);
}
