//! `intake`: the report intake function, on AWS Lambda or as a local server.

use std::net::SocketAddr;
use std::process::ExitCode;

use csirt_intake::{AppState, Settings, logging, router};

#[tokio::main]
async fn main() -> ExitCode {
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
