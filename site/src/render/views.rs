//! What templates see: plain serialisable views of pages, the team, the SOP, the form's choices, the Hall of
//! Fame and statistics, each in one language.

use std::collections::BTreeMap;

use csirt_domain::lang::Lang;
use csirt_domain::report::field_labels;
use csirt_domain::sop::SopProfile;
use csirt_domain::state::CaseState;
use csirt_domain::taxonomy::Taxonomy;
use csirt_domain::tlp::Tlp;
use serde::Serialize;

use crate::markdown;
use crate::page::Page;
use csirt_domain::publication::Publication;
use csirt_domain::team::{Hotline, OPENPGP_KEY_PATH, TeamAssets, TeamConfig};

/// A page as templates see it.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description, if any.
    pub description: Option<&'a str>,
    /// URL path.
    pub path: &'a str,
    /// Absolute URL.
    pub url: String,
    /// Rendered body.
    pub html: &'a str,
    /// The body up to a `<!-- more -->` line (all of it without one): what a page shows first.
    pub lead: &'a str,
    /// The body after `<!-- more -->` (empty without one): what a page may fold away, e.g. in a `<details>`.
    pub more: &'a str,
    /// Second-level headings: (id, text).
    pub toc: &'a [(String, String)],
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// TLP marking as printed, e.g. `TLP:CLEAR`.
    pub tlp: Option<&'a str>,
}

/// The marker that ends a page's lead, as Zola writes it.
pub const MORE_MARKER: &str = "<!-- more -->";

/// A rendered body split at [`MORE_MARKER`]: (lead, the rest); the whole body and nothing without one.
pub fn split_more(html: &str) -> (&str, &str) {
    match html.split_once(MORE_MARKER) {
        Some((lead, more)) => (lead.trim_end(), more.trim_start()),
        None => (html, ""),
    }
}

impl<'a> PageView<'a> {
    /// The view of `page`, whose rendered body is `html` (its own, with the team file's values filled in:
    /// [`super::team_values::fill`]).
    pub fn of(page: &'a Page, html: &'a str, base_url: &str) -> Self {
        PageView {
            title: &page.front.title,
            description: page.front.description.as_deref(),
            path: &page.path,
            url: format!("{base_url}{}", page.path),
            html,
            lead: split_more(html).0,
            more: split_more(html).1,
            toc: &page.body.toc,
            date: page.front.date.map(|d| d.format("%Y-%m-%d").to_string()),
            tlp: page.front.tlp.map(|t| t.label().marking.as_str()),
        }
    }
}

/// A page in a list (the advisories section, the latest advisories on the home page): what a card shows, without
/// the page's body.
#[derive(Debug, Serialize)]
pub struct ListedView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description, if any.
    pub description: Option<&'a str>,
    /// URL path.
    pub path: &'a str,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// TLP marking as printed, e.g. `TLP:CLEAR`.
    pub tlp: Option<&'a str>,
}

impl<'a> ListedView<'a> {
    /// The card of `page`.
    pub fn of(page: &'a Page) -> Self {
        ListedView {
            title: &page.front.title,
            description: page.front.description.as_deref(),
            path: &page.path,
            date: page.front.date.map(|d| d.format("%Y-%m-%d").to_string()),
            tlp: page.front.tlp.map(|t| t.label().marking.as_str()),
        }
    }
}

/// The team, for headers, footers and contact sections.
#[derive(Debug, Serialize)]
pub struct TeamView<'a> {
    /// Short name.
    pub name: &'a str,
    /// Office.
    pub organisation: &'a str,
    /// Postal address.
    pub address: &'a str,
    /// Time zone.
    pub time_zone: &'a str,
    /// E-mail.
    pub email: &'a str,
    /// Telephone.
    pub phone: Option<&'a str>,
    /// Office hours.
    pub hours: &'a str,
    /// The logo, when the team file names one.
    pub logo: Option<LogoView>,
    /// The hotlines, in the team file's order.
    pub hotlines: Vec<HotlineView<'a>>,
}

impl<'a> TeamView<'a> {
    /// The team in `lang`, with the logo `assets` holds.
    pub fn of(config: &'a TeamConfig, assets: &TeamAssets, lang: Lang) -> Self {
        let team = &config.team;
        TeamView {
            name: &team.name,
            organisation: team.organisation.get(lang),
            address: &team.address,
            time_zone: &team.time_zone,
            email: &team.email,
            phone: team.phone.as_deref(),
            hours: team.hours.get(lang),
            logo: assets.logo.as_ref().map(|logo| LogoView {
                src: logo.url_path(),
                width: logo.width,
                height: logo.height,
            }),
            hotlines: team
                .hotlines
                .iter()
                .map(|hotline| HotlineView::of(hotline, lang))
                .collect(),
        }
    }
}

/// The logo as an `<img>` shows it: its address and intrinsic size, so the page reserves its space before it
/// loads (the style sheet sets the height it is shown at).
#[derive(Debug, Serialize)]
pub struct LogoView {
    /// Its path on the site, e.g. `/assets/logo.svg`.
    pub src: &'static str,
    /// Intrinsic width.
    pub width: u32,
    /// Intrinsic height.
    pub height: u32,
}

