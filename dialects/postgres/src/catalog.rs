//! Reading a PostgreSQL schema back into sqlcore's model, from `pg_catalog`.
//!
//! Every query names its table by bound parameters (the table's name, and the schema's when
//! one is given; otherwise `current_schema()`), never by SQL text, so any name works, case,
//! quotes and all. Arrays (`conkey`, `indkey`) are unnested into one row per position,
//! in key order, because the driver reads scalar values only.
//!
//! What is not read, because the model has no place for it: expression and partial indexes,
//! exclusion constraints (and the indexes behind them), generated columns' expressions (a
//! generated column reads as a plain column), deferrability, and a foreign key's target
//! schema (only the target table's name is kept).

use sqlcore::Error;
use sqlcore::Ident;
use sqlcore::Result;
use sqlcore::Row;
use sqlcore::Value;
use sqlcore::reflect::sql_text::{is_number, strip_outer_parens};
use sqlcore::reflect::{Catalog, RunQuery};
use sqlcore::schema::{Column, FkAction, ForeignKey, Index, SqlType, Table, TableBuilder};

/// PostgreSQL's catalog: `pg_class`, `pg_attribute`, `pg_attrdef`, `pg_constraint` and
/// `pg_index`, as every supported version (10 and later) has them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PostgresCatalog;

/// The condition picking the schema: `$2` when a schema is given, else the current one.
fn schema_condition(schema: Option<&str>) -> &'static str {
    if schema.is_some() { "n.nspname::text = $2" } else { "n.nspname = pg_catalog.current_schema()" }
}

/// The parameters of a per-table query: the table's name, then the schema's if given.
fn table_params(name: &str, schema: Option<&str>) -> Vec<Value> {
    let mut params = vec![Value::from(name)];
    params.extend(schema.map(Value::from));
    params
}

/// A `WITH t AS (...)` naming the table's oid, the prefix of every per-table query: each
/// query then stands alone (no oid is bound, so no parameter needs the `oid` type).
fn table_cte(schema: Option<&str>) -> String {
    format!(
        "WITH t AS (SELECT c.oid FROM pg_catalog.pg_class c \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND c.relname::text = $1 AND {}) ",
        schema_condition(schema)
    )
}

/// One row per column, in ordinal order: name, `format_type` text, NOT NULL, the identity
/// letter (`a` / `d`, empty when none), the default's SQL and the generated letter.
const COLUMNS: &str = "SELECT a.attname::text AS name, \
     pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_text, \
     a.attnotnull AS not_null, a.attidentity::text AS identity, \
     pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_sql, a.attgenerated::text AS generated \
     FROM pg_catalog.pg_attribute a JOIN t ON a.attrelid = t.oid \
     LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

/// One row per constraint column (in key order; one row with NULL columns for a check
/// naming none): the constraint's oid, name, kind letter, FK action letters, target table,
/// column and target column, and a check's condition.
const CONSTRAINTS: &str = "SELECT con.oid::bigint AS id, con.conname::text AS name, \
     con.contype::text AS kind, con.confdeltype::text AS on_delete, \
     con.confupdtype::text AS on_update, rc.relname::text AS ref_table, \
     k.ord AS position, a.attname::text AS column_name, ra.attname::text AS ref_column, \
     CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS check_def \
     FROM pg_catalog.pg_constraint con JOIN t ON con.conrelid = t.oid \
     LEFT JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(num, ref_num, ord) ON true \
     LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num \
     LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid \
     LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.ref_num \
     WHERE con.contype IN ('p', 'f', 'u', 'c') \
     ORDER BY con.conname, con.oid, k.ord";

/// One row per key column of each user index (in key order): the index's name, unique
/// flag, the column (NULL for an expression) and its DESC bit (`indoption` bit 0, the
/// int2vector subscripted from 0). Indexes implementing a primary key, unique or exclusion
/// constraint are left out (they are the constraints), and so are partial ones (the model
/// has no predicate). INCLUDE columns are past `indnkeyatts` and are not keys.
const INDEXES: &str = "SELECT ic.relname::text AS name, i.indisunique AS is_unique, k.ord AS position, \
     a.attname::text AS column_name, \
     ((i.indoption[(k.ord - 1)::int]::int & 1) = 1) AS descending \
     FROM pg_catalog.pg_index i JOIN t ON i.indrelid = t.oid \
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(num, ord) \
     LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num > 0 \
     WHERE NOT i.indisprimary AND i.indpred IS NULL AND k.ord <= i.indnkeyatts \
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con \
         WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) \
     ORDER BY ic.relname, k.ord";

