//! Writes a synthetic scorecard site: N indicators in S sections, M months of figures and
//! an edition for each of the last E months, using every input form of docs/format.md.
//!
//! The same shape always gives byte-identical files: every choice comes from [`Prng`],
//! seeded with a constant, and files are written in a fixed order.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The size of the generated site.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub indicators: usize,
    pub sections: usize,
    pub months: usize,
    pub editions: usize,
}

/// What was written.
pub struct Generated {
    pub files: usize,
    pub bytes: u64,
    /// SHA-256 of every file's path and contents, in path order: equal digests mean
    /// byte-identical inputs.
    pub digest: String,
}

/// A fixed-seed SplitMix64: a few lines, and enough for varied but repeatable figures.
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `[low, high)`.
    pub fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// A whole number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The first month of data: the start of a financial year (April).
const FIRST_YEAR: i32 = 2016;
const FIRST_MONTH: u32 = 4;

/// A month, counted from the first month of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Month(usize);

impl Month {
    fn year_month(self) -> (i32, u32) {
        let from_january = (FIRST_MONTH - 1) as usize + self.0;
        (
            FIRST_YEAR + (from_january / 12) as i32,
            (from_january % 12) as u32 + 1,
        )
    }

    /// `YYYY-MM`.
    fn code(self) -> String {
        let (y, m) = self.year_month();
        format!("{y}-{m:02}")
    }

    /// `March 2016`, as scorecard names a month.
    fn long_name(self) -> String {
        let (y, m) = self.year_month();
        scorecard::model::Month::new(y, m as u8)
            .expect("a generated month is a real month")
            .long_name()
    }

    fn financial_year_start(self) -> i32 {
        let (y, m) = self.year_month();
        if m >= FIRST_MONTH { y } else { y - 1 }
    }

    /// The first month of the month's financial year.
    fn year_start(self) -> Month {
        let (_, m) = self.year_month();
        Month(self.0 - ((m + 12 - FIRST_MONTH) % 12) as usize)
    }
}

fn financial_year(start: i32) -> String {
    format!("{start}/{:02}", (start + 1) % 100)
}

/// The service areas sections are named after, as in a children's services report.
const AREAS: [&str; 20] = [
    "Contact & Referral",
    "Early Help",
    "Assessments",
    "Section 47 Enquiries",
    "Children in Need",
    "Child Protection",
    "Looked After Children",
    "Care Leavers",
    "Placements",
    "Fostering",
    "Adoption",
    "Caseloads",
    "Workforce",
    "Participation",
    "Missing from Home or Care",
    "Youth Offending",
    "Education of Children in Care",
    "Health of Children in Care",
    "Complaints",
    "Quality Assurance",
];

/// The kinds of indicator, covering every unit, polarity, year-to-date method and
/// target form.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A volume: count, info, summed year to date, no target.
    Volume,
    /// A percentage with numerators and denominators, high is good, ratio year to date.
    Timeliness,
    /// A percentage whose year to date the source system reports, low is good.
    Repeat,
    /// A rolling rate per 10,000, low is good, latest as the year to date.
    Rate,
    /// An average within limits: a range target, mean year to date.
    Caseload,
    /// Days, low is good, mean year to date.
    Duration,
    /// A percentage rated on its year to date.
    Completion,
    /// A volume rated by a band around a value, with no year to date.
    Stock,
}

const KINDS: [Kind; 8] = [
    Kind::Volume,
    Kind::Timeliness,
    Kind::Repeat,
    Kind::Rate,
    Kind::Caseload,
    Kind::Duration,
    Kind::Completion,
    Kind::Stock,
];

