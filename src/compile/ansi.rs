//! The ANSI dialect: standard SQL, double-quoted identifiers, `?` placeholders. Used by
//! `Display` and by unit tests inside this crate; not tied to any engine.

use crate::compile::{Dialect, Version};

/// Standard SQL, for reading and tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnsiDialect;

impl Dialect for AnsiDialect {
    fn name(&self) -> &'static str {
        "ansi"
    }

    fn version(&self) -> Version {
        Version(2016, 0, 0)
    }
}
