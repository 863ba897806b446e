//! The schema diff on models: which changes, in which order, with which class. (Applying a
//! plan on the three engines, and proving it by reflection, is tested with ALTER.)

use sqlcore::diff::{ChangeClass, Diff, diff};
use sqlcore::dsl::col;
use sqlcore::prelude::*;
use sqlcore::schema::{FkAction, ForeignKey, Index};

fn authors(extra: &[Column]) -> Table {
    let mut b = Table::builder("authors")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(50)).not_null());
    for c in extra {
        b = b.column(c.clone());
    }
    b.build()
}

fn books(fk: bool) -> Table {
    let b = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::Integer))
        .column(Column::new("title", SqlType::Text));
    let b = if fk { b.foreign_key(ForeignKey::new(["author_id"], "authors", ["id"])) } else { b };
    b.index("books_title", ["title"]).build()
}

fn md(tables: Vec<Table>) -> MetaData {
    let mut m = MetaData::new();
    for t in tables {
        m.add(t).expect("valid test schema");
    }
    m
}

fn lines(plan: &sqlcore::diff::Plan) -> Vec<String> {
    plan.steps().iter().map(|s| format!("[{}] {}", s.class, s.change)).collect()
}

#[test]
fn the_same_schema_has_no_changes() {
    let m = md(vec![authors(&[]), books(true)]);
    let plan = diff(&m, &m).expect("diff");
    assert!(plan.is_empty(), "{plan}");
    assert_eq!(plan.to_string(), "no changes");
}

#[test]
fn a_default_or_generated_key_said_another_way_is_no_change() {
    let model = md(vec![authors(&[Column::new("rating", SqlType::Integer).server_default(5)])]);
    let live = md(vec![
        Table::builder("authors")
            .column(Column::new("id", SqlType::Integer).primary_key().autoincrement(true))
            .column(Column::new("name", SqlType::Varchar(50)).not_null())
            .column(Column::new("rating", SqlType::Integer).server_default_sql("(5)"))
            .build(),
    ]);
    let plan = diff(&live, &model).expect("diff");
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn new_and_dropped_tables_come_in_foreign_key_order() {
    let current = md(vec![]);
    let target = md(vec![books(true), authors(&[])]);
    let plan = diff(&current, &target).expect("diff");
    assert_eq!(lines(&plan), ["[safe] create table authors", "[safe] create table books"]);
    let back = diff(&target, &current).expect("diff");
    assert_eq!(lines(&back), ["[destroys data] drop table books", "[destroys data] drop table authors"]);
    assert_eq!(back.worst(), ChangeClass::DestroysData);
}

#[test]
fn column_changes_carry_their_class() {
    let current = md(vec![authors(&[
        Column::new("bio", SqlType::Varchar(100)),
        Column::new("score", SqlType::Numeric(10, 2)),
        Column::new("nick", SqlType::Varchar(10)),
    ])]);
    let target = md(vec![authors(&[
        Column::new("bio", SqlType::Text),
        Column::new("score", SqlType::Numeric(10, 1)),
        Column::new("nick", SqlType::Varchar(10)).not_null(),
        Column::new("age", SqlType::Integer),
        Column::new("code", SqlType::Varchar(5)).not_null(),
        Column::new("kind", SqlType::Varchar(5)).not_null().server_default("x"),
    ])]);
    let plan = diff(&current, &target).expect("diff");
    assert_eq!(
        lines(&plan),
        [
            "[safe] alter column authors.bio: Varchar(100) -> Text",
            "[destroys data] alter column authors.score: Numeric(10, 2) -> Numeric(10, 1)",
            "[may fail on existing data] alter column authors.nick: Varchar(10) -> Varchar(10) NOT NULL",
            "[safe] add column authors.age Integer",
            "[may fail on existing data] add column authors.code Varchar(5) NOT NULL",
            "[safe] add column authors.kind Varchar(5) NOT NULL DEFAULT 'x'",
        ]
    );
}

#[test]
fn a_drop_and_an_add_of_one_type_is_a_possible_rename_never_a_guess() {
    let current = md(vec![authors(&[Column::new("nick", SqlType::Varchar(20))])]);
    let target = md(vec![authors(&[Column::new("handle", SqlType::Varchar(20))])]);
    let plan = diff(&current, &target).expect("diff");
    assert_eq!(
        lines(&plan),
        ["[safe] add column authors.handle Varchar(20)", "[destroys data] drop column authors.nick Varchar(20)"]
    );
    let note = plan.steps()[1].note.as_deref().expect("a note");
    assert!(note.contains("possible rename of authors.nick to handle"), "{note}");

    let hinted = Diff::new(&current, &target).rename_column("authors", "nick", "handle").plan().expect("diff");
    assert_eq!(lines(&hinted), ["[safe] rename column authors.nick to handle"]);

    let bad = Diff::new(&current, &target).rename_column("authors", "nope", "handle").plan();
    assert!(matches!(bad, Err(Error::InvalidSchema(_))), "{bad:?}");
}

#[test]
fn a_renamed_table_keeps_the_foreign_keys_into_it() {
    let current = md(vec![authors(&[]), books(true)]);
    let writers = Table::builder("writers")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(50)).not_null())
        .build();
    let books_to_writers = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::Integer))
        .column(Column::new("title", SqlType::Text))
        .foreign_key(ForeignKey::new(["author_id"], "writers", ["id"]))
        .index("books_title", ["title"])
        .build();
    let target = md(vec![writers, books_to_writers]);
    let plan = Diff::new(&current, &target).rename_table("authors", "writers").plan().expect("diff");
    assert_eq!(lines(&plan), ["[safe] rename table authors to writers"]);
}

