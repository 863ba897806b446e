//! The shape of a statement: everything that decides its SQL, written as bytes, with the
//! bound values set aside in walk order.
//!
//! Two statements with the same shape bytes compile to the same SQL for one dialect; they
//! differ only in the values bound to its placeholders. The bytes are the cache key itself
//! (compared in full, not by hash), so a collision cannot hand one statement another's SQL.
//!
//! What goes in:
//! - every node kind, operator, flag and identifier (length-prefixed, so the encoding is
//!   injective);
//! - literals (written into the SQL) in full;
//! - for each bound value, its class only: what the dialect's hooks look at when writing its
//!   placeholder, as the dialect says ([`Dialect::cache_value_class`]: the variant and sign
//!   by default; PostgreSQL adds whether an integer is beyond INT4, which it names the type of);
//! - tables by identity: a `table!` table by the address of its `table()` function, a
//!   run-time table by its shared definition's address (kept alive by the cache entry so it
//!   cannot be reused), and a table sqlcore synthesized (CTEs, derived tables: each statement
//!   build makes new ones) by its name and columns.
//!
//! Structs are destructured field by field, never with `..`: a field added to a statement
//! type does not compile here until the shape says how it counts.
//!
//! Named parameters (`bindparam`, `in_param`) make a statement not cacheable: their values
//! are given at compile time and can change the SQL (lists expand).

use std::fmt::{self, Write as _};

use crate::compile::Dialect;
use crate::expr::{
    Case, ColumnRef, Expr, Filtered, FuncCall, FuncName, LikeEscape, Qualifier, TextClause, Window, WindowCall,
};
use crate::schema::{Table, TableHandle, TableRef};
use crate::stmt::{
    Compound, ConflictAction, ConflictTarget, Correlate, Cte, Delete, Derived, FromItem, Insert, Join, Lock,
    OnConflict, OrderBy, Query, Select, StatementRef, Update,
};
use crate::value::Value;

/// This statement cannot be cached (it holds a named parameter); compile it each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uncacheable;

/// The result of writing part of a shape.
pub type ShapeResult = std::result::Result<(), Uncacheable>;

/// A statement's shape being written: the key bytes, and the bound values met on the way.
///
/// Made by the statement cache for the statements [`Compile::statement`](crate::Compile::statement)
/// shows it.
#[derive(Debug)]
pub struct Shape<'k, D: Dialect + ?Sized = dyn Dialect> {
    key: &'k mut Vec<u8>,
    /// The dialect the key is for: it says which of a value's properties its SQL depends on.
    dialect: &'k D,
    /// Clones of the bound values, in walk order: the parameters of a cache hit.
    values: Vec<Value>,
    /// The bound values' addresses, in walk order (only when compiling a new entry: the
    /// compiler's `bind` calls are matched against them).
    addresses: Option<Vec<*const Value>>,
    /// Tables keyed by identity, kept by a new entry so their addresses stay theirs.
    held: Option<Vec<Table>>,
    /// Expression nesting, for the stack checks.
    depth: usize,
}

impl<'k, D: Dialect + ?Sized> Shape<'k, D> {
    /// A shape written into `key` (cleared first).
    pub(crate) fn new(key: &'k mut Vec<u8>, values: usize, dialect: &'k D) -> Self {
        key.clear();
        Shape { key, dialect, values: Vec::with_capacity(values), addresses: None, held: None, depth: 0 }
    }

    /// A shape that also records value addresses and tables, for a new cache entry.
    pub(crate) fn recording(key: &'k mut Vec<u8>, dialect: &'k D) -> Self {
        key.clear();
        Shape { key, dialect, values: Vec::new(), addresses: Some(Vec::new()), held: Some(Vec::new()), depth: 0 }
    }

    /// The bound values met, in walk order.
    pub(crate) fn into_parts(self) -> (Vec<Value>, Vec<*const Value>, Vec<Table>) {
        (self.values, self.addresses.unwrap_or_default(), self.held.unwrap_or_default())
    }

