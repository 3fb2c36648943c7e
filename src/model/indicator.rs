//! Indicators: what is measured, how it is judged, and its monthly figures.

use std::collections::BTreeMap;

use super::{FinancialYear, Month, SpcChoice, SpcSettings};

/// What good performance is for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    High,
    Low,
    /// A volume: no good or bad, only up or down.
    Info,
    /// Within limits: a range is good.
    Range,
}

impl Polarity {
    pub fn label(self) -> &'static str {
        match self {
            Polarity::High => "High",
            Polarity::Low => "Low",
            Polarity::Info => "Info",
            Polarity::Range => "Within limits",
        }
    }
}

/// What an indicator's figures count, as the council chooses to report them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    Count,
    Percentage,
    /// Per `per` (1,000, 10,000 or 100,000) of a population. With no population
    /// named, it is the children's services' "per 10,000 population aged 0-17".
    Rate {
        per: u32,
        population: Option<String>,
    },
    Average,
    Days,
    /// Money, with its symbol in front: "£1,250".
    Currency {
        symbol: String,
    },
    /// One figure to another, such as staff to cases: "1.25".
    Ratio,
    /// A unit the council names itself, such as "Tonnes of waste".
    Other {
        label: String,
    },
}

/// The rates a council reports: per 1,000, 10,000 or 100,000 people.
pub const RATE_BASES: [u32; 3] = [1_000, 10_000, 100_000];

impl Unit {
    /// Rate per 10,000 population aged 0-17, the children's services' unit.
    pub fn default_rate() -> Unit {
        Unit::Rate {
            per: 10_000,
            population: None,
        }
    }

    /// The unit as an indicator's panel names it: "Percentage", "Rate per 100,000
    /// population aged 65+", "Currency (£)".
    pub fn label(&self) -> String {
        match self {
            Unit::Count => "Count".into(),
            Unit::Percentage => "Percentage".into(),
            Unit::Rate { per, population } => {
                let per = group_thousands(&per.to_string());
                match population {
                    Some(p) => format!("Rate per {per} {p}"),
                    None => format!("Rate per {per}"),
                }
            }
            Unit::Average => "Average".into(),
            Unit::Days => "Days".into(),
            Unit::Currency { symbol } => format!("Currency ({symbol})"),
            Unit::Ratio => "Ratio".into(),
            Unit::Other { label } => label.clone(),
        }
    }

    /// The title of a chart's vertical axis, from the same words as [`Unit::label`].
    pub fn axis_title(&self) -> String {
        match self {
            Unit::Count => "Number".into(),
            Unit::Percentage => "Percentage (%)".into(),
            // The unit as the children's services report has always titled it.
            Unit::Rate {
                per: 10_000,
                population: None,
            } => "Rate per 10,000 children".into(),
            Unit::Currency { symbol } => format!("Amount ({symbol})"),
            other => other.label(),
        }
    }

    /// What a chart's axis writes before and after each tick's figure.
    pub fn affixes(&self) -> (String, String) {
        match self {
            Unit::Percentage => (String::new(), "%".into()),
            Unit::Currency { symbol } => (symbol.clone(), String::new()),
            _ => (String::new(), String::new()),
        }
    }

    /// The decimals a figure shows when the indicator does not say: none for whole
    /// things (counts, money), one otherwise, two for a ratio.
    pub fn default_decimals(&self) -> u8 {
        match self {
            Unit::Count | Unit::Currency { .. } => 0,
            Unit::Ratio => 2,
            _ => 1,
        }
    }
}

/// How the year-to-date figure is formed from the months of the financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YtdMethod {
    Sum,
    /// Summed numerators over summed denominators, never the mean of percentages.
    Ratio,
    Mean,
    Latest,
    /// As reported by the source system in the data's `ytd` column.
    Reported,
    None,
}

/// Which direction a target rule counts as good. Stated by the rule itself because
/// a target does not always follow the indicator's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Good {
    High,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeSides {
    Above,
    Below,
    Both,
}

/// A RAG rule in one of the forms councils use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Green at or beyond `green`, Amber at or beyond `amber`, else Red.
    Threshold { good: Good, green: f64, amber: f64 },
    /// Green within `green` of `centre`, Amber within `amber`, else Red.
    Band { centre: f64, green: f64, amber: f64 },
    /// Green inside `[min, max]`, Amber up to `amber_margin_pct` per cent beyond it on
    /// the counted sides, else Red.
    Range {
        min: f64,
        max: f64,
        amber_margin_pct: f64,
        sides: RangeSides,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    Month,
    Ytd,
}

