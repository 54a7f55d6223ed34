//! Breach support (UU 27/2022 Pasal 46: the people whose personal data a breach touched are told within 3 × 24
//! hours): which reporters' data the team held, of what kinds and where, during a time window, with the contact
//! to notify each of them.
//!
//! A case's reporter data was held during the window `[since, until)` when the report arrived before `until` and
//! the data was not redacted before `since` (a case redacted before `since` stays in only while files of the
//! reporter kept at the redaction are still stored). An erased case is gone with its data, and is not listed.
//!
//! Listing is an action of the SOP's `[permissions]` (`breach_scope`), refused with nothing read unless the
//! acting account holds a role the profile gives it, and recorded in the account audit log by the action and
//! the tracking codes listed only, never the data ([`record_privacy_action`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use csirt_domain::case::{
    Case, Change, DocumentKind, Event, Notice, Party, PrivacyAction, ReporterField,
};
use csirt_domain::tracking::TrackingCode;
use csirt_store::Whereabouts;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::audit::record_privacy_action;
use crate::cases::every_case;
use crate::desk::Desk;
use crate::documents::kind_name;
use crate::error::StaffError;

/// Where else reporters' data may be, whatever the cases say: for the notice's list of places.
pub const ELSEWHERE: [&str; 3] = [
    "backups of the embedded store (`csirt backup`): each holds every case as it stood when it was made",
    "documents issued on the cases, as files where staff wrote them (`--output` of `csirt case issue`, the \
     console's documents directory) and wherever they were sent",
    "the team's mail service (the SMTP relay or Amazon SES) and the reporters' mailboxes: acknowledgements, \
     notices and, for a case set to reply by e-mail only, the team's messages in full",
];

/// The time window of a breach: from `since` up to, not including, `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BreachWindow {
    /// Its start.
    pub since: DateTime<Utc>,
    /// Its end (not included).
    pub until: DateTime<Utc>,
}

impl BreachWindow {
    /// The window from `since` to `until`; refused, naming both options, unless `until` is later.
    pub fn new(since: DateTime<Utc>, until: DateTime<Utc>) -> Result<BreachWindow, StaffError> {
        if until <= since {
            return Err(StaffError::Invalid(format!(
                "--until {} is not after --since {}: the window would be empty",
                until.to_rfc3339(),
                since.to_rfc3339()
            )));
        }
        Ok(BreachWindow { since, until })
    }
}

/// Reads a time as staff type it for `option`: RFC 3339 (`2026-11-20T08:00:00+07:00`), or a date and time
/// (`2026-11-20 08:00`, `2026-11-20T08:00:00`) or a date alone (its first minute) in the team's zone `offset`.
pub fn parse_time(
    option: &str,
    raw: &str,
    offset: FixedOffset,
) -> Result<DateTime<Utc>, StaffError> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
    });
    local
        .and_then(|local| offset.from_local_datetime(&local).single())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| {
            StaffError::Invalid(format!(
                "{option} {raw:?}: not a time; write 2026-11-20T08:00:00+07:00, or 2026-11-20 08:00 or \
                 2026-11-20 in the team's time zone"
            ))
        })
}

/// The kinds of the reporter's personal data a case held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldData {
    /// Their name or alias.
    pub name: bool,
    /// Their e-mail address.
    pub email: bool,
    /// Their telephone number.
    pub phone: bool,
    /// The organisation they reported for.
    pub organisation: bool,
    /// Their own words: the report's title, description, chronology and impact.
    pub report_text: bool,
    /// Files they sent (with the report and on the thread).
    pub evidence_files: u64,
    /// Those files' size in bytes.
    pub evidence_bytes: u64,
    /// Their messages on the thread.
    pub messages: u64,
}

impl HeldData {
    /// The kinds held, in words: `name, e-mail, 2 evidence file(s) (1234 bytes), …`.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = [
            (self.name, "name"),
            (self.email, "e-mail address"),
            (self.phone, "telephone number"),
            (self.organisation, "organisation"),
            (self.report_text, "the report's text in their words"),
        ]
        .into_iter()
        .filter(|(held, _)| *held)
        .map(|(_, kind)| kind.to_owned())
        .collect();
        if self.evidence_files > 0 {
            kinds.push(format!(
                "{} evidence file(s) ({} bytes)",
                self.evidence_files, self.evidence_bytes
            ));
        }
        if self.messages > 0 {
            kinds.push(format!("{} message(s) on the thread", self.messages));
        }
        kinds
    }
}

