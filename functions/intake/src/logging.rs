//! Request logs and the log subscriber. A request is logged by its route template (`/api/reports/{code}`, never
//! the code itself), status and duration: no address, no query, no body, so no reporter data reaches the logs.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

/// Logs one line per request.
pub async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// Installs the log subscriber on standard output: JSON lines on Lambda (for CloudWatch), compact text locally,
/// in colour only when standard output is a terminal (a file, a pipe or a log collector gets plain text).
/// `RUST_LOG` overrides the default level (`info`).
pub fn init(json: bool) {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into());
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    init_with_colour(json, &filter, std::io::stdout, colour);
}

/// Installs the log subscriber with `filter` (`RUST_LOG` syntax) and `writer`, without colour: `writer` is not
/// known to be a terminal.
pub fn init_with<W>(json: bool, filter: &str, writer: W)
where
    W: for<'a> tracing_subscriber::fmt::MakeWriter<'a> + Send + Sync + 'static,
{
    init_with_colour(json, filter, writer, false);
}

/// Installs the log subscriber with `filter` (`RUST_LOG` syntax) and `writer`; `colour` allows ANSI colour
/// escapes, for a terminal only.
pub fn init_with_colour<W>(json: bool, filter: &str, writer: W, colour: bool)
where
    W: for<'a> tracing_subscriber::fmt::MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(colour && !json)
        .with_writer(writer);
    if json {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}
