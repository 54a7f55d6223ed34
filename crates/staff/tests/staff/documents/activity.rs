//! The periodic activity report (*laporan kegiatan berkala*): the management report's figures for one period,
//! printed in the documents' style, with register numbers and never a tracking code or the reporter's data.

use csirt_domain::local_time::LocalTime;
use csirt_domain::register::RegisterNumber;
use csirt_staff::documents::{ActivityHeading, render_activity_report};
use csirt_staff::management::{activity_figures, named_period};

use super::*;

/// A handled and closed case (register `2026/0001`), an invalid one (`2026/0002`), and one received the month
/// before (`2026/0003`), which the November report leaves out of its received cases.
fn cases() -> Vec<(Case, Vec<Event>)> {
    let (mut closed, events) = walk(
        named_case(),
        vec![Change::Close {
            hall_of_fame: false,
        }],
    );
    closed.register = RegisterNumber::new(2026, 1);
    let (mut invalid, invalid_events) = walk(
        received(report(&[("reporter_name", HOSTILE_NAME)])),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Tidak ada indikasi serangan siber.")),
            },
        ],
    );
    invalid.register = RegisterNumber::new(2026, 2);
    let (mut october, october_events) = received(report(&[]));
    october.received_at -= TimeDelta::days(40);
    october.register = RegisterNumber::new(2026, 3);
    vec![
        (closed, events),
        (invalid, invalid_events),
        (october, october_events),
    ]
}

fn render_november(
    cases: &[(Case, Vec<Event>)],
) -> (csirt_staff::management::ActivityFigures, String) {
    let procedure = profile("tegal");
    let (length, window) = named_period("2026-11", at(0).date_naive()).unwrap();
    let figures = activity_figures(
        cases,
        length,
        &window,
        &procedure.profile,
        &procedure.calendar,
        at(24 * 60),
    );
    let heading = ActivityHeading {
        number: "004/LKB/TegalKab-CSIRT/XI/2026".into(),
        dated: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        tlp: Tlp::Amber,
    };
    let html = render_activity_report(
        &templates(),
        &figures,
        &heading,
        &shipped_config(),
        &procedure.profile,
        &LocalTime::new(procedure.calendar.offset()),
    )
    .unwrap();
    (figures, html)
}

#[test]
fn the_activity_report_counts_the_period_per_class_and_per_step() {
    let cases = cases();
    let (figures, html) = render_november(&cases);
    assert_eq!(figures.period, "2026-11");
    assert_eq!(
        (
            figures.totals.received,
            figures.totals.valid,
            figures.totals.invalid,
            figures.totals.closed,
            figures.totals.open_at_end
        ),
        (2, 1, 1, 1, 2),
        "received in November: the closed and the invalid case; open at its end: the invalid case (not closed) \
         and the October case"
    );
    let registers: Vec<Option<&str>> = figures
        .cases
        .iter()
        .map(|line| line.register.as_deref())
        .collect();
    assert_eq!(registers, [Some("2026/0001"), Some("2026/0002")]);
    assert!(
        !figures.steps.is_empty(),
        "Tegal's steps have time standards"
    );
    for step in &figures.steps {
        assert_eq!(
            step.met + step.missed,
            step.row.passes,
            "step {}",
            step.row.step
        );
    }
    let verify = figures
        .steps
        .iter()
        .find(|s| s.row.state == "verifying")
        .expect("a verification step");
    assert_eq!(verify.row.passes, 2, "both November cases were verified");

    for expected in [
        "Laporan Kegiatan Berkala",
        "004/LKB/TegalKab-CSIRT/XI/2026",
        "bulan november 2026",
        "1 November 2026 sampai dengan",
        "30 November 2026",
        "Intrusi",
        "Pemenuhan Standar Waktu per Langkah SOP",
        "Memenuhi standar",
        "Melewati standar",
        "2026/0001",
        "2026/0002",
        "Kompromi aplikasi",
        "Laporan ditutup",
        "Kepala Dinas Komunikasi dan Informatika Kabupaten Tegal",
        "Sekretaris Daerah Kabupaten Tegal",
        "TLP:AMBER",
        "class=\"kop\"",
    ] {
        assert!(
            html.contains(expected),
            "activity report lacks {expected:?}"
        );
    }
    assert!(!html.contains("2026/0003"), "a case from October is listed");
    for (case, _) in &cases {
        assert!(
            !html.contains(&case.code.to_string()),
            "a tracking code is printed"
        );
    }
    for personal in [
        "Rina",
        EMAIL,
        PHONE,
        PHONE_E164,
        "Komunitas",
        "Halaman judi",
    ] {
        assert!(!html.contains(personal), "the report prints {personal:?}");
    }
}

#[test]
fn the_activity_report_passes_the_nu_html_checker() {
    let (_, html) = render_november(&cases());
    let (_, empty) = render_november(&[]);
    assert!(empty.contains("Tidak ada laporan yang diterima dalam periode ini."));
    csirt_test_kit::nu_checker::assert_valid_html(&[
        ("activity".to_owned(), html),
        ("activity-empty".to_owned(), empty),
    ]);
}

#[test]
fn the_activity_report_prints_to_an_a4_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = render_november(&cases());
    let source = dir.path().join("laporan-kegiatan.html");
    let target = dir.path().join("laporan-kegiatan.pdf");
    std::fs::write(&source, html).unwrap();
    print_pdf(&source, &target).unwrap_or_else(|e| panic!("{e}"));
    let pdf = std::fs::read(&target).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox [0 0 594.95996 841.91998]"),
        "the activity report is not A4 portrait"
    );
}
