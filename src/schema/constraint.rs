//! Table constraints: foreign keys, unique and check constraints.

use crate::expr::Expr;
use crate::ident::Ident;

/// What a foreign key does when the referenced row is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FkAction {
    /// Delete or update the referencing rows too.
    Cascade,
    /// Set the referencing columns to NULL.
    SetNull,
    /// Set the referencing columns to their defaults.
    SetDefault,
    /// Refuse, checked immediately.
    Restrict,
    /// Refuse, checked at the end of the statement (the SQL default).
    NoAction,
}

impl FkAction {
    /// The SQL spelling, e.g. `"SET NULL"`.
    pub fn as_sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
            FkAction::Restrict => "RESTRICT",
            FkAction::NoAction => "NO ACTION",
        }
    }
}

/// A foreign key: `columns` of this table reference `ref_columns` of `ref_table`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// Constraint name; generated as `fk_<table>_<columns>` when absent.
    pub name: Option<Ident>,
    /// The referencing columns of this table.
    pub columns: Vec<Ident>,
    /// The referenced table.
    pub ref_table: Ident,
    /// The referenced columns, in the same order as `columns`.
    pub ref_columns: Vec<Ident>,
    /// ON DELETE action.
    pub on_delete: Option<FkAction>,
    /// ON UPDATE action.
    pub on_update: Option<FkAction>,
}

impl ForeignKey {
    /// A (possibly composite) foreign key.
    pub fn new<C, R>(columns: C, ref_table: impl Into<Ident>, ref_columns: R) -> Self
    where
        C: IntoIterator,
        C::Item: Into<Ident>,
        R: IntoIterator,
        R::Item: Into<Ident>,
    {
        ForeignKey {
            name: None,
            columns: columns.into_iter().map(Into::into).collect(),
            ref_table: ref_table.into(),
            ref_columns: ref_columns.into_iter().map(Into::into).collect(),
            on_delete: None,
            on_update: None,
        }
    }

    /// Names the constraint.
    #[must_use]
    pub fn name(mut self, name: impl Into<Ident>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the ON DELETE action.
    #[must_use]
    pub fn on_delete(mut self, action: FkAction) -> Self {
        self.on_delete = Some(action);
        self
    }

    /// Sets the ON UPDATE action.
    #[must_use]
    pub fn on_update(mut self, action: FkAction) -> Self {
        self.on_update = Some(action);
        self
    }

    /// The constraint name: the given one, or `fk_<table>_<col>_<col>...`. A generated name
    /// longer than 63 bytes (PostgreSQL's limit; MySQL's is 64) is cut and ends in a hash of
    /// the full name, so it stays unique and deterministic.
    pub fn constraint_name(&self, table: &str) -> Ident {
        if let Some(name) = &self.name {
            return name.clone();
        }
        let mut name = format!("fk_{table}");
        for c in &self.columns {
            name.push('_');
            name.push_str(c);
        }
        const MAX: usize = 63;
        if name.len() > MAX {
            // FNV-1a: stable across runs and platforms, unlike std's hasher.
            let hash =
                name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
            let mut cut = MAX - 17;
            while !name.is_char_boundary(cut) {
                cut -= 1;
            }
            name.truncate(cut);
            name.push_str(&format!("_{hash:016x}"));
        }
        Ident::from(name)
    }
}

/// A UNIQUE constraint over one or more columns.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueConstraint {
    /// Constraint name, optional.
    pub name: Option<Ident>,
    /// The columns that are unique together.
    pub columns: Vec<Ident>,
}

/// A CHECK constraint; its expression is rendered with literals inline, as DDL has no
/// parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckConstraint {
    /// Constraint name, optional.
    pub name: Option<Ident>,
    /// The condition every row must satisfy.
    pub expr: Expr,
}
