//! The Hall of Fame split into pages, newest first, so that a closure changes as little of the site as it can.
//!
//! Entries come newest first. Numbered pages hold [`PAGE_SIZE`] entries each, counted from the oldest: page 1
//! holds the oldest hundred, page 2 the next, and so on; the Hall of Fame's own page (the index, at its usual
//! address) holds the newest entries, between [`PAGE_SIZE`] and twice that less one once there are numbered
//! pages (all of them while there are fewer than twice [`PAGE_SIZE`]). A new entry is the newest, so it lands on
//! the index; a numbered page keeps its entries and its address for good. A closure therefore changes the index
//! only, except once every [`PAGE_SIZE`] closures, when the oldest hundred of the index become a new numbered
//! page and the few pages before it gain a link to it.
//!
//! Addresses: `/hall-of-fame/halaman/3/` in Bahasa Indonesia, `/en/hall-of-fame/page/3/` in English (under the
//! Hall of Fame page's own address, whatever its slug).

use std::hash::{Hash, Hasher};
use std::ops::Range;

use csirt_domain::lang::Lang;
use csirt_domain::publication::Publication;
use serde::Serialize;

/// Entries on a numbered page.
pub const PAGE_SIZE: usize = 100;

/// How many entries there are and how many numbered pages they fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Entries in all.
    pub total: usize,
    /// Numbered pages (1 to this); 0 when the index holds every entry.
    pub numbered: usize,
}

impl Split {
    /// The split of `total` entries.
    pub fn of(total: usize) -> Split {
        Split {
            total,
            numbered: (total / PAGE_SIZE).saturating_sub(1),
        }
    }

    /// The positions (in the newest-first list) of the entries on the index (`None`) or on numbered page
    /// `Some(k)`.
    pub fn entries(&self, page: Option<usize>) -> Range<usize> {
        match page {
            None => 0..self.total - self.numbered * PAGE_SIZE,
            Some(k) => self.total - k * PAGE_SIZE..self.total - (k - 1) * PAGE_SIZE,
        }
    }

    /// The links between pages shown on the index (`None`) or numbered page `Some(k)`.
    pub fn pager(&self, page: Option<usize>) -> Pager {
        if self.numbered == 0 {
            return Pager::default();
        }
        let last = self.numbered;
        let current = page.unwrap_or(last + 1);
        let newer = match page {
            None => None,
            Some(k) if k == last => Some(Target::Index),
            Some(k) => Some(Target::Number(k + 1)),
        };
        let older = (current > 1).then(|| Target::Number(current - 1));
        // Newest first: the index, two pages either side of the current one, and page 1.
        let mut items = vec![Item::Link(Target::Index)];
        let high = (current + 2).min(last);
        let low = current.saturating_sub(2).max(1);
        // A gap stands for two pages or more; one page left out is shown instead.
        if high + 1 == last {
            items.push(Item::Link(Target::Number(last)));
        } else if high < last {
            items.push(Item::Gap);
        }
        for k in (low..=high).rev() {
            items.push(Item::Link(Target::Number(k)));
        }
        if low == 3 {
            items.push(Item::Link(Target::Number(2)));
        } else if low > 3 {
            items.push(Item::Gap);
        }
        if low > 1 {
            items.push(Item::Link(Target::Number(1)));
        }
        Pager {
            current: page,
            newer,
            older,
            items,
        }
    }

    /// A fingerprint of what numbered page `k` shows (its entries and its links), whatever the language: equal
    /// fingerprints mean the page renders the same, as long as the templates do.
    pub fn fingerprint(&self, export: &Publication, k: usize) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        k.hash(&mut hasher);
        self.pager(Some(k)).hash(&mut hasher);
        for entry in &export.hall_of_fame[self.entries(Some(k))] {
            entry.alias.hash(&mut hasher);
            entry.closed_on.hash(&mut hasher);
            entry.incident_class.hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// Where a page link goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The Hall of Fame's own page, with the newest entries.
    Index,
    /// Numbered page k.
    Number(usize),
}

/// One item of the numbered list of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// A link to a page.
    Link(Target),
    /// Pages left out.
    Gap,
}

/// The links of one page, whatever the language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Pager {
    /// The page they are on: `None` for the index.
    pub current: Option<usize>,
    /// The page with the next newer entries.
    pub newer: Option<Target>,
    /// The page with the next older entries.
    pub older: Option<Target>,
    /// The list of pages, newest first (empty when there is only the index).
    pub items: Vec<Item>,
}

/// The URL path segment before a page number: `/hall-of-fame/halaman/3/`, `/en/hall-of-fame/page/3/`.
fn segment(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "halaman",
        Lang::En => "page",
    }
}

/// The URL path of the page `target` of the Hall of Fame whose own page is at `index` (ending in `/`).
pub fn path(index: &str, lang: Lang, target: Target) -> String {
    match target {
        Target::Index => index.to_owned(),
        Target::Number(k) => format!("{index}{}/{k}/", segment(lang)),
    }
}

