//! SOP profiles: one data file per CSIRT procedure, naming its steps, actors, time standards and outputs, and
//! mapping each step onto the workflow. The five seed procedures ship with the crate.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate, Weekday};
use serde::Deserialize;

use super::calendar::{WorkingCalendar, national_holidays};
use super::standard::TimeStandard;
use crate::case::{DocumentKind, EscalationField, PartnerKind};
use crate::lang::{Lang, Localized};
use crate::state::CaseState;
use crate::tracking::TrackingPrefix;

/// The profiles shipped with the crate, by id: the five seed procedures.
pub const BUILTIN: [(&str, &str); 5] = [
    ("batam", include_str!("../../profiles/batam.toml")),
    ("tegal", include_str!("../../profiles/tegal.toml")),
    ("malut", include_str!("../../profiles/malut.toml")),
    ("kukar", include_str!("../../profiles/kukar.toml")),
    ("bali", include_str!("../../profiles/bali.toml")),
];

/// A CSIRT's procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SopProfile {
    /// Machine key, e.g. `tegal`.
    pub id: String,
    /// Prefix of the team's tracking codes.
    pub tracking_prefix: TrackingPrefix,
    /// The team.
    pub csirt: CsirtIdentity,
    /// The SOP document the profile transcribes.
    pub document: SopDocument,
    /// Working time for the clocks.
    pub clock: ClockSettings,
    /// Whom the team escalates to.
    pub escalation_partners: Vec<EscalationPartner>,
    /// Who takes part in the procedure.
    pub actors: Vec<ActorInfo>,
    /// The procedure's steps, numbered from 1.
    pub steps: Vec<Step>,
    /// Who may take each action: action key (see [`super::ACTIONS`]) → the staff actors (roles) who may.
    pub permissions: BTreeMap<String, Vec<String>>,
    /// How the team's documents are issued: at once, or drafted, submitted and signed.
    #[serde(default)]
    pub documents: DocumentSettings,
}

/// The profile's `[documents]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// Which documents are drafted, submitted for approval and signed (`sign_document`) before they are
    /// issued: `true` for all, a list of kinds for those, `false` (the default) for none — those are issued at
    /// once by `issue_document`.
    #[serde(default)]
    pub approval: Approval,
}

/// Which documents need approval (see [`DocumentSettings::approval`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Approval {
    /// All of them (`true`) or none (`false`).
    All(bool),
    /// The kinds listed.
    Kinds(Vec<DocumentKind>),
}

impl Default for Approval {
    /// No approval step: documents are issued at once.
    fn default() -> Self {
        Approval::All(false)
    }
}

impl SopProfile {
    /// Whether a document of `kind` is drafted, submitted and signed rather than issued at once.
    pub fn needs_approval(&self, kind: DocumentKind) -> bool {
        match &self.documents.approval {
            Approval::All(all) => *all,
            Approval::Kinds(kinds) => kinds.contains(&kind),
        }
    }
}

/// The team a profile belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsirtIdentity {
    /// Short name, e.g. `TegalKab-CSIRT`.
    pub name: String,
    /// The office it belongs to.
    pub organisation: Localized,
    /// Whom it serves.
    pub constituency: Localized,
}

/// The SOP document's identity, as far as the seed gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SopDocument {
    /// Its title.
    pub title: Localized,
    /// Its number.
    pub number: Option<String>,
    /// When it was approved.
    pub approved_on: Option<NaiveDate>,
    /// Who approved it.
    pub approved_by: Option<String>,
}

/// Working time as written in the profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockSettings {
    /// `+07:00` (WIB), `+08:00` (WITA) or `+09:00` (WIT).
    pub utc_offset: String,
    /// `mon` … `sun`.
    pub working_days: Vec<String>,
    /// `"HH:MM-HH:MM"`.
    pub working_hours: String,
    /// Whether the national holiday calendar applies.
    pub national_holidays: bool,
    /// Further non-working dates.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

/// A partner the team escalates to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationPartner {
    /// Provincial CSIRT, BSSN or vendor.
    pub key: PartnerKind,
    /// Its name.
    pub name: String,
    /// The fields an escalation to it must carry (`description`, `chronology`, `impact`, `request`): BSSN's are
    /// Perban BSSN 1/2024 Pasal 15's minimum; none when absent. Checked at load (see
    /// [`EscalationPartner::required`]).
    #[serde(default)]
    pub required_fields: Vec<String>,
}

