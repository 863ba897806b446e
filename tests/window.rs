#[macro_use]
mod common;
use common::*;
use sqlcore::expr::{FrameBound, Window};
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlDialect;

// Book prices in the fixture, by id: 1: 899, 2: 1099, 3: 999, 4: 1299, 5: 999, 6: 1199, 7: 1050,
// 8: 500. Authors: 1 wrote books 1-3, 2 wrote 4-5, 3 wrote 6 and 8, 4 wrote 7.

/// The SQL MariaDB gets is the MySQL 8 SQL (window functions and the FILTER emulation are
/// spelled the same there).
fn assert_mariadb_same_as_mysql(stmt: &dyn Compile) {
    let mysql = stmt.compile(&MySqlDialect::default()).expect("compiles for MySQL");
    let mariadb = stmt.compile(&MySqlDialect::mariadb()).expect("compiles for MariaDB");
    assert_eq!(mariadb.sql, mysql.sql, "mariadb: SQL differs from MySQL");
    assert_eq!(mariadb.params, mysql.params, "mariadb: parameters differ from MySQL");
}

// ----- ranking -------------------------------------------------------------------------------

#[test]
fn row_number_numbers_each_authors_books_from_the_dearest() {
    let rn = func::row_number()
        .over(Window::new().partition_by([books::author_id]).order_by(books::price_cents.desc()).order_by(books::id))
        .label("rn");
    let q = select((books::author_id, books::id, rn)).order_by(books::author_id).order_by(col("rn"));
    assert_sql!(
        q,
        all: "SELECT author_id, id, ROW_NUMBER() OVER (PARTITION BY author_id ORDER BY price_cents DESC, id) AS rn \
              FROM books ORDER BY author_id, rn",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, 2, 1],
            row![1, 3, 2],
            row![1, 1, 3],
            row![2, 4, 1],
            row![2, 5, 2],
            row![3, 6, 1],
            row![3, 8, 2],
            row![4, 7, 1],
        ]
    );
}

#[test]
fn rank_and_dense_rank_give_tied_prices_the_same_rank_within_each_partition() {
    // Partitioned into books under 10.00 and the rest; 3 and 5 both cost 999.
    let window = || Window::new().partition_by([books::price_cents.lt(1000)]).order_by(books::price_cents);
    let q = select((
        books::id,
        func::rank().over(window()).label("rnk"),
        func::dense_rank().over(window()).label("dense"),
        func::row_number().over(window().order_by(books::id)).label("rn"),
    ))
    .order_by(books::price_cents)
    .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, RANK() OVER (PARTITION BY price_cents < ? ORDER BY price_cents) AS rnk, \
                 DENSE_RANK() OVER (PARTITION BY price_cents < ? ORDER BY price_cents) AS dense, \
                 ROW_NUMBER() OVER (PARTITION BY price_cents < ? ORDER BY price_cents, id) AS rn \
                 FROM books ORDER BY price_cents, id",
        postgres: "SELECT id, RANK() OVER (PARTITION BY price_cents < $1 ORDER BY price_cents) AS rnk, \
                   DENSE_RANK() OVER (PARTITION BY price_cents < $2 ORDER BY price_cents) AS dense, \
                   ROW_NUMBER() OVER (PARTITION BY price_cents < $3 ORDER BY price_cents, id) AS rn \
                   FROM books ORDER BY price_cents, id",
        mysql: "SELECT id, RANK() OVER (PARTITION BY price_cents < ? ORDER BY price_cents) AS rnk, \
                DENSE_RANK() OVER (PARTITION BY price_cents < ? ORDER BY price_cents) AS dense, \
                ROW_NUMBER() OVER (PARTITION BY price_cents < ? ORDER BY price_cents, id) AS rn \
                FROM books ORDER BY price_cents, id",
        params: [1000, 1000, 1000]
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            // under 10.00: 500, 899, 999, 999
            row![8, 1, 1, 1],
            row![1, 2, 2, 2],
            row![3, 3, 3, 3],
            row![5, 3, 3, 4],
            // the rest: 1050, 1099, 1199, 1299
            row![7, 1, 1, 1],
            row![2, 2, 2, 2],
            row![6, 3, 3, 3],
            row![4, 4, 4, 4],
        ]
    );
}

