//! INSERT (rows, `INSERT ... SELECT`, upserts), UPDATE (with other tables), DELETE (with other
//! tables), and RETURNING.
//!
//! The statement bodies are `pub fn`s so a dialect hook ([`Dialect::update`],
//! [`Dialect::delete`], [`Dialect::upsert`]) can write its own form and fall back to these
//! for the rest.
//!
//! [`Dialect::update`]: crate::compile::Dialect::update
//! [`Dialect::delete`]: crate::compile::Dialect::delete
//! [`Dialect::upsert`]: crate::compile::Dialect::upsert

use crate::compile::query::with_clause;
use crate::compile::select::{from_item, table_ref};
use crate::compile::{Compile, Compiler, Feature, Scope, Support};
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::schema::{Column, TableRef};
use crate::stmt::{ConflictAction, ConflictTarget, Delete, FromItem, Insert, OnConflict, Query, Update};

/// Columns of single-table DML are written bare; with other tables, every column is qualified.
fn dml_scope(c: &Compiler<'_>, target: &TableRef, others: &[FromItem]) -> Scope {
    let mut scope = c.scope.nested_same_level();
    scope.check_columns = true;
    if others.is_empty() {
        scope.sole_table = Some(target.table.name().clone());
    }
    scope.add_from_name(target.exposed_name().clone());
    for item in others {
        item.for_each_table(&mut |t| scope.add_from_name(t.exposed_name().clone()));
    }
    scope
}

fn no_alias(target: &TableRef, statement: &str) -> Result<()> {
    match &target.alias {
        None => Ok(()),
        Some(alias) => Err(Error::invalid_statement(format!(
            "{statement} cannot alias its target table (`{}` AS `{alias}`): use the table itself",
            target.table.name()
        ))),
    }
}

/// A value given to a column by INSERT or UPDATE: the column's type is the parameter's type,
/// so a bound value is a plain placeholder, checked against the column first (see
/// `schema/fit.rs`): a value the column cannot hold is an error on every engine.
pub fn assigned_value(c: &mut Compiler<'_>, table: &TableRef, column: &Column, value: &Expr) -> Result<()> {
    match value {
        Expr::Value(v) => {
            check_fits(table.table.name(), column, v)?;
            c.note_value_check(table.table.name(), column);
            c.bind(v)
        }
        Expr::Literal(v) => {
            // A literal is checked like a bound value: the engines would otherwise disagree
            // (SQLite stores 40000 in a SMALLINT, the others refuse it).
            check_fits(table.table.name(), column, v)?;
            c.expr(value)
        }
        other => c.expr(other),
    }
}

/// [`Error::ValueDoesNotFit`] when `column` of `table` cannot hold `value` (also checked
/// again by the statement cache on each reuse).
#[inline]
pub(crate) fn check_fits(table: &str, column: &Column, value: &crate::value::Value) -> Result<()> {
    if column.accepts_kind(value) {
        return Ok(());
    }
    column
        .accepts(value)
        .map_err(|reason| Error::value_does_not_fit(table.to_string(), column.name.to_string(), reason))
}

/// The RETURNING list of an INSERT, UPDATE or DELETE, as the
/// [`Dialect::returning`](crate::compile::Dialect::returning) hook sees it.
#[derive(Debug, Clone, Copy)]
pub struct Returning<'s> {
    /// Which statement's RETURNING this is ([`Feature::InsertReturning`], ...).
    pub feature: Feature,
    /// The expressions returned (empty: no clause).
    pub exprs: &'s [Expr],
    /// The statement's target table.
    pub target: &'s TableRef,
    /// The other tables an UPDATE ... FROM or DELETE ... USING reads.
    pub others: &'s [FromItem],
}

