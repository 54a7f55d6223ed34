//! The advisories for machines, in CSAF 2.0 (OASIS Common Security Advisory Framework), as section 7 of the
//! standard lays them out for a CSAF provider:
//!
//! - each TLP:CLEAR advisory, in each of its languages, as its own document
//!   `/.well-known/csaf/white/<year>/<file>.json` (CSAF 2.0 labels TLP 1.0's WHITE; advisories of any other TLP,
//!   or of none, are never published as CSAF), with `.sha256` and `.sha512` hash files beside it;
//! - `index.txt`, `changes.csv` and a directory listing (`index.html`) in `white/` and in each year's folder;
//! - the ROLIE feed `/.well-known/csaf/feed-tlp-white.json`;
//! - the provider metadata `/.well-known/csaf/provider-metadata.json`, naming the directory and the feed.
//!
//! A document is a `csaf_informational_advisory`: the advisory's description as a `summary` note, its text as a
//! `description` note (plain text laid out as Markdown), the team's disclaimer, references to its page, itself,
//! its translation and the sites its text links to. Its tracking ID is the team's name and the advisory's file
//! (`TegalKab-CSIRT-peringatan-deface-cms-usang`, `…-en` for the English one), its dates the front matter's
//! `date`. The JSON is serialised with serde, keys in alphabetical order (section 5.3 of the standard), from the
//! content alone: the same input gives the same bytes. Nothing is signed (no OpenPGP `.asc` files).

mod text;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use csirt_domain::lang::Lang;
use csirt_domain::tlp::Tlp;
use serde::Serialize;
use sha2::{Digest, Sha256, Sha512};

use super::{Output, Renderer};
use crate::error::SiteError;
use crate::page::Page;
use crate::site::Site;

pub use text::{external_links, plain_text};

/// The folder of the CSAF files, relative to the output.
pub const ROOT: &str = ".well-known/csaf";
/// The provider metadata (requirements 7 and 9 of the standard), relative to the output.
pub const PROVIDER_METADATA: &str = ".well-known/csaf/provider-metadata.json";
/// The ROLIE feed of every published document (requirement 15), relative to the output.
pub const FEED: &str = ".well-known/csaf/feed-tlp-white.json";
/// The folder of the TLP:WHITE documents, their year folders, `index.txt` and `changes.csv`, relative to the
/// output.
pub const WHITE: &str = ".well-known/csaf/white";
/// The JSON schema the documents follow, as the ROLIE feed names it.
pub const SCHEMA: &str = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";

/// A hash algorithm of the hash files beside each document (requirement 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-256: `<file>.json.sha256`.
    Sha256,
    /// SHA-512: `<file>.json.sha512`.
    Sha512,
}

impl HashAlgorithm {
    /// Every algorithm a document has a hash file of.
    pub const ALL: [HashAlgorithm; 2] = [HashAlgorithm::Sha256, HashAlgorithm::Sha512];

    /// The extension its hash files add to the document's name.
    pub fn extension(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sha512 => "sha512",
        }
    }

    /// The hash of `bytes`, in lower-case hexadecimal.
    pub fn hex(self, bytes: &[u8]) -> String {
        match self {
            HashAlgorithm::Sha256 => format!("{:x}", Sha256::digest(bytes)),
            HashAlgorithm::Sha512 => format!("{:x}", Sha512::digest(bytes)),
        }
    }
}

/// One file of the CSAF tree.
#[derive(Debug, Clone, Copy)]
pub enum CsafJob<'a> {
    /// The CSAF document of the advisory given.
    Document(&'a Page),
    /// A hash file of the advisory's document.
    Hash(&'a Page, HashAlgorithm),
    /// `white/index.txt`: every document's path (requirement 12).
    Index,
    /// `white/changes.csv`: every document's path and current release date, newest first (requirement 13).
    Changes,
    /// The directory listing of `white/` (`None`) or of a year's folder in it (requirement 14).
    Listing(Option<i32>),
    /// The ROLIE feed (requirement 15).
    Feed,
    /// `provider-metadata.json` (requirement 7).
    ProviderMetadata,
}

/// The CSAF file name of the document whose tracking ID is `id` (section 5.1 of the standard): lower case, every
/// run of characters other than `a-z`, `0-9`, `+` and `-` one underscore, then `.json`.
pub fn file_name(id: &str) -> String {
    let mut name = String::with_capacity(id.len() + 5);
    let mut replaced = false;
    for c in id.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '+' || c == '-' {
            name.push(c);
            replaced = false;
        } else if !replaced {
            name.push('_');
            replaced = true;
        }
    }
    name.push_str(".json");
    name
}

