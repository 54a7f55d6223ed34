//! The SOP steps chart: for each step with a time standard, the median and 90th-percentile working time its
//! completed passes took, as bars, against its deadline, as a mark, drawn from the rows of `csirt report steps`.

use std::fmt::Write as _;

use csirt_domain::lang::Lang;
use csirt_staff::management::StepTimeRow;

use super::svg::{
    Frame, GRID, INK, MEDIAN_COLOUR, P90_COLOUR, STANDARD_COLOUR, Scale, coordinate, escape,
};
use super::working_time::{TimeUnit, working_time};

const WIDTH: u32 = 760;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 8.0;
const ROW: f64 = 54.0;
const AXIS: f64 = 34.0;

/// What the chart says in words.
#[derive(Debug, Clone, Copy)]
pub struct StepsChartWords<'a> {
    /// Its title (its accessible name).
    pub title: &'a str,
    /// The median's name.
    pub median: &'a str,
    /// The 90th percentile's name.
    pub p90: &'a str,
    /// The deadline's name.
    pub deadline: &'a str,
    /// Said of a step no pass of which is finished.
    pub none_finished: &'a str,
    /// What it shows when the SOP has no timed step.
    pub empty: &'a str,
}

/// The chart of `rows` (from `step_times`), with working days `day_minutes` long, described by the table
/// `table_id`.
pub fn steps_chart(
    rows: &[StepTimeRow],
    lang: Lang,
    day_minutes: u32,
    words: StepsChartWords<'_>,
    id: &str,
    table_id: &str,
) -> String {
    let height = TOP + ROW * rows.len().max(1) as f64 + AXIS;
    let frame = Frame {
        id,
        title: words.title,
        table_id,
        width: WIDTH,
        height: height.round() as u32,
    };
    if rows.is_empty() {
        let body = format!(
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" fill=\"{INK}\">{text}</text>",
            x = WIDTH / 2,
            y = coordinate(TOP + ROW / 2.0),
            text = escape(words.empty)
        );
        return frame.wrap(&body);
    }
    let longest = rows
        .iter()
        .flat_map(|r| {
            [
                Some(r.deadline_working_minutes),
                r.median_working_minutes,
                r.p90_working_minutes,
            ]
        })
        .flatten()
        .max()
        .unwrap_or(0);
    let unit = TimeUnit::for_span(longest, day_minutes);
    let scale = Scale::covering(unit.of(longest));
    let plot_width = f64::from(WIDTH) - LEFT - RIGHT;
    let base = TOP + ROW * rows.len() as f64;
    let mut body = String::new();
    for tick in &scale.ticks {
        let x = coordinate(LEFT + scale.at(*tick, plot_width));
        let _ = write!(
            body,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{TOP}\" y2=\"{base}\" stroke=\"{GRID}\"/>\
             <text x=\"{x}\" y=\"{label_y}\" text-anchor=\"middle\" fill=\"{INK}\">{label}</text>",
            base = coordinate(base),
            label_y = coordinate(base + 18.0),
            label = escape(&unit.label(*tick, lang)),
        );
    }
    let at = |minutes: i64| LEFT + scale.at(unit.of(minutes), plot_width);
    for (index, row) in rows.iter().enumerate() {
        let y = TOP + ROW * index as f64;
        let title = match lang {
            Lang::Id => &row.title_id,
            Lang::En => &row.title_en,
        };
        let _ = write!(
            body,
            "<text x=\"{LEFT}\" y=\"{y}\" fill=\"{INK}\" font-weight=\"bold\">{step}. {title}</text>",
            y = coordinate(y + 14.0),
            step = row.step,
            title = escape(title),
        );
        let bars = [
            (
                words.median,
                row.median_working_minutes,
                MEDIAN_COLOUR,
                20.0,
            ),
            (words.p90, row.p90_working_minutes, P90_COLOUR, 33.0),
        ];
        for (name, minutes, colour, offset) in bars {
            let Some(minutes) = minutes else { continue };
            let _ = write!(
                body,
                "<rect x=\"{LEFT}\" y=\"{y}\" width=\"{w}\" height=\"11\" fill=\"{colour}\">\
                 <title>{step}. {name}: {time}</title></rect>",
                y = coordinate(y + offset),
                w = coordinate((at(minutes) - LEFT).max(1.0)),
                step = row.step,
                name = escape(name),
                time = escape(&working_time(minutes, day_minutes, lang)),
            );
        }
        if row.median_working_minutes.is_none() {
            let _ = write!(
                body,
                "<text x=\"{x}\" y=\"{y}\" fill=\"{INK}\">{text}</text>",
                x = coordinate(LEFT + 4.0),
                y = coordinate(y + 36.0),
                text = escape(words.none_finished),
            );
        }
        let x = coordinate(at(row.deadline_working_minutes));
        let _ = write!(
            body,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{y1}\" y2=\"{y2}\" stroke=\"{STANDARD_COLOUR}\" stroke-width=\"3\">\
             <title>{step}. {name}: {time}</title></line>",
            y1 = coordinate(y + 17.0),
            y2 = coordinate(y + 47.0),
            step = row.step,
            name = escape(words.deadline),
            time = escape(&working_time(
                row.deadline_working_minutes,
                day_minutes,
                lang
            )),
        );
    }
    let _ = write!(
        body,
        "<line x1=\"{LEFT}\" x2=\"{right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{INK}\"/>",
        right = coordinate(LEFT + plot_width),
        y = coordinate(base),
    );
    frame.wrap(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(step: u32, median: Option<i64>, p90: Option<i64>, deadline: i64) -> StepTimeRow {
        StepTimeRow {
            step,
            title_id: format!("Langkah <{step}>"),
            title_en: format!("Step {step}"),
            state: "verifying".to_owned(),
            standard: "10-30 menit".to_owned(),
            deadline_working_minutes: deadline,
            deadline: String::new(),
            cases: 1,
            passes: 1,
            completed: u64::from(median.is_some()),
            still_open: 0,
            median_working_minutes: median,
            p90_working_minutes: p90,
            max_working_minutes: p90,
            median: None,
            p90: None,
            max: None,
            overdue: 0,
        }
    }

    const WORDS: StepsChartWords<'static> = StepsChartWords {
        title: "Waktu per langkah",
        median: "Median",
        p90: "P90",
        deadline: "Tenggat",
        none_finished: "belum ada yang selesai",
        empty: "Tidak ada langkah berstandar waktu",
    };

    #[test]
    fn each_step_has_its_bars_and_its_deadline() {
        let rows = [row(2, Some(20), Some(45), 30), row(3, None, None, 480)];
        let svg = steps_chart(&rows, Lang::Id, 480, WORDS, "steps-chart", "steps-table");
        for expected in [
            "role=\"img\"",
            "aria-describedby=\"steps-table\"",
            "<title id=\"steps-chart-title\">Waktu per langkah</title>",
            "2. Langkah &lt;2&gt;</text>",
            "<title>2. Median: 20 menit</title>",
            "<title>2. P90: 45 menit</title>",
            "<title>3. Tenggat: 1 hari</title>",
            "belum ada yang selesai",
        ] {
            assert!(svg.contains(expected), "{expected}: {svg}");
        }
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(!svg.contains("style="));
    }
}