/// ` RETURNING a, b AS x`, where the dialect has it for this kind of statement (and, for an
/// UPDATE / DELETE reading other tables, for that too).
///
/// # Errors
/// [`Error::Unsupported`] where the dialect lacks it; as the expressions.
pub fn returning(c: &mut Compiler<'_>, clause: &Returning<'_>) -> Result<()> {
    let Returning { feature, exprs, target, others } = *clause;
    if exprs.is_empty() {
        return Ok(());
    }
    if let Support::Unsupported(hint) = c.dialect().support(feature) {
        return Err(c.unsupported(feature.as_str(), hint));
    }
    if !others.is_empty() {
        let f = Feature::ReturningWithOtherTables;
        match c.dialect().support(f) {
            Support::Native => {}
            // The engine returns the target's own columns only.
            Support::Emulated(how) => {
                let target_only = crate::compile::infer_from(exprs.iter())
                    .iter()
                    .flat_map(FromItem::tables)
                    .all(|t| t.exposed_name() == target.exposed_name());
                if !target_only {
                    return Err(c.unsupported("RETURNING a column of another table", how.description()));
                }
            }
            Support::Unsupported(hint) => return Err(c.unsupported(f.as_str(), hint)),
        }
    }
    c.push(" RETURNING ");
    for (i, e) in exprs.iter().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        crate::compile::select::select_item(c, e)?;
    }
    Ok(())
}

/// `SET a = x, b = y` (columns of `target`; `qualify` writes `t.a`, as MySQL's multi-table
/// UPDATE needs).
pub fn set_list(c: &mut Compiler<'_>, target: &TableRef, set: &[(crate::Ident, Expr)], qualify: bool) -> Result<()> {
    c.push(" SET ");
    for (i, (name, value)) in set.iter().enumerate() {
        let column = target.table.column(name)?;
        if set[..i].iter().any(|(n, _)| n == name) {
            return Err(Error::invalid_statement(format!("UPDATE sets column `{name}` twice")));
        }
        if i > 0 {
            c.push(", ");
        }
        if qualify {
            c.ident(target.exposed_name())?;
            c.push_char('.');
        }
        c.ident(name)?;
        c.push(" = ");
        assigned_value(c, target, column, value)?;
    }
    Ok(())
}

impl Compile for Insert {
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        Some(crate::stmt::StatementRef::Insert(self))
    }

    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        crate::expr::typing::returning_kinds(&self.returning, &self.table.table)
    }

    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        no_alias(&self.table, "INSERT")?;
        let scope = dml_scope(c, &self.table, &[]);
        c.scoped(scope, |c| {
            c.dialect().insert(c, self)?;
            let clause = Returning {
                feature: Feature::InsertReturning,
                exprs: &self.returning,
                target: &self.table,
                others: &[],
            };
            c.dialect().returning(c, &clause)?;
            // Explicit values for the generated key: the engine may need telling. (The key is
            // looked for only when a key column, or any column of a keyless table, is given.)
            let def = self.table.table.def();
            let key_given = def.primary_key.is_empty() || def.primary_key.iter().any(|k| self.columns.contains(k));
            if key_given
                && let Some(key) = def.autoincrement_column()
                && self.columns.contains(&key.name)
                && let Some(sql) = c.dialect().explicit_key_follow_up(self.table.table.name(), &key.name)?
            {
                c.add_follow_up(sql);
            }
            Ok(())
        })
    }
}

/// A whole INSERT up to its RETURNING: `WITH ...` where the dialect has it before INSERT,
/// the body ([`insert_body`]), and the conflict clause ([`on_conflict`]).
///
/// # Errors
/// [`Error::Unsupported`] for WITH where the dialect lacks it; as [`insert_body`].
pub fn insert(c: &mut Compiler<'_>, ins: &Insert) -> Result<()> {
    if !ins.ctes.is_empty() {
        if let Support::Unsupported(hint) = c.dialect().support(Feature::CteOnInsert) {
            return Err(c.unsupported(Feature::CteOnInsert.as_str(), hint));
        }
        with_clause(c, &ins.ctes)?;
    }
    insert_body(c, ins)?;
    on_conflict(c, ins)
}

/// The INSERT's conflict clause, by the dialect's [`upsert`](crate::compile::Dialect::upsert)
/// hook, when it has one.
///
/// # Errors
/// As the hook.
pub fn on_conflict(c: &mut Compiler<'_>, ins: &Insert) -> Result<()> {
    match &ins.on_conflict {
        Some(oc) => c.dialect().upsert(c, ins, oc),
        None => Ok(()),
    }
}

