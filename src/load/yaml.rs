//! The one place that parses YAML, so the YAML crate stays behind this module.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::control_name;

pub use serde_saphyr::Spanned;

const DEFAULT_HINT: &str = "see docs/format.md for the fields this file takes";

/// Parses `text` strictly: `yes` and `no` are strings, duplicate keys are errors.
/// `line_offset` is the line of the file that `text` starts after (front matter starts
/// after the `---` on line 1), so reported lines are lines of the file.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    line_offset: usize,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let stray = super::limits::stray_controls(text, true);
    if !stray.is_empty() {
        for (line, column, c) in stray {
            let mut d = Diagnostic::error(file, format!("the text holds {}", control_name(c)))
                .at(text, line, column);
            d.line = Some(line + line_offset);
            diagnostics.push(d.with_hint(
                "delete it: it is invisible, and usually comes from pasting from a word processor; tab and line breaks are the only control characters allowed",
            ));
        }
        return None;
    }
    match from_str(text) {
        Ok(value) => Some(value),
        Err(e) => {
            let (mut message, mut hint) = describe(&e);
            let mut place = None;
            if let Some(loc) = e.location() {
                let (line, column) = (loc.line() as usize, loc.column() as usize);
                place = Some((line, column));
                if let Some(m) = moved(text, &message, line) {
                    place = Some((m.line, m.column));
                    message = m.message.unwrap_or(message);
                    hint = m.hint.unwrap_or(hint);
                }
            }
            let mut d = Diagnostic::error(file, message);
            if let Some((line, column)) = place {
                // The snippet comes from the text we parsed; the reported line is moved
                // by the offset of that text in its file.
                d = d.at(text, line, column);
                d.line = Some(line + line_offset);
            }
            diagnostics.push(d.with_hint(hint));
            None
        }
    }
}

/// Parses `text` without reporting anything: for recovering what can be known from a
/// file whose errors were already reported.
pub fn parse_quietly<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_str(text).ok()
}

fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<T>(text, options)
}

/// A message and a hint a person can act on, for the errors people make by hand.
fn describe(e: &serde_saphyr::Error) -> (String, String) {
    use serde_saphyr::Error as E;
    match e {
        E::WithSnippet { error, .. } => describe(error),
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            if expected.is_empty() {
                return (
                    format!("unknown field `{field}`: this front matter takes no fields"),
                    "remove the line, or the whole front matter".to_string(),
                );
            }
            let list = expected.join(", ");
            let hint = match closest(field, expected) {
                Some(near) => format!("did you mean `{near}`? The fields here are: {list}"),
                None => format!("the fields here are: {list}"),
            };
            (format!("unknown field `{field}`"), hint)
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let list = expected.join(", ");
            let hint = match closest(variant, expected) {
                Some(near) => format!("did you mean `{near}`? Write one of: {list}"),
                None => format!("write one of: {list}"),
            };
            (format!("`{variant}` is not one of the choices here"), hint)
        }
        // The parser notices a missing field where its block ends, so that is where
        // the report points.
        E::SerdeMissingField { field, .. } => (
            format!("missing field `{field}`"),
            format!("add `{field}:` to the block that ends here; {DEFAULT_HINT}"),
        ),
        E::InvalidScalar { ty, .. } => match *ty {
            "f64" | "f32" | "floating point" => (
                "expected a number".to_string(),
                "write a plain number such as 86 or 46.6, without `%` or thousands separators"
                    .to_string(),
            ),
            "bool" | "boolean" => (
                "expected `true` or `false`".to_string(),
                "write true or false".to_string(),
            ),
            t if t.starts_with('u') || t.starts_with('i') => (
                "expected a whole number".to_string(),
                "write a whole number such as 4".to_string(),
            ),
            _ => (plain_message(e), DEFAULT_HINT.to_string()),
        },
        E::Unexpected { expected, .. } if expected.contains("string") => (
            "expected text here".to_string(),
            "put text that starts with [ { * & ! % @ or a quote, or that contains `: ` or ` #`, in double quotes".to_string(),
        ),
        E::InvalidBooleanStrict { .. } => (
            "expected `true` or `false`".to_string(),
            "write true or false; yes, no, on and off are not accepted".to_string(),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("`{k}` is given twice"),
                None => "a key is given twice".to_string(),
            },
            "keep one of them".to_string(),
        ),
        _ => {
            let message = plain_message(e);
            // The parser's own words for the mistakes people make most often by hand.
            let hint = if message.contains("mapping values are not allowed") {
                "a line is indented more than the one before, or a value contains `: `; line the keys up, or put the value in double quotes"
            } else if message.contains("tab") {
                "indent with spaces, not tabs"
            } else if message.contains("quote") {
                "close the quote on the same value, or remove it"
            } else {
                DEFAULT_HINT
            };
            (message, hint.to_string())
        }
    }
}

/// A better place for an error the parser notices later than the line to change.
struct Moved {
    line: usize,
    column: usize,
    message: Option<String>,
    hint: Option<String>,
}

