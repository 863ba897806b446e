#[macro_use]
#[allow(clippy::panic)] // the shared helpers in tests/common report failures with panic!
mod common;
use common::*;
use sqlcore::prelude::*;

use sqlcore::compile::CreateTable;
use sqlcore::{FromValue, func};
use sqlcore_sqlite::SqliteConnection;

sqlcore::table! {
    /// One column per Rust type read back.
    pub samples {
        id: Integer => primary_key();
        big: BigInt;
        small: Integer;
        name: Text;
        maybe: Text;
        ratio: Double;
        flag: Boolean;
        data: Blob;
    }
}

sqlcore::table! {
    pub ledger {
        id: Integer => primary_key();
        amount: Integer => not_null(), check(col("amount").gt(0));
        memo: Varchar(40) => unique();
    }
}

fn memory_db() -> SqliteConnection {
    SqliteConnection::open_in_memory().expect("open SQLite in memory")
}

/// A database with `samples` holding one full row (id 1) and one of NULLs (id 2).
fn samples_db() -> SqliteConnection {
    let mut db = memory_db();
    db.execute(&CreateTable::new(samples::table())).expect("create samples");
    db.execute(
        &insert(samples::table())
            .columns([
                samples::id,
                samples::big,
                samples::small,
                samples::name,
                samples::maybe,
                samples::ratio,
                samples::flag,
                samples::data,
            ])
            .row((1, 5_000_000_000i64, 42, "Ada", Some("here"), 0.25, true, vec![1u8, 2, 3]))
            .row((2, None::<i64>, None::<i64>, None::<&str>, None::<&str>, None::<f64>, None::<bool>, None::<Vec<u8>>)),
    )
    .expect("insert samples");
    db
}

fn ledger_db() -> SqliteConnection {
    let mut db = memory_db();
    db.execute(&CreateTable::new(ledger::table())).expect("create ledger");
    db
}

fn ledger_count(db: &mut dyn Connection) -> i64 {
    let value = db.scalar_value(&select([func::count_star()]).from(ledger::table())).expect("count ledger");
    i64::from_value(&value).expect("COUNT(*) is an integer")
}

fn add_entry(amount: i64, memo: &str) -> sqlcore::stmt::Insert {
    insert(ledger::table()).value(ledger::amount, amount).value(ledger::memo, memo)
}

fn book_ids(rows: &[Row]) -> Vec<i64> {
    rows.iter().map(|r| r.get::<i64>("id").expect("id column")).collect()
}

/// Asserts `result` is an [`Error::Integrity`] whose SQL is `sql`.
fn assert_integrity_with_sql<T: std::fmt::Debug>(result: Result<T>, sql: &str) {
    assert!(
        matches!(&result, Err(Error::Integrity(e)) if e.sql.as_deref() == Some(sql) && !e.message.is_empty() && e.code.is_some()),
        "expected Error::Integrity carrying {sql:?}, got {result:?}"
    );
}

// ----- 1. row access ------------------------------------------------------------------------

#[test]
fn row_values_are_read_by_name_and_by_index_into_rust_types() -> Result<()> {
    let mut db = samples_db();
    let q = select([star()]).from(samples::table()).filter(samples::id.eq(1));
    assert_sql!(q, all: "SELECT * FROM samples WHERE id = ?", params: [1]);
    let row = db.one(&q)?;
    assert_eq!(row.columns(), ["id", "big", "small", "name", "maybe", "ratio", "flag", "data"]);
    assert_eq!(row.len(), 8);

    assert_eq!(row.get::<i64>("big")?, 5_000_000_000);
    assert_eq!(row.get::<i64>(1)?, 5_000_000_000);
    assert_eq!(row.get::<i32>("small")?, 42);
    assert_eq!(row.get::<i32>(2)?, 42);
    assert_eq!(row.get::<String>("name")?, "Ada");
    assert_eq!(row.get::<String>(3)?, "Ada");
    assert_eq!(row.get::<Option<String>>("maybe")?, Some("here".to_string()));
    assert_eq!(row.get::<f64>("ratio")?, 0.25);
    assert_eq!(row.get::<f64>(5)?, 0.25);
    assert!(row.get::<bool>("flag")?);
    assert!(row.get::<bool>(6)?);
    assert_eq!(row.get::<Vec<u8>>("data")?, vec![1u8, 2, 3]);
    assert_eq!(row.get::<Vec<u8>>(7)?, vec![1u8, 2, 3]);
    assert_eq!(row.value("name")?, &Value::Text("Ada".into()));

    // The row of NULLs reads as None for every Option.
    let nulls = db.one(&select([star()]).from(samples::table()).filter(samples::id.eq(2)))?;
    assert_eq!(nulls.get::<Option<i64>>("big")?, None);
    assert_eq!(nulls.get::<Option<i32>>("small")?, None);
    assert_eq!(nulls.get::<Option<String>>("name")?, None);
    assert_eq!(nulls.get::<Option<f64>>("ratio")?, None);
    assert_eq!(nulls.get::<Option<bool>>("flag")?, None);
    assert_eq!(nulls.get::<Option<Vec<u8>>>("data")?, None);
    Ok(())
}

