//! TLS to PostgreSQL (sqlx over rustls on ring). The URL's `sslmode` decides, as with libpq:
//! `disable` (plain), `prefer` (the default: TLS when the server offers it, unverified),
//! `require` (TLS, unverified), `verify-ca` (the certificate chains to a trusted CA) and
//! `verify-full` (and names the URL's host). Trusted are the built-in Mozilla roots and the
//! CAs of `database.ca_file`; `database.client_cert_file`/`client_key_file` answer a server
//! that asks for a client certificate. The files are read once, here, so an unreadable one
//! stops start-up naming its setting; the same settings serve the primary, the replica and
//! the cluster listener.

use std::str::FromStr;

use sea_orm::{
    DbErr, RuntimeErr,
    sqlx::{
        self,
        postgres::{PgConnectOptions, PgSslMode},
    },
};

use rustls::pki_types::{PrivateKeyDer, pem::PemObject};

use crate::{config::DatabaseSettings, https::pem_certificates};

/// The TLS files of `database.*`, read and checked.
#[derive(Clone, Default)]
pub(super) struct PgTls {
    ca: Option<Vec<u8>>,
    client: Option<(Vec<u8>, Vec<u8>)>,
}

impl PgTls {
    /// The files for a connection to `url` (setting `url_key`); nothing for SQLite.
    pub(super) fn load(
        settings: &DatabaseSettings,
        url_key: &str,
        url: &str,
    ) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            return Ok(Self::default());
        }
        let mut tls = Self::default();
        if !settings.ca_file.is_empty() {
            // A CA file is there to verify the server: a mode that does not would make it a
            // silent no-op (libpq's `require` with a root file verifies; sqlx's does not).
            let mode = PgConnectOptions::from_str(url)
                .map_err(|e| anyhow::anyhow!("{url_key}: {e}"))?
                .get_ssl_mode();
            if matches!(
                mode,
                PgSslMode::Allow | PgSslMode::Prefer | PgSslMode::Require
            ) {
                anyhow::bail!(
                    "{url_key}: sslmode {} does not verify the server, so database.ca_file \
                     would not be used: add sslmode=verify-full (or verify-ca) to the URL, \
                     or sslmode=disable for a plain connection",
                    mode_name(mode)
                );
            }
            let ca = read("database.ca_file", &settings.ca_file)?;
            pem_certificates("database.ca_file", &settings.ca_file, &ca)?;
            tls.ca = Some(ca);
        }
        if !settings.client_cert_file.is_empty() {
            let (cert_path, key_path) = (&settings.client_cert_file, &settings.client_key_file);
            let cert = read("database.client_cert_file", cert_path)?;
            pem_certificates("database.client_cert_file", cert_path, &cert)?;
            let key = read("database.client_key_file", key_path)?;
            PrivateKeyDer::from_pem_slice(&key).map_err(|e| {
                anyhow::anyhow!(
                    "database.client_key_file: {key_path} holds no PEM private key: {e}"
                )
            })?;
            tls.client = Some((cert, key));
        }
        Ok(tls)
    }

    pub(super) fn apply(&self, mut options: PgConnectOptions) -> PgConnectOptions {
        if let Some(ca) = &self.ca {
            options = options.ssl_root_cert_from_pem(ca.clone());
        }
        if let Some((cert, key)) = &self.client {
            options = options
                .ssl_client_cert_from_pem(cert)
                .ssl_client_key_from_pem(key);
        }
        options
    }
}

fn read(key: &str, path: &str) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("{key}: cannot read {path}: {e}"))
}

fn mode_name(mode: PgSslMode) -> &'static str {
    match mode {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer (the default)",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    }
}

/// The options of the cluster listener's own connection (`crate::cluster`): `database.url`
/// with the TLS settings of the pool.
pub fn listener_options(settings: &DatabaseSettings) -> anyhow::Result<PgConnectOptions> {
    // `database.listen_url` when set: LISTEN needs a session, which a transaction-mode pooler
    // in `database.url`'s path does not keep.
    let (key, url) = settings.listener();
    let tls = PgTls::load(settings, key, url)?;
    let options = PgConnectOptions::from_str(url).map_err(|e| anyhow::anyhow!("{key}: {e}"))?;
    Ok(tls.apply(options))
}

/// A failed connection, naming the setting at fault: the URL's (its host, sslmode) or, when
/// the TLS handshake failed, the trusted CAs too.
pub(super) fn connect_error(
    error: &DbErr,
    settings: &DatabaseSettings,
    url_key: &str,
) -> anyhow::Error {
    match tls_failure(error) {
        Some(reason) => {
            let trusted = if settings.ca_file.is_empty() {
                "the built-in roots only: database.ca_file is empty"
            } else {
                "database.ca_file and the built-in roots"
            };
            anyhow::anyhow!(
                "{url_key}: TLS with the database server failed (sslmode from the URL; \
                 trusted: {trusted}): {reason}"
            )
        }
        None => anyhow::anyhow!("{url_key}: cannot connect: {error}"),
    }
}

/// What went wrong in TLS, if that is why the connection failed: sqlx reports a refused
/// certificate as an I/O error carrying rustls' error, and a server without TLS as `Tls`.
fn tls_failure(error: &DbErr) -> Option<String> {
    let DbErr::Conn(RuntimeErr::SqlxError(e)) = error else {
        return None;
    };
    match &**e {
        sqlx::Error::Tls(e) => Some(e.to_string()),
        sqlx::Error::Io(e) => e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            .map(ToString::to_string),
        _ => None,
    }
}
