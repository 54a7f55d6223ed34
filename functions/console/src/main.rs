//! `console`: the staff web console as its own function, on AWS Lambda behind the site's CloudFront
//! distribution (`/staff/*`) or as a local server. It takes no arguments but `--help` and `--version`: its
//! settings come from the environment. `csirt serve` mounts the same console without this binary.

use std::net::SocketAddr;
use std::process::ExitCode;

use csirt_console::state::Publishing;
use csirt_console::{ConsoleState, router};
use csirt_domain::team::TeamFile;
use csirt_staff::Desk;
use csirt_store::settings::StoreSettings;

/// What `console --help` prints.
const USAGE: &str = "\
console: the CSIRT's staff web console (/staff/): the queue, case pages and every step of the procedure,
signed in with a passkey or password + TOTP. Runs under the AWS Lambda runtime when AWS_LAMBDA_RUNTIME_API is
set, else as a local server.

Usage: console [--help | --version]

Settings come from the environment:
  CSIRT_CONFIG            the team file, naming the SOP profile (default content/config.toml)
  CSIRT_STORE             sqlite (embedded, the default) or dynamodb (with S3 for evidence)
  CSIRT_DATA_DIR          SQLite file and evidence directory (sqlite; default ./data)
  CSIRT_TABLE             DynamoDB table (dynamodb)
  CSIRT_EVIDENCE_BUCKET   S3 bucket for evidence (dynamodb)
  CSIRT_ADDR              listening address when not on Lambda (default 127.0.0.1:3001)
  CSIRT_TRUST_CLOUDFRONT  1 behind CloudFront: the client is in CloudFront-Viewer-Address
  CSIRT_SITE_OUTPUT       the built site's directory, writable by the console: publishing from the console then
                          exports and rebuilds the site there, and documents are issued beside the team file;
                          unset (as on Lambda), staff publish and issue documents with csirt
  RUST_LOG                log level (default info)
  AWS_LAMBDA_RUNTIME_API  set by AWS Lambda: run under its runtime
  AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, ...  the AWS SDK's own variables
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => serve(),
        ["--help" | "-h" | "help"] => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["--version" | "-V"] => {
            println!("console {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "console: unexpected arguments {args:?}: console takes no arguments, its settings come from the \
                 environment; see console --help"
            );
            ExitCode::from(2)
        }
    }
}

#[tokio::main]
async fn serve() -> ExitCode {
    let on_lambda = std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
    csirt_intake::logging::init(on_lambda);
    match run(on_lambda).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("console: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(on_lambda: bool) -> Result<(), String> {
    let lookup = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let team = TeamFile::load(&TeamFile::path_from(&lookup)).map_err(|e| e.to_string())?;
    let store = StoreSettings::from_lookup(&lookup).map_err(|e| e.to_string())?;
    let desk = Desk::open(team, &store).await.map_err(|e| e.to_string())?;
    let mut state = ConsoleState::new(desk).map_err(|e| format!("console pages: {e}"))?;
    state.trust_cloudfront = lookup("CSIRT_TRUST_CLOUDFRONT").as_deref() == Some("1");
    if let Some(output) = lookup("CSIRT_SITE_OUTPUT") {
        let config = state.desk.team.path.clone();
        state = state.with_publishing(Publishing {
            config,
            output: output.into(),
        });
    }
    let app = router(state);
    if on_lambda {
        return lambda_http::run(app).await.map_err(|e| e.to_string());
    }
    let addr: SocketAddr = lookup("CSIRT_ADDR")
        .unwrap_or_else(|| "127.0.0.1:3001".into())
        .parse()
        .map_err(|e| format!("CSIRT_ADDR: {e}"))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(addr = %listener.local_addr().map_err(|e| e.to_string())?, "console listening");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}
