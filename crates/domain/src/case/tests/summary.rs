//! The team's incident summary: written by staff as an event, with or without the choice to include the
//! reporter's own description in documents to the system owner; never empty, never the reporter's words passed
//! off as the team's.

use super::*;
use crate::text::SummaryText;

fn summary(text: &str) -> Option<SummaryText> {
    Some(SummaryText::parse(text).unwrap())
}

#[test]
fn a_summary_is_recorded_with_its_choice_by_the_account_that_wrote_it() {
    let case = new_case(false, true);
    assert_eq!(case.summary, None);
    assert!(!case.shares_reporter_description());
    let change =
        Change::write_summary(summary("Tampilan situs diubah pihak tak dikenal."), false).unwrap();
    let (written, event) = case.apply(change.clone(), staff(), at(5)).unwrap();
    assert_eq!(event.change, change);
    assert_eq!(event.actor, staff());
    assert_eq!(event.change.name(), "write_summary");
    assert_eq!(
        written.state, case.state,
        "writing the summary moves nothing"
    );
    let held = written.summary.as_ref().unwrap();
    assert_eq!(
        held.text.as_ref().map(SummaryText::as_str),
        Some("Tampilan situs diubah pihak tak dikenal.")
    );
    assert!(!held.include_reporter_description);
    assert_eq!(held.at, at(5));
    assert!(!written.shares_reporter_description());

    // Choosing to include the reporter's description is a summary of its own, recorded in its event.
    let chosen = Change::write_summary(None, true).unwrap();
    let (chosen_case, chosen_event) = written.apply(chosen, staff(), at(6)).unwrap();
    assert!(matches!(
        chosen_event.change,
        Change::WriteSummary {
            text: None,
            include_reporter_description: true
        }
    ));
    assert!(chosen_case.shares_reporter_description());
}

#[test]
fn a_summary_needs_text_or_the_choice_and_is_not_the_reporters_description_passed_off() {
    let case = new_case(false, false);
    let refused = Change::write_summary(None, false).unwrap_err();
    assert_eq!(refused.field, "summary");
    assert!(
        refused
            .message
            .en
            .contains("include the reporter's description"),
        "{refused:?}"
    );
    // Made by hand (or read from elsewhere), the same change is refused by the case, which stays as it was.
    let bare = Change::WriteSummary {
        text: None,
        include_reporter_description: false,
    };
    let error = case.apply(bare, staff(), at(5)).unwrap_err();
    assert!(
        error.to_string().contains("write_summary refused"),
        "{error}"
    );

    let copied = Change::write_summary(summary("Situs berubah tampilan."), false).unwrap();
    let error = case.apply(copied, staff(), at(5)).unwrap_err();
    assert!(error.to_string().contains("word for word"), "{error}");
    // With the choice made, the reporter's words may stand.
    let chosen = Change::write_summary(summary("Situs berubah tampilan."), true).unwrap();
    assert!(case.apply(chosen, staff(), at(5)).is_ok());
}

#[test]
fn only_letters_and_reports_to_the_system_owner_need_the_summary() {
    let owner: Vec<DocumentKind> = DocumentKind::ALL
        .into_iter()
        .filter(|kind| kind.is_for_system_owner())
        .collect();
    assert_eq!(
        owner,
        [
            DocumentKind::AnalysisReport,
            DocumentKind::NotificationLetter,
            DocumentKind::FinalReport,
            DocumentKind::ReplyLetter,
            DocumentKind::HeadOfAgencyReport,
        ]
    );
}
