//! Reads `site.yaml`, the settings for the whole site.

use serde::Deserialize;

use super::wide::{DEFAULT_KEY, Layout};
use super::{SETTINGS_FILE, SiteFiles, columns, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::{
    ArrowShows, BenchmarkColumn, Brand, Colour, DirectionSettings, ExtraFigure, Labels, Logo,
    NoChange, Settings, SpcSettings, WHITE,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    title: String,
    organisation: String,
    #[serde(default)]
    base_url: Option<yaml::Spanned<String>>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    financial_year_start: Option<yaml::Spanned<u8>>,
    #[serde(default)]
    theme: Option<yaml::Spanned<String>>,
    #[serde(default)]
    direction: Option<RawDirection>,
    #[serde(default)]
    labels: Option<RawLabels>,
    #[serde(default)]
    show_fractions: Option<bool>,
    #[serde(default)]
    show: Option<Vec<yaml::Spanned<String>>>,
    #[serde(default)]
    brand: Option<RawBrand>,
    #[serde(default)]
    summary: Option<columns::RawSummary>,
    #[serde(default)]
    monthly_window: Option<yaml::Spanned<String>>,
    #[serde(default)]
    words: Option<columns::RawWords>,
    #[serde(default)]
    change_threshold: Option<yaml::Spanned<f64>>,
    #[serde(default)]
    lifecycle: Option<columns::RawLifecycle>,
    #[serde(default)]
    data: Option<Vec<RawLayout>>,
    #[serde(default)]
    benchmarks: Option<Vec<yaml::Spanned<RawBenchmarkColumn>>>,
    spc: Option<RawSpc>,
    #[serde(default)]
    breakdowns: Option<super::breakdowns::RawDimensions>,
    #[serde(default)]
    breakdown_columns: Option<Vec<yaml::Spanned<String>>>,
}

/// One entry of `data:`: how a council's own data file is laid out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    file: yaml::Spanned<String>,
    #[serde(default)]
    sheet: Option<yaml::Spanned<String>>,
    #[serde(default)]
    header_row: Option<yaml::Spanned<i64>>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    /// The heading of the column naming each row's member of a breakdown.
    #[serde(default)]
    member: Option<String>,
}

/// A benchmark column the site names: `{ key: regional_avg, label: "Region" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmarkColumn {
    key: String,
    label: String,
}

