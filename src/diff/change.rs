//! One change of a schema, and what it risks.

use std::fmt;

use crate::ident::Ident;
use crate::schema::{CheckConstraint, Column, ForeignKey, Index, ServerDefault, Table, UniqueConstraint};

/// What a change risks on a table that holds rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeClass {
    /// Cannot fail and keeps every value (a new table, a nullable column, a wider type, a
    /// dropped index).
    Safe,
    /// Keeps every value but is refused when existing rows break it: NOT NULL on a column
    /// with NULLs (or a new NOT NULL column without a default), a narrower type, a new unique,
    /// check, primary or foreign key.
    MayFail,
    /// Loses data: a dropped table or column, a type that rounds or truncates what it holds.
    DestroysData,
}

impl ChangeClass {
    /// How a review names the class.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeClass::Safe => "safe",
            ChangeClass::MayFail => "may fail on existing data",
            ChangeClass::DestroysData => "destroys data",
        }
    }
}

impl fmt::Display for ChangeClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a [`Plan`](crate::diff::Plan): the schema change, with both sides where it
/// alters something, so it can be reversed and explained.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Change {
    /// `CREATE TABLE`, with its indexes; foreign keys that close a cycle come as
    /// [`Change::AddForeignKey`] afterwards.
    CreateTable(Table),
    /// `DROP TABLE`.
    DropTable(Table),
    /// `ALTER TABLE ... RENAME TO`, from an explicit hint.
    RenameTable {
        /// The current name.
        from: Ident,
        /// The new name.
        to: Ident,
    },
    /// `ALTER TABLE ... ADD COLUMN`.
    AddColumn {
        /// The table.
        table: Ident,
        /// The new column.
        column: Box<Column>,
    },
    /// `ALTER TABLE ... DROP COLUMN`.
    DropColumn {
        /// The table.
        table: Ident,
        /// The column as it is.
        column: Box<Column>,
    },
    /// `ALTER TABLE ... RENAME COLUMN`, from an explicit hint.
    RenameColumn {
        /// The table.
        table: Ident,
        /// The current name.
        from: Ident,
        /// The new name.
        to: Ident,
    },
    /// A column's type, nullability or server default changes.
    AlterColumn {
        /// The table.
        table: Ident,
        /// The column as it is.
        from: Box<Column>,
        /// The column as it becomes (same name).
        to: Box<Column>,
        /// Whether the engine generates the column's values after the change (MySQL restates
        /// `AUTO_INCREMENT` when it rewrites a column).
        generated: bool,
    },
    /// `ADD PRIMARY KEY`.
    AddPrimaryKey {
        /// The table.
        table: Ident,
        /// The key's columns.
        columns: Vec<Ident>,
    },
    /// `DROP PRIMARY KEY` (PostgreSQL: the constraint).
    DropPrimaryKey {
        /// The table.
        table: Ident,
        /// The key's columns.
        columns: Vec<Ident>,
        /// The constraint's name where the engine keeps one.
        name: Option<Ident>,
    },
    /// `ADD CONSTRAINT ... FOREIGN KEY`.
    AddForeignKey {
        /// The referencing table.
        table: Ident,
        /// The key.
        fk: ForeignKey,
    },
    /// `DROP CONSTRAINT` of a foreign key.
    DropForeignKey {
        /// The referencing table.
        table: Ident,
        /// The key as it is.
        fk: ForeignKey,
    },
    /// `ADD CONSTRAINT ... UNIQUE`.
    AddUnique {
        /// The table.
        table: Ident,
        /// The constraint.
        unique: UniqueConstraint,
    },
    /// `DROP CONSTRAINT` of a unique constraint.
    DropUnique {
        /// The table.
        table: Ident,
        /// The constraint as it is.
        unique: UniqueConstraint,
    },
    /// `ADD CONSTRAINT ... CHECK`.
    AddCheck {
        /// The table.
        table: Ident,
        /// The constraint.
        check: CheckConstraint,
    },
    /// `DROP CONSTRAINT` of a check.
    DropCheck {
        /// The table.
        table: Ident,
        /// The constraint as it is.
        check: CheckConstraint,
    },
    /// `CREATE INDEX`.
    CreateIndex(Index),
    /// `DROP INDEX`.
    DropIndex(Index),
}

