//! The case page: the report, the reporter's contact (for the roles that need it), the evidence, the thread with
//! the reporter, the team's work, the documents, the SOP clock and the event timeline, with a form for every
//! step the signed-in account may take now. The same page answers a refused step form (422, its errors next to
//! its fields), a form sent from an older version of the case (409) and a message to the reporter that was not
//! sent (422, what was typed kept).

mod history;
mod privacy;
mod report;
mod step_forms;
mod thread;
mod work;

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use csirt_domain::case::deleted_files;
use csirt_domain::field_error::FieldErrors;
use csirt_domain::lang::Lang;
use csirt_staff::case_access::reporter_contact;
use csirt_staff::cases::case_file;
use csirt_staff::desk::tracking_code;
use csirt_staff::step_form::{FormFields, StepKind, available_steps};
use serde::Deserialize;

use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

pub(crate) use privacy::{Correction, PrivacyDone};
pub(crate) use report::size_text;
pub(crate) use step_forms::incident_into_class_and_type;
pub(crate) use thread::Unsent;

/// The case page's query: the step just taken, for the notice.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    done: Option<String>,
    /// After a closure: whether the site was republished (`done`, `not_permitted`, `failed`, `elsewhere`).
    published: Option<String>,
    /// What was just done on the thread: `message` sent, or `channel` switched.
    thread: Option<String>,
    /// What was just done about the reporter's data: `corrected` (with `field`) or `redacted`.
    privacy: Option<String>,
    /// The reporter's field just corrected (its short key).
    field: Option<String>,
    /// After a redaction: `1` when the reporter's alias was in the Hall of Fame.
    republish: Option<String>,
}

/// A step form that was sent and not taken: what was typed, and why it was refused (if it was read at all).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Posted<'a> {
    /// The step.
    pub step: StepKind,
    /// The fields as typed.
    pub fields: &'a FormFields,
    /// Why fields were refused; none when the form was not read (a stale version).
    pub errors: Option<&'a FieldErrors>,
}

/// What the page says beyond the case itself.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Outcome<'a> {
    /// A step just taken.
    pub done: Option<StepKind>,
    /// A step form sent and not taken.
    pub posted: Option<Posted<'a>>,
    /// The version a stale form was opened on, when the case has moved on since.
    pub stale_version: Option<&'a str>,
    /// After a closure: whether the site was republished (`done`, `not_permitted`, `failed`, `elsewhere`).
    pub published: Option<&'a str>,
    /// What was just done on the thread: `message` sent, or `channel` switched.
    pub thread_done: Option<&'a str>,
    /// A message to the reporter that was written and not sent.
    pub unsent: Option<Unsent<'a>>,
    /// A correction of the reporter's data that was sent and not made.
    pub correction: Option<Correction<'a>>,
    /// What was just done about the reporter's data.
    pub privacy_done: Option<PrivacyDone<'a>>,
}

/// `GET /staff/cases/{code}`.
pub async fn page(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let outcome = Outcome {
        done: query.done.as_deref().and_then(StepKind::from_key),
        published: query
            .published
            .as_deref()
            .filter(|p| ["done", "not_permitted", "failed", "elsewhere"].contains(p)),
        thread_done: query
            .thread
            .as_deref()
            .filter(|t| ["message", "channel"].contains(t)),
        privacy_done: match query.privacy.as_deref() {
            Some("corrected") => query.field.as_deref().map(PrivacyDone::Corrected),
            Some("redacted") => Some(PrivacyDone::Redacted {
                republish: query.republish.as_deref() == Some("1"),
            }),
            _ => None,
        },
        ..Outcome::default()
    };
    render(&state, &signed_in, &code, outcome, StatusCode::OK).await
}

