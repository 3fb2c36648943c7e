//! Expands the shortcodes in commentary into the figures they name.

use crate::compute::{self, EditionFigures};
use crate::model::shortcode::{self, Figure};
use crate::model::{Judgement, Settings};

/// Replaces every shortcode in `text` with its figure from the edition's computed
/// `figures`, formatted as the tables show it. Loading has already checked each one,
/// so a shortcode that cannot be resolved here shows a dash.
pub(crate) fn expand(text: &str, figures: &EditionFigures, settings: &Settings) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for code in shortcode::scan(text).into_iter().flatten() {
        out.push_str(&text[last..code.range.start]);
        last = code.range.end;
        let Some((i, f)) = figures.named_by(&code) else {
            out.push('–');
            continue;
        };
        let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:+.1}%"));
        // A qualitative measure's judgement is quoted in the word its panel shows;
        // loading refuses the figures a judgement has no meaning for.
        let judged = |judgement: Option<Judgement>| judgement.map(|j| j.word().to_string());
        let figure = match code.figure {
            Figure::Value if i.is_qualitative() => judged(f.judgement),
            // The middle of the last three months is the month before.
            Figure::Previous if i.is_qualitative() => judged(f.last_three_judgements[1]),
            Figure::Value => f.value.map(|v| i.format(v)),
            Figure::Ytd => f.ytd.map(|v| i.format(v)),
            Figure::Previous => f.previous.map(|v| i.format(v)),
            Figure::Change => Some(pct(f.change_month_pct)),
            Figure::ChangeYear => Some(pct(f.change_year_pct)),
            Figure::Rag => {
                Some(compute::rag_word(&settings.labels, f.rag.as_ref().map(|r| r.rag)).to_string())
            }
            Figure::Dot => f
                .dot
                .map(|d| d.words(settings.direction.shows, &settings.words)),
            Figure::Fraction => f.fraction.map(compute::count_words),
        };
        out.push_str(&figure.unwrap_or_else(|| "–".into()));
    }
    out.push_str(&text[last..]);
    out
}
