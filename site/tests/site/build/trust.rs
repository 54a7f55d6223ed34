//! The trust signals the team file adds: the logo in the header, the hotlines, the OpenPGP key published with its
//! fingerprint and named in security.txt, the printable RFC 2350 profile; and the refusals of files that cannot
//! be those, each naming the file and the setting.

use csirt_domain::team::OpenPgpKey;

use super::*;

/// The fixture key's fingerprint as `gpg --with-colons --import-options show-only --import kunci-publik.asc`
/// prints it (GnuPG 2.2).
const GPG_FINGERPRINT: &str = "C5F6855842F5340D9632CFBD8C2A0061B79AAA2C";

/// The `trust` fixture's files.
fn trust_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/trust")
        .join(name)
}

/// The domain's test keys (expired, private).
fn test_key(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/domain/src/team/testdata")
        .join(name)
}

/// The `basic` fixture with `files` (source, name in `content/`) copied beside its team file and `settings` added
/// to its `[team]` table; its `security_txt.encryption` is removed unless `keep_encryption`.
fn fixture_with(files: &[(PathBuf, &str)], settings: &str, keep_encryption: bool) -> Fixture {
    let fixture = Fixture::new("basic");
    for (source, name) in files {
        std::fs::copy(source, fixture.dir.path().join("content").join(name)).unwrap();
    }
    let config = fixture.config();
    let mut text = std::fs::read_to_string(&config).unwrap();
    if !keep_encryption {
        assert!(text.contains("encryption = \"/kunci.txt\"\n"));
        text = text.replace("encryption = \"/kunci.txt\"\n", "");
    }
    text = text.replace("[team]\n", &format!("[team]\n{settings}\n"));
    std::fs::write(&config, text).unwrap();
    fixture
}

fn build_error(fixture: &Fixture) -> String {
    fixture.build_into("public").unwrap_err()
}

