//! `site-bench`: how fast a built `csirt` binary builds the site, against Hugo on the same pages.
//!
//! For each page count it generates a site in a temporary directory (the fixture site's content with that many
//! advisory-like pages added to its advisories section, the repository's templates, a case export with a large
//! Hall of Fame) and times, as separate processes, with their peak resident memory:
//!
//! 1. `csirt build --full`: every page;
//! 2. `csirt build` after one case closed (one more Hall of Fame entry and one more closed case in the export):
//!    only the Hall of Fame and statistics pages are rendered again, which the command must say;
//! 3. `hugo` on a Hugo site with the same advisory files and a small layout written by this tool.
//!
//! It builds nothing: pass the binaries to measure (`cargo build --release -p csirt-site` makes the default
//! `csirt`). Without Hugo it says so loudly and leaves the Hugo columns empty.
//!
//! Exit status: 0 when everything ran, 1 when the rebuild after a closed case was not limited to the case
//! pages, 2 when the benchmark could not run.

mod generate;
mod run;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Parser;

use run::{Run, median, timed};

/// Target: the rebuild after a case closes takes less than this share of a full build.
const REBUILD_SHARE_TARGET: f64 = 0.05;

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

/// What one page count gave.
struct Measured {
    /// Advisory pages generated.
    advisories: u64,
    /// Mean size of their Markdown bodies, in bytes.
    body_bytes: u64,
    /// Pages `csirt build --full` said it built.
    pages_built: u64,
    /// `csirt build --full` runs.
    full: Vec<Run>,
    /// Pages the rebuild after a closed case said it updated.
    rebuild_pages: u64,
    /// `csirt build` runs after a closed case.
    rebuild: Vec<Run>,
    /// `hugo` runs, when Hugo is there.
    hugo: Option<Vec<Run>>,
}

