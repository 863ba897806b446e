//! The names a revision file gives constraints the model leaves unnamed: `uq_<table>_<columns>`
//! and `ck_<table>_<hash of the condition>`. An engine names an unnamed constraint its own
//! way (PostgreSQL `posts_user_id_title_key`, MySQL the first column), and dropping one needs
//! the name; written into the file, the name is the same on every engine and known offline.
//! The diff compares unique constraints by columns and pairs checks by condition, so a named
//! constraint still equals the model's unnamed one.

use sqlcore::Ident;
use sqlcore::schema::{CheckConstraint, UniqueConstraint};

use super::columns::{CheckRepr, Context, UniqueRepr, check_repr, check_sql, unique_repr};

/// The longest name every engine keeps whole (PostgreSQL: 63 bytes, MySQL: 64).
const MAX_NAME: usize = 63;

/// `unique`, named by the convention when it has no name.
pub fn named_unique(table: &Ident, unique: &UniqueConstraint) -> UniqueRepr {
    let mut repr = unique_repr(unique);
    if repr.name.is_none() {
        repr.name = Some(fit(&format!("uq_{table}_{}", repr.columns.join("_"))));
    }
    repr
}

/// `check`, named by the convention when it has no name.
pub fn named_check(cx: &Context<'_>, table: &Ident, check: &CheckConstraint) -> Result<CheckRepr, String> {
    let mut repr = check_repr(cx, table, check)?;
    if repr.name.is_none() {
        let sql = check_sql(cx, table, &check.expr)?;
        let text = match &sql {
            super::columns::CheckSql::All(s) => s.clone(),
            super::columns::CheckSql::PerDialect(m) => m.values().cloned().collect::<Vec<_>>().join("\n"),
        };
        repr.name = Some(fit(&format!("ck_{table}_{:08x}", fnv(&text) & 0xffff_ffff)));
    }
    Ok(repr)
}

/// `name` cut to [`MAX_NAME`] bytes, with a hash of the whole so two long names stay apart.
fn fit(name: &str) -> String {
    if name.len() <= MAX_NAME {
        return name.to_owned();
    }
    let mut cut = MAX_NAME - 9;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{:08x}", &name[..cut], fnv(name) & 0xffff_ffff)
}

/// FNV-1a (sqlcore's `NameHasher`): stable across processes and releases.
fn fnv(text: &str) -> u64 {
    use std::hash::Hasher as _;
    let mut h = sqlcore::NameHasher::default();
    h.write(text.as_bytes());
    h.finish()
}
