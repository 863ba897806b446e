//! Compiling statements into SQL text plus bound parameters.
//!
//! One [`Compiler`] walks a statement once, writing into one `String` and one parameter `Vec`.
//! Where engines differ it asks the [`Dialect`]. Which file writes what:
//!
//! | file | SQL it writes |
//! |---|---|
//! | `expr.rs` | expressions: operators, parentheses, IN, LIKE, CASE, CAST, functions, `text()` |
//! | `select.rs` | SELECT, FROM, joins (and their inferred ON clauses), ORDER BY |
//! | `dml.rs` | INSERT, UPDATE, DELETE |
//! | `ddl.rs` | CREATE / DROP TABLE and INDEX, foreign keys, `create_all` ordering |
//! | `quote.rs` | identifiers: when to quote, what is rejected |
//! | `literal.rs` | values written inline (for reading, and in DDL) |
//! | `generic.rs` | the default of every dialect hook |
//! | `ansi.rs` | the ANSI dialect used by `Display` |

pub mod alter;
mod ansi;
pub mod binary;
mod ddl;
mod dialect;
pub mod dml;
mod emulation;
mod expr;
pub mod generic;
pub mod literal;
mod query;
pub(crate) mod quote;
pub(crate) mod repeat;
mod select;
pub mod trace;
pub mod transaction;
mod window;

pub use ansi::AnsiDialect;
pub use binary::{BinaryForm, BinaryForms, STANDARD_FORMS, WriteBinary};
pub use ddl::{AddForeignKey, CreateIndex, CreateTable, DropForeignKey, DropIndex, DropTable};
pub use dialect::{Dialect, Feature, RepeatAs, SessionLockSql, Support, Version};
pub use emulation::Emulation;
pub use quote::{IdentText, ReservedWords, STANDARD_RESERVED};
pub use select::from_item as select_from_item;
pub(crate) use select::infer_from;
pub use transaction::TransactionStep;

use std::fmt;

use crate::error::{Error, Result};
use crate::expr::{Expr, ParamValue, Params};
use crate::ident::Ident;
use crate::value::Value;

/// How deeply expressions may nest by default; past it, compiling returns [`Error::TooDeep`].
/// The walk grows its stack on demand (see `compile/expr.rs`) and dropping a tree does not
/// recurse (see `expr/drop.rs`), so the limit is not about sqlcore's stack but about the
/// engines: SQLite refuses expressions nested past 1000 by default, PostgreSQL past its
/// `max_stack_depth`. Each dialect has its own (`with_max_expr_depth` raises it for an engine
/// configured to take more).
pub const MAX_DEPTH: usize = 1000;

/// The parameters a compiler has room for from the start: most statements bind a handful,
/// and their placeholders' positions are then kept inline, without an allocation.
const PARAMS_UP_FRONT: usize = 16;

/// The SQL a compiler has room for from the start: the workload's joins and subqueries run
/// to 300–450 bytes, and growing a `String` from 256 would copy them once more.
const SQL_UP_FRONT: usize = 512;

/// Where each placeholder is in the SQL, `[start, end)`, for [`Compiled::to_inline_sql`]:
/// 32-bit offsets (no engine takes a statement of 4 GiB; [`Compiler::bind`] refuses one),
/// inline up to [`PARAMS_UP_FRONT`] placeholders.
type Spans = smallvec::SmallVec<[[u32; 2]; PARAMS_UP_FRONT]>;

/// A compiled statement: SQL text and the parameters for its placeholders, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The SQL, with placeholders (`?` or `$n`).
    pub sql: String,
    /// The bound values, one per placeholder, in placeholder order.
    pub params: Vec<Value>,
    /// Where each placeholder is in `sql`, for [`Compiled::to_inline_sql`].
    placeholders: Spans,
    /// Named parameters still to be given: (position in `params`, name).
    named: Vec<(usize, Ident)>,
    /// What few statements have: follow-ups, repeated placeholders (one box, so that the
    /// usual statement, moved by value, stays small).
    extras: Option<Box<Extras>>,
}

