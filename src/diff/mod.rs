//! Schema diff: the ordered changes that turn one [`MetaData`] into another.
//!
//! [`diff`] compares two models (typically a database read back with
//! [`reflect_all`](crate::reflect::reflect_all) and the application's model) by meaning: an
//! engine's spelling of a default, a key the engine generates, a type the engine keeps under
//! another of sqlcore's names ([`Diff::for_dialect`]) produce no change. Each change carries
//! a [`ChangeClass`]. Renames are never guessed: a dropped and an added column of the same
//! type are a drop and an add, with a note saying it may be a rename, until a hint
//! ([`Diff::rename_column`], [`Diff::rename_table`]) says so.
//!
//! ```
//! use sqlcore::prelude::*;
//! use sqlcore::diff::{ChangeClass, diff};
//!
//! # fn main() -> sqlcore::Result<()> {
//! let users = |extra: Option<Column>| {
//!     let b = Table::builder("users")
//!         .column(Column::new("id", SqlType::BigInt).primary_key())
//!         .column(Column::new("name", SqlType::Varchar(50)).not_null());
//!     match extra {
//!         Some(c) => b.column(c).build(),
//!         None => b.build(),
//!     }
//! };
//! let current = MetaData::new().with(users(None))?;
//! let target = MetaData::new().with(users(Some(Column::new("age", SqlType::Integer))))?;
//! let plan = diff(&current, &target)?;
//! assert_eq!(plan.to_string(), "1. [safe] add column users.age Integer");
//! assert_eq!(plan.worst(), ChangeClass::Safe);
//! assert!(diff(&target, &target)?.is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! Where each check lives: by name, with the names the model gives (an unnamed check has no
//! identity to compare by, and is left alone by the diff).

mod apply;
mod change;
mod compare;
mod plan;
mod review;

pub use apply::{apply, check};

pub use change::{Change, ChangeClass};
pub(crate) use compare::default_text;
pub use compare::type_change_class;
pub use plan::{Plan, Step};

use crate::compile::Dialect;
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::ident::Ident;
use crate::schema::{CheckConstraint, Column, ForeignKey, Index, MetaData, Table, TableDef, UniqueConstraint};
use compare::{column_change_class, column_delta, fk_key, kept_type};

/// The changes from `current` to `target`, compared as models (types exactly).
///
/// # Errors
/// [`Error::InvalidSchema`] when either schema is malformed, e.g. a foreign key to a table in
/// neither: found before anything runs.
pub fn diff(current: &MetaData, target: &MetaData) -> Result<Plan> {
    Diff::new(current, target).plan()
}

/// A diff being set up: the two schemas, the dialect types are compared for, rename hints.
#[derive(Debug, Clone)]
#[must_use]
pub struct Diff<'a> {
    current: &'a MetaData,
    target: &'a MetaData,
    dialect: Option<&'a dyn Dialect>,
    table_renames: Vec<(Ident, Ident)>,
    column_renames: Vec<(Ident, Ident, Ident)>,
}

impl<'a> Diff<'a> {
    /// The diff from `current` to `target`.
    pub fn new(current: &'a MetaData, target: &'a MetaData) -> Self {
        Diff { current, target, dialect: None, table_renames: Vec::new(), column_renames: Vec::new() }
    }

    /// Compares types as `dialect`'s engine keeps them ([`Dialect::reflected_type`]): for a
    /// live database read back by reflection.
    pub fn for_dialect(mut self, dialect: &'a dyn Dialect) -> Self {
        self.dialect = Some(dialect);
        self
    }

    /// Says that table `from` of the current schema is `to` of the target (its rows kept).
    pub fn rename_table(mut self, from: impl Into<Ident>, to: impl Into<Ident>) -> Self {
        self.table_renames.push((from.into(), to.into()));
        self
    }