    /// The bound values met, in walk order.
    pub(crate) fn into_values(self) -> Vec<Value> {
        self.values
    }

    #[inline]
    fn tag(&mut self, tag: u8) {
        self.key.push(tag);
    }

    #[inline]
    fn flag(&mut self, b: bool) {
        self.key.push(u8::from(b));
    }

    /// A length or count, LEB128.
    #[inline]
    fn len(&mut self, mut n: usize) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.key.push(low);
                return;
            }
            self.key.push(low | 0x80);
        }
    }

    #[inline]
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.key.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.tag(0),
            Some(s) => {
                self.tag(1);
                self.str(s);
            }
        }
    }

    /// A value's `Debug` form, length-prefixed (for rare parts: types, literals).
    fn debug(&mut self, x: &dyn fmt::Debug) {
        let at = self.key.len();
        self.key.extend_from_slice(&[0; 4]);
        // Writing into a Vec cannot fail.
        let _ = write!(KeyWriter(self.key), "{x:?}");
        let written = u32::try_from(self.key.len() - at - 4).unwrap_or(u32::MAX);
        if let Some(slot) = self.key.get_mut(at..at + 4) {
            slot.copy_from_slice(&written.to_le_bytes());
        }
    }

    /// A bound value: its class goes into the key, the value to the parameters.
    #[inline]
    fn value(&mut self, v: &Value) {
        self.tag(self.dialect.cache_value_class(v));
        self.values.push(v.clone());
        if let Some(addresses) = &mut self.addresses {
            addresses.push(v);
        }
    }

    fn table(&mut self, t: &Table) {
        let def = t.def();
        if def.synthesized {
            self.tag(1);
            self.str(&def.name);
            self.len(def.columns.len());
            for column in def.columns.values() {
                self.str(&column.name);
                self.debug(&column.ty);
            }
            // The kinds decide SQL too (MySQL's integer DIV over a CTE column).
            self.debug(&def.kinds.get());
        } else {
            self.tag(2);
            self.key.extend_from_slice(&t.identity().to_le_bytes());
            if let Some(held) = &mut self.held {
                held.push(t.clone());
            }
        }
    }

    #[inline]
    fn table_handle(&mut self, h: &TableHandle) {
        match h {
            // A `table!` table is defined once by its `table()` function: the function's
            // address names it (distinct tables have distinct functions, which live for the
            // whole program), without fetching the definition.
            TableHandle::Static { def, .. } => {
                self.tag(STATIC_TABLE);
                self.key.extend_from_slice(&static_table_address(*def));
            }
            TableHandle::Shared(t) => self.table(t),
        }
    }

    fn table_ref(&mut self, t: &TableRef) {
        let TableRef { table, alias } = t;
        self.table(table);
        self.opt_str(alias.as_deref());
    }
}

/// The tag of a `table!` table, followed by [`static_table_address`].
const STATIC_TABLE: u8 = 3;

/// A `table!` table's identity in the key: the address of its `table()` function.
fn static_table_address(def: fn() -> Table) -> [u8; 8] {
    (def as usize as u64).to_le_bytes()
}

/// Lets `write!` append to the key.
struct KeyWriter<'a>(&'a mut Vec<u8>);

impl fmt::Write for KeyWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Statement kinds, the first byte of a key.
pub(crate) mod kind {
    pub const SELECT: u8 = 1;
    pub const COMPOUND: u8 = 2;
    pub const INSERT: u8 = 3;
    pub const UPDATE: u8 = 4;
    pub const DELETE: u8 = 5;
}

/// The shape of one of sqlcore's statements.
#[inline]
pub(crate) fn statement<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, stmt: StatementRef<'_>) -> ShapeResult {
    match stmt {
        StatementRef::Select(s) => select(w, s),
        StatementRef::Query(q) => query(w, q),
        StatementRef::Compound(c) => compound(w, c),
        StatementRef::Insert(i) => insert(w, i),
        StatementRef::Update(u) => update(w, u),
        StatementRef::Delete(d) => delete(w, d),
    }
}

