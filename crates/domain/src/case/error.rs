//! Why the workflow refused a change: every message names the case, its state and what is allowed.

use crate::state::CaseState;

/// Why a change was refused. Every message names the case, its state and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The workflow does not allow the move.
    #[error(
        "case {code} is {from}: it cannot move to {to}; allowed next: {}",
        list(allowed)
    )]
    IllegalTransition {
        /// The case.
        code: String,
        /// Its state.
        from: CaseState,
        /// The state asked for.
        to: CaseState,
        /// The states it may move to.
        allowed: Vec<CaseState>,
    },
    /// The change cannot be made in the current state.
    #[error(
        "case {code} is {state}: {change} is allowed only when the case is {}",
        list(allowed)
    )]
    NotInThisState {
        /// The case.
        code: String,
        /// Its state.
        state: CaseState,
        /// The change's name.
        change: &'static str,
        /// The states it is allowed in.
        allowed: Vec<CaseState>,
    },
    /// The change is incomplete or contradicts the case.
    #[error("case {code} is {state}: {change} refused: {reason}")]
    Refused {
        /// The case.
        code: String,
        /// Its state.
        state: CaseState,
        /// The change's name.
        change: &'static str,
        /// Why.
        reason: String,
    },
}

fn list(states: &[CaseState]) -> String {
    if states.is_empty() {
        return "nothing (closed is final)".to_owned();
    }
    states
        .iter()
        .map(|s| s.key())
        .collect::<Vec<_>>()
        .join(", ")
}
