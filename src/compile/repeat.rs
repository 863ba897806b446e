//! Expressions a SELECT writes twice: a select-list item repeated in GROUP BY, HAVING,
//! ORDER BY or DISTINCT ON.
//!
//! PostgreSQL decides that `GROUP BY substr(phone, $3, $4)` groups by the selected
//! `substr(phone, $1, $2)` only if the two are the same expression, parameters included: with
//! other placeholders it refuses the statement (SQLSTATE 42803, "must appear in the GROUP BY
//! clause"), though the values are equal. MySQL's HAVING does not see it either ("Unknown
//! column 'phone' in 'HAVING'"), with or without parameters. So each dialect says how a
//! repeat is written ([`Dialect::repeat_as`]):
//!
//! * PostgreSQL, whose placeholders are numbered: with the placeholders of its first writing,
//!   so the server sees one expression;
//! * MySQL: by the label of the select-list item it repeats (`HAVING code <> ?`), in GROUP BY,
//!   HAVING and ORDER BY, which take select-list aliases (an aggregate is written as it is:
//!   HAVING finds those);
//! * SQLite (and the default): as written; SQLite compares such expressions by value.
//!
//! While a SELECT's DISTINCT ON, select list, GROUP BY, HAVING and ORDER BY are written, each
//! top-level expression is remembered (with the numbers of its parameters, or its label); a
//! later node equal to one of them (`==` on the tree) is written the dialect's way. Which
//! expressions are equal depends on the values, so a statement where a node was compared with
//! one is left out of the statement cache (whose key holds no values): cached SQL made for
//! other values would repeat the wrong placeholders.
//!
//! [`Dialect::repeat_as`]: crate::compile::Dialect::repeat_as

use crate::compile::{Compiler, RepeatAs};
use crate::error::Result;
use crate::expr::Expr;
use crate::ident::Ident;

/// The expressions of the current SELECT that may be written again (made when the first is
/// remembered: most SELECTs have none).
#[derive(Debug, Default)]
pub(crate) struct Repeats {
    /// Each expression (its label taken off), the first and one-past-last index of its
    /// parameters, and the label it can be named by.
    written: Vec<(Expr, usize, usize, Option<Ident>)>,
}

/// How the current SELECT writes repeats, and where it is.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RepeatState {
    /// The dialect's way, or `None` when repeats are written as they are.
    style: Option<RepeatAs>,
    /// The clause being written: `None` in FROM and WHERE, where nothing repeats.
    clause: Option<Clause>,
}

/// Where in a SELECT an expression is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clause {
    /// DISTINCT ON and the select list (no label can stand for an expression there).
    List,
    /// GROUP BY, HAVING and ORDER BY.
    Late,
}

impl Compiler<'_> {
    /// Runs `f` (one SELECT's body) with repeats tracked for its clauses when it `may_repeat`
    /// (it has a clause after the select list), unless the dialect writes repeats as they
    /// are; the enclosing SELECT's are set aside meanwhile.
    #[inline]
    pub(crate) fn tracking_repeats<T>(
        &mut self,
        may_repeat: bool,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let style = if may_repeat && !self.inline {
            Some(self.dialect().repeat_as()).filter(|s| *s != RepeatAs::Written)
        } else {
            None
        };
        let saved_state = std::mem::replace(&mut self.repeat_state, RepeatState { style, clause: None });
        let saved = self.repeats.take();
        let out = f(self);
        self.repeats = saved;
        self.repeat_state = saved_state;
        out
    }

    /// Whether repeats are named by label (so the select list's labels are worth working out).
    pub(crate) fn repeats_by_label(&self) -> bool {
        self.repeat_state.style == Some(RepeatAs::Label)
    }

    /// Sets the clause about to be written.
    pub(crate) fn set_repeat_clause(&mut self, clause: Option<Clause>) {
        self.repeat_state.clause = clause;
    }

    /// Writes a top-level item of a clause (`write` does it), remembering it for later
    /// clauses: with the placeholders it bound, or (select-list items) the label it can be
    /// named by, `label` (`None` when a FROM table has a column of that name, which MySQL's
    /// GROUP BY and HAVING would take instead).
    #[inline]
    pub(crate) fn remembered(
        &mut self,
        e: &Expr,
        label: Option<&Ident>,
        write: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let Some(style) = self.repeat_state.style else { return write(self) };
        let start = self.param_count();
        let repeated = self.reused_count();
        write(self)?;
        let end = self.param_count();
        let inner = match e {
            Expr::Label(inner, _) => &**inner,
            other => other,
        };
        let wanted = match style {
            // An item that itself repeated an earlier one is found through that one.
            RepeatAs::Placeholders => end > start && repeated == self.reused_count(),
            // An aggregate is found by HAVING as written; an expression over the rows' columns
            // is not.
            RepeatAs::Label => label.is_some() && !is_leaf(inner) && !Expr::any_aggregates([inner]),
            _ => false,
        };
        // Large trees are never repeated in practice, and remembering one would copy it (and
        // compare against it) at the depth of the tree.
        if wanted && small(inner) {
            let entry = (inner.clone(), start, end, label.cloned());
            self.repeats.get_or_insert_with(Box::default).written.push(entry);
        }
        Ok(())
    }

    /// Whether this SELECT remembered an expression (the one test every node pays).
    #[inline(always)]
    pub(crate) fn has_repeats(&self) -> bool {
        self.repeats.is_some()
    }

    /// If `e` repeats an expression written before in this SELECT, writes it the dialect's
    /// way ([`RepeatAs`]) and returns the outcome; `None` to write it as usual.
    #[inline(never)]
    pub(crate) fn try_repeat(&mut self, e: &Expr) -> Option<Result<()>> {
        let r = self.repeats.as_deref()?;
        let clause = self.repeat_state.clause?;
        let style = self.repeat_state.style?;
        if self.replaying() || is_leaf(e) || (style == RepeatAs::Label && clause != Clause::Late) {
            return None;
        }
        // Whether this node repeats one with values is decided by the values, which the
        // statement cache's key leaves out: a statement that asked is compiled every time (a
        // cached SQL written for other values would repeat the wrong expression).
        let valued = r.written.iter().any(|(_, start, end, _)| end > start);
        let found = r.written.iter().find(|(w, ..)| w == e).map(|(_, start, end, label)| (*start, *end, label.clone()));
        if valued {
            self.depends_on_values();
        }
        let (start, end, label) = found?;
        match (style, label) {
            (RepeatAs::Label, Some(label)) => Some(self.ident(&label)),
            (RepeatAs::Placeholders, _) => Some(self.replay(e, start, end)),
            _ => None,
        }
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

/// The most nodes an expression may have to be remembered.
const MAX_REMEMBERED_NODES: usize = 64;

/// Whether `e` has at most [`MAX_REMEMBERED_NODES`] nodes and no subquery (counted without
/// recursion, so a deep tree costs no stack).
fn small(e: &Expr) -> bool {
    let mut stack = vec![e];
    let mut seen = 0;
    while let Some(e) = stack.pop() {
        seen += 1;
        if seen > MAX_REMEMBERED_NODES || matches!(e, Expr::Subquery(_) | Expr::Exists(_) | Expr::InQuery { .. }) {
            return false;
        }
        e.push_children(&mut stack);
    }
    true
}
