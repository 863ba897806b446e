//! SQLite's catalog: `sqlite_schema`, `pragma_table_xinfo`, `pragma_foreign_key_list`,
//! `pragma_index_list` and `pragma_index_xinfo` (the table-valued forms, which take bound
//! parameters), and the table's `CREATE TABLE` text for what the pragmas do not say: check
//! constraints and constraint names.
//!
//! Left out, because the model has no place for them: expression and partial indexes,
//! generated columns' expressions, and `WITHOUT ROWID` / `STRICT` table options.

use sqlcore::reflect::{Catalog, RunQuery};
use sqlcore::schema::{Column, FkAction, ForeignKey, Index, ServerDefault, SqlType, Table};
use sqlcore::{Ident, Result, Row, Value};

/// The catalog of a SQLite database (its `main` schema, or an attached one by name).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SqliteCatalog;

/// `"name"` with its quotes doubled: an attached schema's name, which a pragma function cannot
/// take as a parameter.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn text(row: &Row, column: &str) -> Result<String> {
    row.get::<Option<String>>(column).map(Option::unwrap_or_default)
}

impl Catalog for SqliteCatalog {
    fn table_names(&self, run: &mut RunQuery<'_>, schema: Option<&str>) -> Result<Vec<Ident>> {
        let sql = format!(
            "SELECT name FROM {}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            quoted(schema.unwrap_or("main"))
        );
        run(&sql, &[])?.iter().map(|r| text(r, "name").map(Ident::from)).collect()
    }

    fn reflect_table(&self, run: &mut RunQuery<'_>, name: &str, schema: Option<&str>) -> Result<Option<Table>> {
        let schema = quoted(schema.unwrap_or("main"));
        let found = run(
            &format!("SELECT sql FROM {schema}.sqlite_schema WHERE type = 'table' AND name = ?"),
            &[Value::from(name)],
        )?;
        let Some(row) = found.first() else { return Ok(None) };
        let create_sql = text(row, "sql")?;
        let parsed = parse_create(&create_sql);
        let param = [Value::from(name), Value::from(schema.trim_matches('"').to_owned())];

        let columns = run(
            "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?) ORDER BY cid",
            &param,
        )?;
        let mut pk: Vec<(i64, Ident)> = Vec::new();
        let mut cols: Vec<(Column, String)> = Vec::new();
        for c in &columns {
            if c.get::<i64>("hidden")? != 0 {
                continue;
            }
            let col_name = Ident::from(text(c, "name")?);
            let declared = text(c, "type")?;
            let mut column = Column::new(col_name.clone(), type_of(&declared));
            column = if c.get::<i64>("notnull")? != 0 { column.not_null() } else { column.nullable() };
            if let Some(d) = c.get::<Option<String>>("dflt_value")? {
                column.server_default = Some(ServerDefault::Sql(Ident::from(normal_default(&d))));
            }
            let key = c.get::<i64>("pk")?;
            if key > 0 {
                pk.push((key, col_name));
            }
            cols.push((column, declared));
        }
        pk.sort_by_key(|(k, _)| *k);
        let pk: Vec<Ident> = pk.into_iter().map(|(_, n)| n).collect();
        // The rowid alias: a single-column key declared exactly INTEGER.
        let rowid = match pk.as_slice() {
            [only] => cols.iter().any(|(c, d)| &c.name == only && d.eq_ignore_ascii_case("INTEGER")),
            _ => false,
        };
        let mut b = Table::builder(Ident::from(name.to_owned()));
        for (mut column, _) in cols {
            let generated = rowid && pk.first() == Some(&column.name);
            column = column.autoincrement(generated);
            b = b.column(column);
        }
        if !pk.is_empty() {
            b = b.primary_key(pk.clone());
            if let Some(n) = &parsed.primary_key_name {
                b = b.primary_key_name(n.clone());
            }
        }
        for fk in foreign_keys(run, &param, &parsed)? {
            b = b.foreign_key(fk);
        }
        let (uniques, indexes) = indexes(run, &param, name, &parsed)?;
        for (uname, columns) in uniques {
            b = match uname {
                Some(n) => b.unique_named(n, columns),
                None => b.unique(columns),
            };
        }
        for ix in indexes {
            b = b.add_index(ix);
        }
        for check in parsed.checks {
            let expr = sqlcore::expr::Expr::Text(Box::new(sqlcore::dsl::text(check.sql)));
            b = match check.name {
                Some(n) => b.check_named(n, expr),
                None => b.check(expr),
            };
        }
        Ok(Some(b.build()))
    }
}

