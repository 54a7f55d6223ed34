//! `csirt build --rfc2350-pdf FILE`: the RFC 2350 profile printed to PDF with Debian's Chromium, as the case
//! documents are; and `csirt check` on a team key that expires before security.txt does.

use std::path::Path;
use std::process::{Command, Output};

use csirt_test_kit::files::shipped_site;

fn csirt(site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(args)
        .arg("--config")
        .arg(site.join("content/config.toml"))
        .env_remove("CSIRT_CONFIG")
        .output()
        .unwrap()
}

/// The document title Chromium writes into a PDF's information dictionary: `/Title <FEFF…>` (UTF-16BE in hex)
/// or `/Title (…)`.
fn pdf_title(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/Title ").expect("the PDF has a title") + "/Title ".len();
    let rest = &text[start..];
    if let Some(hex) = rest.strip_prefix('<') {
        let hex = &hex[..hex.find('>').unwrap()];
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
            .trim_start_matches('\u{feff}')
            .to_owned()
    } else {
        let literal = rest.strip_prefix('(').unwrap();
        literal[..literal.find(')').unwrap()].to_owned()
    }
}

#[test]
fn the_rfc2350_profile_prints_to_an_a4_pdf_in_both_languages() {
    let site = shipped_site();
    let public = site.path().join("public");
    let pdf = site.path().join("dokumen/rfc2350.pdf");
    let output = csirt(
        site.path(),
        &[
            "build",
            "--output",
            public.to_str().unwrap(),
            "--rfc2350-pdf",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    for (file, title) in [
        (
            "rfc2350.pdf",
            "Profil RFC 2350 — TegalKab-CSIRT — versi 1.0",
        ),
        (
            "rfc2350.en.pdf",
            "RFC 2350 Profile — TegalKab-CSIRT — version 1.0",
        ),
    ] {
        let path = site.path().join("dokumen").join(file);
        assert!(
            stdout.contains(&format!(
                "printed the RFC 2350 profile to {}",
                path.display()
            )),
            "{stdout}"
        );
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{file} is not a PDF");
        let text = String::from_utf8_lossy(&bytes);
        // A4 portrait: 595 × 842 points (Chromium writes 594.95996 × 841.91998).
        let a4 = text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox [0 0 594.95996 841.91998]");
        assert!(a4, "{file} is not A4 portrait");
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert!((2..=5).contains(&pages), "{file} has {pages} pages");
        assert_eq!(pdf_title(&bytes), title, "{file}");
    }
    // The printable profile the PDF was printed from is part of the built site.
    assert!(public.join("rfc2350/cetak/index.html").is_file());
    assert!(public.join("en/rfc2350/print/index.html").is_file());
}

#[test]
fn a_key_that_expires_before_security_txt_is_named_by_check() {
    let site = shipped_site();
    let content = site.path().join("content");
    let key = Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/src/team/testdata/ed25519.asc");
    std::fs::copy(&key, content.join("pgp-key.asc")).unwrap();
    let config = content.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "# openpgp_key = \"pgp-key.asc\"",
            "openpgp_key = \"pgp-key.asc\"",
        ),
    )
    .unwrap();
    let output = csirt(site.path(), &["check"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The test key expires on 2040-01-01: a security.txt built on 2039-06-01 would outlive it.
    let output = Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(["check", "--config"])
        .arg(&config)
        .env_remove("CSIRT_CONFIG")
        .env("SOURCE_DATE_EPOCH", "2190499200")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains(
            "team.openpgp_key: key C5F6855842F5340D9632CFBD8C2A0061B79AAA2C expires on 2040-01-01"
        ),
        "{errors}"
    );
}