impl Change {
    /// The table the change is made to (the new name for a rename).
    pub fn table(&self) -> &Ident {
        match self {
            Change::CreateTable(t) | Change::DropTable(t) => t.name(),
            Change::RenameTable { to, .. } => to,
            Change::CreateIndex(ix) | Change::DropIndex(ix) => &ix.table,
            Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::RenameColumn { table, .. }
            | Change::AlterColumn { table, .. }
            | Change::AddPrimaryKey { table, .. }
            | Change::DropPrimaryKey { table, .. }
            | Change::AddForeignKey { table, .. }
            | Change::DropForeignKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::DropUnique { table, .. }
            | Change::AddCheck { table, .. }
            | Change::DropCheck { table, .. } => table,
        }
    }
}

/// Column names as a review writes them: `(a, b)`.
struct List<'a>(&'a [Ident]);

impl fmt::Display for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}")?;
        }
        f.write_str(")")
    }
}

/// An index's columns, each descending one marked `DESC`.
struct IndexColumns<'a>(&'a Index);

impl fmt::Display for IndexColumns<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for (i, name) in self.0.columns.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}")?;
            if self.0.is_descending(name) {
                f.write_str(" DESC")?;
            }
        }
        f.write_str(")")
    }
}

/// A column as a review shows it: type, nullability, server default.
struct ColumnText<'a>(&'a Column);

impl fmt::Display for ColumnText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(f, "{:?}", c.ty)?;
        if !c.nullable {
            f.write_str(" NOT NULL")?;
        }
        match &c.server_default {
            Some(ServerDefault::Value(v)) => write!(f, " DEFAULT {}", crate::diff::compare::value_text(v))?,
            Some(ServerDefault::Sql(sql)) => write!(f, " DEFAULT {sql}")?,
            None => {}
        }
        Ok(())
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreateTable(t) => write!(f, "create table {}", t.name()),
            Change::DropTable(t) => write!(f, "drop table {}", t.name()),
            Change::RenameTable { from, to } => write!(f, "rename table {from} to {to}"),
            Change::AddColumn { table, column } => {
                write!(f, "add column {table}.{} {}", column.name, ColumnText(column))
            }
            Change::DropColumn { table, column } => {
                write!(f, "drop column {table}.{} {}", column.name, ColumnText(column))
            }
            Change::RenameColumn { table, from, to } => write!(f, "rename column {table}.{from} to {to}"),
            Change::AlterColumn { table, from, to, .. } => {
                write!(f, "alter column {table}.{}: {} -> {}", to.name, ColumnText(from), ColumnText(to))
            }
            Change::AddPrimaryKey { table, columns } => write!(f, "add primary key {table} {}", List(columns)),
            Change::DropPrimaryKey { table, columns, .. } => {
                write!(f, "drop primary key {table} {}", List(columns))
            }
            Change::AddForeignKey { table, fk } => {
                write!(f, "add foreign key {table} {} -> {} {}", List(&fk.columns), fk.ref_table, List(&fk.ref_columns))
            }
            Change::DropForeignKey { table, fk } => write!(
                f,
                "drop foreign key {table} {} -> {} {}",
                List(&fk.columns),
                fk.ref_table,
                List(&fk.ref_columns)
            ),
            Change::AddUnique { table, unique } => write!(f, "add unique {table} {}", List(&unique.columns)),
            Change::DropUnique { table, unique } => write!(f, "drop unique {table} {}", List(&unique.columns)),
            Change::AddCheck { table, check } => match &check.name {
                Some(name) => write!(f, "add check {table} {name}"),
                None => write!(f, "add check {table}"),
            },
            Change::DropCheck { table, check } => match &check.name {
                Some(name) => write!(f, "drop check {table} {name}"),
                None => write!(f, "drop check {table}"),
            },
            Change::CreateIndex(ix) => write!(
                f,
                "create {}index {} on {} {}",
                if ix.unique { "unique " } else { "" },
                ix.name,
                ix.table,
                IndexColumns(ix)
            ),
            Change::DropIndex(ix) => write!(f, "drop index {} on {}", ix.name, ix.table),
        }
    }
}
