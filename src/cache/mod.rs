//! The compiled-statement cache: a statement whose shape was compiled before reuses its SQL
//! and only collects its parameters.
//!
//! ```
//! use sqlcore::cache::StatementCache;
//! use sqlcore::prelude::*;
//! use sqlcore_postgres::PostgresDialect;
//!
//! sqlcore::table! { pub users { id: BigInt => primary_key(); name: Text; } }
//!
//! let mut cache = StatementCache::new(PostgresDialect::default(), 256);
//! for id in [7_i64, 8] {
//!     let stmt = select([users::name]).filter(users::id.eq(id));
//!     let compiled = cache.compile(&stmt)?;
//!     assert_eq!(compiled.sql(), "SELECT name FROM users WHERE id = $1");
//!     assert_eq!(compiled.params(), &[Value::Int(id)]);
//! }
//! assert_eq!((cache.stats().hits, cache.stats().misses), (1, 1));
//! # Ok::<(), sqlcore::Error>(())
//! ```
//!
//! **How a hit works.** The shape walk (`shape.rs`, reading the statement through
//! [`Compile::statement`]) writes the statement's shape (everything that decides the SQL)
//! into a reused byte buffer and clones the bound values aside in walk order. The bytes are looked up in full (no hash-only key, so no collision can
//! return another statement's SQL). A hit returns the stored SQL (a shared `Arc<str>`) with the
//! values arranged by the stored plan.
//!
//! **How a miss works.** The statement is compiled as usual, the compiler keeping a bind trace
//! (`compile/trace.rs`: for each placeholder, the address of the value it bound), which is
//! matched with the walk's values. The compiler knows nothing of the cache; a dialect opts in
//! ([`Dialect::supports_statement_cache`]) and says what of a value its SQL depends on
//! ([`Dialect::cache_value_class`]). A placeholder whose
//! value is not one of the statement's own (one the compiler made: a column's client-side
//! default, a named parameter) makes the statement uncacheable, and it is compiled every time.
//! Values checked against their column while compiling (INSERT and UPDATE values, see
//! `schema/fit.rs`) are checked again on every hit.
//!
//! **Per connection, not shared.** Each connection owns one cache for its dialect: the
//! driver's prepared statements it pairs with are per connection anyway, a connection is used
//! by one thread at a time, so the hot path takes no lock, and capacity is easy to reason
//! about (entries × connections). A shared cache would save compiling each shape once per
//! connection, a one-time cost.
//!
//! **Bounded.** Least recently used entries are evicted past the capacity.

mod names;
pub(crate) mod shape;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use crate::compile::trace::{BindTrace, Derivation, ValueCheck};
use crate::compile::{Compile, Compiled, Compiler, Dialect};
use crate::error::Result;
use crate::expr::typing::TypeKind;
use crate::schema::Table;
use crate::value::Value;

pub use names::ColumnNames;
pub use shape::{Shape, ShapeResult, Uncacheable};

/// The default number of statements a connection's cache holds.
pub const DEFAULT_CAPACITY: usize = 256;

/// SQL and parameters ready to execute: from the cache (shared SQL) or freshly compiled,
/// with what running it needs besides (see [`Prepared::kinds`] and [`Prepared::then`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    text: SqlText,
    params: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq)]
enum SqlText {
    Shared(Arc<StatementText>),
    Owned(StatementText),
}

/// A statement's SQL and what its parameters do not change: how its results read back, and
/// what runs after it.
#[derive(Debug, Clone, PartialEq, Default)]
struct StatementText {
    sql: String,
    kinds: Option<Box<[Option<TypeKind>]>>,
    then: Vec<String>,
}

impl Prepared {
    /// From a freshly compiled statement.
    ///
    /// # Errors
    /// [`Error::InvalidStatement`](crate::Error::InvalidStatement) when a named parameter still has no value (executing it
    /// would bind NULL in its place).
    pub fn from_compiled(compiled: Compiled) -> Result<Prepared> {
        compiled.require_all_params()?;
        let (sql, params, then) = compiled.into_parts();
        Ok(Prepared { text: SqlText::Owned(StatementText { sql, kinds: None, then }), params })
    }

    /// `stmt` compiled for `dialect`, with the kinds of its result columns.
    ///
    /// # Errors
    /// As [`Compile::compile`] and [`Prepared::from_compiled`].
    pub fn compile(stmt: &dyn Compile, dialect: &dyn Dialect) -> Result<Prepared> {
        Ok(Prepared::from_compiled(stmt.compile(dialect)?)?.with_kinds(stmt.result_kinds()))
    }

