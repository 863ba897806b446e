//! What the reflection tests share: a schema that uses every part of the model, and the
//! summary of a table a reflected table and its model are compared by (the documented
//! normalisation, in `props/src/reflection.rs`, shared with the random-schema property).

#![allow(dead_code)]

use sqlcore::prelude::*;
use sqlcore::schema::{FkAction, ForeignKey, Index};
pub use sqlcore_props::reflection::{default_text, summaries, summary};

/// Every one of sqlcore's 16 types, one column each, nullable.
pub fn all_types() -> Table {
    let types = [
        ("c_smallint", SqlType::SmallInt),
        ("c_integer", SqlType::Integer),
        ("c_bigint", SqlType::BigInt),
        ("c_real", SqlType::Real),
        ("c_double", SqlType::Double),
        ("c_numeric", SqlType::Numeric(12, 3)),
        ("c_text", SqlType::Text),
        ("c_varchar", SqlType::Varchar(80)),
        ("c_char", SqlType::Char(4)),
        ("c_boolean", SqlType::Boolean),
        ("c_date", SqlType::Date),
        ("c_time", SqlType::Time),
        ("c_timestamp", SqlType::Timestamp),
        ("c_timestamptz", SqlType::TimestampTz),
        ("c_blob", SqlType::Blob),
        ("c_json", SqlType::Json),
    ];
    let mut b = Table::builder("all_types").column(Column::new("id", SqlType::BigInt).primary_key());
    for (name, ty) in types {
        b = b.column(Column::new(name, ty));
    }
    b.build()
}

/// A schema using every part of the model reflection reads: keys (single, composite,
/// autoincrement and not), foreign keys (composite, with actions, pointing both ways),
/// uniques (column and table), indexes (unique, composite, descending), checks, NOT NULL,
/// server defaults, and identifiers with quotes, mixed case and non-ASCII letters.
pub fn schema() -> MetaData {
    let authors = Table::builder("authors")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(100)).not_null())
        .column(Column::new("email", SqlType::Varchar(200)).unique())
        .column(Column::new("rating", SqlType::Integer).not_null().server_default(5))
        .column(Column::new("status", SqlType::Varchar(10)).not_null().server_default("new"))
        .check(sqlcore::dsl::col("rating").ge(0))
        .index("authors_name", ["name"])
        .build();
    let editions = Table::builder("editions")
        .column(Column::new("book_code", SqlType::Varchar(20)).not_null())
        .column(Column::new("edition", SqlType::SmallInt).not_null())
        .column(Column::new("author_id", SqlType::Integer).references(("authors", "id")).on_delete(FkAction::Cascade))
        .column(Column::new("price", SqlType::Numeric(10, 2)))
        .primary_key(["book_code", "edition"])
        .unique(["author_id", "price"])
        .add_index(Index::new("editions_price_desc", "editions", ["price", "edition"]).desc("price"))
        .unique_index("editions_code_author", ["book_code", "author_id"])
        .build();
    let reviews = Table::builder("reviews")
        .column(Column::new("id", SqlType::BigInt).primary_key())
        // Nullable: the foreign key sets them NULL on update (InnoDB refuses SET NULL on
        // a NOT NULL column).
        .column(Column::new("book_code", SqlType::Varchar(20)))
        .column(Column::new("edition", SqlType::SmallInt))
        .column(Column::new("body", SqlType::Text))
        .foreign_key(
            ForeignKey::new(["book_code", "edition"], "editions", ["book_code", "edition"])
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::SetNull),
        )
        .build();
    let hostile = Table::builder("Weird \"Table\" Ünïcode")
        .column(Column::new("Mixed Case", SqlType::Integer).primary_key().autoincrement(false))
        .column(Column::new("quote\"d", SqlType::Text))
        .column(Column::new("ñandú", SqlType::Varchar(10)))
        .build();
    MetaData::new()
        .with(all_types())
        .and_then(|m| m.with(authors))
        .and_then(|m| m.with(editions))
        .and_then(|m| m.with(reviews))
        .and_then(|m| m.with(hostile))
        .expect("the reflection schema is valid")
}

/// The round trip on one connection: `create_all(schema)`, then `reflect_all()` summarises
/// as the schema does; a second `create_all` changes nothing; `has_table`, `table_names`,
/// and `reflect_table` of a missing table.
pub fn round_trip(conn: &mut dyn Connection) {
    let schema = schema();
    conn.create_all(&schema).expect("create_all");
    let reflected = conn.reflect_all().expect("reflect_all");
    let expected = summaries(&schema, conn.dialect());
    let got = summaries(&reflected, conn.dialect());
    for (e, g) in expected.iter().zip(&got) {
        assert_eq!(e, g, "table {} reflects back as it was made", e.name);
    }
    assert_eq!(expected.len(), got.len(), "reflect_all returns every table and no other");

    // create_all again: nothing to do, and nothing changes.
    conn.create_all(&schema).expect("a second create_all succeeds");
    let again = conn.reflect_all().expect("reflect_all");
    let again = summaries(&again, conn.dialect());
    assert_eq!(again, got, "a second create_all changes nothing");
    assert!(conn.create_all_strict(&schema).is_err(), "the strict form still refuses existing tables");

    let mut names: Vec<String> = schema.tables().map(|t| t.name().to_string()).collect();
    names.sort();
    let listed: Vec<String> = conn.table_names().expect("table_names").iter().map(|n| n.to_string()).collect();
    assert_eq!(listed, names);
    assert!(conn.has_table("Weird \"Table\" Ünïcode").expect("has_table"));
    assert!(!conn.has_table("weird \"table\" ünïcode").expect("has_table"), "names are compared exactly");
    assert!(!conn.has_table("no_such_table").expect("has_table"));
    match conn.reflect_table("no_such_table") {
        Err(Error::UnknownTable { table }) => assert_eq!(&*table, "no_such_table"),
        other => panic!("reflecting a missing table: {other:?}"),
    }

    // drop_all drops what exists; a second one has nothing to drop and succeeds.
    conn.drop_all(&schema).expect("drop_all");
    assert!(conn.table_names().expect("table_names").is_empty());
    conn.drop_all(&schema).expect("drop_all of missing tables succeeds");
}