/// A hotline as the footer, the RFC 2350 page and the report page show it.
#[derive(Debug, Serialize)]
pub struct HotlineView<'a> {
    /// What it is, in the page's language, e.g. `WhatsApp`.
    pub label: &'a str,
    /// The number as the team writes it.
    pub number: &'a str,
    /// `tel:+62…`, when the team answers calls on it.
    pub tel: Option<String>,
    /// `https://wa.me/62…`, when the team answers WhatsApp on it.
    pub whatsapp: Option<String>,
}

impl<'a> HotlineView<'a> {
    /// The view of `hotline` in `lang`.
    pub fn of(hotline: &'a Hotline, lang: Lang) -> Self {
        HotlineView {
            label: hotline.label.get(lang),
            number: &hotline.number,
            tel: hotline.tel_url(),
            whatsapp: hotline.whatsapp_url(),
        }
    }
}

/// The team's public key as the RFC 2350 page shows it (item 2.8, and 1.4 on authenticating the document).
#[derive(Debug, Serialize)]
pub struct KeyView {
    /// Where the key is: the published key's absolute URL, or `security_txt.encryption`'s.
    pub url: String,
    /// The fingerprint in groups of four digits, when the site publishes the key (it is computed from it).
    pub fingerprint: Option<String>,
    /// When the key was made, `YYYY-MM-DD`.
    pub created: Option<String>,
    /// When the key expires, `YYYY-MM-DD`; `None` when it does not (or is not published here).
    pub expires: Option<String>,
    /// The key's path when it is on this site: the published key's (`/pgp-key.txt`), or `security_txt.encryption`
    /// when that is a path. Links use it, so `csirt check` finds a key that is not there.
    pub path: Option<String>,
}

impl KeyView {
    /// The key of the team `config` describes, read into `assets`; `None` when the team has no key.
    pub fn of(config: &TeamConfig, assets: &TeamAssets) -> Option<Self> {
        let url = assets.encryption_url(config)?;
        let key = assets.openpgp_key.as_ref();
        let date = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d").to_string();
        Some(KeyView {
            url,
            fingerprint: key.map(|k| k.fingerprint_grouped()),
            created: key.map(|k| date(k.created)),
            expires: key.and_then(|k| k.expires).map(date),
            path: match key {
                Some(_) => Some(OPENPGP_KEY_PATH.to_owned()),
                None => config
                    .security_txt
                    .encryption
                    .clone()
                    .filter(|e| e.starts_with('/')),
            },
        })
    }
}

/// One SOP step for the SOP page.
#[derive(Debug, Serialize)]
pub struct StepView<'a> {
    /// Number.
    pub number: u32,
    /// What is done.
    pub title: &'a str,
    /// Who does it.
    pub actors: Vec<&'a str>,
    /// Time standard, e.g. `10 menit`, in the page's language.
    pub time: Option<String>,
    /// Output.
    pub output: Option<&'a str>,
    /// Remarks.
    pub note: Option<&'a str>,
    /// The workflow state's reporter-facing label.
    pub state: String,
    /// Done by the reporter before the report is stored.
    pub before_intake: bool,
}

/// The SOP page's data.
#[derive(Debug, Serialize)]
pub struct SopView<'a> {
    /// Document title.
    pub title: &'a str,
    /// Document number.
    pub number: Option<&'a str>,
    /// Approval date.
    pub approved_on: Option<String>,
    /// Approver.
    pub approved_by: Option<&'a str>,
    /// The team.
    pub csirt: &'a str,
    /// Steps in order.
    pub steps: Vec<StepView<'a>>,
    /// Escalation partners' names.
    pub partners: Vec<&'a str>,
}

impl<'a> SopView<'a> {
    /// The profile in `lang`.
    pub fn of(profile: &'a SopProfile, lang: Lang) -> Self {
        SopView {
            title: profile.document.title.get(lang),
            number: profile.document.number.as_deref(),
            approved_on: profile
                .document
                .approved_on
                .map(|d| d.format("%Y-%m-%d").to_string()),
            approved_by: profile.document.approved_by.as_deref(),
            csirt: &profile.csirt.name,
            steps: profile
                .steps
                .iter()
                .map(|step| StepView {
                    number: step.number,
                    title: step.title.get(lang),
                    actors: profile.actor_names(step, lang),
                    time: step.time_standard.map(|t| t.in_language(lang)),
                    output: step.output.as_ref().map(|o| o.get(lang)),
                    note: step.note.as_ref().map(|n| n.get(lang)),
                    state: step.state.reporter_label().get(lang).to_owned(),
                    before_intake: step.before_intake,
                })
                .collect(),
            partners: profile
                .escalation_partners
                .iter()
                .map(|p| p.name.as_str())
                .collect(),
        }
    }
}

/// A choice in a `<select>`.
#[derive(Debug, Serialize)]
pub struct Choice<'a> {
    /// Submitted value.
    pub value: &'a str,
    /// Shown label.
    pub label: &'a str,
    /// Longer explanation.
    pub description: Option<&'a str>,
}

