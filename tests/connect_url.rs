//! Connecting by URL with options ([`DatabaseUrl`], [`ConnectOptions`]) on the three engines:
//! TLS against the local servers with the CA that `scripts/tls.sh` made for this run
//! (`verify-full` accepted, a wrong CA refused, `require` encrypted, `disable` plain), bad
//! URLs refused naming the part at fault, an unreachable server reported within the timeout,
//! and no message showing a password.

mod common;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::engines;
use sqlcore::connect::{ConnectOptions, DatabaseUrl};
use sqlcore::prelude::*;
use sqlcore_mysql::MySqlConnection;
use sqlcore_postgres::PostgresConnection;
use sqlcore_sqlite::SqliteConnection;

/// The certificates of `scripts/tls.sh`, or `None` (skipped) when it has not run here.
fn tls_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var("SQLCORE_TLS_DIR").unwrap_or_else(|_| "/var/lib/sqlcore-tls".into()));
    if dir.join("ca.pem").exists() {
        return Some(dir);
    }
    assert!(!engines::servers_required(), "{} has no ca.pem: run scripts/tls.sh", dir.display());
    eprintln!("SKIPPED: no TLS certificates in {}", dir.display());
    None
}

fn pg(url: &str) -> Result<PostgresConnection> {
    PostgresConnection::connect_url(&DatabaseUrl::parse(url)?, &ConnectOptions::new())
}

fn my(url: &str) -> Result<MySqlConnection> {
    MySqlConnection::connect_url(&DatabaseUrl::parse(url)?, &ConnectOptions::new())
}

fn pg_uses_tls(conn: &mut PostgresConnection) -> bool {
    let rows = conn.query_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap();
    rows[0].get::<bool>(0usize).unwrap()
}

fn mysql_cipher(conn: &mut MySqlConnection) -> String {
    let rows = conn.query_sql("SHOW SESSION STATUS LIKE 'Ssl_cipher'", &[]).unwrap();
    rows[0].get::<String>(1usize).unwrap()
}

fn postgres_up() -> bool {
    PostgresConnection::connect(&engines::postgres_url()).is_ok() || {
        assert!(!engines::servers_required(), "PostgreSQL is required");
        false
    }
}

fn mysql_up() -> bool {
    MySqlConnection::connect(&engines::mysql_url()).is_ok() || {
        assert!(!engines::servers_required(), "MariaDB is required");
        false
    }
}

