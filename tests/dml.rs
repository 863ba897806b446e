#[macro_use]
mod common;
use common::*;
use sqlcore::func;
use sqlcore::prelude::*;

sqlcore::table! {
    /// Labels with a client-side default status.
    pub tags {
        id: Integer => primary_key();
        label: Varchar(50) => not_null();
        status: Varchar(20) => not_null(), default("new");
    }
}

sqlcore::table! {
    /// Every column is generated, nullable or has a server default: a row needs no values.
    pub visits {
        id: Integer => primary_key();
        note: Text;
        hits: Integer => not_null(), server_default(0);
    }
}

/// Runs a query on `conn` and returns its rows as values.
/// The rows of `q`, normalized so engines compare equal (see `normalize`).
fn rows(conn: &mut dyn Connection, q: &dyn Compile) -> Vec<Vec<Value>> {
    conn.all(q).expect("the check query runs").into_iter().map(|r| normalize_row(r.into_values())).collect()
}

/// Creates the local tables of this file on `conn`.
fn create_local_tables(conn: &mut dyn Connection) {
    let md =
        MetaData::new().with(tags::table()).and_then(|md| md.with(visits::table())).expect("distinct local tables");
    conn.create_all(&md).expect("create local tables");
}

// ----- INSERT --------------------------------------------------------------------------------

#[test]
fn insert_one_row_with_value_and_read_it_back() {
    let stmt =
        insert(authors::table()).value(authors::id, 6).value(authors::name, "Ted Chiang").value(authors::country, "US");
    assert_sql!(stmt, all: "INSERT INTO authors (id, name, country) VALUES (?, ?, ?)", params: [6, "Ted Chiang", "US"]);
    for (name, mut conn) in engines() {
        let n = conn.execute(&stmt).expect("insert runs");
        assert_eq!(n, 1, "{name}");
        let q = select((authors::id, authors::name, authors::country)).filter(authors::id.ge(5)).order_by(authors::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![5, "Nobody Yet", None::<&str>], row![6, "Ted Chiang", "US"]],
            "{name}"
        );
    }
}

#[test]
fn insert_of_a_null_value_binds_null() {
    let stmt = insert(authors::table()).value(authors::name, "Anonymous").value(authors::country, None::<&str>);
    assert_sql!(stmt, all: "INSERT INTO authors (name, country) VALUES (?, ?)", params: ["Anonymous", Value::Null]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("insert runs"), 1, "{name}");
        let q = select((authors::name, authors::country)).filter(authors::country.is_null()).order_by(authors::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row!["Nobody Yet", None::<&str>], row!["Anonymous", None::<&str>]],
            "{name}"
        );
    }
}

#[test]
fn insert_without_the_key_gets_an_autoincrement_id() {
    let stmt = insert(stores::table()).value(stores::name, "Harbour");
    assert_sql!(stmt, all: "INSERT INTO stores (name) VALUES (?)", params: ["Harbour"]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("insert runs"), 1, "{name}");
        let q = select([stores::id]).filter(stores::name.eq("Harbour"));
        assert_eq!(rows(conn.as_mut(), &q), vec![row![4]], "{name}: the next id after the fixture's 3");
    }
}

#[test]
fn insert_many_rows_in_one_multi_values_statement() {
    let stmt = insert(stores::table()).columns([stores::id, stores::name]).rows([(4, "Harbour"), (5, "Station")]);
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO stores (id, name) VALUES (?, ?), (?, ?)",
        postgres: "INSERT INTO stores (id, name) VALUES ($1, $2), ($3, $4)",
        mysql: "INSERT INTO stores (id, name) VALUES (?, ?), (?, ?)",
        params: [4, "Harbour", 5, "Station"]
    );
    for (name, mut conn) in engines() {
        let n = conn.execute(&stmt).expect("insert runs");
        assert_eq!(n, 2, "{name}");
        let q = select((stores::id, stores::name)).order_by(stores::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![1, "Downtown"], row![2, "Airport"], row![3, "Online"], row![4, "Harbour"], row![5, "Station"]],
            "{name}"
        );
    }
}