/// The declared type back as a [`SqlType`]: the names the dialect's `type_name` writes (and
/// the usual others); anything else is [`SqlType::Other`] with the declared text.
fn type_of(declared: &str) -> SqlType {
    let upper = declared.trim().to_ascii_uppercase();
    let (base, args) = match upper.split_once('(') {
        Some((b, rest)) => (b.trim().to_owned(), rest.trim_end_matches(')').to_owned()),
        None => (upper.clone(), String::new()),
    };
    let nums: Vec<u32> = args.split(',').filter_map(|a| a.trim().parse().ok()).collect();
    let small = |n: u32| u8::try_from(n).ok();
    match (base.as_str(), nums.as_slice()) {
        ("SMALLINT", []) => SqlType::SmallInt,
        ("INTEGER" | "INT", []) => SqlType::Integer,
        ("BIGINT", []) => SqlType::BigInt,
        ("REAL", []) => SqlType::Real,
        ("DOUBLE" | "DOUBLE PRECISION", []) => SqlType::Double,
        ("NUMERIC_REAL" | "NUMERIC" | "DECIMAL", [p, s]) => match (small(*p), small(*s)) {
            (Some(p), Some(s)) => SqlType::Numeric(p, s),
            _ => SqlType::Other(declared.into()),
        },
        ("TEXT", []) => SqlType::Text,
        ("VARCHAR", [n]) => SqlType::Varchar(*n),
        ("CHAR", [n]) => SqlType::Char(*n),
        ("BOOLEAN", []) => SqlType::Boolean,
        ("DATE", []) => SqlType::Date,
        ("TIME", []) => SqlType::Time,
        ("TIMESTAMP", []) => SqlType::Timestamp,
        ("TIMESTAMP WITH TIME ZONE", []) => SqlType::TimestampTz,
        ("BLOB", []) => SqlType::Blob,
        ("JSON_TEXT", []) => SqlType::Json,
        _ => SqlType::Other(declared.into()),
    }
}

/// A default as comparable text: redundant outer parentheses removed, `CURRENT_TIMESTAMP`
/// in capitals.
fn normal_default(d: &str) -> String {
    let s = sqlcore::reflect::sql_text::unwrap_parens(d);
    if s.eq_ignore_ascii_case("current_timestamp") {
        return "CURRENT_TIMESTAMP".to_owned();
    }
    s.to_owned()
}

fn action(text: &str) -> Option<FkAction> {
    match text.to_ascii_uppercase().as_str() {
        "CASCADE" => Some(FkAction::Cascade),
        "SET NULL" => Some(FkAction::SetNull),
        "SET DEFAULT" => Some(FkAction::SetDefault),
        "RESTRICT" => Some(FkAction::Restrict),
        "NO ACTION" => Some(FkAction::NoAction),
        _ => None,
    }
}