#[test]
fn reading_a_value_as_the_wrong_type_is_column_type_naming_the_column() -> Result<()> {
    let mut db = samples_db();
    let row = db.one(&select([star()]).from(samples::table()).filter(samples::id.eq(1)))?;

    let err = row.get::<String>("big").expect_err("an integer is not text");
    assert!(
        matches!(&err, Error::ColumnType(e) if e.column == "big" && (e.expected, e.found) == ("String", "integer")),
        "{err:?}"
    );
    assert!(err.to_string().contains("big"), "{err}");
    // By index the column is still named.
    let err = row.get::<i64>(3).expect_err("text is not an integer");
    assert!(matches!(&err, Error::ColumnType(e) if e.column == "name" && e.found == "text"), "{err:?}");
    assert!(err.to_string().contains("name"), "{err}");
    for result in [
        row.get::<Vec<u8>>("name").map(|_| ()),
        row.get::<bool>("big").map(|_| ()),
        row.get::<f64>("data").map(|_| ()),
        row.get::<i64>("ratio").map(|_| ()),
    ] {
        assert!(matches!(result, Err(Error::ColumnType { .. })), "{result:?}");
    }

    // NULL into a non-Option type.
    let nulls = db.one(&select([star()]).from(samples::table()).filter(samples::id.eq(2)))?;
    let err = nulls.get::<String>("name").expect_err("NULL is not a String");
    assert!(matches!(&err, Error::ColumnType(e) if e.column == "name" && e.found.contains("NULL")), "{err:?}");
    assert!(matches!(nulls.get::<i64>("big"), Err(Error::ColumnType { .. })));
    Ok(())
}

#[test]
fn unknown_column_name_or_index_past_the_end_is_no_such_column() -> Result<()> {
    let mut db = samples_db();
    let row = db.one(&select([samples::id, samples::name]).filter(samples::id.eq(1)))?;
    let err = row.get::<i64>("nope").expect_err("no such name");
    assert!(
        matches!(&err, Error::NoSuchColumn(e) if e.column.contains("nope") && e.available == "id, name"),
        "{err:?}"
    );
    let err = row.get::<i64>(2).expect_err("index past the end");
    assert!(matches!(&err, Error::NoSuchColumn(e) if e.column == "2"), "{err:?}");
    assert!(matches!(row.value(99), Err(Error::NoSuchColumn { .. })));
    // Names are matched exactly.
    assert!(matches!(row.get::<i64>("ID"), Err(Error::NoSuchColumn { .. })));
    Ok(())
}

