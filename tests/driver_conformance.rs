//! The driver conformance suite: what every [`Connection`] must do the same way, checked
//! through `&mut dyn Connection` on SQLite, PostgreSQL and MariaDB. Each check runs on a
//! fresh database of its own. Where the engines differ only in the code they report for the
//! same failure, or in what a failed statement does to the transaction around it, the
//! expectation is written here per engine, keyed by the engine's name. The `*_driver.rs`
//! suites keep only what one engine does on its own (its URL, its session, its types, its
//! server's own behaviour).
//!
//! The checks are in `common/conformance.rs`, shared with `async_conformance.rs`.

#[macro_use]
mod common;
#[macro_use]
#[path = "common/conformance.rs"]
mod conformance;

use conformance::Engines;

conformance_tests!(Engines { fixture: common::engines, empty: common::empty_engines });