impl Kind {
    fn unit(self) -> &'static str {
        match self {
            Kind::Volume | Kind::Stock => "count",
            Kind::Timeliness | Kind::Repeat | Kind::Completion => "percentage",
            Kind::Rate => "rate",
            Kind::Caseload => "average",
            Kind::Duration => "days",
        }
    }

    fn decimals(self) -> usize {
        match self.unit() {
            "count" => 0,
            _ => 1,
        }
    }

    fn polarity(self) -> &'static str {
        match self {
            Kind::Volume | Kind::Stock => "info",
            Kind::Timeliness | Kind::Completion => "high",
            Kind::Repeat | Kind::Rate | Kind::Duration => "low",
            Kind::Caseload => "range",
        }
    }

    fn ytd(self) -> &'static str {
        match self {
            Kind::Volume => "sum",
            Kind::Timeliness | Kind::Completion => "ratio",
            Kind::Repeat => "reported",
            Kind::Rate => "latest",
            Kind::Caseload | Kind::Duration => "mean",
            Kind::Stock => "none",
        }
    }

    fn has_parts(self) -> bool {
        matches!(self, Kind::Timeliness | Kind::Completion)
    }

    fn data_note(self) -> &'static str {
        match self {
            Kind::Rate => "Rolling 12 months",
            Kind::Stock | Kind::Caseload => "Snapshot at month end",
            _ => "In month",
        }
    }

    fn title(self, area: &str) -> String {
        match self {
            Kind::Volume => format!("Number of contacts received by {area}"),
            Kind::Timeliness => format!("% of {area} decisions made within timescale"),
            Kind::Repeat => format!("% of {area} cases opened again within 12 months"),
            Kind::Rate => format!("Rate of {area} cases per 10,000 population aged under 18"),
            Kind::Caseload => format!("Average caseload of {area} workers"),
            Kind::Duration => format!("Average days from {area} referral to first visit"),
            Kind::Completion => format!("% of {area} plans reviewed on time"),
            Kind::Stock => format!("Number of open {area} cases"),
        }
    }

    fn short(self) -> &'static str {
        match self {
            Kind::Volume => "Contacts",
            Kind::Timeliness => "Decisions in timescale",
            Kind::Repeat => "Repeat cases",
            Kind::Rate => "Rate per 10,000",
            Kind::Caseload => "Average caseload",
            Kind::Duration => "Days to first visit",
            Kind::Completion => "Plans reviewed on time",
            Kind::Stock => "Open cases",
        }
    }
}

/// One generated indicator and its figures.
struct Indicator {
    id: String,
    section: usize,
    kind: Kind,
    /// The usual level of the figure, around which months vary.
    level: f64,
    /// The months with figures: the measure's life.
    first: Month,
    last: Month,
    starts: Option<Month>,
    ends: Option<Month>,
    renumbered: Option<(String, Month)>,
    /// A row per month of its life, then the corrections.
    rows: Vec<Row>,
}

impl Indicator {
    fn reported_in(&self, m: Month) -> bool {
        self.first <= m && m <= self.last
    }

    /// Reported in every month: safe to quote in any edition's commentary.
    fn steady(&self) -> bool {
        self.starts.is_none() && self.ends.is_none()
    }

    fn format(&self, v: f64) -> String {
        format!("{v:.*}", self.kind.decimals())
    }
}

/// One CSV row.
struct Row {
    month: Month,
    value: f64,
    parts: Option<(u64, u64)>,
    ytd: Option<f64>,
    note: Option<&'static str>,
    from_edition: Option<Month>,
}

/// Generates the site for `shape` into `dir`, which must exist and be empty.
pub fn site(shape: Shape, dir: &Path) -> std::io::Result<Generated> {
    let files = files(shape);
    let mut hasher = Sha256::new();
    let mut bytes = 0;
    for (path, text) in &files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("a file in a folder"))?;
        std::fs::write(&target, text)?;
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        bytes += text.len() as u64;
    }
    let digest = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Generated {
        files: files.len(),
        bytes,
        digest,
    })
}

/// Every file of the site, by path.
fn files(shape: Shape) -> BTreeMap<PathBuf, String> {
    assert!(shape.sections >= 1 && shape.indicators >= shape.sections);
    assert!(shape.editions >= 1 && shape.editions <= shape.months);
    let mut prng = Prng::new(0x5C0E_CA4D);
    let indicators = indicators(shape, &mut prng);
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("site.yaml"), SITE_YAML.to_string());
    for section in 0..shape.sections {
        let own: Vec<&Indicator> = indicators.iter().filter(|i| i.section == section).collect();
        files.insert(
            PathBuf::from(format!(
                "data/sections/{:03}-{}.yaml",
                section + 1,
                section_id(section)
            )),
            section_yaml(section, &own, shape),
        );
    }
    // One CSV file per financial year, as a council keeps them.
    let mut by_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for indicator in &indicators {
        for row in &indicator.rows {
            by_year
                .entry(row.month.financial_year_start())
                .or_default()
                .push(csv_row(indicator, row));
        }
    }
    for (year, rows) in by_year {
        let mut text =
            String::from("indicator,month,value,numerator,denominator,ytd,note,from_edition\n");
        for row in rows {
            text.push_str(&row);
            text.push('\n');
        }
        files.insert(
            PathBuf::from(format!("data/monthly/{year}-{:02}.csv", (year + 1) % 100)),
            text,
        );
    }
    for edition in (shape.months - shape.editions..shape.months).map(Month) {
        let folder = PathBuf::from("content/editions").join(edition.code());
        files.insert(
            folder.join("index.md"),
            cover(edition, &indicators, &mut prng),
        );
        for section in 0..shape.sections {
            let own: Vec<&Indicator> = indicators.iter().filter(|i| i.section == section).collect();
            files.insert(
                folder.join(format!("{}.md", section_id(section))),
                commentary(edition, section, &own, &mut prng),
            );
        }
    }
    files.insert(PathBuf::from("content/pages/about.md"), ABOUT.to_string());
    files.insert(
        PathBuf::from("content/pages/accessibility-statement.md"),
        ACCESSIBILITY.to_string(),
    );
    files
}

