//! What the notification tests share: a real SMTP server (aiosmtpd) on loopback writing to a Maildir, a
//! webhook receiver, a SQLite store, and reports filed through the public API.

use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use csirt_domain::case::{Actor, Case};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::sop::SopProfile;
use csirt_notify::NotifySettings;
use csirt_store::SqliteStore;
use csirt_store::evidence::DirectoryEvidence;
use csirt_store::filing::{Filed, Filing, file_report};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The reporter's data and description: none of it may be in a team message.
pub const NAME: &str = "Wulan Anggraini";
/// The reporter's address.
pub const EMAIL: &str = "wulan.anggraini@contoh.id";
/// The reporter's phone, as stored.
pub const PHONE: &str = "+6281377776666";
/// The description.
pub const DESCRIPTION: &str = "Formulir pendaftaran beasiswa menampilkan data pendaftar lain";

/// aiosmtpd on a free loopback port, storing what it receives in a Maildir.
pub struct SmtpServer {
    child: Child,
    /// Its port.
    pub port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts aiosmtpd with the Python `tests/run` installed it into; fails loudly without it.
    pub fn start() -> SmtpServer {
        let python = std::env::var("CSIRT_TEST_PYTHON").unwrap_or_else(|_| {
            panic!(
                "CSIRT_TEST_PYTHON is not set: these tests need aiosmtpd; run them with tests/run"
            )
        });
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return SmtpServer {
                    child,
                    port,
                    maildir,
                    _dir: dir,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on port {port} within 5 s");
    }

    /// The messages received so far, as raw text, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let new = self.maildir.join("new");
        let Ok(entries) = std::fs::read_dir(&new) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .map(|e| e.unwrap().path())
            .map(|p| (std::fs::metadata(&p).unwrap().modified().unwrap(), p))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, p)| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// The message to `address`, decoded (quoted-printable or base64 bodies are decoded by Python's email).
    pub fn message_to(&self, address: &str) -> Vec<String> {
        self.messages()
            .into_iter()
            .filter(|m| {
                m.lines()
                    .any(|l| l.starts_with("X-RcptTo:") && l.contains(address))
            })
            .map(|m| decode(&m))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Decodes a message's headers, its text body and a line per attachment (`Attachment: NAME TYPE DISPOSITION
/// SHA256`) with Python's own e-mail parser.
fn decode(raw: &str) -> String {
    let python = std::env::var("CSIRT_TEST_PYTHON").unwrap();
    let script = "import sys, email, email.policy, hashlib\n\
        m = email.message_from_string(sys.stdin.read(), policy=email.policy.default)\n\
        print('Subject:', m['subject']); print('To:', m['to']); print('From:', m['from'])\n\
        print('Reply-To:', m['reply-to']); print()\n\
        print(m.get_body(preferencelist=('plain',)).get_content())\n\
        for part in m.iter_attachments():\n\
        \x20   data = part.get_payload(decode=True)\n\
        \x20   print('Attachment:', part.get_filename(), part.get_content_type(), part.get_content_disposition(), hashlib.sha256(data).hexdigest())";
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(raw.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// Notification settings for the SMTP server on `port` (plain: loopback).
pub fn smtp_settings(port: u16) -> NotifySettings {
    let url = format!("smtp://127.0.0.1:{port}");
    NotifySettings::from_lookup(&|name| match name {
        "CSIRT_SMTP_URL" => Some(url.clone()),
        "CSIRT_MAIL_FROM" => Some("TegalKab-CSIRT <csirt@tegalkab.go.id>".into()),
        "CSIRT_TEAM_EMAIL" => Some("tim@tegalkab.go.id".into()),
        "CSIRT_SITE_URL" => Some("https://csirt.tegalkab.go.id".into()),
        _ => None,
    })
    .unwrap()
}

/// A SQLite store and evidence directory in a temporary directory.
pub struct Stores {
    /// The cases.
    pub cases: Arc<SqliteStore>,
    /// The evidence.
    pub evidence: Arc<DirectoryEvidence>,
    _dir: tempfile::TempDir,
}

impl Stores {
    /// Fresh stores.
    pub fn new() -> Stores {
        let dir = tempfile::tempdir().unwrap();
        Stores {
            cases: Arc::new(SqliteStore::open(&dir.path().join("data")).unwrap()),
            evidence: Arc::new(DirectoryEvidence::open(dir.path().join("evidence")).unwrap()),
            _dir: dir,
        }
    }

    /// Files a report from the website form, written in `lang`, received at `at`.
    pub async fn file(&self, profile: &SopProfile, lang: &str, at: DateTime<Utc>) -> Case {
        let input = ReportInput::from_pairs([
            ("reporter_name", NAME),
            ("reporter_email", EMAIL),
            ("reporter_phone", PHONE),
            ("incident_class", "information-content-security"),
            ("incident_type", "unauthorised-information-access"),
            ("description", DESCRIPTION),
            ("affected_url", "https://beasiswa.tegalkab.go.id/daftar"),
            ("lang", lang),
        ]);
        let report = csirt_test_kit::reports::parse_at_offset(
            &input,
            at,
            profile.calendar().unwrap().offset(),
        );
        let filing = Filing {
            report,
            files: &[],
            channel: Channel::WebForm,
            actor: Actor::Reporter,
            idempotency: None,
            at,
            local_offset: profile.calendar().unwrap().offset(),
        };
        match file_report(
            &*self.cases,
            &*self.evidence,
            &profile.tracking_prefix,
            filing,
        )
        .await
        .unwrap()
        {
            Filed::New(case) => *case,
            Filed::Repeated(code) => panic!("{code} was filed before"),
        }
    }
}

/// A webhook receiver on loopback: answers every POST with `status` and keeps the bodies.
pub struct WebhookReceiver {
    /// Its address.
    pub url: String,
    /// The bodies received.
    pub bodies: Arc<Mutex<Vec<String>>>,
}

impl WebhookReceiver {
    /// Starts it on the current runtime.
    pub async fn start(status: u16) -> WebhookReceiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/csirt", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = bodies.clone();
        tokio::spawn(async move {
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                let kept = kept.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    loop {
                        let n = stream.read(&mut buffer).await.unwrap();
                        if n == 0 {
                            break;
                        }
                        request.extend_from_slice(&buffer[..n]);
                        let text = String::from_utf8_lossy(&request).into_owned();
                        if let Some((head, body)) = text.split_once("\r\n\r\n") {
                            let length: usize = head
                                .lines()
                                .find_map(|l| {
                                    l.to_ascii_lowercase()
                                        .strip_prefix("content-length:")
                                        .map(|v| v.trim().parse().unwrap())
                                })
                                .unwrap_or(0);
                            if body.len() >= length {
                                kept.lock().unwrap().push(body.to_owned());
                                break;
                            }
                        }
                    }
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                });
            }
        });
        WebhookReceiver { url, bodies }
    }
}
