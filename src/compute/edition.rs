//! The figures of one edition: every number any page, chart, CSV or JSON shows, computed once.

use std::collections::BTreeMap;

use super::aggregate::year_to_date;
use super::{
    Assurance, ExceptionKind, Figures, Meaning, Position, Rag, Spc, Variation, benchmark_positions,
    exceptions, figures,
};
use crate::model::{
    AppliesTo, Edition, FinancialYear, Indicator, Judgement, LifecycleSettings, Month,
    MonthlyWindow, Site, Target, YtdMethod, shortcode,
};

/// Everything computed for one edition, from the data as it stood at its month. The
/// views, report.json and report.csv, the charts and their data, and the shortcodes in
/// the commentary only read and format it.
#[derive(Debug)]
pub struct EditionFigures<'a> {
    pub month: Month,
    pub fy: FinancialYear,
    /// The two financial years before this one, oldest first, whose outturns are shown.
    pub outturn_years: [FinancialYear; 2],
    /// Every indicator the edition shows, in report order.
    pub indicators: Vec<IndicatorFigures<'a>>,
    /// How many indicators have each rating and each direction of travel.
    pub counts: Counts,
    /// The edition's exceptions, by kind in page order, as indexes into `indicators`.
    pub exceptions: Vec<(ExceptionKind, usize)>,
    /// The months the monthly tables head their columns with, oldest first: the
    /// whole financial year (months after the edition left blank), or the thirteen
    /// months to the edition (`monthly_window`).
    pub window: Vec<Month>,
    /// Figures for other months or indicators named by shortcodes in the commentary.
    referenced: BTreeMap<(String, Month), (&'a Indicator, Figures)>,
    /// The member each member shortcode names, resolved once here: (indicator,
    /// dimension, member as written) to the member's id (`3.1:south`), so that a
    /// member of a measure the edition does not show is still found.
    members: BTreeMap<(String, String, String), String>,
}

/// Everything computed for one indicator in one edition.
#[derive(Debug)]
pub struct IndicatorFigures<'a> {
    /// The indicator as the edition saw it.
    pub indicator: &'a Indicator,
    /// The edition month's figures.
    pub figures: Figures,
    /// Each month of the monthly window up to the edition, with its figure.
    pub year: Vec<(Month, Option<f64>)>,
    /// The months the trend chart and the summary's sparkline show, oldest first, with
    /// their figures: the months of the site's monthly window to the edition (the
    /// financial year, or the thirteen months to the edition), the same months as
    /// the section's monthly table, so a chart never shows a window the tables do not.
    pub trend: Vec<(Month, Option<f64>)>,
    /// The year to date at each month of `trend`, where the indicator has one.
    pub trend_ytd: Vec<Option<f64>>,
    /// The target in force at each month of `trend`: none where the month's financial
    /// year has no target, or before the indicator started, so a chart draws a target
    /// only from when it applied.
    pub trend_targets: Vec<Option<&'a Target>>,
    /// Whether the indicator is rated on its year to date this edition, so its chart
    /// plots the year-to-date line the rating judges rather than the months.
    pub rated_on_ytd: bool,
    /// The highest and the lowest figure of the trend, with their months; the
    /// earliest month where two are equal.
    pub trend_highest: Option<(Month, f64)>,
    pub trend_lowest: Option<(Month, f64)>,
    /// The outturns of `outturn_years`, as declared.
    pub outturns: [Option<f64>; 2],
    /// The month's figure against each benchmark the indicator gives a figure for,
    /// by the key of the site's column, in the site's order; empty without a figure.
    /// `Better` or `Same` against `national_top_quartile` means inside the top
    /// quartile.
    pub benchmarks: Vec<(&'a str, Position)>,
    /// What the tables and cards tell beside a month's figure, for each month of
    /// `year` and `trend` that has any: its count, its note, and whether it was revised.
    pub details: BTreeMap<Month, MonthDetail>,
    /// Set when the edition labels the measure as old (ended, shown with its last
    /// figures) or new (started recently), by the site's `lifecycle` settings.
    pub stage: Option<Stage>,
    /// A qualitative measure's judgement at each month of `trend`; empty for a
    /// measured indicator.
    pub trend_judgements: Vec<Option<Judgement>>,
    /// The statistical process control of the indicator's months up to the edition,
    /// when the site or the definition asks for it (docs/spc.md).
    pub spc: Option<Spc>,
    /// The measure's figures for each member of its breakdown, when it has one.
    pub breakdown: Option<super::BreakdownFigures<'a>>,
}