/// The foreign keys, composite ones in column order, named from the CREATE text.
fn foreign_keys(run: &mut RunQuery<'_>, param: &[Value], parsed: &Parsed) -> Result<Vec<ForeignKey>> {
    let rows = run(
        "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?, ?) \
         ORDER BY id, seq",
        param,
    )?;
    let mut out: Vec<(i64, ForeignKey)> = Vec::new();
    for r in &rows {
        let id = r.get::<i64>("id")?;
        let from = Ident::from(text(r, "from")?);
        let to = Ident::from(text(r, "to")?);
        match out.iter_mut().find(|(i, _)| *i == id) {
            Some((_, fk)) => {
                fk.columns.push(from);
                fk.ref_columns.push(to);
            }
            None => {
                let mut fk = ForeignKey::new([from], Ident::from(text(r, "table")?), [to]);
                fk.on_delete = action(&text(r, "on_delete")?);
                fk.on_update = action(&text(r, "on_update")?);
                out.push((id, fk));
            }
        }
    }
    // The pragma lists the keys last declared first.
    out.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    Ok(out
        .into_iter()
        .map(|(_, mut fk)| {
            let cols: Vec<String> = fk.columns.iter().map(|c| c.as_str().to_owned()).collect();
            fk.name = parsed.foreign_key_names.iter().find(|(c, _)| *c == cols).map(|(_, n)| n.clone());
            fk
        })
        .collect())
}

/// A unique constraint: its name (from the CREATE text) and columns.
type Unique = (Option<Ident>, Vec<Ident>);

/// The unique constraints (the automatic indexes behind `UNIQUE`) and the indexes made with
/// CREATE INDEX; the index behind the primary key is neither.
fn indexes(run: &mut RunQuery<'_>, param: &[Value], table: &str, parsed: &Parsed) -> Result<(Vec<Unique>, Vec<Index>)> {
    let list = run("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?, ?)", param)?;
    let (mut uniques, mut indexes) = (Vec::new(), Vec::new());
    for ix in list.iter().rev() {
        let name = text(ix, "name")?;
        let origin = text(ix, "origin")?;
        // A partial index has a predicate the model cannot hold: left out, as PostgreSQL's
        // and MySQL's catalogs leave theirs out.
        if origin == "pk" || ix.get::<i64>("partial")? != 0 {
            continue;
        }
        let cols = run(
            "SELECT name, \"desc\" FROM pragma_index_xinfo(?, ?) WHERE key = 1 ORDER BY seqno",
            &[Value::from(name.clone()), param.get(1).cloned().unwrap_or(Value::Null)],
        )?;
        let mut columns = Vec::new();
        let mut descending = Vec::new();
        let mut expression = false;
        for c in &cols {
            // An expression column has no name: such an index is not one sqlcore models,
            // and is left out.
            let Some(col) = c.get::<Option<String>>("name")? else {
                expression = true;
                break;
            };
            if c.get::<i64>("desc")? != 0 {
                descending.push(Ident::from(col.clone()));
            }
            columns.push(Ident::from(col));
        }
        if expression {
            continue;
        }
        if origin == "u" {
            let names: Vec<String> = columns.iter().map(|c| c.as_str().to_owned()).collect();
            let uname = parsed.unique_names.iter().find(|(c, _)| *c == names).map(|(_, n)| n.clone());
            uniques.push((uname, columns));
        } else {
            let mut index = Index::new(Ident::from(name), Ident::from(table.to_owned()), columns);
            if ix.get::<i64>("unique")? != 0 {
                index = index.unique();
            }
            for d in descending {
                index = index.desc(d);
            }
            indexes.push(index);
        }
    }
    indexes.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
    Ok((uniques, indexes))
}

/// What the CREATE TABLE text says that the pragmas do not.
#[derive(Debug, Default)]
struct Parsed {
    primary_key_name: Option<Ident>,
    /// (columns, name) of named FOREIGN KEY constraints.
    foreign_key_names: Vec<(Vec<String>, Ident)>,
    /// (columns, name) of named UNIQUE constraints.
    unique_names: Vec<(Vec<String>, Ident)>,
    checks: Vec<ParsedCheck>,
}

#[derive(Debug)]
struct ParsedCheck {
    name: Option<Ident>,
    sql: String,
}

