//! Identifiers: names of tables, columns, aliases, constraints.
//!
//! An [`Ident`] is cheap to clone: a `&'static str` for names written in the program (the
//! `table!` macro, string literals) or an `Arc<str>` for names known only at run time. Quoting
//! is decided when compiling, by the dialect (see `compile::quote`).

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A SQL identifier (unquoted; the dialect quotes it when needed).
///
/// It knows from the start whether it can be written without quotes (for a name from a
/// literal, the compiler works that out before the program runs), so writing it is a copy.
#[derive(Clone)]
pub struct Ident(Repr);

/// The text, and `compile::quote::is_bare(text)` computed once when the identifier is made
/// (beside the tag, so an `Ident` stays three words).
#[derive(Clone)]
enum Repr {
    Static(&'static str, bool),
    Shared(Arc<str>, bool),
}

impl Ident {
    /// An identifier from a string known at compile time; no allocation.
    pub const fn new_static(name: &'static str) -> Self {
        Ident(Repr::Static(name, crate::compile::quote::is_bare(name)))
    }

    /// An identifier from a static string whose bareness the caller computed in a `const`
    /// context (the `table!` column handles), so building one at run time costs nothing.
    pub(crate) const fn static_classified(name: &'static str, bare: bool) -> Self {
        Ident(Repr::Static(name, bare))
    }

    fn shared(text: Arc<str>) -> Self {
        let bare = crate::compile::quote::is_bare(&text);
        Ident(Repr::Shared(text, bare))
    }

    /// Whether the name is written without quotes (lower-case ASCII letters, digits and `_`,
    /// not starting with a digit, not a reserved word of any engine).
    ///
    /// ```
    /// use sqlcore::Ident;
    /// assert!(Ident::from("users").is_bare());
    /// assert!(!Ident::from("order").is_bare()); // a reserved word
    /// assert!(!Ident::from("Users").is_bare()); // upper case would fold on PostgreSQL
    /// assert!(!Ident::from(String::from("a b")).is_bare());
    /// ```
    pub fn is_bare(&self) -> bool {
        match self.0 {
            Repr::Static(_, bare) | Repr::Shared(_, bare) => bare,
        }
    }

    /// The name when it is a `'static` string (a `table!` column's): the statement cache keys
    /// such a name by its address and length, which stand for its text for the program's life.
    pub(crate) fn static_text(&self) -> Option<&'static str> {
        match self.0 {
            Repr::Static(s, _) => Some(s),
            Repr::Shared(..) => None,
        }
    }

    /// The name, unquoted.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s, _) => s,
            Repr::Shared(s, _) => s,
        }
    }
}

impl Deref for Ident {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Ident {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Ident {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Ident {
    fn eq(&self, other: &Self) -> bool {
        same_name(self, other)
    }
}

/// Name equality that skips comparing the bytes when both names are the same text (a
/// `table!` handle and its table's column both read the name's static).
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if std::ptr::eq(a.as_ptr(), b.as_ptr()) {
        return true;
    }
    // Aliases and short names: compared in place rather than through a call to memcmp.
    if a.len() <= 8 {
        return a.bytes().zip(b.bytes()).all(|(x, y)| x == y);
    }
    a == b
}

impl Eq for Ident {}

impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Ident> for str {
    fn eq(&self, other: &Ident) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Ident> for &str {
    fn eq(&self, other: &Ident) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::hash::Hash for Ident {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&'static str> for Ident {
    fn from(s: &'static str) -> Self {
        Ident::new_static(s)
    }
}

impl From<String> for Ident {
    fn from(s: String) -> Self {
        Ident::shared(Arc::from(s))
    }
}

impl From<&String> for Ident {
    fn from(s: &String) -> Self {
        Ident::shared(Arc::from(s.as_str()))
    }
}

impl From<Arc<str>> for Ident {
    fn from(s: Arc<str>) -> Self {
        Ident::shared(s)
    }
}

impl From<&Ident> for Ident {
    fn from(s: &Ident) -> Self {
        s.clone()
    }
}

/// A map keyed by identifiers, in insertion order, hashed with FNV-1a: names are short and
/// come from the program's schema, so a keyed hash (SipHash, a fifth of an INSERT's compile
/// time when columns were looked up through it) buys nothing here.
pub type IdentMap<V> = indexmap::IndexMap<Ident, V, std::hash::BuildHasherDefault<NameHasher>>;

/// FNV-1a, the hasher of [`IdentMap`].
#[derive(Clone, Copy)]
pub struct NameHasher(u64);

impl Default for NameHasher {
    fn default() -> Self {
        NameHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
