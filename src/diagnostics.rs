//! Problems found in a site's input, collected as values and reported together.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are printed and let it go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// Where in the pipeline a problem arises. A report lists causes before their
/// consequences: a file that cannot be read explains much of what follows, a
/// definition explains the data that refers to it, the data explains the commentary
/// that quotes it, and templates and links are rendered from all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// A file that cannot be read at all: missing, unreadable, or not UTF-8.
    Unreadable,
    /// The command line, such as `--base-url`.
    Command,
    /// `site.yaml` and the section YAML under `data/sections/`.
    Definitions,
    /// The monthly data under `data/`: CSV files and workbooks.
    Data,
    /// The Markdown under `content/`.
    Content,
    /// The theme's templates and files.
    Templates,
    /// Links between the rendered pages.
    Links,
    /// Anything else, such as the output folder.
    Output,
}

impl Stage {
    /// The stage of a file's problems, from where the file is in the site folder.
    fn of(file: &Path) -> Stage {
        let text = file.to_string_lossy().replace('\\', "/");
        if text.starts_with("--") {
            Stage::Command
        } else if text == "site.yaml" || text.starts_with("data/sections") {
            Stage::Definitions
        } else if text.starts_with("data/") {
            Stage::Data
        } else if text.starts_with("content/") || text == "content" {
            Stage::Content
        } else if text.starts_with("themes/") {
            Stage::Templates
        } else {
            Stage::Output
        }
    }
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
    /// Where the problem arises, when the file's place in the site folder does not
    /// say: a file that cannot be read, or a link.
    pub stage: Option<Stage>,
}

/// The byte offsets where the lines of a text start, found once so that the line of
/// any offset, and the text of any line, is found by binary search and indexing: a
/// file with a problem on every line is reported in time proportional to its length.
/// A line ends at a line feed, a carriage return and line feed, or a carriage return
/// alone (as old Mac editors save), so line numbers agree with what editors show.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a [u8],
    /// The offset of the first byte of each line; the first is always 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        let text = text.as_ref();
        let mut starts = vec![0];
        let mut i = 0;
        while i < text.len() {
            match text[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if text.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts }
    }

    /// The one-based line of the byte at `offset`; an offset past the end is on the
    /// last line, and an offset inside a line ending is on the line it ends.
    pub fn line_at(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }

    /// The text of one-based line `line`, without its line ending; empty past the end.
    pub fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = match self.starts.get(line) {
            // A line followed by another ends in its line break, which is not shown.
            Some(&next) => {
                let mut end = next - 1;
                if self.text[end] == b'\n' && end > start && self.text[end - 1] == b'\r' {
                    end -= 1;
                }
                end
            }
            None => self.text.len(),
        };
        // Lines of a `str` split at ASCII bytes, so they are valid UTF-8; lines of
        // bytes that are not are shown as far as they are.
        match std::str::from_utf8(&self.text[start..end]) {
            Ok(text) => text,
            Err(e) => {
                std::str::from_utf8(&self.text[start..start + e.valid_up_to()]).unwrap_or_default()
            }
        }
    }

    /// The number of lines; a text ending in a line break has an empty line after it.
    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// The lines of a text as [`LineIndex`] counts them, for a single look-up.
fn nth_line(text: &str, line: usize) -> Option<&str> {
    let mut rest = text;
    for _ in 1..line {
        let end = rest.find(['\n', '\r'])?;
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    Some(rest.find(['\n', '\r']).map_or(rest, |end| &rest[..end]))
}

/// How many characters of a person's input a report echoes in one place: a cell or a
/// line of ten megabytes is cut to this, with `…` where it was cut.
pub const ECHO_LIMIT: usize = 80;

/// How many problems of one kind in one file a report shows before it says how many
/// more there are. The counts at the end always count them all.
pub const SHOWN_PER_KIND: usize = 20;

/// Whether a character would change the terminal or hide itself when printed: control
/// characters (terminal escape sequences start with one), and the invisible and
/// direction-changing characters that make `2.1\u{200b}` look like `2.1`.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// One character as a report shows it: itself, or escaped as `\u{200b}`.
fn shown(c: char) -> std::borrow::Cow<'static, str> {
    if is_hidden(c) {
        format!("\\u{{{:x}}}", c as u32).into()
    } else {
        let mut s = String::new();
        s.push(c);
        s.into()
    }
}

