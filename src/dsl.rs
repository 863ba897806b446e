//! Free constructors: `select`, `insert`, `update`, `delete`, `and`, `or`, `not`, `text`,
//! `case`, `cast`, `lit`, `null`. Glob-imported by the [`prelude`](crate::prelude).

use crate::expr::{Case, Expr, ExprExt, IntoExpr, IntoExprs, TextClause};
use crate::ident::Ident;
use crate::schema::{SqlType, TableRef};
use crate::stmt::{Delete, Insert, Query, Select, Update};
use crate::value::Value;

/// `SELECT columns`; add `.from(..)`, or let the FROM be inferred from the columns' tables.
///
/// ```
/// use sqlcore::prelude::*;
/// use sqlcore_postgres::PostgresDialect;
///
/// sqlcore::table! { pub users { id: BigInt => primary_key(); name: Text; } }
///
/// let q = select((users::id, users::name)).filter(users::id.eq(7));
/// let c = q.compile(&PostgresDialect::default())?;
/// assert_eq!(c.sql, r#"SELECT id, name FROM users WHERE id = $1"#);
/// assert_eq!(c.params, [Value::Int(7)]);
/// # Ok::<(), sqlcore::Error>(())
/// ```
pub fn select(columns: impl IntoExprs) -> Select {
    Select::new(columns.into_exprs())
}

/// `INSERT INTO table ...`
pub fn insert(table: impl Into<TableRef>) -> Insert {
    Insert::new(table.into())
}

/// `UPDATE table SET ...`
pub fn update(table: impl Into<TableRef>) -> Update {
    Update::new(table.into())
}

/// `DELETE FROM table ...`
pub fn delete(table: impl Into<TableRef>) -> Delete {
    Delete::new(table.into())
}

/// All the terms AND-ed together; nested ANDs are flattened. No terms is TRUE.
pub fn and<I>(terms: I) -> Expr
where
    I: IntoIterator,
    I::Item: IntoExpr,
{
    Expr::And(flattened(terms, and_terms))
}

/// All the terms OR-ed together; nested ORs are flattened. No terms is FALSE.
pub fn or<I>(terms: I) -> Expr
where
    I: IntoIterator,
    I::Item: IntoExpr,
{
    Expr::Or(flattened(terms, or_terms))
}

/// The terms of `e` when it is an AND.
pub(crate) fn and_terms(e: &mut Expr) -> Option<&mut Vec<Expr>> {
    match e {
        Expr::And(terms) => Some(terms),
        _ => None,
    }
}

/// The terms of `e` when it is an OR.
fn or_terms(e: &mut Expr) -> Option<&mut Vec<Expr>> {
    match e {
        Expr::Or(terms) => Some(terms),
        _ => None,
    }
}

/// The terms of an AND or OR, those of nested ones (`same` finds them) spliced in.
fn flattened<I>(terms: I, same: impl Fn(&mut Expr) -> Option<&mut Vec<Expr>> + Copy) -> Vec<Expr>
where
    I: IntoIterator,
    I::Item: IntoExpr,
{
    let terms = terms.into_iter();
    // Room for the terms the iterator promises, instead of growing 4, 8, 16, ... (a
    // reallocation each, copying the terms so far).
    let mut out = Vec::with_capacity(terms.size_hint().0);
    for t in terms {
        push_flattened(&mut out, t.into_expr(), same);
    }
    out
}

/// Adds `e` to the terms `out`: its own terms when `same` finds them (a nested AND in an AND).
#[inline]
pub(crate) fn push_flattened(out: &mut Vec<Expr>, mut e: Expr, same: impl Fn(&mut Expr) -> Option<&mut Vec<Expr>>) {
    match same(&mut e) {
        Some(inner) => out.append(inner),
        None => out.push(e),
    }
}

/// `NOT e`
pub fn not(e: impl IntoExpr) -> Expr {
    e.into_expr().not()
}

/// A bound parameter holding `v` (what any Rust value becomes anyway, spelled out).
pub fn val(v: impl Into<Value>) -> Expr {
    Expr::Value(v.into())
}

