//! SOP profiles and the clocks that follow them.

mod calendar;
mod clock;
mod profile;
mod standard;

pub use calendar::{Holiday, WorkingCalendar, national_holidays};
pub use clock::{CaseClock, StepClock};
pub use profile::{
    ActorInfo, BUILTIN, ClockSettings, CsirtIdentity, EscalationPartner, ProfileError, SopDocument,
    SopProfile, Step,
};
pub use standard::{TimeStandard, Unit};

#[cfg(test)]
mod tests;