fn run(args: &Args) -> Result<(), Failure> {
    if !args.csirt.is_file() {
        return Err(Failure::Setup(format!(
            "no csirt binary at {}: build it first (cargo build --release -p csirt-site)",
            args.csirt.display()
        )));
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
        "site-bench: {} on {} ({} cores); {}; {} Hall of Fame entries; median of {} run(s)",
        args.csirt.display(),
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
        let measured = measure(args, dir.path(), n, &epoch, hugo.is_some())?;
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

/// Generates the sites for `n` advisories in `dir` and times the builds. Every timed build writes into a
/// directory of its own and nothing is deleted until the end: on ext4, creating files soon after many were
/// deleted is much slower (new inodes skip those freed in the last minute), which would slow each run by the
/// deletions of the one before.
fn measure(
    args: &Args,
    dir: &Path,
    n: u64,
    epoch: &str,
    with_hugo: bool,
) -> Result<Measured, Failure> {
    let logs = dir;
    let root = dir.join("csirt");
    let site = generate::csirt_site(&root, &args.fixture, &args.templates, n, args.hall_of_fame)?;
    eprintln!(
        "site-bench: {n} advisories (Markdown bodies of {} bytes on average) in {}",
        site.body_bytes,
        root.display()
    );
    let csirt = |output: &Path, full: bool| {
        let mut command = Command::new(&args.csirt);
        command
            .arg("build")
            .arg("--config")
            .arg(&site.config)
            .arg("--output")
            .arg(output);
        if full {
            command.arg("--full");
        }
        command.env("SOURCE_DATE_EPOCH", epoch);
        command
    };

    // 1. Full builds, each into a new output directory.
    let mut full = Vec::new();
    let mut pages_built = 0;
    for run in 1..=args.runs {
        settle();
        let run = timed(
            &mut csirt(&root.join(format!("public-full-{run}")), true),
            logs,
        )?;
        pages_built = printed_count(&run.stdout, "built ").ok_or_else(|| {
            format!(
                "csirt build --full did not say how many pages it built:\n{}",
                run.stdout
            )
        })?;
        eprintln!(
            "  csirt build --full        {:.3} s",
            run.wall.as_secs_f64()
        );
        full.push(run);
    }

    // 2. A build without --full writes the input stamp beside its output; then each run closes one case and
    // builds again.
    let output = root.join("public");
    let first = timed(&mut csirt(&output, false), logs)?;
    if printed_count(&first.stdout, "built ").is_none() {
        return Err(Failure::Setup(format!(
            "the first csirt build was expected to build every page, but said:\n{}",
            first.stdout
        )));
    }
    let mut rebuild = Vec::new();
    let mut rebuild_pages = 0;
    for sequence in 1..=args.runs {
        let class = &site.classes[0];
        let alias = generate::close_case(&site.export, sequence, class)?;
        settle();
        let run = timed(&mut csirt(&output, false), logs)?;
        rebuild_pages = printed_count(&run.stdout, "updated the case pages: ").ok_or_else(|| {
            Failure::Rebuild(format!(
                "after a case closed, csirt build did not say \"updated the case pages\" but:\n{}",
                run.stdout
            ))
        })?;
        let hall_of_fame = output.join("hall-of-fame").join("index.html");
        let page = std::fs::read_to_string(&hall_of_fame)
            .map_err(|e| format!("cannot read {}: {e}", hall_of_fame.display()))?;
        if !page.contains(&alias) {
            return Err(Failure::Rebuild(format!(
                "{} does not show the case just closed ({alias})",
                hall_of_fame.display()
            )));
        }
        eprintln!(
            "  csirt build (case closed) {:.3} s",
            run.wall.as_secs_f64()
        );
        rebuild.push(run);
    }

    // 3. Hugo on the same advisory files, each run into a new destination.
    let hugo = if with_hugo {
        let source = dir.join("hugo");
        generate::hugo_site(&source, &args.templates, n)?;
        let mut runs = Vec::new();
        for run in 1..=args.runs {
            let destination = dir.join(format!("hugo-public-{run}"));
            settle();
            let run = timed(
                Command::new(&args.hugo)
                    .arg("--quiet")
                    .arg("--destination")
                    .arg(&destination)
                    .arg("--source")
                    .arg(&source),
                logs,
            )?;
            let built = count_files(&destination.join(generate::SECTION), "index.html");
            if built < n + 1 {
                return Err(Failure::Setup(format!(
                    "hugo wrote {built} pages in {}, expected {}",
                    generate::SECTION,
                    n + 1
                )));
            }
            eprintln!(
                "  hugo                      {:.3} s",
                run.wall.as_secs_f64()
            );
            runs.push(run);
        }
        Some(runs)
    } else {
        None
    };

    Ok(Measured {
        advisories: n,
        body_bytes: site.body_bytes,
        pages_built,
        full,
        rebuild_pages,
        rebuild,
        hugo,
    })
}

/// `hugo version`'s first line.
fn hugo_version(hugo: &Path) -> Result<String, String> {
    let output = Command::new(hugo)
        .arg("version")
        .output()
        .map_err(|e| format!("cannot run {} version: {e}", hugo.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} version failed ({})",
            hugo.display(),
            output.status
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text.lines().next().unwrap_or("hugo").trim().to_owned())
}

fn shout_no_hugo(hugo: &Path, error: &str) {
    let line = "*".repeat(78);
    let message = format!(
        "{line}\n*** HUGO NOT FOUND ({}): {error}\n*** The Hugo columns are SKIPPED: no comparison with Hugo was made.\n{line}",
        hugo.display()
    );
    eprintln!("{message}");
    println!("{message}");
}

/// The CPU's model name, from `/proc/cpuinfo`.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

/// Writes dirty pages out (`sync`) before a timed run, so that the kernel does not write back the previous
/// run's files during it.
fn settle() {
    if let Err(e) = Command::new("sync").status() {
        eprintln!("site-bench: cannot run sync ({e}): runs may overlap with write-back");
    }
}

/// Files named `name` under `dir`.
fn count_files(dir: &Path, name: &str) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                count_files(&path, name)
            } else {
                u64::from(entry.file_name() == name)
            }
        })
        .sum()
}

/// The number after `prefix` on the line of `stdout` that starts with it: `built 1028 pages (…)`.
fn printed_count(stdout: &str, prefix: &str) -> Option<u64> {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
}

/// Median wall time of `runs`, in seconds.
fn median_seconds(runs: &[Run]) -> f64 {
    median(
        &runs
            .iter()
            .map(|r| r.wall.as_secs_f64())
            .collect::<Vec<_>>(),
    )
    .unwrap_or(f64::NAN)
}

/// The largest peak resident memory of `runs`, in MiB.
fn peak_mib(runs: &[Run]) -> Option<f64> {
    runs.iter()
        .filter_map(|r| r.peak_rss_kib)
        .max()
        .map(|kib| kib as f64 / 1024.0)
}

