//! The support matrix, held to what it promises: for every `Feature` in `Feature::ALL` and
//! every dialect of docs/feature-matrix.md, a statement that uses the feature (its sample)
//!
//! 1. exists (a new feature fails here until it has a sample);
//! 2. fails to compile with `Error::Unsupported` where the dialect says `Unsupported`;
//! 3. compiles where the dialect says `Native` or `Emulated`;
//! 4. where emulated, compiles to other SQL than on a dialect that has it natively (the
//!    emulation is a rewrite, not the native text under another name);
//! 5. runs on every live engine whose dialect compiles it, with the expected rows: the rows of
//!    an emulation are the rows of the native form (the same expectation holds everywhere).
//!
//! Where the library does not keep a promise, the test does not bend: each check collects
//! what it found and compares it with an explicit list of known deviations below, each with
//! the reason. A deviation that goes away (or a new one) fails the check, so the lists stay true.

#[macro_use]
mod common;
use common::*;
use sqlcore::Ident;
use sqlcore::compile::{AddForeignKey, CreateIndex, CreateTable, Feature, Support};
use sqlcore::expr::{FrameBound, Window};
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::schema::{ForeignKey, Index};
use sqlcore::stmt::Cte;
use sqlcore_mysql::MySqlDialect;
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

type Rows = Vec<Vec<Value>>;

// ----- the dialects -------------------------------------------------------------------------

/// The five dialects of docs/feature-matrix.md (as tests/feature_matrix.rs lists them), each
/// under a label, and the live engine that runs its SQL, where there is one: the bundled SQLite
/// is `SqliteDialect::default()`, the local MariaDB 10.11 is `MySqlDialect::mariadb()`. MySQL 8
/// and SQLite 3.38 have no engine here: they are checked at compile time only.
fn matrix() -> Vec<(&'static str, Box<dyn Dialect>, Option<&'static str>)> {
    vec![
        ("sqlite", Box::new(SqliteDialect::default()), Some("sqlite")),
        ("sqlite-3.38", Box::new(SqliteDialect::with_version(3, 38, 0)), None),
        ("postgres", Box::new(PostgresDialect::default()), Some("postgres")),
        ("mysql", Box::new(MySqlDialect::default()), None),
        ("mariadb", Box::new(MySqlDialect::mariadb()), Some("mariadb")),
    ]
}

// ----- the known deviations -------------------------------------------------------------------

/// Check 2: (feature, dialect) that the dialect calls `Unsupported` but whose sample compiles.
///
/// `ForwardForeignKey` is a property of schema creation (`MetaData::create_all_ddl` reads it
/// to choose between inline foreign keys and `ALTER TABLE`), not of any one statement: a
/// `CreateTable` whose foreign key names a table that does not exist yet compiles everywhere.
/// The matrix is right about the engines (PostgreSQL and MariaDB reject the statement, which
/// `unsupported_features_refuse_to_compile` asserts on the live ones); only the compile-time
/// refusal is missing.
const COMPILES_THOUGH_UNSUPPORTED: &[(Feature, &str)] = &[
    (Feature::ForwardForeignKey, "postgres"),
    (Feature::ForwardForeignKey, "mysql"),
    (Feature::ForwardForeignKey, "mariadb"),
];

/// Check 3: (feature, dialect, feature the error names) that the dialect calls `Native` or
/// `Emulated` but whose sample is refused with `Error::Unsupported`. None: SQLite, which has
/// no row locks, says so for locks on aggregated rows too.
const REFUSED_THOUGH_SUPPORTED: &[(Feature, &str, &str)] = &[];

/// Check 4: (feature, emulating dialect, native dialect) whose SQL is the same once
/// placeholders and identifier quotes are made alike.
///
/// SQLite's `ReturningWithOtherTables` "emulation" (`ReturningTargetOnly`) rewrites nothing:
/// it is the native clause restricted to the target table's columns (a column of another
/// table is refused). For the columns it accepts it writes PostgreSQL's SQL word for word.
const SAME_SQL_AS_NATIVE: &[(Feature, &str, &str)] = &[
    (Feature::ReturningWithOtherTables, "sqlite", "postgres"),
    (Feature::ReturningWithOtherTables, "sqlite-3.38", "postgres"),
];

/// Check 4: (feature, emulating dialect) with no dialect of the matrix that has the feature
/// natively, so there is no native SQL to compare with (check 5 still compares its rows with
/// the expected ones).
///
/// Every dialect, the generic default included, writes `x IN ()` as a constant comparison
/// (PostgreSQL and MySQL reject an empty IN list; SQLite's dialect emulates it as well).
const NO_NATIVE_TO_COMPARE: &[(Feature, &str)] = &[
    (Feature::EmptyInList, "sqlite"),
    (Feature::EmptyInList, "sqlite-3.38"),
    (Feature::EmptyInList, "postgres"),
    (Feature::EmptyInList, "mysql"),
    (Feature::EmptyInList, "mariadb"),
];

