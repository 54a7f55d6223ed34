//! The case page and the queue with several escalations, each with its own state and answers, the earlier
//! analysis kept beside the latest, and the IIV and personal-data deadlines (met, running) shown and marked.

use axum::http::StatusCode;
use csirt_domain::case::{Change, EscalationOutcome, PartnerKind};
use csirt_test_kit::cases::text;

use crate::case_page::{recorded_case, unescaped};
use crate::publish::{verified, walked};
use crate::support::Console;

fn escalate(partner: PartnerKind, name: &str) -> Change {
    Change::Escalate {
        partner,
        partner_name: name.into(),
        chronology: None,
        impact: None,
        request: None,
        required: Vec::new(),
    }
}

fn analysis(words: &str) -> Change {
    Change::RecordAnalysis {
        analysis: text(words),
        recommendations: text("Perbarui plugin."),
    }
}

#[tokio::test]
async fn every_escalation_shows_its_state_and_the_deadlines_their_standing() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let code = recorded_case(&console, Vec::new()).await;
    let mut changes = verified("intrusions", "application-compromise");
    changes.extend([
        Change::MarkVitalInfrastructure { vital: true },
        Change::MarkPersonalData { involved: true },
        escalate(PartnerKind::Vendor, "PT Pengembang Aplikasi"),
        escalate(PartnerKind::Bssn, "BSSN"),
        Change::RecordEscalationAnswer {
            escalation: 1,
            text: text("Patch pertama dirilis."),
        },
        Change::RecordEscalationAnswer {
            escalation: 1,
            text: text("Patch kedua dirilis."),
        },
        Change::EndEscalation {
            escalation: 1,
            outcome: EscalationOutcome::Withdrawn,
            note: Some(text("Ditangani BSSN.")),
        },
        analysis("Analisis versi pertama."),
        escalate(PartnerKind::Bssn, "BSSN"),
        analysis("Analisis versi kedua."),
    ]);
    walked(&console, &code, changes).await;
    let mut agent = console.signed_in("wayan", &secret).await;
    let page = console
        .get(&mut agent, &format!("/staff/cases/{code}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = unescaped(&page.body);
    for expected in [
        "#1 PT Pengembang Aplikasi",
        "#2 BSSN",
        "#3 BSSN",
        "Patch pertama dirilis.",
        "Patch kedua dirilis.",
        "escalation-withdrawn",
        "escalation-sent",
        "Ditangani BSSN.",
        "Analisis versi kedua.",
        "Analisis versi pertama.",
        "(v2)",
        "deadline-met",
        "deadline-running",
        "id=\"step-end_escalation\"",
        "id=\"step-record_data_subject_notice\"",
        "BSSN (wajib: description, chronology, impact)",
    ] {
        assert!(html.contains(expected), "{expected} on the case page");
    }
    let queue = console.get(&mut agent, "/staff/").await;
    assert_eq!(queue.status, StatusCode::OK);
    let queue = unescaped(&queue.body);
    let row = queue
        .split("<tr data-code=")
        .find(|row| row.contains(&code.to_string()))
        .unwrap();
    assert!(row.contains("badge deadline"), "{row}");
    assert!(
        !row.contains("queue_deadline_bssn_report") && !row.contains("IIV: lapor BSSN"),
        "the met IIV deadline is not marked: {row}"
    );
}