    /// Says that column `from` of `table` (the target's name for it) is now `to`.
    pub fn rename_column(mut self, table: impl Into<Ident>, from: impl Into<Ident>, to: impl Into<Ident>) -> Self {
        self.column_renames.push((table.into(), from.into(), to.into()));
        self
    }

    /// The plan.
    ///
    /// # Errors
    /// As [`diff`]; [`Error::InvalidSchema`] for a hint naming a table or column that is not
    /// there.
    pub fn plan(&self) -> Result<Plan> {
        // Both schemas must be whole before any step is planned: a foreign key to a table
        // in neither is an error now, not a failed statement halfway.
        let current_order = self.current.creation_order()?;
        let target_order = self.target.creation_order()?;
        self.check_hints()?;
        let mut out = Steps::default();
        for (table, _) in &target_order {
            if let Some(cur) = self.current_of(table.name()) {
                self.table_changes(cur, table, &mut out)?;
            }
        }
        self.new_tables(&target_order, &mut out);
        self.dropped_tables(&current_order, &mut out);
        let mut plan = out.into_plan();
        plan.current = self.current.clone();
        plan.target = self.target.clone();
        plan.table_renames.clone_from(&self.table_renames);
        plan.column_renames.clone_from(&self.column_renames);
        Ok(plan)
    }

