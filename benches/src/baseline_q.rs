//! The floor: constant SQL fragments written into a pre-sized `String`, parameters pushed into
//! a pre-sized `Vec` of an owned parameter enum (one `String` per text value, as every
//! contender must produce). No toolkit, no tree, no checks.

use crate::workload::{Db, OrderRow, Q1, Q2, Q3, Q4, Q5, Q6, Q8, Q10};

/// An owned bound parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
}

/// What a baseline build returns.
pub type Built = (String, Vec<Param>);

/// The SQL buffer and the parameters, with the placeholder style of one dialect.
struct W {
    sql: String,
    params: Vec<Param>,
    db: Db,
}

impl W {
    #[inline]
    fn new(db: Db, sql_capacity: usize, params: usize) -> Self {
        W { sql: String::with_capacity(sql_capacity), params: Vec::with_capacity(params), db }
    }

    #[inline]
    fn s(&mut self, fragment: &str) -> &mut Self {
        self.sql.push_str(fragment);
        self
    }

    #[inline]
    fn bind(&mut self, p: Param) -> &mut Self {
        self.params.push(p);
        match self.db {
            Db::Sqlite => self.sql.push('?'),
            Db::Pg => {
                self.sql.push('$');
                push_uint(&mut self.sql, self.params.len());
            }
        }
        self
    }

    #[inline]
    fn int(&mut self, v: i64) -> &mut Self {
        self.bind(Param::Int(v))
    }

    #[inline]
    fn text(&mut self, v: &str) -> &mut Self {
        self.bind(Param::Text(v.to_owned()))
    }

    #[inline]
    fn finish(self) -> Built {
        (self.sql, self.params)
    }
}

