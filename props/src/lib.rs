//! Property checks for sqlcore's compiler, shared by the cargo-fuzz targets in `fuzz/` and the
//! stable property tests in `props/tests/`.
//!
//! Each property is a function from an [`arbitrary`]-generated case to `Result<(), Violation>`:
//! the fuzz targets panic on a violation (libFuzzer records the input), the stable tests feed
//! the same functions from a seeded generator ([`cases`]) so every `cargo test` runs them.
//! Users who extend sqlcore (a new dialect, a new construct) call the same functions.
//!
//! - [`compile`]: arbitrary statement trees compile on every dialect to Ok or a documented
//!   error; placeholders match parameters; the SQL parses (sqlparser) and prepares (SQLite).
//! - [`roundtrip`]: arbitrary values and identifiers survive create / insert / select unchanged,
//!   bound and inlined.
//! - [`differential`]: random expressions evaluated through sqlcore and through sea-query on
//!   SQLite return the same rows.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]

use arbitrary::{Arbitrary, Unstructured};
use std::fmt;

pub mod build;
pub mod cache;
pub mod compile;
pub mod differential;
pub mod engines;
pub mod lexer;
pub mod reflection;
pub mod roundtrip;
pub mod schema_diff;
pub mod spec;

/// A property that did not hold, with what is needed to reproduce it.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Which property (`"compile"`, `"roundtrip"`, `"differential"`) and which check.
    pub property: &'static str,
    /// What happened, including the SQL and values involved.
    pub detail: String,
}

impl Violation {
    /// A violation of `property`.
    pub fn new(property: &'static str, detail: impl Into<String>) -> Self {
        Violation { property, detail: detail.into() }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} property violated: {}", self.property, self.detail)
    }
}

impl std::error::Error for Violation {}

/// SplitMix64: a tiny seeded generator for the stable tests' input bytes (no dependency, and
/// the same seed gives the same cases on every machine).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

/// `n` cases of `T` generated from `seed`: case `i` comes from its own buffer of random bytes
/// (between 16 and `max_len` long), so a failing case is reproduced by its `(seed, i)` alone.
/// Cases whose bytes `T::arbitrary` rejects are skipped.
pub fn cases<T: for<'a> Arbitrary<'a>>(seed: u64, n: usize, max_len: usize) -> impl Iterator<Item = (usize, T)> {
    let mut rng = SplitMix64::new(seed);
    let max_len = max_len.max(17);
    (0..n).filter_map(move |i| {
        let len = 16 + (rng.next_u64() as usize) % (max_len - 16);
        let bytes = rng.bytes(len);
        let mut u = Unstructured::new(&bytes);
        T::arbitrary(&mut u).ok().map(|t| (i, t))
    })
}
