//! The Lambda package's `bootstrap` (the release `intake` binary) run the way Lambda runs it: a process with
//! Lambda's environment that asks a Runtime API for invocations and posts the answers back. The Runtime API is a
//! small HTTP protocol (`GET /2018-06-01/runtime/invocation/next`, `POST …/invocation/{id}/response`), emulated
//! here; the function stores into DynamoDB and S3 on moto's server.
//!
//! Needs `CSIRT_TEST_LAMBDA_BOOTSTRAP` (the `bootstrap` taken out of the package; `tests/support/deploy.sh`
//! builds the package and sets it) and `CSIRT_TEST_AWS_ENDPOINT` (moto); fails loudly without them.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use csirt_domain::tracking::TrackingCode;
use csirt_store::{CaseStore, DynamoStore};
use serde_json::{Value, json};
use tokio::sync::{Mutex, mpsc};

/// What the function posted back for one invocation.
enum Outcome {
    /// `POST /invocation/{id}/response`.
    Response(String, Value),
    /// `POST /invocation/{id}/error` or `/init/error`.
    Error(String, String),
}

/// The emulated Runtime API's state: invocations waiting to be taken, and where outcomes go.
struct Runtime {
    pending: Mutex<mpsc::UnboundedReceiver<(String, Value)>>,
    outcomes: mpsc::UnboundedSender<Outcome>,
}

async fn next(State(runtime): State<Arc<Runtime>>) -> impl IntoResponse {
    let Some((id, event)) = runtime.pending.lock().await.recv().await else {
        return (StatusCode::GONE, HeaderMap::new(), String::new());
    };
    let deadline = chrono::Utc::now().timestamp_millis() + 30_000;
    let mut headers = HeaderMap::new();
    headers.insert("lambda-runtime-aws-request-id", id.parse().unwrap());
    headers.insert(
        "lambda-runtime-deadline-ms",
        deadline.to_string().parse().unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:ap-southeast-3:123456789012:function:intake"
            .parse()
            .unwrap(),
    );
    headers.insert(
        "lambda-runtime-trace-id",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"
            .parse()
            .unwrap(),
    );
    (StatusCode::OK, headers, event.to_string())
}

async fn response(
    State(runtime): State<Arc<Runtime>>,
    Path(id): Path<String>,
    body: String,
) -> StatusCode {
    let document = serde_json::from_str(&body).unwrap_or(Value::String(body));
    runtime
        .outcomes
        .send(Outcome::Response(id, document))
        .unwrap();
    StatusCode::ACCEPTED
}

async fn error(
    State(runtime): State<Arc<Runtime>>,
    id: Option<Path<String>>,
    body: String,
) -> StatusCode {
    let id = id.map_or_else(|| "init".to_owned(), |Path(id)| id);
    runtime.outcomes.send(Outcome::Error(id, body)).unwrap();
    StatusCode::ACCEPTED
}

/// The emulator, listening on loopback: its address, the queue of invocations, and the outcomes.
async fn start_runtime() -> (
    String,
    mpsc::UnboundedSender<(String, Value)>,
    mpsc::UnboundedReceiver<Outcome>,
) {
    let (invoke, pending) = mpsc::unbounded_channel();
    let (outcomes, results) = mpsc::unbounded_channel();
    let runtime = Arc::new(Runtime {
        pending: Mutex::new(pending),
        outcomes,
    });
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(response),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(error))
        .with_state(runtime);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, invoke, results)
}

/// A function-URL (API Gateway HTTP API v2) event.
fn event(method: &str, path: &str, headers: Value, body: Option<&[u8]>) -> Value {
    let encoded = body.map(|b| base64::engine::general_purpose::STANDARD.encode(b));
    function_url_event(
        method,
        path,
        headers,
        encoded,
        body.is_some(),
        "198.51.100.77",
    )
}

