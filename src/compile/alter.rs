//! The SQL of a schema change: one statement per [`Change`] in the standard forms
//! ([`schema_change`], PostgreSQL's), which a dialect overrides piece by piece through
//! [`Dialect::schema_change`], and the statements of a whole [`Plan`] ([`plan_statements`]),
//! where a table the engine cannot alter in place is rebuilt ([`rebuild_table`], named
//! [`Emulation::TableRebuild`](crate::compile::Emulation::TableRebuild)).

use crate::compile::ddl::{self, CreateIndex, CreateTable, DropIndex, DropTable, ident_list};
use crate::compile::{Compile, Compiled, Compiler, Dialect};
use crate::diff::{Change, Plan};
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::schema::{Column, ServerDefault, Table};

/// The SQL that carries out a [`Plan`], and how to run it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanSql {
    /// Statements run before the transaction, outside it (SQLite turns foreign-key
    /// enforcement off for a rebuild: it cannot be changed inside a transaction).
    pub before: Vec<String>,
    /// The statements, in order.
    pub statements: Vec<PlanStatement>,
    /// Queries run before the commit that must return no rows (SQLite's
    /// `PRAGMA foreign_key_check` after a rebuild): a row is a broken foreign key, and the
    /// transaction is rolled back.
    pub checks: Vec<String>,
    /// Statements run after the transaction, whether it committed or not.
    pub after: Vec<String>,
    /// Whether the engine runs DDL inside a transaction (PostgreSQL, SQLite), so a failure
    /// undoes every step; MySQL commits each statement.
    pub transactional: bool,
}

/// One statement of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStatement {
    /// The index of the plan step it carries out.
    pub step: usize,
    /// The statement.
    pub compiled: Compiled,
    /// A query run before the step's other statements that must return no rows (MySQL: a
    /// NOT NULL column without a default is refused on a table with rows, as on the other
    /// engines, instead of being filled with an implicit value).
    pub must_be_empty: bool,
}

/// One change as one statement, through [`Dialect::schema_change`].
#[derive(Debug, Clone, Copy)]
pub struct ChangeSql<'a>(pub &'a Change);

impl Compile for ChangeSql<'_> {
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        c.dialect().schema_change(c, self.0)
    }
}

/// What runs around a plan that rebuilds tables ([`Dialect::rebuild_guards`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebuildGuards {
    /// Before the transaction (SQLite: `PRAGMA foreign_keys = OFF`).
    pub before: &'static [&'static str],
    /// Queries that must return no rows before the commit (SQLite: `PRAGMA foreign_key_check`).
    pub checks: &'static [&'static str],
    /// After the transaction (SQLite: `PRAGMA foreign_keys = ON`).
    pub after: &'static [&'static str],
}

/// The statements of `plan` for `dialect`, one or more per step, in the plan's order. A
/// table with a step the dialect cannot make in place ([`Dialect::needs_rebuild`]) is
/// rebuilt once, where its first step is, and that rebuild carries out all of its steps.
///
/// # Errors
/// The first change the dialect cannot express.
pub fn plan_statements(dialect: &dyn Dialect, plan: &Plan) -> Result<PlanSql> {
    let mut out = PlanSql { transactional: dialect.transactional_ddl(), ..PlanSql::default() };
    // The target's foreign keys on the tables the plan touches must hold on the engine
    // before anything runs (MySQL refuses a BIGINT referencing an INT halfway through).
    let touched: Vec<&Ident> = plan.steps().iter().map(|s| s.change.table()).collect();
    for table in plan.target().tables() {
        let def = table.def();
        if touched.contains(&&def.name) || def.foreign_keys.iter().any(|fk| touched.contains(&&fk.ref_table)) {
            plan.target().check_foreign_keys(dialect, def)?;
        }
    }
    let rebuilt: Vec<&Ident> =
        plan.steps().iter().filter(|s| dialect.needs_rebuild(&s.change, plan)).map(|s| s.change.table()).collect();
    let mut done: Vec<&Ident> = Vec::new();
    for (i, step) in plan.steps().iter().enumerate() {
        let table = step.change.table();
        let whole_table = matches!(step.change, Change::CreateTable(_) | Change::DropTable(_));
        if !whole_table && rebuilt.contains(&table) {
            if !done.contains(&table) {
                done.push(table);
                for compiled in rebuild_for_plan(dialect, plan, table)? {
                    out.statements.push(PlanStatement { step: i, compiled, must_be_empty: false });
                }
            }
            continue;
        }
        let mut guard = Compiler::new(dialect);
        if dialect.schema_change_guard(&mut guard, &step.change)? {
            out.statements.push(PlanStatement { step: i, compiled: guard.finish_checked()?, must_be_empty: true });
        }
        for compiled in step_statements(dialect, &step.change)? {
            out.statements.push(PlanStatement { step: i, compiled, must_be_empty: false });
        }
    }
    if !done.is_empty() {
        let guards = dialect.rebuild_guards();
        out.before = guards.before.iter().map(|s| (*s).to_owned()).collect();
        out.checks = guards.checks.iter().map(|s| (*s).to_owned()).collect();
        out.after = guards.after.iter().map(|s| (*s).to_owned()).collect();
    }
    Ok(out)
}

