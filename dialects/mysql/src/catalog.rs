//! Reading a MySQL or MariaDB schema back into sqlcore's model, from `information_schema`.
//!
//! Every query names its table by bound parameters and compares names as bytes
//! (`CAST(... AS BINARY)`): `information_schema` compares with a case-insensitive collation,
//! and `Users` is not `users` (table names are case-sensitive on Linux servers).
//!
//! What the engine keeps differently from the model, and how it is read back:
//! - `BOOLEAN` is `tinyint(1)`; `TIMESTAMP WITH TIME ZONE` was created as `DATETIME(6)` and
//!   reads back as `Timestamp` ([`MySqlDialect::reflected_type`](crate::MySqlDialect)); on
//!   MariaDB `JSON` is `longtext` with a column check `json_valid(col)`: that pair reads back
//!   as `Json`, without the check;
//! - every unique constraint is a unique index. A unique key named as MySQL names an unnamed
//!   one (its first column, maybe with `_2`, `_3`, ...) reads back as an unnamed unique
//!   constraint; any other as a unique index of that name (the schema diff treats a unique
//!   index and a unique constraint on the same columns as the same thing);
//! - the indexes the engine makes itself are left out: the one InnoDB adds for a foreign key
//!   (named after the constraint or its first column) and the `KEY (col)` the dialect adds
//!   for an `AUTO_INCREMENT` column that does not lead the primary key;
//! - `RESTRICT` (also what an unspecified action reads as) is `NO ACTION`: InnoDB has one
//!   behaviour for both;
//! - the primary key is always named `PRIMARY`: it reads back unnamed;
//! - defaults: MariaDB quotes strings and writes `NULL` for "no default", MySQL 8 leaves
//!   strings bare and marks expressions `DEFAULT_GENERATED`; both read back as SQL text
//!   (`'new'`, `5`, `CURRENT_TIMESTAMP`), a default of NULL as none.
//!
//! Prefix indexes (`KEY (t(10))`) are left out: the model's indexes have whole columns.

use sqlcore::Error;
use sqlcore::Ident;
use sqlcore::Result;
use sqlcore::Row;
use sqlcore::Value;
use sqlcore::reflect::sql_text::{is_number, strip_outer_parens};
use sqlcore::reflect::{Catalog, RunQuery};
use sqlcore::schema::{Autoincrement, Column, FkAction, ForeignKey, Index, SqlType, Table};

use crate::Flavor;

/// `information_schema` of a MySQL (8.0) or MariaDB (10.2+) server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MySqlCatalog {
    pub(crate) flavor: Flavor,
}

/// The condition picking the schema (database): the parameter after the table's name when
/// one is given, else the current database.
fn schema_condition(column: &str, schema: Option<&str>) -> String {
    if schema.is_some() {
        format!("CAST({column} AS BINARY) = CAST(? AS BINARY)")
    } else {
        format!("{column} = DATABASE()")
    }
}

/// The parameters of a per-table query: the table's name, then the schema's if given.
fn table_params(name: &str, schema: Option<&str>) -> Vec<Value> {
    let mut params = vec![Value::from(name)];
    params.extend(schema.map(Value::from));
    params
}

/// The condition naming the table in a query over `alias` (`TABLE_NAME` and `TABLE_SCHEMA`).
fn table_condition(alias: &str, schema: Option<&str>) -> String {
    format!(
        "CAST({alias}.TABLE_NAME AS BINARY) = CAST(? AS BINARY) AND {}",
        schema_condition(&format!("{alias}.TABLE_SCHEMA"), schema)
    )
}

impl Catalog for MySqlCatalog {
    fn table_names(&self, run: &mut RunQuery<'_>, schema: Option<&str>) -> Result<Vec<Ident>> {
        let sql = format!(
            "SELECT TABLE_NAME AS name FROM information_schema.TABLES \
             WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND {}",
            schema_condition("TABLE_SCHEMA", schema)
        );
        let params: Vec<Value> = schema.map(Value::from).into_iter().collect();
        run(&sql, &params)?.iter().map(|row| text(row, "name").map(Ident::from)).collect()
    }

