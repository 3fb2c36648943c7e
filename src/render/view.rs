//! View structs: what templates see, every value already formatted as text.

use std::collections::BTreeMap;

use serde::Serialize;

use super::chart::{self, Chart, Line, Reference, Stroke};
use super::{data, markdown, narrative};
use crate::compute::{
    self, Arrow, BandWords, EditionFigures, Figures, IndicatorFigures, Lifecycle, Meaning,
};
use crate::model::{Edition, Indicator, Month, Page, Rule, Section, Settings, Site, Target};
use crate::routes::{Route, anchor};

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
    /// The relative path from this page to the site root, ending in `/`.
    pub root: String,
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

/// One row of the performance summary table.
#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub number: String,
    pub title: String,
    pub href: String,
    pub polarity: String,
    pub data_note: String,
    pub last_three: Vec<String>,
    pub ytd: String,
    pub dot: DotView,
    pub rag: RagView,
    pub red: String,
    pub amber: String,
    pub green: String,
    pub outturns: Vec<String>,
    pub benchmarks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SummaryGroup {
    pub id: String,
    pub title: String,
    pub href: String,
    pub rows: Vec<SummaryRow>,
}

/// The performance summary table of one edition.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub caption: String,
    pub months: Vec<String>,
    pub ytd_heading: String,
    pub outturn_years: Vec<String>,
    pub benchmark_year: String,
    /// What the direction-of-travel arrows mean on this site.
    pub arrow_note: String,
    pub groups: Vec<SummaryGroup>,
    /// How many columns the table has, for the section rows that span them all.
    pub columns: String,
}

