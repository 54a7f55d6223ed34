//! Fingerprinted assets and the pre-compressed copies of the text files: the pages link the assets under names
//! that change with their content, every text file of a kilobyte or more has `.br` and `.gz` copies that
//! decompress to it, and the copies follow their file through later builds — left alone when it is unchanged,
//! replaced when it changes, removed with it.

use std::io::Read;
use std::os::unix::fs::MetadataExt;

use csirt_site::assets::fingerprinted_name;
use csirt_site::output::compress;

use super::*;

/// The repository's assets (`templates/static/assets/`), by name.
const ASSETS: [&str; 4] = ["site.css", "favicon.svg", "report-form.js", "status.js"];

/// The output path of the asset `name` under its fingerprinted name, from the file in `out`.
fn fingerprinted(out: &Path, name: &str) -> String {
    let path = format!("assets/{name}");
    fingerprinted_name(&path, &std::fs::read(out.join(&path)).unwrap())
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Every file of `out` that has (or should have) compressed copies decompresses from them exactly, and no
/// other file has any; returns how many files have copies.
fn assert_copies_match(out: &Path) -> usize {
    let files = tree(out);
    let mut compressed = 0;
    for (path, bytes) in &files {
        if path.ends_with(".br") || path.ends_with(".gz") {
            let original = &path[..path.len() - 3];
            assert!(
                files.contains_key(original),
                "{path} is left without its file"
            );
            continue;
        }
        let [br, gz] = compress::siblings(path);
        if compress::wanted(path, bytes.len()) {
            compressed += 1;
            let br = files
                .get(&br)
                .unwrap_or_else(|| panic!("{path} has no .br"));
            let gz = files
                .get(&gz)
                .unwrap_or_else(|| panic!("{path} has no .gz"));
            assert_eq!(&unbrotli(br), bytes, "{path}.br");
            assert_eq!(&ungzip(gz), bytes, "{path}.gz");
            assert!(br.len() < bytes.len() && gz.len() < bytes.len(), "{path}");
        } else {
            assert!(
                !files.contains_key(&br) && !files.contains_key(&gz),
                "{path} is too small or not text, yet has compressed copies"
            );
        }
    }
    compressed
}

#[test]
fn pages_link_the_assets_under_fingerprinted_names_that_the_output_has() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    for name in ASSETS {
        let hashed = fingerprinted(&out, name);
        assert_ne!(hashed, format!("assets/{name}"));
        assert_eq!(
            std::fs::read(out.join(&hashed)).unwrap(),
            std::fs::read(out.join("assets").join(name)).unwrap(),
            "{hashed} is {name} under another name"
        );
        assert!(csirt_site::assets::is_fingerprinted(&format!("/{hashed}")));
    }
    let home = read(&out, "index.html");
    for name in ["site.css", "favicon.svg"] {
        let href = format!("href=\"/{}\"", fingerprinted(&out, name));
        assert!(home.contains(&href), "the home page lacks {href}");
    }
    let script = |name| {
        format!(
            "<script src=\"/{}\" defer></script>",
            fingerprinted(&out, name)
        )
    };
    assert!(read(&out, "lapor/index.html").contains(&script("report-form.js")));
    assert!(read(&out, "status/index.html").contains(&script("status.js")));
    assert!(read(&out, "_layout/intake.html").contains(&fingerprinted(&out, "site.css")));
    // No page asks for an asset under its plain name.
    for (path, bytes) in tree(&out) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            for name in ASSETS {
                assert!(
                    !html.contains(&format!("\"/assets/{name}\"")),
                    "{path} links /assets/{name}"
                );
            }
        }
    }
    // The link checker knows the fingerprinted names (the fixture's RFC 2350 links a key file it lacks).
    fixture.write(
        "templates/static/kunci.txt",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n",
    );
    let site = Site::load(&fixture.config()).unwrap();
    csirt_site::check::check_site(&site, date()).unwrap_or_else(|e| panic!("{e}"));
    let statics: Vec<String> = build::static_files(&site.paths.static_files)
        .unwrap()
        .into_iter()
        .map(|(_, relative)| relative)
        .collect();
    assert!(
        statics.contains(&fingerprinted(&out, "site.css")),
        "{statics:?}"
    );
    assert!(
        statics.contains(&"assets/site.css".to_owned()),
        "{statics:?}"
    );
}

#[test]
fn a_template_asking_for_an_asset_that_does_not_exist_fails_the_build() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "templates/site/page.html",
        "{% extends \"base.html\" %}{% block scripts %}<script src=\"{{ asset(path=\"hilang.js\") }}\"></script>{% endblock scripts %}",
    );
    let error = fixture.build_into("public").unwrap_err();
    assert!(error.contains("assets/hilang.js"), "{error}");
}