impl IndicatorFigures<'_> {
    /// The month's figure against the benchmark under `key`, if it has one.
    pub fn position(&self, key: &str) -> Option<Position> {
        self.benchmarks
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| *p)
    }
}

/// How a measure that ended or started is labelled in an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Ended before the edition's month, still shown: "Old measure".
    Old,
    /// Started in this month, recently: "New measure from Aug 16".
    New(Month),
}

/// What is told beside one month's figure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonthDetail {
    /// The numerator and denominator, for "48 of 425".
    pub fraction: Option<(f64, f64)>,
    /// The data's note for the month, as written in the CSV.
    pub note: Option<String>,
    /// Set when the figure differs from what an earlier edition published.
    pub revision: Option<Revision>,
}

/// A figure corrected since it was first published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Revision {
    /// The figure as first published.
    pub first: f64,
    /// The edition that first published it.
    pub edition: Month,
}

/// Each month's figure as first published, for the months that were ever corrected:
/// `(indicator id, month)` to the figure and the first edition whose data held it.
/// Worked out once for the site from every edition's data, because a revision can
/// only be told by comparing an edition with the ones before it.
#[derive(Debug, Default)]
pub struct FirstPublished(BTreeMap<(String, Month), Revision>);

impl FirstPublished {
    /// The first-published figures of `site`, whose indicators still hold their
    /// revisions (the full site, not an edition's snapshot).
    pub fn of(site: &Site) -> FirstPublished {
        let mut first = BTreeMap::new();
        let members = site
            .indicators()
            .flat_map(|i| i.breakdown.iter().flat_map(|b| &b.members))
            .map(|m| &m.indicator);
        // Each member's corrections are its own; its id (`3.1:south`) keeps them apart.
        for indicator in site.indicators().chain(members) {
            let mut corrected: std::collections::BTreeSet<Month> =
                indicator.revisions.keys().map(|(m, _)| *m).collect();
            // A total worked out from the members changes when a member is corrected:
            // each edition's figure is then the one its snapshot works out.
            let snapshots: Vec<(Month, Indicator)> = match &indicator.breakdown {
                Some(b) if b.members.iter().any(|m| !m.indicator.revisions.is_empty()) => {
                    corrected.extend(
                        b.members
                            .iter()
                            .flat_map(|m| m.indicator.revisions.keys().map(|(m, _)| *m)),
                    );
                    site.editions
                        .iter()
                        .map(|e| (e.month, indicator.as_of(e.month)))
                        .collect()
                }
                _ => Vec::new(),
            };
            let value_as_of = |month: Month, edition: Month| match snapshots
                .iter()
                .find(|(e, _)| *e == edition)
            {
                Some((_, seen)) => seen.value(month),
                None => indicator.value_as_of(month, edition),
            };
            for month in corrected {
                let published = site
                    .editions
                    .iter()
                    .filter(|e| e.month >= month)
                    .find_map(|e| Some((value_as_of(month, e.month)?, e.month)));
                if let Some((value, edition)) = published {
                    first.insert(
                        (indicator.id.clone(), month),
                        Revision {
                            first: value,
                            edition,
                        },
                    );
                }
            }
        }
        FirstPublished(first)
    }

    /// The revision of indicator `id`'s figure `value` for `month`, as the edition of
    /// `edition` shows it: set only when an earlier edition published another figure.
    pub(super) fn revision(
        &self,
        id: &str,
        month: Month,
        value: Option<f64>,
        edition: Month,
    ) -> Option<Revision> {
        let first = self.0.get(&(id.to_string(), month))?;
        (first.edition < edition && value.is_some_and(|v| v != first.first)).then_some(*first)
    }
}

