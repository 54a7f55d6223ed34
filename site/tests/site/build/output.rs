//! Writing into an existing output: unchanged files are left alone, changed ones replaced, stale ones removed,
//! and a build that fails or is killed leaves the old site.

use std::os::unix::fs::MetadataExt;

use super::*;

/// (inode, modification time in nanoseconds) of every file under `root`.
fn identities(root: &Path) -> BTreeMap<String, (u64, i128)> {
    tree(root)
        .into_keys()
        .map(|path| {
            let metadata = std::fs::metadata(root.join(&path)).unwrap();
            let mtime =
                i128::from(metadata.mtime()) * 1_000_000_000 + i128::from(metadata.mtime_nsec());
            (path, (metadata.ino(), mtime))
        })
        .collect()
}

#[test]
fn a_second_build_of_an_unchanged_site_writes_no_file() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let before = identities(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let site = Site::load(&fixture.config()).unwrap();
    let report = build(&site, &out, date(), &|_, _| {}).unwrap();
    assert_eq!((report.changed, report.removed), (0, 0), "{report:?}");
    assert_eq!(report.files, before.len());
    assert_eq!(identities(&out), before, "a file was written again");
}

#[test]
fn a_changed_page_is_replaced_a_new_one_added_and_a_removed_one_deleted() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/catatan.md",
        "+++\ntitle = \"Catatan\"\n+++\nIsi.\n",
    );
    let out = fixture.build();
    let before = identities(&out);
    fixture.write(
        "content/peringatan/lama.md",
        "+++\ntitle = \"Peringatan lama\"\ndate = 2026-01-10\n+++\nIsi yang diperbarui.\n",
    );
    fixture.write(
        "content/peringatan/baru.md",
        "+++\ntitle = \"Peringatan baru\"\ndate = 2025-01-10\n+++\nIsi.\n",
    );
    std::fs::remove_file(fixture.dir.path().join("content/catatan.md")).unwrap();
    let site = Site::load(&fixture.config()).unwrap();
    let report = build(&site, &out, date(), &|_, _| {}).unwrap();
    let after = identities(&out);
    assert!(read(&out, "peringatan/lama/index.html").contains("Isi yang diperbarui."));
    assert!(read(&out, "peringatan/baru/index.html").contains("Peringatan baru"));
    assert!(
        !out.join("catatan").exists(),
        "the removed page and its directory are gone"
    );
    assert_eq!(report.removed, 3, "the page, its .br and .gz: {report:?}");
    assert_ne!(
        after["peringatan/lama/index.html"],
        before["peringatan/lama/index.html"]
    );
    assert_ne!(after["sitemap.xml"], before["sitemap.xml"]);
    // Pages that show nothing of the changed ones are left alone.
    for path in [
        "peringatan/judi/index.html",
        "panduan/index.html",
        "en/index.html",
    ] {
        assert_eq!(after[path], before[path], "{path} was written again");
    }
    // And the result is what a build into an empty directory gives.
    assert_eq!(tree(&fixture.build_into("fresh").unwrap()), tree(&out));
    let build_dir = csirt_site::output::build_dir(&out);
    assert!(!build_dir.join("staging").exists() && !build_dir.join("journal").exists());
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_old_output_untouched() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let (before, identities_before) = (tree(&out), identities(&out));
    // A page that renders and one that cannot: the first is staged, nothing reaches the output.
    fixture.write(
        "content/panduan.md",
        "+++\ntitle = \"Panduan baru\"\n+++\nIsi.\n",
    );
    fixture.write(
        "content/status.md",
        "+++\ntitle = \"Status\"\ntemplate = \"page.html\"\n+++\n",
    );
    fixture.write(
        "templates/site/page.html",
        "{% extends \"base.html\" %}{% block content %}{% if page.title == \"Status\" %}{{ tidak_ada.x }}{% endif %}{{ page.title }}{% endblock content %}",
    );
    let site = Site::load(&fixture.config()).unwrap();
    let error = build(&site, &out, date(), &|_, _| {})
        .unwrap_err()
        .to_string();
    assert!(error.contains("status.md"), "{error}");
    assert_eq!(tree(&out), before, "a failed build changed the site");
    assert_eq!(identities(&out), identities_before);
    assert!(!csirt_site::output::build_dir(&out).join("staging").exists());
}

#[test]
fn a_build_killed_during_its_commit_is_completed_by_the_next_one_and_one_killed_before_is_undone() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let build_dir = csirt_site::output::build_dir(&out);
    // Killed after writing its journal, having made the removal but not the rename.
    std::fs::create_dir_all(build_dir.join("staging")).unwrap();
    std::fs::write(build_dir.join("staging/0"), "halaman baru").unwrap();
    std::fs::write(
        build_dir.join("journal"),
        "remove kebijakan/index.html\nrename 0 panduan/index.html\nrename 1 lapor/index.html\nend\n",
    )
    .unwrap();
    std::fs::remove_file(out.join("kebijakan/index.html")).unwrap();
    csirt_site::output::recover(&out).unwrap();
    assert_eq!(read(&out, "panduan/index.html"), "halaman baru");
    assert!(!out.join("kebijakan/index.html").exists());
    assert!(
        read(&out, "lapor/index.html").contains("<form"),
        "already renamed: left alone"
    );
    assert!(!build_dir.join("journal").exists() && !build_dir.join("staging").exists());
    // Killed while staging (no journal): the staged files are dropped, the output is the old site.
    let before = tree(&out);
    std::fs::create_dir_all(build_dir.join("staging")).unwrap();
    std::fs::write(build_dir.join("staging/0"), "setengah").unwrap();
    csirt_site::output::recover(&out).unwrap();
    assert_eq!(tree(&out), before);
    assert!(!build_dir.join("staging").exists());
    // The next build puts back what the site should be.
    let site = Site::load(&fixture.config()).unwrap();
    let report = build(&site, &out, date(), &|_, _| {}).unwrap();
    assert_eq!(report.changed, 2, "panduan and kebijakan: {report:?}");
    assert_eq!(tree(&out), tree(&fixture.build_into("fresh").unwrap()));
}
