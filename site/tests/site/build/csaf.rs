//! The advisories in CSAF 2.0 (`csirt_site::render::csaf`), checked on the shipped site with two advisories
//! added that are not TLP:CLEAR (an AMBER one and its GREEN translation): a document for each TLP:CLEAR advisory
//! and for no other, named and placed as the standard's distribution requirements say, listed by `index.txt`,
//! `changes.csv`, the ROLIE feed and the provider metadata with the right URLs and hashes (recomputed here), linked
//! from the advisories' pages, and written with the same bytes by a second build. The last test runs the real
//! validator (`check_csaf` of `tests/support/csaf.sh`, which `tests/run` installs) on them.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use csirt_domain::lang::Lang;
use csirt_domain::tlp::Tlp;
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha512};

use super::*;

const BASE: &str = "https://csirt.tegalkab.go.id";
const WHITE: &str = ".well-known/csaf/white";

/// The shipped site with an AMBER advisory and its GREEN English translation, neither of which may become CSAF.
fn shipped_with_restricted_advisories() -> Fixture {
    let fixture = Fixture::shipped();
    fixture.write(
        "content/peringatan/rahasia-internal.md",
        "+++\ntitle = \"Peringatan internal\"\ndescription = \"Hanya untuk perangkat daerah.\"\ndate = 2026-09-01\ntlp = \"amber\"\n+++\n## Ringkasan\n\nRahasia, lihat [BSSN](https://bssn.go.id).\n",
    );
    fixture.write(
        "content/peringatan/rahasia-internal.en.md",
        "+++\ntitle = \"Internal advisory\"\ndescription = \"For regional agencies only.\"\ndate = 2026-09-01\ntlp = \"green\"\n+++\n## Summary\n\nSecret, see [BSSN](https://bssn.go.id).\n",
    );
    fixture
}

/// One TLP:CLEAR advisory as the test expects its document, worked out from its content file.
struct Expected {
    id: String,
    /// Under `white/`: `2026/tegalkab-csirt-peringatan-judi.json`.
    path: String,
    lang: Lang,
    title: String,
    description: String,
    date: String,
    page: String,
    translation: Option<String>,
}

impl Expected {
    fn url(&self) -> String {
        format!("{BASE}/{WHITE}/{}", self.path)
    }
}

/// The documents the site at `config` must have: one per TLP:CLEAR advisory and language, newest first.
fn expected(config: &Path) -> Vec<Expected> {
    let site = Site::load(config).unwrap();
    let mut expected: Vec<Expected> = site
        .content
        .pages
        .iter()
        .filter(|p| p.dir == "peringatan" && !p.is_index() && p.front.tlp == Some(Tlp::Clear))
        .map(|p| {
            let suffix = if p.lang == Lang::En { "-en" } else { "" };
            let id = format!("TegalKab-CSIRT-peringatan-{}{suffix}", p.stem);
            let date = p.front.date.unwrap().format("%Y-%m-%d").to_string();
            Expected {
                path: format!("{}/{}.json", &date[..4], id.to_lowercase()),
                id,
                lang: p.lang,
                title: p.front.title.clone(),
                description: p.front.description.clone().unwrap(),
                date: format!("{date}T00:00:00.000Z"),
                page: p.path.clone(),
                translation: site.content.translation(p).map(|t| t.path.clone()),
            }
        })
        .collect();
    expected.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    expected
}