#[test]
fn constraints_go_before_and_come_after_the_column_changes() {
    let current = md(vec![authors(&[]), books(true)]);
    let new_books = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("author_id", SqlType::Integer))
        .column(Column::new("title", SqlType::Text))
        .column(Column::new("isbn", SqlType::Varchar(13)))
        .foreign_key(ForeignKey::new(["author_id"], "authors", ["id"]).on_delete(FkAction::Cascade))
        .unique(["isbn"])
        .add_index(Index::new("books_title", "books", ["title", "id"]).desc("id"))
        .build();
    let target = md(vec![authors(&[]), new_books]);
    let plan = diff(&current, &target).expect("diff");
    assert_eq!(
        lines(&plan),
        [
            "[safe] drop foreign key books (author_id) -> authors (id)",
            "[safe] drop index books_title on books",
            "[safe] add column books.isbn Varchar(13)",
            "[may fail on existing data] add unique books (isbn)",
            "[safe] create index books_title on books (title, id DESC)",
            "[may fail on existing data] add foreign key books (author_id) -> authors (id)",
        ]
    );
}

#[test]
fn a_foreign_key_to_a_table_in_neither_schema_is_an_error_before_anything() {
    let current = md(vec![authors(&[])]);
    let orphan = Table::builder("books")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("publisher_id", SqlType::Integer).references(("publishers", "id")))
        .build();
    let mut target = MetaData::new();
    target.add(authors(&[])).expect("add");
    target.add(orphan).expect("add");
    match diff(&current, &target) {
        Err(Error::InvalidSchema(msg)) => assert!(msg.contains("publishers"), "{msg}"),
        other => panic!("expected an invalid-schema error, got {other:?}"),
    }
}

#[test]
fn types_compare_as_the_engine_keeps_them_for_a_dialect() {
    let with = |ty: SqlType| md(vec![authors(&[Column::new("at", ty)])]);
    let (a, b) = (with(SqlType::Timestamp), with(SqlType::TimestampTz));
    assert_eq!(diff(&a, &b).expect("diff").len(), 1);
    let mysql = sqlcore_mysql::MySqlDialect::default();
    let plan = Diff::new(&a, &b).for_dialect(&mysql).plan().expect("diff");
    // MySQL keeps one type for both once its catalog says so.
    let expected = if mysql.reflected_type(&SqlType::TimestampTz, false) == SqlType::Timestamp { 0 } else { 1 };
    assert_eq!(plan.len(), expected, "{plan}");
}

