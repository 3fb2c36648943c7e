//! View structs: what templates see, every value already formatted as text, one file per page kind.

mod breakdown;
mod columns;
mod edition;
mod exceptions;
mod feeds;
mod page;
mod print;
mod section;
mod spc;

use std::collections::BTreeMap;

use serde::Serialize;

use super::chart::{self, Chart, Line, Reference, Stroke};
use super::{data, markdown, narrative};
use crate::compute::{
    self, Arrow, BandWords, Dot, EditionFigures, Figures, IndicatorFigures, Lifecycle, Meaning,
};
use crate::model::{
    Benchmark, BenchmarkColumn, Edition, ExtraFigure, Indicator, Judgement, Month, Page, Rule,
    Section, Settings, Site, Target,
};
use crate::routes::{Route, anchor};

pub(crate) use edition::BodyTop;
pub(crate) use feeds::FeedEntry;
pub(crate) use section::SectionBody;

/// Parts shared by every page.
#[derive(Debug, Serialize)]
pub struct Layout {
    pub lang: String,
    pub site_title: String,
    pub organisation: String,
    pub page_title: String,
    pub description: String,
    /// The absolute address of this page.
    pub canonical: String,
    /// The language for Open Graph: `en_GB` for `en-GB`.
    pub locale: String,
    /// The relative path from this page to the site root, ending in `/`, for a
    /// theme's own links to files (`{{ layout.root }}static/logo.svg`).
    pub root: String,
    /// The link from this page to the home page, which opens from disk too.
    pub home: String,
    /// The Atom feed of editions, from this page.
    pub feed: String,
    /// Each of the theme's static files, by its path under `static/`, as an address
    /// from this page: `layout.assets["style.css"]` is `../assets/style.<hash>.css`.
    pub assets: BTreeMap<String, String>,
    pub nav: Vec<Link>,
    pub breadcrumbs: Vec<Link>,
    /// Links in the footer: the accessibility statement, when the site has one.
    pub footer: Vec<Link>,
    /// The generated brand stylesheet, relative to this page.
    pub brand_css: String,
    /// The brand logo relative to this page, or empty.
    pub logo: String,
    /// The edition's print stylesheet (its running header), or empty on pages that
    /// belong to no edition.
    pub edition_css: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DotView {
    /// "↑", "↓", "→", or empty.
    pub arrow: String,
    /// The text equivalent: "improved", "declined and not on target", "new".
    pub label: String,
    /// A class for colour and shape: "dot-improved", "dot-declined-off" ...
    pub class: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RagView {
    /// The rating's word, as the site labels it: "Green", "Amber" or "Yellow".
    pub word: String,
    /// "rag-red", "rag-amber", "rag-green" or "rag-none".
    pub class: String,
    pub reason: String,
}

const MISSING: &str = "–";
/// The slug of the free page linked from every page's footer.
pub const ACCESSIBILITY_STATEMENT: &str = "accessibility-statement";

/// Builds views for one site. Holds only borrowed, immutable inputs.
pub struct Views<'a> {
    /// The site: its settings, editions and free pages.
    pub site: &'a Site,
    /// The sections with their indicators as the edition being shown saw them
    /// ([`Site::as_of`]), or as they are for pages of no edition.
    pub sections: &'a [Section],
    /// Output paths of the theme's static files, by their path under `static/`.
    pub assets: &'a BTreeMap<String, String>,
}

impl<'a> Views<'a> {
    fn settings(&self) -> &Settings {
        &self.site.settings
    }

    fn base_url(&self) -> &str {
        &self.settings().base_url
    }

    /// The link from page `here` to `to`.
    fn link(&self, here: &Route, to: &Route) -> String {
        here.link_to(to, self.base_url())
    }