/// A target for one financial year.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub year: FinancialYear,
    pub applies_to: AppliesTo,
    pub rule: Rule,
}

/// Comparator figures for a stated year, by the key of the site's benchmark column
/// (`settings.benchmarks`): a figure, or words such as "Local indicator".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Benchmarks {
    pub year: Option<FinancialYear>,
    pub values: BTreeMap<String, Benchmark>,
}

/// One benchmark of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Benchmark {
    Figure(f64),
    /// Words in place of a figure, such as "Local indicator" where no comparator exists.
    Text(String),
}

/// The benchmark keys every site has unless it names its own columns.
pub const STAT_NEIGHBOUR_AVG: &str = "stat_neighbour_avg";
pub const BEST_STAT_NEIGHBOUR: &str = "best_stat_neighbour";
pub const NATIONAL_AVG: &str = "national_avg";
pub const NATIONAL_TOP_QUARTILE: &str = "national_top_quartile";

impl Benchmarks {
    /// The figure under `key`, if it is one.
    pub fn figure(&self, key: &str) -> Option<f64> {
        match self.values.get(key)? {
            Benchmark::Figure(v) => Some(*v),
            Benchmark::Text(_) => None,
        }
    }
}

/// Whether an indicator is measured by a figure or judged each month in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Kind {
    #[default]
    Measured,
    /// A qualitative measure (the `-QL` of many councils' references): no figure,
    /// but the service's judgement each month.
    Qualitative,
}

/// A qualitative measure's judgement for a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Judgement {
    Positive,
    Similar,
    Negative,
}

impl Judgement {
    /// Each judgement with the words a data file may give it by, the first the
    /// word the report prints.
    pub const WORDS: [(Judgement, &'static [&'static str]); 3] = [
        (
            Judgement::Positive,
            &["positive", "better", "improved", "good"],
        ),
        (
            Judgement::Similar,
            &["similar", "same", "no change", "stable"],
        ),
        (
            Judgement::Negative,
            &["negative", "worse", "declined", "poor"],
        ),
    ];

    /// Reads a judgement from a data cell, ignoring capitals and spaces around it.
    pub fn parse(cell: &str) -> Option<Judgement> {
        let cell = cell.trim().to_lowercase();
        Judgement::WORDS
            .iter()
            .find(|(_, words)| words.contains(&cell.as_str()))
            .map(|(j, _)| *j)
    }

    /// The word the report prints: "Positive", "Similar", "Negative".
    pub fn word(self) -> &'static str {
        match self {
            Judgement::Positive => "Positive",
            Judgement::Similar => "Similar",
            Judgement::Negative => "Negative",
        }
    }

    /// The lower-case name, for classes and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Positive => "positive",
            Judgement::Similar => "similar",
            Judgement::Negative => "negative",
        }
    }
}

/// A number the indicator was printed with in earlier editions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbering {
    pub number: String,
    pub until: Month,
}

/// One month's figure and its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The year to date as the source system reports it.
    pub ytd: Option<f64>,
    pub note: Option<String>,
    /// What the spreadsheet said in place of a figure, when it said words.
    pub marker: Option<Marker>,
    /// A qualitative measure's judgement for the month, in place of a value.
    pub judgement: Option<Judgement>,
}

impl Observation {
    /// Whether the month was reported: a figure, or a qualitative measure's judgement.
    pub fn is_reported(&self) -> bool {
        self.value.is_some() || self.judgement.is_some()
    }
}

/// Words a council's spreadsheet writes in a month's cell instead of a figure. The
/// loader lists each as a warning; the model keeps them so that a page can say why a
/// month has no figure, or that a measure is new or old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// No figure, for the reason the cell gives, as written: `n/a`, `tbc`, `-`.
    Missing(String),
    /// "New measure from Aug 16": the measure is reported from that month, when given.
    NewMeasure { from: Option<Month> },
    /// "Old measure": the measure is no longer reported.
    OldMeasure,
}

/// An indicator's monthly figures, ordered by month.
pub type Series = BTreeMap<Month, Observation>;

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub short: String,
    /// The id of the section the indicator belongs to.
    pub section: String,
    pub polarity: Polarity,
    pub unit: Unit,
    pub decimals: u8,
    pub data_note: Option<String>,
    pub ytd: YtdMethod,
    pub targets: Vec<Target>,
    pub outturns: BTreeMap<FinancialYear, f64>,
    pub benchmarks: Option<Benchmarks>,
    pub notes: Vec<String>,
    pub starts: Option<Month>,
    pub ends: Option<Month>,
    pub renumbered: Vec<Renumbering>,
    /// The figures as first published.
    pub series: Series,
    /// Later corrections: `(month, first edition showing it)` to the corrected figure.
    pub revisions: BTreeMap<(Month, Month), Observation>,
    /// The reference the report prints, any text (`M6-QL (val)`); the id when the
    /// definition gives none. The `id` stays the key of addresses and data.
    pub reference: String,
    /// The roles responsible for the measure, never a person's name.
    pub owner: Option<String>,
    pub accountable: Option<String>,
    pub kind: Kind,
    /// What the definition says about statistical process control, if anything.
    pub spc: Option<SpcChoice>,
    /// The measure's figures for each member of a dimension (team, locality), when
    /// the definition breaks it down.
    pub breakdown: Option<super::Breakdown>,
}

