//! The steps of the procedure as forms: which steps a case's state and an account's roles allow, the fields
//! each step takes, and the one parser from a form's named text fields to the [`Change`], with every refused
//! field named in Bahasa Indonesia and English. The console builds its step forms from here; the rules stay in
//! the domain (state) and in [`crate::accounts::authorize`] (roles).

use std::collections::BTreeMap;

use csirt_domain::case::{
    Case, Change, Classification, MitigationKind, MitigationStatus, PartnerKind, Priority, Verdict,
};
use csirt_domain::field_error::{FieldError, FieldErrors};
use csirt_domain::lang::Localized;
use csirt_domain::sop::{SopProfile, action_of};
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, Chronology, Impact, StaffText};
use csirt_domain::tlp::Tlp;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;

/// A step staff take on a case, by the name its change records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Start verifying a received report.
    StartVerification,
    /// Valid or not, with the reason.
    Verify,
    /// Class, type, priority, TLP.
    Classify,
    /// Give the case to a handler or sub-team.
    Assign,
    /// Add a mitigation measure.
    PlanMitigation,
    /// Change a mitigation measure's status.
    UpdateMitigation,
    /// Start or resume handling.
    StartHandling,
    /// Record a handling action.
    RecordAction,
    /// Escalate to a partner.
    Escalate,
    /// Record a partner's answer.
    RecordEscalationAnswer,
    /// Record analysis and recommendations.
    RecordAnalysis,
    /// Start the follow-up.
    StartFollowUp,
    /// Mark resolved.
    Resolve,
    /// Close.
    Close,
    /// Add an internal note.
    AddNote,
}

/// What a form field holds, for the page that draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "choices", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines of text.
    Text,
    /// One of these values (machine keys).
    Choice(&'static [&'static str]),
    /// A number (an item of the case: a mitigation item, an escalation).
    Number,
    /// Yes or no (a checkbox: present means yes).
    Flag,
}

/// One field of a step's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// The form's field name, as the command's option without its dashes.
    pub name: &'static str,
    /// What it holds.
    #[serde(flatten)]
    pub kind: FieldKind,
    /// Whether the step needs it.
    pub required: bool,
}

const fn field(name: &'static str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        required,
    }
}

/// The priorities, most urgent first.
pub const PRIORITIES: &[&str] = &["critical", "high", "medium", "low"];
/// The mitigation measures.
pub const MITIGATIONS: &[&str] = &[
    "suspend_domain",
    "backup_data",
    "isolate_application",
    "close_ports",
    "maintenance_page",
    "other",
];
/// A mitigation item's statuses.
pub const MITIGATION_STATUSES: &[&str] = &["planned", "in_progress", "done", "dropped"];
/// The partners a case is escalated to.
pub const PARTNERS: &[&str] = &["provincial", "bssn", "vendor"];
/// Verification's verdicts.
pub const VERDICTS: &[&str] = &["valid", "invalid"];
/// The TLP markings a case may carry.
pub const TLPS: &[&str] = &[
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
];

impl StepKind {
    /// Every step, in the procedure's order.
    pub const ALL: [StepKind; 15] = [
        StepKind::StartVerification,
        StepKind::Verify,
        StepKind::Classify,
        StepKind::Assign,
        StepKind::PlanMitigation,
        StepKind::UpdateMitigation,
        StepKind::StartHandling,
        StepKind::RecordAction,
        StepKind::Escalate,
        StepKind::RecordEscalationAnswer,
        StepKind::RecordAnalysis,
        StepKind::StartFollowUp,
        StepKind::Resolve,
        StepKind::Close,
        StepKind::AddNote,
    ];