/// The `bootstrap` process, killed when dropped; its output goes to files read at the end.
struct Function {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

impl Function {
    /// Everything the process printed.
    fn output(&self) -> String {
        let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
        format!("{}{}", read(&self.stdout), read(&self.stderr))
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bootstrap` with the environment Lambda gives a provided.al2023 function, and no other, in the
/// package's directory (Lambda's /var/task), where it finds the team file the package carries.
fn start_function(runtime_api: &str, resources: &AwsResources, endpoint: &str) -> Function {
    let bootstrap = std::env::var_os("CSIRT_TEST_LAMBDA_BOOTSTRAP").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "CSIRT_TEST_LAMBDA_BOOTSTRAP is not set: this test runs the Lambda package's bootstrap. \
             Run the suite with tests/run, which builds the package (tests/support/deploy.sh)."
        )
    });
    assert!(bootstrap.is_file(), "{} is missing", bootstrap.display());
    let task_root = bootstrap.parent().unwrap().to_owned();
    assert!(
        task_root.join("content/config.toml").is_file(),
        "the package carries no team file beside {}",
        bootstrap.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let stdout = dir.path().join("stdout");
    let stderr = dir.path().join("stderr");
    let child = Command::new(&bootstrap)
        .env_clear()
        .current_dir(&task_root)
        .envs([
            ("AWS_LAMBDA_RUNTIME_API", runtime_api),
            ("AWS_LAMBDA_FUNCTION_NAME", "intake"),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
            ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/intake"),
            (
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "2026/11/23/[$LATEST]0123456789abcdef",
            ),
            ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
            ("_HANDLER", "bootstrap"),
            ("LAMBDA_TASK_ROOT", task_root.to_str().unwrap()),
            ("TZ", ":UTC"),
            ("AWS_REGION", "ap-southeast-3"),
            ("AWS_DEFAULT_REGION", "ap-southeast-3"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_SESSION_TOKEN", "test"),
            ("AWS_ENDPOINT_URL", endpoint),
            ("CSIRT_STORE", "dynamodb"),
            ("CSIRT_TABLE", resources.table.as_str()),
            ("CSIRT_EVIDENCE_BUCKET", resources.bucket.as_str()),
        ])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bootstrap.display()));
    Function {
        child,
        stdout,
        stderr,
        _dir: dir,
    }
}

/// Queues `event` as invocation `id` and waits (at most a minute) for what the function answers.
async fn invoke(
    function: &mut Function,
    queue: &mpsc::UnboundedSender<(String, Value)>,
    outcomes: &mut mpsc::UnboundedReceiver<Outcome>,
    id: &str,
    event: Value,
) -> Value {
    queue.send((id.to_owned(), event)).unwrap();
    for _ in 0..600 {
        if let Ok(outcome) = tokio::time::timeout(Duration::from_millis(100), outcomes.recv()).await
        {
            match outcome.unwrap() {
                Outcome::Response(answered, document) if answered == id => return document,
                Outcome::Response(answered, _) => panic!("an answer to {answered}, not {id}"),
                Outcome::Error(failed, report) => panic!(
                    "invocation {failed} failed: {report}\nthe function's output:\n{}",
                    function.output()
                ),
            }
        }
        if let Some(status) = function.child.try_wait().unwrap() {
            panic!(
                "bootstrap exited ({status}); its output:\n{}",
                function.output()
            );
        }
    }
    panic!(
        "no answer to invocation {id} within a minute; the function's output:\n{}",
        function.output()
    );
}

/// The body of an HTTP API response document, decoded.
fn body_of(document: &Value) -> String {
    let text = document["body"].as_str().unwrap_or_default();
    if document["isBase64Encoded"].as_bool().unwrap_or(false) {
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap(),
        )
        .unwrap()
    } else {
        text.to_owned()
    }
}

#[tokio::test]
async fn the_lambda_package_takes_a_report_through_the_runtime_api() {
    let endpoint = moto_endpoint();
    let resources = AwsResources::create(&endpoint).await;
    let (runtime_api, queue, mut outcomes) = start_runtime().await;
    let mut function = start_function(&runtime_api, &resources, &endpoint);

    let (content_type, bytes) = multipart(&report_fields(), &[("bukti.png", "image/png", png())]);
    let submitted = invoke(
        &mut function,
        &queue,
        &mut outcomes,
        "submit-1",
        event(
            "POST",
            "/api/reports",
            json!({"content-type": content_type, "accept": "application/json"}),
            Some(&bytes),
        ),
    )
    .await;
    assert_eq!(submitted["statusCode"], 201, "{submitted}");
    let receipt: Value = serde_json::from_str(&body_of(&submitted)).unwrap();
    let code = TrackingCode::parse(receipt["tracking_code"].as_str().unwrap()).unwrap();

    let store = DynamoStore::new(resources.dynamodb.clone(), resources.table.clone());
    let case = store.get(&code).await.unwrap().expect("the case is stored");
    assert_eq!(
        case.report.reporter.email.as_ref().unwrap().as_str(),
        "siti.rahayu@contoh.id"
    );
    assert_eq!(case.evidence.len(), 1);
    let object = resources
        .s3
        .get_object()
        .bucket(&resources.bucket)
        .key(format!("cases/{}/{}", code.key(), case.evidence[0].sha256))
        .send()
        .await
        .unwrap();
    assert_eq!(
        object.body.collect().await.unwrap().into_bytes().to_vec(),
        png()
    );

    let status = invoke(
        &mut function,
        &queue,
        &mut outcomes,
        "status-1",
        event("GET", &format!("/api/reports/{code}"), json!({}), None),
    )
    .await;
    assert_eq!(status["statusCode"], 200, "{status}");
    let status: Value = serde_json::from_str(&body_of(&status)).unwrap();
    assert_eq!(status["state"], "received");

    let output = function.output();
    assert!(
        output.contains("/api/reports/{code}"),
        "the function logs its routes: {output}"
    );
    let full_code = code.to_string();
    for secret in
        PERSONAL_DATA
            .iter()
            .copied()
            .chain([full_code.as_str(), code.key(), "198.51.100.77"])
    {
        assert!(
            !output.contains(secret),
            "the function's logs contain {secret:?}:\n{output}"
        );
    }
}