/// The page of the case `raw_code` (as typed: a typo or an unknown code is the library's refusal), with
/// `outcome`, answered with `status`.
pub(crate) async fn render(
    state: &ConsoleState,
    signed_in: &SignedIn,
    raw_code: &str,
    outcome: Outcome<'_>,
    status: StatusCode,
) -> Response {
    let lang = signed_in.lang;
    let code = match tracking_code(raw_code) {
        Ok(code) => code,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let file = match case_file(&state.desk, &code, Utc::now()).await {
        Ok(file) => file,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let strings = state.pages.strings(lang);
    let labels = Labels { strings, lang };
    let case = &file.case;
    let code_text = case.code.to_string();
    let path = format!("/staff/cases/{code_text}");
    let report = report::ReportView::of(state, &labels, case);
    let contact = reporter_contact(&state.desk, &signed_in.staffer, case);
    let deleted: Vec<&str> = deleted_files(&file.events).collect();
    let evidence = report::evidence(&labels, case, &deleted);
    let thread = thread::ThreadView::of(
        state,
        &labels,
        signed_in,
        case,
        &file.events,
        outcome.unsent,
    );
    let privacy = privacy::PrivacyView::of(
        state,
        &labels,
        signed_in,
        case,
        outcome.correction,
        outcome.privacy_done,
    );
    let work = work::WorkView::of(state, &labels, case, Utc::now());
    let clock = history::clock(state, &labels, &file.clock);
    let timeline = history::timeline(state, &labels, &file.events);
    let mut steps = available_steps(&state.desk, case, &signed_in.staffer);
    // A refused form stays in view with its errors, even when the case's state no longer offers its step (the
    // library then says why when it is sent again).
    if let Some(posted) = outcome.posted.filter(|p| p.errors.is_some())
        && !steps.contains(&posted.step)
    {
        steps.push(posted.step);
    }
    let forms = step_forms::forms(state, &labels, case, &steps, outcome.posted);
    let done = outcome.done.map(|step| step.label().get(lang).to_owned());
    let stale = outcome.stale_version.map(|sent| {
        labels
            .text("case_stale")
            .replace("{sent}", sent)
            .replace("{now}", &case.version.to_string())
    });
    let frame = Frame::signed_in(signed_in, &state.desk.team.config.team.name, &path);
    let page = state.pages.render("case.html", &frame, |c| {
        c.insert("code", &code_text);
        c.insert("register", &case.register.map(|number| number.to_string()));
        c.insert("advisories", &file.advisories);
        c.insert("advisories_problem", &file.advisories_problem);
        c.insert("version", &case.version);
        c.insert("state_key", case.state.key());
        c.insert("state_label", &labels.state(case.state));
        c.insert("since", &super::queue::local_time(state, case.state_since));
        c.insert("chain_problem", &file.chain.problem);
        c.insert("report", &report);
        c.insert("contact", &contact);
        c.insert("evidence", &evidence);
        c.insert("thread", &thread);
        c.insert("privacy", &privacy);
        let thread_done = match outcome.thread_done {
            Some("message") => Some(labels.text("thread_sent")),
            Some("channel") => Some(labels.text("thread_channel_set")),
            _ => None,
        };
        c.insert("thread_done", &thread_done);
        c.insert("work", &work);
        c.insert("clock", &clock);
        c.insert("timeline", &timeline);
        c.insert("forms", &forms);
        c.insert("done", &done);
        if let Some(published) = outcome.published {
            c.insert(
                "published",
                &labels.text(&format!("case_published_{published}")),
            );
        }
        c.insert("stale", &stale);
        super::documents::fill_issue_form(state, signed_in, case, c);
    });
    match page {
        Ok(html) => (status, html).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// The page's strings in its language, with the lookups the views share.
pub(crate) struct Labels<'a> {
    strings: &'a BTreeMap<String, String>,
    lang: Lang,
}

impl Labels<'_> {
    /// The page's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The string `key`, or the key itself when it is missing (a test holds every key the pages use).
    pub fn text(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The string `prefix` + the machine key of `value` (its serde name), or that key when there is none.
    pub fn of<T: serde::Serialize>(&self, prefix: &str, value: &T) -> String {
        let key = machine_key(value);
        self.strings
            .get(&format!("{prefix}{key}"))
            .cloned()
            .unwrap_or(key)
    }

    /// A state as staff call it.
    pub fn state(&self, state: csirt_domain::state::CaseState) -> String {
        self.text(&format!("case_state_{}", state.key()))
    }
}

/// The machine key of a value: its serde name (`suspend_domain`, `bssn`, …).
pub(crate) fn machine_key<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(key)) => key,
        _ => String::new(),
    }
}