pub(crate) fn select<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, s: &Select) -> ShapeResult {
    let Select {
        distinct,
        distinct_on,
        columns,
        from,
        filter,
        group_by,
        having,
        order_by,
        limit,
        offset,
        ctes,
        correlate,
        lock,
    } = s;
    w.tag(kind::SELECT);
    // Which optional clauses are present, as one mask; only those are written after it (a
    // point lookup has most of them empty, and a byte each cost more than the mask).
    let present = [
        *distinct,
        !distinct_on.is_empty(),
        !from.is_empty(),
        filter.is_some(),
        !group_by.is_empty(),
        having.is_some(),
        !order_by.is_empty(),
        limit.is_some(),
        offset.is_some(),
        !ctes.is_empty(),
        !matches!(correlate, Correlate::Auto),
        lock.is_some(),
    ];
    let mask = present.iter().enumerate().fold(0u16, |m, (i, &p)| m | (u16::from(p) << i));
    w.key.extend_from_slice(&mask.to_le_bytes());
    exprs(w, columns)?;
    if !distinct_on.is_empty() {
        exprs(w, distinct_on)?;
    }
    if !from.is_empty() {
        from_items(w, from)?;
    }
    if let Some(filter) = filter {
        expr(w, filter)?;
    }
    if !group_by.is_empty() {
        exprs(w, group_by)?;
    }
    if let Some(having) = having {
        expr(w, having)?;
    }
    if !order_by.is_empty() {
        order_bys(w, order_by)?;
    }
    if let Some(limit) = limit {
        expr(w, limit)?;
    }
    if let Some(offset) = offset {
        expr(w, offset)?;
    }
    if !ctes.is_empty() {
        cte_list(w, ctes)?;
    }
    match correlate {
        Correlate::Auto => {}
        Correlate::None => w.tag(1),
        Correlate::Only(names) => {
            w.tag(2);
            w.len(names.len());
            for n in names {
                w.str(n);
            }
        }
    }
    if let Some(Lock { strength, wait }) = lock {
        w.tag(*strength as u8);
        w.tag(*wait as u8);
    }
    Ok(())
}

pub(crate) fn compound<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, c: &Compound) -> ShapeResult {
    let Compound { op, all, left, right, order_by, limit, offset, ctes } = c;
    w.tag(kind::COMPOUND);
    w.tag(*op as u8);
    w.flag(*all);
    query(w, left)?;
    query(w, right)?;
    order_bys(w, order_by)?;
    opt_expr(w, limit.as_ref())?;
    opt_expr(w, offset.as_ref())?;
    cte_list(w, ctes)
}

pub(crate) fn query<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, q: &Query) -> ShapeResult {
    match q {
        Query::Select(s) => select(w, s),
        Query::Compound(c) => compound(w, c),
    }
}

pub(crate) fn insert<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, i: &Insert) -> ShapeResult {
    let Insert { table, columns, rows, query: source, on_conflict, returning, ctes } = i;
    w.tag(kind::INSERT);
    w.table_ref(table);
    w.len(columns.len());
    for c in columns {
        w.str(c);
    }
    w.len(rows.len());
    for row in rows {
        exprs(w, row)?;
    }
    match source {
        None => w.tag(0),
        Some(q) => {
            w.tag(1);
            query(w, q)?;
        }
    }
    match on_conflict.as_deref() {
        None => w.tag(0),
        Some(OnConflict { target, action }) => {
            w.tag(1);
            match target {
                ConflictTarget::Columns(cols) => {
                    w.tag(0);
                    w.len(cols.len());
                    for c in cols {
                        w.str(c);
                    }
                }
                ConflictTarget::Constraint(name) => {
                    w.tag(1);
                    w.str(name);
                }
            }
            match action {
                ConflictAction::Nothing => w.tag(0),
                ConflictAction::Update { set, filter } => {
                    w.tag(1);
                    assignments(w, set)?;
                    opt_expr(w, filter.as_ref())?;
                }
            }
        }
    }
    exprs(w, returning)?;
    cte_list(w, ctes)
}

