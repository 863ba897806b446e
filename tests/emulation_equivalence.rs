//! Every emulation returns the same rows as the native form, on an engine that has both: the
//! statement is compiled once with the engine's dialect (native) and once with the same
//! dialect told to emulate the construct, and both run on that engine.

#[macro_use]
mod common;
use common::*;
use sqlcore::compile::{Compiler, Dialect, Emulation, Feature, Support, Version};
use sqlcore::expr::Window;
use sqlcore::func;
use sqlcore::prelude::*;

/// A dialect that is `inner` in every way, except that the `emulated` features are emulated
/// (and DELETE ... USING is SQLite's EXISTS rewrite).
#[derive(Debug)]
struct Emulating<'a> {
    inner: &'a dyn Dialect,
    emulated: &'static [Feature],
}

impl Dialect for Emulating<'_> {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn version(&self) -> Version {
        self.inner.version()
    }
    fn support(&self, feature: Feature) -> Support {
        if self.emulated.contains(&feature) {
            Support::Emulated(Emulation::Other("forced by the test"))
        } else {
            self.inner.support(feature)
        }
    }
    fn nulls_sort_low(&self) -> bool {
        self.inner.nulls_sort_low()
    }
    fn quote_identifier(&self, out: &mut String, ident: &str) {
        self.inner.quote_identifier(out, ident)
    }
    fn placeholder(&self, out: &mut String, n: usize) {
        self.inner.placeholder(out, n)
    }
    fn literal(&self, out: &mut String, value: &Value) -> Result<()> {
        self.inner.literal(out, value)
    }
    fn function_name(&self, f: sqlcore::expr::KnownFunc) -> &'static str {
        self.inner.function_name(f)
    }
    fn bind_in_expression(
        &self,
        c: &mut Compiler<'_>,
        value: &Value,
        meets: Option<sqlcore::expr::typing::TypeKind>,
    ) -> Result<()> {
        self.inner.bind_in_expression(c, value, meets)
    }
    fn bind_untyped(&self, c: &mut Compiler<'_>, value: &Value) -> Result<()> {
        self.inner.bind_untyped(c, value)
    }
    fn delete(&self, c: &mut Compiler<'_>, delete: &sqlcore::stmt::Delete) -> Result<()> {
        if self.emulated.contains(&Feature::DeleteUsing) {
            sqlcore::compile::dml::delete_using_exists(c, delete)
        } else {
            self.inner.delete(c, delete)
        }
    }
}

/// Runs `stmt` natively and emulating `features` on every engine that has the construct
/// natively, and asserts the rows (or the rows `check` reads after a write) are the same.
fn same_rows(stmt: &dyn Compile, features: &'static [Feature], check: Option<&dyn Compile>) {
    let mut compared = 0;
    for name in ["sqlite", "postgres"] {
        let run = |emulate: bool| -> Option<(String, Vec<Vec<Value>>)> {
            let mut conn = engines().into_iter().find(|(n, _)| *n == name)?.1;
            let native = conn.dialect().describe();
            let sql = if emulate {
                let d = Emulating { inner: conn.dialect(), emulated: features };
                stmt.compile(&d)
            } else {
                stmt.compile(conn.dialect())
            };
            let compiled = match sql {
                Ok(c) => c,
                Err(e) => panic!("{native}: {e}"),
            };
            let rows = match check {
                None => conn.query_compiled(&compiled).expect("the query runs"),
                Some(q) => {
                    conn.execute_compiled(&compiled).expect("the statement runs");
                    conn.all(q).expect("the check runs")
                }
            };
            Some((compiled.sql, rows.into_iter().map(|r| normalize_row(r.into_values())).collect()))
        };
        let (Some((native_sql, native)), Some((emulated_sql, emulated))) = (run(false), run(true)) else { continue };
        if native_sql == emulated_sql {
            continue; // the engine has no native form to compare with
        }
        assert_eq!(native, emulated, "{name}: native {native_sql}\n emulated {emulated_sql}");
        assert!(!native.is_empty(), "{name}: compare something");
        compared += 1;
    }
    assert!(compared > 0 || engines().len() == 1, "no engine ran both forms");
}

