//! The decimal property of issue 15: random exact decimals (scale 0 to 6, up to the column's
//! precision, negative and zero among them) stored in `Numeric(p, s)` columns read back equal
//! on SQLite, PostgreSQL and MariaDB; random arithmetic (`+ - * /`) between decimal columns,
//! and between a column and a decimal parameter, gives equal results on all three, to the
//! column's scale.
//!
//! SQLite keeps a decimal as an 8-byte float (see `docs/values.md`): exact for values of up
//! to 15 significant digits, which is the columns' precision here, and for results that stay
//! within 15 digits, which the arithmetic operands are drawn to keep (7 significant digits
//! each, so a product has at most 14). Division results are compared rounded to the column's
//! scale; its divisors are never zero (PostgreSQL raises an error there, the others return
//! NULL, a documented difference).

#[macro_use]
mod common;
use common::*;
use sqlcore::prelude::*;
use sqlcore::{Decimal, Value};
use sqlcore_props::SplitMix64;

/// The columns' precision: the most digits SQLite keeps exactly.
const PRECISION: u8 = 15;
/// Rows per scale.
const ROWS: i64 = 40;

/// A random decimal of at most `int_digits` digits before the point and exactly `scale`
/// after it (trailing zeros included), negative half the time, zero now and then.
fn random_decimal(rng: &mut SplitMix64, int_digits: usize, scale: usize) -> Decimal {
    let pick = |rng: &mut SplitMix64, n: u64| (rng.next_u64() % n) as usize;
    if pick(rng, 10) == 0 {
        return Decimal::from(0).round_to_scale(scale);
    }
    let int_len = pick(rng, int_digits as u64 + 1);
    let digit = |rng: &mut SplitMix64| char::from(b'0' + (rng.next_u64() % 10) as u8);
    let mut text = String::new();
    if pick(rng, 2) == 0 {
        text.push('-');
    }
    if int_len == 0 {
        text.push('0');
    }
    for _ in 0..int_len {
        text.push(digit(rng));
    }
    if scale > 0 {
        text.push('.');
        for _ in 0..scale {
            text.push(digit(rng));
        }
    }
    let d: Decimal = text.parse().expect("digits make a decimal");
    d.round_to_scale(scale)
}

/// A random non-zero decimal of at most `digits` significant digits, `scale` of them after
/// the point.
fn small_decimal(rng: &mut SplitMix64, digits: usize, scale: usize) -> Decimal {
    loop {
        let frac = scale.min(digits);
        let d = random_decimal(rng, digits - frac, frac);
        if d.normalized() != "0" {
            return d.round_to_scale(scale);
        }
    }
}

/// The table for scale `s`: `x`, `y` at full precision, `a`, `b` for arithmetic.
fn table(s: u8) -> Table {
    let ty = SqlType::Numeric(PRECISION, s);
    Table::builder(format!("decimals_s{s}"))
        .column(Column::new("id", SqlType::BigInt).primary_key().autoincrement(false))
        .column(Column::new("x", ty.clone()))
        .column(Column::new("y", ty.clone()))
        .column(Column::new("a", ty.clone()))
        .column(Column::new("b", ty))
        .build()
}

fn decimal(v: &Value, what: &str) -> Decimal {
    match v {
        Value::Decimal(d) => d.clone(),
        other => panic!("{what}: {other:?} is not a decimal"),
    }
}

