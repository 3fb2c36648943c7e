//! Figures written with a fixed number of decimals, exactly as `format!("{:.N}")` writes
//! them, without its slow path.
//!
//! The standard formatter rounds the exact binary value correctly, and to do so it
//! often falls back from Grisu to big-number arithmetic (Dragon4). A build writes
//! hundreds of thousands of figures and chart coordinates, and that fallback was a
//! few per cent of its CPU. Here the figure is scaled and rounded in plain floating
//! point when the result cannot be in doubt, and left to the standard formatter when
//! it can (a figure at or near a tie, a huge one, many decimals), so the text is
//! always the standard formatter's.

use std::fmt::Write;

/// Powers of ten that scale a figure for up to six decimals, each exact in an `f64`.
const SCALES: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];

/// Below 2^44 the scaled figure is within 2^-9 of its exact value (one rounding of a
/// product, at most half an ulp of 2^-8), far inside [`TIE_MARGIN`].
const LARGEST_SCALED: f64 = (1u64 << 44) as f64;

/// How far from half way the scaled figure's fraction must be for its rounding to be
/// certain; nearer than this, the standard formatter decides.
const TIE_MARGIN: f64 = 1.0 / 64.0;

/// Appends `value` with `decimals` decimals: the same text as
/// `write!(out, "{:.*}", decimals, value)`, sign of a negative zero included.
pub fn push_fixed(out: &mut String, value: f64, decimals: usize) {
    match rounded(value, decimals) {
        Some(units) => {
            if value.is_sign_negative() {
                out.push('-');
            }
            let scale = 10u64.pow(decimals as u32);
            push_integer(out, units / scale);
            if decimals > 0 {
                out.push('.');
                let fraction = units % scale;
                // Leading zeros of the fraction, then its digits.
                let digits = if fraction == 0 {
                    1
                } else {
                    fraction.ilog10() as usize + 1
                };
                out.extend(std::iter::repeat_n('0', decimals - digits));
                push_integer(out, fraction);
            }
        }
        None => {
            let _ = write!(out, "{value:.decimals$}");
        }
    }
}

/// `value` as a fixed-decimal figure: `String` form of [`push_fixed`].
pub fn fixed(value: f64, decimals: usize) -> String {
    let mut out = String::with_capacity(24);
    push_fixed(&mut out, value, decimals);
    out
}

/// The magnitude of `value` in units of its last decimal, rounded to the nearest,
/// when that rounding is certain; `None` when the standard formatter must decide.
fn rounded(value: f64, decimals: usize) -> Option<u64> {
    let scale = SCALES.get(decimals)?;
    let scaled = value.abs() * scale;
    if !scaled.is_finite() || scaled >= LARGEST_SCALED {
        return None;
    }
    let whole = scaled.floor();
    // Exact: both are below 2^53 and `whole` is `scaled` without its fraction.
    let fraction = scaled - whole;
    if (fraction - 0.5).abs() < TIE_MARGIN {
        return None;
    }
    Some(whole as u64 + u64::from(fraction > 0.5))
}

/// Appends `n` as `{}` writes it: a chart's coordinates, of which a build writes
/// millions, without the formatting machinery.
pub fn push_whole(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_integer(out, n.unsigned_abs());
}

/// Appends the decimal digits of `n`.
fn push_integer(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_numbers_are_written_as_the_standard_formatter_writes_them() {
        for n in [0, 7, -7, 10, 281, -1_000_000, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_whole(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    fn standard(value: f64, decimals: usize) -> String {
        format!("{value:.decimals$}")
    }

    #[test]
    fn writes_what_the_standard_formatter_writes() {
        let awkward = [
            0.0,
            -0.0,
            0.04,
            -0.04,
            0.05,
            -0.05,
            0.25,
            0.35,
            0.45,
            1.005,
            2.675,
            9.95,
            9.96,
            99.95,
            999.999_999,
            46.6,
            668.63,
            1041.0,
            12165.0,
            -1_234_567.0,
            0.5,
            1.5,
            2.5,
            1e12,
            -1e12,
            1e15,
            1e300,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NAN,
            f64::NEG_INFINITY,
            3.0,
            10.5,
            0.1 + 0.2,
            17_592_186_044_415.9,
        ];
        for value in awkward {
            for decimals in 0..=8 {
                assert_eq!(
                    fixed(value, decimals),
                    standard(value, decimals),
                    "{value:e} .{decimals}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn any_figure_reads_as_the_standard_formatter_writes_it(
            value in -2e13f64..2e13, decimals in 0usize..8
        ) {
            prop_assert_eq!(fixed(value, decimals), standard(value, decimals));
        }

        #[test]
        fn any_bit_pattern_reads_as_the_standard_formatter_writes_it(
            bits: u64, decimals in 0usize..8
        ) {
            let value = f64::from_bits(bits);
            prop_assert_eq!(fixed(value, decimals), standard(value, decimals));
        }

        #[test]
        fn figures_of_a_few_decimals_read_as_the_standard_formatter_writes_them(
            units in -10_000_000i64..10_000_000, shown in 0u32..4, decimals in 0usize..4
        ) {
            // Figures such as 46.65 or 0.125, as data holds them, lie on or near ties.
            let value = units as f64 / 10f64.powi(shown as i32);
            prop_assert_eq!(fixed(value, decimals), standard(value, decimals));
        }
    }
}