    /// The layout for the page `here`. `edition` is the edition whose print
    /// stylesheet the page uses, if any; `breadcrumbs` are the pages above it.
    pub fn layout(
        &self,
        here: &Route,
        page_title: &str,
        description: String,
        edition: Option<Month>,
        breadcrumbs: Vec<(Route, String)>,
    ) -> Layout {
        let s = self.settings();
        let link = |to: &Route| self.link(here, to);
        // The 404 page is shown at any address, so it marks no page as current.
        let current = |to: &Route| to == here && *here != Route::NotFound;
        let mut nav = vec![Link {
            href: link(&Route::Home),
            label: "Latest report".into(),
            current: current(&Route::Home),
        }];
        for page in &self.site.pages {
            let route = Route::Page(page.slug.clone());
            nav.push(Link {
                href: link(&route),
                label: page.title.clone(),
                current: current(&route),
            });
        }
        let footer = self
            .site
            .pages
            .iter()
            .filter(|p| p.slug == ACCESSIBILITY_STATEMENT)
            .map(|p| {
                let route = Route::Page(p.slug.clone());
                Link {
                    href: link(&route),
                    label: p.title.clone(),
                    current: current(&route),
                }
            })
            .collect();
        let canonical = match here {
            Route::NotFound => Route::Home.url(&s.base_url),
            _ => here.url(&s.base_url),
        };
        Layout {
            footer,
            brand_css: link(&Route::BrandCss),
            logo: s
                .brand
                .logo
                .as_ref()
                .map(|logo| link(&Route::Logo(logo.file_name.clone())))
                .unwrap_or_default(),
            edition_css: edition
                .map(|m| link(&Route::EditionCss(m)))
                .unwrap_or_default(),
            lang: s.language.clone(),
            site_title: s.title.clone(),
            organisation: s.organisation.clone(),
            page_title: page_title.to_string(),
            description,
            canonical,
            locale: s.language.replace('-', "_"),
            feed: link(&Route::Feed),
            assets: self
                .assets
                .iter()
                .map(|(name, path)| (name.clone(), here.link_to_path(path, &s.base_url)))
                .collect(),
            breadcrumbs: breadcrumbs
                .into_iter()
                .map(|(route, label)| Link {
                    href: link(&route),
                    label,
                    current: false,
                })
                .collect(),
            root: here.link_to_path(&Route::Home.path(), &s.base_url),
            home: link(&Route::Home),
            nav,
        }
    }

    /// The year the benchmarks describe, as the first indicator that gives one says:
    /// the headings of benchmark columns name it.
    fn benchmark_year(&self) -> String {
        self.sections
            .iter()
            .flat_map(|s| &s.indicators)
            .find_map(|i| i.benchmarks.as_ref().and_then(|b| b.year))
            .map(|y| y.to_string())
            .unwrap_or_default()
    }

    pub fn dot(&self, figures: &Figures) -> DotView {
        let label = match figures.lifecycle {
            Lifecycle::New => "new",
            Lifecycle::NotStarted => "not yet reported",
            // An ended measure is shown only as an old measure, in the site's words.
            Lifecycle::Ended => &self.settings().words.old_measure,
            Lifecycle::Live if figures.judgement.is_some() => "judged, not measured",
            Lifecycle::Live if figures.value.is_none() => "no figure this month",
            Lifecycle::Live => "no previous month to compare",
        };
        self.dot_view(figures.dot, label)
    }

    /// The direction of travel from the same month a year before.
    pub fn dot_year(&self, figures: &Figures) -> DotView {
        let label = match figures.lifecycle {
            Lifecycle::Ended => &self.settings().words.old_measure,
            _ if figures.value.is_none() => "no figure this month",
            _ => "no figure a year before",
        };
        self.dot_view(figures.dot_year, label)
    }

    /// A direction of travel as a page shows it; `none` is said when there is none.
    fn dot_view(&self, dot: Option<Dot>, none: &str) -> DotView {
        let Some(dot) = dot else {
            return DotView {
                arrow: String::new(),
                label: none.into(),
                class: "dot-none".into(),
            };
        };
        let arrow = match dot.arrow {
            Arrow::Up => "↑",
            Arrow::Down => "↓",
            Arrow::Same => "→",
        };
        let class = match (dot.meaning, dot.on_target) {
            (Meaning::Improved, _) => "dot-improved",
            (Meaning::Declined, Some(true)) => "dot-declined-on",
            (Meaning::Declined, _) => "dot-declined-off",
            (Meaning::NoChange, Some(false)) => "dot-same-off",
            (Meaning::NoChange, _) => "dot-same-on",
            (Meaning::Increased | Meaning::Decreased | Meaning::Stable, _) => "dot-info",
        };
        let label = dot.words(self.settings().direction.shows, &self.settings().words);
        DotView {
            arrow: arrow.into(),
            label,
            class: class.into(),
        }
    }

