//! Which schema changes SQLite makes in place, and what runs around the table rebuild it
//! needs for the rest (<https://sqlite.org/lang_altertable.html>).

use sqlcore::compile::Version;
use sqlcore::compile::alter::RebuildGuards;
use sqlcore::diff::{Change, Plan};
use sqlcore::schema::{ServerDefault, Table};

/// RENAME COLUMN came in 3.25.0, DROP COLUMN in 3.35.0.
const RENAME_COLUMN: Version = Version(3, 25, 0);
const DROP_COLUMN: Version = Version(3, 35, 0);

/// Whether `change` needs its table rebuilt on SQLite `version`: everything but renames,
/// new tables and indexes, a new column SQLite can add (nullable or with a constant default,
/// not a key), and a dropped column nothing else refers to.
pub(crate) fn needs_rebuild(version: Version, change: &Change, plan: &Plan) -> bool {
    match change {
        Change::CreateTable(_)
        | Change::DropTable(_)
        | Change::RenameTable { .. }
        | Change::CreateIndex(_)
        | Change::DropIndex(_) => false,
        Change::RenameColumn { .. } => version < RENAME_COLUMN,
        Change::AddColumn { column, .. } => {
            // ADD COLUMN refuses NOT NULL without a default, and a default that is not a
            // constant (CURRENT_TIMESTAMP); a key cannot be added in place.
            let constant_default = matches!(column.server_default, Some(ServerDefault::Value(_)));
            (!column.nullable && !constant_default)
                || matches!(column.server_default, Some(ServerDefault::Sql(_)))
                || column.primary_key
                || column.unique
        }
        Change::DropColumn { table, column } => {
            version < DROP_COLUMN || plan.current_table(table).is_none_or(|t| referenced(t, &column.name, plan))
        }
        _ => true,
    }
}

/// Whether column `name` of `table` is part of a key, constraint or index, or the target of
/// another table's foreign key: DROP COLUMN refuses such a column.
fn referenced(table: &Table, name: &sqlcore::Ident, plan: &Plan) -> bool {
    let def = table.def();
    let col = table.column(name).ok();
    def.primary_key.contains(name)
        || col.is_some_and(|c| c.unique || c.check.is_some())
        || def.uniques.iter().any(|u| u.columns.contains(name))
        || def.indexes.iter().any(|i| i.columns.contains(name))
        || def.foreign_keys.iter().any(|fk| fk.columns.contains(name))
        // A check names columns in text sqlcore does not parse: a table with checks is rebuilt.
        || !def.checks.is_empty()
        || plan.current().tables().any(|t| {
            t.def().foreign_keys.iter().any(|fk| &fk.ref_table == table.name() && fk.ref_columns.contains(name))
        })
}

/// Foreign-key enforcement off for the rebuild (it cannot change inside a transaction), the
/// references checked before the commit, enforcement on again after.
pub(crate) const GUARDS: RebuildGuards = RebuildGuards {
    before: &["PRAGMA foreign_keys = OFF"],
    checks: &["PRAGMA foreign_key_check"],
    after: &["PRAGMA foreign_keys = ON"],
};
