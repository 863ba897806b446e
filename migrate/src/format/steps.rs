//! A revision's schema steps as the file writes them, and the [`Change`]s they are.
//!
//! A step names what it removes or alters (`drop_column`, `table = "users"`, `column = "age"`)
//! and spells out only what it makes: the definition of a dropped or altered thing comes from
//! the schema before the step (the revisions before it, replayed). The file is smaller, a
//! reviewer reads the intent, and a step that does not fit the schema before it (dropping a
//! column that is not there) is an error when the directory is read, not on a database.

use serde::{Deserialize, Serialize};
use sqlcore::Ident;
use sqlcore::diff::Change;
use sqlcore::schema::{MetaData, Table, TableDef};

use super::columns::{
    CheckRepr, CheckSql, ColumnRepr, Context, ForeignKeyRepr, IndexRepr, UniqueRepr, check_expr, check_sql,
    column_repr, foreign_key_repr, index_repr, parse_check, parse_column, parse_foreign_key, parse_index, parse_unique,
};
use super::naming::{named_check, named_unique};

/// One step of a revision file (`op = "..."` says which).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum StepRepr {
    CreateTable {
        table: String,
        columns: Vec<ColumnRepr>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        primary_key: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        primary_key_name: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        foreign_keys: Vec<ForeignKeyRepr>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        uniques: Vec<UniqueRepr>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        checks: Vec<CheckRepr>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        indexes: Vec<IndexRepr>,
    },
    DropTable {
        table: String,
    },
    RenameTable {
        from: String,
        to: String,
    },
    AddColumn {
        table: String,
        column: ColumnRepr,
    },
    DropColumn {
        table: String,
        column: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    AlterColumn {
        table: String,
        column: ColumnRepr,
    },
    AddPrimaryKey {
        table: String,
        columns: Vec<String>,
    },
    DropPrimaryKey {
        table: String,
    },
    AddForeignKey {
        table: String,
        foreign_key: ForeignKeyRepr,
    },
    DropForeignKey {
        table: String,
        columns: Vec<String>,
        references: String,
    },
    AddUnique {
        table: String,
        unique: UniqueRepr,
    },
    DropUnique {
        table: String,
        columns: Vec<String>,
    },
    AddCheck {
        table: String,
        check: CheckRepr,
    },
    DropCheck {
        table: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// An unnamed check is told by its condition.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sql: Option<CheckSql>,
    },
    CreateIndex {
        table: String,
        #[serde(flatten)]
        index: IndexRepr,
    },
    DropIndex {
        table: String,
        name: String,
    },
    /// SQL written by hand.
    Sql {
        sql: SqlRepr,
    },
    /// A data step the application registers by name.
    Data {
        name: String,
    },
}

/// Hand-written SQL: one text, or a table of texts by dialect name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SqlRepr {
    All(String),
    PerDialect(std::collections::BTreeMap<String, String>),
}

/// A schema step of a revision, as its file writes it: turned into the [`Change`] it is with
/// the schema before it ([`SchemaOp::to_change`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaOp(pub(crate) StepRepr);