#[test]
fn rank_skips_after_a_tie_where_dense_rank_does_not() {
    let q = select((
        books::price_cents,
        func::rank().over(Window::new().order_by(books::price_cents)).label("rnk"),
        func::dense_rank().over(Window::new().order_by(books::price_cents)).label("dense"),
    ))
    .filter(books::price_cents.le(1050))
    .order_by(books::price_cents)
    .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT price_cents, RANK() OVER (ORDER BY price_cents) AS rnk, DENSE_RANK() OVER (ORDER BY price_cents) AS dense \
              FROM books WHERE price_cents <= ? ORDER BY price_cents, id",
        params: [1050]
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row![500, 1, 1], row![899, 2, 2], row![999, 3, 3], row![999, 3, 3], row![1050, 5, 4]]
    );
}

#[test]
fn ntile_splits_the_books_into_three_groups_in_id_order() {
    let q =
        select((books::id, func::ntile(3).over(Window::new().order_by(books::id)).label("third"))).order_by(books::id);
    assert_sql!(q, all: "SELECT id, NTILE(3) OVER (ORDER BY id) AS third FROM books ORDER BY id", params: []);
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row![1, 1], row![2, 1], row![3, 1], row![4, 2], row![5, 2], row![6, 2], row![7, 3], row![8, 3],]
    );
}

// ----- LAG / LEAD / FIRST_VALUE / LAST_VALUE ---------------------------------------------------

#[test]
fn lag_and_lead_give_the_previous_and_next_title_by_year() {
    let by_year = || Window::new().order_by(books::year);
    let q = select((
        books::year,
        func::lag(books::title, 1).over(by_year()).label("prev_title"),
        func::lead(books::title, 1).over(by_year()).label("next_title"),
        func::lead(books::year, 2).over(by_year()).label("two_on"),
    ))
    .filter(books::year.is_not_null())
    .order_by(books::year);
    assert_sql!(
        q,
        all: "SELECT year, LAG(title, 1) OVER (ORDER BY year) AS prev_title, LEAD(title, 1) OVER (ORDER BY year) AS next_title, \
              LEAD(year, 2) OVER (ORDER BY year) AS two_on FROM books WHERE year IS NOT NULL ORDER BY year",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1961, None::<&str>, "Dune", 1968],
            row![1965, "Solaris", "A Wizard of Earthsea", 1969],
            row![1968, "Dune", "The Left Hand of Darkness", 1974],
            row![1969, "A Wizard of Earthsea", "The Dispossessed", 1987],
            row![1974, "The Left Hand of Darkness", "Consider Phlebas", None::<i64>],
            row![1987, "The Dispossessed", None::<&str>, None::<i64>],
        ]
    );
}

#[test]
fn lag_within_a_partition_starts_each_author_with_null() {
    let q = select((
        books::id,
        books::price_cents
            .sub(
                func::lag(books::price_cents, 1)
                    .over(Window::new().partition_by([books::author_id]).order_by(books::id)),
            )
            .label("price_change"),
    ))
    .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, price_cents - LAG(price_cents, 1) OVER (PARTITION BY author_id ORDER BY id) AS price_change \
              FROM books ORDER BY id",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, None::<i64>],
            row![2, 200],
            row![3, -100],
            row![4, None::<i64>],
            row![5, -300],
            row![6, None::<i64>],
            row![7, None::<i64>],
            row![8, -699],
        ]
    );
}