/// A date as CSAF writes it: midnight UTC, milliseconds included.
fn timestamp(date: NaiveDate) -> String {
    date.format("%Y-%m-%dT00:00:00.000Z").to_string()
}

/// An advisory that is published as CSAF.
struct Advisory<'a> {
    page: &'a Page,
    date: NaiveDate,
    /// `/document/tracking/id`.
    id: String,
    /// Its path under [`WHITE`]: `2026/tegalkab-csirt-peringatan-judi.json`.
    path: String,
}

impl<'a> Advisory<'a> {
    /// `page` as a CSAF document, when it is a TLP:CLEAR advisory of the advisories section `dir`.
    fn of(site: &Site, dir: Option<&str>, page: &'a Page) -> Option<Self> {
        if Some(page.dir.as_str()) != dir || page.is_index() || page.front.tlp != Some(Tlp::Clear) {
            return None;
        }
        let date = page.front.date?;
        let suffix = match page.lang {
            Lang::Id => "",
            Lang::En => "-en",
        };
        let id = format!(
            "{}-{}{suffix}",
            site.config.team.name,
            page.translation_key().replace('/', "-")
        );
        let path = format!("{}/{}", date.year(), file_name(&id));
        Some(Advisory {
            page,
            date,
            id,
            path,
        })
    }

    /// The document's output path.
    fn output(&self) -> String {
        format!("{WHITE}/{}", self.path)
    }

    /// The document's URL.
    fn url(&self, base_url: &str) -> String {
        format!("{base_url}/{}", self.output())
    }

    /// The document's file name.
    fn file(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or_default()
    }
}

/// Every advisory published as CSAF, newest first (then by path).
fn advisories<'a>(renderer: &Renderer<'a>) -> Vec<Advisory<'a>> {
    let site = renderer.site;
    let mut all: Vec<Advisory<'a>> = site
        .content
        .pages
        .iter()
        .filter_map(|page| Advisory::of(site, renderer.advisories, page))
        .collect();
    all.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    all
}

/// The files of the CSAF tree: none when no advisory is TLP:CLEAR.
pub(super) fn jobs<'a>(renderer: &Renderer<'a>) -> Vec<CsafJob<'a>> {
    let advisories = advisories(renderer);
    if advisories.is_empty() {
        return Vec::new();
    }
    let mut jobs = vec![
        CsafJob::Feed,
        CsafJob::ProviderMetadata,
        CsafJob::Index,
        CsafJob::Changes,
        CsafJob::Listing(None),
    ];
    let years: BTreeSet<i32> = advisories.iter().map(|a| a.date.year()).collect();
    jobs.extend(years.into_iter().map(|year| CsafJob::Listing(Some(year))));
    for advisory in &advisories {
        jobs.push(CsafJob::Document(advisory.page));
        jobs.extend(
            HashAlgorithm::ALL
                .into_iter()
                .map(|algorithm| CsafJob::Hash(advisory.page, algorithm)),
        );
    }
    jobs
}

/// The site paths of the CSAF documents a page links to, by the path of the advisory's page: its own on an
/// advisory's page, those of the advisories listed on the advisories section's own page, none elsewhere.
pub(super) fn links<'a>(renderer: &Renderer<'a>, page: &'a Page) -> BTreeMap<&'a str, String> {
    let site = renderer.site;
    let dir = renderer.advisories;
    if Some(page.dir.as_str()) != dir {
        return BTreeMap::new();
    }
    let pages = if page.is_index() {
        site.content.section_pages(&page.dir, page.lang)
    } else {
        vec![page]
    };
    pages
        .into_iter()
        .filter_map(|p| {
            Advisory::of(site, dir, p).map(|a| (p.path.as_str(), format!("/{}", a.output())))
        })
        .collect()
}