impl Indicator {
    /// The indicator as the edition of `edition` saw it: each month's figure is the
    /// latest revision published by then, so an old edition never changes.
    pub fn as_of(&self, edition: Month) -> Indicator {
        let mut indicator = self.clone();
        for ((month, from), observation) in &self.revisions {
            if *from <= edition {
                indicator.series.insert(*month, observation.clone());
                // A total given by a revision is the data's, no longer derived.
                if let Some(b) = &mut indicator.breakdown {
                    b.derived.retain(|m| m != month);
                }
            }
        }
        indicator.revisions.clear();
        // Each member's corrections are published with the measure's, and the totals
        // worked out from the members are worked out again from the corrected figures.
        if let Some(breakdown) = &mut indicator.breakdown {
            for member in &mut breakdown.members {
                member.indicator = member.indicator.as_of(edition);
            }
            indicator.derive_total();
        }
        indicator
    }

    /// The value for `month` as the edition of `edition` published it: the latest
    /// revision from that edition or before, else the figure as first given.
    pub fn value_as_of(&self, month: Month, edition: Month) -> Option<f64> {
        self.observation_as_of(month, edition)?.value
    }

    /// The observation for `month` as the edition of `edition` published it: the
    /// latest revision from that edition or before, else the month as first given.
    /// A measure's total worked out from its members is not here: only
    /// [`Indicator::as_of`] works it out.
    pub fn observation_as_of(&self, month: Month, edition: Month) -> Option<&Observation> {
        // Revisions are ordered by month, then by the edition that published them, so
        // the last one up to `(month, edition)` is the month's latest, if it is the
        // month's at all.
        let revised = self
            .revisions
            .range(..=(month, edition))
            .next_back()
            .filter(|((m, _), _)| *m == month)
            .map(|(_, o)| o);
        revised.or_else(|| self.series.get(&month))
    }

    /// Whether the edition of `edition` shows the indicator but has no figure for its
    /// own month: what `self.as_of(edition)` says by [`Indicator::is_shown_in`] and
    /// [`Indicator::is_reported`], without copying the series for each edition.
    pub fn lacks_figure_in(&self, edition: Month) -> bool {
        // A total worked out from the members depends on every member's corrections:
        // the snapshot is the one exact answer, and breakdowns are few.
        if self.breakdown.is_some() {
            let seen = self.as_of(edition);
            return seen.is_shown_in(edition) && !seen.is_reported(edition);
        }
        let reported = |month: Month| {
            self.observation_as_of(month, edition)
                .is_some_and(Observation::is_reported)
        };
        if reported(edition) {
            return false;
        }
        // A month the edition saw is one first given or one a correction added.
        let mut months = self.series.range(..=edition).map(|(m, _)| *m).chain(
            self.revisions
                .keys()
                .map(|(m, _)| *m)
                .take_while(|m| *m <= edition),
        );
        self.is_live(edition) && months.any(reported)
    }

    /// The value for a month, if one was reported.
    pub fn value(&self, month: Month) -> Option<f64> {
        self.series.get(&month).and_then(|o| o.value)
    }

    /// A qualitative measure's judgement for a month, if one was given.
    pub fn judgement(&self, month: Month) -> Option<Judgement> {
        self.series.get(&month).and_then(|o| o.judgement)
    }

    /// Whether the month was reported, by a figure or a judgement.
    pub fn is_reported(&self, month: Month) -> bool {
        self.series
            .get(&month)
            .is_some_and(Observation::is_reported)
    }

    pub fn is_qualitative(&self) -> bool {
        self.kind == Kind::Qualitative
    }

    /// The reference printed in the edition for `month`: an earlier number it was
    /// `renumbered` from, else its printed reference.
    pub fn number_in(&self, month: Month) -> &str {
        self.renumbered
            .iter()
            .filter(|r| month <= r.until)
            .min_by_key(|r| r.until)
            .map_or(self.reference.as_str(), |r| r.number.as_str())
    }