impl EscalationPartner {
    /// The fields an escalation to this partner must carry (keys the profile check found valid).
    pub fn required(&self) -> Vec<EscalationField> {
        self.required_fields
            .iter()
            .filter_map(|key| EscalationField::from_key(key))
            .collect()
    }

    fn check(&self) -> Result<(), String> {
        for (i, key) in self.required_fields.iter().enumerate() {
            if EscalationField::from_key(key).is_none() {
                return Err(format!(
                    "escalation partner {:?}: required_fields names {key:?}, which is not a field; choose from {}",
                    self.name,
                    EscalationField::ALL.map(EscalationField::key).join(", ")
                ));
            }
            if self.required_fields[..i].contains(key) {
                return Err(format!(
                    "escalation partner {:?}: required_fields names {key:?} twice",
                    self.name
                ));
            }
        }
        Ok(())
    }
}

/// Someone who takes part in the procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorInfo {
    /// Key that steps refer to.
    pub key: String,
    /// Display name.
    pub name: Localized,
    /// Someone outside the team (the reporter, BSSN, a system owner): named in steps, never a role.
    #[serde(default)]
    pub external: bool,
}

/// One step of the procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Number in the SOP table.
    pub number: u32,
    /// What is done.
    pub title: Localized,
    /// Who does it (actor keys).
    pub actors: Vec<String>,
    /// The workflow state during which it is done.
    pub state: CaseState,
    /// How long it may take.
    pub time_standard: Option<TimeStandard>,
    /// What it produces.
    pub output: Option<Localized>,
    /// The SOP's remarks.
    pub note: Option<Localized>,
    /// Done by the reporter before the report is stored: shown, never clocked.
    #[serde(default)]
    pub before_intake: bool,
    /// The change that completes the step while the case stays in its state (a key of
    /// [`crate::case::STEP_COMPLETING_ACTIONS`], e.g. `record_action`), for a step that shares its state with
    /// the next; the next step's clock starts then. Without it the step is completed by staff marking it done
    /// ([`crate::case::Change::CompleteStep`]) or by the case leaving the state.
    #[serde(default)]
    pub completed_by: Option<String>,
}

/// A profile that cannot be used, with the source named.
#[derive(Debug, thiserror::Error)]
#[error("SOP profile {source_name}: {message}")]
pub struct ProfileError {
    /// File name or builtin id.
    pub source_name: String,
    /// What is wrong.
    pub message: String,
}

impl SopProfile {
    /// Parses and checks a profile; `source_name` names it in errors (usually the file path).
    pub fn from_toml(text: &str, source_name: &str) -> Result<Self, ProfileError> {
        let fail = |message: String| ProfileError {
            source_name: source_name.to_owned(),
            message,
        };
        let profile: SopProfile = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
        profile.check().map_err(fail)?;
        Ok(profile)
    }