pub(crate) fn update<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, u: &Update) -> ShapeResult {
    let Update { table, set, filter, from, returning, ctes } = u;
    w.tag(kind::UPDATE);
    w.table_ref(table);
    assignments(w, set)?;
    opt_expr(w, filter.as_ref())?;
    from_items(w, from)?;
    exprs(w, returning)?;
    cte_list(w, ctes)
}

pub(crate) fn delete<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, d: &Delete) -> ShapeResult {
    let Delete { table, filter, using, returning, ctes } = d;
    w.tag(kind::DELETE);
    w.table_ref(table);
    opt_expr(w, filter.as_ref())?;
    from_items(w, using)?;
    exprs(w, returning)?;
    cte_list(w, ctes)
}

fn assignments<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, set: &[(crate::Ident, Expr)]) -> ShapeResult {
    w.len(set.len());
    for (column, value) in set {
        w.str(column);
        expr(w, value)?;
    }
    Ok(())
}

fn cte_list<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, ctes: &[Cte]) -> ShapeResult {
    w.len(ctes.len());
    for Cte { name, columns, body, recursive, .. } in ctes {
        w.str(name);
        w.len(columns.len());
        for c in columns {
            w.str(c);
        }
        w.flag(*recursive);
        match body {
            None => w.tag(0),
            Some(q) => {
                w.tag(1);
                query(w, q)?;
            }
        }
    }
    Ok(())
}

fn from_items<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, items: &[FromItem]) -> ShapeResult {
    w.len(items.len());
    items.iter().try_for_each(|item| from_item(w, item))
}

fn from_item<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, item: &FromItem) -> ShapeResult {
    match item {
        FromItem::Table(t) => {
            w.tag(0);
            w.table_ref(t);
            Ok(())
        }
        FromItem::Join(j) => {
            let Join { left, right, kind, on } = &**j;
            w.tag(1);
            w.tag(*kind as u8);
            from_item(w, left)?;
            from_item(w, right)?;
            opt_expr(w, on.as_ref())
        }
        FromItem::Derived(d) => {
            w.tag(2);
            derived(w, d)
        }
    }
}

fn derived<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, d: &Derived) -> ShapeResult {
    let Derived { query: q, lateral, table } = d;
    w.flag(*lateral);
    w.table_ref(table);
    query(w, q)
}

fn order_bys<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, terms: &[OrderBy]) -> ShapeResult {
    w.len(terms.len());
    for OrderBy { expr: e, direction, nulls } in terms {
        w.tag(direction.map_or(0, |d| d as u8 + 1));
        w.tag(nulls.map_or(0, |n| n as u8 + 1));
        expr(w, e)?;
    }
    Ok(())
}

fn exprs<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, list: &[Expr]) -> ShapeResult {
    w.len(list.len());
    list.iter().try_for_each(|e| expr(w, e))
}

fn opt_expr<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, e: Option<&Expr>) -> ShapeResult {
    match e {
        None => {
            w.tag(0);
            Ok(())
        }
        Some(e) => {
            w.tag(1);
            expr(w, e)
        }
    }
}

fn qualifier<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, q: &Qualifier) -> ShapeResult {
    match q {
        Qualifier::Table(h) => {
            w.tag(0);
            w.table_handle(h);
            Ok(())
        }
        Qualifier::Alias(t) => {
            w.tag(1);
            w.table_ref(t);
            Ok(())
        }
        Qualifier::Derived(d) => {
            w.tag(2);
            derived(w, d)
        }
    }
}