    /// The same, with the kinds of its result columns set (see [`Prepared::kinds`]).
    #[must_use]
    pub fn with_kinds(mut self, kinds: Option<Vec<Option<TypeKind>>>) -> Prepared {
        let kinds = kinds.map(Vec::into_boxed_slice);
        match &mut self.text {
            SqlText::Owned(text) => text.kinds = kinds,
            SqlText::Shared(text) => {
                let mut owned = StatementText::clone(text);
                owned.kinds = kinds;
                self.text = SqlText::Owned(owned);
            }
        }
        self
    }

    fn text(&self) -> &StatementText {
        match &self.text {
            SqlText::Shared(s) => s,
            SqlText::Owned(s) => s,
        }
    }

    /// The SQL, with placeholders.
    pub fn sql(&self) -> &str {
        &self.text().sql
    }

    /// The values for the placeholders, in order.
    pub fn params(&self) -> &[Value] {
        &self.params
    }

    /// The values for the placeholders, taken.
    pub fn into_params(self) -> Vec<Value> {
        self.params
    }

    /// The kind of value each result column reads back as, where sqlcore knows it (see
    /// [`typing`](crate::expr::typing)); `None` when the statement's result is not typed
    /// (`text()`, a `*` over an inferred FROM). [`Connection::all`](crate::Connection::all)
    /// converts what the engine returns to these kinds ([`Dialect::read_value`]).
    pub fn kinds(&self) -> Option<&[Option<TypeKind>]> {
        self.text().kinds.as_deref()
    }

    /// SQL to run after the statement, in order, with no parameters (PostgreSQL: moving an
    /// identity sequence past keys an INSERT gave explicitly).
    pub fn then(&self) -> &[String] {
        &self.text().then
    }

    /// Converts each value of `rows` to the kind of its column ([`Prepared::kinds`]), the
    /// conversions the dialect's [`Dialect::read_value`] makes. Rows of another width than
    /// the statement's typed result are left as they are.
    pub fn conform(&self, dialect: &dyn Dialect, rows: &mut [crate::Row]) {
        let Some(kinds) = self.kinds() else { return };
        for row in rows {
            let values = row.values_mut();
            if values.len() != kinds.len() {
                return;
            }
            for (value, kind) in values.iter_mut().zip(kinds) {
                if let Some(kind) = kind
                    && !crate::expr::typing::is_of_kind(value, *kind)
                {
                    *value = dialect.read_value(std::mem::replace(value, Value::Null), *kind);
                }
            }
        }
    }
}

impl Deref for Prepared {
    type Target = str;
    fn deref(&self) -> &str {
        self.sql()
    }
}

/// Hits, misses and statements compiled every time, since the cache was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Statements answered from the cache.
    pub hits: u64,
    /// Statements compiled and added.
    pub misses: u64,
    /// Statements that cannot be cached (named parameters, compiler-made values, kinds
    /// without a shape such as DDL), compiled each time.
    pub uncacheable: u64,
    /// Entries held now.
    pub entries: usize,
}

/// Where a placeholder's value comes from.
#[derive(Debug, Clone)]
struct Slot {
    /// Index into the shape walk's values.
    value: usize,
    /// The column the value is assigned to, checked again on each hit.
    check: Option<Arc<ValueCheck>>,
    /// How the parameter is made from the value, when it is not the value itself.
    derived: Option<Derivation>,
}

/// How a hit's parameters come from the values its shape walk met.
#[derive(Debug)]
enum Plan {
    /// The placeholders take the values exactly in order, unchecked (the usual case): the
    /// values are the parameters as they are.
    AsWalked,
    /// In order, some checked against their column (INSERT / UPDATE values): checked in
    /// place, then the parameters as they are.
    Checked(Vec<Option<Arc<ValueCheck>>>),
    /// Any other order (a value written twice, or not at all): each placeholder's value
    /// taken by index.
    Arranged(Vec<Slot>),
}

/// What a cache entry holds.
#[derive(Debug)]
struct Entry {
    text: Arc<StatementText>,
    /// How a hit's parameters are made from the walk's values.
    plan: Plan,
    /// Tables the key names by address, kept alive so no other table takes the address.
    _held: Vec<Table>,
    /// Last use, for eviction.
    used: u64,
}

