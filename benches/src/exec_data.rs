//! The end-to-end data on SQLite: the workload schema and 10,000 users, 1,000 products and
//! 50,000 orders, filled deterministically (shared by the `exec` bench and `profile_loop`).

use sqlcore_sqlite::SqliteConnection;

use crate::workload::order_row;

const SCHEMA: &str = "
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL UNIQUE,
    country     TEXT    NOT NULL,
    city        TEXT    NOT NULL,
    age         INTEGER NOT NULL,
    is_active   BOOLEAN NOT NULL,
    manager_id  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    price_cents BIGINT  NOT NULL
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    product_id  BIGINT  NOT NULL REFERENCES products (id),
    quantity    INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'new',
    total_cents BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX users_country ON users (country);
CREATE INDEX users_manager_id ON users (manager_id);
CREATE INDEX orders_user_id ON orders (user_id);
CREATE INDEX orders_product_id ON orders (product_id);
CREATE INDEX orders_status ON orders (status);
";

const COUNTRIES: [&str; 10] = ["DE", "GB", "FR", "US", "PL", "NL", "SE", "ES", "IT", "JP"];
const CATEGORIES: [&str; 8] = ["books", "games", "garden", "music", "toys", "food", "tools", "sports"];

/// Opens an in-memory database and fills it with the workload data.
pub fn open() -> SqliteConnection {
    let conn = SqliteConnection::open_in_memory().expect("open SQLite");
    let db = conn.rusqlite();
    db.execute_batch(SCHEMA).expect("schema");
    db.execute_batch("BEGIN").expect("begin");
    {
        let mut ins = db
            .prepare(
                "INSERT INTO users (id, name, email, country, city, age, is_active, manager_id, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .expect("prepare users");
        for n in 1..=10_000i64 {
            let domain = if n % 3 == 0 { "example.org" } else { "example.com" };
            let manager = if n / 2 >= 1 { Some(n / 2) } else { None };
            ins.execute(rusqlite::params![
                n,
                format!("User {n}"),
                format!("user{n}@{domain}"),
                COUNTRIES[(n % 10) as usize],
                format!("City {}", n % 100),
                18 + n % 60,
                n % 5 != 0,
                manager,
                1_500_000_000 + n * 20_000,
            ])
            .expect("insert user");
        }
        let mut ins = db
            .prepare("INSERT INTO products (id, sku, title, category, price_cents) VALUES (?, ?, ?, ?, ?)")
            .expect("prepare products");
        for m in 1..=1000i64 {
            ins.execute(rusqlite::params![
                m,
                format!("SKU-{m:05}"),
                format!("Product {m}"),
                CATEGORIES[(m % 8) as usize],
                100 + (m * 37) % 10_000,
            ])
            .expect("insert product");
        }
        let mut ins = db
            .prepare(
                "INSERT INTO orders (user_id, product_id, quantity, status, total_cents, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .expect("prepare orders");
        for k in 0..50_000usize {
            let r = order_row(k);
            let kk = k as i64;
            ins.execute(rusqlite::params![
                r.user_id,
                r.product_id,
                r.quantity,
                r.status,
                r.quantity * (100 + (r.product_id * 37) % 10_000),
                1_550_000_000 + (kk * 7919) % 150_000_000,
            ])
            .expect("insert order");
        }
    }
    db.execute_batch("COMMIT; ANALYZE").expect("commit");
    conn
}
