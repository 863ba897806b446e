//! Turning a [`StmtSpec`] into sqlcore statements, through the public builder API only.

use crate::spec::*;
use sqlcore::expr::Window;
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore::schema::TableRef;
use sqlcore::stmt::{Cte, Delete, Derived, Insert, Query, Select, Update};

sqlcore::table! {
    /// The first fuzz table.
    pub fz_a {
        id: BigInt => primary_key();
        x: Integer;
        s: Varchar(40);
        flag: Boolean;
    }
}

sqlcore::table! {
    /// The second fuzz table, referencing the first.
    pub fz_b {
        id: BigInt => primary_key();
        a_id: BigInt => references(fz_a::id);
        n: Integer => not_null();
        t: Text;
        ok: Boolean;
    }
}

/// The fuzz schema.
pub fn metadata() -> MetaData {
    let mut md = MetaData::new();
    for t in [fz_a::table(), fz_b::table()] {
        // Two distinct names: adding cannot fail.
        let _ = md.add(t);
    }
    md
}

/// How deep a generated expression may nest before it is cut to a leaf.
pub const MAX_SPEC_DEPTH: usize = 10;

/// A built statement, any kind.
#[derive(Debug, Clone)]
pub enum Built {
    /// SELECT or a set operation.
    Query(Query),
    /// INSERT.
    Insert(Insert),
    /// UPDATE.
    Update(Update),
    /// DELETE.
    Delete(Delete),
}

impl Built {
    /// The statement as something to compile.
    pub fn as_compile(&self) -> &dyn Compile {
        match self {
            Built::Query(q) => q,
            Built::Insert(i) => i,
            Built::Update(u) => u,
            Built::Delete(d) => d,
        }
    }

    /// Whether the statement returns rows.
    pub fn returns_rows(&self, spec: &StmtSpec) -> bool {
        match (self, spec) {
            (Built::Query(_), _) => true,
            (_, StmtSpec::Insert(i)) => i.returning,
            (_, StmtSpec::Update(u)) => u.returning,
            (_, StmtSpec::Delete(d)) => d.returning,
            _ => false,
        }
    }
}

fn int_columns(t: TableSpec) -> &'static [&'static str] {
    match t {
        TableSpec::A => &["id", "x"],
        TableSpec::B => &["id", "a_id", "n"],
    }
}

fn text_column(t: TableSpec) -> &'static str {
    match t {
        TableSpec::A => "s",
        TableSpec::B => "t",
    }
}

fn bool_column(t: TableSpec) -> &'static str {
    match t {
        TableSpec::A => "flag",
        TableSpec::B => "ok",
    }
}

fn table(t: TableSpec) -> Table {
    match t {
        TableSpec::A => fz_a::table(),
        TableSpec::B => fz_b::table(),
    }
}

/// A table in scope: a (possibly aliased) table or a derived table with the same columns.
#[derive(Clone)]
enum InScope {
    Table(TableRef, TableSpec),
    Derived(Derived, TableSpec),
}

impl InScope {
    fn spec(&self) -> TableSpec {
        match self {
            InScope::Table(_, s) | InScope::Derived(_, s) => *s,
        }
    }

    fn c(&self, name: &str) -> Result<Expr> {
        match self {
            InScope::Table(t, _) => t.c(name),
            InScope::Derived(d, _) => d.c(name),
        }
    }
}

/// The builder's state: tables in scope (innermost last), an alias counter, the depth.
struct Builder {
    scope: Vec<InScope>,
    aliases: usize,
    depth: usize,
}

/// Builds the statement a spec describes.
///
/// # Errors
/// Only what the sqlcore builders return (column lookups on the fuzz schema do not fail).
pub fn build(spec: &StmtSpec) -> Result<Built> {
    let mut b = Builder { scope: Vec::new(), aliases: 0, depth: 0 };
    Ok(match spec {
        StmtSpec::Select(s) => Built::Query(b.select(s)?.into()),
        StmtSpec::Compound(c) => Built::Query(b.compound(c)?),
        StmtSpec::Insert(i) => Built::Insert(b.insert(i)?),
        StmtSpec::Update(u) => Built::Update(b.update(u)?),
        StmtSpec::Delete(d) => Built::Delete(b.delete(d)?),
    })
}

