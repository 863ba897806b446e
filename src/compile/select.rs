//! SELECT: the select list, FROM with joins (inferring ON clauses from foreign keys),
//! WHERE, GROUP BY, HAVING, ORDER BY (with NULLS FIRST/LAST or its emulation), LIMIT/OFFSET.

use crate::compile::query::{derived, with_clause};
use crate::compile::{Compile, Compiler, Feature, Scope, Support};
use crate::error::{Error, Result};
use crate::expr::{Expr, ExprExt, Qualifier};
use crate::schema::TableRef;
use crate::stmt::{Correlate, FromItem, Join, JoinKind, NullsOrder, OrderBy, Select, SortDirection};

impl Compile for Select {
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        Some(crate::stmt::StatementRef::Select(self))
    }

    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        crate::expr::typing::select_kinds(self)
    }

    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        if self.columns.is_empty() {
            return Err(Error::invalid_statement("SELECT needs at least one column"));
        }
        let inferred;
        let from: &[FromItem] = if self.from.is_empty() {
            let outer = c.outer_names();
            let correlated = |name: &str| match &self.correlate {
                Correlate::Auto => outer.iter().any(|o| o.as_str() == name),
                Correlate::None => false,
                Correlate::Only(names) => names.iter().any(|o| o.as_str() == name),
            };
            // Every clause names tables, not only the select list (SQLAlchemy 2.0 infers
            // from all of them): a table named only in WHERE is read too.
            let all = infer_from_clauses(self);
            inferred = if all.iter().any(|t| correlated(from_name(t))) {
                let own: Inferred = all.iter().filter(|t| !correlated(from_name(t))).cloned().collect();
                // As SQLAlchemy does, correlation never takes away every FROM item: a
                // subquery that reads only outer tables reads them itself.
                if own.is_empty() { all } else { own }
            } else {
                all
            };
            &inferred
        } else {
            &self.from
        };
        let mut scope = select_scope(self, from);
        scope.outer_len = c.scope.outer_len;
        c.scoped(scope, |c| {
            with_clause(c, &self.ctes)?;
            if !self.distinct_on.is_empty() {
                match c.dialect().support(Feature::DistinctOn) {
                    Support::Native => {}
                    Support::Emulated(_) => return distinct_on_emulated(c, self, from),
                    Support::Unsupported(hint) => return Err(c.unsupported(Feature::DistinctOn.as_str(), hint)),
                }
            }
            write_select(c, self, from)
        })
    }
}

/// Columns are written bare when the SELECT reads one unaliased table.
fn select_scope(select: &Select, from: &[FromItem]) -> Scope {
    let sole = match from {
        [FromItem::Table(TableRef { table, alias: None })] => Some(table),
        _ => None,
    };
    let label_shadows_column = sole.is_some_and(|t| {
        select.columns.iter().any(|e| matches!(e, Expr::Label(_, name) if t.def().columns.contains_key(name)))
    });
    let mut scope = Scope {
        sole_table: sole.map(|t| t.name().clone()),
        label_shadows_column,
        check_columns: true,
        ..Scope::default()
    };
    for item in from {
        item.for_each_table(&mut |t| scope.add_from_name(t.exposed_name().clone()));
    }
    scope
}

fn write_select(c: &mut Compiler<'_>, s: &Select, from: &[FromItem]) -> Result<()> {
    // Only a clause after the select list (or DISTINCT ON before it) can repeat an expression.
    c.tracking_repeats(s.has_grouping_or_ordering(), |c| write_select_clauses(c, s, from))
}