#[test]
fn insert_rows_added_one_by_one_with_row() {
    let stmt = insert(book_to_store_map::table())
        .columns([book_to_store_map::book_id, book_to_store_map::store_id])
        .row((5, 2))
        .row((8, 2))
        .row((3, 3));
    assert_sql!(
        stmt,
        all: "INSERT INTO book_to_store_map (book_id, store_id) VALUES (?, ?), (?, ?), (?, ?)",
        params: [5, 2, 8, 2, 3, 3]
    );
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("insert runs"), 3, "{name}");
        let q = select([book_to_store_map::book_id])
            .filter(book_to_store_map::store_id.eq(2))
            .order_by(book_to_store_map::book_id);
        assert_eq!(rows(conn.as_mut(), &q), vec![row![4], row![5], row![8]], "{name}");
    }
}

#[test]
fn insert_binds_the_client_side_default_of_an_omitted_column() {
    let stmt = insert(tags::table()).value(tags::label, "sci-fi");
    assert_sql!(stmt, all: "INSERT INTO tags (label, status) VALUES (?, ?)", params: ["sci-fi", "new"]);
    for (name, mut conn) in engines() {
        create_local_tables(conn.as_mut());
        assert_eq!(conn.execute(&stmt).expect("insert runs"), 1, "{name}");
        let q = select((tags::id, tags::label, tags::status));
        assert_eq!(rows(conn.as_mut(), &q), vec![row![1, "sci-fi", "new"]], "{name}");
    }
}

#[test]
fn insert_of_a_column_with_a_default_uses_the_given_value() {
    let stmt = insert(tags::table()).value(tags::label, "classic").value(tags::status, "done");
    assert_sql!(stmt, all: "INSERT INTO tags (label, status) VALUES (?, ?)", params: ["classic", "done"]);
    for (name, mut conn) in engines() {
        create_local_tables(conn.as_mut());
        assert_eq!(conn.execute(&stmt).expect("insert runs"), 1, "{name}");
        let q = select((tags::label, tags::status));
        assert_eq!(rows(conn.as_mut(), &q), vec![row!["classic", "done"]], "{name}");
    }
}

#[test]
fn multi_row_insert_binds_the_default_in_every_row() {
    let stmt = insert(tags::table()).columns([tags::label]).rows([["space"], ["time"]]);
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO tags (label, status) VALUES (?, ?), (?, ?)",
        postgres: "INSERT INTO tags (label, status) VALUES ($1, $2), ($3, $4)",
        mysql: "INSERT INTO tags (label, status) VALUES (?, ?), (?, ?)",
        params: ["space", "new", "time", "new"]
    );
    for (name, mut conn) in engines() {
        create_local_tables(conn.as_mut());
        assert_eq!(conn.execute(&stmt).expect("insert runs"), 2, "{name}");
        let q = select((tags::id, tags::label, tags::status)).order_by(tags::id);
        assert_eq!(rows(conn.as_mut(), &q), vec![row![1, "space", "new"], row![2, "time", "new"]], "{name}");
    }
}

#[test]
fn insert_with_no_values_inserts_a_row_of_defaults() {
    let stmt = insert(visits::table());
    assert_sql!(
        stmt,
        sqlite: "INSERT INTO visits DEFAULT VALUES",
        postgres: "INSERT INTO visits DEFAULT VALUES",
        mysql: "INSERT INTO visits () VALUES ()",
        params: []
    );
    for (name, mut conn) in engines() {
        create_local_tables(conn.as_mut());
        assert_eq!(conn.execute(&stmt).expect("first insert runs"), 1, "{name}");
        assert_eq!(conn.execute(&stmt).expect("second insert runs"), 1, "{name}");
        let q = select((visits::id, visits::note, visits::hits)).order_by(visits::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![1, None::<&str>, 0], row![2, None::<&str>, 0]],
            "{name}: autoincrement ids, NULL and the server default"
        );
    }
}

#[test]
fn insert_of_a_row_of_defaults_on_a_fresh_sqlite_connection() {
    let mut conn = sqlite();
    create_local_tables(&mut conn);
    for _ in 0..3 {
        assert_eq!(conn.execute(&insert(visits::table())).expect("insert runs"), 1);
    }
    let q = select((func::count_star(), func::max(visits::id), func::sum(visits::hits)));
    assert_eq!(rows(&mut conn, &q), vec![row![3, 3, 0]]);
}

// ----- INSERT errors -------------------------------------------------------------------------

