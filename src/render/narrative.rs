//! Expands the shortcodes in commentary into the figures they name.

use crate::compute;
use crate::model::shortcode::{self, Figure};
use crate::model::{Month, Site};

/// Replaces every shortcode in `text` with its formatted figure. Loading has already
/// checked each one, so a shortcode that cannot be resolved here shows a dash.
pub fn expand(text: &str, site: &Site, edition: Month) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for code in shortcode::scan(text).into_iter().flatten() {
        out.push_str(&text[last..code.range.start]);
        last = code.range.end;
        let month = code.month.unwrap_or(edition);
        let Some(i) = site.indicators().find(|i| i.id == code.indicator) else {
            out.push('–');
            continue;
        };
        let f = compute::figures(i, month, &site.settings);
        let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:+.1}%"));
        let figure = match code.figure {
            Figure::Value => f.value.map(|v| i.format(v)),
            Figure::Ytd => f.ytd.map(|v| i.format(v)),
            Figure::Previous => f.previous.map(|v| i.format(v)),
            Figure::Change => Some(pct(f.change_month_pct)),
            Figure::ChangeYear => Some(pct(f.change_year_pct)),
            Figure::Rag => Some(
                f.rag
                    .map_or(site.settings.labels.none.clone(), |r| match r.rag {
                        compute::Rag::Red => site.settings.labels.red.clone(),
                        compute::Rag::Amber => site.settings.labels.amber.clone(),
                        compute::Rag::Green => site.settings.labels.green.clone(),
                    }),
            ),
            Figure::Dot => f.dot.map(|d| d.description()),
            Figure::Fraction => f.fraction.map(|(n, d)| format!("{n} of {d}")),
        };
        out.push_str(&figure.unwrap_or_else(|| "–".into()));
    }
    out.push_str(&text[last..]);
    out
}