impl Catalog for PostgresCatalog {
    fn table_names(&self, run: &mut RunQuery<'_>, schema: Option<&str>) -> Result<Vec<Ident>> {
        let sql = format!(
            "SELECT c.relname::text AS name FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND {}",
            // `$2` is the only parameter here: the name query has no table name.
            schema_condition(schema).replace("$2", "$1")
        );
        let params: Vec<Value> = schema.map(Value::from).into_iter().collect();
        run(&sql, &params)?.iter().map(|row| row.get::<String>(0).map(Ident::from)).collect()
    }

    fn reflect_table(&self, run: &mut RunQuery<'_>, name: &str, schema: Option<&str>) -> Result<Option<Table>> {
        let cte = table_cte(schema);
        let params = table_params(name, schema);
        let columns = run(&format!("{cte}{COLUMNS}"), &params)?;
        // No columns usually means no table, but PostgreSQL allows a table without columns:
        // only then is the oid asked for, to tell the two apart.
        if columns.is_empty() && run(&format!("{cte}SELECT oid::bigint FROM t"), &params)?.is_empty() {
            return Ok(None);
        }
        let mut b = Table::builder(name.to_string());
        for row in &columns {
            b = b.column(column(row)?);
        }
        let constraint_rows = run(&format!("{cte}{CONSTRAINTS}"), &params)?;
        for rows in &group_rows(&constraint_rows, "id")? {
            b = add_constraint(b, name, rows)?;
        }
        let index_rows = run(&format!("{cte}{INDEXES}"), &params)?;
        for rows in &group_rows(&index_rows, "name")? {
            if let Some(index) = index(name, rows)? {
                b = b.add_index(index);
            }
        }
        Ok(Some(b.build()))
    }
}

/// Consecutive rows with the same value in `key`, each run one object (the queries order
/// by it).
fn group_rows<'r>(rows: &'r [Row], key: &str) -> Result<Vec<Vec<&'r Row>>> {
    let mut groups: Vec<(Value, Vec<&Row>)> = Vec::new();
    for row in rows {
        let k = row.value(key)?.clone();
        match groups.last_mut() {
            Some((last, group)) if *last == k => group.push(row),
            _ => groups.push((k, vec![row])),
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

/// One column from a [`COLUMNS`] row: an identity column, or one whose default draws from a
/// sequence (`serial`), is generated by the engine (autoincrement Yes, and the `nextval`
/// default is that mechanism, not a default).
fn column(row: &Row) -> Result<Column> {
    let name: String = row.get("name")?;
    let type_text: String = row.get("type_text")?;
    let not_null: bool = row.get("not_null")?;
    let identity: String = row.get::<Option<String>>("identity")?.unwrap_or_default();
    let generated: String = row.get::<Option<String>>("generated")?.unwrap_or_default();
    let default_sql: Option<String> = row.get("default_sql")?;
    let serial = default_sql.as_deref().is_some_and(|d| d.starts_with("nextval("));
    let engine_generated = matches!(identity.as_str(), "a" | "d") || serial;
    let mut col = Column::new(name, sql_type(&type_text)).autoincrement(engine_generated);
    col = if not_null { col.not_null() } else { col.nullable() };
    // A generated column's expression is in pg_attrdef too, but it is not a default.
    if let Some(sql) = default_sql.filter(|_| !serial && generated.is_empty()) {
        col = col.server_default_sql(normalize_default(&sql));
    }
    Ok(col)
}

/// `format_type`'s text as the `SqlType` whose DDL the dialect writes as it; any other
/// type (unmodified `numeric`, `varchar` without a length, `uuid`, arrays, enums, ...) is
/// `SqlType::Other` with that text, which the dialect writes back as is.
pub(crate) fn sql_type(text: &str) -> SqlType {
    let simple = match text {
        "smallint" => Some(SqlType::SmallInt),
        "integer" => Some(SqlType::Integer),
        "bigint" => Some(SqlType::BigInt),
        "real" => Some(SqlType::Real),
        "double precision" => Some(SqlType::Double),
        "text" => Some(SqlType::Text),
        "boolean" => Some(SqlType::Boolean),
        "date" => Some(SqlType::Date),
        "time without time zone" => Some(SqlType::Time),
        "timestamp without time zone" => Some(SqlType::Timestamp),
        "timestamp with time zone" => Some(SqlType::TimestampTz),
        "bytea" => Some(SqlType::Blob),
        "json" => Some(SqlType::Json),
        _ => None,
    };
    simple.or_else(|| modified_type(text)).unwrap_or_else(|| SqlType::Other(text.into()))
}

/// `numeric(p,s)`, `character varying(n)` and `character(n)`, when the modifiers fit the
/// model's (`u8` precision and scale, `u32` length).
fn modified_type(text: &str) -> Option<SqlType> {
    let (base, rest) = text.split_once('(')?;
    let args = rest.strip_suffix(')')?;
    match base {
        "numeric" => {
            let (p, s) = args.split_once(',')?;
            Some(SqlType::Numeric(p.trim().parse().ok()?, s.trim().parse().ok()?))
        }
        "character varying" => Some(SqlType::Varchar(args.parse().ok()?)),
        "character" => Some(SqlType::Char(args.parse().ok()?)),
        _ => None,
    }
}

/// The default's SQL as `pg_get_expr` gives it, normalised: redundant outer parentheses
/// and a string literal's cast removed (`'new'::character varying` → `'new'`), and a
/// quoted number cast to a numeric type unquoted (PostgreSQL keeps `-3` as
/// `'-3'::integer`). Anything else (`CURRENT_TIMESTAMP`, `now()`) stays as the engine
/// spells it.
pub(crate) fn normalize_default(sql: &str) -> String {
    let mut text = sql.trim();
    loop {
        if let Some(inner) = strip_outer_parens(text) {
            text = inner.trim();
            continue;
        }
        if let Some((literal, ty)) = split_cast_literal(text) {
            if is_numeric_type(ty) && is_number(&literal[1..literal.len() - 1]) {
                return literal[1..literal.len() - 1].to_string();
            }
            text = literal;
            continue;
        }
        return text.to_string();
    }
}

/// `'...'::type` as the quoted literal and the type name; `None` when `text` is not one
/// string literal with a cast.
fn split_cast_literal(text: &str) -> Option<(&str, &str)> {
    let end = quoted_literal_end(text)?;
    let (literal, rest) = text.split_at(end);
    let ty = rest.strip_prefix("::")?;
    plain_type_name(ty).then_some((literal, ty))
}

/// Whether `ty` reads as a type name as `format_type` writes one (`character varying`,
/// `"MyEnum"`, `public.t[]`), not the rest of an expression (`text || b`, `text IS NULL`).
fn plain_type_name(ty: &str) -> bool {
    let type_chars = ty.chars().all(|ch| ch.is_alphanumeric() || " _(),[]\".".contains(ch));
    let lower = format!(" {} ", ty.to_lowercase());
    let keyword = [" is ", " and ", " or ", " not ", " in ", " like ", " between ", " collate "]
        .iter()
        .any(|k| lower.contains(k));
    !ty.is_empty() && type_chars && !keyword
}

/// The byte length of the single-quoted literal `text` starts with (`''` is a quote in it).
fn quoted_literal_end(text: &str) -> Option<usize> {
    let body = text.strip_prefix('\'')?;
    let mut chars = body.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == '\'' {
            if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                chars.next();
            } else {
                return Some(i + 2);
            }
        }
    }
    None
}

