//! The classic bookstore tutorial: authors write books (one to many); stores sell books
//! (many to many through `book_to_store_map`).
//!
//! ```text
//! cargo run --example bookstore              # SQLite, in memory
//! cargo run --example bookstore -- --echo    # also log every statement (debug level)
//! cargo run --example bookstore -- --url sqlite:///tmp/books.db
//! cargo run --example bookstore -- --url postgres://postgres@127.0.0.1:5432/test
//! cargo run --example bookstore -- --url mysql://root@127.0.0.1:3306/test
//! ```
//!
//! On a server the example drops and recreates its four tables (authors, books, stores,
//! book_to_store_map) in the database the URL names.
//!
//! Each step prints the statement as compiled for the connection's dialect (with its
//! parameters) and the rows it returns.

use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlConnection;
use sqlcore_postgres::PostgresConnection;
use sqlcore_sqlite::SqliteConnection;

sqlcore::table! {
    /// People who write books.
    pub authors {
        id: Integer => primary_key();
        first_name: Varchar(100) => not_null();
        last_name: Varchar(100) => not_null();
    }
}

sqlcore::table! {
    /// Books; each has one author.
    pub books {
        id: Integer => primary_key();
        title: Varchar(200) => not_null();
        year: Integer;
        price_cents: Integer => not_null(), check(books::price_cents.ge(0));
        author_id: Integer => not_null(), references(authors::id), on_delete(Cascade);
    }
    |t| t.index("books_author_id", [author_id])
}

sqlcore::table! {
    /// Shops that sell books.
    pub stores {
        id: Integer => primary_key();
        name: Varchar(100) => not_null(), unique();
    }
}

