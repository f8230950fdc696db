//! The gateway's one outbound HTTP(S) client: external issuers' JWKS (`auth::jwks`) and the
//! OTLP trace export (the root crate's `app::otel`). hyper over rustls with the ring provider,
//! the same TLS stack sqlx uses for PostgreSQL. Servers are verified against the built-in
//! Mozilla roots plus the CA file the caller's setting names (a private CA, a test's own).
//! Every exchange is bounded: one timeout over connect, request and response, and a cap on the
//! response body.

use std::{sync::Arc, time::Duration};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use rustls::{
    ClientConfig, RootCertStore,
    pki_types::{CertificateDer, pem::PemObject},
};

/// What a failed exchange reports (the shape the OpenTelemetry exporter expects too).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The certificates of the PEM file `path`, which setting `key` names. An unreadable file, or
/// one holding no certificate, is an error naming `key`.
pub fn read_certificates(key: &str, path: &str) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let pem = std::fs::read(path).map_err(|e| anyhow::anyhow!("{key}: cannot read {path}: {e}"))?;
    pem_certificates(key, path, &pem)
}

/// The certificates of `pem`, the content of `path` (setting `key`).
pub fn pem_certificates(
    key: &str,
    path: &str,
    pem: &[u8],
) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!("{key}: {path} is not a PEM certificate file: {e}"))?;
    if certs.is_empty() {
        anyhow::bail!("{key}: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    Ok(certs)
}

/// A rustls client configuration on the ring provider trusting the built-in roots and, when
/// `ca_file` is not empty, the certificates in it (named by setting `key` in errors).
pub fn client_config(key: &str, ca_file: &str) -> anyhow::Result<ClientConfig> {
    let mut roots = RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if !ca_file.is_empty() {
        for cert in read_certificates(key, ca_file)? {
            roots
                .add(cert)
                .map_err(|e| anyhow::anyhow!("{key}: {ca_file}: not a usable CA: {e}"))?;
        }
    }
    let config = ClientConfig::builder_with_provider(Arc::new(provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| anyhow::anyhow!("TLS client: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// rustls on *ring*: the provider sqlx's TLS to PostgreSQL is built on. rustls deprecates it
/// for lacking post-quantum key exchange, but the other provider (aws-lc-rs) would be a second
/// crypto library, and a C build, in the tree.
#[allow(deprecated)]
pub fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// An HTTP/1.1 client for `https://` (and plain `http://`, where the caller allows it) URLs.
/// Cheap to clone: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct HttpsClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
    max_body: usize,
}

impl HttpsClient {
    /// `ca_file` (setting `ca_key`; empty: none) is trusted besides the built-in roots. Each
    /// exchange gives up after `timeout`; a response body over `max_body` bytes is an error.
    pub fn new(
        ca_key: &str,
        ca_file: &str,
        timeout: Duration,
        max_body: usize,
    ) -> anyhow::Result<Self> {
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(client_config(ca_key, ca_file)?)
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
            timeout,
            max_body,
        })
    }

    /// Sends `request` and reads the whole response. Must run on a Tokio runtime.
    pub async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, Error> {
        let exchange = async {
            let response = self.client.request(request.map(Full::new)).await?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, self.max_body)
                .collect()
                .await?
                .to_bytes();
            Ok::<_, Error>(http::Response::from_parts(parts, body))
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(format!("no complete answer within {:?}", self.timeout).into()),
        }
    }

    /// GETs `uri`.
    pub async fn get(&self, uri: &http::Uri) -> Result<http::Response<Bytes>, Error> {
        let request = http::Request::get(uri.clone())
            .header(http::header::USER_AGENT, "meander-gateway")
            .body(Bytes::new())?;
        self.send(request).await
    }
}

/// `error` with its causes ("client error (Connect): invalid peer certificate: UnknownIssuer"):
/// hyper's own message alone rarely says what went wrong.
pub fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let part = e.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = e.source();
    }
    text
}