#[test]
fn insert_of_a_column_the_table_lacks_is_an_unknown_column_error() {
    let stmt = insert(authors::table()).value(authors::name, "X").value(books::title, "Y");
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("authors has no title");
        assert!(
            matches!(&err, Error::UnknownColumn(e) if e.table == "authors" && e.column == "title"),
            "{name}: got {err:?}"
        );
    }
    let by_name = insert(stores::table()).columns(["id", "nope"]).row((9, "x"));
    let err = by_name.compile(&sqlcore_sqlite::SqliteDialect::default()).expect_err("stores has no nope");
    assert!(matches!(&err, Error::UnknownColumn(e) if e.table == "stores" && e.column == "nope"), "got {err:?}");
}

#[test]
fn insert_row_of_the_wrong_width_is_an_invalid_statement() {
    let short = insert(stores::table()).columns([stores::id, stores::name]).row((4, "Harbour")).row((5,));
    let long = insert(stores::table()).columns([stores::id]).row((4, "Harbour"));
    for (name, dialect) in dialects() {
        let err = short.compile(dialect.as_ref()).expect_err("row 2 has one value for two columns");
        assert!(matches!(&err, Error::InvalidStatement(m) if m.contains("row 2")), "{name}: got {err:?}");
        let err = long.compile(dialect.as_ref()).expect_err("two values for one column");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
    for (name, mut conn) in engines() {
        let err = conn.execute(&short).expect_err("nothing is sent");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
        assert_eq!(rows(conn.as_mut(), &select([func::count_star()]).from(stores::table())), vec![row![3]], "{name}");
    }
}

#[test]
fn insert_naming_columns_but_giving_no_rows_is_an_invalid_statement() {
    // Columns without values cannot become `VALUES ()`.
    let stmt = insert(stores::table()).columns([stores::id, stores::name]);
    for (name, dialect) in dialects() {
        let result = stmt.compile(dialect.as_ref()).map(|compiled| compiled.sql);
        assert!(matches!(result, Err(Error::InvalidStatement(_))), "{name}: expected InvalidStatement, got {result:?}");
    }
}

#[test]
fn insert_naming_a_column_twice_is_an_invalid_statement() {
    let stmt = insert(stores::table()).value(stores::id, 9).value(stores::id, 10);
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("id named twice");
        assert!(matches!(&err, Error::InvalidStatement(m) if m.contains("`id`")), "{name}: got {err:?}");
    }
}

#[test]
fn insert_into_an_aliased_table_is_an_invalid_statement() {
    let stmt = insert(stores::table().alias("s")).value(stores::name, "Harbour");
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("INSERT has no alias");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}

#[test]
fn several_rows_of_only_defaults_is_an_invalid_statement() {
    let stmt = insert(visits::table()).row(Vec::<Expr>::new()).row(Vec::<Expr>::new());
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("two rows of defaults need a column");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}

#[test]
fn insert_breaking_a_unique_constraint_is_an_integrity_error() {
    let stmt = insert(stores::table()).value(stores::name, "Online");
    assert_sql!(stmt, all: "INSERT INTO stores (name) VALUES (?)", params: ["Online"]);
    for (name, mut conn) in engines() {
        let err = conn.execute(&stmt).expect_err("store names are unique");
        assert!(matches!(err, Error::Integrity { .. }), "{name}: got {err:?}");
        assert_eq!(rows(conn.as_mut(), &select([func::count_star()]).from(stores::table())), vec![row![3]], "{name}");
    }
}

// ----- UPDATE --------------------------------------------------------------------------------

#[test]
fn update_sets_values_on_the_filtered_row() {
    let stmt = update(authors::table())
        .set(authors::name, "Ursula Le Guin")
        .set(authors::country, None::<&str>)
        .filter(authors::id.eq(1));
    assert_sql!(
        stmt,
        all: "UPDATE authors SET name = ?, country = ? WHERE id = ?",
        params: ["Ursula Le Guin", Value::Null, 1]
    );
    for (name, mut conn) in engines() {
        let n = conn.execute(&stmt).expect("update runs");
        assert_eq!(n, 1, "{name}");
        let q = select((authors::id, authors::name, authors::country)).filter(authors::id.le(2)).order_by(authors::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![1, "Ursula Le Guin", None::<&str>], row![2, "Frank Herbert", "US"]],
            "{name}: only the filtered row changes"
        );
    }
}