/// Check 5: (feature, engine) where the engine's dialect says native or emulated but the
/// engine cannot run the sample, for a reason the matrix does not state. None.
const ENGINE_SKIPS: &[(Feature, &str)] = &[];

// ----- the samples ----------------------------------------------------------------------------

/// How a sample's statement runs.
enum How {
    /// A query (or a statement with RETURNING): its rows are compared.
    Query,
    /// A query taking row locks: inside a transaction, which then commits.
    Locked,
    /// A statement that returns no rows (DML, DDL): only `check` is compared.
    Execute,
}

/// A statement using one feature, with what it takes to run it and read the result.
struct Sample {
    /// Run first, on the engine's own dialect (tables the sample needs beyond the fixture).
    before: Vec<Box<dyn Compile>>,
    /// The statement that uses the feature.
    stmt: Box<dyn Compile>,
    how: How,
    /// Run after it; each must succeed (uses of what a DDL sample created).
    after: Vec<Box<dyn Compile>>,
    /// Run after `after`; each must be refused by the engine (a constraint the sample created).
    refused: Vec<Box<dyn Compile>>,
    /// A query read at the end.
    check: Option<Box<dyn Compile>>,
    /// The statement's rows (`Query`, `Locked`), followed by `check`'s.
    expected: Rows,
}

impl Sample {
    fn query(stmt: impl Compile + 'static, expected: Rows) -> Self {
        Sample {
            before: Vec::new(),
            stmt: Box::new(stmt),
            how: How::Query,
            after: Vec::new(),
            refused: Vec::new(),
            check: None,
            expected,
        }
    }

    fn locked(stmt: impl Compile + 'static, expected: Rows) -> Self {
        Sample { how: How::Locked, ..Sample::query(stmt, expected) }
    }

    /// A statement with RETURNING: the rows it returns, then `check`'s.
    fn returning(stmt: impl Compile + 'static, check: impl Compile + 'static, expected: Rows) -> Self {
        Sample { check: Some(Box::new(check)), ..Sample::query(stmt, expected) }
    }

    /// A statement without rows, then `check`'s rows.
    fn write(stmt: impl Compile + 'static, check: impl Compile + 'static, expected: Rows) -> Self {
        Sample { how: How::Execute, check: Some(Box::new(check)), ..Sample::query(stmt, expected) }
    }

    fn before(mut self, stmt: impl Compile + 'static) -> Self {
        self.before.push(Box::new(stmt));
        self
    }

    fn after(mut self, stmt: impl Compile + 'static) -> Self {
        self.after.push(Box::new(stmt));
        self
    }

    fn refused(mut self, stmt: impl Compile + 'static) -> Self {
        self.refused.push(Box::new(stmt));
        self
    }
}

// Tables some samples create (the fixture of tests/common has the rest).

sqlcore::table! {
    /// Every column has a default: a row of defaults is a whole row.
    pub visits {
        id: Integer => primary_key();
        hits: Integer => not_null(), server_default(0);
    }
}

sqlcore::table! {
    /// Reviews of books, created without a foreign key (one is added by ALTER TABLE).
    pub reviews {
        id: Integer => primary_key();
        book_id: Integer => not_null();
    }
}

sqlcore::table! {
    /// Keyed by an unbounded TEXT column.
    pub tags {
        name: Text => primary_key();
    }
}

sqlcore::table! {
    /// Created after `fwd_children`, which refers to it.
    pub fwd_parents {
        id: Integer => primary_key();
    }
}

sqlcore::table! {
    /// Refers to `fwd_parents` before that table exists.
    pub fwd_children {
        id: Integer => primary_key();
        parent_id: Integer => references(fwd_parents::id);
    }
}

sqlcore::table! {
    /// A loan falls back to author 5 ("Nobody Yet") when its author is deleted.
    pub loans {
        id: Integer => primary_key();
        author_id: Integer => not_null(), server_default(5), references(authors::id), on_delete(SetDefault);
    }
}

sqlcore::table! {
    /// A generated line number that is only part of the primary key.
    pub lines {
        order_id: Integer => primary_key();
        line: Integer => primary_key(), autoincrement(true);
        note: Varchar(20);
    }
}

fn null() -> Value {
    Value::Null
}

fn ids(ids: impl IntoIterator<Item = i64>) -> Rows {
    ids.into_iter().map(|i| row![i]).collect()
}

/// A column of a CTE or derived table, which the test names correctly.
fn ok(column: Result<Expr>) -> Expr {
    column.unwrap_or_else(|e| panic!("{e}"))
}

