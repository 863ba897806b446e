//! The text of a [`Value::Text`](crate::Value::Text): short text inline, long text shared.
//!
//! A bound text value is made once by the program, then copied into every compiled
//! statement's parameters, and again into the parameters of each cache hit; values read from
//! rows are made once per cell. Most such text is short (names, codes, statuses, e-mail
//! addresses), so up to [`Text::INLINE_CAP`] bytes live inside the value itself: making,
//! copying and dropping them touch no heap. Longer text is one shared allocation, which a
//! copy shares instead of duplicating.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// Immutable text: inline up to [`Text::INLINE_CAP`] bytes, shared (reference-counted)
/// beyond. It dereferences to `str` and compares, hashes and orders as its `str`.
///
/// ```
/// use sqlcore::Text;
///
/// let short = Text::from("GB");
/// let long = Text::from("a title longer than twenty-two bytes");
/// assert_eq!(short, "GB");
/// assert!(short.is_inline() && !long.is_inline());
/// assert_eq!(long.clone().as_str(), "a title longer than twenty-two bytes");
/// assert_eq!(String::from(short), "GB");
/// ```
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline(Inline),
    Shared(Arc<str>),
}

/// `len` bytes of UTF-8 at the start of `bytes`.
#[derive(Clone, Copy)]
struct Inline {
    len: u8,
    bytes: [u8; Text::INLINE_CAP],
}

impl Text {
    /// The longest text kept inline, in bytes (the value stays the size of a `String`).
    pub const INLINE_CAP: usize = 22;

    /// Text holding `s`: inline when it fits, else one shared allocation.
    pub fn new(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= Self::INLINE_CAP => {
                let mut bytes = [0; Self::INLINE_CAP];
                bytes[..s.len()].copy_from_slice(s.as_bytes());
                Text(Repr::Inline(Inline { len, bytes }))
            }
            _ => Text(Repr::Shared(Arc::from(s))),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(Inline { len, bytes }) => {
                let bytes = &bytes[..usize::from(*len)];
                // SAFETY: `bytes` is a copy of the whole of a `str` (see `new`, the only place
                // an inline text is made), so it is valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Shared(s) => s,
        }
    }

    /// Whether the text is held inline (no heap allocation).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(_))
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Repr::Inline(Inline { len: 0, bytes: [0; Self::INLINE_CAP] }))
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::new(&s)
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Self {
        if s.len() <= Self::INLINE_CAP { Text::new(&s) } else { Text(Repr::Shared(Arc::from(s))) }
    }
}

impl From<Arc<str>> for Text {
    /// Shares `s` (long text) rather than copying it.
    fn from(s: Arc<str>) -> Self {
        if s.len() <= Self::INLINE_CAP { Text::new(&s) } else { Text(Repr::Shared(s)) }
    }
}

impl From<char> for Text {
    fn from(c: char) -> Self {
        Text::new(c.encode_utf8(&mut [0; 4]))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.as_str().to_owned()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    /// As `str` displays: width, fill and precision apply.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn text_up_to_the_inline_capacity_is_inline_and_longer_text_is_shared() {
        for len in 0..=40 {
            let s: String = "é".repeat(len / 2) + &"x".repeat(len % 2);
            let t = Text::from(s.as_str());
            assert_eq!(t.as_str(), s);
            assert_eq!(t.is_inline(), s.len() <= Text::INLINE_CAP, "{} bytes", s.len());
            let copy = t.clone();
            assert_eq!(copy, t);
            assert_eq!(String::from(copy), s);
        }
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
    }

    #[test]
    fn text_compares_and_orders_as_its_str() {
        let (a, b) = (Text::from("apple"), Text::from("b".repeat(30)));
        let owned = String::from("apple");
        assert!(a < b);
        assert_eq!(a, "apple");
        assert_eq!("apple", a);
        assert_eq!(a, owned);
        assert_eq!(owned, a);
        assert_eq!(Text::default(), "");
        assert_eq!(format!("{a:?} {a} [{a:>7}] [{a:.3}]"), "\"apple\" apple [  apple] [app]");
    }
}
