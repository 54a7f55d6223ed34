//! `csirt serve` sends the site as the build compressed it — Brotli or gzip to a browser that accepts it, the
//! file as it is otherwise — and each kind of path with its cache lifetime: a year for fingerprinted assets,
//! revalidated pages, five minutes for the rest; the console's answers keep their own. The site's security
//! headers go on every answer that has not set its own: a download keeps its sandbox, the intake its policy.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use csirt_site::assets::{CACHE_IMMUTABLE, CACHE_REVALIDATE, CACHE_SHORT};
use csirt_test_kit::files::shipped_site;

use super::seeds::{Csirt, SeedSite};
use super::serve_command::{serve, serve_on};

/// An answer: status code, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as the browser reads it, after undoing its `Content-Encoding`.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            Some("br") => {
                brotli::Decompressor::new(&self.body[..], 4096)
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.body[..])
                    .read_to_end(&mut out)
                    .unwrap();
            }
            None => out.clone_from(&self.body),
            Some(other) => panic!("unexpected Content-Encoding {other}"),
        }
        out
    }
}

/// `GET path`, accepting `encoding` (no `Accept-Encoding` header when `None`).
fn get(addr: &str, path: &str, encoding: Option<&str>) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    let accept = encoding.map_or_else(String::new, |e| format!("Accept-Encoding: {e}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{accept}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an answer with headers");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = unchunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

/// The body of a chunked answer.
fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            std::str::from_utf8(&raw[..end])
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
}

/// The fingerprinted name (`assets/site.3f9a1c2b.css`) of the asset `name` in the built site `public`.
fn fingerprinted(public: &Path, name: &str) -> String {
    let path = format!("assets/{name}");
    csirt_site::assets::fingerprinted_name(&path, &std::fs::read(public.join(&path)).unwrap())
}

#[test]
fn the_site_is_sent_precompressed_to_browsers_that_accept_it_and_as_it_is_to_others() {
    let dir = shipped_site();
    let served = serve(dir.path());
    let public = dir.path().join("public");
    let css = fingerprinted(&public, "site.css");
    let script = fingerprinted(&public, "report-form.js");
    let form_page = std::fs::read(public.join("lapor/index.html")).unwrap();
    assert!(
        String::from_utf8_lossy(&form_page).contains(&format!("/{script}")),
        "the report form loads its script under the fingerprinted name"
    );
    for (path, file) in [
        ("/lapor/", "lapor/index.html"),
        ("/", "index.html"),
        (&format!("/{css}") as &str, css.as_str()),
        (&format!("/{script}"), script.as_str()),
        ("/assets/site.css", "assets/site.css"),
        ("/sitemap.xml", "sitemap.xml"),
    ] {
        let plain = std::fs::read(public.join(file)).unwrap();
        for (accept, encoding, sibling) in [
            (Some("br"), Some("br"), Some(".br")),
            (Some("gzip, deflate, br"), Some("br"), Some(".br")),
            (Some("gzip"), Some("gzip"), Some(".gz")),
            (None, None, None),
            (Some("identity"), None, None),
        ] {
            let answer = get(&served.addr, path, accept);
            assert_eq!(answer.status, 200, "{path} ({accept:?})");
            assert_eq!(
                answer.header("content-encoding"),
                encoding,
                "{path} ({accept:?})"
            );
            assert_eq!(answer.decoded(), plain, "{path} ({accept:?})");
            let sent = match sibling {
                Some(suffix) => std::fs::read(public.join(format!("{file}{suffix}"))).unwrap(),
                None => plain.clone(),
            };
            assert_eq!(
                answer.body, sent,
                "{path} ({accept:?}): the file built, as it is"
            );
            assert!(
                answer
                    .header("vary")
                    .is_some_and(|v| v.to_lowercase().contains("accept-encoding")),
                "{path}: no Vary: Accept-Encoding"
            );
            assert!(
                answer
                    .header("content-type")
                    .is_some_and(|t| !t.starts_with("application/octet-stream")),
                "{path}: the type of the file, not of its compressed copy"
            );
            assert_eq!(
                answer.header("x-content-type-options"),
                Some("nosniff"),
                "the security headers still apply"
            );
        }
    }
    // The report form page: what compression saves on its HTML, stylesheet and script.
    let sizes = |suffix: &str| -> u64 {
        ["lapor/index.html", css.as_str(), script.as_str()]
            .iter()
            .map(|f| {
                std::fs::metadata(public.join(format!("{f}{suffix}")))
                    .unwrap()
                    .len()
            })
            .sum()
    };
    let (plain, br, gz) = (sizes(""), sizes(".br"), sizes(".gz"));
    eprintln!(
        "the report form page (HTML, CSS, JS): {plain} bytes plain, {br} in Brotli, {gz} in gzip"
    );
    assert!(br < gz && gz < plain / 2, "{plain} {br} {gz}");
}

