//! Writing the publication export: the closed cases, read from the store, turned into what the site may show
//! ([`Publication`], whose rule of what is published lives in the domain) and written atomically where the team
//! file says. The site is then rebuilt from it.

use std::path::PathBuf;

use csirt_domain::publication::Publication;
use csirt_domain::state::CaseState;
use csirt_site::build::replace_file;
use csirt_store::all_in_state;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::error::StaffError;

/// Writes the export of the closed cases to the team file's `export` file, as `staffer` (who must hold a role
/// the SOP gives `publish`); returns its path and contents.
pub async fn export_publication(
    desk: &Desk,
    staffer: &Staffer,
) -> Result<(PathBuf, Publication), StaffError> {
    authorize(desk, staffer, "publish")?;
    let path = desk.team.export_file().ok_or_else(|| {
        StaffError::Invalid(format!(
            "{}: no `export` file is configured",
            desk.team.path.display()
        ))
    })?;
    let closed = all_in_state(&*desk.cases, CaseState::Closed).await?;
    let publication = Publication::from_cases(&closed, desk.procedure().calendar.offset());
    replace_file(&path, publication.to_json().as_bytes())
        .map_err(|e| StaffError::file(&e.file, e.message))?;
    Ok((path, publication))
}
