//! A closed case updates only the case pages, matching a full build.

use super::*;

#[test]
fn a_closed_case_updates_only_the_case_pages_and_matches_a_full_build() {
    let fixture = Fixture::new("basic");
    let out = fixture.dir.path().join("public");
    let (_, kind) =
        csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(kind, csirt_site::BuildKind::Full);
    let before = tree(&out);
    // One more case closed: the export gains a Hall of Fame entry and a count.
    fixture.write(
        "content/export.json",
        r#"{"hall_of_fame": [{"alias": "ayu_w", "closed_on": "2026-11-20", "incident_class": "fraud"}, {"alias": "budi_s", "closed_on": "2026-10-02", "incident_class": "intrusions"}], "closed_by_class": {"intrusions": 3, "fraud": 2}}"#,
    );
    let (report, kind) =
        csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(kind, csirt_site::BuildKind::ExportOnly);
    assert_eq!(
        report.pages, 4,
        "Hall of Fame and statistics, in both languages"
    );
    let after = tree(&out);
    assert_eq!(
        changed_files(&before, &after),
        [
            "en/hall-of-fame/index.html",
            "en/hall-of-fame/index.html.br",
            "en/hall-of-fame/index.html.gz",
            "en/statistics/index.html",
            "en/statistics/index.html.br",
            "en/statistics/index.html.gz",
            "hall-of-fame/index.html",
            "hall-of-fame/index.html.br",
            "hall-of-fame/index.html.gz",
            "statistik/index.html",
            "statistik/index.html.br",
            "statistik/index.html.gz"
        ]
    );
    assert!(read(&out, "hall-of-fame/index.html").contains("ayu_w"));
    let mode = |path: &str| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(out.join(path))
            .unwrap()
            .permissions()
            .mode()
    };
    assert_eq!(
        mode("hall-of-fame/index.html"),
        mode("index.html"),
        "an updated page is as readable as the others"
    );
    // The update equals what a full build of the same input writes.
    let full = fixture.build_into("full").unwrap();
    assert_eq!(tree(&full), after);
    // A content change makes the next build a full one again.
    fixture.write(
        "content/panduan.md",
        "+++\ntitle = \"Panduan baru\"\n+++\nIsi.\n",
    );
    let (_, kind) =
        csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(kind, csirt_site::BuildKind::Full);
    assert!(read(&out, "panduan/index.html").contains("Panduan baru"));
}
