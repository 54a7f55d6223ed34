//! Hostile input through the real server: markup, template syntax and control characters in every field come
//! out escaped on the intake's HTML pages; path tricks in evidence file names never leave the evidence
//! directory; oversized and deeply nested bodies are refused quickly and without memory growth.
//!
//! The site's pages (Hall of Fame alias) and the case documents are tested for the same in the site and staff
//! crates (`site/tests/site/build/`, `crates/staff/tests/staff/documents/`).

// A binary of its own, as each reliability test is: they drive thousands of requests at a server process and
// time it, and beside another one in the same binary they would measure each other's load.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use csirt_reliability::drive::*;

/// Markup, template syntax, a terminal escape, NUL, a bidi override and other control characters.
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&{{ config }}{% raw %}{# c #}\
                       \u{1b}[31m\u{0}\u{7}\u{202e}\u{2066}\r\n";

/// Every text field of a report: the intake's fields but the consent flag, the TLP choice, the files and the
/// language.
fn text_fields() -> impl Iterator<Item = &'static str> {
    csirt_domain::report::FIELDS
        .into_iter()
        .filter(|f| !matches!(*f, "hall_of_fame_consent" | "tlp" | "evidence" | "lang"))
}

/// Sends `head` and `body` on a new connection (writing from another thread, so an answer that comes before
/// the whole body is read) and returns the answer's status, its text, and how long it took.
fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let request = [head.as_bytes(), body].concat();
    let sending = std::thread::spawn(move || {
        // The server may answer and close before it has read everything: a failed write is expected then.
        let _ = writer.write_all(&request);
    });
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let elapsed = started.elapsed();
    sending.join().unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no answer: {text:?}"));
    (status, text, elapsed)
}

fn post(
    addr: SocketAddr,
    content_type: &str,
    accept: &str,
    body: &[u8],
) -> (u16, String, Duration) {
    let head = format!(
        "POST /api/reports HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nAccept: {accept}\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    exchange(addr, &head, body)
}

fn get(addr: SocketAddr, path: &str, accept: &str) -> (u16, String) {
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    );
    let (status, text, _) = exchange(addr, &head, b"");
    (status, text)
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (name, value) in pairs {
        if !body.is_empty() {
            body.push('&');
        }
        body.push_str(name);
        body.push('=');
        for byte in value.bytes() {
            body.push_str(&format!("%{byte:02X}"));
        }
    }
    body.into_bytes()
}

/// Fails when `page` holds anything of `HOSTILE` unescaped.
fn assert_escaped(what: &str, page: &str) {
    let body = page.split("\r\n\r\n").nth(1).unwrap_or(page);
    for raw in [
        "<script",
        "<img",
        "onerror=alert(2)>",
        "\u{1b}",
        "\u{0}",
        "\u{7}",
        "\u{202e}",
        "\u{2066}",
    ] {
        assert!(
            !body.contains(raw),
            "{what} holds {raw:?} unescaped:\n{body}"
        );
    }
    assert!(
        !body.contains("{% raw"),
        "{what} is not what the template made"
    );
}