#[test]
fn first_value_and_last_value_over_the_whole_partition() {
    let whole = || {
        Window::new()
            .partition_by([books::author_id])
            .order_by(books::price_cents)
            .rows_between(FrameBound::UnboundedPreceding, FrameBound::UnboundedFollowing)
    };
    let q = select((
        books::id,
        func::first_value(books::title).over(whole()).label("cheapest"),
        func::last_value(books::title).over(whole()).label("dearest"),
    ))
    .filter(books::author_id.le(2))
    .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, \
                 FIRST_VALUE(title) OVER (PARTITION BY author_id ORDER BY price_cents ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cheapest, \
                 LAST_VALUE(title) OVER (PARTITION BY author_id ORDER BY price_cents ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS dearest \
                 FROM books WHERE author_id <= ? ORDER BY id",
        postgres: "SELECT id, \
                   FIRST_VALUE(title) OVER (PARTITION BY author_id ORDER BY price_cents ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cheapest, \
                   LAST_VALUE(title) OVER (PARTITION BY author_id ORDER BY price_cents ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS dearest \
                   FROM books WHERE author_id <= $1 ORDER BY id",
        mysql: "SELECT id, \
                FIRST_VALUE(title) OVER (PARTITION BY author_id ORDER BY price_cents ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cheapest, \
                LAST_VALUE(title) OVER (PARTITION BY author_id ORDER BY price_cents ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS dearest \
                FROM books WHERE author_id <= ? ORDER BY id",
        params: [2]
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, "A Wizard of Earthsea", "The Dispossessed"],
            row![2, "A Wizard of Earthsea", "The Dispossessed"],
            row![3, "A Wizard of Earthsea", "The Dispossessed"],
            row![4, "Children of Dune", "Dune"],
            row![5, "Children of Dune", "Dune"],
        ]
    );
}

// ----- frames --------------------------------------------------------------------------------

#[test]
fn running_sum_with_rows_between_unbounded_preceding_and_current_row() {
    let running = func::sum(books::price_cents)
        .over(
            Window::new()
                .partition_by([books::author_id])
                .order_by(books::id)
                .rows_between(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
        )
        .label("running");
    let q = select((books::author_id, books::id, running)).order_by(books::author_id).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT author_id, id, SUM(price_cents) OVER (PARTITION BY author_id ORDER BY id \
              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM books ORDER BY author_id, id",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, 1, 899],
            row![1, 2, 1998],
            row![1, 3, 2997],
            row![2, 4, 1299],
            row![2, 5, 2298],
            row![3, 6, 1199],
            row![3, 8, 1699],
            row![4, 7, 1050],
        ]
    );
}

#[test]
fn moving_sum_of_a_row_and_its_neighbours() {
    let q = select((
        books::id,
        func::sum(books::price_cents)
            .over(Window::new().order_by(books::id).rows_between(FrameBound::Preceding(1), FrameBound::Following(1)))
            .label("around"),
    ))
    .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, SUM(price_cents) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS around \
              FROM books ORDER BY id",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, 899 + 1099],
            row![2, 899 + 1099 + 999],
            row![3, 1099 + 999 + 1299],
            row![4, 999 + 1299 + 999],
            row![5, 1299 + 999 + 1199],
            row![6, 999 + 1199 + 1050],
            row![7, 1199 + 1050 + 500],
            row![8, 1050 + 500],
        ]
    );
}

#[test]
fn range_frame_sums_the_prices_within_100_below_each_price() {
    let q = select((
        books::id,
        func::sum(books::price_cents)
            .over(
                Window::new()
                    .order_by(books::price_cents)
                    .range_between(FrameBound::Preceding(100), FrameBound::CurrentRow),
            )
            .label("near"),
    ))
    .order_by(books::price_cents)
    .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, SUM(price_cents) OVER (ORDER BY price_cents RANGE BETWEEN 100 PRECEDING AND CURRENT ROW) AS near \
              FROM books ORDER BY price_cents, id",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![8, 500],
            row![1, 899],
            // both 999s are peers: each sees the other
            row![3, 899 + 999 + 999],
            row![5, 899 + 999 + 999],
            row![7, 999 + 999 + 1050],
            row![2, 999 + 999 + 1050 + 1099],
            row![6, 1099 + 1199],
            row![4, 1199 + 1299],
        ]
    );
}