fn mib(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

/// Every run's time, e.g. `1.204, 1.187, 1.230 s`.
fn each(runs: &[Run]) -> String {
    let times: Vec<String> = runs
        .iter()
        .map(|r| format!("{:.3}", r.wall.as_secs_f64()))
        .collect();
    format!("{} s", times.join(", "))
}

impl Measured {
    fn full_s(&self) -> f64 {
        median_seconds(&self.full)
    }

    fn rebuild_s(&self) -> f64 {
        median_seconds(&self.rebuild)
    }

    fn rebuild_share(&self) -> f64 {
        self.rebuild_s() / self.full_s()
    }

    fn pages_per_s(&self) -> f64 {
        self.pages_built as f64 / self.full_s()
    }

    /// Hugo's median time and its pages per second (generated advisories, their section and the home page).
    fn hugo_s(&self) -> Option<(f64, f64)> {
        let runs = self.hugo.as_ref()?;
        let seconds = median_seconds(runs);
        Some((seconds, (self.advisories + 2) as f64 / seconds))
    }
}

fn print_text(m: &Measured) {
    println!(
        "{} advisories (bodies of {} bytes on average) + the fixture site: {} pages",
        m.advisories, m.body_bytes, m.pages_built
    );
    println!(
        "  csirt build --full         median {:.3} s ({}), {:.0} pages/s, peak RSS {} MiB",
        m.full_s(),
        each(&m.full),
        m.pages_per_s(),
        mib(peak_mib(&m.full))
    );
    println!(
        "  csirt build, case closed   median {:.3} s ({}), {} pages updated, {:.1} % of the full build, peak RSS {} MiB",
        m.rebuild_s(),
        each(&m.rebuild),
        m.rebuild_pages,
        m.rebuild_share() * 100.0,
        mib(peak_mib(&m.rebuild))
    );
    match (&m.hugo, m.hugo_s()) {
        (Some(runs), Some((seconds, per_s))) => println!(
            "  hugo                       median {seconds:.3} s ({}), {per_s:.0} pages/s, peak RSS {} MiB; Hugo time / csirt time = {:.2}",
            each(runs),
            mib(peak_mib(runs)),
            seconds / m.full_s()
        ),
        _ => println!("  hugo                       SKIPPED (no Hugo)"),
    }
}

fn print_markdown(results: &[Measured]) {
    println!(
        "| advisories | csirt pages | csirt full build s | csirt pages/s | csirt peak RSS MiB \
         | rebuild after a case closes s | rebuild / full | Hugo s | Hugo pages/s | Hugo peak RSS MiB \
         | Hugo s / csirt s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in results {
        let (hugo_s, hugo_rate, hugo_mib, ratio) = match (&m.hugo, m.hugo_s()) {
            (Some(runs), Some((seconds, per_s))) => (
                format!("{seconds:.3}"),
                format!("{per_s:.0}"),
                mib(peak_mib(runs)),
                format!("{:.2}", seconds / m.full_s()),
            ),
            _ => ("skipped".into(), "–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {:.3} | {:.0} | {} | {:.3} | {:.1} % | {hugo_s} | {hugo_rate} | {hugo_mib} | {ratio} |",
            m.advisories,
            m.pages_built,
            m.full_s(),
            m.pages_per_s(),
            mib(peak_mib(&m.full)),
            m.rebuild_s(),
            m.rebuild_share() * 100.0,
        );
    }
}

fn print_targets(results: &[Measured]) {
    let verdict = |met: bool| if met { "met" } else { "NOT met" };
    for m in results {
        println!(
            "{} advisories: rebuild after a case closes under {:.0} % of a full build: {} ({:.1} %); \
             faster than Hugo: {}",
            m.advisories,
            REBUILD_SHARE_TARGET * 100.0,
            verdict(m.rebuild_share() < REBUILD_SHARE_TARGET),
            m.rebuild_share() * 100.0,
            m.hugo_s().map_or_else(
                || "not measured (no Hugo)".to_owned(),
                |(seconds, _)| format!(
                    "{} (Hugo {seconds:.3} s, csirt {:.3} s)",
                    verdict(m.full_s() < seconds),
                    m.full_s()
                )
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_from_the_summary_line() {
        let full = "built 1028 pages (1035 files) into /x/public in 812 ms\n";
        assert_eq!(printed_count(full, "built "), Some(1028));
        let update = "updated the case pages: 4 pages (4 files) into /x/public in 40 ms\n";
        assert_eq!(printed_count(update, "updated the case pages: "), Some(4));
        assert_eq!(printed_count(update, "built "), None);
    }
}
