//! Problems found in a site's input, collected as values and reported together.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are printed and let it go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, pointing at the place in the input that a person must change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site folder where possible.
    pub file: PathBuf,
    /// One-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// One-based column, when known.
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it, when we can say.
    pub hint: Option<String>,
    /// The offending line of the file, for a snippet with a caret.
    pub source_line: Option<String>,
}

/// Turns byte offsets in a text into one-based line numbers. Offsets usually come in
/// order, as a reader meets them, so each line feed is counted once rather than again
/// from the top for every offset, which takes time in the square of the text's length.
#[derive(Debug, Clone, Copy)]
pub struct LineCounter<'a> {
    text: &'a [u8],
    /// An offset reached so far, and the line feeds before it.
    offset: usize,
    feeds: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            offset: 0,
            feeds: 0,
        }
    }

    /// The line of the byte at `offset`; an offset past the end is on the last line.
    pub fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Going back, which readers rarely do: count again from the top.
            (self.offset, self.feeds) = (0, 0);
        }
        self.feeds += self.text[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.feeds + 1
    }
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a line and column, quoting that line of `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.to_string());
        self
    }

    /// Points the diagnostic at a place recorded earlier, when the file's text is gone.
    pub fn at_place(mut self, place: &Place) -> Self {
        self.file = place.file.clone();
        self.line = Some(place.line);
        self.column = Some(place.column.max(1));
        self.source_line = Some(place.text.clone());
        self
    }

    /// Points the diagnostic at a line without quoting it.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as editors and terminals recognise it.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    /// Renders the rustc-like form used by `check`, `build` and the serve error page.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let gutter = line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {text}")?;
            let col = self.column.unwrap_or(1);
            // Tabs keep their width so the caret lines up under the character.
            let pad: String = text
                .chars()
                .take(col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} | {pad}^", "")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A place in an input file, kept so that a problem found after the file was read (a
/// month with no data, say) can still point at the definition to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    /// One-based.
    pub line: usize,
    /// One-based, in characters.
    pub column: usize,
    /// The text of that line, for the snippet.
    pub text: String,
}

impl Place {
    pub fn new(file: &Path, source: &str, line: usize, column: usize) -> Place {
        Place {
            file: file.to_path_buf(),
            line,
            column,
            text: source
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// Every problem found in one run, in the order they were found per file.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file and line so the report reads top to bottom, whatever order files
    /// were loaded in, and drops repeats: a broken template fails the same way on every
    /// page that uses it, and one report of that is enough.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }

    /// Whether a run should fail: on any error, or with `strict` on any warning too.
    pub fn fail(&self, strict: bool) -> bool {
        self.has_errors() || (strict && !self.is_empty())
    }

    /// "2 errors, 1 warning": the closing line of a report.
    pub fn counts(&self) -> String {
        let plural = |n: usize, word: &str| match n {
            1 => format!("1 {word}"),
            n => format!("{n} {word}s"),
        };
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forward_and_again_after_going_back() {
        let mut lines = LineCounter::new(b"one\ntwo\n\nfour");
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(4), 2);
        assert_eq!(lines.line_at(9), 4);
        assert_eq!(lines.line_at(99), 4);
        assert_eq!(lines.line_at(3), 1);
        assert_eq!(lines.line_at(8), 3);
    }
}
