//! A fourth dialect defined outside sqlcore and its dialect crates, with no edit to core files:
//! its own reserved word, its own savepoint syntax, a bind hook whose placeholder depends on
//! the value, and a TOP-style row limit. It passes the compile property (every generated
//! statement compiles to SQL that sqlparser reads, with placeholders matching parameters, or
//! to a documented error) and the cache property (the statement cache answers what a fresh
//! compile does), which is the proof that every dialect decision is the Dialect's.

use sqlcore::compile::{Compiler, Dialect, ReservedWords, STANDARD_RESERVED, TransactionStep, Version, generic};
use sqlcore::expr::typing::TypeKind;
use sqlcore::prelude::*;
use sqlcore::stmt::Select;
use sqlcore_props::spec::StmtSpec;

/// The words "topsql" reserves: the standard ones and one of its own.
static TOPSQL_RESERVED: ReservedWords = ReservedWords::extending(&STANDARD_RESERVED, &["widget"]);

/// A float this large or larger is bound with a cast (`CAST(? AS DOUBLE PRECISION)`).
const LARGE_FLOAT: f64 = 1e15;

fn large(value: &Value) -> bool {
    matches!(value, Value::Float(f) if f.abs() >= LARGE_FLOAT)
}

/// An engine that limits rows with `SELECT TOP (n)`, names savepoints `SAVE TRANSACTION`, and
/// binds a large float in an expression with a cast.
#[derive(Debug, Default)]
struct TopSql;

impl Dialect for TopSql {
    fn name(&self) -> &'static str {
        "topsql"
    }

    fn version(&self) -> Version {
        Version(1, 0, 0)
    }

    fn supports_statement_cache(&self) -> bool {
        true
    }

    fn reserved_words(&self) -> &'static ReservedWords {
        &TOPSQL_RESERVED
    }

    fn transaction_sql(&self, out: &mut String, step: TransactionStep) {
        match step {
            TransactionStep::Begin => out.push_str("BEGIN TRANSACTION"),
            TransactionStep::Savepoint(n) => out.push_str(&format!("SAVE TRANSACTION sp{n}")),
            // Savepoints are released with their transaction.
            TransactionStep::Release(_) => out.push_str("SELECT 1"),
            TransactionStep::RollbackTo(n) => out.push_str(&format!("ROLLBACK TRANSACTION sp{n}")),
            other => sqlcore::compile::transaction::transaction_sql(out, other),
        }
    }

    /// The value decides the placeholder: a large float is cast. The cache must key it.
    fn bind_in_expression(&self, c: &mut Compiler<'_>, value: &Value, _meets: Option<TypeKind>) -> Result<()> {
        if large(value) {
            c.push("CAST(");
            c.bind(value)?;
            c.push(" AS DOUBLE PRECISION)");
            Ok(())
        } else {
            c.bind(value)
        }
    }

    fn cache_value_class(&self, value: &Value) -> u8 {
        if large(value) { 100 } else { generic::value_class(value) }
    }

    fn select_head(&self, c: &mut Compiler<'_>, select: &Select) -> Result<()> {
        if select.offset.is_some() {
            return Err(c.unsupported("OFFSET", "topsql has no OFFSET: page by a key instead"));
        }
        if !select.distinct_on.is_empty() {
            return Err(c.unsupported("DISTINCT ON", "topsql has no DISTINCT ON"));
        }
        c.push(if select.distinct { "SELECT DISTINCT " } else { "SELECT " });
        if let Some(limit) = &select.limit {
            c.push("TOP (");
            c.expr(limit)?;
            c.push(") ");
        }
        Ok(())
    }

    fn select_tail(&self, c: &mut Compiler<'_>, select: &Select) -> Result<()> {
        if select.lock.is_some() {
            return Err(c.unsupported("FOR UPDATE", "topsql locks with table hints"));
        }
        Ok(())
    }

    /// LIMIT anywhere else (a set operation's, an emulation's derived table): refused.
    fn limit_offset(&self, c: &mut Compiler<'_>, _limit: Option<&Expr>, _offset: Option<&Expr>) -> Result<()> {
        Err(c.unsupported("LIMIT outside a plain SELECT", "topsql limits only a SELECT, with TOP"))
    }
}

sqlcore::table! {
    pub parts {
        id: Integer => primary_key();
        widget: Text;
        name: Text;
        weight: Double;
    }
}

#[test]
fn its_reserved_word_is_quoted_there_and_nowhere_else() {
    let q = select([parts::widget]).filter(parts::id.eq(1));
    assert_eq!(q.compile(&TopSql).unwrap().sql, "SELECT \"widget\" FROM parts WHERE id = ?");
    assert_eq!(
        q.compile(&sqlcore_sqlite::SqliteDialect::default()).unwrap().sql,
        "SELECT widget FROM parts WHERE id = ?"
    );
    // A word reserved everywhere stays quoted.
    let q = select([col("order")]).from(parts::table());
    assert_eq!(q.compile(&TopSql).unwrap().sql, "SELECT \"order\" FROM parts");
}

#[test]
fn its_row_limit_comes_first_and_binds_in_order() {
    let q = select([parts::name]).filter(parts::name.eq("gear")).order_by(parts::id).limit(5);
    let c = q.compile(&TopSql).unwrap();
    assert_eq!(c.sql, "SELECT TOP (?) name FROM parts WHERE name = ? ORDER BY id");
    assert_eq!(c.params, vec![Value::Int(5), Value::from("gear")]);
    let err = select([parts::name]).limit(5).offset(10).compile(&TopSql).unwrap_err();
    assert!(err.is_unsupported(), "{err}");
}

