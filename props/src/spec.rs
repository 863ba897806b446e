//! Arbitrary statement trees: what the `compile` property generates.
//!
//! The specs are typed (integer, text and boolean expressions are separate enums) and every
//! column reference is an index into the tables in scope, so a generated tree is a statement a
//! database accepts: not SQL soup that every engine rejects, but the hard cases of a real one
//! (precedence, correlation, aggregates, windows, set operations, CTEs, upserts, RETURNING).
//! [`crate::build`] turns a spec into sqlcore statements. Variant 0 of each recursive enum is
//! a leaf, so running out of fuzz input ends the tree.

use arbitrary::Arbitrary;

/// A statement.
#[derive(Arbitrary, Debug, Clone)]
pub enum StmtSpec {
    /// SELECT.
    Select(Box<SelectSpec>),
    /// UNION / INTERSECT / EXCEPT.
    Compound(Box<CompoundSpec>),
    /// INSERT.
    Insert(Box<InsertSpec>),
    /// UPDATE.
    Update(Box<UpdateSpec>),
    /// DELETE.
    Delete(Box<DeleteSpec>),
}

/// Which fuzz table: `fz_a` or `fz_b` (which references `fz_a`).
#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableSpec {
    /// `fz_a`.
    A,
    /// `fz_b`.
    B,
}

/// The FROM clause of a top-level SELECT.
#[derive(Arbitrary, Debug, Clone)]
pub enum FromSpec {
    /// One table.
    Single(TableSpec),
    /// `fz_b JOIN fz_a` on the foreign key (inferred).
    JoinFk,
    /// `fz_a LEFT JOIN fz_b` on the foreign key (inferred).
    LeftJoinFk,
    /// An explicit ON condition.
    JoinOn(TableSpec, TableSpec, Box<BoolSpec>),
    /// A cross join.
    Cross(TableSpec, TableSpec),
    /// A derived table `(SELECT ...) AS d` over one table.
    Derived(TableSpec, Option<Box<BoolSpec>>),
}

/// A top-level SELECT.
#[derive(Arbitrary, Debug, Clone)]
pub struct SelectSpec {
    /// FROM.
    pub from: FromSpec,
    /// DISTINCT.
    pub distinct: bool,
    /// Plain columns or GROUP BY with aggregates.
    pub shape: ShapeSpec,
    /// WHERE.
    pub filter: Option<BoolSpec>,
    /// ORDER BY: by output column number (modulo the count), descending?, nulls first?
    pub order: Vec<(u8, bool, Option<bool>)>,
    /// LIMIT.
    pub limit: Option<u16>,
    /// OFFSET.
    pub offset: Option<u16>,
    /// A CTE the WHERE clause uses.
    pub cte: Option<CteSpec>,
    /// A row lock.
    pub lock: Option<LockSpec>,
}

/// The select list.
#[derive(Arbitrary, Debug, Clone)]
pub enum ShapeSpec {
    /// Expressions and window functions.
    Plain(Vec<ColumnSpec>),
    /// GROUP BY integer columns, with aggregates and an optional HAVING.
    Grouped { keys: Vec<(u8, u8)>, aggs: Vec<AggSpec>, having: Option<(CmpOp, AggSpec, i32)> },
}

/// One output column.
#[derive(Arbitrary, Debug, Clone)]
pub enum ColumnSpec {
    /// An integer expression.
    Int(IntSpec),
    /// A text expression.
    Text(TextSpec),
    /// A boolean expression.
    Bool(BoolSpec),
    /// A window function.
    Window(WindowSpec),
}

/// A window function over columns of the FROM tables.
#[derive(Arbitrary, Debug, Clone)]
pub struct WindowSpec {
    /// Which function.
    pub func: WindowFunc,
    /// PARTITION BY an integer column.
    pub partition: Option<(u8, u8)>,
    /// ORDER BY an integer column.
    pub order: Option<((u8, u8), bool)>,
}

/// Window functions.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum WindowFunc {
    /// `ROW_NUMBER()`.
    RowNumber,
    /// `RANK()`.
    Rank,
    /// `DENSE_RANK()`.
    DenseRank,
    /// `SUM(col)`.
    Sum((u8, u8)),
    /// `COUNT(*)`.
    CountStar,
    /// `LAG(col)`.
    Lag((u8, u8)),
}

