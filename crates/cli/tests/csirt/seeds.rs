//! What the seed procedure tests share: a copy of the shipped site set to one SOP profile, a store, the intake
//! function in-process on that store, and the `csirt` binary run as staff run it.

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

pub use csirt_test_kit::aws::{aws_env, create_bucket, dynamodb_client, moto_endpoint, s3_client};
use csirt_test_kit::files::{copy_tree, every_file};
use csirt_test_kit::paths::workspace_root;

/// The reporter's personal data and the report's description: none of it may reach the site.
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
        let dir = tempfile::tempdir().unwrap();
        let root = workspace_root();
        copy_tree(&root.join("content"), &dir.path().join("content"));
        copy_tree(&root.join("templates"), &dir.path().join("templates"));
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
            let cases = std::sync::Arc::new(csirt_store::DynamoStore::new(
                dynamodb_client(endpoint),
                table,
            ));
            let evidence = std::sync::Arc::new(csirt_store::evidence::S3Evidence::new(
                s3_client(endpoint),
                bucket,
            ));
            csirt_intake::AppState::new(cases, evidence, &settings).unwrap()
        } else {
            csirt_intake::AppState::connect(&settings).await.unwrap()
        };
        let response = csirt_intake::router(state).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, body)
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

    /// `csirt ARGS` as staff member `actor` run it on this site and store: its standard output, or a panic with
    /// its error output.
    pub fn csirt(&self, args: &[&str]) -> String {
        let output = self.csirt_command(args).output().unwrap();
        assert!(
            output.status.success(),
            "csirt {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// `csirt ARGS` expected to fail: its error output.
    pub fn csirt_fails(&self, args: &[&str]) -> String {
        let output = self.csirt_command(args).output().unwrap();
        assert!(
            !output.status.success(),
            "csirt {} succeeded",
            args.join(" ")
        );
        String::from_utf8(output.stderr).unwrap()
    }

    /// `csirt ARGS` run to its end, whatever its exit code.
    pub fn csirt_output(&self, args: &[&str]) -> std::process::Output {
        self.csirt_command(args).output().unwrap()
    }

    /// `csirt ARGS` on this site with the store variables `store` instead of the site's own.
    pub fn csirt_command_with_store(&self, args: &[&str], store: &[(&str, &str)]) -> Command {
        let mut command = self.csirt_command(args);
        for (name, _) in self.store_env() {
            command.env_remove(name);
        }
        command.env("CSIRT_CONFIG", self.path("content/config.toml"));
        command.envs(store.iter().copied());
        command
    }

    fn csirt_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_csirt"));
        command
            .args(args)
            .arg("--config")
            .arg(self.path("content/config.toml"))
            .env_remove("CSIRT_SITE_BUCKET")
            .env_remove("CSIRT_SMTP_URL")
            .env_remove("CSIRT_MAIL")
            .env_remove("CSIRT_WEBHOOK_URL")
            .env("CSIRT_STAFF", "andi.pratama")
            .env("SOURCE_DATE_EPOCH", "1795392000")
            .current_dir(self.dir.path());
        for (name, value) in self.store_env() {
            command.env(name, value);
        }
        command
    }

    /// A step on a case; returns the case as the step left it.
    pub fn step(&self, args: &[&str]) -> Value {
        let mut all = vec!["case"];
        all.extend_from_slice(args);
        all.push("--json");
        let out: Value = serde_json::from_str(&self.csirt(&all)).unwrap();
        out["case"].clone()
    }

    /// Issues a document on a case; returns its record and checks its file.
    pub fn issue(&self, code: &str, kind: &str) -> Value {
        let output = self.path("documents");
        let out: Value = serde_json::from_str(&self.csirt(&[
            "case",
            "issue",
            code,
            kind,
            "--output",
            output.to_str().unwrap(),
            "--json",
        ]))
        .unwrap();
        let number = out["document"]["number"].as_str().unwrap();
        let html = std::fs::read_to_string(out["html"].as_str().unwrap()).unwrap();
        assert!(html.contains(number), "{kind} carries its number {number}");
        assert!(html.contains("TLP:"), "{kind} is TLP-marked");
        out["document"].clone()
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