#[test]
fn range_frame_takes_in_peers_where_a_rows_frame_stops_at_the_current_row() {
    let frame = |w: Window| w.order_by(books::price_cents);
    let q = select((
        books::id,
        func::sum(books::price_cents)
            .over(frame(Window::new()).range_between(FrameBound::UnboundedPreceding, FrameBound::CurrentRow))
            .label("by_range"),
        func::count_star()
            .over(
                frame(Window::new())
                    .order_by(books::id)
                    .rows_between(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
            )
            .label("by_rows"),
    ))
    .filter(books::price_cents.lt(1050))
    .order_by(books::price_cents)
    .order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, SUM(price_cents) OVER (ORDER BY price_cents RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS by_range, \
              COUNT(*) OVER (ORDER BY price_cents, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS by_rows \
              FROM books WHERE price_cents < ? ORDER BY price_cents, id",
        params: [1050]
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(rows_on_every_engine(&q), vec![row![8, 500, 1], row![1, 1399, 2], row![3, 3397, 3], row![5, 3397, 4]]);
}

#[test]
fn aggregates_over_the_whole_window_repeat_the_total_on_every_row() {
    let q = select((
        books::id,
        func::sum(books::price_cents).over(Window::new()).label("total"),
        func::count_star().over(Window::new()).label("n"),
        func::max(books::price_cents).over(Window::new()).sub(books::price_cents).label("below_top"),
    ))
    .filter(books::author_id.eq(1))
    .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, SUM(price_cents) OVER () AS total, COUNT(*) OVER () AS n, \
                 MAX(price_cents) OVER () - price_cents AS below_top FROM books WHERE author_id = ? ORDER BY id",
        postgres: "SELECT id, SUM(price_cents) OVER () AS total, COUNT(*) OVER () AS n, \
                   MAX(price_cents) OVER () - price_cents AS below_top FROM books WHERE author_id = $1 ORDER BY id",
        mysql: "SELECT id, SUM(price_cents) OVER () AS total, COUNT(*) OVER () AS n, \
                MAX(price_cents) OVER () - price_cents AS below_top FROM books WHERE author_id = ? ORDER BY id",
        params: [1]
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 2997, 3, 200], row![2, 2997, 3, 0], row![3, 2997, 3, 100]]);
}

// ----- FILTER --------------------------------------------------------------------------------

#[test]
fn filter_counts_and_sums_only_matching_rows_per_group() {
    let q = select((
        books::author_id,
        func::count_star().filter_where(books::year.is_null()).label("undated"),
        func::sum(books::price_cents).filter_where(books::price_cents.gt(1000)).label("dear"),
        func::sum(books::price_cents).filter_where(books::price_cents.gt(1200)).label("dearest"),
        func::count(books::year).filter_where(books::price_cents.lt(1000)).label("cheap_dated"),
    ))
    .group_by([books::author_id])
    .order_by(books::author_id);
    assert_sql!(
        q,
        sqlite: "SELECT author_id, COUNT(*) FILTER (WHERE year IS NULL) AS undated, \
                 SUM(price_cents) FILTER (WHERE price_cents > ?) AS dear, \
                 SUM(price_cents) FILTER (WHERE price_cents > ?) AS dearest, \
                 COUNT(year) FILTER (WHERE price_cents < ?) AS cheap_dated \
                 FROM books GROUP BY author_id ORDER BY author_id",
        postgres: "SELECT author_id, COUNT(*) FILTER (WHERE year IS NULL) AS undated, \
                   SUM(price_cents) FILTER (WHERE price_cents > $1) AS dear, \
                   SUM(price_cents) FILTER (WHERE price_cents > $2) AS dearest, \
                   COUNT(year) FILTER (WHERE price_cents < $3) AS cheap_dated \
                   FROM books GROUP BY author_id ORDER BY author_id",
        mysql: "SELECT author_id, COUNT(CASE WHEN year IS NULL THEN 1 END) AS undated, \
                SUM(CASE WHEN price_cents > ? THEN price_cents END) AS dear, \
                SUM(CASE WHEN price_cents > ? THEN price_cents END) AS dearest, \
                COUNT(CASE WHEN price_cents < ? THEN year END) AS cheap_dated \
                FROM books GROUP BY author_id ORDER BY author_id",
        params: [1000, 1200, 1000]
    );
    assert_mariadb_same_as_mysql(&q);
    // The emulation on MariaDB returns the same rows as FILTER on SQLite and PostgreSQL,
    // NULL for a SUM over no rows and 0 for a COUNT included.
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, 0, 1099, None::<i64>, 2],
            row![2, 1, 1299, 1299, 0],
            row![3, 1, 1199, None::<i64>, 0],
            row![4, 0, 1050, None::<i64>, 0],
        ]
    );
}