/// Text from the input made safe to print: hidden characters escaped, and cut to
/// [`ECHO_LIMIT`] characters with `…`.
pub fn echo(text: &str) -> String {
    let mut out: String = text.chars().take(ECHO_LIMIT).map(shown).collect();
    if text.chars().nth(ECHO_LIMIT).is_some() {
        out.push('…');
    }
    out
}

/// A message or hint made safe to print: hidden characters escaped, each quoted
/// `` `…` `` stretch of input cut to [`ECHO_LIMIT`] characters, and the whole cut to
/// a few lines' worth, since messages quote the input they complain about.
fn terminal_safe(text: &str) -> String {
    const LIMIT: usize = 6 * ECHO_LIMIT;
    let mut out = String::new();
    let mut quoted: Option<usize> = None;
    let mut chars = 0;
    for c in text.chars() {
        if chars == LIMIT {
            out.push('…');
            break;
        }
        if c == '`' {
            quoted = match quoted {
                Some(_) => None,
                None => Some(0),
            };
        } else if let Some(n) = quoted.as_mut() {
            *n += 1;
            if *n > ECHO_LIMIT {
                if *n == ECHO_LIMIT + 1 {
                    out.push('…');
                }
                continue;
            }
        }
        out.push_str(&shown(c));
        chars += 1;
    }
    out
}

/// A line of input as the snippet shows it: escaped, and, when long, cut to a window
/// of [`ECHO_LIMIT`] characters around `column`. Returns the text and the padding
/// that puts a caret under the column.
fn snippet(line: &str, column: usize) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let (from, to) = if chars.len() <= ECHO_LIMIT {
        (0, chars.len())
    } else {
        let from = at.saturating_sub(ECHO_LIMIT / 2);
        let to = (from + ECHO_LIMIT).min(chars.len());
        (to.saturating_sub(ECHO_LIMIT).min(from), to)
    };
    let mut text = String::new();
    let mut pad = String::new();
    if from > 0 {
        text.push('…');
        pad.push(' ');
    }
    for (i, &c) in chars[from..to].iter().enumerate() {
        let s = shown(c);
        if from + i < at {
            // Tabs keep their width so the caret lines up under the character.
            for p in s.chars() {
                pad.push(if p == '\t' { '\t' } else { ' ' });
            }
        }
        text.push_str(&s);
    }
    if to < chars.len() {
        text.push('…');
    }
    (text, pad)
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
            stage: None,
        }
    }

    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a line and column, quoting that line of `source`.
    /// This reads `source` up to the line: for many diagnostics in one file, use
    /// [`Diagnostic::at_index`].
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line = nth_line(source, line.max(1)).map(str::to_string);
        self
    }

    /// Points the diagnostic at a line and column, quoting that line from `lines`.
    pub fn at_index(mut self, lines: &LineIndex, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line =
            (line >= 1 && line <= lines.count()).then(|| lines.line(line).to_string());
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

    /// Marks the diagnostic as arising at `stage`, whatever its file.
    pub fn in_stage(mut self, stage: Stage) -> Self {
        self.stage = Some(stage);
        self
    }

    /// Marks the diagnostic as a file that cannot be read, which the report puts
    /// first: much of what follows may come from its absence.
    pub fn unreadable(self) -> Self {
        self.in_stage(Stage::Unreadable)
    }

    /// Where the problem arises, for putting causes first.
    pub fn stage(&self) -> Stage {
        self.stage.unwrap_or_else(|| Stage::of(&self.file))
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
        terminal_safe(&s)
    }

    /// What problems count as the same kind, for capping the report: the same
    /// severity and file, and the same message once the figures and the quoted input
    /// in it are set aside.
    fn kind(&self) -> Kind {
        let mut shape = String::new();
        let mut quoted = false;
        for c in self.message.chars() {
            if c == '`' {
                quoted = !quoted;
            } else if quoted {
                continue;
            } else if c.is_ascii_digit() {
                if shape.ends_with('#') {
                    continue;
                }
                shape.push('#');
                continue;
            }
            shape.push(c);
        }
        Kind {
            severity: self.severity,
            file: self.file.clone(),
            shape,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Renders the rustc-like form used by `check`, `build` and the serve error page.
    /// Input quoted in it is shown escaped and cut, so that it cannot change the
    /// terminal, hide a character or flood the screen.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", terminal_safe(&self.message))?;
        writeln!(f, "  --> {}", self.location())?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let gutter = line.to_string().len();
            let (text, pad) = snippet(text, self.column.unwrap_or(1));
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {text}")?;
            writeln!(f, "{:gutter$} | {pad}^", "")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {}", terminal_safe(hint))?;
        }
        Ok(())
    }
}

