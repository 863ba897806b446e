#[macro_use]
mod common;
use common::*;
use sqlcore::prelude::*;
use sqlcore::stmt::Select;
use sqlcore_mysql::{Flavor, MySqlDialect};
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

/// Asserts the SQL and parameters on PostgreSQL and MySQL 8, for constructs that SQLite cannot
/// express (the tests check its `Unsupported` error separately).
fn assert_sql_postgres_and_mysql(stmt: &dyn Compile, postgres: &str, mysql: &str, params: &[Value]) {
    let pg = stmt.compile(&PostgresDialect::default()).expect("compiles for PostgreSQL");
    assert_eq!(pg.sql, postgres, "postgres: SQL differs");
    assert_eq!(pg.params, params, "postgres: parameters differ");
    let my = stmt.compile(&MySqlDialect::default()).expect("compiles for MySQL 8");
    assert_eq!(my.sql, mysql, "mysql: SQL differs");
    assert_eq!(my.params, params, "mysql: parameters differ");
}

/// Authors with a book before 1966: {2, 4}.
fn early() -> Select {
    select([books::author_id]).filter(books::year.lt(1966))
}

/// US authors: {1, 2}.
fn american() -> Select {
    select([authors::id]).filter(authors::country.eq("US"))
}

/// British and Polish authors: {3, 4}.
fn european() -> Select {
    select([authors::id]).filter(authors::country.in_list(["GB", "PL"]))
}

// ----- the four operators ------------------------------------------------------------------

#[test]
fn union_removes_duplicates() {
    let q = early().union(american()).order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT author_id FROM books WHERE year < ? UNION SELECT id FROM authors WHERE country = ? ORDER BY author_id",
        params: [1966, "US"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![4]]);
}

#[test]
fn union_all_keeps_duplicates() {
    let q = early().union_all(american()).order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT author_id FROM books WHERE year < ? UNION ALL SELECT id FROM authors WHERE country = ? \
              ORDER BY author_id",
        params: [1966, "US"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![2], row![4]]);
}

#[test]
fn intersect_keeps_rows_on_both_sides() {
    let q = early().intersect(american()).order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT author_id FROM books WHERE year < ? INTERSECT SELECT id FROM authors WHERE country = ? \
              ORDER BY author_id",
        params: [1966, "US"]
    );
    // INTERSECT arrived in MySQL 8.0.31 and MariaDB 10.3.
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MySql, 8, 0, 30), "INTERSECT");
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MariaDb, 10, 2, 0), "INTERSECT");
    assert_eq!(rows_on_every_engine(&q), vec![row![2]]);
}

#[test]
fn except_keeps_rows_only_on_the_left() {
    let q = early().except(american()).order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT author_id FROM books WHERE year < ? EXCEPT SELECT id FROM authors WHERE country = ? \
              ORDER BY author_id",
        params: [1966, "US"]
    );
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MySql, 8, 0, 30), "EXCEPT");
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MariaDb, 10, 2, 0), "EXCEPT");
    assert_eq!(rows_on_every_engine(&q), vec![row![4]]);
}

#[test]
fn intersect_all_keeps_the_smaller_count_of_each_row() {
    // Author ids of all books (1,1,1,2,2,3,3,4) and of dated books (1,1,1,2,3,4).
    let q = select([books::author_id])
        .intersect_all(select([books::author_id]).filter(books::year.is_not_null()))
        .order_by(books::author_id);
    let sql = "SELECT author_id FROM books INTERSECT ALL SELECT author_id FROM books WHERE year IS NOT NULL \
               ORDER BY author_id";
    assert_sql_postgres_and_mysql(&q, sql, sql, &[]);
    assert_unsupported(&q, &SqliteDialect::default(), "INTERSECT ALL");
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MariaDb, 10, 4, 0), "INTERSECT ALL");
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MySql, 8, 0, 30), "INTERSECT ALL");
    // Runs on PostgreSQL and MariaDB.
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![1], row![1], row![2], row![3], row![4]]);
}

#[test]
fn except_all_subtracts_counts() {
    let q = select([books::author_id])
        .except_all(select([books::author_id]).filter(books::year.is_not_null()))
        .order_by(books::author_id);
    let sql = "SELECT author_id FROM books EXCEPT ALL SELECT author_id FROM books WHERE year IS NOT NULL \
               ORDER BY author_id";
    assert_sql_postgres_and_mysql(&q, sql, sql, &[]);
    assert_unsupported(&q, &SqliteDialect::default(), "EXCEPT ALL");
    assert_unsupported(&q, &MySqlDialect::with_version(Flavor::MariaDb, 10, 4, 0), "EXCEPT ALL");
    // Runs on PostgreSQL and MariaDB.
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![3]]);
}

// ----- nesting -------------------------------------------------------------------------------

