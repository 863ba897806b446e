//! The `schema_diff` property: for a random schema A holding random rows and a random schema
//! B made from A by changes that keep the rows valid (columns added, dropped, renamed with a
//! hint, widened, made nullable; indexes added and dropped; tables added and dropped; a
//! foreign key added), applying `diff(A, B)` on a live engine:
//! 1. succeeds;
//! 2. leaves a database whose reflection diffs empty against B, both ways, and has B's
//!    columns in B's order with B's types (as the engine keeps them) and nullability;
//! 3. keeps every value of every column that survives from A to B (renamed columns under
//!    their new name), row by row.

use crate::{SplitMix64, Violation};
use sqlcore::diff::{self, Diff};
use sqlcore::dsl::{col, insert, select};
use sqlcore::prelude::*;
use sqlcore::schema::ForeignKey;

const PROPERTY: &str = "schema_diff";

/// One case: the two schemas, the rows of A, and the column renames B was made with.
#[derive(Debug, Clone)]
pub struct DiffCase {
    /// The schema the database starts with.
    pub a: MetaData,
    /// The schema the plan makes.
    pub b: MetaData,
    /// Rows of A's tables: table name, the columns, the rows (the key column first).
    pub rows: Vec<(String, Vec<String>, Vec<Vec<Value>>)>,
    /// `(table, current column, new column)`.
    pub renames: Vec<(String, String, String)>,
}

/// A column being generated: name, type, nullability, server default.
#[derive(Debug, Clone)]
struct Col {
    name: String,
    ty: SqlType,
    nullable: bool,
    default: Option<Value>,
}

impl Col {
    fn column(&self) -> Column {
        let mut c = Column::new(self.name.clone(), self.ty.clone());
        c = if self.nullable { c.nullable() } else { c.not_null() };
        if let Some(d) = &self.default {
            c = c.server_default(d.clone());
        }
        c
    }
}

/// A table being generated.
#[derive(Debug, Clone)]
struct Tab {
    name: String,
    cols: Vec<Col>,
    /// Index name and its column.
    indexes: Vec<(String, String)>,
    /// A foreign key `ref_id -> t0.id`.
    fk: bool,
}

impl Tab {
    fn table(&self) -> Table {
        let mut b = Table::builder(self.name.clone())
            .column(Column::new("id", SqlType::Integer).primary_key().autoincrement(false));
        for c in &self.cols {
            b = b.column(c.column());
        }
        if self.fk {
            b = b.foreign_key(ForeignKey::new(["ref_id"], "t0", ["id"]));
        }
        for (name, column) in &self.indexes {
            b = b.index(name.clone(), [column.clone()]);
        }
        b.build()
    }
}

fn pick<'a, T>(rng: &mut SplitMix64, items: &'a [T]) -> &'a T {
    &items[(rng.next_u64() as usize) % items.len()]
}

fn chance(rng: &mut SplitMix64, percent: u64) -> bool {
    rng.next_u64() % 100 < percent
}

fn random_type(rng: &mut SplitMix64) -> SqlType {
    match rng.next_u64() % 7 {
        0 => SqlType::SmallInt,
        1 => SqlType::Integer,
        2 => SqlType::BigInt,
        3 => SqlType::Varchar(10 + (rng.next_u64() % 30) as u32),
        4 => SqlType::Text,
        5 => SqlType::Numeric(10, 2),
        _ => SqlType::Double,
    }
}

/// A value of `ty` (NULL sometimes when `nullable`).
fn random_value(rng: &mut SplitMix64, ty: &SqlType, nullable: bool) -> Value {
    if nullable && chance(rng, 20) {
        return Value::Null;
    }
    let n = (rng.next_u64() % 20_000) as i64 - 10_000;
    match ty {
        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => Value::Int(n),
        SqlType::Double => Value::Float(n as f64 + 0.5),
        SqlType::Numeric(..) => Value::Decimal(
            format!("{}.{:02}", n, n.unsigned_abs() % 100).parse().unwrap_or_else(|_| sqlcore::Decimal::from(n)),
        ),
        SqlType::Varchar(len) => {
            let pieces = ["a", "Zé", "o'k", "ü", "x y", "\"q\"", "9"];
            let mut s = String::new();
            while s.chars().count() + 3 < *len as usize && chance(rng, 70) {
                s.push_str(pick::<&str>(rng, &pieces));
            }
            Value::from(s)
        }
        _ => Value::from(format!("text {n} ñ")),
    }
}

