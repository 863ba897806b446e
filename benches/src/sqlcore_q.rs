//! sqlcore: the workload schema declared with `sqlcore::table!`, each statement built with the
//! public expression language and compiled with `stmt.compile(&dialect)`.

use sqlcore::expr::Window;
use sqlcore::prelude::*;
use sqlcore::stmt::{Cte, Insert, Select, Update};
use sqlcore::{Compiled, func};
use sqlcore_postgres::PostgresDialect;
use sqlcore_sqlite::SqliteDialect;

use crate::workload::{Db, OrderRow, Q1, Q2, Q3, Q4, Q5, Q6, Q8, Q10};

/// The workload schema.
pub mod schema {
    sqlcore::table! {
        /// Users; `manager_id` makes a tree.
        pub users {
            id: BigInt => primary_key();
            name: Text => not_null();
            email: Text => not_null(), unique();
            country: Text => not_null();
            city: Text => not_null();
            age: Integer => not_null();
            is_active: Boolean => not_null();
            manager_id: BigInt => references(users::id);
            created_at: BigInt => not_null();
        }
        |t| t.index("users_country", [users::country]).index("users_manager_id", [users::manager_id])
    }

    sqlcore::table! {
        /// Products.
        pub products {
            id: BigInt => primary_key();
            sku: Text => not_null(), unique();
            title: Text => not_null();
            category: Text => not_null();
            price_cents: BigInt => not_null();
        }
    }

    sqlcore::table! {
        /// Orders of products by users.
        pub orders {
            id: BigInt => primary_key();
            user_id: BigInt => not_null(), references(users::id);
            product_id: BigInt => not_null(), references(products::id);
            quantity: Integer => not_null();
            status: Text => not_null(), server_default("new");
            total_cents: BigInt => not_null(), server_default(0);
            created_at: BigInt => not_null(), server_default(0);
        }
        |t| t.index("orders_user_id", [orders::user_id])
            .index("orders_product_id", [orders::product_id])
            .index("orders_status", [orders::status])
    }
}

use schema::{orders, products, users};

/// Compiles `stmt` for `db` with the dialect's defaults.
#[inline]
pub fn compile(db: Db, stmt: &dyn Compile) -> Result<Compiled> {
    match db {
        Db::Pg => stmt.compile(&PostgresDialect::default()),
        Db::Sqlite => stmt.compile(&SqliteDialect::default()),
    }
}

/// Q1 statement.
pub fn q1_stmt(i: &Q1) -> Select {
    select((users::id, users::name, users::email)).filter(users::id.eq(i.id))
}

/// Q2 statement.
pub fn q2_stmt(i: &Q2) -> Select {
    let (u, o, p) = (users::table().alias("u"), orders::table().alias("o"), products::table().alias("p"));
    let order_count = func::count(o.col(orders::id));
    let revenue = func::sum(o.col(orders::total_cents)).label("revenue");
    select((u.col(users::id), u.col(users::name), order_count.clone().label("order_count"), revenue.clone()))
        .from(u.clone())
        .join_on(o.clone(), o.col(orders::user_id).eq(u.col(users::id)))
        .join_on(p.clone(), p.col(products::id).eq(o.col(orders::product_id)))
        .filter(u.col(users::country).eq(i.country))
        .filter(p.col(products::category).in_list(i.categories))
        .filter(u.col(users::email).like(i.email_pattern))
        .filter(o.col(orders::created_at).between(i.created_from, i.created_to))
        .group_by([u.col(users::id), u.col(users::name)])
        .having(order_count.gt(i.min_orders))
        .order_by(revenue.desc())
        .order_by(u.col(users::id).asc())
        .limit(i.limit)
        .offset(i.offset)
}

/// Q3 statement.
pub fn q3_stmt(i: &Q3) -> Select {
    let (u, o, o2) = (users::table().alias("u"), orders::table().alias("o"), orders::table().alias("o2"));
    let order_count = select([func::count_star()])
        .from(o2.clone())
        .filter(o2.col(orders::user_id).eq(u.col(users::id)))
        .scalar()
        .label("order_count");
    let has_big_order = exists(
        select([lit(1)])
            .from(o.clone())
            .filter(o.col(orders::user_id).eq(u.col(users::id)))
            .filter(o.col(orders::status).eq(i.status))
            .filter(o.col(orders::total_cents).gt(i.min_total)),
    );
    select((u.col(users::id), u.col(users::name), order_count))
        .from(u.clone())
        .filter(u.col(users::is_active).eq(i.is_active))
        .filter(has_big_order)
        .order_by(u.col(users::id).asc())
        .limit(i.limit)
}

/// Q4 statement.
pub fn q4_stmt(i: &Q4) -> Result<Select> {
    let chain = Cte::new("chain", ["id", "manager_id", "depth"]).recursive();
    let (u, c) = (users::table().alias("u"), chain.alias("c"));
    let start = select((users::id, users::manager_id, lit(0))).from(users::table()).filter(users::id.eq(i.start_id));
    let up = select((u.col(users::id), u.col(users::manager_id), c.c("depth")?.add(lit(1))))
        .from(u.clone())
        .join_on(c.clone(), u.col(users::id).eq(c.c("manager_id")?))
        .filter(c.c("depth")?.lt(i.max_depth));
    let chain = chain.query(start.union_all(up));
    let t = chain.table();
    Ok(select((t.c("id")?, t.c("manager_id")?, t.c("depth")?))
        .from(t.clone())
        .with(chain)
        .order_by(t.c("depth")?.asc()))
}

