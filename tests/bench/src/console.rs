//! `console-bench`: the staff console's queue page with many open cases. Fills a store (SQLite in a temporary
//! directory, or a new DynamoDB table on the endpoint `AWS_ENDPOINT_URL_DYNAMODB` names, such as moto's server)
//! with open cases spread over the first states of the procedure, signs an admin in through the staff library,
//! then asks the console's router for the queue page (first page, a later page, the overdue filter) and prints
//! the server time per page (median and p95 of the requests) and the page weight.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeDelta, Utc};
use clap::{Parser, ValueEnum};
use csirt_console::{ConsoleState, router};
use csirt_domain::case::{Actor, Change};
use csirt_domain::report::ReportInput;
use csirt_domain::team::{Procedure, TeamFile};
use csirt_staff::Desk;
use csirt_staff::accounts::{NewAccount, SignInAttempt, add_account, sign_in};
use csirt_staff::credentials::Password;
use csirt_store::evidence::DirectoryEvidence;
use csirt_store::{CaseStore, DynamoStore, SqliteStore, apply_change};
use csirt_test_kit::aws::{create_table, dynamodb_client, unique_name};
use csirt_test_kit::cases::receive;
use csirt_test_kit::paths::team_file;
use csirt_test_kit::reports::{parse, report_fields};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Which store.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum StoreKind {
    /// SQLite in a temporary directory.
    Sqlite,
    /// A new table on the DynamoDB endpoint of `AWS_ENDPOINT_URL_DYNAMODB`.
    Dynamodb,
}

/// The console's queue page with many open cases.
#[derive(Debug, Parser)]
#[command(name = "console-bench")]
struct Args {
    /// Open cases to fill the store with.
    #[arg(long, default_value_t = 10_000)]
    cases: usize,
    /// The store.
    #[arg(long, value_enum, default_value = "sqlite")]
    store: StoreKind,
    /// Requests per page measured (after one unmeasured request).
    #[arg(long, default_value_t = 20)]
    requests: usize,
    /// The SOP profile the team runs.
    #[arg(long, default_value = "bali")]
    profile: String,
}

const PASSWORD: &str = "kata-sandi-bench-yang-panjang";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let store: Arc<dyn CaseStore> = match args.store {
        StoreKind::Sqlite => Arc::new(SqliteStore::open(&dir.path().join("data"))?),
        StoreKind::Dynamodb => {
            let endpoint = std::env::var("AWS_ENDPOINT_URL_DYNAMODB").map_err(
                |_| "AWS_ENDPOINT_URL_DYNAMODB must name the DynamoDB endpoint (moto's server)",
            )?;
            let client = dynamodb_client(&endpoint);
            let table = unique_name("console-bench");
            create_table(&client, &table).await;
            Arc::new(DynamoStore::new(client, table))
        }
    };
    let mut team = TeamFile::load(&team_file())?;
    team.procedure = Procedure::builtin(&args.profile)?;
    let evidence = DirectoryEvidence::open(dir.path().join("evidence"))?;
    let desk = Desk::new(team, Arc::clone(&store), Arc::new(evidence));

    let filled = Instant::now();
    fill(&*store, args.cases).await?;
    eprintln!(
        "console-bench: {} open cases stored in {:.1} s",
        args.cases,
        filled.elapsed().as_secs_f64()
    );

    let roles: Vec<String> = csirt_staff::accounts::roles(&desk)
        .iter()
        .map(ToString::to_string)
        .filter(|r| r != "viewer")
        .collect();
    let account = NewAccount {
        login: "bench".into(),
        name: "Petugas Bench".into(),
        email: None,
        roles,
        os_user: None,
        iam_arn: None,
        password: Some(Password::new(PASSWORD.into())?),
        totp: true,
    };
    let added = add_account(&desk, None, &account, Utc::now()).await?;
    let secret = added.totp.ok_or("no TOTP secret")?;
    let now = Utc::now();
    let code = secret.code_at(u64::try_from(now.timestamp())?);
    let attempt = SignInAttempt {
        login: "bench",
        password: PASSWORD,
        totp: &code,
        client: "127.0.0.1",
    };
    let (_, token) = sign_in(&desk, &attempt, now).await?;
    let cookie = format!("__Host-csirt-staff={}", token.as_str());
    let app = router(ConsoleState::new(desk)?);

    println!(
        "store={:?} cases={} requests={} (server time per page: median, p95; page weight)",
        args.store, args.cases, args.requests
    );
    for path in [
        "/staff/",
        "/staff/?page=50",
        "/staff/?overdue=1",
        "/staff/?sort=received",
    ] {
        let mut times = Vec::with_capacity(args.requests);
        let mut bytes = 0;
        for i in 0..=args.requests {
            let request = Request::get(path)
                .header(header::COOKIE, &cookie)
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())?;
            let started = Instant::now();
            let response = app.clone().oneshot(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            let took = started.elapsed();
            if status != StatusCode::OK {
                return Err(format!("{path} answered {status}").into());
            }
            bytes = body.len();
            if i > 0 {
                times.push(took);
            }
        }
        times.sort();
        let at = |q: f64| {
            let index = ((times.len() as f64 - 1.0) * q).round() as usize;
            times.get(index).copied().unwrap_or(Duration::ZERO)
        };
        println!(
            "{path:<22} median {:>8.1} ms  p95 {:>8.1} ms  {:>7.1} KiB",
            at(0.5).as_secs_f64() * 1000.0,
            at(0.95).as_secs_f64() * 1000.0,
            bytes as f64 / 1024.0
        );
    }
    Ok(())
}

/// Stores `count` cases received over the last 30 days; every third is being verified.
async fn fill(store: &dyn CaseStore, count: usize) -> Result<(), Box<dyn std::error::Error>> {
    let fields = report_fields();
    let mut input = ReportInput::default();
    for (name, value) in &fields {
        input.set(name, *value);
    }
    let start = Utc::now() - TimeDelta::days(30);
    let step = TimeDelta::seconds(30 * 24 * 3600 / i64::try_from(count.max(1))?);
    for i in 0..count {
        let at = start + step * i32::try_from(i)?;
        let report = parse(&input, at, 7);
        let (case, event) = receive("BALI", report, at);
        store.create(&case, &event).await?;
        if i % 3 == 0 {
            apply_change(
                store,
                &case.code,
                Change::StartVerification,
                Actor::System,
                at + TimeDelta::minutes(5),
            )
            .await?;
        }
        if (i + 1) % 1000 == 0 {
            eprintln!("console-bench: {} cases stored", i + 1);
        }
    }
    Ok(())
}
