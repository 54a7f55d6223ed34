//! The server under test: a built `intake` binary run as a child process on a free loopback port, with a fresh
//! data directory and its own log file, and what `/proc` tells about it. It can be killed and started again on
//! the same port and data directory, as a self-hosted server comes back after a crash.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The database file inside the data directory (the SQLite store's `DATABASE_FILE`).
pub const DATABASE_FILE: &str = "cases.sqlite3";

/// Clock ticks per second of `/proc/<pid>/stat` times (`USER_HZ`, 100 on Linux).
const USER_HZ: f64 = 100.0;

/// A running `intake` server. Dropping it kills the process if it still runs.
pub struct Server {
    child: Child,
    binary: PathBuf,
    env: Vec<(String, String)>,
    addr: SocketAddr,
    data_dir: PathBuf,
    log: PathBuf,
    stopped: bool,
    // Removed last: holds the data directory and the log.
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts `binary` on a free loopback port with a fresh data directory, the rate limit off and logging at
    /// `warn`. Returns once the process runs; [`Server::wait_ready`] waits for it to listen.
    pub fn start(binary: &Path) -> Result<Self, String> {
        Self::start_with(binary, &[])
    }

    /// Starts `binary` as [`Server::start`] does, with `env` on top of (or instead of) those settings: another
    /// store, a rate limit, another log level.
    pub fn start_with(binary: &Path, env: &[(String, String)]) -> Result<Self, String> {
        if !binary.is_file() {
            return Err(format!(
                "no intake binary at {}: build it first (cargo build --release -p csirt-intake)",
                binary.display()
            ));
        }
        let addr = free_port()?;
        let dir = tempfile::Builder::new()
            .prefix("intake-bench-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let data_dir = dir.path().join("data");
        let log = dir.path().join("server.log");
        let child = spawn(binary, addr, &data_dir, env, &log)?;
        Ok(Server {
            child,
            binary: binary.to_owned(),
            env: env.to_vec(),
            addr,
            data_dir,
            log,
            stopped: false,
            _dir: dir,
        })
    }

    /// Polls the port until the server accepts a connection, for at most `limit`.
    pub fn wait_ready(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.stopped = true;
                return Err(format!(
                    "the server exited before listening ({status}); its log:\n{}",
                    self.log_text()
                ));
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() >= limit {
                return Err(format!(
                    "the server did not listen on {} within {} s; its log:\n{}",
                    self.addr,
                    limit.as_secs(),
                    self.log_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts the binary again after [`Server::kill`], on the same port, data directory and settings, its log
    /// appended to the same file. Returns once the process runs.
    pub fn restart(&mut self) -> Result<(), String> {
        if !self.stopped {
            return Err("the server still runs: kill it first".into());
        }
        self.child = spawn(
            &self.binary,
            self.addr,
            &self.data_dir,
            &self.env,
            &self.log,
        )?;
        self.stopped = false;
        Ok(())
    }

    /// The server's data directory (SQLite file and evidence).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's SQLite database file.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }

    /// The server's peak resident set size in KiB (`VmHWM`).
    pub fn peak_rss_kib(&self) -> Result<u64, String> {
        crate::procfs::peak_rss_kib(self.child.id())
    }

    /// CPU time (user + system) the server has used so far, in seconds.
    pub fn cpu_seconds(&self) -> Option<f64> {
        cpu_seconds(&format!("/proc/{}/stat", self.child.id()))
    }

    /// The server's log so far (everything at `warn` and above).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops the server with SIGKILL: no graceful shutdown, nothing flushed on the way out.
    pub fn kill(&mut self) -> Result<ExitStatus, String> {
        self.child
            .kill()
            .map_err(|e| format!("cannot kill the server: {e}"))?;
        self.stopped = true;
        self.child
            .wait()
            .map_err(|e| format!("cannot reap the server: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.stopped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Starts `binary` on `addr` with `data_dir`, the default settings and `env` on top, its output appended to
/// `log`.
fn spawn(
    binary: &Path,
    addr: SocketAddr,
    data_dir: &Path,
    env: &[(String, String)],
    log: &Path,
) -> Result<Child, String> {
    let log_file = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot open the server log: {e}"))?;
    let log_file_too = log_file
        .try_clone()
        .map_err(|e| format!("cannot share the server log: {e}"))?;
    Command::new(binary)
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .env("CSIRT_CONFIG", team_file())
        .env("CSIRT_STORE", "sqlite")
        .env("CSIRT_DATA_DIR", data_dir)
        .env("CSIRT_ADDR", addr.to_string())
        .env("CSIRT_RATE_LIMIT", "off")
        // Load runs file thousands of reports in a day: the daily caps would end them at the 500th.
        .env("CSIRT_DAILY_REPORTS", "off")
        .env("CSIRT_DAILY_EVIDENCE", "off")
        .env("RUST_LOG", "warn")
        .envs(env.iter().map(|(name, value)| (name, value)))
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_file_too)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))
}

/// CPU time (user + system) of the process whose `stat` file is `path`, in seconds.
pub fn cpu_seconds(path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(path).ok()?;
    // The command name may hold spaces and parentheses: fields are counted after its closing one.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some((user + system) as f64 / USER_HZ)
}

/// A loopback address with a port nobody listens on right now.
fn free_port() -> Result<SocketAddr, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot find a free loopback port: {e}"))?;
    listener
        .local_addr()
        .map_err(|e| format!("cannot find a free loopback port: {e}"))
}

/// The team file the server reads: `CSIRT_CONFIG` when set, else the workspace's `content/config.toml` (the
/// server may run from any directory).
fn team_file() -> String {
    std::env::var("CSIRT_CONFIG")
        .ok()
        .filter(|file| !file.is_empty())
        .unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/config.toml").to_owned()
        })
}