/// The ids of the US authors' books (1-5), as a CTE.
fn us_books() -> Cte {
    Cte::new("us_books", ["id"])
        .query(select([books::id]).from(books::table()).join(authors::table()).filter(authors::country.eq("US")))
}

/// `books.id IN (SELECT id FROM us_books)`.
fn in_us_books() -> Expr {
    let t = us_books().table();
    books::id.in_query(select([ok(t.c("id"))]).from(t.clone()))
}

/// Each book's price after the first five gained 1 cent.
fn prices_after_us_raise() -> Rows {
    vec![
        row![1, 900],
        row![2, 1100],
        row![3, 1000],
        row![4, 1300],
        row![5, 1000],
        row![6, 1199],
        row![7, 1050],
        row![8, 500],
    ]
}

/// The sample of `f`; `None` for a feature without one (check 1 fails naming it).
fn sample(f: Feature) -> Option<Sample> {
    let book_ids = || select([books::id]).order_by(books::id);
    let store_names = || select([stores::name]).order_by(stores::name);
    Some(match f {
        // ----- joins, ordering, predicates, paging ----------------------------------------
        Feature::RightJoin => Sample::query(
            select((authors::id, books::id.label("book")))
                .from(books::table())
                .right_join(authors::table())
                .filter(authors::id.ge(4))
                .order_by(authors::id),
            vec![row![4, 7], vec![5.into(), null()]],
        ),
        // Books before 1966 joined to their authors, keeping both unmatched sides; COALESCE
        // keeps the order independent of where each engine sorts NULLs.
        Feature::FullJoin => Sample::query(
            select((authors::id, books::id.label("book")))
                .from(authors::table())
                .full_join_on(books::table(), books::author_id.eq(authors::id).and(books::year.lt(1966)))
                .filter(authors::id.ge(4).or(authors::id.is_null()))
                .order_by(func::coalesce((authors::id, lit(0))))
                .order_by(func::coalesce((books::id, lit(0)))),
            vec![
                vec![null(), 1.into()],
                vec![null(), 2.into()],
                vec![null(), 3.into()],
                vec![null(), 5.into()],
                vec![null(), 6.into()],
                vec![null(), 8.into()],
                row![4, 7],
                vec![5.into(), null()],
            ],
        ),
        // NULLS LAST ascending: the order MySQL does not sort by itself (NULLs sort low there).
        Feature::NullsOrdering => Sample::query(
            select([books::id]).order_by(books::year.asc().nulls_last()).order_by(books::id),
            ids([7, 4, 1, 3, 2, 6, 5, 8]),
        ),
        Feature::ILike => {
            Sample::query(select([books::id]).filter(books::title.ilike("%DUNE%")).order_by(books::id), ids([4, 5]))
        }
        Feature::OffsetWithoutLimit => Sample::query(book_ids().offset(6), ids([7, 8])),
        Feature::EmptyInList => Sample::query(
            select([books::id]).filter(books::id.in_list(Vec::<i64>::new()).or(books::id.eq(3))).order_by(books::id),
            ids([3]),
        ),
        // ----- DML and DDL ------------------------------------------------------------------
        Feature::InsertDefaultValues => {
            Sample::write(insert(visits::table()), select((visits::id, visits::hits)), vec![row![1, 0]])
                .before(CreateTable::new(visits::table()))
        }
        Feature::AlterAddForeignKey => Sample::write(
            AddForeignKey { table: Ident::from("reviews"), fk: ForeignKey::new(["book_id"], "books", ["id"]) },
            select((reviews::id, reviews::book_id)),
            vec![row![1, 4]],
        )
        .before(CreateTable::new(reviews::table()))
        .after(insert(reviews::table()).value(reviews::id, 1).value(reviews::book_id, 4))
        .refused(insert(reviews::table()).value(reviews::id, 2).value(reviews::book_id, 99)),
        Feature::ForwardForeignKey => Sample::write(
            CreateTable::new(fwd_children::table()),
            select((fwd_children::id, fwd_children::parent_id)),
            vec![row![1, 1]],
        )
        .after(CreateTable::new(fwd_parents::table()))
        .after(insert(fwd_parents::table()).value(fwd_parents::id, 1))
        .after(insert(fwd_children::table()).value(fwd_children::id, 1).value(fwd_children::parent_id, 1))
        .refused(insert(fwd_children::table()).value(fwd_children::id, 2).value(fwd_children::parent_id, 9)),
        // The index exists: a second CREATE INDEX IF NOT EXISTS is a no-op, one without the
        // clause fails on the name.
        Feature::CreateIndexIfNotExists => {
            let ix = || Index::new("ix_books_year", "books", ["year"]);
            Sample::write(
                CreateIndex::new(ix()).if_not_exists(),
                select([books::id]).filter(books::year.eq(1965)),
                ids([4]),
            )
            .after(CreateIndex::new(ix()).if_not_exists())
            .refused(CreateIndex::new(ix()))
        }
        // Deleting author 4 sets the loan's author to the default, 5; author 5 is then
        // referenced and cannot go.
        Feature::FkSetDefault => {
            Sample::write(CreateTable::new(loans::table()), select((loans::id, loans::author_id)), vec![row![1, 5]])
                .after(insert(loans::table()).value(loans::id, 1).value(loans::author_id, 4))
                .after(delete(authors::table()).filter(authors::id.eq(4)))
                .refused(delete(authors::table()).filter(authors::id.eq(5)))
        }
        Feature::KeyOnUnboundedColumn => {
            Sample::write(CreateTable::new(tags::table()), select([tags::name]), vec![row!["sf"]])
                .after(insert(tags::table()).value(tags::name, "sf"))
                .refused(insert(tags::table()).value(tags::name, "sf"))
        }
        // ----- set operations -------------------------------------------------------------
        // Authors with a book before 1966 ({2, 4}) against the US authors ({1, 2}).
        Feature::Intersect => Sample::query(
            select([books::author_id])
                .filter(books::year.lt(1966))
                .intersect(select([authors::id]).filter(authors::country.eq("US")))
                .order_by(books::author_id),
            ids([2]),
        ),
        Feature::Except => Sample::query(
            select([books::author_id])
                .filter(books::year.lt(1966))
                .except(select([authors::id]).filter(authors::country.eq("US")))
                .order_by(books::author_id),
            ids([4]),
        ),
        // The author ids of all books (1,1,1,2,2,3,3,4) against those of dated books (1,1,1,2,3,4).
        Feature::IntersectAll => Sample::query(
            select([books::author_id])
                .intersect_all(select([books::author_id]).filter(books::year.is_not_null()))
                .order_by(books::author_id),
            ids([1, 1, 1, 2, 3, 4]),
        ),
        Feature::ExceptAll => Sample::query(
            select([books::author_id])
                .except_all(select([books::author_id]).filter(books::year.is_not_null()))
                .order_by(books::author_id),
            ids([2, 3]),
        ),
        // ----- WITH, LATERAL, windows -----------------------------------------------------
        Feature::Cte => {
            let cte = us_books();
            let t = cte.table();
            Sample::query(
                select([ok(t.c("id"))]).from(t.clone()).with(cte).order_by(ok(t.c("id"))),
                ids([1, 2, 3, 4, 5]),
            )
        }
        // The management chain from Dev upwards.
        Feature::RecursiveCte => {
            let chain = Cte::new("chain", ["id", "name", "manager_id", "depth"]).recursive();
            let t = chain.table();
            let start = select((employees::id, employees::name, employees::manager_id, lit(0)))
                .filter(employees::name.eq("Dev"));
            let up = select((employees::id, employees::name, employees::manager_id, ok(t.c("depth")).add(1)))
                .from(employees::table())
                .join_on(t.clone(), employees::id.eq(ok(t.c("manager_id"))));
            let chain = chain.query(start.union_all(up));
            Sample::query(
                select((ok(t.c("name")), ok(t.c("depth")))).from(t.clone()).with(chain).order_by(ok(t.c("depth"))),
                vec![row!["Dev", 0], row!["Brian", 1], row!["Ada", 2]],
            )
        }
        // Each author's most expensive book.
        Feature::Lateral => {
            let top = select([books::title])
                .filter(books::author_id.eq(authors::id))
                .order_by(books::price_cents.desc())
                .limit(1)
                .alias("top")
                .lateral();
            Sample::query(
                select((authors::name, ok(top.c("title"))))
                    .from(authors::table())
                    .join_on(top.clone(), lit(true))
                    .order_by(authors::id),
                vec![
                    row!["Ursula K. Le Guin", "The Dispossessed"],
                    row!["Frank Herbert", "Dune"],
                    row!["Iain Banks", "Consider Phlebas"],
                    row!["Stanisław Lem", "Solaris"],
                ],
            )
        }
        // The titles of the US authors' books become stores (read back by name: the order
        // of an INSERT ... SELECT without ORDER BY decides the ids).
        Feature::CteOnInsert => Sample::write(
            insert(stores::table())
                .columns([stores::name])
                .select(select([books::title]).filter(in_us_books()))
                .with(us_books()),
            store_names(),
            [
                "A Wizard of Earthsea",
                "Airport",
                "Children of Dune",
                "Downtown",
                "Dune",
                "Online",
                "The Dispossessed",
                "The Left Hand of Darkness",
            ]
            .into_iter()
            .map(|n| row![n])
            .collect(),
        ),
        Feature::CteOnUpdateDelete => Sample::write(
            update(books::table())
                .set(books::price_cents, books::price_cents.add(1))
                .filter(in_us_books())
                .with(us_books()),
            select((books::id, books::price_cents)).order_by(books::id),
            prices_after_us_raise(),
        ),
        Feature::WindowFunctions => Sample::query(
            select((
                books::id,
                func::row_number()
                    .over(Window::new().partition_by([books::author_id]).order_by(books::price_cents.desc()))
                    .label("rank"),
            ))
            .filter(books::author_id.eq(1))
            .order_by(books::id),
            vec![row![1, 3], row![2, 1], row![3, 2]],
        ),
        // ----- RETURNING, multi-table DML, upserts ------------------------------------------
        Feature::InsertReturning => Sample::returning(
            insert(stores::table()).columns([stores::name]).row(("Harbour",)).returning([stores::id, stores::name]),
            select([func::count_star()]).from(stores::table()),
            vec![row![4, "Harbour"], row![4]],
        ),
        Feature::UpdateReturning => Sample::returning(
            update(stores::table()).set(stores::name, "Web").filter(stores::id.eq(3)).returning([stores::name]),
            store_names(),
            vec![row!["Web"], row!["Airport"], row!["Downtown"], row!["Web"]],
        ),
        Feature::DeleteReturning => Sample::returning(
            delete(books::table()).filter(books::id.eq(8)).returning((books::id, books::title)),
            book_ids(),
            std::iter::once(row![8, "100% Pure_Fiction"]).chain(ids(1..=7)).collect(),
        ),
        Feature::UpdateFrom => Sample::write(
            update(books::table())
                .set(books::price_cents, books::price_cents.add(1))
                .from(authors::table())
                .filter(books::author_id.eq(authors::id).and(authors::country.eq("US"))),
            select((books::id, books::price_cents)).order_by(books::id),
            prices_after_us_raise(),
        ),
        Feature::DeleteUsing => Sample::write(
            delete(books::table())
                .using(authors::table())
                .filter(books::author_id.eq(authors::id).and(authors::country.eq("US"))),
            book_ids(),
            ids([6, 7, 8]),
        ),
        // An UPDATE ... FROM returning the target's own columns (the one form every dialect
        // with RETURNING on such statements accepts). One row, so the order is fixed.
        Feature::ReturningWithOtherTables => Sample::returning(
            update(books::table())
                .set(books::price_cents, books::price_cents.add(1))
                .from(authors::table())
                .filter(books::author_id.eq(authors::id).and(authors::country.eq("GB")))
                .filter(books::id.lt(7))
                .returning((books::id, books::price_cents)),
            select((books::id, books::price_cents)).filter(books::author_id.eq(3)).order_by(books::id),
            vec![row![6, 1200], row![6, 1200], row![8, 500]],
        ),
        // PostgreSQL names a column's UNIQUE constraint `<table>_<column>_key`.
        Feature::UpsertOnConstraint => Sample::write(
            insert(stores::table())
                .columns([stores::name])
                .row(("Airport",))
                .on_conflict_constraint("stores_name_key")
                .do_update_set(stores::name, "Airport Lounge"),
            store_names(),
            vec![row!["Airport Lounge"], row!["Downtown"], row!["Online"]],
        ),
        // "Dune" is a store already: that row is renamed with the proposed value, "Solaris"
        // is inserted.
        Feature::UpsertFromSelect => Sample::write(
            insert(stores::table())
                .columns([stores::name])
                .select(select([books::title]).filter(books::id.in_list([4, 7])))
                .on_conflict([stores::name])
                .do_update_set(stores::name, excluded(stores::name).concat("!")),
            store_names(),
            vec![row!["Airport"], row!["Downtown"], row!["Dune!"], row!["Online"], row!["Solaris"]],
        )
        .before(insert(stores::table()).columns([stores::name]).row(("Dune",))),
        // Each author's cheapest book (ties broken by id).
        Feature::DistinctOn => Sample::query(
            select((books::author_id, books::title))
                .distinct_on([books::author_id])
                .order_by(books::author_id)
                .order_by(books::price_cents)
                .order_by(books::id),
            vec![
                row![1, "A Wizard of Earthsea"],
                row![2, "Children of Dune"],
                row![3, "100% Pure_Fiction"],
                row![4, "Solaris"],
            ],
        ),
        // ----- row locks ------------------------------------------------------------------
        Feature::ForUpdate => Sample::locked(
            select((books::id, books::title)).filter(books::author_id.eq(2)).order_by(books::id).for_update(),
            vec![row![4, "Dune"], row![5, "Children of Dune"]],
        ),
        Feature::ForShare => Sample::locked(
            select((books::id, books::title)).filter(books::author_id.eq(2)).order_by(books::id).for_share(),
            vec![row![4, "Dune"], row![5, "Children of Dune"]],
        ),
        Feature::LockNoWait => {
            Sample::locked(select([books::id]).filter(books::id.eq(5)).for_update().nowait(), ids([5]))
        }
        Feature::LockSkipLocked => Sample::locked(
            select([books::id]).filter(books::year.is_null()).order_by(books::id).limit(1).for_update().skip_locked(),
            ids([5]),
        ),
        Feature::LockAggregatedRows => Sample::locked(
            select((books::author_id, func::count_star()))
                .group_by([books::author_id])
                .order_by(books::author_id)
                .for_update(),
            vec![row![1, 3], row![2, 2], row![3, 2], row![4, 1]],
        ),
        // ----- aggregates and windows -------------------------------------------------------
        Feature::AggregateFilter => Sample::query(
            select((
                func::count_star().filter_where(books::year.is_null()),
                func::sum(books::price_cents).filter_where(books::author_id.eq(2)),
            ))
            .from(books::table()),
            vec![row![2, 2298]],
        ),
        Feature::FrameOnRankingFunction => Sample::query(
            select((
                books::id,
                func::row_number()
                    .over(
                        Window::new()
                            .order_by(books::id)
                            .rows_between(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
                    )
                    .label("n"),
            ))
            .filter(books::author_id.eq(1))
            .order_by(books::id),
            vec![row![1, 1], row![2, 2], row![3, 3]],
        ),
        // The line number is generated across orders.
        Feature::AutoincrementOutsideSoleKey => {
            let add = |order: i64, note: &str| {
                insert(lines::table()).columns([lines::order_id, lines::note]).row((order, note.to_string()))
            };
            Sample::write(
                CreateTable::new(lines::table()),
                select((lines::order_id, lines::line, lines::note)).order_by(lines::line),
                vec![row![7, 1, "first"], row![7, 2, "second"], row![8, 3, "third"]],
            )
            .after(add(7, "first"))
            .after(add(7, "second"))
            .after(add(8, "third"))
        }
        _ => return None,
    })
}

/// The sample of `f`; check 1 has asserted there is one.
fn sample_of(f: Feature) -> Sample {
    sample(f).unwrap_or_else(|| panic!("no sample for {f:?}"))
}

// ----- helpers ---------------------------------------------------------------------------------

/// SQL with the differences every dialect has anyway made alike: `$n` placeholders as `?`,
/// backquoted identifiers double-quoted.
fn normalized(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.next_if(char::is_ascii_digit).is_some() {}
                out.push('?');
            }
            '`' => out.push('"'),
            _ => out.push(ch),
        }
    }
    out
}