#[test]
fn the_cache_keys_what_its_bind_hook_looks_at() {
    let mut cache = sqlcore::cache::StatementCache::new(TopSql, 16);
    let lookup = |w: f64| select([parts::id]).filter(parts::weight.gt(w)).limit(3);
    let small = cache.compile(&lookup(2.5)).unwrap();
    assert_eq!(small.sql(), "SELECT TOP (?) id FROM parts WHERE weight > ?");
    let big = cache.compile(&lookup(1e20)).unwrap();
    assert_eq!(big.sql(), "SELECT TOP (?) id FROM parts WHERE weight > CAST(? AS DOUBLE PRECISION)");
    assert_eq!(big.params(), &[Value::Int(3), Value::Float(1e20)]);
    let again = cache.compile(&lookup(7.5)).unwrap();
    assert_eq!(again.sql(), small.sql());
    assert_eq!(again.params(), &[Value::Int(3), Value::Float(7.5)]);
    assert_eq!(cache.stats().hits, 1, "{:?}", cache.stats());
}

/// A hook that writes a value's text (`push_int`) makes the statement uncacheable: the
/// review's `LIMIT 500` served as `LIMIT 5`.
#[test]
fn a_hook_writing_a_value_into_the_sql_is_never_served_stale() {
    #[derive(Debug)]
    struct InlineLimit;
    impl Dialect for InlineLimit {
        fn name(&self) -> &'static str {
            "inline-limit"
        }
        fn version(&self) -> Version {
            Version(1, 0, 0)
        }
        fn supports_statement_cache(&self) -> bool {
            true
        }
        fn limit_offset(&self, c: &mut Compiler<'_>, limit: Option<&Expr>, _offset: Option<&Expr>) -> Result<()> {
            if let Some(Expr::Value(Value::Int(n))) = limit {
                c.push(" LIMIT ");
                c.push_int(*n);
            }
            Ok(())
        }
    }
    let mut cache = sqlcore::cache::StatementCache::new(InlineLimit, 16);
    for n in [5_i64, 500, 7] {
        let q = select([parts::id]).limit(n);
        assert_eq!(cache.compile(&q).unwrap().sql(), format!("SELECT id FROM parts LIMIT {n}"));
    }
    assert_eq!(cache.stats().hits, 0);
}

/// Its savepoint syntax is what `Transaction` runs.
#[test]
fn transactions_use_its_savepoint_syntax() {
    #[derive(Default)]
    struct Recording(Vec<String>);
    impl Connection for Recording {
        fn dialect(&self) -> &dyn Dialect {
            &TopSql
        }
        fn execute_sql(&mut self, _sql: &str, _params: &[Value]) -> Result<u64> {
            Ok(0)
        }
        fn query_sql(&mut self, _sql: &str, _params: &[Value]) -> Result<Vec<Row>> {
            Ok(Vec::new())
        }
        fn execute_raw(&mut self, sql: &str) -> Result<()> {
            self.0.push(sql.to_string());
            Ok(())
        }
    }
    let mut conn = Recording::default();
    {
        let mut tx = conn.transaction().unwrap();
        {
            let inner = tx.transaction().unwrap();
            inner.rollback().unwrap();
        }
        let inner = tx.transaction().unwrap();
        inner.commit().unwrap();
        tx.commit().unwrap();
    }
    assert_eq!(
        conn.0,
        [
            "BEGIN TRANSACTION",
            "SAVE TRANSACTION sp2",
            "ROLLBACK TRANSACTION sp2",
            "SELECT 1",
            "SAVE TRANSACTION sp2",
            "SELECT 1",
            "COMMIT"
        ]
    );
}

fn case_count(default: usize) -> usize {
    std::env::var("SQLCORE_PROPS_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn it_passes_the_compile_property() {
    let target = sqlcore_props::compile::Target {
        name: "topsql",
        dialect: Box::new(TopSql),
        numbered: false,
        backslash_escapes: false,
    };
    let (mut ok, mut refused, mut failures) = (0, 0, Vec::new());
    for (i, spec) in sqlcore_props::cases::<StmtSpec>(0x70b_5e1, case_count(1500), 1024) {
        let Ok(built) = sqlcore_props::build::build(&spec) else { continue };
        match built.as_compile().compile(&TopSql) {
            Ok(compiled) => {
                ok += 1;
                if let Err(v) = sqlcore_props::compile::check_compiled(&target, &compiled) {
                    failures.push(format!("case {i}: {v}"));
                }
            }
            Err(e) if sqlcore_props::compile::allowed_error(&e) => refused += 1,
            Err(e) => failures.push(format!("case {i}: unexpected error {e:?}")),
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
    assert!(ok > refused, "only {ok} of {} cases compiled", ok + refused);
}

#[test]
fn it_passes_the_cache_property() {
    let mut cache = sqlcore::cache::StatementCache::new(TopSql, 32);
    let mut failures = Vec::new();
    for (i, spec) in sqlcore_props::cases::<StmtSpec>(0x70b_ca5e, case_count(1500), 1024) {
        for _ in 0..2 {
            let Ok(built) = sqlcore_props::build::build(&spec) else { continue };
            if let Err(v) = sqlcore_props::cache::same(&mut cache, "topsql", built.as_compile()) {
                failures.push(format!("case {i}: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
    assert!(cache.stats().hits > 100, "{:?}", cache.stats());
}
