//! The timed builds of one page count, and what they read from the system and the builds' output.

use std::path::Path;
use std::process::Command;

use crate::report::Measured;
use crate::run::timed;
use crate::{Args, Failure, generate, hugo};

/// Generates the sites for `n` advisories in `dir` and times the builds. Every timed build writes into a
/// directory of its own and nothing is deleted until the end: on ext4, creating files soon after many were
/// deleted is much slower (new inodes skip those freed in the last minute), which would slow each run by the
/// deletions of the one before.
pub(crate) fn measure(
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
        hugo::hugo_site(&source, &args.templates, n)?;
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

pub(crate) fn shout_no_hugo(hugo: &Path, error: &str) {
    let line = "*".repeat(78);
    let message = format!(
        "{line}\n*** HUGO NOT FOUND ({}): {error}\n*** The Hugo columns are SKIPPED: no comparison with Hugo was made.\n{line}",
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

/// The number after `prefix` on the line of `stdout` that starts with it: `built 1028 pages (…)`.
fn printed_count(stdout: &str, prefix: &str) -> Option<u64> {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
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
