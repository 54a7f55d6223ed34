//! A Lambda package's `bootstrap` run the way Lambda runs it: a process with Lambda's environment (and no other)
//! in the package's directory (Lambda's /var/task, where it finds the team file the package carries), asking a
//! Runtime API for invocations and posting the answers back. The Runtime API is a small HTTP protocol
//! (`GET /2018-06-01/runtime/invocation/next`, `POST …/invocation/{id}/response`, `…/error`, `…/init/error`),
//! emulated here on loopback. The packages' tests (the intake's and the console's) share it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};
use tokio::sync::{Mutex, mpsc};

use crate::aws::REGION;

/// What the function posted back for one invocation.
enum Outcome {
    /// `POST /invocation/{id}/response`.
    Response(String, Value),
    /// `POST /invocation/{id}/error` or `/init/error`.
    Error(String, String),
}

/// The emulated Runtime API's state: invocations waiting to be taken, where outcomes go, and when the function
/// first asked for an invocation (its initialisation done).
struct Runtime {
    function: String,
    pending: Mutex<mpsc::UnboundedReceiver<(String, Value)>>,
    outcomes: mpsc::UnboundedSender<Outcome>,
    first_asked: OnceLock<Instant>,
}

async fn next(State(runtime): State<Arc<Runtime>>) -> impl IntoResponse {
    runtime.first_asked.get_or_init(Instant::now);
    let Some((id, event)) = runtime.pending.lock().await.recv().await else {
        return (StatusCode::GONE, HeaderMap::new(), String::new());
    };
    let deadline = chrono::Utc::now().timestamp_millis() + 30_000;
    let arn = format!(
        "arn:aws:lambda:{REGION}:123456789012:function:{}",
        runtime.function
    );
    let mut headers = HeaderMap::new();
    headers.insert("lambda-runtime-aws-request-id", id.parse().unwrap());
    headers.insert(
        "lambda-runtime-deadline-ms",
        deadline.to_string().parse().unwrap(),
    );
    headers.insert("lambda-runtime-invoked-function-arn", arn.parse().unwrap());
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
    UrlPath(id): UrlPath<String>,
    body: String,
) -> StatusCode {
    let document = serde_json::from_str(&body).unwrap_or(Value::String(body));
    let _ = runtime.outcomes.send(Outcome::Response(id, document));
    StatusCode::ACCEPTED
}

async fn error(
    State(runtime): State<Arc<Runtime>>,
    id: Option<UrlPath<String>>,
    body: String,
) -> StatusCode {
    let id = id.map_or_else(|| "init".to_owned(), |UrlPath(id)| id);
    let _ = runtime.outcomes.send(Outcome::Error(id, body));
    StatusCode::ACCEPTED
}

/// The packaged `bootstrap` named by the variable `variable`, which `tests/run` sets after building the packages
/// (`tests/support/deploy.sh`); fails loudly when it is unset, or when the package's team file is not beside it.
pub fn packaged_bootstrap(variable: &str) -> PathBuf {
    let bootstrap = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "{variable} is not set: this test runs a Lambda package's bootstrap. Run the suite with \
                 tests/run, which builds the packages (functions/deploy/aws/package.sh, tests/support/deploy.sh)."
            )
        });
    assert!(bootstrap.is_file(), "{} is missing", bootstrap.display());
    let task_root = bootstrap.parent().unwrap();
    assert!(
        task_root.join("content/config.toml").is_file(),
        "the package carries no team file beside {}",
        bootstrap.display()
    );
    bootstrap
}

/// A packaged function running under the emulated Runtime API; the process is killed when this is dropped. Its
/// output goes to files, read by [`Function::output`].
pub struct Function {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
    queue: mpsc::UnboundedSender<(String, Value)>,
    outcomes: mpsc::UnboundedReceiver<Outcome>,
    runtime: Arc<Runtime>,
    started: Instant,
    _dir: tempfile::TempDir,
}

