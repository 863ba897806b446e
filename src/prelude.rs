//! The names most programs need: `use sqlcore::prelude::*;`.

pub use crate::compile::{Compile, Compiled, Dialect};
pub use crate::connection::{Connection, Transaction};
pub use crate::dsl::*;
pub use crate::error::{DatabaseError, DbErrorKind, Error, Result};
pub use crate::expr::{Expr, ExprExt, IntoExpr};
pub use crate::row::Row;
pub use crate::schema::{Column, FkAction, MetaData, SqlType, Table};
pub use crate::stmt::SetOperations;
pub use crate::value::Value;