fn default_for(rng: &mut SplitMix64, ty: &SqlType) -> Option<Value> {
    match ty {
        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => Some(Value::Int((rng.next_u64() % 100) as i64)),
        SqlType::Varchar(_) => Some(Value::from("dflt")),
        _ => None,
    }
}

/// A random case from `rng`.
pub fn generate(rng: &mut SplitMix64) -> DiffCase {
    let table_count = 1 + (rng.next_u64() % 3) as usize;
    let mut tabs: Vec<Tab> = Vec::new();
    for t in 0..table_count {
        let mut cols = Vec::new();
        for c in 0..1 + rng.next_u64() % 4 {
            let ty = random_type(rng);
            let nullable = chance(rng, 70);
            let default = if nullable { None } else { default_for(rng, &ty) };
            cols.push(Col { name: format!("c{c}"), ty, nullable, default });
        }
        let fk = t > 0 && chance(rng, 40);
        if fk {
            cols.push(Col { name: "ref_id".into(), ty: SqlType::Integer, nullable: true, default: None });
        }
        let mut indexes = Vec::new();
        let indexable_cols: Vec<&Col> = cols.iter().filter(|c| indexable(&c.ty)).collect();
        if !indexable_cols.is_empty() && chance(rng, 40) {
            let c = pick(rng, &indexable_cols).name.clone();
            indexes.push((format!("ix_t{t}_{c}"), c));
        }
        tabs.push(Tab { name: format!("t{t}"), cols, indexes, fk });
    }
    // Rows of A: keys 1..=n; a foreign key points at t0's keys or is NULL.
    let t0_rows = 1 + rng.next_u64() % 5;
    let mut rows = Vec::new();
    for tab in &tabs {
        let count = if tab.name == "t0" { t0_rows } else { rng.next_u64() % 6 };
        let mut columns = vec!["id".to_owned()];
        columns.extend(tab.cols.iter().map(|c| c.name.clone()));
        let table_rows: Vec<Vec<Value>> = (1..=count)
            .map(|id| {
                let mut row = vec![Value::Int(id as i64)];
                for c in &tab.cols {
                    row.push(if c.name == "ref_id" {
                        if chance(rng, 50) { Value::Int(1 + (rng.next_u64() % t0_rows) as i64) } else { Value::Null }
                    } else {
                        random_value(rng, &c.ty, c.nullable)
                    });
                }
                row
            })
            .collect();
        rows.push((tab.name.clone(), columns, table_rows));
    }
    let a = metadata(&tabs);
    let mut renames = Vec::new();
    let changes = 1 + rng.next_u64() % 3;
    for _ in 0..changes {
        mutate(rng, &mut tabs, &mut renames);
    }
    DiffCase { a, b: metadata(&tabs), rows, renames }
}

fn metadata(tabs: &[Tab]) -> MetaData {
    let mut m = MetaData::new();
    for t in tabs {
        // Names are unique by construction.
        let _ = m.add(t.table());
    }
    m
}

