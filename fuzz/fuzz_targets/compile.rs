//! Arbitrary statements compiled for every dialect: no panic, Ok or a documented error,
//! placeholders match parameters, sqlparser parses, SQLite prepares.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sqlcore_props::spec::StmtSpec;

fuzz_target!(|spec: StmtSpec| {
    if let Err(v) = sqlcore_props::compile::check(&spec) {
        panic!("{v}\nspec: {spec:?}");
    }
});
