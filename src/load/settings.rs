//! Reads `site.yaml`, the settings for the whole site.

use serde::Deserialize;

use super::{SETTINGS_FILE, SiteFiles, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::{ArrowShows, DirectionSettings, Labels, NoChange, Settings};

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
    show_fractions: bool,
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
pub(super) struct Loaded {
    pub settings: Settings,
    pub theme_at: Option<Place>,
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
        show_fractions: raw.show_fractions,
    };
    Some(Loaded { settings, theme_at })
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
