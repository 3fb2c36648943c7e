//! The limits every input is held to, so that no file can make a build take minutes,
//! and the characters no input may hold.

use crate::model::is_stray_control;

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

/// The largest Markdown file accepted, in bytes. A month's commentary is a few
/// kilobytes; this is room for some 20,000 words with tables. Below the depth limit
/// the sanitiser's time grows with the size: 128 KB of the densest Markdown (a new
/// quote or list on every line) took it 0.3 to 0.7 s on a release build on a busy
/// 2-core machine (`markdown_timings` in `render::markdown` prints the figures).
pub(crate) const MARKDOWN_BYTES: usize = 128 * 1024;

/// The deepest Markdown may nest: block quotes, lists, emphasis and HTML elements
/// inside one another. Commentary rarely goes past 6; the sanitiser's time grows with
/// the square of the depth, and 5,000 nested quotes took it minutes.
pub(crate) const MARKDOWN_DEPTH: usize = 32;

/// Where a text holds a stray control character (see [`is_stray_control`]): the
/// one-based line and column and the character, at most one for each line. With
/// `yaml_escapes`, an escape in a double-quoted YAML value that stands for one, such
/// as `"\0"` or `"\x1b"`, counts as well.
pub(crate) fn stray_controls(text: &str, yaml_escapes: bool) -> Vec<(usize, usize, char)> {
    let mut found = Vec::new();
    for (number, line) in text.split('\n').enumerate() {
        let mut chars = line.chars().enumerate().peekable();
        let mut quoted = false;
        while let Some((column, c)) = chars.next() {
            let stray = if is_stray_control(c) {
                Some(c)
            } else if yaml_escapes && c == '"' {
                quoted = !quoted;
                None
            } else if yaml_escapes && quoted && c == '\\' {
                let rest: String = line.chars().skip(column + 1).take(9).collect();
                // An escaped quote or backslash stands for itself, and must not end or
                // start the quoted value.
                if rest.starts_with(['"', '\\']) {
                    chars.next();
                }
                yaml_escape(&rest).filter(|&e| is_stray_control(e))
            } else {
                None
            };
            if let Some(c) = stray {
                found.push((number + 1, column + 1, c));
                break;
            }
        }
    }
    found
}

/// The character a YAML double-quoted escape stands for, given the text after its
/// backslash, when it is one that can stand for a control character.
fn yaml_escape(rest: &str) -> Option<char> {
    let hex = |digits: usize| {
        let code = rest.get(1..=digits)?;
        u32::from_str_radix(code, 16).ok().and_then(char::from_u32)
    };
    match rest.chars().next()? {
        '0' => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'v' => Some('\u{b}'),
        'f' => Some('\u{c}'),
        'e' => Some('\u{1b}'),
        'N' => Some('\u{85}'),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        _ => None,
    }
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

    #[test]
    fn stray_controls_are_found_raw_and_as_yaml_escapes() {
        let text = "title: \"A\u{b}B\"\nok: \"tab\\there\\\\0\"\nnul: \"x\\0\"\nesc: \"\\x1b[2J\"\nplain: C:\\bin\n";
        assert_eq!(
            stray_controls(text, true),
            [(1, 10, '\u{b}'), (3, 8, '\0'), (4, 7, '\u{1b}')]
        );
        assert_eq!(stray_controls(text, false), [(1, 10, '\u{b}')]);
        assert_eq!(
            stray_controls("a\u{c}b\u{c}\n\u{85}", false),
            [(1, 2, '\u{c}'), (2, 1, '\u{85}')]
        );
        assert!(stray_controls("tab\tand\r\nline", true).is_empty());
    }
}