    fn reflect_table(&self, run: &mut RunQuery<'_>, name: &str, schema: Option<&str>) -> Result<Option<Table>> {
        let params = table_params(name, schema);
        let columns = run(
            &format!(
                "SELECT c.COLUMN_NAME AS name, c.DATA_TYPE AS data_type, c.COLUMN_TYPE AS column_type, \
                 c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS default_sql, c.EXTRA AS extra \
                 FROM information_schema.COLUMNS c WHERE {} ORDER BY c.ORDINAL_POSITION",
                table_condition("c", schema)
            ),
            &params,
        )?;
        // A MySQL table has at least one column: none means no table.
        if columns.is_empty() {
            return Ok(None);
        }
        let checks = self.checks(run, schema, &params)?;
        let json_checks: Vec<&Check> = checks.iter().filter(|c| c.is_json_valid()).collect();
        let mut b = Table::builder(name.to_string());
        let mut auto = None;
        for row in &columns {
            let col = self.column(row, &json_checks)?;
            if col.autoincrement == Autoincrement::Yes {
                auto = Some(col.name.clone());
            }
            b = b.column(col);
        }
        for check in checks.iter().filter(|c| !json_checks.iter().any(|j| j.name == c.name)) {
            b = b.check_named(check.name.clone(), sqlcore::dsl::text(check.clause.clone()));
        }
        let fks = foreign_keys(run, name, schema, &params)?;
        let keys = keys(run, schema, &params)?;
        for key in &keys {
            b = match key.kind(&fks, auto.as_ref()) {
                KeyKind::Primary => b.primary_key(key.columns.clone()),
                KeyKind::UniqueConstraint => b.unique(key.columns.clone()),
                KeyKind::Index => b.add_index(key.index(name)),
                KeyKind::EngineMade => b,
            };
        }
        for fk in fks {
            b = b.foreign_key(fk);
        }
        Ok(Some(b.build()))
    }
}

impl MySqlCatalog {
    /// One column from its `information_schema.COLUMNS` row; `json_checks` are the table's
    /// `json_valid(col)` checks (MariaDB's JSON).
    fn column(&self, row: &Row, json_checks: &[&Check]) -> Result<Column> {
        let name = text(row, "name")?;
        let data_type = text(row, "data_type")?.to_lowercase();
        let column_type = text(row, "column_type")?.to_lowercase();
        let extra = text(row, "extra")?.to_lowercase();
        let nullable = text(row, "nullable")? == "YES";
        let json = data_type == "longtext" && json_checks.iter().any(|c| c.json_valid_of(&name));
        let ty = if json { SqlType::Json } else { sql_type(&data_type, &column_type) };
        let mut col = Column::new(name, ty).autoincrement(extra.contains("auto_increment"));
        col = if nullable { col.nullable() } else { col.not_null() };
        let default: Option<String> = row.get("default_sql")?;
        let expression = extra.contains("default_generated");
        if let Some(sql) = default.and_then(|d| self.default_sql(&d, expression, &col.ty)) {
            col = col.server_default_sql(sql);
        }
        Ok(col)
    }

    /// A column's default as normalised SQL text, `None` for a default of NULL.
    fn default_sql(&self, raw: &str, expression: bool, ty: &SqlType) -> Option<String> {
        let lower = raw.to_lowercase();
        if lower.starts_with("current_timestamp") {
            return Some("CURRENT_TIMESTAMP".to_string());
        }
        match self.flavor {
            // MariaDB 10.2.7+ writes the default as SQL: `'text'`, `5`, `NULL`, `now()`.
            Flavor::MariaDb if lower == "null" => None,
            Flavor::MariaDb => Some(raw.to_string()),
            // MySQL 8 writes a literal bare (`new`, `5`) and marks expressions.
            Flavor::MySql if expression => Some(mysql_expression_default(raw)),
            Flavor::MySql if is_number(raw) && !is_text_type(ty) => Some(raw.to_string()),
            Flavor::MySql => Some(format!("'{}'", raw.replace('\'', "''"))),
        }
    }

    /// The table's check constraints, with their conditions in the engine's text.
    fn checks(&self, run: &mut RunQuery<'_>, schema: Option<&str>, params: &[Value]) -> Result<Vec<Check>> {
        // MariaDB's CHECK_CONSTRAINTS names the table (check names are per table there);
        // MySQL's does not (they are per schema): its table comes from TABLE_CONSTRAINTS.
        let sql = match self.flavor {
            Flavor::MariaDb => format!(
                "SELECT k.CONSTRAINT_NAME AS name, k.CHECK_CLAUSE AS clause \
                 FROM information_schema.CHECK_CONSTRAINTS k WHERE {} \
                 ORDER BY k.CONSTRAINT_NAME",
                table_condition("k", schema).replace("k.TABLE_SCHEMA", "k.CONSTRAINT_SCHEMA")
            ),
            Flavor::MySql => format!(
                "SELECT k.CONSTRAINT_NAME AS name, k.CHECK_CLAUSE AS clause \
                 FROM information_schema.TABLE_CONSTRAINTS t \
                 JOIN information_schema.CHECK_CONSTRAINTS k \
                   ON k.CONSTRAINT_SCHEMA = t.TABLE_SCHEMA AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME \
                 WHERE t.CONSTRAINT_TYPE = 'CHECK' AND {} ORDER BY k.CONSTRAINT_NAME",
                table_condition("t", schema)
            ),
        };
        run(&sql, params)?
            .iter()
            .map(|row| Ok(Check { name: text(row, "name")?, clause: text(row, "clause")? }))
            .collect()
    }
}