fn label_of(s: Support) -> String {
    match s {
        Support::Native => "native".into(),
        Support::Emulated(how) => format!("emulated ({how:?})"),
        Support::Unsupported(_) => "unsupported".into(),
    }
}

fn sorted<T: std::fmt::Debug>(mut v: Vec<T>) -> Vec<T> {
    v.sort_by_key(|x| format!("{x:?}"));
    v
}

fn values(rows: Vec<Row>) -> Rows {
    rows.into_iter().map(|r| normalize_row(r.into_values())).collect()
}

/// Runs `sample` on `conn`; returns the rows to compare, or what failed.
fn run(conn: &mut dyn Connection, sample: &Sample) -> std::result::Result<Rows, String> {
    for stmt in &sample.before {
        conn.execute(stmt.as_ref()).map_err(|e| format!("before: {e}"))?;
    }
    let mut rows = match sample.how {
        How::Query => values(conn.all(sample.stmt.as_ref()).map_err(|e| format!("statement: {e}"))?),
        How::Execute => {
            conn.execute(sample.stmt.as_ref()).map_err(|e| format!("statement: {e}"))?;
            Vec::new()
        }
        How::Locked => {
            let mut tx = Transaction::begin(conn).map_err(|e| format!("BEGIN: {e}"))?;
            let rows = tx.all(sample.stmt.as_ref()).map_err(|e| format!("locking query: {e}"))?;
            if tx.transaction_depth() != 1 {
                return Err("the lock was not taken inside a transaction".into());
            }
            tx.commit().map_err(|e| format!("COMMIT: {e}"))?;
            values(rows)
        }
    };
    for stmt in &sample.after {
        conn.execute(stmt.as_ref()).map_err(|e| format!("after: {e}"))?;
    }
    for stmt in &sample.refused {
        match conn.execute(stmt.as_ref()) {
            Err(Error::Integrity(_) | Error::Database(_)) => {}
            other => return Err(format!("expected the engine to refuse a statement, got {other:?}")),
        }
    }
    if let Some(check) = &sample.check {
        rows.extend(values(conn.all(check.as_ref()).map_err(|e| format!("check: {e}"))?));
    }
    Ok(rows)
}

