//! A process's peak resident memory from `/proc/<pid>/status`: read once while the process still runs, or
//! polled from another thread over a process's whole life when it exits by itself (once it has exited, its
//! `status` no longer carries memory figures).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// The peak resident set size in KiB (`VmHWM`) of the running process `pid`.
pub fn peak_rss_kib(pid: u32) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    vm_hwm_kib(&status).ok_or_else(|| format!("no VmHWM line in {path}"))
}

/// The `VmHWM` figure of a `status` text, in KiB.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A thread that reads a process's `VmHWM` at a fixed interval until told to stop, keeping the largest value
/// read. `VmHWM` only grows during a process's life, so the last reading before the process exits is its peak,
/// short of what it allocated in the last interval.
pub struct PeakRssPoller {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Option<u64>>,
}

impl PeakRssPoller {
    /// Starts polling `pid` every `interval`.
    pub fn start(pid: u32, interval: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peak: Option<u64> = None;
            while !stopped.load(Ordering::Relaxed) {
                // Fails once the process has exited (a zombie has no memory figures) or been reaped.
                if let Ok(kib) = peak_rss_kib(pid) {
                    peak = Some(peak.map_or(kib, |p| p.max(kib)));
                }
                std::thread::sleep(interval);
            }
            peak
        });
        PeakRssPoller { stop, thread }
    }

    /// Stops polling: the largest `VmHWM` read, in KiB, or `None` when the process ended before the first read.
    pub fn finish(self) -> Option<u64> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_hwm() {
        let status = "Name:\tcsirt\nVmPeak:\t  20000 kB\nVmHWM:\t    8123 kB\nVmRSS:\t 8000 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(8123));
        assert_eq!(vm_hwm_kib("Name:\tzombie\nState:\tZ (zombie)\n"), None);
        let own = peak_rss_kib(std::process::id()).unwrap();
        assert!(own > 0);
    }

    #[test]
    fn polls_a_running_process() {
        let poller = PeakRssPoller::start(std::process::id(), Duration::from_millis(1));
        std::thread::sleep(Duration::from_millis(20));
        assert!(poller.finish().is_some_and(|kib| kib > 0));
    }
}
