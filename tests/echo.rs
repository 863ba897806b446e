//! Echo: every statement a connection runs is logged at debug level, target `sqlcore::sql`,
//! with its parameters (SQLAlchemy's `echo=True`), on every engine.

#[macro_use]
mod common;
use std::sync::{Mutex, Once};

use common::*;
use sqlcore::prelude::*;

/// Collects the `sqlcore::sql` log records of this test binary.
struct Capture(Mutex<Vec<String>>);

static CAPTURE: Capture = Capture(Mutex::new(Vec::new()));
static INSTALL: Once = Once::new();

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "sqlcore::sql"
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata())
            && let Ok(mut lines) = self.0.lock()
        {
            lines.push(format!("{} {}", record.level(), record.args()));
        }
    }

    fn flush(&self) {}
}

#[test]
fn every_engine_logs_each_statement_with_its_parameters_at_debug_level() -> Result<()> {
    INSTALL.call_once(|| {
        let _ = log::set_logger(&CAPTURE);
        log::set_max_level(log::LevelFilter::Debug);
    });
    let q = select([books::title]).filter(books::price_cents.eq(424_242));
    assert_sql!(
        q,
        sqlite: "SELECT title FROM books WHERE price_cents = ?",
        postgres: "SELECT title FROM books WHERE price_cents = $1",
        mysql: "SELECT title FROM books WHERE price_cents = ?",
        params: [424_242]
    );
    for (name, mut conn) in engines() {
        assert!(conn.all(&q)?.is_empty(), "{name}");
        conn.execute_raw(&format!("SELECT 'echo-marker-{name}'"))?;
        let expected = format!("DEBUG {}", q.compile(conn.dialect())?);
        let lines = CAPTURE.0.lock().map(|l| l.clone()).unwrap_or_default();
        assert!(lines.contains(&expected), "{name}: {expected} not in {lines:#?}");
        assert!(expected.ends_with("-- params: [424242]"), "{expected}");
        assert!(lines.contains(&format!("DEBUG SELECT 'echo-marker-{name}'")), "{name}: {lines:#?}");
    }
    Ok(())
}
