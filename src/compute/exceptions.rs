//! Exceptions: what a reader must not miss in an edition, found from the figures.

use super::{IndicatorFigures, Lifecycle, Meaning, Rag, figures};
use crate::model::{Indicator, Judgement, Month, Site};

/// Why an indicator is an exception this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExceptionKind {
    Red,
    /// A qualitative measure judged negative this month: its judgement takes the
    /// place of a rating (the summary shows it in the rating's column), and negative
    /// is its worst, shown in the red rating's colour, so it is listed beside red.
    JudgedNegative,
    DeclineOffTarget,
    DeclineThreeMonths,
    NewMeasure,
    EndedMeasure,
    NoData,
    /// The latest month is a special cause of concern (docs/spc.md).
    SpecialCauseConcern,
    /// The process limits lie wholly on the wrong side of the target.
    ConsistentlyFail,
}

impl ExceptionKind {
    /// The heading the exceptions page groups by.
    pub fn heading(self) -> &'static str {
        match self {
            ExceptionKind::Red => "Rated red",
            ExceptionKind::JudgedNegative => "Judged negative",
            ExceptionKind::DeclineOffTarget => "Declined and not on target",
            ExceptionKind::DeclineThreeMonths => "Declined three months running",
            ExceptionKind::NewMeasure => "New measures",
            ExceptionKind::EndedMeasure => "Measures no longer reported",
            ExceptionKind::NoData => "No figure for this month",
            ExceptionKind::SpecialCauseConcern => "Special cause of concern (SPC)",
            ExceptionKind::ConsistentlyFail => "Will consistently fail the target (SPC)",
        }
    }

    pub const ALL: [ExceptionKind; 9] = [
        ExceptionKind::Red,
        ExceptionKind::JudgedNegative,
        ExceptionKind::DeclineOffTarget,
        ExceptionKind::DeclineThreeMonths,
        ExceptionKind::NewMeasure,
        ExceptionKind::EndedMeasure,
        ExceptionKind::NoData,
        ExceptionKind::SpecialCauseConcern,
        ExceptionKind::ConsistentlyFail,
    ];
}

/// Every exception of the edition for `month`, in report order within each kind, as
/// indexes into `shown`, the edition's computed indicators.
pub(crate) fn exceptions(
    site: &Site,
    month: Month,
    shown: &[IndicatorFigures],
) -> Vec<(ExceptionKind, usize)> {
    let settings = &site.settings;
    let declined = |i: &Indicator, m: Month| {
        figures(i, m, settings)
            .dot
            .is_some_and(|d| d.meaning == Meaning::Declined)
    };
    let fy = month.financial_year(settings.financial_year_start);
    let mut found = Vec::new();
    for (k, shown) in shown.iter().enumerate() {
        let (i, f) = (shown.indicator, &shown.figures);
        if f.rag.as_ref().is_some_and(|r| r.rag == Rag::Red) {
            found.push((ExceptionKind::Red, k));
        }
        if f.judgement == Some(Judgement::Negative) {
            found.push((ExceptionKind::JudgedNegative, k));
        }
        if f.dot
            .is_some_and(|d| d.meaning == Meaning::Declined && d.on_target == Some(false))
        {
            found.push((ExceptionKind::DeclineOffTarget, k));
        }
        // The two months before are worked out only to find a run of declines.
        if f.dot.is_some_and(|d| d.meaning == Meaning::Declined)
            && (1..3).all(|n| declined(i, month.minus(n)))
        {
            found.push((ExceptionKind::DeclineThreeMonths, k));
        }
        if f.lifecycle == Lifecycle::New || i.starts == Some(month) {
            found.push((ExceptionKind::NewMeasure, k));
        }
        if i.ends.is_some_and(|e| e <= month && fy.contains(e.next())) {
            found.push((ExceptionKind::EndedMeasure, k));
        }
        // A qualitative measure is reported by its judgement: it has no value to miss,
        // and a live month with no judgement is listed here like a missing figure.
        if !i.is_reported(month) && f.lifecycle == Lifecycle::Live {
            found.push((ExceptionKind::NoData, k));
        }
        // An old measure, shown once more with its last figures, is not reported this
        // month: its process is no news.
        let reported = shown.stage != Some(super::Stage::Old);
        if let Some(x) = shown
            .spc
            .as_ref()
            .and_then(|s| s.xmr())
            .filter(|_| reported)
        {
            if x.variation.is_concern() {
                found.push((ExceptionKind::SpecialCauseConcern, k));
            }
            if x.assurance == Some(super::Assurance::Fail) {
                found.push((ExceptionKind::ConsistentlyFail, k));
            }
        }
    }
    found.sort_by_key(|(kind, _)| *kind);
    found
}