/// The columns an INSERT names, each once, with their definitions (inline for up to 16).
fn insert_columns(ins: &Insert) -> Result<smallvec::SmallVec<[&Column; 16]>> {
    let mut columns: smallvec::SmallVec<[&Column; 16]> = smallvec::SmallVec::with_capacity(ins.columns.len());
    for name in &ins.columns {
        let column = ins.table.table.column(name)?;
        // The same definition twice is the same column twice: compared by address.
        if columns.iter().any(|seen| std::ptr::eq(*seen, column)) {
            return Err(Error::invalid_statement(format!("INSERT names column `{name}` twice")));
        }
        columns.push(column);
    }
    Ok(columns)
}

/// `INSERT INTO t (cols) ` followed by `query`, itself preceded by `WITH ctes` when some are
/// given (a query's own WITH: the form MySQL accepts for a WITH on INSERT ... SELECT).
///
/// # Errors
/// Unknown or repeated columns; as the query.
pub fn insert_select(c: &mut Compiler<'_>, ins: &Insert, query: &Query, ctes: &[crate::stmt::Cte]) -> Result<()> {
    insert_columns(ins)?;
    if !ins.rows.is_empty() {
        return Err(Error::invalid_statement("INSERT has both rows of values and a query"));
    }
    c.push("INSERT INTO ");
    table_ref(c, &ins.table)?;
    if !ins.columns.is_empty() {
        c.push(" (");
        for (i, name) in ins.columns.iter().enumerate() {
            if i > 0 {
                c.push(", ");
            }
            c.ident(name)?;
        }
        c.push_char(')');
    }
    c.push_char(' ');
    with_clause(c, ctes)?;
    let scope = c.scope.nested_same_level();
    c.scoped(scope, |c| query.compile_into(c))
}

/// `INSERT INTO t (cols) VALUES (...), (...)` or `INSERT INTO t (cols) SELECT ...`.
///
/// # Errors
/// Unknown or repeated columns, rows of the wrong width, values a column cannot hold.
pub fn insert_body(c: &mut Compiler<'_>, ins: &Insert) -> Result<()> {
    if let Some(query) = &ins.query {
        return insert_select(c, ins, query, &[]);
    }
    let columns = insert_columns(ins)?;
    if ins.rows.is_empty() && !ins.columns.is_empty() {
        return Err(Error::invalid_statement(format!(
            "INSERT names {} column(s) but gives no rows of values",
            ins.columns.len()
        )));
    }
    for (i, row) in ins.rows.iter().enumerate() {
        if row.len() != ins.columns.len() {
            return Err(Error::invalid_statement(format!(
                "INSERT row {} has {} values for {} columns",
                i + 1,
                row.len(),
                ins.columns.len()
            )));
        }
    }
    // Client-side defaults of the columns left out are bound in every row.
    let defaults: Vec<(&Column, Expr)> = if !ins.table.table.def().has_client_defaults {
        Vec::new()
    } else {
        ins.table
            .table
            .columns()
            .filter_map(|col| {
                // The name comparisons only for columns that have a default.
                let default = col.default.as_ref().filter(|_| !ins.columns.contains(&col.name))?;
                Some((col, Expr::Value(default.clone())))
            })
            .collect()
    };
    let rows = ins.rows.len().max(1);
    let width = ins.columns.len() + defaults.len();
    c.push("INSERT INTO ");
    table_ref(c, &ins.table)?;
    if width == 0 {
        if rows > 1 {
            return Err(Error::invalid_statement("an INSERT of several rows of defaults needs at least one column"));
        }
        if let Support::Unsupported(hint) = c.dialect().support(Feature::InsertDefaultValues) {
            return Err(c.unsupported(Feature::InsertDefaultValues.as_str(), hint));
        }
        return c.dialect().insert_default_values(c);
    }
    c.push(" (");
    let names = ins.columns.iter().chain(defaults.iter().map(|(col, _)| &col.name));
    for (i, name) in names.enumerate() {
        if i > 0 {
            c.push(", ");
        }
        c.ident(name)?;
    }
    c.push(") VALUES ");
    c.reserve_params(rows.saturating_mul(width));
    for r in 0..rows {
        c.push(if r == 0 { "(" } else { ", (" });
        let given = ins.rows.get(r).unwrap_or_default();
        let targets = columns.iter().copied().chain(defaults.iter().map(|(col, _)| *col));
        let values = given.iter().chain(defaults.iter().map(|(_, v)| v));
        for (i, (column, value)) in targets.zip(values).enumerate() {
            if i > 0 {
                c.push(", ");
            }
            assigned_value(c, &ins.table, column, value)?;
        }
        c.push_char(')');
    }
    Ok(())
}

