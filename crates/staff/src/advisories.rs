//! The staff side of an advisory's `cases = ["2026/0042"]`: the advisories that name a case, found by reading the
//! front matter of the team's content directory (the team file's directory, where `peringatan/` is), and the
//! case a register number belongs to. The site publishes nothing of the case; only staff see the link.

use csirt_domain::register::RegisterNumber;
use csirt_domain::team::TeamFile;
use csirt_domain::tracking::TrackingCode;
use csirt_site::content::Content;
use csirt_site::site::SitePaths;
use serde::Serialize;

use crate::cases::every_case;
use crate::desk::Desk;
use crate::error::StaffError;

/// An advisory that names a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedAdvisory {
    /// Its content file, relative to the content directory, e.g. `peringatan/deface-cms-usang.md`.
    pub source: String,
    /// Its title.
    pub title: String,
    /// Its address on the public site.
    pub url: String,
}

/// The advisories of the team's content that name the case numbered `register`, in content order (each
/// language's page on its own). A content directory that cannot be read is an error naming its files.
pub fn advisories_naming(
    team: &TeamFile,
    register: RegisterNumber,
) -> Result<Vec<LinkedAdvisory>, StaffError> {
    let paths = SitePaths::from_config(&team.path);
    let content = Content::load_with(&paths.content, &|_| false).map_err(|e| {
        StaffError::Invalid(format!(
            "the advisories naming {register} cannot be listed: {e}"
        ))
    })?;
    Ok(content
        .pages
        .iter()
        .filter(|page| page.front.cases.contains(&register))
        .map(|page| LinkedAdvisory {
            source: page.source.to_string_lossy().replace('\\', "/"),
            title: page.front.title.clone(),
            url: format!("{}{}", team.config.base_url, page.path),
        })
        .collect())
}

/// The tracking code of the case numbered `register` (a staff-facing lookup: the register number is never the
/// reporter's key).
pub async fn case_numbered(
    desk: &Desk,
    register: RegisterNumber,
) -> Result<TrackingCode, StaffError> {
    every_case(desk)
        .await?
        .into_iter()
        .find(|case| case.register == Some(register))
        .map(|case| case.code)
        .ok_or(StaffError::NoSuchRegister(register))
}