fn json_file(out: &Path, relative: &str) -> Value {
    serde_json::from_str(&read(out, relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The files of the built site under `.well-known/csaf/`.
fn csaf_tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(out)
        .into_iter()
        .filter(|(path, _)| path.starts_with(".well-known/csaf/"))
        .collect()
}

#[test]
fn each_clear_advisory_and_no_other_is_a_csaf_document() {
    let fixture = shipped_with_restricted_advisories();
    let out = fixture.build();
    let expected = expected(&fixture.config());
    // The four shipped advisories in both languages.
    assert_eq!(expected.len(), 8);

    let files = csaf_tree(&out);
    let documents: BTreeSet<&str> = files
        .keys()
        .filter_map(|p| p.strip_prefix(&format!("{WHITE}/")))
        .filter(|p| p.ends_with(".json"))
        .collect();
    let wanted: BTreeSet<&str> = expected.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(documents, wanted);
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("rahasia-internal")
                && !path.contains("rahasia"),
            "{path} names the AMBER or GREEN advisory"
        );
    }

    let publisher = json!({
        "category": "coordinator",
        "contact_details": "csirt@tegalkab.go.id",
        "name": "TegalKab-CSIRT",
        "namespace": BASE,
    });
    for e in &expected {
        let doc = json_file(&out, &format!("{WHITE}/{}", e.path));
        let d = &doc["document"];
        assert_eq!(d["category"], "csaf_informational_advisory", "{}", e.path);
        assert_eq!(d["csaf_version"], "2.0");
        assert_eq!(d["lang"], e.lang.code());
        match e.lang {
            Lang::En => assert_eq!(d["source_lang"], "id", "{}", e.path),
            Lang::Id => assert!(d.get("source_lang").is_none(), "{}", e.path),
        }
        assert_eq!(d["title"], e.title.as_str());
        assert_eq!(d["publisher"], publisher);
        assert_eq!(d["distribution"]["tlp"]["label"], "WHITE");
        let tracking = &d["tracking"];
        assert_eq!(tracking["id"], e.id.as_str());
        assert_eq!(tracking["status"], "final");
        assert_eq!(tracking["version"], "1");
        assert_eq!(tracking["initial_release_date"], e.date.as_str());
        assert_eq!(tracking["current_release_date"], e.date.as_str());
        assert_eq!(
            tracking["revision_history"],
            json!([{
                "date": e.date,
                "number": "1",
                "summary": if e.lang == Lang::En { "Initial release" } else { "Terbitan pertama" },
            }])
        );
        let notes = d["notes"].as_array().unwrap();
        let note = |category: &str| {
            notes
                .iter()
                .find(|n| n["category"] == category)
                .unwrap_or_else(|| panic!("{}: no {category} note", e.path))["text"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(note("summary"), e.description);
        let text = note("description");
        let heading = if e.lang == Lang::En {
            "## Summary\n\n"
        } else {
            "## Ringkasan\n\n"
        };
        assert!(text.starts_with(heading), "{}: {text}", e.path);
        assert!(
            !text.contains('<'),
            "{}: HTML left in the text: {text}",
            e.path
        );
        let references = d["references"].as_array().unwrap();
        let has = |category: &str, url: &str| {
            references.iter().any(|r| {
                r["category"] == category
                    && r["url"] == url
                    && r["summary"].as_str().is_some_and(|s| !s.is_empty())
            })
        };
        assert!(
            has("self", &format!("{BASE}{}", e.page)),
            "{}: no reference to its page",
            e.path
        );
        assert!(has("self", &e.url()), "{}: no reference to itself", e.path);
        let translation = e.translation.as_ref().unwrap();
        assert!(
            has("self", &format!("{BASE}{translation}")),
            "{}: no reference to its translation",
            e.path
        );
        let other = expected.iter().find(|o| o.page == *translation).unwrap();
        assert!(
            has("self", &other.url()),
            "{}: no reference to its translation's document",
            e.path
        );
        // The English document is the translation: the Indonesian original's document comes first.
        if e.lang == Lang::En {
            assert_eq!(references[0]["url"], other.url().as_str(), "{}", e.path);
        }
        assert!(
            references.iter().any(|r| r["category"] == "external"
                && r["url"].as_str().unwrap().starts_with("https://")),
            "{}: no external reference",
            e.path
        );

        // The advisory's page links its document, in the text and in the head.
        let html = read(&out, &csirt_site::render::output_file(&e.page));
        let href = format!("href=\"/{WHITE}/{}\"", e.path);
        assert_eq!(html.matches(&href).count(), 2, "{}: {href}", e.page);
        assert!(html.contains(&format!(
            "<link rel=\"alternate\" type=\"application/json\" title=\"CSAF\" {href}>"
        )));
    }
    // The restricted advisories' pages and every other page link no document.
    for page in [
        "peringatan/rahasia-internal/index.html",
        "en/advisories/rahasia-internal/index.html",
        "lapor/index.html",
    ] {
        assert!(
            !read(&out, page).contains("/.well-known/csaf/"),
            "{page} links CSAF"
        );
    }
    // The advisories' list links each listed document and the provider metadata.
    for (list, lang) in [
        ("peringatan/index.html", Lang::Id),
        ("en/advisories/index.html", Lang::En),
    ] {
        let html = read(&out, list);
        let linked = html.matches(&format!("href=\"/{WHITE}/")).count();
        assert_eq!(
            linked,
            expected.iter().filter(|e| e.lang == lang).count(),
            "{list}"
        );
        assert!(
            html.contains("href=\"/.well-known/csaf/provider-metadata.json\""),
            "{list}"
        );
    }

    // index.txt: every document's path; changes.csv: with its current release date, newest first.
    let mut paths: Vec<&str> = wanted.iter().copied().collect();
    paths.sort_unstable();
    assert_eq!(
        read(&out, &format!("{WHITE}/index.txt")),
        paths.iter().map(|p| format!("{p}\n")).collect::<String>()
    );
    assert_eq!(
        read(&out, &format!("{WHITE}/changes.csv")),
        expected
            .iter()
            .map(|e| format!("\"{}\",\"{}\"\n", e.path, e.date))
            .collect::<String>()
    );

    // The hash files hold each document's hashes, recomputed here.
    for e in &expected {
        let relative = format!("{WHITE}/{}", e.path);
        let bytes = std::fs::read(out.join(&relative)).unwrap();
        let name = e.path.rsplit('/').next().unwrap();
        assert_eq!(
            read(&out, &format!("{relative}.sha256")),
            format!("{:x}  {name}\n", Sha256::digest(&bytes))
        );
        assert_eq!(
            read(&out, &format!("{relative}.sha512")),
            format!("{:x}  {name}\n", Sha512::digest(&bytes))
        );
    }

    // The ROLIE feed lists exactly the documents, newest first, with their hash files.
    let feed_url = format!("{BASE}/.well-known/csaf/feed-tlp-white.json");
    let feed = json_file(&out, ".well-known/csaf/feed-tlp-white.json");
    let feed = &feed["feed"];
    assert_eq!(feed["link"], json!([{ "href": feed_url, "rel": "self" }]));
    assert_eq!(
        feed["category"],
        json!([{ "scheme": "urn:ietf:params:rolie:category:information-type", "term": "csaf" }])
    );
    assert_eq!(feed["updated"], expected[0].date.as_str());
    let entries = feed["entry"].as_array().unwrap();
    assert_eq!(entries.len(), expected.len());
    for (entry, e) in entries.iter().zip(&expected) {
        let url = e.url();
        assert_eq!(entry["id"], e.id.as_str());
        assert_eq!(entry["title"], e.title.as_str());
        assert_eq!(
            entry["content"],
            json!({ "src": url, "type": "application/json" })
        );
        assert_eq!(
            entry["format"],
            json!({ "schema": "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", "version": "2.0" })
        );
        assert_eq!(
            entry["link"],
            json!([
                { "href": url, "rel": "self" },
                { "href": format!("{url}.sha256"), "rel": "hash" },
                { "href": format!("{url}.sha512"), "rel": "hash" },
            ])
        );
        assert_eq!(
            (&entry["published"], &entry["updated"]),
            (&json!(e.date), &json!(e.date))
        );
    }

    // The provider metadata names the directory and the feed, and publishes as the documents do.
    let metadata = json_file(&out, ".well-known/csaf/provider-metadata.json");
    assert_eq!(
        metadata["canonical_url"],
        format!("{BASE}/.well-known/csaf/provider-metadata.json")
    );
    assert_eq!(metadata["metadata_version"], "2.0");
    assert_eq!(metadata["role"], "csaf_provider");
    assert_eq!(metadata["publisher"], publisher);
    assert_eq!(metadata["last_updated"], expected[0].date.as_str());
    let distributions = metadata["distributions"].as_array().unwrap();
    assert!(distributions.contains(&json!({ "directory_url": format!("{BASE}/{WHITE}/") })));
    let feeds: Vec<&Value> = distributions
        .iter()
        .filter_map(|d| d["rolie"]["feeds"].as_array())
        .flatten()
        .collect();
    assert_eq!(feeds.len(), 1);
    assert_eq!(
        (&feeds[0]["tlp_label"], &feeds[0]["url"]),
        (&json!("WHITE"), &json!(feed_url))
    );

    // The directory listings link every file of their folder.
    let listing = read(&out, &format!("{WHITE}/index.html"));
    for entry in ["2026/", "index.txt", "changes.csv"] {
        assert!(
            listing.contains(&format!("href=\"/{WHITE}/{entry}\"")),
            "{listing}"
        );
    }
    let year = read(&out, &format!("{WHITE}/2026/index.html"));
    for e in &expected {
        for extension in ["", ".sha256", ".sha512"] {
            assert!(
                year.contains(&format!("href=\"/{WHITE}/{}{extension}\"", e.path)),
                "{year}"
            );
        }
    }
}

#[test]
fn a_site_without_clear_advisories_has_no_csaf_files() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    // The fixture's TLP:CLEAR advisory in both languages; `lama.md` has no TLP and is not published as CSAF.
    let documents: Vec<String> = csaf_tree(&out)
        .into_keys()
        .filter(|p| p.ends_with(".json") && p.starts_with(WHITE))
        .collect();
    assert_eq!(
        documents,
        [
            format!("{WHITE}/2026/contoh-csirt-peringatan-judi-en.json"),
            format!("{WHITE}/2026/contoh-csirt-peringatan-judi.json"),
        ]
    );
    // security.txt names the provider metadata (CSAF 2.0 requirement 8).
    assert!(
        read(&out, ".well-known/security.txt").contains(
            "\nCSAF: https://csirt.contoh.go.id/.well-known/csaf/provider-metadata.json\n"
        ),
        "{}",
        read(&out, ".well-known/security.txt")
    );
    for file in [
        "content/peringatan/judi.md",
        "content/peringatan/judi.en.md",
    ] {
        let text = read(fixture.dir.path(), file).replace("tlp = \"clear\"", "tlp = \"green\"");
        fixture.write(file, &text);
    }
    let out = fixture.build();
    assert!(csaf_tree(&out).is_empty(), "{:?}", csaf_tree(&out).keys());
    assert!(!read(&out, ".well-known/security.txt").contains("CSAF:"));
    assert!(!read(&out, "peringatan/index.html").contains("/.well-known/csaf/"));
}

#[test]
fn a_second_build_writes_the_same_csaf_bytes() {
    let fixture = shipped_with_restricted_advisories();
    let a = fixture.build_into("a").unwrap();
    let b = fixture.build_into("b").unwrap();
    assert!(csaf_tree(&a).len() > 30);
    assert_eq!(csaf_tree(&a), csaf_tree(&b));
    let site = Site::load(&fixture.config()).unwrap();
    let report = build(&site, &a, date(), &|_, _| {}).unwrap();
    assert_eq!((report.changed, report.removed), (0, 0), "{report:?}");
}

#[test]
fn the_link_check_knows_the_csaf_files() {
    let fixture = shipped_with_restricted_advisories();
    let site = Site::load(&fixture.config()).unwrap();
    // `csirt check` finds nothing wrong with the links to the CSAF files (whatever else it may find).
    if let Err(problems) = csirt_site::check::check_site(&site, date()) {
        let csaf: Vec<String> = problems
            .0
            .iter()
            .map(ToString::to_string)
            .filter(|p| p.contains("csaf"))
            .collect();
        assert!(csaf.is_empty(), "{csaf:#?}");
    }
    // It does check them: without a document, the pages linking it are reported.
    let outputs = csirt_site::render::render_all(&site, date(), &|_, _| {}).unwrap();
    let document = format!("{WHITE}/2026/tegalkab-csirt-peringatan-deface-cms-usang.json");
    let without: Vec<_> = outputs.into_iter().filter(|o| o.path != document).collect();
    let problems: Vec<String> = csirt_site::check::check_links(&without, &[], "/api")
        .iter()
        .map(ToString::to_string)
        .filter(|p| p.contains("csaf"))
        .collect();
    assert_eq!(
        problems,
        [
            format!("{WHITE}/2026/index.html: links to /{document}, which the site does not have"),
            format!(
                "peringatan/deface-cms-usang/index.html: links to /{document}, which the site does not have"
            ),
            format!(
                "peringatan/deface-cms-usang/index.html: links to /{document}, which the site does not have"
            ),
            format!("peringatan/index.html: links to /{document}, which the site does not have"),
        ]
    );
}

/// `check_csaf` of `tests/support/csaf.sh` on `out`: (whether it passed, what it printed).
fn check_csaf(out: &Path) -> (bool, String) {
    let validator = std::env::var("CSIRT_TEST_CSAF_VALIDATOR").unwrap_or_else(|_| {
        panic!(
            "CSIRT_TEST_CSAF_VALIDATOR is not set: this test needs the CSAF validator ensure_csaf_validator installs; run it with tests/run"
        )
    });
    assert!(Path::new(&validator).is_dir(), "{validator} is missing");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/support/csaf.sh");
    let run = Command::new("bash")
        .args(["-c", "source \"$1\" && check_csaf \"$2\"", "bash"])
        .arg(&script)
        .arg(out)
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (run.status.success(), printed)
}

#[test]
fn the_validator_passes_the_documents_and_fails_a_broken_one() {
    let fixture = shipped_with_restricted_advisories();
    let out = fixture.build();
    let (passed, printed) = check_csaf(&out);
    assert!(passed, "{printed}");
    assert!(printed.contains("8 CSAF documents pass"), "{printed}");

    // A document without notes fails mandatory test 6.1.27.1 (the informational advisory's notes), and its hash
    // files no longer match it.
    let expected = expected(&fixture.config());
    let relative = format!("{WHITE}/{}", expected[0].path);
    let mut doc = json_file(&out, &relative);
    doc["document"].as_object_mut().unwrap().remove("notes");
    std::fs::write(
        out.join(&relative),
        serde_json::to_vec_pretty(&doc).unwrap(),
    )
    .unwrap();
    let (passed, printed) = check_csaf(&out);
    assert!(!passed, "{printed}");
    assert!(
        printed.contains(&format!("{relative}: failed mandatoryTest_6_1_27_1")),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("{relative}.sha256: is not the sha256")),
        "{printed}"
    );
}
