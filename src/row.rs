//! Rows read back from a query, and conversion of their values into Rust types.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::value::{Date, Decimal, Time, Timestamp, Value};

/// One row of a result: values by position, with the result's column names.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    /// A row of `values` for the columns named in `columns` (drivers build rows).
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Self {
        Row { columns, values }
    }

    /// The value at `index` (a position or a column name) as a `T`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use sqlcore::{Row, Value};
    ///
    /// let row = Row::new(Arc::from(vec!["id".to_string(), "name".to_string()]), vec![Value::Int(7), Value::Null]);
    /// assert_eq!(row.get::<i64>("id")?, 7);
    /// assert_eq!(row.get::<Option<String>>(1)?, None);
    /// assert!(row.get::<String>("id").is_err());   // an integer is not text
    /// assert!(row.get::<i64>("nope").is_err());    // no such column
    /// # Ok::<(), sqlcore::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NoSuchColumn`] for an unknown name or an index past the end;
    /// [`Error::ColumnType`] when the value cannot be read as `T`.
    pub fn get<T: FromValue>(&self, index: impl RowIndex) -> Result<T> {
        let i = index.position(self)?;
        let value = self.values.get(i).ok_or_else(|| self.no_such(i.to_string()))?;
        T::from_value(value).map_err(|found| {
            Error::column_type(self.columns.get(i).cloned().unwrap_or_else(|| i.to_string()), T::TYPE_NAME, found)
        })
    }

    /// The raw value at `index`.
    ///
    /// # Errors
    /// [`Error::NoSuchColumn`].
    pub fn value(&self, index: impl RowIndex) -> Result<&Value> {
        let i = index.position(self)?;
        self.values.get(i).ok_or_else(|| self.no_such(i.to_string()))
    }

    /// The column names.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The values, in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The values, to convert in place (see [`Prepared::conform`](crate::cache::Prepared::conform)).
    pub(crate) fn values_mut(&mut self) -> &mut [Value] {
        &mut self.values
    }

    /// The values, owned.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True for a row with no columns.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn no_such(&self, column: String) -> Error {
        Error::no_such_column(column, self.columns.join(", "))
    }
}

/// A column position (`0`) or name (`"title"`).
pub trait RowIndex {
    /// The position of this column in `row`.
    ///
    /// # Errors
    /// [`Error::NoSuchColumn`].
    fn position(&self, row: &Row) -> Result<usize>;
}

impl RowIndex for usize {
    fn position(&self, row: &Row) -> Result<usize> {
        if *self < row.values.len() { Ok(*self) } else { Err(row.no_such(self.to_string())) }
    }
}

impl RowIndex for &str {
    fn position(&self, row: &Row) -> Result<usize> {
        row.columns.iter().position(|c| c == self).ok_or_else(|| row.no_such(format!("`{self}`")))
    }
}

/// Conversion from a [`Value`] read from the database.
pub trait FromValue: Sized {
    /// The Rust type's name, for errors.
    const TYPE_NAME: &'static str;

    /// Converts, or returns the kind of value that could not be converted.
    ///
    /// # Errors
    /// The found kind, e.g. `"text"`, or `"integer out of range"`.
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str>;
}

impl FromValue for Value {
    const TYPE_NAME: &'static str = "Value";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        Ok(v.clone())
    }
}

impl FromValue for i64 {
    const TYPE_NAME: &'static str = "i64";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Int(n) => Ok(*n),
            Value::Bool(b) => Ok(i64::from(*b)),
            // SUM / COUNT come back as DECIMAL on MySQL (NUMERIC for SUM(bigint) on
            // PostgreSQL): accepted when the value is a whole number that fits.
            Value::Decimal(d) => {
                let n = d.normalized();
                if n.contains('.') {
                    Err("decimal with a fraction")
                } else {
                    n.parse().map_err(|_| "decimal out of range")
                }
            }
            other => Err(other.kind()),
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            const TYPE_NAME: &'static str = stringify!($t);
            fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
                let wide = i64::from_value(v)?;
                <$t>::try_from(wide).map_err(|_| "integer out of range")
            }
        }
    )*};
}

narrow_int!(i8, i16, i32, u8, u16, u32, u64, usize);

impl FromValue for f64 {
    const TYPE_NAME: &'static str = "f64";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Float(f) => Ok(*f),
            // Exact up to 2^53; aggregates such as SUM return integers for integer columns.
            Value::Int(n) if n.unsigned_abs() <= 1 << 53 => Ok(*n as f64),
            Value::Int(_) => Err("integer too large for f64"),
            // AVG / SUM are DECIMAL on MySQL and NUMERIC on PostgreSQL; read as the nearest f64.
            Value::Decimal(d) => d.as_str().parse().map_err(|_| "decimal"),
            other => Err(other.kind()),
        }
    }
}

impl FromValue for f32 {
    const TYPE_NAME: &'static str = "f32";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        let wide = f64::from_value(v)?;
        Ok(wide as f32)
    }
}

impl FromValue for bool {
    const TYPE_NAME: &'static str = "bool";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Bool(b) => Ok(*b),
            // SQLite and MySQL store booleans as integers 0 / 1.
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            Value::Int(_) => Err("integer other than 0 or 1"),
            other => Err(other.kind()),
        }
    }
}

impl FromValue for String {
    const TYPE_NAME: &'static str = "String";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Text(s) => Ok(s.to_string()),
            // Dates and times in ISO 8601, decimals as their digits: the text SQLite keeps them
            // as, so reading them as text means the same on every engine.
            Value::Date(d) => Ok(d.to_string()),
            Value::Time(t) => Ok(t.to_string()),
            Value::Timestamp(t) | Value::TimestampTz(t) => Ok(t.to_string()),
            Value::Decimal(d) => Ok(d.to_string()),
            Value::Null => Err("NULL (read it as Option<String>)"),
            other => Err(other.kind()),
        }
    }
}

impl FromValue for Vec<u8> {
    const TYPE_NAME: &'static str = "Vec<u8>";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Bytes(b) => Ok(b.clone()),
            other => Err(other.kind()),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const TYPE_NAME: &'static str = T::TYPE_NAME;
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl FromValue for Decimal {
    const TYPE_NAME: &'static str = "Decimal";
    fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
        match v {
            Value::Decimal(d) => Ok(d.clone()),
            Value::Int(n) => Ok(Decimal::from(*n)),
            // SQLite keeps NUMERIC values as integers or floats; the shortest round-trip
            // form of the float is its decimal text.
            // (Display, unlike Debug, never uses an exponent, which decimals do not have.)
            Value::Float(f) if f.is_finite() => format!("{f}").parse().map_err(|_| "float"),
            Value::Text(s) => s.parse().map_err(|_| "text that is not a decimal"),
            other => Err(other.kind()),
        }
    }
}

macro_rules! temporal_from_value {
    ($t:ty, $variant:ident $(| $extra:ident)?) => {
        impl FromValue for $t {
            const TYPE_NAME: &'static str = stringify!($t);
            fn from_value(v: &Value) -> std::result::Result<Self, &'static str> {
                match v {
                    Value::$variant(x) $(| Value::$extra(x))? => Ok(*x),
                    // SQLite stores dates and times as ISO 8601 text.
                    Value::Text(s) => s.parse().map_err(|_| concat!("text that is not a ", stringify!($t))),
                    other => Err(other.kind()),
                }
            }
        }
    };
}

temporal_from_value!(Date, Date);
temporal_from_value!(Time, Time);
temporal_from_value!(Timestamp, Timestamp | TimestampTz);