/// A fresh fixture connection to `engine`, or `None` when this run has no such server.
fn connect(engine: &str) -> Option<Box<dyn Connection>> {
    engines().into_iter().find(|(name, _)| *name == engine).map(|(_, conn)| conn)
}

// ----- 1. every feature has a sample -----------------------------------------------------------

#[test]
fn every_feature_has_a_sample() {
    let missing: Vec<Feature> = Feature::ALL.iter().copied().filter(|f| sample(*f).is_none()).collect();
    assert!(missing.is_empty(), "features without a sample in tests/support_matrix.rs: {missing:?}");
    // The matrix covers every dialect of the generated doc.
    let labels: Vec<String> = matrix().iter().map(|(_, d, _)| d.describe()).collect();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/feature-matrix.md"))
        .expect("read docs/feature-matrix.md");
    let documented: Vec<&str> = doc.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    assert_eq!(labels, documented, "the dialects here are those of docs/feature-matrix.md");
}

// ----- 2. unsupported: Error::Unsupported -------------------------------------------------------

#[test]
fn unsupported_features_refuse_to_compile() {
    let mut compiled_anyway = Vec::new();
    let mut checked = 0;
    for &f in Feature::ALL {
        for (label, dialect, live) in matrix() {
            let Support::Unsupported(matrix_hint) = dialect.support(f) else { continue };
            checked += 1;
            match sample_of(f).stmt.compile(dialect.as_ref()) {
                Err(Error::Unsupported(e)) => {
                    assert!(
                        e.dialect.starts_with(dialect.name()),
                        "{f:?} on {label}: the error names the dialect: {}",
                        e.dialect
                    );
                    assert!(!e.hint.is_empty(), "{f:?} on {label}: the error carries a hint");
                    if e.feature != f.as_str() {
                        // Another construct of the sample is refused first; still the promise.
                        eprintln!("{f:?} on {label}: refused as `{}` ({}), matrix: {matrix_hint}", e.feature, e.hint);
                    }
                }
                Err(other) => panic!("{f:?} on {label}: expected Error::Unsupported, got {other}"),
                Ok(c) => {
                    eprintln!("{f:?} on {label}: unsupported, yet compiles: {}", c.sql);
                    compiled_anyway.push((f, label));
                    // Where an engine is at hand, it must reject what the matrix calls unsupported.
                    if let Some(mut conn) = live.and_then(connect) {
                        let outcome = run(conn.as_mut(), &sample_of(f));
                        assert!(outcome.is_err(), "{f:?} on {label}: the engine ran it: {outcome:?}");
                        eprintln!("  the engine rejects it: {}", outcome.unwrap_err());
                    }
                }
            }
        }
    }
    assert!(checked > 0);
    assert_eq!(
        sorted(compiled_anyway),
        sorted(COMPILES_THOUGH_UNSUPPORTED.to_vec()),
        "unsupported features whose sample compiles (update COMPILES_THOUGH_UNSUPPORTED only with the reason)"
    );
}

