//! One timed run of a build command: wall time from starting the process to reaping it, its peak resident
//! memory (polled from `/proc` while it runs) and what it printed.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use csirt_bench::procfs::PeakRssPoller;

/// How often the build's `VmHWM` is read while it runs.
pub const POLL_INTERVAL: Duration = Duration::from_millis(5);

/// What one run gave.
#[derive(Debug, Clone)]
pub struct Run {
    /// From starting the process to reaping it.
    pub wall: Duration,
    /// The largest `VmHWM` read while it ran, in KiB; `None` when it ended before the first reading.
    pub peak_rss_kib: Option<u64>,
    /// Its standard output.
    pub stdout: String,
}

/// Runs `command` to its end, its output going to files in `logs` (a pipe left unread could stall it), and
/// fails unless it exits with status 0.
pub fn timed(command: &mut Command, logs: &Path) -> Result<Run, String> {
    let stdout_file = logs.join("stdout.log");
    let stderr_file = logs.join("stderr.log");
    let create = |path: &Path| {
        File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
    };
    command
        .stdin(Stdio::null())
        .stdout(create(&stdout_file)?)
        .stderr(create(&stderr_file)?);
    let program = command.get_program().to_string_lossy().into_owned();
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let poller = PeakRssPoller::start(child.id(), POLL_INTERVAL);
    let status = child.wait();
    let wall = started.elapsed();
    let peak_rss_kib = poller.finish();
    let status = status.map_err(|e| format!("cannot wait for {program}: {e}"))?;
    let stdout = std::fs::read_to_string(&stdout_file).unwrap_or_default();
    if !status.success() {
        let stderr = std::fs::read_to_string(&stderr_file).unwrap_or_default();
        return Err(format!(
            "{program} failed ({status}):\n{stdout}{}",
            tail(&stderr, 40)
        ));
    }
    Ok(Run {
        wall,
        peak_rss_kib,
        stdout,
    })
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// The median of `values` (the mean of the two middle ones for an even count); `None` without any.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn times_a_command_and_keeps_its_output() {
        let logs = tempfile::tempdir().unwrap();
        let run = timed(
            Command::new("sh").args(["-c", "echo built 3 pages; sleep 0.05"]),
            logs.path(),
        )
        .unwrap();
        assert_eq!(run.stdout, "built 3 pages\n");
        assert!(run.wall >= Duration::from_millis(50));
        assert!(run.peak_rss_kib.is_some_and(|kib| kib > 0));
        let error = timed(
            Command::new("sh").args(["-c", "echo oops >&2; exit 3"]),
            logs.path(),
        )
        .unwrap_err();
        assert!(error.contains("oops"), "{error}");
    }
}
