//! The differential property: a random expression tree is compiled by sqlcore and built by
//! sea-query, both run on the same SQLite database, and the rows must be the same.
//!
//! A [`DiffCase`] is a predicate (the WHERE) and a value (the select list) over a fixed table
//! [`t`] of twelve rows holding NULLs, zeros, negatives, equal values, the empty string and text
//! with quotes, `%`, `_` and `\`. Each case runs three statements on one in-memory SQLite
//! connection per thread:
//!
//! 1. sqlcore's, compiled for the connection's dialect and run through
//!    [`SqliteConnection`] (values bound or inlined as the tree says);
//! 2. sea-query's ([`SqliteQueryBuilder`](sq::SqliteQueryBuilder), values bound, converted to
//!    rusqlite values here);
//! 3. a reference written here, with every compound expression in parentheses and every
//!    constant bound, so that its meaning cannot depend on operator precedence.
//!
//! sqlcore must return what the reference returns: the same rows, with NULL, integer, real and
//! text kept apart (reals compared numerically), or an error on both. sea-query must too,
//! except for the known sea-query bugs that [`known_sea_query_bug`] recognises: there
//! sea-query's SQL means another tree, and the case is not held against sqlcore. A
//! disagreement of sea-query's that is not recognised is reported (naming sea-query as the side
//! that is wrong), so that a new class is looked at and added. [`minimize`] shrinks a failing
//! case to a small one.
//!
//! sea-query has no unary minus and no `||`: its side writes them as custom SQL (`-(x)`) and a
//! custom operator (always parenthesised), so for those two only the reference judges sqlcore.
//!
//! The tree means what sqlcore's API documents: `x = NULL` (a NULL constant on either side of
//! `=` / `<>`) is `x IS NULL` / `x IS NOT NULL`, an empty IN list is valid (false, or true for
//! NOT IN), and LIKE has `\` as its escape character. sea-query and the reference are built to
//! mean the same.

use std::cell::RefCell;
use std::fmt::{self, Write as _};

use arbitrary::{Arbitrary, Unstructured};
use rusqlite::types::{Value as SqlValue, ValueRef};
use sea_query::{self as sq, ExprTrait as _};
use sqlcore::expr::{ExprExt, IntoExpr as _};
use sqlcore::{Compile as _, Connection as _};
use sqlcore_sqlite::SqliteConnection;

use crate::Violation;

sqlcore::table! {
    /// The differential's table: `t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c TEXT, d REAL)`.
    pub t {
        id: Integer => primary_key();
        a: Integer;
        b: Integer;
        c: Text;
        d: Double;
    }
}

/// The table and its rows, created on each thread's connection.
pub const SETUP_SQL: &str = r"
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c TEXT, d REAL);
INSERT INTO t (id, a, b, c, d) VALUES
    (1, 1, 2, 'abc', 1.5),
    (2, NULL, 0, NULL, NULL),
    (3, 0, NULL, '', 0.0),
    (4, -3, -3, 'O''Brien', -2.5),
    (5, 2, 2, '100%', 2.0),
    (6, 5, -1, 'a_b', NULL),
    (7, NULL, NULL, 'ABC', -0.5),
    (8, 7, 3, 'x\y', 10000000000.0),
    (9, -1, 1, '10', 10.0),
    (10, 3, 7, ' abc ', 3.25),
    (11, 100, -100, '%', 0.1),
    (12, 0, 0, '_', -7.0);
";

/// How deep a generated tree may be (a leaf is depth 0).
pub const MAX_DEPTH: u32 = 6;

/// Integer constants the generator picks from.
pub const INTS: [i64; 14] = [0, 1, -1, 2, 3, -3, 5, 7, 10, 100, -100, 2_147_483_648, i64::MAX, i64::MIN];
/// Real constants the generator picks from.
pub const REALS: [f64; 9] = [0.5, -2.5, 1.5, 0.0, 2.0, 0.1, 1e10, -0.5, 1e300];
/// Text constants the generator picks from (also the LIKE patterns).
pub const TEXTS: [&str; 16] =
    ["", "abc", "ABC", "a%", "%b%", "_", "%", "O'Brien", "10", "x\\y", "\\%", "a_b", "%c", " abc ", "1e3", "-5"];

/// A column of [`t`].
#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `a INTEGER`
    A,
    /// `b INTEGER`
    B,
    /// `c TEXT`
    C,
    /// `d REAL`
    D,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::A => "a",
            Column::B => "b",
            Column::C => "c",
            Column::D => "d",
        }
    }

    fn handle(self) -> sqlcore::schema::Col {
        match self {
            Column::A => t::a,
            Column::B => t::b,
            Column::C => t::c,
            Column::D => t::d,
        }
    }
}

/// A constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    /// NULL
    Null,
    /// An integer.
    Int(i64),
    /// A real.
    Real(f64),
    /// Text.
    Text(String),
}

impl Const {
    fn to_sqlcore(&self) -> sqlcore::Value {
        match self {
            Const::Null => sqlcore::Value::Null,
            Const::Int(i) => sqlcore::Value::Int(*i),
            Const::Real(f) => sqlcore::Value::Float(*f),
            Const::Text(s) => sqlcore::Value::Text(s.into()),
        }
    }

    fn to_sea(&self) -> sq::Value {
        match self {
            Const::Null => sq::Value::BigInt(None),
            Const::Int(i) => sq::Value::BigInt(Some(*i)),
            Const::Real(f) => sq::Value::Double(Some(*f)),
            Const::Text(s) => sq::Value::String(Some(s.clone())),
        }
    }

    fn to_rusqlite(&self) -> SqlValue {
        match self {
            Const::Null => SqlValue::Null,
            Const::Int(i) => SqlValue::Integer(*i),
            Const::Real(f) => SqlValue::Real(*f),
            Const::Text(s) => SqlValue::Text(s.clone()),
        }
    }
}

/// `+ - * / %`
#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (integer division on integers; NULL when dividing by zero)
    Div,
    /// `%`
    Rem,
}

impl ArithOp {
    fn sql(self) -> &'static str {
        match self {
            ArithOp::Add => " + ",
            ArithOp::Sub => " - ",
            ArithOp::Mul => " * ",
            ArithOp::Div => " / ",
            ArithOp::Rem => " % ",
        }
    }
}

