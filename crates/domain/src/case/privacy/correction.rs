//! Correcting the reporter's own data at their request (UU 27/2022 Pasal 6): which fields may be corrected, the
//! corrections parsed as the intake parses the report, and the case's change that records the fields and no value.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::{Actor, Case, Change, Event, WorkflowError};
use crate::contact::{Email, Phone};
use crate::field_error::{FieldError, FieldErrors};
use crate::report::Reporter;
use crate::text::{Organisation, PersonName};

/// A field of the reporter's own data that the reporter may have corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReporterField {
    /// Their name or the alias they are contacted under.
    Name,
    /// Their e-mail address.
    Email,
    /// Their telephone number.
    Phone,
    /// The organisation they report for.
    Organisation,
}

impl ReporterField {
    /// Every field, in the report's order.
    pub const ALL: [ReporterField; 4] = [
        ReporterField::Name,
        ReporterField::Email,
        ReporterField::Phone,
        ReporterField::Organisation,
    ];

    /// The field's short key: `name`, `email`, `phone`, `organisation`.
    pub fn key(self) -> &'static str {
        match self {
            ReporterField::Name => "name",
            ReporterField::Email => "email",
            ReporterField::Phone => "phone",
            ReporterField::Organisation => "organisation",
        }
    }

    /// The intake's name for the field (`reporter_email`, …), which its errors name.
    pub fn intake_field(self) -> &'static str {
        match self {
            ReporterField::Name => PersonName::FIELD,
            ReporterField::Email => "reporter_email",
            ReporterField::Phone => "reporter_phone",
            ReporterField::Organisation => Organisation::FIELD,
        }
    }

    /// The field named by its short key or its intake name; `None` for anything else.
    pub fn parse(name: &str) -> Option<ReporterField> {
        let name = name.trim();
        ReporterField::ALL
            .into_iter()
            .find(|field| field.key() == name || field.intake_field() == name)
    }
}

impl Reporter {
    /// The reporter's own fields that hold a value, in the report's order.
    pub fn held_fields(&self) -> Vec<ReporterField> {
        let held = [
            self.name.is_some(),
            self.email.is_some(),
            self.phone.is_some(),
            self.organisation.is_some(),
        ];
        ReporterField::ALL
            .into_iter()
            .zip(held)
            .filter_map(|(field, held)| held.then_some(field))
            .collect()
    }
}

/// Corrections to the reporter's own data, each value parsed as the intake parses it; an empty value removes
/// the field. `Debug` names the fields only.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ReporterCorrections {
    name: Option<Option<PersonName>>,
    email: Option<Option<Email>>,
    phone: Option<Option<Phone>>,
    organisation: Option<Option<Organisation>>,
}

impl std::fmt::Debug for ReporterCorrections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReporterCorrections")
            .field("fields", &self.fields())
            .finish()
    }
}