/// `spc:` in site.yaml: statistical process control (docs/spc.md).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpc {
    #[serde(default)]
    all: Option<bool>,
    #[serde(default)]
    minimum_points: Option<yaml::Spanned<usize>>,
    #[serde(default)]
    shift: Option<yaml::Spanned<usize>>,
    #[serde(default)]
    trend: Option<yaml::Spanned<usize>>,
    #[serde(default)]
    screen_outliers: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    #[serde(default, alias = "color")]
    colour: Option<yaml::Spanned<String>>,
    #[serde(default)]
    font: Option<yaml::Spanned<String>>,
    #[serde(default)]
    logo: Option<yaml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirection {
    #[serde(default)]
    no_change: Option<RawNoChange>,
    #[serde(default)]
    shows: Option<RawShows>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawNoChange {
    Named(RawNoChangeName),
    Relative { relative: f64 },
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawNoChangeName {
    Precision,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawShows {
    Judgement,
    Raw,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    red: Option<String>,
    amber: Option<String>,
    green: Option<String>,
    none: Option<String>,
}

/// The settings, and where the theme is named, for a message if it does not exist.
#[derive(Clone)]
pub(super) struct Loaded {
    pub settings: Settings,
    pub theme_at: Option<Place>,
    /// How the council's own data files are laid out, from `data:`.
    pub layouts: Vec<Layout>,
}

pub(super) fn load(files: &SiteFiles, diagnostics: &mut Diagnostics) -> Option<Loaded> {
    let path = files.path(SETTINGS_FILE);
    let display = files.display(&path);
    if !path.is_file() {
        diagnostics.push(
            Diagnostic::error(&display, "the site has no settings file")
                .with_hint("is --site pointing at the site folder? `scorecard new DIR` makes one"),
        );
        return None;
    }
    let text = files.read(&path, diagnostics)?;
    let raw: RawSettings = yaml::parse(&text, &display, 0, diagnostics)?;
    let financial_year_start = match raw.financial_year_start {
        Some(m) if !(1..=12).contains(&m.value) => {
            diagnostics.push(
                Diagnostic::error(
                    &display,
                    "`financial_year_start` must be a month number, 1 to 12",
                )
                .at(&text, yaml::line_of(&m), m.referenced.column() as usize),
            );
            4
        }
        Some(m) => m.value,
        None => 4,
    };
    let direction = raw.direction.unwrap_or(RawDirection {
        no_change: None,
        shows: None,
    });
    let no_change = match direction.no_change {
        None | Some(RawNoChange::Named(RawNoChangeName::Precision)) => NoChange::Precision,
        Some(RawNoChange::Relative { relative }) => {
            if !(0.0..1.0).contains(&relative) {
                diagnostics.push(
                    Diagnostic::error(
                        &display,
                        format!("`direction.no_change.relative` is {relative}; expected a fraction from 0 to 1, such as 0.10 for 10%"),
                    ),
                );
            }
            NoChange::Relative(relative)
        }
    };
    let shows = match direction.shows {
        None | Some(RawShows::Judgement) => ArrowShows::Judgement,
        Some(RawShows::Raw) => ArrowShows::Raw,
    };
    let labels = raw.labels.unwrap_or(RawLabels {
        red: None,
        amber: None,
        green: None,
        none: None,
    });
    let brand = raw
        .brand
        .map(|b| brand(files, b, &text, &display, diagnostics))
        .unwrap_or_default();
    let mut base_url = match raw.base_url {
        Some(url) => {
            if let Some(problem) = base_url_problem(&url.value) {
                diagnostics.push(
                    Diagnostic::error(&display, format!("`base_url` {problem}"))
                        .at(&text, yaml::line_of(&url), url.referenced.column() as usize)
                        .with_hint("write the address the site is published at, such as https://performance.example.gov.uk/, or a path such as /reports/"),
                );
            }
            url.value
        }
        None => "/".to_string(),
    };
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let mut theme = raw
        .theme
        .as_ref()
        .map_or_else(|| "default".to_string(), |t| t.value.clone());
    let theme_at = raw.theme.as_ref().map(|t| {
        Place::new(
            &display,
            &text,
            yaml::line_of(t),
            t.referenced.column() as usize,
        )
    });
    if let (Some(named), Some(place)) = (&raw.theme, &theme_at)
        && !named
            .value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        diagnostics.push(
            Diagnostic::error(
                &display,
                format!("theme name `{}` is not a folder name", named.value),
            )
            .at_place(place)
            .with_hint(
                "name a folder under themes/ with letters, digits, `-` and `_`, or write `default`",
            ),
        );
        // Never read templates from a path outside themes/.
        theme = "default".to_string();
    }
    let mut show = Vec::new();
    for named in raw.show.iter().flatten() {
        let found = ExtraFigure::NAMES
            .iter()
            .find(|(name, _)| *name == named.value.trim());
        match found {
            Some((_, figure)) if !show.contains(figure) => show.push(*figure),
            Some(_) => {}
            None => {
                let names: Vec<&str> = ExtraFigure::NAMES.iter().map(|(n, _)| *n).collect();
                diagnostics.push(
                    Diagnostic::error(
                        &display,
                        format!(
                            "`show` lists `{}`, which is not a figure scorecard can show",
                            named.value
                        ),
                    )
                    .at(
                        &text,
                        yaml::line_of(named),
                        named.referenced.column() as usize,
                    )
                    .with_hint(format!("list any of: {}", names.join(", "))),
                );
            }
        }
    }
    let at = columns::At {
        text: &text,
        file: &display,
    };
    let monthly_window = columns::monthly_window(raw.monthly_window, &at, diagnostics);
    let change = columns::change(raw.change_threshold, &at, diagnostics);
    let lifecycle = columns::lifecycle(raw.lifecycle, &at, diagnostics);
    let benchmarks = match raw.benchmarks {
        None => BenchmarkColumn::defaults(),
        Some(columns) => {
            let mut kept: Vec<BenchmarkColumn> = Vec::new();
            for column in columns {
                let key = column.value.key.trim();
                let problem = if key.is_empty()
                    || !key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                {
                    Some(format!("benchmark key `{key}` is not a plain name"))
                } else if kept.iter().any(|c| c.key == key) {
                    Some(format!("benchmark key `{key}` is listed twice"))
                } else {
                    None
                };
                match problem {
                    Some(message) => diagnostics.push(
                        Diagnostic::error(&display, message)
                            .at(
                                &text,
                                yaml::line_of(&column),
                                column.referenced.column() as usize,
                            )
                            .with_hint("each benchmark column has its own key of lower-case letters, digits and `_`, such as `regional_avg`, which indicators give their figure under"),
                    ),
                    None => kept.push(BenchmarkColumn {
                        key: key.to_string(),
                        label: column.value.label.clone(),
                    }),
                }
            }
            kept
        }
    };
    let benchmark_keys: Vec<&str> = benchmarks.iter().map(|c| c.key.as_str()).collect();
    let summary = columns::summary(raw.summary, &benchmark_keys, &at, diagnostics);
    let spc = raw
        .spc
        .map(|raw| spc(raw, &text, &display, diagnostics))
        .unwrap_or_default();
    let breakdowns = raw
        .breakdowns
        .map(|raw| super::breakdowns::dimensions(raw, &[], &display, &text, diagnostics))
        .unwrap_or_default();
    let breakdown_columns =
        super::breakdowns::columns(raw.breakdown_columns, &display, &text, diagnostics);
    let settings = Settings {
        title: raw.title,
        organisation: raw.organisation,
        base_url,
        language: raw.language.unwrap_or_else(|| "en-GB".to_string()),
        financial_year_start,
        theme,
        direction: DirectionSettings { no_change, shows },
        labels: Labels {
            red: labels.red.unwrap_or_else(|| "Red".into()),
            amber: labels.amber.unwrap_or_else(|| "Amber".into()),
            green: labels.green.unwrap_or_else(|| "Green".into()),
            none: labels.none.unwrap_or_else(|| "Not rated".into()),
        },
        // Counts are shown unless the site turns them off: 100% of 1 is not 100% of 400.
        show_fractions: raw.show_fractions.unwrap_or(true),
        show,
        brand,
        summary,
        monthly_window,
        words: columns::words(raw.words),
        change,
        lifecycle,
        benchmarks,
        spc,
        breakdowns,
        breakdown_columns,
    };
    let layouts = raw
        .data
        .into_iter()
        .flatten()
        .filter_map(|l| layout(l, &text, &display, diagnostics))
        .collect();
    Some(Loaded {
        settings,
        theme_at,
        layouts,
    })
}

/// Checks one entry of `data:`, reporting what is wrong with it at its line.
fn layout(
    raw: RawLayout,
    text: &str,
    display: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Option<Layout> {
    let place = |line: usize, column: u64| Place::new(display, text, line, column as usize);
    let at = place(yaml::line_of(&raw.file), raw.file.referenced.column());
    let file = raw.file.value.trim().replace('\\', "/");
    let mut ok = true;
    let mut problem = |at: &Place, message: String, hint: &str| {
        diagnostics.push(
            Diagnostic::error(display, message)
                .at_place(at)
                .with_hint(hint),
        );
        ok = false;
    };
    let lower = file.to_ascii_lowercase();
    let workbook = lower.ends_with(".xlsx");
    if !file.starts_with("data/monthly/")
        || file.split('/').any(|part| part == ".." || part.is_empty())
        || !(workbook || lower.ends_with(".csv"))
    {
        problem(
            &at,
            format!("`data` names `{file}`, which is not a data file under data/monthly/"),
            "name a .csv file or an .xlsx workbook under data/monthly/, such as data/monthly/scorecard.xlsx",
        );
    }
    if let Some(sheet) = &raw.sheet
        && !workbook
    {
        problem(
            &place(yaml::line_of(sheet), sheet.referenced.column()),
            format!("`sheet` is given for `{file}`, which is not a workbook"),
            "only an .xlsx workbook has sheets: remove `sheet:`",
        );
    }
    let header_row = match raw.header_row {
        Some(row) if row.value < 1 => {
            problem(
                &place(yaml::line_of(&row), row.referenced.column()),
                format!(
                    "`header_row` is {}; expected the number of the row of headings, 1 or more",
                    row.value
                ),
                "count rows as Excel numbers them: the first row is 1",
            );
            None
        }
        Some(row) => Some(row.value as usize),
        None => None,
    };
    ok.then(|| Layout {
        file: std::path::PathBuf::from(file),
        sheet: raw.sheet.map(|s| s.value),
        header_row,
        key: raw.key.unwrap_or_else(|| DEFAULT_KEY.to_string()),
        ignore: raw.ignore,
        note: raw.note,
        member: raw.member,
        at,
    })
}

/// Checks the `spc` settings: each run length must be one a series can show and
/// chance rarely makes.
fn spc(
    raw: RawSpc,
    text: &str,
    display: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> SpcSettings {
    let defaults = SpcSettings::default();
    let mut length = |field: &str, value: Option<yaml::Spanned<usize>>, lowest: usize, default| {
        let Some(v) = value else { return default };
        if !(lowest..=60).contains(&v.value) {
            diagnostics.push(
                Diagnostic::error(
                    display,
                    format!(
                        "`spc.{field}` is {}; expected a number of months from {lowest} to 60",
                        v.value
                    ),
                )
                .at(text, yaml::line_of(&v), v.referenced.column() as usize)
                .with_hint("docs/spc.md gives the usual lengths and where they come from"),
            );
            return default;
        }
        v.value
    };
    SpcSettings {
        all: raw.all.unwrap_or(defaults.all),
        minimum_points: length(
            "minimum_points",
            raw.minimum_points,
            2,
            defaults.minimum_points,
        ),
        shift: length("shift", raw.shift, 2, defaults.shift),
        trend: length("trend", raw.trend, 3, defaults.trend),
        screen_outliers: raw.screen_outliers.unwrap_or(defaults.screen_outliers),
    }
}

/// Why an address cannot be the site's base address, if it cannot. The address is
/// written into every page's links, so only web addresses and paths are allowed.
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/')) {
        return Some("must start with https://, http:// or /");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
    {
        return Some("must not contain spaces, quotes, angle brackets or backslashes");
    }
    None
}

/// The lowest contrast against white that the brand colour may have: the default
/// theme draws links in it on white and white text on it, and WCAG 2.2 AA asks 4.5:1
/// for text (1.4.3).
const MIN_BRAND_CONTRAST: f64 = 4.5;

/// The logo formats a browser shows in an `<img>`.
const LOGO_EXTENSIONS: [&str; 5] = ["svg", "png", "jpg", "jpeg", "webp"];

/// Checks the `brand` settings and reads the logo file.
fn brand(
    files: &SiteFiles,
    raw: RawBrand,
    text: &str,
    display: &std::path::Path,
    diagnostics: &mut Diagnostics,
) -> Brand {
    let at = |d: Diagnostic, spanned: &yaml::Spanned<String>| {
        d.at(
            text,
            yaml::line_of(spanned),
            spanned.referenced.column() as usize,
        )
    };
    let colour = raw.colour.and_then(|c| match c.value.parse::<Colour>() {
        Ok(colour) if colour.contrast(WHITE) < MIN_BRAND_CONTRAST => {
            diagnostics.push(
                at(
                    Diagnostic::error(
                        display,
                        format!(
                            "`brand.colour` {colour} has a contrast of {:.1}:1 with white; \
                             links and the header need at least {MIN_BRAND_CONTRAST}:1",
                            colour.contrast(WHITE)
                        ),
                    ),
                    &c,
                )
                .with_hint("use a darker shade of the brand colour"),
            );
            None
        }
        Ok(colour) => Some(colour),
        Err(message) => {
            diagnostics.push(at(
                Diagnostic::error(display, format!("`brand.colour`: {message}")),
                &c,
            ));
            None
        }
    });
    // The font stack is written into a stylesheet, so only the characters of font
    // names are let through: nothing can close the declaration or the block.
    let font = raw.font.and_then(|f| {
        let ok = !f.value.trim().is_empty()
            && f.value.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '_' | '"' | '\'' | '.')
            });
        if ok {
            Some(f.value.trim().to_string())
        } else {
            diagnostics.push(
                at(
                    Diagnostic::error(
                        display,
                        format!("`brand.font` `{}` is not a font stack", f.value),
                    ),
                    &f,
                )
                .with_hint("write font names separated by commas, such as `Arial, sans-serif`"),
            );
            None
        }
    });
    let logo = raw.logo.and_then(|l| {
        let relative = std::path::Path::new(l.value.trim());
        let extension = relative
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let inside = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let file_name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !inside || !LOGO_EXTENSIONS.contains(&extension.as_str()) {
            diagnostics.push(
                at(
                    Diagnostic::error(
                        display,
                        format!(
                            "`brand.logo` `{}` must be an image file inside the site folder",
                            l.value
                        ),
                    ),
                    &l,
                )
                .with_hint("give a path such as `static/logo.svg`; SVG, PNG, JPEG or WebP"),
            );
            return None;
        }
        // The path text is inside the site; a symlink must not lead the read out of it.
        if let Some(d) = files.leads_out(&files.path(l.value.trim())) {
            // Reported at the line of site.yaml that names the link.
            let d = Diagnostic {
                file: display.to_path_buf(),
                message: format!("`brand.logo`: {}", d.message),
                ..d
            };
            diagnostics.push(at(d, &l));
            return None;
        }
        match std::fs::read(files.path(l.value.trim())) {
            Ok(bytes) => Some(Logo {
                file_name,
                source: l.value.trim().to_string(),
                bytes,
            }),
            Err(e) => {
                diagnostics.push(at(
                    Diagnostic::error(
                        display,
                        format!("`brand.logo`: cannot read `{}`: {e}", l.value),
                    ),
                    &l,
                ));
                None
            }
        }
    });
    Brand { colour, font, logo }
}