/// One token of a CREATE TABLE statement.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A keyword or bare name (as written).
    Word(String),
    /// A quoted name, unquoted.
    Quoted(String),
    /// A string literal, with its quotes.
    Str(String),
    /// `(`, `)`, `,` or another character.
    Punct(char),
}

/// Splits `sql` into tokens, with each token's byte range (for taking a CHECK's text).
fn tokens(sql: &str) -> Vec<(Tok, usize, usize)> {
    let chars: Vec<(usize, char)> = sql.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let end_of = |k: usize| chars.get(k).map_or(sql.len(), |(p, _)| *p);
    while i < chars.len() {
        let (start, ch) = chars[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '-' && chars.get(i + 1).is_some_and(|c| c.1 == '-') {
            while i < chars.len() && chars[i].1 != '\n' {
                i += 1;
            }
        } else if ch == '/' && chars.get(i + 1).is_some_and(|c| c.1 == '*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i].1 == '*' && chars[i + 1].1 == '/') {
                i += 1;
            }
            i += 2;
        } else if matches!(ch, '"' | '`' | '[' | '\'') {
            let close = if ch == '[' { ']' } else { ch };
            let mut text = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i].1 == close {
                    // A doubled quote is the quote itself (not inside [...]).
                    if close != ']' && chars.get(i + 1).is_some_and(|c| c.1 == close) {
                        text.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(chars[i].1);
                i += 1;
            }
            i += 1;
            let end = end_of(i);
            let tok = if ch == '\'' { Tok::Str(sql[start..end].to_owned()) } else { Tok::Quoted(text) };
            out.push((tok, start, end));
        } else if ch.is_alphanumeric() || ch == '_' || ch == '$' {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_' || chars[j].1 == '$') {
                j += 1;
            }
            let end = end_of(j);
            out.push((Tok::Word(sql[start..end].to_owned()), start, end));
            i = j;
        } else {
            out.push((Tok::Punct(ch), start, end_of(i + 1)));
            i += 1;
        }
    }
    out
}

fn is_word(t: &Tok, w: &str) -> bool {
    matches!(t, Tok::Word(x) if x.eq_ignore_ascii_case(w))
}

fn name_of(t: &Tok) -> Option<String> {
    match t {
        Tok::Word(x) | Tok::Quoted(x) => Some(x.clone()),
        _ => None,
    }
}