fn section_id(section: usize) -> String {
    let area = AREAS[section % AREAS.len()];
    let mut id: String = area
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while id.contains("--") {
        id = id.replace("--", "-");
    }
    match section / AREAS.len() {
        0 => id,
        n => format!("{id}-{}", n + 1),
    }
}

fn section_title(section: usize) -> String {
    let area = AREAS[section % AREAS.len()];
    match section / AREAS.len() {
        0 => area.to_string(),
        n => format!("{area} ({})", n + 1),
    }
}

/// The indicators, in blocks of about N/S per section, with their figures.
fn indicators(shape: Shape, prng: &mut Prng) -> Vec<Indicator> {
    let months = shape.months;
    (0..shape.indicators)
        .map(|g| {
            let section = g * shape.sections / shape.indicators;
            let first_of_section = (section * shape.indicators).div_ceil(shape.sections);
            let id = format!("{}.{}", section + 1, g - first_of_section + 1);
            let kind = KINDS[g % KINDS.len()];
            let level = match kind {
                Kind::Volume => prng.between(80.0, 2000.0).round(),
                Kind::Stock => prng.between(40.0, 900.0).round(),
                Kind::Timeliness | Kind::Completion => prng.between(70.0, 95.0),
                Kind::Repeat => prng.between(12.0, 35.0),
                Kind::Rate => prng.between(300.0, 900.0),
                Kind::Caseload => prng.between(12.0, 24.0),
                Kind::Duration => prng.between(20.0, 300.0),
            };
            // A few measures start or end part way, as reports change; never one whose
            // figures the commentary quotes.
            let (starts, ends) = match g % 25 {
                12 if months >= 6 => (None, Some(Month(months * 2 / 3))),
                24 if months >= 6 => (Some(Month(months / 3)), None),
                _ => (None, None),
            };
            let renumbered =
                (g % 40 == 5 && months >= 2).then(|| (format!("{id}-old"), Month(months / 2 - 1)));
            let mut indicator = Indicator {
                id,
                section,
                kind,
                level,
                first: starts.unwrap_or(Month(0)),
                last: ends.unwrap_or(Month(months - 1)),
                starts,
                ends,
                renumbered,
                rows: Vec::new(),
            };
            indicator.rows = rows(&indicator, months, prng);
            indicator
        })
        .collect()
}

/// A row for each month of the indicator's life, then corrections of about one figure
/// in twenty-five, shown from a later edition.
fn rows(indicator: &Indicator, months: usize, prng: &mut Prng) -> Vec<Row> {
    let kind = indicator.kind;
    let mut rows = Vec::new();
    let mut drift = 0.0;
    let mut year_values: Vec<f64> = Vec::new();
    for m in (indicator.first.0..=indicator.last.0).map(Month) {
        if m.year_start() == m {
            year_values.clear();
        }
        drift = (drift + prng.between(-0.03, 0.03)).clamp(-0.15, 0.15);
        let season = (m.0 as f64 * std::f64::consts::TAU / 12.0).sin() * 0.05;
        let noise = prng.between(-0.06, 0.06);
        let factor = 1.0 + drift + season + noise;
        let (value, parts) = figure(kind, indicator.level * factor, prng);
        year_values.push(value);
        let ytd = (kind == Kind::Repeat).then(|| {
            round(
                year_values.iter().sum::<f64>() / year_values.len() as f64,
                1,
            )
        });
        let note = prng.chance(0.01).then_some("Provisional figure");
        rows.push(Row {
            month: m,
            value,
            parts,
            ytd,
            note,
            from_edition: None,
        });
    }
    let corrections: Vec<Row> = rows
        .iter()
        .filter(|r| r.month.0 + 1 < months)
        .filter_map(|r| {
            if !prng.chance(0.04) {
                return None;
            }
            let shown = r.month.0 + 1 + prng.below(3);
            let (value, parts) = figure(kind, r.value * prng.between(0.97, 1.03), prng);
            Some(Row {
                month: r.month,
                value,
                parts,
                ytd: r.ytd,
                note: Some("Revised figure"),
                from_edition: Some(Month(shown.min(months - 1))),
            })
        })
        .collect();
    rows.extend(corrections);
    rows
}

