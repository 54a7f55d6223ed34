//! Rebuilding the site where it is served from, the one way `csirt build`, `csirt publish`, `csirt serve` and the
//! staff console all do it: only the pages that show case data when nothing but the case export changed since
//! the last build (unless a full build is asked for), else the whole site; one build at a time in a process; and
//! a one-line summary for people.

use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::build::{BuildKind, BuildReport, build_date, build_with};
use crate::error::SiteErrors;

/// Held while a build runs: two builds into one output at once (a publication from the console while the
/// server's watcher rebuilds) take turns. (Builds in other processes wait on the output's lock, see
/// [`crate::output`].)
static BUILDING: Mutex<()> = Mutex::new(());

/// A finished rebuild: what it wrote, how, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Pages and files written, and where.
    pub report: BuildReport,
    /// Whether every page was rendered or only the pages that show case data.
    pub kind: BuildKind,
    /// How long the build itself took (not counting the wait for another build to end).
    pub elapsed: Duration,
}

impl Rebuilt {
    /// One line for the command's output: `built 120 pages (180 files, 3 written, 0 removed) into public in
    /// 350 ms`.
    pub fn summary(&self) -> String {
        let what = match self.kind {
            BuildKind::Full => "built",
            BuildKind::ExportOnly => "updated the case pages:",
        };
        format!(
            "{what} {} pages ({} files, {} written, {} removed) into {} in {} ms",
            self.report.pages,
            self.report.files,
            self.report.changed,
            self.report.removed,
            self.report.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Builds the site configured by `config` into `output`, dated [`build_date`]: only the pages showing case data
/// when nothing else changed since the last build there, unless `full`. `progress` hears (pages rendered, pages
/// in all) as the build goes. Waits for any other build of this process to end first.
pub fn rebuild_site(
    config: &Path,
    output: &Path,
    full: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rebuilt, SiteErrors> {
    let _turn = BUILDING.lock().unwrap_or_else(PoisonError::into_inner);
    let started = Instant::now();
    let (report, kind) = build_with(config, output, build_date(), full, progress)?;
    Ok(Rebuilt {
        report,
        kind,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_summary_says_what_was_built_and_where() {
        let rebuilt = Rebuilt {
            report: BuildReport {
                pages: 120,
                files: 180,
                changed: 3,
                removed: 0,
                output: PathBuf::from("public"),
            },
            kind: BuildKind::Full,
            elapsed: Duration::from_millis(350),
        };
        assert_eq!(
            rebuilt.summary(),
            "built 120 pages (180 files, 3 written, 0 removed) into public in 350 ms"
        );
        let updated = Rebuilt {
            kind: BuildKind::ExportOnly,
            ..rebuilt
        };
        assert!(
            updated
                .summary()
                .starts_with("updated the case pages: 120 pages")
        );
    }
}