/// `= <> < <= > >=`
#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=` (`IS NULL` against a NULL constant)
    Eq,
    /// `<>` (`IS NOT NULL` against a NULL constant)
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    fn sql(self) -> &'static str {
        match self {
            CmpOp::Eq => " = ",
            CmpOp::Ne => " <> ",
            CmpOp::Lt => " < ",
            CmpOp::Le => " <= ",
            CmpOp::Gt => " > ",
            CmpOp::Ge => " >= ",
        }
    }
}

/// A random expression over [`t`]'s columns and small constants. Generated trees are at most
/// [`MAX_DEPTH`] deep; hand-built ones may be deeper.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffExpr {
    /// A column of `t`.
    Col(Column),
    /// A constant: written into the SQL by sqlcore when `inline` (`lit`, or the NULL keyword),
    /// bound otherwise (`val`). sea-query and the reference always bind.
    Const {
        /// The value.
        value: Const,
        /// Inline (a literal) rather than bound, on sqlcore's side.
        inline: bool,
    },
    /// `l op r`
    Arith(ArithOp, Box<DiffExpr>, Box<DiffExpr>),
    /// `-e`
    Neg(Box<DiffExpr>),
    /// `l || r`
    Concat(Box<DiffExpr>, Box<DiffExpr>),
    /// `l op r`; `=` / `<>` with a NULL constant on either side is `IS [NOT] NULL`.
    Cmp(CmpOp, Box<DiffExpr>, Box<DiffExpr>),
    /// `l AND r`
    And(Box<DiffExpr>, Box<DiffExpr>),
    /// `l OR r`
    Or(Box<DiffExpr>, Box<DiffExpr>),
    /// `NOT e`
    Not(Box<DiffExpr>),
    /// `e IS [NOT] NULL`
    IsNull {
        /// The tested expression.
        expr: Box<DiffExpr>,
        /// IS NOT NULL.
        negated: bool,
    },
    /// `e [NOT] BETWEEN low AND high`
    Between {
        /// The tested expression.
        expr: Box<DiffExpr>,
        /// Lower bound.
        low: Box<DiffExpr>,
        /// Upper bound.
        high: Box<DiffExpr>,
        /// NOT BETWEEN.
        negated: bool,
    },
    /// `e [NOT] IN (list)`, the list possibly empty.
    InList {
        /// The tested expression.
        expr: Box<DiffExpr>,
        /// The candidates.
        list: Vec<DiffExpr>,
        /// NOT IN.
        negated: bool,
    },
    /// `e [NOT] LIKE pattern ESCAPE '\'`
    Like {
        /// The tested expression.
        expr: Box<DiffExpr>,
        /// The pattern (a text constant, or any expression).
        pattern: Box<DiffExpr>,
        /// NOT LIKE.
        negated: bool,
    },
    /// `CASE WHEN c1 THEN r1 ... [ELSE e] END`
    Case {
        /// The WHEN / THEN pairs (at least one).
        whens: Vec<(DiffExpr, DiffExpr)>,
        /// The ELSE result.
        otherwise: Option<Box<DiffExpr>>,
    },
    /// `COALESCE(args)`
    Coalesce(Vec<DiffExpr>),
}

impl DiffExpr {
    /// A column.
    pub fn col(c: Column) -> Self {
        DiffExpr::Col(c)
    }

    /// A bound integer.
    pub fn int(i: i64) -> Self {
        DiffExpr::Const { value: Const::Int(i), inline: false }
    }

    /// A bound real.
    pub fn real(f: f64) -> Self {
        DiffExpr::Const { value: Const::Real(f), inline: false }
    }

    /// Bound text.
    pub fn text(s: &str) -> Self {
        DiffExpr::Const { value: Const::Text(s.to_string()), inline: false }
    }

    /// A bound NULL.
    pub fn null() -> Self {
        DiffExpr::Const { value: Const::Null, inline: false }
    }

    /// The same constant written inline by sqlcore (other expressions are unchanged).
    #[must_use]
    pub fn inline(self) -> Self {
        match self {
            DiffExpr::Const { value, .. } => DiffExpr::Const { value, inline: true },
            other => other,
        }
    }

    /// A tree of at most `depth` levels.
    ///
    /// # Errors
    /// As [`Unstructured`]'s methods (in practice none: exhausted input gives leaves).
    pub fn arbitrary_depth(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Self> {
        if depth == 0 || u.is_empty() {
            return Self::arbitrary_leaf(u);
        }
        let d = depth - 1;
        let sub = |u: &mut Unstructured<'_>| Self::arbitrary_depth(u, d).map(Box::new);
        Ok(match u.int_in_range(0u8..=19)? {
            0..=5 => Self::arbitrary_leaf(u)?,
            6 => DiffExpr::Arith(ArithOp::arbitrary(u)?, sub(u)?, sub(u)?),
            7 => DiffExpr::Neg(sub(u)?),
            8 => DiffExpr::Concat(sub(u)?, sub(u)?),
            9 | 10 => DiffExpr::Cmp(CmpOp::arbitrary(u)?, sub(u)?, sub(u)?),
            11 => DiffExpr::And(sub(u)?, sub(u)?),
            12 => DiffExpr::Or(sub(u)?, sub(u)?),
            13 => DiffExpr::Not(sub(u)?),
            14 => DiffExpr::IsNull { expr: sub(u)?, negated: u.arbitrary()? },
            15 => DiffExpr::Between { expr: sub(u)?, low: sub(u)?, high: sub(u)?, negated: u.arbitrary()? },
            16 => {
                let expr = sub(u)?;
                let n = u.int_in_range(0u8..=3)?;
                let list = (0..n).map(|_| Self::arbitrary_depth(u, d)).collect::<arbitrary::Result<_>>()?;
                DiffExpr::InList { expr, list, negated: u.arbitrary()? }
            }
            17 => {
                let expr = sub(u)?;
                let pattern = if u.ratio(3u8, 4)? {
                    Box::new(DiffExpr::Const {
                        value: Const::Text(pick(u, &TEXTS)?.to_string()),
                        inline: u.arbitrary()?,
                    })
                } else {
                    sub(u)?
                };
                DiffExpr::Like { expr, pattern, negated: u.arbitrary()? }
            }
            18 => {
                let n = u.int_in_range(1u8..=3)?;
                let mut whens = Vec::with_capacity(usize::from(n));
                for _ in 0..n {
                    whens.push((Self::arbitrary_depth(u, d)?, Self::arbitrary_depth(u, d)?));
                }
                let otherwise = if u.arbitrary()? { Some(sub(u)?) } else { None };
                DiffExpr::Case { whens, otherwise }
            }
            _ => {
                let n = u.int_in_range(2u8..=4)?;
                DiffExpr::Coalesce((0..n).map(|_| Self::arbitrary_depth(u, d)).collect::<arbitrary::Result<_>>()?)
            }
        })
    }

    fn arbitrary_leaf(u: &mut Unstructured<'_>) -> arbitrary::Result<Self> {
        Ok(match u.int_in_range(0u8..=9)? {
            0..=3 => DiffExpr::Col(Column::arbitrary(u)?),
            4 => DiffExpr::Const { value: Const::Null, inline: u.arbitrary()? },
            5..=6 => DiffExpr::Const { value: Const::Int(*pick(u, &INTS)?), inline: u.arbitrary()? },
            7 => DiffExpr::Const { value: Const::Real(*pick(u, &REALS)?), inline: u.arbitrary()? },
            _ => DiffExpr::Const { value: Const::Text(pick(u, &TEXTS)?.to_string()), inline: u.arbitrary()? },
        })
    }

    fn is_null_const(&self) -> bool {
        matches!(self, DiffExpr::Const { value: Const::Null, .. })
    }

    /// The expression with every compound part parenthesised, constants written as literals:
    /// unambiguous, for reading (the reference SQL binds them instead).
    pub fn to_reference_sql(&self) -> String {
        let mut out = String::new();
        let mut params = Vec::new();
        reference(self, &mut out, &mut params, true);
        out
    }
}

impl<'a> Arbitrary<'a> for DiffExpr {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Self::arbitrary_depth(u, MAX_DEPTH)
    }
}