/// [`write_select`]'s clauses; an expression repeated from the select list (or DISTINCT ON,
/// GROUP BY) in a later clause is written as its first writing was (see `repeat.rs`).
fn write_select_clauses(c: &mut Compiler<'_>, s: &Select, from: &[FromItem]) -> Result<()> {
    use crate::compile::repeat::Clause;
    // A select-list label stands for its expression unless a FROM table has a column of
    // that name (MySQL's GROUP BY and HAVING would take the column).
    let usable = |e: &Expr| match e {
        Expr::Label(_, name)
            if !from.iter().flat_map(FromItem::tables).any(|t| t.table.def().columns.contains_key(name)) =>
        {
            Some(name.clone())
        }
        _ => None,
    };
    c.set_repeat_clause(Some(Clause::List));
    c.dialect().select_head(c, s)?;
    for (i, col) in s.columns.iter().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        let label = if c.repeats_by_label() { usable(col) } else { None };
        c.remembered(col, label.as_ref(), |c| select_item(c, col))?;
    }
    c.set_repeat_clause(None);
    if !from.is_empty() {
        c.push(" FROM ");
        for (i, item) in from.iter().enumerate() {
            if i > 0 {
                c.push(", ");
            }
            from_item(c, item)?;
        }
    }
    if let Some(filter) = &s.filter {
        c.push(" WHERE ");
        c.expr(filter)?;
    }
    c.set_repeat_clause(Some(Clause::Late));
    c.scope.in_sort_or_group = true;
    if !s.group_by.is_empty() {
        c.push(" GROUP BY ");
        for (i, e) in s.group_by.iter().enumerate() {
            if i > 0 {
                c.push(", ");
            }
            c.remembered(e, None, |c| c.expr(e))?;
        }
    }
    if let Some(having) = &s.having {
        c.push(" HAVING ");
        c.expr(having)?;
    }
    order_by(c, &s.order_by)?;
    c.scope.in_sort_or_group = false;
    c.set_repeat_clause(None);
    c.dialect().select_tail(c, s)
}

/// The default [`Dialect::select_head`](crate::compile::Dialect::select_head): `SELECT `,
/// `SELECT DISTINCT ` or `SELECT DISTINCT ON (...) `, up to the select list.
///
/// # Errors
/// As the DISTINCT ON expressions.
pub fn select_head(c: &mut Compiler<'_>, s: &Select) -> Result<()> {
    if s.distinct_on.is_empty() {
        c.push(if s.distinct { "SELECT DISTINCT " } else { "SELECT " });
        return Ok(());
    }
    c.push("SELECT DISTINCT ON (");
    for (i, e) in s.distinct_on.iter().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        c.remembered(e, None, |c| c.expr(e))?;
    }
    c.push(") ");
    Ok(())
}

/// The default [`Dialect::select_tail`](crate::compile::Dialect::select_tail): LIMIT / OFFSET
/// through [`Dialect::limit_offset`](crate::compile::Dialect::limit_offset), then the row
/// lock through [`Dialect::lock`](crate::compile::Dialect::lock) (refused over aggregated
/// rows where the dialect says so).
///
/// # Errors
/// As those hooks; [`Error::Unsupported`] for a lock the dialect cannot place.
pub fn select_tail(c: &mut Compiler<'_>, s: &Select) -> Result<()> {
    if s.limit.is_some() || s.offset.is_some() {
        c.dialect().limit_offset(c, s.limit.as_ref(), s.offset.as_ref())?;
    }
    if let Some(lock) = &s.lock {
        if aggregates_rows(s) {
            if let Support::Unsupported(hint) = c.dialect().support(Feature::LockAggregatedRows) {
                return Err(c.unsupported(Feature::LockAggregatedRows.as_str(), hint));
            }
        }
        c.dialect().lock(c, lock)?;
    }
    Ok(())
}

