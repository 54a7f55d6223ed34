//! Escalations to partners and the analysis's versions: a case's escalations are a list, each to its own partner
//! with the fields that partner requires (the profile's `required_fields`), and a new analysis keeps the earlier.

use chrono::{DateTime, Utc};

use super::parts::{Analysis, Escalation, EscalationField};
use super::{Case, Change, WorkflowError, next_id};

impl Case {
    /// The analysis's version number: 1 for the first recorded, none before any.
    pub fn analysis_version(&self) -> Option<usize> {
        self.analysis
            .as_ref()
            .map(|_| self.earlier_analyses.len() + 1)
    }

    /// Every version of the analysis, oldest (version 1) first.
    pub fn analysis_versions(&self) -> impl Iterator<Item = &Analysis> {
        self.earlier_analyses.iter().chain(self.analysis.iter())
    }

    /// Records an escalation: the fields it requires must be there (the report's chronology and impact, unless
    /// given with it), and its partner named.
    pub(super) fn record_escalation(
        &mut self,
        change: &Change,
        at: DateTime<Utc>,
    ) -> Result<(), WorkflowError> {
        let Change::Escalate {
            partner,
            partner_name,
            chronology,
            impact,
            request,
            required,
        } = change
        else {
            return Ok(());
        };
        let chronology = chronology
            .clone()
            .or_else(|| self.report.chronology.clone());
        let impact = impact.clone().or_else(|| self.report.impact.clone());
        if partner_name.trim().is_empty() {
            return Err(self.refuse(change, "the partner's name is required"));
        }
        let name = partner_name.trim().to_owned();
        for field in EscalationField::ALL {
            let present = match field {
                EscalationField::Description => true,
                EscalationField::Chronology => chronology.is_some(),
                EscalationField::Impact => impact.is_some(),
                EscalationField::Request => request.is_some(),
            };
            if required.contains(&field) && !present {
                return Err(self.refuse(
                    change,
                    format!(
                        "{name} requires the {} (the profile's required_fields); the report lacks it, so give \
                         it with the escalation",
                        field.key()
                    ),
                ));
            }
        }
        self.escalations.push(Escalation {
            id: next_id(self.escalations.len()),
            partner: *partner,
            partner_name: name,
            sent_at: at,
            description: self.report.description.clone(),
            chronology,
            impact,
            request: request.clone(),
            answer: None,
            earlier_answers: Vec::new(),
            ended: None,
        });
        Ok(())
    }

    /// The escalation numbered `id`, refused when there is none or it has ended.
    pub(super) fn open_escalation(
        &mut self,
        change: &Change,
        id: u32,
    ) -> Result<&mut Escalation, WorkflowError> {
        let count = self.escalations.len();
        let Some(index) = self.escalations.iter().position(|e| e.id == id) else {
            return Err(self.refuse(change, format!("no escalation {id} (the case has {count})")));
        };
        let status = self.escalations[index].status();
        if status.is_ended() {
            let reason = format!(
                "escalation {id} to {} is {}",
                self.escalations[index].partner_name,
                status.key()
            );
            return Err(self.refuse(change, reason));
        }
        Ok(&mut self.escalations[index])
    }
}