/// A check constraint as the catalog has it.
struct Check {
    name: String,
    clause: String,
}

impl Check {
    /// Whether this is MariaDB's check behind a `JSON` column: `json_valid(`col`)`, named
    /// after the column.
    fn is_json_valid(&self) -> bool {
        self.json_valid_of(&self.name)
    }

    fn json_valid_of(&self, column: &str) -> bool {
        self.name == column && self.clause == format!("json_valid(`{}`)", column.replace('`', "``"))
    }
}

/// `DATA_TYPE` / `COLUMN_TYPE` as the `SqlType` whose DDL the dialect writes as it; any
/// other type (`text`, `int unsigned`, `enum(...)`, `datetime` without fraction, ...) is
/// `SqlType::Other` with the column type, which the dialect writes back as is.
pub(crate) fn sql_type(data_type: &str, column_type: &str) -> SqlType {
    // `int(11)` and `int` are the same type (the width only pads the display, and MySQL
    // 8.0.19+ no longer shows it); `unsigned` or `zerofill` are not.
    let signed_integer = !column_type.contains("unsigned") && !column_type.contains("zerofill");
    let known = match data_type {
        "tinyint" if column_type == "tinyint(1)" => Some(SqlType::Boolean),
        "smallint" if signed_integer => Some(SqlType::SmallInt),
        "int" if signed_integer => Some(SqlType::Integer),
        "bigint" if signed_integer => Some(SqlType::BigInt),
        "float" if column_type == "float" => Some(SqlType::Real),
        "double" if column_type == "double" => Some(SqlType::Double),
        "decimal" => modifiers(column_type).and_then(|(p, s)| Some(SqlType::Numeric(p?, s?))),
        "varchar" => modifiers::<u32, u32>(column_type).and_then(|(n, _)| n.map(SqlType::Varchar)),
        "char" => modifiers::<u32, u32>(column_type).and_then(|(n, _)| n.map(SqlType::Char)),
        "longtext" => Some(SqlType::Text),
        "longblob" => Some(SqlType::Blob),
        "date" => Some(SqlType::Date),
        "time" if column_type == "time(6)" => Some(SqlType::Time),
        "datetime" if column_type == "datetime(6)" => Some(SqlType::Timestamp),
        "json" => Some(SqlType::Json),
        _ => None,
    };
    known.unwrap_or_else(|| SqlType::Other(column_type.into()))
}

/// The numbers in `name(a)` or `name(a,b)` (each `None` when it does not fit the model's
/// `u8` / `u32`): `decimal(10,2)` is `(Some(10), Some(2))`.
fn modifiers<T: std::str::FromStr, U: std::str::FromStr>(column_type: &str) -> Option<(Option<T>, Option<U>)> {
    let (_, rest) = column_type.split_once('(')?;
    let (args, tail) = rest.split_once(')')?;
    if !tail.trim().is_empty() {
        return None;
    }
    let (a, b) = args.split_once(',').unwrap_or((args, ""));
    Some((a.trim().parse().ok(), b.trim().parse().ok()))
}

/// Whether a column of this type holds text (its numeric-looking default is a string).
fn is_text_type(ty: &SqlType) -> bool {
    matches!(ty, SqlType::Text | SqlType::Varchar(_) | SqlType::Char(_) | SqlType::Json)
}

/// A MySQL 8 expression default as SQL: outer parentheses removed, and a string with a
/// character-set introducer (`_utf8mb4\'x\'`, as `information_schema` shows `DEFAULT ('x')`)
/// as the plain literal `'x'`.
fn mysql_expression_default(raw: &str) -> String {
    let text = strip_outer_parens(raw).unwrap_or(raw);
    let introduced = text.strip_prefix('_').and_then(|rest| {
        let (charset, literal) = rest.split_once("\\'")?;
        let body = literal.strip_suffix("\\'")?;
        charset.bytes().all(|b| b.is_ascii_alphanumeric()).then_some(body)
    });
    match introduced {
        Some(body) => format!("'{}'", body.replace("\\'", "'").replace('\'', "''")),
        None => text.to_string(),
    }
}

