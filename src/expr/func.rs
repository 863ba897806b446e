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
        }
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
