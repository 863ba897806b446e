//! Every contender emits the workload's SQL (`shared/bench-workload.md`) for every Qn on
//! PostgreSQL and SQLite, with the same parameters in the same order.
//!
//! SQL is compared after collapsing whitespace and dropping identifier quotes (and the
//! blanks just inside parentheses); parameters as NULL / bool / int / text. Each contender
//! has its own test, which lists every mismatch before failing.

use sqlcore_benches::{Contender, Db, NParam, QUERIES, Workload, normalize, run};

/// The PostgreSQL form of `q`, as the workload writes it (abbreviated blocks expanded).
fn expected_pg_sql(q: &str) -> String {
    match q {
        "q1" => "SELECT id, name, email FROM users WHERE id = $1".to_string(),
        "q2" => "SELECT u.id, u.name, COUNT(o.id) AS order_count, SUM(o.total_cents) AS revenue
                 FROM users AS u
                 INNER JOIN orders AS o ON o.user_id = u.id
                 INNER JOIN products AS p ON p.id = o.product_id
                 WHERE u.country = $1
                   AND p.category IN ($2, $3, $4, $5, $6)
                   AND u.email LIKE $7
                   AND o.created_at BETWEEN $8 AND $9
                 GROUP BY u.id, u.name
                 HAVING COUNT(o.id) > $10
                 ORDER BY revenue DESC, u.id ASC
                 LIMIT $11 OFFSET $12"
            .to_string(),
        "q3" => "SELECT u.id, u.name,
                        (SELECT COUNT(*) FROM orders AS o2 WHERE o2.user_id = u.id) AS order_count
                 FROM users AS u
                 WHERE u.is_active = $1
                   AND EXISTS (SELECT 1 FROM orders AS o
                               WHERE o.user_id = u.id AND o.status = $2 AND o.total_cents > $3)
                 ORDER BY u.id ASC
                 LIMIT $4"
            .to_string(),
        "q4" => "WITH RECURSIVE chain (id, manager_id, depth) AS (
                     SELECT id, manager_id, 0 FROM users WHERE id = $1
                     UNION ALL
                     SELECT u.id, u.manager_id, c.depth + 1
                     FROM users AS u
                     INNER JOIN chain AS c ON u.id = c.manager_id
                     WHERE c.depth < $2
                 )
                 SELECT id, manager_id, depth FROM chain ORDER BY depth ASC"
            .to_string(),
        "q5" => "SELECT o.id, o.user_id, o.total_cents,
                        ROW_NUMBER() OVER (PARTITION BY o.user_id ORDER BY o.created_at DESC) AS rn,
                        SUM(o.total_cents) OVER (PARTITION BY o.user_id ORDER BY o.created_at ASC) AS running_total
                 FROM orders AS o
                 WHERE o.status = $1
                 ORDER BY o.user_id ASC, rn ASC
                 LIMIT $2"
            .to_string(),
        "q6" => "INSERT INTO users (name, email, country, city, age, is_active, manager_id, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 RETURNING id"
            .to_string(),
        "q7" => {
            let rows: Vec<String> =
                (0..100).map(|i| format!("(${}, ${}, ${}, ${})", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4)).collect();
            format!("INSERT INTO orders (user_id, product_id, quantity, status) VALUES {}", rows.join(", "))
        }
        "q8" => "UPDATE orders SET status = $1, quantity = $2, total_cents = $3
                 WHERE (user_id = $4 AND status IN ($5, $6))
                    OR (created_at < $7 AND total_cents >= $8)"
            .to_string(),
        "q9" => {
            let terms: Vec<String> = (1..=50).map(|k| format!("id = ${k}")).collect();
            format!("SELECT id, name FROM users WHERE {}", terms.join(" OR "))
        }
        "q10" => {
            let mut e = "quantity + $1".to_string();
            for _ in 1..200 {
                e = format!("quantity + ({e})");
            }
            format!("SELECT {e} AS deep FROM orders WHERE id = $2")
        }
        other => panic!("unknown query {other}"),
    }
}

