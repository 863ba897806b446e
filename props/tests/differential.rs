//! The differential property on the stable toolchain: seeded random cases and hand-written
//! precedence regressions, each run through sqlcore, sea-query and the fully parenthesised
//! reference on SQLite.

use sqlcore_props::differential::{
    ArithOp, CmpOp, Column, DiffCase, DiffExpr, SEA_BETWEEN_LOWER_BOUND_AND, SEA_BETWEEN_UPPER_BOUND, check,
    known_sea_query_bug, minimize, run, to_sqlcore,
};

const SEED: u64 = 0x5EED_D1FF;

fn bx(e: DiffExpr) -> Box<DiffExpr> {
    Box::new(e)
}
fn a() -> DiffExpr {
    DiffExpr::col(Column::A)
}
fn b() -> DiffExpr {
    DiffExpr::col(Column::B)
}
fn c() -> DiffExpr {
    DiffExpr::col(Column::C)
}
fn d() -> DiffExpr {
    DiffExpr::col(Column::D)
}
fn arith(op: ArithOp, l: DiffExpr, r: DiffExpr) -> DiffExpr {
    DiffExpr::Arith(op, bx(l), bx(r))
}
fn sub(l: DiffExpr, r: DiffExpr) -> DiffExpr {
    arith(ArithOp::Sub, l, r)
}
fn add(l: DiffExpr, r: DiffExpr) -> DiffExpr {
    arith(ArithOp::Add, l, r)
}
fn cmp(op: CmpOp, l: DiffExpr, r: DiffExpr) -> DiffExpr {
    DiffExpr::Cmp(op, bx(l), bx(r))
}
fn eq(l: DiffExpr, r: DiffExpr) -> DiffExpr {
    cmp(CmpOp::Eq, l, r)
}
fn and(l: DiffExpr, r: DiffExpr) -> DiffExpr {
    DiffExpr::And(bx(l), bx(r))
}
fn or(l: DiffExpr, r: DiffExpr) -> DiffExpr {
    DiffExpr::Or(bx(l), bx(r))
}
fn not(e: DiffExpr) -> DiffExpr {
    DiffExpr::Not(bx(e))
}
fn neg(e: DiffExpr) -> DiffExpr {
    DiffExpr::Neg(bx(e))
}
fn concat(l: DiffExpr, r: DiffExpr) -> DiffExpr {
    DiffExpr::Concat(bx(l), bx(r))
}
fn between(e: DiffExpr, low: DiffExpr, high: DiffExpr, negated: bool) -> DiffExpr {
    DiffExpr::Between { expr: bx(e), low: bx(low), high: bx(high), negated }
}
fn is_null(e: DiffExpr) -> DiffExpr {
    DiffExpr::IsNull { expr: bx(e), negated: false }
}
fn like(e: DiffExpr, pattern: DiffExpr) -> DiffExpr {
    DiffExpr::Like { expr: bx(e), pattern: bx(pattern), negated: false }
}
fn in_list(e: DiffExpr, list: Vec<DiffExpr>, negated: bool) -> DiffExpr {
    DiffExpr::InList { expr: bx(e), list, negated }
}
fn int(i: i64) -> DiffExpr {
    DiffExpr::int(i)
}
fn text(s: &str) -> DiffExpr {
    DiffExpr::text(s)
}
fn truth() -> DiffExpr {
    eq(int(1), int(1))
}

/// Checks the case as both the predicate and the value (with the other side trivial), and
/// with every constant inlined as well as bound.
fn must_pass(e: DiffExpr) {
    for e in [e.clone(), inline_all(e)] {
        for case in [DiffCase::new(truth(), e.clone()), DiffCase::new(e.clone(), DiffExpr::col(Column::A))] {
            if let Err(v) = check(&case) {
                panic!("{v}");
            }
        }
    }
}

fn inline_all(e: DiffExpr) -> DiffExpr {
    let i = |e: Box<DiffExpr>| bx(inline_all(*e));
    match e {
        DiffExpr::Const { .. } => e.inline(),
        DiffExpr::Col(_) => e,
        DiffExpr::Arith(op, l, r) => DiffExpr::Arith(op, i(l), i(r)),
        DiffExpr::Neg(x) => DiffExpr::Neg(i(x)),
        DiffExpr::Concat(l, r) => DiffExpr::Concat(i(l), i(r)),
        DiffExpr::Cmp(op, l, r) => DiffExpr::Cmp(op, i(l), i(r)),
        DiffExpr::And(l, r) => DiffExpr::And(i(l), i(r)),
        DiffExpr::Or(l, r) => DiffExpr::Or(i(l), i(r)),
        DiffExpr::Not(x) => DiffExpr::Not(i(x)),
        DiffExpr::IsNull { expr, negated } => DiffExpr::IsNull { expr: i(expr), negated },
        DiffExpr::Between { expr, low, high, negated } => {
            DiffExpr::Between { expr: i(expr), low: i(low), high: i(high), negated }
        }
        DiffExpr::InList { expr, list, negated } => {
            DiffExpr::InList { expr: i(expr), list: list.into_iter().map(inline_all).collect(), negated }
        }
        DiffExpr::Like { expr, pattern, negated } => DiffExpr::Like { expr: i(expr), pattern: i(pattern), negated },
        DiffExpr::Case { whens, otherwise } => DiffExpr::Case {
            whens: whens.into_iter().map(|(w, t)| (inline_all(w), inline_all(t))).collect(),
            otherwise: otherwise.map(i),
        },
        DiffExpr::Coalesce(args) => DiffExpr::Coalesce(args.into_iter().map(inline_all).collect()),
    }
}

