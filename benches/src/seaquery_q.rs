//! sea-query 1.0.2: `#[derive(Iden)]` schema enums, `Query::select()...` builders (`take()`
//! where an owned statement is needed), `Cond::any()` for Q9, `Expr::Constant` for the
//! structural `0` and `1`, and `build(PostgresQueryBuilder)` / `build(SqliteQueryBuilder)`.

use sea_query::{
    Asterisk, CommonTableExpression, Cond, Expr, ExprTrait, Func, JoinType, Order, PostgresQueryBuilder, Query,
    QueryStatementWriter, SqliteQueryBuilder, UnionType, Values, WindowStatement, WithClause,
};

use crate::workload::{Db, OrderRow, Q1, Q2, Q3, Q4, Q5, Q6, Q8, Q10};

/// What a sea-query build returns.
pub type Built = (String, Values);

/// `users`.
#[derive(sea_query::Iden, Clone, Copy)]
pub enum Users {
    /// The table.
    Table,
    /// `id`.
    Id,
    /// `name`.
    Name,
    /// `email`.
    Email,
    /// `country`.
    Country,
    /// `city`.
    City,
    /// `age`.
    Age,
    /// `is_active`.
    IsActive,
    /// `manager_id`.
    ManagerId,
    /// `created_at`.
    CreatedAt,
}

/// `products`.
#[derive(sea_query::Iden, Clone, Copy)]
pub enum Products {
    /// The table.
    Table,
    /// `id`.
    Id,
    /// `category`.
    Category,
}

/// `orders`.
#[derive(sea_query::Iden, Clone, Copy)]
pub enum Orders {
    /// The table.
    Table,
    /// `id`.
    Id,
    /// `user_id`.
    UserId,
    /// `product_id`.
    ProductId,
    /// `quantity`.
    Quantity,
    /// `status`.
    Status,
    /// `total_cents`.
    TotalCents,
    /// `created_at`.
    CreatedAt,
}

/// The recursive CTE of Q4 and its columns.
#[derive(sea_query::Iden, Clone, Copy)]
pub enum Chain {
    /// The CTE's name.
    Table,
    /// `id`.
    Id,
    /// `manager_id`.
    ManagerId,
    /// `depth`.
    Depth,
}

fn build(db: Db, stmt: &impl QueryStatementWriter) -> Built {
    match db {
        Db::Pg => stmt.build(PostgresQueryBuilder),
        Db::Sqlite => stmt.build(SqliteQueryBuilder),
    }
}

/// Q1.
pub fn q1(db: Db, i: &Q1) -> Built {
    build(
        db,
        Query::select()
            .columns([Users::Id, Users::Name, Users::Email])
            .from(Users::Table)
            .and_where(Expr::col(Users::Id).eq(i.id)),
    )
}

/// Q2.
pub fn q2(db: Db, i: &Q2) -> Built {
    build(
        db,
        Query::select()
            .column(("u", Users::Id))
            .column(("u", Users::Name))
            .expr_as(Func::count(Expr::col(("o", Orders::Id))), "order_count")
            .expr_as(Func::sum(Expr::col(("o", Orders::TotalCents))), "revenue")
            .from_as(Users::Table, "u")
            .join_as(JoinType::InnerJoin, Orders::Table, "o", Expr::col(("o", Orders::UserId)).equals(("u", Users::Id)))
            .join_as(
                JoinType::InnerJoin,
                Products::Table,
                "p",
                Expr::col(("p", Products::Id)).equals(("o", Orders::ProductId)),
            )
            .and_where(Expr::col(("u", Users::Country)).eq(i.country))
            .and_where(Expr::col(("p", Products::Category)).is_in(i.categories))
            .and_where(Expr::col(("u", Users::Email)).like(i.email_pattern))
            .and_where(Expr::col(("o", Orders::CreatedAt)).between(i.created_from, i.created_to))
            .group_by_columns([("u", Users::Id), ("u", Users::Name)])
            .and_having(Func::count(Expr::col(("o", Orders::Id))).gt(i.min_orders))
            .order_by("revenue", Order::Desc)
            .order_by(("u", Users::Id), Order::Asc)
            .limit(i.limit as u64)
            .offset(i.offset as u64),
    )
}

/// Q3.
pub fn q3(db: Db, i: &Q3) -> Built {
    let order_count = Query::select()
        .expr(Func::count(Expr::col(Asterisk)))
        .from_as(Orders::Table, "o2")
        .and_where(Expr::col(("o2", Orders::UserId)).equals(("u", Users::Id)))
        .take();
    let big_order = Query::select()
        .expr(Expr::Constant(1.into()))
        .from_as(Orders::Table, "o")
        .and_where(Expr::col(("o", Orders::UserId)).equals(("u", Users::Id)))
        .and_where(Expr::col(("o", Orders::Status)).eq(i.status))
        .and_where(Expr::col(("o", Orders::TotalCents)).gt(i.min_total))
        .take();
    build(
        db,
        Query::select()
            .column(("u", Users::Id))
            .column(("u", Users::Name))
            .expr_as(order_count, "order_count")
            .from_as(Users::Table, "u")
            .and_where(Expr::col(("u", Users::IsActive)).eq(i.is_active))
            .and_where(Expr::exists(big_order))
            .order_by(("u", Users::Id), Order::Asc)
            .limit(i.limit as u64),
    )
}