/// The rebuild of the target's table `name` from its current version in `plan`.
fn rebuild_for_plan(dialect: &dyn Dialect, plan: &Plan, name: &Ident) -> Result<Vec<Compiled>> {
    let target = plan.target().table(name)?;
    let current = plan
        .current_table(name)
        .ok_or_else(|| Error::invalid_schema(format!("table `{name}` is rebuilt but is not in the current schema")))?;
    let sources: Vec<Option<Ident>> = target
        .columns()
        .map(|col| {
            let from = plan.current_column_name(name, &col.name);
            current.column(from).ok().map(|c| c.name.clone())
        })
        .collect();
    rebuild_table(dialect, current.name(), target, &sources)
}

/// The statements of one change: a new table comes with its indexes.
///
/// # Errors
/// As [`Dialect::schema_change`].
pub fn step_statements(dialect: &dyn Dialect, change: &Change) -> Result<Vec<Compiled>> {
    Ok(match change {
        Change::CreateTable(table) => {
            let mut out = vec![CreateTable::new(table.clone()).compile(dialect)?];
            for index in &table.def().indexes {
                out.push(CreateIndex::new(index.clone()).compile(dialect)?);
            }
            out
        }
        Change::DropTable(table) => vec![DropTable::new(table.clone()).compile(dialect)?],
        Change::CreateIndex(index) => vec![CreateIndex::new(index.clone()).compile(dialect)?],
        Change::DropIndex(index) => vec![DropIndex::new(index.clone()).compile(dialect)?],
        other => vec![ChangeSql(other).compile(dialect)?],
    })
}

/// `ALTER TABLE t `.
///
/// # Errors
/// An invalid identifier.
pub fn alter_table(c: &mut Compiler<'_>, table: &Ident) -> Result<()> {
    c.push("ALTER TABLE ");
    c.ident(table)?;
    c.push_char(' ');
    Ok(())
}