fn pick<'t, T>(u: &mut Unstructured<'_>, items: &'t [T]) -> arbitrary::Result<&'t T> {
    u.choose(items)
}

/// One differential case: `SELECT id, <value> FROM t WHERE <predicate> ORDER BY id`.
#[derive(Arbitrary, Debug, Clone, PartialEq)]
pub struct DiffCase {
    /// The WHERE condition.
    pub predicate: DiffExpr,
    /// The select-list expression.
    pub value: DiffExpr,
}

impl DiffCase {
    /// A case.
    pub fn new(predicate: DiffExpr, value: DiffExpr) -> Self {
        DiffCase { predicate, value }
    }
}

impl fmt::Display for DiffCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SELECT id, {} FROM t WHERE {} ORDER BY id",
            self.value.to_reference_sql(),
            self.predicate.to_reference_sql()
        )
    }
}

// ----- sqlcore ---------------------------------------------------------------------------------

/// The tree as a sqlcore expression.
pub fn to_sqlcore(e: &DiffExpr) -> sqlcore::expr::Expr {
    use sqlcore::dsl;
    let b = |e: &DiffExpr| to_sqlcore(e);
    match e {
        DiffExpr::Col(c) => c.handle().into_expr(),
        DiffExpr::Const { value: Const::Null, inline: true } => dsl::null(),
        DiffExpr::Const { value, inline: true } => dsl::lit(value.to_sqlcore()),
        DiffExpr::Const { value, inline: false } => dsl::val(value.to_sqlcore()),
        DiffExpr::Arith(op, l, r) => {
            let (l, r) = (b(l), b(r));
            match op {
                ArithOp::Add => ExprExt::add(l, r),
                ArithOp::Sub => ExprExt::sub(l, r),
                ArithOp::Mul => ExprExt::mul(l, r),
                ArithOp::Div => ExprExt::div(l, r),
                ArithOp::Rem => ExprExt::rem(l, r),
            }
        }
        DiffExpr::Neg(x) => ExprExt::neg(b(x)),
        DiffExpr::Concat(l, r) => b(l).concat(b(r)),
        DiffExpr::Cmp(op, l, r) => {
            let (l, r) = (b(l), b(r));
            match op {
                CmpOp::Eq => ExprExt::eq(l, r),
                CmpOp::Ne => ExprExt::ne(l, r),
                CmpOp::Lt => ExprExt::lt(l, r),
                CmpOp::Le => ExprExt::le(l, r),
                CmpOp::Gt => ExprExt::gt(l, r),
                CmpOp::Ge => ExprExt::ge(l, r),
            }
        }
        DiffExpr::And(l, r) => b(l).and(b(r)),
        DiffExpr::Or(l, r) => b(l).or(b(r)),
        DiffExpr::Not(x) => ExprExt::not(b(x)),
        DiffExpr::IsNull { expr, negated: false } => b(expr).is_null(),
        DiffExpr::IsNull { expr, negated: true } => b(expr).is_not_null(),
        DiffExpr::Between { expr, low, high, negated: false } => b(expr).between(b(low), b(high)),
        DiffExpr::Between { expr, low, high, negated: true } => b(expr).not_between(b(low), b(high)),
        DiffExpr::InList { expr, list, negated: false } => b(expr).in_list(list.iter().map(b)),
        DiffExpr::InList { expr, list, negated: true } => b(expr).not_in(list.iter().map(b)),
        DiffExpr::Like { expr, pattern, negated: false } => b(expr).like(b(pattern)),
        DiffExpr::Like { expr, pattern, negated: true } => b(expr).not_like(b(pattern)),
        DiffExpr::Case { whens, otherwise } => {
            let mut case = dsl::case();
            for (when, then) in whens {
                case = case.when(b(when), b(then));
            }
            if let Some(otherwise) = otherwise {
                case = case.otherwise(b(otherwise));
            }
            case.end()
        }
        DiffExpr::Coalesce(args) => sqlcore::func::coalesce(args.iter().map(b).collect::<Vec<_>>()),
    }
}

/// sqlcore's statement for the case.
pub fn sqlcore_select(case: &DiffCase) -> sqlcore::stmt::Select {
    sqlcore::dsl::select((t::id, to_sqlcore(&case.value)))
        .from(t::table())
        .filter(to_sqlcore(&case.predicate))
        .order_by(t::id.asc())
}

// ----- sea-query -------------------------------------------------------------------------------

