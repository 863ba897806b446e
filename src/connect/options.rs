//! What a connection is opened with besides its URL: logging, the statement cache, timeouts
//! and TLS. Every driver reads the same [`ConnectOptions`]; the URL's query parameters
//! (`sslmode`, `connect_timeout`, ...) override them.

use std::path::PathBuf;
use std::time::Duration;

use super::DatabaseUrl;
use crate::error::Result;

/// How a connection uses TLS, by libpq's names (MySQL's `ssl-mode` names map to them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    /// No TLS (the default: a URL that wants TLS says so).
    #[default]
    Disable,
    /// TLS when the server offers it, without checking its certificate; plain otherwise
    /// (PostgreSQL only).
    Prefer,
    /// TLS or no connection; the certificate is not checked (encryption without
    /// authentication, as libpq's `require`).
    Require,
    /// TLS with a certificate signed by a trusted CA, for any host name.
    VerifyCa,
    /// TLS with a certificate signed by a trusted CA and naming the host connected to.
    VerifyFull,
}

impl SslMode {
    /// The mode named `text`: libpq's `disable`, `prefer`, `require`, `verify-ca`,
    /// `verify-full`, or MySQL's `DISABLED`, `PREFERRED`, `REQUIRED`, `VERIFY_CA`,
    /// `VERIFY_IDENTITY` (any case).
    pub fn from_name(text: &str) -> Option<SslMode> {
        Some(match text.to_ascii_lowercase().replace('_', "-").as_str() {
            "disable" | "disabled" => SslMode::Disable,
            "prefer" | "preferred" => SslMode::Prefer,
            "require" | "required" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" | "verify-identity" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    /// True when the server's certificate must be signed by a trusted CA.
    pub fn verifies_ca(self) -> bool {
        matches!(self, SslMode::VerifyCa | SslMode::VerifyFull)
    }
}

/// TLS settings: the mode and the CA certificates trusted for `verify-ca` / `verify-full`
/// (the system's store, through `webpki-roots`, when no file is given).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TlsOptions {
    /// How TLS is used.
    pub mode: SslMode,
    /// A PEM file of CA certificates to trust instead of the public roots.
    pub ca_file: Option<PathBuf>,
}

/// How connections are opened and behave: built with its consuming setters, read by every
/// driver.
///
/// ```
/// use std::time::Duration;
/// use sqlcore::connect::{ConnectOptions, SslMode};
///
/// let options = ConnectOptions::new().echo(true).statement_cache_size(64).connect_timeout(Duration::from_secs(3));
/// assert!(options.echo);
/// assert_eq!(options.tls.mode, SslMode::Disable);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Log every statement with its parameters at `info` level (target `sqlcore::sql`),
    /// SQLAlchemy's `echo=True`; otherwise they are logged at `debug`.
    pub echo: bool,
    /// How many compiled and prepared statements a connection keeps.
    pub statement_cache_size: usize,
    /// How long opening a connection may take (the URL's `connect_timeout` overrides it).
    pub connect_timeout: Duration,
    /// The longest a statement may run before the server cancels it (`None`: no limit).
    pub statement_timeout: Option<Duration>,
    /// TLS (the URL's `sslmode` / `ssl-mode` and CA parameters override it).
    pub tls: TlsOptions,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            echo: false,
            statement_cache_size: crate::cache::DEFAULT_CAPACITY,
            connect_timeout: crate::driver::CONNECT_TIMEOUT,
            statement_timeout: None,
            tls: TlsOptions::default(),
        }
    }
}

impl ConnectOptions {
    /// The defaults: no echo, caches of [`DEFAULT_CAPACITY`](crate::cache::DEFAULT_CAPACITY),
    /// 10 seconds to connect, no statement timeout, no TLS.
    pub fn new() -> Self {
        Self::default()
    }

    /// Logs statements at `info` instead of `debug`.
    pub fn echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
    }

    /// Sets how many statements each connection's caches keep.
    pub fn statement_cache_size(mut self, size: usize) -> Self {
        self.statement_cache_size = size;
        self
    }

    /// Sets how long connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the longest a statement may run.
    pub fn statement_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.statement_timeout = timeout;
        self
    }

    /// Sets the TLS mode.
    pub fn ssl_mode(mut self, mode: SslMode) -> Self {
        self.tls.mode = mode;
        self
    }

    /// Trusts the CA certificates of the PEM file at `path`.
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.tls.ca_file = Some(path.into());
        self
    }

    /// These options with what `url`'s query parameters set: `connect_timeout` and
    /// `statement_timeout` (seconds), `statement_cache_size`, the TLS mode under `mode_key`
    /// (`sslmode` / `ssl-mode`) and the CA file under `ca_key` (`sslrootcert` / `ssl-ca`).
    ///
    /// # Errors
    /// [`Error::InvalidUrl`](crate::Error::InvalidUrl) naming a parameter whose value is
    /// not of its kind.
    pub fn with_url_params(mut self, url: &DatabaseUrl, mode_key: &str, ca_key: &str) -> Result<Self> {
        if let Some(timeout) = url.seconds_param("connect_timeout")? {
            self.connect_timeout = timeout;
        }
        if let Some(timeout) = url.seconds_param("statement_timeout")? {
            self.statement_timeout = Some(timeout).filter(|t| !t.is_zero());
        }
        if let Some(size) = url.param("statement_cache_size") {
            self.statement_cache_size = size
                .parse()
                .map_err(|_| url.error("query parameter `statement_cache_size`", format!("`{size}` is not a count")))?;
        }
        if let Some(mode) = url.param(mode_key) {
            self.tls.mode = SslMode::from_name(mode).ok_or_else(|| {
                url.error(
                    &format!("query parameter `{mode_key}`"),
                    format!("`{mode}` is not one of disable, prefer, require, verify-ca, verify-full"),
                )
            })?;
        }
        if let Some(path) = url.param(ca_key) {
            self.tls.ca_file = Some(PathBuf::from(path));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parameters_override_the_options() {
        let url = DatabaseUrl::parse(
            "postgres://h/d?sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=2&statement_cache_size=7",
        )
        .unwrap();
        let o = ConnectOptions::new().with_url_params(&url, "sslmode", "sslrootcert").unwrap();
        assert_eq!(o.tls, TlsOptions { mode: SslMode::VerifyFull, ca_file: Some("/ca.pem".into()) });
        assert_eq!((o.connect_timeout, o.statement_cache_size), (Duration::from_secs(2), 7));
        let url = DatabaseUrl::parse("mysql://h/d?ssl-mode=VERIFY_IDENTITY").unwrap();
        let o = ConnectOptions::new().with_url_params(&url, "ssl-mode", "ssl-ca").unwrap();
        assert_eq!(o.tls.mode, SslMode::VerifyFull);
        let url = DatabaseUrl::parse("mysql://h/d?ssl-mode=sometimes").unwrap();
        let e = ConnectOptions::new().with_url_params(&url, "ssl-mode", "ssl-ca").unwrap_err().to_string();
        assert!(e.contains("query parameter `ssl-mode`: `sometimes` is not one of"), "{e}");
    }
}
