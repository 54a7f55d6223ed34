//! The outputs the seeds name beyond the first five documents: Batam's verification report (*laporan
//! verifikasi*), Maluku Utara's reply letter to the reporting agency (*surat jawaban*) and its report to the head
//! of agency and the Governor. Each carries its seed's content and none of the reporter's name, e-mail address or
//! telephone number.

use csirt_domain::register::RegisterNumber;

use super::*;

/// `case` with the register number `2026/0042`.
fn registered((mut case, events): (Case, Vec<Event>)) -> (Case, Vec<Event>) {
    case.register = RegisterNumber::new(2026, 42);
    (case, events)
}

fn assert_no_reporter_contact(kind: DocumentKind, html: &str) {
    for personal in ["Rina", EMAIL, PHONE, PHONE_E164] {
        assert!(!html.contains(personal), "{kind:?} prints {personal:?}");
    }
    // The reporter's own words are left out unless the team chose to include them.
    assert!(
        !html.contains("Halaman judi"),
        "{kind:?} quotes the reporter"
    );
}

#[test]
fn the_verification_report_records_what_was_checked_who_checked_and_the_verdict() {
    let case = registered(walk(
        received(report(&[("reporter_name", HOSTILE_NAME)])),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: Some(text("Log akses server menunjukkan unggahan web shell.")),
            },
        ],
    ));
    let html = render_with(
        DocumentKind::VerificationReport,
        &case,
        &shipped_config(),
        &profile("batam"),
    )
    .unwrap();
    for expected in [
        "Laporan Verifikasi Insiden Siber",
        "Nomor register",
        "2026/0042",
        "Identitas pelapor",
        "Perangkat daerah",
        "nama pelapor tercatat",
        "kontak pelapor tercatat",
        "Jenis insiden siber",
        "Kompromi aplikasi",
        "Lokasi server dan sistem terdampak",
        "https://dinkes.contoh.go.id/berita",
        "Sistem log",
        "Laporan valid",
        "untuk segera ditindaklanjuti",
        "Log akses server menunjukkan unggahan web shell.",
        "Diverifikasi oleh",
        "Pelaksana verifikasi,",
        "andi",
        "Verifikasi dimulai",
        "23 November 2026 pukul 09.10 WIB",
        "Mengetahui,",
        "TLP:AMBER",
        "class=\"kop\"",
    ] {
        assert!(
            html.contains(expected),
            "verification report lacks {expected:?}"
        );
    }
    assert_no_reporter_contact(DocumentKind::VerificationReport, &html);
    assert!(
        !html.contains("Komunitas"),
        "the reporter's organisation is printed"
    );
    assert!(
        !html.contains(&case.0.code.to_string()),
        "the tracking code is printed though the case has a register number"
    );
}

#[test]
fn an_invalid_report_is_recorded_as_such_with_its_reason() {
    let case = walk(
        received(report(&[])),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Tidak ada indikasi serangan siber pada log server.")),
            },
        ],
    );
    let html = render_with(
        DocumentKind::VerificationReport,
        &case,
        &shipped_config(),
        &profile("batam"),
    )
    .unwrap();
    for expected in [
        "Laporan tidak valid",
        "tidak ada indikasi serangan siber",
        "Tidak ada indikasi serangan siber pada log server.",
        "Kode tiket",
    ] {
        assert!(
            html.contains(expected),
            "verification report lacks {expected:?}"
        );
    }
    assert!(!html.contains("untuk segera ditindaklanjuti"));
}

#[test]
fn the_reply_letter_answers_the_reporting_agency_with_findings_actions_and_recommendations() {
    let case = registered(handled_case(&[("reporter_name", HOSTILE_NAME)], "BSSN"));
    let html = render_with(
        DocumentKind::ReplyLetter,
        &case,
        &shipped_config(),
        &profile("malut"),
    )
    .unwrap();
    for expected in [
        "Jawaban atas Laporan Insiden Siber pada",
        "Yth. Pimpinan Komunitas",
        "nomor register 2026/0042",
        "1. Hasil Verifikasi dan Temuan",
        "Laporan valid",
        "Kompromi aplikasi",
        "Tim menemukan halaman &lt;b&gt;judi",
        "Celah unggah berkas pada plugin galeri yang usang.",
        "2. Penanganan yang Telah Dilakukan",
        "Berkas web shell dihapus dari server.",
        "Penggantian tampilan dengan halaman pemeliharaan",
        "Insiden ini dikoordinasikan dengan BSSN.",
        "Situs pulih dan celah ditutup.",
        "3. Rekomendasi",
        "Perbarui plugin galeri dan batasi jenis berkas unggahan.",
        "class=\"signature\"",
    ] {
        assert!(html.contains(expected), "reply letter lacks {expected:?}");
    }
    assert_no_reporter_contact(DocumentKind::ReplyLetter, &html);
    assert!(!html.contains(INTERNAL_NOTE), "an internal note leaked");

    // A reporter who named no organisation: the letter answers the agency owning the system.
    let no_organisation = handled_case(&[("reporter_organisation", "")], "BSSN");
    let html = render_with(
        DocumentKind::ReplyLetter,
        &no_organisation,
        &shipped_config(),
        &profile("malut"),
    )
    .unwrap();
    assert!(
        html.contains("Yth. Pimpinan Dinas Kesehatan &lt;Kabupaten&gt;"),
        "{html}"
    );
}

