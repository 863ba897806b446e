//! Coercion of inputs into expressions: a Rust value becomes a bound parameter, a column
//! handle becomes a reference.

use crate::expr::{ColumnRef, Expr};
use crate::value::Value;

/// Anything that can stand where an expression is expected.
///
/// Rust values (`i64`, `&str`, `bool`, `Option<T>`, ...) become bound parameters; column
/// handles become column references; an [`Expr`] is itself.
pub trait IntoExpr {
    /// Converts into an expression.
    fn into_expr(self) -> Expr;
}

impl IntoExpr for Expr {
    fn into_expr(self) -> Expr {
        self
    }
}

impl IntoExpr for &Expr {
    fn into_expr(self) -> Expr {
        self.clone()
    }
}

impl IntoExpr for ColumnRef {
    fn into_expr(self) -> Expr {
        Expr::Column(self)
    }
}

/// A SELECT where a value is expected is a scalar subquery.
impl IntoExpr for crate::stmt::Select {
    fn into_expr(self) -> Expr {
        Expr::Subquery(self.into())
    }
}

impl IntoExpr for Value {
    fn into_expr(self) -> Expr {
        Expr::Value(self)
    }
}

macro_rules! bind_into_expr {
    ($($t:ty),*) => {$(
        impl IntoExpr for $t {
            fn into_expr(self) -> Expr { Expr::Value(Value::from(self)) }
        }
    )*};
}

bind_into_expr!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    f32,
    f64,
    String,
    &str,
    &String,
    Vec<u8>,
    &[u8],
    crate::value::Decimal,
    crate::value::Date,
    crate::value::Time,
    crate::value::Timestamp
);

impl<T: Into<Value>> IntoExpr for Option<T> {
    fn into_expr(self) -> Expr {
        Expr::Value(self.map_or(Value::Null, Into::into))
    }
}

/// A list of expressions: an array or `Vec` of one type, or a tuple of mixed ones
/// (`(users::id, users::name, func::count_star())`).
pub trait IntoExprs {
    /// Converts into a list of expressions.
    fn into_exprs(self) -> Vec<Expr>;

    /// Appends the expressions to `list`: tuples and arrays write theirs in place, without
    /// a vector of their own (an INSERT's rows all go into one).
    fn append_to(self, list: &mut Vec<Expr>)
    where
        Self: Sized,
    {
        list.extend(self.into_exprs());
    }
}

impl<T: IntoExpr, const N: usize> IntoExprs for [T; N] {
    fn into_exprs(self) -> Vec<Expr> {
        self.into_iter().map(IntoExpr::into_expr).collect()
    }

    fn append_to(self, list: &mut Vec<Expr>) {
        list.extend(self.into_iter().map(IntoExpr::into_expr));
    }
}

impl<T: IntoExpr> IntoExprs for Vec<T> {
    fn into_exprs(self) -> Vec<Expr> {
        self.into_iter().map(IntoExpr::into_expr).collect()
    }

    fn append_to(self, list: &mut Vec<Expr>) {
        list.extend(self.into_iter().map(IntoExpr::into_expr));
    }
}

macro_rules! tuple_into_exprs {
    ($($name:ident)+) => {
        impl<$($name: IntoExpr),+> IntoExprs for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_exprs(self) -> Vec<Expr> {
                let ($($name,)+) = self;
                vec![$($name.into_expr()),+]
            }

            #[allow(non_snake_case)]
            fn append_to(self, list: &mut Vec<Expr>) {
                let ($($name,)+) = self;
                $(list.push($name.into_expr());)+
            }
        }
    };
}

tuple_into_exprs!(A);
tuple_into_exprs!(A B);
tuple_into_exprs!(A B C);
tuple_into_exprs!(A B C D);
tuple_into_exprs!(A B C D E);
tuple_into_exprs!(A B C D E F);
tuple_into_exprs!(A B C D E F G);
tuple_into_exprs!(A B C D E F G H);
tuple_into_exprs!(A B C D E F G H I);
tuple_into_exprs!(A B C D E F G H I J);
tuple_into_exprs!(A B C D E F G H I J K);
tuple_into_exprs!(A B C D E F G H I J K L);
tuple_into_exprs!(A B C D E F G H I J K L M);
tuple_into_exprs!(A B C D E F G H I J K L M N);
tuple_into_exprs!(A B C D E F G H I J K L M N O);
tuple_into_exprs!(A B C D E F G H I J K L M N O P);

/// Appends `more` to `list`, taking `more`'s allocation when `list` is still empty (the usual
/// case: a builder's first call), rather than copying into a new one.
pub(crate) fn append_exprs(list: &mut Vec<Expr>, more: Vec<Expr>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
    }
}
