//! Spawns the intake application for tests, on real stores: SQLite and an evidence directory in a temporary
//! directory, or DynamoDB and S3 on moto's server.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use csirt_intake::{AppState, Settings, router};
use csirt_store::evidence::{DirectoryEvidence, EvidenceStore};
use csirt_store::{CaseStore, SqliteStore};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The application on a SQLite store, with what keeps its files alive.
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

/// A fresh SQLite store with the state and settings of `pairs` (rate limit off); the app's router is empty.
fn fresh(pairs: &[(&str, &str)]) -> (TestApp, AppState, Settings) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("CSIRT_RATE_LIMIT", "off")];
    all.extend_from_slice(pairs);
    let settings = settings(&all);
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

/// Settings from `pairs` on top of the defaults.
pub fn settings(pairs: &[(&str, &str)]) -> Settings {
    let mut map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    map.entry("CSIRT_CONFIG".into()).or_insert_with(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/config.toml").into()
    });
    Settings::from_lookup(|name| map.get(name).cloned()).unwrap()
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

impl TestApp {
    /// Sends `request` through the router, from a loopback client.
    pub async fn send(&self, mut request: Request<Body>) -> Answer {
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
        answer(self.router.clone().oneshot(request).await.unwrap()).await
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

    /// Looks a code up.
    pub async fn status(&self, code: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::get(format!("/api/reports/{code}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}

/// A multipart/form-data body: its content type and bytes.
pub fn multipart(pairs: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "----csirt-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in pairs {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (file_name, declared, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {declared}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A valid report as form fields, with personal data worth looking for in outputs.
pub fn report_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("reporter_name", "Siti Aminah Rahayu"),
        ("reporter_email", "siti.rahayu@contoh.id"),
        ("reporter_phone", "0812-9876-5432"),
        ("reporter_kind", "public"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("title", "Halaman judi online di situs dinas"),
        (
            "description",
            "Rahasia-deskripsi: ada halaman judi online di /wp-content/uploads/.",
        ),
        ("chronology", "08.10 ditemukan; 08.20 dilaporkan."),
        ("impact", "Reputasi pemerintah daerah."),
        (
            "affected_url",
            "https://dinkes.tegalkab.go.id/wp-content/uploads/",
        ),
        ("hall_of_fame_consent", "on"),
        ("hall_of_fame_alias", "siti_r"),
    ]
}

/// The same report as a JSON object.
pub fn report_json() -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (name, value) in report_fields() {
        object.insert(name.into(), value.into());
    }
    object.insert("hall_of_fame_consent".into(), true.into());
    serde_json::Value::Object(object)
}

/// The personal data in [`report_fields`], which must never leave the store.
pub const PERSONAL_DATA: [&str; 6] = [
    "Siti Aminah",
    "Rahayu",
    "siti.rahayu@contoh.id",
    "9876",
    "Rahasia-deskripsi",
    "08.10 ditemukan",
];

/// A minimal PNG image.
pub fn png() -> Vec<u8> {
    let mut bytes =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde".to_vec();
    bytes.extend_from_slice(
        b"\0\0\0\x0cIDATx\x9cc\xf8\x0f\0\0\x01\x01\x00\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82",
    );
    bytes
}

/// The endpoint of moto's server; `tests/run` starts it. Fails loudly when missing.
pub fn moto_endpoint() -> String {
    std::env::var("CSIRT_TEST_AWS_ENDPOINT").unwrap_or_else(|_| {
        panic!(
            "CSIRT_TEST_AWS_ENDPOINT is not set: the AWS tests need moto's server. \
             Run the suite with tests/run, which installs and starts it."
        )
    })
}

/// A fresh DynamoDB table and S3 bucket on moto's server, their names, and clients for them.
pub struct AwsResources {
    /// The table's name.
    pub table: String,
    /// The bucket's name.
    pub bucket: String,
    /// A DynamoDB client on moto.
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// An S3 client on moto.
    pub s3: aws_sdk_s3::Client,
}

/// Creates a table (through the store, so with its index) and a bucket on moto's server.
pub async fn aws_resources(endpoint: &str) -> AwsResources {
    use aws_sdk_dynamodb::config as ddb;
    use aws_sdk_s3::config as s3;
    let suffix = csirt_domain::tracking::TrackingCode::generate(
        &csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap(),
    )
    .unwrap()
    .key()
    .to_lowercase();
    let dynamodb = aws_sdk_dynamodb::Client::from_conf(
        ddb::Builder::new()
            .behavior_version(ddb::BehaviorVersion::latest())
            .region(ddb::Region::new("ap-southeast-3"))
            .endpoint_url(endpoint)
            .credentials_provider(ddb::Credentials::new("test", "test", None, None, "tests"))
            .build(),
    );
    let s3 = aws_sdk_s3::Client::from_conf(
        s3::Builder::new()
            .behavior_version(s3::BehaviorVersion::latest())
            .region(s3::Region::new("ap-southeast-3"))
            .endpoint_url(endpoint)
            .force_path_style(true)
            .credentials_provider(s3::Credentials::new("test", "test", None, None, "tests"))
            .build(),
    );
    let table = format!("cases-{suffix}");
    let bucket = format!("evidence-{suffix}");
    csirt_store::DynamoStore::new(dynamodb.clone(), table.clone())
        .create_table()
        .await
        .unwrap();
    s3.create_bucket()
        .bucket(&bucket)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                    "ap-southeast-3",
                ))
                .build(),
        )
        .send()
        .await
        .unwrap();
    AwsResources {
        table,
        bucket,
        dynamodb,
        s3,
    }
}

/// The application on DynamoDB and S3 (moto's server at `endpoint`, or a dead endpoint to test outages).
pub async fn aws_app(resources: &AwsResources, pairs: &[(&str, &str)]) -> TestApp {
    let mut all = vec![("CSIRT_RATE_LIMIT", "off")];
    all.extend_from_slice(pairs);
    let settings = settings(&all);
    let cases: Arc<dyn CaseStore> = Arc::new(csirt_store::DynamoStore::new(
        resources.dynamodb.clone(),
        resources.table.clone(),
    ));
    let evidence: Arc<dyn EvidenceStore> = Arc::new(csirt_store::evidence::S3Evidence::new(
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

/// An API Gateway HTTP API (v2) / function-URL event as AWS sends it, from `source_ip`; the body as given,
/// flagged base64 when `base64`.
pub fn function_url_event(
    method: &str,
    path: &str,
    headers: serde_json::Value,
    body: Option<String>,
    base64: bool,
    source_ip: &str,
) -> serde_json::Value {
    serde_json::json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abcdef1234",
            "domainName": "abcdef1234.lambda-url.ap-southeast-3.on.aws",
            "domainPrefix": "abcdef1234",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": "lapor/1.0"
            },
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "23/Nov/2026:03:00:00 +0000",
            "timeEpoch": 1795230000000u64
        },
        "body": body,
        "isBase64Encoded": base64
    })
}
