//! MySQL's and MariaDB's forms of the schema changes that differ from the standard ones.

use sqlcore::Result;
use sqlcore::compile::alter::{self, alter_table};
use sqlcore::compile::{Compiler, Dialect, Version};
use sqlcore::diff::Change;

use crate::{Flavor, MySqlDialect};

/// The statement for `change` on MySQL / MariaDB.
pub(crate) fn schema_change(d: &MySqlDialect, c: &mut Compiler<'_>, change: &Change) -> Result<()> {
    match change {
        // MODIFY restates the whole column: what it does not say (AUTO_INCREMENT, a default)
        // is gone after it.
        Change::AlterColumn { table, to, generated, .. } => {
            alter_table(c, table)?;
            c.push("MODIFY COLUMN ");
            alter::restated_column(c, to, *generated)
        }
        Change::RenameColumn { .. } if !d.at_least(Version(8, 0, 3), Version(10, 5, 2)) => {
            Err(sqlcore::Error::unsupported(
                "RENAME COLUMN",
                d.describe(),
                "MySQL before 8.0.3 and MariaDB before 10.5.2 rename a column only with CHANGE COLUMN, which restates it: \
                 drop and add it instead",
            ))
        }
        Change::DropPrimaryKey { table, .. } => {
            alter_table(c, table)?;
            c.push("DROP PRIMARY KEY");
            Ok(())
        }
        // A unique constraint is a unique index.
        Change::DropUnique { table, unique } => {
            alter_table(c, table)?;
            c.push("DROP INDEX ");
            c.ident(alter::required_name(unique.name.as_ref(), "unique constraint", table)?)
        }
        Change::DropCheck { table, check } if d.flavor == Flavor::MySql => {
            alter_table(c, table)?;
            c.push("DROP CHECK ");
            c.ident(alter::required_name(check.name.as_ref(), "check constraint", table)?)
        }
        other => alter::schema_change(c, other),
    }
}

/// `SELECT 1 FROM t LIMIT 1` before adding a NOT NULL column without a default: MySQL would
/// fill the existing rows with the type's implicit value (0, '') where PostgreSQL and SQLite
/// refuse the change; with the guard it is refused on a table with rows here too.
pub(crate) fn schema_change_guard(c: &mut Compiler<'_>, change: &Change) -> Result<bool> {
    match change {
        Change::AddColumn { table, column } if !column.nullable && column.server_default.is_none() => {
            c.push("SELECT 1 FROM ");
            c.ident(table)?;
            c.push(" LIMIT 1");
            Ok(true)
        }
        _ => Ok(false),
    }
}
