//! Random expression trees through sqlcore and sea-query on SQLite, against a fully
//! parenthesised reference: see `sqlcore_props::differential`.

#![no_main]

libfuzzer_sys::fuzz_target!(|case: sqlcore_props::differential::DiffCase| {
    if let Err(v) = sqlcore_props::differential::check(&case) {
        panic!("{v}")
    }
});