/// Renders one file of the CSAF tree.
pub(super) fn render(renderer: &Renderer<'_>, job: CsafJob<'_>) -> Result<Output, SiteError> {
    let site = renderer.site;
    fn advisory<'p>(renderer: &Renderer<'_>, page: &'p Page) -> Result<Advisory<'p>, SiteError> {
        Advisory::of(renderer.site, renderer.advisories, page).ok_or_else(|| {
            SiteError::at(
                &page.source,
                "not a TLP:CLEAR advisory: it has no CSAF document",
            )
        })
    }
    let (path, bytes) = match job {
        CsafJob::Document(page) => {
            let advisory = advisory(renderer, page)?;
            (advisory.output(), document(renderer, &advisory)?)
        }
        CsafJob::Hash(page, algorithm) => {
            let advisory = advisory(renderer, page)?;
            let hex = algorithm.hex(&document(renderer, &advisory)?);
            (
                format!("{}.{}", advisory.output(), algorithm.extension()),
                format!("{hex}  {}\n", advisory.file()).into_bytes(),
            )
        }
        CsafJob::Index => {
            let mut paths: Vec<String> = advisories(renderer).into_iter().map(|a| a.path).collect();
            paths.sort();
            let text: String = paths.into_iter().map(|p| p + "\n").collect();
            (format!("{WHITE}/index.txt"), text.into_bytes())
        }
        CsafJob::Changes => {
            let text: String = advisories(renderer)
                .iter()
                .map(|a| format!("\"{}\",\"{}\"\n", a.path, timestamp(a.date)))
                .collect();
            (format!("{WHITE}/changes.csv"), text.into_bytes())
        }
        CsafJob::Listing(year) => listing(renderer, year),
        CsafJob::Feed => (FEED.to_owned(), json(site, &feed(renderer)?)?),
        CsafJob::ProviderMetadata => (
            PROVIDER_METADATA.to_owned(),
            json(site, &provider_metadata(renderer))?,
        ),
    };
    Ok(Output { path, bytes })
}

/// `value` as pretty-printed JSON ending in a newline.
fn json(site: &Site, value: &impl Serialize) -> Result<Vec<u8>, SiteError> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| SiteError::at(&site.paths.content, format!("CSAF: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `/document/publisher` and the provider metadata's `publisher`: the team as a coordinator.
#[derive(Serialize)]
struct Publisher<'a> {
    category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_details: Option<&'a str>,
    name: &'a str,
    namespace: &'a str,
}

impl<'a> Publisher<'a> {
    fn of(site: &'a Site) -> Self {
        let team = &site.config.team;
        Publisher {
            category: "coordinator",
            contact_details: Some(team.email.as_str()).filter(|e| !e.trim().is_empty()),
            name: &team.name,
            namespace: &site.config.base_url,
        }
    }
}

/// A CSAF document (only the `document` part: an informational advisory has no products or vulnerabilities).
#[derive(Serialize)]
struct CsafDocument<'a> {
    document: Document<'a>,
}

#[derive(Serialize)]
struct Document<'a> {
    category: &'static str,
    csaf_version: &'static str,
    distribution: Distribution,
    lang: &'static str,
    notes: Vec<Note>,
    publisher: Publisher<'a>,
    references: Vec<Reference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_lang: Option<&'static str>,
    title: &'a str,
    tracking: Tracking<'a>,
}

#[derive(Serialize)]
struct Distribution {
    text: String,
    tlp: TlpLabel,
}

