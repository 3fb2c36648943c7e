//! The edition page and the home page: the cover, the narrative and the performance summary.

use super::*;

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

impl Views<'_> {
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

    /// The edition's content as the page `here` shows it.
    pub(super) fn edition_body(
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
            .sections
            .iter()
            .flat_map(|s| &s.indicators)
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
}
