//! The SQLite driver: what only SQLite does. Everything every driver does the same way
//! (rows affected, all / first / one / scalar, transactions and savepoints, integrity and
//! other errors with their kinds and codes, LIMIT binding, reading rows, create_all /
//! drop_all) is in `tests/driver_conformance.rs`, which runs on SQLite too.

#[macro_use]
#[allow(clippy::panic)] // the shared helpers in tests/common report failures with panic!
mod common;
use common::*;
use sqlcore::prelude::*;

use sqlcore::func;
use sqlcore_sqlite::SqliteConnection;

// ----- file database ------------------------------------------------------------------------

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
        let orphaned = db.execute(&orphan);
        assert!(
            matches!(&orphaned, Err(Error::Integrity(e)) if e.kind == DbErrorKind::ForeignKeyViolation),
            "{orphaned:?}"
        );
        db.drop_all(&metadata())?;
    }
    let path_buf = path.0.clone();
    drop(path);
    assert!(!path_buf.exists(), "the file is removed");
    Ok(())
}

// ----- DDL --------------------------------------------------------------------------------

/// The fixture in SQLite's DDL; `tests/driver_conformance.rs` runs it.
#[test]
fn the_fixture_metadata_in_sqlite_ddl() -> Result<()> {
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
    Ok(())
}
