//! Expressions: operators with exactly the parentheses precedence requires, NULL
//! comparisons, IN lists, LIKE, CASE, CAST, function calls and `text()`.
//!
//! Parentheses rules (see [`Precedence`]): an operand is wrapped when it binds more loosely
//! than its operator; equally, when it is the right operand (`a - (b - c)`) or the operator
//! is a comparison (comparisons do not chain). One deliberate addition: an AND inside an OR
//! is wrapped, `(a AND b) OR c`, because that precedence is the one readers most often get
//! wrong (the benchmark workload's Q8 is written the same way).

use crate::compile::{BinaryForm, Compiler, Feature, Support, trace};
use crate::error::{Error, Result};
use crate::expr::{BinaryOp, Case, ColumnRef, Expr, LikeEscape, Precedence, Qualifier, TextClause, typing};
use crate::value::Value;

/// How many nesting levels pass between stack checks.
const STACK_CHECK_EVERY: usize = 8;
/// The stack that must remain at a check: enough for `STACK_CHECK_EVERY` levels in a debug
/// build with room to spare.
const STACK_RED_ZONE: usize = 256 * 1024;
/// The size of a fresh stack segment.
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

impl Compiler<'_> {
    /// Writes an expression.
    ///
    /// # Errors
    /// [`Error::TooDeep`] past [`MAX_DEPTH`](crate::compile::MAX_DEPTH), unsupported constructs,
    /// invalid identifiers.
    #[inline(always)]
    pub fn expr(&mut self, e: &Expr) -> Result<()> {
        if self.has_repeats()
            && let Some(out) = self.try_repeat(e)
        {
            return out;
        }
        self.descend()?;
        // The walk recurses once per nesting level; every few levels it makes sure enough
        // stack is left, moving to a fresh segment when not (so a deep tree cannot overflow
        // a small thread stack, and the common shallow case pays one comparison).
        let out = if self.depth % STACK_CHECK_EVERY == 0 { self.expr_with_stack_check(e) } else { self.expr_inner(e) };
        self.ascend();
        // Rebuilt rather than passed on: a `Result` is as large as `Error` (80 bytes), and
        // passing it on copies all of it, where `Ok(())` is one tag written (once per node).
        match out {
            Ok(()) => Ok(()),
            Err(err) => Err(err),
        }
    }

    /// [`Compiler::expr_inner`] on enough stack (a fresh segment when little is left). Out
    /// of line: the check's closure would otherwise widen the frame of every level.
    #[inline(never)]
    fn expr_with_stack_check(&mut self, e: &Expr) -> Result<()> {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.expr_inner(e))
    }

    /// Writes `e`, in parentheses when `parens`.
    ///
    /// # Errors
    /// As [`Compiler::expr`].
    #[inline(always)]
    pub fn operand(&mut self, e: &Expr, parens: bool) -> Result<()> {
        if parens {
            self.push_char('(');
            self.expr(e)?;
            self.push_char(')');
            Ok(())
        } else {
            self.expr(e)
        }
    }

    /// Writes `e`, in parentheses when `parens`; a bare value is bound with its own type named
    /// when `untyped_beside` (nothing around it gives it one, see [`typing::is_untyped`]).
    ///
    /// # Errors
    /// As [`Compiler::expr`].
    #[inline(always)]
    pub fn operand_beside(&mut self, e: &Expr, parens: bool, untyped_beside: bool) -> Result<()> {
        match e {
            Expr::Value(v) if untyped_beside && !self.inline => self.dialect().bind_untyped(self, v),
            _ => self.operand(e, parens),
        }
    }

    /// Writes `e IS NULL` (`IS NOT NULL` when `negated`) without building the node: the
    /// NULLS FIRST / LAST emulation writes it for a sort key it only borrows.
    /// (Not a nesting level of its own: the operand is written through [`Compiler::expr`],
    /// which counts levels and checks the stack on its multiples.)
    pub(crate) fn is_null(&mut self, e: &Expr, negated: bool) -> Result<()> {
        self.comparison_operand_beside(e, true)?;
        self.push(if negated { " IS NOT NULL" } else { " IS NULL" });
        Ok(())
    }

    /// Writes `a, b, c`.
    ///
    /// # Errors
    /// As [`Compiler::expr`].
    pub fn comma_list(&mut self, items: &[Expr]) -> Result<()> {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.expr(item)?;
        }
        Ok(())
    }

    /// The precedence of `e` as this dialect writes it: a concatenation is an operator
    /// (`||`) on most engines, but a function call (`CONCAT()`) on some.
    pub fn prec(&self, e: &Expr) -> Precedence {
        match e.operand() {
            Expr::Binary(b) => self.binary_forms.get(b.0).precedence(b.0),
            other => other.precedence(),
        }
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Column(c) => self.column(c),
            Expr::Value(v) => self.dialect().bind_in_expression(self, v, None),
            Expr::Literal(v) => self.literal(v),
            Expr::Null => {
                self.push("NULL");
                Ok(())
            }
            Expr::Star(None) => {
                self.push_char('*');
                Ok(())
            }
            Expr::Star(Some(q)) => {
                self.ident(q.exposed_name())?;
                self.push(".*");
                Ok(())
            }
            Expr::Text(t) => self.text(t),
            Expr::Binary(b) => self.binary(b.0, &b.1, &b.2),
            Expr::And(terms) => self.junction(terms, " AND ", "1 = 1", Precedence::And),
            Expr::Or(terms) => self.junction(terms, " OR ", "1 = 0", Precedence::Or),
            Expr::Not(inner) => {
                self.push("NOT ");
                let p = self.prec(inner);
                self.operand(inner, p < Precedence::Concat || opaque(p))
            }
            // Only the innermost of a run of negations checks what it negates (the outer ones
            // negate the same kind), so a run is looked through once.
            Expr::Neg(inner)
                if !matches!(&**inner, Expr::Neg(_))
                    && typing::refuses_operand(BinaryOp::Sub, self.operand_kind(inner)) =>
            {
                Err(Error::invalid_statement(
                    "the operand of unary `-` is not a number: engines give this different meanings, so sqlcore \
                     refuses it on every dialect",
                ))
            }
            Expr::Neg(inner) if matches!(&**inner, Expr::Value(_)) && !self.inline => {
                // A bare parameter has no type for `-` to work on (PostgreSQL).
                self.push_char('-');
                if let Expr::Value(v) = &**inner {
                    self.dialect().bind_untyped(self, v)?;
                }
                Ok(())
            }
            Expr::Neg(inner) => {
                self.push_char('-');
                // `--` would start a comment, so a negative number (a literal, or a value
                // that may be written inline) is wrapped too.
                let negative_value = self.inline && is_negative_value(inner);
                self.operand(inner, self.prec(inner) < Precedence::Atom || negative_value)
            }
            Expr::IsNull { expr, negated } => self.is_null(expr, *negated),
            Expr::InList { expr, list, negated } => self.in_list(expr, list, *negated),
            Expr::Between { expr, low, high, negated } => {
                let alone = typing::is_untyped(expr) && typing::is_untyped(low) && typing::is_untyped(high);
                self.comparison_operand_beside(expr, alone)?;
                self.push(if *negated { " NOT BETWEEN " } else { " BETWEEN " });
                self.comparison_operand_meeting(low, alone, expr)?;
                self.push(" AND ");
                self.comparison_operand_meeting(high, alone, expr)
            }
            Expr::Like { expr, pattern, escape, negated, case_insensitive } => {
                self.like(expr, pattern, *escape, *negated, *case_insensitive)
            }
            Expr::Func(call) => self.dialect().function(self, call),
            Expr::Case(case) => self.case(case),
            Expr::Cast(inner, ty) => {
                self.push("CAST(");
                match &**inner {
                    Expr::Value(v) => self.dialect().bind_untyped(self, v)?,
                    other => self.expr(other)?,
                }
                self.push(" AS ");
                let mut name = String::new();
                self.dialect().cast_type_name(&mut name, ty)?;
                self.push(&name);
                self.push_char(')');
                Ok(())
            }
            Expr::Label(inner, _) => self.expr(inner),
            Expr::Subquery(q) => crate::compile::query::subquery(self, q),
            Expr::Exists(q) => {
                self.push("EXISTS ");
                crate::compile::query::subquery(self, q)
            }
            Expr::InQuery { expr, query, negated } => {
                self.comparison_operand(expr)?;
                self.push(if *negated { " NOT IN " } else { " IN " });
                crate::compile::query::subquery(self, query)
            }
            Expr::Over(call) => self.window_call(call),
            Expr::Filter(f) => self.filtered(f),
            Expr::Excluded(name) => self.dialect().excluded(self, name),
            Expr::Param(name) => self.named_param(name),
            Expr::InParam { expr, name, negated } => {
                let list: Vec<Expr> = self.param_list(name)?.into_iter().map(Expr::Value).collect();
                self.in_list(expr, &list, *negated)
            }
            Expr::Tuple(items) => {
                if items.is_empty() {
                    return Err(Error::invalid_statement("a row value needs at least one item"));
                }
                self.push_char('(');
                self.comma_list(items)?;
                self.push_char(')');
                Ok(())
            }
        }
    }

    /// Writes a column reference, with its table or alias when the scope needs it.
    fn column(&mut self, c: &ColumnRef) -> Result<()> {
        if self.scope.bare_columns {
            return self.ident(&c.name);
        }
        match &c.qualifier {
            Some(q @ (Qualifier::Alias(_) | Qualifier::Derived(_))) => {
                self.check_in_scope(q.exposed_name(), c)?;
                self.ident(q.exposed_name())?;
                self.push_char('.');
            }
            Some(Qualifier::Table(table)) => {
                let sole = self.scope.sole_table.as_deref().is_some_and(|s| crate::ident::same_name(s, table.name()));
                if !sole {
                    self.check_in_scope(table.name(), c)?;
                }
                let elide = sole && !(self.scope.in_sort_or_group && self.scope.label_shadows_column);
                if !elide {
                    self.ident(table.name())?;
                    self.push_char('.');
                }
            }
            None => {}
        }
        self.ident(&c.name)
    }

    /// Refuses a column of a table (or alias) that no FROM in scope reads: the engine would
    /// refuse it too ("missing FROM-clause entry", "no such column"), or, in a subquery,
    /// take it for a column of an outer table of the same name.
    #[inline]
    fn check_in_scope(&mut self, name: &str, c: &ColumnRef) -> Result<()> {
        if !self.scope.check_columns || self.scope.last_found_is(name) {
            return Ok(());
        }
        self.check_in_scope_slow(name, c)
    }

    /// [`Compiler::check_in_scope`] past its quick test (the FROM name found last).
    #[inline(never)]
    fn check_in_scope_slow(&mut self, name: &str, c: &ColumnRef) -> Result<()> {
        if self.scope.find_from_name(name) || self.outer_names().iter().any(|n| crate::ident::same_name(n, name)) {
            return Ok(());
        }
        Err(Error::invalid_statement(format!(
            "column `{name}.{}` names a table that is in no FROM clause of the statement: add `{name}` to .from() \
             (or a join), or leave .from() out to have it inferred",
            c.name
        )))
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr) -> Result<()> {
        // `x = NULL` is never true; what the caller means is IS NULL.
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && (right.is_null_literal() || left.is_null_literal()) {
            let tested = if right.is_null_literal() { left } else { right };
            self.comparison_operand(tested)?;
            self.push(if op == BinaryOp::Eq { " IS NULL" } else { " IS NOT NULL" });
            return Ok(());
        }
        if typing::is_arithmetic(op) {
            let (l, r) = (self.operand_kind(left), self.operand_kind(right));
            if typing::refuses_operand(op, l) || typing::refuses_operand(op, r) {
                return Err(arithmetic_refused(op, l, r));
            }
        }
        match self.binary_forms.get(op) {
            BinaryForm::Infix(spelling) => self.infix(op, spelling, left, right),
            BinaryForm::Written { write, .. } => write(self, left, right),
        }
    }

    /// Writes `left<spelling>right` with the parentheses operator `op`'s precedence needs:
    /// the compiler's own infix form, for a [`BinaryForm::Written`] hook that keeps it with
    /// another spelling (MySQL's `DIV`).
    ///
    /// # Errors
    /// As [`Compiler::expr`].
    pub fn infix(&mut self, op: BinaryOp, spelling: &str, left: &Expr, right: &Expr) -> Result<()> {
        let p = op.precedence();
        let comparison = p == Precedence::Comparison;
        let lp = self.prec(left);
        let rp = self.prec(right);
        // Only a bare value looks at what is beside it: the typing probe runs for that side only.
        let left_alone = matches!(left, Expr::Value(_)) && typing::is_untyped(right);
        let right_alone = matches!(right, Expr::Value(_)) && typing::is_untyped(left);
        self.operand_meeting(
            left,
            lp < p || (comparison && lp == p) || opaque(lp) || lp == Precedence::Concat,
            left_alone,
            right,
        )?;
        self.push(spelling);
        self.operand_meeting(right, rp <= p || opaque(rp) || rp == Precedence::Concat, right_alone, left)
    }

    /// [`Compiler::operand_beside`] for an operand that meets `other` (the other side of an
    /// operator, the tested expression of IN or BETWEEN): a bare float or decimal is bound
    /// knowing `other`'s kind ([`Dialect::bind_in_expression`](crate::compile::Dialect::bind_in_expression)).
    /// The kind is looked up only for those values, whose binding it can change.
    #[inline(always)]
    fn operand_meeting(&mut self, e: &Expr, parens: bool, untyped_beside: bool, other: &Expr) -> Result<()> {
        match e {
            Expr::Value(v @ (Value::Float(_) | Value::Decimal(_))) if !untyped_beside => {
                let meets = typing::type_of(other);
                self.dialect().bind_in_expression(self, v, meets)
            }
            _ => self.operand_beside(e, parens, untyped_beside),
        }
    }

    /// The kind of an arithmetic operand, for [`typing::refuses_operand`]; `None` for an
    /// operand that is itself arithmetic (possibly negated), checked where it is an
    /// operator: a chain of them is checked in linear time.
    #[inline(always)]
    fn operand_kind(&mut self, e: &Expr) -> Option<typing::TypeKind> {
        // `-x` has the kind of `x`: a run of negations is looked through to what it negates
        // (each run once, by the operator above it, so a chain stays linear).
        let mut e = e;
        while let Expr::Neg(inner) = e {
            e = inner;
        }
        match e {
            Expr::Column(c) => self.column_kind(c),
            Expr::Value(v) | Expr::Literal(v) => typing::TypeKind::of_value(v),
            Expr::Binary(b) if typing::is_arithmetic(b.0) => None,
            other => typing::type_of(other),
        }
    }

    /// The kind of column `c`, remembered for the last column asked about: a chain of
    /// operators over one column asks at every level, and the table's definition is then
    /// looked at once.
    #[inline]
    fn column_kind(&mut self, c: &ColumnRef) -> Option<typing::TypeKind> {
        let identity = match c.qualifier.as_ref()? {
            Qualifier::Table(crate::schema::TableHandle::Static { def, .. }) => *def as usize,
            Qualifier::Table(crate::schema::TableHandle::Shared(t)) => t.identity(),
            Qualifier::Alias(r) => r.table.identity(),
            Qualifier::Derived(d) => std::sync::Arc::as_ptr(d) as usize,
        };
        let key = [identity, c.name.as_str().as_ptr() as usize, c.name.len()];
        if let Some((k, kind)) = self.kind_memo
            && k == key
        {
            return kind;
        }
        let kind = typing::column_kind(c);
        self.kind_memo = Some((key, kind));
        kind
    }

    /// An operand of a comparison-level construct (IS NULL, IN, BETWEEN, LIKE): wrapped if
    /// it is a comparison or looser.
    fn comparison_operand(&mut self, e: &Expr) -> Result<()> {
        self.comparison_operand_beside(e, false)
    }

    /// [`Self::comparison_operand`], binding a bare value typed when `untyped_beside`.
    fn comparison_operand_beside(&mut self, e: &Expr, untyped_beside: bool) -> Result<()> {
        let p = self.prec(e);
        self.operand_beside(e, p <= Precedence::Comparison || opaque(p), untyped_beside)
    }

    /// [`Self::comparison_operand_beside`] for an operand meeting `other` (see
    /// [`Compiler::operand_meeting`]).
    fn comparison_operand_meeting(&mut self, e: &Expr, untyped_beside: bool, other: &Expr) -> Result<()> {
        let p = self.prec(e);
        self.operand_meeting(e, p <= Precedence::Comparison || opaque(p), untyped_beside, other)
    }

    fn junction(&mut self, terms: &[Expr], sep: &str, empty: &str, p: Precedence) -> Result<()> {
        match terms {
            [] => {
                self.push(empty);
                Ok(())
            }
            [only] => self.expr(only),
            _ => {
                // A long AND / OR is usually one comparison with a value per term (a filter
                // built from a list): room for that many parameters up front.
                self.reserve_params(terms.len());
                for (i, term) in terms.iter().enumerate() {
                    if i > 0 {
                        self.push(sep);
                    }
                    let tp = self.prec(term);
                    // Looser terms need parentheses; an AND inside an OR gets them too (see the
                    // module docs), as does opaque text.
                    let parens = tp < p || (p == Precedence::Or && tp == Precedence::And) || opaque(tp);
                    self.operand(term, parens)?;
                }
                Ok(())
            }
        }
    }

    fn in_list(&mut self, expr: &Expr, list: &[Expr], negated: bool) -> Result<()> {
        if list.is_empty() {
            // `x IN ()` is not valid SQL on most engines; its meaning is a constant.
            return match self.dialect().support(Feature::EmptyInList) {
                Support::Native => {
                    self.comparison_operand(expr)?;
                    self.push(if negated { " NOT IN ()" } else { " IN ()" });
                    Ok(())
                }
                Support::Emulated(_) => {
                    self.push(if negated { "1 = 1" } else { "1 = 0" });
                    Ok(())
                }
                Support::Unsupported(hint) => Err(self.unsupported(Feature::EmptyInList.as_str(), hint)),
            };
        }
        let alone = typing::is_untyped(expr) && list.iter().all(typing::is_untyped);
        self.reserve_params(list.len());
        self.comparison_operand_beside(expr, alone)?;
        self.push(if negated { " NOT IN (" } else { " IN (" });
        for (i, item) in list.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.operand_meeting(item, false, alone, expr)?;
        }
        self.push_char(')');
        Ok(())
    }

    fn like(&mut self, expr: &Expr, pattern: &Expr, escape: LikeEscape, negated: bool, ci: bool) -> Result<()> {
        let op = match (negated, ci) {
            (false, false) => " LIKE ",
            (true, false) => " NOT LIKE ",
            (false, true) => " ILIKE ",
            (true, true) => " NOT ILIKE ",
        };
        let emulate_ci = ci
            && match self.dialect().support(Feature::ILike) {
                Support::Native => false,
                Support::Emulated(_) => true,
                Support::Unsupported(hint) => return Err(self.unsupported(Feature::ILike.as_str(), hint)),
            };
        if emulate_ci {
            // ILIKE as LOWER(a) LIKE LOWER(b): the same rows for the characters the engine's
            // LOWER() folds (all of Unicode on PostgreSQL and MySQL, ASCII on SQLite).
            let lower = self.dialect().function_name(crate::expr::KnownFunc::Lower);
            self.push(lower);
            self.push_char('(');
            self.expr(expr)?;
            self.push(") ");
            self.push(if negated { "NOT LIKE " } else { "LIKE " });
            self.push(lower);
            self.push_char('(');
            self.like_pattern(pattern, escape, false)?;
            self.push_char(')');
        } else {
            self.comparison_operand(expr)?;
            self.push(op);
            self.like_pattern(pattern, escape, true)?;
        }
        let escape = match escape {
            LikeEscape::Default => self.dialect().like_needs_explicit_escape(),
            LikeEscape::Char(ch) => Some(ch),
            LikeEscape::Literal(_) => Some(self.dialect().like_text_escape()),
        };
        if let Some(escape) = escape {
            self.push(" ESCAPE ");
            self.literal(&Value::Text(escape.into()))?;
        }
        Ok(())
    }

    /// A LIKE's pattern. A literal text (`contains`, ...) becomes the dialect's escaped
    /// pattern, bound in its place and traced as made from the text, so the statement cache
    /// makes it again from each new text.
    fn like_pattern(&mut self, pattern: &Expr, escape: LikeEscape, as_operand: bool) -> Result<()> {
        let derived = match (escape, pattern) {
            (LikeEscape::Literal(at), Expr::Value(source @ Value::Text(text))) => {
                let made = Expr::Value(Value::Text(self.dialect().like_text_pattern(text, at).into()));
                if let Some(trace) = &mut self.trace {
                    trace.derive_next(source, trace::Derivation::LikeText(at));
                }
                Some(made)
            }
            (LikeEscape::Literal(_), _) => {
                return Err(Error::invalid_statement("a literal-text LIKE pattern must be a text value"));
            }
            _ => None,
        };
        let pattern = derived.as_ref().unwrap_or(pattern);
        let written = if as_operand { self.comparison_operand(pattern) } else { self.expr(pattern) };
        if let Some(trace) = &mut self.trace {
            trace.clear_derivation();
        }
        written
    }

    fn case(&mut self, case: &Case) -> Result<()> {
        if case.whens.is_empty() {
            return Err(Error::invalid_statement("CASE needs at least one WHEN"));
        }
        self.push("CASE");
        if let Some(base) = &case.base {
            self.push_char(' ');
            self.expr(base)?;
        }
        for (when, then) in &case.whens {
            self.push(" WHEN ");
            self.expr(when)?;
            self.push(" THEN ");
            self.case_result(then)?;
        }
        if let Some(otherwise) = &case.else_ {
            self.push(" ELSE ");
            self.case_result(otherwise)?;
        }
        self.push(" END");
        Ok(())
    }

    /// A CASE result: a bare value there has no type of its own (PostgreSQL reads it as text).
    fn case_result(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Value(v) => self.dialect().bind_untyped(self, v),
            other => self.expr(other),
        }
    }

    /// Writes `text()` SQL, turning each `:name` into a bound parameter. Quoted strings and
    /// identifiers, and PostgreSQL's `::` casts, are copied untouched.
    fn text(&mut self, t: &TextClause) -> Result<()> {
        let sql = t.sql.as_str();
        let bytes = sql.as_bytes();
        let mut i = 0;
        let mut copied = 0;
        while i < bytes.len() {
            match bytes[i] {
                quote @ (b'\'' | b'"' | b'`') => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    i += 1;
                }
                b':' if bytes.get(i + 1) == Some(&b':') => i += 2,
                b':' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') => {
                    let start = i + 1;
                    let mut end = start;
                    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                        end += 1;
                    }
                    let name = &sql[start..end];
                    let Some((_, value)) = t.binds.iter().find(|(n, _)| n.as_str() == name) else {
                        return Err(Error::invalid_statement(format!("text(): no value bound for :{name}")));
                    };
                    self.push(&sql[copied..i]);
                    self.bind(value)?;
                    copied = end;
                    i = end;
                }
                _ => i += 1,
            }
        }
        self.push(sql.get(copied..).unwrap_or_default());
        Ok(())
    }
}

