//! A [`Plan`]: the ordered changes from one schema to another, each with its class.

use std::fmt;

use crate::diff::{Change, ChangeClass};
use crate::ident::Ident;
use crate::schema::{MetaData, Table};

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
    /// The schema the plan starts from and the one it makes: an engine that rebuilds a table
    /// (SQLite) makes the new table from the target's definition and copies from the current.
    pub(crate) current: MetaData,
    pub(crate) target: MetaData,
    /// `(current, target)` table names of the rename hints.
    pub(crate) table_renames: Vec<(Ident, Ident)>,
    /// `(target table, current column, target column)` of the rename hints.
    pub(crate) column_renames: Vec<(Ident, Ident, Ident)>,
}

impl Plan {
    /// The plan of `steps` from `current` to `target`, made by hand rather than by
    /// [`diff`](crate::diff::diff): a migration's recorded changes. The rename steps among
    /// them are its rename hints (an engine that rebuilds a table copies a renamed column
    /// from its old name).
    pub fn from_steps(current: MetaData, target: MetaData, steps: Vec<Step>) -> Plan {
        let mut table_renames = Vec::new();
        let mut column_renames = Vec::new();
        for step in &steps {
            match &step.change {
                Change::RenameTable { from, to } => table_renames.push((from.clone(), to.clone())),
                Change::RenameColumn { table, from, to } => {
                    column_renames.push((table.clone(), from.clone(), to.clone()));
                }
                _ => {}
            }
        }
        Plan { steps, current, target, table_renames, column_renames }
    }

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

    /// The schema the plan starts from.
    pub fn current(&self) -> &MetaData {
        &self.current
    }

    /// The schema the plan makes.
    pub fn target(&self) -> &MetaData {
        &self.target
    }

    /// The current table that becomes the target's `name` (through a rename hint).
    pub fn current_table(&self, name: &Ident) -> Option<&Table> {
        let from = self.table_renames.iter().find(|(_, to)| to == name).map_or(name, |(from, _)| from);
        self.current.table(from).ok()
    }

    /// The current name of column `column` of the target's table `table` (through a hint).
    pub fn current_column_name<'a>(&'a self, table: &Ident, column: &'a Ident) -> &'a Ident {
        self.column_renames.iter().find(|(t, _, to)| t == table && to == column).map_or(column, |(_, from, _)| from)
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
