//! The Hall of Fame split into pages: newest first, numbered from the oldest so that a closure changes only the
//! Hall of Fame's own page, with links between pages in both languages.

use super::*;

/// An export of `n` entries, newest first: entry `i` (0 the oldest) is `nama{i}`, closed `i` days after
/// 2020-01-01.
fn export(n: usize) -> String {
    let entries: Vec<String> = (0..n)
        .rev()
        .map(|i| {
            let closed = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(i as u64);
            format!(r#"{{"alias": "nama{i}", "closed_on": "{closed}", "incident_class": "fraud"}}"#)
        })
        .collect();
    format!(
        r#"{{"hall_of_fame": [{}], "closed_by_class": {{"fraud": {n}}}}}"#,
        entries.join(", ")
    )
}

/// The aliases in the table of a Hall of Fame page, in order.
fn aliases(html: &str) -> Vec<usize> {
    html.match_indices("<tr><td>nama")
        .map(|(i, _)| {
            let rest = &html[i + "<tr><td>nama".len()..];
            rest[..rest.find('<').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn the_hall_of_fame_is_split_into_pages_newest_first_numbered_from_the_oldest() {
    let fixture = Fixture::new("basic");
    fixture.write("content/export.json", &export(450));
    let out = fixture.build();
    // The Hall of Fame's own page: the 150 newest, newest first.
    let index = read(&out, "hall-of-fame/index.html");
    assert_eq!(aliases(&index), (300..450).rev().collect::<Vec<_>>());
    // Numbered pages of a hundred, page 1 the oldest, each newest first.
    for (page, range) in [(3, 200..300), (2, 100..200), (1, 0..100)] {
        let html = read(&out, &format!("hall-of-fame/halaman/{page}/index.html"));
        assert_eq!(
            aliases(&html),
            range.clone().rev().collect::<Vec<_>>(),
            "page {page}"
        );
        let english = read(&out, &format!("en/hall-of-fame/page/{page}/index.html"));
        assert_eq!(
            aliases(&english),
            range.rev().collect::<Vec<_>>(),
            "English page {page}"
        );
        assert!(
            html.contains(&format!("<title>Hall of Fame — Halaman {page} — ")),
            "{html}"
        );
        assert!(html.contains(&format!(
            r#"<link rel="canonical" href="https://csirt.contoh.go.id/hall-of-fame/halaman/{page}/">"#
        )));
        assert!(html.contains(&format!(
            r#"class="lang-switch" href="/en/hall-of-fame/page/{page}/""#
        )));
    }
    assert!(!out.join("hall-of-fame/halaman/4").exists());
    // Page links: newer and older, and the numbered list with the current page marked.
    let second = read(&out, "hall-of-fame/halaman/2/index.html");
    assert!(second.contains(r#"<nav class="pagination" aria-label="Halaman Hall of Fame">"#));
    assert!(second.contains(r#"<a href="/hall-of-fame/halaman/3/" rel="prev">Lebih baru</a>"#));
    assert!(second.contains(r#"<a href="/hall-of-fame/halaman/1/" rel="next">Lebih lama</a>"#));
    assert!(second.contains(
        r#"<a href="/hall-of-fame/halaman/2/" aria-current="page"><span class="visually-hidden">Halaman </span>2</a>"#
    ));
    assert!(second.contains(r#"<a href="/hall-of-fame/">Terbaru</a>"#));
    assert!(index.contains(r#"<a href="/hall-of-fame/halaman/3/" rel="next">Lebih lama</a>"#));
    assert!(
        !index.contains(r#"rel="prev""#),
        "nothing is newer than the newest"
    );
    let english = read(&out, "en/hall-of-fame/page/3/index.html");
    assert!(
        english.contains(r#"<a href="/en/hall-of-fame/" rel="prev">Newer</a>"#),
        "{english}"
    );
    assert!(english.contains("This page lists earlier names."));
    // Dates as readers write them; the machine-readable date beside. Entry 449 closed 449 days after 2020-01-01.
    assert!(
        index.contains(r#"<time datetime="2021-03-25">25 Maret 2021</time>"#),
        "{index}"
    );
    let english_index = read(&out, "en/hall-of-fame/index.html");
    assert!(english_index.contains(r#"<time datetime="2021-03-25">25 March 2021</time>"#));
    // Every page link resolves.
    fixture.write(
        "templates/static/kunci.txt",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n",
    );
    let site = Site::load(&fixture.config()).unwrap();
    csirt_site::check::check_site(&site, date()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_closure_rewrites_only_the_hall_of_fame_s_own_page_and_the_statistics() {
    let fixture = Fixture::new("basic");
    fixture.write("content/export.json", &export(450));
    let out = fixture.dir.path().join("public");
    let update =
        || csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(update().1, csirt_site::BuildKind::Full);
    let before = tree(&out);
    fixture.write("content/export.json", &export(451));
    let (report, kind) = update();
    assert_eq!(kind, csirt_site::BuildKind::ExportOnly);
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
    assert_eq!(report.pages, 4, "{report:?}");
    assert_eq!(
        aliases(&read(&out, "hall-of-fame/index.html"))[0],
        450,
        "the new name comes first"
    );
    // At 500 entries the oldest hundred of the Hall of Fame's own page become page 4; the pages just before it
    // link to it. Fewer entries again: page 4 goes.
    fixture.write("content/export.json", &export(500));
    update();
    assert_eq!(
        aliases(&read(&out, "hall-of-fame/halaman/4/index.html"))[0],
        399
    );
    assert_eq!(aliases(&read(&out, "hall-of-fame/index.html")).len(), 100);
    assert_eq!(tree(&out), tree(&fixture.build_into("full").unwrap()));
    fixture.write("content/export.json", &export(420));
    let (report, kind) = update();
    assert_eq!(
        (kind, report.removed),
        (csirt_site::BuildKind::ExportOnly, 6),
        "page 4 in both languages, with their .br and .gz: {report:?}"
    );
    assert!(!out.join("hall-of-fame/halaman/4").exists());
    assert_eq!(tree(&out), tree(&fixture.build_into("full-again").unwrap()));
}
