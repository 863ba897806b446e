//! TLS for PostgreSQL connections: a rustls client configuration per [`SslMode`].
//!
//! * `require` / `prefer`: encrypted, the certificate not checked (libpq's meaning: protects
//!   against eavesdropping, not against a server that impersonates another);
//! * `verify-ca`: the certificate must chain to a trusted CA, for any host name;
//! * `verify-full`: and must name the host connected to.
//!
//! The trusted CAs are the PEM file given (`sslrootcert`), or the public roots of
//! `webpki-roots`.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sqlcore::connect::{SslMode, TlsOptions};
use sqlcore::{DatabaseError, DbErrorKind, Error, Result};

/// The rustls configuration for `tls` (whose mode is not `disable`).
///
/// # Errors
/// [`Error::Database`] of kind `Connection` when the CA file cannot be read or holds no
/// certificate.
pub(crate) fn client_config(tls: &TlsOptions) -> Result<ClientConfig> {
    // ring, which rustls 0.23.48 deprecates for lacking post-quantum key exchange: it builds
    // with a C compiler alone (aws-lc-rs wants cmake and minutes more), and is the provider
    // the MySQL driver's rustls uses too. Revisit when aws-lc-rs is cheap to build here.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(format!("no TLS protocol version available: {e}")))?;
    let config = if tls.mode.verifies_ca() {
        let roots = Arc::new(root_store(tls)?);
        let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
            .build()
            .map_err(|e| tls_error(format!("cannot build the certificate verifier: {e}")))?;
        let verifier: Arc<dyn ServerCertVerifier> =
            if tls.mode == SslMode::VerifyCa { Arc::new(AnyHostName(webpki)) } else { webpki };
        builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth()
    } else {
        let algorithms = provider.signature_verification_algorithms;
        builder.dangerous().with_custom_certificate_verifier(Arc::new(Unverified(algorithms))).with_no_client_auth()
    };
    Ok(config)
}

/// The CAs of `tls.ca_file`, or the public roots.
fn root_store(tls: &TlsOptions) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    let Some(path) = &tls.ca_file else {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        return Ok(roots);
    };
    let shown = path.display();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| tls_error(format!("cannot read the CA file {shown}: {e}")))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| tls_error(format!("the CA file {shown} is not PEM: {e}")))?;
    let (added, _ignored) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(tls_error(format!("the CA file {shown} holds no usable certificate")));
    }
    Ok(roots)
}

fn tls_error(message: String) -> Error {
    DatabaseError::new(DbErrorKind::Connection, message).into()
}

/// `verify-ca`: the chain is checked as `verify-full` does, a certificate for another name
/// accepted.
#[derive(Debug)]
struct AnyHostName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyHostName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName | rustls::CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `require` / `prefer`: any certificate; the handshake's signatures are still checked, so
/// the session is bound to the certificate's key.
#[derive(Debug)]
struct Unverified(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}
