#[macro_use]
mod common;
use common::*;
use sqlcore::prelude::*;

#[test]
fn smoke() {
    let q = select((books::title, books::year)).filter(books::year.gt(1970)).order_by(books::id);
    assert_sql!(q, all: "SELECT title, year FROM books WHERE year > ? ORDER BY id", params: [1970]);
    assert_eq!(rows_on_every_engine(&q), vec![row!["The Dispossessed", 1974], row!["Consider Phlebas", 1987]]);
}