    /// The current table the target's `name` is (through a rename hint).
    fn current_of(&self, name: &Ident) -> Option<&'a Table> {
        let from = self.table_renames.iter().find(|(_, to)| to == name).map_or(name, |(from, _)| from);
        self.current.table(from).ok()
    }

    /// The target's name for the current table `name`.
    fn target_name<'n>(&'n self, name: &'n Ident) -> &'n Ident {
        self.table_renames.iter().find(|(from, _)| from == name).map_or(name, |(_, to)| to)
    }

    fn check_hints(&self) -> Result<()> {
        for (from, to) in &self.table_renames {
            if self.current.table(from).is_err() || self.target.table(to).is_err() {
                return Err(Error::invalid_schema(format!(
                    "rename hint `{from}` -> `{to}`: `{from}` must be a current table and `{to}` a target one"
                )));
            }
        }
        for (table, from, to) in &self.column_renames {
            let target = self.target.table(table).ok();
            let current = self.current_of(table);
            let ok = target.is_some_and(|t| t.column(to).is_ok()) && current.is_some_and(|t| t.column(from).is_ok());
            if !ok {
                return Err(Error::invalid_schema(format!(
                    "rename hint {table}.{from} -> {to}: `{from}` must be a current column and `{to}` a target one"
                )));
            }
        }
        Ok(())
    }

    /// The target's name for column `name` of the current table that becomes `table`.
    fn column_target_name<'n>(&'n self, table: &Ident, name: &'n Ident) -> &'n Ident {
        self.column_renames.iter().find(|(t, from, _)| t == table && from == name).map_or(name, |(_, _, to)| to)
    }

    /// The changes to a table that exists on both sides.
    fn table_changes(&self, cur: &Table, tgt: &Table, out: &mut Steps) -> Result<()> {
        let name = tgt.name();
        let (c, t) = (cur.def(), tgt.def());
        if cur.name() != name {
            out.renames.push(step(Change::RenameTable { from: cur.name().clone(), to: name.clone() }));
        }
        // Columns.
        let mut dropped: Vec<&Column> = Vec::new();
        for col in cur.columns() {
            let new_name = self.column_target_name(name, &col.name);
            match tgt.column(new_name) {
                Ok(to) => {
                    if new_name != &col.name {
                        out.renames.push(step(Change::RenameColumn {
                            table: name.clone(),
                            from: col.name.clone(),
                            to: new_name.clone(),
                        }));
                    }
                    let delta = column_delta(c, col, t, to, self.dialect);
                    if delta.any() {
                        let mut from = col.clone();
                        from.name = new_name.clone();
                        let class = column_change_class(col, to, delta);
                        out.columns.push(Step {
                            change: Change::AlterColumn {
                                table: name.clone(),
                                from: Box::new(from),
                                to: Box::new(to.clone()),
                                generated: compare::generated(t, to),
                            },
                            class,
                            note: None,
                        });
                    }
                }
                Err(_) => dropped.push(col),
            }
        }
        let renamed_to = |n: &Ident| self.column_renames.iter().any(|(tb, _, to)| tb == name && to == n);
        let added: Vec<&Column> =
            tgt.columns().filter(|col| cur.column(&col.name).is_err() && !renamed_to(&col.name)).collect();
        for col in &added {
            let needs_value = !col.nullable && col.server_default.is_none() && !compare::generated(t, col);
            out.columns.push(Step {
                change: Change::AddColumn { table: name.clone(), column: Box::new((*col).clone()) },
                class: if needs_value { ChangeClass::MayFail } else { ChangeClass::Safe },
                note: needs_value.then(|| "NOT NULL without a server default: fails on a table with rows".to_owned()),
            });
        }
        for col in dropped {
            let twin =
                added.iter().find(|a| kept_type(&a.ty, false, self.dialect) == kept_type(&col.ty, false, self.dialect));
            out.drop_columns.push(Step {
                change: Change::DropColumn { table: name.clone(), column: Box::new(col.clone()) },
                class: ChangeClass::DestroysData,
                note: twin.map(|a| {
                    format!(
                        "possible rename of {name}.{} to {}: say so with Diff::rename_column to keep its values",
                        col.name, a.name
                    )
                }),
            });
        }
        // Primary key (compared in the target's column names).
        let cur_pk: Vec<Ident> = c.primary_key.iter().map(|n| self.column_target_name(name, n).clone()).collect();
        if cur_pk != t.primary_key {
            if !cur_pk.is_empty() {
                out.drop_constraints.push(step(Change::DropPrimaryKey {
                    table: name.clone(),
                    columns: c.primary_key.clone(),
                    name: c.primary_key_name.clone(),
                }));
            }
            if !t.primary_key.is_empty() {
                out.add_constraints.push(Step {
                    change: Change::AddPrimaryKey { table: name.clone(), columns: t.primary_key.clone() },
                    class: ChangeClass::MayFail,
                    note: None,
                });
            }
        }
        self.foreign_key_changes(c, t, out);
        self.unique_changes(c, t, out);
        self.check_changes(c, t, out);
        self.index_changes(c, t, out);
        Ok(())
    }

    /// A current foreign key in the target's names (table and columns renamed).
    fn renamed_fk(&self, table: &Ident, fk: &ForeignKey) -> ForeignKey {
        let mut fk = fk.clone();
        fk.columns = fk.columns.iter().map(|n| self.column_target_name(table, n).clone()).collect();
        let target = self.target_name(&fk.ref_table).clone();
        fk.ref_columns = fk.ref_columns.iter().map(|n| self.column_target_name(&target, n).clone()).collect();
        fk.ref_table = target;
        fk
    }

    /// Whether column `column` of the target's `table` (both the target's names) changes
    /// type as the engine keeps it.
    fn retyped(&self, table: &Ident, column: &Ident) -> bool {
        let (Ok(target), Some(current)) = (self.target.table(table), self.current_of(table)) else { return false };
        let from = self.column_renames.iter().find(|(t, _, to)| t == table && to == column).map_or(column, |r| &r.1);
        match (current.column(from), target.column(column)) {
            (Ok(a), Ok(b)) => {
                let kept = |t: &Table, col: &Column| kept_type(&col.ty, compare::generated(t.def(), col), self.dialect);
                kept(current, a) != kept(target, b)
            }
            _ => false,
        }
    }

    /// Whether a column of `fk` (of the target's `table`) or of its target changes type: the
    /// key is dropped before and added after (MySQL cannot change a column a foreign key
    /// joins, and the key must hold between the new types).
    fn joins_retyped_columns(&self, table: &Ident, fk: &ForeignKey) -> bool {
        fk.columns.iter().any(|c| self.retyped(table, c))
            || fk.ref_columns.iter().any(|c| self.retyped(&fk.ref_table, c))
    }

    fn foreign_key_changes(&self, c: &TableDef, t: &TableDef, out: &mut Steps) {
        let current: Vec<ForeignKey> = c.foreign_keys.iter().map(|fk| self.renamed_fk(&t.name, fk)).collect();
        let kept = |fk: &ForeignKey, side: &[ForeignKey]| {
            side.iter().any(|x| fk_key(x, self.dialect) == fk_key(fk, self.dialect))
                && !self.joins_retyped_columns(&t.name, fk)
        };
        for (fk, original) in current.iter().zip(&c.foreign_keys) {
            if !kept(fk, &t.foreign_keys) {
                out.drop_fks.push(step(Change::DropForeignKey { table: t.name.clone(), fk: original.clone() }));
            }
        }
        for fk in &t.foreign_keys {
            if !kept(fk, &current) {
                out.add_fks.push(Step {
                    change: Change::AddForeignKey { table: t.name.clone(), fk: fk.clone() },
                    class: ChangeClass::MayFail,
                    note: None,
                });
            }
        }
    }

    /// Unique constraints, compared by their columns (names are not kept by every engine). A
    /// unique index on the same columns, all ascending, is the same rule: MySQL keeps every
    /// unique constraint as a unique index, and PostgreSQL's foreign keys accept either.
    fn unique_changes(&self, c: &TableDef, t: &TableDef, out: &mut Steps) {
        let rename = |cols: &[Ident]| -> Vec<Ident> {
            cols.iter().map(|n| self.column_target_name(&t.name, n).clone()).collect()
        };
        let current_sets: Vec<Vec<Ident>> = unique_sets(c).iter().map(|cols| rename(cols)).collect();
        let target_sets = unique_sets(t);
        for original in uniques(c) {
            if !target_sets.contains(&rename(&original.columns)) {
                out.drop_constraints.push(step(Change::DropUnique { table: t.name.clone(), unique: original }));
            }
        }
        for u in uniques(t) {
            if !current_sets.contains(&u.columns) {
                out.add_constraints.push(Step {
                    change: Change::AddUnique { table: t.name.clone(), unique: u },
                    class: ChangeClass::MayFail,
                    note: None,
                });
            }
        }
    }

    /// Indexes, compared by name: one whose columns, order or uniqueness changed is dropped
    /// and made again. A unique index whose columns the other side holds unique by a
    /// constraint is that constraint (see [`Self::unique_changes`]).
    fn index_changes(&self, c: &TableDef, t: &TableDef, out: &mut Steps) {
        let same =
            |a: &Index, b: &Index| a.columns == b.columns && a.unique == b.unique && a.descending == b.descending;
        let rename = |cols: &[Ident]| -> Vec<Ident> {
            cols.iter().map(|n| self.column_target_name(&t.name, n).clone()).collect()
        };
        let constraint_of = |ix: &Index, sets: &[Vec<Ident>]| is_plain_unique(ix) && sets.contains(&ix.columns);
        let current_sets: Vec<Vec<Ident>> = uniques(c).iter().map(|u| rename(&u.columns)).collect();
        let target_sets: Vec<Vec<Ident>> = uniques(t).into_iter().map(|u| u.columns).collect();
        for ix in &c.indexes {
            let mut ix = ix.clone();
            ix.table = t.name.clone();
            ix.columns = rename(&ix.columns);
            ix.descending = rename(&ix.descending);
            if !t.indexes.iter().any(|x| x.name == ix.name && same(x, &ix)) && !constraint_of(&ix, &target_sets) {
                out.drop_constraints.push(step(Change::DropIndex(ix)));
            }
        }
        for ix in &t.indexes {
            let renamed =
                |x: &Index| Index { columns: rename(&x.columns), descending: rename(&x.descending), ..x.clone() };
            if !c.indexes.iter().any(|x| x.name == ix.name && same(&renamed(x), ix))
                && !constraint_of(ix, &current_sets)
            {
                let class = if ix.unique { ChangeClass::MayFail } else { ChangeClass::Safe };
                out.add_constraints.push(Step { change: Change::CreateIndex(ix.clone()), class, note: None });
            }
        }
    }

    /// Checks. Two named checks are the same when their names are (their text is each
    /// engine's own spelling). An unnamed check (a table's `check()` or a column's) has the
    /// name the engine gave it on the live side, so it pairs with a check of the other side
    /// that no name claims: by text where the texts, without quotes, parentheses, spaces and
    /// case, are the same, else in order. Only the checks left over on either side are
    /// dropped or added.
    fn check_changes(&self, c: &TableDef, t: &TableDef, out: &mut Steps) {
        let named = |d: &TableDef, name: &Ident| d.checks.iter().any(|k| k.name.as_ref() == Some(name));
        // A side's checks that no name of the other side claims, its columns' among them.
        let pool = |d: &TableDef, other: &TableDef| -> Vec<CheckConstraint> {
            let mut checks: Vec<CheckConstraint> =
                d.checks.iter().filter(|k| k.name.as_ref().is_none_or(|n| !named(other, n))).cloned().collect();
            let columns = d.columns.values().filter_map(|col| col.check.clone());
            checks.extend(columns.map(|expr| CheckConstraint { name: None, expr }));
            checks
        };
        let text = |table: &Ident, k: &CheckConstraint| -> Option<String> {
            let sql = match &k.expr {
                Expr::Text(clause) if clause.binds.is_empty() => clause.sql.to_string(),
                other => self.dialect.and_then(|d| crate::compile::check_condition_sql(d, table, other).ok())?,
            };
            Some(sql.chars().filter(|ch| !"\"`()[] \t\n".contains(*ch)).flat_map(char::to_lowercase).collect())
        };
        let may_pair = |a: &CheckConstraint, b: &CheckConstraint| a.name.is_none() || b.name.is_none();
        let mut current = pool(c, t);
        let mut unpaired: Vec<CheckConstraint> = Vec::new();
        for k in pool(t, c) {
            let wanted = text(&t.name, &k);
            let same = current.iter().position(|x| may_pair(x, &k) && wanted.is_some() && text(&c.name, x) == wanted);
            match same {
                Some(i) => drop(current.remove(i)),
                None => unpaired.push(k),
            }
        }
        let mut added = Vec::new();
        for k in unpaired {
            match current.iter().position(|x| may_pair(x, &k)) {
                Some(i) => drop(current.remove(i)),
                None => added.push(k),
            }
        }
        for check in current {
            out.drop_constraints.push(step(Change::DropCheck { table: t.name.clone(), check }));
        }
        for check in added {
            out.add_constraints.push(Step {
                change: Change::AddCheck { table: t.name.clone(), check },
                class: ChangeClass::MayFail,
                note: None,
            });
        }
    }

    /// Tables of the target that are not in the current schema, in creation order; a foreign
    /// key to a table created later (a cycle) is added once both exist.
    fn new_tables(&self, order: &[(&Table, Vec<usize>)], out: &mut Steps) {
        for (table, cyclic) in order {
            if self.current_of(table.name()).is_some() {
                continue;
            }
            let def = table.def();
            if cyclic.is_empty() {
                out.create_tables.push(step(Change::CreateTable((*table).clone())));
                continue;
            }
            let mut created = def.clone();
            created.foreign_keys = def
                .foreign_keys
                .iter()
                .enumerate()
                .filter(|(i, _)| !cyclic.contains(i))
                .map(|(_, f)| f.clone())
                .collect();
            out.create_tables.push(step(Change::CreateTable(Table::from_def(created))));
            for &i in cyclic {
                if let Some(fk) = def.foreign_keys.get(i) {
                    out.add_fks.push(step(Change::AddForeignKey { table: def.name.clone(), fk: fk.clone() }));
                }
            }
        }
    }

    /// Tables of the current schema that the target does not have, dependents first; the
    /// foreign keys that close cycles among them are dropped before the tables.
    fn dropped_tables(&self, order: &[(&Table, Vec<usize>)], out: &mut Steps) {
        let gone = |t: &Table| self.target.table(self.target_name(t.name())).is_err();
        for (table, cyclic) in order.iter().rev() {
            if !gone(table) {
                continue;
            }
            for &i in cyclic {
                if let Some(fk) = table.def().foreign_keys.get(i) {
                    out.drop_fks.push(step(Change::DropForeignKey { table: table.name().clone(), fk: fk.clone() }));
                }
            }
            out.drop_tables.push(Step {
                change: Change::DropTable((*table).clone()),
                class: ChangeClass::DestroysData,
                note: None,
            });
        }
    }
}