impl Function {
    /// Starts the Runtime API on loopback and `bootstrap` under it as the function `name`, with the environment
    /// Lambda gives a provided.al2023 function (credentials of a role included) and `env`, and no other, in the
    /// package's directory.
    pub async fn start(bootstrap: &Path, name: &str, env: &[(&str, &str)]) -> Function {
        let (queue, pending) = mpsc::unbounded_channel();
        let (outcomes_in, outcomes) = mpsc::unbounded_channel();
        let runtime = Arc::new(Runtime {
            function: name.to_owned(),
            pending: Mutex::new(pending),
            outcomes: outcomes_in,
            first_asked: OnceLock::new(),
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(error))
            .with_state(runtime.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let runtime_api = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

        let task_root = bootstrap.parent().unwrap().to_owned();
        let dir = tempfile::tempdir().unwrap();
        let stdout = dir.path().join("stdout");
        let stderr = dir.path().join("stderr");
        let log_group = format!("/aws/lambda/{name}");
        let started = Instant::now();
        let child = Command::new(bootstrap)
            .env_clear()
            .current_dir(&task_root)
            .envs([
                ("AWS_LAMBDA_RUNTIME_API", runtime_api.as_str()),
                ("AWS_LAMBDA_FUNCTION_NAME", name),
                ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
                ("AWS_LAMBDA_LOG_GROUP_NAME", log_group.as_str()),
                (
                    "AWS_LAMBDA_LOG_STREAM_NAME",
                    "2026/11/23/[$LATEST]0123456789abcdef",
                ),
                ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                ("_HANDLER", "bootstrap"),
                ("LAMBDA_TASK_ROOT", task_root.to_str().unwrap()),
                ("TZ", ":UTC"),
                ("AWS_REGION", REGION),
                ("AWS_DEFAULT_REGION", REGION),
                ("AWS_ACCESS_KEY_ID", "test"),
                ("AWS_SECRET_ACCESS_KEY", "test"),
                ("AWS_SESSION_TOKEN", "test"),
            ])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bootstrap.display()));
        Function {
            child,
            stdout,
            stderr,
            queue,
            outcomes,
            runtime,
            started,
            _dir: dir,
        }
    }

    /// Everything the process printed.
    pub fn output(&self) -> String {
        let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
        format!("{}{}", read(&self.stdout), read(&self.stderr))
    }

    /// How long the process took from its start to its first request for an invocation (its cold start, but for
    /// Lambda's own part), once it has asked.
    pub fn ready_after(&self) -> Option<Duration> {
        self.runtime
            .first_asked
            .get()
            .map(|asked| asked.duration_since(self.started))
    }

    /// Queues `event` as invocation `id` and waits (at most a minute) for what the function answers: the
    /// response document. Fails with the function's output when it reports an error or exits.
    pub async fn invoke(&mut self, id: &str, event: Value) -> Value {
        self.queue.send((id.to_owned(), event)).unwrap();
        for _ in 0..600 {
            if let Ok(outcome) =
                tokio::time::timeout(Duration::from_millis(100), self.outcomes.recv()).await
            {
                match outcome.unwrap() {
                    Outcome::Response(answered, document) if answered == id => return document,
                    Outcome::Response(answered, _) => panic!("an answer to {answered}, not {id}"),
                    Outcome::Error(failed, report) => panic!(
                        "invocation {failed} failed: {report}\nthe function's output:\n{}",
                        self.output()
                    ),
                }
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "bootstrap exited ({status}); its output:\n{}",
                    self.output()
                );
            }
        }
        panic!(
            "no answer to invocation {id} within a minute; the function's output:\n{}",
            self.output()
        );
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An API Gateway HTTP API (payload 2.0) event as AWS sends it: `path_and_query` split into the path and the raw
/// query, `headers` (lower-case names), `cookies` apart from the headers as the HTTP API passes them, the body
/// base64-encoded when given, from `source_ip`.
pub fn http_api_event(
    method: &str,
    path_and_query: &str,
    headers: Value,
    cookies: &[String],
    body: Option<&[u8]>,
    source_ip: &str,
) -> Value {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abcdef1234",
            "domainName": format!("abcdef1234.execute-api.{REGION}.amazonaws.com"),
            "domainPrefix": "abcdef1234",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": "Amazon CloudFront"
            },
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "23/Nov/2026:03:00:00 +0000",
            "timeEpoch": 1795230000000u64
        },
        "body": body.map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
        "isBase64Encoded": body.is_some()
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    event
}

/// The body of an HTTP API response document, decoded.
pub fn body_of(document: &Value) -> String {
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

/// A header of an HTTP API response document ("" when absent).
pub fn header_of<'a>(document: &'a Value, name: &str) -> &'a str {
    document["headers"][name].as_str().unwrap_or_default()
}
