//! The team's incident summary in documents to the system owner: the notification letter, the analysis report
//! and the final report carry it and never the reporter's own words (title, description, chronology, impact)
//! unless staff chose to include them; without a summary they are refused, saying what to do; the escalation
//! report to the provincial CSIRT or BSSN keeps Perban BSSN 1/2024 Pasal 15's fields whatever the choice.

use super::*;

/// The reporter's words in the fixture's report, as the documents would print them (escaped): each could
/// identify who reported.
const TITLE: &str = "Saya staf TU Dinkes, situs kantor saya diretas";
const REPORTERS_WORDS: [&str; 4] = [
    TITLE,
    "Halaman judi &lt;script&gt;alert(1)&lt;/script&gt; disisipkan",
    "Pukul 08.10 tampilan situs berubah.",
    "Layanan &lt;b&gt;informasi publik&lt;/b&gt; tidak dapat diakses.",
];
const OWNER_DOCUMENTS: [DocumentKind; 3] = [
    DocumentKind::NotificationLetter,
    DocumentKind::AnalysisReport,
    DocumentKind::FinalReport,
];

/// The handled case of the fixture, with a title and `reporter_name`, its summary written as `last` says.
fn case_with(last: Option<Change>) -> (Case, Vec<Event>) {
    let case = handled_case(
        &[("reporter_name", HOSTILE_NAME), ("title", TITLE)],
        "JatengProv-CSIRT",
    );
    match last {
        Some(change) => walk(case, vec![change]),
        None => case,
    }
}

fn rendered(kind: DocumentKind, case: &(Case, Vec<Event>)) -> Result<String, DocumentError> {
    render_with(kind, case, &shipped_config(), &profile("tegal"))
}

#[test]
fn documents_to_the_system_owner_carry_the_summary_and_never_the_reporters_words() {
    let case = case_with(None);
    for kind in OWNER_DOCUMENTS {
        let html = rendered(kind, &case).unwrap();
        assert!(
            html.contains(
                "Tim menemukan halaman &lt;b&gt;judi&lt;/b&gt; disisipkan melalui plugin galeri"
            ),
            "{kind:?} lacks the team's summary"
        );
        for words in REPORTERS_WORDS {
            assert!(
                !html.contains(words),
                "{kind:?} quotes the reporter: {words:?}"
            );
        }
        assert!(!html.contains("disampaikan pelapor"), "{kind:?}");
        for personal in ["Rina", EMAIL, PHONE_E164, "Komunitas"] {
            assert!(
                !html.contains(personal),
                "{kind:?} names the reporter: {personal:?}"
            );
        }
    }
}

#[test]
fn the_reporters_description_is_included_only_when_staff_chose_so() {
    let chosen = case_with(Some(summary(SUMMARY, true)));
    for kind in OWNER_DOCUMENTS {
        let html = rendered(kind, &chosen).unwrap();
        assert!(
            html.contains("Tim menemukan halaman"),
            "{kind:?} keeps the summary"
        );
        assert!(
            html.contains("Uraian sebagaimana disampaikan pelapor"),
            "{kind:?} introduces the reporter's words"
        );
        assert!(
            html.contains(REPORTERS_WORDS[1]),
            "{kind:?} lacks the description"
        );
        // Their words, never their contact.
        for personal in ["Rina", EMAIL, PHONE_E164] {
            assert!(
                !html.contains(personal),
                "{kind:?} names the reporter: {personal:?}"
            );
        }
    }
    let analysis = rendered(DocumentKind::AnalysisReport, &chosen).unwrap();
    assert!(analysis.contains(REPORTERS_WORDS[2]) && analysis.contains(REPORTERS_WORDS[3]));

    // The choice alone, without the team's words, is a summary too; taking it back hides the words again.
    let only_theirs = case_with(Some(summary("", true)));
    let letter = rendered(DocumentKind::NotificationLetter, &only_theirs).unwrap();
    assert!(letter.contains(REPORTERS_WORDS[1]) && !letter.contains("Tim menemukan halaman"));
    let taken_back = walk(
        only_theirs,
        vec![summary("Situs dinas diubah pihak luar.", false)],
    );
    let letter = rendered(DocumentKind::NotificationLetter, &taken_back).unwrap();
    assert!(letter.contains("Situs dinas diubah pihak luar."));
    for words in REPORTERS_WORDS {
        assert!(!letter.contains(words), "{words:?}");
    }
}

#[test]
fn without_a_summary_documents_to_the_system_owner_are_refused_saying_what_to_do() {
    let (case, events) = handled_case(&[("reporter_name", "Rina")], "JatengProv-CSIRT");
    // The fixture writes its summary just before the follow-up: the same work without it.
    let mut unsummarised = received(report(&[("reporter_name", "Rina")]));
    for event in events.iter().skip(1) {
        if !matches!(event.change, Change::WriteSummary { .. }) {
            unsummarised = walk(unsummarised, vec![event.change.clone()]);
        }
    }
    assert!(case.summary.is_some() && unsummarised.0.summary.is_none());
    let code = unsummarised.0.code.to_string();
    for kind in OWNER_DOCUMENTS {
        let error = rendered(kind, &unsummarised).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("case {code}: cannot issue the ")),
            "{error}"
        );
        assert!(error.contains("no incident summary"), "{error}");
        assert!(
            error.contains(&format!("csirt case summary {code} --text"))
                && error.contains("--include-reporter-description"),
            "{kind:?} does not say what to do: {error}"
        );
    }
    // The escalation report and the certificate do not go to the system owner: no summary needed.
    for kind in [
        DocumentKind::EscalationReport,
        DocumentKind::CertificateOfAppreciation,
    ] {
        assert!(rendered(kind, &unsummarised).is_ok(), "{kind:?}");
    }
}

#[test]
fn the_escalation_report_keeps_bssns_fields_whatever_the_summary_says() {
    for case in [case_with(None), case_with(Some(summary(SUMMARY, true)))] {
        let html = rendered(DocumentKind::EscalationReport, &case).unwrap();
        // Perban BSSN 1/2024 Pasal 15: the reporter's identity and contact, the incident's description,
        // chronology and impact, the affected system, what was done.
        for expected in [
            "Rina &lt;script&gt;alert(&#39;nama&#39;)&lt;/script&gt;",
            EMAIL,
            PHONE_E164,
            REPORTERS_WORDS[1],
            REPORTERS_WORDS[2],
            REPORTERS_WORDS[3],
            "https://dinkes.contoh.go.id/berita",
            "Kompromi aplikasi",
            "Berkas web shell dihapus dari server.",
        ] {
            assert!(
                html.contains(expected),
                "escalation report lacks {expected:?}"
            );
        }
        assert!(
            !html.contains("Tim menemukan halaman"),
            "the summary is not BSSN's"
        );
    }
}