    /// Its key: the name its change records (`start_verification`, …).
    pub fn key(self) -> &'static str {
        self.sample().name()
    }

    /// The step with this key.
    pub fn from_key(key: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|step| step.key() == key)
    }

    /// What it is called on a button.
    pub fn label(self) -> Localized {
        let (id, en) = match self {
            StepKind::StartVerification => ("Mulai verifikasi", "Start verification"),
            StepKind::Verify => ("Catat hasil verifikasi", "Record verification"),
            StepKind::Classify => ("Klasifikasi", "Classify"),
            StepKind::Assign => ("Tugaskan", "Assign"),
            StepKind::PlanMitigation => ("Tambah langkah mitigasi", "Add a mitigation measure"),
            StepKind::UpdateMitigation => ("Perbarui mitigasi", "Update a mitigation measure"),
            StepKind::StartHandling => ("Mulai/lanjutkan penanganan", "Start or resume handling"),
            StepKind::RecordAction => ("Catat tindakan", "Record an action"),
            StepKind::Escalate => ("Eskalasi", "Escalate"),
            StepKind::RecordEscalationAnswer => {
                ("Catat jawaban mitra", "Record a partner's answer")
            }
            StepKind::RecordAnalysis => ("Catat analisis dan rekomendasi", "Record analysis"),
            StepKind::StartFollowUp => ("Mulai tindak lanjut", "Start follow-up"),
            StepKind::Resolve => ("Tandai selesai ditangani", "Mark resolved"),
            StepKind::Close => ("Tutup kasus", "Close the case"),
            StepKind::AddNote => ("Tambah catatan internal", "Add an internal note"),
        };
        Localized::new(id, en)
    }

    /// The fields its form takes.
    pub fn fields(self) -> &'static [FieldSpec] {
        use FieldKind::*;
        match self {
            StepKind::StartVerification => const { &[] },
            StepKind::Verify => {
                const {
                    &[
                        field("verdict", Choice(VERDICTS), true),
                        field("reason", Text, false),
                    ]
                }
            }
            StepKind::Classify => {
                const {
                    &[
                        field("class", Line, true),
                        field("type", Line, true),
                        field("priority", Choice(PRIORITIES), true),
                        field("tlp", Choice(TLPS), true),
                    ]
                }
            }
            StepKind::Assign => const { &[field("to", Line, true)] },
            StepKind::PlanMitigation => {
                const {
                    &[
                        field("kind", Choice(MITIGATIONS), true),
                        field("detail", Text, false),
                    ]
                }
            }
            StepKind::UpdateMitigation => {
                const {
                    &[
                        field("item", Number, true),
                        field("status", Choice(MITIGATION_STATUSES), true),
                    ]
                }
            }
            StepKind::StartHandling | StepKind::StartFollowUp => {
                const { &[field("note", Text, false)] }
            }
            StepKind::RecordAction => const { &[field("note", Text, true)] },
            StepKind::Escalate => {
                const {
                    &[
                        field("partner", Choice(PARTNERS), true),
                        field("name", Line, false),
                        field("chronology", Text, false),
                        field("impact", Text, false),
                        field("request", Text, false),
                    ]
                }
            }
            StepKind::RecordEscalationAnswer => {
                const { &[field("escalation", Number, true), field("text", Text, true)] }
            }
            StepKind::RecordAnalysis => {
                const {
                    &[
                        field("analysis", Text, true),
                        field("recommendations", Text, true),
                    ]
                }
            }
            StepKind::Resolve => const { &[field("summary", Text, true)] },
            StepKind::Close => const { &[field("hall_of_fame", Flag, false)] },
            StepKind::AddNote => const { &[field("text", Text, true)] },
        }
    }

    /// A change of this kind, for the rules that do not depend on its content.
    fn sample(self) -> Change {
        let text =
            || StaffText::parse("-").unwrap_or_else(|_| unreachable!("a dash is a staff text"));
        match self {
            StepKind::StartVerification => Change::StartVerification,
            StepKind::Verify => Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            StepKind::Classify => Change::Classify {
                classification: Classification {
                    incident: IncidentType::parse("other", "other")
                        .or_else(|_| IncidentType::parse("intrusions", "application-compromise"))
                        .unwrap_or_else(|_| unreachable!("the taxonomy has this type")),
                    priority: Priority::Low,
                    tlp: Tlp::parse("TLP:AMBER").unwrap_or_else(|_| unreachable!("a TLP")),
                },
            },
            StepKind::Assign => Change::Assign {
                handler: ActorName::parse("-").unwrap_or_else(|_| unreachable!("a name")),
            },
            StepKind::PlanMitigation => Change::PlanMitigation {
                kind: MitigationKind::Other,
                detail: None,
            },
            StepKind::UpdateMitigation => Change::UpdateMitigation {
                item: 1,
                status: MitigationStatus::Done,
            },
            StepKind::StartHandling => Change::StartHandling { note: None },
            StepKind::RecordAction => Change::RecordAction { note: text() },
            StepKind::Escalate => Change::Escalate {
                partner: PartnerKind::Provincial,
                partner_name: String::new(),
                chronology: None,
                impact: None,
                request: None,
            },
            StepKind::RecordEscalationAnswer => Change::RecordEscalationAnswer {
                escalation: 1,
                text: text(),
            },
            StepKind::RecordAnalysis => Change::RecordAnalysis {
                analysis: text(),
                recommendations: text(),
            },
            StepKind::StartFollowUp => Change::StartFollowUp { note: None },
            StepKind::Resolve => Change::Resolve { summary: text() },
            StepKind::Close => Change::Close {
                hall_of_fame: false,
            },
            StepKind::AddNote => Change::AddNote { text: text() },
        }
    }

    /// Its `[permissions]` key.
    pub fn action(self) -> String {
        action_of(&self.sample())
    }
}

/// The steps `staffer` may take on `case` now: those its state allows and the SOP gives one of their roles.
pub fn available_steps(desk: &Desk, case: &Case, staffer: &Staffer) -> Vec<StepKind> {
    StepKind::ALL
        .into_iter()
        .filter(|step| step.sample().may_be_made_in(case.state))
        .filter(|step| authorize(desk, staffer, &step.action()).is_ok())
        .collect()
}

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