/// The rarely used parts of a [`Compiled`].
#[derive(Debug, Clone, PartialEq, Default)]
struct Extras {
    /// Statements to run after this one (see [`Compiled::then`]).
    then: Vec<String>,
    /// Placeholders that repeat an earlier parameter (see `compile/repeat.rs`): (index into
    /// `placeholders`, index into `params`), in order.
    reused: Vec<(usize, usize)>,
}

impl Compiled {
    /// The SQL with each placeholder replaced by its value as a literal of `dialect`, for logs
    /// and reading. Never execute it: parameters are the safe path.
    ///
    /// ```
    /// use sqlcore::prelude::*;
    /// use sqlcore_mysql::MySqlDialect;
    /// use sqlcore_postgres::PostgresDialect;
    ///
    /// sqlcore::table! { pub notes { id: Integer => primary_key(); body: Text; } }
    /// let q = select([notes::id]).filter(notes::body.eq(r"it's C:\temp"));
    /// let (my, pg) = (MySqlDialect::default(), PostgresDialect::default());
    /// assert_eq!(q.compile(&my)?.to_inline_sql(&my)?, r"SELECT id FROM notes WHERE body = 'it''s C:\\temp'");
    /// assert_eq!(q.compile(&pg)?.to_inline_sql(&pg)?, r"SELECT id FROM notes WHERE body = 'it''s C:\temp'");
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a value the dialect has no literal for.
    pub fn to_inline_sql(&self, dialect: &dyn Dialect) -> Result<String> {
        let mut out = String::with_capacity(self.sql.len() + 16 * self.params.len());
        let mut at = 0;
        let mut lit = String::new();
        let reused = self.extras.as_ref().map_or(&[][..], |x| &x.reused[..]);
        let (mut next, mut reused) = (0, reused.iter().peekable());
        for (i, &[start, end]) in self.placeholders.iter().enumerate() {
            let index = match reused.next_if(|(at, _)| *at == i) {
                Some(&(_, param)) => param,
                None => {
                    next += 1;
                    next - 1
                }
            };
            let Some(value) = self.params.get(index) else { break };
            out.push_str(self.sql.get(at..start as usize).unwrap_or_default());
            lit.clear();
            dialect.literal(&mut lit, value)?;
            // `-?` with a negative value would read `--5`: the start of a comment.
            if out.ends_with('-') && lit.starts_with('-') {
                out.push('(');
                out.push_str(&lit);
                out.push(')');
            } else {
                out.push_str(&lit);
            }
            at = end as usize;
        }
        out.push_str(self.sql.get(at..).unwrap_or_default());
        Ok(out)
    }
}

impl Compiled {
    /// Whether named parameters are still to be given.
    pub(crate) fn has_named(&self) -> bool {
        !self.named.is_empty()
    }

    /// Refuses a statement whose named parameters were not all given: executing it would
    /// bind NULL in their place.
    pub(crate) fn require_all_params(&self) -> Result<()> {
        match self.named.first() {
            Some((_, name)) => Err(Error::invalid_statement(format!("no value given for parameter :{name}"))),
            None => Ok(()),
        }
    }

    /// The SQL, the parameters and the statements to run after it, taken.
    pub(crate) fn into_parts(self) -> (String, Vec<Value>, Vec<String>) {
        (self.sql, self.params, self.extras.map(|x| x.then).unwrap_or_default())
    }

    /// SQL to run after this statement, in order, with no parameters: what a dialect needs
    /// done after it (PostgreSQL moves an identity sequence past keys an INSERT gave
    /// explicitly, see [`Dialect::explicit_key_follow_up`]). [`Connection`](crate::Connection)
    /// runs them.
    pub fn then(&self) -> &[String] {
        self.extras.as_ref().map_or(&[], |x| &x.then)
    }

    /// The names of the parameters still to be given ([`bindparam`](crate::dsl::bindparam)).
    pub fn param_names(&self) -> impl Iterator<Item = &Ident> {
        self.named.iter().map(|(_, n)| n)
    }

