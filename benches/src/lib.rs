//! The benchmark workload (`shared/bench-workload.md`): Q1..Q10 built from fixed inputs by
//! three contenders, each returning SQL text and parameters in its own types:
//!
//! * [`sqlcore_q`]: sqlcore, `sqlcore::Compiled`;
//! * [`seaquery_q`]: sea-query 1.0.2, `(String, sea_query::Values)`;
//! * [`baseline_q`]: the hand-written floor, `(String, Vec<Param>)`.
//!
//! [`normalize`] turns any of them into one comparable form for the SQL check in
//! `tests/workload_sql.rs`; [`run`] builds any (query, dialect, contender) by name, for the
//! test and the allocation report (the timed benchmarks call the functions directly).

pub mod baseline_q;
pub mod exec_data;
pub mod seaquery_q;
pub mod sqlcore_q;
pub mod workload;

pub use workload::{Db, Workload};

/// The statements, in order.
pub const QUERIES: [&str; 10] = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"];

/// The contenders, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contender {
    /// sqlcore.
    Sqlcore,
    /// sea-query 1.0.2.
    SeaQuery,
    /// The hand-written floor.
    Baseline,
}

impl Contender {
    /// All three.
    pub const ALL: [Contender; 3] = [Contender::Sqlcore, Contender::SeaQuery, Contender::Baseline];

    /// The name used in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Contender::Sqlcore => "sqlcore",
            Contender::SeaQuery => "sea-query",
            Contender::Baseline => "baseline",
        }
    }
}

/// A parameter in a form every contender maps onto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NParam {
    /// NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
    /// Anything else (shown as its debug form, never equal to a workload value).
    Other(String),
}

/// SQL and parameters in comparable form.
pub mod normalize {
    use super::NParam;

    /// Collapses whitespace, drops identifier quotes (`"` and `` ` ``), the blank before an
    /// opening parenthesis and the blanks just inside parentheses (`EXISTS (SELECT` and
    /// `OVER ( PARTITION BY x )` read as `EXISTS(SELECT` and `OVER(PARTITION BY x)`). Only
    /// whitespace and quotes change.
    pub fn sql(s: &str) -> String {
        let unquoted: String = s.chars().filter(|&c| c != '"' && c != '`').collect();
        let collapsed = unquoted.split_whitespace().collect::<Vec<_>>().join(" ");
        collapsed.replace("( ", "(").replace(" )", ")").replace(" (", "(")
    }

    /// sqlcore's parameters.
    pub fn sqlcore(params: &[sqlcore::Value]) -> Vec<NParam> {
        params
            .iter()
            .map(|v| match v {
                sqlcore::Value::Null => NParam::Null,
                sqlcore::Value::Bool(b) => NParam::Bool(*b),
                sqlcore::Value::Int(n) => NParam::Int(*n),
                sqlcore::Value::Text(s) => NParam::Text(s.to_string()),
                other => NParam::Other(format!("{other:?}")),
            })
            .collect()
    }

    /// sea-query's parameters.
    pub fn seaquery(values: &sea_query::Values) -> Vec<NParam> {
        use sea_query::Value as V;
        values
            .0
            .iter()
            .map(|v| match v {
                V::Bool(Some(b)) => NParam::Bool(*b),
                V::TinyInt(Some(n)) => NParam::Int(i64::from(*n)),
                V::SmallInt(Some(n)) => NParam::Int(i64::from(*n)),
                V::Int(Some(n)) => NParam::Int(i64::from(*n)),
                V::BigInt(Some(n)) => NParam::Int(*n),
                V::TinyUnsigned(Some(n)) => NParam::Int(i64::from(*n)),
                V::SmallUnsigned(Some(n)) => NParam::Int(i64::from(*n)),
                V::Unsigned(Some(n)) => NParam::Int(i64::from(*n)),
                V::BigUnsigned(Some(n)) => i64::try_from(*n).map_or(NParam::Other(n.to_string()), NParam::Int),
                V::String(Some(s)) => NParam::Text(s.clone()),
                V::Bool(None)
                | V::TinyInt(None)
                | V::SmallInt(None)
                | V::Int(None)
                | V::BigInt(None)
                | V::TinyUnsigned(None)
                | V::SmallUnsigned(None)
                | V::Unsigned(None)
                | V::BigUnsigned(None)
                | V::String(None) => NParam::Null,
                other => NParam::Other(format!("{other:?}")),
            })
            .collect()
    }