/// The tree as a sea-query expression (every constant bound).
pub fn to_sea(e: &DiffExpr) -> sq::Expr {
    let b = |e: &DiffExpr| to_sea(e);
    match e {
        DiffExpr::Col(c) => sq::Expr::col(c.name()),
        DiffExpr::Const { value, .. } => sq::Expr::val(value.to_sea()),
        DiffExpr::Arith(op, l, r) => {
            let (l, r) = (b(l), b(r));
            match op {
                ArithOp::Add => l.add(r),
                ArithOp::Sub => l.sub(r),
                ArithOp::Mul => l.mul(r),
                ArithOp::Div => l.div(r),
                ArithOp::Rem => l.modulo(r),
            }
        }
        // sea-query has no unary minus: custom SQL, parenthesised both inside and (as any
        // custom expression is when it is an operand) outside.
        DiffExpr::Neg(x) => sq::Expr::cust_with_expr("-(?)", b(x)),
        // Nor a concatenation operator: a custom binary operator, always parenthesised.
        DiffExpr::Concat(l, r) => b(l).binary(sq::BinOper::Custom("||"), b(r)),
        DiffExpr::Cmp(op @ (CmpOp::Eq | CmpOp::Ne), l, r) if l.is_null_const() || r.is_null_const() => {
            let tested = if r.is_null_const() { b(l) } else { b(r) };
            if *op == CmpOp::Eq { tested.is_null() } else { tested.is_not_null() }
        }
        DiffExpr::Cmp(op, l, r) => {
            let (l, r) = (b(l), b(r));
            match op {
                CmpOp::Eq => l.eq(r),
                CmpOp::Ne => l.ne(r),
                CmpOp::Lt => l.lt(r),
                CmpOp::Le => l.lte(r),
                CmpOp::Gt => l.gt(r),
                CmpOp::Ge => l.gte(r),
            }
        }
        DiffExpr::And(l, r) => b(l).and(b(r)),
        DiffExpr::Or(l, r) => b(l).or(b(r)),
        DiffExpr::Not(x) => b(x).not(),
        DiffExpr::IsNull { expr, negated: false } => b(expr).is_null(),
        DiffExpr::IsNull { expr, negated: true } => b(expr).is_not_null(),
        DiffExpr::Between { expr, low, high, negated: false } => b(expr).between(b(low), b(high)),
        DiffExpr::Between { expr, low, high, negated: true } => b(expr).not_between(b(low), b(high)),
        DiffExpr::InList { expr, list, negated } => {
            let op = if *negated { sq::BinOper::NotIn } else { sq::BinOper::In };
            b(expr).binary(op, sq::Expr::tuple(list.iter().map(b)))
        }
        DiffExpr::Like { expr, pattern, negated } => {
            let op = if *negated { sq::BinOper::NotLike } else { sq::BinOper::Like };
            let pattern: sq::Expr = match &**pattern {
                // The documented form: a LikeExpr (its pattern bound) with an ESCAPE.
                DiffExpr::Const { value: Const::Text(s), .. } => sq::LikeExpr::new(s.clone()).escape('\\').into(),
                // Any other pattern: the same `pattern ESCAPE '\'` node, built by hand.
                other => sq::Expr::Binary(
                    Box::new(b(other)),
                    sq::BinOper::Escape,
                    Box::new(sq::Expr::Constant(sq::Value::Char(Some('\\')))),
                ),
            };
            b(expr).binary(op, pattern)
        }
        DiffExpr::Case { whens, otherwise } => {
            let mut case = sq::CaseStatement::new();
            for (when, then) in whens {
                case = case.case(b(when), b(then));
            }
            if let Some(otherwise) = otherwise {
                case = case.finally(b(otherwise));
            }
            case.into()
        }
        DiffExpr::Coalesce(args) => sq::Func::coalesce(args.iter().map(b)).into(),
    }
}

/// sea-query's statement for the case, built for SQLite: SQL and values.
pub fn sea_select(case: &DiffCase) -> (String, sq::Values) {
    sq::Query::select()
        .column("id")
        .expr(to_sea(&case.value))
        .from("t")
        .and_where(to_sea(&case.predicate))
        .order_by("id", sq::Order::Asc)
        .build(sq::SqliteQueryBuilder)
}

fn sea_value(v: &sq::Value) -> Result<SqlValue, String> {
    use sq::Value as V;
    Ok(match v {
        V::Bool(b) => b.map_or(SqlValue::Null, |b| SqlValue::Integer(i64::from(b))),
        V::TinyInt(i) => i.map_or(SqlValue::Null, |i| SqlValue::Integer(i.into())),
        V::SmallInt(i) => i.map_or(SqlValue::Null, |i| SqlValue::Integer(i.into())),
        V::Int(i) => i.map_or(SqlValue::Null, |i| SqlValue::Integer(i.into())),
        V::BigInt(i) => i.map_or(SqlValue::Null, SqlValue::Integer),
        V::TinyUnsigned(i) => i.map_or(SqlValue::Null, |i| SqlValue::Integer(i.into())),
        V::SmallUnsigned(i) => i.map_or(SqlValue::Null, |i| SqlValue::Integer(i.into())),
        V::Unsigned(i) => i.map_or(SqlValue::Null, |i| SqlValue::Integer(i.into())),
        V::BigUnsigned(i) => match i {
            None => SqlValue::Null,
            Some(i) => SqlValue::Integer(i64::try_from(*i).map_err(|_| format!("sea-query value {i} out of range"))?),
        },
        V::Float(f) => f.map_or(SqlValue::Null, |f| SqlValue::Real(f.into())),
        V::Double(f) => f.map_or(SqlValue::Null, SqlValue::Real),
        V::String(s) => s.as_ref().map_or(SqlValue::Null, |s| SqlValue::Text(s.clone())),
        V::Char(c) => c.map_or(SqlValue::Null, |c| SqlValue::Text(c.to_string())),
        V::Bytes(b) => b.as_ref().map_or(SqlValue::Null, |b| SqlValue::Blob(b.clone())),
        #[allow(unreachable_patterns)] // the variants of sea-query's optional features
        other => return Err(format!("sea-query value {other:?} has no conversion here")),
    })
}

// ----- the reference ---------------------------------------------------------------------------