/// A place in an input file, kept so that a problem found after the file was read (a
/// month with no data, say) can still point at the definition to change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
            text: nth_line(source, line.max(1))
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// A place in a file whose lines are indexed, for many places in one file.
    pub fn at_index(file: &Path, lines: &LineIndex, line: usize, column: usize) -> Place {
        Place {
            file: file.to_path_buf(),
            line,
            column,
            text: lines.line(line).to_string(),
        }
    }
}

/// Problems counted as one kind when the report is capped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Kind {
    severity: Severity,
    file: PathBuf,
    /// The message with its figures and quoted input set aside.
    shape: String,
}

/// How many problems of one kind were found, and which are shown.
#[derive(Debug, Clone, Default)]
struct Tally {
    /// Hashes of the shown ones, to tell a repeat from another of the kind.
    shown: Vec<u64>,
    /// How many more were found and are only counted.
    more: usize,
}

/// Every problem found in one run: the first [`SHOWN_PER_KIND`] of each kind in each
/// file, and how many more of that kind there were.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    shown: Vec<Diagnostic>,
    kinds: HashMap<Kind, Tally>,
}

fn hash_of(d: &Diagnostic) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (
        &d.file,
        d.line,
        d.column,
        &d.message,
        &d.hint,
        &d.source_line,
    )
        .hash(&mut hasher);
    hasher.finish()
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Adds a problem; one of a kind already shown [`SHOWN_PER_KIND`] times is only
    /// counted, and before that a repeat of one shown is dropped: a broken template
    /// fails the same way on every page that uses it, and one report is enough.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let tally = self.kinds.entry(diagnostic.kind()).or_default();
        // Past the cap, a repeat is counted like any other: telling them apart would
        // cost a hash of every problem of a file with a million of them.
        if tally.shown.len() == SHOWN_PER_KIND {
            tally.more += 1;
            return;
        }
        let hash = hash_of(&diagnostic);
        if !tally.shown.contains(&hash) {
            tally.shown.push(hash);
            self.shown.push(diagnostic);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for (kind, tally) in &other.kinds {
            self.kinds.entry(kind.clone()).or_default().more += tally.more;
        }
        for d in other.shown {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.shown.iter().any(Diagnostic::is_error)
    }

    fn count(&self, severity: Severity) -> usize {
        let shown = self.shown.iter().filter(|d| d.severity == severity).count();
        let more: usize = self
            .kinds
            .iter()
            .filter(|(kind, _)| kind.severity == severity)
            .map(|(_, tally)| tally.more)
            .sum();
        shown + more
    }

    /// Every error found, the ones only counted included.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Every warning found, the ones only counted included.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The problems shown; see [`Diagnostics::error_count`] for how many were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.shown.iter()
    }

    /// Puts causes before their consequences, so that the report reads from the
    /// problem to fix first: files that cannot be read, then the command line, the
    /// definitions, the data, the commentary, the templates and the links
    /// ([`Stage`]); within a stage by file, and within a file by line.
    pub fn sort(&mut self) {
        self.shown.sort_by(|a, b| {
            (a.stage(), &a.file, a.line, a.column, &a.message).cmp(&(
                b.stage(),
                &b.file,
                b.line,
                b.column,
                &b.message,
            ))
        });
        self.shown.dedup();
    }

    /// Whether a run should fail: on any error, or with `strict` on any warning too.
    pub fn fail(&self, strict: bool) -> bool {
        self.has_errors() || (strict && !self.is_empty())
    }

    /// "2 errors, 1 warning": the closing line of a report.
    pub fn counts(&self) -> String {
        format!(
            "{}, {}",
            count_of(self.error_count(), "error"),
            count_of(self.warning_count(), "warning")
        )
    }
}

/// "1 error", "2 errors", "1,317 errors": a count with its noun, singular or plural.
pub fn count_of(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{} {noun}s", grouped(n)),
    }
}