/// DISTINCT ON without the engine's support:
/// `SELECT names FROM (SELECT items, ROW_NUMBER() OVER (PARTITION BY on ORDER BY order) AS
/// sqlcore_rn FROM ...) AS anon_1 WHERE sqlcore_rn = 1 ORDER BY names`, the same rows as
/// PostgreSQL's DISTINCT ON (the first row of each group by the ORDER BY).
fn distinct_on_emulated(c: &mut Compiler<'_>, s: &Select, from: &[FromItem]) -> Result<()> {
    let unsupported = |c: &Compiler<'_>, why: &'static str| c.unsupported("DISTINCT ON (emulated)", why);
    let mut names = Vec::with_capacity(s.columns.len());
    for item in &s.columns {
        match crate::stmt::query::output_name(item) {
            Some(name) if !names.contains(&name) => names.push(name),
            _ => return Err(unsupported(c, "label every selected item with a distinct name")),
        }
    }
    // The outer ORDER BY sorts by the selected items' names, and by hidden columns of the
    // derived table for sort keys that are not selected.
    let mut outer_order = Vec::with_capacity(s.order_by.len());
    let mut hidden = Vec::new();
    let mut hidden_sources = Vec::new();
    for term in &s.order_by {
        let name = match &term.expr {
            Expr::Label(_, n) => Some(n.clone()),
            e => s
                .columns
                .iter()
                .find(|item| *item == e || matches!(item, Expr::Label(inner, _) if **inner == *e))
                .and_then(crate::stmt::query::output_name),
        };
        let name = name.unwrap_or_else(|| {
            let n = crate::Ident::from(format!("sqlcore_o{}", hidden.len() + 1));
            hidden.push(crate::expr::ExprExt::label(term.expr.clone(), n.clone()));
            hidden_sources.push(&term.expr);
            n
        });
        outer_order.push(OrderBy { expr: crate::dsl::col(name), ..term.clone() });
    }
    let window = crate::expr::Window { partition_by: s.distinct_on.clone(), order_by: s.order_by.clone(), frame: None };
    let mut inner = s.clone();
    inner.columns.extend(hidden);
    inner.distinct_on.clear();
    inner.order_by.clear();
    inner.limit = None;
    inner.offset = None;
    inner.ctes.clear();
    inner.from = from.to_vec();
    inner
        .columns
        .push(crate::expr::ExprExt::label(crate::expr::ExprExt::over(crate::func::row_number(), window), "sqlcore_rn"));
    if c.is_tracing() {
        register_distinct_on_copies(c, s, &inner, &hidden_sources);
    }
    let alias = c.anon_alias();
    c.push("SELECT ");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        c.ident(name)?;
    }
    c.push(" FROM (");
    let mut scope = select_scope(&inner, from);
    scope.outer_len = c.scope.outer_len;
    c.scoped(scope, |c| write_select(c, &inner, from))?;
    c.push(") AS ");
    c.ident(&alias)?;
    c.push(" WHERE sqlcore_rn = 1");
    let saved = std::mem::replace(&mut c.scope.bare_columns, true);
    let ordered = order_by(c, &outer_order);
    c.scope.bare_columns = saved;
    ordered?;
    if s.limit.is_some() || s.offset.is_some() {
        c.dialect().limit_offset(c, s.limit.as_ref(), s.offset.as_ref())?;
    }
    Ok(())
}

/// The DISTINCT ON emulation compiles `inner`, a clone of `s` with hidden sort columns
/// (copies of `hidden_sources`) and a ROW_NUMBER window over copies of DISTINCT ON and ORDER
/// BY: each copied value is traced as `s`'s own, so the statement cache can reuse the SQL.
fn register_distinct_on_copies(c: &mut Compiler<'_>, s: &Select, inner: &Select, hidden_sources: &[&Expr]) {
    let pairs = |c: &mut Compiler<'_>, originals: &[Expr], copies: &[Expr]| {
        for (o, k) in originals.iter().zip(copies) {
            c.register_copy(o, k);
        }
    };
    pairs(c, &s.columns, &inner.columns);
    pairs(c, &s.group_by, &inner.group_by);
    for (o, k) in [(&s.filter, &inner.filter), (&s.having, &inner.having)] {
        if let (Some(o), Some(k)) = (o, k) {
            c.register_copy(o, k);
        }
    }
    let hidden = inner.columns.iter().skip(s.columns.len());
    for (o, k) in hidden_sources.iter().zip(hidden) {
        if let Expr::Label(copy, _) = k {
            c.register_copy(o, copy);
        }
    }
    if let Some(Expr::Label(rn, _)) = inner.columns.last()
        && let Expr::Over(w) = &**rn
    {
        pairs(c, &s.distinct_on, &w.window.partition_by);
        for (o, k) in s.order_by.iter().zip(&w.window.order_by) {
            c.register_copy(&o.expr, &k.expr);
        }
    }
}

/// A select-list item: `expr` or `expr AS label`.
pub(crate) fn select_item(c: &mut Compiler<'_>, e: &Expr) -> Result<()> {
    let (value, label) = match e {
        Expr::Label(inner, name) => (&**inner, Some(name)),
        _ => (e, None),
    };
    match value {
        Expr::Value(v) => c.dialect().bind_untyped(c, v)?,
        other => c.expr(other)?,
    }
    if let Some(name) = label {
        c.push(" AS ");
        c.ident(name)?;
    }
    Ok(())
}

/// ` ORDER BY a DESC, b`; a label sorts by its alias.
pub(crate) fn order_by(c: &mut Compiler<'_>, terms: &[OrderBy]) -> Result<()> {
    for (i, term) in terms.iter().enumerate() {
        c.push(if i == 0 { " ORDER BY " } else { ", " });
        order_term(c, term)?;
    }
    Ok(())
}

