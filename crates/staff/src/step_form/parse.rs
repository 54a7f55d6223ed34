//! The one parser from a step form's named text fields to its [`Change`]: each field read by the domain's own
//! parser, every refused field named on the form in Bahasa Indonesia and English.

use std::collections::BTreeMap;

use csirt_domain::case::{
    Change, Classification, EscalationOutcome, MitigationKind, MitigationStatus, PartnerKind,
    Priority, Verdict,
};
use csirt_domain::field_error::{FieldError, FieldErrors};
use csirt_domain::sop::SopProfile;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, Chronology, Impact, StaffText, SummaryText};
use csirt_domain::tlp::Tlp;

use super::{
    ESCALATION_OUTCOMES, MITIGATION_STATUSES, MITIGATIONS, PARTNERS, PRIORITIES, StepKind, VERDICTS,
};

/// A form's fields: name → text as sent.
pub type FormFields = BTreeMap<String, String>;

/// Reads a form's value, trimmed; an absent field is empty.
fn value<'a>(fields: &'a FormFields, name: &str) -> &'a str {
    fields.get(name).map_or("", |v| v.trim())
}

/// The domain's error moved onto the form's field.
fn on(name: &'static str, error: FieldError) -> FieldError {
    FieldError {
        field: name,
        message: error.message,
    }
}

fn required(name: &'static str) -> FieldError {
    FieldError::new(name, "Wajib diisi.", "Required.")
}

/// A required text field, parsed by the domain's parser.
fn text<T>(
    errors: &mut FieldErrors,
    fields: &FormFields,
    name: &'static str,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Option<T> {
    let raw = value(fields, name);
    if raw.is_empty() {
        errors.push(required(name));
        return None;
    }
    errors.take(parse(raw).map_err(|e| on(name, e)))
}

/// An optional text field: empty gives `None`.
fn optional<T>(
    errors: &mut FieldErrors,
    fields: &FormFields,
    name: &'static str,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Option<Option<T>> {
    let raw = value(fields, name);
    if raw.is_empty() {
        return Some(None);
    }
    errors.take(parse(raw).map_err(|e| on(name, e)).map(Some))
}

/// A choice among `choices` (machine keys, `-` or `_` alike), read through the domain type's serde name.
fn choice<T: serde::de::DeserializeOwned>(
    errors: &mut FieldErrors,
    fields: &FormFields,
    name: &'static str,
    choices: &[&str],
) -> Option<T> {
    let raw = value(fields, name).replace('-', "_");
    if raw.is_empty() {
        errors.push(required(name));
        return None;
    }
    let parsed = choices
        .contains(&raw.as_str())
        .then(|| serde_json::from_value(serde_json::Value::String(raw)).ok())
        .flatten();
    if parsed.is_none() {
        errors.push(FieldError::new(
            name,
            format!("Pilih salah satu: {}.", choices.join(", ")),
            format!("Choose one of: {}.", choices.join(", ")),
        ));
    }
    parsed
}

/// A checkbox: present (as browsers send it, or as a script would) means yes.
fn flag(fields: &FormFields, name: &str) -> bool {
    matches!(value(fields, name), "on" | "true" | "yes" | "1")
}

/// A positive item number.
fn number(errors: &mut FieldErrors, fields: &FormFields, name: &'static str) -> Option<u32> {
    let raw = value(fields, name);
    if raw.is_empty() {
        errors.push(required(name));
        return None;
    }
    positive(errors, name, raw)
}

/// An optional positive whole number: empty gives `None`.
fn optional_number(
    errors: &mut FieldErrors,
    fields: &FormFields,
    name: &'static str,
) -> Option<Option<u32>> {
    let raw = value(fields, name);
    if raw.is_empty() {
        return Some(None);
    }
    positive(errors, name, raw).map(Some)
}

/// `raw` as a positive whole number, refused on the field `name` otherwise.
fn positive(errors: &mut FieldErrors, name: &'static str, raw: &str) -> Option<u32> {
    let parsed = raw.parse::<u32>().ok().filter(|n| *n > 0);
    if parsed.is_none() {
        errors.push(FieldError::new(
            name,
            format!("Nomor harus bilangan bulat positif ({raw:?} tertulis)."),
            format!("The number must be a positive whole number ({raw:?} given)."),
        ));
    }
    parsed
}