/// A positive item number.
fn number(errors: &mut FieldErrors, fields: &FormFields, name: &'static str) -> Option<u32> {
    let raw = value(fields, name);
    if raw.is_empty() {
        errors.push(required(name));
        return None;
    }
    let parsed = raw.parse::<u32>().ok().filter(|n| *n > 0);
    if parsed.is_none() {
        errors.push(FieldError::new(
            name,
            format!("Nomor butir harus bilangan bulat positif ({raw:?} tertulis)."),
            format!("The item number must be a positive whole number ({raw:?} given)."),
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
    let change =
        match step {
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
                text(e, fields, "to", ActorName::parse).map(|handler| Change::Assign { handler })
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
            StepKind::StartHandling => optional(e, fields, "note", StaffText::parse)
                .map(|note| Change::StartHandling { note }),
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
            StepKind::StartFollowUp => optional(e, fields, "note", StaffText::parse)
                .map(|note| Change::StartFollowUp { note }),
            StepKind::Resolve => text(e, fields, "summary", StaffText::parse)
                .map(|summary| Change::Resolve { summary }),
            StepKind::Close => Some(Change::Close {
                hall_of_fame: matches!(value(fields, "hall_of_fame"), "on" | "true" | "yes" | "1"),
            }),
            StepKind::AddNote => {
                text(e, fields, "text", StaffText::parse).map(|text| Change::AddNote { text })
            }
        };
    match change {
        Some(change) if errors.is_empty() => Ok(change),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csirt_domain::state::CaseState;

    fn form(pairs: &[(&str, &str)]) -> FormFields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn profile() -> SopProfile {
        SopProfile::builtin("bali").expect("a shipped profile")
    }

    #[test]
    fn every_step_has_a_key_that_finds_it_and_a_field_spec_its_parser_reads() {
        for step in StepKind::ALL {
            assert_eq!(StepKind::from_key(step.key()), Some(step));
            let names: Vec<&str> = step.fields().iter().map(|f| f.name).collect();
            if let Err(errors) = parse_step(&profile(), step, &FormFields::new()) {
                for refused in errors.fields() {
                    assert!(
                        names.contains(&refused),
                        "{step:?} refused {refused}, not one of its fields"
                    );
                }
            }
        }
    }

    #[test]
    fn a_classification_form_becomes_the_change_the_command_makes() {
        let change = parse_step(
            &profile(),
            StepKind::Classify,
            &form(&[
                ("class", "intrusions"),
                ("type", "application-compromise"),
                ("priority", "high"),
                ("tlp", "TLP:AMBER"),
            ]),
        )
        .expect("a valid form");
        let Change::Classify { classification } = change else {
            panic!("not a classification: {change:?}");
        };
        assert_eq!(classification.priority, Priority::High);
        assert_eq!(classification.incident.class(), "intrusions");
    }

    #[test]
    fn every_refused_field_is_named_in_both_languages() {
        let errors = parse_step(
            &profile(),
            StepKind::Classify,
            &form(&[
                ("class", "intrusions"),
                ("type", "no-such-type"),
                ("priority", "urgent"),
            ]),
        )
        .expect_err("three refused fields");
        let refused: Vec<&str> = errors.fields().collect();
        assert_eq!(refused, ["priority", "tlp", "type"]);
        let priority = errors.get("priority").expect("priority refused");
        assert!(
            priority.en.contains("critical, high, medium, low"),
            "{priority:?}"
        );
        assert!(priority.id.starts_with("Pilih"), "{priority:?}");
    }

    #[test]
    fn an_invalid_verdict_without_a_reason_is_refused_on_the_reason() {
        let errors = parse_step(
            &profile(),
            StepKind::Verify,
            &form(&[("verdict", "invalid")]),
        )
        .expect_err("needs a reason");
        assert_eq!(errors.fields().collect::<Vec<_>>(), ["reason"]);
        assert!(parse_step(&profile(), StepKind::Verify, &form(&[("verdict", "valid")])).is_ok());
    }

    #[test]
    fn escalation_takes_the_profiles_partner_name_unless_one_is_typed() {
        let profile = profile();
        let Ok(Change::Escalate { partner_name, .. }) =
            parse_step(&profile, StepKind::Escalate, &form(&[("partner", "bssn")]))
        else {
            panic!("escalation refused");
        };
        let named = profile
            .escalation_partners
            .iter()
            .find(|p| p.key == PartnerKind::Bssn)
            .map(|p| p.name.clone());
        assert_eq!(Some(partner_name), named);
        let Ok(Change::Escalate { partner_name, .. }) = parse_step(
            &profile,
            StepKind::Escalate,
            &form(&[("partner", "vendor"), ("name", "PT Pengembang")]),
        ) else {
            panic!("escalation refused");
        };
        assert_eq!(partner_name, "PT Pengembang");
    }

    #[test]
    fn a_received_case_offers_verification_and_not_closing() {
        let allowed: Vec<StepKind> = StepKind::ALL
            .into_iter()
            .filter(|s| s.sample().may_be_made_in(CaseState::Received))
            .collect();
        assert!(allowed.contains(&StepKind::StartVerification));
        assert!(allowed.contains(&StepKind::AddNote));
        assert!(!allowed.contains(&StepKind::Close));
        assert!(!allowed.contains(&StepKind::Resolve));
    }
}