#[test]
fn postgres_tls_verifies_the_server_against_the_ca_and_refuses_a_wrong_one() {
    let Some(dir) = tls_dir() else { return };
    if !postgres_up() {
        return;
    }
    let ca = dir.join("ca.pem");
    let wrong = dir.join("wrong-ca.pem");
    for host in ["127.0.0.1", "localhost"] {
        let url = format!("postgres://postgres@{host}:5432/test?sslmode=verify-full&sslrootcert={}", ca.display());
        let mut conn = pg(&url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(pg_uses_tls(&mut conn), "{url}");
        assert_eq!(conn.scalar::<i64>(&select([sqlcore::dsl::lit(41i64).add(1)])).unwrap(), 42);
    }
    let url = format!("postgres://postgres@127.0.0.1/test?sslmode=verify-full&sslrootcert={}", wrong.display());
    let err = pg(&url).map(drop).unwrap_err();
    let Error::Database(report) = &err else { panic!("{err:?}") };
    assert_eq!(report.kind, DbErrorKind::Connection, "{err}");
    assert!(err.to_string().contains("certificate"), "{err}");
    // verify-ca checks the chain but not the name: the wrong CA is still refused.
    let url = format!("postgres://postgres@127.0.0.1/test?sslmode=verify-ca&sslrootcert={}", wrong.display());
    assert!(pg(&url).is_err());
    let url = format!("postgres://postgres@127.0.0.1/test?sslmode=verify-ca&sslrootcert={}", ca.display());
    assert!(pg_uses_tls(&mut pg(&url).unwrap()));
    // require encrypts without checking; disable stays plain.
    assert!(pg_uses_tls(&mut pg("postgres://postgres@127.0.0.1/test?sslmode=require").unwrap()));
    assert!(!pg_uses_tls(&mut pg("postgres://postgres@127.0.0.1/test?sslmode=disable").unwrap()));
    assert!(!pg_uses_tls(&mut pg("postgres://postgres@127.0.0.1/test").unwrap()));
    // A CA file that is not there is a clear error naming it.
    let err = pg("postgres://postgres@127.0.0.1/test?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        .map(drop)
        .unwrap_err();
    assert!(err.to_string().contains("cannot read the CA file /nonexistent/ca.pem"), "{err}");
}

#[test]
fn mysql_tls_verifies_the_server_against_the_ca_and_refuses_a_wrong_one() {
    let Some(dir) = tls_dir() else { return };
    if !mysql_up() {
        return;
    }
    let ca = dir.join("ca.pem");
    let wrong = dir.join("wrong-ca.pem");
    let url = format!("mysql://root@127.0.0.1:3306/test?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", ca.display());
    let mut conn = my(&url).unwrap_or_else(|e| panic!("{url}: {e}"));
    assert!(!mysql_cipher(&mut conn).is_empty(), "{url}");
    assert_eq!(conn.scalar::<i64>(&select([sqlcore::dsl::lit(41i64).add(1)])).unwrap(), 42);
    let url = format!("mysql://root@127.0.0.1:3306/test?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", wrong.display());
    let err = my(&url).map(drop).unwrap_err();
    let Error::Database(report) = &err else { panic!("{err:?}") };
    assert_eq!(report.kind, DbErrorKind::Connection, "{err}");
    // libpq's names work too; require encrypts without checking.
    let url = format!("mysql://root@127.0.0.1/test?sslmode=verify-full&ssl-ca={}", ca.display());
    assert!(!mysql_cipher(&mut my(&url).unwrap()).is_empty());
    assert!(!mysql_cipher(&mut my("mysql://root@127.0.0.1/test?ssl-mode=REQUIRED").unwrap()).is_empty());
    assert!(mysql_cipher(&mut my("mysql://root@127.0.0.1/test?ssl-mode=DISABLED").unwrap()).is_empty());
    assert!(mysql_cipher(&mut my("mysql://root@127.0.0.1/test").unwrap()).is_empty());
    let err = my("mysql://root@127.0.0.1/test?ssl-mode=PREFERRED").map(drop).unwrap_err();
    assert!(err.to_string().contains("query parameter `ssl-mode`: PREFERRED is not supported"), "{err}");
}

#[test]
fn bad_urls_name_the_part_at_fault() {
    let cases: [(&str, &str); 7] = [
        (
            "postgres://postgres@127.0.0.1/test?ssl_mode=require",
            "query parameter `ssl_mode`: is not known for postgres URLs",
        ),
        ("postgres://postgres@127.0.0.1/test?sslmode=always", "query parameter `sslmode`: `always` is not one of"),
        ("postgres://postgres@127.0.0.1:70000/test", "port: `70000` is not a number"),
        ("postgres://postgres@127.0.0.1/test?connect_timeout=soon", "query parameter `connect_timeout`: `soon`"),
        ("mysql://root@127.0.0.1/test?verify=1", "query parameter `verify`: is not known for mysql URLs"),
        ("mysql://root@127.0.0.1/test?statement_cache_size=-1", "query parameter `statement_cache_size`"),
        ("postgres://postgres@127.0.0.1/test?sslmode", "query parameter `sslmode`: has no `=value`"),
    ];
    for (url, expected) in cases {
        let err = if url.starts_with("mysql") { my(url).map(drop) } else { pg(url).map(drop) }.unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)), "{url}: {err:?}");
        assert!(err.to_string().contains(expected), "{url}: {err}");
    }
    let sqlite = |url: &str| SqliteConnection::connect_url(&DatabaseUrl::parse(url)?, &ConnectOptions::new()).map(drop);
    assert!(sqlite("sqlite://host/app.db").unwrap_err().to_string().contains("host: SQLite has no host"));
    assert!(sqlite("sqlite::memory:?sslmode=require").unwrap_err().to_string().contains("`sslmode`: is not known"));
    let tls = ConnectOptions::new().ssl_mode(sqlcore::connect::SslMode::Require);
    let err = SqliteConnection::connect_url(&DatabaseUrl::parse("sqlite::memory:").unwrap(), &tls).unwrap_err();
    assert!(err.to_string().contains("TLS: SQLite opens a local file"), "{err}");
    assert!(sqlite("sqlite::memory:?mode=rw").unwrap_err().to_string().contains("query parameter `mode`"));
    assert!(sqlite("postgres://h/d").unwrap_err().to_string().contains("scheme: `postgres` is not `sqlite`"));
}

