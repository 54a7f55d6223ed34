//! The seed sites: a copy of the shipped site set to one seed SOP profile, its store (SQLite, or DynamoDB and S3
//! on moto's server), the intake function in-process on that store, and the reporter whose personal data must
//! never reach the built site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use csirt_store::DynamoStore;
use csirt_store::evidence::S3Evidence;
use serde_json::{Value, json};

use crate::aws::{aws_env, dynamodb_client, s3_client};
use crate::files::{every_file, shipped_site};

/// The reporter's name: none of the reporter's personal data or the description may reach the site.
pub const NAME: &str = "Sutrisno Wibowo Rahasia";
/// The reporter's e-mail address.
pub const EMAIL: &str = "sutrisno.rahasia@contoh.id";
/// The reporter's phone number as typed, and as stored (E.164).
pub const PHONE: [&str; 2] = ["0812-9999-0001", "+6281299990001"];
/// A sentence of the description.
pub const DESCRIPTION: &str =
    "Halaman depan situs dinas berganti menjadi iklan judi daring bernomor 4477";

/// Where the cases are kept.
#[derive(Debug, Clone)]
pub enum Store {
    /// The embedded store in a directory.
    Sqlite(PathBuf),
    /// DynamoDB and S3 on moto's server.
    Aws {
        /// moto's endpoint.
        endpoint: String,
        /// The table.
        table: String,
        /// The evidence bucket.
        bucket: String,
    },
}

/// A copy of the shipped site configured for one SOP profile, with its store.
pub struct SeedSite {
    /// Keeps the files.
    pub dir: tempfile::TempDir,
    /// The store.
    pub store: Store,
}

impl SeedSite {
    /// The shipped `content/` and `templates/`, the configuration set to `profile`, a SQLite store.
    pub fn new(profile: &str) -> SeedSite {
        let dir = shipped_site();
        let config = dir.path().join("content/config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let (before, after) = text.split_once("sop_profile = \"").unwrap();
        let (_, rest) = after.split_once('"').unwrap();
        std::fs::write(
            &config,
            format!("{before}sop_profile = \"{profile}\"{rest}"),
        )
        .unwrap();
        let store = Store::Sqlite(dir.path().join("store"));
        SeedSite { dir, store }
    }

    /// A path inside the site's directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The environment the intake function and `csirt` read their store from.
    pub fn store_env(&self) -> Vec<(&'static str, String)> {
        let mut env = vec![
            (
                "CSIRT_CONFIG",
                self.path("content/config.toml").display().to_string(),
            ),
            ("CSIRT_RATE_LIMIT", "off".to_owned()),
        ];
        match &self.store {
            Store::Sqlite(dir) => {
                env.push(("CSIRT_STORE", "sqlite".to_owned()));
                env.push(("CSIRT_DATA_DIR", dir.display().to_string()));
            }
            Store::Aws {
                endpoint,
                table,
                bucket,
            } => {
                env.push(("CSIRT_STORE", "dynamodb".to_owned()));
                env.push(("CSIRT_TABLE", table.clone()));
                env.push(("CSIRT_EVIDENCE_BUCKET", bucket.clone()));
                env.extend(aws_env(endpoint));
            }
        }
        env
    }

    /// Sends one request to the intake function, running in-process on the site's store.
    pub async fn intake(&self, request: Request<Body>) -> (StatusCode, Value) {
        let env = self.store_env();
        let lookup = |name: &str| env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
        let settings = csirt_intake::Settings::from_lookup(lookup).unwrap();
        let state = if let Store::Aws {
            endpoint,
            table,
            bucket,
        } = &self.store
        {
            let cases = Arc::new(DynamoStore::new(dynamodb_client(endpoint), table));
            let evidence = Arc::new(S3Evidence::new(s3_client(endpoint), bucket));
            csirt_intake::AppState::new(cases, evidence, &settings).unwrap()
        } else {
            csirt_intake::AppState::connect(&settings).await.unwrap()
        };
        let answer = crate::app::oneshot(csirt_intake::router(state), request).await;
        let body = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
        (StatusCode::from_u16(answer.status).unwrap(), body)
    }

    /// Files a report through the intake function, as the form does, and returns its tracking code.
    pub async fn submit(&self, alias: &str, class: &str, kind: &str) -> String {
        let report = json!({
            "reporter_name": NAME,
            "reporter_email": EMAIL,
            "reporter_phone": PHONE[0],
            "reporter_kind": "public",
            "incident_class": class,
            "incident_type": kind,
            "title": "Tampilan situs dinas berubah",
            "description": DESCRIPTION,
            "chronology": "Pukul 07.45 WIB tampilan berubah; pukul 08.00 WIB dilaporkan.",
            "impact": "Layanan informasi publik dinas tidak dapat diakses dengan benar.",
            "affected_url": "https://dinas.contoh.go.id",
            "affected_agency": "Dinas Pendidikan",
            "hall_of_fame_consent": true,
            "hall_of_fame_alias": alias,
            "lang": "id",
        });
        let request = Request::post("/api/reports")
            .header("content-type", "application/json")
            .body(Body::from(report.to_string()))
            .unwrap();
        let (status, body) = self.intake(request).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["tracking_code"].as_str().unwrap().to_owned()
    }

    /// What the status lookup tells the reporter.
    pub async fn status(&self, code: &str) -> Value {
        let request = Request::get(format!("/api/reports/{code}"))
            .body(Body::empty())
            .unwrap();
        let (status, body) = self.intake(request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

/// Fails when any file under `dir` holds the reporter's personal data or the description.
pub fn assert_no_personal_data(dir: &Path) {
    let files = every_file(dir);
    assert!(files.len() > 20, "the site in {} was built", dir.display());
    for (path, text) in files {
        for secret in [NAME, EMAIL, PHONE[0], PHONE[1], DESCRIPTION, "Sutrisno"] {
            assert!(
                !text.contains(secret),
                "{secret:?} appears in {}",
                path.display()
            );
        }
    }
}
