//! What one page count gave, and the results printed as text, as a Markdown table and against the targets.

use crate::REBUILD_SHARE_TARGET;
use crate::run::{Run, median};

/// What one page count gave.
pub(crate) struct Measured {
    /// Advisory pages generated.
    pub(crate) advisories: u64,
    /// Mean size of their Markdown bodies, in bytes.
    pub(crate) body_bytes: u64,
    /// Pages `csirt build --full` said it built.
    pub(crate) pages_built: u64,
    /// `csirt build --full` runs.
    pub(crate) full: Vec<Run>,
    /// Pages the rebuild after a closed case said it updated.
    pub(crate) rebuild_pages: u64,
    /// `csirt build` runs after a closed case.
    pub(crate) rebuild: Vec<Run>,
    /// `hugo` runs, when Hugo is there.
    pub(crate) hugo: Option<Vec<Run>>,
}

/// Median wall time of `runs`, in seconds.
fn median_seconds(runs: &[Run]) -> f64 {
    median(
        &runs
            .iter()
            .map(|r| r.wall.as_secs_f64())
            .collect::<Vec<_>>(),
    )
    .unwrap_or(f64::NAN)
}

/// The largest peak resident memory of `runs`, in MiB.
fn peak_mib(runs: &[Run]) -> Option<f64> {
    runs.iter()
        .filter_map(|r| r.peak_rss_kib)
        .max()
        .map(|kib| kib as f64 / 1024.0)
}

fn mib(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

/// Every run's time, e.g. `1.204, 1.187, 1.230 s`.
fn each(runs: &[Run]) -> String {
    let times: Vec<String> = runs
        .iter()
        .map(|r| format!("{:.3}", r.wall.as_secs_f64()))
        .collect();
    format!("{} s", times.join(", "))
}

impl Measured {
    fn full_s(&self) -> f64 {
        median_seconds(&self.full)
    }

    fn rebuild_s(&self) -> f64 {
        median_seconds(&self.rebuild)
    }

    fn rebuild_share(&self) -> f64 {
        self.rebuild_s() / self.full_s()
    }

    fn pages_per_s(&self) -> f64 {
        self.pages_built as f64 / self.full_s()
    }

    /// Hugo's median time and its pages per second (generated advisories, their section and the home page).
    fn hugo_s(&self) -> Option<(f64, f64)> {
        let runs = self.hugo.as_ref()?;
        let seconds = median_seconds(runs);
        Some((seconds, (self.advisories + 2) as f64 / seconds))
    }
}

pub(crate) fn print_text(m: &Measured) {
    println!(
        "{} advisories (bodies of {} bytes on average) + the fixture site: {} pages",
        m.advisories, m.body_bytes, m.pages_built
    );
    println!(
        "  csirt build --full         median {:.3} s ({}), {:.0} pages/s, peak RSS {} MiB",
        m.full_s(),
        each(&m.full),
        m.pages_per_s(),
        mib(peak_mib(&m.full))
    );
    println!(
        "  csirt build, case closed   median {:.3} s ({}), {} pages updated, {:.1} % of the full build, peak RSS {} MiB",
        m.rebuild_s(),
        each(&m.rebuild),
        m.rebuild_pages,
        m.rebuild_share() * 100.0,
        mib(peak_mib(&m.rebuild))
    );
    match (&m.hugo, m.hugo_s()) {
        (Some(runs), Some((seconds, per_s))) => println!(
            "  hugo                       median {seconds:.3} s ({}), {per_s:.0} pages/s, peak RSS {} MiB; Hugo time / csirt time = {:.2}",
            each(runs),
            mib(peak_mib(runs)),
            seconds / m.full_s()
        ),
        _ => println!("  hugo                       SKIPPED (no Hugo)"),
    }
}

pub(crate) fn print_markdown(results: &[Measured]) {
    println!(
        "| advisories | csirt pages | csirt full build s | csirt pages/s | csirt peak RSS MiB \
         | rebuild after a case closes s | rebuild / full | Hugo s | Hugo pages/s | Hugo peak RSS MiB \
         | Hugo s / csirt s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in results {
        let (hugo_s, hugo_rate, hugo_mib, ratio) = match (&m.hugo, m.hugo_s()) {
            (Some(runs), Some((seconds, per_s))) => (
                format!("{seconds:.3}"),
                format!("{per_s:.0}"),
                mib(peak_mib(runs)),
                format!("{:.2}", seconds / m.full_s()),
            ),
            _ => ("skipped".into(), "–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {:.3} | {:.0} | {} | {:.3} | {:.1} % | {hugo_s} | {hugo_rate} | {hugo_mib} | {ratio} |",
            m.advisories,
            m.pages_built,
            m.full_s(),
            m.pages_per_s(),
            mib(peak_mib(&m.full)),
            m.rebuild_s(),
            m.rebuild_share() * 100.0,
        );
    }
}

pub(crate) fn print_targets(results: &[Measured]) {
    let verdict = |met: bool| if met { "met" } else { "NOT met" };
    for m in results {
        println!(
            "{} advisories: rebuild after a case closes under {:.0} % of a full build: {} ({:.1} %); \
             faster than Hugo: {}",
            m.advisories,
            REBUILD_SHARE_TARGET * 100.0,
            verdict(m.rebuild_share() < REBUILD_SHARE_TARGET),
            m.rebuild_share() * 100.0,
            m.hugo_s().map_or_else(
                || "not measured (no Hugo)".to_owned(),
                |(seconds, _)| format!(
                    "{} (Hugo {seconds:.3} s, csirt {:.3} s)",
                    verdict(m.full_s() < seconds),
                    m.full_s()
                )
            )
        );
    }
}
