//! DISTINCT ON: native on PostgreSQL, emulated with ROW_NUMBER() elsewhere; the same rows.

#[macro_use]
mod common;
use common::*;
use sqlcore::prelude::*;

#[test]
fn distinct_on_keeps_the_first_row_of_each_group_on_every_engine() {
    // Each author's cheapest book (ties broken by id).
    let q = select((books::author_id, books::title, books::price_cents))
        .distinct_on([books::author_id])
        .order_by(books::author_id)
        .order_by(books::price_cents.asc())
        .order_by(books::id.asc());
    assert_sql!(
        q,
        sqlite: "SELECT author_id, title, price_cents FROM (SELECT author_id, title, price_cents, id AS sqlcore_o1, \
                 ROW_NUMBER() OVER (PARTITION BY author_id ORDER BY author_id, price_cents ASC, id ASC) AS sqlcore_rn \
                 FROM books) AS anon_1 WHERE sqlcore_rn = 1 ORDER BY author_id, price_cents ASC, sqlcore_o1 ASC",
        postgres: "SELECT DISTINCT ON (author_id) author_id, title, price_cents FROM books \
                   ORDER BY author_id, price_cents ASC, id ASC",
        mysql: "SELECT author_id, title, price_cents FROM (SELECT author_id, title, price_cents, id AS sqlcore_o1, \
                ROW_NUMBER() OVER (PARTITION BY author_id ORDER BY author_id, price_cents ASC, id ASC) AS sqlcore_rn \
                FROM books) AS anon_1 WHERE sqlcore_rn = 1 ORDER BY author_id, price_cents ASC, sqlcore_o1 ASC",
        params: []
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![
            row![1, "A Wizard of Earthsea", 899],
            row![2, "Children of Dune", 999],
            row![3, "100% Pure_Fiction", 500],
            row![4, "Solaris", 1050]
        ]
    );
}

#[test]
fn distinct_on_emulation_refuses_what_it_cannot_name() {
    // An unlabelled expression has no name for the outer query to select.
    let q = select((books::author_id, books::price_cents.add(1)))
        .distinct_on([books::author_id])
        .order_by(books::author_id);
    assert!(q.compile(&sqlcore_postgres::PostgresDialect::default()).is_ok());
    assert_unsupported(&q, &sqlcore_sqlite::SqliteDialect::default(), "DISTINCT ON");
    assert_unsupported(&q, &sqlcore_mysql::MySqlDialect::default(), "DISTINCT ON");
}