/// Where each placeholder of a new entry takes its value from: the trace's addresses matched
/// with the shape walk's. `None` when the SQL cannot be reused for other values: a
/// placeholder's value is not one of the statement's own (the compiler made it: a column's
/// client-side default), or is one of a node the statement holds twice (which of its
/// positions the placeholder stands for cannot be told by address), or a value of the
/// statement was written into the SQL, or the SQL depends on the values otherwise.
fn slots_of(trace: &BindTrace, addresses: &[*const Value]) -> Option<Vec<Slot>> {
    if trace.value_dependent {
        return None;
    }
    let mut index: HashMap<usize, Option<usize>> = HashMap::with_capacity(addresses.len());
    for (i, &a) in addresses.iter().enumerate() {
        index.entry(a as usize).and_modify(|seen| *seen = None).or_insert(Some(i));
    }
    if trace.inlined.iter().any(|a| index.contains_key(a)) {
        return None;
    }
    trace
        .binds()
        .iter()
        .map(|b| match index.get(&b.address) {
            Some(&Some(value)) => Some(Slot { value, check: b.check.clone(), derived: b.derived }),
            _ => None,
        })
        .collect()
}

/// A bounded cache of compiled statements for one dialect. See the [module docs](self).
pub struct StatementCache<D: Dialect> {
    dialect: D,
    capacity: usize,
    /// A capacity above 0 and a dialect that opts in (asked once).
    enabled: bool,
    entries: HashMap<Box<[u8]>, Entry, KeyHasher>,
    /// The shape buffer, reused by every lookup.
    key: Vec<u8>,
    /// How many values the last statement had (a capacity hint for the next).
    last_values: usize,
    clock: u64,
    stats: CacheStats,
}

impl<D: Dialect> fmt::Debug for StatementCache<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatementCache")
            .field("dialect", &self.dialect)
            .field("capacity", &self.capacity)
            .field("stats", &self.stats())
            .finish()
    }
}

impl<D: Dialect> StatementCache<D> {
    /// A cache for `dialect` holding up to `capacity` statements (0 disables it: every
    /// statement is compiled).
    pub fn new(dialect: D, capacity: usize) -> Self {
        StatementCache {
            enabled: capacity > 0 && dialect.supports_statement_cache(),
            dialect,
            capacity,
            entries: HashMap::with_capacity_and_hasher(capacity.min(1024), KeyHasher),
            key: Vec::with_capacity(256),
            last_values: 4,
            clock: 0,
            stats: CacheStats::default(),
        }
    }

    /// The dialect statements are compiled for.
    pub fn dialect(&self) -> &D {
        &self.dialect
    }