/// `scores` with `checks` (name, condition text) on the table and maybe one on column `b`.
fn scores(checks: &[(Option<&'static str>, &'static str)], column_check: bool) -> Table {
    let mut b_col = Column::new("b", SqlType::Integer);
    if column_check {
        b_col = b_col.check(col("b").lt(10));
    }
    let mut t = Table::builder("scores").column(Column::new("a", SqlType::Integer).primary_key()).column(b_col);
    for (name, text) in checks {
        t = match name {
            Some(n) => t.check_named(*n, sqlcore::dsl::text(*text)),
            None => t.check(sqlcore::dsl::text(*text)),
        };
    }
    t.build()
}

#[test]
fn unnamed_checks_pair_with_the_names_the_engine_gave_them() {
    // The model's unnamed checks; the live table as PostgreSQL reports them.
    let model = md(vec![scores(&[(None, "a >= 0"), (Some("a_small"), "a < 100")], true)]);
    let live = md(vec![scores(
        &[(Some("scores_b_check"), "(b < 10)"), (Some("scores_check"), "(a >= 0)"), (Some("a_small"), "(a < 100)")],
        false,
    )]);
    let pg = sqlcore_postgres::PostgresDialect::default();
    for (from, to) in [(&live, &model), (&model, &live)] {
        let plan = Diff::new(from, to).for_dialect(&pg).plan().expect("diff");
        assert!(plan.is_empty(), "{plan}");
    }
    // One unnamed check more in the model: it is added; one more live: it is dropped, by
    // the text that pairs with none.
    let more = md(vec![scores(&[(None, "a >= 0"), (None, "a <> 7"), (Some("a_small"), "a < 100")], true)]);
    let plan = Diff::new(&live, &more).for_dialect(&pg).plan().expect("diff");
    assert_eq!(lines(&plan), vec!["[may fail on existing data] add check scores"], "{plan}");
    let fewer = md(vec![scores(&[(Some("a_small"), "a < 100")], true)]);
    let plan = Diff::new(&live, &fewer).for_dialect(&pg).plan().expect("diff");
    assert_eq!(lines(&plan), vec!["[safe] drop check scores scores_check"], "{plan}");
    // A named check renamed is a drop and an add: names say which checks are the same.
    let renamed = md(vec![scores(&[(None, "a >= 0"), (Some("a_tiny"), "a < 100")], true)]);
    let plan = Diff::new(&live, &renamed).for_dialect(&pg).plan().expect("diff");
    assert_eq!(
        lines(&plan),
        vec!["[safe] drop check scores a_small", "[may fail on existing data] add check scores a_tiny"],
        "{plan}"
    );
}

/// `people` with `name` unique by a constraint, a unique index, a descending unique
/// index, or not at all.
fn people(unique: &str) -> MetaData {
    let b = Table::builder("people")
        .column(Column::new("id", SqlType::Integer).primary_key())
        .column(Column::new("name", SqlType::Varchar(50)));
    let b = match unique {
        "constraint" => b.unique_named("people_name_key", ["name"]),
        "index" => b.unique_index("people_name", ["name"]),
        "desc" => b.add_index(Index::new("people_name", "people", ["name"]).unique().desc("name")),
        _ => b,
    };
    md(vec![b.build()])
}

#[test]
fn a_unique_index_and_a_unique_constraint_on_the_same_columns_are_one_rule() {
    for (from, to) in [("constraint", "index"), ("index", "constraint")] {
        let plan = diff(&people(from), &people(to)).expect("diff");
        assert!(plan.is_empty(), "{from} -> {to}: {plan}");
    }
    // A descending index is an index of its own (it orders); none at all is a drop.
    let plan = diff(&people("constraint"), &people("desc")).expect("diff");
    assert_eq!(
        lines(&plan),
        vec![
            "[safe] drop unique people (name)",
            "[may fail on existing data] create unique index people_name on people (name DESC)"
        ]
    );
    let plan = diff(&people("index"), &people("none")).expect("diff");
    assert_eq!(lines(&plan), vec!["[safe] drop index people_name on people"]);
}
