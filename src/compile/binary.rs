//! How a dialect writes binary operator nodes: the one hook
//! [`Dialect::binary_forms`](crate::compile::Dialect::binary_forms) gives, per operator, the
//! spelling, or a rewrite of the whole node together with the precedence the written node
//! has. It is a table built at compile time, asked for once per statement, because the
//! compiler consults it for every operator node and for the precedence of every operand that
//! is one.
//!
//! ```
//! use sqlcore::compile::{BinaryForm, BinaryForms, Compiler};
//! use sqlcore::expr::{BinaryOp, Expr, Precedence};
//!
//! // A dialect that writes `||` as a function call.
//! fn concat(c: &mut Compiler<'_>, l: &Expr, r: &Expr) -> sqlcore::Result<()> {
//!     c.push("CONCAT(");
//!     c.expr(l)?;
//!     c.push(", ");
//!     c.expr(r)?;
//!     c.push(")");
//!     Ok(())
//! }
//! static FORMS: BinaryForms = BinaryForms::STANDARD
//!     .with(BinaryOp::Concat, BinaryForm::Written { precedence: Precedence::Atom, write: concat });
//! assert!(matches!(FORMS.get(BinaryOp::Concat), BinaryForm::Written { .. }));
//! assert!(matches!(FORMS.get(BinaryOp::Add), BinaryForm::Infix(" + ")));
//! ```

use crate::compile::{Compiler, generic};
use crate::error::Result;
use crate::expr::{BinaryOp, Expr, Precedence};

/// Writes a whole `left op right` node in a dialect's own form (`CONCAT(a, b)`).
pub type WriteBinary = fn(&mut Compiler<'_>, &Expr, &Expr) -> Result<()>;

/// How a dialect writes one binary operator.
#[derive(Debug, Clone, Copy)]
pub enum BinaryForm {
    /// `left<spelling>right`, with the spaces (`" + "`), written by the compiler with the
    /// operator's own precedence ([`BinaryOp::precedence`]) deciding the parentheses.
    Infix(&'static str),
    /// The dialect writes the node itself; the written node binds as `precedence` where it
    /// is an operand (a function call is [`Precedence::Atom`]). The function may write the
    /// compiler's infix form with another spelling ([`Compiler::infix`]).
    Written {
        /// How tightly the written node binds.
        precedence: Precedence,
        /// Writes the node.
        write: WriteBinary,
    },
}

impl BinaryForm {
    /// How tightly a node of operator `op` written this way binds.
    #[inline]
    pub fn precedence(&self, op: BinaryOp) -> Precedence {
        match self {
            BinaryForm::Infix(_) => op.precedence(),
            BinaryForm::Written { precedence, .. } => *precedence,
        }
    }
}

/// The form of every binary operator, indexed by operator.
#[derive(Debug, Clone, Copy)]
pub struct BinaryForms([BinaryForm; BinaryOp::ALL.len()]);

impl BinaryForms {
    /// The default forms: every operator infix with its standard spelling, and `||` written
    /// by [`generic::concat`], which parenthesises operator operands (engines place `||`
    /// differently among the operators).
    pub const STANDARD: BinaryForms = {
        let mut forms = [BinaryForm::Infix(""); BinaryOp::ALL.len()];
        let mut i = 0;
        while i < BinaryOp::ALL.len() {
            forms[i] = BinaryForm::Infix(BinaryOp::ALL[i].as_sql());
            i += 1;
        }
        BinaryForms(forms)
            .with(BinaryOp::Concat, BinaryForm::Written { precedence: Precedence::Concat, write: generic::concat })
    };

    /// These forms with `op` written as `form`.
    #[must_use]
    pub const fn with(mut self, op: BinaryOp, form: BinaryForm) -> Self {
        self.0[op as usize] = form;
        self
    }

    /// How `op` is written.
    #[inline]
    pub fn get(&self, op: BinaryOp) -> BinaryForm {
        self.0[op as usize]
    }
}

/// [`BinaryForms::STANDARD`], as a static the default hook can lend.
pub static STANDARD_FORMS: BinaryForms = BinaryForms::STANDARD;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_has_its_own_slot() {
        for (i, op) in BinaryOp::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i, "{op:?}");
            match STANDARD_FORMS.get(*op) {
                BinaryForm::Infix(s) => assert_eq!(s, op.as_sql()),
                BinaryForm::Written { precedence, .. } => {
                    assert_eq!(*op, BinaryOp::Concat);
                    assert_eq!(precedence, Precedence::Concat);
                }
            }
        }
    }
}
