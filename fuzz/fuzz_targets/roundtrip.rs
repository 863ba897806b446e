//! Arbitrary names and values through CREATE / INSERT (bound and inlined) / SELECT on SQLite:
//! byte-identical data, nothing else touched.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sqlcore_props::roundtrip::RoundtripCase;

fuzz_target!(|case: RoundtripCase| {
    if let Err(v) = sqlcore_props::roundtrip::check(&case) {
        panic!("{v}\ncase: {case:?}");
    }
});