/// The published figure near `target` for the kind, with its parts for percentages that
/// have them.
fn figure(kind: Kind, target: f64, prng: &mut Prng) -> (f64, Option<(u64, u64)>) {
    if kind.has_parts() {
        let denominator = prng.between(40.0, 600.0).round() as u64;
        let share = (target / 100.0).clamp(0.2, 1.0);
        let numerator = (denominator as f64 * share).round() as u64;
        return (
            round(100.0 * numerator as f64 / denominator as f64, 1),
            Some((numerator, denominator)),
        );
    }
    let value = match kind.unit() {
        "count" => target.round().max(1.0),
        "percentage" => round(target.clamp(0.0, 100.0), 1),
        _ => round(target.max(0.1), 1),
    };
    (value, None)
}

fn round(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}

fn csv_row(indicator: &Indicator, row: &Row) -> String {
    let (numerator, denominator) = row.parts.map_or((String::new(), String::new()), |(n, d)| {
        (n.to_string(), d.to_string())
    });
    format!(
        "{},{},{},{numerator},{denominator},{},{},{}",
        indicator.id,
        row.month.code(),
        indicator.format(row.value),
        row.ytd.map_or(String::new(), |v| format!("{v:.1}")),
        row.note.unwrap_or(""),
        row.from_edition.map_or(String::new(), Month::code),
    )
}

/// A YAML double-quoted string (JSON's is valid YAML).
fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

fn section_yaml(section: usize, indicators: &[&Indicator], shape: Shape) -> String {
    let title = section_title(section);
    let mut y = String::new();
    writeln!(y, "# A generated section for the site_bench benchmark.").unwrap();
    writeln!(y, "id: {}", section_id(section)).unwrap();
    writeln!(y, "title: {}", q(&title)).unwrap();
    writeln!(y, "order: {}", section + 1).unwrap();
    writeln!(y, "definition: |").unwrap();
    writeln!(
        y,
        "  The **{title}** measures follow the service from the first contact to the close of the case. \
         Figures are taken from the case management system on the fifth working day of the next month."
    )
    .unwrap();
    writeln!(y).unwrap();
    writeln!(
        y,
        "  Percentages are of the cases completed in the month; rates are per 10,000 children aged under 18."
    )
    .unwrap();
    writeln!(y, "indicators:").unwrap();
    let years: Vec<i32> = (Month(0).financial_year_start()
        ..=Month(shape.months - 1).financial_year_start())
        .collect();
    for i in indicators {
        let kind = i.kind;
        let area = AREAS[section % AREAS.len()];
        writeln!(y, "  - id: {}", q(&i.id)).unwrap();
        if let Some((number, until)) = &i.renumbered {
            writeln!(
                y,
                "    renumbered: [{{ number: {}, until: {} }}]",
                q(number),
                until.code()
            )
            .unwrap();
        }
        writeln!(y, "    title: {}", q(&kind.title(area))).unwrap();
        writeln!(y, "    short: {}", q(kind.short())).unwrap();
        writeln!(y, "    polarity: {}", kind.polarity()).unwrap();
        writeln!(y, "    unit: {}", kind.unit()).unwrap();
        writeln!(y, "    decimals: {}", kind.decimals()).unwrap();
        writeln!(y, "    data_note: {}", kind.data_note()).unwrap();
        writeln!(y, "    ytd: {}", kind.ytd()).unwrap();
        if let Some(m) = i.starts {
            writeln!(y, "    starts: {}", m.code()).unwrap();
        }
        if let Some(m) = i.ends {
            writeln!(y, "    ends: {}", m.code()).unwrap();
        }
        y.push_str(&targets(i, &years));
        let fmt = |v: f64| i.format(v);
        let level = i.level;
        writeln!(y, "    outturns:").unwrap();
        for (back, factor) in [(2, 1.08), (1, 1.03)] {
            writeln!(
                y,
                "      {}: {}",
                financial_year(years[0] - back),
                fmt(level * factor)
            )
            .unwrap();
        }
        if kind != Kind::Stock {
            writeln!(y, "    benchmarks:").unwrap();
            writeln!(y, "      year: {}", financial_year(years[0] - 1)).unwrap();
            writeln!(y, "      stat_neighbour_avg: {}", fmt(level * 1.02)).unwrap();
            writeln!(y, "      national_avg: {}", fmt(level * 0.97)).unwrap();
            if kind.polarity() != "info" {
                let (best, top) = match kind.polarity() {
                    "low" => (0.7, 0.8),
                    _ => (1.1, 1.05),
                };
                let cap = |v: f64| {
                    if kind.unit() == "percentage" {
                        v.min(100.0)
                    } else {
                        v
                    }
                };
                writeln!(y, "      best_stat_neighbour: {}", fmt(cap(level * best))).unwrap();
                writeln!(y, "      national_top_quartile: {}", fmt(cap(level * top))).unwrap();
            }
        }
        if i.renumbered.is_some() || i.starts.is_some() {
            writeln!(y, "    notes:").unwrap();
            writeln!(
                y,
                "      - New definition agreed by the board; earlier figures are not comparable."
            )
            .unwrap();
        }
    }
    y
}

