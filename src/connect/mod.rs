//! Opening connections: database URLs ([`DatabaseUrl`]) and the options every driver reads
//! ([`ConnectOptions`], [`SslMode`]). The drivers map them to their clients' settings; the
//! `sqlcore-engine` crate picks the driver from the URL's scheme and pools connections.

mod options;
mod url;

pub use options::{ConnectOptions, SslMode, TlsOptions};
pub use url::DatabaseUrl;