#[test]
fn nulls_first_and_last_emulation_sorts_like_the_native_clause() {
    for term in [
        books::year.asc().nulls_first(),
        books::year.asc().nulls_last(),
        books::year.desc().nulls_first(),
        books::year.desc().nulls_last(),
    ] {
        same_rows(&select([books::id]).order_by(term).order_by(books::id), &[Feature::NullsOrdering], None);
    }
}

#[test]
fn ilike_emulation_matches_like_the_native_operator() {
    same_rows(&select([books::id]).filter(books::title.ilike("%DUNE%")).order_by(books::id), &[Feature::ILike], None);
}

#[test]
fn filter_emulation_aggregates_like_the_native_clause() {
    let q = select((
        books::author_id,
        func::count_star().filter_where(books::year.is_null()),
        func::sum(books::price_cents).filter_where(books::price_cents.gt(1000)),
        func::count_distinct(books::year).filter_where(books::year.gt(1965)),
    ))
    .group_by([books::author_id])
    .order_by(books::author_id);
    same_rows(&q, &[Feature::AggregateFilter], None);
}

#[test]
fn distinct_on_emulation_keeps_the_rows_the_native_form_keeps() {
    let q = select((books::author_id, books::title))
        .distinct_on([books::author_id])
        .order_by(books::author_id)
        .order_by(books::year.desc().nulls_last())
        .order_by(books::id);
    // Emulating DISTINCT ON needs window functions, which both engines have.
    same_rows(&q, &[Feature::DistinctOn], None);
}

#[test]
fn delete_using_as_exists_deletes_the_rows_the_native_form_deletes() {
    let stmt = delete(books::table())
        .using(authors::table())
        .filter(books::author_id.eq(authors::id).and(authors::country.eq("US")));
    // Native DELETE ... USING runs on PostgreSQL only; the EXISTS form must leave the same rows.
    let check = select([books::id]).order_by(books::id);
    let mut conn = engines().into_iter().find(|(n, _)| *n == "postgres").map(|(_, c)| c);
    let Some(conn) = conn.as_mut() else { return };
    let native = stmt.compile(conn.dialect()).expect("compiles");
    let exists =
        stmt.compile(&Emulating { inner: conn.dialect(), emulated: &[Feature::DeleteUsing] }).expect("compiles");
    assert!(exists.sql.contains("WHERE EXISTS"), "{}", exists.sql);
    let mut left = Vec::new();
    for compiled in [native, exists] {
        let mut fresh = engines().into_iter().find(|(n, _)| *n == "postgres").map(|(_, c)| c).expect("postgres");
        assert_eq!(fresh.execute_compiled(&compiled).expect("runs"), 5, "{}", compiled.sql);
        left.push(fresh.all(&check).expect("check").into_iter().map(Row::into_values).collect::<Vec<_>>());
    }
    assert_eq!(left[0], left[1]);
    assert_eq!(left[0], vec![row![6], row![7], row![8]]);
}

#[test]
fn window_over_a_frame_is_native_everywhere() {
    // Not an emulation: a guard that the frame clause compiles the same on every dialect.
    let running =
        func::sum(books::price_cents).over(Window::new().partition_by([books::author_id]).order_by(books::id));
    let q = select((books::id, running.label("running"))).filter(books::author_id.eq(1)).order_by(books::id);
    assert_sql!(
        q,
        all: "SELECT id, SUM(price_cents) OVER (PARTITION BY author_id ORDER BY id) AS running FROM books WHERE author_id = ? ORDER BY id",
        params: [1]
    );
    assert_eq!(rows_on_every_engine(&q), vec![row![1, 899], row![2, 1998], row![3, 2997]]);
}
