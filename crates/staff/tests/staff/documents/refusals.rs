//! Whatever comes from the case is escaped; incomplete cases are refused with the gap named.

use super::*;

#[test]
fn everything_from_the_case_is_escaped() {
    let case = handled_case(
        &[("reporter_name", HOSTILE_NAME)],
        "Mitra\u{1b}[31m <script>x</script>\u{0}\u{202e}",
    );
    for kind in ALL {
        let html = render_with(kind, &case, &shipped_config(), &profile("tegal")).unwrap();
        assert!(!html.contains("<script"), "{kind:?} has a raw script tag");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{kind:?}");
        assert!(
            !html.contains('\u{1b}') && !html.contains('\u{0}') && !html.contains('\u{202e}'),
            "{kind:?} passes control characters through"
        );
        if kind == DocumentKind::EscalationReport || kind == DocumentKind::FinalReport {
            assert!(
                html.contains("Mitra\u{FFFD}[31m &lt;script&gt;"),
                "{kind:?}"
            );
        }
        if kind != DocumentKind::CertificateOfAppreciation {
            // Template syntax in a report is text, not template code.
            assert!(html.contains("{{ config.base_url }} {% raw %}"), "{kind:?}");
        }
    }
    // Control characters never get into a report at all: the domain refuses them field by field.
    let mut input = ReportInput::from_pairs([
        ("reporter_email", EMAIL),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "a\u{0}b"),
        ("affected_url", "https://contoh.go.id"),
    ]);
    input.set("reporter_name", "x\u{7}y");
    let context = ParseContext {
        received_at: at(0),
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    let errors = Report::parse(&input, &context).unwrap_err();
    let fields: Vec<&str> = errors.fields().collect();
    assert!(fields.contains(&"description") && fields.contains(&"reporter_name"));
}

#[test]
fn incomplete_cases_are_refused_with_the_gap_named() {
    let fresh = received(report(&[]));
    let code = fresh.0.code.to_string();
    let expectations = [
        (
            DocumentKind::AnalysisReport,
            "cannot issue the analysis report (Laporan Analisis Insiden Siber dan Rekomendasi Penanganan Insiden Siber): the analysis and recommendations are not recorded yet",
        ),
        (
            DocumentKind::EscalationReport,
            "cannot issue the escalation report (Laporan Eskalasi Insiden Siber): the case has not been escalated",
        ),
        (
            DocumentKind::NotificationLetter,
            "cannot issue the notification letter (Surat Pemberitahuan Insiden Siber): the report has not been verified as valid; no recommended action",
        ),
        (
            DocumentKind::CertificateOfAppreciation,
            "the report has not been verified as valid (a certificate is for a valid report); the reporter gave neither a name nor a Hall of Fame alias",
        ),
        (
            DocumentKind::FinalReport,
            "cannot issue the final report (Laporan Penanganan Insiden Siber): the case is not classified; the case is not resolved",
        ),
    ];
    for (kind, message) in expectations {
        let error = render_with(kind, &fresh, &shipped_config(), &profile("tegal")).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with(&format!("case {code}: ")), "{text}");
        assert!(text.contains(message), "{kind:?}: {text}");
    }

    // An invalid report earns no certificate even when the reporter is named.
    let invalid = walk(
        received(report(&[("reporter_name", "Rina")])),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Tidak ada indikasi serangan.")),
            },
        ],
    );
    let error = render_with(
        DocumentKind::CertificateOfAppreciation,
        &invalid,
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("not been verified as valid") && !error.contains("neither"));

    // An escalation report asked for an escalation the case does not have.
    let (case, events) = named_case();
    let error = render(
        &templates(),
        &Issue {
            record: &record(DocumentKind::EscalationReport, "1/ESK"),
            case: &case,
            events: &events,
            escalation: Some(5),
        },
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("no escalation 5 (the case has 1)"),
        "{error}"
    );
}