/// An aggregate in a grouped select or HAVING.
#[derive(Arbitrary, Debug, Clone)]
pub enum AggSpec {
    /// `COUNT(*)`.
    CountStar,
    /// `COUNT(int)`.
    Count((u8, u8)),
    /// `COUNT(DISTINCT int)`.
    CountDistinct((u8, u8)),
    /// `SUM(int)`.
    Sum((u8, u8)),
    /// `MIN(int)`.
    Min((u8, u8)),
    /// `MAX(text)`.
    MaxText(u8),
    /// `COUNT(*) FILTER (WHERE ...)`.
    CountFilter(Box<BoolSpec>),
}

/// Row locks.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum LockSpec {
    /// FOR UPDATE.
    Update,
    /// FOR SHARE.
    Share,
    /// FOR UPDATE NOWAIT.
    UpdateNowait,
    /// FOR UPDATE SKIP LOCKED.
    UpdateSkipLocked,
}

/// A CTE, used by the WHERE clause as `first_int_column IN (SELECT ... FROM cte)`.
#[derive(Arbitrary, Debug, Clone)]
pub enum CteSpec {
    /// `WITH w AS (SELECT id FROM table WHERE ...)`.
    Plain(TableSpec, Option<Box<BoolSpec>>),
    /// `WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < k)`.
    Counter(u8),
}

/// A set operation over one-column selects.
#[derive(Arbitrary, Debug, Clone)]
pub struct CompoundSpec {
    /// The operator.
    pub op: SetOpSpec,
    /// Left operand.
    pub left: OperandSpec,
    /// Right operand.
    pub right: OperandSpec,
    /// ORDER BY the output column.
    pub order: Option<bool>,
    /// LIMIT.
    pub limit: Option<u16>,
}

/// A set operator.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum SetOpSpec {
    /// UNION.
    Union,
    /// UNION ALL.
    UnionAll,
    /// INTERSECT.
    Intersect,
    /// INTERSECT ALL.
    IntersectAll,
    /// EXCEPT.
    Except,
    /// EXCEPT ALL.
    ExceptAll,
}

/// An operand of a set operation.
#[derive(Arbitrary, Debug, Clone)]
pub enum OperandSpec {
    /// `SELECT int AS v FROM table WHERE ... [ORDER BY v LIMIT n]`.
    Select { table: TableSpec, value: IntSpec, filter: Option<BoolSpec>, limit: Option<u8> },
    /// A nested set operation.
    Nested(Box<CompoundSpec>),
}

/// INSERT into `fz_a (x, s, flag)` or `fz_b (a_id, n, t, ok)`.
#[derive(Arbitrary, Debug, Clone)]
pub struct InsertSpec {
    /// The target table.
    pub table: TableSpec,
    /// Where the rows come from.
    pub source: InsertSource,
    /// ON CONFLICT / ON DUPLICATE KEY.
    pub upsert: Option<UpsertSpec>,
    /// RETURNING the id.
    pub returning: bool,
}

/// Rows for an INSERT.
#[derive(Arbitrary, Debug, Clone)]
pub enum InsertSource {
    /// VALUES rows (int, text, bool) with the table's other columns derived from them.
    Values(Vec<(IntSpec, TextSpec, BoolSpec)>),
    /// INSERT ... SELECT from the other table.
    Select(Option<BoolSpec>),
}

/// An upsert on the primary key.
#[derive(Arbitrary, Debug, Clone)]
pub enum UpsertSpec {
    /// DO NOTHING.
    Nothing,
    /// DO UPDATE SET the integer column from the proposed row.
    UpdateFromExcluded,
    /// DO UPDATE SET the text column to a value.
    UpdateText(String),
}

/// UPDATE.
#[derive(Arbitrary, Debug, Clone)]
pub struct UpdateSpec {
    /// The target.
    pub table: TableSpec,
    /// SET the integer column.
    pub set_int: Option<IntSpec>,
    /// SET the text column.
    pub set_text: Option<TextSpec>,
    /// SET the boolean column.
    pub set_bool: Option<BoolSpec>,
    /// WHERE.
    pub filter: Option<BoolSpec>,
    /// RETURNING the id and the integer column.
    pub returning: bool,
}

/// DELETE.
#[derive(Arbitrary, Debug, Clone)]
pub struct DeleteSpec {
    /// The target.
    pub table: TableSpec,
    /// WHERE.
    pub filter: Option<BoolSpec>,
    /// RETURNING the id.
    pub returning: bool,
}

/// Comparison operators.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `<>`
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