// ----- 3. native or emulated: compiles ----------------------------------------------------------

#[test]
fn native_and_emulated_features_compile() {
    let mut refused = Vec::new();
    for &f in Feature::ALL {
        for (label, dialect, _) in matrix() {
            let support = dialect.support(f);
            if let Support::Unsupported(_) = support {
                continue;
            }
            match sample_of(f).stmt.compile(dialect.as_ref()) {
                Ok(_) => {}
                Err(Error::Unsupported(e)) => {
                    eprintln!("{f:?} on {label}: {} yet refused: {e}", label_of(support));
                    refused.push((f, label, e.feature));
                }
                Err(other) => panic!("{f:?} on {label}: {} yet fails to compile: {other}", label_of(support)),
            }
        }
    }
    assert_eq!(
        sorted(refused),
        sorted(REFUSED_THOUGH_SUPPORTED.to_vec()),
        "native / emulated features whose sample is refused (update REFUSED_THOUGH_SUPPORTED only with the reason)"
    );
}

// ----- 4. emulated: a rewrite of the native SQL --------------------------------------------------

#[test]
fn emulations_write_other_sql_than_the_native_form() {
    let mut same = Vec::new();
    let mut alone = Vec::new();
    let mut compared = 0;
    for &f in Feature::ALL {
        let stmt = sample_of(f).stmt;
        let dialects = matrix();
        let sql_on = |d: &dyn Dialect| stmt.compile(d).ok().map(|c| normalized(&c.sql));
        for (label, dialect, _) in &dialects {
            let Support::Emulated(how) = dialect.support(f) else { continue };
            let Some(emulated) = sql_on(dialect.as_ref()) else { continue }; // check 3's business
            if !dialects.iter().any(|(_, d, _)| d.support(f) == Support::Native) {
                alone.push((f, *label));
            }
            for (native_label, native, _) in &dialects {
                if native.support(f) != Support::Native {
                    continue;
                }
                let Some(native_sql) = sql_on(native.as_ref()) else { continue };
                compared += 1;
                if emulated == native_sql {
                    eprintln!("{f:?}: {label} emulates ({how:?}) with {native_label}'s native SQL: {emulated}");
                    same.push((f, *label, *native_label));
                }
            }
        }
    }
    assert!(compared > 0);
    assert_eq!(
        sorted(same),
        sorted(SAME_SQL_AS_NATIVE.to_vec()),
        "emulations that write the native SQL (update SAME_SQL_AS_NATIVE only with the reason)"
    );
    assert_eq!(
        sorted(alone),
        sorted(NO_NATIVE_TO_COMPARE.to_vec()),
        "emulations without a native dialect to compare with (update NO_NATIVE_TO_COMPARE only with the reason)"
    );
}