/// Writes `e` with every compound part in parentheses. Constants are bound (pushed to
/// `params`), or written as literals when `literals` (for reading only).
fn reference(e: &DiffExpr, out: &mut String, params: &mut Vec<SqlValue>, literals: bool) {
    let mut go = |e: &DiffExpr, out: &mut String| reference(e, out, params, literals);
    match e {
        DiffExpr::Col(c) => out.push_str(c.name()),
        DiffExpr::Const { value, .. } if literals => match value {
            Const::Null => out.push_str("NULL"),
            Const::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Const::Real(f) => {
                let _ = write!(out, "{f:?}");
            }
            Const::Text(s) => {
                let _ = write!(out, "'{}'", s.replace('\'', "''"));
            }
        },
        DiffExpr::Const { value, .. } => {
            out.push('?');
            params.push(value.to_rusqlite());
        }
        DiffExpr::Arith(op, l, r) => {
            out.push('(');
            go(l, out);
            out.push_str(op.sql());
            go(r, out);
            out.push(')');
        }
        DiffExpr::Neg(x) => {
            out.push_str("(-");
            go(x, out);
            out.push(')');
        }
        DiffExpr::Concat(l, r) => {
            out.push('(');
            go(l, out);
            out.push_str(" || ");
            go(r, out);
            out.push(')');
        }
        DiffExpr::Cmp(op @ (CmpOp::Eq | CmpOp::Ne), l, r) if l.is_null_const() || r.is_null_const() => {
            out.push('(');
            go(if r.is_null_const() { l } else { r }, out);
            out.push_str(if *op == CmpOp::Eq { " IS NULL)" } else { " IS NOT NULL)" });
        }
        DiffExpr::Cmp(op, l, r) => {
            out.push('(');
            go(l, out);
            out.push_str(op.sql());
            go(r, out);
            out.push(')');
        }
        DiffExpr::And(l, r) | DiffExpr::Or(l, r) => {
            out.push('(');
            go(l, out);
            out.push_str(if matches!(e, DiffExpr::And(..)) { " AND " } else { " OR " });
            go(r, out);
            out.push(')');
        }
        DiffExpr::Not(x) => {
            out.push_str("(NOT ");
            go(x, out);
            out.push(')');
        }
        DiffExpr::IsNull { expr, negated } => {
            out.push('(');
            go(expr, out);
            out.push_str(if *negated { " IS NOT NULL)" } else { " IS NULL)" });
        }
        DiffExpr::Between { expr, low, high, negated } => {
            out.push('(');
            go(expr, out);
            out.push_str(if *negated { " NOT BETWEEN " } else { " BETWEEN " });
            go(low, out);
            out.push_str(" AND ");
            go(high, out);
            out.push(')');
        }
        DiffExpr::InList { expr, list, negated } => {
            // SQLite accepts an empty list: `x IN ()` is false, `x NOT IN ()` true.
            out.push('(');
            go(expr, out);
            out.push_str(if *negated { " NOT IN (" } else { " IN (" });
            for (i, item) in list.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                go(item, out);
            }
            out.push_str("))");
        }
        DiffExpr::Like { expr, pattern, negated } => {
            out.push('(');
            go(expr, out);
            out.push_str(if *negated { " NOT LIKE " } else { " LIKE " });
            go(pattern, out);
            out.push_str(" ESCAPE '\\')");
        }
        DiffExpr::Case { whens, otherwise } => {
            out.push_str("(CASE");
            for (when, then) in whens {
                out.push_str(" WHEN ");
                go(when, out);
                out.push_str(" THEN ");
                go(then, out);
            }
            if let Some(otherwise) = otherwise {
                out.push_str(" ELSE ");
                go(otherwise, out);
            }
            out.push_str(" END)");
        }
        DiffExpr::Coalesce(args) => {
            out.push_str("COALESCE(");
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                go(arg, out);
            }
            out.push(')');
        }
    }
}

/// The reference statement for the case: SQL and bound values.
pub fn reference_select(case: &DiffCase) -> (String, Vec<SqlValue>) {
    let mut sql = String::from("SELECT id, ");
    let mut params = Vec::new();
    reference(&case.value, &mut sql, &mut params, false);
    sql.push_str(" FROM t WHERE ");
    reference(&case.predicate, &mut sql, &mut params, false);
    sql.push_str(" ORDER BY id");
    (sql, params)
}

// ----- running ---------------------------------------------------------------------------------

/// A value in a result row.
#[derive(Debug, Clone)]
pub enum Cell {
    /// NULL
    Null,
    /// An integer.
    Int(i64),
    /// A real (compared numerically: 0.0 equals -0.0).
    Real(f64),
    /// Text.
    Text(String),
    /// A blob.
    Blob(Vec<u8>),
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Cell::Null, Cell::Null) => true,
            (Cell::Int(a), Cell::Int(b)) => a == b,
            // Numerically: 0.0 and -0.0 are equal. (SQLite folds `-0.0` written in the SQL to
            // -0.0, but computes `-?` as `0 - ?`, which is 0.0 for a bound 0.0.)
            (Cell::Real(a), Cell::Real(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Cell::Text(a), Cell::Text(b)) => a == b,
            (Cell::Blob(a), Cell::Blob(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => f.write_str("NULL"),
            Cell::Int(i) => write!(f, "{i}"),
            Cell::Real(r) => write!(f, "{r:?}"),
            Cell::Text(s) => write!(f, "{s:?}"),
            Cell::Blob(b) => write!(f, "x{b:02x?}"),
        }
    }
}

impl From<ValueRef<'_>> for Cell {
    fn from(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Int(i),
            ValueRef::Real(f) => Cell::Real(f),
            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
        }
    }
}

/// What a statement returned: its rows, or the error's message. Two errors count as equal.
#[derive(Debug, Clone)]
pub struct Outcome(pub Result<Vec<Vec<Cell>>, String>);

impl Outcome {
    /// Same rows, or both errors.
    pub fn agrees(&self, other: &Outcome) -> bool {
        match (&self.0, &other.0) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Err(e) => write!(f, "error: {e}"),
            Ok(rows) => {
                f.write_char('[')?;
                for (i, row) in rows.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    for (j, cell) in row.iter().enumerate() {
                        if j > 0 {
                            f.write_char(':')?;
                        }
                        write!(f, "{cell}")?;
                    }
                }
                f.write_char(']')
            }
        }
    }
}