    /// Whether a data row's first cell names this indicator: by its id or by its
    /// printed reference. The one rule every reader of monthly data uses.
    pub fn answers_to(&self, key: &str) -> bool {
        self.data_keys().contains(&key)
    }

    /// The names a data row may give the indicator by, the id first: where one
    /// indicator's reference is another's id, the id wins.
    pub fn data_keys(&self) -> [&str; 2] {
        [self.id.as_str(), self.reference.as_str()]
    }

    /// An indicator with only an id, counted, for tests and for placeholders.
    pub fn placeholder(id: &str) -> Indicator {
        Indicator {
            id: id.into(),
            title: id.into(),
            short: id.into(),
            section: String::new(),
            polarity: Polarity::Info,
            unit: Unit::Count,
            decimals: 0,
            data_note: None,
            ytd: YtdMethod::None,
            targets: Vec::new(),
            outturns: BTreeMap::new(),
            benchmarks: None,
            notes: Vec::new(),
            starts: None,
            ends: None,
            renumbered: Vec::new(),
            series: Series::new(),
            revisions: BTreeMap::new(),
            reference: id.into(),
            owner: None,
            accountable: None,
            kind: Kind::Measured,
            spc: None,
            breakdown: None,
        }
    }

    /// The target rules in force for a financial year.
    pub fn targets_for(&self, year: FinancialYear) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(move |t| t.year == year)
    }

    /// Whether the indicator gets an XmR analysis: its definition says so, or the site
    /// analyses every indicator and the definition does not opt out.
    pub fn uses_spc(&self, settings: &SpcSettings) -> bool {
        // A qualitative measure has judgements, not figures: there is nothing to chart.
        !self.is_qualitative() && self.spc.map_or(settings.all, |c| c.on)
    }

    /// Whether the indicator is reported in `month`: not before it starts, not after it ends.
    pub fn is_live(&self, month: Month) -> bool {
        self.starts.is_none_or(|s| month >= s) && self.ends.is_none_or(|e| month <= e)
    }

    /// Whether the edition of `month` shows the indicator: it is live and has been
    /// published by then, or it has a figure for the month itself. A measure first
    /// published in a later edition is therefore absent from earlier ones.
    pub fn is_shown_in(&self, month: Month) -> bool {
        self.is_reported(month)
            || (self.is_live(month) && self.series.range(..=month).any(|(_, o)| o.is_reported()))
    }
}

impl Unit {
    /// Formats a figure in this unit at `decimals`: "46.6%", "1,041", "668.6",
    /// "£1,250", "-£40".
    pub fn format(&self, value: f64, decimals: u8) -> String {
        // Formatting is total: a figure that is not a finite number, which the loader
        // and the computations never let through, reads as no figure, never `inf`.
        if !value.is_finite() {
            return "–".to_string();
        }
        // One buffer for the digits and one for the answer: a page shows hundreds of
        // figures, and this is where they are all made.
        let number = super::decimal::fixed(value, decimals.into());
        let (negative, digits) = match number.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, number.as_str()),
        };
        // "-0.0" reads as a loss where there is none.
        let negative = negative && digits.bytes().any(|b| matches!(b, b'1'..=b'9'));
        let mut text = String::with_capacity(number.len() + number.len() / 3 + 8);
        if negative {
            text.push('-');
        }
        if let Unit::Currency { symbol } = self {
            text.push_str(symbol);
        }
        push_grouped(&mut text, digits);
        if let Unit::Percentage = self {
            text.push('%');
        }
        text
    }
}

impl Indicator {
    /// Formats a figure as this indicator shows it.
    pub fn format(&self, value: f64) -> String {
        self.unit.format(value, self.decimals)
    }
}

/// Inserts thousands separators into the integer part of a formatted number.
fn group_thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let mut grouped = String::with_capacity(number.len() + number.len() / 3);
    push_grouped(&mut grouped, rest);
    // "-0.0" reads as a loss where there is none.
    if grouped.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        grouped.insert_str(0, sign);
    }
    grouped
}

