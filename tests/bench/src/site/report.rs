//! What one page count gave, and the results printed as text, as Markdown tables and against the targets.

use crate::run::{Run, median};
use crate::{REBUILD_SHARE_TARGET, RSS_SHARE_TARGET, SPEEDUP_TARGET};

/// The runs of one figure: the `csirt` under test, Hugo's and the baseline `csirt`'s when they were timed.
pub(crate) struct Series {
    /// The `csirt` under test.
    pub(crate) csirt: Vec<Run>,
    /// Hugo, when it was there (and the figure has a Hugo counterpart).
    pub(crate) hugo: Option<Vec<Run>>,
    /// The baseline `csirt` (`--baseline`), when one was given.
    pub(crate) baseline: Option<Vec<Run>>,
}

impl Series {
    /// No runs yet; Hugo's and the baseline's lists only when they will be timed.
    pub(crate) fn new(hugo: bool, baseline: bool) -> Self {
        Series {
            csirt: Vec::new(),
            hugo: hugo.then(Vec::new),
            baseline: baseline.then(Vec::new),
        }
    }
}

/// What one page count gave.
pub(crate) struct Measured {
    /// Advisory pages generated.
    pub(crate) advisories: u64,
    /// Mean size of their Markdown bodies, in bytes.
    pub(crate) body_bytes: u64,
    /// Pages `csirt build --full` said it built.
    pub(crate) pages_built: u64,
    /// The most files a full build over the existing output said it wrote (`None` when it does not say).
    pub(crate) existing_written: Option<u64>,
    /// Pages the rebuild after a closed case said it updated.
    pub(crate) rebuild_pages: u64,
    /// (a) Full builds into an empty directory.
    pub(crate) fresh: Series,
    /// (b) Full builds over the existing output, one advisory edited.
    pub(crate) existing: Series,
    /// (c) Builds after one case closed (no Hugo counterpart).
    pub(crate) rebuild: Series,
}

/// Median wall time of `runs`, in seconds.
fn seconds(runs: &[Run]) -> f64 {
    median(
        &runs
            .iter()
            .map(|r| r.wall.as_secs_f64())
            .collect::<Vec<_>>(),
    )
    .unwrap_or(f64::NAN)
}