impl SchemaOp {
    /// The step for `change`, with each check's SQL written for the dialects of `cx`.
    pub(crate) fn from_change(cx: &Context<'_>, change: &Change) -> Result<SchemaOp, String> {
        let s = |i: &Ident| i.to_string();
        let list = |l: &[Ident]| l.iter().map(ToString::to_string).collect::<Vec<_>>();
        let repr = match change {
            Change::CreateTable(t) => {
                let d = t.def();
                // Unnamed unique constraints and checks get a name of sqlcore's convention
                // here, so a later revision can drop them by name on every engine (and
                // offline): PostgreSQL and MySQL name them otherwise, each its own way.
                let mut uniques: Vec<UniqueRepr> = d.uniques.iter().map(|u| named_unique(&d.name, u)).collect();
                let mut columns = Vec::with_capacity(d.columns.len());
                for c in d.columns.values() {
                    let mut repr = column_repr(cx, &d.name, c)?;
                    if repr.unique {
                        repr.unique = false;
                        let u = sqlcore::schema::UniqueConstraint { name: None, columns: vec![c.name.clone()] };
                        uniques.push(named_unique(&d.name, &u));
                    }
                    columns.push(repr);
                }
                let mut checks = Vec::with_capacity(d.checks.len());
                for c in &d.checks {
                    checks.push(named_check(cx, &d.name, c)?);
                }
                StepRepr::CreateTable {
                    table: s(&d.name),
                    columns,
                    primary_key: list(&d.primary_key),
                    primary_key_name: d.primary_key_name.as_ref().map(s),
                    foreign_keys: d.foreign_keys.iter().map(foreign_key_repr).collect(),
                    uniques,
                    checks,
                    indexes: d.indexes.iter().map(index_repr).collect(),
                }
            }
            Change::DropTable(t) => StepRepr::DropTable { table: s(t.name()) },
            Change::RenameTable { from, to } => StepRepr::RenameTable { from: s(from), to: s(to) },
            Change::AddColumn { table, column } => {
                StepRepr::AddColumn { table: s(table), column: column_repr(cx, table, column)? }
            }
            Change::DropColumn { table, column } => StepRepr::DropColumn { table: s(table), column: s(&column.name) },
            Change::RenameColumn { table, from, to } => {
                StepRepr::RenameColumn { table: s(table), from: s(from), to: s(to) }
            }
            Change::AlterColumn { table, to, .. } => {
                StepRepr::AlterColumn { table: s(table), column: column_repr(cx, table, to)? }
            }
            Change::AddPrimaryKey { table, columns } => {
                StepRepr::AddPrimaryKey { table: s(table), columns: list(columns) }
            }
            Change::DropPrimaryKey { table, .. } => StepRepr::DropPrimaryKey { table: s(table) },
            Change::AddForeignKey { table, fk } => {
                StepRepr::AddForeignKey { table: s(table), foreign_key: foreign_key_repr(fk) }
            }
            Change::DropForeignKey { table, fk } => {
                StepRepr::DropForeignKey { table: s(table), columns: list(&fk.columns), references: s(&fk.ref_table) }
            }
            Change::AddUnique { table, unique } => {
                StepRepr::AddUnique { table: s(table), unique: named_unique(table, unique) }
            }
            Change::DropUnique { table, unique } => {
                StepRepr::DropUnique { table: s(table), columns: list(&unique.columns) }
            }
            Change::AddCheck { table, check } => {
                StepRepr::AddCheck { table: s(table), check: named_check(cx, table, check)? }
            }
            Change::DropCheck { table, check } => StepRepr::DropCheck {
                table: s(table),
                name: check.name.as_ref().map(s),
                sql: if check.name.is_none() { Some(check_sql(cx, table, &check.expr)?) } else { None },
            },
            Change::CreateIndex(ix) => StepRepr::CreateIndex { table: s(&ix.table), index: index_repr(ix) },
            Change::DropIndex(ix) => StepRepr::DropIndex { table: s(&ix.table), name: s(&ix.name) },
            other => return Err(format!("a revision file cannot write the change `{other}` yet")),
        };
        Ok(SchemaOp(repr))
    }