    pub fn rag(&self, figures: &Figures) -> RagView {
        let rag = figures.rag.as_ref();
        RagView {
            word: compute::rag_word(&self.settings().labels, rag.map(|r| r.rag)).to_string(),
            class: format!("rag-{}", rag.map_or("none", |r| r.rag.as_str())),
            reason: rag.map_or_else(
                || "No target applies to this month".into(),
                |r| r.reason.clone(),
            ),
        }
    }
}

/// The breadcrumb trail of a page inside an edition: home, then the edition.
fn edition_crumbs(month: Month) -> Vec<(Route, String)> {
    vec![
        (Route::Home, "Home".into()),
        (Route::Edition(month), month.long_name()),
    ]
}

/// An indicator's sparkline: the line its chart plots, the year to date where it is
/// rated on that, over the months of the chart.
fn sparkline(shown: &IndicatorFigures) -> String {
    let i = shown.indicator;
    let name = |m: Option<&(Month, Option<f64>)>| m.map(|(m, _)| m.short_name());
    let (first, last) = (name(shown.trend.first()), name(shown.trend.last()));
    let monthly: Vec<Option<f64>>;
    let (name, values) = if shown.rated_on_ytd {
        ("Year to date", &shown.trend_ytd)
    } else {
        monthly = shown.trend.iter().map(|(_, v)| *v).collect();
        ("Trend", &monthly)
    };
    chart::sparkline(
        name,
        (&first.unwrap_or_default(), &last.unwrap_or_default()),
        values,
        &|v| i.format(v),
    )
}

fn fmt(i: &Indicator, value: Option<f64>) -> String {
    value.map_or_else(|| MISSING.to_string(), |v| i.format(v))
}

/// The indicator's benchmark under each of the site's columns, in order: a figure
/// formatted in its unit, the words it gives ("Local indicator"), or a dash.
fn benchmarks(i: &Indicator, columns: &[BenchmarkColumn]) -> Vec<String> {
    columns
        .iter()
        .map(
            |c| match i.benchmarks.as_ref().and_then(|b| b.values.get(&c.key)) {
                Some(Benchmark::Figure(v)) => i.format(*v),
                Some(Benchmark::Text(t)) => t.clone(),
                None => MISSING.to_string(),
            },
        )
        .collect()
}

/// A qualitative measure's judgement as a tag: its word, and a class that gives it a
/// shape as well as a colour, as the RAG tags have.
#[derive(Debug, Clone, Serialize)]
pub struct JudgementView {
    /// "Positive", "Similar", "Negative" or "Not judged".
    pub word: String,
    /// "judgement-positive", "judgement-similar", "judgement-negative" or
    /// "judgement-none".
    pub class: String,
}

impl JudgementView {
    pub fn of(judgement: Option<Judgement>) -> JudgementView {
        JudgementView {
            word: judgement.map_or("Not judged", Judgement::word).into(),
            class: format!("judgement-{}", judgement.map_or("none", Judgement::as_str)),
        }
    }
}

/// A month's entry in a table: the figure, or a qualitative measure's judgement.
fn entry(i: &Indicator, value: Option<f64>, judgement: Option<Judgement>) -> String {
    if i.is_qualitative() {
        judgement.map_or(MISSING, Judgement::word).to_string()
    } else {
        fmt(i, value)
    }
}

/// An owner or accountable role as shown: the role, or empty.
fn role(text: &Option<String>) -> String {
    text.clone().unwrap_or_default()
}

/// The Red, Amber and Green cells of the summary table, in the rating's own words.
fn bands(i: &Indicator, t: &Target) -> (String, String, String) {
    let BandWords { red, amber, green } = BandWords::of(i, &t.rule);
    let ytd = if t.applies_to == crate::model::AppliesTo::Ytd {
        " (YTD)"
    } else {
        ""
    };
    (red, amber, format!("{green}{ytd}"))
}

fn target_words(i: &Indicator, t: &Target) -> String {
    let (r, a, g) = bands(i, t);
    format!("{}: Green {g}; Amber {a}; Red {r}", t.year)
}

/// "2016-01-18" as "18 January 2016"; other text is shown as written.
fn long_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts[..]
        && let (Ok(month), Ok(day)) = (format!("{y}-{m}").parse::<Month>(), d.parse::<u8>())
    {
        let name = month.long_name();
        return format!("{day} {name}");
    }
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates() {
        assert_eq!(long_date("2016-01-18"), "18 January 2016");
    }
}