#[test]
fn decimals_are_stored_exactly_and_computed_alike_on_every_engine() {
    let mut rng = SplitMix64::new(0xDEC1_4A15);
    for s in 0..=6_u8 {
        let t = table(s);
        let scale = usize::from(s);
        let c = |name: &str| t.c(name).expect("a column");
        let mut rows = Vec::new();
        for id in 1..=ROWS {
            let x = random_decimal(&mut rng, usize::from(PRECISION - s), scale);
            let y = random_decimal(&mut rng, usize::from(PRECISION - s), scale);
            let a = small_decimal(&mut rng, 7, scale.min(4));
            let b = small_decimal(&mut rng, 7, scale.min(4));
            rows.push(vec![Value::Int(id), Value::Decimal(x), Value::Decimal(y), a.into(), b.into()]);
        }
        let param = small_decimal(&mut rng, 6, scale.min(3));
        let load = insert(t.clone()).columns(["id", "x", "y", "a", "b"]).rows(rows.clone());
        let stored = select([c("id"), c("x"), c("y"), c("a"), c("b")]).from(t.clone()).order_by(c("id"));
        let computed = select((
            c("a").add(c("b")),
            c("a").sub(c("b")),
            c("a").mul(c("b")),
            c("a").div(c("b")),
            c("a").add(param.clone()),
            c("a").sub(param.clone()),
            c("a").mul(param.clone()),
            c("a").div(param.clone()),
            c("x").add(c("y")),
        ))
        .from(t.clone())
        .order_by(c("id"));
        let md = MetaData::new().with(t.clone()).expect("one table");
        let mut first: Option<(&str, Vec<Vec<Decimal>>)> = None;
        for (name, mut conn) in empty_engines() {
            conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: {e}"));
            conn.execute(&load).unwrap_or_else(|e| panic!("{name}: {e}"));
            let back = conn.all(&stored).unwrap_or_else(|e| panic!("{name}: {e}"));
            for (row, want) in back.iter().zip(&rows) {
                for (got, want) in row.values().iter().zip(want).skip(1) {
                    let got = decimal(got, name);
                    assert_eq!(&Value::Decimal(got.clone()), want, "{name}: scale {s}");
                    assert_eq!(got.scale(), scale, "{name}: {got} has the column's scale {s}");
                }
            }
            let results: Vec<Vec<Decimal>> = conn
                .all(&computed)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .iter()
                .map(|row| row.values().iter().map(|v| decimal(v, name).round_to_scale(scale)).collect())
                .collect();
            assert_eq!(results.len(), rows.len(), "{name}");
            match &first {
                None => first = Some((name, results)),
                Some((other, expected)) => {
                    for (i, (got, want)) in results.iter().zip(expected).enumerate() {
                        assert_eq!(got, want, "{name} and {other} differ at scale {s}, row {}: {:?}", i + 1, rows[i]);
                    }
                }
            }
        }
    }
}

#[test]
fn sums_and_products_are_exact_at_the_scale_of_their_operands() {
    // 0.10 + 0.20, 1.10 * 1.10 and 2.01 / 2: results a float computes inexactly.
    let t = table(2);
    let c = |name: &str| t.c(name).expect("a column");
    let md = MetaData::new().with(t.clone()).expect("one table");
    let load = insert(t.clone())
        .columns(["id", "a", "b"])
        .row((1, "0.10".parse::<Decimal>().expect("d"), "0.20".parse::<Decimal>().expect("d")))
        .row((2, "1.10".parse::<Decimal>().expect("d"), "1.10".parse::<Decimal>().expect("d")))
        .row((3, "2.01".parse::<Decimal>().expect("d"), "2.00".parse::<Decimal>().expect("d")));
    let q = select((c("a").add(c("b")), c("a").mul(c("b")), c("a").div(c("b")))).from(t.clone()).order_by(c("id"));
    for (name, mut conn) in empty_engines() {
        conn.create_all(&md).unwrap_or_else(|e| panic!("{name}: {e}"));
        conn.execute(&load).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<Vec<String>> = conn
            .all(&q)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .iter()
            .map(|r| r.values().iter().take(2).map(|v| decimal(v, name).to_string()).collect())
            .collect();
        assert_eq!(got, [["0.30", "0.0200"], ["2.20", "1.2100"], ["4.01", "4.0200"]], "{name}");
        let quotient = decimal(conn.all(&q).expect("again")[2].value(2).expect("a value"), name);
        assert_eq!(quotient.round_to_scale(3).as_str(), "1.005", "{name}: {quotient}");
        assert_eq!(quotient.round_to_scale(2).as_str(), "1.01", "{name}: {quotient}");
    }
}