    /// A copy with the named parameters set from `values`, ready to execute.
    ///
    /// # Errors
    /// [`Error::InvalidStatement`] when a named parameter has no value, or is given a list.
    pub fn with_params(&self, values: &Params) -> Result<Compiled> {
        let mut out = self.clone();
        for (pos, name) in &self.named {
            match values.get(name) {
                Some(ParamValue::One(v)) => {
                    if let Some(slot) = out.params.get_mut(*pos) {
                        *slot = v.clone();
                    }
                }
                Some(ParamValue::List(_)) => {
                    return Err(Error::invalid_statement(format!(
                        "parameter :{name} takes one value; lists expand only with in_param at compile time"
                    )));
                }
                None => return Err(Error::invalid_statement(format!("no value given for parameter :{name}"))),
            }
        }
        out.named.clear();
        Ok(out)
    }
}

impl fmt::Display for Compiled {
    /// The SQL followed by `-- params: [...]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::connection::Logged { sql: &self.sql, params: &self.params }.fmt(f)
    }
}

/// Something that compiles to SQL: every statement, DDL included.
pub trait Compile {
    /// Writes this statement through `c`.
    ///
    /// # Errors
    /// As [`Compile::compile`].
    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()>;

    /// Compiles for `dialect` into SQL text and parameters.
    ///
    /// # Errors
    /// [`Error::Unsupported`] for a construct the dialect cannot express; other variants for
    /// statements that are malformed (unknown columns, joins without a condition, ...).
    fn compile(&self, dialect: &dyn Dialect) -> Result<Compiled> {
        self.compile_with(dialect, &Params::new())
    }

    /// Compiles for `dialect` with values for the named parameters (lists for `in_param`
    /// expand into one placeholder per item). Parameters without a value stay to be given by
    /// [`Compiled::with_params`].
    ///
    /// # Errors
    /// As [`Compile::compile`]; an `in_param` without its list.
    fn compile_with(&self, dialect: &dyn Dialect, params: &Params) -> Result<Compiled> {
        let mut c = Compiler::new(dialect);
        c.given = Some(params);
        self.compile_into(&mut c)?;
        c.finish_checked()
    }

    /// The kind of value each result column reads back as, where sqlcore can tell (see
    /// [`typing`](crate::expr::typing)): a SELECT's list, a RETURNING list. `None` (the
    /// default) for statements without typed results.
    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        None
    }

    /// The statement as one of sqlcore's own ([`StatementRef`](crate::stmt::StatementRef)),
    /// for code that reads statements: the compiled-statement cache
    /// ([`StatementCache`](crate::cache::StatementCache)) keys these. `None` (the default):
    /// the statement is compiled every time.
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        None
    }

    /// The SQL for `dialect` with values written as literals: for reading, never execution.
    ///
    /// # Errors
    /// As [`Compile::compile`], plus values with no literal form.
    fn to_inline_sql(&self, dialect: &dyn Dialect) -> Result<String> {
        let mut c = Compiler::new(dialect);
        c.inline = true;
        self.compile_into(&mut c)?;
        Ok(c.sql)
    }
}

/// A check condition of `table` as `dialect` writes it in DDL (values inline, columns
/// bare): what the schema diff compares with an engine's text of a check, and what a
/// migration file records.
///
/// # Errors
/// As [`Compile::compile`], plus values with no literal form.
pub fn check_condition_sql(dialect: &dyn Dialect, table: &Ident, condition: &Expr) -> Result<String> {
    let mut c = Compiler::new(dialect);
    c.inline = true;
    let scope = Scope { sole_table: Some(table.clone()), ..Scope::default() };
    c.scoped(scope, |c| c.expr(condition))?;
    Ok(c.sql)
}

