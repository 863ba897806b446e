//! # sqlcore
//!
//! A SQL expression toolkit in the spirit of SQLAlchemy Core: a schema model
//! ([`MetaData`](schema::MetaData), [`Table`](schema::Table), [`Column`](schema::Column)),
//! an expression language, and SELECT / INSERT / UPDATE / DELETE statements that compile,
//! per dialect, into SQL text plus bound parameters. There is no object mapping.
//!
//! ```
//! use sqlcore::prelude::*;
//! use sqlcore::func;
//! use sqlcore_postgres::PostgresDialect;
//! use sqlcore_sqlite::{SqliteConnection, SqliteDialect};
//!
//! sqlcore::table! {
//!     pub authors {
//!         id: Integer => primary_key();
//!         name: Varchar(100) => not_null();
//!     }
//! }
//! sqlcore::table! {
//!     pub books {
//!         id: Integer => primary_key();
//!         title: Text => not_null();
//!         author_id: Integer => not_null(), references(authors::id);
//!     }
//! }
//!
//! # fn main() -> sqlcore::Result<()> {
//! // Books per author, for authors with more than one book.
//! let q = select((authors::name, func::count(books::id).label("n")))
//!     .from(authors::table())
//!     .join(books::table())                 // ON inferred from the foreign key
//!     .group_by([authors::name])
//!     .having(func::count(books::id).gt(1))
//!     .order_by(authors::name);
//!
//! let pg = q.compile(&PostgresDialect::default())?;
//! assert_eq!(pg.sql, "SELECT authors.name, COUNT(books.id) AS n FROM authors \
//!     INNER JOIN books ON books.author_id = authors.id GROUP BY authors.name \
//!     HAVING COUNT(books.id) > $1 ORDER BY authors.name");
//! assert_eq!(pg.params, [Value::Int(1)]);
//!
//! // Run it on SQLite.
//! let mut db = SqliteConnection::open_in_memory()?;
//! db.create_all(&MetaData::new().with(authors::table())?.with(books::table())?)?;
//! db.execute(&insert(authors::table()).columns([authors::name]).row(("Ursula",)).row(("Frank",)))?;
//! db.execute(&insert(books::table()).columns([books::title, books::author_id])
//!     .rows([("Earthsea", 1), ("The Dispossessed", 1), ("Dune", 2)]))?;
//! let rows = db.all(&q)?;
//! assert_eq!(rows.len(), 1);
//! assert_eq!(rows[0].get::<String>("name")?, "Ursula");
//! assert_eq!(rows[0].get::<i64>("n")?, 2);
//! # let _ = SqliteDialect::default();
//! # Ok(())
//! # }
//! ```
//!
//! ## Where things are
//!
//! * [`schema`]: tables, columns, types, constraints, indexes, [`table!`].
//! * [`expr`]: expressions and operators ([`ExprExt`](expr::ExprExt)); [`func`] for SQL
//!   functions; [`dsl`] for the free constructors (`select`, `insert`, `and`, `text`, ...).
//! * [`stmt`]: the statements and their builders.
//! * [`compile`]: the compiler, the [`Dialect`](compile::Dialect) trait and its defaults.
//! * [`cache`]: the compiled-statement cache: a statement whose shape was compiled before
//!   reuses its SQL and only collects its parameters (each connection has one).
//! * [`Connection`]: the interface the drivers in `sqlcore-sqlite`, `sqlcore-postgres` and
//!   `sqlcore-mysql` implement; [`asynchronous::AsyncConnection`] is its asynchronous
//!   counterpart (their feature `async`; the pool is core's feature `async-pool`).
//!
//! Every construct on every dialect is native, emulated with the same result, or an
//! [`Error::Unsupported`]; nothing panics and no clause is silently dropped. Values mean the
//! same on every engine too: a result column reads back as the kind of [`Value`] its type
//! says ([`expr::typing`]), decimals stay exact, and arithmetic the engines read differently
//! is refused (`docs/values.md` in the repository has the table per type and engine).

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]

pub mod asynchronous;
pub mod cache;
pub mod compile;
pub mod connect;
pub mod connection;
pub mod diff;
pub mod driver;
pub mod dsl;
pub mod error;
pub mod expr;
pub mod func;
mod ident;
pub mod prelude;
pub mod reflect;
mod row;
pub mod schema;
pub mod stmt;
mod stream;
mod value;

pub use compile::{Compile, Compiled, Dialect};
pub use connection::{Connection, Logged, Transaction};
pub use error::{DatabaseError, DbErrorKind, Error, Result};
pub use func::func;
pub use ident::{Ident, IdentMap, NameHasher};
pub use row::{FromValue, Row, RowIndex};
pub use stream::RowStream;
pub use value::{Date, Decimal, DecimalError, TemporalError, Text, Time, Timestamp, Value};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The schema-changes guide's examples, compiled and run as doctests.
#[doc = include_str!("../docs/schema-changes.md")]
#[cfg(doctest)]
pub struct SchemaChangesGuideDoctests;
