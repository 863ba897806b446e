//! Tables: [`Table`] (a cheap handle), its builder, and aliases.

use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::expr::{ColumnRef, Expr, IntoExpr, Qualifier};
use crate::ident::{Ident, IdentMap};
use crate::schema::column::Column;
use crate::schema::constraint::{CheckConstraint, ForeignKey, UniqueConstraint};
use crate::schema::handle::{Col, TableHandle};
use crate::schema::index::Index;
use crate::schema::types::SqlType;

/// The definition of a table. Reached through a [`Table`] handle.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// Table name.
    pub name: Ident,
    /// Columns in declaration order.
    pub columns: IdentMap<Column>,
    /// Primary key columns, in order (empty: no primary key).
    pub primary_key: Vec<Ident>,
    /// The primary key constraint's name, when it has one of its own (reflected from engines
    /// that keep it, or set with [`TableBuilder::primary_key_name`]); `None` leaves the name
    /// to the engine.
    pub primary_key_name: Option<Ident>,
    /// Foreign keys, single-column ones included.
    pub foreign_keys: Vec<ForeignKey>,
    /// Multi-column UNIQUE constraints (single-column ones are on the column).
    pub uniques: Vec<UniqueConstraint>,
    /// Table-level CHECK constraints.
    pub checks: Vec<CheckConstraint>,
    /// Indexes on this table.
    pub indexes: Vec<Index>,
    /// Mistakes seen while building (a column declared twice), reported by
    /// [`TableDef::validate`] because building never fails.
    problems: Vec<String>,
    /// Built by sqlcore from a name and result columns (a CTE, a derived table) rather than
    /// declared: the compiled-statement cache tells such tables apart by their columns, since
    /// each statement build makes a new one (see `cache/shape.rs`).
    pub(crate) synthesized: bool,
    /// For a synthesized table, each column's kind as its query gives it (`None` where
    /// sqlcore cannot tell): the columns' [`SqlType`](crate::schema::SqlType)s cannot say
    /// "unknown", and typing must not take a guess for a fact (see `expr/typing.rs`). Set
    /// once: a CTE's table exists (and is referred to) before its query is attached.
    pub(crate) kinds: std::sync::OnceLock<Vec<Option<crate::expr::typing::TypeKind>>>,
    /// Some column has a client-side default (set when built): an INSERT looks for the
    /// defaults of the columns it leaves out only then.
    pub(crate) has_client_defaults: bool,
}