#[test]
fn update_sets_an_expression_of_the_old_value() {
    let stmt =
        update(books::table()).set(books::price_cents, books::price_cents.add(100)).filter(books::author_id.eq(2));
    assert_sql!(stmt, all: "UPDATE books SET price_cents = price_cents + ? WHERE author_id = ?", params: [100, 2]);
    for (name, mut conn) in engines() {
        let n = conn.execute(&stmt).expect("update runs");
        assert_eq!(n, 2, "{name}");
        let q = select((books::id, books::price_cents)).filter(books::id.between(3, 6)).order_by(books::id);
        assert_eq!(
            rows(conn.as_mut(), &q),
            vec![row![3, 999], row![4, 1399], row![5, 1099], row![6, 1199]],
            "{name}: Herbert's two books cost 100 more"
        );
    }
}

#[test]
fn update_mixing_values_and_expressions_with_repeated_filters() {
    let stmt = update(books::table())
        .set(books::year, 2000)
        .set(books::price_cents, books::price_cents.mul(2).sub(1))
        .filter(books::year.is_null())
        .filter(books::price_cents.lt(900));
    assert_sql!(
        stmt,
        all: "UPDATE books SET year = ?, price_cents = price_cents * ? - ? WHERE year IS NULL AND price_cents < ?",
        params: [2000, 2, 1, 900]
    );
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("update runs"), 1, "{name}: only book 8 matches");
        let q =
            select((books::id, books::year, books::price_cents)).filter(books::id.in_list([5, 8])).order_by(books::id);
        assert_eq!(rows(conn.as_mut(), &q), vec![row![5, None::<i64>, 999], row![8, 2000, 999]], "{name}");
    }
}

#[test]
fn update_without_filter_changes_every_row() {
    let stmt = update(books::table()).set(books::price_cents, books::price_cents.sub(99));
    assert_sql!(stmt, all: "UPDATE books SET price_cents = price_cents - ?", params: [99]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("update runs"), 8, "{name}");
        let q = select((func::min(books::price_cents), func::sum(books::price_cents)));
        // The fixture prices sum to 8044.
        assert_eq!(rows(conn.as_mut(), &q), vec![row![401, 8044 - 8 * 99]], "{name}");
    }
}

#[test]
fn update_matching_no_row_affects_none() {
    let stmt = update(stores::table()).set(stores::name, "Nowhere").filter(stores::id.gt(100));
    assert_sql!(stmt, all: "UPDATE stores SET name = ? WHERE id > ?", params: ["Nowhere", 100]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("update runs"), 0, "{name}");
        let q = select([stores::name]).order_by(stores::id);
        assert_eq!(rows(conn.as_mut(), &q), vec![row!["Downtown"], row!["Airport"], row!["Online"]], "{name}");
    }
}

#[test]
fn update_without_set_is_an_invalid_statement() {
    let stmt = update(authors::table()).filter(authors::id.eq(1));
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("UPDATE needs SET");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}

#[test]
fn update_of_a_column_the_table_lacks_is_an_unknown_column_error() {
    let stmt = update(authors::table()).set(books::year, 1999).filter(authors::id.eq(1));
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("authors has no year");
        assert!(
            matches!(&err, Error::UnknownColumn(e) if e.table == "authors" && e.column == "year"),
            "{name}: got {err:?}"
        );
    }
}

#[test]
fn update_setting_a_column_twice_is_an_invalid_statement() {
    // PostgreSQL rejects `SET name = $1, name = $2` ("multiple assignments to same column"),
    // as INSERT rejects a column named twice.
    let stmt = update(stores::table()).set(stores::name, "A").set(stores::name, "B").filter(stores::id.eq(1));
    for (name, dialect) in dialects() {
        let result = stmt.compile(dialect.as_ref()).map(|compiled| compiled.sql);
        assert!(matches!(result, Err(Error::InvalidStatement(_))), "{name}: expected InvalidStatement, got {result:?}");
    }
}

// ----- DELETE --------------------------------------------------------------------------------

#[test]
fn delete_with_filter_removes_matching_rows() {
    let stmt = delete(books::table()).filter(books::year.is_null());
    assert_sql!(stmt, all: "DELETE FROM books WHERE year IS NULL", params: []);
    for (name, mut conn) in engines() {
        let n = conn.execute(&stmt).expect("delete runs");
        assert_eq!(n, 2, "{name}");
        let q = select([books::id]).order_by(books::id);
        assert_eq!(rows(conn.as_mut(), &q), vec![row![1], row![2], row![3], row![4], row![6], row![7]], "{name}");
    }
}

