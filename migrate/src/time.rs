//! The creation time and id of a new revision.

use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

/// Now, UTC, in the two spellings a revision uses.
pub(crate) struct Now {
    /// `2026-12-04T17:30:00Z`, the file's `created`.
    pub rfc3339: String,
    /// `20261204173000`, the start of the file's name (files list in creation order).
    pub compact: String,
}

pub(crate) fn now_utc() -> Now {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(0);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    // Every clock reading since 1970 is a representable date; a clock beyond year 9999 is
    // written as 1970-01-01 rather than failing to make a revision.
    let (y, mo, d) = sqlcore::Date::from_days_since_unix_epoch(days)
        .map_or((1970, 1, 1), |date| (date.year(), date.month(), date.day()));
    Now {
        rfc3339: format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z"),
        compact: format!("{y:04}{mo:02}{d:02}{h:02}{m:02}{s:02}"),
    }
}

/// A new revision id: 12 hex digits from the standard library's randomly keyed hasher over
/// the time and process id (Alembic's ids are 12 hex digits too). Two developers making a
/// revision at the same moment get different ids.
pub(crate) fn new_id() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    h.write_u128(nanos);
    h.write_u32(std::process::id());
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}