/// An edition's indicators counted by rating and by direction of travel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    /// Indicators no target applies to this month.
    pub unrated: usize,
    pub improved: usize,
    pub declined: usize,
    pub no_change: usize,
    /// Volumes, which rise or fall without being better or worse.
    pub volumes: usize,
    /// Indicators with no figure for this month or the month before.
    pub not_compared: usize,
    /// Qualitative measures by their judgement this month, and those with none.
    /// They are counted here only, not among the ratings and directions.
    pub positive: usize,
    pub similar: usize,
    pub negative: usize,
    pub not_judged: usize,
    /// The indicators with an SPC analysis, by variation and assurance.
    pub spc: SpcCounts,
}

/// An edition's analysed indicators counted by their variation and assurance icons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpcCounts {
    pub common_cause: usize,
    pub improvement: usize,
    pub concern: usize,
    /// Special causes in indicators with no better direction.
    pub neither: usize,
    pub pass: usize,
    pub fail: usize,
    pub hit_and_miss: usize,
    /// Indicators that ask for an analysis but have too few months for one.
    pub too_few: usize,
}

impl<'a> EditionFigures<'a> {
    /// Computes the edition of `edition` from `site`, which must be the data as it
    /// stood at the edition ([`Site::as_of`]); `first` tells which of its figures
    /// differ from what an earlier edition published.
    pub fn compute(
        site: &'a Site,
        edition: &Edition,
        first: &FirstPublished,
    ) -> EditionFigures<'a> {
        let month = edition.month;
        let settings = &site.settings;
        let fy = month.financial_year(settings.financial_year_start);
        let outturn_years = [fy.previous().previous(), fy.previous()];
        let window = window(settings.monthly_window, fy, month);
        let lifecycle = settings.lifecycle;
        let indicators: Vec<IndicatorFigures> = site
            .indicators()
            .filter_map(|i| {
                let stage = stage(i, month, lifecycle);
                (i.is_shown_in(month) || stage == Some(Stage::Old)).then_some((i, stage))
            })
            .map(|(indicator, stage)| {
                let figures = figures(indicator, month, settings);
                let benchmarks = figures.value.map_or_else(Vec::new, |v| {
                    benchmark_positions(indicator, v, &settings.benchmarks)
                });
                // The chart shows the months of the monthly table up to the edition.
                let trend: Vec<(Month, Option<f64>)> = window
                    .iter()
                    .filter(|m| **m <= month)
                    .map(|&m| (m, indicator.value(m)))
                    .collect();
                let start = settings.financial_year_start;
                let trend_ytd = trend
                    .iter()
                    .map(|(m, _)| super::finite(year_to_date(indicator, *m, start)))
                    .collect();
                let trend_targets = trend
                    .iter()
                    .map(|(m, _)| target_in(indicator, *m, start))
                    .collect();
                let rated_on_ytd = indicator.ytd != YtdMethod::None
                    && figures
                        .rag
                        .as_ref()
                        .map(|r| r.applies_to)
                        .or_else(|| indicator.targets_for(fy).next().map(|t| t.applies_to))
                        == Some(AppliesTo::Ytd);
                let present = || trend.iter().filter_map(|(m, v)| Some((*m, (*v)?)));
                let year = trend.clone();
                let details = year
                    .iter()
                    .chain(&trend)
                    .filter_map(|&(m, value)| {
                        let observation = indicator.series.get(&m);
                        let detail = MonthDetail {
                            fraction: observation
                                .and_then(|o| Some((o.numerator?, o.denominator?))),
                            note: observation.and_then(|o| o.note.clone()),
                            revision: first.revision(&indicator.id, m, value, month),
                        };
                        (detail != MonthDetail::default()).then_some((m, detail))
                    })
                    .collect();
                let trend_judgements = if indicator.is_qualitative() {
                    trend.iter().map(|(m, _)| indicator.judgement(*m)).collect()
                } else {
                    Vec::new()
                };
                let spc = super::spc::analyse(
                    indicator,
                    month,
                    target_in(indicator, month, start),
                    &settings.spc,
                );
                let breakdown = indicator.breakdown.as_ref().map(|b| {
                    let months: Vec<Month> = trend.iter().map(|(m, _)| *m).collect();
                    super::breakdown::breakdown_figures(
                        indicator, b, month, &months, settings, first,
                    )
                });
                IndicatorFigures {
                    breakdown,
                    spc,
                    indicator,
                    trend_judgements,
                    year,
                    details,
                    trend_highest: present().reduce(|a, b| if b.1 > a.1 { b } else { a }),
                    trend_lowest: present().reduce(|a, b| if b.1 < a.1 { b } else { a }),
                    trend,
                    trend_ytd,
                    trend_targets,
                    rated_on_ytd,
                    outturns: outturn_years.map(|y| indicator.outturns.get(&y).copied()),
                    benchmarks,
                    figures,
                    stage,
                }
            })
            .collect();
        let mut counts = Counts::default();
        // An old measure is shown with its last figures but is not reported this
        // month, so it is in no count.
        let reported = indicators.iter().filter(|i| i.stage != Some(Stage::Old));
        for (i, f) in reported.map(|i| (i.indicator, &i.figures)) {
            if i.is_qualitative() {
                match f.judgement {
                    Some(Judgement::Positive) => counts.positive += 1,
                    Some(Judgement::Similar) => counts.similar += 1,
                    Some(Judgement::Negative) => counts.negative += 1,
                    None => counts.not_judged += 1,
                }
                continue;
            }
            match f.rag.as_ref().map(|r| r.rag) {
                Some(Rag::Red) => counts.red += 1,
                Some(Rag::Amber) => counts.amber += 1,
                Some(Rag::Green) => counts.green += 1,
                None => counts.unrated += 1,
            }
            match f.dot.map(|d| d.meaning) {
                Some(Meaning::Improved) => counts.improved += 1,
                Some(Meaning::Declined) => counts.declined += 1,
                Some(Meaning::NoChange) => counts.no_change += 1,
                Some(Meaning::Increased | Meaning::Decreased | Meaning::Stable) => {
                    counts.volumes += 1
                }
                None => counts.not_compared += 1,
            }
        }
        let reported = indicators.iter().filter(|i| i.stage != Some(Stage::Old));
        for spc in reported.filter_map(|i| i.spc.as_ref()) {
            let c = &mut counts.spc;
            let Some(x) = spc.xmr() else {
                c.too_few += 1;
                continue;
            };
            match x.variation {
                Variation::CommonCause => c.common_cause += 1,
                v if v.is_improvement() => c.improvement += 1,
                v if v.is_concern() => c.concern += 1,
                _ => c.neither += 1,
            }
            match x.assurance {
                Some(Assurance::Pass) => c.pass += 1,
                Some(Assurance::Fail) => c.fail += 1,
                Some(Assurance::HitAndMiss) => c.hit_and_miss += 1,
                None => {}
            }
        }
        let exceptions = exceptions(site, month, &indicators);
        // Shortcodes may name another month, or an indicator the edition does not
        // show; those figures are computed here too, so the commentary reads nothing
        // the compute stage did not produce.
        let mut referenced = BTreeMap::new();
        let mut members = BTreeMap::new();
        let texts = std::iter::once(edition.summary.as_str())
            .chain(edition.analysis.iter().map(|(_, text)| &**text));
        for code in texts.flat_map(shortcode::scan).flatten() {
            let at = code.month.unwrap_or(month);
            // A member's figures are those of the member's own series, by its id.
            let Some(i) = site
                .indicators()
                .find(|i| i.id == code.indicator)
                .and_then(|i| match &code.member {
                    Some((dimension, name)) => i.member_named(dimension, name),
                    None => Some(i),
                })
            else {
                continue;
            };
            if let Some((dimension, name)) = &code.member {
                members.insert(
                    (code.indicator.clone(), dimension.clone(), name.clone()),
                    i.id.clone(),
                );
            }
            let shown = at == month && shown_figures(&indicators, &i.id).is_some();
            if shown || referenced.contains_key(&(i.id.clone(), at)) {
                continue;
            }
            referenced.insert((i.id.clone(), at), (i, figures(i, at, settings)));
        }
        EditionFigures {
            month,
            fy,
            outturn_years,
            indicators,
            counts,
            exceptions,
            window,
            referenced,
            members,
        }
    }

    /// How many indicators the edition reports this month: those it shows, less the
    /// old measures shown only with their last figures.
    pub fn reported(&self) -> usize {
        self.indicators
            .iter()
            .filter(|i| i.stage != Some(Stage::Old))
            .count()
    }

    /// Whether the edition shows a qualitative measure, so that a negative judgement
    /// is among the exceptions a reader may meet: the pages that list exceptions say
    /// so only then, and read it here so that they agree.
    pub fn judges(&self) -> bool {
        self.indicators.iter().any(|i| i.indicator.is_qualitative())
    }

    /// The figures of indicator `id` in this edition.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorFigures<'a>> {
        self.indicators.iter().find(|i| i.indicator.id == id)
    }

    /// The indicators of section `id` that the edition shows, in report order.
    pub fn in_section<'s>(
        &'s self,
        id: &'s str,
    ) -> impl Iterator<Item = &'s IndicatorFigures<'a>> + 's {
        self.indicators
            .iter()
            .filter(move |i| i.indicator.section == id)
    }

    /// The figures a shortcode names: indicator `id` in `month` (the edition's own
    /// month when `None`), with the indicator, when the commentary may name them.
    pub fn named(&self, id: &str, month: Option<Month>) -> Option<(&'a Indicator, &Figures)> {
        let at = month.unwrap_or(self.month);
        if at == self.month
            && let Some(found) = shown_figures(&self.indicators, id)
        {
            return Some(found);
        }
        let (i, f) = self.referenced.get(&(id.to_string(), at))?;
        Some((*i, f))
    }

    /// The figures a shortcode names, of the indicator or of the member of its
    /// breakdown it names (`team=south`).
    pub fn named_by(&self, code: &shortcode::Shortcode) -> Option<(&'a Indicator, &Figures)> {
        let id = match &code.member {
            None => code.indicator.clone(),
            Some((dimension, name)) => self
                .members
                .get(&(code.indicator.clone(), dimension.clone(), name.clone()))?
                .clone(),
        };
        self.named(&id, code.month)
    }
}

