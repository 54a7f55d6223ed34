//! The cases chart: cases received per period, stacked by incident class, drawn from the rows of
//! `csirt report cases`, with a total over each bar and a tooltip on each part.

use std::fmt::Write as _;

use csirt_domain::lang::Lang;
use csirt_domain::taxonomy::Taxonomy;
use csirt_staff::management::PeriodClassRow;
use serde::Serialize;

use super::svg::{Frame, GRID, INK, Scale, class_colour, coordinate, escape};

const WIDTH: u32 = 760;
const HEIGHT: u32 = 340;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 44.0;
/// At most this many period names under the axis; others are skipped evenly.
const MAX_PERIOD_LABELS: usize = 12;

/// A class in the chart, for the legend under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegendEntry {
    /// Its colour.
    pub colour: &'static str,
    /// The class's name in the page's language.
    pub label: String,
    /// Cases of the class received over the whole chart.
    pub received: u64,
}

/// The chart and its legend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CasesChart {
    /// The SVG.
    pub svg: String,
    /// The classes drawn, in the taxonomy's order.
    pub legend: Vec<LegendEntry>,
}

/// What the chart says in words.
#[derive(Debug, Clone, Copy)]
pub struct CasesChartWords<'a> {
    /// Its title (its accessible name).
    pub title: &'a str,
    /// What it shows when there is no period at all.
    pub empty: &'a str,
}

/// One part of a bar: a class's cases in a period.
struct Part {
    class: usize,
    label: String,
    received: u64,
}

/// The periods in order, each with its parts (classes with cases received), from `rows`.
fn periods(rows: &[PeriodClassRow], lang: Lang) -> Vec<(String, Vec<Part>)> {
    let classes = &Taxonomy::rsit().classes;
    let mut periods: Vec<(String, Vec<Part>)> = Vec::new();
    for row in rows {
        if periods.last().is_none_or(|(name, _)| *name != row.period) {
            periods.push((row.period.clone(), Vec::new()));
        }
        if row.received == 0 {
            continue;
        }
        let class = classes
            .iter()
            .position(|c| c.key == row.incident_class)
            .unwrap_or(classes.len());
        let label = match lang {
            Lang::Id => row.incident_class_label_id.clone(),
            Lang::En => row.incident_class_label_en.clone(),
        };
        if let Some((_, parts)) = periods.last_mut() {
            parts.push(Part {
                class,
                label,
                received: row.received,
            });
        }
    }
    periods
}

/// The legend: every class with cases received in the chart, with its total.
fn legend(periods: &[(String, Vec<Part>)]) -> Vec<LegendEntry> {
    let mut entries: Vec<(usize, LegendEntry)> = Vec::new();
    for part in periods.iter().flat_map(|(_, parts)| parts) {
        match entries.iter_mut().find(|(class, _)| *class == part.class) {
            Some((_, entry)) => entry.received += part.received,
            None => entries.push((
                part.class,
                LegendEntry {
                    colour: class_colour(part.class),
                    label: part.label.clone(),
                    received: part.received,
                },
            )),
        }
    }
    entries.sort_by_key(|(class, _)| *class);
    entries.into_iter().map(|(_, entry)| entry).collect()
}