#[test]
fn union_then_intersect_applies_the_union_first() {
    // ({1, 2} ∪ {2, 4}) ∩ {3, 4} = {4}; written flat, some engines would intersect first.
    let q = american().union(early()).intersect(european()).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT * FROM (SELECT id FROM authors WHERE country = ? UNION SELECT author_id FROM books WHERE year < ?) \
              AS anon_1 INTERSECT SELECT id FROM authors WHERE country IN (?, ?) ORDER BY id",
        params: ["US", 1966, "GB", "PL"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![4]]);
}

#[test]
fn union_of_an_intersect_applies_the_intersect_first() {
    // {1, 2} ∪ ({2, 4} ∩ {3, 4}) = {1, 2, 4}
    let q = american().union(early().intersect(european())).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT id FROM authors WHERE country = ? UNION SELECT * FROM \
              (SELECT author_id FROM books WHERE year < ? INTERSECT SELECT id FROM authors WHERE country IN (?, ?)) \
              AS anon_1 ORDER BY id",
        params: ["US", 1966, "GB", "PL"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![4]]);
}

#[test]
fn except_of_a_union_subtracts_the_whole_union() {
    // {1..5} − ({1, 2} ∪ {2, 4}) = {3, 5}; read left to right it would be {2, 3, 4, 5}.
    let q = select([authors::id]).except(american().union(early())).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT id FROM authors EXCEPT SELECT * FROM \
              (SELECT id FROM authors WHERE country = ? UNION SELECT author_id FROM books WHERE year < ?) AS anon_1 \
              ORDER BY id",
        params: ["US", 1966]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![3], row![5]]);
}

#[test]
fn except_then_union_subtracts_first() {
    // ({1..5} − {1, 2}) ∪ {2, 4} = {2, 3, 4, 5}
    let q = select([authors::id]).except(american()).union(early()).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT * FROM (SELECT id FROM authors EXCEPT SELECT id FROM authors WHERE country = ?) AS anon_1 \
              UNION SELECT author_id FROM books WHERE year < ? ORDER BY id",
        params: ["US", 1966]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![3], row![4], row![5]]);
}

#[test]
fn leading_union_chain_is_written_flat() {
    let q = american().union(early()).union_all(european()).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT id FROM authors WHERE country = ? UNION SELECT author_id FROM books WHERE year < ? \
              UNION ALL SELECT id FROM authors WHERE country IN (?, ?) ORDER BY id",
        params: ["US", 1966, "GB", "PL"]
    );
    // ({1, 2} ∪ {2, 4}) ∪all {3, 4}
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3], row![4], row![4]]);
}

// ----- ORDER BY / LIMIT ----------------------------------------------------------------------

#[test]
fn order_by_limit_and_offset_apply_to_the_whole() {
    let q = american().union(early()).union(european()).order_by(col("id").desc()).limit(2).offset(1);
    assert_sql!(
        q,
        all: "SELECT id FROM authors WHERE country = ? UNION SELECT author_id FROM books WHERE year < ? \
              UNION SELECT id FROM authors WHERE country IN (?, ?) ORDER BY id DESC LIMIT ? OFFSET ?",
        params: ["US", 1966, "GB", "PL", 2, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![3], row![2]]);
}

#[test]
fn offset_without_limit_on_the_whole() {
    let q = american().union(european()).order_by(col("id")).offset(2);
    assert_sql!(
        q,
        sqlite: "SELECT id FROM authors WHERE country = ? UNION SELECT id FROM authors WHERE country IN (?, ?) \
                 ORDER BY id LIMIT -1 OFFSET ?",
        postgres: "SELECT id FROM authors WHERE country = $1 UNION SELECT id FROM authors WHERE country IN ($2, $3) \
                   ORDER BY id OFFSET $4",
        mysql: "SELECT id FROM authors WHERE country = ? UNION SELECT id FROM authors WHERE country IN (?, ?) \
                ORDER BY id LIMIT 18446744073709551615 OFFSET ?",
        params: ["US", "GB", "PL", 2]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![3], row![4]]);
}

#[test]
fn order_by_and_limit_of_an_operand_stay_on_the_operand() {
    // The two dearest books' authors {2, 3}, and the Polish author {4}.
    let dearest = select([books::author_id]).order_by(books::price_cents.desc()).limit(2);
    let q = dearest.union(select([authors::id]).filter(authors::country.eq("PL"))).order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT * FROM (SELECT author_id FROM books ORDER BY price_cents DESC LIMIT ?) AS anon_1 \
              UNION SELECT id FROM authors WHERE country = ? ORDER BY author_id",
        params: [2, "PL"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![3], row![4]]);
}

#[test]
fn right_operand_with_limit_stays_an_operand() {
    // {1, 2} ∪ the cheapest book's author {3}; a LIMIT leaking onto the whole would cut it.
    let cheapest = select([books::author_id]).order_by(books::price_cents).limit(1);
    let q = american().union(cheapest).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT id FROM authors WHERE country = ? UNION \
              SELECT * FROM (SELECT author_id FROM books ORDER BY price_cents LIMIT ?) AS anon_1 ORDER BY id",
        params: ["US", 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3]]);
}