/// ` ON CONFLICT (cols) DO NOTHING` / ` DO UPDATE SET ... [WHERE ...]` (PostgreSQL, SQLite).
/// Columns in the SET values and condition are qualified by the table, since `excluded`
/// is in scope too.
///
/// # Errors
/// [`Error::Unsupported`] for a named-constraint target the dialect lacks.
pub fn upsert(c: &mut Compiler<'_>, ins: &Insert, oc: &OnConflict) -> Result<()> {
    if ins.query.is_some()
        && let Support::Unsupported(hint) = c.dialect().support(Feature::UpsertFromSelect)
    {
        return Err(c.unsupported(Feature::UpsertFromSelect.as_str(), hint));
    }
    c.push(" ON CONFLICT");
    match &oc.target {
        ConflictTarget::Columns(cols) => {
            if cols.is_empty() {
                return Err(Error::invalid_statement("ON CONFLICT needs the columns of a unique key"));
            }
            c.push(" (");
            for (i, col) in cols.iter().enumerate() {
                ins.table.table.column(col)?;
                if i > 0 {
                    c.push(", ");
                }
                c.ident(col)?;
            }
            c.push_char(')');
        }
        ConflictTarget::Constraint(name) => {
            if let Support::Unsupported(hint) = c.dialect().support(Feature::UpsertOnConstraint) {
                return Err(c.unsupported(Feature::UpsertOnConstraint.as_str(), hint));
            }
            c.push(" ON CONSTRAINT ");
            c.ident(name)?;
        }
    }
    match &oc.action {
        ConflictAction::Nothing => {
            c.push(" DO NOTHING");
            Ok(())
        }
        ConflictAction::Update { set, .. } if set.is_empty() => {
            Err(Error::invalid_statement("ON CONFLICT DO UPDATE needs at least one do_update_set"))
        }
        ConflictAction::Update { set, filter } => {
            c.push(" DO UPDATE");
            let saved = c.scope.sole_table.take();
            let out = set_list(c, &ins.table, set, false).and_then(|()| match filter {
                Some(f) => {
                    c.push(" WHERE ");
                    c.expr(f)
                }
                None => Ok(()),
            });
            c.scope.sole_table = saved;
            out
        }
    }
}

impl Compile for Update {
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        Some(crate::stmt::StatementRef::Update(self))
    }

    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        crate::expr::typing::returning_kinds(&self.returning, &self.table.table)
    }

    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        if self.set.is_empty() {
            return Err(Error::invalid_statement("UPDATE needs at least one SET column"));
        }
        let scope = dml_scope(c, &self.table, &self.from);
        c.scoped(scope, |c| {
            cte_on_update_delete(c, &self.ctes)?;
            c.dialect().update(c, self)?;
            let clause = Returning {
                feature: Feature::UpdateReturning,
                exprs: &self.returning,
                target: &self.table,
                others: &self.from,
            };
            c.dialect().returning(c, &clause)
        })
    }
}

/// WITH before UPDATE or DELETE, where the engine has it.
fn cte_on_update_delete(c: &mut Compiler<'_>, ctes: &[crate::stmt::Cte]) -> Result<()> {
    if !ctes.is_empty()
        && let Support::Unsupported(hint) = c.dialect().support(Feature::CteOnUpdateDelete)
    {
        return Err(c.unsupported(Feature::CteOnUpdateDelete.as_str(), hint));
    }
    with_clause(c, ctes)
}