/// The edition month's figures of `id` among the indicators an edition shows: an
/// indicator's, or a member's of one's breakdown (`3.1:south`).
fn shown_figures<'a, 's>(
    indicators: &'s [IndicatorFigures<'a>],
    id: &str,
) -> Option<(&'a Indicator, &'s Figures)> {
    indicators.iter().find_map(|i| {
        if i.indicator.id == id {
            return Some((i.indicator, &i.figures));
        }
        let members = &i.breakdown.as_ref()?.members;
        let m = members.iter().find(|m| m.member.indicator.id == id)?;
        Some((&m.member.indicator, &m.figures))
    })
}

/// The months the monthly tables of the edition of `month` head their columns with.
pub fn window(window: MonthlyWindow, fy: FinancialYear, month: Month) -> Vec<Month> {
    match window {
        MonthlyWindow::FinancialYear => fy.months().collect(),
        MonthlyWindow::Last13Months => (0..13).rev().map(|n| month.minus(n)).collect(),
    }
}

/// Whether the edition of `month` labels `indicator` as an old or a new measure.
fn stage(indicator: &Indicator, month: Month, lifecycle: LifecycleSettings) -> Option<Stage> {
    if let Some(end) = indicator.ends
        && month > end
    {
        let published = indicator.series.range(..=end).any(|(_, o)| o.is_reported());
        return (published && month <= end.plus_months(lifecycle.old_measure_months))
            .then_some(Stage::Old);
    }
    let start = indicator.starts?;
    (month >= start && month < start.plus_months(lifecycle.new_measure_months))
        .then_some(Stage::New(start))
}