#[test]
fn two_limited_operands_get_distinct_aliases() {
    let dearest = select([books::author_id]).order_by(books::price_cents.desc()).limit(1);
    let cheapest = select([books::author_id]).order_by(books::price_cents).limit(1);
    let q = dearest.union(cheapest).order_by(books::author_id);
    assert_sql!(
        q,
        all: "SELECT * FROM (SELECT author_id FROM books ORDER BY price_cents DESC LIMIT ?) AS anon_1 \
              UNION SELECT * FROM (SELECT author_id FROM books ORDER BY price_cents LIMIT ?) AS anon_2 \
              ORDER BY author_id",
        params: [1, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![2], row![3]]);
}

#[test]
fn limited_set_operation_as_an_operand_keeps_its_limit() {
    // (the first two of {1, 2, 4} by id) ∪ {3} = {1, 2, 3}
    let first_two = american().union(early()).order_by(col("id")).limit(2);
    let q = first_two.union(select([authors::id]).filter(authors::country.eq("GB"))).order_by(col("id"));
    assert_sql!(
        q,
        all: "SELECT * FROM (SELECT id FROM authors WHERE country = ? UNION SELECT author_id FROM books WHERE year < ? \
              ORDER BY id LIMIT ?) AS anon_1 UNION SELECT id FROM authors WHERE country = ? ORDER BY id",
        params: ["US", 1966, 2, "GB"]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1], row![2], row![3]]);
}

// ----- set operations inside other queries ---------------------------------------------------

#[test]
fn set_operation_as_an_in_subquery() {
    let cheap = select([books::author_id]).filter(books::price_cents.lt(600));
    let q = select([authors::name]).filter(authors::id.in_query(early().union(cheap))).order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE id IN \
              (SELECT author_id FROM books WHERE year < ? UNION SELECT author_id FROM books WHERE price_cents < ?) \
              ORDER BY id",
        params: [1966, 600]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Frank Herbert"], row!["Iain Banks"], row!["Stanisław Lem"]]);
}

#[test]
fn intersect_as_a_not_in_subquery() {
    // Not among the authors with a book above 10.00 and a book before 1970: {1, 2, 4}.
    let inner = select([books::author_id])
        .filter(books::price_cents.gt(1000))
        .intersect(select([books::author_id]).filter(books::year.lt(1970)));
    let q = select([authors::name]).filter(authors::id.not_in_query(inner)).order_by(authors::id);
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE id NOT IN \
              (SELECT author_id FROM books WHERE price_cents > ? INTERSECT SELECT author_id FROM books WHERE year < ?) \
              ORDER BY id",
        params: [1000, 1970]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Iain Banks"], row!["Nobody Yet"]]);
}

#[test]
fn set_operation_as_a_derived_table() -> Result<()> {
    let u = early().union(american()).alias("u");
    let q = select((u.c("author_id")?, authors::name))
        .from(u.clone())
        .join_on(authors::table(), authors::id.eq(u.c("author_id")?))
        .order_by(authors::name);
    assert_sql!(
        q,
        all: "SELECT u.author_id, authors.name FROM \
              (SELECT author_id FROM books WHERE year < ? UNION SELECT id FROM authors WHERE country = ?) AS u \
              INNER JOIN authors ON authors.id = u.author_id ORDER BY authors.name",
        params: [1966, "US"]
    );
    assert_eq!(
        rows_on_every_engine(&q),
        vec![row![2, "Frank Herbert"], row![4, "Stanisław Lem"], row![1, "Ursula K. Le Guin"]]
    );
    Ok(())
}

#[test]
fn set_operation_as_a_derived_table_names_its_unlabelled_columns() -> Result<()> {
    // The derived table calls the unlabelled column `column1`; the SQL must name it so (on
    // the first operand, which names the columns of a set operation).
    let u = select([books::price_cents.mul(2)]).filter(books::id.eq(1)).union(select([lit(0)])).alias("u");
    let q = select([u.c("column1")?]).from(u.clone()).order_by(u.c("column1")?);
    assert_sql!(
        q,
        all: "SELECT u.column1 FROM (SELECT price_cents * ? AS column1 FROM books WHERE id = ? UNION SELECT 0) AS u \
              ORDER BY u.column1",
        params: [2, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![0], row![1798]]);
    Ok(())
}

#[test]
fn set_operation_as_a_scalar_subquery() {
    // The greatest of the early authors' ids {2, 4} and the cheap ones {3}, as one value.
    let cheap = select([books::author_id]).filter(books::price_cents.lt(600));
    let greatest = early().union(cheap).order_by(col("author_id").desc()).limit(1).scalar();
    let q = select([authors::name]).filter(authors::id.eq(greatest));
    assert_sql!(
        q,
        all: "SELECT name FROM authors WHERE id = (SELECT author_id FROM books WHERE year < ? UNION \
              SELECT author_id FROM books WHERE price_cents < ? ORDER BY author_id DESC LIMIT ?)",
        params: [1966, 600, 1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row!["Stanisław Lem"]]);
}
