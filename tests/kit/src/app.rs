//! The intake application spawned in-process (its axum router, driven with `oneshot`) on real stores: SQLite and
//! an evidence directory in a temporary directory, or DynamoDB and S3 on moto's server; and its answers read.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use csirt_intake::{AppState, Settings, router};
use csirt_store::evidence::{DirectoryEvidence, EvidenceStore, S3Evidence};
use csirt_store::{CaseStore, DynamoStore, SqliteStore};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::aws::AwsResources;
use crate::reports::multipart;

/// The application on its stores, with what keeps their files alive.
pub struct TestApp {
    /// The router.
    pub router: Router,
    /// Its case store.
    pub cases: Arc<dyn CaseStore>,
    /// Its evidence store.
    pub evidence: Arc<dyn EvidenceStore>,
    /// The data directory.
    pub dir: tempfile::TempDir,
}

/// Settings from `pairs` on top of the defaults (the shipped team file).
pub fn settings(pairs: &[(&str, &str)]) -> Settings {
    let mut map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    map.entry("CSIRT_CONFIG".into())
        .or_insert_with(|| crate::paths::team_file().display().to_string());
    Settings::from_lookup(|name| map.get(name).cloned()).unwrap()
}

/// `pairs` after the rate limit turned off (which `pairs` may turn on again).
fn rate_limit_off<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("CSIRT_RATE_LIMIT", "off")];
    all.extend_from_slice(pairs);
    all
}

/// A fresh SQLite store with the state and settings of `pairs` (rate limit off); the app's router is empty.
fn fresh(pairs: &[(&str, &str)]) -> (TestApp, AppState, Settings) {
    let dir = tempfile::tempdir().unwrap();
    let settings = settings(&rate_limit_off(pairs));
    let cases: Arc<dyn CaseStore> = Arc::new(SqliteStore::open(&dir.path().join("data")).unwrap());
    let evidence: Arc<dyn EvidenceStore> =
        Arc::new(DirectoryEvidence::open(dir.path().join("data/evidence")).unwrap());
    let state = AppState::new(Arc::clone(&cases), Arc::clone(&evidence), &settings).unwrap();
    let app = TestApp {
        router: Router::new(),
        cases,
        evidence,
        dir,
    };
    (app, state, settings)
}

/// An app on a fresh SQLite store whose state `configure` may change (adding a notifier, say).
pub async fn app_configured<F, Fut>(pairs: &[(&str, &str)], configure: F) -> TestApp
where
    F: FnOnce(AppState, Settings) -> Fut,
    Fut: Future<Output = AppState>,
{
    let (app, state, settings) = fresh(pairs);
    TestApp {
        router: router(configure(state, settings).await),
        ..app
    }
}

/// The application on a fresh SQLite store with `pairs` as settings (rate limit off unless given).
pub fn app_with(pairs: &[(&str, &str)]) -> TestApp {
    let (app, state, _) = fresh(pairs);
    TestApp {
        router: router(state),
        ..app
    }
}

/// The application with default settings.
pub fn app() -> TestApp {
    app_with(&[])
}

/// The application on DynamoDB and S3 (moto's server, or a dead endpoint in `resources` to test outages), with
/// `pairs` as settings (rate limit off unless given).
pub async fn aws_app(resources: &AwsResources, pairs: &[(&str, &str)]) -> TestApp {
    let settings = settings(&rate_limit_off(pairs));
    let cases: Arc<dyn CaseStore> = Arc::new(DynamoStore::new(
        resources.dynamodb.clone(),
        resources.table.clone(),
    ));
    let evidence: Arc<dyn EvidenceStore> = Arc::new(S3Evidence::new(
        resources.s3.clone(),
        resources.bucket.clone(),
    ));
    let state = AppState::new(Arc::clone(&cases), Arc::clone(&evidence), &settings).unwrap();
    TestApp {
        router: router(state),
        cases,
        evidence,
        dir: tempfile::tempdir().unwrap(),
    }
}

/// A response with its body read.
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: axum::http::HeaderMap,
    /// Body as text.
    pub body: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Reads a response.
pub async fn answer(response: Response<Body>) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Sends `request` through `router` as it is (no client address) and reads the answer.
pub async fn oneshot(router: Router, request: Request<Body>) -> Answer {
    answer(router.oneshot(request).await.unwrap()).await
}

impl TestApp {
    /// Sends `request` through the router, from a loopback client.
    pub async fn send(&self, mut request: Request<Body>) -> Answer {
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
        oneshot(self.router.clone(), request).await
    }

    /// Posts a JSON report.
    pub async fn post_json(&self, body: &serde_json::Value, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::post("/api/reports").header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Posts a form-urlencoded report.
    pub async fn post_form(&self, pairs: &[(&str, &str)], headers: &[(&str, &str)]) -> Answer {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut request = Request::post("/api/reports")
            .header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart report with `files` as (file name, declared type, content).
    pub async fn post_multipart(
        &self,
        pairs: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Answer {
        let (content_type, body) = multipart(pairs, files);
        let request = Request::post("/api/reports").header("content-type", content_type);
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts a reply on the thread of report `code` with `content_type` and `body`.
    pub async fn post_reply(
        &self,
        code: &str,
        content_type: &str,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::post(format!("/api/reports/{code}/messages"))
            .header("content-type", content_type);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts a JSON reply `{"text": text}` on the thread of report `code`.
    pub async fn reply_json(&self, code: &str, text: &str, headers: &[(&str, &str)]) -> Answer {
        let body = serde_json::json!({ "text": text }).to_string().into_bytes();
        self.post_reply(code, "application/json", body, headers)
            .await
    }

    /// Gets `path` with `headers`.
    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// Looks a code up.
    pub async fn status(&self, code: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::get(format!("/api/reports/{code}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}