#[derive(Serialize)]
struct TlpLabel {
    label: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct Note {
    category: &'static str,
    text: String,
    title: &'static str,
}

#[derive(Serialize)]
struct Reference {
    category: &'static str,
    summary: String,
    url: String,
}

#[derive(Serialize)]
struct Tracking<'a> {
    current_release_date: String,
    generator: Generator,
    id: &'a str,
    initial_release_date: String,
    revision_history: Vec<Revision>,
    status: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Generator {
    engine: Engine,
}

#[derive(Serialize)]
struct Engine {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Revision {
    date: String,
    number: &'static str,
    summary: &'static str,
}

/// The CSAF document of `advisory`.
fn document(renderer: &Renderer<'_>, advisory: &Advisory<'_>) -> Result<Vec<u8>, SiteError> {
    let site = renderer.site;
    let base_url = &site.config.base_url;
    let page = advisory.page;
    let lang = page.lang;
    let translation = site.content.translation(page);

    let mut notes = Vec::new();
    if let Some(description) = page
        .front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        notes.push(Note {
            category: "summary",
            text: description.trim().to_owned(),
            title: lang.pick("Ringkasan", "Summary"),
        });
    }
    let body = plain_text(&page.body.html, base_url);
    if !body.is_empty() {
        notes.push(Note {
            category: "description",
            text: body,
            title: lang.pick("Isi peringatan", "The advisory"),
        });
    }
    if notes.is_empty() {
        notes.push(Note {
            category: "general",
            text: page.front.title.clone(),
            title: lang.pick("Peringatan", "Advisory"),
        });
    }
    let disclaimer = site.config.rfc2350.disclaimers.get(lang).trim();
    if !disclaimer.is_empty() {
        notes.push(Note {
            category: "legal_disclaimer",
            text: disclaimer.to_owned(),
            title: lang.pick("Penafian", "Disclaimer"),
        });
    }

    let own = [
        Reference {
            category: "self",
            summary: lang
                .pick(
                    "Peringatan ini di situs web",
                    "This advisory on the website",
                )
                .to_owned(),
            url: format!("{base_url}{}", page.path),
        },
        Reference {
            category: "self",
            summary: lang
                .pick("Dokumen CSAF ini", "This CSAF document")
                .to_owned(),
            url: advisory.url(base_url),
        },
    ];
    let published_translation =
        translation.and_then(|t| Advisory::of(site, renderer.advisories, t));
    let other = published_translation.iter().flat_map(|other| {
        [
            Reference {
                category: "self",
                summary: lang
                    .pick(
                        "Dokumen CSAF terjemahan bahasa Inggrisnya",
                        "The CSAF document of the Indonesian original",
                    )
                    .to_owned(),
                url: other.url(base_url),
            },
            Reference {
                category: "self",
                summary: lang
                    .pick(
                        "Terjemahan bahasa Inggrisnya di situs web",
                        "The Indonesian original on the website",
                    )
                    .to_owned(),
                url: format!("{base_url}{}", other.page.path),
            },
        ]
    });
    // An English advisory is the translation of the Indonesian one, whose document comes first (as section 9.1.9
    // of the standard asks of translations).
    let mut references: Vec<Reference> = match lang {
        Lang::Id => own.into_iter().chain(other).collect(),
        Lang::En => other.chain(own).collect(),
    };
    let external = external_links(&page.body.html);
    // The informational advisory profile asks for a reference to more on the issue elsewhere (section 4.3,
    // test 6.1.27.2); an advisory that links nowhere is a document of the base profile instead.
    let category = if external.is_empty() {
        "csaf_base"
    } else {
        "csaf_informational_advisory"
    };
    references.extend(external.into_iter().map(|(url, summary)| Reference {
        category: "external",
        summary,
        url,
    }));