/// Q5 statement.
pub fn q5_stmt(i: &Q5) -> Select {
    let o = orders::table().alias("o");
    let rn = func::row_number()
        .over(Window::new().partition_by([o.col(orders::user_id)]).order_by(o.col(orders::created_at).desc()))
        .label("rn");
    let running_total = func::sum(o.col(orders::total_cents))
        .over(Window::new().partition_by([o.col(orders::user_id)]).order_by(o.col(orders::created_at).asc()))
        .label("running_total");
    select((o.col(orders::id), o.col(orders::user_id), o.col(orders::total_cents), rn.clone(), running_total))
        .from(o.clone())
        .filter(o.col(orders::status).eq(i.status))
        .order_by(o.col(orders::user_id).asc())
        .order_by(rn.asc())
        .limit(i.limit)
}

/// Q6 statement.
pub fn q6_stmt(i: &Q6) -> Insert {
    insert(users::table())
        .value(users::name, i.name)
        .value(users::email, i.email)
        .value(users::country, i.country)
        .value(users::city, i.city)
        .value(users::age, i.age)
        .value(users::is_active, i.is_active)
        .value(users::manager_id, i.manager_id)
        .value(users::created_at, i.created_at)
        .returning([users::id])
}

/// Q7 statement.
pub fn q7_stmt(rows: &[OrderRow]) -> Insert {
    insert(orders::table())
        .columns([orders::user_id, orders::product_id, orders::quantity, orders::status])
        .rows(rows.iter().map(|r| (r.user_id, r.product_id, r.quantity, r.status)))
}

/// Q8 statement.
pub fn q8_stmt(i: &Q8) -> Update {
    update(orders::table())
        .set(orders::status, i.set_status)
        .set(orders::quantity, i.set_quantity)
        .set(orders::total_cents, i.set_total)
        .filter(
            orders::user_id
                .eq(i.user_id)
                .and(orders::status.in_list(i.statuses))
                .or(orders::created_at.lt(i.created_before).and(orders::total_cents.ge(i.min_total))),
        )
}

/// Q9 statement over `ids`.
pub fn q9_stmt(ids: &[i64]) -> Select {
    select((users::id, users::name)).filter(or(ids.iter().map(|&id| users::id.eq(id))))
}

/// Q10 statement, `i.depth` deep.
pub fn q10_stmt(i: &Q10) -> Select {
    let mut deep = orders::quantity.add(i.addend);
    for _ in 1..i.depth {
        deep = orders::quantity.add(deep);
    }
    select([deep.label("deep")]).filter(orders::id.eq(i.id))
}

/// Q1.
pub fn q1(db: Db, i: &Q1) -> Result<Compiled> {
    compile(db, &q1_stmt(i))
}

/// Q2.
pub fn q2(db: Db, i: &Q2) -> Result<Compiled> {
    compile(db, &q2_stmt(i))
}

/// Q3.
pub fn q3(db: Db, i: &Q3) -> Result<Compiled> {
    compile(db, &q3_stmt(i))
}

/// Q4.
pub fn q4(db: Db, i: &Q4) -> Result<Compiled> {
    compile(db, &q4_stmt(i)?)
}

/// Q5.
pub fn q5(db: Db, i: &Q5) -> Result<Compiled> {
    compile(db, &q5_stmt(i))
}

/// Q6.
pub fn q6(db: Db, i: &Q6) -> Result<Compiled> {
    compile(db, &q6_stmt(i))
}

/// Q7.
pub fn q7(db: Db, rows: &[OrderRow]) -> Result<Compiled> {
    compile(db, &q7_stmt(rows))
}

/// Q8.
pub fn q8(db: Db, i: &Q8) -> Result<Compiled> {
    compile(db, &q8_stmt(i))
}

/// Q9.
pub fn q9(db: Db, ids: &[i64]) -> Result<Compiled> {
    compile(db, &q9_stmt(ids))
}

/// Q10 with the dialect's default depth limit (fine for the workload's 200).
pub fn q10(db: Db, i: &Q10) -> Result<Compiled> {
    compile(db, &q10_stmt(i))
}

/// Q10 for PostgreSQL with the expression depth limit raised to `max_depth` (the scaling
/// runs go to 20,000 levels; the default limit is 1000).
pub fn q10_pg_deep(i: &Q10, max_depth: usize) -> Result<Compiled> {
    q10_stmt(i).compile(&PostgresDialect::default().with_max_expr_depth(max_depth))
}

/// Statement `q` (`"q1"`..`"q10"`) built from the workload, for the cache benchmarks.
///
/// # Panics
/// On an unknown query name.
pub fn stmt(q: &str, w: &crate::Workload) -> Box<dyn Compile> {
    match q {
        "q1" => Box::new(q1_stmt(&w.q1)),
        "q2" => Box::new(q2_stmt(&w.q2)),
        "q3" => Box::new(q3_stmt(&w.q3)),
        "q4" => Box::new(q4_stmt(&w.q4).expect("Q4 builds")),
        "q5" => Box::new(q5_stmt(&w.q5)),
        "q6" => Box::new(q6_stmt(&w.q6)),
        "q7" => Box::new(q7_stmt(&w.q7)),
        "q8" => Box::new(q8_stmt(&w.q8)),
        "q9" => Box::new(q9_stmt(&w.q9)),
        "q10" => Box::new(q10_stmt(&w.q10)),
        other => panic!("unknown query {other}"),
    }
}
