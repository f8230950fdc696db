//! Certificates made per test (a CA and the loopback server certificates it signs) and HTTPS
//! servers on loopback serving an axum router with them: the JWKS endpoint of an identity
//! provider, an OTLP collector. The gateway trusts such a server through the CA's PEM file.

use std::{path::PathBuf, sync::Arc};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// A certificate authority of one test; its certificate is written to a PEM file (removed when
/// the CA is dropped) for settings such as `database.ca_file`.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    pub pem_file: PathBuf,
}

impl TestCa {
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        let pem_file =
            std::env::temp_dir().join(format!("meander-test-ca-{}.pem", Uuid::new_v4().simple()));
        std::fs::write(&pem_file, issuer.pem()).unwrap();
        Self { issuer, pem_file }
    }

    pub fn pem_path(&self) -> String {
        self.pem_file.display().to_string()
    }

    /// A rustls server configuration with a certificate for 127.0.0.1 and localhost.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let key = KeyPair::generate().unwrap();
        let params =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            meander_gateway::https::provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .unwrap();
        Arc::new(config)
    }
}

impl Drop for TestCa {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.pem_file);
    }
}

/// `router` served over HTTPS on a loopback port with a certificate `ca` signed. Dropping it
/// (or `stop`) closes the listener and every open connection.
pub struct HttpsServer {
    /// `https://127.0.0.1:<port>`
    pub base: String,
    task: JoinHandle<()>,
}

impl HttpsServer {
    pub async fn start(router: axum::Router, ca: &TestCa) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("https://{}", listener.local_addr().unwrap());
        let acceptor = tokio_rustls::TlsAcceptor::from(ca.server_config());
        let task = tokio::spawn(async move {
            // Owned by this task: aborting it drops the set, which aborts the connections.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                let (acceptor, router) = (acceptor.clone(), router.clone());
                connections.spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper_util::service::TowerToHyperService::new(router);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                        .await;
                });
                // Finished connections are let go of as the server runs.
                while connections.try_join_next().is_some() {}
            }
        });
        Self { base, task }
    }

    /// Stops answering: the port is closed and open connections are cut.
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for HttpsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