/// One change that keeps A's rows valid in B.
fn mutate(rng: &mut SplitMix64, tabs: &mut Vec<Tab>, renames: &mut Vec<(String, String, String)>) {
    let serial = rng.next_u64() % 1000;
    let kind = rng.next_u64() % 9;
    match kind {
        7 => {
            if !tabs.iter().any(|t| t.name == "t9") {
                tabs.push(Tab {
                    name: "t9".into(),
                    cols: vec![Col { name: "v".into(), ty: SqlType::Text, nullable: true, default: None }],
                    indexes: Vec::new(),
                    fk: false,
                });
            }
            return;
        }
        8 => {
            // Foreign keys point at t0 only: any other table can go.
            if let Some(k) = tabs.iter().rposition(|t| t.name != "t0") {
                let name = tabs.remove(k).name;
                renames.retain(|(t, _, _)| *t != name);
            }
            return;
        }
        _ => {}
    }
    let i = (rng.next_u64() as usize) % tabs.len();
    let tab = &mut tabs[i];
    let renamed = |t: &str, c: &str| renames.iter().any(|(rt, from, to)| rt == t && (from == c || to == c));
    let indexed = |tab: &Tab, c: &str| tab.indexes.iter().any(|(_, ic)| ic == c);
    match kind {
        0 => {
            let ty = random_type(rng);
            let default = default_for(rng, &ty).filter(|_| chance(rng, 50));
            let nullable = default.is_none() || chance(rng, 50);
            tab.cols.push(Col { name: format!("n{serial}"), ty, nullable, default });
        }
        1 => {
            // Drop a plain column (not the foreign key's), with its index.
            let candidates: Vec<usize> = (0..tab.cols.len())
                .filter(|&k| tab.cols[k].name != "ref_id" && !renamed(&tab.name, &tab.cols[k].name))
                .collect();
            if !candidates.is_empty() {
                let k = candidates[(serial as usize) % candidates.len()];
                let name = tab.cols.remove(k).name;
                tab.indexes.retain(|(_, c)| *c != name);
            }
        }
        2 | 3 => {
            let k = (0..tab.cols.len()).find(|&k| widen(&tab.cols[k].ty, indexed(tab, &tab.cols[k].name)).is_some());
            if let Some(k) = k {
                let is_indexed = indexed(tab, &tab.cols[k].name);
                if let Some(ty) = widen(&tab.cols[k].ty, is_indexed) {
                    tab.cols[k].ty = ty;
                }
            }
        }
        4 => {
            if let Some(c) = tab.cols.iter_mut().find(|c| !c.nullable) {
                c.nullable = true;
            }
        }
        5 => {
            if !tab.indexes.is_empty() {
                tab.indexes.clear();
            } else if let Some(c) = tab.cols.iter().find(|c| indexable(&c.ty)) {
                let c = c.name.clone();
                tab.indexes.push((format!("ix_{}_{c}_{serial}", tab.name), c));
            }
        }
        _ => {
            // Rename one of A's columns that no hint names yet.
            let name = tab.name.clone();
            let k = (0..tab.cols.len()).find(|&k| {
                let c = &tab.cols[k].name;
                c.starts_with('c') && !renamed(&name, c)
            });
            if let Some(k) = k {
                let from = tab.cols[k].name.clone();
                let to = format!("r{serial}_{from}");
                for ix in &mut tab.indexes {
                    if ix.1 == from {
                        ix.1.clone_from(&to);
                    }
                }
                tab.cols[k].name.clone_from(&to);
                renames.push((name, from, to));
            }
        }
    }
}

/// Whether every engine indexes a column of `ty` without a prefix length (MySQL cannot
/// index TEXT whole).
fn indexable(ty: &SqlType) -> bool {
    !ty.is_unbounded()
}

/// A wider type holding every value of `ty` (not an unbounded one for an indexed column).
fn widen(ty: &SqlType, indexed: bool) -> Option<SqlType> {
    match ty {
        SqlType::SmallInt => Some(SqlType::Integer),
        SqlType::Integer => Some(SqlType::BigInt),
        SqlType::Varchar(n) if *n < 60 || indexed => Some(SqlType::Varchar(n + 20)),
        SqlType::Varchar(_) => Some(SqlType::Text),
        SqlType::Numeric(p, s) => Some(SqlType::Numeric(p + 2, *s)),
        _ => None,
    }
}

fn fail(detail: impl Into<String>) -> Violation {
    Violation::new(PROPERTY, detail)
}

/// Values compared across engines: booleans and whole numbers as integers, decimals and
/// floats as floats rounded to nine places.
fn normal(v: &Value) -> Value {
    let number = match v {
        Value::Decimal(d) => d.as_str().parse::<f64>().ok(),
        Value::Float(f) => Some(*f),
        Value::Int(n) => return Value::Int(*n),
        _ => None,
    };
    match number {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(f as i64),
        Some(f) => Value::Float((f * 1e9).round() / 1e9),
        None => v.clone(),
    }
}

/// Runs `case` on `conn` (an empty schema of its own), leaving it empty again.
///
/// # Errors
/// The property's violation.
pub fn check_on(case: &DiffCase, conn: &mut dyn Connection) -> Result<(), Violation> {
    let left = conn.table_names().map_err(|e| fail(format!("table names: {e}")))?;
    if !left.is_empty() {
        return Err(fail(format!("the schema is not empty before the case: {left:?}")));
    }
    let out = run(case, conn);
    let cleanup = conn.drop_all(&case.b).and_then(|()| conn.drop_all(&case.a));
    out?;
    cleanup.map_err(|e| fail(format!("cleanup: {e}")))
}