/// The standard statement for `change` (the default of [`Dialect::schema_change`]):
/// `ALTER TABLE` with `RENAME TO`, `ADD COLUMN`, `DROP COLUMN`, `RENAME COLUMN`,
/// `ALTER COLUMN ... TYPE / SET NOT NULL / SET DEFAULT` (as many as differ, comma-separated),
/// `ADD PRIMARY KEY`, `ADD CONSTRAINT ... UNIQUE / CHECK / FOREIGN KEY`, `DROP CONSTRAINT`.
///
/// # Errors
/// [`Error::InvalidSchema`] for a constraint dropped without a name to drop it by (reflect
/// the live table to learn the engine's name); invalid identifiers.
pub fn schema_change(c: &mut Compiler<'_>, change: &Change) -> Result<()> {
    match change {
        Change::RenameTable { from, to } => {
            alter_table(c, from)?;
            c.push("RENAME TO ");
            c.ident(to)
        }
        Change::AddColumn { table, column } => {
            alter_table(c, table)?;
            c.push("ADD COLUMN ");
            added_column(c, column)
        }
        Change::DropColumn { table, column } => {
            alter_table(c, table)?;
            c.push("DROP COLUMN ");
            c.ident(&column.name)
        }
        Change::RenameColumn { table, from, to } => {
            alter_table(c, table)?;
            c.push("RENAME COLUMN ");
            c.ident(from)?;
            c.push(" TO ");
            c.ident(to)
        }
        Change::AlterColumn { table, from, to, .. } => {
            alter_table(c, table)?;
            alter_column_clauses(c, from, to)
        }
        Change::AddPrimaryKey { table, columns } => {
            alter_table(c, table)?;
            c.push("ADD PRIMARY KEY (");
            ident_list(c, columns)?;
            c.push_char(')');
            Ok(())
        }
        Change::DropPrimaryKey { table, name, .. } => {
            alter_table(c, table)?;
            c.push("DROP CONSTRAINT ");
            // PostgreSQL names an unnamed key `<table>_pkey`.
            match name {
                Some(name) => c.ident(name),
                None => c.ident(&Ident::from(format!("{table}_pkey"))),
            }
        }
        Change::AddForeignKey { table, fk } => {
            ddl::AddForeignKey { table: table.clone(), fk: fk.clone() }.compile_into(c)
        }
        Change::DropForeignKey { table, fk } => {
            let name = fk.constraint_name(table);
            c.dialect().drop_foreign_key(c, table, &name)
        }
        Change::AddUnique { table, unique } => {
            alter_table(c, table)?;
            c.push("ADD ");
            named_constraint(c, unique.name.as_ref())?;
            c.push("UNIQUE (");
            ident_list(c, &unique.columns)?;
            c.push_char(')');
            Ok(())
        }
        Change::DropUnique { table, unique } => {
            alter_table(c, table)?;
            c.push("DROP CONSTRAINT ");
            c.ident(required_name(unique.name.as_ref(), "unique constraint", table)?)
        }
        Change::AddCheck { table, check } => {
            alter_table(c, table)?;
            c.push("ADD ");
            named_constraint(c, check.name.as_ref())?;
            c.push("CHECK (");
            c.expr(&check.expr)?;
            c.push_char(')');
            Ok(())
        }
        Change::DropCheck { table, check } => {
            alter_table(c, table)?;
            c.push("DROP CONSTRAINT ");
            c.ident(required_name(check.name.as_ref(), "check constraint", table)?)
        }
        Change::CreateTable(_) | Change::DropTable(_) | Change::CreateIndex(_) | Change::DropIndex(_) => {
            Err(Error::invalid_statement(format!("`{change}` is its own statement: see step_statements")))
        }
    }
}

/// `CONSTRAINT name ` when there is a name.
fn named_constraint(c: &mut Compiler<'_>, name: Option<&Ident>) -> Result<()> {
    if let Some(name) = name {
        c.push("CONSTRAINT ");
        c.ident(name)?;
        c.push_char(' ');
    }
    Ok(())
}

/// The name a constraint is dropped by.
///
/// # Errors
/// [`Error::InvalidSchema`] when it has none.
pub fn required_name<'a>(name: Option<&'a Ident>, what: &str, table: &Ident) -> Result<&'a Ident> {
    name.ok_or_else(|| {
        Error::invalid_schema(format!(
            "a {what} of `{table}` without a name cannot be dropped: reflect the live table to learn the name \
             the engine gave it"
        ))
    })
}

/// A column added to a table: its definition without UNIQUE (the plan adds the constraint as
/// its own step).
///
/// # Errors
/// As the column's type and default.
pub fn added_column(c: &mut Compiler<'_>, column: &Column) -> Result<()> {
    let mut plain = column.clone();
    plain.unique = false;
    ddl::column_def(c, &plain, false)
}

