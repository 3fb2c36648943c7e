//! A section of an edition: its tables, and a panel with a trend chart per indicator.

use super::*;

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

    /// The SVG of each of the section's charts, in the order the page shows them.
    pub fn chart_svgs(&self) -> impl Iterator<Item = &str> {
        self.panels.iter().map(|p| p.chart_svg.as_str())
    }
}

impl Views<'_> {
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
        let description = chart_description(shown, &months, &values, rating.as_ref(), &references);
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
    shown: &IndicatorFigures,
    months: &[Month],
    values: &[Option<f64>],
    rating: Option<&RagView>,
    references: &[(&str, Reference)],
) -> String {
    let (i, figures) = (shown.indicator, &shown.figures);
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
    let present = values.iter().filter(|v| v.is_some()).count();
    if let (Some(h), Some(l)) = (shown.trend_highest, shown.trend_lowest)
        && present > 1
    {
        text.push_str(&format!(
            " Highest {} in {}, lowest {} in {}.",
            i.format(h.1),
            h.0.long_name(),
            i.format(l.1),
            l.0.long_name()
        ));
    }
    let missing = values.len() - present;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_read_as_people_write_them() {
        assert_eq!(file_size(312), "312 bytes");
        assert_eq!(file_size(1500), "1.5 KB");
        assert_eq!(file_size(23_000), "22 KB");
        assert_eq!(file_size(3 * 1024 * 1024), "3.0 MB");
    }
}