#[inline(always)]
fn opt_qualifier<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, q: Option<&Qualifier>) -> ShapeResult {
    match q {
        None => {
            w.tag(0);
            Ok(())
        }
        Some(Qualifier::Table(TableHandle::Static { def, .. })) => {
            // The usual qualifier, a `table!` table: the bytes the arm below writes for it
            // (present, a table, then `table_handle`'s), in one write.
            let mut bytes = [1, 0, STATIC_TABLE, 0, 0, 0, 0, 0, 0, 0, 0];
            bytes[3..].copy_from_slice(&static_table_address(*def));
            w.key.extend_from_slice(&bytes);
            Ok(())
        }
        Some(q) => {
            w.tag(1);
            qualifier(w, q)
        }
    }
}

/// Tags of expression nodes (one per `Expr` variant).
mod node {
    pub const COLUMN: u8 = 1;
    pub const VALUE: u8 = 2;
    pub const LITERAL: u8 = 3;
    pub const NULL: u8 = 4;
    pub const STAR: u8 = 5;
    pub const TEXT: u8 = 6;
    pub const BINARY: u8 = 7;
    pub const AND: u8 = 8;
    pub const OR: u8 = 9;
    pub const NOT: u8 = 10;
    pub const NEG: u8 = 11;
    pub const IS_NULL: u8 = 12;
    pub const IN_LIST: u8 = 13;
    pub const BETWEEN: u8 = 14;
    pub const LIKE: u8 = 15;
    pub const FUNC: u8 = 16;
    pub const CASE: u8 = 17;
    pub const CAST: u8 = 18;
    pub const LABEL: u8 = 19;
    pub const SUBQUERY: u8 = 20;
    pub const EXISTS: u8 = 21;
    pub const IN_QUERY: u8 = 22;
    pub const TUPLE: u8 = 23;
    pub const OVER: u8 = 24;
    pub const FILTER: u8 = 25;
    pub const EXCLUDED: u8 = 26;
    /// A column whose name is a `'static` string, keyed by the string's address.
    pub const COLUMN_STATIC: u8 = 27;
}

/// One expression. Deep trees are walked with the stack grown on demand, as the compiler
/// does: every few levels, a check that enough stack is left.
pub(crate) fn expr<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, e: &Expr) -> ShapeResult {
    w.depth += 1;
    let out = if w.depth % 16 == 0 {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || expr_inner(w, e))
    } else {
        expr_inner(w, e)
    };
    w.depth -= 1;
    out
}

/// One node: its own key data (kind, operator, flags, names, the number of children where it
/// varies), then its children in the order [`Expr::try_for_each_child`] lists them. Each
/// node's own data fixes how many children follow, so the bytes still read back one way.
fn expr_inner<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, e: &Expr) -> ShapeResult {
    node_data(w, e)?;
    e.try_for_each_child(|child| expr(w, child))
}

