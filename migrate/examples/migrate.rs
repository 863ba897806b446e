//! The migrate binary an application writes (as `src/bin/migrate.rs`): five lines that hand
//! its model to the command line. `cargo run --bin migrate -- upgrade` in the application;
//! here `cargo run -p sqlcore-migrate --example migrate -- --help`.

fn main() -> std::process::ExitCode {
    let users = sqlcore::schema::Table::builder("users")
        .column(sqlcore::schema::Column::new("id", sqlcore::schema::SqlType::BigInt).primary_key())
        .build();
    let metadata = sqlcore::schema::MetaData::new().with(users).unwrap_or_default();
    sqlcore_migrate::cli::main(sqlcore_migrate::Migrator::new("migrations", metadata))
}