/// Parses the form of `step` into its change. `profile` names the default escalation partners. Every refused
/// field is named, in both languages; nothing is partly read.
pub fn parse_step(
    profile: &SopProfile,
    step: StepKind,
    fields: &FormFields,
) -> Result<Change, FieldErrors> {
    let mut errors = FieldErrors::new();
    let e = &mut errors;
    let change = match step {
        StepKind::StartVerification => Some(Change::StartVerification),
        StepKind::Verify => {
            let verdict = choice::<Verdict>(e, fields, "verdict", VERDICTS);
            let reason = optional(e, fields, "reason", StaffText::parse);
            if verdict == Some(Verdict::Invalid) && matches!(reason, Some(None)) {
                e.push(FieldError::new(
                    "reason",
                    "Laporan yang tidak valid perlu alasannya.",
                    "An invalid verdict needs the reason.",
                ));
            }
            verdict
                .zip(reason)
                .map(|(verdict, reason)| Change::Verify { verdict, reason })
        }
        StepKind::Classify => {
            let class = value(fields, "class");
            let kind = value(fields, "type");
            let incident = match IncidentType::parse(class, kind) {
                Ok(incident) => Some(incident),
                Err(error) => {
                    let name = if error.field.ends_with("type") && !class.is_empty() {
                        "type"
                    } else {
                        "class"
                    };
                    e.push(on(name, error));
                    None
                }
            };
            let priority = choice::<Priority>(e, fields, "priority", PRIORITIES);
            let tlp = text(e, fields, "tlp", Tlp::parse);
            match (incident, priority, tlp) {
                (Some(incident), Some(priority), Some(tlp)) => Some(Change::Classify {
                    classification: Classification {
                        incident,
                        priority,
                        tlp,
                    },
                }),
                _ => None,
            }
        }
        StepKind::Assign => {
            let handler = text(e, fields, "to", ActorName::parse);
            let step = optional_number(e, fields, "step");
            handler
                .zip(step)
                .map(|(handler, step)| Change::Assign { handler, step })
        }
        StepKind::Unassign => {
            let handler = text(e, fields, "from", ActorName::parse);
            let step = optional_number(e, fields, "step");
            handler
                .zip(step)
                .map(|(handler, step)| Change::Unassign { handler, step })
        }
        StepKind::PlanMitigation => {
            let kind = choice::<MitigationKind>(e, fields, "kind", MITIGATIONS);
            let detail = optional(e, fields, "detail", StaffText::parse);
            kind.zip(detail)
                .map(|(kind, detail)| Change::PlanMitigation { kind, detail })
        }
        StepKind::UpdateMitigation => {
            let item = number(e, fields, "item");
            let status = choice::<MitigationStatus>(e, fields, "status", MITIGATION_STATUSES);
            item.zip(status)
                .map(|(item, status)| Change::UpdateMitigation { item, status })
        }
        StepKind::StartHandling => {
            optional(e, fields, "note", StaffText::parse).map(|note| Change::StartHandling { note })
        }
        StepKind::RecordAction => {
            text(e, fields, "note", StaffText::parse).map(|note| Change::RecordAction { note })
        }
        StepKind::Escalate => {
            let partner = choice::<PartnerKind>(e, fields, "partner", PARTNERS);
            let typed = value(fields, "name");
            let partner_name = match partner {
                _ if !typed.is_empty() => Some(typed.to_owned()),
                Some(kind) => {
                    let known = profile
                        .escalation_partners
                        .iter()
                        .find(|p| p.key == kind)
                        .map(|p| p.name.clone());
                    if known.is_none() {
                        e.push(FieldError::new(
                            "name",
                            format!(
                                "Profil SOP {} tidak menyebut mitra jenis ini; tuliskan namanya.",
                                profile.id
                            ),
                            format!(
                                "The SOP profile {} names no partner of this kind; give the name.",
                                profile.id
                            ),
                        ));
                    }
                    known
                }
                None => None,
            };
            let chronology = optional(e, fields, "chronology", Chronology::parse);
            let impact = optional(e, fields, "impact", Impact::parse);
            let request = optional(e, fields, "request", StaffText::parse);
            match (partner, partner_name, chronology, impact, request) {
                (
                    Some(partner),
                    Some(partner_name),
                    Some(chronology),
                    Some(impact),
                    Some(request),
                ) => Some(Change::Escalate {
                    partner,
                    partner_name,
                    chronology,
                    impact,
                    request,
                    required: Vec::new(),
                }),
                _ => None,
            }
        }
        StepKind::RecordEscalationAnswer => {
            let escalation = number(e, fields, "escalation");
            let answer = text(e, fields, "text", StaffText::parse);
            escalation
                .zip(answer)
                .map(|(escalation, text)| Change::RecordEscalationAnswer { escalation, text })
        }
        StepKind::EndEscalation => {
            let escalation = number(e, fields, "escalation");
            let outcome = choice::<EscalationOutcome>(e, fields, "outcome", ESCALATION_OUTCOMES);
            let note = optional(e, fields, "note", StaffText::parse);
            match (escalation, outcome, note) {
                (Some(escalation), Some(outcome), Some(note)) => Some(Change::EndEscalation {
                    escalation,
                    outcome,
                    note,
                }),
                _ => None,
            }
        }
        StepKind::MarkVitalInfrastructure => Some(Change::MarkVitalInfrastructure {
            vital: flag(fields, "vital"),
        }),
        StepKind::MarkPersonalData => Some(Change::MarkPersonalData {
            involved: flag(fields, "involved"),
        }),
        StepKind::RecordDataSubjectNotice => text(e, fields, "note", StaffText::parse)
            .map(|note| Change::RecordDataSubjectNotice { note }),
        StepKind::RecordAnalysis => {
            let analysis = text(e, fields, "analysis", StaffText::parse);
            let recommendations = text(e, fields, "recommendations", StaffText::parse);
            analysis
                .zip(recommendations)
                .map(|(analysis, recommendations)| Change::RecordAnalysis {
                    analysis,
                    recommendations,
                })
        }
        StepKind::StartFollowUp => {
            optional(e, fields, "note", StaffText::parse).map(|note| Change::StartFollowUp { note })
        }
        StepKind::Resolve => {
            text(e, fields, "summary", StaffText::parse).map(|summary| Change::Resolve { summary })
        }
        StepKind::Close => Some(Change::Close {
            hall_of_fame: flag(fields, "hall_of_fame"),
        }),
        StepKind::AddNote => {
            text(e, fields, "text", StaffText::parse).map(|text| Change::AddNote { text })
        }
        StepKind::CompleteStep => {
            number(e, fields, "step").map(|step| Change::CompleteStep { step })
        }
        StepKind::WriteSummary => {
            optional(e, fields, "text", SummaryText::parse).and_then(|summary| {
                let include = flag(fields, "include_reporter_description");
                e.take(Change::write_summary(summary, include).map_err(|error| on("text", error)))
            })
        }
    };
    match change {
        Some(change) if errors.is_empty() => Ok(change),
        _ => Err(errors),
    }
}