/// Whether a cast to `ty` makes a number (so its quoted operand is a number's digits).
fn is_numeric_type(ty: &str) -> bool {
    matches!(ty, "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision")
}

/// The action of an FK action letter of `pg_constraint` (`confdeltype` / `confupdtype`).
fn fk_action(letter: &str, table: &str, constraint: &str) -> Result<FkAction> {
    match letter {
        "a" => Ok(FkAction::NoAction),
        "r" => Ok(FkAction::Restrict),
        "c" => Ok(FkAction::Cascade),
        "n" => Ok(FkAction::SetNull),
        "d" => Ok(FkAction::SetDefault),
        other => Err(Error::invalid_schema(format!(
            "foreign key `{constraint}` of table `{table}` has an unknown action `{other}` in pg_constraint"
        ))),
    }
}

/// The non-NULL values of `column` in `rows`, in order: a constraint's or index's columns.
fn column_list(rows: &[&Row], column: &str) -> Result<Vec<Ident>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(name) = row.get::<Option<String>>(column)? {
            out.push(Ident::from(name));
        }
    }
    Ok(out)
}

/// Adds one constraint (its rows from [`CONSTRAINTS`]) to the table being built.
fn add_constraint(b: TableBuilder, table: &str, rows: &[&Row]) -> Result<TableBuilder> {
    let Some(first) = rows.first() else { return Ok(b) };
    let name: String = first.get("name")?;
    let kind: String = first.get("kind")?;
    let columns = column_list(rows, "column_name")?;
    let missing = |what: &str| Error::invalid_schema(format!("{what} `{name}` of table `{table}` names no columns"));
    match kind.as_str() {
        "p" if columns.is_empty() => Err(missing("primary key")),
        "p" => Ok(b.primary_key(columns).primary_key_name(name)),
        "u" if columns.is_empty() => Err(missing("unique constraint")),
        "u" => Ok(b.unique_named(name, columns)),
        "f" => foreign_key(first, table, &name, columns, column_list(rows, "ref_column")?).map(|fk| b.foreign_key(fk)),
        "c" => {
            let def: String = first.get("check_def")?;
            Ok(b.check_named(name, sqlcore::dsl::text(check_condition(&def))))
        }
        other => Err(Error::invalid_schema(format!(
            "constraint `{name}` of table `{table}` has an unexpected kind `{other}`"
        ))),
    }
}