pub(crate) fn order_term(c: &mut Compiler<'_>, term: &OrderBy) -> Result<()> {
    let descending = term.direction == Some(SortDirection::Desc);
    let mut native_nulls = None;
    if let Some(nulls) = term.nulls {
        match c.dialect().support(Feature::NullsOrdering) {
            Support::Native => native_nulls = Some(nulls),
            Support::Emulated(_) => {
                // Sort by `x IS NULL` first (0 for values, 1 for NULLs), unless the engine's
                // own placement already is the one asked for.
                let nulls_first_by_default = c.dialect().nulls_sort_low() != descending;
                let asked_first = nulls == NullsOrder::First;
                if asked_first != nulls_first_by_default {
                    let key = match &term.expr {
                        Expr::Label(inner, _) => inner,
                        other => other,
                    };
                    c.is_null(key, false)?;
                    c.push(if asked_first { " DESC, " } else { ", " });
                }
            }
            Support::Unsupported(hint) => return Err(c.unsupported(Feature::NullsOrdering.as_str(), hint)),
        }
    }
    match &term.expr {
        Expr::Label(_, name) => c.ident(name)?,
        e => c.expr(e)?,
    }
    match term.direction {
        Some(SortDirection::Asc) => c.push(" ASC"),
        Some(SortDirection::Desc) => c.push(" DESC"),
        None => {}
    }
    match native_nulls {
        Some(NullsOrder::First) => c.push(" NULLS FIRST"),
        Some(NullsOrder::Last) => c.push(" NULLS LAST"),
        None => {}
    }
    Ok(())
}

/// `table [AS alias]`.
pub(crate) fn table_ref(c: &mut Compiler<'_>, t: &TableRef) -> Result<()> {
    c.ident(t.table.name())?;
    if let Some(alias) = &t.alias {
        c.push(" AS ");
        c.ident(alias)?;
    }
    Ok(())
}

/// Writes one FROM item (a table, a join, a derived table).
///
/// # Errors
/// Unsupported joins, join conditions that cannot be inferred, invalid identifiers.
pub fn from_item(c: &mut Compiler<'_>, item: &FromItem) -> Result<()> {
    match item {
        FromItem::Table(t) => table_ref(c, t),
        FromItem::Join(j) => join(c, j),
        FromItem::Derived(d) => derived(c, d),
    }
}

fn join(c: &mut Compiler<'_>, j: &Join) -> Result<()> {
    let feature = match j.kind {
        JoinKind::Right => Some(Feature::RightJoin),
        JoinKind::Full => Some(Feature::FullJoin),
        _ => None,
    };
    if let Some(feature) = feature
        && let Support::Unsupported(hint) = c.dialect().support(feature)
    {
        return Err(c.unsupported(feature.as_str(), hint));
    }
    from_item(c, &j.left)?;
    c.push_char(' ');
    c.push(j.kind.as_sql());
    c.push_char(' ');
    from_item(c, &j.right)?;
    match (&j.on, j.kind) {
        (_, JoinKind::Cross) => Ok(()),
        (Some(on), _) => {
            c.push(" ON ");
            c.expr(on)
        }
        (None, _) => {
            let FromItem::Table(right) = &j.right else {
                return Err(Error::join_condition(
                    describe_from(&j.left),
                    describe_from(&j.right),
                    "only tables have foreign keys to infer from; give the condition with join_on()",
                ));
            };
            let on = infer_on(&j.left, right)?;
            c.push(" ON ");
            c.expr(&on)
        }
    }
}

