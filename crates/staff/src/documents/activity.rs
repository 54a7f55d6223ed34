//! The periodic activity report (*laporan kegiatan berkala*) as a printable page in the documents' style:
//! letterhead, number, TLP marking, addressees, the period's figures from the management report, and the
//! signature block. It prints counts, dates and register numbers only.

use chrono::{Datelike, NaiveDate};
use csirt_domain::local_time::{LocalTime, long_date};
use csirt_domain::sop::SopProfile;
use csirt_domain::state::CaseState;
use csirt_domain::taxonomy::Taxonomy;
use csirt_domain::team::TeamConfig;
use csirt_domain::tlp::Tlp;
use serde::Serialize;
use tera::Context;

use super::error::DocumentError;
use super::labels;
use super::letter::{OrganisationView, SignatoryView, TlpView};
use super::templates::DocumentTemplates;
use crate::management::{ActivityFigures, Period, Totals};

/// The activity report's own data, under the names the shared layout (`base.html`, `team_report.html`) reads.
#[derive(Debug, Clone, Serialize)]
struct ActivityDocumentView {
    kind: &'static str,
    title: &'static str,
    number: String,
    place: String,
    date: String,
    nature: &'static str,
    tlp: TlpView,
    addressees: Vec<String>,
    copies: Vec<String>,
}

/// The period and its figures, worded for print.
#[derive(Debug, Clone, Serialize)]
struct ActivityView {
    period: String,
    first_day: String,
    last_day: String,
    totals: Totals,
    classes: Vec<ClassLine>,
    steps: Vec<StepLine>,
    cases: Vec<CaseLineView>,
}

#[derive(Debug, Clone, Serialize)]
struct ClassLine {
    label: String,
    received: u64,
    valid: u64,
    invalid: u64,
    closed: u64,
    open_at_end: u64,
}

#[derive(Debug, Clone, Serialize)]
struct StepLine {
    number: u32,
    title: String,
    standard: String,
    passes: u64,
    completed: u64,
    still_open: u64,
    met: u64,
    missed: u64,
    median: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct CaseLineView {
    register: String,
    received: String,
    incident: String,
    state: String,
    closed: Option<String>,
}

/// What the activity report is made of besides the figures: its number, the day it is dated, its marking.
#[derive(Debug, Clone)]
pub struct ActivityHeading {
    /// Its number.
    pub number: String,
    /// The local day it is dated.
    pub dated: NaiveDate,
    /// Its marking.
    pub tlp: Tlp,
}

/// The machine key and template name (without `.html`) of the activity report.
pub const ACTIVITY_REPORT: &str = "activity_report";

/// The period as a heading says it: `Bulan November 2026`, `Triwulan IV 2026`, `Tahun 2026`.
fn period_label(length: Period, first_day: NaiveDate) -> String {
    let month_year = long_date(first_day)
        .split_once(' ')
        .map_or_else(String::new, |(_, rest)| rest.to_owned());
    match length {
        Period::Month => format!("Bulan {month_year}"),
        Period::Quarter => {
            const QUARTERS: [&str; 4] = ["I", "II", "III", "IV"];
            let quarter = QUARTERS
                .get(usize::try_from(first_day.month0() / 3).unwrap_or(0))
                .copied()
                .unwrap_or("?");
            format!("Triwulan {quarter} {}", first_day.year())
        }
        Period::Year => format!("Tahun {}", first_day.year()),
    }
}

/// Renders the activity report of `figures` with `heading`, for the team of `config` and `profile`, times in the
/// team's zone (`time`).
pub fn render_activity_report(
    templates: &DocumentTemplates,
    figures: &ActivityFigures,
    heading: &ActivityHeading,
    config: &TeamConfig,
    profile: &SopProfile,
    time: &LocalTime,
) -> Result<String, DocumentError> {
    let settings = &config.documents;
    let label = heading.tlp.label();
    let mut addressees = vec![settings.signatory.title.clone()];
    addressees.extend(settings.head_of_region.clone());
    let document = ActivityDocumentView {
        kind: ACTIVITY_REPORT,
        title: "Laporan Kegiatan Berkala",
        number: heading.number.clone(),
        place: settings.place.clone(),
        date: long_date(heading.dated),
        nature: labels::nature(heading.tlp),
        tlp: TlpView {
            marking: label.marking.clone(),
            class: labels::tlp_class(heading.tlp),
            colour: labels::tlp_colour(heading.tlp),
            label: label.label.id.clone(),
            definition: label.definition.id.clone(),
        },
        addressees,
        copies: settings.copies.clone(),
    };
    let taxonomy = Taxonomy::rsit();
    let incident = |class: &str, kind: &str| {
        taxonomy
            .class(class)
            .and_then(|c| {
                c.types
                    .iter()
                    .find(|t| t.key == kind)
                    .map(|t| format!("{} ({})", t.label.id, c.label.id))
            })
            .unwrap_or_else(|| format!("{class}/{kind}"))
    };
    let activity = ActivityView {
        period: period_label(figures.length, figures.first_day),
        first_day: long_date(figures.first_day),
        last_day: long_date(figures.last_day),
        totals: figures.totals,
        classes: figures
            .classes
            .iter()
            .map(|row| ClassLine {
                label: row.incident_class_label_id.clone(),
                received: row.received,
                valid: row.valid,
                invalid: row.invalid,
                closed: row.closed,
                open_at_end: row.open_at_end,
            })
            .collect(),
        steps: figures
            .steps
            .iter()
            .map(|step| StepLine {
                number: step.row.step,
                title: step.row.title_id.clone(),
                standard: step.row.standard.clone(),
                passes: step.row.passes,
                completed: step.row.completed,
                still_open: step.row.still_open,
                met: step.met,
                missed: step.missed,
                median: step.row.median.clone(),
            })
            .collect(),
        cases: figures
            .cases
            .iter()
            .map(|line| CaseLineView {
                register: line.register.clone().unwrap_or_else(|| "-".to_owned()),
                received: time.date_time(line.received_at),
                incident: incident(&line.incident_class, &line.incident_type),
                state: CaseState::from_key(&line.state)
                    .map_or_else(|| line.state.clone(), |s| s.reporter_label().id.clone()),
                closed: line.closed_at.map(|at| time.date(at)),
            })
            .collect(),
    };
    let mut context = Context::new();
    context.insert("document", &document);
    context.insert("organisation", &OrganisationView::of(config, profile));
    context.insert("signatory", &SignatoryView::of(settings));
    context.insert("activity", &activity);
    templates.render(&format!("{ACTIVITY_REPORT}.html"), &context)
}
