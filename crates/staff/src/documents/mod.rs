//! The documents the seed procedures produce on a case — analysis and recommendation report, escalation report,
//! notification letter, certificate of appreciation and final handling report — rendered from the Tera templates
//! in `templates/documents/` as A4 pages in the layout of an Indonesian government letter, TLP-marked, and
//! optionally printed to PDF.
//!
//! The periodic activity report ([`render_activity_report`]) is rendered the same way from the management
//! report's figures for a period.
//!
//! Rendering only reads: the staff command numbers the document ([`document_number`] with the store's counter),
//! renders it, writes the file and records the issue on the case.

mod activity;
mod case_view;
mod error;
mod labels;
mod letter;
mod outputs;
mod pdf;
mod requirements;
mod templates;
mod timeline;
mod verification;

use csirt_domain::case::{Case, DocumentKind, DocumentRecord, Event};
use csirt_domain::team::{Procedure, TeamConfig};
use tera::Context;

pub use activity::{ACTIVITY_REPORT, ActivityHeading, render_activity_report};
pub use csirt_domain::local_time::long_date;
pub use csirt_domain::team::{
    DEFAULT_NUMBER_FORMAT, DocumentCodes, DocumentSettings, Signatory, check_pattern,
    document_number, numbered, roman_month,
};
pub use error::{DocumentError, kind_name};
pub use labels::document_title;
pub use letter::kind_key;
pub use pdf::{CHROMIUM, print_pdf};
pub use templates::{DocumentTemplates, escape_document_text};
pub use verification::{VERIFICATION_PATH, VerificationView, qr_svg, verification_url};

use case_view::{CaseView, EscalationView, ReportedView, ReporterView};
use csirt_domain::local_time::LocalTime;
use letter::{DocumentView, OrganisationView, SignatoryView, certificate_recipient};

/// What is being issued: the document's record and the case it is issued on.
#[derive(Debug, Clone, Copy)]
pub struct Issue<'a> {
    /// The document's kind, number, date and marking.
    pub record: &'a DocumentRecord,
    /// The case.
    pub case: &'a Case,
    /// The case's events, oldest first (the final report's timeline and the actions taken).
    pub events: &'a [Event],
    /// For the escalation report: which escalation, by number; the latest when `None`.
    pub escalation: Option<u32>,
}

/// Renders the document `issue.record.kind` on `issue.case` as a complete HTML page, or refuses a case that
/// lacks what the document needs (naming the case, the document and every gap).
pub fn render(
    templates: &DocumentTemplates,
    issue: &Issue<'_>,
    config: &TeamConfig,
    procedure: &Procedure,
) -> Result<String, DocumentError> {
    let profile = &procedure.profile;
    let Issue {
        record,
        case,
        events,
        escalation,
    } = *issue;
    let kind = record.kind;
    requirements::check(kind, case, escalation)?;
    let time = LocalTime::new(procedure.calendar.offset());
    let case_view = CaseView::of(case, &time);
    let chosen = requirements::chosen_escalation(case, escalation).ok();
    let mut document = DocumentView::of(
        record,
        &case_view,
        chosen.map(|e| e.partner_name.as_str()),
        config,
        profile,
        &time,
    );

    if kind == DocumentKind::ReplyLetter {
        document.addressees = vec![outputs::reporting_agency(case)];
    }
    let mut context = Context::new();
    context.insert("document", &document);
    context.insert("organisation", &OrganisationView::of(config, profile));
    context.insert("signatory", &SignatoryView::of(&config.documents));
    context.insert("case", &case_view);
    if let Some(code) = &record.verification {
        context.insert(
            "verification",
            &VerificationView::of(code, &config.base_url),
        );
    }
    if kind.is_for_system_owner() && case.shares_reporter_description() {
        context.insert("reported", &ReportedView::of(&case.report));
    }
    match kind {
        DocumentKind::EscalationReport => {
            context.insert("reporter", &ReporterView::of(&case.report.reporter));
            if let Some(chosen) = chosen {
                context.insert("escalation", &EscalationView::of(chosen, &time));
                let before = events.iter().filter(|e| e.at <= chosen.sent_at);
                context.insert("actions", &timeline::actions(before, &time));
            }
        }
        DocumentKind::CertificateOfAppreciation => {
            context.insert("recipient", &certificate_recipient(case));
        }
        DocumentKind::FinalReport => {
            context.insert("timeline", &timeline::timeline(events, &time));
            context.insert("actions", &timeline::actions(events.iter(), &time));
        }
        DocumentKind::VerificationReport => {
            context.insert("reference", &outputs::ReferenceView::of(case));
            context.insert(
                "check",
                &outputs::VerificationCheckView::of(case, events, &time),
            );
            if case.shares_reporter_description() {
                context.insert("reported", &ReportedView::of(&case.report));
            }
        }
        DocumentKind::ReplyLetter => {
            context.insert("reference", &outputs::ReferenceView::of(case));
            context.insert("actions", &outputs::handling_done(events, &time));
        }
        DocumentKind::HeadOfAgencyReport => {
            context.insert("reference", &outputs::ReferenceView::of(case));
            context.insert("actions", &outputs::handling_done(events, &time));
            context.insert("timeline", &timeline::timeline(events, &time));
        }
        DocumentKind::AnalysisReport | DocumentKind::NotificationLetter => {}
    }
    templates.render(&format!("{}.html", kind_key(kind)), &context)
}
