//! Binary operators and precedence.
//!
//! Parentheses are decided from [`Precedence`], in `compile/expr.rs`: an operand is wrapped
//! when it binds more loosely than its parent, or equally on the right of a left-associative
//! operator (`a - (b - c)`), or equally under a non-associative one (comparisons).

/// How tightly an operator binds; higher binds tighter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precedence {
    /// OR
    Or,
    /// AND
    And,
    /// NOT
    Not,
    /// `= <> < <= > >=`, IS, IN, LIKE, BETWEEN (non-associative)
    Comparison,
    /// `||`: placed differently by each engine (tightest on SQLite, between `+` and `=` on
    /// PostgreSQL), so its operands and its parent are always parenthesised when they are
    /// operators themselves.
    Concat,
    /// `+ -`
    Additive,
    /// `* / %`
    Multiplicative,
    /// unary `-`
    Unary,
    /// Raw SQL text: the compiler cannot see inside, so it always parenthesises it as an
    /// operand.
    Text,
    /// Columns, values, function calls, CASE, CAST.
    Atom,
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BinaryOp {
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
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// String concatenation (`||`, or `CONCAT()` on MySQL).
    Concat,
}

impl BinaryOp {
    /// Every operator, in declaration order (`op as usize` is its index).
    pub const ALL: [BinaryOp; 12] = [
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::Rem,
        BinaryOp::Concat,
    ];

    /// The generic SQL spelling, with surrounding spaces.
    pub const fn as_sql(self) -> &'static str {
        match self {
            BinaryOp::Eq => " = ",
            BinaryOp::Ne => " <> ",
            BinaryOp::Lt => " < ",
            BinaryOp::Le => " <= ",
            BinaryOp::Gt => " > ",
            BinaryOp::Ge => " >= ",
            BinaryOp::Add => " + ",
            BinaryOp::Sub => " - ",
            BinaryOp::Mul => " * ",
            BinaryOp::Div => " / ",
            BinaryOp::Rem => " % ",
            BinaryOp::Concat => " || ",
        }
    }

    /// How tightly the operator binds.
    pub const fn precedence(self) -> Precedence {
        match self {
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                Precedence::Comparison
            }
            BinaryOp::Add | BinaryOp::Sub => Precedence::Additive,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => Precedence::Multiplicative,
            BinaryOp::Concat => Precedence::Concat,
        }
    }
}

/// How a LIKE pattern is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LikeEscape {
    /// No `ESCAPE` clause of the user's (the dialect writes its own where the engine has no
    /// default, see [`Dialect::like_needs_explicit_escape`](crate::compile::Dialect::like_needs_explicit_escape)).
    Default,
    /// `ESCAPE 'c'`.
    Char(char),
    /// The pattern is plain text, matched literally as the [`LikeMatch`] says
    /// ([`ExprExt::contains`](crate::expr::ExprExt::contains), ...): the text is kept as the
    /// user gave it, and the dialect writes the escaped pattern and its escape character at
    /// compile time ([`Dialect::like_text_pattern`](crate::compile::Dialect::like_text_pattern)).
    Literal(LikeMatch),
}

/// Where a literal text must occur in the tested string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LikeMatch {
    /// Anywhere: `%text%`.
    Contains,
    /// At the start: `text%`.
    StartsWith,
    /// At the end: `%text`.
    EndsWith,
}
