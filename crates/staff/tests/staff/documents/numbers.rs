//! Every document's number, marking and letterhead.

use super::*;

#[test]
fn numbers_follow_the_configured_pattern() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let fixture = fixture_config();
    assert_eq!(
        document_number(
            &fixture.documents,
            "Contoh-CSIRT",
            DocumentKind::NotificationLetter,
            7,
            day
        ),
        "B-007/PEMB/Contoh-CSIRT/XI/2026"
    );
    assert_eq!(
        document_number(
            &fixture.documents,
            "Contoh-CSIRT",
            DocumentKind::FinalReport,
            1234,
            NaiveDate::from_ymd_opt(2027, 4, 1).unwrap()
        ),
        "B-1234/LPIS/Contoh-CSIRT/IV/2027"
    );
    let shipped = shipped_config();
    assert_eq!(
        document_number(
            &shipped.documents,
            "TegalKab-CSIRT",
            DocumentKind::CertificateOfAppreciation,
            12,
            day
        ),
        "012/SA/TegalKab-CSIRT/XI/2026"
    );
    assert_eq!(shipped.documents.place, "Slawi");
}

#[test]
fn every_document_carries_its_number_marking_and_letterhead() {
    let case = named_case();
    let config = shipped_config();
    for kind in ALL {
        let html = render_with(kind, &case, &config, &profile("tegal")).unwrap();
        let number = format!("007/TEST/{}", kind_number_suffix(kind));
        assert!(html.starts_with("<!DOCTYPE html>"), "{kind:?}");
        assert!(html.contains(&number), "{kind:?} lacks its number");
        assert!(html.contains("PEMERINTAH KABUPATEN TEGAL"), "{kind:?}");
        assert!(html.contains("Dinas Komunikasi dan Informatika Kabupaten Tegal"));
        assert!(html.contains("Slawi, 23 November 2026"), "{kind:?}");
        if kind == DocumentKind::HeadOfAgencyReport {
            // Addressed to the head of agency, not signed by them.
            assert!(!html.contains("Ahmad Fiktif Wibowo"), "{kind:?}");
        } else {
            assert!(
                html.contains("Ahmad Fiktif Wibowo, S.Kom., M.M."),
                "{kind:?}"
            );
            assert!(html.contains("NIP. 19000101 190001 1 000"), "{kind:?}");
        }
        // The marking, top and bottom right of every printed page, amber on black, and on screen.
        for margin in ["@top-right", "@bottom-right"] {
            let rule = &html[html.find(margin).unwrap()..];
            let rule = &rule[..rule.find('}').unwrap()];
            assert!(rule.contains("content: \"TLP:AMBER\""), "{kind:?}: {rule}");
            assert!(rule.contains("color: #FFC000") && rule.contains("background: #000"));
        }
        assert_eq!(html.matches("TLP:AMBER</p>").count(), 2, "{kind:?}");
        // Named for screen readers in text, not by an aria-label on an element that has no role to carry it.
        assert!(html.contains(
            r#"<span class="visually-hidden">Label TLP dokumen ini: </span>TLP:AMBER</p>"#
        ));
        assert!(!html.contains("aria-label"), "{kind:?}");
        assert!(!html.contains("http://") && !html.contains("<link") && !html.contains("<script"));
        let team_report = matches!(
            kind,
            DocumentKind::VerificationReport | DocumentKind::HeadOfAgencyReport
        );
        if team_report {
            // Reports inside the team or up to its heads: numbered and marked, no letter's subject line.
            for heading in ["Nomor", "Sifat"] {
                assert!(html.contains(heading), "{kind:?} lacks {heading}");
            }
            assert!(html.contains("Terbatas"), "{kind:?}: Sifat from TLP:AMBER");
        } else if kind != DocumentKind::CertificateOfAppreciation {
            for heading in ["Nomor", "Sifat", "Lampiran", "Hal", "Yth."] {
                assert!(html.contains(heading), "{kind:?} lacks {heading}");
            }
            assert!(html.contains("Terbatas"), "{kind:?}: Sifat from TLP:AMBER");
        }
    }
}

#[test]
fn other_markings_use_their_own_colours() {
    let case = named_case();
    let (case, events) = &case;
    let mut red = record(DocumentKind::FinalReport, "1/LPIS");
    red.tlp = Tlp::Red;
    let html = render(
        &templates(),
        &Issue {
            record: &red,
            case,
            events,
            escalation: None,
        },
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    assert!(html.contains("content: \"TLP:RED\"; color: #FF2B2B"));
    assert!(html.contains("Rahasia"));
    assert!(!html.contains("TLP:AMBER\""));
}
