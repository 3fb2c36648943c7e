//! The limits every input is held to, so that no file can make a build take minutes.

/// The largest size of figure accepted, in value, numerator, denominator, year to
/// date, target, outturn and benchmark: a million million. No council figure comes
/// near it, and everything computed from such figures stays far from the limits of
/// floating point, where sums overflow to infinity and charts cannot be drawn.
pub(crate) const LARGEST_FIGURE: f64 = 1e12;

/// The limit in words, for messages.
pub(crate) const FIGURE_RANGE: &str =
    "figures must lie between -1,000,000,000,000 and 1,000,000,000,000 (a million million)";

/// Whether a figure is a finite number within [`LARGEST_FIGURE`].
pub(crate) fn is_sane_figure(value: f64) -> bool {
    value.is_finite() && value.abs() < LARGEST_FIGURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_finite_and_within_a_million_million() {
        for good in [0.0, -3.5, 999_999_999_999.0, -999_999_999_999.0, 1e-300] {
            assert!(is_sane_figure(good), "{good}");
        }
        for bad in [1e12, -1e12, 1.7e308, 9e307, f64::INFINITY, f64::NAN] {
            assert!(!is_sane_figure(bad), "{bad}");
        }
    }
}
