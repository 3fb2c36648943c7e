//! Checks that need every file loaded: an edition's month with no figure.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::{Edition, Indicator, Month, Section};

/// Warns, at the indicator's definition, about each indicator that an edition shows
/// but that has no figure for the edition's month: the tables would show a dash. The
/// edition sees the data as it stood at its month, so a measure first published later
/// is not expected in it.
pub(super) fn missing_months(
    sections: &[Section],
    editions: &[Edition],
    places: &HashMap<String, Place>,
    diagnostics: &mut Diagnostics,
) {
    // Each indicator's months are looked through on any core (a look at every
    // edition's figures, on every save of data), and reported in order.
    let indicators: Vec<&Indicator> = sections.iter().flat_map(|s| &s.indicators).collect();
    let missing: Vec<Vec<Month>> = indicators
        .par_iter()
        .map(|indicator| {
            editions
                .iter()
                .map(|e| e.month)
                .filter(|&m| indicator.lacks_figure_in(m))
                .collect()
        })
        .collect();
    for (indicator, missing) in indicators.into_iter().zip(missing) {
        let (Some(place), Some(last)) = (places.get(&indicator.id), missing.last()) else {
            continue;
        };
        let months: Vec<String> = missing.iter().map(|m| m.long_name()).collect();
        let (which, those) = match missing.len() {
            1 => ("the month of an edition", "that month"),
            _ => ("months of editions", "those months"),
        };
        diagnostics.push(
            Diagnostic::warning(&place.file, format!(
                "indicator {} has no figure for {} ({which})",
                indicator.id,
                months.join(", ")
            ))
            .at_place(place)
            .with_hint(format!(
                "add a row for {} and {last} under data/monthly/; if it was not reported in {those}, set `starts:` or `ends:`",
                indicator.id
            )),
        );
    }
}
