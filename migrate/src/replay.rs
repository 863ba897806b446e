//! A schema change made to a model in memory: how the revisions' schema at any point is known
//! without a database (each revision's steps replayed on an empty `MetaData`).

use sqlcore::diff::Change;
use sqlcore::schema::{MetaData, Table, TableDef, UniqueConstraint};
use sqlcore::{Error, Ident, Result};

/// Makes `change` to `schema`.
///
/// # Errors
/// [`Error::InvalidSchema`] naming what does not fit: a table or column that is not there (or
/// already is), a key, check or index not found.
pub fn apply_change(schema: &mut MetaData, change: &Change) -> Result<()> {
    let bad = |m: String| Err(Error::invalid_schema(format!("{change}: {m}")));
    match change {
        Change::CreateTable(t) => {
            if schema.table(t.name()).is_ok() {
                return bad(format!("table `{}` already exists", t.name()));
            }
            schema.add(t.clone())
        }
        Change::DropTable(t) => {
            if schema.table(t.name()).is_err() {
                return bad(format!("there is no table `{}`", t.name()));
            }
            replace_all(schema, |name, def| if name == t.name() { None } else { Some(def) })
        }
        Change::RenameTable { from, to } => {
            if schema.table(from).is_err() {
                return bad(format!("there is no table `{from}`"));
            }
            if schema.table(to).is_ok() {
                return bad(format!("table `{to}` already exists"));
            }
            replace_all(schema, |_, mut def| {
                if &def.name == from {
                    def.name = to.clone();
                    for ix in &mut def.indexes {
                        ix.table = to.clone();
                    }
                }
                for fk in &mut def.foreign_keys {
                    if &fk.ref_table == from {
                        fk.ref_table = to.clone();
                    }
                }
                Some(def)
            })
        }
        Change::AddColumn { table, column } => edit(schema, table, |def| {
            if def.columns.contains_key(&column.name) {
                return Err(format!("column `{}` already exists", column.name));
            }
            def.columns.insert(column.name.clone(), (**column).clone());
            if column.primary_key && !def.primary_key.contains(&column.name) {
                def.primary_key.push(column.name.clone());
            }
            Ok(())
        })
        .or_else(&bad),
        Change::DropColumn { table, column } => edit(schema, table, |def| {
            if def.columns.shift_remove(&column.name).is_none() {
                return Err(format!("there is no column `{}`", column.name));
            }
            // What named only this column goes with it, as the engines drop it.
            let name = &column.name;
            def.primary_key.retain(|c| c != name);
            def.uniques.retain(|u| !u.columns.contains(name));
            def.indexes.retain(|ix| !ix.columns.contains(name));
            def.foreign_keys.retain(|fk| !fk.columns.contains(name));
            Ok(())
        })
        .or_else(&bad),
        Change::RenameColumn { table, from, to } => {
            edit(schema, table, |def| {
                let Some(mut col) = def.columns.get(from).cloned() else {
                    return Err(format!("there is no column `{from}`"));
                };
                if def.columns.contains_key(to) {
                    return Err(format!("column `{to}` already exists"));
                }
                col.name = to.clone();
                let columns = std::mem::take(&mut def.columns);
                for (name, c) in columns {
                    if &name == from {
                        def.columns.insert(to.clone(), col.clone());
                    } else {
                        def.columns.insert(name, c);
                    }
                }
                let rename = |list: &mut Vec<Ident>| {
                    for n in list.iter_mut() {
                        if n == from {
                            *n = to.clone();
                        }
                    }
                };
                rename(&mut def.primary_key);
                for u in &mut def.uniques {
                    rename(&mut u.columns);
                }
                for ix in &mut def.indexes {
                    rename(&mut ix.columns);
                    rename(&mut ix.descending);
                }
                for fk in &mut def.foreign_keys {
                    rename(&mut fk.columns);
                    if &fk.ref_table == table {
                        rename(&mut fk.ref_columns);
                    }
                }
                Ok(())
            })
            .or_else(&bad)?;
            // Foreign keys of other tables that point at the column.
            replace_all(schema, |name, mut def| {
                if name != table {
                    for fk in &mut def.foreign_keys {
                        if &fk.ref_table == table {
                            for n in &mut fk.ref_columns {
                                if n == from {
                                    *n = to.clone();
                                }
                            }
                        }
                    }
                }
                Some(def)
            })
        }
        Change::AlterColumn { table, to, .. } => edit(schema, table, |def| {
            let Some(slot) = def.columns.get_mut(&to.name) else {
                return Err(format!("there is no column `{}`", to.name));
            };
            let primary_key = slot.primary_key;
            *slot = (**to).clone();
            slot.primary_key = primary_key;
            Ok(())
        })
        .or_else(&bad),
        Change::AddPrimaryKey { table, columns } => edit(schema, table, |def| {
            if !def.primary_key.is_empty() {
                return Err("the table has a primary key already".into());
            }
            for c in columns {
                let col = def.columns.get_mut(c).ok_or_else(|| format!("there is no column `{c}`"))?;
                col.primary_key = true;
                col.nullable = false;
            }
            def.primary_key.clone_from(columns);
            Ok(())
        })
        .or_else(&bad),
        Change::DropPrimaryKey { table, .. } => edit(schema, table, |def| {
            if def.primary_key.is_empty() {
                return Err("the table has no primary key".into());
            }
            for c in std::mem::take(&mut def.primary_key) {
                if let Some(col) = def.columns.get_mut(&c) {
                    col.primary_key = false;
                }
            }
            def.primary_key_name = None;
            Ok(())
        })
        .or_else(&bad),
        Change::AddForeignKey { table, fk } => edit(schema, table, |def| {
            def.foreign_keys.push(fk.clone());
            Ok(())
        })
        .or_else(&bad),
        Change::DropForeignKey { table, fk } => edit(schema, table, |def| {
            let at = def
                .foreign_keys
                .iter()
                .position(|x| x.columns == fk.columns && x.ref_table == fk.ref_table && x.ref_columns == fk.ref_columns)
                .ok_or("there is no such foreign key")?;
            def.foreign_keys.remove(at);
            Ok(())
        })
        .or_else(&bad),
        Change::AddUnique { table, unique } => edit(schema, table, |def| {
            def.uniques.push(unique.clone());
            Ok(())
        })
        .or_else(&bad),
        Change::DropUnique { table, unique } => edit(schema, table, |def| drop_unique(def, unique)).or_else(&bad),
        Change::AddCheck { table, check } => edit(schema, table, |def| {
            def.checks.push(check.clone());
            Ok(())
        })
        .or_else(&bad),
        Change::DropCheck { table, check } => edit(schema, table, |def| {
            let at = match &check.name {
                Some(n) => def.checks.iter().position(|c| c.name.as_ref() == Some(n)),
                None => def.checks.iter().position(|c| c.name.is_none() && c.expr == check.expr),
            }
            .ok_or("there is no such check")?;
            def.checks.remove(at);
            Ok(())
        })
        .or_else(&bad),
        Change::CreateIndex(ix) => {
            let taken = schema.tables().any(|t| t.def().indexes.iter().any(|x| x.name == ix.name));
            if taken {
                return bad(format!("an index `{}` exists already", ix.name));
            }
            edit(schema, &ix.table, |def| {
                def.indexes.push(ix.clone());
                Ok(())
            })
            .or_else(&bad)
        }
        Change::DropIndex(ix) => edit(schema, &ix.table, |def| {
            let at = def.indexes.iter().position(|x| x.name == ix.name).ok_or("there is no such index")?;
            def.indexes.remove(at);
            Ok(())
        })
        .or_else(&bad),
        other => bad(format!("sqlcore-migrate cannot replay `{other}` yet")),
    }
}

