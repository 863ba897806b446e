//! Function calls.

use crate::expr::Expr;
use crate::ident::Ident;

/// Functions sqlcore knows by meaning, so each dialect can spell them its own way
/// (`length` counts characters: `LENGTH` on SQLite and PostgreSQL, `CHAR_LENGTH` on MySQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KnownFunc {
    /// `COUNT`
    Count,
    /// `SUM`
    Sum,
    /// `AVG`
    Avg,
    /// `MIN`
    Min,
    /// `MAX`
    Max,
    /// `COALESCE`
    Coalesce,
    /// `LOWER`
    Lower,
    /// `UPPER`
    Upper,
    /// Length in characters.
    Length,
    /// `ABS`
    Abs,
    /// `ROUND(x)` or `ROUND(x, digits)`
    Round,
    /// `ROW_NUMBER()`
    RowNumber,
    /// `RANK()`
    Rank,
    /// `DENSE_RANK()`
    DenseRank,
    /// `LAG(x [, offset [, default]])`
    Lag,
    /// `LEAD(x [, offset [, default]])`
    Lead,
    /// `FIRST_VALUE(x)`
    FirstValue,
    /// `LAST_VALUE(x)`
    LastValue,
    /// `NTILE(n)`
    Ntile,
}

impl KnownFunc {
    /// The standard spelling.
    pub fn as_sql(self) -> &'static str {
        match self {
            KnownFunc::Count => "COUNT",
            KnownFunc::Sum => "SUM",
            KnownFunc::Avg => "AVG",
            KnownFunc::Min => "MIN",
            KnownFunc::Max => "MAX",
            KnownFunc::Coalesce => "COALESCE",
            KnownFunc::Lower => "LOWER",
            KnownFunc::Upper => "UPPER",
            KnownFunc::Length => "LENGTH",
            KnownFunc::Abs => "ABS",
            KnownFunc::Round => "ROUND",
            KnownFunc::RowNumber => "ROW_NUMBER",
            KnownFunc::Rank => "RANK",
            KnownFunc::DenseRank => "DENSE_RANK",
            KnownFunc::Lag => "LAG",
            KnownFunc::Lead => "LEAD",
            KnownFunc::FirstValue => "FIRST_VALUE",
            KnownFunc::LastValue => "LAST_VALUE",
            KnownFunc::Ntile => "NTILE",
        }
    }

    /// Whether this is an aggregate (usable with FILTER, and over a window or a GROUP BY).
    pub fn is_aggregate(self) -> bool {
        matches!(self, KnownFunc::Count | KnownFunc::Sum | KnownFunc::Avg | KnownFunc::Min | KnownFunc::Max)
    }

    /// Whether no window frame changes this function's result (it works on the whole
    /// partition, in its order): SQL:2011 forbids a frame on ROW_NUMBER, RANK, DENSE_RANK,
    /// NTILE, LAG and LEAD, and MariaDB refuses one.
    pub fn ignores_frame(self) -> bool {
        matches!(
            self,
            KnownFunc::RowNumber
                | KnownFunc::Rank
                | KnownFunc::DenseRank
                | KnownFunc::Ntile
                | KnownFunc::Lag
                | KnownFunc::Lead
        )
    }

    /// Whether this exists only as a window function (needs OVER).
    pub fn is_window_only(self) -> bool {
        matches!(
            self,
            KnownFunc::RowNumber
                | KnownFunc::Rank
                | KnownFunc::DenseRank
                | KnownFunc::Lag
                | KnownFunc::Lead
                | KnownFunc::FirstValue
                | KnownFunc::LastValue
                | KnownFunc::Ntile
        )
    }
}

/// The name of a called function.
#[derive(Debug, Clone, PartialEq)]
pub enum FuncName {
    /// A function sqlcore knows.
    Known(KnownFunc),
    /// Any other function, written as given (letters, digits, `_` and `.` only).
    Named(Ident),
}

/// A call `name([DISTINCT] args)`; `COUNT(*)` has `args == [Expr::Star(None)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncCall {
    /// The function.
    pub name: FuncName,
    /// The arguments.
    pub args: Vec<Expr>,
    /// `DISTINCT` before the arguments (aggregates).
    pub distinct: bool,
}