#[test]
fn random_cases_agree() {
    let mut n = 0;
    for (i, case) in sqlcore_props::cases::<DiffCase>(SEED, 2000, 512) {
        if let Err(v) = check(&case) {
            panic!("case {i} of seed {SEED:#x}: {v}");
        }
        n += 1;
    }
    assert!(n > 1900, "only {n} cases generated");
}

/// More cases from another seed, each disagreement minimised and printed (all of them, not
/// just the first), with how often each known sea-query bug changed the rows. 5,000 cases by
/// default (a second or two); for a long hunt run
/// `DIFF_CASES=500000 cargo test --release -p sqlcore-props --test differential -- --nocapture`
/// (`DIFF_SEED` changes the seed).
#[test]
fn many_random_cases_agree() {
    let n = std::env::var("DIFF_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let seed = std::env::var("DIFF_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(SEED ^ 0xABCD);
    let mut known = std::collections::BTreeMap::<&str, usize>::new();
    let mut failures = std::collections::BTreeMap::<String, (usize, String)>::new();
    let mut ran = 0;
    for (i, case) in sqlcore_props::cases::<DiffCase>(seed, n, 1024) {
        ran += 1;
        if let Err(v) = check(&case) {
            let sqlcore_wrong = v.detail.starts_with("sqlcore");
            let small =
                minimize(&case, &|c| check(c).err().is_some_and(|w| w.detail.starts_with("sqlcore") == sqlcore_wrong));
            let detail = check(&small).err().map_or_else(|| "(passes once minimised)".into(), |w| w.to_string());
            let entry = failures.entry(small.to_string()).or_insert((i, detail));
            entry.0 = entry.0.min(i);
            continue;
        }
        if let Some(bug) = known_sea_query_bug(&case) {
            let r = run(&case).expect("run");
            if !r.sea.agrees(&r.reference) {
                *known.entry(bug).or_default() += 1;
            }
        }
    }
    eprintln!("{ran} cases of seed {seed:#x}; known sea-query bugs that changed the rows: {known:#?}");
    for (case, (i, detail)) in &failures {
        eprintln!("\n=== first seen at case {i}: {case}\n{detail}");
    }
    assert!(failures.is_empty(), "{} distinct minimised disagreements", failures.len());
}

#[test]
fn precedence_regressions() {
    // a - (b - c), (a - b) - c, a - (-b)
    must_pass(sub(a(), sub(b(), int(1))));
    must_pass(sub(sub(a(), b()), int(1)));
    must_pass(sub(a(), neg(b())));
    must_pass(sub(a(), int(-3)));
    must_pass(arith(ArithOp::Div, a(), arith(ArithOp::Mul, b(), int(2))));
    must_pass(arith(ArithOp::Rem, a(), arith(ArithOp::Rem, b(), int(2))));
    must_pass(arith(ArithOp::Mul, add(a(), b()), int(2)));
    // -(a + b), -(-a), -(-3)
    must_pass(neg(add(a(), b())));
    must_pass(neg(neg(a())));
    must_pass(neg(int(-3)));
    must_pass(neg(DiffExpr::real(-0.5)));
    // NOT (a AND b), NOT (a = b) AND c, (a OR b) AND c, a OR (b AND c)
    must_pass(not(and(a(), b())));
    must_pass(and(not(eq(a(), b())), c()));
    must_pass(and(or(a(), b()), d()));
    must_pass(or(a(), and(b(), d())));
    must_pass(not(not(a())));
    must_pass(eq(not(a()), b()));
    // a || (b || c), (a || b) || c, a || b + 1, (a + b) || c, -(a || b)
    must_pass(concat(a(), concat(b(), c())));
    must_pass(concat(concat(a(), b()), c()));
    must_pass(add(concat(a(), b()), int(1)));
    must_pass(concat(add(a(), b()), c()));
    must_pass(neg(concat(a(), b())));
    must_pass(concat(int(-5), a()));
    must_pass(concat(a(), int(-5)));
    must_pass(concat(a(), neg(b())));
    // a = b = c, (a < b) = (c > d), comparisons under IS NULL, BETWEEN, IN, LIKE
    must_pass(eq(eq(a(), b()), int(1)));
    must_pass(eq(a(), eq(b(), int(1))));
    must_pass(cmp(CmpOp::Eq, cmp(CmpOp::Lt, a(), b()), cmp(CmpOp::Gt, d(), int(0))));
    must_pass(is_null(eq(a(), b())));
    must_pass(between(eq(a(), b()), int(0), int(1), false));
    must_pass(between(a(), eq(b(), int(0)), int(1), true));
    must_pass(in_list(eq(a(), b()), vec![int(0), DiffExpr::null()], false));
    must_pass(like(concat(c(), c()), concat(text("%"), text("c"))));
    must_pass(like(eq(a(), b()), text("1")));
    // NULL comparisons, empty IN lists
    must_pass(eq(a(), DiffExpr::null()));
    must_pass(cmp(CmpOp::Ne, DiffExpr::null(), a()));
    must_pass(in_list(a(), vec![], false));
    must_pass(in_list(a(), vec![], true));
    must_pass(not(in_list(a(), vec![], false)));
    // LIKE escapes and quotes
    must_pass(like(c(), text("\\%")));
    must_pass(like(c(), text("O'%")));
    must_pass(like(c(), text("x\\\\y")));
    must_pass(DiffExpr::Coalesce(vec![a(), b(), int(0)]));
    must_pass(DiffExpr::Case { whens: vec![(or(a(), b()), add(a(), b()))], otherwise: Some(bx(neg(d()))) });
    // extreme integers
    must_pass(neg(int(i64::MIN)));
    must_pass(sub(int(0), int(i64::MIN)));
    must_pass(add(int(i64::MAX), int(1)));
}

/// Found by the fuzz target in CI: `a % -(-d)` and `-(-0.5) % a` were compiled although `%`
/// of a non-integer is refused (`%` did not look through the negations), while `a % d` was
/// refused. A run of negations now has the kind of what it negates, for every operator.
#[test]
fn remainder_of_a_negated_fraction_is_refused_like_the_fraction() {
    let real = || DiffExpr::Const { value: sqlcore_props::differential::Const::Real(0.5), inline: false };
    must_pass(arith(ArithOp::Rem, a(), neg(neg(d()))));
    must_pass(arith(ArithOp::Rem, neg(neg(neg(real()))), a()));
    must_pass(arith(ArithOp::Rem, neg(a()), neg(int(2))));
    must_pass(neg(neg(neg(c()))));
    must_pass(arith(ArithOp::Rem, a(), neg(add(a(), real()))));
}

#[test]
fn known_sea_query_bugs_are_recognised_and_not_held_against_sqlcore() {
    let upper = DiffCase::new(between(a(), a(), eq(a(), a()), true), a());
    let upper_is_null = DiffCase::new(truth(), between(int(1), a(), is_null(b()), false));
    let lower = DiffCase::new(between(a(), and(a(), a()), a(), false), a());
    for (case, bug) in [
        (upper, SEA_BETWEEN_UPPER_BOUND),
        (upper_is_null, SEA_BETWEEN_UPPER_BOUND),
        (lower, SEA_BETWEEN_LOWER_BOUND_AND),
    ] {
        assert_eq!(known_sea_query_bug(&case), Some(bug), "{case}");
        let r = run(&case).expect("run");
        assert!(r.sqlcore.agrees(&r.reference), "{case}\n{r}");
        assert!(!r.sea.agrees(&r.reference), "sea-query fixed? {case}\n{r}");
        check(&case).expect("a known sea-query bug is not a violation");
    }
    // Bounds that need parentheses sea-query does write: not classified, and sea-query agrees.
    for e in [
        between(a(), eq(a(), b()), c(), false),
        between(a(), or(a(), b()), c(), false),
        between(a(), b(), and(c(), d()), true),
        between(a(), b(), or(c(), d()), false),
        between(a(), b(), not(c()), false),
        between(a(), b(), between(c(), d(), a(), false), false),
    ] {
        let case = DiffCase::new(e.clone(), a());
        assert_eq!(known_sea_query_bug(&case), None, "{case}");
        let r = run(&case).expect("run");
        assert!(r.sea.agrees(&r.reference) && r.sqlcore.agrees(&r.reference), "{case}\n{r}");
    }
}

#[test]
fn sqlcore_compiles_what_it_should() {
    // Spot checks that the tree maps onto sqlcore as intended (the SQL itself is checked by
    // running it).
    let e = to_sqlcore(&sub(a(), sub(b(), d())));
    assert_eq!(e.to_string(), "t.a - (t.b - t.d)");
}