/// A foreign key from its first [`CONSTRAINTS`] row and its column lists.
fn foreign_key(first: &Row, table: &str, name: &str, columns: Vec<Ident>, refs: Vec<Ident>) -> Result<ForeignKey> {
    let ref_table: String = first.get("ref_table")?;
    if columns.is_empty() || columns.len() != refs.len() {
        return Err(Error::invalid_schema(format!(
            "foreign key `{name}` of table `{table}` has {} columns referencing {} of `{ref_table}`",
            columns.len(),
            refs.len()
        )));
    }
    let on_delete = fk_action(&first.get::<String>("on_delete")?, table, name)?;
    let on_update = fk_action(&first.get::<String>("on_update")?, table, name)?;
    Ok(ForeignKey::new(columns, ref_table, refs).name(name.to_string()).on_delete(on_delete).on_update(on_update))
}

/// A check's condition from `pg_get_constraintdef`: `CHECK (cond)` (maybe followed by
/// `NOT VALID` or `NO INHERIT`) as `cond`; any other shape is kept whole.
pub(crate) fn check_condition(def: &str) -> String {
    let mut text = def.trim();
    for suffix in [" NOT VALID", " NO INHERIT"] {
        text = text.strip_suffix(suffix).unwrap_or(text);
    }
    text.strip_prefix("CHECK ")
        .and_then(strip_outer_parens)
        .map_or_else(|| text.to_string(), |inner| inner.trim().to_string())
}

/// A user index from its rows of [`INDEXES`]; `None` for an index on an expression, which
/// the model (columns only) cannot hold.
fn index(table: &str, rows: &[&Row]) -> Result<Option<Index>> {
    let Some(first) = rows.first() else { return Ok(None) };
    let name: String = first.get("name")?;
    let unique: bool = first.get("is_unique")?;
    let mut columns = Vec::with_capacity(rows.len());
    let mut descending = Vec::new();
    for row in rows {
        let Some(column) = row.get::<Option<String>>("column_name")? else { return Ok(None) };
        if row.get::<bool>("descending")? {
            descending.push(column.clone());
        }
        columns.push(column);
    }
    let mut ix = Index::new(name, table.to_string(), columns);
    if unique {
        ix = ix.unique();
    }
    Ok(Some(descending.into_iter().fold(ix, Index::desc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_normalised() {
        assert_eq!(normalize_default("'new'::character varying"), "'new'");
        assert_eq!(normalize_default("5"), "5");
        assert_eq!(normalize_default("(-3)"), "-3");
        assert_eq!(normalize_default("'-3'::integer"), "-3");
        assert_eq!(normalize_default("'-2.5'::numeric"), "-2.5");
        assert_eq!(normalize_default("'5'::text"), "'5'");
        assert_eq!(normalize_default("'it''s'::text"), "'it''s'");
        assert_eq!(normalize_default("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
        assert_eq!(normalize_default("now()"), "now()");
        assert_eq!(normalize_default("(1) + (2)"), "(1) + (2)");
        assert_eq!(normalize_default("'a'::text || 'b'::text"), "'a'::text || 'b'::text");
        assert_eq!(normalize_default("'a'::text || b"), "'a'::text || b");
    }

    #[test]
    fn types_map_back() {
        assert_eq!(sql_type("numeric(12,3)"), SqlType::Numeric(12, 3));
        assert_eq!(sql_type("character varying(80)"), SqlType::Varchar(80));
        assert_eq!(sql_type("character(4)"), SqlType::Char(4));
        assert_eq!(sql_type("json"), SqlType::Json);
        assert_eq!(sql_type("numeric"), SqlType::Other("numeric".into()));
        assert_eq!(sql_type("integer[]"), SqlType::Other("integer[]".into()));
    }

    #[test]
    fn checks_lose_their_keyword() {
        assert_eq!(check_condition("CHECK (rating >= 0)"), "rating >= 0");
        assert_eq!(check_condition("CHECK ((a > 0)) NOT VALID"), "(a > 0)");
    }
}