    /// How many statements it holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Hits, misses and entries so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats { entries: self.entries.len(), ..self.stats }
    }

    /// Forgets every entry (the statistics stay).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// `stmt`'s SQL and parameters: the stored SQL when its shape was compiled before,
    /// otherwise compiled now (and stored when it can be).
    ///
    /// # Errors
    /// As [`Compile::compile`]; the same errors on a hit as on a miss (values that do not
    /// fit their column are checked each time), and [`Error::InvalidStatement`](crate::Error::InvalidStatement) for a named
    /// parameter without a value.
    pub fn compile(&mut self, stmt: &dyn Compile) -> Result<Prepared> {
        let statement = match stmt.statement() {
            Some(statement) if self.enabled => statement,
            _ => {
                self.stats.uncacheable += 1;
                return Prepared::compile(stmt, &self.dialect);
            }
        };
        let mut shape = Shape::new(&mut self.key, self.last_values, &self.dialect);
        if shape::statement(&mut shape, statement).is_err() {
            self.stats.uncacheable += 1;
            return Prepared::compile(stmt, &self.dialect);
        }
        let values = shape.into_values();
        self.last_values = values.len();
        self.clock += 1;
        if let Some(entry) = self.entries.get_mut(self.key.as_slice()) {
            entry.used = self.clock;
            self.stats.hits += 1;
            let params = match &entry.plan {
                Plan::AsWalked => values,
                Plan::Checked(checks) => {
                    for (value, check) in values.iter().zip(checks) {
                        if let Some(check) = check {
                            check.check(value)?;
                        }
                    }
                    values
                }
                Plan::Arranged(slots) => arrange(slots, &values, &self.dialect)?,
            };
            return Ok(Prepared { text: SqlText::Shared(entry.text.clone()), params });
        }
        self.miss(stmt, statement)
    }

    /// Compiles `stmt`, recording where each placeholder's value comes from, and stores it.
    #[cold]
    fn miss(&mut self, stmt: &dyn Compile, statement: crate::stmt::StatementRef<'_>) -> Result<Prepared> {
        let mut key = Vec::with_capacity(self.key.len());
        let mut shape = Shape::recording(&mut key, &self.dialect);
        if shape::statement(&mut shape, statement).is_err() {
            self.stats.uncacheable += 1;
            return Prepared::compile(stmt, &self.dialect);
        }
        let (values, addresses, held) = shape.into_parts();
        let mut c = Compiler::tracing(&self.dialect);
        stmt.compile_into(&mut c)?;
        let trace = c.take_trace();
        let compiled = c.finish_checked()?;
        let kinds = stmt.result_kinds();
        let slots = trace.filter(|_| !compiled.has_named()).and_then(|t| slots_of(&t, &addresses));
        let Some(slots) = slots else {
            self.stats.uncacheable += 1;
            return Ok(Prepared::from_compiled(compiled)?.with_kinds(kinds));
        };
        let kinds = kinds.map(Vec::into_boxed_slice);
        let in_order =
            slots.len() == values.len() && slots.iter().enumerate().all(|(i, s)| s.value == i && s.derived.is_none());
        let plan = if !in_order {
            Plan::Arranged(slots)
        } else if slots.iter().all(|s| s.check.is_none()) {
            Plan::AsWalked
        } else {
            Plan::Checked(slots.into_iter().map(|s| s.check).collect())
        };
        let (sql, params, then) = compiled.into_parts();
        let text = Arc::new(StatementText { sql, kinds, then });
        self.stats.misses += 1;
        if self.entries.len() >= self.capacity {
            self.evict();
        }
        self.clock += 1;
        self.entries.insert(key.into_boxed_slice(), Entry { text: text.clone(), plan, _held: held, used: self.clock });
        Ok(Prepared { text: SqlText::Shared(text), params })
    }

    /// Drops the least recently used entry (a scan: evictions happen on misses, which cost a
    /// whole compile anyway).
    fn evict(&mut self) {
        let oldest = self.entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            self.entries.remove(&k);
        }
    }
}

/// The parameters of a hit whose placeholders do not take the values in walk order (a value
/// written twice, or not at all, or a parameter made from a value).
fn arrange(plan: &[Slot], values: &[Value], dialect: &impl Dialect) -> Result<Vec<Value>> {
    let mut params = Vec::with_capacity(plan.len());
    for slot in plan {
        // The plan was made from a walk of this same shape: the index is in range.
        let value = match (values.get(slot.value), slot.derived) {
            (Some(value), None) => value.clone(),
            (Some(value), Some(how)) => how.apply(dialect, value),
            (None, _) => Value::Null,
        };
        if let Some(check) = &slot.check {
            check.check(&value)?;
        }
        params.push(value);
    }
    Ok(params)
}

/// A multiply-rotate hash over the key bytes, 8 at a time: keys are short, program-made shapes (not attacker
/// chosen in bulk: the cache is bounded), and std's SipHash would cost more than the lookup
/// saves.
#[derive(Default, Clone, Copy)]
struct KeyHasher;

impl BuildHasher for KeyHasher {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        // Two independent lanes over alternate words, so the multiplications overlap instead
        // of waiting on each other (a lookup hashes its whole key).
        let word = |chunk: &[u8]| {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            u64::from_le_bytes(w)
        };
        let (mut a, mut b) = (self.0, self.0.rotate_left(32) ^ 0x2545_f491_4f6c_dd1d);
        let mut pairs = bytes.chunks_exact(16);
        for pair in &mut pairs {
            let (x, y) = pair.split_at(8);
            a = (a ^ word(x)).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(23);
            b = (b ^ word(y)).wrapping_mul(0xc2b2_ae3d_27d4_eb4f).rotate_left(29);
        }
        let mut h = a ^ b.rotate_left(17);
        let mut rest = pairs.remainder();
        if rest.len() >= 8 {
            let (x, tail) = rest.split_at(8);
            h = (h ^ word(x)).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(23);
            rest = tail;
        }
        // The last few bytes as one zero-padded word, with their count (so padding differs
        // from zero bytes).
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h;
    }

    /// The key's length, which `Hash for [u8]` writes first: mixed in directly rather than
    /// as eight bytes through `write`.
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(23);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}
