//! INSERT, UPDATE and DELETE.

use crate::compile::select::table_ref;
use crate::compile::{Compile, Compiler, Scope};
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::ident::Ident;
use crate::schema::TableRef;
use crate::stmt::{Delete, Insert, Update};

/// Columns of single-table DML are written bare.
fn dml_scope(target: &TableRef) -> Scope {
    Scope { sole_table: Some(target.table.name().clone()), ..Scope::default() }
}

/// [`Error::UnknownColumn`] unless `target` has a column `name`.
fn check_column(target: &TableRef, name: &Ident) -> Result<()> {
    target.table.column(name).map(|_| ())
}

fn no_alias(target: &TableRef, statement: &str) -> Result<()> {
    match &target.alias {
        None => Ok(()),
        Some(alias) => Err(Error::InvalidStatement(format!(
            "{statement} cannot alias its target table (`{}` AS `{alias}`): use the table itself",
            target.table.name()
        ))),
    }
}

/// A value given to a column by INSERT or UPDATE: the column's type is the parameter's type,
/// so a bound value is a plain placeholder (and a value the column cannot hold is an error
/// from the engine or driver, not a silent conversion).
fn assigned_value(c: &mut Compiler<'_>, value: &Expr) -> Result<()> {
    match value {
        Expr::Value(v) => c.bind(v),
        other => c.expr(other),
    }
}

impl Compile for Insert {
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        no_alias(&self.table, "INSERT")?;
        for (i, name) in self.columns.iter().enumerate() {
            check_column(&self.table, name)?;
            if self.columns[..i].contains(name) {
                return Err(Error::InvalidStatement(format!("INSERT names column `{name}` twice")));
            }
        }
        if self.rows.is_empty() && !self.columns.is_empty() {
            return Err(Error::InvalidStatement(format!(
                "INSERT names {} column(s) but gives no rows of values",
                self.columns.len()
            )));
        }
        for (i, row) in self.rows.iter().enumerate() {
            if row.len() != self.columns.len() {
                return Err(Error::InvalidStatement(format!(
                    "INSERT row {} has {} values for {} columns",
                    i + 1,
                    row.len(),
                    self.columns.len()
                )));
            }
        }
        // Client-side defaults of the columns left out are bound in every row.
        let defaults: Vec<(&Ident, Expr)> = self
            .table
            .table
            .columns()
            .filter(|col| !self.columns.contains(&col.name))
            .filter_map(|col| col.default.as_ref().map(|v| (&col.name, Expr::Value(v.clone()))))
            .collect();
        let rows = self.rows.len().max(1);
        let width = self.columns.len() + defaults.len();
        c.scoped(dml_scope(&self.table), |c| {
            c.push("INSERT INTO ");
            table_ref(c, &self.table)?;
            if width == 0 {
                if rows > 1 {
                    return Err(Error::InvalidStatement(
                        "an INSERT of several rows of defaults needs at least one column".into(),
                    ));
                }
                return c.dialect().insert_default_values(c);
            }
            c.push(" (");
            let names = self.columns.iter().chain(defaults.iter().map(|(n, _)| *n));
            for (i, name) in names.enumerate() {
                if i > 0 {
                    c.push(", ");
                }
                c.ident(name)?;
            }
            c.push(") VALUES ");
            for r in 0..rows {
                c.push(if r == 0 { "(" } else { ", (" });
                let given = self.rows.get(r).map(Vec::as_slice).unwrap_or_default();
                for (i, value) in given.iter().chain(defaults.iter().map(|(_, v)| v)).enumerate() {
                    if i > 0 {
                        c.push(", ");
                    }
                    assigned_value(c, value)?;
                }
                c.push_char(')');
            }
            Ok(())
        })
    }
}

impl Compile for Update {
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        if self.set.is_empty() {
            return Err(Error::InvalidStatement("UPDATE needs at least one SET column".into()));
        }
        for (i, (name, _)) in self.set.iter().enumerate() {
            check_column(&self.table, name)?;
            if self.set[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::InvalidStatement(format!("UPDATE sets column `{name}` twice")));
            }
        }
        c.scoped(dml_scope(&self.table), |c| {
            c.push("UPDATE ");
            table_ref(c, &self.table)?;
            c.push(" SET ");
            for (i, (name, value)) in self.set.iter().enumerate() {
                if i > 0 {
                    c.push(", ");
                }
                c.ident(name)?;
                c.push(" = ");
                assigned_value(c, value)?;
            }
            if let Some(filter) = &self.filter {
                c.push(" WHERE ");
                c.expr(filter)?;
            }
            Ok(())
        })
    }
}

impl Compile for Delete {
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        no_alias(&self.table, "DELETE")?;
        c.scoped(dml_scope(&self.table), |c| {
            c.push("DELETE FROM ");
            table_ref(c, &self.table)?;
            if let Some(filter) = &self.filter {
                c.push(" WHERE ");
                c.expr(filter)?;
            }
            Ok(())
        })
    }
}