#[test]
fn sqlite_urls_open_files_and_memory_with_their_options() {
    let dir = std::env::temp_dir().join(format!("sqlcore_url_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("app.db");
    let url = format!("sqlite:///{}?timeout=1", file.display());
    let options = ConnectOptions::new().statement_cache_size(4).echo(true);
    let mut conn = SqliteConnection::connect_url(&DatabaseUrl::parse(&url).unwrap(), &options).unwrap();
    conn.execute_raw("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (7)").unwrap();
    drop(conn);
    let ro = format!("sqlite:///{}?mode=ro", file.display());
    let mut conn = SqliteConnection::connect_url(&DatabaseUrl::parse(&ro).unwrap(), &ConnectOptions::new()).unwrap();
    assert_eq!(conn.query_sql("SELECT id FROM t", &[]).unwrap()[0].get::<i64>(0usize).unwrap(), 7);
    assert!(conn.execute_raw("INSERT INTO t VALUES (8)").is_err(), "read-only");
    let mut memory =
        SqliteConnection::connect_url(&DatabaseUrl::parse("sqlite::memory:").unwrap(), &ConnectOptions::new()).unwrap();
    assert!(memory.query_sql("SELECT * FROM t", &[]).is_err(), "a fresh memory database");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreachable_server_fails_within_the_timeout_without_showing_the_password() {
    for url in [
        "postgres://postgres:hunter2@127.0.0.1:1/test?connect_timeout=2",
        "mysql://root:hunter2@127.0.0.1:1/test?connect_timeout=2",
        "postgres://postgres:hunter2@10.255.255.1:5432/test?connect_timeout=1",
        "mysql://root:hunter2@10.255.255.1:3306/test?connect_timeout=1",
    ] {
        let started = Instant::now();
        let err = if url.starts_with("mysql") { my(url).map(drop) } else { pg(url).map(drop) }.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(8), "{url}: took {:?}", started.elapsed());
        let Error::Database(report) = &err else { panic!("{url}: {err:?}") };
        assert_eq!(report.kind, DbErrorKind::Connection, "{url}: {err}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}

#[test]
fn the_statement_timeout_cancels_a_long_statement() {
    if postgres_up() {
        let mut conn = pg("postgres://postgres@127.0.0.1/test?statement_timeout=0.2").unwrap();
        let err = conn.execute_raw("SELECT pg_sleep(3)").unwrap_err();
        assert!(err.to_string().contains("statement timeout"), "{err}");
        conn.ping().unwrap();
    }
    if mysql_up() {
        let mut conn = my("mysql://root@127.0.0.1/test?statement_timeout=0.2").unwrap();
        let started = Instant::now();
        let result = conn.query_sql("SELECT SLEEP(3)", &[]);
        // MariaDB interrupts the statement (an error), MySQL's SLEEP returns 1 early.
        assert!(started.elapsed() < Duration::from_secs(2), "{result:?}");
        conn.ping().unwrap();
    }
}
