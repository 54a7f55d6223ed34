//! `intake-bench`: a load and durability benchmark of a built `intake` binary.
//!
//! It starts the binary on a free loopback port with a fresh SQLite data directory and the rate limit off,
//! sends warm-up and then measured JSON submissions over keep-alive HTTP/1.1 connections, and reports
//! throughput, latency percentiles, the server's peak memory and the binary's size. Then it kills the server
//! with SIGKILL and checks that every report answered with `201` is in the database. It builds nothing: pass
//! the binary to measure (`cargo build --release -p csirt-intake` makes the default one).
//!
//! Exit status: 0 when every acknowledged report was found, 1 when one was lost (or none was acknowledged),
//! 2 when the benchmark could not run.

mod measure;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use csirt_bench::load::{Connection, Outcome, run_phase};
use csirt_bench::server::{self, Server};
use measure::{BinaryInfo, Durability, Latency, stored_keys};

/// How long the server may take to listen.
const READY_LIMIT: Duration = Duration::from_secs(10);

/// Load and durability benchmark of the intake server (POST /api/reports on SQLite).
#[derive(Debug, Parser)]
#[command(name = "intake-bench", version)]
struct Args {
    /// The intake binary to run; this command does not build it.
    #[arg(long, value_name = "PATH", default_value = "target/release/intake")]
    intake: PathBuf,
    /// Measured submissions.
    #[arg(long, value_name = "N", default_value_t = 20_000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    requests: u64,
    /// Concurrent workers, each with its own keep-alive connection.
    #[arg(long, value_name = "C", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(1..=1024))]
    concurrency: u64,
    /// Submissions sent before measuring (stored too, and checked for durability).
    #[arg(long, value_name = "N", default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(0..=100_000))]
    warmup: u64,
    /// Longest the whole load (warm-up and measured submissions) may take before the run is abandoned.
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
}

/// What the load gave.
struct LoadResult {
    warmup: Outcome,
    measured: Outcome,
    /// Server CPU time over the measured phase, in seconds.
    server_cpu: Option<f64>,
    /// This process's CPU time over the measured phase, in seconds.
    client_cpu: Option<f64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("intake-bench: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the benchmark; `Ok(false)` when an acknowledged report was lost or none was acknowledged.
fn run(args: &Args) -> Result<bool, String> {
    let mut server = Server::start(&args.intake)?;
    let binary = BinaryInfo::of(&args.intake)?;
    server.wait_ready(READY_LIMIT)?;
    println!(
        "intake-bench: {} with {} warm-up + {} measured submissions, {} concurrent connections, server on {}",
        args.intake.display(),
        args.warmup,
        args.requests,
        args.concurrency,
        server.addr()
    );

    // One thread for the load generator: it shares the machine's cores with the server.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let limit = Duration::from_secs(args.timeout);
    let loaded = runtime
        .block_on(async { tokio::time::timeout(limit, load(&server, args)).await })
        .map_err(|_| {
            format!(
                "the load did not finish within {} s: abandoned",
                args.timeout
            )
        })??;
    drop(runtime);

    let peak_rss_kib = server.peak_rss_kib()?;
    let log = server.log_text();
    server.kill()?;
    let mut codes = loaded.warmup.codes.clone();
    codes.extend_from_slice(&loaded.measured.codes);
    let durability = Durability::tally(&codes, &stored_keys(&server.database())?);

    let report = Report {
        args,
        loaded: &loaded,
        latency: Latency::of(&mut loaded.measured.latencies_us.clone()),
        peak_rss_kib,
        binary,
        durability,
    };
    report.print_text();
    print_log(&log);
    println!();
    report.print_markdown();

    if durability.lost > 0 {
        eprintln!(
            "intake-bench: {} acknowledged report(s) were not stored",
            durability.lost
        );
        return Ok(false);
    }
    if durability.acknowledged == 0 {
        eprintln!("intake-bench: no submission was acknowledged with 201");
        return Ok(false);
    }
    Ok(true)
}

/// Opens the connections, sends the warm-up, then the measured submissions.
async fn load(server: &Server, args: &Args) -> Result<LoadResult, String> {
    let mut connections = Vec::new();
    for _ in 0..args.concurrency {
        connections.push(Connection::open(server.addr()).await?);
    }
    let (connections, warmup) = run_phase(connections, 0, args.warmup).await;
    let server_before = server.cpu_seconds();
    let client_before = server::cpu_seconds("/proc/self/stat");
    let (_connections, measured) = run_phase(connections, args.warmup, args.requests).await;
    let server_cpu = server
        .cpu_seconds()
        .zip(server_before)
        .map(|(after, before)| after - before);
    let client_cpu = server::cpu_seconds("/proc/self/stat")
        .zip(client_before)
        .map(|(after, before)| after - before);
    Ok(LoadResult {
        warmup,
        measured,
        server_cpu,
        client_cpu,
    })
}

/// Everything reported.
struct Report<'a> {
    args: &'a Args,
    loaded: &'a LoadResult,
    latency: Option<Latency>,
    peak_rss_kib: u64,
    binary: BinaryInfo,
    durability: Durability,
}

impl Report<'_> {
    fn throughput(&self) -> f64 {
        let measured = &self.loaded.measured;
        measured.created() as f64 / measured.wall.as_secs_f64().max(f64::EPSILON)
    }

