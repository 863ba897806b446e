//! A revision's steps in words (`history --verbose`): each schema step as the change it
//! makes, from the schema before it.

use crate::error::Result;
use crate::format::Context;
use crate::graph::{History, step_error};
use crate::revision::{Direction, Op, Revision};

/// One line per upgrade step of `rev`.
///
/// # Errors
/// As [`History::load`] for a step that does not fit.
pub fn steps(history: &History, rev: &Revision) -> Result<Vec<String>> {
    let mut before = history.ancestors(&rev.id);
    before.remove(&rev.id);
    let mut schema = history.schema_of(&before, None)?;
    let cx = Context { dialects: &[], dialect: None };
    let mut out = Vec::new();
    for (i, op) in rev.upgrade.iter().enumerate() {
        out.push(match op {
            Op::Schema(s) => {
                let change = s.to_change(&cx, &schema).map_err(|e| step_error(rev, Direction::Up, i, &e))?;
                crate::replay::apply_change(&mut schema, &change)
                    .map_err(|e| step_error(rev, Direction::Up, i, &e.to_string()))?;
                change.to_string()
            }
            Op::Data(name) => format!("data step {name}"),
            Op::Sql(_) => "SQL written by hand".to_owned(),
        });
    }
    Ok(out)
}
