//! An incident report as the team receives it: parsed from the intake API's flat fields, all problems reported
//! at once, one per field, in both languages.

mod affected;
mod alias;
mod input;
mod labels;

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

pub use affected::{AffectedSystem, parse_ip, parse_url};
pub use alias::{HallOfFame, PublicAlias, parse_flag};
pub use input::{FIELDS, ReportInput};
pub use labels::{field_label, field_labels};

use crate::contact::{Email, Phone};
use crate::field_error::{FieldError, FieldErrors};
use crate::lang::Lang;
use crate::taxonomy::IncidentType;
use crate::text::{Chronology, Description, Impact, Organisation, PersonName, Title};
use crate::tlp::Tlp;

/// Who the reporter is, as DESIGN's reporter types name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReporterKind {
    /// A member of the public. The default.
    #[default]
    Public,
    /// Staff of a government agency (Perangkat Daerah / OPD).
    Agency,
    /// The owner or operator of the affected system (PSE).
    SystemOwner,
    /// The team's own monitoring (Tim Monitoring SE).
    MonitoringTeam,
}

impl ReporterKind {
    /// Parses `reporter_kind`; empty gives `public`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "" | "public" => Ok(ReporterKind::Public),
            "agency" => Ok(ReporterKind::Agency),
            "system_owner" => Ok(ReporterKind::SystemOwner),
            "monitoring_team" => Ok(ReporterKind::MonitoringTeam),
            _ => Err(FieldError::new(
                "reporter_kind",
                "Jenis pelapor tidak dikenal.",
                "Unknown kind of reporter.",
            )),
        }
    }
}

/// The reporter: personal data, never published, never logged, never shown in the status lookup.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    /// Name or the alias they want to be contacted under.
    pub name: Option<PersonName>,
    /// E-mail address; at least one of e-mail and phone is present.
    pub email: Option<Email>,
    /// Telephone number; at least one of e-mail and phone is present.
    pub phone: Option<Phone>,
    /// Who they are.
    pub kind: ReporterKind,
    /// The organisation they report for.
    pub organisation: Option<Organisation>,
}

impl fmt::Debug for Reporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reporter")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Settings that parsing a report depends on.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    /// When the report arrived: `noticed_at` may not lie after it (beyond a small clock skew).
    pub received_at: DateTime<Utc>,
    /// The team's local offset, for a `noticed_at` typed without one (an HTML `datetime-local` field).
    pub local_offset: FixedOffset,
}

/// A parsed incident report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Who reported it.
    pub reporter: Reporter,
    /// RSIT class and type, as the reporter judged it.
    pub incident: IncidentType,
    /// One-line summary.
    pub title: Option<Title>,
    /// What happened.
    pub description: Description,
    /// Sequence of events.
    pub chronology: Option<Chronology>,
    /// Observed impact.
    pub impact: Option<Impact>,
    /// When the reporter noticed the incident.
    pub noticed_at: Option<DateTime<Utc>>,
    /// Where it happened.
    pub affected: AffectedSystem,
    /// Hall of Fame consent and alias.
    pub hall_of_fame: HallOfFame,
    /// The reporter's TLP marking of what they sent.
    pub tlp: Tlp,
    /// The language the reporter wrote in (the form's `lang`; Indonesian when absent): messages to them use it.
    #[serde(default)]
    pub lang: Lang,
}

/// How far in the future a `noticed_at` may lie, for clocks that run a little ahead.
const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(10);

/// Parses `noticed_at`: RFC 3339, or `YYYY-MM-DDTHH:MM[:SS]` in the team's local time.
pub fn parse_noticed_at(
    raw: &str,
    context: &ParseContext,
) -> Result<Option<DateTime<Utc>>, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
                .and_then(|naive| naive.and_local_timezone(context.local_offset).single())
                .map(|t| t.with_timezone(&Utc))
                .ok_or(())
        })
        .map_err(|()| {
            FieldError::new(
                "noticed_at",
                "Waktu tidak valid; gunakan format 2026-11-23T09:30+07:00.",
                "Not a valid time; use the form 2026-11-23T09:30+07:00.",
            )
        })?;
    if parsed > context.received_at + CLOCK_SKEW {
        return Err(FieldError::new(
            "noticed_at",
            "Waktu diketahuinya insiden tidak boleh di masa depan.",
            "The time the incident was noticed cannot be in the future.",
        ));
    }
    Ok(Some(parsed))
}

impl Report {
    /// Parses a submission. Every field is checked; all problems come back together.
    pub fn parse(input: &ReportInput, context: &ParseContext) -> Result<Report, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(PersonName::parse_optional(input.get("reporter_name")));
        let email = errors.take(Email::parse_optional(input.get("reporter_email")));
        let phone = errors.take(Phone::parse_optional(input.get("reporter_phone")));
        if let (Some(None), Some(None)) = (&email, &phone) {
            for field in ["reporter_email", "reporter_phone"] {
                errors.push(FieldError::new(
                    field,
                    "Isi e-mail atau nomor telepon agar tim dapat menghubungi Anda.",
                    "Give an e-mail address or a telephone number so the team can reach you.",
                ));
            }
        }
        let kind = errors.take(ReporterKind::parse(input.get("reporter_kind")));
        let organisation = errors.take(Organisation::parse_optional(
            input.get("reporter_organisation"),
        ));
        let incident = errors.take(IncidentType::parse(
            input.get("incident_class"),
            input.get("incident_type"),
        ));
        let title = errors.take(Title::parse_optional(input.get("title")));
        let description = errors.take(Description::parse(input.get("description")));
        let chronology = errors.take(Chronology::parse_optional(input.get("chronology")));
        let impact = errors.take(Impact::parse_optional(input.get("impact")));
        let noticed_at = errors.take(parse_noticed_at(input.get("noticed_at"), context));
        let affected = AffectedSystem::parse(
            input.get("affected_url"),
            input.get("affected_ip"),
            input.get("affected_application"),
            input.get("affected_agency"),
            &mut errors,
        );
        let hall_of_fame = errors.take(HallOfFame::parse(
            input.get("hall_of_fame_consent"),
            input.get("hall_of_fame_alias"),
        ));
        let tlp = errors.take(Tlp::parse(input.get("tlp")));

        match (
            name,
            email,
            phone,
            kind,
            organisation,
            incident,
            title,
            description,
            chronology,
            impact,
            noticed_at,
            affected,
            hall_of_fame,
            tlp,
        ) {
            (
                Some(name),
                Some(email),
                Some(phone),
                Some(kind),
                Some(organisation),
                Some(incident),
                Some(title),
                Some(description),
                Some(chronology),
                Some(impact),
                Some(noticed_at),
                Some(affected),
                Some(hall_of_fame),
                Some(tlp),
            ) if errors.is_empty() => Ok(Report {
                reporter: Reporter {
                    name,
                    email,
                    phone,
                    kind,
                    organisation,
                },
                incident,
                title,
                description,
                chronology,
                impact,
                noticed_at,
                affected,
                hall_of_fame,
                tlp,
                lang: Lang::negotiate(input.get("lang")),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