/// `ALTER COLUMN c TYPE t USING CAST(c AS t)`, `SET / DROP NOT NULL`, `SET / DROP DEFAULT`:
/// the clauses for what differs between `from` and `to`, comma-separated.
///
/// # Errors
/// As the column's type and default.
pub fn alter_column_clauses(c: &mut Compiler<'_>, from: &Column, to: &Column) -> Result<()> {
    let mut first = true;
    let mut clause = |c: &mut Compiler<'_>| -> Result<()> {
        if !std::mem::take(&mut first) {
            c.push(", ");
        }
        c.push("ALTER COLUMN ");
        c.ident(&to.name)?;
        c.push_char(' ');
        Ok(())
    };
    if from.ty != to.ty {
        clause(c)?;
        let mut ty = String::new();
        c.dialect().type_name(&mut ty, &to.ty)?;
        c.push("TYPE ");
        c.push(&ty);
        c.push(" USING CAST(");
        c.ident(&to.name)?;
        c.push(" AS ");
        c.push(&ty);
        c.push_char(')');
    }
    if from.nullable != to.nullable {
        clause(c)?;
        c.push(if to.nullable { "DROP NOT NULL" } else { "SET NOT NULL" });
    }
    if default_differs(from.server_default.as_ref(), to.server_default.as_ref()) {
        clause(c)?;
        match &to.server_default {
            Some(default) => {
                c.push("SET");
                c.dialect().column_default(c, to, default)?;
            }
            None => c.push("DROP DEFAULT"),
        }
    }
    if first {
        return Err(Error::invalid_statement(format!("column `{}` does not change", to.name)));
    }
    Ok(())
}

/// Whether two server defaults differ in meaning.
fn default_differs(a: Option<&ServerDefault>, b: Option<&ServerDefault>) -> bool {
    a.map(crate::diff::default_text) != b.map(crate::diff::default_text)
}

/// The table rebuild SQLite documents for the changes its `ALTER TABLE` cannot make
/// (<https://sqlite.org/lang_altertable.html#otheralter>): create the new table under a
/// temporary name from `target`'s definition, copy every row (each new column from the
/// current column it comes from, `sources[i]` for target column `i`; `None` takes its
/// default), drop the old table, rename the new one, make its indexes. Foreign-key
/// enforcement must be off around it and `PRAGMA foreign_key_check` run before the commit
/// ([`PlanSql::before`] and [`PlanSql::checks`]).
///
/// # Errors
/// As creating `target`.
pub fn rebuild_table(
    dialect: &dyn Dialect,
    current_name: &Ident,
    target: &Table,
    sources: &[Option<Ident>],
) -> Result<Vec<Compiled>> {
    let def = target.def();
    let temp = Ident::from(format!("sqlcore_new_{}", def.name));
    let mut new_def = def.clone();
    new_def.name = temp.clone();
    // Constraint names stay the target's, not the temporary table's.
    for fk in &mut new_def.foreign_keys {
        if fk.name.is_none() {
            fk.name = Some(fk.constraint_name(&def.name));
        }
    }
    new_def.indexes.clear();
    let mut out = vec![CreateTable::new(Table::from_def(new_def)).compile(dialect)?];

    let mut copy = Compiler::new(dialect);
    copy.push("INSERT INTO ");
    copy.ident(&temp)?;
    copy.push(" (");
    let mut first = true;
    let copied: Vec<(&Column, &Ident)> =
        target.columns().zip(sources).filter_map(|(col, src)| src.as_ref().map(|s| (col, s))).collect();
    for (col, _) in &copied {
        if !std::mem::take(&mut first) {
            copy.push(", ");
        }
        copy.ident(&col.name)?;
    }
    copy.push(") SELECT ");
    for (i, (_, src)) in copied.iter().enumerate() {
        if i > 0 {
            copy.push(", ");
        }
        copy.ident(*src)?;
    }
    copy.push(" FROM ");
    copy.ident(current_name)?;
    if !copied.is_empty() {
        out.push(copy.finish_checked()?);
    }
    out.push(DropTable { name: current_name.clone(), if_exists: false }.compile(dialect)?);
    out.push(ChangeSql(&Change::RenameTable { from: temp, to: def.name.clone() }).compile(dialect)?);
    for index in &def.indexes {
        out.push(CreateIndex::new(index.clone()).compile(dialect)?);
    }
    Ok(out)
}

/// A column restated whole, as MySQL's `MODIFY COLUMN` needs it: name, type (with the
/// engine's generation clause when `generated`), NOT NULL and DEFAULT; UNIQUE and CHECK
/// are constraints of their own and are left as they are.
///
/// # Errors
/// As the column's type and default.
pub fn restated_column(c: &mut Compiler<'_>, column: &Column, generated: bool) -> Result<()> {
    let mut plain = column.clone();
    plain.unique = false;
    plain.check = None;
    ddl::column_def(c, &plain, generated)
}
