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
#[derive(Clone)]
pub struct Ident(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Shared(Arc<str>),
}

impl Ident {
    /// An identifier from a string known at compile time; no allocation.
    pub const fn new_static(name: &'static str) -> Self {
        Ident(Repr::Static(name))
    }

    /// The name, unquoted.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
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
        self.as_str() == other.as_str()
    }
}
impl Eq for Ident {}

impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
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
        Ident(Repr::Shared(Arc::from(s)))
    }
}

impl From<&String> for Ident {
    fn from(s: &String) -> Self {
        Ident(Repr::Shared(Arc::from(s.as_str())))
    }
}

impl From<Arc<str>> for Ident {
    fn from(s: Arc<str>) -> Self {
        Ident(Repr::Shared(s))
    }
}

impl From<&Ident> for Ident {
    fn from(s: &Ident) -> Self {
        s.clone()
    }
}