/// A text column of a catalog row.
fn text(row: &Row, column: &str) -> Result<String> {
    row.get::<Option<String>>(column).map(Option::unwrap_or_default)
}

/// One key of `information_schema.STATISTICS`: the primary key, a unique key or an index.
struct Key {
    name: String,
    unique: bool,
    columns: Vec<Ident>,
    descending: Vec<Ident>,
    /// Some column is a prefix (`t(10)`): the model cannot hold the key.
    prefix: bool,
}

/// What a key of the catalog is in the model.
enum KeyKind {
    Primary,
    UniqueConstraint,
    Index,
    /// Made by the engine or the dialect, not by the model: left out.
    EngineMade,
}

impl Key {
    fn kind(&self, fks: &[ForeignKey], auto: Option<&Ident>) -> KeyKind {
        if self.name == "PRIMARY" {
            return KeyKind::Primary;
        }
        let first = self.columns.first().map(Ident::as_str).unwrap_or_default();
        let auto_named = is_auto_name(&self.name, first);
        if self.prefix {
            return KeyKind::EngineMade;
        }
        if self.unique {
            return if auto_named { KeyKind::UniqueConstraint } else { KeyKind::Index };
        }
        let for_fk = fks.iter().any(|fk| {
            fk.columns == self.columns && (auto_named || fk.name.as_ref().is_some_and(|n| n.as_str() == self.name))
        });
        let for_auto = self.columns.len() == 1 && auto == self.columns.first() && auto_named;
        if for_fk || for_auto { KeyKind::EngineMade } else { KeyKind::Index }
    }

    fn index(&self, table: &str) -> Index {
        let mut ix = Index::new(self.name.clone(), table.to_string(), self.columns.clone());
        if self.unique {
            ix = ix.unique();
        }
        self.descending.iter().cloned().fold(ix, Index::desc)
    }
}