/// The error for arithmetic over an operand that is not a number (out of line: it is rare).
#[cold]
#[inline(never)]
fn arithmetic_refused(op: BinaryOp, l: Option<typing::TypeKind>, r: Option<typing::TypeKind>) -> Error {
    let why = typing::arithmetic_refusal(op, l, r).unwrap_or_default();
    Error::invalid_statement(format!(
        "{why}: engines give this different meanings, so sqlcore refuses it on every dialect"
    ))
}

/// A bound value holding a negative number.
fn is_negative_value(e: &Expr) -> bool {
    match e {
        Expr::Value(Value::Int(n)) => *n < 0,
        Expr::Value(Value::Float(f)) => f.is_sign_negative(),
        _ => false,
    }
}

/// Raw text is opaque: as an operand it is always parenthesised.
fn opaque(p: Precedence) -> bool {
    p == Precedence::Text
}

#[cfg(test)]
mod tests {
    //! The parenthesisation rules, on the ANSI dialect (values inlined by `Display`).

    use crate::dsl::{and, col, lit, not, or};
    use crate::expr::ExprExt;

    #[test]
    fn right_nested_operators_of_equal_precedence_keep_parentheses() {
        assert_eq!(col("a").sub(col("b").sub(col("c"))).to_string(), "a - (b - c)");
        assert_eq!(col("a").sub(col("b")).sub(col("c")).to_string(), "a - b - c");
        assert_eq!(col("a").div(col("b").mul(col("c"))).to_string(), "a / (b * c)");
    }