/// What is in scope while compiling one statement: decides whether a column needs its table
/// name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    /// The statement reads from this table alone, unaliased: its columns are written bare.
    pub(crate) sole_table: Option<Ident>,
    /// A select-list label shares a name with a column of `sole_table`: in ORDER BY, GROUP BY
    /// and HAVING a bare name could mean the label, so columns keep their table name there.
    pub(crate) label_shadows_column: bool,
    /// True while writing ORDER BY / GROUP BY / HAVING.
    pub(crate) in_sort_or_group: bool,
    /// The names (tables or aliases) this statement's FROM exposes, visible to its
    /// subqueries (inline up to two: a scope is moved in and out of the compiler, so it is
    /// kept small). Added through [`Scope::add_from_name`].
    from_names: smallvec::SmallVec<[Ident; 2]>,
    /// How many of the compiler's outer names (see [`Compiler::outer_names`]) the enclosing
    /// statements' FROMs expose to this one: a subquery's inferred FROM leaves them out
    /// (correlation).
    pub(crate) outer_len: usize,
    /// Columns are written by name alone (the ORDER BY of a set operation names its output
    /// columns).
    pub(crate) bare_columns: bool,
    /// A qualified column must name a FROM item of this statement or of one around it
    /// (statements set it; an expression shown alone, or DDL, does not).
    pub(crate) check_columns: bool,
    /// One past the index in `from_names` of the name a column was last found under (0:
    /// none yet).
    last_found: usize,
}

impl Scope {
    /// The scope of a query beside the current one (a set-operation operand, a CTE body, a
    /// plain derived table): it sees only the names the current statement sees from outside.
    pub(crate) fn nested_same_level(&self) -> Scope {
        Scope { outer_len: self.outer_len, ..Scope::default() }
    }

    /// Adds a name this statement's FROM exposes.
    pub(crate) fn add_from_name(&mut self, name: Ident) {
        self.from_names.push(name);
    }

    /// Whether this statement's FROM exposes `name`; remembers where (see
    /// [`Scope::last_found_is`]).
    pub(crate) fn find_from_name(&mut self, name: &str) -> bool {
        match self.from_names.iter().position(|n| crate::ident::same_name(n, name)) {
            Some(i) => {
                self.last_found = i + 1;
                true
            }
            None => false,
        }
    }

    /// Whether `name` is the FROM name [`Scope::find_from_name`] found last: columns come in
    /// runs of one table, so this one comparison usually settles it.
    #[inline]
    pub(crate) fn last_found_is(&self, name: &str) -> bool {
        self.last_found
            .checked_sub(1)
            .and_then(|i| self.from_names.get(i))
            .is_some_and(|n| crate::ident::same_name(n, name))
    }
}

/// The walk state of one compilation: the SQL being written, the parameters collected, the
/// dialect, and the nesting depth.
///
/// Dialect hooks receive it to write their part: [`Compiler::push`] for fixed SQL,
/// [`Compiler::ident`] for identifiers, [`Compiler::bind`] for values, [`Compiler::expr`]
/// for sub-expressions.
#[derive(Debug)]
pub struct Compiler<'d> {
    sql: String,
    params: Vec<Value>,
    placeholders: Spans,
    dialect: &'d dyn Dialect,
    /// Write values as literals (Display, DDL) instead of binding them.
    inline: bool,
    depth: usize,
    pub(crate) scope: Scope,
    /// Counter for generated aliases (`anon_1`, ...), numbered in walk order.
    anon: usize,
    /// The dialect's [`Dialect::max_expr_depth`].
    max_depth: usize,
    /// How many subqueries enclose the current point.
    query_depth: usize,
    /// Named parameters still to be given.
    named: Vec<(usize, Ident)>,
    /// Values given for named parameters when compiling.
    given: Option<&'d Params>,
    /// The FROM names of the statements enclosing the current one, outermost first: one
    /// stack for the whole walk (scopes nest strictly), so a subquery's scope is a length
    /// into it rather than a copy of its outer names.
    outer_names: smallvec::SmallVec<[Ident; 2]>,
    /// The dialect quotes [`STANDARD_RESERVED`](quote::STANDARD_RESERVED) words, which every
    /// [`Ident`] has already been classified by (asked once per compile, not per name).
    standard_words: bool,
    /// The dialect's binary operator forms, asked once: they are read for every operator
    /// node and every operand that is one.
    binary_forms: &'static BinaryForms,
    /// What this compile does with the statement's values, when asked (see `trace.rs`).
    pub(crate) trace: Option<Box<trace::BindTrace>>,
    /// Follow-ups and repeated placeholders (see [`Compiled`]).
    extras: Option<Box<Extras>>,
    /// The expressions of the SELECT being written that may be written again (see
    /// `repeat.rs`), and how and where it is writing.
    repeats: Option<Box<repeat::Repeats>>,
    repeat_state: repeat::RepeatState,
    /// While an expression is written again: the next and the end index of the parameters
    /// its placeholders repeat.
    replay: Option<(usize, usize)>,
    /// The last column whose kind was looked up (see `expr.rs`): table identity and name.
    kind_memo: Option<([usize; 3], Option<crate::expr::typing::TypeKind>)>,
}

