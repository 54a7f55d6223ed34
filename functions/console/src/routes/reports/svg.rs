//! What both charts share: escaping text for SVG, the colours (each at least 3:1 against the white background,
//! as WCAG asks of graphics), a scale with round ticks, and the chart's frame with its accessible name.

use std::fmt::Write as _;

/// Colours of incident classes, by the class's place in the RSIT taxonomy.
pub const CLASS_COLOURS: [&str; 11] = [
    "#0b4f8a", "#b3261e", "#1d6b32", "#8a5a00", "#6a3d9a", "#00695c", "#ad1457", "#37474f",
    "#c2410c", "#5d4037", "#6b6b6b",
];
/// The median's bar.
pub const MEDIAN_COLOUR: &str = "#0b4f8a";
/// The 90th percentile's bar.
pub const P90_COLOUR: &str = "#4f7fb8";
/// The time standard's mark.
pub const STANDARD_COLOUR: &str = "#b3261e";
/// Axis lines and labels.
pub const INK: &str = "#1b1f24";
/// Grid lines.
pub const GRID: &str = "#c9d1da";

/// The colour of the class at `index` in the taxonomy.
pub fn class_colour(index: usize) -> &'static str {
    CLASS_COLOURS[index % CLASS_COLOURS.len()]
}

/// `text` escaped for SVG text and attribute values.
pub fn escape(text: &str) -> String {
    tera::escape_html(text)
}

/// A linear scale from 0 to a round top, with its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// The value at the end of the axis.
    pub top: f64,
    /// The tick values, from 0 to `top`.
    pub ticks: Vec<f64>,
}

impl Scale {
    /// A scale covering `max` in at most six round steps (1, 2 or 5 times a power of ten, whole numbers only).
    pub fn covering(max: f64) -> Scale {
        let max = if max.is_finite() && max > 0.0 {
            max
        } else {
            1.0
        };
        let rough = (max / 5.0).max(1.0);
        let magnitude = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|step| *step >= rough)
            .unwrap_or(10.0 * magnitude);
        let top = (max / step).ceil() * step;
        let count = (top / step).round() as usize;
        let ticks = (0..=count).map(|i| i as f64 * step).collect();
        Scale { top, ticks }
    }

    /// Where `value` falls on an axis `length` long.
    pub fn at(&self, value: f64, length: f64) -> f64 {
        if self.top <= 0.0 {
            0.0
        } else {
            (value / self.top).clamp(0.0, 1.0) * length
        }
    }
}

/// The accessible frame of a chart: `role="img"`, named by its `<title>` and described by the data table
/// `table_id`.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The chart's id; its title's id is `<id>-title`.
    pub id: &'a str,
    /// The chart's title.
    pub title: &'a str,
    /// The id of the table that holds the same figures.
    pub table_id: &'a str,
    /// The drawing's width.
    pub width: u32,
    /// The drawing's height.
    pub height: u32,
}

impl Frame<'_> {
    /// The chart's SVG: `body` in the frame.
    pub fn wrap(&self, body: &str) -> String {
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{id}\" viewBox=\"0 0 {w} {h}\" \
             width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title\" \
             aria-describedby=\"{table}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\
             <title id=\"{id}-title\">{title}</title>{body}</svg>",
            id = escape(self.id),
            w = self.width,
            h = self.height,
            table = escape(self.table_id),
            title = escape(self.title),
        );
        svg
    }
}

/// A number for SVG coordinates: one decimal at most.
pub fn coordinate(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_have_round_ticks() {
        assert_eq!(Scale::covering(3.0).ticks, vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(Scale::covering(0.0).top, 1.0);
        let scale = Scale::covering(37.0);
        assert_eq!(scale.top, 40.0);
        assert_eq!(scale.ticks, vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(Scale::covering(480.0).top, 500.0);
        assert_eq!(coordinate(12.34), "12.3");
        assert_eq!(coordinate(12.0), "12");
    }
}
