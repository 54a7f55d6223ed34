//! `csirt serve`: builds the site, serves it, and mounts the intake function under `/api/` and the staff console
//! under `/staff/` on the same origin, on the embedded store; rebuilds when content, templates or the case export change. The intake reads the
//! same team file as the site.
//!
//! The site's files are sent as the build compressed them (`NAME.br`, `NAME.gz` beside `NAME`) to browsers that
//! accept Brotli or gzip, with the `Cache-Control` of their kind ([`csirt_site::assets::cache_control`]): a
//! year for fingerprinted assets, revalidated pages, five minutes for anything else.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use clap::Args;
use csirt_console::ConsoleState;
use csirt_console::state::Publishing;
use csirt_domain::lang::Lang;
use csirt_intake::{AppState, Settings};
use csirt_site::assets::{CACHE_REVALIDATE, cache_control};
use csirt_site::headers::SECURITY_HEADERS;
use csirt_store::SqliteStore;
use csirt_store::evidence::DirectoryEvidence;
use csirt_store::settings::StoreSettings;
use tower_http::services::{ServeDir, ServeFile};

use super::site::{SiteArgs, build_site};
use crate::failure::Failure;

/// `csirt serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The embedded store's directory (SQLite file and evidence).
    #[arg(long, default_value = "data")]
    pub data_dir: PathBuf,
    /// Where the built site is written.
    #[arg(long, default_value = "public")]
    pub output: PathBuf,
}

/// The site's security headers on every answer that has not set them itself: the intake's answers keep their
/// own stricter policy, and a downloaded file its sandbox.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// The `Cache-Control` of the site's files by the kind of path asked for ([`cache_control`]; an answer other
/// than a file or its 304 — the 404 page, a redirect — is revalidated), and `Vary: Accept-Encoding`, as the
/// same path is sent compressed or not depending on what the browser accepts.
async fn site_cache_headers(request: Request, next: Next) -> Response {
    let control = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let control = if status.is_success() || status == StatusCode::NOT_MODIFIED {
        control
    } else {
        CACHE_REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(control));
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// The site's 404 page in the language of the path asked for: English under `/en/`.
async fn not_found(output: Arc<Path>, request: Request) -> Response {
    let page = if request.uri().path().starts_with("/en/") {
        "en/404.html"
    } else {
        "404.html"
    };
    let mut response = match ServeFile::new(output.join(page))
        .precompressed_br()
        .precompressed_gzip()
        .try_call(request)
        .await
    {
        Ok(response) => response.into_response(),
        Err(error) => format!("404 ({page}: {error})").into_response(),
    };
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// The site, the intake API and the staff console on one origin.
pub fn app(state: AppState, console: ConsoleState, output: &Path) -> Router {
    let output: Arc<Path> = output.into();
    let files = ServeDir::new(&output)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::handler::HandlerWithoutStateExt::into_service(
            move |request: Request| not_found(output.clone(), request),
        ));
    let site = Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(site_cache_headers));
    csirt_intake::router(state)
        .merge(csirt_console::router(console))
        .fallback_service(site)
        .layer(middleware::from_fn(security_headers))
}

/// The newest modification time under the given directories and files.
fn newest_change(dirs: &[PathBuf]) -> Option<SystemTime> {
    dirs.iter()
        .flat_map(|dir| {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
        })
        .filter_map(|entry| entry.metadata().ok()?.modified().ok())
        .max()
}

/// Runs `csirt serve`.
pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    let summary = build_site(&args.site.config, &args.output, true).map_err(|e| e.to_string())?;
    eprintln!("{summary}");
    let site = csirt_site::Site::load(&args.site.config).map_err(|e| e.to_string())?;
    // The intake reads the team file this command was given, whatever CSIRT_CONFIG says.
    let team_file = args.site.config.to_string_lossy().into_owned();
    let mut settings = Settings::from_lookup(|name| match name {
        "CSIRT_CONFIG" => Some(team_file.clone()),
        _ => std::env::var(name).ok().filter(|v| !v.is_empty()),
    })
    .map_err(|e| Failure::usage(e.to_string()))?;
    settings.store = StoreSettings::Sqlite {
        data_dir: args.data_dir.clone(),
    };
    settings.site_dir = Some(args.output.clone());
    for lang in Lang::ALL {
        if let Some(status) = site.content.find("/status", lang) {
            settings.status_pages.get_mut(lang).clone_from(&status.path);
        }
    }
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let cases = Arc::new(SqliteStore::open(&args.data_dir).map_err(|e| e.to_string())?);
        let evidence = Arc::new(
            DirectoryEvidence::open(args.data_dir.join("evidence")).map_err(|e| e.to_string())?,
        );
        let desk = csirt_staff::Desk::new(settings.team.clone(), cases.clone(), evidence.clone());
        let console = ConsoleState::new(desk)
            .map_err(|e| format!("console pages: {e}"))?
            .with_publishing(Publishing {
                config: args.site.config.clone(),
                output: args.output.clone(),
            });
        let mut state = AppState::new(cases, evidence, &settings).map_err(|e| e.to_string())?;
        if settings.notify.is_on() {
            let mut notify = settings.notify.clone();
            if notify.site_url.is_empty() {
                notify.site_url = site.config.base_url.trim_end_matches('/').to_owned();
            }
            let notifier =
                csirt_notify::Notifier::new(notify, settings.team.procedure.clone()).await?;
            state = state.with_notifier(notifier);
        }
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let mut watched = vec![
            site.paths.content.clone(),
            site.paths.templates.clone(),
            site.paths.static_files.clone(),
        ];
        watched.extend(settings.team.export_file());
        eprintln!(
            "serving the site, the intake API and the staff console (http://{local}/staff/) on http://{local}/ (data in {})",
            args.data_dir.display()
        );
        tokio::spawn(watch(
            args.site.config.clone(),
            args.output.clone(),
            watched,
        ));
        let app = app(state, console, &args.output);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Failure::from(e.to_string()))
    })
}

/// Rebuilds the site when a file under `dirs` (directories or files) changes (checked every second); a failed rebuild keeps the last
/// good site and says why.
async fn watch(config: PathBuf, output: PathBuf, dirs: Vec<PathBuf>) {
    let mut last = newest_change(&dirs);
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = newest_change(&dirs);
        if now == last {
            continue;
        }
        last = now;
        let (config, output) = (config.clone(), output.clone());
        let result = tokio::task::spawn_blocking(move || build_site(&config, &output, false)).await;
        match result {
            Ok(Ok(summary)) => eprintln!("{summary}"),
            Ok(Err(errors)) => {
                eprintln!("rebuild failed; still serving the last good site:\n{errors}")
            }
            Err(e) => eprintln!("rebuild failed: {e}"),
        }
    }
}