/// An incident class with its types, for the form.
#[derive(Debug, Serialize)]
pub struct ClassChoice<'a> {
    /// Class key.
    pub value: &'a str,
    /// Class label.
    pub label: &'a str,
    /// Its types.
    pub types: Vec<Choice<'a>>,
}

/// The report form's choices.
#[derive(Debug, Serialize)]
pub struct FormView<'a> {
    /// Where the form posts.
    pub action: String,
    /// Incident classes and types (the `test` class is left out of the public form).
    pub classes: Vec<ClassChoice<'a>>,
    /// TLP markings.
    pub tlp: Vec<Choice<'a>>,
    /// Each field's label, by field name (shared with the intake's problems page).
    pub labels: BTreeMap<&'static str, &'static str>,
}

impl<'a> FormView<'a> {
    /// The form in `lang`, posting to `api`.
    pub fn of(api: &str, lang: Lang) -> Self {
        FormView {
            action: format!("{api}/reports"),
            classes: Taxonomy::rsit()
                .classes
                .iter()
                .filter(|c| c.key != "test")
                .map(|c| ClassChoice {
                    value: &c.key,
                    label: c.label.get(lang),
                    types: c
                        .types
                        .iter()
                        .map(|t| Choice {
                            value: &t.key,
                            label: t.label.get(lang),
                            description: Some(t.description.get(lang)),
                        })
                        .collect(),
                })
                .collect(),
            tlp: Tlp::ALL
                .iter()
                .map(|t| {
                    let label = t.label();
                    Choice {
                        value: &label.marking,
                        label: label.label.get(lang),
                        description: Some(label.definition.get(lang)),
                    }
                })
                .collect(),
            labels: field_labels(lang),
        }
    }
}

/// The reporter-facing label of every state, for the status page's legend and script.
pub fn state_labels(lang: Lang) -> BTreeMap<&'static str, String> {
    CaseState::ALL
        .iter()
        .map(|s| (s.key(), s.reporter_label().get(lang).to_owned()))
        .collect()
}

/// A Hall of Fame line.
#[derive(Debug, Serialize)]
pub struct HallOfFameView<'a> {
    /// Alias.
    pub alias: &'a str,
    /// Closing date.
    pub closed_on: String,
    /// Incident class label.
    pub class: &'a str,
}

/// The Hall of Fame entries at `positions` (of the newest-first list) in `lang`.
pub fn hall_of_fame(
    export: &Publication,
    positions: std::ops::Range<usize>,
    lang: Lang,
) -> Vec<HallOfFameView<'_>> {
    export.hall_of_fame[positions]
        .iter()
        .map(|e| HallOfFameView {
            alias: &e.alias,
            closed_on: e.closed_on.format("%Y-%m-%d").to_string(),
            class: class_label(&e.incident_class, lang),
        })
        .collect()
}

fn class_label(key: &str, lang: Lang) -> &str {
    Taxonomy::rsit()
        .class(key)
        .map_or(key, |c| c.label.get(lang))
}

/// One row of the statistics.
#[derive(Debug, Serialize)]
pub struct StatRow<'a> {
    /// Class label.
    pub class: &'a str,
    /// Closed cases.
    pub count: u64,
}

/// Closed cases by class in `lang`, most first, and the total.
pub fn statistics(export: &Publication, lang: Lang) -> (Vec<StatRow<'_>>, u64) {
    let mut rows: Vec<StatRow<'_>> = export
        .closed_by_class
        .iter()
        .map(|(class, count)| StatRow {
            class: class_label(class, lang),
            count: *count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.class.cmp(b.class)));
    let total = rows.iter().map(|r| r.count).sum();
    (rows, total)
}

/// The path of the printable profile of the RFC 2350 page at `path` in `lang`: `/rfc2350/cetak/`,
/// `/en/rfc2350/print/` (what `csirt build --rfc2350-pdf` prints).
pub fn rfc2350_print_path(path: &str, lang: Lang) -> String {
    format!("{path}{}/", lang.pick("cetak", "print"))
}

/// RFC 2350's descriptive sections in `lang`, rendered from Markdown, by configuration key.
pub fn rfc2350(config: &TeamConfig, lang: Lang) -> BTreeMap<&'static str, String> {
    let r = &config.rfc2350;
    let sections: [(&'static str, &csirt_domain::lang::Localized); 13] = [
        ("distribution", &r.distribution),
        ("members", &r.members),
        ("customer_contact", &r.customer_contact),
        ("mission", &r.mission),
        ("constituency", &r.constituency),
        ("affiliation", &r.affiliation),
        ("authority", &r.authority),
        ("support", &r.support),
        ("cooperation", &r.cooperation),
        ("communication", &r.communication),
        ("incident_response", &r.incident_response),
        ("proactive", &r.proactive),
        ("disclaimers", &r.disclaimers),
    ];
    sections
        .iter()
        .map(|(key, text)| (*key, markdown::render(text.get(lang), 1).html))
        .collect()
}
