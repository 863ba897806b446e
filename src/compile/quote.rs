//! Identifiers: when they are quoted, and which are rejected.
//!
//! A name is written bare only if it is lower-case ASCII letters, digits and `_`, does not
//! start with a digit, and is not one of the dialect's reserved words
//! ([`Dialect::reserved_words`]; by default [`STANDARD_RESERVED`], the words of every engine
//! sqlcore targets, so a name is quoted the same way everywhere). Anything else is quoted by the
//! dialect, with embedded quote characters escaped. Empty names, NUL bytes and names longer
//! than the engine keeps are errors: PostgreSQL would silently truncate a long name, which
//! could make two names one.

use crate::compile::Dialect;
use crate::error::{Error, Result};

/// A name [`Compiler::ident`](crate::compile::Compiler::ident) writes: an
/// [`Ident`](crate::Ident), which knows whether it needs quotes, or a plain string, which is
/// looked at when written.
pub trait IdentText {
    /// The name, unquoted.
    fn text(&self) -> &str;
    /// Whether the name needs no quotes, when that is already known.
    fn known_bare(&self) -> Option<bool> {
        None
    }
}

impl IdentText for str {
    fn text(&self) -> &str {
        self
    }
}

impl IdentText for String {
    fn text(&self) -> &str {
        self
    }
}

impl IdentText for crate::Ident {
    fn text(&self) -> &str {
        self.as_str()
    }
    fn known_bare(&self) -> Option<bool> {
        Some(self.is_bare())
    }
}

/// Reserved words of SQLite, PostgreSQL and MySQL 8 / MariaDB (window-function names included,
/// which MySQL 8 reserves),
/// lower-case and sorted (a test keeps it so; lookups go through [`STANDARD_RESERVED`]).
const RESERVED: &[&str] = &[
    "abort",
    "accessible",
    "add",
    "all",
    "alter",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asensitive",
    "asymmetric",
    "attach",
    "authorization",
    "autoincrement",
    "before",
    "begin",
    "between",
    "bigint",
    "binary",
    "blob",
    "both",
    "by",
    "call",
    "cascade",
    "case",
    "cast",
    "change",
    "char",
    "character",
    "check",
    "collate",
    "collation",
    "column",
    "commit",
    "concurrently",
    "condition",
    "conflict",
    "constraint",
    "continue",
    "convert",
    "create",
    "cross",
    "cube",
    "cume_dist",
    "current",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "cursor",
    "database",
    "databases",
    "day_hour",
    "day_microsecond",
    "day_minute",
    "day_second",
    "dec",
    "decimal",
    "declare",
    "default",
    "deferrable",
    "deferred",
    "delayed",
    "delete",
    "dense_rank",
    "desc",
    "describe",
    "detach",
    "deterministic",
    "distinct",
    "distinctrow",
    "div",
    "do",
    "double",
    "drop",
    "dual",
    "each",
    "else",
    "elseif",
    "empty",
    "enclosed",
    "end",
    "escape",
    "escaped",
    "except",
    "exclusive",
    "exists",
    "exit",
    "explain",
    "false",
    "fetch",
    "filter",
    "first_value",
    "float",
    "float4",
    "float8",
    "for",
    "force",
    "foreign",
    "freeze",
    "from",
    "full",
    "fulltext",
    "function",
    "generated",
    "get",
    "glob",
    "grant",
    "group",
    "grouping",
    "groups",
    "having",
    "high_priority",
    "hour_microsecond",
    "hour_minute",
    "hour_second",
    "if",
    "ignore",
    "ilike",
    "immediate",
    "in",
    "index",
    "indexed",
    "infile",
    "initially",
    "inner",
    "inout",
    "insensitive",
    "insert",
    "instead",
    "int",
    "int1",
    "int2",
    "int3",
    "int4",
    "int8",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "iterate",
    "join",
    "json_table",
    "key",
    "keys",
    "kill",
    "lag",
    "last_value",
    "lateral",
    "lead",
    "leading",
    "leave",
    "left",
    "like",
    "limit",
    "linear",
    "lines",
    "load",
    "localtime",
    "localtimestamp",
    "lock",
    "long",
    "longblob",
    "longtext",
    "loop",
    "low_priority",
    "match",
    "maxvalue",
    "mediumblob",
    "mediumint",
    "mediumtext",
    "member",
    "middleint",
    "minute_microsecond",
    "minute_second",
    "mod",
    "modifies",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "nth_value",
    "ntile",
    "null",
    "nulls",
    "numeric",
    "of",
    "offset",
    "on",
    "only",
    "optimize",
    "option",
    "optionally",
    "or",
    "order",
    "out",
    "outer",
    "outfile",
    "over",
    "overlaps",
    "partition",
    "percent_rank",
    "placing",
    "plan",
    "pragma",
    "precision",
    "primary",
    "procedure",
    "purge",
    "query",
    "raise",
    "range",
    "rank",
    "read",
    "reads",
    "real",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "repeat",
    "replace",
    "require",
    "resignal",
    "restrict",
    "return",
    "returning",
    "revoke",
    "right",
    "rlike",
    "rollback",
    "row",
    "row_number",
    "rows",
    "savepoint",
    "schema",
    "schemas",
    "second_microsecond",
    "select",
    "sensitive",
    "separator",
    "session_user",
    "set",
    "show",
    "signal",
    "similar",
    "smallint",
    "some",
    "spatial",
    "specific",
    "sql",
    "sql_big_result",
    "sql_calc_found_rows",
    "sql_small_result",
    "sqlexception",
    "sqlstate",
    "sqlwarning",
    "ssl",
    "starting",
    "stored",
    "straight_join",
    "symmetric",
    "system",
    "table",
    "tablesample",
    "temp",
    "temporary",
    "terminated",
    "then",
    "ties",
    "tinyblob",
    "tinyint",
    "tinytext",
    "to",
    "trailing",
    "transaction",
    "trigger",
    "true",
    "undo",
    "union",
    "unique",
    "unlock",
    "unsigned",
    "update",
    "usage",
    "use",
    "user",
    "using",
    "utc_date",
    "utc_time",
    "utc_timestamp",
    "vacuum",
    "values",
    "varbinary",
    "varchar",
    "varcharacter",
    "variadic",
    "varying",
    "verbose",
    "view",
    "virtual",
    "when",
    "where",
    "while",
    "window",
    "with",
    "without",
    "write",
    "xor",
    "year_month",
    "zerofill",
];