fn drop_unique(def: &mut TableDef, unique: &UniqueConstraint) -> std::result::Result<(), String> {
    if let Some(at) = def.uniques.iter().position(|u| u.columns == unique.columns) {
        def.uniques.remove(at);
        return Ok(());
    }
    if let [only] = unique.columns.as_slice() {
        if let Some(col) = def.columns.get_mut(only).filter(|c| c.unique) {
            col.unique = false;
            return Ok(());
        }
    }
    Err("there is no such unique constraint".into())
}

/// Edits the definition of `table` in place (the table rebuilt from it, keeping its place).
fn edit(
    schema: &mut MetaData,
    table: &Ident,
    f: impl FnOnce(&mut TableDef) -> std::result::Result<(), String>,
) -> std::result::Result<(), String> {
    let mut def = schema.table(table).map_err(|_| format!("there is no table `{table}`"))?.def().clone();
    f(&mut def)?;
    replace_all(schema, |name, d| if name == table { Some(def.clone()) } else { Some(d) }).map_err(|e| e.to_string())
}

/// Rebuilds `schema` with each table's definition passed through `f` (`None` drops it), in
/// declaration order.
fn replace_all(schema: &mut MetaData, mut f: impl FnMut(&Ident, TableDef) -> Option<TableDef>) -> Result<()> {
    let mut out = MetaData::new();
    for table in schema.tables() {
        if let Some(def) = f(table.name(), table.def().clone()) {
            out.add(rebuild(&def))?;
        }
    }
    *schema = out;
    Ok(())
}

/// A table made from a definition through the public builder.
fn rebuild(def: &TableDef) -> Table {
    let mut b = Table::builder(def.name.clone());
    for col in def.columns.values() {
        let mut c = col.clone();
        // The table-level list below is the primary key; the flag follows it.
        c.primary_key = false;
        b = b.column(c);
    }
    if !def.primary_key.is_empty() {
        b = b.primary_key(def.primary_key.clone());
    }
    if let Some(n) = &def.primary_key_name {
        b = b.primary_key_name(n.clone());
    }
    for fk in &def.foreign_keys {
        b = b.foreign_key(fk.clone());
    }
    for u in &def.uniques {
        b = match &u.name {
            Some(n) => b.unique_named(n.clone(), u.columns.clone()),
            None => b.unique(u.columns.clone()),
        };
    }
    for c in &def.checks {
        b = match &c.name {
            Some(n) => b.check_named(n.clone(), c.expr.clone()),
            None => b.check(c.expr.clone()),
        };
    }
    for ix in &def.indexes {
        b = b.add_index(ix.clone());
    }
    b.build()
}