impl Builder {
    fn alias(&mut self, prefix: &str) -> String {
        self.aliases += 1;
        format!("{prefix}{}", self.aliases)
    }

    fn aliased(&mut self, t: TableSpec) -> TableRef {
        let name = self.alias(match t {
            TableSpec::A => "a",
            TableSpec::B => "b",
        });
        table(t).alias(name)
    }

    /// Runs `f` one level deeper; past the limit `leaf` is used instead.
    fn nested<T>(&mut self, leaf: impl FnOnce() -> T, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_SPEC_DEPTH {
            return Ok(leaf());
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// Runs `f` with `tables` added to the scope.
    fn scoped<T>(&mut self, tables: Vec<InScope>, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let before = self.scope.len();
        self.scope.extend(tables);
        let out = f(self);
        self.scope.truncate(before);
        out
    }

    /// The table `i` levels out from the innermost, if any table is in scope.
    fn pick(&self, i: u8) -> Option<&InScope> {
        let n = self.scope.len();
        if n == 0 {
            return None;
        }
        self.scope.get(n - 1 - (i as usize % n))
    }

    fn int_col(&self, (t, c): (u8, u8)) -> Result<Expr> {
        match self.pick(t) {
            Some(s) => {
                let cols = int_columns(s.spec());
                s.c(cols[c as usize % cols.len()])
            }
            None => Ok(lit(i64::from(c))),
        }
    }

    fn text_col(&self, t: u8) -> Result<Expr> {
        match self.pick(t) {
            Some(s) => s.c(text_column(s.spec())),
            None => Ok(val("none")),
        }
    }

    fn bool_col(&self, t: u8) -> Result<Expr> {
        match self.pick(t) {
            Some(s) => s.c(bool_column(s.spec())),
            None => Ok(val(false)),
        }
    }

    fn int(&mut self, e: &IntSpec) -> Result<Expr> {
        self.nested(|| lit(1), |b| b.int_inner(e))
    }

    fn int_inner(&mut self, e: &IntSpec) -> Result<Expr> {
        Ok(match e {
            IntSpec::Col(t, c) => self.int_col((*t, *c))?,
            IntSpec::Param(v) => val(*v),
            IntSpec::Lit(v) => lit(i64::from(*v)),
            // Typed: PostgreSQL cannot resolve an operator between two bare NULLs.
            IntSpec::Null => null().cast(SqlType::BigInt),
            IntSpec::Add(l, r) => self.int(l)?.add(self.int(r)?),
            IntSpec::Sub(l, r) => self.int(l)?.sub(self.int(r)?),
            IntSpec::Mul(l, r) => self.int(l)?.mul(self.int(r)?),
            IntSpec::Div(l, r) => self.int(l)?.div(self.int(r)?),
            IntSpec::Rem(l, r) => self.int(l)?.rem(self.int(r)?),
            IntSpec::Neg(x) => self.int(x)?.neg(),
            IntSpec::Abs(x) => func::abs(self.int(x)?),
            IntSpec::Length(x) => func::length(self.text(x)?),
            IntSpec::Coalesce(first, rest) => {
                let mut args = vec![self.int(first)?];
                for r in rest.iter().take(3) {
                    args.push(self.int(r)?);
                }
                func::coalesce(args)
            }
            IntSpec::Case(w, t, more, otherwise) => {
                let mut c = case().when(self.boolean(w)?, self.int(t)?);
                for (w, t) in more.iter().take(2) {
                    c = c.when(self.boolean(w)?, self.int(t)?);
                }
                match otherwise {
                    Some(e) => c.otherwise(self.int(e)?).end(),
                    None => c.end(),
                }
            }
            IntSpec::CountSub(t, filter) => {
                let inner = self.aliased(*t);
                let q = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select([func::count_star()]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                q.scalar()
            }
            IntSpec::MaxSub(t, c, filter) => {
                let inner = self.aliased(*t);
                let cols = int_columns(*t);
                let column = inner.c(cols[*c as usize % cols.len()])?;
                let q = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select([func::max(column)]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                q.scalar()
            }
        })
    }

    fn text(&mut self, e: &TextSpec) -> Result<Expr> {
        self.nested(|| val("leaf"), |b| b.text_inner(e))
    }

    fn text_inner(&mut self, e: &TextSpec) -> Result<Expr> {
        Ok(match e {
            TextSpec::Col(t) => self.text_col(*t)?,
            TextSpec::Param(s) => val(s.as_str()),
            TextSpec::Lit(s) => lit(s.as_str()),
            TextSpec::Null => null().cast(SqlType::Text),
            TextSpec::Concat(l, r) => self.text(l)?.concat(self.text(r)?),
            TextSpec::Lower(x) => func::lower(self.text(x)?),
            TextSpec::Upper(x) => func::upper(self.text(x)?),
            TextSpec::Coalesce(l, r) => func::coalesce([self.text(l)?, self.text(r)?]),
            TextSpec::Case(w, t, otherwise) => {
                let c = case().when(self.boolean(w)?, self.text(t)?);
                match otherwise {
                    Some(e) => c.otherwise(self.text(e)?).end(),
                    None => c.end(),
                }
            }
            TextSpec::MaxSub(t, filter) => {
                let inner = self.aliased(*t);
                let column = inner.c(text_column(*t))?;
                let q = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select([func::max(column)]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                q.scalar()
            }
        })
    }

    fn boolean(&mut self, e: &BoolSpec) -> Result<Expr> {
        self.nested(|| val(true), |b| b.boolean_inner(e))
    }

    fn boolean_inner(&mut self, e: &BoolSpec) -> Result<Expr> {
        Ok(match e {
            BoolSpec::Col(t) => self.bool_col(*t)?,
            BoolSpec::Param(v) => val(*v),
            BoolSpec::CmpInt(op, l, r) => cmp(*op, self.int(l)?, self.int(r)?),
            BoolSpec::CmpText(op, l, r) => cmp(*op, self.text(l)?, self.text(r)?),
            BoolSpec::CmpBool(l, r) => self.boolean(l)?.eq(self.boolean(r)?),
            BoolSpec::And(terms) => {
                let mut out = Vec::new();
                for t in terms.iter().take(4) {
                    out.push(self.boolean(t)?);
                }
                and(out)
            }
            BoolSpec::Or(terms) => {
                let mut out = Vec::new();
                for t in terms.iter().take(4) {
                    out.push(self.boolean(t)?);
                }
                or(out)
            }
            BoolSpec::Not(x) => not(self.boolean(x)?),
            BoolSpec::IsNull(x, negated) => {
                let x = self.int(x)?;
                if *negated { x.is_not_null() } else { x.is_null() }
            }
            BoolSpec::TextIsNull(x, negated) => {
                let x = self.text(x)?;
                if *negated { x.is_not_null() } else { x.is_null() }
            }
            BoolSpec::InList(x, list, negated) => {
                let x = self.int(x)?;
                let mut items = Vec::new();
                for i in list.iter().take(6) {
                    items.push(self.int(i)?);
                }
                if *negated { x.not_in(items) } else { x.in_list(items) }
            }
            BoolSpec::Between(x, lo, hi, negated) => {
                let (x, lo, hi) = (self.int(x)?, self.int(lo)?, self.int(hi)?);
                if *negated { x.not_between(lo, hi) } else { x.between(lo, hi) }
            }
            BoolSpec::Like { text, pattern, negated, case_insensitive } => {
                let (t, p) = (self.text(text)?, self.text(pattern)?);
                match (negated, case_insensitive) {
                    (false, false) => t.like(p),
                    (true, false) => t.not_like(p),
                    (false, true) => t.ilike(p),
                    (true, true) => t.not_ilike(p),
                }
            }
            BoolSpec::Contains(x, needle) => self.text(x)?.contains(needle),
            BoolSpec::Exists(t, filter, negated) => {
                let inner = self.aliased(*t);
                let q = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select([lit(1)]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                if *negated { not_exists(q) } else { exists(q) }
            }
            BoolSpec::InQuery(x, t, c, filter, negated) => {
                let x = self.int(x)?;
                let inner = self.aliased(*t);
                let cols = int_columns(*t);
                let column = inner.c(cols[*c as usize % cols.len()])?;
                let q = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select([column]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                if *negated { x.not_in_query(q) } else { x.in_query(q) }
            }
            BoolSpec::RowEq(a, b, c, d) => tuple([self.int(a)?, self.int(b)?]).eq(tuple([self.int(c)?, self.int(d)?])),
        })
    }

    fn from(&mut self, from: &FromSpec) -> Result<(Select, Vec<InScope>)> {
        let base = Select::new(Vec::new());
        Ok(match from {
            FromSpec::Single(t) => {
                let r = self.aliased(*t);
                (base.from(r.clone()), vec![InScope::Table(r, *t)])
            }
            FromSpec::JoinFk => {
                let (b, a) = (self.aliased(TableSpec::B), self.aliased(TableSpec::A));
                (
                    base.from(b.clone()).join(a.clone()),
                    vec![InScope::Table(b, TableSpec::B), InScope::Table(a, TableSpec::A)],
                )
            }
            FromSpec::LeftJoinFk => {
                let (a, b) = (self.aliased(TableSpec::A), self.aliased(TableSpec::B));
                (
                    base.from(a.clone()).left_join(b.clone()),
                    vec![InScope::Table(a, TableSpec::A), InScope::Table(b, TableSpec::B)],
                )
            }
            FromSpec::JoinOn(l, r, on) => {
                let (lt, rt) = (self.aliased(*l), self.aliased(*r));
                let tables = vec![InScope::Table(lt.clone(), *l), InScope::Table(rt.clone(), *r)];
                let on = self.scoped(tables.clone(), |b| b.boolean(on))?;
                (base.from(lt).join_on(rt, on), tables)
            }
            FromSpec::Cross(l, r) => {
                let (lt, rt) = (self.aliased(*l), self.aliased(*r));
                let tables = vec![InScope::Table(lt.clone(), *l), InScope::Table(rt.clone(), *r)];
                (base.from(lt).cross_join(rt), tables)
            }
            FromSpec::Derived(t, filter) => {
                let inner = self.aliased(*t);
                let mut columns = int_columns(*t).to_vec();
                columns.push(text_column(*t));
                columns.push(bool_column(*t));
                let mut exprs = Vec::new();
                for c in columns {
                    exprs.push(inner.c(c)?);
                }
                let body = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select(exprs).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                let d = body.alias(self.alias("d"));
                (base.from(d.clone()), vec![InScope::Derived(d, *t)])
            }
        })
    }

    fn select(&mut self, s: &SelectSpec) -> Result<Select> {
        let (mut q, tables) = self.from(&s.from)?;
        self.scoped(tables, |b| {
            let mut outputs = Vec::new();
            match &s.shape {
                ShapeSpec::Plain(columns) => {
                    for (i, c) in columns.iter().take(5).enumerate() {
                        let e = match c {
                            ColumnSpec::Int(e) => b.int(e)?,
                            ColumnSpec::Text(e) => b.text(e)?,
                            ColumnSpec::Bool(e) => b.boolean(e)?,
                            ColumnSpec::Window(w) => b.window(w)?,
                        };
                        outputs.push(e.label(format!("c{i}")));
                    }
                    if outputs.is_empty() {
                        outputs.push(b.int_col((0, 0))?.label("c0"));
                    }
                }
                ShapeSpec::Grouped { keys, aggs, having } => {
                    let mut group = Vec::new();
                    for k in keys.iter().take(3) {
                        let key = b.int_col(*k)?;
                        if !group.contains(&key) {
                            group.push(key);
                        }
                    }
                    for (i, k) in group.iter().enumerate() {
                        outputs.push(k.clone().label(format!("k{i}")));
                    }
                    for (i, a) in aggs.iter().take(4).enumerate() {
                        outputs.push(b.aggregate(a)?.label(format!("g{i}")));
                    }
                    if outputs.is_empty() {
                        outputs.push(func::count_star().label("g0"));
                    }
                    q = q.group_by(group);
                    if let Some((op, agg, v)) = having {
                        q = q.having(cmp(*op, b.aggregate(agg)?, val(i64::from(*v))));
                    }
                }
            }
            let mut filter = match &s.filter {
                Some(f) => Some(b.boolean(f)?),
                None => None,
            };
            if let Some(cte) = &s.cte {
                let (cte, member) = b.cte(cte)?;
                let probe = b.int_col((u8::MAX, 0))?.in_query(member);
                filter = Some(match filter {
                    Some(f) => f.and(probe),
                    None => probe,
                });
                q = q.with(cte);
            }
            if let Some(f) = filter {
                q = q.filter(f);
            }
            for (i, desc, nulls) in s.order.iter().take(3) {
                let target = outputs[*i as usize % outputs.len()].clone();
                let mut o = if *desc { target.desc() } else { target.asc() };
                o = match nulls {
                    Some(true) => o.nulls_first(),
                    Some(false) => o.nulls_last(),
                    None => o,
                };
                q = q.order_by(o);
            }
            q = q.columns(outputs);
            if s.distinct {
                q = q.distinct();
            }
            if let Some(n) = s.limit {
                q = q.limit(i64::from(n));
            }
            if let Some(n) = s.offset {
                q = q.offset(i64::from(n));
            }
            q = match s.lock {
                None => q,
                Some(LockSpec::Update) => q.for_update(),
                Some(LockSpec::Share) => q.for_share(),
                Some(LockSpec::UpdateNowait) => q.for_update().nowait(),
                Some(LockSpec::UpdateSkipLocked) => q.for_update().skip_locked(),
            };
            Ok(q)
        })
    }

    fn window(&mut self, w: &WindowSpec) -> Result<Expr> {
        let f = match w.func {
            WindowFunc::RowNumber => func::row_number(),
            WindowFunc::Rank => func::rank(),
            WindowFunc::DenseRank => func::dense_rank(),
            WindowFunc::Sum(c) => func::sum(self.int_col(c)?),
            WindowFunc::CountStar => func::count_star(),
            WindowFunc::Lag(c) => func::lag(self.int_col(c)?, 1),
        };
        let mut window = Window::new();
        if let Some(p) = w.partition {
            window = window.partition_by([self.int_col(p)?]);
        }
        match w.order {
            Some((c, true)) => window = window.order_by(self.int_col(c)?.desc()),
            Some((c, false)) => window = window.order_by(self.int_col(c)?.asc()),
            // Ranking functions need an order to mean anything; order by the first key.
            None => window = window.order_by(self.int_col((0, 0))?),
        }
        Ok(f.over(window))
    }

    fn aggregate(&mut self, a: &AggSpec) -> Result<Expr> {
        Ok(match a {
            AggSpec::CountStar => func::count_star(),
            AggSpec::Count(c) => func::count(self.int_col(*c)?),
            AggSpec::CountDistinct(c) => func::count_distinct(self.int_col(*c)?),
            AggSpec::Sum(c) => func::sum(self.int_col(*c)?),
            AggSpec::Min(c) => func::min(self.int_col(*c)?),
            AggSpec::MaxText(t) => func::max(self.text_col(*t)?),
            AggSpec::CountFilter(f) => {
                // The condition may not hold a subquery inside an aggregate on every engine;
                // keep it to columns of this level.
                let cond = self.boolean(&without_subqueries(f))?;
                func::count_star().filter_where(cond)
            }
        })
    }

    /// The CTE and a query over it yielding one integer column. A CTE cannot see the tables
    /// of the statement it is attached to: its body is built with an empty scope.
    fn cte(&mut self, c: &CteSpec) -> Result<(Cte, Select)> {
        let outer = std::mem::take(&mut self.scope);
        let out = self.cte_body(c);
        self.scope = outer;
        out
    }

    fn cte_body(&mut self, c: &CteSpec) -> Result<(Cte, Select)> {
        match c {
            CteSpec::Plain(t, filter) => {
                let inner = self.aliased(*t);
                let id = inner.c("id")?;
                let body = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let mut q = select([id]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                let name = self.alias("w");
                let cte = Cte::new(name, ["id"]).query(body);
                let ct = cte.table();
                let member = select([ct.c("id")?]).from(ct);
                Ok((cte, member))
            }
            CteSpec::Counter(k) => {
                let name = self.alias("r");
                let cte = Cte::new(name, ["n"]).recursive();
                let ct = cte.table();
                let step = select([ct.c("n")?.add(lit(1))]).from(ct.clone()).filter(ct.c("n")?.lt(i64::from(*k)));
                let cte = cte.query(select([lit(1)]).union_all(step));
                let member = select([ct.c("n")?]).from(ct);
                Ok((cte, member))
            }
        }
    }

    fn compound(&mut self, c: &CompoundSpec) -> Result<Query> {
        self.nested(
            || select([lit(1).label("v")]).into(),
            |b| {
                let left = b.operand(&c.left)?;
                let right = b.operand(&c.right)?;
                let mut q = match c.op {
                    SetOpSpec::Union => left.union(right),
                    SetOpSpec::UnionAll => left.union_all(right),
                    SetOpSpec::Intersect => left.intersect(right),
                    SetOpSpec::IntersectAll => left.intersect_all(right),
                    SetOpSpec::Except => left.except(right),
                    SetOpSpec::ExceptAll => left.except_all(right),
                };
                if let Some(desc) = c.order {
                    q = q.order_by(if desc { col("v").desc() } else { col("v").asc() });
                }
                if let Some(n) = c.limit {
                    q = q.limit(i64::from(n));
                }
                Ok(q.into())
            },
        )
    }

    fn operand(&mut self, o: &OperandSpec) -> Result<Query> {
        match o {
            OperandSpec::Select { table: t, value, filter, limit } => {
                let inner = self.aliased(*t);
                let q = self.scoped(vec![InScope::Table(inner.clone(), *t)], |b| {
                    let v = b.int(value)?.label("v");
                    let mut q = select([v.clone()]).from(inner.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    if let Some(n) = limit {
                        q = q.order_by(v).limit(i64::from(*n));
                    }
                    Ok(q)
                })?;
                Ok(q.into())
            }
            OperandSpec::Nested(c) => self.compound(c),
        }
    }

    fn insert(&mut self, i: &InsertSpec) -> Result<Insert> {
        let target = table(i.table);
        let mut ins = insert(target.clone());
        ins = match i.table {
            TableSpec::A => ins.columns(["x", "s", "flag"]),
            TableSpec::B => ins.columns(["a_id", "n", "t", "ok"]),
        };
        match &i.source {
            InsertSource::Values(rows) => {
                let mut any = false;
                for (n, t, f) in rows.iter().take(4) {
                    let mut row = Vec::new();
                    if i.table == TableSpec::B {
                        row.push(null());
                    }
                    row.push(self.int(n)?);
                    row.push(self.text(t)?);
                    row.push(self.boolean(f)?);
                    ins = ins.row(row);
                    any = true;
                }
                if !any {
                    ins = ins.row(match i.table {
                        TableSpec::A => vec![val(1), val("one"), val(true)],
                        TableSpec::B => vec![null(), val(1), val("one"), val(true)],
                    });
                }
            }
            InsertSource::Select(filter) => {
                let other = match i.table {
                    TableSpec::A => TableSpec::B,
                    TableSpec::B => TableSpec::A,
                };
                let src = self.aliased(other);
                let mut columns = Vec::new();
                if i.table == TableSpec::B {
                    columns.push(src.c("id")?);
                }
                let ints = int_columns(other);
                columns.push(src.c(ints[ints.len() - 1])?);
                columns.push(src.c(text_column(other))?);
                columns.push(src.c(bool_column(other))?);
                let q = self.scoped(vec![InScope::Table(src.clone(), other)], |b| {
                    let mut q = select(columns).from(src.clone());
                    if let Some(f) = filter {
                        q = q.filter(b.boolean(f)?);
                    }
                    Ok(q)
                })?;
                ins = ins.select(q);
            }
        }
        ins = match &i.upsert {
            None => ins,
            Some(UpsertSpec::Nothing) => ins.on_conflict(["id"]),
            Some(UpsertSpec::UpdateFromExcluded) => {
                let (column, other) = match i.table {
                    TableSpec::A => ("x", "x"),
                    TableSpec::B => ("n", "n"),
                };
                ins.on_conflict(["id"]).do_update_set(column, excluded(other))
            }
            Some(UpsertSpec::UpdateText(s)) => {
                ins.on_conflict(["id"]).do_update_set(text_column(i.table), val(s.as_str()))
            }
        };
        if i.returning {
            ins = ins.returning([target.c("id")?]);
        }
        Ok(ins)
    }

    fn update(&mut self, u: &UpdateSpec) -> Result<Update> {
        let target = table(u.table);
        let here = InScope::Table(TableRef::from(&target), u.table);
        self.scoped(vec![here], |b| {
            let mut up = update(target.clone());
            let ints = int_columns(u.table);
            let int_target = ints[ints.len() - 1];
            let mut any = false;
            if let Some(e) = &u.set_int {
                up = up.set(int_target, b.int(e)?);
                any = true;
            }
            if let Some(e) = &u.set_text {
                up = up.set(text_column(u.table), b.text(e)?);
                any = true;
            }
            if let Some(e) = &u.set_bool {
                up = up.set(bool_column(u.table), b.boolean(e)?);
                any = true;
            }
            if !any {
                up = up.set(int_target, target.c(int_target)?);
            }
            if let Some(f) = &u.filter {
                up = up.filter(b.boolean(f)?);
            }
            if u.returning {
                up = up.returning([target.c("id")?, target.c(int_target)?]);
            }
            Ok(up)
        })
    }

    fn delete(&mut self, d: &DeleteSpec) -> Result<Delete> {
        let target = table(d.table);
        let here = InScope::Table(TableRef::from(&target), d.table);
        self.scoped(vec![here], |b| {
            let mut del = delete(target.clone());
            if let Some(f) = &d.filter {
                del = del.filter(b.boolean(f)?);
            }
            if d.returning {
                del = del.returning([target.c("id")?]);
            }
            Ok(del)
        })
    }
}

fn cmp(op: CmpOp, l: Expr, r: Expr) -> Expr {
    match op {
        CmpOp::Eq => l.eq(r),
        CmpOp::Ne => l.ne(r),
        CmpOp::Lt => l.lt(r),
        CmpOp::Le => l.le(r),
        CmpOp::Gt => l.gt(r),
        CmpOp::Ge => l.ge(r),
    }
}

/// A boolean spec with its subqueries replaced by constants.
fn without_subqueries(b: &BoolSpec) -> BoolSpec {
    match b {
        BoolSpec::Exists(..) | BoolSpec::InQuery(..) => BoolSpec::Param(true),
        BoolSpec::CmpInt(op, l, r) => BoolSpec::CmpInt(*op, Box::new(int_without(l)), Box::new(int_without(r))),
        BoolSpec::Not(x) => BoolSpec::Not(Box::new(without_subqueries(x))),
        BoolSpec::And(t) => BoolSpec::And(t.iter().map(without_subqueries).collect()),
        BoolSpec::Or(t) => BoolSpec::Or(t.iter().map(without_subqueries).collect()),
        BoolSpec::Col(_) | BoolSpec::Param(_) => b.clone(),
        // Anything else may nest a subquery in an operand: keep it simple.
        _ => BoolSpec::Col(0),
    }
}

fn int_without(e: &IntSpec) -> IntSpec {
    match e {
        IntSpec::Col(..) | IntSpec::Param(_) | IntSpec::Lit(_) | IntSpec::Null => e.clone(),
        _ => IntSpec::Col(0, 1),
    }
}
