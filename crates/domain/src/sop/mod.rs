//! SOP profiles and the clocks that follow them.

mod calendar;
mod clock;
mod permissions;
mod profile;
mod standard;

pub use calendar::{Holiday, WorkingCalendar, national_holidays};
pub use clock::{CaseClock, StepClock, StepCompletionError, is_clocked};
pub use permissions::{ACTIONS, ISSUE_KIND_PREFIX, action_of, issue_key};
pub use profile::{
    ActorInfo, Approval, BUILTIN, ClockSettings, CsirtIdentity, DocumentSettings,
    EscalationPartner, ProfileError, SopDocument, SopProfile, Step,
};
pub use standard::{TimeStandard, Unit};

#[cfg(test)]
mod tests;
