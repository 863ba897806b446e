//! The [`table!`](crate::table) macro.

/// Declares a table statically: a module with a `table()` function returning the
/// [`Table`](crate::schema::Table) and one typed [`Col`](crate::schema::Col) handle per
/// column, so `users::name` is checked by the Rust compiler.
///
/// Each column is `name: Type` followed, after `=>`, by [`Column`](crate::schema::Column)
/// modifiers separated by commas, and ends with `;`. Types are [`SqlType`](crate::schema::SqlType)
/// variants; [`FkAction`](crate::schema::FkAction) variants are in scope for `on_delete` /
/// `on_update`. Table-level constraints (composite keys, indexes) go in an optional
/// `|t| ...` clause over the [`TableBuilder`](crate::schema::TableBuilder).
///
/// ```
/// use sqlcore::prelude::*;
///
/// sqlcore::table! {
///     /// Authors of books.
///     pub authors {
///         id: Integer => primary_key();
///         name: Varchar(100) => not_null();
///     }
/// }
/// sqlcore::table! {
///     pub books {
///         id: Integer => primary_key();
///         title: Text => not_null();
///         author_id: Integer => not_null(), references(authors::id), on_delete(Cascade);
///     }
///     |t| t.index("books_author", [books::author_id])
/// }
///
/// # fn main() {
/// // The same table, built at run time:
/// let runtime = Table::builder("books")
///     .column(Column::new("id", SqlType::Integer).primary_key())
///     .column(Column::new("title", SqlType::Text).not_null())
///     .column(Column::new("author_id", SqlType::Integer).not_null()
///         .references(("authors", "id")).on_delete(FkAction::Cascade))
///     .index("books_author", ["author_id"])
///     .build();
/// assert_eq!(books::table(), runtime);
/// # }
/// ```
///
/// Declare tables at module level: a table that references another (`authors::id`) finds it
/// through the enclosing module, which a declaration inside a function body does not have.
#[macro_export]
macro_rules! table {
    (
        $(#[$meta:meta])*
        $vis:vis $name:ident {
            $(
                $(#[$col_meta:meta])*
                $col:ident : $ty:expr $( => $( $modifier:ident ( $($arg:expr),* $(,)? ) ),+ )? ;
            )*
        }
        $( | $t:ident | $extra:expr )?
    ) => {
        $(#[$meta])*
        #[allow(non_upper_case_globals, dead_code, unused_imports)]
        $vis mod $name {
            use super::*;

            /// The table's name and its columns' names, each one text that the definition
            /// and every handle point to (statics, so one address program-wide: names are
            /// compared by address before their bytes).
            #[doc(hidden)]
            pub static __SQLCORE_TABLE_NAME: &str = stringify!($name);
            #[doc(hidden)]
            #[allow(non_upper_case_globals)]
            pub mod __sqlcore_column_names {
                $( #[doc(hidden)] pub static $col: &str = stringify!($col); )*
            }

            /// The table's definition (built once, then shared).
            pub fn table() -> $crate::schema::Table {
                static TABLE: ::std::sync::OnceLock<$crate::schema::Table> = ::std::sync::OnceLock::new();
                TABLE
                    .get_or_init(|| {
                        use $crate::schema::FkAction::*;
                        use $crate::schema::SqlType::*;
                        let builder = $crate::schema::Table::builder(__SQLCORE_TABLE_NAME)
                            // The name's static, which the handles read too: the definition's
                            // column and `table::col` share one text (see `Table::column`).
                            $( .column($crate::schema::Column::new(__sqlcore_column_names::$col, $ty)
                                $( $( .$modifier($($arg),*) )+ )?) )*;
                        $( let $t = builder; let builder = $extra; )?
                        builder.build()
                    })
                    .clone()
            }

            $(
                $(#[$col_meta])*
                #[doc = concat!("Column `", stringify!($name), ".", stringify!($col), "`.")]
                pub const $col: $crate::schema::Col =
                    $crate::schema::Col::from_statics(&__SQLCORE_TABLE_NAME, &__sqlcore_column_names::$col, table);
            )*
        }
    };
}