#[test]
fn integer_too_large_for_the_rust_type_is_an_error() -> Result<()> {
    let mut db = samples_db();
    let row = db.one(&select([samples::big, samples::small]).filter(samples::id.eq(1)))?;
    let err = row.get::<i32>("big").expect_err("5e9 does not fit in i32");
    assert!(
        matches!(&err, Error::ColumnType(e) if e.column == "big" && e.expected == "i32" && e.found.contains("range")),
        "{err:?}"
    );
    assert_eq!(row.get::<i64>("big")?, 5_000_000_000);
    assert_eq!(row.get::<u8>("small")?, 42);
    assert!(matches!(row.get::<i8>("big"), Err(Error::ColumnType { .. })));
    let negative = db.scalar_value(&select([val(-1).label("n")]))?;
    assert_eq!(negative, Value::Int(-1));
    let row = db.one(&select([val(-1).label("n")]))?;
    assert!(matches!(row.get::<u32>("n"), Err(Error::ColumnType { .. })), "-1 is not a u32");
    Ok(())
}

// ----- 2. all / first / one / scalar / execute ------------------------------------------------

#[test]
fn all_and_first_return_rows_in_order_and_first_is_none_without_rows() -> Result<()> {
    let mut db = sqlite();
    let q = select([books::id, books::title]).filter(books::author_id.eq(1)).order_by(books::id);
    assert_sql!(q, all: "SELECT id, title FROM books WHERE author_id = ? ORDER BY id", params: [1]);
    let rows = db.all(&q)?;
    assert_eq!(book_ids(&rows), [1, 2, 3]);
    assert_eq!(rows[0].get::<String>("title")?, "A Wizard of Earthsea");

    let first = db.first(&q)?.expect("a first row");
    assert_eq!(first.get::<i64>("id")?, 1);
    let none = select([books::id]).filter(books::author_id.eq(5));
    assert!(db.first(&none)?.is_none());
    assert!(db.all(&none)?.is_empty());
    Ok(())
}

#[test]
fn one_requires_exactly_one_row() -> Result<()> {
    let mut db = sqlite();
    let row = db.one(&select([authors::name]).filter(authors::id.eq(4)))?;
    assert_eq!(row.get::<String>("name")?, "Stanisław Lem");
    let none = db.one(&select([authors::name]).filter(authors::id.eq(99)));
    assert!(matches!(none, Err(Error::NoRows)), "{none:?}");
    let many = db.one(&select([authors::name]).filter(authors::country.eq("US")));
    assert!(matches!(many, Err(Error::TooManyRows(2))), "{many:?}");
    Ok(())
}

#[test]
fn scalar_reads_the_first_column_of_the_first_row() -> Result<()> {
    let mut db = sqlite();
    let count: i64 = db.scalar(&select([func::count_star()]).from(books::table()))?;
    assert_eq!(count, 8);
    let title: String = db.scalar(&select([books::title]).filter(books::id.eq(4)))?;
    assert_eq!(title, "Dune");
    let total: f64 = db.scalar(&select([func::sum(books::price_cents)]).filter(books::author_id.eq(2)))?;
    assert_eq!(total, 2298.0);
    // No row: NULL, which Option reads as None and a plain type refuses.
    let missing: Option<String> = db.scalar(&select([books::title]).filter(books::id.eq(99)))?;
    assert_eq!(missing, None);
    let refused = db.scalar::<String>(&select([books::title]).filter(books::id.eq(99)));
    assert!(matches!(refused, Err(Error::ColumnType { .. })), "{refused:?}");
    // A NULL in the row.
    let year: Option<i64> = db.scalar(&select([books::year]).filter(books::id.eq(5)))?;
    assert_eq!(year, None);

    assert_eq!(db.scalar_value(&select([books::title]).filter(books::id.eq(7)))?, Value::Text("Solaris".into()));
    assert_eq!(db.scalar_value(&select([books::title]).filter(books::id.eq(99)))?, Value::Null);
    Ok(())
}

