//! The schema model: [`MetaData`] holds [`Table`]s, a table holds [`Column`]s and
//! constraints. Tables are defined at run time with [`Table::builder`] or statically with the
//! [`table!`](crate::table) macro; both give the same `Table`.

mod column;
mod constraint;
mod fit;
mod handle;
mod index;
mod macros;
mod metadata;
mod table;
mod types;

pub use column::{Autoincrement, Column, ColumnPath, ServerDefault};
pub use constraint::{CheckConstraint, FkAction, ForeignKey, UniqueConstraint};
pub use handle::{Col, TableHandle};
pub use index::Index;
pub use metadata::MetaData;
pub use table::{Table, TableBuilder, TableDef, TableRef};
pub use types::SqlType;
