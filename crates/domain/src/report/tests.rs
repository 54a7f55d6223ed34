use chrono::{FixedOffset, TimeZone, Utc};
use serde_json::json;

use super::*;

fn context() -> ParseContext {
    ParseContext {
        received_at: Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap(),
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    }
}

fn minimal() -> ReportInput {
    ReportInput::from_pairs([
        ("reporter_email", "pelapor@contoh.id"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        (
            "description",
            "Halaman depan situs diganti dengan tulisan peretas.",
        ),
        ("affected_url", "https://dinkes.tegalkab.go.id"),
    ])
}

#[test]
fn a_minimal_report_parses_with_defaults() {
    let report = Report::parse(&minimal(), &context()).unwrap();
    assert_eq!(report.reporter.kind, ReporterKind::Public);
    assert_eq!(report.tlp, Tlp::Amber);
    assert_eq!(report.hall_of_fame, HallOfFame::Declined);
    assert_eq!(report.incident.kind(), "application-compromise");
    assert!(report.reporter.phone.is_none() && report.chronology.is_none());
}

#[test]
fn a_full_report_keeps_every_field() {
    let input = ReportInput::from_json(&json!({
        "reporter_name": "Budi Santoso",
        "reporter_email": "budi@contoh.id",
        "reporter_phone": "0812-3456-7890",
        "reporter_kind": "system_owner",
        "reporter_organisation": "Dinas Kesehatan",
        "incident_class": "information-content-security",
        "incident_type": "unauthorised-information-modification",
        "title": "Situs disusupi halaman judi online",
        "description": "Ada puluhan halaman judi online di /wp-content/.",
        "chronology": "09.00 ditemukan\n09.30 dilaporkan",
        "impact": "Reputasi pemerintah daerah",
        "noticed_at": "2026-11-23T09:00",
        "affected_url": "dinkes.tegalkab.go.id/wp-content/",
        "affected_ip": "203.0.113.10",
        "affected_application": "WordPress",
        "affected_agency": "Dinas Kesehatan",
        "hall_of_fame_consent": true,
        "hall_of_fame_alias": "budi_s",
        "tlp": "TLP:GREEN",
    }))
    .unwrap();
    let report = Report::parse(&input, &context()).unwrap();
    assert_eq!(
        report.reporter.phone.as_ref().unwrap().as_str(),
        "+6281234567890"
    );
    assert_eq!(report.reporter.kind, ReporterKind::SystemOwner);
    // 09:00 WIB is 02:00 UTC.
    assert_eq!(
        report.noticed_at.unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
    );
    assert_eq!(report.hall_of_fame.alias().unwrap().as_str(), "budi_s");
    assert_eq!(report.tlp, Tlp::Green);
    assert_eq!(
        report.chronology.as_ref().unwrap().as_str(),
        "09.00 ditemukan\n09.30 dilaporkan"
    );
    let round_trip: Report =
        serde_json::from_str(&serde_json::to_string(&report.clone()).unwrap()).unwrap();
    assert_eq!(round_trip, report);
}

#[test]
fn an_empty_submission_lists_every_required_field() {
    let errors = Report::parse(&ReportInput::new(), &context()).unwrap_err();
    let fields: Vec<_> = errors.fields().collect();
    assert_eq!(
        fields,
        [
            "affected_url",
            "description",
            "incident_class",
            "reporter_email",
            "reporter_phone"
        ]
    );
    assert_eq!(errors.get("description").unwrap().id, "Wajib diisi.");
    let english = errors.in_language(Lang::En);
    assert_eq!(english["description"], "Required.");
}

#[test]
fn a_future_noticed_at_is_refused_and_a_recent_one_allowed() {
    let mut input = minimal();
    input.set("noticed_at", "2026-11-23T03:05:00Z");
    assert!(Report::parse(&input, &context()).is_ok());
    input.set("noticed_at", "2026-11-24T03:00:00Z");
    let errors = Report::parse(&input, &context()).unwrap_err();
    assert!(errors.get("noticed_at").unwrap().en.contains("future"));
    input.set("noticed_at", "kemarin sore");
    assert!(
        Report::parse(&input, &context())
            .unwrap_err()
            .get("noticed_at")
            .is_some()
    );
}

/// Hostile values in every free-text field: kept verbatim where text is allowed (it is escaped where shown),
/// refused where the field has a shape, and never a panic.
#[test]
fn hostile_values_in_every_field_are_kept_as_text_or_refused() {
    let hostile = [
        "<script>alert(document.cookie)</script>",
        "{{ config }}{% raw %}{# x #}",
        "\"><svg onload=alert(1)>",
        "${jndi:ldap://x}",
        "'; DROP TABLE cases;--",
    ];
    let shaped = [
        "reporter_email",
        "reporter_phone",
        "reporter_kind",
        "incident_class",
        "incident_type",
        "noticed_at",
        "affected_url",
        "affected_ip",
        "hall_of_fame_alias",
        "hall_of_fame_consent",
        "tlp",
    ];
    for field in FIELDS
        .iter()
        .filter(|f| !matches!(**f, "evidence" | "lang"))
    {
        for value in hostile {
            let mut input = minimal();
            input.set(field, value);
            if *field == "hall_of_fame_alias" {
                input.set("hall_of_fame_consent", "on");
            }
            match Report::parse(&input, &context()) {
                Ok(report) => {
                    assert!(!shaped.contains(field), "{field} took {value:?}");
                    let stored = serde_json::to_string(&report).unwrap();
                    assert!(
                        stored.contains(&serde_json::to_string(value).unwrap()[1..value.len()])
                    );
                }
                Err(errors) => {
                    assert!(
                        shaped.contains(field),
                        "{field} refused {value:?}: {errors}"
                    );
                    assert!(errors.get(field).is_some(), "{field}: {errors}");
                }
            }
        }
    }
}

#[test]
fn control_characters_and_oversized_values_are_refused_in_every_text_field() {
    for field in [
        "reporter_name",
        "reporter_organisation",
        "title",
        "description",
        "chronology",
        "impact",
        "affected_application",
        "affected_agency",
    ] {
        let mut input = minimal();
        input.set(field, "a\u{1b}[2Jb");
        let errors = Report::parse(&input, &context()).unwrap_err();
        assert!(
            errors.get(field).is_some(),
            "{field} accepted an escape sequence"
        );

        input.set(field, "ꦲ".repeat(60_000));
        let errors = Report::parse(&input, &context()).unwrap_err();
        assert!(
            errors.get(field).unwrap().en.starts_with("At most"),
            "{field}"
        );
    }
}

#[test]
fn errors_come_back_for_every_bad_field_at_once() {
    let mut input = minimal();
    input
        .set("reporter_email", "bukan-email")
        .set("tlp", "ungu")
        .set("affected_ip", "1.2.3")
        .set("reporter_kind", "hacker");
    let errors = Report::parse(&input, &context()).unwrap_err();
    let fields: Vec<_> = errors.fields().collect();
    assert_eq!(
        fields,
        ["affected_ip", "reporter_email", "reporter_kind", "tlp"]
    );
}

#[test]
fn the_reporter_never_shows_in_debug_output() {
    let mut input = minimal();
    input
        .set("reporter_name", "Siti Rahasia")
        .set("reporter_phone", "081299998888");
    let report = Report::parse(&input, &context()).unwrap();
    let printed = format!("{report:?}");
    for secret in ["Siti", "Rahasia", "pelapor@contoh.id", "81299998888"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}