impl<'d> Compiler<'d> {
    /// A compiler for `dialect`.
    pub fn new(dialect: &'d dyn Dialect) -> Self {
        Compiler {
            sql: String::with_capacity(SQL_UP_FRONT),
            // Most statements bind a handful of values: room for them up front saves the
            // reallocations of growing from one.
            params: Vec::with_capacity(PARAMS_UP_FRONT),
            placeholders: Spans::new(),
            dialect,
            inline: false,
            depth: 0,
            scope: Scope::default(),
            anon: 0,
            max_depth: dialect.max_expr_depth(),
            query_depth: 0,
            named: Vec::new(),
            given: None,
            outer_names: smallvec::SmallVec::new(),
            standard_words: std::ptr::eq(dialect.reserved_words(), &quote::STANDARD_RESERVED),
            binary_forms: dialect.binary_forms(),
            trace: None,
            extras: None,
            repeats: None,
            repeat_state: repeat::RepeatState::default(),
            replay: None,
            kind_memo: None,
        }
    }

    /// The dialect being compiled for.
    pub fn dialect(&self) -> &'d dyn Dialect {
        self.dialect
    }

    /// Appends fixed SQL text.
    pub fn push(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }

    /// Appends one character.
    pub fn push_char(&mut self, ch: char) {
        self.sql.push(ch);
    }

    /// Appends an integer a dialect hook writes into the SQL, with `itoa` (no formatting
    /// machinery). A number a hook writes may come from one of the statement's values (a
    /// LIMIT written as text), so the SQL is marked as depending on the values: the statement
    /// cache then compiles such a statement every time instead of reusing the first value's
    /// SQL. (A value written with [`Compiler::literal`] is tracked by its node, as precisely.)
    pub fn push_int(&mut self, n: impl itoa::Integer) {
        self.depends_on_values();
        self.push_number(n);
    }

    /// Appends an integer that is part of the statement's structure (a window frame's
    /// offset), not one of its values.
    pub(crate) fn push_number(&mut self, n: impl itoa::Integer) {
        let mut buf = itoa::Buffer::new();
        self.sql.push_str(buf.format(n));
    }

    /// Marks the SQL as depending on the statement's values in a way the compiler cannot
    /// follow: a cache must not reuse it for other values.
    pub fn depends_on_values(&mut self) {
        if let Some(trace) = &mut self.trace {
            trace.value_dependent = true;
        }
    }

    /// A compiler for `dialect` that records a [`BindTrace`](trace::BindTrace) of what it
    /// does with the statement's values ([`Compiler::take_trace`]).
    pub fn tracing(dialect: &'d dyn Dialect) -> Self {
        let mut c = Compiler::new(dialect);
        c.trace = Some(Box::default());
        c
    }

    /// Tells the bind trace that `copy` (a clone an emulation compiles) stands for
    /// `original`'s values, so the statement stays cacheable. Nothing when not tracing.
    pub(crate) fn register_copy(&mut self, original: &Expr, copy: &Expr) {
        if let Some(trace) = &mut self.trace {
            original.pair_values(copy, |o, c| trace.copied(o, c));
        }
    }

    /// Whether this compile records a bind trace (then emulations register their copies).
    pub(crate) fn is_tracing(&self) -> bool {
        self.trace.is_some()
    }

    /// The trace recorded so far (see [`Compiler::tracing`]).
    pub fn take_trace(&mut self) -> Option<Box<trace::BindTrace>> {
        self.trace.take()
    }

    /// Appends an identifier, quoted if the dialect needs it.
    ///
    /// # Errors
    /// [`Error::InvalidIdentifier`] for an empty name, a NUL byte, or a name too long for
    /// the engine.
    #[inline]
    pub fn ident(&mut self, name: &(impl IdentText + ?Sized)) -> Result<()> {
        let bare = if self.standard_words { name.known_bare() } else { Some(self.bare_for_dialect(name.text())) };
        quote::write_identifier(self.dialect, &mut self.sql, name.text(), bare)
    }

    /// Whether `name` needs no quotes under a dialect's own reserved words (out of line: the
    /// built-in dialects use the standard words every `Ident` is classified by).
    #[cold]
    #[inline(never)]
    fn bare_for_dialect(&self, name: &str) -> bool {
        quote::is_plain(name) && !self.dialect.reserved_words().contains(name)
    }

    /// Appends a value: a placeholder (the value goes to the parameters), or a literal when
    /// compiling for reading or DDL.
    ///
    /// # Errors
    /// A value with no literal form when inlining; [`Error::InvalidStatement`] once the SQL
    /// passes 4 GiB.
    pub fn bind(&mut self, value: &Value) -> Result<()> {
        self.bind_annotated(value, "")
    }

    /// Appends a value like [`Compiler::bind`], its placeholder followed by `annotation`
    /// (PostgreSQL's `::TYPE`). When values are inlined, the literal stands alone: the
    /// annotation belongs to the placeholder.
    ///
    /// # Errors
    /// A value with no literal form when inlining; [`Error::InvalidStatement`] once the SQL
    /// passes 4 GiB.
    pub fn bind_annotated(&mut self, value: &Value, annotation: &str) -> Result<()> {
        if self.inline {
            return self.dialect.literal(&mut self.sql, value);
        }
        let start = self.sql.len();
        if let Some((next, end)) = &mut self.replay
            && *next < *end
        {
            // The same value as the parameter this placeholder repeats (see `repeat.rs`).
            let index = *next;
            *next += 1;
            let at = self.placeholders.len();
            self.extras.get_or_insert_with(Box::default).reused.push((at, index));
            self.dialect.placeholder(&mut self.sql, index + 1);
            self.sql.push_str(annotation);
            return self.push_span(start);
        }
        if let Some(trace) = &mut self.trace {
            trace.bound(value);
        }
        self.params.push(value.clone());
        self.dialect.placeholder(&mut self.sql, self.params.len());
        self.sql.push_str(annotation);
        self.push_span(start)
    }

    /// Records where the placeholder written from `start` to the end of the SQL is.
    #[inline(always)]
    fn push_span(&mut self, start: usize) -> Result<()> {
        match (u32::try_from(start), u32::try_from(self.sql.len())) {
            (Ok(start), Ok(end)) => self.placeholders.push([start, end]),
            _ => return Err(Error::invalid_statement("the SQL passes 4 GiB, more than any engine takes")),
        }
        Ok(())
    }

    /// How many parameters are bound so far.
    pub(crate) fn param_count(&self) -> usize {
        self.params.len()
    }

    /// How many placeholders so far repeat an earlier parameter (see `repeat.rs`): it grows
    /// with every expression written again, each of which binds at least one value.
    pub(crate) fn reused_count(&self) -> usize {
        self.extras.as_ref().map_or(0, |x| x.reused.len())
    }

    /// Whether an expression is being written again (see `repeat.rs`).
    pub(crate) fn replaying(&self) -> bool {
        self.replay.is_some()
    }

    /// Writes `e` again, its placeholders repeating parameters `start..end`.
    pub(crate) fn replay(&mut self, e: &Expr, start: usize, end: usize) -> Result<()> {
        let saved = self.replay.replace((start, end));
        let out = self.expr(e);
        self.replay = saved;
        out
    }

    /// Makes room for `count` more bound values, their placeholders and about as many bytes
    /// of SQL as they take: a statement that knows how many it binds (an INSERT's rows, a long
    /// IN list) grows its vectors once instead of doubling them from [`PARAMS_UP_FRONT`]. A
    /// hint: counts within that first room are left to it.
    pub(crate) fn reserve_params(&mut self, count: usize) {
        if self.inline || count <= PARAMS_UP_FRONT {
            return;
        }
        self.params.reserve(count);
        self.placeholders.reserve(count);
        // `$123, ` or `?, `: six bytes each is enough for the usual statement.
        self.sql.reserve(count.saturating_mul(6));
    }

    /// Appends a value as a literal of the dialect.
    ///
    /// # Errors
    /// A value with no literal form.
    pub fn literal(&mut self, value: &Value) -> Result<()> {
        if let Some(trace) = &mut self.trace {
            trace.inlined(value);
        }
        self.dialect.literal(&mut self.sql, value)
    }

    /// Whether values are being written inline.
    pub fn is_inline(&self) -> bool {
        self.inline
    }

    /// An [`Error::Unsupported`] for this dialect.
    pub fn unsupported(&self, feature: &'static str, hint: &'static str) -> Error {
        Error::unsupported(feature, self.dialect.describe(), hint)
    }

    /// Takes the sole-table shortcut away (columns are written with their table) and returns
    /// it for [`Compiler::scope_sole_table_restore`].
    pub fn scope_sole_table_take(&mut self) -> Option<Ident> {
        self.scope.sole_table.take()
    }

    /// Restores what [`Compiler::scope_sole_table_take`] took.
    pub fn scope_sole_table_restore(&mut self, saved: Option<Ident>) {
        self.scope.sole_table = saved;
    }

    /// A fresh generated alias, `anon_1`, `anon_2`, ... (deterministic: walk order).
    pub fn anon_alias(&mut self) -> Ident {
        self.anon += 1;
        Ident::from(format!("anon_{}", self.anon))
    }

    /// Enters one level of nesting; [`Error::TooDeep`] past [`MAX_DEPTH`].
    pub(crate) fn descend(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Error::TooDeep { limit: self.max_depth });
        }
        Ok(())
    }

    pub(crate) fn ascend(&mut self) {
        self.depth -= 1;
    }

    /// Runs `f` one subquery deeper; [`Error::TooDeep`] past [`Dialect::max_query_depth`].
    pub(crate) fn nested_query<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let limit = self.dialect.max_query_depth();
        if self.query_depth >= limit {
            return Err(Error::TooDeep { limit });
        }
        self.query_depth += 1;
        let out = f(self);
        self.query_depth -= 1;
        out
    }

    /// Compiles with values inlined for the duration of `f` (DDL has no parameters).
    pub(crate) fn inlined<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let saved = std::mem::replace(&mut self.inline, true);
        let out = f(self);
        self.inline = saved;
        out
    }

    /// The scope of a statement nested in the current one's (a scalar or lateral subquery):
    /// it sees the current statement's FROM names, and the ones it sees, as outer names.
    pub(crate) fn nested_scope(&mut self) -> Scope {
        // Names above this scope's own outer ones were pushed for an earlier nested
        // statement, whose walk is over: every enclosing scope sees no further than this one.
        self.outer_names.truncate(self.scope.outer_len);
        self.outer_names.extend(self.scope.from_names.iter().cloned());
        Scope { outer_len: self.outer_names.len(), ..Scope::default() }
    }

    /// The FROM names of the statements enclosing the current one.
    pub(crate) fn outer_names(&self) -> &[Ident] {
        self.outer_names.get(..self.scope.outer_len).unwrap_or_default()
    }

    /// Replaces the scope for the duration of `f` (a statement, or a nested one).
    pub(crate) fn scoped<T>(&mut self, scope: Scope, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let saved = std::mem::replace(&mut self.scope, scope);
        let out = f(self);
        self.scope = saved;
        out
    }

    /// The SQL and parameters written so far.
    pub fn finish(self) -> Compiled {
        Compiled {
            sql: self.sql,
            params: self.params,
            placeholders: self.placeholders,
            named: self.named,
            extras: self.extras,
        }
    }

    /// [`Compiler::finish`], refusing more parameters than the dialect takes.
    pub(crate) fn finish_checked(self) -> Result<Compiled> {
        // Checked before the move: a `Compiled` (its placeholder positions inline) is large,
        // and each move of it is a copy.
        let (count, limit) = (self.params.len(), self.dialect.max_params());
        if count > limit {
            return Err(Error::too_many_parameters(count, limit, self.dialect.describe()));
        }
        Ok(self.finish())
    }

    /// Adds SQL to run after the statement (see [`Compiled::then`]).
    pub fn add_follow_up(&mut self, sql: String) {
        self.extras.get_or_insert_with(Box::default).then.push(sql);
    }

    /// The next bound value is assigned to `column` of `table` and was checked against it
    /// (the statement cache checks it again on each reuse).
    pub(crate) fn note_value_check(&mut self, table: &str, column: &crate::schema::Column) {
        if let Some(trace) = &mut self.trace {
            trace.check_next(table, column);
        }
    }

    /// Writes named parameter `name`: its given value, or a placeholder to be filled by
    /// [`Compiled::with_params`].
    pub(crate) fn named_param(&mut self, name: &Ident) -> Result<()> {
        match self.given.and_then(|g| g.get(name)).cloned() {
            Some(ParamValue::One(v)) => self.bind(&v),
            Some(ParamValue::List(_)) => {
                Err(Error::invalid_statement(format!("parameter :{name} is a list; use it with in_param")))
            }
            None if self.inline => {
                self.push_char(':');
                self.push(name);
                Ok(())
            }
            // Written again (`repeat.rs`): the placeholder repeats the first one's parameter.
            None if self.replaying() => self.bind(&Value::Null),
            None => {
                self.named.push((self.params.len(), name.clone()));
                self.bind(&Value::Null)
            }
        }
    }

    /// The list given for an expanding parameter.
    pub(crate) fn param_list(&self, name: &Ident) -> Result<Vec<Value>> {
        match self.given.and_then(|g| g.get(name)) {
            Some(ParamValue::List(v)) => Ok(v.clone()),
            Some(ParamValue::One(v)) => Ok(vec![v.clone()]),
            None => Err(Error::invalid_statement(format!(
                "in_param(:{name}) expands when compiling: give its list with compile_with"
            ))),
        }
    }
}

/// Writes the ANSI, values-inlined rendering of whatever `f` compiles: the `Display` of
/// statements and expressions.
pub(crate) fn display_with(
    f: &mut fmt::Formatter<'_>,
    body: impl FnOnce(&mut Compiler<'_>) -> Result<()>,
) -> fmt::Result {
    let dialect = AnsiDialect;
    let mut c = Compiler::new(&dialect);
    c.inline = true;
    match body(&mut c) {
        Ok(()) => f.write_str(&c.sql),
        Err(e) => write!(f, "/* cannot render: {e} */"),
    }
}

macro_rules! display_via_compile {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            /// The statement as ANSI SQL with values inlined, for reading.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                display_with(f, |c| self.compile_into(c))
            }
        }
    )*};
}

display_via_compile!(
    crate::stmt::Select,
    crate::stmt::Compound,
    crate::stmt::Query,
    crate::stmt::Insert,
    crate::stmt::Update,
    crate::stmt::Delete,
    CreateTable,
    DropTable,
    CreateIndex,
    DropIndex
);
