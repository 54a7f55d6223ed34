//! `lambda-bench`: the Lambda packages' cold starts. Runs each packaged `bootstrap` (as `tests/run` extracts them,
//! or any other) the way Lambda runs it — a new process in the package's directory under the test kit's emulated
//! Runtime API, on a fresh DynamoDB table and S3 bucket of moto's server (`CSIRT_TEST_AWS_ENDPOINT`) — and times,
//! over several fresh processes:
//!
//! - *init*: from the process's start to its first request for an invocation (its own initialisation: the team
//!   file, the AWS clients);
//! - *first answer*: from the process's start to the answer of its first invocation (the intake: a status lookup
//!   of a well-formed code of the package's team that no case has, which reads the table; the console: the sign-in page), what the first user waits for,
//!   but for Lambda's own part (downloading and unpacking the package), which this cannot emulate.
//!
//! It also prints each bootstrap's size. Exit status 2 when a function fails to start or answers wrongly.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use csirt_domain::team::TeamFile;
use csirt_domain::tracking::TrackingCode;
use csirt_test_kit::aws::{AwsResources, moto_endpoint};
use csirt_test_kit::runtime_api::{Function, http_api_event};
use serde_json::{Value, json};

/// Cold starts of the Lambda packages under an emulated Runtime API.
#[derive(Debug, Parser)]
#[command(name = "lambda-bench", version)]
struct Args {
    /// The intake's packaged bootstrap (with the team file at content/config.toml beside it).
    #[arg(
        long,
        value_name = "PATH",
        default_value = "target/lambda/unpacked/intake/bootstrap"
    )]
    intake: PathBuf,
    /// The console's packaged bootstrap.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "target/lambda/unpacked/console/bootstrap"
    )]
    console: PathBuf,
    /// Fresh processes per function; medians are reported.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    runs: u64,
}

/// One function to time: its name, bootstrap, first request and the status that request must get.
struct Subject {
    name: &'static str,
    bootstrap: PathBuf,
    request: Value,
    status: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let endpoint = moto_endpoint();
    let resources = AwsResources::create(&endpoint).await;
    // A code of the team the intake's package carries, with its check symbol, that no case has: a 404 after a read.
    let team_file = args.intake.with_file_name("content").join("config.toml");
    let unknown_code = match TeamFile::load(&team_file)
        .map_err(|e| e.to_string())
        .and_then(|team| {
            TrackingCode::generate(&team.procedure.profile.tracking_prefix)
                .map_err(|e| e.to_string())
        }) {
        Ok(code) => code.to_string(),
        Err(e) => {
            eprintln!("lambda-bench: {}: {e}", team_file.display());
            return ExitCode::from(2);
        }
    };
    let headers = json!({ "accept": "application/json", "host": "abcdef1234.execute-api.ap-southeast-3.amazonaws.com" });
    let subjects = [
        Subject {
            name: "intake",
            bootstrap: args.intake.clone(),
            request: http_api_event(
                "GET",
                &format!("/api/reports/{unknown_code}"),
                headers.clone(),
                &[],
                None,
                "198.51.100.7",
            ),
            status: 404,
        },
        Subject {
            name: "console",
            bootstrap: args.console.clone(),
            request: http_api_event(
                "GET",
                "/staff/login",
                json!({ "accept": "text/html" }),
                &[],
                None,
                "198.51.100.7",
            ),
            status: 200,
        },
    ];
    println!(
        "| function | bootstrap bytes | runs | init median ms (min–max) | first answer median ms (min–max) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for subject in &subjects {
        // The process runs in the package's directory: the path must not be relative to this one.
        let bootstrap = match std::fs::canonicalize(&subject.bootstrap) {
            Ok(path) => path,
            Err(e) => {
                eprintln!("lambda-bench: {}: {e}", subject.bootstrap.display());
                return ExitCode::from(2);
            }
        };
        let size = match std::fs::metadata(&bootstrap) {
            Ok(meta) => meta.len(),
            Err(e) => {
                eprintln!(
                    "lambda-bench: {}: {e} (run tests/run or functions/deploy/aws/package.sh and unpack the zip)",
                    subject.bootstrap.display()
                );
                return ExitCode::from(2);
            }
        };
        let mut inits = Vec::new();
        let mut answers = Vec::new();
        for run in 0..args.runs {
            let started = Instant::now();
            let mut function = Function::start(
                &bootstrap,
                subject.name,
                &[
                    ("AWS_ENDPOINT_URL", endpoint.as_str()),
                    ("CSIRT_STORE", "dynamodb"),
                    ("CSIRT_TABLE", resources.table.as_str()),
                    ("CSIRT_EVIDENCE_BUCKET", resources.bucket.as_str()),
                ],
            )
            .await;
            let answer = function
                .invoke(&format!("{}-{run}", subject.name), subject.request.clone())
                .await;
            let answered = started.elapsed();
            if answer["statusCode"].as_u64() != Some(subject.status) {
                eprintln!(
                    "lambda-bench: {} answered {} where {} was expected:\n{}",
                    subject.name,
                    answer["statusCode"],
                    subject.status,
                    function.output()
                );
                return ExitCode::from(2);
            }
            let Some(init) = function.ready_after() else {
                eprintln!(
                    "lambda-bench: {} never asked for an invocation",
                    subject.name
                );
                return ExitCode::from(2);
            };
            inits.push(init);
            answers.push(answered);
        }
        println!(
            "| {} | {size} | {} | {} | {} |",
            subject.name,
            args.runs,
            summary(&mut inits),
            summary(&mut answers)
        );
    }
    ExitCode::SUCCESS
}

/// "median (min–max)" in milliseconds with one decimal.
fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{:.1} ({:.1}–{:.1})",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    )
}
