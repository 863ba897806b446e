//! Named parameters: one statement, values given when compiling or when executing; expanding
//! IN lists.

#[macro_use]
mod common;
use common::*;
use sqlcore::expr::Params;
use sqlcore::prelude::*;

#[test]
fn a_named_parameter_is_filled_at_execution() -> Result<()> {
    let q = select([books::title]).filter(books::id.eq(bindparam("id")));
    assert_sql!(q, all: "SELECT title FROM books WHERE id = ?", params: [Value::Null]);
    for (name, mut conn) in engines() {
        let compiled = q.compile(conn.dialect())?;
        assert_eq!(compiled.param_names().map(|n| n.as_str()).collect::<Vec<_>>(), ["id"], "{name}");
        for (id, title) in [(4, "Dune"), (7, "Solaris")] {
            let rows = conn.query_compiled(&compiled.with_params(&Params::new().set("id", id))?)?;
            assert_eq!(rows[0].get::<String>(0)?, title, "{name}");
        }
        assert!(matches!(compiled.with_params(&Params::new()), Err(Error::InvalidStatement(_))), "{name}");
        let rows = conn.all_with(&q, &Params::new().set("id", 2))?;
        assert_eq!(rows[0].get::<String>(0)?, "The Dispossessed", "{name}");
    }
    Ok(())
}

#[test]
fn an_expanding_in_parameter_becomes_one_placeholder_per_item() -> Result<()> {
    let q = select([books::id]).filter(books::id.in_param("ids")).order_by(books::id);
    let params = Params::new().set_list("ids", [2, 4, 6]);
    let pg = q.compile_with(&sqlcore_postgres::PostgresDialect::default(), &params)?;
    assert_eq!(pg.sql, "SELECT id FROM books WHERE id IN ($1, $2, $3) ORDER BY id");
    assert_eq!(pg.params, [Value::Int(2), Value::Int(4), Value::Int(6)]);
    let sqlite = q.compile_with(&sqlcore_sqlite::SqliteDialect::default(), &params)?;
    assert_eq!(sqlite.sql, "SELECT id FROM books WHERE id IN (?, ?, ?) ORDER BY id");
    for (name, mut conn) in engines() {
        let ids: Vec<i64> = conn.all_with(&q, &params)?.iter().map(|r| r.get(0)).collect::<Result<_>>()?;
        assert_eq!(ids, [2, 4, 6], "{name}");
        // An empty list means no rows, as IN () would.
        let none = conn.all_with(&q, &Params::new().set_list("ids", Vec::<i64>::new()))?;
        assert!(none.is_empty(), "{name}");
    }
    // Without its list the statement cannot be shaped.
    assert!(matches!(q.compile(&sqlcore_sqlite::SqliteDialect::default()), Err(Error::InvalidStatement(_))));
    Ok(())
}
