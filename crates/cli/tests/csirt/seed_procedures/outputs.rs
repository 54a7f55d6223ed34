//! The outputs the seeds name beyond the first five documents, issued with `csirt` on each seed's site:
//! Batam's verification report (step 3), Maluku Utara's reply letter to the reporting agency (steps 1 and 8), its
//! report to the head of agency and the Governor (step 10) and the periodic activity report. None of them carries
//! the reporter's name, e-mail address, telephone number or words, nor the tracking code when the case has a
//! register number.

use crate::seeds::*;
use serde_json::Value;

/// The issued document's HTML, from `csirt case issue … --json`.
fn issued_html(site: &SeedSite, code: &str, kind: &str) -> (Value, String) {
    let out: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "issue",
        code,
        kind,
        "--output",
        site.path("documents").to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let html = std::fs::read_to_string(out["html"].as_str().unwrap()).unwrap();
    (out["document"].clone(), html)
}

/// Fails if `html` (a document named `what`) carries the reporter's data or the tracking code `code`.
fn assert_nothing_of_the_reporter(what: &str, html: &str, code: &str) {
    for secret in [
        NAME,
        EMAIL,
        PHONE[0],
        PHONE[1],
        DESCRIPTION,
        "Tampilan situs dinas berubah",
        "Pukul 07.45",
        code,
    ] {
        assert!(!html.contains(secret), "{what} carries {secret:?}");
    }
}

#[tokio::test]
async fn batam_issues_its_verification_report_at_step_3() {
    let site = SeedSite::new("batam");
    let code = site
        .submit("batam_penjaga", "intrusions", "application-compromise")
        .await;
    let c = code.as_str();
    site.step(&["start-verification", c]);
    let case = site.step(&["verify", c, "--valid"]);
    let register = case["register"].as_str().unwrap().to_owned();
    let (document, html) = issued_html(&site, c, "verification-report");
    assert_eq!(document["kind"], "verification_report");
    let number = document["number"].as_str().unwrap();
    assert!(number.contains("LVIS"), "{number}");
    for expected in [
        "Laporan Verifikasi Insiden Siber",
        number,
        register.as_str(),
        "Identitas pelapor",
        "Masyarakat umum",
        "kontak pelapor tercatat",
        "Jenis insiden siber",
        "Lokasi server dan sistem terdampak",
        "https://dinas.contoh.go.id",
        "Sistem log",
        "Laporan valid",
        "Diverifikasi oleh",
        OPERATOR,
        "Mengetahui,",
        "TLP:",
    ] {
        assert!(
            html.contains(expected),
            "verification report lacks {expected:?}"
        );
    }
    assert_nothing_of_the_reporter("the verification report", &html, c);
    // The case records it like every document.
    let shown: Value = serde_json::from_str(&site.csirt(&["case", "show", c, "--json"])).unwrap();
    assert_eq!(shown["case"]["documents"][0]["kind"], "verification_report");
}