    let released = timestamp(advisory.date);
    let clear = Tlp::Clear.label();
    let document = CsafDocument {
        document: Document {
            category,
            csaf_version: "2.0",
            distribution: Distribution {
                text: format!("{}: {}", clear.marking, clear.definition.get(lang)),
                tlp: TlpLabel {
                    label: "WHITE",
                    url: "https://www.first.org/tlp/",
                },
            },
            lang: lang.code(),
            notes,
            publisher: Publisher::of(site),
            references,
            // The English advisory is the translation of the Indonesian one.
            source_lang: (lang == Lang::En && translation.is_some()).then_some(Lang::Id.code()),
            title: &page.front.title,
            tracking: Tracking {
                current_release_date: released.clone(),
                generator: Generator {
                    engine: Engine {
                        name: env!("CARGO_PKG_NAME"),
                        version: env!("CARGO_PKG_VERSION"),
                    },
                },
                id: &advisory.id,
                initial_release_date: released.clone(),
                revision_history: vec![Revision {
                    date: released,
                    number: "1",
                    summary: lang.pick("Terbitan pertama", "Initial release"),
                }],
                status: "final",
                version: "1",
            },
        },
    };
    json(site, &document)
}

#[derive(Serialize)]
struct RolieFeed<'a> {
    feed: Feed<'a>,
}

#[derive(Serialize)]
struct Feed<'a> {
    category: [Category; 1],
    entry: Vec<Entry<'a>>,
    id: String,
    link: [Link; 1],
    title: String,
    updated: String,
}

#[derive(Serialize)]
struct Category {
    scheme: &'static str,
    term: &'static str,
}

#[derive(Serialize)]
struct Link {
    href: String,
    rel: &'static str,
}

#[derive(Serialize)]
struct Entry<'a> {
    content: Content,
    format: Format,
    id: String,
    link: Vec<Link>,
    published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary<'a>>,
    title: &'a str,
    updated: String,
}

#[derive(Serialize)]
struct Content {
    src: String,
    #[serde(rename = "type")]
    media_type: &'static str,
}

#[derive(Serialize)]
struct Format {
    schema: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    content: &'a str,
}

/// The lower-case, hyphenated team name that prefixes the feed's ID.
fn team_slug(site: &Site) -> String {
    file_name(&site.config.team.name)
        .trim_end_matches(".json")
        .to_owned()
}

/// The newest release date of the published documents (the build date when there is none).
fn last_updated(renderer: &Renderer<'_>) -> String {
    timestamp(
        advisories(renderer)
            .first()
            .map_or(renderer.today, |a| a.date),
    )
}

/// The ROLIE feed of every published document, newest first, each with its hash files.
fn feed<'a>(renderer: &Renderer<'a>) -> Result<RolieFeed<'a>, SiteError> {
    let site = renderer.site;
    let base_url = &site.config.base_url;
    let mut entries = Vec::new();
    for advisory in advisories(renderer) {
        let url = advisory.url(base_url);
        let mut link = vec![Link {
            href: url.clone(),
            rel: "self",
        }];
        link.extend(HashAlgorithm::ALL.map(|algorithm| Link {
            href: format!("{url}.{}", algorithm.extension()),
            rel: "hash",
        }));
        let released = timestamp(advisory.date);
        entries.push(Entry {
            content: Content {
                src: url,
                media_type: "application/json",
            },
            format: Format {
                schema: SCHEMA,
                version: "2.0",
            },
            link,
            published: released.clone(),
            summary: advisory
                .page
                .front
                .description
                .as_deref()
                .map(|content| Summary { content }),
            title: &advisory.page.front.title,
            updated: released,
            id: advisory.id,
        });
    }
    Ok(RolieFeed {
        feed: Feed {
            category: [Category {
                scheme: "urn:ietf:params:rolie:category:information-type",
                term: "csaf",
            }],
            entry: entries,
            id: format!("{}-csaf-feed-tlp-white", team_slug(site)),
            link: [Link {
                href: format!("{base_url}/{FEED}"),
                rel: "self",
            }],
            title: format!("{} CSAF feed (TLP:WHITE)", site.config.team.name),
            updated: last_updated(renderer),
        },
    })
}

#[derive(Serialize)]
struct ProviderMetadata<'a> {
    canonical_url: String,
    distributions: [DistributionPoint; 2],
    last_updated: String,
    #[serde(rename = "list_on_CSAF_aggregators")]
    list_on_csaf_aggregators: bool,
    metadata_version: &'static str,
    #[serde(rename = "mirror_on_CSAF_aggregators")]
    mirror_on_csaf_aggregators: bool,
    publisher: Publisher<'a>,
    role: &'static str,
}

