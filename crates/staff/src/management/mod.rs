//! Management reports over cases and their events: cases per period and incident class, and the working time
//! each SOP step took against its standard. Pure functions over cases and events, with CSV and JSON output;
//! the rows carry counts and times only, never a reporter's personal data or a tracking code.

mod activity;
mod cases_by_period;
mod output;
mod percentile;
mod period;
mod period_name;
mod step_times;
mod working_duration;

pub use activity::{ActivityFigures, CaseLine, StepFigure, Totals, activity_figures};
pub use cases_by_period::{PeriodClassRow, cases_by_period, reported_class};
pub use output::{DateRange, ManagementReport, write_csv, write_json};
pub use percentile::nearest_rank;
pub use period::{Period, PeriodWindow, UnknownPeriod};
pub use period_name::{UnknownPeriodName, named_period};
pub use step_times::{StepTimeRow, step_times};
pub use working_duration::format_working_minutes;