/// What a node contributes to the key besides its children: everything of it that can change
/// the SQL. A subquery is written here, before the node's children.
#[inline(always)]
fn node_data<D: Dialect + ?Sized>(w: &mut Shape<'_, D>, e: &Expr) -> ShapeResult {
    match e {
        Expr::Column(c) => {
            let ColumnRef { qualifier: q, name } = c;
            match name.static_text() {
                // A static name (every `table!` column's) is keyed by its address and length,
                // in one fixed-size write rather than a length and a copy of its bytes.
                Some(text) => {
                    let mut bytes = [node::COLUMN_STATIC; 17];
                    bytes[1..9].copy_from_slice(&(text.as_ptr() as usize as u64).to_le_bytes());
                    bytes[9..].copy_from_slice(&(text.len() as u64).to_le_bytes());
                    w.key.extend_from_slice(&bytes);
                }
                None => {
                    w.tag(node::COLUMN);
                    w.str(name);
                }
            }
            opt_qualifier(w, q.as_ref())?;
        }
        Expr::Value(v) => {
            w.tag(node::VALUE);
            w.value(v);
        }
        Expr::Literal(v) => {
            w.tag(node::LITERAL);
            w.debug(v);
        }
        Expr::Null => w.tag(node::NULL),
        Expr::Star(q) => {
            w.tag(node::STAR);
            opt_qualifier(w, q.as_ref())?;
        }
        Expr::Text(t) => {
            let TextClause { sql, binds } = &**t;
            w.tag(node::TEXT);
            w.str(sql);
            w.len(binds.len());
            for (name, value) in binds {
                w.str(name);
                w.value(value);
            }
        }
        Expr::Binary(b) => {
            w.tag(node::BINARY);
            w.tag(b.0 as u8);
        }
        Expr::And(terms) => {
            w.tag(node::AND);
            w.len(terms.len());
        }
        Expr::Or(terms) => {
            w.tag(node::OR);
            w.len(terms.len());
        }
        Expr::Not(_) => w.tag(node::NOT),
        Expr::Neg(_) => w.tag(node::NEG),
        Expr::IsNull { expr: _, negated } => {
            w.tag(node::IS_NULL);
            w.flag(*negated);
        }
        Expr::InList { expr: _, list, negated } => {
            w.tag(node::IN_LIST);
            w.flag(*negated);
            w.len(list.len());
        }
        Expr::Between { expr: _, low: _, high: _, negated } => {
            w.tag(node::BETWEEN);
            w.flag(*negated);
        }
        Expr::Like { expr: _, pattern: _, escape, negated, case_insensitive } => {
            w.tag(node::LIKE);
            w.flag(*negated);
            w.flag(*case_insensitive);
            match escape {
                LikeEscape::Default => w.tag(0),
                LikeEscape::Char(ch) => {
                    w.tag(1);
                    w.key.extend_from_slice(&u32::from(*ch).to_le_bytes());
                }
                LikeEscape::Literal(at) => w.tag(2 + *at as u8),
            }
        }
        Expr::Func(f) => {
            let FuncCall { name, args, distinct } = &**f;
            w.tag(node::FUNC);
            match name {
                FuncName::Known(k) => {
                    w.tag(0);
                    w.tag(*k as u8);
                }
                FuncName::Named(n) => {
                    w.tag(1);
                    w.str(n);
                }
            }
            w.flag(*distinct);
            w.len(args.len());
        }
        Expr::Case(c) => {
            let Case { base, whens, else_ } = &**c;
            w.tag(node::CASE);
            w.flag(base.is_some());
            w.len(whens.len());
            w.flag(else_.is_some());
        }
        Expr::Cast(_, ty) => {
            w.tag(node::CAST);
            w.debug(ty);
        }
        Expr::Label(_, name) => {
            w.tag(node::LABEL);
            w.str(name);
        }
        Expr::Subquery(q) => {
            w.tag(node::SUBQUERY);
            query(w, q)?;
        }
        Expr::Exists(q) => {
            w.tag(node::EXISTS);
            query(w, q)?;
        }
        Expr::InQuery { expr: _, query: q, negated } => {
            w.tag(node::IN_QUERY);
            w.flag(*negated);
            query(w, q)?;
        }
        Expr::Tuple(items) => {
            w.tag(node::TUPLE);
            w.len(items.len());
        }
        Expr::Over(call) => {
            let WindowCall { func: _, window } = &**call;
            let Window { partition_by, order_by, frame } = window;
            w.tag(node::OVER);
            w.len(partition_by.len());
            // The terms' expressions are children; their direction and NULL placement here.
            w.len(order_by.len());
            for OrderBy { expr: _, direction, nulls } in order_by {
                w.tag(direction.map_or(0, |d| d as u8 + 1));
                w.tag(nulls.map_or(0, |n| n as u8 + 1));
            }
            match frame {
                None => w.tag(0),
                Some(frame) => {
                    w.tag(1);
                    w.debug(frame);
                }
            }
        }
        Expr::Filter(f) => {
            let Filtered { func: _, condition: _ } = &**f;
            w.tag(node::FILTER);
        }
        Expr::Excluded(name) => {
            w.tag(node::EXCLUDED);
            w.str(name);
        }
        // Given when compiling, and able to change the SQL (a list expands).
        Expr::Param(_) | Expr::InParam { .. } => return Err(Uncacheable),
    }
    Ok(())
}
