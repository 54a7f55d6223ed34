//! `site-bench`: how fast a built `csirt` binary builds the site, against Hugo on the same pages.
//!
//! For each page count it generates a site in a temporary directory (the fixture site's content with that many
//! advisory-like pages added to its advisories section, the repository's templates, a case export with a large
//! Hall of Fame) and a Hugo site with the same advisory files and a small layout written by this tool, then
//! times, as separate processes, with their peak resident memory, taking turns run by run:
//!
//! - (a) `csirt build --full` into an empty directory, against `hugo` into an empty destination;
//! - (b) `csirt build --full` over the existing output after one advisory was edited, against `hugo` into its
//!   existing destination after the same edit;
//! - (c) `csirt build` after one case closed (one more Hall of Fame entry and one more closed case in the
//!   export): only the case pages are rendered again, which the command must say; reported as a share of (a).
//!
//! With `--baseline`, a second `csirt` (an older build) is timed in the same runs, for a before/after table.
//!
//! It builds and installs nothing: `tests/bench/site-bench.sh` installs the pinned Hugo, builds the release
//! binaries and runs this. Without Hugo it says so loudly and leaves the Hugo columns empty.
//!
//! Exit status: 0 when everything ran, 1 when the rebuild after a closed case was not limited to the case
//! pages, 2 when the benchmark could not run.

mod generate;
mod hugo;
mod report;
mod run;
mod timing;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use report::{print_markdown, print_targets, print_text};
use timing::{cpu_model, hugo_version, measure, shout_no_hugo};

/// Target: the rebuild after a case closes takes at most this share of a full build.
const REBUILD_SHARE_TARGET: f64 = 0.05;
/// Target: full builds at least this many times faster than Hugo's.
const SPEEDUP_TARGET: f64 = 4.0;
/// Target: `csirt`'s peak resident memory at most this share of Hugo's.
const RSS_SHARE_TARGET: f64 = 1.0 / 3.0;

/// Build benchmark of `csirt build` (full, and after a case closes) against Hugo on the same pages.
#[derive(Debug, Parser)]
#[command(name = "site-bench", version)]
struct Args {
    /// The csirt binary to time; this command does not build it.
    #[arg(long, value_name = "PATH", default_value = "target/release/csirt")]
    csirt: PathBuf,
    /// The Hugo binary to compare with: a path, or a name looked up on PATH.
    #[arg(long, value_name = "PATH", default_value = "hugo")]
    hugo: PathBuf,
    /// A second csirt binary (e.g. a build from before a change) timed in the same runs, for a before/after
    /// table.
    #[arg(long, value_name = "PATH")]
    baseline: Option<PathBuf>,
    /// Advisory pages to generate, one site for each count (comma-separated).
    #[arg(long, value_name = "N,...", value_delimiter = ',', default_values_t = [1_000, 10_000],
          value_parser = clap::value_parser!(u64).range(1..=200_000))]
    pages: Vec<u64>,
    /// Hall of Fame entries in the generated case export.
    #[arg(long = "hall-of-fame", value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    hall_of_fame: u64,
    /// Timed runs of each build; the median is reported.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=100))]
    runs: u64,
    /// The site whose content every generated site starts from.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "site/tests/fixtures/basic/content"
    )]
    fixture: PathBuf,
    /// The templates copied into every generated site (`site/` and `static/`).
    #[arg(long, value_name = "DIR", default_value = "templates")]
    templates: PathBuf,
    /// Keep the generated sites and their builds (their directory is printed) instead of removing them.
    #[arg(long)]
    keep: bool,
}

/// Why the benchmark stopped.
enum Failure {
    /// It could not run.
    Setup(String),
    /// The rebuild after a closed case was not limited to the case pages.
    Rebuild(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Setup(message)
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rebuild(message)) => {
            eprintln!("site-bench: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Setup(message)) => {
            eprintln!("site-bench: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    for binary in std::iter::once(&args.csirt).chain(&args.baseline) {
        if !binary.is_file() {
            return Err(Failure::Setup(format!(
                "no csirt binary at {}: build it first (cargo build --release -p csirt-cli --bin csirt)",
                binary.display()
            )));
        }
    }
    for (dir, what) in [
        (&args.fixture, "fixture content"),
        (&args.templates, "templates"),
    ] {
        if !dir.is_dir() {
            return Err(Failure::Setup(format!(
                "no {what} at {}: run from the workspace root or pass the directory",
                dir.display()
            )));
        }
    }
    let hugo = match hugo_version(&args.hugo) {
        Ok(version) => Some(version),
        Err(error) => {
            shout_no_hugo(&args.hugo, &error);
            None
        }
    };
    // One build date for every build: a date change between two builds would force a full rebuild.
    let epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .to_string();
    println!(
        "site-bench: {}{} on {} ({} cores); {}; {} Hall of Fame entries; median of {} run(s)",
        args.csirt.display(),
        args.baseline
            .as_ref()
            .map_or_else(String::new, |b| format!(" (baseline {})", b.display())),
        cpu_model(),
        std::thread::available_parallelism().map_or(0, usize::from),
        hugo.as_deref().unwrap_or("no Hugo"),
        args.hall_of_fame,
        args.runs
    );
    // Removed at the end only (see `measure`).
    let mut dirs = Vec::new();
    let mut results = Vec::new();
    for &n in &args.pages {
        let dir = tempfile::Builder::new()
            .prefix("site-bench-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let measured = measure(
            args,
            dir.path(),
            n,
            &epoch,
            hugo.is_some().then_some(args.hugo.as_path()),
        )?;
        print_text(&measured);
        results.push(measured);
        dirs.push(dir);
    }
    if hugo.is_none() {
        shout_no_hugo(&args.hugo, "see above");
    }
    println!();
    print_markdown(&results);
    println!();
    print_targets(&results);
    for dir in dirs {
        if args.keep {
            eprintln!("site-bench: kept {}", dir.keep().display());
        } else {
            eprintln!(
                "site-bench: removing {} (leave a minute before timing builds on this file system again)",
                dir.path().display()
            );
        }
    }
    Ok(())
}