/// Moves the two errors that the parser notices after the mistake.
///
/// A double-quoted value may run over several lines, so an unclosed quote is noticed
/// only at the next quote mark, often many lines on; the line to change is the last
/// one before it with an odd number of quote marks. A tab is noticed while reading the
/// value before it; the line to change is the first one from there holding a tab.
fn moved(text: &str, message: &str, line: usize) -> Option<Moved> {
    let lines: Vec<&str> = text.lines().collect();
    let column = |l: &str, byte: usize| l[..byte].chars().count() + 1;
    if message.contains("after double-quoted scalar") {
        let quotes = |l: &str| l.matches('"').count() - l.matches("\\\"").count();
        let opened = (0..line.saturating_sub(1).min(lines.len()))
            .rev()
            .find(|&i| quotes(lines[i]) % 2 == 1)?;
        let l = lines[opened];
        return Some(Moved {
            line: opened + 1,
            column: l.rfind('"').map_or(1, |b| column(l, b)),
            message: Some("this quote is not closed on its line".to_string()),
            hint: Some(format!(
                "close the value with `\"`; a quoted value runs on to the next `\"`, here on line {line}"
            )),
        });
    }
    // A field indented less than its block, where the block may go on without it
    // (an optional field), ends the block early: the parser then finds neither a list
    // item nor the end of the list at that line. Say what is wrong with the line.
    if message.contains("did not find expected '-' indicator")
        && let Some(here) = lines.get(line.checked_sub(1)?)
        && let Some(field) = here
            .trim_start()
            .split_once(':')
            .map(|(f, _)| f)
            .filter(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        && let Some(above) = lines[..line - 1]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
        && indent(above) > indent(here)
    {
        let block = indent(above);
        return Some(Moved {
            line,
            column: indent(here) + 1,
            message: Some(format!(
                "`{field}:` is indented by {} spaces, unlike the lines of its block, so it is not read as part of it",
                indent(here)
            )),
            hint: Some(format!(
                "indent it by {block} spaces, like line {}",
                line - 1
            )),
        });
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        // The field may be there but indented unlike its block, so that the parser
        // read it as part of something else: point at it, not at the block's end.
        let block = lines.get(line.checked_sub(1)?).map(|l| indent(l))?;
        for (i, l) in lines.iter().enumerate().skip(line - 1) {
            let item = l.trim_start();
            if item.starts_with(&format!("{field}:")) && indent(l) != block {
                return Some(Moved {
                    line: i + 1,
                    column: indent(l) + 1,
                    message: Some(format!(
                        "`{field}:` is indented by {} spaces, unlike the lines of its block, so it is not read as part of it",
                        indent(l)
                    )),
                    hint: Some(format!("indent it by {block} spaces, like line {line}")),
                });
            }
            let ends =
                !item.is_empty() && (indent(l) < block && item.starts_with("- ") || indent(l) == 0);
            if i + 1 > line && ends {
                break;
            }
        }
        return None;
    }
    if message.ends_with("is not one of the choices here") || message.starts_with("expected") {
        // A field indented more than its block is read as more words of the value
        // above it: `polarity: info` then `      unit: count` reads `info unit`.
        let here = lines.get(line.checked_sub(1)?)?;
        let (i, next) = lines
            .iter()
            .enumerate()
            .skip(line)
            .find(|(_, l)| !l.trim().is_empty())?;
        let field = next.trim_start().split_once(':')?.0;
        let block = indent(here);
        let is_key = !field.is_empty()
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if is_key && indent(next) > block && here.trim_start().ends_with(|c: char| c != ':') {
            return Some(Moved {
                line: i + 1,
                column: indent(next) + 1,
                message: Some(format!(
                    "`{field}:` is indented by {} spaces, more than the line above, so it is read as part of that line's value",
                    indent(next)
                )),
                hint: Some(format!("indent it by {block} spaces, like line {line}")),
            });
        }
    }
    if message.contains("tab") {
        let i = (line.saturating_sub(1)..lines.len()).find(|&i| lines[i].contains('\t'))?;
        return Some(Moved {
            line: i + 1,
            column: lines[i].find('\t').map_or(1, |b| column(lines[i], b)),
            message: Some("this line is indented with a tab".to_string()),
            hint: None,
        });
    }
    None
}

/// The expected word nearest to a misspelt one, when it is near enough to be meant.
pub(super) fn closest<'a>(word: &str, expected: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(&word, e), *e))
        .filter(|(distance, e)| *distance <= 1 + e.len() / 4)
        .min()
        .map(|(_, e)| e)
}

/// The error message without the location suffix the crate adds: ours is shown apart.
fn plain_message(e: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let text = e.render_with_options(options);
    let text = text.lines().next().unwrap_or_default().to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The one-based line of a spanned value.
pub fn line_of<T>(spanned: &Spanned<T>) -> usize {
    spanned.referenced.line() as usize
}

/// How many spaces a YAML line is indented by.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_field_that_was_meant() {
        assert_eq!(closest("titel", &["id", "title", "short"]), Some("title"));
        assert_eq!(closest("them", &["title", "theme"]), Some("theme"));
        assert_eq!(closest("colour", &["id", "title"]), None);
        assert_eq!(closest("hi", &["high", "low"]), Some("high"));
        assert_eq!(closest("Hgh", &["high", "low"]), Some("high"));
    }
}
