//! Database URLs, read once into their parts so that each driver maps the parts it knows to
//! its own client's settings, and refuses the rest by name.
//!
//! The forms are SQLAlchemy's: `scheme://user:password@host:port/database?key=value&...`,
//! with percent-encoding in every part, and for SQLite a file path after `sqlite://`
//! (`sqlite:///relative.db`, `sqlite:////absolute.db`) or memory (`sqlite::memory:`,
//! `sqlite://`, `sqlite:///:memory:`).

use std::fmt;

use crate::driver::redact_password;
use crate::error::{Error, InvalidUrl, Result};

/// A database URL split into its parts, percent-decoded. The password is kept but never
/// shown: `Debug` and [`DatabaseUrl::shown`] mask it.
///
/// ```
/// use sqlcore::connect::DatabaseUrl;
///
/// let url = DatabaseUrl::parse("postgres://app:s%40cret@db.internal:6432/shop?sslmode=require")?;
/// assert_eq!(url.scheme(), "postgres");
/// assert_eq!((url.user(), url.password()), (Some("app"), Some("s@cret")));
/// assert_eq!((url.host(), url.port()?), (Some("db.internal"), Some(6432)));
/// assert_eq!(url.database(), Some("shop"));
/// assert_eq!(url.param("sslmode"), Some("require"));
/// assert_eq!(url.shown(), "postgres://app:***@db.internal:6432/shop?sslmode=require");
///
/// let file = DatabaseUrl::parse("sqlite:///data/app.db")?;
/// assert_eq!(file.sqlite_path(), Some("data/app.db"));
/// assert_eq!(DatabaseUrl::parse("sqlite::memory:")?.sqlite_path(), None);
///
/// let bad = DatabaseUrl::parse("postgres://db:54x2/shop").unwrap_err();
/// assert_eq!(bad.to_string(), "invalid database URL postgres://db:54x2/shop: port: `54x2` is not a number from 1 to 65535");
/// # Ok::<(), sqlcore::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    shown: String,
    scheme: String,
    user: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<String>,
    /// The path after the authority without its leading `/`, decoded; for SQLite the file.
    path: Option<String>,
    params: Vec<(String, String)>,
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl").field(&self.shown).finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl DatabaseUrl {
    /// Splits `url` into its parts.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] naming the part at fault: no `scheme:`, a bad percent-escape, a
    /// query parameter without `=` or given twice, an unclosed `[` of an IPv6 host, a port
    /// that is not a number from 1 to 65535.
    pub fn parse(url: &str) -> Result<Self> {
        let shown = redact_password(url);
        let fail = |part: &str, reason: String| invalid(&shown, part, reason);
        let Some((scheme, rest)) = url.split_once(':') else {
            return Err(fail("scheme", "no `scheme:` at the start (e.g. `postgres://`, `sqlite:///app.db`)".into()));
        };
        if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return Err(fail("scheme", format!("`{scheme}` is not a URL scheme")));
        }
        let scheme = scheme.to_ascii_lowercase();
        let mut out = DatabaseUrl {
            shown: shown.clone(),
            scheme,
            user: None,
            password: None,
            host: None,
            port: None,
            path: None,
            params: Vec::new(),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        if let Some(query) = query {
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let Some((key, value)) = pair.split_once('=') else {
                    return Err(fail(&format!("query parameter `{pair}`"), "has no `=value`".into()));
                };
                let key = decode(key).map_err(|e| fail("query", e))?;
                let part = format!("query parameter `{key}`");
                let value = decode(value).map_err(|e| fail(&part, e))?;
                if out.params.iter().any(|(k, _)| *k == key) {
                    return Err(fail(&part, "is given twice".into()));
                }
                out.params.push((key, value));
            }
        }
        if rest == ":memory:" {
            // `sqlite::memory:`, sqlx's spelling of an in-memory database.
            return Ok(out);
        }
        let Some(after) = rest.strip_prefix("//") else {
            return Err(fail("scheme", format!("`{}:` must be followed by `//`", out.scheme)));
        };
        let (authority, path) = match after.find('/') {
            Some(i) => (&after[..i], Some(&after[i + 1..])),
            None => (after, None),
        };
        let host_port = match authority.rsplit_once('@') {
            Some((userinfo, host_port)) => {
                let (user, password) = match userinfo.split_once(':') {
                    Some((user, password)) => (user, Some(password)),
                    None => (userinfo, None),
                };
                out.user = Some(decode(user).map_err(|e| fail("user", e))?).filter(|u| !u.is_empty());
                // The decoding error of a password does not quote it.
                out.password = match password {
                    Some(p) => Some(decode(p).map_err(|_| fail("password", "has a bad percent-escape".into()))?),
                    None => None,
                };
                host_port
            }
            None => authority,
        };
        let (host, port) = split_host_port(host_port).map_err(|e| fail("host", e))?;
        out.host = Some(decode(host).map_err(|e| fail("host", e))?).filter(|h| !h.is_empty());
        out.port = port.map(str::to_string);
        out.port()?;
        if let Some(path) = path {
            out.path = Some(decode(path).map_err(|e| fail("database", e))?).filter(|p| !p.is_empty());
        }
        Ok(out)
    }

    /// The URL as it may be shown: the password replaced by `***`.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The scheme, lower-cased (`postgres`, `postgresql`, `mysql`, `mariadb`, `sqlite`).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The user name, if any.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// The password, if any (never printed by sqlcore).
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// The host name or address (an IPv6 address without its brackets), if any.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The port, if any.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] naming the port when it is not a number from 1 to 65535.
    pub fn port(&self) -> Result<Option<u16>> {
        let Some(port) = &self.port else { return Ok(None) };
        match port.parse::<u16>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(self.error("port", format!("`{port}` is not a number from 1 to 65535"))),
        }
    }

    /// The database name: the path after the host, without its leading `/`.
    pub fn database(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// For a `sqlite:` URL, the database file (`sqlite:///app.db` is `app.db`,
    /// `sqlite:////var/app.db` is `/var/app.db`); `None` for an in-memory database
    /// (`sqlite::memory:`, `sqlite://`, `sqlite:///:memory:`).
    pub fn sqlite_path(&self) -> Option<&str> {
        self.path.as_deref().filter(|p| *p != ":memory:")
    }

    /// The value of query parameter `key`.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every query parameter, in order.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Fails on the first query parameter not in `known`, naming it and listing `known`: a
    /// misspelt `sslmode` must not silently connect without TLS.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] naming the parameter.
    pub fn only_params(&self, known: &[&str]) -> Result<()> {
        match self.params.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some((key, _)) => Err(self.error(
                &format!("query parameter `{key}`"),
                format!("is not known for {} URLs (known: {})", self.scheme, known.join(", ")),
            )),
        }
    }

    /// Query parameter `key` as a number of seconds (fractions allowed), if given.
    ///
    /// # Errors
    /// [`Error::InvalidUrl`] naming the parameter when it is not a non-negative number.
    pub fn seconds_param(&self, key: &str) -> Result<Option<std::time::Duration>> {
        let Some(text) = self.param(key) else { return Ok(None) };
        match text.parse::<f64>() {
            Ok(s) if (0.0..1e9).contains(&s) => Ok(Some(std::time::Duration::from_secs_f64(s))),
            _ => Err(self.error(&format!("query parameter `{key}`"), format!("`{text}` is not a number of seconds"))),
        }
    }

    /// An [`Error::InvalidUrl`] about `part` of this URL.
    pub fn error(&self, part: &str, reason: impl Into<String>) -> Error {
        invalid(&self.shown, part, reason.into())
    }
}