#[derive(Debug, Serialize)]
pub struct EditionLink {
    pub href: String,
    pub label: String,
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct EditionPage {
    pub layout: Layout,
    pub edition: EditionBody,
}

/// The cover, narrative and summary table, shared by an edition and the home page.
#[derive(Debug, Serialize)]
pub struct EditionBody {
    pub month: String,
    /// "December 2015".
    pub month_name: String,
    pub label: String,
    pub status: String,
    pub created: String,
    /// When the edition was last corrected, as "10 February 2016", or empty.
    pub updated: String,
    pub author: String,
    pub summary_html: String,
    pub sections: Vec<Link>,
    pub summary: Summary,
    pub report_json: String,
    pub report_csv: String,
    /// The absolute addresses of the two data files, shown when printed.
    pub report_json_url: String,
    pub report_csv_url: String,
    pub exceptions: String,
    /// The whole report on one page, for printing.
    pub print: String,
}

#[derive(Debug, Serialize)]
pub struct LandingPage {
    pub layout: Layout,
    pub edition: EditionBody,
    pub editions: Vec<EditionLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub anchor: String,
    pub number: String,
    pub title: String,
    pub unit: String,
    pub polarity: String,
    pub data_note: String,
    pub notes: Vec<String>,
    pub value: String,
    pub ytd: String,
    pub dot: DotView,
    pub rag: RagView,
    pub target: String,
    pub chart_svg: String,
    pub chart_rows: Vec<ChartRow>,
    /// The chart's data as CSV: its address relative to the page, its absolute
    /// address (shown when printed) and its format and size, "CSV, 312 bytes".
    pub csv_href: String,
    pub csv_url: String,
    pub csv_size: String,
    /// The CSV file itself, written beside the section page.
    #[serde(skip)]
    pub csv: String,
    /// The CSV file's path from the site root.
    #[serde(skip)]
    pub csv_path: String,
}

/// One row of a chart's data table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    pub month: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthlyRow {
    pub number: String,
    pub title: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnualRow {
    pub number: String,
    pub title: String,
    pub outturns: Vec<String>,
    pub ytd: String,
    pub benchmarks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionPage<'a> {
    pub layout: Layout,
    pub section: &'a SectionBody,
}

/// One section of an edition, shared by the section page and the printable report.
#[derive(Debug, Clone, Serialize)]
pub struct SectionBody {
    /// The section's id, which prefixes the ids of its headings.
    pub id: String,
    pub edition_label: String,
    pub title: String,
    pub definition_html: String,
    pub analysis_html: String,
    pub fy: String,
    pub months: Vec<String>,
    pub monthly: Vec<MonthlyRow>,
    pub outturn_years: Vec<String>,
    pub benchmark_year: String,
    pub annual: Vec<AnnualRow>,
    pub panels: Vec<Panel>,
}

impl SectionBody {
    /// The section as shown on the page `here`, with its links from there.
    pub fn seen_from(&self, here: &Route, base_url: &str) -> SectionBody {
        let mut body = self.clone();
        for panel in &mut body.panels {
            panel.csv_href = here.link_to_path(&panel.csv_path, base_url);
        }
        body
    }
}

/// The whole edition on one page: the cover and summary, then every section.
#[derive(Debug, Serialize)]
pub struct PrintPage {
    pub layout: Layout,
    pub edition: EditionBody,
    pub sections: Vec<SectionBody>,
}

#[derive(Debug, Serialize)]
pub struct ExceptionGroup {
    pub heading: String,
    pub items: Vec<ExceptionItem>,
}

#[derive(Debug, Serialize)]
pub struct ExceptionItem {
    pub number: String,
    pub title: String,
    pub href: String,
    pub section: String,
    pub value: String,
    pub dot: DotView,
    pub rag: RagView,
}

#[derive(Debug, Serialize)]
pub struct ExceptionsPage {
    pub layout: Layout,
    pub edition_label: String,
    pub groups: Vec<ExceptionGroup>,
}

#[derive(Debug, Serialize)]
pub struct FreePage {
    pub layout: Layout,
    pub title: String,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct NotFoundPage {
    pub layout: Layout,
}

const MISSING: &str = "–";
/// The slug of the free page linked from every page's footer.
pub const ACCESSIBILITY_STATEMENT: &str = "accessibility-statement";
pub const BENCHMARK_HEADINGS: [&str; 4] = [
    "Statistical neighbour average",
    "Best statistical neighbour",
    "National average",
    "National top quartile",
];

/// The Atom feed of editions, newest first, so readers can subscribe to new reports.
#[derive(Debug, Serialize)]
pub struct Feed {
    pub lang: String,
    pub title: String,
    pub subtitle: String,
    /// The site's address, which is also the feed's id.
    pub site_url: String,
    pub self_url: String,
    pub author: String,
    /// RFC 3339: the newest entry's date.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    /// RFC 3339: the created date, or the month after the edition's month.
    pub published: String,
    /// RFC 3339: the correction date when there is one, else `published`.
    pub updated: String,
    pub summary: String,
    /// The edition's summary narrative as HTML; the template escapes it for Atom.
    pub content_html: String,
}

/// `sitemap.xml`: every page a search engine should know, by its absolute address.
#[derive(Debug, Serialize)]
pub struct Sitemap {
    pub urls: Vec<SitemapUrl>,
}

#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// `YYYY-MM-DD`, or empty when a page has no date of its own.
    pub lastmod: String,
}

/// `robots.txt`.
#[derive(Debug, Serialize)]
pub struct Robots {
    pub sitemap: String,
}

/// Builds views for one site. Holds only borrowed, immutable inputs.
pub struct Views<'a> {
    pub site: &'a Site,
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
            root: link(&Route::Home),
            nav,
        }
    }

    pub fn not_found(&self) -> NotFoundPage {
        NotFoundPage {
            layout: self.layout(
                &Route::NotFound,
                "Page not found",
                "The page you asked for is not here.".into(),
                None,
                vec![],
            ),
        }
    }

    pub fn free_page(&self, page: &Page) -> FreePage {
        let here = Route::Page(page.slug.clone());
        FreePage {
            layout: self.layout(&here, &page.title, page.title.clone(), None, vec![]),
            title: page.title.clone(),
            body_html: markdown::to_html(&page.body),
        }
    }

    /// The home page, showing the latest edition with its `figures`.
    pub fn landing(&self, figures: &EditionFigures) -> Option<LandingPage> {
        let latest = self.site.latest_edition()?;
        let here = Route::Home;
        let body = self.edition_body(latest, figures, &here);
        let editions = self
            .site
            .editions
            .iter()
            .rev()
            .map(|e| EditionLink {
                href: self.link(&here, &Route::Edition(e.month)),
                label: e.month.long_name(),
                status: e.status.clone(),
            })
            .collect();
        let layout = self.layout(
            &here,
            &self.settings().title,
            format!("Performance reports of {}", self.settings().organisation),
            Some(latest.month),
            vec![],
        );
        Some(LandingPage {
            layout,
            edition: body,
            editions,
        })
    }

    /// The edition page.
    pub fn edition(&self, edition: &Edition, figures: &EditionFigures) -> EditionPage {
        let month = edition.month;
        let here = Route::Edition(month);
        let layout = self.layout(
            &here,
            &format!("Performance report, {}", month.long_name()),
            format!("As at month end: {}", month.long_name()),
            Some(month),
            vec![(Route::Home, "Home".into())],
        );
        EditionPage {
            layout,
            edition: self.edition_body(edition, figures, &here),
        }
    }

    /// The whole edition on one page, to print as a committee paper.
    /// `sections` are the edition's section bodies as [`Views::section_body`] made them.
    pub fn print(
        &self,
        edition: &Edition,
        figures: &EditionFigures,
        sections: &[SectionBody],
    ) -> PrintPage {
        let month = edition.month;
        let here = Route::Print(month);
        let layout = self.layout(
            &here,
            &format!("Performance report, {}", month.long_name()),
            format!(
                "The whole performance report as at {}, for printing",
                month.long_name()
            ),
            Some(month),
            edition_crumbs(month),
        );
        let mut body = self.edition_body(edition, figures, &here);
        // The page does not link to itself.
        body.print = String::new();
        PrintPage {
            layout,
            edition: body,
            sections: sections
                .iter()
                .map(|s| s.seen_from(&here, self.base_url()))
                .collect(),
        }
    }

    /// The edition's content as the page `here` shows it.
    fn edition_body(
        &self,
        edition: &Edition,
        figures: &EditionFigures,
        here: &Route,
    ) -> EditionBody {
        let month = edition.month;
        let label = format!("As at month end: {}", month.long_name());
        let base_url = self.base_url();
        // Links in the narrative are written relative to the edition's folder.
        let edition_folder = self.link(here, &Route::Edition(month));
        let edition_folder = if edition_folder == "./" {
            String::new()
        } else {
            edition_folder
        };
        EditionBody {
            month: month.to_string(),
            month_name: month.long_name(),
            label,
            status: edition.status.clone(),
            created: edition
                .created
                .as_deref()
                .map(long_date)
                .unwrap_or_default(),
            updated: edition
                .updated
                .as_deref()
                .map(long_date)
                .unwrap_or_default(),
            author: edition.author.clone().unwrap_or_default(),
            summary_html: markdown::to_html_under(
                &narrative::expand(&edition.summary, figures, self.settings()),
                &edition_folder,
            ),
            sections: self
                .site
                .sections
                .iter()
                .map(|s| Link {
                    href: self.link(here, &Route::Section(month, s.id.clone())),
                    label: s.title.clone(),
                    current: false,
                })
                .collect(),
            summary: self.summary(figures, here),
            report_json: self.link(here, &Route::ReportJson(month)),
            report_csv: self.link(here, &Route::ReportCsv(month)),
            report_json_url: Route::ReportJson(month).url(base_url),
            report_csv_url: Route::ReportCsv(month).url(base_url),
            exceptions: self.link(here, &Route::Exceptions(month)),
            print: self.link(here, &Route::Print(month)),
        }
    }

    fn summary(&self, figures: &EditionFigures, here: &Route) -> Summary {
        let month = figures.month;
        let fy = figures.fy;
        let outturn_years = figures.outturn_years;
        let benchmark_year = self
            .site
            .indicators()
            .find_map(|i| i.benchmarks.as_ref().and_then(|b| b.year))
            .map(|y| y.to_string())
            .unwrap_or_default();
        Summary {
            caption: format!("Performance summary as at month end: {}", month.long_name()),
            months: [month.minus(2), month.prev(), month]
                .iter()
                .map(|m| m.short_name())
                .collect(),
            ytd_heading: format!("Year to date {fy}"),
            outturn_years: outturn_years.iter().map(ToString::to_string).collect(),
            benchmark_year,
            arrow_note: compute::arrow_note(self.settings().direction.shows).into(),
            groups: self
                .site
                .sections
                .iter()
                .map(|section| SummaryGroup {
                    id: section.id.clone(),
                    title: section.title.clone(),
                    href: self.link(here, &Route::Section(month, section.id.clone())),
                    rows: figures
                        .in_section(&section.id)
                        .map(|shown| {
                            let (i, f) = (shown.indicator, &shown.figures);
                            let target = i.targets_for(fy).next();
                            let (red, amber, green) =
                                target.map(|t| bands(i, t)).unwrap_or_default();
                            SummaryRow {
                                number: i.number_in(month).to_string(),
                                title: i.title.clone(),
                                href: format!(
                                    "{}#{}",
                                    self.link(here, &Route::Section(month, section.id.clone())),
                                    anchor(&i.id)
                                ),
                                polarity: i.polarity.label().into(),
                                data_note: i.data_note.clone().unwrap_or_default(),
                                last_three: f.last_three.iter().map(|(_, v)| fmt(i, *v)).collect(),
                                ytd: fmt(i, f.ytd),
                                dot: self.dot(f),
                                rag: self.rag(f),
                                red,
                                amber,
                                green,
                                outturns: shown.outturns.iter().map(|v| fmt(i, *v)).collect(),
                                benchmarks: benchmarks(i),
                            }
                        })
                        .collect(),
                })
                .collect(),
            // Number, indicator, polarity, three months, year to date, direction,
            // rating, the three bands, the outturns and the benchmarks.
            columns: (12 + outturn_years.len() + BENCHMARK_HEADINGS.len()).to_string(),
        }
    }

    pub fn dot(&self, figures: &Figures) -> DotView {
        let Some(dot) = figures.dot else {
            let label = match figures.lifecycle {
                Lifecycle::New => "new",
                Lifecycle::NotStarted => "not yet reported",
                Lifecycle::Ended => "no longer reported",
                Lifecycle::Live if figures.value.is_none() => "no figure this month",
                Lifecycle::Live => "no previous month to compare",
            };
            return DotView {
                arrow: String::new(),
                label: label.into(),
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
        let label = dot.words(self.settings().direction.shows);
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

    pub fn exceptions(&self, edition: &Edition, figures: &EditionFigures) -> ExceptionsPage {
        let month = edition.month;
        let found = &figures.exceptions;
        let section_title = |id: &str| {
            self.site
                .sections
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        };
        let here = Route::Exceptions(month);
        ExceptionsPage {
            layout: self.layout(
                &here,
                &format!("Exceptions, {}", month.long_name()),
                format!(
                    "Red ratings, declines and missing figures as at {}",
                    month.long_name()
                ),
                None,
                edition_crumbs(month),
            ),
            edition_label: format!("As at month end: {}", month.long_name()),
            groups: compute::ExceptionKind::ALL
                .iter()
                .map(|kind| ExceptionGroup {
                    heading: kind.heading().into(),
                    items: found
                        .iter()
                        .filter(|(k, _)| k == kind)
                        .map(|(_, k)| {
                            let shown = &figures.indicators[*k];
                            let (i, f) = (shown.indicator, &shown.figures);
                            ExceptionItem {
                                number: i.number_in(month).to_string(),
                                title: i.title.clone(),
                                href: format!(
                                    "{}#{}",
                                    self.link(&here, &Route::Section(month, i.section.clone())),
                                    anchor(&i.id)
                                ),
                                section: section_title(&i.section),
                                value: fmt(i, f.value),
                                dot: self.dot(f),
                                rag: self.rag(f),
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// `body` is the section's content as [`Views::section_body`] made it.
    pub fn section<'b>(
        &self,
        edition: &Edition,
        section: &Section,
        body: &'b SectionBody,
    ) -> SectionPage<'b> {
        let month = edition.month;
        let layout = self.layout(
            &Route::Section(month, section.id.clone()),
            &format!("{}, {}", section.title, month.long_name()),
            format!("{} performance as at {}", section.title, month.long_name()),
            Some(month),
            edition_crumbs(month),
        );
        SectionPage {
            layout,
            section: body,
        }
    }

    /// A section's content as its own page shows it: the charts and tables that are
    /// most of a build's work, made once and shown both on the section's page and in
    /// the printable report.
    pub fn section_body(
        &self,
        edition: &Edition,
        figures: &EditionFigures,
        section: &Section,
    ) -> SectionBody {
        let month = edition.month;
        let fy = figures.fy;
        let shown: Vec<&IndicatorFigures> = figures.in_section(&section.id).collect();
        SectionBody {
            id: section.id.clone(),
            edition_label: format!("As at month end: {}", month.long_name()),
            title: section.title.clone(),
            definition_html: markdown::to_html(&section.definition),
            analysis_html: edition
                .analysis_for(&section.id)
                .map(|text| markdown::to_html(&narrative::expand(text, figures, self.settings())))
                .unwrap_or_default(),
            fy: fy.to_string(),
            months: fy.months().map(|m| m.short_name()).collect(),
            monthly: shown
                .iter()
                .map(|s| MonthlyRow {
                    number: s.indicator.number_in(month).to_string(),
                    title: s.indicator.short.clone(),
                    // Months after the edition's are left blank, not shown as missing.
                    cells: fy
                        .months()
                        .map(|m| {
                            s.year
                                .iter()
                                .find(|(shown, _)| *shown == m)
                                .map(|(_, v)| fmt(s.indicator, *v))
                                .unwrap_or_default()
                        })
                        .collect(),
                })
                .collect(),
            outturn_years: figures
                .outturn_years
                .iter()
                .map(ToString::to_string)
                .collect(),
            benchmark_year: shown
                .iter()
                .find_map(|s| s.indicator.benchmarks.as_ref().and_then(|b| b.year))
                .map(|y| y.to_string())
                .unwrap_or_default(),
            annual: shown
                .iter()
                .map(|s| AnnualRow {
                    number: s.indicator.number_in(month).to_string(),
                    title: s.indicator.short.clone(),
                    outturns: s.outturns.iter().map(|v| fmt(s.indicator, *v)).collect(),
                    ytd: fmt(s.indicator, s.figures.ytd),
                    benchmarks: benchmarks(s.indicator),
                })
                .collect(),
            panels: shown.iter().map(|s| self.panel(s, figures)).collect(),
        }
    }

    fn panel(&self, shown: &IndicatorFigures, edition: &EditionFigures) -> Panel {
        let (i, figures) = (shown.indicator, &shown.figures);
        let month = edition.month;
        let target = i.targets_for(edition.fy).next();
        let (chart, csv) = self.chart(shown, month, target);
        let here = Route::Section(month, i.section.clone());
        let data = Route::ChartData(month, i.section.clone(), i.id.clone());
        let chart_rows = shown
            .trend
            .iter()
            .map(|(m, v)| ChartRow {
                month: m.short_name(),
                value: fmt(i, *v),
            })
            .collect();
        Panel {
            anchor: anchor(&i.id),
            number: i.number_in(month).to_string(),
            title: i.title.clone(),
            unit: i.unit.label().into(),
            polarity: i.polarity.label().into(),
            data_note: i.data_note.clone().unwrap_or_default(),
            notes: i.notes.clone(),
            value: fmt(i, figures.value),
            ytd: fmt(i, figures.ytd),
            dot: self.dot(figures),
            rag: self.rag(figures),
            target: target
                .map(|t| target_words(i, t))
                .unwrap_or_else(|| "No target".into()),
            chart_svg: chart::svg(&chart),
            chart_rows,
            csv_href: self.link(&here, &data),
            csv_url: data.url(self.base_url()),
            csv_path: data.path(),
            csv_size: format!("CSV, {}", file_size(csv.len())),
            csv,
        }
    }

    /// The trend chart: the 24 months to the edition, with the target and the
    /// national average as reference lines; with the months it shows and its data as
    /// CSV.
    fn chart(
        &self,
        shown: &IndicatorFigures,
        month: Month,
        target: Option<&Target>,
    ) -> (Chart, String) {
        let (i, figures) = (shown.indicator, &shown.figures);
        let months: Vec<Month> = shown.trend.iter().map(|(m, _)| *m).collect();
        let values: Vec<Option<f64>> = shown.trend.iter().map(|(_, v)| *v).collect();
        // Each reference line with the CSV column that carries it.
        let mut references: Vec<(&str, Reference)> = Vec::new();
        let mut reference = |column, label: String, value, stroke| {
            references.push((
                column,
                Reference {
                    label,
                    value,
                    stroke,
                },
            ));
        };
        if let Some(t) = target {
            match t.rule {
                Rule::Threshold { green: value, .. } | Rule::Band { centre: value, .. } => {
                    reference(
                        "target",
                        format!("Target {}", i.format(value)),
                        value,
                        Stroke::Dashed,
                    )
                }
                Rule::Range { min, max, .. } => {
                    reference(
                        "range_top",
                        format!("Range top {}", i.format(max)),
                        max,
                        Stroke::Dashed,
                    );
                    reference(
                        "range_foot",
                        format!("Range foot {}", i.format(min)),
                        min,
                        Stroke::Dashed,
                    );
                }
            }
        }
        let benchmarks = i.benchmarks.as_ref();
        if let Some(national) = benchmarks.and_then(|b| b.national_avg) {
            reference(
                "england_average",
                format!("England {}", i.format(national)),
                national,
                Stroke::Dotted,
            );
        }
        let title = match (figures.value, figures.dot) {
            (Some(v), Some(dot)) => format!(
                "{}: {} in {}, {}",
                i.short,
                i.format(v),
                month.long_name(),
                dot.words(self.settings().direction.shows)
            ),
            (Some(v), None) => format!("{}: {} in {}", i.short, i.format(v), month.long_name()),
            (None, _) => format!("{}: no figure for {}", i.short, month.long_name()),
        };
        let rating = figures.rag.is_some().then(|| self.rag(figures));
        let description =
            chart_description(i, &months, &values, figures, rating.as_ref(), &references);
        let csv = data::chart_csv(
            i,
            &months,
            &values,
            &references
                .iter()
                .map(|(column, r)| (*column, r.value))
                .collect::<Vec<_>>(),
        );
        // The latest figure labels the line directly: short enough for the margin,
        // and it names the series without needing a legend.
        let latest = months
            .iter()
            .zip(&values)
            .rev()
            .find_map(|(m, v)| v.map(|v| format!("{}: {}", m.axis_name(), i.format(v))))
            .unwrap_or_default();
        let chart = Chart {
            id: format!("chart-{}", anchor(&i.id)),
            title,
            description,
            x_labels: months.iter().map(|m| m.axis_name()).collect(),
            y_suffix: match i.unit {
                crate::model::Unit::Percentage => "%".into(),
                _ => String::new(),
            },
            colour: self
                .settings()
                .brand
                .colour
                .map(|c| (c.red, c.green, c.blue)),
            line: Line {
                label: latest,
                values,
            },
            references: references.into_iter().map(|(_, r)| r).collect(),
        };
        (chart, csv)
    }
}

/// The chart's `<desc>`, read by screen readers after its title: what the chart
/// shows, the latest value and its change, the target and the benchmark, the range of
/// the series and its gaps.
fn chart_description(
    i: &Indicator,
    months: &[Month],
    values: &[Option<f64>],
    figures: &Figures,
    rating: Option<&RagView>,
    references: &[(&str, Reference)],
) -> String {
    let mut text = format!(
        "Line chart of {} by month, {} to {}.",
        i.short,
        months.first().map(|m| m.long_name()).unwrap_or_default(),
        months.last().map(|m| m.long_name()).unwrap_or_default()
    );
    if let Some(v) = figures.value {
        text.push_str(&format!(" Latest {}", i.format(v)));
        match figures.previous {
            Some(p) if v > p => text.push_str(&format!(", up from {}", i.format(p))),
            Some(p) if v < p => text.push_str(&format!(", down from {}", i.format(p))),
            Some(_) => text.push_str(", the same as"),
            None => {}
        }
        if figures.previous.is_some() {
            text.push_str(" the month before");
        }
        text.push('.');
    }
    if let Some(r) = rating {
        text.push_str(&format!(" Rated {}: {}.", r.word, r.reason));
    }
    for (column, r) in references {
        let style = match r.stroke {
            Stroke::Solid => "a solid",
            Stroke::Dashed => "a dashed",
            Stroke::Dotted => "a dotted",
        };
        let what = if *column == "england_average" {
            let year = i
                .benchmarks
                .as_ref()
                .and_then(|b| b.year)
                .map(|y| format!(" ({y})"))
                .unwrap_or_default();
            format!("England average {}{year}", i.format(r.value))
        } else {
            r.label.clone()
        };
        text.push_str(&format!(" {what}, shown as {style} line."));
    }
    let shown: Vec<(Month, f64)> = months
        .iter()
        .zip(values)
        .filter_map(|(m, v)| v.map(|v| (*m, v)))
        .collect();
    let highest = shown
        .iter()
        .copied()
        .reduce(|a, b| if b.1 > a.1 { b } else { a });
    let lowest = shown
        .iter()
        .copied()
        .reduce(|a, b| if b.1 < a.1 { b } else { a });
    if let (Some(h), Some(l)) = (highest, lowest)
        && shown.len() > 1
    {
        text.push_str(&format!(
            " Highest {} in {}, lowest {} in {}.",
            i.format(h.1),
            h.0.long_name(),
            i.format(l.1),
            l.0.long_name()
        ));
    }
    let missing = values.len() - shown.len();
    if missing == 1 {
        text.push_str(" One month has no figure and shows as a gap.");
    } else if missing > 1 {
        text.push_str(&format!(
            " {missing} months have no figure and show as gaps."
        ));
    }
    text
}

/// A file size as people read it: "312 bytes", "1.4 KB", "23 KB", "1.2 MB".
fn file_size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < 10.0 * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

impl Views<'_> {
    /// The feed, with each edition's `figures` in edition order.
    pub fn feed(&self, figures: &[EditionFigures]) -> Feed {
        let s = self.settings();
        let entries: Vec<FeedEntry> = self
            .site
            .editions
            .iter()
            .zip(figures)
            .rev()
            .map(|(e, figures)| {
                let published = timestamp(&published_date(e));
                FeedEntry {
                    title: format!("Performance report, {}", e.month.long_name()),
                    url: Route::Edition(e.month).url(&s.base_url),
                    updated: e
                        .updated
                        .as_deref()
                        .map(timestamp)
                        .unwrap_or_else(|| published.clone()),
                    published,
                    summary: format!(
                        "As at month end: {}. Status: {}.",
                        e.month.long_name(),
                        e.status
                    ),
                    // Feed readers resolve links against the feed's address.
                    content_html: markdown::to_html_under(
                        &narrative::expand(&e.summary, figures, s),
                        &Route::Edition(e.month).url(&s.base_url),
                    ),
                }
            })
            .collect();
        Feed {
            lang: s.language.clone(),
            title: s.title.clone(),
            subtitle: format!("Monthly performance reports of {}", s.organisation),
            site_url: s.base_url.clone(),
            self_url: Route::Feed.url(&s.base_url),
            author: s.organisation.clone(),
            updated: entries
                .iter()
                .map(|e| e.updated.clone())
                .max()
                .unwrap_or_else(|| timestamp("1970-01-01")),
            entries,
        }
    }

    /// The sitemap of the given pages (output paths ending in `index.html`).
    pub fn sitemap<'p>(&self, pages: impl Iterator<Item = &'p str>) -> Sitemap {
        let s = self.settings();
        let date_of = |month: Month| {
            self.site
                .editions
                .iter()
                .find(|e| e.month == month)
                .map(last_changed)
        };
        let urls = pages
            .map(|path| {
                let dir = path.strip_suffix("index.html").unwrap_or(path);
                let lastmod = match dir.split('/').next().map(str::parse::<Month>) {
                    Some(Ok(month)) => date_of(month),
                    // The home page shows the latest edition.
                    _ if dir.is_empty() => self.site.latest_edition().map(last_changed),
                    _ => None,
                };
                SitemapUrl {
                    loc: Route::File(dir.to_string()).url(&s.base_url),
                    lastmod: lastmod.unwrap_or_default(),
                }
            })
            .collect();
        Sitemap { urls }
    }

    pub fn robots(&self) -> Robots {
        Robots {
            sitemap: Route::Sitemap.url(self.base_url()),
        }
    }
}

/// The date an edition was published: its `created` date when that is a date, else
/// the first day of the month after its month, when it could first have been.
fn published_date(edition: &Edition) -> String {
    match edition.created.as_deref() {
        Some(date) if crate::model::is_date(date) => date.to_string(),
        _ => format!("{}-01", edition.month.next()),
    }
}

/// The date an edition last changed: its correction date, else its publication.
fn last_changed(edition: &Edition) -> String {
    edition
        .updated
        .clone()
        .unwrap_or_else(|| published_date(edition))
}

/// `2016-01-18` as the RFC 3339 time Atom needs. Never the clock: two builds of the
/// same input give the same feed.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// The breadcrumb trail of a page inside an edition: home, then the edition.
fn edition_crumbs(month: Month) -> Vec<(Route, String)> {
    vec![
        (Route::Home, "Home".into()),
        (Route::Edition(month), month.long_name()),
    ]
}

fn fmt(i: &Indicator, value: Option<f64>) -> String {
    value.map_or_else(|| MISSING.to_string(), |v| i.format(v))
}

fn benchmarks(i: &Indicator) -> Vec<String> {
    let b = i.benchmarks.clone().unwrap_or_default();
    [
        b.stat_neighbour_avg,
        b.best_stat_neighbour,
        b.national_avg,
        b.national_top_quartile,
    ]
    .iter()
    .map(|v| fmt(i, *v))
    .collect()
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

    #[test]
    fn file_sizes_read_as_people_write_them() {
        assert_eq!(file_size(312), "312 bytes");
        assert_eq!(file_size(1500), "1.5 KB");
        assert_eq!(file_size(23_000), "22 KB");
        assert_eq!(file_size(3 * 1024 * 1024), "3.0 MB");
    }
}