#[test]
fn each_kind_of_path_has_its_cache_lifetime() {
    let dir = shipped_site();
    let served = serve(dir.path());
    let public = dir.path().join("public");
    let css = format!("/{}", fingerprinted(&public, "site.css"));
    let favicon = format!("/{}", fingerprinted(&public, "favicon.svg"));
    for (path, status, lifetime) in [
        (css.as_str(), 200, CACHE_IMMUTABLE),
        (favicon.as_str(), 200, CACHE_IMMUTABLE),
        ("/", 200, CACHE_REVALIDATE),
        ("/lapor/", 200, CACHE_REVALIDATE),
        ("/en/report/", 200, CACHE_REVALIDATE),
        ("/404.html", 200, CACHE_REVALIDATE),
        ("/assets/site.css", 200, CACHE_SHORT),
        ("/assets/favicon.svg", 200, CACHE_SHORT),
        ("/sitemap.xml", 200, CACHE_SHORT),
        ("/robots.txt", 200, CACHE_SHORT),
        ("/.well-known/security.txt", 200, CACHE_SHORT),
        ("/tidak-ada/", 404, CACHE_REVALIDATE),
        ("/assets/site.00000000.css", 404, CACHE_REVALIDATE),
    ] {
        for accept in [Some("br"), None] {
            let answer = get(&served.addr, path, accept);
            assert_eq!(answer.status, status, "{path}");
            assert_eq!(
                answer.header("cache-control"),
                Some(lifetime),
                "{path} ({accept:?})"
            );
        }
    }
    // The 404 page, compressed too, in the language of the path.
    let missing = get(&served.addr, "/en/tidak-ada/", Some("br"));
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-encoding"), Some("br"));
    assert_eq!(
        missing.decoded(),
        std::fs::read(public.join("en/404.html")).unwrap()
    );
    // The console answers as it always did: its own Cache-Control, nothing of the site's.
    let console = get(&served.addr, "/staff/", Some("br"));
    assert_eq!(console.header("cache-control"), Some("no-store"));
    assert!(console.header("content-encoding").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_and_the_intake_keep_their_own_security_headers() {
    let site = SeedSite::new("bali");
    let code = site
        .submit("wayan_s", "intrusions", "application-compromise")
        .await;
    let guide = site.path("panduan.html");
    let bytes = b"<html><script>alert(document.domain)</script></html>\n";
    std::fs::write(&guide, bytes).unwrap();
    site.csirt(&[
        "case",
        "message",
        &code,
        "--text",
        "Panduan pemulihan terlampir.",
        "--file",
        guide.to_str().unwrap(),
    ]);
    let sha256 = csirt_domain::digest::sha256_hex(bytes);
    let served = serve_on(site.dir.path(), &site.path("store"));

    let download = get(
        &served.addr,
        &format!("/api/reports/{code}/files/{sha256}"),
        None,
    );
    assert_eq!(download.status, 200);
    assert_eq!(download.body, bytes);
    assert_eq!(
        download.header("content-security-policy"),
        Some(csirt_intake::routes::FILE_CSP)
    );
    assert!(
        download
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "{:?}",
        download.headers
    );
    assert_eq!(download.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        download.header("content-type"),
        Some("application/octet-stream")
    );

    // The intake's answers keep the intake's policy (no script, posts to itself only)…
    let status = get(&served.addr, &format!("/api/reports/{code}"), None);
    assert_eq!(status.status, 200);
    assert_eq!(
        status.header("content-security-policy"),
        Some(csirt_intake::guard::CONTENT_SECURITY_POLICY)
    );
    assert_eq!(status.header("cache-control"), Some("no-store"));
    // …and the site's pages get the site's, with every other header of the site's set.
    let home = get(&served.addr, "/", None);
    assert_eq!(home.status, 200);
    for (name, value) in csirt_site::headers::SECURITY_HEADERS {
        assert_eq!(home.header(name), Some(value), "{name}");
    }
    assert_eq!(download.header("x-frame-options"), Some("DENY"));
    assert_eq!(
        download.header("permissions-policy"),
        home.header("permissions-policy")
    );
}
