//! Values of the team file in a page's text: a content page may write a marker, an HTML comment such as
//! `<!-- retention.contact -->`, where the site should state a period of the team file's retention schedule; the
//! build puts the period there in the page's language (`12 bulan`, `12 months`). So the report page's privacy
//! text states the periods `csirt purge` applies, from the same file.

use std::borrow::Cow;

use csirt_domain::lang::Lang;
use csirt_domain::team::{RetentionPeriod, TeamConfig};

/// Each marker and the period it stands for.
pub const RETENTION_MARKERS: [(&str, RetentionPeriod); 4] = [
    ("<!-- retention.contact -->", RetentionPeriod::Contact),
    ("<!-- retention.evidence -->", RetentionPeriod::Evidence),
    ("<!-- retention.invalid -->", RetentionPeriod::Invalid),
    ("<!-- retention.backups -->", RetentionPeriod::Backups),
];

/// `html` (a page's rendered body in `lang`) with every marker replaced by its value from `config`; unchanged
/// (and not copied) when it has none.
pub fn fill<'a>(html: &'a str, config: &TeamConfig, lang: Lang) -> Cow<'a, str> {
    if !html.contains("<!-- retention.") {
        return Cow::Borrowed(html);
    }
    let mut filled = html.to_owned();
    for (marker, period) in RETENTION_MARKERS {
        filled = filled.replace(marker, &config.retention.period_text(period, lang));
    }
    Cow::Owned(filled)
}
