//! The timed builds of one page count, and what they read from the system and the builds' output.
//!
//! The programs take turns run by run (csirt, Hugo, the baseline csirt, then csirt again…), so that a load
//! from elsewhere on the machine falls on all of them alike.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::report::{Measured, Series};
use crate::run::{Run, timed};
use crate::{Args, Failure, generate, hugo};

/// The advisory every run of the existing-output builds edits (the newest, as a correction would).
const EDITED_ADVISORY: u64 = 0;

/// One `csirt` binary under test and what its builds need.
struct Csirt<'a> {
    /// The binary.
    binary: &'a Path,
    /// The generated site's configuration file.
    config: &'a Path,
    /// `SOURCE_DATE_EPOCH` for every build.
    epoch: &'a str,
    /// Where the builds' output is logged.
    logs: &'a Path,
}

impl Csirt<'_> {
    /// Times `csirt build` into `output` (`--full` when `full`) and returns the run with the summary's page count,
    /// checking that the summary starts with `expect` (`built ` or `updated the case pages: `).
    fn build(&self, output: &Path, full: bool, expect: &str) -> Result<(Run, u64), Failure> {
        let mut command = Command::new(self.binary);
        command
            .arg("build")
            .arg("--config")
            .arg(self.config)
            .arg("--output")
            .arg(output);
        if full {
            command.arg("--full");
        }
        command.env("SOURCE_DATE_EPOCH", self.epoch);
        settle();
        let run = timed(&mut command, self.logs)?;
        let pages = printed_count(&run.stdout, expect).ok_or_else(|| {
            let message = format!(
                "{} build did not say \"{}…\" but:\n{}",
                self.binary.display(),
                expect.trim_end(),
                run.stdout
            );
            if expect.starts_with("updated") {
                Failure::Rebuild(message)
            } else {
                Failure::Setup(message)
            }
        })?;
        Ok((run, pages))
    }
}