/// One target rule per financial year, in the form that suits the kind, tightening a
/// little each year.
fn targets(i: &Indicator, years: &[i32]) -> String {
    let kind = i.kind;
    if kind == Kind::Volume {
        return "    targets: []\n".into();
    }
    let fmt = |v: f64| i.format(v);
    let mut y = String::from("    targets:\n");
    for (n, year) in years.iter().enumerate() {
        let step = 1.0 + 0.01 * n as f64;
        let level = i.level;
        let fy = financial_year(*year);
        let rule = match kind.polarity() {
            "info" => format!(
                "band: {{ centre: {}, green: {}, amber: {} }}",
                fmt(level),
                fmt((level * 0.05).max(1.0)),
                fmt((level * 0.15).max(3.0))
            ),
            "high" => {
                let green = (level * step).min(99.0);
                format!(
                    "threshold: {{ good: high, green: {}, amber: {} }}",
                    fmt(green),
                    fmt(green - 4.0)
                )
            }
            "low" => {
                let green = level / step;
                format!(
                    "threshold: {{ good: low, green: {}, amber: {} }}",
                    fmt(green),
                    fmt(green * 1.1 + 1.0)
                )
            }
            _ => format!(
                "range: {{ min: {}, max: {}, amber_margin_pct: 10, sides: both }}",
                fmt(level * 0.9),
                fmt(level * 1.1)
            ),
        };
        let applies = if kind == Kind::Completion {
            "ytd"
        } else {
            "month"
        };
        writeln!(y, "      - year: {fy}").unwrap();
        writeln!(y, "        applies_to: {applies}").unwrap();
        writeln!(y, "        {rule}").unwrap();
    }
    y
}

/// The edition's cover: front matter and a summary quoting figures from across the
/// report.
fn cover(edition: Month, indicators: &[Indicator], prng: &mut Prng) -> String {
    let next = Month(edition.0 + 1).year_month();
    let mut t = String::new();
    writeln!(t, "---").unwrap();
    writeln!(t, "status: Final").unwrap();
    writeln!(
        t,
        "created: {}-{:02}-{:02}",
        next.0,
        next.1,
        10 + prng.below(15)
    )
    .unwrap();
    writeln!(t, "author: Performance Assurance Manager - Social Care").unwrap();
    writeln!(t, "---").unwrap();
    writeln!(
        t,
        "This is the performance report for {}. It sets out performance against the \
         council's targets, with the direction of travel from the month before and \
         comparisons with statistical neighbours and England.",
        edition.long_name()
    )
    .unwrap();
    writeln!(t).unwrap();
    writeln!(t, "## Key achievements").unwrap();
    writeln!(t).unwrap();
    let steady: Vec<&Indicator> = indicators.iter().filter(|i| i.steady()).collect();
    for n in 1..=5 {
        let i = steady[prng.below(steady.len())];
        writeln!(t, "{n}. {}", sentence(i, edition, prng)).unwrap();
    }
    writeln!(t).unwrap();
    writeln!(t, "## Key areas for further improvement").unwrap();
    writeln!(t).unwrap();
    for n in 1..=3 {
        let i = steady[prng.below(steady.len())];
        writeln!(
            t,
            "{n}. {} is rated {{{{ rag {} }}}} this month and has {{{{ dot {} }}}}; \
             the service manager has agreed an action plan.",
            i.kind.short(),
            i.id,
            i.id
        )
        .unwrap();
    }
    t
}