/// A place a case's reporter data was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// Rows of the case store.
    Store {
        /// The store, its rows by table.
        #[serde(flatten)]
        whereabouts: Whereabouts,
    },
    /// The evidence store.
    Evidence {
        /// Its directory or bucket prefix.
        location: String,
        /// Files there (the reporter's, and the certificate kept for them).
        files: u64,
        /// When a redaction deleted the reporter's files, if it did.
        deleted_at: Option<DateTime<Utc>>,
    },
    /// A document issued on the case that carries the reporter's data.
    Document {
        /// Which document.
        document: String,
        /// Its number.
        number: String,
        /// When it was issued.
        issued_at: DateTime<Utc>,
        /// What of the reporter's it carries.
        carries: String,
    },
    /// Messages to the reporter's e-mail address, delivered through the team's mail service.
    Email {
        /// How many were delivered.
        delivered: u64,
        /// Whether the team's messages went in full (the case replies by e-mail only).
        in_full: bool,
    },
}

impl Place {
    /// The place in a line.
    pub fn line(&self) -> String {
        match self {
            Place::Store { whereabouts } => {
                let rows: Vec<String> = whereabouts
                    .rows
                    .iter()
                    .map(|rows| {
                        format!(
                            "{} row(s) of {} ({})",
                            rows.count, rows.table, rows.selected_by
                        )
                    })
                    .collect();
                format!("{}: {}", whereabouts.store, rows.join("; "))
            }
            Place::Evidence {
                location,
                files,
                deleted_at,
            } => match deleted_at {
                Some(at) => format!(
                    "evidence {location}: {files} file(s), the reporter's deleted at their redaction on {}",
                    at.to_rfc3339()
                ),
                None => format!("evidence {location}: {files} file(s)"),
            },
            Place::Document {
                document,
                number,
                issued_at,
                carries,
            } => format!(
                "{document} {number}, issued {}: {carries}",
                issued_at.to_rfc3339()
            ),
            Place::Email { delivered, in_full } => format!(
                "e-mail: {delivered} message(s) delivered to the reporter's address through the team's mail \
                 service{}",
                if *in_full {
                    ", the team's messages in full"
                } else {
                    ""
                }
            ),
        }
    }
}

/// Whom to notify: the reporter's contact as the case holds it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotifyContact {
    /// Their name or alias.
    pub name: Option<String>,
    /// Their e-mail address.
    pub email: Option<String>,
    /// Their telephone number.
    pub phone: Option<String>,
}

/// One case whose reporter data was held during the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldCase {
    /// Its tracking code.
    pub code: TrackingCode,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// When the reporter's data was redacted at their request, if it was.
    pub redacted_at: Option<DateTime<Utc>>,
    /// What of the reporter's was held.
    pub held: HeldData,
    /// Where.
    pub places: Vec<Place>,
    /// Whom to notify; none when the reporter's data was redacted (the team holds no contact any more).
    pub contact: Option<NotifyContact>,
}

/// Which reporters' data was held where during a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreachScope {
    /// The window.
    pub window: BreachWindow,
    /// When this list was made.
    pub listed_at: DateTime<Utc>,
    /// The cases, oldest first.
    pub cases: Vec<HeldCase>,
    /// Where else reporters' data may be ([`ELSEWHERE`]).
    pub elsewhere: Vec<&'static str>,
}

/// The SHA-256 of every file of the reporter a redaction or the retention schedule deleted from the case, and when
/// the first was deleted.
fn deleted_by_redaction(events: &[Event]) -> (Vec<&String>, Option<DateTime<Utc>>) {
    let mut deleted = Vec::new();
    let mut first = None;
    for event in events {
        if let Change::RedactReporter { deleted_files, .. }
        | Change::ExpireEvidence { deleted_files } = &event.change
            && !deleted_files.is_empty()
        {
            deleted.extend(deleted_files);
            first.get_or_insert(event.at);
        }
    }
    (deleted, first)
}

