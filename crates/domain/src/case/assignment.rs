//! Who handles a case: several accounts or sub-teams, each for the whole case or for one step of the SOP (Maluku
//! Utara's steps 5–6 name two sub-teams each). `assign` adds one, `unassign` removes one; records written before
//! a case had several assignees held a single name, which reads as that one assignee for the whole case.

use serde::{Deserialize, Deserializer, Serialize};

use super::Case;
use crate::sop::SopProfile;
use crate::text::ActorName;

/// One assignee of a case: an account or a sub-team, for the whole case or for one step of the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The account or sub-team.
    pub assignee: ActorName,
    /// The SOP step it is assigned to; none for the whole case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
}

impl Assignment {
    /// Whether this assignment is of `name` (compared without regard to case or surrounding spaces).
    pub fn is_of(&self, name: &str) -> bool {
        same_name(self.assignee.as_str(), name)
    }

    /// Whether this is `name`'s assignment for `step` (`None`: for the whole case).
    pub fn matches(&self, name: &str, step: Option<u32>) -> bool {
        self.is_of(name) && self.step == step
    }
}

impl std::fmt::Display for Assignment {
    /// `name`, or `name (step N)` for one step.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.step {
            Some(step) => write!(f, "{} (step {step})", self.assignee),
            None => write!(f, "{}", self.assignee),
        }
    }
}

/// Names compared as people read them: without regard to case or surrounding spaces.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A step an assignment names that the team's SOP profile does not have (or that the reporter takes before the
/// report is stored), with the steps it has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("step: the SOP profile {profile} has no step {step} staff take (its steps: {steps})")]
pub struct UnknownStep {
    /// The step asked for.
    pub step: u32,
    /// The profile's id.
    pub profile: String,
    /// The steps staff take, listed.
    pub steps: String,
}

/// Checks that `step` is a step of `profile` that staff take, so an assignment to it can be reminded of.
pub fn check_assignable_step(profile: &SopProfile, step: u32) -> Result<(), UnknownStep> {
    let staff_steps: Vec<u32> = profile
        .steps
        .iter()
        .filter(|s| !s.before_intake)
        .map(|s| s.number)
        .collect();
    if staff_steps.contains(&step) {
        return Ok(());
    }
    Err(UnknownStep {
        step,
        profile: profile.id.clone(),
        steps: staff_steps
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

impl Case {
    /// Whether `name` is an assignee of the case, for the whole case or for any step.
    pub fn is_assigned_to(&self, name: &str) -> bool {
        self.assignees.iter().any(|a| a.is_of(name))
    }

    /// Who answers for `step`: its own assignees first, then those of the whole case, each once.
    pub fn assignees_of_step(&self, step: u32) -> Vec<&ActorName> {
        let own = self.assignees.iter().filter(|a| a.step == Some(step));
        let whole = self.assignees.iter().filter(|a| a.step.is_none());
        let mut names: Vec<&ActorName> = Vec::new();
        for assignment in own.chain(whole) {
            if !names
                .iter()
                .any(|n| same_name(n.as_str(), assignment.assignee.as_str()))
            {
                names.push(&assignment.assignee);
            }
        }
        names
    }

    /// Adds `name` for `step`; refused (as a reason) when it is already there.
    pub(super) fn add_assignee(
        &mut self,
        name: &ActorName,
        step: Option<u32>,
    ) -> Result<(), String> {
        if self
            .assignees
            .iter()
            .any(|a| a.matches(name.as_str(), step))
        {
            return Err(format!("{} is already assigned", describe(name, step)));
        }
        self.assignees.push(Assignment {
            assignee: name.clone(),
            step,
        });
        Ok(())
    }

    /// Removes `name`'s assignment for `step`; refused (as a reason, naming what `name` does hold) when there is
    /// none.
    pub(super) fn remove_assignee(
        &mut self,
        name: &ActorName,
        step: Option<u32>,
    ) -> Result<(), String> {
        let Some(index) = self
            .assignees
            .iter()
            .position(|a| a.matches(name.as_str(), step))
        else {
            let held: Vec<String> = self
                .assignees
                .iter()
                .filter(|a| a.is_of(name.as_str()))
                .map(ToString::to_string)
                .collect();
            return Err(if held.is_empty() {
                format!("{name} is not an assignee of the case")
            } else {
                format!(
                    "{} is not assigned; the case has {}",
                    describe(name, step),
                    held.join(", ")
                )
            });
        };
        self.assignees.remove(index);
        Ok(())
    }
}

/// `name` or `name for step N`, for messages.
fn describe(name: &ActorName, step: Option<u32>) -> String {
    match step {
        Some(step) => format!("{name} for step {step}"),
        None => format!("{name} for the whole case"),
    }
}

/// Reads a case record's assignees: a list of [`Assignment`]s, or, from a record written before a case had
/// several, its one name (or nothing).
pub(super) fn read_assignees<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Assignment>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Several(Vec<Assignment>),
        One(ActorName),
    }
    Ok(match Option::<Stored>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(Stored::Several(list)) => list,
        Some(Stored::One(assignee)) => vec![Assignment {
            assignee,
            step: None,
        }],
    })
}
