//! The rows of values of an INSERT, held flat: every row's values one after another in one
//! vector, so a statement of a hundred rows is one allocation instead of a hundred and one.

use std::ops::Range;

use crate::expr::{Expr, IntoExprs};

/// The rows of values of an [`Insert`](crate::stmt::Insert), in order.
///
/// The values sit row after row in one vector. Rows are meant to be as wide as the
/// insert's columns; a row of another length is kept as given (nothing is dropped or
/// padded), and compiling the statement then fails naming that row.
///
/// ```
/// use sqlcore::prelude::*;
/// sqlcore::table! { pub points { id: Integer => primary_key(); x: Integer; y: Integer; } }
///
/// let q = insert(points::table()).columns([points::x, points::y]).rows([(1, 2), (3, 4)]);
/// assert_eq!(q.rows.len(), 2);
/// assert_eq!(q.rows.get(1), Some(&[3.into_expr(), 4.into_expr()][..]));
/// assert_eq!(q.rows.iter().map(<[Expr]>::len).collect::<Vec<_>>(), [2, 2]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    /// The values, row after row.
    values: Vec<Expr>,
    /// The first row's length: every row's, while `ends` is `None`.
    width: usize,
    /// How many rows.
    len: usize,
    /// Where each row ends in `values`, kept only once rows differ in length (a mistake the
    /// compiler reports, but the rows must still read back as given). Boxed: an INSERT is
    /// moved by every builder call, and this is almost always `None`.
    #[allow(clippy::box_collection)]
    ends: Option<Box<Vec<usize>>>,
}

impl Rows {
    /// No rows.
    pub fn new() -> Self {
        Rows::default()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values of row `index`, or `None` past the last row.
    pub fn get(&self, index: usize) -> Option<&[Expr]> {
        self.values.get(self.span(index)?)
    }

    /// The last row.
    pub fn last(&self) -> Option<&[Expr]> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// The rows, in order.
    pub fn iter(&self) -> RowsIter<'_> {
        RowsIter { rows: self, next: 0 }
    }

    /// Appends a row.
    pub fn push(&mut self, row: impl IntoExprs) {
        row.append_to(&mut self.values);
        self.close_row();
    }

    /// Makes room for `rows` more rows of the first row's width (or of `width` before any).
    pub(crate) fn reserve(&mut self, rows: usize, width: usize) {
        let width = if self.len == 0 { width } else { self.width };
        self.values.reserve(rows.saturating_mul(width));
    }

    /// Appends `value` to the first row (starting it if there is none): a single-row insert
    /// built one column at a time (inlined: it runs once per value, and the usual case is a
    /// push).
    #[inline]
    pub(crate) fn push_to_first(&mut self, value: Expr) {
        if self.len <= 1 {
            self.values.push(value);
            self.width = self.values.len();
            self.len = 1;
            return;
        }
        // Later rows exist: the first grows by one, so rows now differ in length.
        let at = self.span(0).map_or(0, |r| r.end);
        self.values.insert(at, value);
        for end in self.row_ends() {
            *end += 1;
        }
    }

    /// Rows `range` as rows of their own (a part of a split insert).
    pub(crate) fn part(&self, range: Range<usize>) -> Rows {
        let mut out = Rows::new();
        for i in range {
            if let Some(row) = self.get(i) {
                out.values.extend_from_slice(row);
                out.close_row();
            }
        }
        out
    }

    /// Records the end of the row just appended to `values`.
    fn close_row(&mut self) {
        let end = self.values.len();
        if self.len == 0 {
            self.width = end;
        } else if self.ends.is_some() || end != (self.len + 1) * self.width {
            self.row_ends().push(end);
        }
        self.len += 1;
    }

    /// Where each row so far ends, spelled out the first time rows differ in length.
    fn row_ends(&mut self) -> &mut Vec<usize> {
        let (len, width) = (self.len, self.width);
        self.ends.get_or_insert_with(|| Box::new((1..=len).map(|i| i * width).collect()))
    }

    /// The positions of row `index`'s values.
    fn span(&self, index: usize) -> Option<Range<usize>> {
        if index >= self.len {
            return None;
        }
        match &self.ends {
            None => Some(index * self.width..(index + 1) * self.width),
            Some(ends) => {
                let start = if index == 0 { 0 } else { *ends.get(index - 1)? };
                Some(start..*ends.get(index)?)
            }
        }
    }
}

/// The rows of a [`Rows`], in order ([`Rows::iter`]).
#[derive(Debug, Clone)]
pub struct RowsIter<'a> {
    rows: &'a Rows,
    next: usize,
}

impl<'a> Iterator for RowsIter<'a> {
    type Item = &'a [Expr];

    fn next(&mut self) -> Option<&'a [Expr]> {
        let row = self.rows.get(self.next)?;
        self.next += 1;
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.rows.len.saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for RowsIter<'_> {}

impl<'a> IntoIterator for &'a Rows {
    type Item = &'a [Expr];
    type IntoIter = RowsIter<'a>;

    fn into_iter(self) -> RowsIter<'a> {
        self.iter()
    }
}

impl<R: IntoExprs> FromIterator<R> for Rows {
    fn from_iter<I: IntoIterator<Item = R>>(rows: I) -> Self {
        let mut out = Rows::new();
        out.extend(rows);
        out
    }
}

impl<R: IntoExprs> Extend<R> for Rows {
    fn extend<I: IntoIterator<Item = R>>(&mut self, rows: I) {
        for row in rows {
            self.push(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: i64) -> Expr {
        Expr::Value(crate::value::Value::Int(n))
    }

    fn lens(rows: &Rows) -> Vec<usize> {
        rows.iter().map(<[Expr]>::len).collect()
    }

    #[test]
    fn uniform_rows_read_back() {
        let rows: Rows = [(1, 2), (3, 4), (5, 6)].into_iter().collect();
        assert_eq!(rows.len(), 3);
        assert!(rows.ends.is_none());
        assert_eq!(rows.get(2), Some(&[e(5), e(6)][..]));
        assert_eq!(rows.get(3), None);
        assert_eq!(rows.last(), rows.get(2));
        assert_eq!(rows.part(1..3), [(3, 4), (5, 6)].into_iter().collect());
    }

    #[test]
    fn ragged_rows_keep_every_value() {
        let mut rows = Rows::new();
        rows.push(vec![1, 2]);
        rows.push(vec![3]);
        rows.push(vec![4, 5, 6]);
        assert_eq!(lens(&rows), [2, 1, 3]);
        assert_eq!(rows.get(1), Some(&[e(3)][..]));
        assert_eq!(
            rows.part(1..3).iter().map(<[Expr]>::to_vec).collect::<Vec<_>>(),
            [vec![e(3)], vec![e(4), e(5), e(6)]]
        );
    }

    #[test]
    fn a_value_added_to_the_first_of_several_rows_stays_in_it() {
        let mut rows: Rows = [(1, 2), (3, 4)].into_iter().collect();
        rows.push_to_first(e(9));
        assert_eq!(lens(&rows), [3, 2]);
        assert_eq!(rows.get(0), Some(&[e(1), e(2), e(9)][..]));
        assert_eq!(rows.get(1), Some(&[e(3), e(4)][..]));
    }

    #[test]
    fn empty_rows() {
        let mut rows = Rows::new();
        assert!(rows.is_empty() && rows.get(0).is_none() && rows.last().is_none());
        rows.push(Vec::<i64>::new());
        rows.push(Vec::<i64>::new());
        assert_eq!(lens(&rows), [0, 0]);
        rows.push_to_first(e(1));
        assert_eq!(lens(&rows), [1, 0]);
    }
}
