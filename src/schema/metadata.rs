//! [`MetaData`]: the tables of a schema, and the DDL that creates and drops them in
//! foreign-key order.

use crate::compile::{
    AddForeignKey, Compile, Compiled, CreateIndex, CreateTable, Dialect, DropForeignKey, DropTable, Feature, Support,
};
use crate::error::{Error, Result};
use crate::ident::{Ident, IdentMap};
use crate::schema::{Table, TableDef};

/// A collection of tables, in declaration order.
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_sqlite::SqliteDialect;
/// sqlcore::table! { pub authors { id: Integer => primary_key(); name: Text; } }
/// sqlcore::table! { pub books { id: Integer => primary_key(); author_id: Integer => references(authors::id); } }
///
/// # fn main() -> sqlcore::Result<()> {
/// // Declared child first; created parent first, dropped child first.
/// let md = MetaData::new().with(books::table())?.with(authors::table())?;
/// let create: Vec<String> = md.create_all_ddl(&SqliteDialect::default())?.into_iter().map(|c| c.sql).collect();
/// assert!(create[0].starts_with("CREATE TABLE authors"));
/// assert!(create[1].starts_with("CREATE TABLE books"));
/// let drop: Vec<String> = md.drop_all_ddl(&SqliteDialect::default())?.into_iter().map(|c| c.sql).collect();
/// assert_eq!(drop, ["DROP TABLE books", "DROP TABLE authors"]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetaData {
    tables: IdentMap<Table>,
}

/// The creation order of a schema: tables sorted so that referenced tables come first, and
/// the foreign keys that close cycles, which must be added after all tables exist.
struct Plan<'m> {
    order: Vec<&'m Table>,
    /// `(table index in order, fk index in table)` of cycle-closing foreign keys.
    cyclic: Vec<(usize, usize)>,
}

impl MetaData {
    /// An empty MetaData.
    pub fn new() -> Self {
        MetaData::default()
    }

    /// Adds `table`.
    ///
    /// # Errors
    /// [`Error::InvalidSchema`] if a table of that name is already here.
    pub fn add(&mut self, table: Table) -> Result<()> {
        if self.tables.contains_key(table.name()) {
            return Err(Error::invalid_schema(format!("MetaData already has a table `{}`", table.name())));
        }
        self.tables.insert(table.name().clone(), table);
        Ok(())
    }

    /// Adds `table`, builder style.
    ///
    /// # Errors
    /// As [`MetaData::add`].
    pub fn with(mut self, table: Table) -> Result<Self> {
        self.add(table)?;
        Ok(self)
    }

    /// The table named `name`.
    ///
    /// # Errors
    /// [`Error::UnknownTable`].
    pub fn table(&self, name: &str) -> Result<&Table> {
        self.tables.get(name).ok_or_else(|| Error::unknown_table(name.to_string()))
    }

    /// The tables in declaration order.
    pub fn tables(&self) -> impl ExactSizeIterator<Item = &Table> {
        self.tables.values()
    }