/// A sentence quoting the indicator's figures in the edition, using each shortcode the
/// edition can answer.
fn sentence(i: &Indicator, edition: Month, prng: &mut Prng) -> String {
    let id = &i.id;
    let mut s = format!(
        "{} was {{{{ value {id} }}}} in {}",
        i.kind.short(),
        edition.long_name()
    );
    if edition.0 >= 1 && i.reported_in(Month(edition.0 - 1)) {
        s += &format!(", against {{{{ previous {id} }}}} the month before ({{{{ change {id} }}}})");
    }
    if edition.0 >= 12 && i.reported_in(Month(edition.0 - 12)) {
        s += &format!(" and {{{{ change_year {id} }}}} on a year before");
    }
    if i.kind.ytd() != "none" {
        s += &format!("; the year to date is {{{{ ytd {id} }}}}");
    }
    if i.kind.has_parts() {
        s += &format!(" ({{{{ fraction {id} }}}} this month)");
    }
    if edition.0 >= 3 && prng.chance(0.5) {
        let earlier = Month(edition.0 - 3);
        if i.reported_in(earlier) {
            s += &format!(
                ". In {} it was {{{{ value {id} {} }}}}",
                earlier.long_name(),
                earlier.code()
            );
        }
    }
    s + "."
}

/// A section's performance analysis for the edition: a paragraph per indicator the
/// edition reports, a table of three, and a list of actions.
fn commentary(
    edition: Month,
    section: usize,
    indicators: &[&Indicator],
    prng: &mut Prng,
) -> String {
    let mut t = String::from("---\n---\n");
    writeln!(
        t,
        "Performance in {} for {} is summarised below; the charts show the trend over \
         the last two years.",
        edition.long_name(),
        section_title(section)
    )
    .unwrap();
    writeln!(t).unwrap();
    let shown: Vec<&&Indicator> = indicators.iter().filter(|i| i.steady()).collect();
    for i in &shown {
        writeln!(t, "**{}**: {}", i.id, sentence(i, edition, prng)).unwrap();
        writeln!(t).unwrap();
    }
    if shown.len() >= 3 {
        writeln!(t, "| Measure | This month | Rating | Direction |").unwrap();
        writeln!(t, "|---|--:|---|---|").unwrap();
        for i in shown.iter().take(3) {
            writeln!(
                t,
                "| {} | {{{{ value {} }}}} | {{{{ rag {} }}}} | {{{{ dot {} }}}} |",
                i.kind.short(),
                i.id,
                i.id,
                i.id
            )
            .unwrap();
        }
        writeln!(t).unwrap();
    }
    writeln!(t, "Actions agreed at the performance clinic:").unwrap();
    writeln!(t).unwrap();
    for action in [
        "Team managers to review every case over timescale each week.",
        "Audit a sample of ten closed cases and report the findings next month.",
        "Check the recording of outcomes with the system support team.",
    ]
    .iter()
    .take(1 + prng.below(3))
    {
        writeln!(t, "- {action}").unwrap();
    }
    t
}

const SITE_YAML: &str = "\
# A generated site for the site_bench benchmark (examples/site_bench).
title: Children's Services Performance Report
organisation: Example Borough Council
base_url: https://performance.example.gov.uk/
language: en-GB
financial_year_start: 4
direction:
  no_change: precision
  shows: judgement
labels:
  none: Not rated
show_fractions: true
";

const ABOUT: &str = "\
---
title: About this report
---
This report shows, month by month, how the council's services for children are
performing, using national and local measures. It is generated for a benchmark.
";

const ACCESSIBILITY: &str = "\
---
title: Accessibility statement
---
This website is run by the council's performance team. We want as many people as
possible to be able to use it.
";