    /// Reads a profile file.
    pub fn load(path: &std::path::Path) -> Result<Self, ProfileError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError {
            source_name: name.clone(),
            message: e.to_string(),
        })?;
        Self::from_toml(&text, &name)
    }

    /// A shipped profile by id: `batam`, `tegal`, `malut`, `kukar` or `bali`.
    pub fn builtin(id: &str) -> Result<Self, ProfileError> {
        let (_, text) = BUILTIN
            .iter()
            .find(|(key, _)| *key == id)
            .ok_or_else(|| ProfileError {
                source_name: id.to_owned(),
                message: format!(
                    "no such built-in profile; choose one of {}",
                    BUILTIN.map(|(key, _)| key).join(", ")
                ),
            })?;
        Self::from_toml(text, &format!("built-in {id}"))
    }

    fn check(&self) -> Result<(), String> {
        if self.id.is_empty()
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "id {:?} must be lowercase letters, digits and hyphens",
                self.id
            ));
        }
        if self.steps.is_empty() {
            return Err("the profile has no steps".into());
        }
        for (i, step) in self.steps.iter().enumerate() {
            let expected = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if step.number != expected {
                return Err(format!(
                    "step {} is numbered {}; steps are numbered 1, 2, 3, …",
                    expected, step.number
                ));
            }
            if step.actors.is_empty() {
                return Err(format!("step {} names no actor", step.number));
            }
            if let Some(action) = &step.completed_by {
                if !crate::case::STEP_COMPLETING_ACTIONS.contains(&action.as_str()) {
                    return Err(format!(
                        "step {}: completed_by = {action:?} is not a change taken inside a state; it must be \
                         one of {}",
                        step.number,
                        crate::case::STEP_COMPLETING_ACTIONS.join(", ")
                    ));
                }
                if step.before_intake {
                    return Err(format!(
                        "step {}: completed_by on a step done before intake, which is never clocked",
                        step.number
                    ));
                }
            }
            for actor in &step.actors {
                if !self.actors.iter().any(|a| &a.key == actor) {
                    return Err(format!(
                        "step {} names actor {actor:?}, which [[actors]] does not define",
                        step.number
                    ));
                }
            }
        }
        for partner in &self.escalation_partners {
            partner.check()?;
        }
        if self.staff_actors().next().is_none() {
            return Err("[[actors]] names no staff actor (every one is external = true)".into());
        }
        let staff = |key: &str| self.staff_actors().any(|actor| actor.key == key);
        super::permissions::check(&self.permissions, &staff)?;
        self.calendar().map(|_| ())
    }

    /// The actors who belong to the team: the roles its accounts may hold.
    pub fn staff_actors(&self) -> impl Iterator<Item = &ActorInfo> {
        self.actors.iter().filter(|actor| !actor.external)
    }

    /// The roles that may take `action` (a key of [`super::ACTIONS`] or `issue_document:<kind>`); a document
    /// kind without a line of its own follows `issue_document`.
    pub fn roles_for(&self, action: &str) -> &[String] {
        let fallback = action
            .strip_prefix(super::ISSUE_KIND_PREFIX)
            .map(|_| "issue_document");
        self.permissions
            .get(action)
            .or_else(|| fallback.and_then(|key| self.permissions.get(key)))
            .map_or(&[], Vec::as_slice)
    }

    /// The working calendar the clocks use.
    pub fn calendar(&self) -> Result<WorkingCalendar, String> {
        let clock = &self.clock;
        let offset: FixedOffset = clock.utc_offset.parse().map_err(|_| {
            format!(
                "clock.utc_offset {:?} is not like \"+07:00\"",
                clock.utc_offset
            )
        })?;
        let days = clock
            .working_days
            .iter()
            .map(|d| {
                d.parse::<Weekday>()
                    .map_err(|_| format!("clock.working_days: {d:?} is not a weekday"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let national = national_holidays()
            .iter()
            .filter(|_| clock.national_holidays)
            .map(|h| h.date);
        let holidays = national.chain(clock.holidays.iter().copied());
        WorkingCalendar::new(offset, days, &clock.working_hours, holidays)
            .map_err(|e| format!("clock: {e}"))
    }

    /// The actor with key `key`.
    pub fn actor(&self, key: &str) -> Option<&ActorInfo> {
        self.actors.iter().find(|a| a.key == key)
    }

    /// The names in `lang` of who carries out `step` (a key the profile does not describe stands as it is).
    pub fn actor_names<'a>(&'a self, step: &'a Step, lang: Lang) -> Vec<&'a str> {
        step.actors
            .iter()
            .map(|key| self.actor(key).map_or(key.as_str(), |a| a.name.get(lang)))
            .collect()
    }

    /// The fields an escalation to a partner of kind `kind` named `name` must carry: the profile's entry of that
    /// name, else of that kind; none for a partner the profile does not list.
    pub fn escalation_requirements(&self, kind: PartnerKind, name: &str) -> Vec<EscalationField> {
        let name = name.trim();
        self.escalation_partners
            .iter()
            .find(|p| p.key == kind && p.name.eq_ignore_ascii_case(name))
            .or_else(|| self.escalation_partners.iter().find(|p| p.key == kind))
            .map(EscalationPartner::required)
            .unwrap_or_default()
    }

    /// The steps carried out in `state`, in order.
    pub fn steps_in(&self, state: CaseState) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.state == state)
    }
}