    #[test]
    fn looser_operands_are_wrapped_tighter_ones_are_not() {
        assert_eq!(col("a").add(col("b")).mul(col("c")).to_string(), "(a + b) * c");
        assert_eq!(col("a").add(col("b").mul(col("c"))).to_string(), "a + b * c");
        assert_eq!(or([col("a"), col("b")]).and(col("c")).to_string(), "(a OR b) AND c");
        assert_eq!(not(col("a").eq(col("b"))).to_string(), "NOT (a = b)");
        assert_eq!(not(col("flag")).to_string(), "NOT flag");
    }

    #[test]
    fn and_inside_or_is_wrapped_for_readability() {
        assert_eq!(or([and([col("a"), col("b")]), col("c")]).to_string(), "(a AND b) OR c");
        assert_eq!(and([col("a"), and([col("b"), col("c")])]).to_string(), "a AND b AND c");
    }

    #[test]
    fn comparisons_do_not_chain() {
        assert_eq!(col("a").eq(col("b")).eq(col("c")).to_string(), "(a = b) = c");
        assert_eq!(col("a").lt(col("b").add(lit(1))).to_string(), "a < b + 1");
    }

    #[test]
    fn negation_never_writes_a_comment() {
        assert_eq!(lit(-5).neg().to_string(), "-(-5)");
        assert_eq!(crate::dsl::val(-5).neg().to_string(), "-(-5)");
        assert_eq!(col("a").add(col("b")).neg().to_string(), "-(a + b)");
    }

    #[test]
    fn null_comparisons_become_is_null() {
        assert_eq!(col("a").eq(None::<i64>).to_string(), "a IS NULL");
        assert_eq!(col("a").ne(crate::dsl::null()).to_string(), "a IS NOT NULL");
    }

    #[test]
    fn empty_in_lists_are_constants() {
        assert_eq!(col("a").in_list(Vec::<i64>::new()).to_string(), "1 = 0");
        assert_eq!(col("a").not_in(Vec::<i64>::new()).to_string(), "1 = 1");
    }
}
