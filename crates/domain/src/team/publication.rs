//! `[publication]` of the team file: what the site publishes of the team's cases. A team whose work is
//! restricted (Maluku Utara's SOP: *bersifat tertutup / terbatas*) sets `restricted = true`, and the site then
//! has no Hall of Fame and no statistics pages, links to neither, and names no `Acknowledgments` in
//! `security.txt`. Advisories are published either way.

use serde::Deserialize;

/// `[publication]`: what the site publishes of the team's cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublicationSettings {
    /// Whether the team's work is restricted: no Hall of Fame, no statistics (default false: both published).
    pub restricted: bool,
}

impl PublicationSettings {
    /// Whether the site publishes the pages built from closed cases: the Hall of Fame and the statistics.
    pub fn publishes_case_pages(&self) -> bool {
        !self.restricted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct File {
        #[serde(default)]
        publication: PublicationSettings,
    }

    fn parse(text: &str) -> Result<PublicationSettings, toml::de::Error> {
        toml::from_str::<File>(text).map(|file| file.publication)
    }

    #[test]
    fn case_pages_are_published_unless_the_team_is_restricted() {
        assert!(parse("").unwrap().publishes_case_pages());
        assert!(parse("[publication]\n").unwrap().publishes_case_pages());
        assert!(
            parse("[publication]\nrestricted = false\n")
                .unwrap()
                .publishes_case_pages()
        );
        assert!(
            !parse("[publication]\nrestricted = true\n")
                .unwrap()
                .publishes_case_pages()
        );
    }

    #[test]
    fn a_mistyped_setting_is_named() {
        let error = parse("[publication]\nrestrict = true\n").unwrap_err();
        assert!(error.to_string().contains("restrict"), "{error}");
        let error = parse("[publication]\nrestricted = \"ya\"\n").unwrap_err();
        assert!(error.to_string().contains("restricted"), "{error}");
    }
}