/// Appends an unsigned formatted number with thousands separators in its integer part.
fn push_grouped(out: &mut String, digits: &str) {
    let (int, fraction) = match digits.split_once('.') {
        Some((int, fraction)) => (int, Some(fraction)),
        None => (digits, None),
    };
    for (i, c) in int.char_indices() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_unit() {
        assert_eq!(Unit::Percentage.format(46.6, 1), "46.6%");
        assert_eq!(Unit::Count.format(f64::INFINITY, 0), "–");
        assert_eq!(Unit::Percentage.format(f64::NAN, 1), "–");
        assert_eq!(Unit::Count.format(1041.0, 0), "1,041");
        assert_eq!(Unit::Count.format(12165.0, 0), "12,165");
        assert_eq!(Unit::default_rate().format(668.63, 1), "668.6");
        assert_eq!(Unit::default_rate().format(-0.01, 1), "0.0");
        assert_eq!(Unit::Count.format(-1234567.0, 0), "-1,234,567");
    }

    #[test]
    fn formats_the_units_a_council_chooses() {
        let pounds = Unit::Currency {
            symbol: "£".into()
        };
        assert_eq!(pounds.format(1250.0, 0), "£1,250");
        assert_eq!(pounds.format(-40.5, 2), "-£40.50");
        assert_eq!(pounds.format(-0.001, 0), "£0");
        assert_eq!(pounds.label(), "Currency (£)");
        assert_eq!(pounds.affixes(), ("£".to_string(), String::new()));
        let older = Unit::Rate {
            per: 100_000,
            population: Some("population aged 65+".into()),
        };
        assert_eq!(older.format(123456.78, 1), "123,456.8");
        assert_eq!(older.label(), "Rate per 100,000 population aged 65+");
        assert_eq!(older.axis_title(), older.label());
        assert_eq!(Unit::default_rate().label(), "Rate per 10,000");
        assert_eq!(
            Unit::default_rate().axis_title(),
            "Rate per 10,000 children"
        );
        assert_eq!(Unit::Ratio.format(1.256, 2), "1.26");
        assert_eq!(Unit::Days.format(12.0, 0), "12");
        let tonnes = Unit::Other {
            label: "Tonnes".into(),
        };
        assert_eq!(
            (tonnes.label(), tonnes.format(1500.0, 1)),
            ("Tonnes".into(), "1,500.0".into())
        );
        assert_eq!(Unit::Ratio.default_decimals(), 2);
        assert_eq!(pounds.default_decimals(), 0);
    }

    #[test]
    fn reads_judgement_words_and_their_aliases() {
        assert_eq!(Judgement::parse("Positive"), Some(Judgement::Positive));
        assert_eq!(Judgement::parse(" better "), Some(Judgement::Positive));
        assert_eq!(Judgement::parse("SIMILAR"), Some(Judgement::Similar));
        assert_eq!(Judgement::parse("no change"), Some(Judgement::Similar));
        assert_eq!(Judgement::parse("worse"), Some(Judgement::Negative));
        assert_eq!(Judgement::parse("fine"), None);
    }

    #[test]
    fn finds_a_missing_figure_as_each_snapshot_would() {
        let month = |text: &str| -> Month { text.parse().unwrap() };
        let figure = |value: Option<f64>| Observation {
            value,
            ..Observation::default()
        };
        let mut i = Indicator::placeholder("1.1");
        i.starts = Some(month("2015-02"));
        i.ends = Some(month("2015-09"));
        i.series.insert(month("2015-01"), figure(Some(1.0)));
        i.series.insert(month("2015-03"), figure(None));
        i.series.insert(month("2015-05"), figure(Some(5.0)));
        // A figure withdrawn, a month first given by a correction, a gap filled late.
        i.revisions
            .insert((month("2015-01"), month("2015-02")), figure(None));
        i.revisions
            .insert((month("2015-02"), month("2015-04")), figure(Some(2.0)));
        i.revisions
            .insert((month("2015-03"), month("2015-06")), figure(Some(3.0)));
        i.revisions
            .insert((month("2015-03"), month("2015-08")), figure(None));
        let mut edition = month("2014-11");
        while edition <= month("2015-11") {
            let seen = i.as_of(edition);
            assert_eq!(
                i.lacks_figure_in(edition),
                seen.is_shown_in(edition) && !seen.is_reported(edition),
                "{edition}"
            );
            for m in seen.series.keys() {
                assert_eq!(i.observation_as_of(*m, edition), seen.series.get(m));
            }
            edition = edition.next();
        }
    }

    #[test]
    fn prints_the_reference_and_keys_data_by_id() {
        let mut i = Indicator::placeholder("M6-QL-val");
        assert_eq!(i.number_in("2016-01".parse().unwrap()), "M6-QL-val");
        i.reference = "M6-QL (val)".into();
        assert_eq!(i.number_in("2016-01".parse().unwrap()), "M6-QL (val)");
        i.renumbered.push(Renumbering {
            number: "M6".into(),
            until: "2015-12".parse().unwrap(),
        });
        assert_eq!(i.number_in("2015-11".parse().unwrap()), "M6");
        assert!(i.answers_to("M6-QL (val)") && i.answers_to("M6-QL-val") && !i.answers_to("M6"));
    }
}
