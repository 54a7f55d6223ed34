//! `team.hotlines`: the telephone and WhatsApp numbers the team publishes, each checked and normalised as an
//! Indonesian number when the team file is read, so the site can link them (`tel:+62…`, `https://wa.me/62…`).

use serde::Deserialize;

use crate::contact::Phone;
use crate::lang::{Lang, Localized};

/// The most hotlines the team file may list: the footer shows them all on every page.
pub const HOTLINES_MAX: usize = 4;

/// The longest label a hotline may have.
pub const HOTLINE_LABEL_MAX: usize = 40;

/// A hotline's label: one text for both languages (`"WhatsApp"`) or one in each (`{ id = "Piket", en = "On
/// call" }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum HotlineLabel {
    /// The same in both languages.
    Same(String),
    /// One in each language.
    Localized(Localized),
}

impl HotlineLabel {
    /// The label in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            HotlineLabel::Same(text) => text,
            HotlineLabel::Localized(texts) => texts.get(lang),
        }
    }

    fn texts(&self) -> [&str; 2] {
        [self.get(Lang::Id), self.get(Lang::En)]
    }
}

/// A hotline as written in the team file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HotlineSettings {
    label: HotlineLabel,
    number: String,
    #[serde(default)]
    whatsapp: bool,
    #[serde(default = "calls_by_default")]
    calls: bool,
}

fn calls_by_default() -> bool {
    true
}

/// A number the team publishes, checked: e.g. `{ label = "WhatsApp", number = "0811-2900-1234", whatsapp = true,
/// calls = false }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "HotlineSettings")]
pub struct Hotline {
    /// What it is, e.g. `Telepon piket` or `WhatsApp`.
    pub label: HotlineLabel,
    /// The number as the team writes it, e.g. `0811-2900-1234`: how the site shows it.
    pub number: String,
    /// The number in E.164 form, e.g. `+6281129001234`: what the site links to.
    pub e164: String,
    /// Whether the team answers WhatsApp on it (`whatsapp`, default false): the site adds a `wa.me` link.
    pub whatsapp: bool,
    /// Whether the team answers calls on it (`calls`, default true): the site links it with `tel:`. A WhatsApp
    /// number the team does not pick up sets `calls = false`.
    pub calls: bool,
}

impl TryFrom<HotlineSettings> for Hotline {
    type Error = String;

    fn try_from(settings: HotlineSettings) -> Result<Self, String> {
        let number = settings
            .number
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for label in settings.label.texts() {
            if label.trim().is_empty() || label.chars().count() > HOTLINE_LABEL_MAX {
                return Err(format!(
                    "team.hotlines: the label of {number:?} must be 1 to {HOTLINE_LABEL_MAX} characters"
                ));
            }
        }
        let e164 = match Phone::parse_optional(&number) {
            Ok(Some(phone)) => phone.as_str().to_owned(),
            _ => {
                return Err(format!(
                    "team.hotlines: {number:?} is not a telephone number; write it as 0811-2900-1234, \
                     (0283) 491234 or +62 811 2900 1234"
                ));
            }
        };
        if !e164.starts_with("+62") {
            return Err(format!(
                "team.hotlines: {number:?} is not an Indonesian number (+62): a team's hotline is reachable at \
                 the price of a local call"
            ));
        }
        if !settings.calls && !settings.whatsapp {
            return Err(format!(
                "team.hotlines: {number:?} takes neither calls nor WhatsApp (calls = false without whatsapp = true)"
            ));
        }
        Ok(Hotline {
            label: settings.label,
            number,
            e164,
            whatsapp: settings.whatsapp,
            calls: settings.calls,
        })
    }
}

impl Hotline {
    /// The `tel:` link of the number, when the team answers calls on it.
    pub fn tel_url(&self) -> Option<String> {
        self.calls.then(|| format!("tel:{}", self.e164))
    }

    /// The WhatsApp chat link (`https://wa.me/62…`, digits only), when the team answers WhatsApp on it.
    pub fn whatsapp_url(&self) -> Option<String> {
        self.whatsapp
            .then(|| format!("https://wa.me/{}", self.e164.trim_start_matches('+')))
    }
}

/// Every problem of a list of hotlines that no single one has: too many, or a number listed twice.
pub fn hotline_problems(hotlines: &[Hotline]) -> Vec<String> {
    let mut problems = Vec::new();
    if hotlines.len() > HOTLINES_MAX {
        problems.push(format!(
            "team.hotlines lists {} numbers; at most {HOTLINES_MAX} (every page shows them)",
            hotlines.len()
        ));
    }
    for (i, hotline) in hotlines.iter().enumerate() {
        if hotlines[..i].iter().any(|other| other.e164 == hotline.e164) {
            problems.push(format!(
                "team.hotlines lists {} twice: give it one entry with whatsapp = true",
                hotline.number
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Team {
        hotlines: Vec<Hotline>,
    }

    fn parse(text: &str) -> Result<Vec<Hotline>, String> {
        toml::from_str::<Team>(text)
            .map(|team| team.hotlines)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_are_normalised_and_linked() {
        let hotlines = parse(
            r#"hotlines = [
                { label = "WhatsApp", number = "0811-2900-1234", whatsapp = true, calls = false },
                { label = { id = "Telepon kantor", en = "Office telephone" }, number = "(0283)  491234" },
            ]"#,
        )
        .unwrap();
        let [whatsapp, office] = &hotlines[..] else {
            panic!("{hotlines:?}");
        };
        assert_eq!(whatsapp.e164, "+6281129001234");
        assert_eq!(whatsapp.tel_url(), None);
        assert_eq!(
            whatsapp.whatsapp_url().as_deref(),
            Some("https://wa.me/6281129001234")
        );
        assert_eq!(office.number, "(0283) 491234");
        assert_eq!(office.tel_url().as_deref(), Some("tel:+62283491234"));
        assert_eq!(office.whatsapp_url(), None);
        assert_eq!(office.label.get(Lang::En), "Office telephone");
        assert_eq!(hotline_problems(&hotlines), Vec::<String>::new());
    }

    #[test]
    fn bad_hotlines_are_refused_naming_the_number() {
        for (entry, expected) in [
            (
                r#"{ label = "WA", number = "0811-abc" }"#,
                "not a telephone number",
            ),
            (
                r#"{ label = "WA", number = "+1 202 555 0100" }"#,
                "not an Indonesian number",
            ),
            (r#"{ label = "", number = "0811-2900-1234" }"#, "label"),
            (
                r#"{ label = "WA", number = "0811-2900-1234", calls = false }"#,
                "neither calls nor WhatsApp",
            ),
            (
                r#"{ label = "WA", number = "0811-2900-1234", sms = true }"#,
                "sms",
            ),
        ] {
            let error = parse(&format!("hotlines = [{entry}]")).unwrap_err();
            assert!(error.contains(expected), "{entry}: {error}");
        }
        let twice = parse(
            r#"hotlines = [{ label = "A", number = "0811-2900-1234" }, { label = "B", number = "+62 811 2900 1234" }]"#,
        )
        .unwrap();
        assert!(hotline_problems(&twice)[0].contains("twice"));
    }
}