#[test]
fn delete_with_repeated_filters_ands_them() {
    let stmt = delete(book_to_store_map::table())
        .filter(book_to_store_map::store_id.eq(3))
        .filter(book_to_store_map::book_id.ne(6));
    assert_sql!(stmt, all: "DELETE FROM book_to_store_map WHERE store_id = ? AND book_id <> ?", params: [3, 6]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("delete runs"), 2, "{name}");
        let q = select([book_to_store_map::book_id])
            .filter(book_to_store_map::store_id.eq(3))
            .order_by(book_to_store_map::book_id);
        assert_eq!(rows(conn.as_mut(), &q), vec![row![6]], "{name}");
    }
}

#[test]
fn delete_without_filter_empties_the_table() {
    let stmt = delete(book_to_store_map::table());
    assert_sql!(stmt, all: "DELETE FROM book_to_store_map", params: []);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("delete runs"), 7, "{name}");
        let q = select([func::count_star()]).from(book_to_store_map::table());
        assert_eq!(rows(conn.as_mut(), &q), vec![row![0]], "{name}");
    }
}

#[test]
fn delete_matching_no_row_affects_none() {
    let stmt = delete(authors::table()).filter(authors::country.eq("FR"));
    assert_sql!(stmt, all: "DELETE FROM authors WHERE country = ?", params: ["FR"]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("delete runs"), 0, "{name}");
        let q = select([func::count_star()]).from(authors::table());
        assert_eq!(rows(conn.as_mut(), &q), vec![row![5]], "{name}");
    }
}

#[test]
fn deleting_an_author_cascades_to_their_books_and_store_listings() {
    let stmt = delete(authors::table()).filter(authors::id.eq(1));
    assert_sql!(stmt, all: "DELETE FROM authors WHERE id = ?", params: [1]);
    for (name, mut conn) in engines() {
        let n = conn.execute(&stmt).expect("delete runs");
        assert_eq!(n, 1, "{name}: the count is of authors deleted");
        let books_left = select([books::id]).order_by(books::id);
        assert_eq!(
            rows(conn.as_mut(), &books_left),
            vec![row![4], row![5], row![6], row![7], row![8]],
            "{name}: Le Guin's books 1-3 are gone"
        );
        let map_left = select((book_to_store_map::book_id, book_to_store_map::store_id))
            .order_by(book_to_store_map::book_id)
            .order_by(book_to_store_map::store_id);
        assert_eq!(
            rows(conn.as_mut(), &map_left),
            vec![row![4, 2], row![4, 3], row![6, 3], row![7, 1]],
            "{name}: the listings of books 1 and 2 are gone"
        );
    }
}

#[test]
fn deleting_a_store_cascades_only_to_its_listings() {
    let stmt = delete(stores::table()).filter(stores::name.eq("Downtown"));
    assert_sql!(stmt, all: "DELETE FROM stores WHERE name = ?", params: ["Downtown"]);
    for (name, mut conn) in engines() {
        assert_eq!(conn.execute(&stmt).expect("delete runs"), 1, "{name}");
        let map_left = select((book_to_store_map::book_id, book_to_store_map::store_id))
            .order_by(book_to_store_map::book_id)
            .order_by(book_to_store_map::store_id);
        assert_eq!(rows(conn.as_mut(), &map_left), vec![row![1, 3], row![4, 2], row![4, 3], row![6, 3]], "{name}");
        let q = select([func::count_star()]).from(books::table());
        assert_eq!(rows(conn.as_mut(), &q), vec![row![8]], "{name}: books stay");
    }
}

#[test]
fn deleting_a_referenced_row_without_cascade_is_an_integrity_error() {
    // employees.manager_id has no ON DELETE action: Ada manages Brian and Cleo.
    let stmt = delete(employees::table()).filter(employees::name.eq("Ada"));
    assert_sql!(stmt, all: "DELETE FROM employees WHERE name = ?", params: ["Ada"]);
    for (name, mut conn) in engines() {
        let err = conn.execute(&stmt).expect_err("Ada is still referenced");
        assert!(matches!(err, Error::Integrity { .. }), "{name}: got {err:?}");
        let q = select([func::count_star()]).from(employees::table());
        assert_eq!(rows(conn.as_mut(), &q), vec![row![4]], "{name}: nothing was deleted");
    }
}

#[test]
fn delete_from_an_aliased_table_is_an_invalid_statement() {
    let stmt = delete(books::table().alias("b")).filter(books::id.eq(1));
    for (name, dialect) in dialects() {
        let err = stmt.compile(dialect.as_ref()).expect_err("DELETE has no alias");
        assert!(matches!(err, Error::InvalidStatement(_)), "{name}: got {err:?}");
    }
}