/// A literal written into the SQL (escaped), for structural constants like `0` or `1`.
/// Application data belongs in bound parameters; see [`val`].
pub fn lit(v: impl Into<Value>) -> Expr {
    Expr::Literal(v.into())
}

/// The NULL keyword.
pub fn null() -> Expr {
    Expr::Null
}

/// `*`
pub fn star() -> Expr {
    Expr::Star(None)
}

/// An unqualified column name, e.g. a select-list label in ORDER BY.
pub fn col(name: impl Into<Ident>) -> Expr {
    Expr::Column(crate::expr::ColumnRef::bare(name.into()))
}

/// Literal SQL text with `:name` parameters: `text("age > :min").bind("min", 18)`.
pub fn text(sql: impl Into<Ident>) -> TextClause {
    TextClause { sql: sql.into(), binds: Vec::new() }
}

/// A searched CASE: `case().when(cond, result).otherwise(default)`.
pub fn case() -> Case {
    Case { base: None, whens: Vec::new(), else_: None }
}

/// A simple CASE: `case_of(x).when(1, "one")` is `CASE x WHEN 1 THEN 'one' END`.
pub fn case_of(base: impl IntoExpr) -> Case {
    Case { base: Some(base.into_expr()), whens: Vec::new(), else_: None }
}

/// `EXISTS (query)`.
///
/// ```
/// use sqlcore::prelude::*;
/// # use sqlcore_postgres::PostgresDialect;
/// sqlcore::table! { pub users { id: Integer => primary_key(); name: Text; } }
/// sqlcore::table! { pub orders { id: Integer => primary_key(); user_id: Integer => references(users::id); } }
/// # fn main() -> sqlcore::Result<()> {
/// // Users with at least one order: the subquery's `users.id` refers to the outer row.
/// let q = select([users::name]).filter(exists(select([lit(1)]).from(orders::table()).filter(orders::user_id.eq(users::id))));
/// assert_eq!(q.compile(&PostgresDialect::default())?.sql,
///     "SELECT name FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE user_id = users.id)");
/// # Ok(())
/// # }
/// ```
pub fn exists(query: impl Into<Query>) -> Expr {
    Expr::Exists(query.into())
}

/// `NOT EXISTS (query)`.
pub fn not_exists(query: impl Into<Query>) -> Expr {
    Expr::Not(Box::new(exists(query)))
}

/// A row value, `(a, b)`: compare it (`tuple((a, b)).eq(tuple((1, 2)))`) or test it with
/// `in_list` / `in_query`.
pub fn tuple(items: impl IntoExprs) -> Expr {
    Expr::Tuple(items.into_exprs())
}

/// A column of the row an upsert proposed, in [`Insert::do_update_set`]:
/// `excluded.col` (PostgreSQL, SQLite, MySQL 8.0.20+), `VALUES(col)` (MariaDB).
pub fn excluded(column: impl Into<Ident>) -> Expr {
    Expr::Excluded(column.into())
}

/// A named parameter: its value is given when compiling
/// ([`Compile::compile_with`](crate::Compile::compile_with)) or when executing
/// ([`Compiled::with_params`](crate::Compiled::with_params)), so one statement serves many.
///
/// ```
/// use sqlcore::prelude::*;
/// use sqlcore::expr::Params;
/// # use sqlcore_postgres::PostgresDialect;
/// sqlcore::table! { pub users { id: Integer => primary_key(); name: Text; } }
///
/// let by_id = select([users::name]).filter(users::id.eq(bindparam("id")));
/// let compiled = by_id.compile(&PostgresDialect::default())?;
/// assert_eq!(compiled.sql, "SELECT name FROM users WHERE id = $1");
/// let run = compiled.with_params(&Params::new().set("id", 7))?;
/// assert_eq!(run.params, [Value::Int(7)]);
/// # Ok::<(), sqlcore::Error>(())
/// ```
pub fn bindparam(name: impl Into<Ident>) -> Expr {
    Expr::Param(name.into())
}

/// `CAST(e AS ty)`
pub fn cast(e: impl IntoExpr, ty: SqlType) -> Expr {
    e.into_expr().cast(ty)
}