fn invalid(shown: &str, part: &str, reason: String) -> Error {
    Error::InvalidUrl(Box::new(InvalidUrl { url: shown.to_string(), part: part.to_string(), reason }))
}

/// `host:port`, `host`, `[v6]:port` or `[v6]` split into the host and the port text.
fn split_host_port(text: &str) -> std::result::Result<(&str, Option<&str>), String> {
    if let Some(v6) = text.strip_prefix('[') {
        let Some((host, rest)) = v6.split_once(']') else {
            return Err(format!("`{text}` opens `[` without `]`"));
        };
        return match rest {
            "" => Ok((host, None)),
            _ => match rest.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err(format!("`{rest}` after `]` is not `:port`")),
            },
        };
    }
    Ok(match text.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (text, None),
    })
}

/// Percent-decodes `text` (`%40` is `@`); the result must be UTF-8.
fn decode(text: &str) -> std::result::Result<String, String> {
    if !text.contains('%') {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(byte) = hex else {
                return Err(format!("`{}` is not a percent-escape (`%` and two hex digits)", &text[i..]));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "percent-escapes that are not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> (String, Option<String>, Option<String>, Option<String>, Option<String>) {
        let u = DatabaseUrl::parse(url).unwrap();
        (
            u.scheme().to_string(),
            u.user().map(str::to_string),
            u.host().map(str::to_string),
            u.port.clone(),
            u.database().map(str::to_string),
        )
    }

    #[test]
    fn every_documented_form_splits_into_its_parts() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(parts("postgres://u:p@h:5/db"), ("postgres".into(), s("u"), s("h"), s("5"), s("db")));
        assert_eq!(
            parts("mysql://root@127.0.0.1:3306/test"),
            ("mysql".into(), s("root"), s("127.0.0.1"), s("3306"), s("test"))
        );
        assert_eq!(parts("postgresql://[::1]:5432/x"), ("postgresql".into(), None, s("::1"), s("5432"), s("x")));
        assert_eq!(parts("postgres://h"), ("postgres".into(), None, s("h"), None, None));
        assert_eq!(parts("postgres:///db"), ("postgres".into(), None, None, None, s("db")));
        assert_eq!(parts("MySQL://u%20x@h/d%2Fe"), ("mysql".into(), s("u x"), s("h"), None, s("d/e")));
        let sqlite = |url: &str| DatabaseUrl::parse(url).unwrap().sqlite_path().map(str::to_string);
        assert_eq!(sqlite("sqlite:///rel/app.db"), s("rel/app.db"));
        assert_eq!(sqlite("sqlite:////abs/app.db"), s("/abs/app.db"));
        assert_eq!(sqlite("sqlite::memory:"), None);
        assert_eq!(sqlite("sqlite://"), None);
        assert_eq!(sqlite("sqlite:///:memory:"), None);
        assert_eq!(sqlite("sqlite:///a%20b.db?timeout=5"), s("a b.db"));
    }

    #[test]
    fn each_malformed_part_is_named_and_the_password_never_shown() {
        let err = |url: &str| DatabaseUrl::parse(url).and_then(|u| u.port().map(|_| u)).unwrap_err().to_string();
        assert!(err("no-scheme").contains(": scheme: no `scheme:`"), "{}", err("no-scheme"));
        assert!(err("post gres://h").contains("scheme: `post gres` is not a URL scheme"));
        assert!(err("postgres:h").contains("scheme: `postgres:` must be followed by `//`"));
        assert!(err("postgres://u:secret@h:99999/d").contains("port: `99999` is not a number"));
        assert!(err("postgres://u:secret@h:0/d").contains("port: `0`"));
        assert!(err("postgres://[::1/d").contains("host: `[::1` opens `[`"));
        assert!(err("postgres://h/d%zz").contains("database: `%zz` is not a percent-escape"));
        assert!(err("postgres://h/d?sslmode").contains("query parameter `sslmode`: has no `=value`"));
        assert!(err("postgres://h/d?a=1&a=2").contains("query parameter `a`: is given twice"));
        let bad_password = err("postgres://u:se%zzcret@h/d");
        assert!(bad_password.contains("password: has a bad percent-escape"), "{bad_password}");
        for url in ["postgres://u:secret@h:99999/d", "postgres://u:se%zzcret@h/d", "mysql://u:secret@h/d?x"] {
            let message = err(url);
            assert!(!message.contains("secret") && !message.contains("se%zz"), "{message}");
        }
        let url = DatabaseUrl::parse("postgres://u:hunter2@h/d?sslmode=require").unwrap();
        assert!(!format!("{url:?} {url}").contains("hunter2"));
        let unknown = url.only_params(&["application_name"]).unwrap_err().to_string();
        assert!(unknown.contains("query parameter `sslmode`: is not known for postgres URLs"), "{unknown}");
        assert!(!unknown.contains("hunter2"));
    }

    #[test]
    fn seconds_parameters_are_checked() {
        let url = DatabaseUrl::parse("postgres://h/d?connect_timeout=2.5&bad=x&neg=-1").unwrap();
        assert_eq!(url.seconds_param("connect_timeout").unwrap(), Some(std::time::Duration::from_millis(2500)));
        assert_eq!(url.seconds_param("missing").unwrap(), None);
        assert!(url.seconds_param("bad").unwrap_err().to_string().contains("query parameter `bad`: `x` is not"));
        assert!(url.seconds_param("neg").is_err());
    }
}