sqlcore::table! {
    /// Which store sells which book.
    pub book_to_store_map {
        book_id: Integer => not_null(), references(books::id), on_delete(Cascade);
        store_id: Integer => not_null(), references(stores::id), on_delete(Cascade);
    }
    |t| t.primary_key([book_id, store_id])
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--echo") {
        env_logger::Builder::new().filter_level(log::LevelFilter::Debug).init();
    }
    let url = args.iter().position(|a| a == "--url").and_then(|i| args.get(i + 1)).map(String::as_str);
    let mut db: Box<dyn Connection> = match url {
        None | Some("sqlite::memory:") => Box::new(SqliteConnection::open_in_memory()?),
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Box::new(PostgresConnection::connect(url)?)
        }
        Some(url) if url.starts_with("mysql://") || url.starts_with("mariadb://") => {
            Box::new(MySqlConnection::connect(&url.replacen("mariadb://", "mysql://", 1))?)
        }
        Some(url) => match url.strip_prefix("sqlite://") {
            Some(path) => Box::new(SqliteConnection::open(path)?),
            None => {
                return Err(Error::invalid_statement(format!(
                    "unsupported URL {url:?}: use sqlite://PATH, postgres://... or mysql://..."
                )));
            }
        },
    };
    let db: &mut dyn Connection = db.as_mut();
    println!("-- dialect: {}\n", db.dialect().describe());

    let metadata = MetaData::new()
        .with(authors::table())?
        .with(books::table())?
        .with(stores::table())?
        .with(book_to_store_map::table())?;
    db.drop_all(&metadata).ok(); // a file database from an earlier run
    println!("== create_all");
    for ddl in metadata.create_all_ddl(db.dialect())? {
        println!("{}", ddl.sql);
    }
    db.create_all(&metadata)?;

    step(
        db,
        "insert authors (one statement, many rows)",
        &insert(authors::table()).columns([authors::first_name, authors::last_name]).rows([
            ("Ursula", "Le Guin"),
            ("Frank", "Herbert"),
            ("Iain", "Banks"),
            ("Stanisław", "Lem"),
        ]),
    )?;
    step(
        db,
        "insert books",
        &insert(books::table()).columns([books::title, books::year, books::price_cents, books::author_id]).rows([
            ("A Wizard of Earthsea", Some(1968), 899, 1),
            ("The Dispossessed", Some(1974), 1099, 1),
            ("The Left Hand of Darkness", Some(1969), 999, 1),
            ("Dune", Some(1965), 1299, 2),
            ("Children of Dune", None, 999, 2),
            ("Consider Phlebas", Some(1987), 1199, 3),
            ("Solaris", Some(1961), 1050, 4),
        ]),
    )?;
    step(
        db,
        "insert stores",
        &insert(stores::table()).columns([stores::name]).rows([("Downtown",), ("Airport",), ("Online",)]),
    )?;
    step(
        db,
        "insert the book-store mapping",
        &insert(book_to_store_map::table()).columns([book_to_store_map::book_id, book_to_store_map::store_id]).rows([
            (1, 1),
            (1, 3),
            (2, 1),
            (4, 2),
            (4, 3),
            (6, 3),
            (7, 1),
            (7, 3),
        ]),
    )?;

    query(
        db,
        "one to many: each book with its author (join inferred from the foreign key)",
        &select((authors::last_name, books::title))
            .from(authors::table())
            .join(books::table())
            .order_by(authors::last_name)
            .order_by(books::title),
    )?;

    query(
        db,
        "many to many: which stores sell which books",
        &select((books::title, stores::name.label("store")))
            .from(books::table())
            .join(book_to_store_map::table())
            .join(stores::table())
            .order_by(stores::name)
            .order_by(books::title),
    )?;

    let n_books = func::count(books::id);
    query(
        db,
        "books per author, authors with more than one book (GROUP BY / HAVING)",
        &select((authors::last_name, n_books.clone().label("books")))
            .from(authors::table())
            .join(books::table())
            .group_by([authors::id, authors::last_name])
            .having(n_books.gt(1))
            .order_by(func::count(books::id).desc()),
    )?;

    query(
        db,
        "LIKE filter: titles containing \"Dune\"",
        &select((books::title, books::year)).filter(books::title.contains("Dune")).order_by(books::id),
    )?;

    let page = |n: i64| {
        select((books::title, books::price_cents))
            .order_by(books::price_cents.desc())
            .order_by(books::id)
            .limit(3)
            .offset(3 * n)
    };
    query(db, "pagination: most expensive first, page 1 (LIMIT / OFFSET)", &page(0))?;
    query(db, "pagination: page 2", &page(1))?;

    step(
        db,
        "update: 10% off everything by Herbert",
        &update(books::table())
            .set(books::price_cents, books::price_cents.mul(9).div(10))
            .filter(books::author_id.in_list([2])),
    )?;
    query(
        db,
        "prices after the update",
        &select((books::title, books::price_cents)).filter(books::author_id.eq(2)).order_by(books::id),
    )?;

    step(
        db,
        "delete: Le Guin (her books and their store listings cascade)",
        &delete(authors::table()).filter(authors::last_name.eq("Le Guin")),
    )?;
    query(
        db,
        "books left, with their years (NULLs last)",
        &select((books::title, books::year)).order_by(books::year.asc().nulls_last()),
    )?;
    let listings: i64 = {
        let row = db.one(&select([func::count_star()]).from(book_to_store_map::table()))?;
        row.get(0)?
    };
    println!("store listings left: {listings}");
    Ok(())
}

/// Runs a statement that returns no rows and prints it with the number of rows affected.
fn step(db: &mut dyn Connection, title: &str, stmt: &dyn Compile) -> Result<()> {
    let compiled = stmt.compile(db.dialect())?;
    println!("\n== {title}\n{compiled}");
    let n = db.execute_compiled(&compiled)?;
    println!("-> {n} row(s) affected");
    Ok(())
}

/// Runs a query and prints it with its rows.
fn query(db: &mut dyn Connection, title: &str, stmt: &dyn Compile) -> Result<()> {
    let compiled = stmt.compile(db.dialect())?;
    println!("\n== {title}\n{compiled}");
    let rows = db.query_compiled(&compiled)?;
    if let Some(first) = rows.first() {
        println!("   {}", first.columns().join(" | "));
    }
    for row in &rows {
        let cells: Vec<String> = row.values().iter().map(ToString::to_string).collect();
        println!("   {}", cells.join(" | "));
    }
    println!("-> {} row(s)", rows.len());
    Ok(())
}