/// The three statements of a case, as run.
#[derive(Debug, Clone)]
pub struct Run {
    /// sqlcore's SQL and parameters (as text), or its compile error.
    pub sqlcore_sql: String,
    /// What sqlcore's statement returned.
    pub sqlcore: Outcome,
    /// sea-query's SQL and values.
    pub sea_sql: String,
    /// What sea-query's statement returned.
    pub sea: Outcome,
    /// The reference SQL and values.
    pub reference_sql: String,
    /// What the reference statement returned.
    pub reference: Outcome,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  sqlcore:   {}\n      -> {}", self.sqlcore_sql, self.sqlcore)?;
        writeln!(f, "  sea-query: {}\n      -> {}", self.sea_sql, self.sea)?;
        write!(f, "  reference: {}\n      -> {}", self.reference_sql, self.reference)
    }
}

thread_local! {
    static DB: RefCell<Option<SqliteConnection>> = const { RefCell::new(None) };
}

fn open_db() -> Result<SqliteConnection, Violation> {
    let mut db = SqliteConnection::open_in_memory()
        .map_err(|e| Violation::new("differential", format!("cannot open SQLite: {e}")))?;
    db.execute_raw(SETUP_SQL).map_err(|e| Violation::new("differential", format!("cannot create t: {e}")))?;
    Ok(db)
}

fn run_rusqlite(conn: &rusqlite::Connection, sql: &str, params: &[SqlValue]) -> Outcome {
    let run = || -> rusqlite::Result<Vec<Vec<Cell>>> {
        let mut stmt = conn.prepare(sql)?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut cells = Vec::with_capacity(width);
            for i in 0..width {
                cells.push(Cell::from(row.get_ref(i)?));
            }
            out.push(cells);
        }
        Ok(out)
    };
    Outcome(run().map_err(|e| e.to_string()))
}

fn sqlcore_cell(v: &sqlcore::Value) -> Result<Cell, String> {
    Ok(match v {
        sqlcore::Value::Null => Cell::Null,
        sqlcore::Value::Int(i) => Cell::Int(*i),
        sqlcore::Value::Float(f) => Cell::Real(*f),
        sqlcore::Value::Text(s) => Cell::Text(s.to_string()),
        sqlcore::Value::Bytes(b) => Cell::Blob(b.clone()),
        other => return Err(format!("unexpected value from SQLite: {other:?}")),
    })
}

fn run_sqlcore(db: &mut SqliteConnection, case: &DiffCase) -> (String, Outcome) {
    let compiled = match sqlcore_select(case).compile(db.dialect()) {
        Ok(c) => c,
        Err(e) => return (format!("(compile error: {e})"), Outcome(Err(format!("compile error: {e}")))),
    };
    let sql = format!("{} {:?}", compiled.sql, compiled.params);
    let outcome = db.query_compiled(&compiled).map_err(|e| e.to_string()).and_then(|rows| {
        rows.iter().map(|row| row.values().iter().map(sqlcore_cell).collect::<Result<Vec<_>, _>>()).collect()
    });
    (sql, Outcome(outcome))
}

/// Runs the case's three statements on this thread's connection.
///
/// # Errors
/// A [`Violation`] only if the database cannot be set up.
pub fn run(case: &DiffCase) -> Result<Run, Violation> {
    DB.with_borrow_mut(|slot| {
        let db = match slot {
            Some(db) => db,
            None => slot.insert(open_db()?),
        };
        let (sqlcore_sql, sqlcore) = run_sqlcore(db, case);

        let (sea_sql, sea_values) = sea_select(case);
        let sea_params: Result<Vec<SqlValue>, String> = sea_values.0.iter().map(sea_value).collect();
        let sea = match &sea_params {
            Ok(params) => run_rusqlite(db.rusqlite(), &sea_sql, params),
            Err(e) => Outcome(Err(e.clone())),
        };
        let sea_sql = format!("{sea_sql} {:?}", sea_params.unwrap_or_default());

        let (reference_sql, reference_params) = reference_select(case);
        let reference = run_rusqlite(db.rusqlite(), &reference_sql, &reference_params);
        let reference_sql = format!("{reference_sql} {reference_params:?}");
        Ok(Run { sqlcore_sql, sqlcore, sea_sql, sea, reference_sql, reference })
    })
}

/// A value's kind, as this tree means it (written here independently of sqlcore's typing in
/// `expr/typing.rs`, which [`check`] holds to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Bool,
}

/// The kind of `e`, `None` when unknown (a NULL, or branches of different kinds).
fn kind(e: &DiffExpr) -> Option<Kind> {
    let unify = |items: Vec<&DiffExpr>| {
        let mut out = None;
        for item in items.into_iter().filter(|e| !matches!(e, DiffExpr::Const { value: Const::Null, .. })) {
            let k = kind(item)?;
            out = Some(match (out, k) {
                (None, k) => k,
                (Some(a), b) if a == b => a,
                (Some(Kind::Int | Kind::Real), Kind::Int | Kind::Real) => Kind::Real,
                _ => return None,
            });
        }
        out
    };
    match e {
        DiffExpr::Col(Column::A | Column::B) => Some(Kind::Int),
        DiffExpr::Col(Column::C) => Some(Kind::Text),
        DiffExpr::Col(Column::D) => Some(Kind::Real),
        DiffExpr::Const { value, .. } => match value {
            Const::Null => None,
            Const::Int(_) => Some(Kind::Int),
            Const::Real(_) => Some(Kind::Real),
            Const::Text(_) => Some(Kind::Text),
        },
        DiffExpr::Arith(_, l, r) => match (kind(l)?, kind(r)?) {
            (Kind::Int, Kind::Int) => Some(Kind::Int),
            (Kind::Int | Kind::Real, Kind::Int | Kind::Real) => Some(Kind::Real),
            _ => None,
        },
        DiffExpr::Neg(x) => kind(x),
        DiffExpr::Concat(..) => Some(Kind::Text),
        DiffExpr::Cmp(..)
        | DiffExpr::And(..)
        | DiffExpr::Or(..)
        | DiffExpr::Not(_)
        | DiffExpr::IsNull { .. }
        | DiffExpr::Between { .. }
        | DiffExpr::InList { .. }
        | DiffExpr::Like { .. } => Some(Kind::Bool),
        DiffExpr::Case { whens, otherwise } => {
            unify(whens.iter().map(|(_, then)| then).chain(otherwise.as_deref()).collect())
        }
        DiffExpr::Coalesce(args) => unify(args.iter().collect()),
    }
}