#[test]
fn text_files_of_a_kilobyte_or_more_have_brotli_and_gzip_copies_of_the_same_content() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let compressed = assert_copies_match(&out);
    for path in [
        "index.html".to_owned(),
        "lapor/index.html".to_owned(),
        "sitemap.xml".to_owned(),
        "assets/site.css".to_owned(),
        fingerprinted(&out, "site.css"),
        fingerprinted(&out, "report-form.js"),
    ] {
        for sibling in compress::siblings(&path) {
            assert!(out.join(&sibling).is_file(), "{sibling} was not built");
        }
    }
    // The favicon is under a kilobyte: sent as it is.
    assert!(!out.join("assets/favicon.svg.br").exists());
    assert!(compressed > 20, "{compressed}");
}

#[test]
fn a_second_build_leaves_the_copies_alone_and_makes_only_a_missing_one_again() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let identity = |path: &str| {
        let metadata = std::fs::metadata(out.join(path)).unwrap();
        (metadata.ino(), metadata.mtime(), metadata.mtime_nsec())
    };
    let copies: Vec<String> = tree(&out)
        .into_keys()
        .filter(|p| p.ends_with(".br") || p.ends_with(".gz"))
        .collect();
    let before: Vec<_> = copies.iter().map(|p| identity(p)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::remove_file(out.join("panduan/index.html.br")).unwrap();
    let site = Site::load(&fixture.config()).unwrap();
    let report = build(&site, &out, date(), &|_, _| {}).unwrap();
    assert_eq!((report.changed, report.removed), (1, 0), "{report:?}");
    for (path, identity_before) in copies.iter().zip(&before) {
        if path != "panduan/index.html.br" {
            assert_eq!(&identity(path), identity_before, "{path} was written again");
        }
    }
    assert_copies_match(&out);
    assert_eq!(tree(&out), tree(&fixture.build_into("fresh").unwrap()));
}

#[test]
fn a_changed_file_s_copies_are_replaced_and_a_removed_one_s_removed() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/catatan.md",
        &format!(
            "+++\ntitle = \"Catatan\"\n+++\n{}\n",
            "Isi catatan yang panjang. ".repeat(100)
        ),
    );
    let out = fixture.build();
    assert!(out.join("catatan/index.html.gz").is_file());
    let old = std::fs::read(out.join("peringatan/lama/index.html.br")).unwrap();
    fixture.write(
        "content/peringatan/lama.md",
        "+++\ntitle = \"Peringatan lama\"\ndate = 2026-01-10\n+++\nIsi yang diperbarui.\n",
    );
    std::fs::remove_file(fixture.dir.path().join("content/catatan.md")).unwrap();
    let site = Site::load(&fixture.config()).unwrap();
    build(&site, &out, date(), &|_, _| {}).unwrap();
    let new = std::fs::read(out.join("peringatan/lama/index.html.br")).unwrap();
    assert_ne!(new, old);
    assert!(
        String::from_utf8(unbrotli(&new))
            .unwrap()
            .contains("Isi yang diperbarui.")
    );
    assert!(
        !out.join("catatan").exists(),
        "the page and its copies are gone"
    );
    assert_copies_match(&out);
}

#[test]
fn a_changed_asset_gets_a_new_name_and_the_old_one_leaves_the_output() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let old = fingerprinted(&out, "site.css");
    let css = fixture.dir.path().join("templates/static/assets/site.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.baru { color: #123456; }\n");
    std::fs::write(&css, &text).unwrap();
    let site = Site::load(&fixture.config()).unwrap();
    let report = build(&site, &out, date(), &|_, _| {}).unwrap();
    let new = fingerprinted(&out, "site.css");
    assert_ne!(new, old);
    assert_eq!(read(&out, &new), text);
    assert_eq!(
        read(&out, "assets/site.css"),
        text,
        "the plain name follows"
    );
    for gone in std::iter::once(old.clone()).chain(compress::siblings(&old)) {
        assert!(!out.join(&gone).exists(), "{gone} is still there");
    }
    assert_eq!(report.removed, 3, "the old name and its copies: {report:?}");
    assert!(read(&out, "index.html").contains(&format!("href=\"/{new}\"")));
    assert!(!read(&out, "index.html").contains(&old));
    assert_copies_match(&out);
    assert_eq!(tree(&out), tree(&fixture.build_into("fresh").unwrap()));
}
