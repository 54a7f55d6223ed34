//! Cases received and moved through the domain's own API: staff actors and text, classifications, a report
//! received from the website form.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Actor, Case, Classification, Event, Priority};
use csirt_domain::channel::Channel;
use csirt_domain::report::Report;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};

/// A member of staff as an actor.
pub fn staff(name: &str) -> Actor {
    Actor::Staff(ActorName::parse(name).unwrap())
}

/// Text written by staff.
pub fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

/// A classification as `class`/`kind` with `priority`, marked TLP:AMBER.
pub fn classification(class: &str, kind: &str, priority: Priority) -> Classification {
    Classification {
        incident: IncidentType::parse(class, kind).unwrap(),
        priority,
        tlp: Tlp::Amber,
    }
}

/// A fresh tracking code with `prefix`.
pub fn fresh_code(prefix: &str) -> TrackingCode {
    TrackingCode::generate(&TrackingPrefix::parse(prefix).unwrap()).unwrap()
}

/// `report` received from the website form at `at`, under a fresh code with `prefix`: the case and its event.
pub fn receive(prefix: &str, report: Report, at: DateTime<Utc>) -> (Case, Event) {
    Case::receive(
        fresh_code(prefix),
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        at,
    )
}