/// A number with its thousands grouped, as people read them: 24,980.
pub fn grouped(n: usize) -> String {
    crate::model::Unit::Count.format(n as f64, 0)
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.shown.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    /// Each problem shown, and after the last shown of a kind that has more, how many.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<Kind> = self.shown.iter().map(Diagnostic::kind).collect();
        let mut last: HashMap<&Kind, usize> = HashMap::new();
        for (i, kind) in kinds.iter().enumerate() {
            last.insert(kind, i);
        }
        for (i, (d, kind)) in self.shown.iter().zip(&kinds).enumerate() {
            writeln!(f, "{d}")?;
            let more = self.kinds.get(kind).map_or(0, |t| t.more);
            if more > 0 && last.get(kind) == Some(&i) {
                let noun = match (kind.severity, more) {
                    (Severity::Error, 1) => "error",
                    (Severity::Error, _) => "errors",
                    (Severity::Warning, 1) => "warning",
                    (Severity::Warning, _) => "warnings",
                };
                writeln!(
                    f,
                    "note: and {} more {noun} like this in {}\n",
                    grouped(more),
                    terminal_safe(&kind.file.display().to_string()),
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_by_offset_after_any_line_ending() {
        let lines = LineIndex::new("one\ntwo\r\n\rfour\rfive");
        assert_eq!(lines.count(), 5);
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(3), 1);
        assert_eq!(lines.line_at(4), 2);
        // Inside a CRLF, the offset is still on the line it ends.
        assert_eq!(lines.line_at(8), 2);
        assert_eq!(lines.line_at(9), 3);
        assert_eq!(lines.line_at(10), 4);
        assert_eq!(lines.line_at(99), 5);
        let texts: Vec<&str> = (1..=5).map(|n| lines.line(n)).collect();
        assert_eq!(texts, ["one", "two", "", "four", "five"]);
        assert_eq!(lines.line(0), "");
        assert_eq!(lines.line(6), "");
        for n in 1..=6 {
            assert_eq!(
                nth_line("one\ntwo\r\n\rfour\rfive", n),
                (n <= 5).then(|| texts[n - 1])
            );
        }
    }

    #[test]
    fn a_text_ending_in_a_line_break_has_an_empty_last_line() {
        let lines = LineIndex::new("a\r\n");
        assert_eq!(lines.count(), 2);
        assert_eq!((lines.line(1), lines.line(2)), ("a", ""));
        assert_eq!(LineIndex::new("").line(1), "");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_indexed_and_quoted_as_far_as_they_are() {
        let lines = LineIndex::new(b"ok\nbad \xa3 note\n");
        assert_eq!(lines.line_at(7), 2);
        assert_eq!(lines.line(2), "bad ");
    }

    #[test]
    fn echoed_input_shows_hidden_characters_escaped_and_is_cut() {
        assert_eq!(echo("2.1\u{200b}"), "2.1\\u{200b}");
        assert_eq!(
            echo("\u{1b}[2J\u{1b}]0;title\u{7}"),
            "\\u{1b}[2J\\u{1b}]0;title\\u{7}"
        );
        assert_eq!(echo("a\u{202e}b\u{feff}"), "a\\u{202e}b\\u{feff}");
        assert_eq!(echo("plain, with é and tabs\t"), "plain, with é and tabs\t");
        let long = "x".repeat(10_000);
        let cut = echo(&long);
        assert_eq!(cut.chars().count(), ECHO_LIMIT + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn a_message_cuts_each_quoted_input_and_escapes_it() {
        let cell = "9".repeat(1000);
        let safe = terminal_safe(&format!(
            "`{cell}\u{1b}[2J` in the value column is not a number"
        ));
        assert!(
            safe.starts_with(&format!("`{}…`", "9".repeat(ECHO_LIMIT))),
            "{safe}"
        );
        assert!(
            safe.ends_with("in the value column is not a number"),
            "{safe}"
        );
        assert!(!safe.contains('\u{1b}'));
        assert!(terminal_safe(&"y".repeat(100_000)).chars().count() <= 6 * ECHO_LIMIT + 1);
    }

    #[test]
    fn a_long_line_is_quoted_around_its_column_with_the_caret_under_it() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error("f.csv", "here").at(&line, 1, 501);
        let text = d.to_string();
        let quoted = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert!(quoted.chars().count() < ECHO_LIMIT + 10, "{quoted}");
        assert!(
            quoted.starts_with("1 | …") && quoted.ends_with('…'),
            "{quoted}"
        );
        let x = quoted.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x), "{text}");
        // An escaped character before the column moves the caret by its width.
        let d = Diagnostic::error("f.csv", "here").at("\u{200b}2.1,x", 1, 3);
        let text = d.to_string();
        let quoted = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert_eq!(quoted, "1 | \\u{200b}2.1,x");
        assert_eq!(caret.find('^'), quoted.find(".1"), "{text}");
    }

    #[test]
    fn each_kind_is_shown_twenty_times_in_a_file_and_counted_in_full() {
        let mut all = Diagnostics::new();
        for line in 1..=25_000 {
            all.push(
                Diagnostic::error("data/monthly/a.csv", format!("`x{line}` is not a month"))
                    .at_line(line),
            );
        }
        all.push(Diagnostic::warning("data/monthly/a.csv", "a warning"));
        all.push(Diagnostic::error(
            "data/monthly/b.csv",
            "`y` is not a month",
        ));
        all.sort();
        assert_eq!(all.iter().count(), SHOWN_PER_KIND + 2);
        assert_eq!((all.error_count(), all.warning_count()), (25_001, 1));
        assert_eq!(all.counts(), "25,001 errors, 1 warning");
        let text = all.to_string();
        assert_eq!(
            text.matches("note: and 24,980 more errors like this in data/monthly/a.csv")
                .count(),
            1,
            "{text}"
        );
        assert!(text.len() < 5_000, "{}", text.len());
        // A repeat of one shown is dropped, not counted.
        let mut again = all.clone();
        again.push(Diagnostic::error(
            "data/monthly/b.csv",
            "`y` is not a month",
        ));
        assert_eq!(again.error_count(), 25_001);
        let mut merged = Diagnostics::new();
        merged.extend(all);
        assert_eq!(merged.counts(), "25,001 errors, 1 warning");
    }

    #[test]
    fn a_hundred_thousand_warnings_are_counted_in_linear_time() {
        let started = std::time::Instant::now();
        let text: String = (0..100_000).map(|i| format!("1.2,m{i},150\n")).collect();
        let lines = LineIndex::new(&text);
        let mut all = Diagnostics::new();
        for line in 1..=100_000 {
            all.push(
                Diagnostic::warning(
                    "data/monthly/a.csv",
                    format!("the value for m{line}, 150, is over 100"),
                )
                .at_index(&lines, line, 5),
            );
        }
        all.sort();
        let report = all.to_string();
        let took = started.elapsed();
        println!("a hundred thousand warnings: {:.2}s", took.as_secs_f64());
        assert_eq!(all.counts(), "0 errors, 100,000 warnings");
        assert!(report.len() < 10_000);
        assert!(took.as_secs() < 5, "{took:?}");
    }

    #[test]
    fn causes_come_before_consequences() {
        let mut all = Diagnostics::new();
        for file in [
            "public/index.html",
            "themes/default/templates/page.html",
            "content/editions/2015-12/index.md",
            "data/monthly/2015-16.csv",
            "data/sections/01-a.yaml",
            "site.yaml",
        ] {
            all.push(Diagnostic::error(file, "a problem"));
        }
        all.push(Diagnostic::error("content/a.md", "broken link").in_stage(Stage::Links));
        all.push(Diagnostic::error("data/sections/02-b.yaml", "not UTF-8").unreadable());
        all.sort();
        let files: Vec<String> = all.iter().map(|d| d.file.display().to_string()).collect();
        assert_eq!(
            files,
            [
                "data/sections/02-b.yaml",
                "data/sections/01-a.yaml",
                "site.yaml",
                "data/monthly/2015-16.csv",
                "content/editions/2015-12/index.md",
                "themes/default/templates/page.html",
                "content/a.md",
                "public/index.html",
            ]
        );
    }

    #[test]
    fn counts_are_singular_and_plural() {
        assert_eq!(count_of(0, "error"), "0 errors");
        assert_eq!(count_of(1, "edition"), "1 edition");
        assert_eq!(count_of(1317, "page"), "1,317 pages");
        assert_eq!(count_of(1_000_000, "row"), "1,000,000 rows");
    }
}
