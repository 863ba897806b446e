//! Queries as a whole: set operations (UNION / INTERSECT / EXCEPT), WITH clauses, and queries
//! nested in expressions and FROM (subqueries, derived tables).
//!
//! A set-operation operand that has its own ORDER BY / LIMIT / OFFSET, or is itself a set
//! operation other than a leading UNION chain, is written as a derived table
//! (`SELECT * FROM (...) AS anon_1`): SQLite accepts no parenthesised operands, and engines
//! disagree on whether INTERSECT binds tighter than UNION, so nothing is left to either.

use crate::compile::{Compile, Compiler, Feature, Support};
use crate::error::{Error, Result};
use crate::stmt::{Compound, Cte, Derived, Query, SetOp};

impl Compile for Query {
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        Some(crate::stmt::StatementRef::Query(self))
    }

    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        crate::expr::typing::result_kinds(self)
    }

    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        match self {
            Query::Select(s) => s.compile_into(c),
            Query::Compound(k) => k.compile_into(c),
        }
    }
}

impl Compile for Compound {
    fn statement(&self) -> Option<crate::stmt::StatementRef<'_>> {
        Some(crate::stmt::StatementRef::Compound(self))
    }

    fn result_kinds(&self) -> Option<Vec<Option<crate::expr::typing::TypeKind>>> {
        crate::expr::typing::result_kinds(&self.left)
    }

    fn compile_into(&self, c: &mut Compiler<'_>) -> Result<()> {
        let feature = match (self.op, self.all) {
            (SetOp::Union, _) => None,
            (SetOp::Intersect, false) => Some(Feature::Intersect),
            (SetOp::Except, false) => Some(Feature::Except),
            (SetOp::Intersect, true) => Some(Feature::IntersectAll),
            (SetOp::Except, true) => Some(Feature::ExceptAll),
        };
        if let Some(f) = feature
            && let Support::Unsupported(hint) = c.dialect().support(f)
        {
            return Err(c.unsupported(f.as_str(), hint));
        }
        with_clause(c, &self.ctes)?;
        operand(c, &self.left, self.op == SetOp::Union)?;
        c.push_char(' ');
        c.push(self.op.as_sql());
        if self.all {
            c.push(" ALL");
        }
        c.push_char(' ');
        operand(c, &self.right, false)?;
        // The ORDER BY of the whole names output columns: columns are written bare.
        let saved = std::mem::replace(&mut c.scope.bare_columns, true);
        let ordered = crate::compile::select::order_by(c, &self.order_by);
        c.scope.bare_columns = saved;
        ordered?;
        if self.limit.is_some() || self.offset.is_some() {
            c.dialect().limit_offset(c, self.limit.as_ref(), self.offset.as_ref())?;
        }
        Ok(())
    }
}

/// Writes one operand of a set operation: bare when it has no clauses of its own (or is a
/// UNION continuing a leading UNION chain), else as a derived table.
fn operand(c: &mut Compiler<'_>, q: &Query, union_chain: bool) -> Result<()> {
    let bare = match q {
        Query::Select(s) => s.order_by.is_empty() && s.limit.is_none() && s.offset.is_none() && s.ctes.is_empty(),
        Query::Compound(k) => {
            union_chain
                && k.op == SetOp::Union
                && k.order_by.is_empty()
                && k.limit.is_none()
                && k.offset.is_none()
                && k.ctes.is_empty()
        }
    };
    let scope = c.scope.nested_same_level();
    if bare {
        return c.scoped(scope, |c| q.compile_into(c));
    }
    let alias = c.anon_alias();
    c.push("SELECT * FROM (");
    c.scoped(scope, |c| q.compile_into(c))?;
    c.push(") AS ");
    c.ident(&alias)
}

/// `WITH [RECURSIVE] a (x, y) AS (...), b AS (...) ` before a statement.
pub(crate) fn with_clause(c: &mut Compiler<'_>, ctes: &[Cte]) -> Result<()> {
    if ctes.is_empty() {
        return Ok(());
    }
    let recursive = ctes.iter().any(|t| t.recursive);
    let feature = if recursive { Feature::RecursiveCte } else { Feature::Cte };
    if let Support::Unsupported(hint) = c.dialect().support(feature) {
        return Err(c.unsupported(feature.as_str(), hint));
    }
    c.push(if recursive { "WITH RECURSIVE " } else { "WITH " });
    for (i, cte) in ctes.iter().enumerate() {
        if i > 0 {
            c.push(", ");
        }
        let Some(body) = &cte.body else {
            return Err(Error::invalid_statement(format!("CTE `{}` has no query (call .query(...))", cte.name)));
        };
        c.ident(&cte.name)?;
        if !cte.columns.is_empty() {
            c.push(" (");
            for (j, col) in cte.columns.iter().enumerate() {
                if j > 0 {
                    c.push(", ");
                }
                c.ident(col)?;
            }
            c.push_char(')');
        }
        c.push(" AS (");
        let scope = c.scope.nested_same_level();
        c.scoped(scope, |c| body.compile_into(c))?;
        c.push_char(')');
    }
    c.push_char(' ');
    Ok(())
}

/// `(query)` nested in an expression, seeing the current statement's tables as outer ones.
pub(crate) fn subquery(c: &mut Compiler<'_>, q: &Query) -> Result<()> {
    c.push_char('(');
    let scope = c.nested_scope();
    c.nested_query(|c| c.scoped(scope, |c| q.compile_into(c)))?;
    c.push_char(')');
    Ok(())
}

/// `[LATERAL ](query) AS alias` in FROM.
pub(crate) fn derived(c: &mut Compiler<'_>, d: &Derived) -> Result<()> {
    let scope = if d.lateral {
        if let Support::Unsupported(hint) = c.dialect().support(Feature::Lateral) {
            return Err(c.unsupported(Feature::Lateral.as_str(), hint));
        }
        c.push("LATERAL ");
        // A lateral subquery sees the FROM items before it.
        c.nested_scope()
    } else {
        c.scope.nested_same_level()
    };
    c.push_char('(');
    c.nested_query(|c| c.scoped(scope, |c| d.query.compile_into(c)))?;
    c.push(") AS ");
    c.ident(d.alias_name())
}
