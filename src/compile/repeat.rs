//! Expressions a SELECT writes twice: a select-list item repeated in GROUP BY, HAVING,
//! ORDER BY or DISTINCT ON.
//!
//! PostgreSQL decides that `GROUP BY substr(phone, $3, $4)` groups by the selected
//! `substr(phone, $1, $2)` only if the two are the same expression, parameters included: with
//! other placeholders it refuses the statement (SQLSTATE 42803, "must appear in the GROUP BY
//! clause"), though the values are equal. A dialect whose placeholders are numbered
//! ([`Dialect::repeats_placeholders`]) writes a repeated expression with the placeholders of
//! its first writing, so the server sees one expression; engines with positional `?`
//! (SQLite, MySQL) compare such expressions by value and take the statement as it is.
//!
//! While a SELECT's DISTINCT ON, select list, GROUP BY, HAVING and ORDER BY are written, each
//! expression that bound values is remembered with the numbers of its parameters; a later
//! node equal to one of them (`==` on the tree) is written again with those numbers. Which
//! expressions are equal depends on the values, so a statement where a node was compared with
//! one is left out of the statement cache (whose key holds no values): cached SQL made for
//! other values would repeat the wrong placeholders.
//!
//! [`Dialect::repeats_placeholders`]: crate::compile::Dialect::repeats_placeholders

use crate::compile::Compiler;
use crate::error::Result;
use crate::expr::Expr;

/// The expressions of the current SELECT that bound values, for writing them again.
#[derive(Debug, Default)]
pub(crate) struct Repeats {
    /// Each expression (its label taken off), and the first and one-past-last index of its
    /// parameters.
    written: Vec<(Expr, usize, usize)>,
    /// Whether the clause being written may repeat an expression (not FROM or WHERE).
    pub(crate) active: bool,
}

impl Compiler<'_> {
    /// Runs `f` (one SELECT's body) with repeats tracked for its clauses, when the dialect
    /// repeats placeholders; the enclosing SELECT's are set aside meanwhile.
    pub(crate) fn tracking_repeats<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let track = !self.inline && self.dialect().repeats_placeholders();
        let saved = std::mem::replace(&mut self.repeats, track.then(Box::default));
        let out = f(self);
        self.repeats = saved;
        out
    }

    /// Sets whether the clause about to be written may repeat expressions.
    pub(crate) fn set_repeats_active(&mut self, active: bool) {
        if let Some(r) = &mut self.repeats {
            r.active = active;
        }
    }

    /// Writes a top-level item of a clause (`write` does it), remembering it if it bound
    /// values.
    pub(crate) fn remembered(&mut self, e: &Expr, write: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let start = self.param_count();
        write(self)?;
        let end = self.param_count();
        if end > start
            && let Some(r) = &mut self.repeats
        {
            let inner = match e {
                Expr::Label(inner, _) => &**inner,
                other => other,
            };
            r.written.push((inner.clone(), start, end));
        }
        Ok(())
    }

    /// If `e` repeats an expression written before in this SELECT, writes it again with the
    /// same placeholders and returns the outcome; `None` to write it as usual.
    #[inline]
    pub(crate) fn try_repeat(&mut self, e: &Expr) -> Option<Result<()>> {
        let r = self.repeats.as_deref()?;
        if !r.active || r.written.is_empty() || self.replaying() || is_leaf(e) {
            return None;
        }
        // Whether this node repeats one is decided by values, which the statement cache's key
        // leaves out: a statement that asked is compiled every time (a cached SQL written for
        // other values would repeat placeholders wrongly, or fail to repeat them).
        if let Some(recorder) = &mut self.recorder {
            recorder.foreign = true;
        }
        let r = self.repeats.as_deref()?;
        let &(_, start, end) = r.written.iter().find(|(w, _, _)| w == e)?;
        Some(self.replay(e, start, end))
    }
}

/// A node that binds at most its own value: a repeat of it is written as usual.
fn is_leaf(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Column(_)
            | Expr::Value(_)
            | Expr::Literal(_)
            | Expr::Null
            | Expr::Star(_)
            | Expr::Param(_)
            | Expr::Excluded(_)
    )
}
