//! Who may take each step: the profile's `[permissions]` table maps every action of the procedure to the SOP
//! actors (the team's roles) who may take it. The staff library checks it before any change is written, so the
//! command and the console cannot differ.

use std::collections::BTreeMap;

use crate::case::{Change, DocumentKind};

/// Every action a member of staff takes, by the key `[permissions]` uses, with what it is.
pub const ACTIONS: [(&str, &str); 32] = [
    (
        "record",
        "record a report that came by e-mail, letter or telephone",
    ),
    ("start_verification", "start verifying a report"),
    ("verify", "decide whether a report is valid"),
    ("classify", "set class, type, priority and TLP"),
    ("assign", "give the case to a handler or sub-team"),
    ("plan_mitigation", "plan a mitigation measure"),
    ("update_mitigation", "update a mitigation measure"),
    ("start_handling", "start or resume handling"),
    ("record_action", "record a handling action"),
    (
        "escalate",
        "escalate to the provincial CSIRT, BSSN or a vendor",
    ),
    (
        "record_escalation_answer",
        "record a partner's answer, or close or withdraw an escalation",
    ),
    (
        "mark_case",
        "mark a case as vital infrastructure (IIV) or involving personal data, and record the notice to the data subjects",
    ),
    ("record_analysis", "record the analysis and recommendations"),
    (
        "write_summary",
        "write the incident summary that documents to the system owner carry",
    ),
    (
        "start_follow_up",
        "start the follow-up with the system owner",
    ),
    ("resolve", "mark the case resolved"),
    (
        "issue_document",
        "issue a document (letter, report, certificate)",
    ),
    (
        "submit_document",
        "draft a document that needs approval and submit it for approval",
    ),
    (
        "sign_document",
        "approve and sign a submitted document (or return it for redrafting)",
    ),
    ("close", "close the case"),
    ("add_note", "add an internal note"),
    (
        "message_reporter",
        "write to the reporter on the case's thread",
    ),
    (
        "set_reply_channel",
        "switch a case to reply by e-mail only, or back",
    ),
    ("notify", "send the notices the procedure calls for"),
    ("publish", "export closed cases and republish the site"),
    (
        "find_reporter",
        "find a reporter's cases by their e-mail address or telephone number",
    ),
    (
        "access_export",
        "export everything held about a case's reporter (an access request)",
    ),
    (
        "correct_reporter",
        "correct the reporter's own data at their request",
    ),
    (
        "redact_reporter",
        "redact the reporter's personal data at their request",
    ),
    ("erase_case", "erase a case and everything stored with it"),
    (
        "purge",
        "apply the team file's retention schedule: redact, delete the files of, or erase the cases it says",
    ),
    (
        "breach_scope",
        "list which reporters' data was held where during a breach window",
    ),
];

/// The prefix of a key that sets who issues one kind of document, e.g.
/// `"issue_document:certificate_of_appreciation"`; other kinds follow `issue_document`.
pub const ISSUE_KIND_PREFIX: &str = "issue_document:";

/// The permission key of a document kind: `issue_document:notification_letter`.
pub fn issue_key(kind: DocumentKind) -> String {
    let name = serde_json::to_value(kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("{ISSUE_KIND_PREFIX}{name}")
}

/// The action a change is, by its permission key.
pub fn action_of(change: &Change) -> String {
    match change {
        Change::Received { .. } => "record".to_owned(),
        Change::Notified { .. } => "notify".to_owned(),
        Change::IssueDocument { document } => issue_key(document.kind),
        Change::DraftDocument { .. } | Change::SubmitDocument { .. } => {
            "submit_document".to_owned()
        }
        Change::SignDocument { .. } | Change::ReturnDocument { .. } => "sign_document".to_owned(),
        Change::Unassign { .. } => "assign".to_owned(),
        Change::EndEscalation { .. } => "record_escalation_answer".to_owned(),
        Change::MarkVitalInfrastructure { .. }
        | Change::MarkPersonalData { .. }
        | Change::RecordDataSubjectNotice { .. } => "mark_case".to_owned(),
        other => other.name().to_owned(),
    }
}

/// Checks a `[permissions]` table: every action named, every key an action or a document kind, every role a
/// staff actor of the profile (`staff` says which keys those are).
pub(super) fn check(
    permissions: &BTreeMap<String, Vec<String>>,
    staff: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    for (action, _) in ACTIONS {
        if !permissions.contains_key(action) {
            return Err(format!(
                "[permissions] does not say who may {action:?}: every action needs its roles"
            ));
        }
    }
    for (key, roles) in permissions {
        let known = ACTIONS.iter().any(|(action, _)| action == key)
            || key.strip_prefix(ISSUE_KIND_PREFIX).is_some_and(|kind| {
                serde_json::from_value::<DocumentKind>(serde_json::Value::String(kind.to_owned()))
                    .is_ok()
            });
        if !known {
            return Err(format!(
                "[permissions] names {key:?}, which is no action (nor {ISSUE_KIND_PREFIX}<document kind>)"
            ));
        }
        if roles.is_empty() {
            return Err(format!("[permissions] {key}: names no role"));
        }
        if let Some(role) = roles.iter().find(|role| !staff(role)) {
            return Err(format!(
                "[permissions] {key}: {role:?} is not a staff actor of the profile ([[actors]] without \
                 external = true)"
            ));
        }
    }
    Ok(())
}