// ----- 5. on the engines: the expected rows, emulated as native -----------------------------------

/// What one feature's sample did on the live engines.
struct Outcome {
    feature: Feature,
    /// (engine, its dialect's support, the rows).
    ran: Vec<(&'static str, Support, Rows)>,
    /// Engines that support the feature but did not run the sample.
    skipped: Vec<&'static str>,
}

fn run_feature(f: Feature) -> Outcome {
    let mut outcome = Outcome { feature: f, ran: Vec::new(), skipped: Vec::new() };
    let matrix = matrix();
    // One fresh fixture per engine (an unreachable server is skipped by `engines` itself,
    // or fails the run under SQLCORE_REQUIRE_SERVERS=1).
    for (engine, mut conn) in engines() {
        let Some((label, dialect, _)) = matrix.iter().find(|(_, _, live)| *live == Some(engine)) else {
            panic!("no dialect of the matrix for the engine {engine}");
        };
        let support = dialect.support(f);
        // The engine's own dialect is the one of the matrix: same support, same SQL.
        assert_eq!(conn.dialect().support(f), support, "{f:?}: {engine}'s connection dialect vs {label}");
        if let Support::Unsupported(_) = support {
            continue; // refused at compile time: check 2
        }
        let sample = sample_of(f);
        let compiled = match sample.stmt.compile(dialect.as_ref()) {
            Ok(compiled) => compiled,
            Err(Error::Unsupported(_)) => {
                outcome.skipped.push(engine); // refused although supported: check 3
                continue;
            }
            Err(e) => panic!("{f:?} on {engine}: {e}"),
        };
        let on_conn = sample.stmt.compile(conn.dialect()).expect("compiles on the connection's dialect");
        assert_eq!(on_conn.sql, compiled.sql, "{f:?}: {engine}'s connection writes other SQL than {label}");
        match run(conn.as_mut(), &sample) {
            Ok(rows) => {
                assert_eq!(rows, sample.expected, "{f:?} on {engine} ({}): {}", label_of(support), compiled.sql);
                outcome.ran.push((engine, support, rows));
            }
            Err(e) => panic!("{f:?} on {engine} ({}): {e}\n  SQL: {}", label_of(support), compiled.sql),
        }
    }
    outcome
}

#[test]
fn every_sample_runs_on_its_engines_with_the_expected_rows() {
    // A thread per feature, each with fresh fixture databases of its own; a few at a time, to
    // stay well inside the servers' connection limits.
    let mut outcomes: Vec<Outcome> = Vec::new();
    for chunk in Feature::ALL.chunks(8) {
        std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|&f| s.spawn(move || run_feature(f))).collect();
            for h in handles {
                outcomes.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
        });
    }
    let mut skipped = Vec::new();
    let (mut runs, mut emulated_compared) = (0, 0);
    for o in &outcomes {
        let ran: Vec<String> = o.ran.iter().map(|(e, s, _)| format!("{e} {}", label_of(*s))).collect();
        eprintln!("{:?}: ran on {}", o.feature, if ran.is_empty() { "no engine".into() } else { ran.join(", ") });
        skipped.extend(o.skipped.iter().map(|e| (o.feature, *e)));
        runs += o.ran.len();
        // An emulation's rows are the native form's rows, where an engine has it natively.
        for (engine, support, rows) in &o.ran {
            let Support::Emulated(how) = support else { continue };
            for (native_engine, native_support, native_rows) in &o.ran {
                if *native_support == Support::Native {
                    assert_eq!(rows, native_rows, "{:?}: {engine} ({how:?}) vs native {native_engine}", o.feature);
                    emulated_compared += 1;
                }
            }
        }
    }
    eprintln!("{runs} runs on live engines, {emulated_compared} emulated-vs-native row comparisons");
    assert!(runs > 0);
    assert_eq!(
        sorted(skipped),
        sorted(ENGINE_SKIPS.to_vec()),
        "engines that support a feature but did not run its sample (update ENGINE_SKIPS only with the reason)"
    );
}