#[test]
fn filter_without_group_by_aggregates_the_whole_table() {
    let q = select((
        func::count_star().label("all_books"),
        func::count_star().filter_where(books::author_id.in_list([1, 2])).label("by_us_authors"),
        func::sum(books::price_cents).filter_where(books::year.lt(1970)).label("sixties"),
    ));
    assert_sql!(
        q,
        sqlite: "SELECT COUNT(*) AS all_books, COUNT(*) FILTER (WHERE author_id IN (?, ?)) AS by_us_authors, \
                 SUM(price_cents) FILTER (WHERE year < ?) AS sixties FROM books",
        postgres: "SELECT COUNT(*) AS all_books, COUNT(*) FILTER (WHERE author_id IN ($1, $2)) AS by_us_authors, \
                   SUM(price_cents) FILTER (WHERE year < $3) AS sixties FROM books",
        mysql: "SELECT COUNT(*) AS all_books, COUNT(CASE WHEN author_id IN (?, ?) THEN 1 END) AS by_us_authors, \
                SUM(CASE WHEN year < ? THEN price_cents END) AS sixties FROM books",
        params: [1, 2, 1970]
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(rows_on_every_engine(&q), vec![row![8, 5, 1050 + 1299 + 899 + 999]]);
}

#[test]
fn filter_on_an_aggregate_over_a_window_counts_matching_rows_so_far() {
    let q = select((
        books::id,
        func::count_star()
            .filter_where(books::year.is_null())
            .over(Window::new().order_by(books::id))
            .label("undated_so_far"),
    ))
    .order_by(books::id);
    assert_sql!(
        q,
        sqlite: "SELECT id, COUNT(*) FILTER (WHERE year IS NULL) OVER (ORDER BY id) AS undated_so_far FROM books ORDER BY id",
        postgres: "SELECT id, COUNT(*) FILTER (WHERE year IS NULL) OVER (ORDER BY id) AS undated_so_far FROM books ORDER BY id",
        mysql: "SELECT id, COUNT(CASE WHEN year IS NULL THEN 1 END) OVER (ORDER BY id) AS undated_so_far FROM books ORDER BY id",
        params: []
    );
    assert_mariadb_same_as_mysql(&q);
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row![1, 0], row![2, 0], row![3, 0], row![4, 0], row![5, 1], row![6, 1], row![7, 1], row![8, 2],]
    );
}

#[test]
fn filter_on_a_non_aggregate_is_an_invalid_statement_on_every_dialect() {
    let on_window_function = select([func::row_number().filter_where(books::year.is_null())]);
    let on_scalar_function = select([func::lower(books::title).filter_where(books::year.is_null())]);
    let on_column = select([books::title.filter_where(books::year.is_null())]);
    let mut all_dialects: Vec<(&str, Box<dyn Dialect>)> = dialects().into_iter().collect();
    all_dialects.push(("mariadb", Box::new(MySqlDialect::mariadb())));
    for (name, dialect) in &all_dialects {
        for (what, stmt) in [("ROW_NUMBER", &on_window_function), ("LOWER", &on_scalar_function)] {
            let err = stmt.compile(dialect.as_ref()).expect_err("FILTER needs an aggregate");
            assert!(
                matches!(&err, Error::InvalidStatement(m) if m.contains(what)),
                "{name}: {what}: expected InvalidStatement naming {what}, got {err:?}"
            );
        }
        let err = on_column.compile(dialect.as_ref()).expect_err("FILTER needs an aggregate call");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: column: got {err:?}");
    }
    for (name, mut conn) in engines() {
        let err = conn.all(&on_window_function).expect_err("nothing is sent");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}