/// Times `hugo` from `source` into `destination` and checks that it wrote every advisory page.
fn hugo_build(
    hugo: &Path,
    source: &Path,
    destination: &Path,
    n: u64,
    logs: &Path,
) -> Result<Run, Failure> {
    settle();
    let run = timed(
        Command::new(hugo)
            .arg("--quiet")
            .arg("--destination")
            .arg(destination)
            .arg("--source")
            .arg(source),
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
    Ok(run)
}

/// One line on the standard error for a finished run.
fn log(figure: &str, who: &str, run: &Run) {
    eprintln!(
        "  {figure:<24} {who:<6} {:>7.3} s {:>8} MiB",
        run.wall.as_secs_f64(),
        run.peak_rss_kib.map_or_else(
            || "–".to_owned(),
            |kib| format!("{:.1}", kib as f64 / 1024.0)
        )
    );
}

/// Generates the sites for `n` advisories in `dir` and times the builds: (a) fresh full builds into empty
/// directories, (b) full builds over an existing output after one advisory was edited, (c) the rebuild after
/// one case closed. Every fresh build writes into a directory of its own and nothing is deleted until the end:
/// on ext4, creating files soon after many were deleted is much slower (new inodes skip those freed in the last
/// minute), which would slow each run by the deletions of the one before.
pub(crate) fn measure(
    args: &Args,
    dir: &Path,
    n: u64,
    epoch: &str,
    hugo: Option<&Path>,
) -> Result<Measured, Failure> {
    let logs = dir;
    let root = dir.join("csirt");
    let site = generate::csirt_site(&root, &args.fixture, &args.templates, n, args.hall_of_fame)?;
    let hugo_source = dir.join("hugo");
    if hugo.is_some() {
        hugo::hugo_site(&hugo_source, &args.templates, n)?;
    }
    eprintln!(
        "site-bench: {n} advisories (Markdown bodies of {} bytes on average) in {}",
        site.body_bytes,
        dir.display()
    );
    let ours = Csirt {
        binary: &args.csirt,
        config: &site.config,
        epoch,
        logs,
    };
    let baseline = args.baseline.as_deref().map(|binary| Csirt {
        binary,
        config: &site.config,
        epoch,
        logs,
    });
    let output = |who: &str, run: u64| -> PathBuf { dir.join(format!("out-{who}-{run}")) };
    let mut fresh = Series::new(hugo.is_some(), baseline.is_some());
    let mut existing = Series::new(hugo.is_some(), baseline.is_some());
    let mut rebuild = Series::new(false, baseline.is_some());

    // (a) Full builds into empty output directories.
    let mut pages_built = 0;
    for run in 1..=args.runs {
        let (ran, pages) = ours.build(&output("csirt", run), true, "built ")?;
        log("(a) fresh", "csirt", &ran);
        pages_built = pages;
        fresh.csirt.push(ran);
        if let (Some(hugo), Some(runs)) = (hugo, fresh.hugo.as_mut()) {
            let ran = hugo_build(hugo, &hugo_source, &output("hugo", run), n, logs)?;
            log("(a) fresh", "hugo", &ran);
            runs.push(ran);
        }
        if let (Some(before), Some(runs)) = (&baseline, fresh.baseline.as_mut()) {
            let (ran, _) = before.build(&output("before", run), true, "built ")?;
            log("(a) fresh", "before", &ran);
            runs.push(ran);
        }
    }

    // (b) Full builds over the first fresh build's output, after the newest advisory was edited (in both sites).
    let mut written = Vec::new();
    for run in 1..=args.runs {
        generate::edit_advisory(
            &root.join("content").join(generate::SECTION),
            EDITED_ADVISORY,
            run,
        )?;
        if hugo.is_some() {
            generate::edit_advisory(
                &hugo_source.join("content").join(generate::SECTION),
                EDITED_ADVISORY,
                run,
            )?;
        }
        let (ran, _) = ours.build(&output("csirt", 1), true, "built ")?;
        log("(b) existing output", "csirt", &ran);
        written.extend(printed_written(&ran.stdout));
        existing.csirt.push(ran);
        if let (Some(hugo), Some(runs)) = (hugo, existing.hugo.as_mut()) {
            let ran = hugo_build(hugo, &hugo_source, &output("hugo", 1), n, logs)?;
            log("(b) existing output", "hugo", &ran);
            runs.push(ran);
        }
        if let (Some(before), Some(runs)) = (&baseline, existing.baseline.as_mut()) {
            let (ran, _) = before.build(&output("before", 1), true, "built ")?;
            log("(b) existing output", "before", &ran);
            runs.push(ran);
        }
    }

    // (c) A build without --full leaves the input stamp for the next one; then each run closes one case and
    // builds again, which must render only the case pages and show the new Hall of Fame entry.
    ours.build(&output("csirt", 1), false, "")?;
    if let Some(before) = &baseline {
        before.build(&output("before", 1), false, "")?;
    }
    let mut rebuild_pages = 0;
    for sequence in 1..=args.runs {
        let alias = generate::close_case(&site.export, sequence, &site.classes[0])?;
        let (ran, pages) = ours.build(&output("csirt", 1), false, "updated the case pages: ")?;
        shows_alias(&output("csirt", 1), &alias)?;
        log("(c) a case closed", "csirt", &ran);
        rebuild_pages = pages;
        rebuild.csirt.push(ran);
        if let (Some(before), Some(runs)) = (&baseline, rebuild.baseline.as_mut()) {
            let (ran, _) = before.build(&output("before", 1), false, "updated the case pages: ")?;
            shows_alias(&output("before", 1), &alias)?;
            log("(c) a case closed", "before", &ran);
            runs.push(ran);
        }
    }

    Ok(Measured {
        advisories: n,
        body_bytes: site.body_bytes,
        pages_built,
        existing_written: written.iter().copied().max(),
        rebuild_pages,
        fresh,
        existing,
        rebuild,
    })
}

/// Fails unless the Hall of Fame page in `output` shows `alias`.
fn shows_alias(output: &Path, alias: &str) -> Result<(), Failure> {
    let hall_of_fame = output.join("hall-of-fame").join("index.html");
    let page = std::fs::read_to_string(&hall_of_fame)
        .map_err(|e| format!("cannot read {}: {e}", hall_of_fame.display()))?;
    if page.contains(alias) {
        Ok(())
    } else {
        Err(Failure::Rebuild(format!(
            "{} does not show the case just closed ({alias})",
            hall_of_fame.display()
        )))
    }
}

/// `hugo version`'s first line.
pub(crate) fn hugo_version(hugo: &Path) -> Result<String, String> {
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

/// Says on both outputs, in capitals, that Hugo is missing and the comparison was not made.
pub(crate) fn shout_no_hugo(hugo: &Path, error: &str) {
    let line = "*".repeat(78);
    let message = format!(
        "{line}\n*** HUGO NOT FOUND ({}): {error}\n*** The Hugo columns are SKIPPED: no comparison with Hugo was made.\n\
         *** tests/bench/site-bench.sh installs the pinned Hugo and passes it with --hugo.\n{line}",
        hugo.display()
    );
    eprintln!("{message}");
    println!("{message}");
}

/// The CPU's model name, from `/proc/cpuinfo`.
pub(crate) fn cpu_model() -> String {
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

/// The number after `prefix` on the line of `stdout` that starts with it: `built 1028 pages (…)`. An empty
/// `prefix` accepts either summary (`built …` or `updated the case pages: …`).
fn printed_count(stdout: &str, prefix: &str) -> Option<u64> {
    if prefix.is_empty() {
        return printed_count(stdout, "built ")
            .or_else(|| printed_count(stdout, "updated the case pages: "));
    }
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
}

/// The files a build said it wrote: `… (1035 files, 3 written, 0 removed) …`; `None` from a `csirt` that does
/// not say (one that replaces its output whole).
fn printed_written(stdout: &str) -> Option<u64> {
    let (before, _) = stdout.split_once(" written")?;
    before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_from_the_summary_line() {
        let full =
            "built 1028 pages (1035 files, 1035 written, 0 removed) into /x/public in 812 ms\n";
        assert_eq!(printed_count(full, "built "), Some(1028));
        assert_eq!(printed_count(full, ""), Some(1028));
        assert_eq!(printed_written(full), Some(1035));
        let update = "updated the case pages: 4 pages (4 files, 2 written, 0 removed) into /x/public in 40 ms\n";
        assert_eq!(printed_count(update, "updated the case pages: "), Some(4));
        assert_eq!(printed_count(update, ""), Some(4));
        assert_eq!(printed_count(update, "built "), None);
        assert_eq!(printed_written(update), Some(2));
        let old = "built 1028 pages (1035 files) into /x/public in 812 ms\n";
        assert_eq!(printed_written(old), None);
    }
}