    /// The baseline's parameters.
    pub fn baseline(params: &[crate::baseline_q::Param]) -> Vec<NParam> {
        use crate::baseline_q::Param;
        params
            .iter()
            .map(|p| match p {
                Param::Null => NParam::Null,
                Param::Bool(b) => NParam::Bool(*b),
                Param::Int(n) => NParam::Int(*n),
                Param::Text(s) => NParam::Text(s.clone()),
            })
            .collect()
    }
}

/// Builds query `q` (`"q1"`..`"q10"`) for `db` with `contender` from the workload `w`, and
/// returns the raw SQL and the normalised parameters.
///
/// # Panics
/// On an unknown query name; sqlcore's compile error is returned as `Err`.
pub fn run(q: &str, db: Db, contender: Contender, w: &Workload) -> Result<(String, Vec<NParam>), String> {
    match contender {
        Contender::Sqlcore => {
            let c = run_sqlcore(q, db, w).map_err(|e| e.to_string())?;
            let params = normalize::sqlcore(&c.params);
            Ok((c.sql, params))
        }
        Contender::SeaQuery => {
            let (sql, values) = run_seaquery(q, db, w);
            Ok((sql, normalize::seaquery(&values)))
        }
        Contender::Baseline => {
            let (sql, params) = run_baseline(q, db, w);
            let params = normalize::baseline(&params);
            Ok((sql, params))
        }
    }
}

/// sqlcore's build of `q` by name.
///
/// # Panics
/// On an unknown query name.
pub fn run_sqlcore(q: &str, db: Db, w: &Workload) -> sqlcore::Result<sqlcore::Compiled> {
    use sqlcore_q as s;
    match q {
        "q1" => s::q1(db, &w.q1),
        "q2" => s::q2(db, &w.q2),
        "q3" => s::q3(db, &w.q3),
        "q4" => s::q4(db, &w.q4),
        "q5" => s::q5(db, &w.q5),
        "q6" => s::q6(db, &w.q6),
        "q7" => s::q7(db, &w.q7),
        "q8" => s::q8(db, &w.q8),
        "q9" => s::q9(db, &w.q9),
        "q10" => s::q10(db, &w.q10),
        other => panic!("unknown query {other}"),
    }
}

/// sea-query's build of `q` by name.
///
/// # Panics
/// On an unknown query name.
pub fn run_seaquery(q: &str, db: Db, w: &Workload) -> seaquery_q::Built {
    use seaquery_q as s;
    match q {
        "q1" => s::q1(db, &w.q1),
        "q2" => s::q2(db, &w.q2),
        "q3" => s::q3(db, &w.q3),
        "q4" => s::q4(db, &w.q4),
        "q5" => s::q5(db, &w.q5),
        "q6" => s::q6(db, &w.q6),
        "q7" => s::q7(db, &w.q7),
        "q8" => s::q8(db, &w.q8),
        "q9" => s::q9(db, &w.q9),
        "q10" => s::q10(db, &w.q10),
        other => panic!("unknown query {other}"),
    }
}

/// The baseline's build of `q` by name.
///
/// # Panics
/// On an unknown query name.
pub fn run_baseline(q: &str, db: Db, w: &Workload) -> baseline_q::Built {
    use baseline_q as s;
    match q {
        "q1" => s::q1(db, &w.q1),
        "q2" => s::q2(db, &w.q2),
        "q3" => s::q3(db, &w.q3),
        "q4" => s::q4(db, &w.q4),
        "q5" => s::q5(db, &w.q5),
        "q6" => s::q6(db, &w.q6),
        "q7" => s::q7(db, &w.q7),
        "q8" => s::q8(db, &w.q8),
        "q9" => s::q9(db, &w.q9),
        "q10" => s::q10(db, &w.q10),
        other => panic!("unknown query {other}"),
    }
}
