//! Aggregates over months: the year to date by the indicator's method.

use crate::model::{Indicator, Month, YtdMethod};

/// The year to date for the edition of `month`: the months of its financial year up
/// to and including `month`, combined by the indicator's method. Missing months are
/// left out, never counted as zero.
pub fn year_to_date(indicator: &Indicator, month: Month, fy_start: u8) -> Option<f64> {
    let first = month.financial_year(fy_start).first_month();
    let observations = || indicator.series.range(first..=month).map(|(_, o)| o);
    let values = || observations().filter_map(|o| o.value);
    match indicator.ytd {
        YtdMethod::None => None,
        YtdMethod::Sum => values().reduce(|a, b| a + b),
        YtdMethod::Mean => {
            let (sum, n) = values().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
            (n > 0).then(|| sum / n as f64)
        }
        YtdMethod::Latest => values().next_back(),
        YtdMethod::Ratio => {
            // Only months with both parts count, so a month without a denominator
            // cannot skew the ratio.
            let (num, den) = observations()
                .filter_map(|o| Some((o.numerator?, o.denominator?)))
                .fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b));
            (den > 0.0).then(|| num / den * 100.0)
        }
        YtdMethod::Reported => indicator.series.get(&month).and_then(|o| o.ytd),
    }
}

/// The sum of the twelve months to `month`, when all twelve are present: a rolling
/// year with a gap would understate the total.
pub fn rolling_12m(indicator: &Indicator, month: Month) -> Option<f64> {
    let values: Vec<f64> = (0..12)
        .filter_map(|n| indicator.value(month.minus(n)))
        .collect();
    (values.len() == 12).then(|| values.iter().sum())
}

/// The figures present among the `n` months to `month`.
fn present(indicator: &Indicator, month: Month, n: u32) -> Vec<f64> {
    (0..n)
        .filter_map(|back| indicator.value(month.minus(back)))
        .collect()
}

/// The mean of the months present among the `n` to `month`.
pub fn mean_of(indicator: &Indicator, month: Month, n: u32) -> Option<f64> {
    let values = present(indicator, month, n);
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The mean and the maximum of the months present among the twelve to `month`.
pub fn mean_and_max_12m(indicator: &Indicator, month: Month) -> Option<(f64, f64)> {
    let mean = mean_of(indicator, month, 12)?;
    let max = present(indicator, month, 12)
        .into_iter()
        .fold(f64::NEG_INFINITY, f64::max);
    Some((mean, max))
}

/// The percentage change from `before` to `after`; none when `before` is zero.
pub fn change_pct(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    match (before, after) {
        (Some(b), Some(a)) if b != 0.0 => Some((a - b) / b.abs() * 100.0),
        _ => None,
    }
}
