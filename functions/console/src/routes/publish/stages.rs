//! Publishing as the signed-in account: the export of the closed cases written by the staff library (which
//! decides who may publish), then — when this console runs inside `csirt serve` and can build the site — the
//! site rebuilt from it the way `csirt build` does. On Lambda the site is rebuilt and uploaded by `csirt
//! publish`. Each stage has its line in the page's language.

use csirt_domain::lang::Lang;
use csirt_site::rebuild::{Rebuilt, rebuild_site};
use csirt_staff::StaffError;
use csirt_staff::accounts::Staffer;
use csirt_staff::publication::export_publication;

use crate::pages::Pages;
use crate::state::{ConsoleState, Publishing};

/// What the export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exported {
    /// Closed cases counted in the site's statistics.
    pub closed: u64,
    /// Reporters named in the Hall of Fame.
    pub hall_of_fame: usize,
}

/// What a publication did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Republished {
    /// The export written.
    pub exported: Exported,
    /// Pages the rebuild rendered.
    pub pages: usize,
}

/// Writes the export as `staffer`.
pub async fn export(state: &ConsoleState, staffer: &Staffer) -> Result<Exported, StaffError> {
    let (_, publication) = export_publication(&state.desk, staffer).await?;
    Ok(Exported {
        closed: publication.closed_by_class.values().sum(),
        hall_of_fame: publication.hall_of_fame.len(),
    })
}

/// Rebuilds the site `publishing` names from the export just written (only the pages showing case data when
/// nothing else changed), off the request threads.
pub async fn rebuild(publishing: &Publishing) -> Result<Rebuilt, StaffError> {
    let Publishing { config, output } = publishing.clone();
    let built =
        tokio::task::spawn_blocking(move || rebuild_site(&config, &output, false, &|_, _| {}))
            .await;
    match built {
        Ok(Ok(rebuilt)) => Ok(rebuilt),
        Ok(Err(errors)) => Err(StaffError::file(&publishing.config, errors)),
        Err(stopped) => Err(StaffError::file(&publishing.config, stopped)),
    }
}

/// Exports the closed cases as `staffer` and rebuilds the site; the case page's closing calls this so that a
/// closure is published at once. Refused on a console that does not build the site (on Lambda).
pub(crate) async fn republish(
    state: &ConsoleState,
    staffer: &Staffer,
) -> Result<Republished, StaffError> {
    let Some(publishing) = &state.publishing else {
        return Err(StaffError::Unavailable(
            "this console does not build the site: publish with csirt publish".into(),
        ));
    };
    let exported = export(state, staffer).await?;
    let pages = rebuild(publishing).await?.report.pages;
    Ok(Republished { exported, pages })
}

/// The lines that tell each stage, in one language.
#[derive(Debug, Clone)]
pub struct StageWords {
    export: String,
    built: String,
    failed: String,
    done: String,
}

impl StageWords {
    /// The stage lines of `pages` in `lang`.
    pub fn of(pages: &Pages, lang: Lang) -> StageWords {
        let strings = pages.strings(lang);
        let text = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_owned());
        StageWords {
            export: text("publish_stage_export"),
            built: text("publish_stage_built"),
            failed: text("publish_stage_failed"),
            done: text("publish_stage_done"),
        }
    }

    /// "Export: N closed cases, M in the Hall of Fame".
    pub fn exported(&self, exported: Exported) -> String {
        self.export
            .replace("{closed}", &exported.closed.to_string())
            .replace("{fame}", &exported.hall_of_fame.to_string())
    }

    /// "Site built: N pages".
    pub fn built(&self, pages: usize) -> String {
        self.built.replace("{pages}", &pages.to_string())
    }

    /// The rebuild failed: the site served stays the last good one.
    pub fn failed(&self, error: &StaffError) -> String {
        self.failed.replace("{error}", &error.to_string())
    }

    /// "Done".
    pub fn done(&self) -> &str {
        &self.done
    }
}