/// One link of the list of pages as templates see it.
#[derive(Debug, Serialize)]
pub struct ItemView {
    /// Link text: the page's number, or the word for the newest page.
    pub label: String,
    /// Where it goes; empty for a gap.
    pub href: String,
    /// Whether it is the page shown.
    pub current: bool,
    /// Whether it stands for pages left out.
    pub gap: bool,
    /// The page's number; `None` for the index and for a gap.
    pub number: Option<usize>,
}

/// The links of one page as templates see them.
#[derive(Debug, Serialize)]
pub struct PagerView {
    /// The page's number; `None` on the index.
    pub number: Option<usize>,
    /// The next newer page.
    pub newer: Option<String>,
    /// The next older page.
    pub older: Option<String>,
    /// The list of pages, newest first; empty when there is only one page.
    pub items: Vec<ItemView>,
}

impl PagerView {
    /// `pager` in `lang` for the Hall of Fame at `index`; `newest` names the index in the list.
    pub fn of(pager: &Pager, index: &str, lang: Lang, newest: &str) -> Self {
        let href = |target: Target| path(index, lang, target);
        let current = pager.current.map_or(Target::Index, Target::Number);
        PagerView {
            number: pager.current,
            newer: pager.newer.map(href),
            older: pager.older.map(href),
            items: pager
                .items
                .iter()
                .map(|item| match *item {
                    Item::Gap => ItemView {
                        label: "…".to_owned(),
                        href: String::new(),
                        current: false,
                        gap: true,
                        number: None,
                    },
                    Item::Link(target) => ItemView {
                        label: match target {
                            Target::Index => newest.to_owned(),
                            Target::Number(k) => k.to_string(),
                        },
                        href: href(target),
                        current: target == current,
                        gap: false,
                        number: match target {
                            Target::Index => None,
                            Target::Number(k) => Some(k),
                        },
                    },
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_pages_are_full_and_counted_from_the_oldest() {
        assert_eq!(Split::of(0).numbered, 0);
        assert_eq!(Split::of(199).numbered, 0);
        assert_eq!(Split::of(199).entries(None), 0..199);
        let split = Split::of(450);
        assert_eq!(split.numbered, 3);
        assert_eq!(split.entries(None), 0..150);
        assert_eq!(split.entries(Some(3)), 150..250);
        assert_eq!(split.entries(Some(1)), 350..450);
        // One more entry: every numbered page keeps its entries.
        let next = Split::of(451);
        for k in 1..=3 {
            assert_eq!(
                next.entries(Some(k)).len(),
                PAGE_SIZE,
                "page {k} stays full"
            );
            assert_eq!(
                next.entries(Some(k)).start - 1,
                split.entries(Some(k)).start
            );
        }
    }

    #[test]
    fn a_closure_changes_no_numbered_page_but_at_a_new_page() {
        let entries = |n: usize| {
            let mut export = Publication::default();
            for i in (0..n).rev() {
                export
                    .hall_of_fame
                    .push(csirt_domain::publication::HallOfFameEntry {
                        alias: format!("a{i}"),
                        closed_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                            + chrono::Days::new(i as u64),
                        incident_class: "fraud".into(),
                    });
            }
            export
        };
        let changed = |before: usize| {
            let (old, new) = (entries(before), entries(before + 1));
            let (a, b) = (Split::of(before), Split::of(before + 1));
            (1..=b.numbered)
                .filter(|&k| k > a.numbered || a.fingerprint(&old, k) != b.fingerprint(&new, k))
                .collect::<Vec<_>>()
        };
        assert_eq!(changed(1_234), Vec::<usize>::new());
        assert_eq!(
            changed(1_299),
            [8, 9, 10, 11, 12],
            "a new page 12, and links to it"
        );
    }

    #[test]
    fn the_pager_links_newer_and_older_pages_newest_first() {
        let split = Split::of(1_050); // index and pages 1 to 9
        let index = split.pager(None);
        assert_eq!((index.newer, index.older), (None, Some(Target::Number(9))));
        assert_eq!(
            index.items,
            [
                Item::Link(Target::Index),
                Item::Link(Target::Number(9)),
                Item::Link(Target::Number(8)),
                Item::Gap,
                Item::Link(Target::Number(1))
            ]
        );
        let fifth = split.pager(Some(5));
        assert_eq!(
            (fifth.newer, fifth.older),
            (Some(Target::Number(6)), Some(Target::Number(4)))
        );
        assert_eq!(fifth.items.len(), 9, "{:?}", fifth.items);
        assert_eq!(split.pager(Some(9)).newer, Some(Target::Index));
        assert_eq!(split.pager(Some(1)).older, None);
        let view = PagerView::of(&fifth, "/en/hall-of-fame/", Lang::En, "Newest");
        assert_eq!(view.newer.as_deref(), Some("/en/hall-of-fame/page/6/"));
        assert_eq!(view.items[0].label, "Newest");
        assert!(view.items.iter().any(|i| i.current && i.label == "5"));
        assert_eq!(
            path("/hall-of-fame/", Lang::Id, Target::Number(2)),
            "/hall-of-fame/halaman/2/"
        );
    }
}
