//! INSERT, UPDATE and DELETE.

use crate::compile::select::table_ref;
use crate::compile::{Compile, Compiler, Scope};
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::schema::{Column, TableRef};
use crate::stmt::{Delete, Insert, Update};

/// Columns of single-table DML are written bare.
fn dml_scope(target: &TableRef) -> Scope {
    Scope { sole_table: Some(target.table.name().clone()), ..Scope::default() }
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
/// so a bound value is a plain placeholder, checked against the column first (see
/// `schema/fit.rs`): a value the column cannot hold is an error on every engine.
fn assigned_value(c: &mut Compiler<'_>, table: &TableRef, column: &Column, value: &Expr) -> Result<()> {
    match value {
        Expr::Value(v) => {
            column.accepts(v).map_err(|reason| Error::ValueDoesNotFit {
                table: table.table.name().to_string(),
                column: column.name.to_string(),
                reason,
            })?;
            c.bind(v)
        }
        other => c.expr(other),
    }
}

impl Compile for Insert {
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        no_alias(&self.table, "INSERT")?;
        let mut columns: Vec<&Column> = Vec::with_capacity(self.columns.len());
        for (i, name) in self.columns.iter().enumerate() {
            columns.push(self.table.table.column(name)?);
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
        let defaults: Vec<(&Column, Expr)> = self
            .table
            .table
            .columns()
            .filter(|col| !self.columns.contains(&col.name))
            .filter_map(|col| col.default.as_ref().map(|v| (col, Expr::Value(v.clone()))))
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
            let names = self.columns.iter().chain(defaults.iter().map(|(col, _)| &col.name));
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
                let targets = columns.iter().copied().chain(defaults.iter().map(|(col, _)| *col));
                let values = given.iter().chain(defaults.iter().map(|(_, v)| v));
                for (i, (column, value)) in targets.zip(values).enumerate() {
                    if i > 0 {
                        c.push(", ");
                    }
                    assigned_value(c, &self.table, column, value)?;
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
        let mut columns: Vec<&Column> = Vec::with_capacity(self.set.len());
        for (i, (name, _)) in self.set.iter().enumerate() {
            columns.push(self.table.table.column(name)?);
            if self.set[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::InvalidStatement(format!("UPDATE sets column `{name}` twice")));
            }
        }
        c.scoped(dml_scope(&self.table), |c| {
            c.push("UPDATE ");
            table_ref(c, &self.table)?;
            c.push(" SET ");
            for (i, ((name, value), column)) in self.set.iter().zip(&columns).enumerate() {
                if i > 0 {
                    c.push(", ");
                }
                c.ident(name)?;
                c.push(" = ");
                assigned_value(c, &self.table, column, value)?;
            }
            if let Some(filter) = &self.filter {
                c.push(" WHERE ");
                c.expr(filter)?;
            }
            Ok(())
        })
    }
}

/// A whole statement written as [`text()`](crate::dsl::text) (SQLAlchemy's
/// `conn.execute(text(...))`): the SQL as given, `:name` parameters bound.
impl Compile for crate::expr::TextClause {
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        c.expr(&Expr::Text(Box::new(self.clone())))
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