/// The chart of `rows` (from `cases_by_period`), described by the table `table_id`.
pub fn cases_chart(
    rows: &[PeriodClassRow],
    lang: Lang,
    words: CasesChartWords<'_>,
    id: &str,
    table_id: &str,
) -> CasesChart {
    let frame = Frame {
        id,
        title: words.title,
        table_id,
        width: WIDTH,
        height: HEIGHT,
    };
    let periods = periods(rows, lang);
    if periods.is_empty() {
        let body = format!(
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" fill=\"{INK}\">{text}</text>",
            x = WIDTH / 2,
            y = HEIGHT / 2,
            text = escape(words.empty)
        );
        return CasesChart {
            svg: frame.wrap(&body),
            legend: Vec::new(),
        };
    }
    let totals: Vec<u64> = periods
        .iter()
        .map(|(_, parts)| parts.iter().map(|p| p.received).sum())
        .collect();
    let scale = Scale::covering(totals.iter().copied().max().unwrap_or(0) as f64);
    let plot_width = f64::from(WIDTH) - LEFT - RIGHT;
    let plot_height = f64::from(HEIGHT) - TOP - BOTTOM;
    let base = TOP + plot_height;
    let mut body = String::new();
    for tick in &scale.ticks {
        let y = coordinate(base - scale.at(*tick, plot_height));
        let _ = write!(
            body,
            "<line x1=\"{LEFT}\" x2=\"{right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{GRID}\"/>\
             <text x=\"{label_x}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\" fill=\"{INK}\">{tick}</text>",
            right = coordinate(LEFT + plot_width),
            label_x = coordinate(LEFT - 6.0),
        );
    }
    let slot = plot_width / periods.len() as f64;
    let bar = (slot * 0.6).min(56.0);
    let label_every = periods.len().div_ceil(MAX_PERIOD_LABELS);
    for (index, ((name, parts), total)) in periods.iter().zip(&totals).enumerate() {
        let x = LEFT + index as f64 * slot + (slot - bar) / 2.0;
        let mut top = base;
        for part in parts {
            let height = scale.at(part.received as f64, plot_height);
            top -= height;
            let _ = write!(
                body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\" stroke=\"#ffffff\" \
                 stroke-width=\"1\"><title>{name} · {label}: {n}</title></rect>",
                x = coordinate(x),
                y = coordinate(top),
                w = coordinate(bar),
                h = coordinate(height),
                fill = class_colour(part.class),
                name = escape(name),
                label = escape(&part.label),
                n = part.received,
            );
        }
        let centre = coordinate(x + bar / 2.0);
        let _ = write!(
            body,
            "<text x=\"{centre}\" y=\"{y}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{INK}\">{total}</text>",
            y = coordinate(top - 5.0),
        );
        if index % label_every == 0 {
            let _ = write!(
                body,
                "<text x=\"{centre}\" y=\"{y}\" text-anchor=\"middle\" fill=\"{INK}\">{name}</text>",
                y = coordinate(base + 18.0),
                name = escape(name),
            );
        }
    }
    let _ = write!(
        body,
        "<line x1=\"{LEFT}\" x2=\"{right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{INK}\"/>",
        right = coordinate(LEFT + plot_width),
        y = coordinate(base),
    );
    CasesChart {
        svg: frame.wrap(&body),
        legend: legend(&periods),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn row(period: &str, class: &str, received: u64) -> PeriodClassRow {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        PeriodClassRow {
            period: period.to_owned(),
            first_day: day,
            last_day: day,
            incident_class: class.to_owned(),
            incident_class_label_id: format!("Kelas {class}"),
            incident_class_label_en: format!("Class {class}"),
            received,
            valid: 0,
            invalid: 0,
            closed: 0,
            open_at_end: received,
        }
    }

    const WORDS: CasesChartWords<'static> = CasesChartWords {
        title: "Kasus <diterima>",
        empty: "Belum ada kasus",
    };

    #[test]
    fn bars_stack_the_classes_of_each_period_with_their_total() {
        let rows = [
            row("2026-10", "intrusions", 0),
            row("2026-10", "fraud", 1),
            row("2026-11", "intrusions", 2),
            row("2026-11", "fraud", 1),
        ];
        let chart = cases_chart(&rows, Lang::Id, WORDS, "cases-chart", "cases-table");
        assert!(chart.svg.starts_with("<svg"));
        for expected in [
            "role=\"img\"",
            "aria-labelledby=\"cases-chart-title\"",
            "aria-describedby=\"cases-table\"",
            "<title id=\"cases-chart-title\">Kasus &lt;diterima&gt;</title>",
            "<title>2026-11 · Kelas intrusions: 2</title>",
            "<title>2026-10 · Kelas fraud: 1</title>",
            ">3</text>",
            ">2026-10</text>",
        ] {
            assert!(chart.svg.contains(expected), "{expected}: {}", chart.svg);
        }
        assert_eq!(chart.svg.matches("<rect").count(), 3);
        let legend: Vec<(&str, u64)> = chart
            .legend
            .iter()
            .map(|e| (e.label.as_str(), e.received))
            .collect();
        assert_eq!(legend, [("Kelas intrusions", 2), ("Kelas fraud", 2)]);
        assert!(!chart.svg.contains("style="));
    }

    #[test]
    fn no_period_says_so() {
        let chart = cases_chart(&[], Lang::En, WORDS, "c", "t");
        assert!(chart.svg.contains("Belum ada kasus") && chart.legend.is_empty());
    }
}