/// Median peak resident memory of `runs`, in MiB.
fn rss(runs: &[Run]) -> Option<f64> {
    median(
        &runs
            .iter()
            .filter_map(|r| r.peak_rss_kib)
            .map(|kib| kib as f64 / 1024.0)
            .collect::<Vec<_>>(),
    )
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

/// `12345` as `12,345`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

impl Measured {
    /// (c) as a share of (a) for the `csirt` under test.
    fn rebuild_share(&self) -> f64 {
        seconds(&self.rebuild.csirt) / seconds(&self.fresh.csirt)
    }

    /// (c) as a share of (a) for the baseline.
    fn baseline_rebuild_share(&self) -> Option<f64> {
        Some(seconds(self.rebuild.baseline.as_ref()?) / seconds(self.fresh.baseline.as_ref()?))
    }

    /// The two figures compared with Hugo, with their names.
    fn against_hugo(&self) -> [(&'static str, &Series); 2] {
        [
            ("(a) fresh, empty output", &self.fresh),
            ("(b) full, existing output", &self.existing),
        ]
    }
}

/// One page count's results, with every run's time.
pub(crate) fn print_text(m: &Measured) {
    println!(
        "{} advisories (bodies of {} bytes on average) + the fixture site: {} pages",
        m.advisories, m.body_bytes, m.pages_built
    );
    let line = |what: &str, who: &str, runs: &[Run]| {
        println!(
            "  {what:<28} {who:<7} median {:.3} s ({}), {:.0} pages/s, peak RSS {} MiB",
            seconds(runs),
            each(runs),
            m.pages_built as f64 / seconds(runs),
            mib(rss(runs))
        );
    };
    for (what, series) in m.against_hugo() {
        line(what, "csirt", &series.csirt);
        match &series.hugo {
            Some(runs) => line(what, "hugo", runs),
            None => println!("  {what:<28} hugo    SKIPPED (no Hugo)"),
        }
        if let Some(runs) = &series.baseline {
            line(what, "before", runs);
        }
    }
    if let Some(written) = m.existing_written {
        println!("  (b) wrote at most {written} files over the existing output");
    }
    println!(
        "  (c) a case closed            csirt   median {:.3} s ({}), {} pages updated, {:.1} % of (a)",
        seconds(&m.rebuild.csirt),
        each(&m.rebuild.csirt),
        m.rebuild_pages,
        m.rebuild_share() * 100.0
    );
    if let (Some(runs), Some(share)) = (&m.rebuild.baseline, m.baseline_rebuild_share()) {
        println!(
            "  (c) a case closed            before  median {:.3} s ({}), {:.1} % of (a)",
            seconds(runs),
            each(runs),
            share * 100.0
        );
    }
}

/// The Markdown tables: against Hugo, the rebuild's share, and before/after when a baseline was timed.
pub(crate) fn print_markdown(results: &[Measured]) {
    println!(
        "| advisories | build | csirt s | Hugo s | Hugo s ÷ csirt s | csirt peak RSS MiB | Hugo peak RSS MiB \
         | csirt RSS ÷ Hugo RSS |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|");
    for m in results {
        for (what, series) in m.against_hugo() {
            let ours = seconds(&series.csirt);
            let our_rss = rss(&series.csirt);
            let (hugo_s, ratio, hugo_rss, rss_ratio) = match &series.hugo {
                Some(runs) => (
                    format!("{:.3}", seconds(runs)),
                    format!("{:.1}×", seconds(runs) / ours),
                    mib(rss(runs)),
                    match (our_rss, rss(runs)) {
                        (Some(a), Some(b)) => format!("{:.2}", a / b),
                        _ => "–".into(),
                    },
                ),
                None => ("skipped".into(), "–".into(), "–".into(), "–".into()),
            };
            println!(
                "| {} | {what} | {ours:.3} | {hugo_s} | {ratio} | {} | {hugo_rss} | {rss_ratio} |",
                thousands(m.advisories),
                mib(our_rss),
            );
        }
    }
    println!();
    println!(
        "| advisories | (a) full build s | (c) rebuild after a case closes s | pages updated | (c) ÷ (a) |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for m in results {
        println!(
            "| {} | {:.3} | {:.3} | {} | {:.1} % |",
            thousands(m.advisories),
            seconds(&m.fresh.csirt),
            seconds(&m.rebuild.csirt),
            m.rebuild_pages,
            m.rebuild_share() * 100.0
        );
    }
    if results.iter().any(|m| m.fresh.baseline.is_some()) {
        println!();
        print_before_after(results);
    }
}

/// The before/after table: each figure for the baseline and for the `csirt` under test.
fn print_before_after(results: &[Measured]) {
    println!("| figure | before | after | before ÷ after |");
    println!("|---|---:|---:|---:|");
    let time_row = |what: &str, m: &Measured, series: &Series| {
        if let Some(before) = &series.baseline {
            let (b, a) = (seconds(before), seconds(&series.csirt));
            println!(
                "| {what}, {} advisories | {b:.3} s | {a:.3} s | {:.1}× |",
                thousands(m.advisories),
                b / a
            );
        }
    };
    for m in results {
        time_row("(a) fresh build", m, &m.fresh);
    }
    for m in results {
        time_row("(b) full build over the existing output", m, &m.existing);
    }
    for (what, pick) in [
        (
            "peak RSS (a)",
            (|m: &Measured| &m.fresh) as fn(&Measured) -> &Series,
        ),
        ("peak RSS (b)", |m: &Measured| &m.existing),
    ] {
        for m in results {
            let series = pick(m);
            if let (Some(before), Some(after)) =
                (series.baseline.as_deref().and_then(rss), rss(&series.csirt))
            {
                println!(
                    "| {what}, {} advisories | {before:.1} MiB | {after:.1} MiB | {:.1}× |",
                    thousands(m.advisories),
                    before / after
                );
            }
        }
    }
    for m in results {
        time_row("(c) rebuild after a case closes", m, &m.rebuild);
    }
    for m in results {
        if let Some(before) = m.baseline_rebuild_share() {
            println!(
                "| (c) ÷ (a), {} advisories | {:.1} % | {:.1} % | |",
                thousands(m.advisories),
                before * 100.0,
                m.rebuild_share() * 100.0
            );
        }
    }
}

/// Each target, met or not, for each page count.
pub(crate) fn print_targets(results: &[Measured]) {
    for m in results {
        let size = thousands(m.advisories);
        for (what, series) in m.against_hugo() {
            let ours = seconds(&series.csirt);
            match &series.hugo {
                Some(runs) => {
                    let speedup = seconds(runs) / ours;
                    println!(
                        "{size} advisories, {what}: at least {SPEEDUP_TARGET:.0}× faster than Hugo: {} ({speedup:.1}×)",
                        verdict(speedup >= SPEEDUP_TARGET)
                    );
                    if let (Some(a), Some(b)) = (rss(&series.csirt), rss(runs)) {
                        println!(
                            "{size} advisories, {what}: peak RSS at most {:.0} % of Hugo's: {} ({a:.1} MiB ÷ {b:.1} MiB = {:.0} %)",
                            RSS_SHARE_TARGET * 100.0,
                            verdict(a <= b * RSS_SHARE_TARGET),
                            a / b * 100.0
                        );
                    }
                }
                None => println!("{size} advisories, {what}: against Hugo: not measured (no Hugo)"),
            }
        }
        println!(
            "{size} advisories: rebuild after a case closes at most {:.0} % of a full build: {} ({:.1} %)",
            REBUILD_SHARE_TARGET * 100.0,
            verdict(m.rebuild_share() <= REBUILD_SHARE_TARGET),
            m.rebuild_share() * 100.0
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
