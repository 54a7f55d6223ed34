//! `intake`: the report intake function, on AWS Lambda or as a local server. It takes no arguments but
//! `--help` and `--version`: its settings come from the environment.

use std::net::SocketAddr;
use std::process::ExitCode;

use csirt_intake::{AppState, Settings, logging, router};

/// What `intake --help` prints.
const USAGE: &str = "\
intake: the report intake function of the CSIRT. Takes reports (POST /api/reports) and answers with a tracking
code once the report is stored; tells the reporter the status (GET /api/reports/{code}). Runs under the AWS
Lambda runtime when AWS_LAMBDA_RUNTIME_API is set, else as a local server.

Usage: intake [--help | --version]

Settings come from the environment:
  CSIRT_STORE             sqlite (embedded, the default) or dynamodb (with S3 for evidence)
  CSIRT_DATA_DIR          SQLite file and evidence directory (sqlite; default ./data)
  CSIRT_TABLE             DynamoDB table (dynamodb; create it with `csirt store create`)
  CSIRT_EVIDENCE_BUCKET   S3 bucket for evidence (dynamodb; create it with `csirt store create`)
  CSIRT_ADDR              listening address when not on Lambda (default 127.0.0.1:3000)
  CSIRT_CONFIG            the team file, naming the SOP profile (default content/config.toml)
  CSIRT_STATUS_PAGE       the site's status page, linked from receipts (default /status/)
  CSIRT_STATUS_PAGE_EN    the English status page (default /en/status/)
  CSIRT_RATE_LIMIT        submissions per client per window, COUNT/SECONDS, or off (default 10/600)
  CSIRT_TRUST_PROXY       1 behind a reverse proxy: the client is the last X-Forwarded-For entry
  CSIRT_TRUST_CLOUDFRONT  1 behind CloudFront: the client is in CloudFront-Viewer-Address
  CSIRT_MAIL              smtp, ses or off (smtp when CSIRT_SMTP_URL is set)
  CSIRT_SMTP_URL          smtps://user:password@host:465 or smtp://user:password@host:587?tls=required
  CSIRT_MAIL_FROM         the sender of e-mail
  CSIRT_TEAM_EMAIL        the team's address, told of every new report
  CSIRT_TEAM_LANG         the language of the team's messages, id or en (default id)
  CSIRT_WEBHOOK_URL       a chat webhook told of new reports
  CSIRT_SITE_URL          the public site, for status links in messages
  CSIRT_STAFF_URL         where staff open a case, {code} replaced
  RUST_LOG                log level (default info)
  AWS_LAMBDA_RUNTIME_API  set by AWS Lambda: run under its runtime
  AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, ...  the AWS SDK's own variables
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// Run the function (no arguments).
    Run,
    /// Print the usage.
    Help,
    /// Print the version.
    Version,
    /// An argument the function does not take.
    Unknown(String),
}

/// Reads the arguments after the program's name: none, `--help` (`-h`, `help`) or `--version` (`-V`).
fn action(mut args: impl Iterator<Item = std::ffi::OsString>) -> Action {
    let Some(first) = args.next() else {
        return Action::Run;
    };
    let action = match first.to_str() {
        Some("--help" | "-h" | "help") => Action::Help,
        Some("--version" | "-V") => Action::Version,
        _ => return Action::Unknown(first.to_string_lossy().into_owned()),
    };
    match args.next() {
        None => action,
        Some(extra) => Action::Unknown(extra.to_string_lossy().into_owned()),
    }
}

fn main() -> ExitCode {
    match action(std::env::args_os().skip(1)) {
        Action::Run => serve(),
        Action::Help => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Action::Version => {
            println!("intake {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Action::Unknown(argument) => {
            eprintln!(
                "intake: unexpected argument {argument:?}: intake takes no arguments, its settings come from \
                 the environment; see intake --help"
            );
            ExitCode::from(2)
        }
    }
}

#[tokio::main]
async fn serve() -> ExitCode {
    let on_lambda = std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
    logging::init(on_lambda);
    match run(on_lambda).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("intake: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(on_lambda: bool) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let state = AppState::connect(&settings)
        .await
        .map_err(|e| e.to_string())?;
    let app = router(state);
    if on_lambda {
        return lambda_http::run(app).await.map_err(|e| e.to_string());
    }
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, profile = %settings.team.procedure.profile.id, "intake listening");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .map_err(|e| e.to_string())
}

/// Resolves on Ctrl-C or SIGTERM; requests in flight finish first.
async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(args: &[&str]) -> Action {
        action(args.iter().map(std::ffi::OsString::from))
    }

    #[test]
    fn only_help_and_version_are_taken() {
        assert_eq!(read(&[]), Action::Run);
        assert_eq!(read(&["--help"]), Action::Help);
        assert_eq!(read(&["-h"]), Action::Help);
        assert_eq!(read(&["--version"]), Action::Version);
        assert_eq!(read(&["-V"]), Action::Version);
        assert_eq!(read(&["--port"]), Action::Unknown("--port".into()));
        assert_eq!(read(&["--help", "x"]), Action::Unknown("x".into()));
    }
}
