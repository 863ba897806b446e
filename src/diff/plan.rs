//! A [`Plan`]: the ordered changes from one schema to another, each with its class.

use std::fmt;

use crate::diff::{Change, ChangeClass};

/// One step of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The change.
    pub change: Change,
    /// What it risks on a table that holds rows.
    pub class: ChangeClass,
    /// What a reviewer should know ("possible rename of `a` to `b`").
    pub note: Option<String>,
}

/// The changes that turn one schema into another, in the order they apply: foreign keys and
/// constraints that go are dropped first, then renames, new tables, column changes, new
/// constraints and indexes, new foreign keys, and dropped tables last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub(crate) steps: Vec<Step>,
}

impl Plan {
    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// True when the schemas match.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// The riskiest class among the steps ([`ChangeClass::Safe`] for an empty plan).
    pub fn worst(&self) -> ChangeClass {
        self.steps.iter().map(|s| s.class).max().unwrap_or(ChangeClass::Safe)
    }

    /// The changes, in order.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.steps.iter().map(|s| &s.change)
    }
}

impl fmt::Display for Plan {
    /// One line per change with its class, and a note line where there is one:
    ///
    /// ```text
    /// 1. [safe] add column users.age BigInt
    /// 2. [destroys data] drop column users.nick Text
    ///    note: possible rename of users.nick to users.name: ...
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.steps.is_empty() {
            return f.write_str("no changes");
        }
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}. [{}] {}", i + 1, step.class, step.change)?;
            if let Some(note) = &step.note {
                write!(f, "\n   note: {note}")?;
            }
        }
        Ok(())
    }
}