fn run(case: &DiffCase, conn: &mut dyn Connection) -> Result<(), Violation> {
    let name = conn.dialect().describe();
    conn.create_all(&case.a).map_err(|e| fail(format!("{name}: create A: {e}")))?;
    for (table, columns, rows) in &case.rows {
        if rows.is_empty() {
            continue;
        }
        let t = case.a.table(table).map_err(|e| fail(e.to_string()))?;
        let stmt = insert(t).columns(columns.iter().cloned()).rows(rows.iter().cloned());
        conn.execute(&stmt).map_err(|e| fail(format!("{name}: seed {table}: {e}")))?;
    }
    let mut d = Diff::new(&case.a, &case.b);
    for (t, from, to) in &case.renames {
        d = d.rename_column(t.clone(), from.clone(), to.clone());
    }
    let plan = d.plan().map_err(|e| fail(format!("plan: {e}")))?;
    match diff::apply(conn, &plan) {
        Ok(()) => {}
        // A plan the engine cannot carry out (MySQL: a BIGINT referencing an INT) is refused
        // before any statement runs: the database is still A.
        Err(sqlcore::Error::InvalidSchema(_)) => return still_a(case, conn, &name, &plan),
        Err(e) => return Err(fail(format!("{name}: apply failed: {e}\nplan:\n{plan}"))),
    }

    let live = conn.reflect_all().map_err(|e| fail(format!("{name}: reflect: {e}")))?;
    for (from, to, what) in [(&live, &case.b, "reflected -> B"), (&case.b, &live, "B -> reflected")] {
        let left = Diff::new(from, to).for_dialect(conn.dialect()).plan().map_err(|e| fail(e.to_string()))?;
        if !left.is_empty() {
            return Err(fail(format!("{name}: {what} is not empty after applying:\n{plan}\nleft:\n{left}")));
        }
    }
    for table in case.b.tables() {
        let got = live.table(table.name()).map_err(|_| fail(format!("{name}: table {} missing", table.name())))?;
        let shape = |t: &Table| -> Vec<(String, SqlType, bool)> {
            t.columns()
                .map(|c| {
                    (
                        c.name.to_string(),
                        conn.dialect()
                            .reflected_type(&c.ty, t.def().autoincrement_column().is_some_and(|a| a.name == c.name)),
                        c.nullable && !c.primary_key,
                    )
                })
                .collect()
        };
        if shape(got) != shape(table) {
            return Err(fail(format!(
                "{name}: {} reflects as {:?}, B has {:?}",
                table.name(),
                shape(got),
                shape(table)
            )));
        }
    }
    kept_values(case, conn, &name)
}

/// After a refused plan: the live schema is A and every row is as stored.
fn still_a(
    case: &DiffCase,
    conn: &mut dyn Connection,
    name: &str,
    plan: &sqlcore::diff::Plan,
) -> Result<(), Violation> {
    let live = conn.reflect_all().map_err(|e| fail(format!("{name}: reflect: {e}")))?;
    let left = Diff::new(&live, &case.a).for_dialect(conn.dialect()).plan().map_err(|e| fail(e.to_string()))?;
    if !left.is_empty() {
        return Err(fail(format!("{name}: a refused plan changed the schema:\n{plan}\nleft:\n{left}")));
    }
    let unchanged = DiffCase { b: case.a.clone(), renames: Vec::new(), ..case.clone() };
    kept_values(&unchanged, conn, name)
}

/// Every value of a column that survives from A to B is unchanged, row by row.
fn kept_values(case: &DiffCase, conn: &mut dyn Connection, name: &str) -> Result<(), Violation> {
    for (table, columns, rows) in &case.rows {
        let Ok(target) = case.b.table(table) else { continue };
        // The surviving columns: (position in A's row, name in B).
        let kept: Vec<(usize, String)> = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let to =
                    case.renames.iter().find(|(t, from, _)| t == table && from == c).map_or(c.clone(), |r| r.2.clone());
                target.column(&to).ok().map(|_| (i, to))
            })
            .collect();
        let query =
            select(kept.iter().map(|(_, c)| col(c.clone())).collect::<Vec<_>>()).from(target).order_by(col("id"));
        let got = conn.all(&query).map_err(|e| fail(format!("{name}: read {table}: {e}")))?;
        if got.len() != rows.len() {
            return Err(fail(format!("{name}: {table} has {} rows, {} were inserted", got.len(), rows.len())));
        }
        for (row, expected) in got.iter().zip(rows) {
            for (k, (i, column)) in kept.iter().enumerate() {
                let value = row.values().get(k).map(normal);
                let want = expected.get(*i).map(normal);
                if value != want {
                    return Err(fail(format!("{name}: {table}.{column}: {value:?} where {want:?} was stored")));
                }
            }
        }
    }
    Ok(())
}