/// The ON condition joining `right` to the tables of `left`, from the one foreign key between
/// them: `right.fk_col = left.key` (or `right.key = left.fk_col`), ANDed for composite keys.
///
/// # Errors
/// [`Error::JoinCondition`] when there is no foreign key, or more than one.
pub(crate) fn infer_on(left: &FromItem, right: &TableRef) -> Result<Expr> {
    let lefts = left.tables();
    let mut found: Vec<(Expr, String)> = Vec::new();
    for l in &lefts {
        for fk in &right.table.def().foreign_keys {
            if fk.ref_table == *l.table.name() {
                let terms = fk
                    .columns
                    .iter()
                    .zip(&fk.ref_columns)
                    .map(|(col, key)| qualified(right, col).eq(qualified(l, key)));
                found.push((crate::dsl::and(terms), describe_fk(right, &fk.columns, l, &fk.ref_columns)));
            }
        }
        for fk in &l.table.def().foreign_keys {
            if fk.ref_table == *right.table.name() {
                let terms = fk
                    .ref_columns
                    .iter()
                    .zip(&fk.columns)
                    .map(|(key, col)| qualified(right, key).eq(qualified(l, col)));
                found.push((crate::dsl::and(terms), describe_fk(l, &fk.columns, right, &fk.ref_columns)));
            }
        }
    }
    let left_names = lefts.iter().map(|t| format!("`{}`", t.exposed_name())).collect::<Vec<_>>().join(", ");
    match found.len() {
        1 => Ok(found.remove(0).0),
        0 => Err(Error::join_condition(
            left_names,
            right.exposed_name().to_string(),
            "no foreign key links them; give the condition with join_on()",
        )),
        n => Err(Error::join_condition(
            left_names,
            right.exposed_name().to_string(),
            format!(
                "{n} foreign keys could link them ({}); give the condition with join_on()",
                found.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join("; ")
            ),
        )),
    }
}

fn describe_from(item: &FromItem) -> String {
    item.tables().iter().map(|t| format!("`{}`", t.exposed_name())).collect::<Vec<_>>().join(", ")
}

fn qualified(t: &TableRef, column: &crate::ident::Ident) -> Expr {
    Expr::Column(crate::expr::ColumnRef { qualifier: Some(t.qualifier()), name: column.clone() })
}

fn describe_fk(from: &TableRef, cols: &[crate::ident::Ident], to: &TableRef, keys: &[crate::ident::Ident]) -> String {
    let list = |v: &[crate::ident::Ident]| v.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ");
    format!("{}({}) -> {}({})", from.exposed_name(), list(cols), to.exposed_name(), list(keys))
}

/// The name a FROM item exposes (a join: its first table's).
fn from_name(item: &FromItem) -> &str {
    match item {
        FromItem::Table(t) => t.exposed_name(),
        FromItem::Derived(d) => d.alias_name(),
        FromItem::Join(j) => from_name(&j.left),
    }
}

/// The FROM items a FROM-less SELECT reads, inline up to two (the usual one table, or a
/// table and a correlated outer one).
pub(crate) type Inferred = smallvec::SmallVec<[FromItem; 2]>;

/// The FROM items a FROM-less SELECT reads: the tables, aliases and derived tables
/// qualifying the columns and `*`s of `columns` (its clauses), in order of first appearance.
pub(crate) fn infer_from<'e>(columns: impl IntoIterator<Item = &'e Expr>) -> Inferred {
    let mut out = Inferred::new();
    let mut last: Option<&Qualifier> = None;
    infer_into(&mut out, &mut last, columns);
    out
}

/// [`infer_from`] over every clause of `s`: a table named only in WHERE (or GROUP BY, ...) is
/// read too, as SQLAlchemy 2.0 infers it.
fn infer_from_clauses(s: &Select) -> Inferred {
    let mut out = Inferred::new();
    let mut last: Option<&Qualifier> = None;
    infer_into(&mut out, &mut last, &s.columns);
    if let Some(filter) = &s.filter {
        infer_into(&mut out, &mut last, std::slice::from_ref(filter));
    }
    // The rarer clauses, looked at only when present.
    if s.has_grouping_or_ordering() {
        infer_into(&mut out, &mut last, &s.distinct_on);
        infer_into(&mut out, &mut last, &s.group_by);
        infer_into(&mut out, &mut last, &s.having);
        infer_into(&mut out, &mut last, s.order_by.iter().map(|o| &o.expr));
    }
    out
}