#[tokio::test]
async fn maluku_utara_answers_the_agency_reports_to_the_head_and_makes_the_activity_report() {
    let site = SeedSite::new("malut");
    let code = site
        .submit("nusa_ternate", "intrusions", "application-compromise")
        .await;
    let c = code.as_str();
    // Step 1: the coordinator receives the report from the OPD and answers it (surat jawaban).
    site.step(&[
        "summary",
        c,
        "--text",
        "Laporan perubahan tampilan situs Dinas Pendidikan.",
    ]);
    let (_, acknowledgement) = issued_html(&site, c, "reply-letter");
    for expected in [
        "Yth. Pimpinan Dinas Pendidikan",
        "telah kami terima dan dicatat dengan nomor register",
        "sedang diverifikasi",
    ] {
        assert!(
            acknowledgement.contains(expected),
            "step 1's reply lacks {expected:?}"
        );
    }
    assert_nothing_of_the_reporter("step 1's reply letter", &acknowledgement, c);
    site.step(&["start-verification", c]);
    site.step(&["verify", c, "--valid"]);
    let case = site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "high",
    ]);
    let register = case["register"].as_str().unwrap().to_owned();
    site.step(&["handle", c]);
    site.step(&["action", c, "--note", "Server dipulihkan dari cadangan"]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Eksploitasi celah CMS.",
        "--recommendations",
        "Perbarui CMS secara berkala.",
    ]);
    site.step(&[
        "summary",
        c,
        "--text",
        "Celah CMS situs dinas dieksploitasi; server dipulihkan.",
    ]);
    site.step(&["resolve", c, "--summary", "Aplikasi kembali normal."]);

    // Step 8: the results go back to the reporting agency, in a second reply letter with the next number.
    let (document, letter) = issued_html(&site, c, "reply-letter");
    assert!(
        document["number"].as_str().unwrap().starts_with("002/"),
        "{document}"
    );
    assert_eq!(document["kind"], "reply_letter");
    for expected in [
        "Yth. Pimpinan Dinas Pendidikan",
        "Jawaban atas Laporan Insiden Siber",
        register.as_str(),
        "Laporan valid",
        "Celah CMS situs dinas dieksploitasi; server dipulihkan.",
        "Server dipulihkan dari cadangan",
        "Aplikasi kembali normal.",
        "Perbarui CMS secara berkala.",
    ] {
        assert!(letter.contains(expected), "reply letter lacks {expected:?}");
    }
    assert_nothing_of_the_reporter("the reply letter", &letter, c);

    // Closing the queue entry, then step 10: the report to the head of agency.
    site.step(&["close", c]);
    let (document, report) = issued_html(&site, c, "head-of-agency-report");
    assert_eq!(document["kind"], "head_of_agency_report");
    for expected in [
        "Laporan Hasil Pelaksanaan Kegiatan Penanganan Insiden Siber",
        "Kepada Yth.",
        register.as_str(),
        "Ditutup (closed)",
        "Server dipulihkan dari cadangan",
        "Perbarui CMS secara berkala.",
        "Kronologi Kegiatan",
    ] {
        assert!(
            report.contains(expected),
            "head-of-agency report lacks {expected:?}"
        );
    }
    assert_nothing_of_the_reporter("the report to the head of agency", &report, c);

    // The periodic activity report of the current month: numbered, the case counted and listed by register.
    let out: Value = serde_json::from_str(&site.csirt(&[
        "report",
        "activity",
        "--period",
        "month",
        "--output",
        site.path("documents").to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert!(out["number"].as_str().unwrap().contains("LKB"), "{out}");
    assert_eq!(out["figures"]["totals"]["received"], 1, "{out}");
    assert_eq!(out["figures"]["totals"]["valid"], 1, "{out}");
    assert_eq!(out["figures"]["totals"]["closed"], 1, "{out}");
    assert_eq!(out["figures"]["cases"][0]["register"], register.as_str());
    assert!(
        !out.to_string().contains(c),
        "the tracking code in the JSON"
    );
    let html = std::fs::read_to_string(out["html"].as_str().unwrap()).unwrap();
    for expected in [
        "Laporan Kegiatan Berkala",
        register.as_str(),
        "Laporan ditutup",
    ] {
        assert!(
            html.contains(expected),
            "activity report lacks {expected:?}"
        );
    }
    assert_nothing_of_the_reporter("the activity report", &html, c);
    // A second one takes the next number; a bad period is refused naming it, and takes none.
    let refused = site.csirt_fails(&["report", "activity", "--period", "2026-13"]);
    assert!(refused.contains("\"2026-13\""), "{refused}");
    let again: Value = serde_json::from_str(&site.csirt(&[
        "report",
        "activity",
        "--output",
        site.path("documents").to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert_ne!(again["number"], out["number"]);
    let first: u32 = out["number"]
        .as_str()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let second: u32 = again["number"]
        .as_str()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(second, first + 1, "{again}");
}