/// `UPDATE t SET ... [FROM others] [WHERE ...]`.
///
/// # Errors
/// Unknown columns, values a column cannot hold, [`Error::Unsupported`] for UPDATE ... FROM
/// where the dialect lacks it.
pub fn update(c: &mut Compiler<'_>, u: &Update) -> Result<()> {
    if !u.from.is_empty()
        && let Support::Unsupported(hint) = c.dialect().support(Feature::UpdateFrom)
    {
        return Err(c.unsupported(Feature::UpdateFrom.as_str(), hint));
    }
    c.push("UPDATE ");
    table_ref(c, &u.table)?;
    set_list(c, &u.table, &u.set, false)?;
    if !u.from.is_empty() {
        c.push(" FROM ");
        for (i, item) in u.from.iter().enumerate() {
            if i > 0 {
                c.push(", ");
            }
            from_item(c, item)?;
        }
    }
    if let Some(filter) = &u.filter {
        c.push(" WHERE ");
        c.expr(filter)?;
    }
    Ok(())
}

impl Compile for Delete {
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        Some(crate::stmt::StatementRef::Delete(self))
    }

    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        crate::expr::typing::returning_kinds(&self.returning, &self.table.table)
    }

    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        no_alias(&self.table, "DELETE")?;
        let scope = dml_scope(c, &self.table, &self.using);
        c.scoped(scope, |c| {
            cte_on_update_delete(c, &self.ctes)?;
            c.dialect().delete(c, self)?;
            let clause = Returning {
                feature: Feature::DeleteReturning,
                exprs: &self.returning,
                target: &self.table,
                others: &self.using,
            };
            c.dialect().returning(c, &clause)
        })
    }
}

/// `DELETE FROM t [USING others] [WHERE ...]`.
///
/// # Errors
/// [`Error::Unsupported`] for DELETE ... USING where the dialect lacks it.
pub fn delete(c: &mut Compiler<'_>, d: &Delete) -> Result<()> {
    if !d.using.is_empty()
        && let Support::Unsupported(hint) = c.dialect().support(Feature::DeleteUsing)
    {
        return Err(c.unsupported(Feature::DeleteUsing.as_str(), hint));
    }
    c.push("DELETE FROM ");
    table_ref(c, &d.table)?;
    if !d.using.is_empty() {
        c.push(" USING ");
        for (i, item) in d.using.iter().enumerate() {
            if i > 0 {
                c.push(", ");
            }
            from_item(c, item)?;
        }
    }
    if let Some(filter) = &d.filter {
        c.push(" WHERE ");
        c.expr(filter)?;
    }
    Ok(())
}

/// `DELETE FROM t WHERE EXISTS (SELECT 1 FROM others WHERE ...)`: DELETE ... USING for
/// engines without it (SQLite); the same rows go.
///
/// # Errors
/// As [`delete`].
pub fn delete_using_exists(c: &mut Compiler<'_>, d: &Delete) -> Result<()> {
    if d.using.is_empty() {
        return delete(c, d);
    }
    let mut inner = crate::stmt::Select::new(vec![Expr::Literal(1.into())]);
    inner.from = d.using.clone();
    inner.filter = d.filter.clone();
    // The copied condition's values are the statement's own (the statement stays cacheable).
    if let (Some(original), Some(copy)) = (&d.filter, &inner.filter) {
        c.register_copy(original, copy);
    }
    c.push("DELETE FROM ");
    table_ref(c, &d.table)?;
    c.push(" WHERE ");
    c.expr(&Expr::Exists(inner.into()))
}

impl Compile for crate::expr::TextClause {
    /// A whole statement written as [`text()`](crate::dsl::text) (SQLAlchemy's
    /// `conn.execute(text(...))`): the SQL as given, `:name` parameters bound.
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        c.expr(&Expr::Text(Box::new(self.clone())))
    }
}
