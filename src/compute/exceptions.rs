//! Exceptions: what a reader must not miss in an edition, found from the figures.

use super::{Lifecycle, Meaning, Rag, figures};
use crate::model::{Indicator, Month, Site};

/// Why an indicator is an exception this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExceptionKind {
    Red,
    DeclineOffTarget,
    DeclineThreeMonths,
    NewMeasure,
    EndedMeasure,
    NoData,
}

impl ExceptionKind {
    /// The heading the exceptions page groups by.
    pub fn heading(self) -> &'static str {
        match self {
            ExceptionKind::Red => "Rated red",
            ExceptionKind::DeclineOffTarget => "Declined and not on target",
            ExceptionKind::DeclineThreeMonths => "Declined three months running",
            ExceptionKind::NewMeasure => "New measures",
            ExceptionKind::EndedMeasure => "Measures no longer reported",
            ExceptionKind::NoData => "No figure for this month",
        }
    }

    pub const ALL: [ExceptionKind; 6] = [
        ExceptionKind::Red,
        ExceptionKind::DeclineOffTarget,
        ExceptionKind::DeclineThreeMonths,
        ExceptionKind::NewMeasure,
        ExceptionKind::EndedMeasure,
        ExceptionKind::NoData,
    ];
}

/// Every exception of the edition for `month`, in report order within each kind.
pub fn exceptions(site: &Site, month: Month) -> Vec<(ExceptionKind, &Indicator)> {
    let settings = &site.settings;
    let declined = |i: &Indicator, m: Month| {
        figures(i, m, settings)
            .dot
            .is_some_and(|d| d.meaning == Meaning::Declined)
    };
    let mut found = Vec::new();
    for i in site.indicators().filter(|i| i.is_shown_in(month)) {
        let f = figures(i, month, settings);
        let fy = month.financial_year(settings.financial_year_start);
        if f.rag.as_ref().is_some_and(|r| r.rag == Rag::Red) {
            found.push((ExceptionKind::Red, i));
        }
        if f.dot
            .is_some_and(|d| d.meaning == Meaning::Declined && d.on_target == Some(false))
        {
            found.push((ExceptionKind::DeclineOffTarget, i));
        }
        if (0..3).all(|n| declined(i, month.minus(n))) {
            found.push((ExceptionKind::DeclineThreeMonths, i));
        }
        if f.lifecycle == Lifecycle::New || i.starts == Some(month) {
            found.push((ExceptionKind::NewMeasure, i));
        }
        if i.ends.is_some_and(|e| e <= month && fy.contains(e.next())) {
            found.push((ExceptionKind::EndedMeasure, i));
        }
        if f.value.is_none() && f.lifecycle == Lifecycle::Live {
            found.push((ExceptionKind::NoData, i));
        }
    }
    found.sort_by_key(|(kind, _)| *kind);
    found
}