/// Q4.
pub fn q4(db: Db, i: &Q4) -> Built {
    let up = Query::select()
        .column(("u", Users::Id))
        .column(("u", Users::ManagerId))
        .expr(Expr::col(("c", Chain::Depth)).add(Expr::Constant(1.into())))
        .from_as(Users::Table, "u")
        .join_as(JoinType::InnerJoin, Chain::Table, "c", Expr::col(("u", Users::Id)).equals(("c", Chain::ManagerId)))
        .and_where(Expr::col(("c", Chain::Depth)).lt(i.max_depth))
        .take();
    let start = Query::select()
        .columns([Users::Id, Users::ManagerId])
        .expr(Expr::Constant(0.into()))
        .from(Users::Table)
        .and_where(Expr::col(Users::Id).eq(i.start_id))
        .union(UnionType::All, up)
        .take();
    let mut cte = CommonTableExpression::new();
    cte.table_name(Chain::Table).columns([Chain::Id, Chain::ManagerId, Chain::Depth]).query(start);
    let mut with = WithClause::new();
    with.recursive(true).cte(cte);
    let query = Query::select()
        .columns([Chain::Id, Chain::ManagerId, Chain::Depth])
        .from(Chain::Table)
        .order_by(Chain::Depth, Order::Asc)
        .take()
        .with(with);
    build(db, &query)
}

/// Q5.
pub fn q5(db: Db, i: &Q5) -> Built {
    build(
        db,
        Query::select()
            .column(("o", Orders::Id))
            .column(("o", Orders::UserId))
            .column(("o", Orders::TotalCents))
            .expr_window_as(
                Func::cust("ROW_NUMBER"),
                WindowStatement::partition_by(("o", Orders::UserId))
                    .order_by(("o", Orders::CreatedAt), Order::Desc)
                    .take(),
                "rn",
            )
            .expr_window_as(
                Func::sum(Expr::col(("o", Orders::TotalCents))),
                WindowStatement::partition_by(("o", Orders::UserId))
                    .order_by(("o", Orders::CreatedAt), Order::Asc)
                    .take(),
                "running_total",
            )
            .from_as(Orders::Table, "o")
            .and_where(Expr::col(("o", Orders::Status)).eq(i.status))
            .order_by(("o", Orders::UserId), Order::Asc)
            .order_by("rn", Order::Asc)
            .limit(i.limit as u64),
    )
}

/// Q6.
pub fn q6(db: Db, i: &Q6) -> Built {
    build(
        db,
        Query::insert()
            .into_table(Users::Table)
            .columns([
                Users::Name,
                Users::Email,
                Users::Country,
                Users::City,
                Users::Age,
                Users::IsActive,
                Users::ManagerId,
                Users::CreatedAt,
            ])
            .values_panic([
                i.name.into(),
                i.email.into(),
                i.country.into(),
                i.city.into(),
                i.age.into(),
                i.is_active.into(),
                i.manager_id.into(),
                i.created_at.into(),
            ])
            .returning_col(Users::Id),
    )
}

/// Q7.
pub fn q7(db: Db, rows: &[OrderRow]) -> Built {
    let mut insert = Query::insert();
    insert.into_table(Orders::Table).columns([Orders::UserId, Orders::ProductId, Orders::Quantity, Orders::Status]);
    for r in rows {
        insert.values_panic([r.user_id.into(), r.product_id.into(), r.quantity.into(), r.status.into()]);
    }
    build(db, &insert)
}

/// Q8.
pub fn q8(db: Db, i: &Q8) -> Built {
    build(
        db,
        Query::update()
            .table(Orders::Table)
            .value(Orders::Status, i.set_status)
            .value(Orders::Quantity, i.set_quantity)
            .value(Orders::TotalCents, i.set_total)
            .cond_where(
                Cond::any()
                    .add(
                        Cond::all()
                            .add(Expr::col(Orders::UserId).eq(i.user_id))
                            .add(Expr::col(Orders::Status).is_in(i.statuses)),
                    )
                    .add(
                        Cond::all()
                            .add(Expr::col(Orders::CreatedAt).lt(i.created_before))
                            .add(Expr::col(Orders::TotalCents).gte(i.min_total)),
                    ),
            ),
    )
}

/// Q9 over `ids`.
pub fn q9(db: Db, ids: &[i64]) -> Built {
    let mut any = Cond::any();
    for &id in ids {
        any = any.add(Expr::col(Users::Id).eq(id));
    }
    build(db, Query::select().columns([Users::Id, Users::Name]).from(Users::Table).cond_where(any))
}

/// Q10, `i.depth` deep.
pub fn q10(db: Db, i: &Q10) -> Built {
    let mut deep = Expr::col(Orders::Quantity).add(i.addend);
    for _ in 1..i.depth {
        deep = Expr::col(Orders::Quantity).add(deep);
    }
    build(db, Query::select().expr_as(deep, "deep").from(Orders::Table).and_where(Expr::col(Orders::Id).eq(i.id)))
}
