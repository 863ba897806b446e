//! Reflection on SQLite: the shared round trip (`tests/common/reflection.rs`).

#[macro_use]
mod common;

#[test]
fn the_schema_reflects_back_as_it_was_made_and_create_all_is_idempotent() {
    let mut db = sqlcore_sqlite::SqliteConnection::open_in_memory().expect("open SQLite");
    common::reflection::round_trip(&mut db);
}