#[test]
fn the_report_to_the_head_of_agency_goes_to_the_head_and_the_governor() {
    let (case, events) = registered(handled_case(&[("reporter_name", HOSTILE_NAME)], "BSSN"));
    let closed = walk(
        (case, events),
        vec![Change::Close {
            hall_of_fame: false,
        }],
    );
    let mut config = shipped_config();
    config.documents.head_of_region = Some("Gubernur Maluku Utara".into());
    let html = render_with(
        DocumentKind::HeadOfAgencyReport,
        &closed,
        &config,
        &profile("malut"),
    )
    .unwrap();
    for expected in [
        "Laporan Hasil Pelaksanaan Kegiatan Penanganan Insiden Siber",
        "Kepada Yth.",
        "<li>Kepala Dinas Komunikasi dan Informatika Kabupaten Tegal</li>",
        "<li>Gubernur Maluku Utara</li>",
        "Tembusan:",
        "2026/0042",
        "Ditutup (closed)",
        "Berkas web shell dihapus dari server.",
        "BSSN",
        "Perbarui CMS dan ganti seluruh kata sandi.",
        "Celah unggah berkas pada plugin galeri yang usang.",
        "Situs pulih dan celah ditutup.",
        "F. Kronologi Kegiatan",
        "Laporan ditutup.",
        "Penyusun laporan,",
    ] {
        assert!(
            html.contains(expected),
            "head-of-agency report lacks {expected:?}"
        );
    }
    assert_no_reporter_contact(DocumentKind::HeadOfAgencyReport, &html);
    assert!(
        !html.contains("Komunitas"),
        "the reporter's organisation is printed"
    );
    assert!(!html.contains(INTERNAL_NOTE), "an internal note leaked");

    // Without a head of region configured, the head of agency alone.
    let html = render_with(
        DocumentKind::HeadOfAgencyReport,
        &closed,
        &shipped_config(),
        &profile("malut"),
    )
    .unwrap();
    assert!(!html.contains("Gubernur"));
    assert!(html.contains("<li>Kepala Dinas Komunikasi dan Informatika Kabupaten Tegal</li>"));
}

#[test]
fn the_new_outputs_are_refused_until_the_case_has_what_they_need() {
    let fresh = received(report(&[]));
    for (kind, gap) in [
        (
            DocumentKind::VerificationReport,
            "the report has not been verified yet (no verdict)",
        ),
        (
            DocumentKind::HeadOfAgencyReport,
            "the case is neither resolved nor closed",
        ),
    ] {
        let error = render_with(kind, &fresh, &shipped_config(), &profile("malut"))
            .unwrap_err()
            .to_string();
        assert!(error.contains(gap), "{kind:?}: {error}");
    }
    // The letter and the report leave the team: they carry the team's summary, so they need one.
    let error = render_with(
        DocumentKind::ReplyLetter,
        &fresh,
        &shipped_config(),
        &profile("malut"),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("no incident summary"), "{error}");
    assert!(
        !error.contains("verified"),
        "a reply before the verdict is an acknowledgement: {error}"
    );
    let verified_only = walk(received(report(&[])), verified());
    for kind in [DocumentKind::ReplyLetter, DocumentKind::HeadOfAgencyReport] {
        let error = render_with(kind, &verified_only, &shipped_config(), &profile("malut"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("no incident summary"), "{kind:?}: {error}");
    }
    // The verification report stays inside the team: it needs the verdict only.
    assert!(
        render_with(
            DocumentKind::VerificationReport,
            &verified_only,
            &shipped_config(),
            &profile("batam"),
        )
        .is_ok()
    );
}

#[test]
fn the_seeds_name_who_issues_the_new_outputs_and_other_teams_fall_back_to_issue_document() {
    use csirt_domain::sop::issue_key;
    let roles =
        |team: &str, kind: DocumentKind| profile(team).profile.roles_for(&issue_key(kind)).to_vec();
    // Batam step 3: the team that verifies.
    assert_eq!(
        roles("batam", DocumentKind::VerificationReport),
        ["tim", "koordinator"]
    );
    // Maluku Utara step 1: the coordinator answers; step 10: the Kabid, through the team.
    assert_eq!(roles("malut", DocumentKind::ReplyLetter), ["koordinator"]);
    assert_eq!(
        roles("malut", DocumentKind::HeadOfAgencyReport),
        ["kabid", "ketua", "koordinator"]
    );
    // A team whose SOP names no actor for them: whoever issues documents.
    for kind in [
        DocumentKind::VerificationReport,
        DocumentKind::ReplyLetter,
        DocumentKind::HeadOfAgencyReport,
    ] {
        assert_eq!(
            roles("tegal", kind),
            profile("tegal").profile.roles_for("issue_document"),
            "{kind:?}"
        );
    }
}

/// A case just received, with the team's summary only: the reply letter of Maluku Utara's step 1.
fn acknowledged() -> (Case, Vec<Event>) {
    registered(walk(
        received(report(&[("reporter_name", HOSTILE_NAME)])),
        vec![summary(SUMMARY, false)],
    ))
}

#[test]
fn before_the_verdict_the_reply_letter_acknowledges_the_report() {
    let html = render_with(
        DocumentKind::ReplyLetter,
        &acknowledged(),
        &shipped_config(),
        &profile("malut"),
    )
    .unwrap();
    for expected in [
        "Yth. Pimpinan Komunitas",
        "telah kami terima dan dicatat dengan nomor register",
        "2026/0042",
        "Kompromi aplikasi (Intrusi), menurut laporan",
        "Tim menemukan halaman &lt;b&gt;judi",
        "sedang diverifikasi",
    ] {
        assert!(
            html.contains(expected),
            "acknowledgement lacks {expected:?}"
        );
    }
    assert!(!html.contains("Hasil Verifikasi dan Temuan"));
    assert_no_reporter_contact(DocumentKind::ReplyLetter, &html);
    csirt_test_kit::nu_checker::assert_valid_html(&[(
        "reply-letter-acknowledgement".to_owned(),
        html,
    )]);
}