/// Adds to `out` the FROM items `columns` name (see [`infer_from`]).
fn infer_into<'e>(out: &mut Inferred, last: &mut Option<&'e Qualifier>, columns: impl IntoIterator<Item = &'e Expr>) {
    // Later siblings wait on the stack; the walk goes on into the first child without a push,
    // so a chain of operators (`a + (b + (c + ...))`) costs no stack traffic for its columns.
    let mut stack: Vec<&Expr> = Vec::new();
    for column in columns {
        let mut next = Some(column);
        while let Some(e) = next.or_else(|| stack.pop()) {
            next = None;
            match e {
                Expr::Column(c) => {
                    if let Some(q) = &c.qualifier {
                        add_inferred(out, last, q);
                    }
                }
                Expr::Star(Some(q)) => add_inferred(out, last, q),
                // A left operand that is a column is taken in place (the order of first
                // appearance is kept): a chain of operators (`a + (b + (c + ...))`) is then
                // walked with no stack traffic at all.
                // A leaf names no table: nothing to push or pop.
                Expr::Value(_) | Expr::Literal(_) | Expr::Null | Expr::Param(_) => {}
                Expr::Binary(b) => match (&b.1, &b.2) {
                    // `col = value`, the usual term of a filter: the value is no FROM item.
                    (Expr::Column(c), Expr::Value(_) | Expr::Literal(_)) => {
                        if let Some(q) = &c.qualifier {
                            add_inferred(out, last, q);
                        }
                    }
                    (Expr::Column(c), right) => {
                        if let Some(q) = &c.qualifier {
                            add_inferred(out, last, q);
                        }
                        next = Some(right);
                    }
                    (left, right) => {
                        stack.push(right);
                        next = Some(left);
                    }
                },
                Expr::Label(inner, _) => next = Some(inner),
                // A filter built from a list (`a = 1 OR a = 2 OR ...`): its `col = value` terms
                // are taken in place, only the others wait on the stack.
                // (Left to right: from the first other term on, the terms wait their turn.)
                Expr::And(terms) | Expr::Or(terms) => {
                    let simple = terms
                        .iter()
                        .take_while(|term| match term {
                            Expr::Binary(b) => match (&b.1, &b.2) {
                                (Expr::Column(c), Expr::Value(_) | Expr::Literal(_)) => {
                                    if let Some(q) = &c.qualifier {
                                        add_inferred(out, last, q);
                                    }
                                    true
                                }
                                _ => false,
                            },
                            _ => false,
                        })
                        .count();
                    stack.extend(terms[simple..].iter().rev());
                }
                other => other.push_children(&mut stack),
            }
        }
    }
}

/// Adds the FROM item `q` stands for, unless `out` has it. `last` is the qualifier met last:
/// a run of columns of one table (the usual select list) is recognised by identity, without
/// comparing names.
#[inline]
fn add_inferred<'e>(out: &mut Inferred, last: &mut Option<&'e Qualifier>, q: &'e Qualifier) {
    if last.is_some_and(|l| same_qualifier(l, q)) {
        return;
    }
    add_inferred_new(out, last, q);
}

/// [`add_inferred`] past its quick test: a qualifier other than the last one met.
#[inline(never)]
fn add_inferred_new<'e>(out: &mut Inferred, last: &mut Option<&'e Qualifier>, q: &'e Qualifier) {
    if !out.iter().any(|item| crate::ident::same_name(from_name(item), q.exposed_name())) {
        out.push(q.from_item());
    }
    *last = Some(q);
}

/// Whether two qualifiers are one table under one name (by identity: false when unsure).
#[inline]
fn same_qualifier(a: &Qualifier, b: &Qualifier) -> bool {
    use crate::schema::TableHandle;
    match (a, b) {
        (
            Qualifier::Table(TableHandle::Static { def: x, .. }),
            Qualifier::Table(TableHandle::Static { def: y, .. }),
        ) => std::ptr::fn_addr_eq(*x, *y),
        (Qualifier::Table(TableHandle::Shared(x)), Qualifier::Table(TableHandle::Shared(y))) => {
            x.identity() == y.identity()
        }
        (Qualifier::Alias(x), Qualifier::Alias(y)) => {
            x.table.identity() == y.table.identity()
                && x.alias.as_ref().zip(y.alias.as_ref()).is_some_and(|(p, q)| p == q)
        }
        (Qualifier::Derived(x), Qualifier::Derived(y)) => std::sync::Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// Whether the rows a SELECT returns are not plain table rows, which PostgreSQL will not
/// lock: it is DISTINCT or grouped, its select list aggregates or windows rows (outside any
/// subquery), or an outer join may pad a side with NULLs.
fn aggregates_rows(s: &Select) -> bool {
    if s.distinct || !s.distinct_on.is_empty() || !s.group_by.is_empty() || s.having.is_some() {
        return true;
    }
    let mut froms: Vec<&FromItem> = s.from.iter().collect();
    while let Some(item) = froms.pop() {
        if let FromItem::Join(j) = item {
            if matches!(j.kind, JoinKind::Left | JoinKind::Right | JoinKind::Full) {
                return true;
            }
            froms.push(&j.left);
            froms.push(&j.right);
        }
    }
    Expr::any_aggregates(&s.columns)
}