/// Slots in a [`ReservedWords`] table: a power of two, at least twice the words, so probes
/// are short.
const SLOT_COUNT: usize = 2048;

/// A set of reserved words, as a dialect declares them
/// ([`Dialect::reserved_words`](crate::compile::Dialect::reserved_words)): an open-addressed
/// hash table built at compile time by [`ReservedWords::new`], so asking about a name costs one
/// hash and one or two comparisons (identifier output asks for every bare-looking name; a
/// binary search was half of a point lookup's compile time).
///
/// ```
/// use sqlcore::compile::ReservedWords;
/// static MINE: ReservedWords = ReservedWords::new(&["select", "widget"]);
/// assert!(MINE.contains("widget"));
/// assert!(!MINE.contains("users"));
/// ```
#[derive(Debug)]
pub struct ReservedWords {
    /// A set this one adds to ([`ReservedWords::extending`]).
    base: Option<&'static ReservedWords>,
    words: &'static [&'static str],
    /// Each slot holds an index into `words` plus one, or 0 when empty.
    slots: [u16; SLOT_COUNT],
}

impl ReservedWords {
    /// The set of `words`, which must be lower case (only lower-case names are ever looked
    /// up: any other name is quoted anyway) and at most 1,024.
    pub const fn new(words: &'static [&'static str]) -> Self {
        assert!(words.len() * 2 <= SLOT_COUNT, "at most 1024 reserved words");
        let mut slots = [0u16; SLOT_COUNT];
        let mut i = 0;
        while i < words.len() {
            let mut slot = hash(words[i].as_bytes()) & (SLOT_COUNT - 1);
            while slots[slot] != 0 {
                slot = (slot + 1) & (SLOT_COUNT - 1);
            }
            slots[slot] = (i + 1) as u16;
            i += 1;
        }
        ReservedWords { base: None, words, slots }
    }

    /// The words of `base` and `words` (a dialect that reserves a few words more than the
    /// standard set: `ReservedWords::extending(&STANDARD_RESERVED, &["widget"])`).
    pub const fn extending(base: &'static ReservedWords, words: &'static [&'static str]) -> Self {
        let own = ReservedWords::new(words);
        ReservedWords { base: Some(base), words: own.words, slots: own.slots }
    }

    /// Whether `name` is one of the words (or of the set this one extends).
    pub const fn contains(&self, name: &str) -> bool {
        // A loop, not recursion, so that the lookup of a set without a base inlines.
        let mut set = self;
        loop {
            if set.own_contains(name) {
                return true;
            }
            match set.base {
                Some(base) => set = base,
                None => return false,
            }
        }
    }

    /// Whether `name` is one of this set's own words (not those of its base).
    #[inline]
    const fn own_contains(&self, name: &str) -> bool {
        let bytes = name.as_bytes();
        let mut slot = hash(bytes) & (SLOT_COUNT - 1);
        loop {
            let n = self.slots[slot] as usize;
            if n == 0 {
                return false;
            }
            if n <= self.words.len() && same_bytes(self.words[n - 1].as_bytes(), bytes) {
                return true;
            }
            slot = (slot + 1) & (SLOT_COUNT - 1);
        }
    }

    /// The words given to this set (not those of a set it extends), in the order given.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// The default reserved words: every word reserved by SQLite, PostgreSQL or MySQL 8 / MariaDB.
/// The built-in dialects all use it, so a name is quoted the same way on every engine (SQL
/// text reads the same everywhere, and a name that a newer engine version reserves is already
/// quoted); a dialect with words of its own returns its own set.
pub static STANDARD_RESERVED: ReservedWords = ReservedWords::new(RESERVED);

/// FNV-1a over the bytes; `const` so the tables are built by the compiler.
const fn hash(bytes: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h as usize
}

/// Whether `name` is a word of [`STANDARD_RESERVED`].
#[inline]
pub const fn is_reserved(name: &str) -> bool {
    // The standard set has no base: its own words are all of it.
    STANDARD_RESERVED.own_contains(name)
}

/// Byte equality usable in `const` (so `table!` names are classified by the compiler).
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `name` has the shape of a bare identifier: lower-case ASCII letters, digits and
/// `_`, not starting with a digit (whether it is reserved is the dialect's question).
pub(crate) const fn is_plain(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let first = bytes[0];
    if !(first.is_ascii_lowercase() || first == b'_') {
        return false;
    }
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `name` can be written without quotes under [`STANDARD_RESERVED`]: [`is_plain`] and
/// not reserved. `const`, so an [`Ident`](crate::Ident) made from a literal knows its answer
/// before the program runs (see `Ident::is_bare`); a dialect with its own reserved words is
/// asked when the name is written.
pub(crate) const fn is_bare(name: &str) -> bool {
    is_plain(name) && !is_reserved(name)
}

/// Writes `name` for `dialect`, quoted when needed. `bare` is whether the name needs no
/// quotes, when the caller already knows it (an [`Ident`](crate::Ident) knows it for
/// [`STANDARD_RESERVED`]; the compiler asks a dialect with words of its own); otherwise
/// [`is_bare`] decides.
pub(crate) fn write_identifier(dialect: &dyn Dialect, out: &mut String, name: &str, bare: Option<bool>) -> Result<()> {
    let bare = bare.unwrap_or_else(|| is_bare(name));
    if bare {
        dialect.check_identifier(name).map_err(|reason| refused(name, reason))?;
        out.push_str(name);
        return Ok(());
    }
    if name.is_empty() {
        return Err(Error::invalid_identifier(String::new(), "identifiers cannot be empty"));
    }
    if name.contains('\0') {
        return Err(Error::invalid_identifier(name.to_string(), "identifiers cannot contain a NUL byte"));
    }
    dialect.check_identifier(name).map_err(|reason| refused(name, reason))?;
    dialect.quote_identifier(out, name);
    Ok(())
}

/// The error for a name the dialect refuses; a long name is shown by its start.
fn refused(name: &str, reason: &'static str) -> Error {
    let ident = if name.chars().count() > 80 {
        let shown: String = name.chars().take(40).collect();
        format!("{shown}...")
    } else {
        name.to_string()
    };
    Error::invalid_identifier(ident, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_list_is_sorted_and_lower_case() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]), "RESERVED must be sorted for binary search");
        assert!(RESERVED.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())));
    }

    #[test]
    fn reserved_lookup_agrees_with_the_list() {
        assert!(RESERVED.iter().all(|w| is_reserved(w)));
        for w in RESERVED {
            let longer = format!("{w}x");
            assert_eq!(is_reserved(&longer), RESERVED.binary_search(&longer.as_str()).is_ok());
            assert!(!is_reserved(&w[1..]) || RESERVED.contains(&&w[1..]));
        }
        assert!(!is_reserved("users") && !is_reserved("") && is_reserved("select"));
    }

    #[test]
    fn bare_names() {
        assert!(is_bare("users"));
        assert!(is_bare("_x1"));
        assert!(!is_bare("Users"));
        assert!(!is_bare("1x"));
        assert!(!is_bare("order"));
        assert!(!is_bare("a b"));
        assert!(!is_bare(""));
    }
}
