//! Management reports: the figures of `csirt report cases` (cases received, found valid or not, closed and
//! still open, per period and incident class) and `csirt report steps` (working time per SOP step against its
//! standard), as tables and as charts drawn on the server (inline SVG, no script), with the same CSV the command
//! writes to download.

mod cases_chart;
mod steps_chart;
mod svg;
mod working_time;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use csirt_domain::case::Case;
use csirt_domain::lang::Lang;
use csirt_staff::StaffError;
use csirt_staff::cases::{every_case, with_events};
use csirt_staff::management::{
    Period, PeriodClassRow, StepTimeRow, cases_by_period, step_times, write_csv,
};
use serde::{Deserialize, Serialize};

use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;
use cases_chart::{CasesChartWords, cases_chart};
use steps_chart::{StepsChartWords, steps_chart};
use working_time::working_time;

/// The cases chart's id, and its table's.
const CASES_CHART: (&str, &str) = ("cases-chart", "cases-table");
/// The steps chart's id, and its table's.
const STEPS_CHART: (&str, &str) = ("steps-chart", "steps-table");

/// The report asked for, as the form sends it: `period` (`month`, `quarter`, `year`), optional `from` and `to`
/// (local days, both or neither), and `download` (`cases` or `steps`) for the CSV.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    download: String,
}

/// The report's period and range, read.
#[derive(Debug, Clone, Copy)]
struct Asked {
    period: Period,
    range: Option<(NaiveDate, NaiveDate)>,
}

/// A value of the report form that cannot be used (422).
fn unusable(lang: Lang, id: &str, en: &str) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        lang,
    )
}

impl Asked {
    /// Reads `query`: month when no period is given; a range needs both days, the first not after the last.
    fn read(query: &ReportQuery, lang: Lang) -> Result<Asked, Problem> {
        let period = match query.period.trim() {
            "" => Period::Month,
            raw => raw.parse().map_err(|_| {
                unusable(
                    lang,
                    "Periode tidak dikenal: pilih bulan, triwulan atau tahun.",
                    "Unknown period: choose month, quarter or year.",
                )
            })?,
        };
        let day = |raw: &str| -> Result<Option<NaiveDate>, Problem> {
            match raw.trim() {
                "" => Ok(None),
                raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| {
                        unusable(
                            lang,
                            "Tanggal ditulis sebagai TTTT-BB-HH, misalnya 2026-11-23.",
                            "Dates are written YYYY-MM-DD, e.g. 2026-11-23.",
                        )
                    }),
            }
        };
        let range = match (day(&query.from)?, day(&query.to)?) {
            (None, None) => None,
            (Some(from), Some(to)) if from <= to => Some((from, to)),
            (Some(_), Some(_)) => {
                return Err(unusable(
                    lang,
                    "Tanggal awal jatuh setelah tanggal akhir.",
                    "The first day is after the last day.",
                ));
            }
            _ => {
                return Err(unusable(
                    lang,
                    "Untuk membatasi rentang, isi tanggal awal dan tanggal akhir.",
                    "To limit the range, give both the first and the last day.",
                ));
            }
        };
        Ok(Asked { period, range })
    }

    /// The query string of this report (without `download`), for the page's links.
    fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("period", &self.period.to_string());
        if let Some((from, to)) = self.range {
            query.append_pair("from", &from.to_string());
            query.append_pair("to", &to.to_string());
        }
        query.finish()
    }
}

/// The string `key` in `lang`, or the key when there is none.
fn text(state: &ConsoleState, lang: Lang, key: &str) -> String {
    state
        .pages
        .strings(lang)
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// The cases report's rows for `asked`, over `cases`.
fn case_rows(state: &ConsoleState, cases: &[Case], asked: Asked) -> Vec<PeriodClassRow> {
    let offset = state.desk.procedure().calendar.offset();
    cases_by_period(cases, asked.period, asked.range, offset, Utc::now())
}

/// The steps report's rows, over `cases` and their events.
async fn step_rows(state: &ConsoleState, cases: Vec<Case>) -> Result<Vec<StepTimeRow>, StaffError> {
    let cases = with_events(&state.desk, cases).await?;
    let procedure = state.desk.procedure();
    Ok(step_times(
        &procedure.profile,
        &procedure.calendar,
        &cases,
        Utc::now(),
    ))
}

/// The cases chart of `rows` in `lang`.
fn chart_of_cases(
    state: &ConsoleState,
    lang: Lang,
    rows: &[PeriodClassRow],
) -> cases_chart::CasesChart {
    let title = text(state, lang, "report_cases_chart");
    let empty = text(state, lang, "report_no_cases");
    let words = CasesChartWords {
        title: &title,
        empty: &empty,
    };
    cases_chart(rows, lang, words, CASES_CHART.0, CASES_CHART.1)
}

/// One row of the cases table: a period and class with any case.
#[derive(Debug, Serialize)]
struct CaseRowView<'a> {
    period: &'a str,
    first_day: String,
    last_day: String,
    class: &'a str,
    received: u64,
    valid: u64,
    invalid: u64,
    closed: u64,
    open_at_end: u64,
}