#[test]
fn the_logo_is_published_and_shown_beside_the_teams_name() {
    let fixture = fixture_with(
        &[(trust_file("logo.svg"), "logo.svg")],
        "logo = \"logo.svg\"",
        false,
    );
    let out = fixture.build();
    assert_eq!(
        std::fs::read(out.join("assets/logo.svg")).unwrap(),
        std::fs::read(trust_file("logo.svg")).unwrap(),
        "the logo is published byte for byte"
    );
    // Its size from the viewBox reserves its space; its text alternative is the team's name beside it in the
    // same link (an image repeating the link's own text has an empty alt).
    let logo = r#"<img class="brand-logo" src="/assets/logo.svg" alt="" width="64" height="72">"#;
    for page in [
        "index.html",
        "en/index.html",
        "lapor/index.html",
        "rfc2350/cetak/index.html",
    ] {
        let html = read(&out, page);
        assert!(html.contains(logo) || html.contains(r#"<img class="print-logo" src="/assets/logo.svg" alt="" width="64" height="72">"#), "{page}");
    }
    let home = read(&out, "index.html");
    assert!(
        home.contains(r#"<a class="brand with-logo" href="/"><img"#)
            && home.contains(r#"<span class="brand-name">Contoh-CSIRT</span>"#),
        "the logo is in the link with the team's name"
    );
    // Without the setting there is no logo.
    let basic = Fixture::new("basic");
    let plain = basic.build();
    assert!(!read(&plain, "index.html").contains("brand-logo"));
    assert!(!plain.join("assets/logo.svg").exists());

    let fixture = fixture_with(
        &[(trust_file("logo.png"), "lambang.png")],
        "logo = \"lambang.png\"",
        false,
    );
    let out = fixture.build();
    assert_eq!(
        std::fs::read(out.join("assets/logo.png")).unwrap(),
        std::fs::read(trust_file("logo.png")).unwrap()
    );
    assert!(
        read(&out, "index.html")
            .contains(r#"src="/assets/logo.png" alt="" width="40" height="16""#)
    );
}

#[test]
fn hotlines_are_linked_by_telephone_and_whatsapp() {
    let fixture = fixture_with(
        &[],
        r#"hotlines = [
    { label = "WhatsApp", number = "0811-2900-1234", whatsapp = true, calls = false },
    { label = { id = "Telepon piket", en = "On-call telephone" }, number = "(0541) 123456", whatsapp = true },
]"#,
        false,
    );
    let out = fixture.build();
    let whatsapp_only = r#"WhatsApp: <a href="https://wa.me/6281129001234">0811-2900-1234</a>"#;
    let on_call = r#"<a href="tel:+62541123456">(0541) 123456</a> · <a href="https://wa.me/62541123456">WhatsApp</a>"#;
    for page in [
        "index.html",
        "lapor/index.html",
        "rfc2350/index.html",
        "rfc2350/cetak/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains(whatsapp_only),
            "{page}: the WhatsApp-only number"
        );
        assert!(
            html.contains(&format!("Telepon piket: {on_call}")),
            "{page}: the on-call number"
        );
        assert!(
            !html.contains("tel:+6281129001234"),
            "{page}: a number the team does not pick up is not tel:"
        );
    }
    let english = read(&out, "en/report/index.html");
    assert!(
        english.contains("Need help now?")
            && english.contains(&format!("On-call telephone: {on_call}"))
    );
    assert!(
        read(&out, "lapor/index.html").contains(r#"<p class="hotline-help">Perlu bantuan segera?"#)
    );
    // Without hotlines the report page has no such line.
    let basic = Fixture::new("basic");
    let plain = basic.build();
    assert!(!read(&plain, "lapor/index.html").contains("hotline-help"));
}

#[test]
fn the_key_is_published_named_in_security_txt_and_shown_with_its_fingerprint() {
    let key_file = trust_file("kunci-publik.asc");
    let key = OpenPgpKey::parse(std::fs::read(&key_file).unwrap(), date()).unwrap();
    assert_eq!(
        key.fingerprint, GPG_FINGERPRINT,
        "rPGP reads the fingerprint GnuPG prints"
    );
    let fixture = fixture_with(
        &[(key_file.clone(), "kunci-publik.asc")],
        "openpgp_key = \"kunci-publik.asc\"",
        false,
    );
    let out = fixture.build();
    assert_eq!(
        std::fs::read(out.join("pgp-key.txt")).unwrap(),
        std::fs::read(&key_file).unwrap(),
        "the key is published byte for byte"
    );
    let security_txt = read(&out, ".well-known/security.txt");
    assert!(
        security_txt.contains("\nEncryption: https://csirt.contoh.go.id/pgp-key.txt\n"),
        "{security_txt}"
    );
    let grouped = "C5F6 8558 42F5 340D 9632 CFBD 8C2A 0061 B79A AA2C";
    assert_eq!(key.fingerprint_grouped(), grouped);
    for page in [
        "rfc2350/index.html",
        "en/rfc2350/index.html",
        "rfc2350/cetak/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains(&format!(r#"<code class="fingerprint">{grouped}</code>"#)),
            "{page}: the fingerprint"
        );
        assert!(
            html.contains(r#"<a href="/pgp-key.txt">https://csirt.contoh.go.id/pgp-key.txt</a>"#),
            "{page}: the key's address"
        );
        assert!(
            html.contains(r#"<time datetime="2040-01-01">2040-01-01</time>"#),
            "{page}: the expiry"
        );
        assert!(!html.contains("Belum tersedia"), "{page}");
    }
    // The basic fixture names a key elsewhere (security_txt.encryption): shown without a fingerprint.
    let basic = Fixture::new("basic");
    let plain = basic.build();
    let html = read(&plain, "rfc2350/index.html");
    assert!(
        html.contains(r#"<a href="/kunci.txt">https://csirt.contoh.go.id/kunci.txt</a>"#),
        "{html}"
    );
    assert!(!html.contains("fingerprint"));
    assert!(!plain.join("pgp-key.txt").exists());
}

#[test]
fn the_printable_profile_is_an_a4_document_linked_from_the_profile() {
    let fixture = fixture_with(
        &[
            (trust_file("logo.svg"), "logo.svg"),
            (trust_file("kunci-publik.asc"), "kunci-publik.asc"),
        ],
        "logo = \"logo.svg\"\nopenpgp_key = \"kunci-publik.asc\"",
        false,
    );
    let config = fixture.config();
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "last_updated = \"2026-11-01\"\n",
            "last_updated = \"2026-11-01\"\nversion = \"2.1\"\n",
        ),
    )
    .unwrap();
    let out = fixture.build();
    let profile = read(&out, "rfc2350/index.html");
    assert!(
        profile.contains(r#"<a href="/rfc2350/cetak/">"#),
        "the profile links its printable version"
    );
    assert!(read(&out, "en/rfc2350/index.html").contains(r#"<a href="/en/rfc2350/print/">"#));
    let print = read(&out, "rfc2350/cetak/index.html");
    for expected in [
        r#"<html lang="id">"#,
        r#"<link rel="canonical" href="https://csirt.contoh.go.id/rfc2350/">"#,
        r#"<main class="print-document">"#,
        r#"<p class="print-team">Contoh-CSIRT</p>"#,
        "(versi 2.1)",
        "7. Penafian",
        r#"<a href="/en/rfc2350/print/" hreflang="en""#,
    ] {
        assert!(print.contains(expected), "{expected}\n{print}");
    }
    assert!(read(&out, "en/rfc2350/print/index.html").contains("7. Disclaimers"));
    // The style sheet it links sets A4.
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/static/assets/site.css"),
    )
    .unwrap();
    assert!(css.contains("@page { size: A4 portrait;"));
    // Not a page of the sitemap: its canonical is the profile.
    assert!(!read(&out, "sitemap.xml").contains("cetak"));
    // Every link of the site resolves, the key's and the logo's included.
    let site = Site::load(&fixture.config()).unwrap();
    csirt_site::check::check_site(&site, date()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn files_that_cannot_be_a_logo_or_key_are_refused_naming_file_and_setting() {
    // A logo that is not there.
    let error = build_error(&fixture_with(&[], "logo = \"logo.svg\"", false));
    assert!(error.contains("logo.svg: team.logo:"), "{error}");
    // A PNG named .svg, and an SVG named .png.
    let error = build_error(&fixture_with(
        &[(trust_file("logo.png"), "logo.svg")],
        "logo = \"logo.svg\"",
        false,
    ));
    assert!(
        error.contains("logo.svg: team.logo: the name says SVG, but the file is a PNG"),
        "{error}"
    );
    let error = build_error(&fixture_with(
        &[(trust_file("logo.svg"), "logo.png")],
        "logo = \"logo.png\"",
        false,
    ));
    assert!(
        error.contains("logo.png: team.logo: the name says PNG"),
        "{error}"
    );
    // Neither SVG nor PNG, and a path out of the content directory.
    let error = build_error(&fixture_with(&[], "logo = \"logo.gif\"", false));
    assert!(
        error.contains("config.toml")
            && error.contains("team.logo \"logo.gif\" must be an .svg or .png"),
        "{error}"
    );
    let error = build_error(&fixture_with(&[], "logo = \"../logo.svg\"", false));
    assert!(
        error.contains("team.logo \"../logo.svg\" must be a file in the team file's directory"),
        "{error}"
    );
    // A private key, an expired key, and a file that is no key.
    let error = build_error(&fixture_with(
        &[(test_key("private.asc"), "kunci.asc")],
        "openpgp_key = \"kunci.asc\"",
        false,
    ));
    assert!(
        error.contains("kunci.asc: team.openpgp_key: this is a private key"),
        "{error}"
    );
    let error = build_error(&fixture_with(
        &[(test_key("expired.asc"), "kunci.asc")],
        "openpgp_key = \"kunci.asc\"",
        false,
    ));
    assert!(error.contains("kunci.asc: team.openpgp_key: key 3FAA3D8521EBAD61F81968580BACBE9BBC9BF73E expired on 2020-12-31"), "{error}");
    let garbage = fixture_with(
        &[(trust_file("logo.svg"), "kunci.asc")],
        "openpgp_key = \"kunci.asc\"",
        false,
    );
    let error = build_error(&garbage);
    assert!(
        error.contains(
            "kunci.asc: team.openpgp_key: this is not an ASCII-armored OpenPGP public key"
        ),
        "{error}"
    );
    garbage.write(
        "content/kunci.asc",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbWFjYW0tbWFjYW0=\n-----END PGP PUBLIC KEY BLOCK-----\n",
    );
    let error = build_error(&garbage);
    assert!(
        error.contains("kunci.asc: team.openpgp_key: cannot be read as an OpenPGP public key"),
        "{error}"
    );
    // A key named twice: published here and elsewhere.
    let error = build_error(&fixture_with(
        &[(trust_file("kunci-publik.asc"), "kunci-publik.asc")],
        "openpgp_key = \"kunci-publik.asc\"",
        true,
    ));
    assert!(
        error.contains("security_txt.encryption and team.openpgp_key both name a key"),
        "{error}"
    );
    // A hotline that is no Indonesian number.
    let error = build_error(&fixture_with(
        &[],
        "hotlines = [{ label = \"WA\", number = \"+1 202 555 0100\", whatsapp = true }]",
        false,
    ));
    assert!(
        error.contains("config.toml") && error.contains("not an Indonesian number"),
        "{error}"
    );
}