/// Whether sqlcore must refuse the tree: an arithmetic operator (or unary minus) over an
/// operand known to be text or a boolean, or a `%` over one known to be real. An arithmetic
/// operand of arithmetic is judged where it is itself an operator.
fn typing_refuses(e: &DiffExpr) -> bool {
    let bad_operand = |op: Option<ArithOp>, x: &DiffExpr| {
        // sqlcore looks through negations to what they negate, but not into an operand that
        // is itself arithmetic (checked where it is an operator, which keeps chains linear).
        let mut inner = x;
        while let DiffExpr::Neg(negated) = inner {
            inner = negated;
        }
        if op.is_some() && matches!(inner, DiffExpr::Arith(..)) {
            return false;
        }
        match kind(x) {
            Some(Kind::Text | Kind::Bool) => true,
            Some(Kind::Real) => op == Some(ArithOp::Rem),
            _ => false,
        }
    };
    let here = match e {
        DiffExpr::Arith(op, l, r) => bad_operand(Some(*op), l) || bad_operand(Some(*op), r),
        DiffExpr::Neg(x) => bad_operand(None, x),
        // An empty IN list is a constant: its operand is not written at all.
        DiffExpr::InList { list, .. } if list.is_empty() => return false,
        _ => false,
    };
    let mut e = e.clone();
    here || e.children_mut().into_iter().any(|child| typing_refuses(child))
}

/// The words of sqlcore's refusal of arithmetic on operands that are not numbers.
const TYPING_REFUSAL: &str = "engines give this different meanings";

/// The property: sqlcore's rows are the reference's, and so are sea-query's unless the case
/// hits a [known sea-query bug](known_sea_query_bug). A tree whose arithmetic has an operand
/// that is not a number ([`typing_refuses`]) is instead refused by sqlcore when compiling
/// (SQLite would run it, but PostgreSQL and MySQL give it other meanings), and only such a
/// tree is.
///
/// # Errors
/// A [`Violation`] naming the side that is wrong, with the three statements and their rows.
pub fn check(case: &DiffCase) -> Result<(), Violation> {
    let run = run(case)?;
    let refused = matches!(&run.sqlcore.0, Err(e) if e.contains(TYPING_REFUSAL));
    let must_refuse = typing_refuses(&case.predicate) || typing_refuses(&case.value);
    if refused || must_refuse {
        if refused != must_refuse {
            let why = if refused { "refused a tree whose operands are numbers" } else { "did not refuse" };
            return Err(Violation::new(
                "differential",
                format!("sqlcore {why} (arithmetic on text or booleans)\n  case: {case}\n{run}"),
            ));
        }
        return Ok(());
    }
    if !run.sqlcore.agrees(&run.reference) {
        let also = if run.sea.agrees(&run.reference) { "" } else { " (sea-query disagrees with both)" };
        return Err(Violation::new(
            "differential",
            format!("sqlcore's rows differ from the reference's{also}\n  case: {case}\n{run}"),
        ));
    }
    if !run.sea.agrees(&run.reference) && known_sea_query_bug(case).is_none() {
        return Err(Violation::new(
            "differential",
            format!(
                "sea-query's rows differ from sqlcore's and the reference's (sea-query is wrong; \
                 an unclassified sea-query bug: add it to known_sea_query_bug)\n  case: {case}\n{run}"
            ),
        ));
    }
    Ok(())
}

// ----- minimising ------------------------------------------------------------------------------

impl DiffExpr {
    /// The direct sub-expressions, in order.
    pub fn children_mut(&mut self) -> Vec<&mut DiffExpr> {
        match self {
            DiffExpr::Col(_) | DiffExpr::Const { .. } => Vec::new(),
            DiffExpr::Neg(x) | DiffExpr::Not(x) | DiffExpr::IsNull { expr: x, .. } => vec![&mut **x],
            DiffExpr::Arith(_, l, r)
            | DiffExpr::Concat(l, r)
            | DiffExpr::Cmp(_, l, r)
            | DiffExpr::And(l, r)
            | DiffExpr::Or(l, r)
            | DiffExpr::Like { expr: l, pattern: r, .. } => vec![&mut **l, &mut **r],
            DiffExpr::Between { expr, low, high, .. } => vec![&mut **expr, &mut **low, &mut **high],
            DiffExpr::InList { expr, list, .. } => {
                let mut out = vec![&mut **expr];
                out.extend(list.iter_mut());
                out
            }
            DiffExpr::Case { whens, otherwise } => {
                let mut out = Vec::new();
                for (when, then) in whens.iter_mut() {
                    out.push(when);
                    out.push(then);
                }
                out.extend(otherwise.as_deref_mut());
                out
            }
            DiffExpr::Coalesce(args) => args.iter_mut().collect(),
        }
    }

    /// The direct sub-expressions, in order.
    pub fn children(&self) -> Vec<&DiffExpr> {
        match self {
            DiffExpr::Col(_) | DiffExpr::Const { .. } => Vec::new(),
            DiffExpr::Neg(x) | DiffExpr::Not(x) | DiffExpr::IsNull { expr: x, .. } => vec![&**x],
            DiffExpr::Arith(_, l, r)
            | DiffExpr::Concat(l, r)
            | DiffExpr::Cmp(_, l, r)
            | DiffExpr::And(l, r)
            | DiffExpr::Or(l, r)
            | DiffExpr::Like { expr: l, pattern: r, .. } => vec![&**l, &**r],
            DiffExpr::Between { expr, low, high, .. } => vec![&**expr, &**low, &**high],
            DiffExpr::InList { expr, list, .. } => std::iter::once(&**expr).chain(list).collect(),
            DiffExpr::Case { whens, otherwise } => {
                whens.iter().flat_map(|(w, t)| [w, t]).chain(otherwise.as_deref()).collect()
            }
            DiffExpr::Coalesce(args) => args.iter().collect(),
        }
    }

    /// The number of nodes.
    pub fn size(&self) -> usize {
        1 + self.children().iter().map(|c| c.size()).sum::<usize>()
    }