/// One row of the steps table, its times in the page's language.
#[derive(Debug, Serialize)]
struct StepRowView<'a> {
    step: u32,
    title: &'a str,
    standard: &'a str,
    deadline: String,
    cases: u64,
    completed: u64,
    still_open: u64,
    median: Option<String>,
    p90: Option<String>,
    max: Option<String>,
    overdue: u64,
    p90_late: bool,
}

/// `GET /staff/reports`: both reports for the period and range asked, or one as CSV (`download`).
pub async fn page(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Query(query): Query<ReportQuery>,
) -> Response {
    let lang = signed_in.lang;
    let asked = match Asked::read(&query, lang) {
        Ok(asked) => asked,
        Err(problem) => return problem.into_response(),
    };
    let every = match every_case(&state.desk).await {
        Ok(every) => every,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let cases = case_rows(&state, &every, asked);
    if query.download == "cases" {
        let name = format!("laporan-kasus-{}.csv", asked.period);
        return csv(&cases, &name, lang);
    }
    let steps = match step_rows(&state, every).await {
        Ok(rows) => rows,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    if query.download == "steps" {
        return csv(&steps, "laporan-langkah-sop.csv", lang);
    }
    let day_minutes = state.desk.procedure().calendar.day_minutes();
    let cases_chart = chart_of_cases(&state, lang, &cases);
    let steps_title = text(&state, lang, "report_steps_chart");
    let words = [
        "report_median",
        "report_p90",
        "report_deadline",
        "report_none_finished",
        "report_no_steps",
    ]
    .map(|key| text(&state, lang, key));
    let steps_svg = steps_chart(
        &steps,
        lang,
        day_minutes,
        StepsChartWords {
            title: &steps_title,
            median: &words[0],
            p90: &words[1],
            deadline: &words[2],
            none_finished: &words[3],
            empty: &words[4],
        },
        STEPS_CHART.0,
        STEPS_CHART.1,
    );
    let case_table: Vec<CaseRowView<'_>> = cases
        .iter()
        .filter(|r| r.received + r.valid + r.invalid + r.closed + r.open_at_end > 0)
        .map(|r| CaseRowView {
            period: &r.period,
            first_day: r.first_day.to_string(),
            last_day: r.last_day.to_string(),
            class: match lang {
                Lang::Id => &r.incident_class_label_id,
                Lang::En => &r.incident_class_label_en,
            },
            received: r.received,
            valid: r.valid,
            invalid: r.invalid,
            closed: r.closed,
            open_at_end: r.open_at_end,
        })
        .collect();
    let time = |minutes: Option<i64>| minutes.map(|m| working_time(m, day_minutes, lang));
    let step_table: Vec<StepRowView<'_>> = steps
        .iter()
        .map(|r| StepRowView {
            step: r.step,
            title: match lang {
                Lang::Id => &r.title_id,
                Lang::En => &r.title_en,
            },
            standard: &r.standard,
            deadline: working_time(r.deadline_working_minutes, day_minutes, lang),
            cases: r.cases,
            completed: r.completed,
            still_open: r.still_open,
            median: time(r.median_working_minutes),
            p90: time(r.p90_working_minutes),
            max: time(r.max_working_minutes),
            overdue: r.overdue,
            p90_late: r
                .p90_working_minutes
                .is_some_and(|p90| p90 > r.deadline_working_minutes),
        })
        .collect();
    let (from, to) = asked
        .range
        .map_or((String::new(), String::new()), |(from, to)| {
            (from.to_string(), to.to_string())
        });
    let frame = Frame::signed_in(
        &signed_in,
        &state.desk.team.config.team.name,
        "/staff/reports",
    );
    state
        .pages
        .render("reports.html", &frame, |c| {
            c.insert("report_period", &asked.period.to_string());
            c.insert("report_periods", &["month", "quarter", "year"]);
            c.insert("report_from", &from);
            c.insert("report_to", &to);
            c.insert("report_query", &asked.query());
            c.insert("cases_drawn", &!cases.is_empty());
            c.insert("cases_chart", &cases_chart.svg);
            c.insert("cases_legend", &cases_chart.legend);
            c.insert("case_rows", &case_table);
            c.insert("steps_chart", &steps_svg);
            c.insert("step_rows", &step_table);
            c.insert("report_profile", &state.desk.procedure().profile.id);
        })
        .into_response()
}

/// `rows` as the command's CSV, to save as `file_name`.
fn csv<R: Serialize>(rows: &[R], file_name: &str, lang: Lang) -> Response {
    let mut bytes = Vec::new();
    if let Err(error) = write_csv(rows, &mut bytes) {
        return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string(), lang)
            .into_response();
    }
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /staff/reports/chart.svg`: the cases chart alone, as an SVG image, for the same query as the page.
pub async fn chart(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Query(query): Query<ReportQuery>,
) -> Response {
    let lang = signed_in.lang;
    let asked = match Asked::read(&query, lang) {
        Ok(asked) => asked,
        Err(problem) => return problem.into_response(),
    };
    let rows = match every_case(&state.desk).await {
        Ok(every) => case_rows(&state, &every, asked),
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let svg = chart_of_cases(&state, lang, &rows).svg;
    let mut response = svg.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