/// A step with no risk and no note.
fn step(change: Change) -> Step {
    let class = ChangeClass::Safe;
    Step { change, class, note: None }
}

/// A table's unique constraints, a column's `unique()` among them.
fn uniques(t: &TableDef) -> Vec<UniqueConstraint> {
    let mut out = t.uniques.clone();
    for col in t.columns.values().filter(|c| c.unique) {
        if !out.iter().any(|u| u.columns.len() == 1 && u.columns[0] == col.name) {
            out.push(UniqueConstraint { name: None, columns: vec![col.name.clone()] });
        }
    }
    out
}

/// The column lists a table holds unique: its unique constraints and its plain unique indexes.
fn unique_sets(t: &TableDef) -> Vec<Vec<Ident>> {
    let mut out: Vec<Vec<Ident>> = uniques(t).into_iter().map(|u| u.columns).collect();
    out.extend(t.indexes.iter().filter(|ix| is_plain_unique(ix)).map(|ix| ix.columns.clone()));
    out
}

/// A unique index with every column ascending: the same rule as a unique constraint.
fn is_plain_unique(ix: &Index) -> bool {
    ix.unique && ix.descending.is_empty()
}

/// The steps by phase; a plan is the phases in order.
#[derive(Default)]
struct Steps {
    drop_fks: Vec<Step>,
    drop_constraints: Vec<Step>,
    renames: Vec<Step>,
    create_tables: Vec<Step>,
    columns: Vec<Step>,
    drop_columns: Vec<Step>,
    add_constraints: Vec<Step>,
    add_fks: Vec<Step>,
    drop_tables: Vec<Step>,
}

impl Steps {
    fn into_plan(self) -> Plan {
        let mut steps = self.drop_fks;
        // A primary key is dropped after the other constraints of its table go (MySQL needs
        // an index on an AUTO_INCREMENT column) and added before those that come.
        let (pk_drops, other_drops): (Vec<Step>, Vec<Step>) =
            self.drop_constraints.into_iter().partition(|s| matches!(s.change, Change::DropPrimaryKey { .. }));
        steps.extend(other_drops);
        steps.extend(pk_drops);
        steps.extend(self.renames);
        steps.extend(self.create_tables);
        steps.extend(self.columns);
        steps.extend(self.drop_columns);
        let (pk_adds, other_adds): (Vec<Step>, Vec<Step>) =
            self.add_constraints.into_iter().partition(|s| matches!(s.change, Change::AddPrimaryKey { .. }));
        steps.extend(pk_adds);
        steps.extend(other_adds);
        steps.extend(self.add_fks);
        steps.extend(self.drop_tables);
        Plan { steps, ..Plan::default() }
    }
}