    /// How far from simplest the tree is: its size, then its leaves that are not `a` or a
    /// bound 1, and its inline constants. Every accepted shrink lowers it.
    fn rank(&self) -> (usize, usize) {
        let own = match self {
            DiffExpr::Col(Column::A) => 0,
            DiffExpr::Const { value: Const::Int(1), inline } => usize::from(*inline),
            DiffExpr::Col(_) => 1,
            DiffExpr::Const { inline, .. } => 1 + usize::from(*inline),
            _ => 0,
        };
        self.children().iter().fold((1, own), |(s, c), child| {
            let (cs, cc) = child.rank();
            (s + cs, c + cc)
        })
    }

    /// Every tree one simplification smaller: a node replaced by one of its children or by a
    /// leaf, a list item dropped, an inline constant bound.
    pub fn shrinks(&self) -> Vec<DiffExpr> {
        let mut out = Vec::new();
        let children: Vec<DiffExpr> = self.children().into_iter().cloned().collect();
        match self {
            DiffExpr::Const { value, inline: true } => {
                out.push(DiffExpr::Const { value: value.clone(), inline: false });
            }
            DiffExpr::Const { value: Const::Null, .. } | DiffExpr::Col(Column::A) => {}
            _ => out.push(DiffExpr::Col(Column::A)),
        }
        if !matches!(self, DiffExpr::Const { value: Const::Int(1), .. } | DiffExpr::Col(_)) {
            out.push(DiffExpr::int(1));
        }
        out.extend(children.iter().cloned());
        match self {
            DiffExpr::InList { expr, list, negated } => {
                for i in 0..list.len() {
                    let mut list = list.clone();
                    list.remove(i);
                    out.push(DiffExpr::InList { expr: expr.clone(), list, negated: *negated });
                }
            }
            DiffExpr::Case { whens, otherwise } => {
                if whens.len() > 1 {
                    for i in 0..whens.len() {
                        let mut whens = whens.clone();
                        whens.remove(i);
                        out.push(DiffExpr::Case { whens, otherwise: otherwise.clone() });
                    }
                }
                if otherwise.is_some() {
                    out.push(DiffExpr::Case { whens: whens.clone(), otherwise: None });
                }
            }
            DiffExpr::Coalesce(args) if args.len() > 2 => {
                for i in 0..args.len() {
                    let mut args = args.clone();
                    args.remove(i);
                    out.push(DiffExpr::Coalesce(args));
                }
            }
            _ => {}
        }
        for (i, child) in children.iter().enumerate() {
            for smaller in child.shrinks() {
                let mut e = self.clone();
                if let Some(slot) = e.children_mut().into_iter().nth(i) {
                    *slot = smaller;
                }
                out.push(e);
            }
        }
        out
    }
}

/// The smallest case (greedily) for which `fails` still holds, starting from `case` (which
/// should fail). The predicate is also tried as `1 = 1` and the value as `a`.
pub fn minimize(case: &DiffCase, fails: &dyn Fn(&DiffCase) -> bool) -> DiffCase {
    let mut best = case.clone();
    loop {
        let trivial_predicate = DiffExpr::Cmp(CmpOp::Eq, Box::new(DiffExpr::int(1)), Box::new(DiffExpr::int(1)));
        let mut candidates: Vec<DiffCase> = Vec::new();
        if best.predicate != trivial_predicate {
            candidates.push(DiffCase::new(trivial_predicate, best.value.clone()));
        }
        candidates.extend(best.predicate.shrinks().into_iter().map(|p| DiffCase::new(p, best.value.clone())));
        candidates.extend(best.value.shrinks().into_iter().map(|v| DiffCase::new(best.predicate.clone(), v)));
        let rank = |c: &DiffCase| {
            let (p, v) = (c.predicate.rank(), c.value.rank());
            (p.0 + v.0, p.1 + v.1)
        };
        let current = rank(&best);
        let smaller = candidates.into_iter().filter(|c| rank(c) < current).find(|c| fails(c));
        match smaller {
            Some(c) => best = c,
            None => return best,
        }
    }
}

// ----- known sea-query bugs --------------------------------------------------------------------

/// The known sea-query 1.0.2 bug this case hits, if any: sea-query's SQL then means another
/// tree, and a disagreement is not sqlcore's. (Each is described in the returned text.)
pub fn known_sea_query_bug(case: &DiffCase) -> Option<&'static str> {
    find_bug(&case.predicate).or_else(|| find_bug(&case.value))
}

/// sea-query writes a comparison-level upper bound of BETWEEN bare.
pub const SEA_BETWEEN_UPPER_BOUND: &str = "sea-query 1.0.2 writes a comparison-level upper bound of BETWEEN without \
     parentheses: `x BETWEEN lo AND (h1 = h2)` becomes `x BETWEEN lo AND h1 = h2`, which SQLite reads as \
     `(x BETWEEN lo AND h1) = h2` (the same for <>, <, <=, >, >=, IS [NOT] NULL, [NOT] IN, [NOT] LIKE, and \
     the `1 = 2` / `1 = 1` it writes for an empty IN / NOT IN list)";

/// sea-query writes an AND as the lower bound of BETWEEN bare.
pub const SEA_BETWEEN_LOWER_BOUND_AND: &str = "sea-query 1.0.2 writes an AND as the lower bound of BETWEEN without \
     parentheses: `x BETWEEN (l1 AND l2) AND hi` becomes `x BETWEEN l1 AND l2 AND hi`, which SQLite reads as \
     `(x BETWEEN l1 AND l2) AND hi`";

fn find_bug(e: &DiffExpr) -> Option<&'static str> {
    if let DiffExpr::Between { low, high, .. } = e {
        // sea-query builds BETWEEN as `x BETWEEN (lo AND hi)` and then drops the parentheses
        // around that AND; its operands keep only the parentheses an AND would give them:
        // none for a comparison, IN, LIKE or IS on either side, and none for an AND on the left.
        if matches!(
            &**high,
            DiffExpr::Cmp(..) | DiffExpr::IsNull { .. } | DiffExpr::InList { .. } | DiffExpr::Like { .. }
        ) {
            return Some(SEA_BETWEEN_UPPER_BOUND);
        }
        if matches!(&**low, DiffExpr::And(..)) {
            return Some(SEA_BETWEEN_LOWER_BOUND_AND);
        }
    }
    e.children().into_iter().find_map(find_bug)
}