/// `$n` placeholders replaced by `?`.
fn to_sqlite(pg: &str) -> String {
    let mut out = String::with_capacity(pg.len());
    let mut chars = pg.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

fn expected_sql(q: &str, db: Db) -> String {
    let pg = expected_pg_sql(q);
    match db {
        Db::Pg => pg,
        Db::Sqlite => to_sqlite(&pg),
    }
}

fn int(n: i64) -> NParam {
    NParam::Int(n)
}

fn text(s: &str) -> NParam {
    NParam::Text(s.to_string())
}

/// The parameters of `q`, as the workload lists them.
fn expected_params(q: &str) -> Vec<NParam> {
    match q {
        "q1" => vec![int(4242)],
        "q2" => vec![
            text("DE"),
            text("books"),
            text("games"),
            text("garden"),
            text("music"),
            text("toys"),
            text("%@example.com"),
            int(1_600_000_000),
            int(1_650_000_000),
            int(1),
            int(20),
            int(10),
        ],
        "q3" => vec![NParam::Bool(true), text("shipped"), int(5000), int(50)],
        "q4" => vec![int(9876), int(20)],
        "q5" => vec![text("paid"), int(100)],
        "q6" => vec![
            text("Ada Lovelace"),
            text("ada@example.com"),
            text("GB"),
            text("London"),
            int(36),
            NParam::Bool(true),
            NParam::Null,
            int(1_700_000_000),
        ],
        "q7" => {
            let statuses = ["new", "paid", "shipped", "cancelled"];
            (0..100i64)
                .flat_map(|i| {
                    [
                        int(1 + (97 * i) % 10_000),
                        int(1 + (31 * i) % 1000),
                        int(1 + i % 5),
                        text(statuses[(i % 4) as usize]),
                    ]
                })
                .collect()
        }
        "q8" => {
            vec![text("cancelled"), int(0), int(0), int(77), text("new"), text("paid"), int(1_500_000_000), int(90_000)]
        }
        "q9" => (1..=50).map(|k| int(1 + 199 * (k - 1))).collect(),
        "q10" => vec![int(1), int(12_345)],
        other => panic!("unknown query {other}"),
    }
}

/// The first place two strings differ, with some context on each side.
fn first_difference(expected: &str, actual: &str) -> String {
    let at = expected.chars().zip(actual.chars()).take_while(|(a, b)| a == b).count();
    let window = |s: &str| -> String {
        let start = at.saturating_sub(40);
        s.chars().skip(start).take(100).collect()
    };
    format!(
        "first difference at char {at}:\n      expected: …{}…\n      actual:   …{}…",
        window(expected),
        window(actual)
    )
}

/// A real (not whitespace or quoting) difference between a contender's SQL and the
/// workload's, accepted because the contender cannot be changed: on `db` (both when `None`),
/// query `q`'s SQL has `theirs` where the workload has `workload` (PostgreSQL forms; `?` for
/// SQLite is derived). The check asserts the difference exactly, so if it goes away, or any
/// other appears, the test fails.
struct Deviation {
    q: &'static str,
    db: Option<Db>,
    workload: &'static str,
    theirs: &'static str,
}

/// sea-query 1.0.2's real differences from the workload.
const SEA_QUERY_DEVIATIONS: &[Deviation] = &[
    // A BETWEEN inside an AND chain is parenthesised (its precedence table treats BETWEEN as
    // not binding tighter than AND).
    Deviation {
        q: "q2",
        db: None,
        workload: "AND o.created_at BETWEEN $8 AND $9 GROUP BY",
        theirs: "AND (o.created_at BETWEEN $8 AND $9) GROUP BY",
    },
    // The PostgreSQL backend parenthesises the right operand of UNION ALL (SQLite's does not).
    Deviation {
        q: "q4",
        db: Some(Db::Pg),
        workload: "UNION ALL SELECT u.id, u.manager_id, c.depth + 1 FROM users AS u \
                   INNER JOIN chain AS c ON u.id = c.manager_id WHERE c.depth < $2)",
        theirs: "UNION ALL (SELECT u.id, u.manager_id, c.depth + 1 FROM users AS u \
                 INNER JOIN chain AS c ON u.id = c.manager_id WHERE c.depth < $2))",
    },
];

/// The expected SQL with `deviations` applied, normalised.
fn expected_for(q: &str, db: Db, deviations: &[Deviation]) -> Result<String, String> {
    let mut want = normalize::sql(&expected_sql(q, db));
    for d in deviations.iter().filter(|d| d.q == q && d.db.is_none_or(|x| x == db)) {
        let (workload, theirs) = match db {
            Db::Pg => (normalize::sql(d.workload), normalize::sql(d.theirs)),
            Db::Sqlite => (normalize::sql(&to_sqlite(d.workload)), normalize::sql(&to_sqlite(d.theirs))),
        };
        if want.matches(&workload).count() != 1 {
            return Err(format!("deviation fragment {workload:?} is not in the workload SQL exactly once"));
        }
        want = want.replace(&workload, &theirs);
    }
    Ok(want)
}

/// Checks one contender on every Qn and dialect; fails listing every mismatch.
fn check(contender: Contender, deviations: &[Deviation]) {
    let w = Workload::new();
    let mut failures = Vec::new();
    for q in QUERIES {
        for db in Db::ALL {
            let id = format!("{q}/{}/{}", db.name(), contender.name());
            let (raw_sql, params) = match run(q, db, contender, &w) {
                Ok(built) => built,
                Err(e) => {
                    failures.push(format!("{id}: build failed: {e}"));
                    continue;
                }
            };
            let want_sql = match expected_for(q, db, deviations) {
                Ok(sql) => sql,
                Err(e) => {
                    failures.push(format!("{id}: {e}"));
                    continue;
                }
            };
            let got_sql = normalize::sql(&raw_sql);
            if want_sql != got_sql {
                failures.push(format!(
                    "{id}: SQL differs\n    expected: {want_sql}\n    actual:   {got_sql}\n    raw:      {raw_sql}\n    {}",
                    first_difference(&want_sql, &got_sql)
                ));
            }
            let want_params = expected_params(q);
            if want_params != params {
                failures
                    .push(format!("{id}: parameters differ\n    expected: {want_params:?}\n    actual:   {params:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatch(es):\n\n{}\n", failures.len(), failures.join("\n\n"));
}

#[test]
fn baseline_emits_the_workload_sql() {
    check(Contender::Baseline, &[]);
}

#[test]
fn sqlcore_emits_the_workload_sql() {
    check(Contender::Sqlcore, SQLCORE_DEVIATIONS);
}

/// sqlcore's one deliberate difference: on SQLite, LIKE names backslash as its escape
/// character, so a pattern means the same as on PostgreSQL and MySQL (where `\` escapes by
/// default). Without it SQLite would read `\%` as a backslash and a wildcard.
const SQLCORE_DEVIATIONS: &[Deviation] = &[Deviation {
    q: "q2",
    db: Some(Db::Sqlite),
    workload: "AND u.email LIKE $7 AND",
    theirs: "AND u.email LIKE $7 ESCAPE '\\' AND",
}];

/// sea-query is held to the workload's SQL except for its listed deviations
/// ([`SEA_QUERY_DEVIATIONS`]), which are asserted exactly.
#[test]
fn sea_query_emits_the_workload_sql() {
    check(Contender::SeaQuery, SEA_QUERY_DEVIATIONS);
}

#[test]
fn normalisation_only_touches_whitespace_and_quotes() {
    assert_eq!(
        normalize::sql("SELECT  \"a\"\n FROM `t` WHERE EXISTS (SELECT 1) AND f( x ) OVER ( PARTITION BY x )"),
        "SELECT a FROM t WHERE EXISTS(SELECT 1) AND f(x) OVER(PARTITION BY x)"
    );
    assert_eq!(to_sqlite("a = $1 AND b IN ($2, $10)"), "a = ? AND b IN (?, ?)");
}
