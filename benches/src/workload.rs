//! The fixed inputs of Q1..Q10 (see `shared/bench-workload.md`), the same for every contender.
//!
//! Everything here is plain data: text is `&'static str`, so each contender pays for turning
//! it into its own owned parameter type inside the timed build.

/// The SQL dialects every statement is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    /// PostgreSQL (`$n` placeholders).
    Pg,
    /// SQLite (`?` placeholders).
    Sqlite,
}

impl Db {
    /// Both dialects, PostgreSQL first.
    pub const ALL: [Db; 2] = [Db::Pg, Db::Sqlite];

    /// The short name used in benchmark ids (`pg`, `sqlite`).
    pub fn name(self) -> &'static str {
        match self {
            Db::Pg => "pg",
            Db::Sqlite => "sqlite",
        }
    }
}

/// Order statuses; row `i` of Q7 gets `STATUSES[i % 4]`.
pub const STATUSES: [&str; 4] = ["new", "paid", "shipped", "cancelled"];

/// Q1: point lookup.
#[derive(Debug, Clone)]
pub struct Q1 {
    /// `users.id`.
    pub id: i64,
}

/// Q2: joins, predicates, GROUP BY / HAVING, ORDER BY, LIMIT / OFFSET.
#[derive(Debug, Clone)]
pub struct Q2 {
    /// `u.country = $1`.
    pub country: &'static str,
    /// `p.category IN ($2..$6)`.
    pub categories: [&'static str; 5],
    /// `u.email LIKE $7`.
    pub email_pattern: &'static str,
    /// `o.created_at BETWEEN $8 AND $9`.
    pub created_from: i64,
    /// Upper bound of the BETWEEN.
    pub created_to: i64,
    /// `HAVING COUNT(o.id) > $10`.
    pub min_orders: i64,
    /// LIMIT.
    pub limit: i64,
    /// OFFSET.
    pub offset: i64,
}

/// Q3: correlated EXISTS and a scalar subquery.
#[derive(Debug, Clone)]
pub struct Q3 {
    /// `u.is_active = $1`.
    pub is_active: bool,
    /// `o.status = $2`.
    pub status: &'static str,
    /// `o.total_cents > $3`.
    pub min_total: i64,
    /// LIMIT.
    pub limit: i64,
}

/// Q4: recursive CTE.
#[derive(Debug, Clone)]
pub struct Q4 {
    /// The user whose management chain is walked.
    pub start_id: i64,
    /// `c.depth < $2`.
    pub max_depth: i64,
}

/// Q5: window functions.
#[derive(Debug, Clone)]
pub struct Q5 {
    /// `o.status = $1`.
    pub status: &'static str,
    /// LIMIT.
    pub limit: i64,
}

/// Q6: single-row INSERT ... RETURNING.
#[derive(Debug, Clone)]
pub struct Q6 {
    /// `name`.
    pub name: &'static str,
    /// `email`.
    pub email: &'static str,
    /// `country`.
    pub country: &'static str,
    /// `city`.
    pub city: &'static str,
    /// `age`.
    pub age: i64,
    /// `is_active`.
    pub is_active: bool,
    /// `manager_id` (NULL).
    pub manager_id: Option<i64>,
    /// `created_at`.
    pub created_at: i64,
}

/// One row of Q7.
#[derive(Debug, Clone, Copy)]
pub struct OrderRow {
    /// `user_id`.
    pub user_id: i64,
    /// `product_id`.
    pub product_id: i64,
    /// `quantity`.
    pub quantity: i64,
    /// `status`.
    pub status: &'static str,
}

/// Q8: UPDATE with a compound WHERE.
#[derive(Debug, Clone)]
pub struct Q8 {
    /// `SET status = $1`.
    pub set_status: &'static str,
    /// `SET quantity = $2`.
    pub set_quantity: i64,
    /// `SET total_cents = $3`.
    pub set_total: i64,
    /// `user_id = $4`.
    pub user_id: i64,
    /// `status IN ($5, $6)`.
    pub statuses: [&'static str; 2],
    /// `created_at < $7`.
    pub created_before: i64,
    /// `total_cents >= $8`.
    pub min_total: i64,
}

/// Q10: the deep expression.
#[derive(Debug, Clone)]
pub struct Q10 {
    /// How many `+` nodes are nested.
    pub depth: usize,
    /// The innermost addend (`$1`).
    pub addend: i64,
    /// `id = $2`.
    pub id: i64,
}

/// All the inputs of Q1..Q10.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Q1.
    pub q1: Q1,
    /// Q2.
    pub q2: Q2,
    /// Q3.
    pub q3: Q3,
    /// Q4.
    pub q4: Q4,
    /// Q5.
    pub q5: Q5,
    /// Q6.
    pub q6: Q6,
    /// Q7: 100 rows.
    pub q7: Vec<OrderRow>,
    /// Q8.
    pub q8: Q8,
    /// Q9: 50 ids.
    pub q9: Vec<i64>,
    /// Q10: 200 deep.
    pub q10: Q10,
}

/// Row `i` (0-based) of Q7 and of the generated `orders` table.
pub fn order_row(i: usize) -> OrderRow {
    let i64_i = i as i64;
    OrderRow {
        user_id: 1 + (97 * i64_i) % 10_000,
        product_id: 1 + (31 * i64_i) % 1_000,
        quantity: 1 + i64_i % 5,
        status: STATUSES[i % 4],
    }
}

/// The ids of Q9 with `n` terms: `$k = 1 + 199 (k - 1)`.
pub fn q9_ids(n: usize) -> Vec<i64> {
    (0..n as i64).map(|k| 1 + 199 * k).collect()
}

/// Q10 nested `depth` deep.
pub fn q10(depth: usize) -> Q10 {
    Q10 { depth, addend: 1, id: 12_345 }
}

impl Workload {
    /// The workload's fixed inputs.
    pub fn new() -> Self {
        Workload {
            q1: Q1 { id: 4242 },
            q2: Q2 {
                country: "DE",
                categories: ["books", "games", "garden", "music", "toys"],
                email_pattern: "%@example.com",
                created_from: 1_600_000_000,
                created_to: 1_650_000_000,
                min_orders: 1,
                limit: 20,
                offset: 10,
            },
            q3: Q3 { is_active: true, status: "shipped", min_total: 5000, limit: 50 },
            q4: Q4 { start_id: 9876, max_depth: 20 },
            q5: Q5 { status: "paid", limit: 100 },
            q6: Q6 {
                name: "Ada Lovelace",
                email: "ada@example.com",
                country: "GB",
                city: "London",
                age: 36,
                is_active: true,
                manager_id: None,
                created_at: 1_700_000_000,
            },
            q7: (0..100).map(order_row).collect(),
            q8: Q8 {
                set_status: "cancelled",
                set_quantity: 0,
                set_total: 0,
                user_id: 77,
                statuses: ["new", "paid"],
                created_before: 1_500_000_000,
                min_total: 90_000,
            },
            q9: q9_ids(50),
            q10: q10(200),
        }
    }
}

impl Default for Workload {
    fn default() -> Self {
        Workload::new()
    }
}