/// Writes `n` in decimal without going through `fmt`.
#[inline]
fn push_uint(out: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

/// Q1.
pub fn q1(db: Db, i: &Q1) -> Built {
    let mut w = W::new(db, 64, 1);
    w.s("SELECT id, name, email FROM users WHERE id = ").int(i.id);
    w.finish()
}

/// Q2.
pub fn q2(db: Db, i: &Q2) -> Built {
    let mut w = W::new(db, 512, 12);
    w.s("SELECT u.id, u.name, COUNT(o.id) AS order_count, SUM(o.total_cents) AS revenue \
         FROM users AS u \
         INNER JOIN orders AS o ON o.user_id = u.id \
         INNER JOIN products AS p ON p.id = o.product_id \
         WHERE u.country = ")
        .text(i.country)
        .s(" AND p.category IN (");
    for (k, c) in i.categories.iter().enumerate() {
        if k > 0 {
            w.s(", ");
        }
        w.text(c);
    }
    w.s(") AND u.email LIKE ")
        .text(i.email_pattern)
        .s(" AND o.created_at BETWEEN ")
        .int(i.created_from)
        .s(" AND ")
        .int(i.created_to)
        .s(" GROUP BY u.id, u.name HAVING COUNT(o.id) > ")
        .int(i.min_orders)
        .s(" ORDER BY revenue DESC, u.id ASC LIMIT ")
        .int(i.limit)
        .s(" OFFSET ")
        .int(i.offset);
    w.finish()
}

/// Q3.
pub fn q3(db: Db, i: &Q3) -> Built {
    let mut w = W::new(db, 384, 4);
    w.s("SELECT u.id, u.name, \
         (SELECT COUNT(*) FROM orders AS o2 WHERE o2.user_id = u.id) AS order_count \
         FROM users AS u WHERE u.is_active = ")
        .bind(Param::Bool(i.is_active))
        .s(" AND EXISTS (SELECT 1 FROM orders AS o WHERE o.user_id = u.id AND o.status = ")
        .text(i.status)
        .s(" AND o.total_cents > ")
        .int(i.min_total)
        .s(") ORDER BY u.id ASC LIMIT ")
        .int(i.limit);
    w.finish()
}

/// Q4.
pub fn q4(db: Db, i: &Q4) -> Built {
    let mut w = W::new(db, 320, 2);
    w.s("WITH RECURSIVE chain (id, manager_id, depth) AS (\
         SELECT id, manager_id, 0 FROM users WHERE id = ")
        .int(i.start_id)
        .s(" UNION ALL SELECT u.id, u.manager_id, c.depth + 1 FROM users AS u \
            INNER JOIN chain AS c ON u.id = c.manager_id WHERE c.depth < ")
        .int(i.max_depth)
        .s(") SELECT id, manager_id, depth FROM chain ORDER BY depth ASC");
    w.finish()
}

/// Q5.
pub fn q5(db: Db, i: &Q5) -> Built {
    let mut w = W::new(db, 384, 2);
    w.s("SELECT o.id, o.user_id, o.total_cents, \
         ROW_NUMBER() OVER (PARTITION BY o.user_id ORDER BY o.created_at DESC) AS rn, \
         SUM(o.total_cents) OVER (PARTITION BY o.user_id ORDER BY o.created_at ASC) AS running_total \
         FROM orders AS o WHERE o.status = ")
        .text(i.status)
        .s(" ORDER BY o.user_id ASC, rn ASC LIMIT ")
        .int(i.limit);
    w.finish()
}

/// Q6.
pub fn q6(db: Db, i: &Q6) -> Built {
    let mut w = W::new(db, 160, 8);
    w.s("INSERT INTO users (name, email, country, city, age, is_active, manager_id, created_at) VALUES (")
        .text(i.name)
        .s(", ")
        .text(i.email)
        .s(", ")
        .text(i.country)
        .s(", ")
        .text(i.city)
        .s(", ")
        .int(i.age)
        .s(", ")
        .bind(Param::Bool(i.is_active))
        .s(", ")
        .bind(i.manager_id.map_or(Param::Null, Param::Int))
        .s(", ")
        .int(i.created_at)
        .s(") RETURNING id");
    w.finish()
}

/// Q7.
pub fn q7(db: Db, rows: &[OrderRow]) -> Built {
    let mut w = W::new(db, 72 + rows.len() * 26, rows.len() * 4);
    w.s("INSERT INTO orders (user_id, product_id, quantity, status) VALUES ");
    for (k, r) in rows.iter().enumerate() {
        w.s(if k == 0 { "(" } else { ", (" })
            .int(r.user_id)
            .s(", ")
            .int(r.product_id)
            .s(", ")
            .int(r.quantity)
            .s(", ")
            .text(r.status)
            .s(")");
    }
    w.finish()
}

/// Q8.
pub fn q8(db: Db, i: &Q8) -> Built {
    let mut w = W::new(db, 192, 8);
    w.s("UPDATE orders SET status = ")
        .text(i.set_status)
        .s(", quantity = ")
        .int(i.set_quantity)
        .s(", total_cents = ")
        .int(i.set_total)
        .s(" WHERE (user_id = ")
        .int(i.user_id)
        .s(" AND status IN (")
        .text(i.statuses[0])
        .s(", ")
        .text(i.statuses[1])
        .s(")) OR (created_at < ")
        .int(i.created_before)
        .s(" AND total_cents >= ")
        .int(i.min_total)
        .s(")");
    w.finish()
}

/// Q9 over `ids` (50 in the workload).
pub fn q9(db: Db, ids: &[i64]) -> Built {
    let mut w = W::new(db, 40 + ids.len() * 14, ids.len());
    w.s("SELECT id, name FROM users WHERE ");
    for (k, id) in ids.iter().enumerate() {
        w.s(if k == 0 { "id = " } else { " OR id = " }).int(*id);
    }
    w.finish()
}

/// Q10, `i.depth` deep (200 in the workload).
pub fn q10(db: Db, i: &Q10) -> Built {
    let depth = i.depth.max(1);
    let mut w = W::new(db, 48 + depth * 13, 2);
    w.s("SELECT ");
    for _ in 1..depth {
        w.s("quantity + (");
    }
    w.s("quantity + ").int(i.addend);
    for _ in 1..depth {
        w.s(")");
    }
    w.s(" AS deep FROM orders WHERE id = ").int(i.id);
    w.finish()
}