/// The index just past the parenthesis closing the one at `open`.
fn after_group(toks: &[(Tok, usize, usize)], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, (t, _, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// The names in a parenthesised list starting at `open`.
fn name_list(toks: &[(Tok, usize, usize)], open: usize) -> Vec<String> {
    let end = after_group(toks, open);
    toks[open + 1..end.saturating_sub(1)]
        .iter()
        .filter_map(|(t, _, _)| name_of(t))
        .filter(|n| {
            !n.eq_ignore_ascii_case("ASC") && !n.eq_ignore_ascii_case("DESC") && !n.eq_ignore_ascii_case("COLLATE")
        })
        .collect()
}

/// Reads the constraint names and check constraints of a CREATE TABLE statement, table-level
/// and column-level. Text it cannot follow yields fewer names and checks, never an error.
fn parse_create(sql: &str) -> Parsed {
    let toks = tokens(sql);
    let mut out = Parsed::default();
    // The body: from the first `(` to its match.
    let Some(open) = toks.iter().position(|(t, _, _)| *t == Tok::Punct('(')) else { return out };
    let end = after_group(&toks, open).saturating_sub(1);
    // Elements split at top-level commas.
    let mut elements: Vec<(usize, usize)> = Vec::new();
    let (mut depth, mut start) = (0usize, open + 1);
    for (k, (tok, _, _)) in toks.iter().enumerate().take(end).skip(open + 1) {
        match tok {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth = depth.saturating_sub(1),
            Tok::Punct(',') if depth == 0 => {
                elements.push((start, k));
                start = k + 1;
            }
            _ => {}
        }
    }
    elements.push((start, end));
    for (from, to) in elements {
        let el = &toks[from..to];
        let table_level = el.first().is_some_and(|(t, _, _)| {
            ["CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK"].iter().any(|w| is_word(t, w))
        });
        let column = if table_level { None } else { el.first().and_then(|(t, _, _)| name_of(t)) };
        let mut k = 0;
        let mut pending_name: Option<String> = None;
        while k < el.len() {
            let t = &el[k].0;
            if is_word(t, "CONSTRAINT") {
                pending_name = el.get(k + 1).and_then(|(t, _, _)| name_of(t));
                k += 2;
                continue;
            }
            if is_word(t, "CHECK") && el.get(k + 1).is_some_and(|(t, _, _)| *t == Tok::Punct('(')) {
                let close = after_group(el, k + 1);
                let (s, e) = (el[k + 1].2, el[close - 1].1);
                out.checks
                    .push(ParsedCheck { name: pending_name.take().map(Ident::from), sql: sql[s..e].trim().to_owned() });
                k = close;
                continue;
            }
            if is_word(t, "PRIMARY") {
                if let Some(n) = pending_name.take() {
                    out.primary_key_name = Some(Ident::from(n));
                }
            } else if is_word(t, "UNIQUE") {
                if let Some(n) = pending_name.take() {
                    let cols = match (&column, el.get(k + 1)) {
                        (None, Some((Tok::Punct('('), _, _))) => name_list(el, k + 1),
                        (Some(c), _) => vec![c.clone()],
                        _ => Vec::new(),
                    };
                    out.unique_names.push((cols, Ident::from(n)));
                }
            } else if is_word(t, "FOREIGN") || is_word(t, "REFERENCES") {
                if let Some(n) = pending_name.take() {
                    let cols = match (&column, el.get(k + 2)) {
                        (None, Some((Tok::Punct('('), _, _))) if is_word(t, "FOREIGN") => name_list(el, k + 2),
                        (Some(c), _) => vec![c.clone()],
                        _ => Vec::new(),
                    };
                    out.foreign_key_names.push((cols, Ident::from(n)));
                }
            }
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_and_checks_are_read_from_the_create_text() {
        let p = parse_create(
            "CREATE TABLE \"we(ird\" (id INTEGER NOT NULL CONSTRAINT ck_id CHECK (id > 0), \
             \"a\"\"b\" TEXT CHECK (length(\"a\"\"b\") < 5) UNIQUE, ref INTEGER, \
             CONSTRAINT pk_w PRIMARY KEY (id), CONSTRAINT fk_w FOREIGN KEY (ref) REFERENCES t (id), \
             CONSTRAINT uq_w UNIQUE (ref, id), CHECK (ref <> 'x,)'))",
        );
        assert_eq!(p.primary_key_name.as_deref(), Some("pk_w"));
        assert_eq!(p.foreign_key_names, vec![(vec!["ref".to_owned()], Ident::from("fk_w"))]);
        assert_eq!(p.unique_names, vec![(vec!["ref".to_owned(), "id".to_owned()], Ident::from("uq_w"))]);
        let checks: Vec<(Option<&str>, &str)> = p.checks.iter().map(|c| (c.name.as_deref(), c.sql.as_str())).collect();
        assert_eq!(checks, [(Some("ck_id"), "id > 0"), (None, "length(\"a\"\"b\") < 5"), (None, "ref <> 'x,)'")]);
    }

    #[test]
    fn declared_types_map_back() {
        assert_eq!(type_of("NUMERIC_REAL(12, 3)"), SqlType::Numeric(12, 3));
        assert_eq!(type_of("VARCHAR(80)"), SqlType::Varchar(80));
        assert_eq!(type_of("TIMESTAMP WITH TIME ZONE"), SqlType::TimestampTz);
        assert_eq!(type_of("JSON_TEXT"), SqlType::Json);
        assert_eq!(type_of("point"), SqlType::Other("point".into()));
    }
}