#[test]
fn execute_returns_the_number_of_rows_affected() -> Result<()> {
    let mut db = sqlite();
    let raise =
        update(books::table()).set(books::price_cents, books::price_cents.add(100)).filter(books::author_id.eq(1));
    assert_sql!(raise, all: "UPDATE books SET price_cents = price_cents + ? WHERE author_id = ?", params: [100, 1]);
    assert_eq!(db.execute(&raise)?, 3);
    assert_eq!(db.scalar::<i64>(&select([books::price_cents]).filter(books::id.eq(1)))?, 999);
    assert_eq!(db.execute(&update(books::table()).set(books::year, 2000).filter(books::id.eq(99)))?, 0);
    let added = insert(stores::table()).columns([stores::name]).rows([("Harbour",), ("Station",)]);
    assert_eq!(db.execute(&added)?, 2);
    // Deleting book 4 cascades to its two store rows, which do not count.
    assert_eq!(db.execute(&delete(books::table()).filter(books::id.eq(4)))?, 1);
    let left: i64 = db.scalar(&select([func::count_star()]).from(book_to_store_map::table()))?;
    assert_eq!(left, 5);
    Ok(())
}

// ----- 3. transactions ----------------------------------------------------------------------

#[test]
fn committed_transaction_keeps_its_changes() -> Result<()> {
    let mut db = ledger_db();
    let mut tx = db.transaction()?;
    assert_eq!(tx.transaction_depth(), 1);
    tx.execute(&add_entry(10, "a"))?;
    tx.execute(&add_entry(20, "b"))?;
    assert_eq!(ledger_count(&mut tx), 2, "visible inside the transaction");
    tx.commit()?;
    assert_eq!(ledger_count(&mut db), 2);
    assert!(db.rusqlite().is_autocommit(), "no transaction left open");
    Ok(())
}

#[test]
fn rolled_back_transaction_undoes_its_changes() -> Result<()> {
    let mut db = ledger_db();
    db.execute(&add_entry(1, "before"))?;
    let mut tx = db.transaction()?;
    tx.execute(&add_entry(10, "a"))?;
    tx.execute(&update(ledger::table()).set(ledger::amount, 99))?;
    tx.rollback()?;
    assert_eq!(ledger_count(&mut db), 1);
    assert_eq!(db.scalar::<i64>(&select([ledger::amount]))?, 1);
    assert!(db.rusqlite().is_autocommit());
    Ok(())
}

#[test]
fn dropping_a_transaction_without_commit_rolls_it_back() -> Result<()> {
    let mut db = ledger_db();
    {
        let mut tx = db.transaction()?;
        tx.execute(&add_entry(10, "a"))?;
        assert_eq!(ledger_count(&mut tx), 1);
    }
    assert_eq!(ledger_count(&mut db), 0);
    assert!(db.rusqlite().is_autocommit());
    // The connection is usable afterwards.
    db.execute(&add_entry(5, "after"))?;
    assert_eq!(ledger_count(&mut db), 1);
    Ok(())
}

#[test]
fn nested_transaction_rolls_back_to_its_savepoint_while_the_outer_commits() -> Result<()> {
    let mut db = ledger_db();
    let mut outer = db.transaction()?;
    outer.execute(&add_entry(10, "outer"))?;
    {
        let mut inner = outer.transaction()?;
        assert_eq!(inner.transaction_depth(), 2);
        inner.execute(&add_entry(20, "inner"))?;
        assert_eq!(ledger_count(&mut inner), 2);
        inner.rollback()?;
    }
    {
        let mut kept = outer.transaction()?;
        kept.execute(&add_entry(30, "kept"))?;
        kept.commit()?;
    }
    {
        let mut dropped = outer.transaction()?;
        dropped.execute(&add_entry(40, "dropped"))?;
    }
    assert_eq!(ledger_count(&mut outer), 2);
    outer.commit()?;
    let memos: Vec<String> = db
        .all(&select([ledger::memo]).order_by(ledger::id))?
        .iter()
        .map(|r| r.get::<String>(0))
        .collect::<Result<_>>()?;
    assert_eq!(memos, ["outer", "kept"]);
    assert!(db.rusqlite().is_autocommit());
    Ok(())
}

#[test]
fn failed_statement_inside_a_transaction_then_rollback_writes_nothing() -> Result<()> {
    let mut db = ledger_db();
    let mut tx = db.transaction()?;
    tx.execute(&add_entry(10, "a"))?;
    let failed = tx.execute(&add_entry(20, "a"));
    assert!(matches!(failed, Err(Error::Integrity { .. })), "{failed:?}");
    // The transaction is still open and holds the first row.
    assert_eq!(ledger_count(&mut tx), 1);
    tx.rollback()?;
    assert_eq!(ledger_count(&mut db), 0);
    Ok(())
}