/// An integer expression. A column is `(table in scope, integer column)`, both modulo.
#[derive(Arbitrary, Debug, Clone)]
pub enum IntSpec {
    /// A column.
    Col(u8, u8),
    /// A bound parameter.
    Param(i64),
    /// An inlined literal.
    Lit(i16),
    /// NULL.
    Null,
    /// `a + b`
    Add(Box<IntSpec>, Box<IntSpec>),
    /// `a - b`
    Sub(Box<IntSpec>, Box<IntSpec>),
    /// `a * b`
    Mul(Box<IntSpec>, Box<IntSpec>),
    /// `a / b` (integer division on every engine)
    Div(Box<IntSpec>, Box<IntSpec>),
    /// `a % b`
    Rem(Box<IntSpec>, Box<IntSpec>),
    /// `-a`
    Neg(Box<IntSpec>),
    /// `ABS(a)`
    Abs(Box<IntSpec>),
    /// `LENGTH(text)`
    Length(Box<TextSpec>),
    /// `COALESCE(a, b...)`
    Coalesce(Box<IntSpec>, Vec<IntSpec>),
    /// `CASE WHEN .. THEN .. ELSE .. END`
    Case(Box<BoolSpec>, Box<IntSpec>, Vec<(BoolSpec, IntSpec)>, Option<Box<IntSpec>>),
    /// `(SELECT COUNT(*) FROM t WHERE ...)`, possibly correlated.
    CountSub(TableSpec, Option<Box<BoolSpec>>),
    /// `(SELECT MAX(int column) FROM t WHERE ...)`.
    MaxSub(TableSpec, u8, Option<Box<BoolSpec>>),
}

/// A text expression.
#[derive(Arbitrary, Debug, Clone)]
pub enum TextSpec {
    /// A column.
    Col(u8),
    /// A bound parameter.
    Param(String),
    /// An inlined literal.
    Lit(String),
    /// NULL.
    Null,
    /// `a || b` (CONCAT on MySQL)
    Concat(Box<TextSpec>, Box<TextSpec>),
    /// `LOWER(a)`
    Lower(Box<TextSpec>),
    /// `UPPER(a)`
    Upper(Box<TextSpec>),
    /// `COALESCE(a, b)`
    Coalesce(Box<TextSpec>, Box<TextSpec>),
    /// `CASE WHEN .. THEN .. ELSE .. END`
    Case(Box<BoolSpec>, Box<TextSpec>, Option<Box<TextSpec>>),
    /// `(SELECT MAX(text column) FROM t WHERE ...)`.
    MaxSub(TableSpec, Option<Box<BoolSpec>>),
}

/// A boolean expression.
#[derive(Arbitrary, Debug, Clone)]
pub enum BoolSpec {
    /// A boolean column.
    Col(u8),
    /// A bound parameter.
    Param(bool),
    /// Compare integers.
    CmpInt(CmpOp, Box<IntSpec>, Box<IntSpec>),
    /// Compare texts.
    CmpText(CmpOp, Box<TextSpec>, Box<TextSpec>),
    /// Compare booleans, `(a) = (b)`.
    CmpBool(Box<BoolSpec>, Box<BoolSpec>),
    /// AND of the terms.
    And(Vec<BoolSpec>),
    /// OR of the terms.
    Or(Vec<BoolSpec>),
    /// NOT.
    Not(Box<BoolSpec>),
    /// IS [NOT] NULL.
    IsNull(Box<IntSpec>, bool),
    /// IS [NOT] NULL on text.
    TextIsNull(Box<TextSpec>, bool),
    /// [NOT] IN (list).
    InList(Box<IntSpec>, Vec<IntSpec>, bool),
    /// [NOT] BETWEEN.
    Between(Box<IntSpec>, Box<IntSpec>, Box<IntSpec>, bool),
    /// [NOT] LIKE / ILIKE (case_insensitive).
    Like { text: Box<TextSpec>, pattern: Box<TextSpec>, negated: bool, case_insensitive: bool },
    /// `contains` / `starts_with` with escaping.
    Contains(Box<TextSpec>, String),
    /// [NOT] EXISTS (SELECT 1 FROM t WHERE ...), possibly correlated.
    Exists(TableSpec, Option<Box<BoolSpec>>, bool),
    /// int [NOT] IN (SELECT int column FROM t WHERE ...).
    InQuery(Box<IntSpec>, TableSpec, u8, Option<Box<BoolSpec>>, bool),
    /// A row value compared: (a, b) = (c, d).
    RowEq(Box<IntSpec>, Box<IntSpec>, Box<IntSpec>, Box<IntSpec>),
}