    fn stripped(&self) -> &'static str {
        match self.binary.stripped {
            Some(true) => "stripped",
            Some(false) => "not stripped",
            None => "not an ELF file",
        }
    }

    fn durability_line(&self) -> String {
        let d = self.durability;
        format!(
            "{} / {} / {} / {}",
            d.acknowledged, d.stored, d.lost, d.duplicated
        )
    }

    fn print_text(&self) {
        let measured = &self.loaded.measured;
        let wall = measured.wall.as_secs_f64();
        println!("  requests          {}", measured.sent);
        println!("  successes (201)   {}", measured.created());
        println!(
            "  other statuses    {}{}",
            measured.other_statuses(),
            statuses_detail(measured)
        );
        println!("  transport errors  {}", measured.transport_errors);
        if let Some(error) = &measured.first_error {
            println!("    first: {error}");
        }
        if measured.bad_receipts > 0 {
            println!("  201 without a tracking code: {}", measured.bad_receipts);
        }
        let warmup = &self.loaded.warmup;
        if warmup.created() != warmup.sent {
            println!(
                "  warm-up: {} sent, {} answered 201, {} transport errors",
                warmup.sent,
                warmup.created(),
                warmup.transport_errors
            );
        }
        println!("  wall time         {wall:.3} s");
        println!("  throughput        {:.0} submissions/s", self.throughput());
        match self.latency {
            Some(l) => println!(
                "  latency           p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                l.p50, l.p90, l.p99, l.max
            ),
            None => println!("  latency           no answers"),
        }
        let cores = |cpu: Option<f64>| {
            cpu.map_or_else(
                || "unknown".to_owned(),
                |seconds| format!("{:.2} cores", seconds / wall.max(f64::EPSILON)),
            )
        };
        println!(
            "  CPU               server {}, load generator {} (user + system, measured phase)",
            cores(self.loaded.server_cpu),
            cores(self.loaded.client_cpu)
        );
        println!(
            "  server peak RSS   {:.1} MiB (VmHWM {} kB)",
            self.peak_rss_kib as f64 / 1024.0,
            self.peak_rss_kib
        );
        println!(
            "  intake binary     {} bytes ({:.2} MB, {:.2} MiB), {}",
            self.binary.bytes,
            self.binary.bytes as f64 / 1e6,
            self.binary.bytes as f64 / (1024.0 * 1024.0),
            self.stripped()
        );
        println!(
            "durability after SIGKILL (warm-up included): acknowledged / stored / lost / duplicated = {}",
            self.durability_line()
        );
        if self.durability.unreadable > 0 {
            println!(
                "  {} answered code(s) do not parse as tracking codes (counted as lost)",
                self.durability.unreadable
            );
        }
    }

    fn print_markdown(&self) {
        let measured = &self.loaded.measured;
        let ms = |f: fn(&Latency) -> f64| {
            self.latency
                .as_ref()
                .map_or_else(|| "–".to_owned(), |l| format!("{:.2}", f(l)))
        };
        println!(
            "| concurrency | requests | 201 | other | wall s | submissions/s | p50 ms | p90 ms | p99 ms | max ms \
             | server peak RSS MiB | binary MB | acknowledged / stored / lost / duplicated |"
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        println!(
            "| {} | {} | {} | {} | {:.2} | {:.0} | {} | {} | {} | {} | {:.1} | {:.2} ({}) | {} |",
            self.args.concurrency,
            measured.sent,
            measured.created(),
            measured.other_statuses() + measured.transport_errors,
            measured.wall.as_secs_f64(),
            self.throughput(),
            ms(|l| l.p50),
            ms(|l| l.p90),
            ms(|l| l.p99),
            ms(|l| l.max),
            self.peak_rss_kib as f64 / 1024.0,
            self.binary.bytes as f64 / 1e6,
            self.stripped(),
            self.durability_line()
        );
    }
}

/// `(503: 4, 422: 1)` after the count of other statuses, or nothing.
fn statuses_detail(outcome: &Outcome) -> String {
    let others: Vec<String> = outcome
        .statuses
        .iter()
        .filter(|(status, _)| **status != 201)
        .map(|(status, count)| format!("{status}: {count}"))
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        format!(" ({})", others.join(", "))
    }
}

/// The server's log lines (warnings and errors), the first few of them.
fn print_log(log: &str) {
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return;
    }
    println!(
        "  server log        {} line(s) at warn or above:",
        lines.len()
    );
    for line in lines.iter().take(5) {
        println!("    {line}");
    }
}