// ----- 4. errors ----------------------------------------------------------------------------

#[test]
fn unique_violation_is_integrity_error_carrying_the_sql() -> Result<()> {
    let mut db = sqlite();
    let dup = insert(stores::table()).value(stores::name, "Downtown");
    assert_sql!(dup, all: "INSERT INTO stores (name) VALUES (?)", params: ["Downtown"]);
    assert_integrity_with_sql(db.execute(&dup), "INSERT INTO stores (name) VALUES (?)");
    let pk = insert(authors::table()).value(authors::id, 1).value(authors::name, "Again");
    assert_integrity_with_sql(db.execute(&pk), "INSERT INTO authors (id, name) VALUES (?, ?)");
    Ok(())
}

#[test]
fn not_null_violation_is_integrity_error() -> Result<()> {
    let mut db = sqlite();
    let q = insert(books::table())
        .value(books::title, None::<&str>)
        .value(books::author_id, 1)
        .value(books::price_cents, 100);
    assert_integrity_with_sql(db.execute(&q), "INSERT INTO books (title, author_id, price_cents) VALUES (?, ?, ?)");
    let q = update(authors::table()).set(authors::name, None::<&str>).filter(authors::id.eq(1));
    assert_integrity_with_sql(db.execute(&q), "UPDATE authors SET name = ? WHERE id = ?");
    Ok(())
}

#[test]
fn foreign_keys_are_enforced_and_violations_are_integrity_errors() -> Result<()> {
    let mut db = sqlite();
    let q = insert(books::table())
        .value(books::title, "Orphan")
        .value(books::author_id, 999)
        .value(books::price_cents, 100);
    assert_integrity_with_sql(db.execute(&q), "INSERT INTO books (title, author_id, price_cents) VALUES (?, ?, ?)");
    let q = update(employees::table()).set(employees::manager_id, 42).filter(employees::id.eq(2));
    assert_integrity_with_sql(db.execute(&q), "UPDATE employees SET manager_id = ? WHERE id = ?");
    // ON DELETE CASCADE runs: removing an author removes their books.
    assert_eq!(db.execute(&delete(authors::table()).filter(authors::id.eq(1)))?, 1);
    let left: i64 = db.scalar(&select([func::count_star()]).from(books::table()).filter(books::author_id.eq(1)))?;
    assert_eq!(left, 0);
    // Deleting a manager still referenced (no action) is refused.
    assert_integrity_with_sql(
        db.execute(&delete(employees::table()).filter(employees::id.eq(1))),
        "DELETE FROM employees WHERE id = ?",
    );
    Ok(())
}

#[test]
fn check_violation_is_integrity_error() -> Result<()> {
    let mut db = ledger_db();
    assert_integrity_with_sql(db.execute(&add_entry(0, "zero")), "INSERT INTO ledger (amount, memo) VALUES (?, ?)");
    assert_eq!(ledger_count(&mut db), 0);
    Ok(())
}

#[test]
fn syntax_error_is_database_error() {
    let mut db = memory_db();
    let result = db.execute_raw("SELEC 1");
    assert!(
        matches!(&result, Err(Error::Database(e))
            if e.sql.as_deref() == Some("SELEC 1") && e.message.contains("syntax") && e.kind == DbErrorKind::Syntax),
        "{result:?}"
    );
    // A missing table too.
    let result = db.all(&select([books::id]));
    assert!(
        matches!(&result, Err(Error::Database(e)) if e.message.contains("no such table") && e.kind == DbErrorKind::UndefinedObject),
        "{result:?}"
    );
}

// ----- 5. file database ---------------------------------------------------------------------

