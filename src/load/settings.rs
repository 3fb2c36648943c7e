//! Reads `site.yaml`, the settings for the whole site.

use serde::Deserialize;

use super::{SETTINGS_FILE, SiteFiles, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ArrowShows, DirectionSettings, Labels, NoChange, Settings};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    title: String,
    organisation: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    financial_year_start: Option<yaml::Spanned<u8>>,
    #[serde(default)]
    theme: Option<String>,
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

pub(super) fn load(files: &SiteFiles, diagnostics: &mut Diagnostics) -> Option<Settings> {
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
    let mut base_url = raw.base_url.unwrap_or_else(|| "/".to_string());
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    Some(Settings {
        title: raw.title,
        organisation: raw.organisation,
        base_url,
        language: raw.language.unwrap_or_else(|| "en-GB".to_string()),
        financial_year_start,
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        direction: DirectionSettings { no_change, shows },
        labels: Labels {
            red: labels.red.unwrap_or_else(|| "Red".into()),
            amber: labels.amber.unwrap_or_else(|| "Amber".into()),
            green: labels.green.unwrap_or_else(|| "Green".into()),
            none: labels.none.unwrap_or_else(|| "Not rated".into()),
        },
        show_fractions: raw.show_fractions,
    })
}