impl ReporterCorrections {
    /// Parses `(field, value)` pairs with the intake's parsers: every problem comes back at once, named by the
    /// intake's field name and worded as the intake words it. A field given twice is refused.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (ReporterField, &'a str)>,
    ) -> Result<ReporterCorrections, FieldErrors> {
        let mut corrections = ReporterCorrections::default();
        let mut errors = FieldErrors::new();
        for (field, raw) in pairs {
            if corrections.fields().contains(&field) {
                errors.push(FieldError::new(
                    field.intake_field(),
                    "Diberikan lebih dari sekali.",
                    "Given more than once.",
                ));
                continue;
            }
            match field {
                ReporterField::Name => {
                    corrections.name = errors.take(PersonName::parse_optional(raw)).or(Some(None));
                }
                ReporterField::Email => {
                    corrections.email = errors.take(Email::parse_optional(raw)).or(Some(None));
                }
                ReporterField::Phone => {
                    corrections.phone = errors.take(Phone::parse_optional(raw)).or(Some(None));
                }
                ReporterField::Organisation => {
                    corrections.organisation = errors
                        .take(Organisation::parse_optional(raw))
                        .or(Some(None));
                }
            }
        }
        if errors.is_empty() {
            Ok(corrections)
        } else {
            Err(errors)
        }
    }

    /// The fields given, in the report's order.
    pub fn fields(&self) -> Vec<ReporterField> {
        let given = [
            self.name.is_some(),
            self.email.is_some(),
            self.phone.is_some(),
            self.organisation.is_some(),
        ];
        ReporterField::ALL
            .into_iter()
            .zip(given)
            .filter_map(|(field, given)| given.then_some(field))
            .collect()
    }

    /// Whether no field was given.
    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }

    /// `reporter` with the corrections made, refused as the intake refuses a report that leaves the team no way
    /// to reach the reporter (neither an e-mail address nor a telephone number).
    pub fn apply_to(&self, reporter: &Reporter) -> Result<Reporter, FieldErrors> {
        let mut corrected = reporter.clone();
        if let Some(name) = &self.name {
            corrected.name.clone_from(name);
        }
        if let Some(email) = &self.email {
            corrected.email.clone_from(email);
        }
        if let Some(phone) = &self.phone {
            corrected.phone.clone_from(phone);
        }
        if let Some(organisation) = &self.organisation {
            corrected.organisation.clone_from(organisation);
        }
        if corrected.email.is_none() && corrected.phone.is_none() {
            let mut errors = FieldErrors::new();
            for field in [ReporterField::Email, ReporterField::Phone] {
                errors.push(FieldError::new(
                    field.intake_field(),
                    "Isi e-mail atau nomor telepon agar tim dapat menghubungi Anda.",
                    "Give an e-mail address or a telephone number so the team can reach you.",
                ));
            }
            return Err(errors);
        }
        Ok(corrected)
    }
}

/// Why a correction was not made. Nothing was changed in either case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    /// A value the intake would refuse, or a correction that leaves the reporter unreachable, by field.
    #[error("{0}")]
    Fields(FieldErrors),
    /// The case refuses it (its reporter's data was redacted, or nothing would change).
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
}

impl Case {
    /// Corrects the reporter's own data at their request (UU 27/2022 Pasal 6) as `actor` at `at`: the new case,
    /// holding the new values, and its event, naming the fields that changed and no value. Refused when a value
    /// would leave the reporter unreachable, when the reporter's data was redacted, or when nothing changes.
    pub fn correct_reporter(
        &self,
        corrections: &ReporterCorrections,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<(Case, Event), CorrectionError> {
        let change = Change::CorrectReporter { fields: Vec::new() };
        if let Some(when) = self.redacted_at {
            return Err(self
                .refuse(
                    &change,
                    format!(
                        "the reporter's data was redacted at their request on {}: there is nothing to correct",
                        when.format("%Y-%m-%d")
                    ),
                )
                .into());
        }
        let before = &self.report.reporter;
        let after = corrections
            .apply_to(before)
            .map_err(CorrectionError::Fields)?;
        let changed = [
            before.name != after.name,
            before.email != after.email,
            before.phone != after.phone,
            before.organisation != after.organisation,
        ];
        let fields: Vec<ReporterField> = ReporterField::ALL
            .into_iter()
            .zip(changed)
            .filter_map(|(field, changed)| changed.then_some(field))
            .collect();
        if fields.is_empty() {
            return Err(self
                .refuse(
                    &change,
                    "the case holds these values already; nothing changes",
                )
                .into());
        }
        let mut next = self.clone();
        next.report.reporter = after;
        if next.reply_by_email_only && next.report.reporter.email.is_none() {
            return Err(self
                .refuse(
                    &change,
                    "the case is set to reply by e-mail only: switch it back to the thread before removing the \
                     reporter's e-mail address",
                )
                .into());
        }
        Ok(self.record_privacy_change(next, Change::CorrectReporter { fields }, actor, at))
    }
}