/// The target in force in `month`: its financial year's, once the indicator has
/// started.
fn target_in(indicator: &Indicator, month: Month, fy_start: u8) -> Option<&Target> {
    if indicator.starts.is_some_and(|s| month < s) {
        return None;
    }
    indicator.targets_for(month.financial_year(fy_start)).next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Observation, Polarity, Unit, YtdMethod};

    fn indicator(months: &[&str]) -> Indicator {
        Indicator {
            id: "1.1".into(),
            title: "Referrals".into(),
            short: "Referrals".into(),
            section: "referrals".into(),
            polarity: Polarity::Info,
            unit: Unit::Count,
            decimals: 0,
            data_note: None,
            ytd: YtdMethod::Sum,
            targets: Vec::new(),
            outturns: Default::default(),
            benchmarks: None,
            notes: Vec::new(),
            starts: None,
            ends: None,
            renumbered: Vec::new(),
            series: months
                .iter()
                .map(|m| {
                    let observation = Observation {
                        value: Some(1.0),
                        ..Observation::default()
                    };
                    (m.parse().unwrap(), observation)
                })
                .collect(),
            revisions: Default::default(),
            spc: None,
            ..Indicator::placeholder("1.1")
        }
    }

    #[test]
    fn a_target_applies_from_its_year_and_the_indicator_start() {
        use crate::model::{Good, Rule};
        let mut i = indicator(&["2015-04", "2015-05", "2016-04"]);
        i.targets.push(Target {
            year: FinancialYear::new(2015, 4),
            applies_to: AppliesTo::Month,
            rule: Rule::Threshold {
                good: Good::High,
                green: 90.0,
                amber: 80.0,
            },
        });
        i.starts = Some("2015-06".parse().unwrap());
        let at = |m: &str| target_in(&i, m.parse().unwrap(), 4).is_some();
        // Before the indicator started, in its first year, and in a year with no target.
        assert!(!at("2015-05"));
        assert!(at("2015-06") && at("2016-03"));
        assert!(!at("2016-04"));
        assert!(!at("2015-03"));
    }

    #[test]
    fn the_window_is_the_financial_year_or_the_thirteen_months_to_the_edition() {
        let month: Month = "2015-12".parse().unwrap();
        let fy = month.financial_year(4);
        let year = window(MonthlyWindow::FinancialYear, fy, month);
        assert_eq!(year.len(), 12);
        assert_eq!(year[0].to_string(), "2015-04");
        assert_eq!(year[11].to_string(), "2016-03");
        let thirteen = window(MonthlyWindow::Last13Months, fy, month);
        assert_eq!(thirteen.len(), 13);
        assert_eq!(thirteen[0].to_string(), "2014-12");
        assert_eq!(thirteen[12], month);
        // No month after the edition's: nothing is left empty.
        assert!(thirteen.iter().all(|m| *m <= month));
    }

    #[test]
    fn an_old_measure_is_shown_for_the_months_the_site_chooses_after_it_ends() {
        let mut i = indicator(&["2015-10", "2015-11"]);
        i.ends = Some("2015-11".parse().unwrap());
        let at = |m: &str, months: u32| {
            let lifecycle = LifecycleSettings {
                old_measure_months: months,
                new_measure_months: 0,
            };
            stage(&i, m.parse().unwrap(), lifecycle)
        };
        assert_eq!(at("2015-11", 2), None);
        assert_eq!(at("2015-12", 2), Some(Stage::Old));
        assert_eq!(at("2016-01", 2), Some(Stage::Old));
        assert_eq!(at("2016-02", 2), None);
        // By default it disappears the month after it ends.
        assert_eq!(at("2015-12", 0), None);
        // A measure that ended before it published anything is never shown.
        let mut never = indicator(&[]);
        never.ends = Some("2015-11".parse().unwrap());
        let lifecycle = LifecycleSettings {
            old_measure_months: 2,
            new_measure_months: 0,
        };
        assert_eq!(stage(&never, "2015-12".parse().unwrap(), lifecycle), None);
    }

    #[test]
    fn a_new_measure_is_labelled_from_its_start_for_the_months_the_site_chooses() {
        let mut i = indicator(&["2015-08"]);
        let start: Month = "2015-08".parse().unwrap();
        i.starts = Some(start);
        let lifecycle = LifecycleSettings {
            old_measure_months: 0,
            new_measure_months: 3,
        };
        let at = |m: &str| stage(&i, m.parse().unwrap(), lifecycle);
        assert_eq!(at("2015-07"), None);
        assert_eq!(at("2015-08"), Some(Stage::New(start)));
        assert_eq!(at("2015-10"), Some(Stage::New(start)));
        assert_eq!(at("2015-11"), None);
    }
}
