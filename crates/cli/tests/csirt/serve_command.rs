//! `csirt serve` as a team runs it: the site and the intake on one origin, and the Hall of Fame rebuilt when the
//! case export changes (as `csirt export` writes it after a closure), not only when content or templates do.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use csirt_test_kit::files::shipped_site;

/// `csirt serve` on a free port; killed when dropped.
pub(super) struct Served {
    child: Child,
    pub(super) addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `csirt serve` on `site` and reads the address it says it serves on.
pub(super) fn serve(site: &std::path::Path) -> Served {
    serve_on(site, &site.join("data"))
}

/// Starts `csirt serve` on `site` with its store in `data_dir`.
pub(super) fn serve_on(site: &std::path::Path, data_dir: &std::path::Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(["serve", "--addr", "127.0.0.1:0", "--config"])
        .arg(site.join("content/config.toml"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--output")
        .arg(site.join("public"))
        .env_remove("CSIRT_CONFIG")
        .env_remove("CSIRT_SMTP_URL")
        .env_remove("CSIRT_MAIL")
        .env_remove("CSIRT_WEBHOOK_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("csirt serve says where it listens")
            .unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    // Keep reading its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Served { child, addr }
}

/// The body of `GET path`.
fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn the_hall_of_fame_follows_the_case_export() {
    let dir = shipped_site();
    let served = serve(dir.path());
    assert!(get(&served.addr, "/hall-of-fame/").contains("200 OK"));
    assert!(!get(&served.addr, "/hall-of-fame/").contains("pelapor_teliti"));

    // What `csirt export` writes (its place is the team file's `export`, beside `data/`).
    std::fs::write(
        dir.path().join("data/site-export.json"),
        r#"{"hall_of_fame": [{"alias": "pelapor_teliti", "closed_on": "2026-11-20",
            "incident_class": "intrusions"}], "closed_by_class": {"intrusions": 1}}"#,
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !get(&served.addr, "/hall-of-fame/").contains("pelapor_teliti") {
        assert!(
            Instant::now() < deadline,
            "the Hall of Fame was not rebuilt from the new export within 30 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
