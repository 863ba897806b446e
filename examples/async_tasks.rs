//! Serving queries from concurrent tokio tasks through a pool of async connections.
//!
//! ```text
//! cargo run --example async_tasks --features async-pool                      # SQLite file
//! cargo run --example async_tasks --features async-pool -- --url postgres://postgres@127.0.0.1:5432/test
//! cargo run --example async_tasks --features async-pool -- --url mysql://root@127.0.0.1:3306/test
//! ```
//!
//! Sixteen "requests" run at once, each checking a connection out of a pool of four: it
//! places an order in a transaction and reads the product's running total back. The tables
//! are created at the start and dropped at the end.

use std::time::{Duration, Instant};

use sqlcore::asynchronous::pool::AsyncPool;
use sqlcore::asynchronous::{AsyncConnection, AsyncTransaction};
use sqlcore::func;
use sqlcore::prelude::*;
use sqlcore_mysql::AsyncMySqlConnection;
use sqlcore_postgres::AsyncPostgresConnection;
use sqlcore_sqlite::AsyncSqliteConnection;

sqlcore::table! {
    /// What is sold.
    pub ex_products {
        id: Integer => primary_key();
        name: Varchar(100) => not_null();
        price_cents: Integer => not_null();
    }
}
sqlcore::table! {
    /// One order of a product.
    pub ex_orders {
        id: Integer => primary_key();
        product_id: Integer => not_null(), references(ex_products::id);
        qty: Integer => not_null();
    }
}

fn schema() -> Result<MetaData> {
    MetaData::new().with(ex_products::table())?.with(ex_orders::table())
}

const REQUESTS: i64 = 16;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let url = std::env::args().skip_while(|a| a != "--url").nth(1);
    match url {
        Some(url) if url.starts_with("postgres") => {
            serve(pool(move || {
                let url = url.clone();
                async move { AsyncPostgresConnection::connect(&url).await }
            })?)
            .await
        }
        Some(url) if url.starts_with("mysql") => {
            serve(pool(move || {
                let url = url.clone();
                async move { AsyncMySqlConnection::connect(&url).await }
            })?)
            .await
        }
        Some(url) => {
            eprintln!("--url takes a postgres:// or mysql:// URL, not {url}");
            std::process::exit(2);
        }
        None => {
            let path = std::env::temp_dir().join(format!("sqlcore_async_tasks_{}.db", std::process::id()));
            let file = path.clone();
            let result = serve(pool(move || {
                let file = file.clone();
                async move {
                    let mut conn = AsyncSqliteConnection::open(file).await?;
                    conn.execute_raw("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000").await?;
                    Ok(conn)
                }
            })?)
            .await;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            result
        }
    }
}

/// A pool of at most four connections made by `connect`.
fn pool<C, F, Fut>(connect: F) -> Result<AsyncPool<C>>
where
    C: AsyncConnection + 'static,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<C>> + Send + 'static,
{
    AsyncPool::builder(connect).max_size(4).checkout_timeout(Duration::from_secs(10)).build()
}

async fn serve<C: AsyncConnection + 'static>(pool: AsyncPool<C>) -> Result<()> {
    let md = schema()?;
    {
        let mut conn = pool.get().await?;
        println!("engine: {}", conn.dialect().describe());
        conn.drop_all(&md).await?;
        conn.create_all(&md).await?;
        let products = insert(ex_products::table()).columns([ex_products::name, ex_products::price_cents]).rows([
            ("tea", 450),
            ("coffee", 380),
            ("cake", 520),
            ("soup", 610),
        ]);
        conn.insert_bulk(&products).await?;
    }
    let started = Instant::now();
    let mut requests = Vec::new();
    for request in 0..REQUESTS {
        let pool = pool.clone();
        requests.push(tokio::spawn(async move {
            let mut conn = pool.get().await?;
            let product = request % 4 + 1;
            let mut tx = AsyncTransaction::begin(&mut *conn).await?;
            tx.execute(
                &insert(ex_orders::table())
                    .value(ex_orders::id, request + 1)
                    .value(ex_orders::product_id, product)
                    .value(ex_orders::qty, request % 3 + 1),
            )
            .await?;
            tx.commit().await?;
            let total =
                select([func::sum(ex_orders::qty)]).from(ex_orders::table()).filter(ex_orders::product_id.eq(product));
            // SUM of an integer column reads back as an integer on every engine.
            let total = match conn.scalar_value(&total).await? {
                Value::Int(n) => n,
                _ => 0,
            };
            Ok::<_, Error>((request, product, total))
        }));
    }
    for request in requests {
        match request.await {
            Ok(Ok((request, product, total))) => {
                println!("request {request:2}: ordered product {product}, {total} ordered so far")
            }
            Ok(Err(e)) => eprintln!("a request failed: {e}"),
            Err(e) => eprintln!("a request task failed: {e}"),
        }
    }
    let mut conn = pool.get().await?;
    let per_product = select((ex_products::name, func::sum(ex_orders::qty).label("qty")))
        .from(ex_products::table())
        .join(ex_orders::table())
        .group_by([ex_products::name])
        .order_by(ex_products::name);
    for row in conn.all(&per_product).await? {
        println!("{:>6}: {}", row.get::<String>("name")?, row.value("qty")?);
    }
    println!("{REQUESTS} requests in {:?}; pool: {:?}", started.elapsed(), pool.status());
    conn.drop_all(&md).await?;
    Ok(())
}