/// `text` percent-encoded byte by byte, but for the characters a URL path segment or an RFC 8187 value may
/// carry as they are (letters, digits and `-._~`).
pub(crate) fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::Pages;
    use csirt_domain::case::{
        DocumentKind, MitigationKind, MitigationStatus, PartnerKind, Verdict,
    };
    use csirt_domain::channel::Channel;
    use csirt_domain::report::ReporterKind;
    use csirt_domain::state::CaseState;
    use csirt_staff::step_form::{MITIGATION_STATUSES, MITIGATIONS, PARTNERS, VERDICTS};
    use serde::de::DeserializeOwned;

    /// `keys` with `prefix`, each checked to be a serde name of `T`.
    fn keys_of<T: DeserializeOwned>(prefix: &str, keys: &[&str]) -> Vec<String> {
        keys.iter()
            .map(|key| {
                let value = serde_json::Value::String((*key).to_owned());
                assert!(
                    serde_json::from_value::<T>(value).is_ok(),
                    "{key} is no key"
                );
                format!("{prefix}{key}")
            })
            .collect()
    }

    #[test]
    fn every_string_the_case_page_looks_up_exists() {
        let pages = Pages::new().expect("the console's pages");
        let mut wanted: Vec<String> = CaseState::ALL
            .iter()
            .map(|state| format!("case_state_{}", state.key()))
            .collect();
        let channels = ["web_form", "api", "email", "letter", "phone"];
        wanted.extend(keys_of::<Channel>("case_channel_", &channels));
        let kinds = ["public", "agency", "system_owner", "monitoring_team"];
        wanted.extend(keys_of::<ReporterKind>("case_reporter_kind_", &kinds));
        wanted.extend(keys_of::<Verdict>("case_verdict_", VERDICTS));
        wanted.extend(keys_of::<MitigationKind>("case_measure_", MITIGATIONS));
        let statuses = MITIGATION_STATUSES;
        wanted.extend(keys_of::<MitigationStatus>(
            "case_mitigation_status_",
            statuses,
        ));
        wanted.extend(keys_of::<PartnerKind>("case_partner_", PARTNERS));
        let documents = [
            "analysis_report",
            "escalation_report",
            "notification_letter",
            "certificate_of_appreciation",
            "final_report",
            "verification_report",
            "reply_letter",
            "head_of_agency_report",
        ];
        wanted.extend(keys_of::<DocumentKind>("case_document_", &documents));
        for name in [
            "received",
            "issue_document",
            "notified",
            "message_reporter",
            "reporter_reply",
            "set_reply_channel",
            "expire_evidence",
        ] {
            wanted.push(format!("case_event_{name}"));
        }
        wanted.push("case_redacted_retention".to_owned());
        wanted.extend(keys_of::<csirt_domain::case::Via>(
            "case_via_",
            &["email", "webhook"],
        ));
        for kind in ["email", "phone"] {
            wanted.push(format!("thread_spotted_{kind}"));
        }
        for step in StepKind::ALL {
            wanted.push(format!("case_event_{}", step.key()));
            wanted.push(format!("step_{}_help", step.key()));
            for field in step.fields() {
                let shown = match (step, field.name) {
                    (StepKind::Classify, "class" | "type") => "incident",
                    (_, name) => name,
                };
                wanted.push(format!("step_{}_{shown}", step.key()));
            }
        }
        for lang in [Lang::Id, Lang::En] {
            let strings = pages.strings(lang);
            for key in &wanted {
                assert!(strings.contains_key(key), "{key} missing");
            }
        }
    }

    #[test]
    fn path_segments_and_file_names_are_percent_encoded() {
        assert_eq!(
            percent_encoded("001/CSIRT/XI/2026"),
            "001%2FCSIRT%2FXI%2F2026"
        );
        assert_eq!(percent_encoded("foto café.png"), "foto%20caf%C3%A9.png");
        assert_eq!(percent_encoded("a-b_c.d~e"), "a-b_c.d~e");
    }
}
