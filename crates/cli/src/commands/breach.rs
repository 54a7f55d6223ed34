//! `csirt breach-scope --since T [--until T]`: which reporters' data the team held, of what kinds and where,
//! during a breach window, with the contact to notify each (UU 27/2022 Pasal 46: within 3 × 24 hours). Thin
//! over the staff library's `breach` module, which checks the SOP's permission (`breach_scope`) and writes the
//! audit entry (the action and the tracking codes, never the data).

use chrono::Utc;
use clap::Args;
use csirt_staff::breach::{BreachScope, BreachWindow, breach_scope, parse_time};

use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt breach-scope`.
#[derive(Debug, Args)]
pub struct BreachScopeArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    /// The window's start: `2026-11-20T08:00:00+07:00`, or `2026-11-20 08:00` or `2026-11-20` in the team's
    /// time zone.
    #[arg(long, value_name = "TIME")]
    since: String,
    /// The window's end (not included), written as --since; now when left out.
    #[arg(long, value_name = "TIME")]
    until: Option<String>,
}

/// Runs `csirt breach-scope`.
pub fn run(args: &BreachScopeArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    let staffer = staff.staffer()?;
    let offset = staff.desk.procedure().calendar.offset();
    let now = Utc::now();
    let since = parse_time("--since", &args.since, offset)?;
    let until = match &args.until {
        Some(raw) => parse_time("--until", raw, offset)?,
        None => now,
    };
    let window = BreachWindow::new(since, until)?;
    let scope = staff.run(breach_scope(&staff.desk, &staffer, &window, now))?;
    staff.print(&scope, || text(&scope, offset))
}

/// The list as staff read it: one block per case, then where else reporters' data may be.
fn text(scope: &BreachScope, offset: chrono::FixedOffset) -> String {
    let local = |at: chrono::DateTime<Utc>| at.with_timezone(&offset).format("%Y-%m-%d %H:%M %:z");
    let mut lines = vec![format!(
        "reporters' data held from {} until {}: {} case(s)",
        local(scope.window.since),
        local(scope.window.until),
        scope.cases.len()
    )];
    for case in &scope.cases {
        lines.push(String::new());
        lines.push(format!(
            "{} (received {})",
            case.code,
            local(case.received_at)
        ));
        if let Some(at) = case.redacted_at {
            lines.push(format!(
                "  redacted at the reporter's request {}",
                local(at)
            ));
        }
        lines.push(format!("  held: {}", case.held.kinds().join(", ")));
        for place in &case.places {
            lines.push(format!("  where: {}", place.line()));
        }
        match &case.contact {
            Some(contact) => {
                let given: Vec<&str> = [&contact.name, &contact.email, &contact.phone]
                    .into_iter()
                    .filter_map(|value| value.as_deref())
                    .collect();
                lines.push(format!("  notify: {}", given.join(", ")));
            }
            None => lines.push("  notify: no contact held (redacted)".to_owned()),
        }
    }
    lines.push(String::new());
    lines.push("also check:".to_owned());
    lines.extend(scope.elsewhere.iter().map(|place| format!("  - {place}")));
    lines.join("\n")
}