    /// The tables in creation order (referenced tables first), and for each the indexes of its
    /// foreign keys that close a cycle (to be added once every table exists).
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`].
    pub(crate) fn creation_order(&self) -> Result<Vec<(&Table, Vec<usize>)>> {
        let plan = self.plan()?;
        Ok(plan
            .order
            .iter()
            .enumerate()
            .map(|(pos, t)| (*t, plan.cyclic.iter().filter(|(p, _)| *p == pos).map(|(_, f)| *f).collect()))
            .collect())
    }

    /// The tables sorted by foreign-key dependency (referenced tables first; declaration order
    /// among independent ones), with the foreign keys that form cycles set aside.
    fn plan(&self) -> Result<Plan<'_>> {
        let n = self.tables.len();
        // deps[i]: the tables table i references (self-references ignored).
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, table) in self.tables.values().enumerate() {
            table.def().validate()?;
            for fk in &table.def().foreign_keys {
                let target = self.tables.get_index_of(&fk.ref_table).ok_or_else(|| {
                    Error::invalid_schema(format!(
                        "table `{}` has a foreign key to `{}`, which is not in this MetaData",
                        table.name(),
                        fk.ref_table
                    ))
                })?;
                if let Some((_, _, target_table)) = self.tables.get_full(&fk.ref_table) {
                    for col in &fk.ref_columns {
                        target_table.column(col)?;
                    }
                }
                if target != i && !deps[i].contains(&target) {
                    deps[i].push(target);
                }
            }
        }
        // An edge i -> j is in a cycle when j reaches i.
        let reaches = |from: usize, to: usize| -> bool {
            let mut seen = vec![false; n];
            let mut stack = vec![from];
            while let Some(k) = stack.pop() {
                if k == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[k], true) {
                    stack.extend(deps[k].iter().copied());
                }
            }
            false
        };
        let mut acyclic: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut cyclic_edges: Vec<(usize, usize)> = Vec::new();
        for i in 0..n {
            for &j in &deps[i] {
                if reaches(j, i) {
                    cyclic_edges.push((i, j));
                } else {
                    acyclic[i].push(j);
                }
            }
        }
        // Kahn's algorithm, always taking the first ready table in declaration order.
        let mut placed = vec![false; n];
        let mut order_idx = Vec::with_capacity(n);
        while order_idx.len() < n {
            let next = (0..n).find(|&i| !placed[i] && acyclic[i].iter().all(|&d| placed[d]));
            let Some(next) = next else {
                return Err(Error::invalid_schema("foreign keys could not be ordered"));
            };
            placed[next] = true;
            order_idx.push(next);
        }
        let tables: Vec<&Table> = self.tables.values().collect();
        let mut cyclic = Vec::new();
        for (pos, &ti) in order_idx.iter().enumerate() {
            for (fi, fk) in tables[ti].def().foreign_keys.iter().enumerate() {
                let target = self.tables.get_index_of(&fk.ref_table);
                if cyclic_edges.iter().any(|&(a, b)| a == ti && Some(b) == target) {
                    cyclic.push((pos, fi));
                }
            }
        }
        Ok(Plan { order: order_idx.into_iter().map(|i| tables[i]).collect(), cyclic })
    }

    /// The statements creating every table and index, in dependency order, for `dialect`.
    ///
    /// A foreign-key cycle is created with its closing foreign keys added afterwards by
    /// `ALTER TABLE` where the dialect can do that, and inline where the dialect accepts
    /// references to tables created later (SQLite).
    ///
    /// # Errors
    /// [`Error::InvalidSchema`] for a malformed table or a foreign key to a table not in this
    /// MetaData; [`Error::Unsupported`] for a cycle the dialect cannot create, or a column the
    /// engine cannot hold.
    pub fn create_all_ddl(&self, dialect: &dyn Dialect) -> Result<Vec<Compiled>> {
        self.create_ddl(dialect, &[])
    }

    /// The statements creating the tables of this MetaData that are not in `existing` (names
    /// compared exactly), with their indexes, in foreign-key order: what
    /// [`Connection::create_all`](crate::connection::Connection::create_all) runs after reading
    /// the table names. An existing table keeps its indexes and foreign keys as they are.
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`].
    pub fn create_missing_ddl(&self, dialect: &dyn Dialect, existing: &[Ident]) -> Result<Vec<Compiled>> {
        self.create_ddl(dialect, existing)
    }

    /// [`Dialect::check_foreign_key`] for every foreign key of `table` whose target is here.
    pub(crate) fn check_foreign_keys(&self, dialect: &dyn Dialect, table: &TableDef) -> Result<()> {
        for fk in &table.foreign_keys {
            if let Ok(referenced) = self.table(&fk.ref_table) {
                dialect.check_foreign_key(table, fk, referenced.def())?;
            }
        }
        Ok(())
    }

    fn create_ddl(&self, dialect: &dyn Dialect, existing: &[Ident]) -> Result<Vec<Compiled>> {
        let exists = |t: &Table| existing.iter().any(|e| e.as_str() == t.name().as_str());
        let plan = self.plan()?;
        let alter = !plan.cyclic.is_empty()
            && match dialect.support(Feature::ForwardForeignKey) {
                Support::Native => false,
                _ => match dialect.support(Feature::AlterAddForeignKey) {
                    Support::Unsupported(hint) => {
                        return Err(Error::unsupported("foreign-key cycle", dialect.describe(), hint));
                    }
                    _ => true,
                },
            };
        let mut out = Vec::new();
        for (pos, table) in plan.order.iter().enumerate() {
            if exists(table) {
                continue;
            }
            self.check_foreign_keys(dialect, table.def())?;
            let mut create = CreateTable::new((*table).clone());
            if alter {
                create.deferred_fks = plan.cyclic.iter().filter(|(p, _)| *p == pos).map(|(_, f)| *f).collect();
            }
            out.push(create.compile(dialect)?);
            for index in &table.def().indexes {
                out.push(CreateIndex::new(index.clone()).compile(dialect)?);
            }
        }
        if alter {
            for &(pos, fi) in &plan.cyclic {
                let table = plan.order[pos];
                // An existing table's foreign keys are its own business.
                if exists(table) {
                    continue;
                }
                if let Some(fk) = table.def().foreign_keys.get(fi) {
                    out.push(AddForeignKey { table: table.name().clone(), fk: fk.clone() }.compile(dialect)?);
                }
            }
        }
        Ok(out)
    }

    /// The statements dropping every table, dependents first. Foreign keys that form cycles
    /// are dropped first where they were added by `ALTER TABLE`.
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`].
    pub fn drop_all_ddl(&self, dialect: &dyn Dialect) -> Result<Vec<Compiled>> {
        self.drop_ddl(dialect, None)
    }

    /// The statements dropping the tables of this MetaData that are in `existing` (names
    /// compared exactly), dependents first: what
    /// [`Connection::drop_all`](crate::connection::Connection::drop_all) runs after reading the
    /// table names.
    ///
    /// # Errors
    /// As [`MetaData::create_all_ddl`].
    pub fn drop_existing_ddl(&self, dialect: &dyn Dialect, existing: &[Ident]) -> Result<Vec<Compiled>> {
        self.drop_ddl(dialect, Some(existing))
    }

    fn drop_ddl(&self, dialect: &dyn Dialect, existing: Option<&[Ident]>) -> Result<Vec<Compiled>> {
        let exists = |t: &Table| existing.is_none_or(|names| names.iter().any(|e| e.as_str() == t.name().as_str()));
        let plan = self.plan()?;
        let mut out = Vec::new();
        let alter = !plan.cyclic.is_empty() && dialect.support(Feature::ForwardForeignKey) != Support::Native;
        if alter {
            for &(pos, fi) in &plan.cyclic {
                let table = plan.order[pos];
                // A cycle's foreign key is dropped where both of its tables are there.
                let target = table.def().foreign_keys.get(fi).and_then(|fk| self.table(&fk.ref_table).ok());
                if !exists(table) || target.is_some_and(|t| !exists(t)) {
                    continue;
                }
                if let Some(fk) = table.def().foreign_keys.get(fi) {
                    let name = fk.constraint_name(table.name());
                    out.push(DropForeignKey { table: table.name().clone(), name }.compile(dialect)?);
                }
            }
        }
        for table in plan.order.iter().rev().filter(|t| exists(t)) {
            out.push(DropTable::new((*table).clone()).compile(dialect)?);
        }
        Ok(out)
    }
}