/// Whether `name` is what MySQL names an unnamed key whose first column is `first`: the
/// column's name, or that name with `_2`, `_3`, ... when it was taken.
fn is_auto_name(name: &str, first: &str) -> bool {
    match name.strip_prefix(first) {
        Some("") => true,
        Some(rest) => rest.strip_prefix('_').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

/// The table's keys in name order, columns in key order.
fn keys(run: &mut RunQuery<'_>, schema: Option<&str>, params: &[Value]) -> Result<Vec<Key>> {
    let rows = run(
        &format!(
            "SELECT s.INDEX_NAME AS name, s.NON_UNIQUE AS non_unique, s.COLUMN_NAME AS column_name, \
             s.COLLATION AS collation, s.SUB_PART AS sub_part \
             FROM information_schema.STATISTICS s WHERE {} ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX",
            table_condition("s", schema)
        ),
        params,
    )?;
    let mut keys: Vec<Key> = Vec::new();
    for row in &rows {
        let name = text(row, "name")?;
        let column: Option<String> = row.get("column_name")?;
        let key = match keys.last_mut() {
            Some(last) if last.name == name => last,
            _ => {
                let unique = row.get::<i64>("non_unique")? == 0;
                keys.push(Key { name, unique, columns: Vec::new(), descending: Vec::new(), prefix: false });
                keys.last_mut().ok_or_else(|| Error::invalid_schema("the key just added is missing"))?
            }
        };
        // A functional key part (MySQL 8.0.13+) has no column: the model cannot hold it.
        let Some(column) = column else {
            key.prefix = true;
            continue;
        };
        key.prefix |= !matches!(row.value("sub_part")?, Value::Null);
        if text(row, "collation")? == "D" {
            key.descending.push(Ident::from(column.clone()));
        }
        key.columns.push(Ident::from(column));
    }
    Ok(keys)
}

/// The table's foreign keys, columns in key order, actions read back (`RESTRICT` is `NO
/// ACTION`).
fn foreign_keys(
    run: &mut RunQuery<'_>,
    table: &str,
    schema: Option<&str>,
    params: &[Value],
) -> Result<Vec<ForeignKey>> {
    let rows = run(
        &format!(
            "SELECT r.CONSTRAINT_NAME AS name, r.REFERENCED_TABLE_NAME AS ref_table, \
             r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete, \
             k.COLUMN_NAME AS column_name, k.REFERENCED_COLUMN_NAME AS ref_column \
             FROM information_schema.REFERENTIAL_CONSTRAINTS r \
             JOIN information_schema.KEY_COLUMN_USAGE k \
               ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME \
               AND k.TABLE_NAME = r.TABLE_NAME \
             WHERE {} ORDER BY r.CONSTRAINT_NAME, k.ORDINAL_POSITION",
            table_condition("r", schema).replace("r.TABLE_SCHEMA", "r.CONSTRAINT_SCHEMA")
        ),
        params,
    )?;
    let mut out: Vec<ForeignKey> = Vec::new();
    for row in &rows {
        let name = text(row, "name")?;
        let column = Ident::from(text(row, "column_name")?);
        let ref_column = Ident::from(text(row, "ref_column")?);
        match out.last_mut() {
            Some(fk) if fk.name.as_ref().is_some_and(|n| n.as_str() == name) => {
                fk.columns.push(column);
                fk.ref_columns.push(ref_column);
            }
            _ => {
                let on_delete = fk_action(&text(row, "on_delete")?, table, &name)?;
                let on_update = fk_action(&text(row, "on_update")?, table, &name)?;
                let fk = ForeignKey::new([column], text(row, "ref_table")?, [ref_column]);
                out.push(fk.name(name).on_delete(on_delete).on_update(on_update));
            }
        }
    }
    Ok(out)
}

/// An action of `REFERENTIAL_CONSTRAINTS` (`UPDATE_RULE` / `DELETE_RULE`).
fn fk_action(rule: &str, table: &str, constraint: &str) -> Result<FkAction> {
    match rule {
        "NO ACTION" | "RESTRICT" => Ok(FkAction::NoAction),
        "CASCADE" => Ok(FkAction::Cascade),
        "SET NULL" => Ok(FkAction::SetNull),
        "SET DEFAULT" => Ok(FkAction::SetDefault),
        other => Err(Error::invalid_schema(format!(
            "foreign key `{constraint}` of table `{table}` has an unknown action `{other}` in information_schema"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_map_back() {
        assert_eq!(sql_type("int", "int(11)"), SqlType::Integer);
        assert_eq!(sql_type("int", "int"), SqlType::Integer);
        assert_eq!(sql_type("int", "int(10) unsigned"), SqlType::Other("int(10) unsigned".into()));
        assert_eq!(sql_type("tinyint", "tinyint(1)"), SqlType::Boolean);
        assert_eq!(sql_type("tinyint", "tinyint(4)"), SqlType::Other("tinyint(4)".into()));
        assert_eq!(sql_type("decimal", "decimal(12,3)"), SqlType::Numeric(12, 3));
        assert_eq!(sql_type("varchar", "varchar(80)"), SqlType::Varchar(80));
        assert_eq!(sql_type("datetime", "datetime(6)"), SqlType::Timestamp);
        assert_eq!(sql_type("datetime", "datetime"), SqlType::Other("datetime".into()));
        assert_eq!(sql_type("text", "text"), SqlType::Other("text".into()));
    }

    #[test]
    fn engine_names_of_unnamed_keys() {
        assert!(is_auto_name("email", "email"));
        assert!(is_auto_name("email_2", "email"));
        assert!(!is_auto_name("email_x", "email"));
        assert!(!is_auto_name("emails", "email"));
        assert!(!is_auto_name("uq_email", "email"));
    }

    #[test]
    fn defaults_are_normalised() {
        let maria = MySqlCatalog { flavor: Flavor::MariaDb };
        let mysql = MySqlCatalog { flavor: Flavor::MySql };
        assert_eq!(maria.default_sql("'new'", false, &SqlType::Text).as_deref(), Some("'new'"));
        assert_eq!(maria.default_sql("NULL", false, &SqlType::Text), None);
        assert_eq!(
            maria.default_sql("current_timestamp(6)", false, &SqlType::Timestamp).as_deref(),
            Some("CURRENT_TIMESTAMP")
        );
        assert_eq!(mysql.default_sql("new", false, &SqlType::Text).as_deref(), Some("'new'"));
        assert_eq!(mysql.default_sql("5", false, &SqlType::Integer).as_deref(), Some("5"));
        assert_eq!(mysql.default_sql("5", false, &SqlType::Varchar(3)).as_deref(), Some("'5'"));
        assert_eq!(mysql.default_sql("it's", false, &SqlType::Text).as_deref(), Some("'it''s'"));
        assert_eq!(mysql.default_sql("(now())", true, &SqlType::Text).as_deref(), Some("now()"));
        assert_eq!(mysql.default_sql("_utf8mb4\\'x\\'", true, &SqlType::Text).as_deref(), Some("'x'"));
    }
}