#[test]
fn hostile_text_in_every_field_is_escaped_on_the_intake_pages() {
    let mut server = start_server(&[]);
    let addr = server.addr();
    let html = "text/html";
    // Every field hostile: refused, and the error page lists every field escaped.
    let all: Vec<(&str, &str)> = text_fields().map(|field| (field, HOSTILE)).collect();
    let (status, page, _) = post(addr, "application/x-www-form-urlencoded", html, &form(&all));
    assert_eq!(status, 422, "{page}");
    assert_escaped("the error page", &page);

    // Each free-text field hostile in an otherwise valid report: taken, and the receipt and status pages are
    // clean.
    let valid = [
        ("reporter_name", "Rina"),
        ("reporter_email", "rina@example.org"),
        ("reporter_kind", "public"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "A defaced page."),
        ("affected_url", "https://www.example.org/"),
        ("hall_of_fame_consent", "true"),
        ("hall_of_fame_alias", "Rina"),
        ("lang", "en"),
    ];
    for field in text_fields() {
        let mut pairs: Vec<(&str, &str)> =
            valid.iter().filter(|(n, _)| *n != field).copied().collect();
        pairs.push((field, HOSTILE));
        let (status, page, _) = post(
            addr,
            "application/x-www-form-urlencoded",
            html,
            &form(&pairs),
        );
        assert!(status == 201 || status == 422, "{field}: {status} {page}");
        assert_escaped(&format!("the answer with a hostile {field}"), &page);
        if status == 201 {
            let code = page
                .split("/api/reports/")
                .nth(1)
                .and_then(|rest| rest.split(['\r', '"', '?']).next())
                .unwrap()
                .to_owned();
            let (status, page) = get(addr, &format!("/api/reports/{code}"), html);
            assert_eq!(status, 200, "{page}");
            assert_escaped(&format!("the status page after a hostile {field}"), &page);
        }
    }
    // A hostile code in the status lookup.
    let (status, page) = get(addr, "/api/status?code=%3Cscript%3E%7B%7Bx%7D%7D%1B", html);
    assert_eq!(status, 422, "{page}");
    assert_escaped("the status lookup's error page", &page);
    server.kill().unwrap();
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn evidence_file_names_never_leave_the_evidence_directory() {
    let mut server = start_server(&[]);
    let addr = server.addr();
    let root = server.data_dir().parent().unwrap().to_owned();
    let names = [
        "../../../../../../tmp/csirt-escape.txt",
        "/etc/csirt-escape.txt",
        "..\\..\\..\\csirt-escape.txt",
        "%2e%2e%2f%2e%2e%2fcsirt-escape.txt",
        "....//....//csirt-escape.txt",
    ];
    let boundary = "hostileboundary";
    let mut body = Vec::new();
    for (name, value) in [
        ("reporter_email", "rina@example.org"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "Evidence with tricky names."),
        ("affected_url", "https://www.example.org/"),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (i, name) in names.iter().enumerate() {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"{name}\"\r\n\
                 Content-Type: text/plain\r\n\r\nevidence file {i}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let (status, answer, _) = post(
        addr,
        &format!("multipart/form-data; boundary={boundary}"),
        "application/json",
        &body,
    );
    assert_eq!(status, 201, "{answer}");
    let evidence = server.data_dir().join("evidence");
    let stored: Vec<_> = files_under(&evidence);
    assert_eq!(stored.len(), names.len(), "{stored:?}");
    for path in &stored {
        let relative = path.strip_prefix(&evidence).unwrap();
        let parts: Vec<_> = relative.components().collect();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            parts.len() == 3 && name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()),
            "evidence stored as {relative:?}, not cases/<case>/<sha256>"
        );
    }
    for path in files_under(&root) {
        assert!(
            path.starts_with(server.data_dir()) || path.file_name().unwrap() == "server.log",
            "a file outside the data directory: {path:?}"
        );
    }
    assert!(!Path::new("/tmp/csirt-escape.txt").exists());
    assert!(!Path::new("/etc/csirt-escape.txt").exists());
    server.kill().unwrap();
}

#[test]
fn oversized_and_deeply_nested_bodies_are_refused_quickly_without_memory_growth() {
    let mut server = start_server(&[]);
    let addr = server.addr();
    let json = "application/json";
    // Warm up, so the baseline includes what any request costs.
    let (status, _, _) = post(addr, json, json, b"{}");
    assert_eq!(status, 422);
    let baseline = server.peak_rss_kib().unwrap();

    let nested = format!("{}{}", "[".repeat(200_000), "]".repeat(50_000));
    let nested_objects = "{\"a\":".repeat(40_000);
    let oversized_json = vec![b' '; 8 * 1024 * 1024];
    let boundary = "big";
    let mut oversized_multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"a.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n"
    )
    .into_bytes();
    oversized_multipart.resize(oversized_multipart.len() + 16 * 1024 * 1024, b'a');
    let oversized_form = vec![b'a'; 8 * 1024 * 1024];
    let many_fields = "x=1&".repeat(60_000);
    let multipart_type = format!("multipart/form-data; boundary={boundary}");
    let cases: [(&str, &str, &[u8], u16); 6] = [
        ("200,000 nested arrays", json, nested.as_bytes(), 422),
        (
            "40,000 nested objects",
            json,
            nested_objects.as_bytes(),
            422,
        ),
        ("8 MiB of JSON", json, &oversized_json, 413),
        (
            "8 MiB form",
            "application/x-www-form-urlencoded",
            &oversized_form,
            413,
        ),
        (
            "60,000 form fields",
            "application/x-www-form-urlencoded",
            many_fields.as_bytes(),
            422,
        ),
        (
            "16 MiB multipart",
            &multipart_type,
            &oversized_multipart,
            413,
        ),
    ];
    for round in 0..5 {
        for (what, content_type, body, expected) in cases {
            let (status, answer, took) = post(addr, content_type, json, body);
            assert_eq!(status, expected, "{what}: {answer}");
            assert!(took < Duration::from_secs(2), "{what} took {took:?}");
            if round == 0 {
                println!(
                    "hostile: {what}: {status} in {:.1} ms",
                    took.as_secs_f64() * 1e3
                );
            }
        }
    }
    let peak = server.peak_rss_kib().unwrap();
    println!("hostile: server peak RSS {baseline} KiB before, {peak} KiB after 30 hostile bodies");
    // The text limit is 256 KiB and the multipart limit 4 MiB: what is read stays well under 32 MiB.
    assert!(
        peak < baseline + 32 * 1024,
        "peak RSS grew from {baseline} KiB to {peak} KiB"
    );
    server.kill().unwrap();
}