/// A table of the schema: a cheap, clonable handle to its [`TableDef`].
///
/// ```
/// use sqlcore::prelude::*;
///
/// let users = Table::builder("users")
///     .column(Column::new("id", SqlType::BigInt).primary_key())
///     .column(Column::new("name", SqlType::Text).not_null())
///     .build();
/// assert_eq!(users.c("name").unwrap().to_string(), "users.name");
/// assert!(users.c("nmae").is_err());
/// ```
#[derive(Clone)]
pub struct Table(Arc<TableDef>);

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Table {
    /// A table of `def` as it is (for a definition derived from another table's).
    pub(crate) fn from_def(def: TableDef) -> Table {
        Table(Arc::new(def))
    }

    /// The address of the shared definition: equal for clones of one `Table`, and not reused
    /// while any clone is alive (the statement cache keeps one).
    pub(crate) fn identity(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    /// Starts building a table named `name`.
    pub fn builder(name: impl Into<Ident>) -> TableBuilder {
        TableBuilder {
            def: TableDef {
                name: name.into(),
                columns: IdentMap::default(),
                primary_key: Vec::new(),
                primary_key_name: None,
                foreign_keys: Vec::new(),
                uniques: Vec::new(),
                checks: Vec::new(),
                indexes: Vec::new(),
                problems: Vec::new(),
                synthesized: false,
                kinds: std::sync::OnceLock::new(),
                has_client_defaults: false,
            },
        }
    }

    /// The table's name.
    pub fn name(&self) -> &Ident {
        &self.0.name
    }

    /// The full definition.
    pub fn def(&self) -> &TableDef {
        &self.0
    }

    /// The columns in declaration order.
    pub fn columns(&self) -> impl ExactSizeIterator<Item = &Column> {
        self.0.columns.values()
    }

    /// The column definition named `name`.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] naming the column and the table.
    pub fn column(&self, name: &str) -> Result<&Column> {
        /// Up to this many columns a scan beats hashing the name.
        const SCANNED: usize = 16;
        let columns = &self.0.columns;
        // A `table!` handle's name is usually the very text of its column's name: a scan of
        // addresses finds it without comparing bytes.
        let by_address = || {
            columns
                .values()
                .find(|c| std::ptr::eq(c.name.as_str().as_ptr(), name.as_ptr()) && c.name.len() == name.len())
        };
        let found = if columns.len() <= SCANNED {
            by_address().or_else(|| columns.values().find(|c| crate::ident::same_name(&c.name, name)))
        } else {
            by_address().or_else(|| columns.get(name))
        };
        found.ok_or_else(|| Error::unknown_column(self.0.name.to_string(), name.to_string()))
    }

    /// A reference to column `name`, for use in expressions (`users.c("name")?.eq("Ada")`).
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] naming the column and the table.
    pub fn c(&self, name: &str) -> Result<Expr> {
        let col = self.column(name)?;
        Ok(Expr::Column(ColumnRef::table_column(self.clone(), col.name.clone())))
    }

    /// This table under an alias (`FROM users AS u`), for self-joins and short names.
    pub fn alias(&self, alias: impl Into<Ident>) -> TableRef {
        TableRef { table: self.clone(), alias: Some(alias.into()) }
    }

    /// `table.*`
    pub fn star(&self) -> Expr {
        Expr::Star(Some(Qualifier::Table(TableHandle::Shared(self.clone()))))
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// Builds a [`TableDef`]; [`TableBuilder::build`] gives the [`Table`] handle.
#[derive(Debug, Clone)]
#[must_use]
pub struct TableBuilder {
    def: TableDef,
}

impl TableBuilder {
    /// Adds a column. Its primary-key flag, UNIQUE flag and foreign key become the table's.
    pub fn column(mut self, mut column: Column) -> Self {
        if column.primary_key {
            self.def.primary_key.push(column.name.clone());
        }
        if let Some(fk) = column.references.take() {
            self.def.foreign_keys.push(fk);
        }
        if self.def.columns.contains_key(&column.name) {
            let problem = format!("table `{}` declares column `{}` twice", self.def.name, column.name);
            self.def.problems.push(problem);
        }
        self.def.columns.insert(column.name.clone(), column);
        self
    }

    /// Sets a (composite) primary key, replacing the columns marked `primary_key()`.
    pub fn primary_key<C>(mut self, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        self.def.primary_key = columns.into_iter().map(Into::into).collect();
        for name in &self.def.primary_key {
            if let Some(col) = self.def.columns.get_mut(name) {
                col.primary_key = true;
                col.nullable = false;
            }
        }
        self
    }

    /// Names the primary key constraint (`CONSTRAINT name PRIMARY KEY (...)`).
    pub fn primary_key_name(mut self, name: impl Into<Ident>) -> Self {
        self.def.primary_key_name = Some(name.into());
        self
    }

    /// Adds a unique constraint with its own name.
    pub fn unique_named<C>(mut self, name: impl Into<Ident>, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        let columns = columns.into_iter().map(Into::into).collect();
        self.def.uniques.push(UniqueConstraint { name: Some(name.into()), columns });
        self
    }

    /// Adds a check constraint with its own name.
    pub fn check_named(mut self, name: impl Into<Ident>, condition: impl IntoExpr) -> Self {
        self.def.checks.push(CheckConstraint { name: Some(name.into()), expr: condition.into_expr() });
        self
    }

    /// Adds an index built by hand ([`Index::desc`] for a descending column).
    pub fn add_index(mut self, index: Index) -> Self {
        self.def.indexes.push(index);
        self
    }

    /// Adds a (composite) foreign key as a table constraint.
    pub fn foreign_key(mut self, fk: ForeignKey) -> Self {
        self.def.foreign_keys.push(fk);
        self
    }

    /// Adds a UNIQUE constraint over several columns.
    pub fn unique<C>(mut self, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        let columns = columns.into_iter().map(Into::into).collect();
        self.def.uniques.push(UniqueConstraint { name: None, columns });
        self
    }

    /// Adds a table-level CHECK constraint.
    pub fn check(mut self, condition: impl IntoExpr) -> Self {
        self.def.checks.push(CheckConstraint { name: None, expr: condition.into_expr() });
        self
    }

    /// Adds an index named `name` over `columns`.
    pub fn index<C>(mut self, name: impl Into<Ident>, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        let index = Index::new(name, self.def.name.clone(), columns);
        self.def.indexes.push(index);
        self
    }

    /// Adds a unique index named `name` over `columns`.
    pub fn unique_index<C>(mut self, name: impl Into<Ident>, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
    {
        let index = Index::new(name, self.def.name.clone(), columns).unique();
        self.def.indexes.push(index);
        self
    }

    /// Finishes the table. Building never fails; a malformed table (a duplicate column, a
    /// constraint on a column that does not exist) is reported when its DDL is compiled, by
    /// [`TableDef::validate`].
    pub fn build(mut self) -> Table {
        self.def.has_client_defaults = self.def.columns.values().any(|c| c.default.is_some());
        Table(Arc::new(self.def))
    }
}

impl Table {
    /// A table sqlcore makes from a query's result columns (a CTE, a derived table; see
    /// `TableDef::synthesized`): each column of the widest SQL type of its kind (text when the
    /// kind is unknown), and the kinds themselves for typing. `kinds` is `None` until the
    /// query is known (a CTE's table exists first; the kinds are set once, later), else one
    /// per column.
    pub(crate) fn synthesized(
        name: &Ident,
        columns: &[Ident],
        kinds: Option<Vec<Option<crate::expr::typing::TypeKind>>>,
    ) -> Table {
        // One kind per column, positionally.
        let kinds = kinds.map(|k| (0..columns.len()).map(|i| k.get(i).copied().flatten()).collect::<Vec<_>>());
        let mut b = Table::builder(name.clone());
        for (i, c) in columns.iter().enumerate() {
            let kind = kinds.as_ref().and_then(|k| k.get(i).copied().flatten());
            b = b.column(Column::new(c.clone(), kind.map_or(SqlType::Text, crate::expr::typing::TypeKind::sql_type)));
        }
        b.def.synthesized = true;
        if let Some(kinds) = kinds {
            b.def.kinds = std::sync::OnceLock::from(kinds);
        }
        b.build()
    }
}

impl TableDef {
    /// Checks that the table can be turned into DDL: it has columns, no column is declared
    /// twice, and every constraint names columns that exist.
    ///
    /// # Errors
    /// [`Error::InvalidSchema`] saying what is wrong.
    pub fn validate(&self) -> Result<()> {
        let table = &self.name;
        if self.columns.is_empty() {
            return Err(Error::invalid_schema(format!("table `{table}` has no columns")));
        }
        if let Some(problem) = self.problems.first() {
            return Err(Error::invalid_schema(problem.clone()));
        }
        let known = |what: &str, cols: &[Ident]| -> Result<()> {
            if cols.is_empty() {
                return Err(Error::invalid_schema(format!("{what} of table `{table}` has no columns")));
            }
            for c in cols {
                if !self.columns.contains_key(c) {
                    return Err(Error::unknown_column(table.to_string(), c.to_string()));
                }
            }
            Ok(())
        };
        if !self.primary_key.is_empty() {
            known("the primary key", &self.primary_key)?;
        }
        for fk in &self.foreign_keys {
            known("a foreign key", &fk.columns)?;
            if fk.columns.len() != fk.ref_columns.len() {
                return Err(Error::invalid_schema(format!(
                    "foreign key of table `{table}` has {} columns referencing {} columns of `{}`",
                    fk.columns.len(),
                    fk.ref_columns.len(),
                    fk.ref_table
                )));
            }
        }
        for u in &self.uniques {
            known("a unique constraint", &u.columns)?;
        }
        for ix in &self.indexes {
            known("an index", &ix.columns)?;
            if let Some(c) = ix.descending.iter().find(|c| !ix.columns.contains(c)) {
                return Err(Error::invalid_schema(format!(
                    "index `{}` sorts `{c}` descending but does not index it",
                    ix.name
                )));
            }
        }
        Ok(())
    }

    /// The column that is generated by the database, if any (see [`Autoincrement`](crate::schema::Autoincrement)).
    pub fn autoincrement_column(&self) -> Option<&Column> {
        use crate::schema::column::Autoincrement;
        if self.primary_key.len() != 1 {
            return self.columns.values().find(|c| c.autoincrement == Autoincrement::Yes);
        }
        let col = self.columns.get(&self.primary_key[0])?;
        let has_fk = self.foreign_keys.iter().any(|fk| fk.columns.contains(&col.name));
        match col.autoincrement {
            Autoincrement::Yes => Some(col),
            Autoincrement::Auto if col.ty.is_integer() && !has_fk => Some(col),
            _ => None,
        }
    }
}

/// A table in a FROM clause, possibly under an alias.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRef {
    /// The table.
    pub table: Table,
    /// The alias, if any.
    pub alias: Option<Ident>,
}

impl TableRef {
    /// The name this table is known by in the statement: the alias, or the table name.
    pub fn exposed_name(&self) -> &Ident {
        self.alias.as_ref().unwrap_or(self.table.name())
    }

    /// A reference to column `name` through the alias (`u.name`).
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] naming the column and the table.
    pub fn c(&self, name: &str) -> Result<Expr> {
        let col = self.table.column(name)?;
        Ok(Expr::Column(self.qualify(col.name.clone())))
    }

    /// A typed column handle re-qualified by this alias: `u.col(users::name)` is `u.name`.
    pub fn col(&self, column: Col) -> Expr {
        Expr::Column(self.qualify(column.ident()))
    }

    /// `alias.*`
    pub fn star(&self) -> Expr {
        Expr::Star(Some(self.qualifier()))
    }

    fn qualify(&self, name: Ident) -> ColumnRef {
        ColumnRef { qualifier: Some(self.qualifier()), name }
    }

    /// How columns of this FROM item are qualified: by the alias, or by the table.
    pub fn qualifier(&self) -> Qualifier {
        match &self.alias {
            Some(_) => Qualifier::Alias(self.clone()),
            None => Qualifier::Table(TableHandle::Shared(self.table.clone())),
        }
    }
}

impl From<Table> for TableRef {
    fn from(table: Table) -> Self {
        TableRef { table, alias: None }
    }
}

impl From<&Table> for TableRef {
    fn from(table: &Table) -> Self {
        TableRef { table: table.clone(), alias: None }
    }
}
