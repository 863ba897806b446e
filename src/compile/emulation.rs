//! The emulations: each rewrite a dialect may declare for a [`Feature`](crate::compile::Feature)
//! it lacks, named, with what it writes. A dialect says which it uses in
//! [`Dialect::support`](crate::compile::Dialect::support); the bodies of the portable ones
//! are functions of the generic compiler (`generic`, `dml`, `select`), those that are one
//! engine's own syntax live in that dialect's hooks.

use std::fmt;

/// A named rewrite with the same result as the construct it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Emulation {
    /// `ORDER BY x IS NULL [DESC], x` for NULLS FIRST / NULLS LAST (`compile/select.rs`,
    /// the ORDER BY term).
    NullsOrderingIsNull,
    /// `LOWER(a) LIKE LOWER(b)` for ILIKE (`compile/expr.rs`, LIKE).
    ILikeLower,
    /// `1 = 0` for `x IN ()`, `1 = 1` for `x NOT IN ()` (`compile/expr.rs`, IN).
    EmptyInConstant,
    /// `ROW_NUMBER() OVER (PARTITION BY ...) = 1` in a derived table, for DISTINCT ON
    /// (`compile/select.rs`, `distinct_on_emulated`).
    DistinctOnRowNumber,
    /// `agg(CASE WHEN condition THEN x END)` for an aggregate's FILTER (WHERE ...)
    /// (`compile/window.rs`).
    AggregateFilterCase,
    /// `DELETE FROM t WHERE EXISTS (SELECT 1 FROM others WHERE ...)` for DELETE ... USING
    /// ([`dml::delete_using_exists`](crate::compile::dml::delete_using_exists), SQLite's delete hook).
    DeleteUsingExists,
    /// RETURNING with other tables read: the target table's columns only, the others refused
    /// ([`dml::returning`](crate::compile::dml::returning)). A restriction of the native
    /// clause rather than a rewrite (`tests/support_matrix.rs` lists it as such).
    ReturningTargetOnly,
    /// The frame of a ranking function left out (ROW_NUMBER, RANK, NTILE, LAG, LEAD ignore it;
    /// `compile/window.rs`).
    FrameLeftOut,
    /// `LIMIT <all rows> OFFSET n` for an OFFSET without LIMIT (the dialect's `limit_offset`
    /// hook writes its number for all rows).
    OffsetWithLimitAll,
    /// `INSERT INTO t () VALUES ()` for a row of defaults (MySQL's `insert_default_values`).
    InsertEmptyRow,
    /// An index on a generated column outside the sole key (InnoDB needs an AUTO_INCREMENT
    /// column first in some index).
    AutoincrementIndex,
    /// `UPDATE t, others SET t.c = ... WHERE ...` (MySQL's multi-table UPDATE) for UPDATE ... FROM.
    UpdateJoin,
    /// `DELETE t FROM t, others WHERE ...` (MySQL's multi-table DELETE) for DELETE ... USING.
    DeleteJoin,
    /// `LOCK IN SHARE MODE` (MariaDB's spelling) for FOR SHARE.
    LockInShareMode,
    /// `INSERT INTO t (...) WITH ... SELECT`: the WITH inside the INSERT, before its SELECT.
    CteInsideInsert,
    /// A schema change `ALTER TABLE` cannot make in place (SQLite): the table is made again
    /// under a new name, its rows copied, the old one dropped and the new one renamed
    /// (`compile::alter::rebuild_table`).
    TableRebuild,
    /// Declared by a dialect outside sqlcore (or a test), with its own description.
    Other(&'static str),
}

impl Emulation {
    /// What the emulation writes, for the feature matrix and error hints.
    pub fn description(self) -> &'static str {
        match self {
            Emulation::NullsOrderingIsNull => "ORDER BY x IS NULL [DESC], x",
            Emulation::ILikeLower => "LOWER(a) LIKE LOWER(b)",
            Emulation::EmptyInConstant => "x IN () as 1 = 0, x NOT IN () as 1 = 1",
            Emulation::DistinctOnRowNumber => "ROW_NUMBER() OVER (PARTITION BY ...) = 1 in a derived table",
            Emulation::AggregateFilterCase => "agg(CASE WHEN condition THEN x END)",
            Emulation::DeleteUsingExists => "DELETE FROM t WHERE EXISTS (SELECT 1 FROM others WHERE ...)",
            Emulation::ReturningTargetOnly => {
                "the target table's columns only (the engine cannot return the other tables')"
            }
            Emulation::FrameLeftOut => "the frame is left out: these functions ignore it",
            Emulation::OffsetWithLimitAll => "LIMIT <all rows> OFFSET n",
            Emulation::InsertEmptyRow => "INSERT INTO t () VALUES ()",
            Emulation::AutoincrementIndex => {
                "an index on the column (InnoDB needs an AUTO_INCREMENT column first in some index)"
            }
            Emulation::UpdateJoin => "UPDATE t, others SET t.c = ...",
            Emulation::DeleteJoin => "DELETE t FROM t, others WHERE ...",
            Emulation::LockInShareMode => "LOCK IN SHARE MODE",
            Emulation::CteInsideInsert => "INSERT INTO t (...) WITH ... SELECT",
            Emulation::TableRebuild => "a new table, every row copied, the old one dropped, the new one renamed",
            Emulation::Other(description) => description,
        }
    }
}

impl fmt::Display for Emulation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}