/// The reporter's fields a redaction found holding a value (names only), over every redaction of the case.
fn redacted_fields(events: &[Event]) -> Vec<ReporterField> {
    let mut fields: Vec<ReporterField> = events
        .iter()
        .filter_map(|event| match &event.change {
            Change::RedactReporter { fields, .. } => Some(fields.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// Whether the case's reporter data was held during `window`, given its events.
fn held_during(case: &Case, events: &[Event], window: &BreachWindow) -> bool {
    if case.received_at >= window.until {
        return false;
    }
    match case.redacted_at {
        Some(redacted) if redacted < window.since => {
            let (deleted, _) = deleted_by_redaction(events);
            case.evidence
                .iter()
                .any(|file| !deleted.contains(&&file.sha256))
        }
        _ => true,
    }
}

/// What of the reporter's the case held.
fn held_data(case: &Case, events: &[Event], window: &BreachWindow) -> HeldData {
    let redacted_before = case.redacted_at.is_some_and(|at| at < window.since);
    let fields = match case.redacted_at {
        Some(_) => redacted_fields(events),
        None => case.report.reporter.held_fields(),
    };
    let (deleted, _) = deleted_by_redaction(events);
    let files: Vec<_> = case
        .evidence
        .iter()
        .filter(|file| !redacted_before || !deleted.contains(&&file.sha256))
        .collect();
    let holds = |field| !redacted_before && fields.contains(&field);
    HeldData {
        name: holds(ReporterField::Name),
        email: holds(ReporterField::Email),
        phone: holds(ReporterField::Phone),
        organisation: holds(ReporterField::Organisation),
        report_text: !redacted_before,
        evidence_files: files.len() as u64,
        evidence_bytes: files.iter().map(|file| file.size).sum(),
        messages: if redacted_before {
            0
        } else {
            case.messages
                .iter()
                .filter(|m| m.from == Party::Reporter)
                .count() as u64
        },
    }
}

/// What a document of `kind` carries of the reporter's, on `case`; `None` when nothing.
fn carried_by(kind: DocumentKind, case: &Case) -> Option<&'static str> {
    match kind {
        DocumentKind::EscalationReport => Some(
            "their name, e-mail address, telephone number and organisation, and their description, chronology \
             and impact",
        ),
        DocumentKind::CertificateOfAppreciation => {
            Some("their name or alias (a copy kept in the evidence store for them)")
        }
        DocumentKind::ReplyLetter if case.report.reporter.organisation.is_some() => {
            Some("their organisation, the reporting agency the reply letter is addressed to")
        }
        _ if kind.is_for_system_owner() && case.shares_reporter_description() => {
            Some("their description, by the team's choice")
        }
        _ => None,
    }
}

/// The places `case` kept its reporter's data during `window`.
fn places(
    case: &Case,
    events: &[Event],
    window: &BreachWindow,
    whereabouts: Whereabouts,
    evidence: String,
) -> Vec<Place> {
    let mut places = vec![Place::Store { whereabouts }];
    let certificates = case.documents.iter().filter(|d| d.file.is_some()).count();
    let files = case.evidence.len() + certificates;
    if files > 0 {
        let (_, deleted_at) = deleted_by_redaction(events);
        places.push(Place::Evidence {
            location: evidence,
            files: files as u64,
            deleted_at,
        });
    }
    for document in case.documents.iter().filter(|d| d.issued_at < window.until) {
        if let Some(carries) = carried_by(document.kind, case) {
            places.push(Place::Document {
                document: kind_name(document.kind).to_owned(),
                number: document.number.clone(),
                issued_at: document.issued_at,
                carries: carries.to_owned(),
            });
        }
    }
    let delivered = case
        .notices
        .iter()
        .filter(|record| {
            matches!(
                record.notice,
                Notice::ReporterAcknowledged
                    | Notice::ReporterClosed
                    | Notice::ReporterMessage { .. }
            ) && record.delivered_at.is_some_and(|at| at < window.until)
        })
        .count();
    if delivered > 0 {
        places.push(Place::Email {
            delivered: delivered as u64,
            in_full: case.reply_by_email_only,
        });
    }
    places
}

/// The reporter's contact, unless it was redacted.
fn contact(case: &Case) -> Option<NotifyContact> {
    if case.redacted_at.is_some() {
        return None;
    }
    let reporter = &case.report.reporter;
    Some(NotifyContact {
        name: reporter.name.as_ref().map(ToString::to_string),
        email: reporter.email.as_ref().map(|e| e.as_str().to_owned()),
        phone: reporter.phone.as_ref().map(|p| p.as_str().to_owned()),
    })
}

/// Which reporters' data was held where during `window` ([`BreachScope`]), as `staffer` (who must hold a role
/// the SOP gives `breach_scope`) at `at`. The audit log records the listing by the codes listed only.
pub async fn breach_scope(
    desk: &Desk,
    staffer: &Staffer,
    window: &BreachWindow,
    at: DateTime<Utc>,
) -> Result<BreachScope, StaffError> {
    authorize(desk, staffer, PrivacyAction::BreachScope.key())?;
    let mut cases = Vec::new();
    for case in every_case(desk).await? {
        if case.received_at >= window.until {
            continue;
        }
        let events = desk.cases.events(&case.code).await?;
        if !held_during(&case, &events, window) {
            continue;
        }
        let whereabouts = desk.cases.whereabouts(&case.code).await?;
        let evidence = desk.evidence.location(case.code.key())?;
        cases.push(HeldCase {
            code: case.code.clone(),
            received_at: case.received_at,
            redacted_at: case.redacted_at,
            held: held_data(&case, &events, window),
            places: places(&case, &events, window, whereabouts, evidence),
            contact: contact(&case),
        });
    }
    cases.sort_by(|a, b| {
        a.received_at
            .cmp(&b.received_at)
            .then_with(|| a.code.key().cmp(b.code.key()))
    });
    let codes: Vec<&TrackingCode> = cases.iter().map(|c| &c.code).collect();
    record_privacy_action(desk, staffer, PrivacyAction::BreachScope, &codes, at).await?;
    Ok(BreachScope {
        window: *window,
        listed_at: at,
        cases,
        elsewhere: ELSEWHERE.to_vec(),
    })
}