#[derive(Serialize)]
struct DistributionPoint {
    #[serde(skip_serializing_if = "Option::is_none")]
    directory_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rolie: Option<Rolie>,
}

#[derive(Serialize)]
struct Rolie {
    feeds: [RolieFeedLink; 1],
}

#[derive(Serialize)]
struct RolieFeedLink {
    summary: String,
    tlp_label: &'static str,
    url: String,
}

/// `provider-metadata.json`: the team as a CSAF provider, its directory and its feed.
fn provider_metadata<'a>(renderer: &Renderer<'a>) -> ProviderMetadata<'a> {
    let site = renderer.site;
    let base_url = &site.config.base_url;
    ProviderMetadata {
        canonical_url: format!("{base_url}/{PROVIDER_METADATA}"),
        distributions: [
            DistributionPoint {
                directory_url: Some(format!("{base_url}/{WHITE}/")),
                rolie: None,
            },
            DistributionPoint {
                directory_url: None,
                rolie: Some(Rolie {
                    feeds: [RolieFeedLink {
                        summary: format!(
                            "All TLP:CLEAR advisories of {} (TLP:WHITE in CSAF 2.0), in Bahasa Indonesia and English.",
                            site.config.team.name
                        ),
                        tlp_label: "WHITE",
                        url: format!("{base_url}/{FEED}"),
                    }],
                }),
            },
        ],
        last_updated: last_updated(renderer),
        list_on_csaf_aggregators: true,
        metadata_version: "2.0",
        mirror_on_csaf_aggregators: true,
        publisher: Publisher::of(site),
        role: "csaf_provider",
    }
}

/// The directory listing of `white/` (`year` is `None`) or of one year's folder in it: (output path, HTML).
fn listing(renderer: &Renderer<'_>, year: Option<i32>) -> (String, Vec<u8>) {
    let advisories = advisories(renderer);
    let (dir, mut entries): (String, Vec<String>) = match year {
        None => {
            let years: BTreeSet<i32> = advisories.iter().map(|a| a.date.year()).collect();
            let mut entries: Vec<String> = years.into_iter().map(|y| format!("{y}/")).collect();
            entries.extend(["changes.csv".to_owned(), "index.txt".to_owned()]);
            (format!("/{WHITE}/"), entries)
        }
        Some(year) => {
            let mut entries = Vec::new();
            for advisory in advisories.iter().filter(|a| a.date.year() == year) {
                entries.push(advisory.file().to_owned());
                entries.extend(
                    HashAlgorithm::ALL
                        .map(|algorithm| format!("{}.{}", advisory.file(), algorithm.extension())),
                );
            }
            (format!("/{WHITE}/{year}/"), entries)
        }
    };
    entries.sort();
    // Names are the standard's file names, years and fixed names: nothing in them needs escaping.
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Index of {dir}</title>\n</head>\n<body>\n<h1>Index of {dir}</h1>\n<ul>\n"
    );
    for entry in entries {
        html.push_str(&format!("<li><a href=\"{dir}{entry}\">{entry}</a></li>\n"));
    }
    html.push_str("</ul>\n</body>\n</html>\n");
    (
        format!("{}index.html", dir.trim_start_matches('/')),
        html.into_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_section_5_1() {
        assert_eq!(
            file_name("TegalKab-CSIRT-peringatan-deface-cms-usang"),
            "tegalkab-csirt-peringatan-deface-cms-usang.json"
        );
        // The standard's own examples.
        assert_eq!(file_name("2022_#01-A"), "2022_01-a.json");
        assert_eq!(
            file_name("Example Company - 2019-YH3234"),
            "example_company_-_2019-yh3234.json"
        );
        assert_eq!(file_name("RHBA-2019:0024"), "rhba-2019_0024.json");
    }

    #[test]
    fn hashes_are_lower_case_hex() {
        assert_eq!(
            HashAlgorithm::Sha256.hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(HashAlgorithm::Sha512.hex(b"").len(), 128);
    }
}
