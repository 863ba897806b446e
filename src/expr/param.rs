//! Named bind parameters: statements built once and run with different values.

use crate::ident::{Ident, IdentMap};
use crate::value::Value;

/// Values for named parameters ([`bindparam`](crate::dsl::bindparam),
/// [`ExprExt::in_param`](crate::expr::ExprExt::in_param)), given when compiling
/// ([`Compile::compile_with`](crate::Compile::compile_with)) or afterwards
/// ([`Compiled::with_params`](crate::Compiled::with_params)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    values: IdentMap<ParamValue>,
}

/// One named parameter's value: a single value, or a list for an expanding `IN`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// One value.
    One(Value),
    /// A list, expanded into one placeholder per item when compiling.
    List(Vec<Value>),
}

impl Params {
    /// No values yet.
    pub fn new() -> Self {
        Params::default()
    }

    /// Sets `name` to `value`.
    #[must_use]
    pub fn set(mut self, name: impl Into<Ident>, value: impl Into<Value>) -> Self {
        self.values.insert(name.into(), ParamValue::One(value.into()));
        self
    }

    /// Sets `name` to a list (for `in_param`).
    #[must_use]
    pub fn set_list<I>(mut self, name: impl Into<Ident>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Value>,
    {
        self.values.insert(name.into(), ParamValue::List(values.into_iter().map(Into::into).collect()));
        self
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.get(name)
    }
}