/// A temporary path removed when dropped.
struct TempPath(std::path::PathBuf);

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn file_database_keeps_data_across_connections() -> Result<()> {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let path = TempPath(std::env::temp_dir().join(format!("sqlcore-test-{}-{nanos}.sqlite3", std::process::id())));
    {
        let mut db = SqliteConnection::open(&path.0)?;
        db.create_all(&metadata())?;
        seed(&mut db);
        db.execute(&insert(stores::table()).value(stores::name, "Written to disk"))?;
    }
    assert!(path.0.exists());
    {
        let mut db = SqliteConnection::open(&path.0)?;
        let name: String = db.scalar(&select([stores::name]).filter(stores::id.eq(4)))?;
        assert_eq!(name, "Written to disk");
        let books: i64 = db.scalar(&select([func::count_star()]).from(books::table()))?;
        assert_eq!(books, 8);
        // Foreign keys are enforced on the reopened connection too.
        let orphan = insert(books::table())
            .value(books::title, "Orphan")
            .value(books::author_id, 999)
            .value(books::price_cents, 1);
        assert!(matches!(db.execute(&orphan), Err(Error::Integrity { .. })));
        db.drop_all(&metadata())?;
    }
    let path_buf = path.0.clone();
    drop(path);
    assert!(!path_buf.exists(), "the file is removed");
    Ok(())
}

// ----- 6. create_all / drop_all, echo -------------------------------------------------------

fn table_names(db: &SqliteConnection) -> Vec<String> {
    let mut stmt =
        db.rusqlite().prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").expect("prepare");
    stmt.query_map([], |r| r.get::<_, String>(0)).expect("query").collect::<std::result::Result<_, _>>().expect("names")
}

#[test]
fn create_all_and_drop_all_on_the_fixture_metadata() -> Result<()> {
    let md = metadata();
    let created: Vec<String> =
        md.create_all_ddl(&sqlcore_sqlite::SqliteDialect::default())?.into_iter().map(|c| c.sql).collect();
    assert_eq!(
        created,
        [
            "CREATE TABLE authors (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, country VARCHAR(2), PRIMARY KEY (id))",
            "CREATE TABLE books (id INTEGER NOT NULL, title VARCHAR(200) NOT NULL, author_id INTEGER NOT NULL, \
             price_cents INTEGER NOT NULL, year INTEGER, PRIMARY KEY (id), CONSTRAINT fk_books_author_id \
             FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE)",
            "CREATE TABLE stores (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL UNIQUE, PRIMARY KEY (id))",
            "CREATE TABLE book_to_store_map (book_id INTEGER NOT NULL, store_id INTEGER NOT NULL, \
             PRIMARY KEY (book_id, store_id), CONSTRAINT fk_book_to_store_map_book_id FOREIGN KEY (book_id) \
             REFERENCES books (id) ON DELETE CASCADE, CONSTRAINT fk_book_to_store_map_store_id \
             FOREIGN KEY (store_id) REFERENCES stores (id) ON DELETE CASCADE)",
            "CREATE TABLE employees (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, manager_id INTEGER, \
             PRIMARY KEY (id), CONSTRAINT fk_employees_manager_id FOREIGN KEY (manager_id) REFERENCES employees (id))",
        ]
    );

    let mut db = memory_db();
    db.create_all(&md)?;
    assert_eq!(table_names(&db), ["authors", "book_to_store_map", "books", "employees", "stores"]);
    // Creating again fails: the tables exist.
    assert!(matches!(db.create_all_strict(&md), Err(Error::Database { .. })));
    seed(&mut db);
    // Dropping works with every table full and foreign keys enforced.
    db.drop_all(&md)?;
    assert!(table_names(&db).is_empty());
    db.create_all(&md)?;
    assert_eq!(table_names(&db).len(), 5);
    Ok(())
}

#[test]
fn execute_of_ddl_after_an_update_reports_zero_rows_affected() -> Result<()> {
    let mut db = sqlite();
    assert_eq!(db.execute(&update(books::table()).set(books::year, 2001).filter(books::author_id.eq(1)))?, 3);
    // CREATE / DROP change no rows; sqlite3_changes() still holds the UPDATE's count.
    assert_eq!(db.execute(&CreateTable::new(ledger::table()))?, 0);
    assert_eq!(db.execute(&sqlcore::compile::DropTable::new(ledger::table()))?, 0);
    Ok(())
}