    /// The change this step makes to `before` (the schema the revisions before it make),
    /// with checks' SQL for the dialect of `cx`.
    ///
    /// # Errors
    /// What does not fit: a table, column, key, check or index that `before` does not have.
    pub(crate) fn to_change(&self, cx: &Context<'_>, before: &MetaData) -> Result<Change, String> {
        let table = |name: &str| -> Result<&Table, String> {
            before.table(name).map_err(|_| format!("there is no table `{name}` at this point of the history"))
        };
        let id = |s: &String| Ident::from(s.clone());
        let ids = |l: &[String]| l.iter().map(|s| Ident::from(s.clone())).collect::<Vec<_>>();
        Ok(match &self.0 {
            StepRepr::CreateTable {
                table: name,
                columns,
                primary_key,
                primary_key_name,
                foreign_keys,
                uniques,
                checks,
                indexes,
            } => {
                let mut b = Table::builder(name.clone());
                for c in columns {
                    b = b.column(parse_column(cx, c)?);
                }
                if !primary_key.is_empty() {
                    b = b.primary_key(ids(primary_key));
                }
                if let Some(pk) = primary_key_name {
                    b = b.primary_key_name(pk.clone());
                }
                for fk in foreign_keys {
                    b = b.foreign_key(parse_foreign_key(fk)?);
                }
                for u in uniques {
                    let u = parse_unique(u);
                    b = match u.name {
                        Some(n) => b.unique_named(n, u.columns),
                        None => b.unique(u.columns),
                    };
                }
                for c in checks {
                    let c = parse_check(cx, c)?;
                    b = match c.name {
                        Some(n) => b.check_named(n, c.expr),
                        None => b.check(c.expr),
                    };
                }
                for ix in indexes {
                    b = b.add_index(parse_index(name, ix));
                }
                let t = b.build();
                t.def().validate().map_err(|e| e.to_string())?;
                Change::CreateTable(t)
            }
            StepRepr::DropTable { table: name } => Change::DropTable(table(name)?.clone()),
            StepRepr::RenameTable { from, to } => {
                table(from)?;
                Change::RenameTable { from: id(from), to: id(to) }
            }
            StepRepr::AddColumn { table: name, column } => {
                table(name)?;
                Change::AddColumn { table: id(name), column: Box::new(parse_column(cx, column)?) }
            }
            StepRepr::DropColumn { table: name, column } => {
                let col = column_of(table(name)?.def(), column)?;
                Change::DropColumn { table: id(name), column: Box::new(col.clone()) }
            }
            StepRepr::RenameColumn { table: name, from, to } => {
                column_of(table(name)?.def(), from)?;
                Change::RenameColumn { table: id(name), from: id(from), to: id(to) }
            }
            StepRepr::AlterColumn { table: name, column } => {
                let t = table(name)?;
                let from = column_of(t.def(), &column.name)?;
                let to = parse_column(cx, column)?;
                // Generated after the change: the table's own rule, with the column as it
                // becomes (SQLAlchemy's: a single-column integer primary key).
                let mut after = Table::builder(name.clone());
                for c in t.columns() {
                    after = after.column(if c.name == to.name { to.clone() } else { c.clone() });
                }
                let after = after.primary_key(t.def().primary_key.clone()).build();
                let generated = after.def().autoincrement_column().is_some_and(|c| c.name == to.name);
                Change::AlterColumn { table: id(name), from: Box::new(from.clone()), to: Box::new(to), generated }
            }
            StepRepr::AddPrimaryKey { table: name, columns } => {
                table(name)?;
                Change::AddPrimaryKey { table: id(name), columns: ids(columns) }
            }
            StepRepr::DropPrimaryKey { table: name } => {
                let d = table(name)?.def();
                if d.primary_key.is_empty() {
                    return Err(format!("table `{name}` has no primary key to drop"));
                }
                Change::DropPrimaryKey {
                    table: id(name),
                    columns: d.primary_key.clone(),
                    name: d.primary_key_name.clone(),
                }
            }
            StepRepr::AddForeignKey { table: name, foreign_key } => {
                table(name)?;
                Change::AddForeignKey { table: id(name), fk: parse_foreign_key(foreign_key)? }
            }
            StepRepr::DropForeignKey { table: name, columns, references } => {
                let d = table(name)?.def();
                let cols = ids(columns);
                let fk = d
                    .foreign_keys
                    .iter()
                    .find(|fk| fk.columns == cols && fk.ref_table.as_ref() == references.as_str())
                    .ok_or_else(|| {
                        format!("table `{name}` has no foreign key ({}) to `{references}`", columns.join(", "))
                    })?;
                Change::DropForeignKey { table: id(name), fk: fk.clone() }
            }
            StepRepr::AddUnique { table: name, unique } => {
                table(name)?;
                Change::AddUnique { table: id(name), unique: parse_unique(unique) }
            }
            StepRepr::DropUnique { table: name, columns } => {
                let d = table(name)?.def();
                let cols = ids(columns);
                let on_column = cols.len() == 1 && d.columns.get(&cols[0]).is_some_and(|c| c.unique);
                let unique = d.uniques.iter().find(|u| u.columns == cols).cloned().or_else(|| {
                    on_column.then(|| sqlcore::schema::UniqueConstraint { name: None, columns: cols.clone() })
                });
                let unique = unique
                    .ok_or_else(|| format!("table `{name}` has no unique constraint on ({})", columns.join(", ")))?;
                Change::DropUnique { table: id(name), unique }
            }
            StepRepr::AddCheck { table: name, check } => {
                table(name)?;
                Change::AddCheck { table: id(name), check: parse_check(cx, check)? }
            }
            StepRepr::DropCheck { table: name, name: check_name, sql } => {
                let d = table(name)?.def();
                let found = match (check_name, sql) {
                    (Some(n), _) => d.checks.iter().find(|c| c.name.as_ref().is_some_and(|x| x.as_ref() == n.as_str())),
                    (None, Some(sql)) => {
                        let wanted = check_expr(cx, sql)?;
                        d.checks.iter().find(|c| c.name.is_none() && c.expr == wanted)
                    }
                    (None, None) => {
                        return Err("drop_check needs the check's `name` (or the `sql` of an unnamed one)".into());
                    }
                };
                let check = found.cloned().ok_or_else(|| format!("table `{name}` has no such check"))?;
                Change::DropCheck { table: id(name), check }
            }
            StepRepr::CreateIndex { table: name, index } => {
                table(name)?;
                Change::CreateIndex(parse_index(name, index))
            }
            StepRepr::DropIndex { table: name, name: index } => {
                let d = table(name)?.def();
                let ix = d
                    .indexes
                    .iter()
                    .find(|ix| ix.name.as_ref() == index.as_str())
                    .ok_or_else(|| format!("table `{name}` has no index `{index}`"))?;
                Change::DropIndex(ix.clone())
            }
            StepRepr::Sql { .. } | StepRepr::Data { .. } => return Err("not a schema step".into()),
        })
    }
}

fn column_of<'t>(def: &'t TableDef, name: &str) -> Result<&'t sqlcore::schema::Column, String> {
    def.columns
        .get(name)
        .ok_or_else(|| format!("table `{}` has no column `{name}` at this point of the history", def.name))
}
