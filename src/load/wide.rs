//! Reads monthly data in wide form, one row per indicator and one column per month, as councils keep it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::limits::{FIGURE_RANGE, is_sane_figure};
use super::monthly::{CellReport, Cells, Row};
use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::{Judgement, Marker, Month, Observation};

/// How the site lays out one data file, from an entry of `data:` in `site.yaml`.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// The file, relative to the site folder, under `data/monthly/`.
    pub file: PathBuf,
    /// The sheet of a workbook; its first sheet when not given.
    pub sheet: Option<String>,
    /// The one-based row of the column headings; the first row with the key's heading
    /// when not given.
    pub header_row: Option<usize>,
    /// The heading of the column that holds each indicator's key.
    pub key: String,
    /// Headings of columns that are not read, such as the council's own "% change".
    pub ignore: Vec<String>,
    /// The heading of a column whose text is the note on the row's latest month.
    pub note: Option<String>,
    /// The heading of a column that names the member of a breakdown each row is for,
    /// a row per indicator per member; an empty cell is the measure's total.
    pub member: Option<String>,
    /// Where the entry is in `site.yaml`.
    pub at: Place,
}

/// The key column's heading when the site does not name it.
pub(crate) const DEFAULT_KEY: &str = "indicator";

/// One cell of a sheet or of a CSV line, as far as the wide reader cares.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    /// Text, trimmed: every cell of a CSV file, and text cells of a workbook.
    Text(String),
    Number(f64),
    /// A workbook cell formatted as a date, as Excel's day number (serial).
    Date(f64),
    /// A workbook cell holding a formula's error, such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    fn is_empty(&self) -> bool {
        *self == Cell::Empty
    }

    /// The cell as a message quotes it.
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Error(t) => t.clone(),
            Cell::Number(n) | Cell::Date(n) => number_text(*n),
        }
    }
}

/// One row of cells, with its line or row number.
pub(super) struct GridRow {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// A number as a person would type it: `2`, not `2.0`; `6.1`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// What a column heading says of a month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Heading {
    /// A month in words or digits, or a date cell on the first of the month.
    Month(Month),
    /// A number read as Excel's day number for a date in the month: worth a warning.
    Serial(Month, f64),
    /// A date cell on a day other than the first, read as its month: worth a warning,
    /// as Excel turns `Sep 15` into 15 September of the current year.
    Day(Month, u32),
}

impl Heading {
    pub fn month(self) -> Month {
        match self {
            Heading::Month(m) | Heading::Serial(m, _) | Heading::Day(m, _) => m,
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a column heading names, if it names one: `Sep 15`, `Sep-15`, `Sept 15`,
/// `September 2015`, `Sep 2015`, `2015-09`, `2015-09-01`, a date cell, or a number
/// that is Excel's day number for a date from 2000 to 2099.
pub(super) fn month_heading(cell: &Cell) -> Option<Heading> {
    match cell {
        Cell::Text(text) => {
            if let Some(month) = month_words(text) {
                return Some(Heading::Month(month));
            }
            let serial = text.parse::<f64>().ok()?;
            serial_month(serial).map(|(m, _)| Heading::Serial(m, serial))
        }
        Cell::Number(n) => serial_month(*n).map(|(m, _)| Heading::Serial(m, *n)),
        Cell::Date(n) => serial_month(*n).map(|(m, day)| match day {
            1 => Heading::Month(m),
            day => Heading::Day(m, day),
        }),
        Cell::Empty | Cell::Error(_) => None,
    }
}

/// A month written in words or digits, as in [`month_heading`].
pub(super) fn month_words(text: &str) -> Option<Month> {
    let text = text.trim();
    if let Ok(month) = text.parse::<Month>() {
        return Some(month);
    }
    // `2015-09-01`, as Excel writes a date cell in ISO form.
    if text.len() == 10 && text.ends_with("-01") {
        return text[..7].parse().ok();
    }
    let words: Vec<&str> = text
        .split([' ', '-', '/', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let [name, year] = words[..] else {
        return None;
    };
    let name = name.to_lowercase();
    // Three letters at least, and the start of a month's name: `Sep`, `Sept`, `September`.
    let number = MONTHS
        .iter()
        .position(|m| name.len() >= 3 && m.starts_with(&name))?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = match year.len() {
        2 => format!("20{year}"),
        4 => year.to_string(),
        _ => return None,
    };
    format!("{year}-{:02}", number + 1).parse().ok()
}

/// The month and day of Excel's day number `serial`, for dates from 2000 to 2099.
fn serial_month(serial: f64) -> Option<(Month, u32)> {
    // 1 January 2000 and 31 December 2099; outside them a number is a figure.
    if !(36526.0..73051.0).contains(&serial) {
        return None;
    }
    // Excel counts days from 30 December 1899 (for serials after its 1900 leap-day
    // mistake), and 719_468 days lie between 1 March of year 0 and 1 January 1970.
    let days = serial.floor() as i64 - 25_569 + 719_468;
    let era = days.div_euclid(146_097);
    let of_era = days.rem_euclid(146_097);
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let day_of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Some((Month::new(year as i32, month as u8)?, day))
}

/// The letters of a zero-based column index, as Excel names it: 0 is A, 26 is AA.
pub(super) fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Reports problems with the cells of a workbook's sheet, naming the sheet and cell.
pub(super) struct SheetReport<'a> {
    file: &'a Path,
    sheet: &'a str,
    diagnostics: &'a mut Diagnostics,
    pub errors: usize,
}

impl<'a> SheetReport<'a> {
    pub fn new(file: &'a Path, sheet: &'a str, diagnostics: &'a mut Diagnostics) -> Self {
        SheetReport {
            file,
            sheet,
            diagnostics,
            errors: 0,
        }
    }

    fn push(&mut self, d: Diagnostic, row: usize, cell: usize, hint: String) {
        let mut d = d.with_hint(hint);
        d.message = format!(
            "sheet `{}`, cell {}{row}: {}",
            self.sheet,
            column_letters(cell),
            d.message
        );
        d.line = Some(row);
        d.column = Some(cell + 1);
        self.diagnostics.push(d);
    }
}

impl CellReport for SheetReport<'_> {
    fn cell_error(&mut self, row: usize, cell: usize, message: String, hint: String) {
        self.errors += 1;
        self.push(Diagnostic::error(self.file, message), row, cell, hint);
    }

    fn cell_warning(&mut self, row: usize, cell: usize, message: String, hint: String) {
        self.push(Diagnostic::warning(self.file, message), row, cell, hint);
    }

    fn rows_in(&self) -> super::monthly::RowsIn {
        super::monthly::RowsIn::Sheet(self.file.to_path_buf(), self.sheet.to_string())
    }

    fn file_line(&self, row: usize) -> Option<(std::path::PathBuf, usize)> {
        Some((self.file.to_path_buf(), row))
    }

    fn sheet(&self) -> Option<&str> {
        Some(self.sheet)
    }
}

/// What a wide file's columns hold.
enum Column {
    Key,
    Month(Month),
    Note,
    Ignored,
    Member,
}

/// How far down a sheet to look for the heading row when the site does not say.
const HEADING_SEARCH: usize = 30;

/// The hint for a cell that is not a figure.
const FIGURE_HINT: &str = "a figure is a plain number such as 1041 or 46.6, or a blank cell; or the cell says n/a, tbc or - for a missing figure, \"New measure from Aug 16\" or \"Old measure\"";

/// Reads a wide grid into rows, one for each month's cell that is not blank.
/// Returns `None` when the headings cannot be used.
pub(super) fn rows(
    grid: &[GridRow],
    layout: Option<&Layout>,
    out: &mut dyn CellReport,
) -> Option<Vec<Row>> {
    let key = layout.map_or(DEFAULT_KEY, |l| l.key.as_str());
    let is_key = |c: &Cell| matches!(c, Cell::Text(t) if t.trim().eq_ignore_ascii_case(key.trim()));
    let header = match layout.and_then(|l| l.header_row) {
        Some(number) => match grid.iter().position(|r| r.number == number) {
            Some(i) => i,
            None => {
                let last = grid.last().map_or(1, |r| r.number);
                out.cell_error(
                    number.min(last),
                    0,
                    format!("the heading row, row {number}, is empty"),
                    "correct `header_row` in site.yaml: the row of the month headings".to_string(),
                );
                return None;
            }
        },
        None => match grid
            .iter()
            .take(HEADING_SEARCH)
            .position(|r| r.cells.iter().any(is_key))
        {
            Some(i) => i,
            None => {
                let first = grid.first().map_or(1, |r| r.number);
                out.cell_error(
                    first,
                    0,
                    format!("no column is headed `{key}`, the column of indicator ids"),
                    format!("head the column of ids `{key}`, or name its heading with `key:` in the file's entry under `data:` in site.yaml"),
                );
                return None;
            }
        },
    };
    let heading = &grid[header];
    let below = &grid[header + 1..];
    let mut columns: Vec<(usize, Column)> = Vec::new();
    let mut seen: HashMap<Month, usize> = HashMap::new();
    let mut ok = true;
    let ignored = |text: &str| {
        layout.is_some_and(|l| {
            l.ignore
                .iter()
                .any(|i| i.trim().eq_ignore_ascii_case(text.trim()))
        })
    };
    let is_note = |text: &str| match layout.and_then(|l| l.note.as_deref()) {
        Some(note) => note.trim().eq_ignore_ascii_case(text.trim()),
        None => layout.is_none() && text.eq_ignore_ascii_case("note"),
    };
    let is_member = |text: &str| {
        layout
            .and_then(|l| l.member.as_deref())
            .is_some_and(|m| m.trim().eq_ignore_ascii_case(text.trim()))
    };
    let row = heading.number;
    for (i, cell) in heading.cells.iter().enumerate() {
        let text = cell.shown();
        if is_member(&text) && !columns.iter().any(|(_, c)| matches!(c, Column::Member)) {
            columns.push((i, Column::Member));
            continue;
        }
        if is_key(cell) {
            if columns.iter().any(|(_, c)| matches!(c, Column::Key)) {
                out.cell_error(
                    row,
                    i,
                    format!("a second column is headed `{key}`"),
                    "keep one column of indicator ids".to_string(),
                );
                ok = false;
            } else {
                columns.push((i, Column::Key));
            }
            continue;
        }
        if cell.is_empty() {
            // A heading cell left blank, or covered by a merged cell, over a column
            // with figures: its figures would belong to no month.
            if below
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
            {
                out.cell_error(
                    row,
                    i,
                    format!("column {} has no heading, but holds cells below it", column_letters(i)),
                    "give every column its own heading in the heading row: unmerge merged heading cells and type the month (such as Sep 15) over each month's column".to_string(),
                );
                ok = false;
            }
            continue;
        }
        if is_note(&text) {
            columns.push((i, Column::Note));
            continue;
        }
        if ignored(&text) {
            columns.push((i, Column::Ignored));
            continue;
        }
        match month_heading(cell) {
            Some(heading) => {
                let month = heading.month();
                match heading {
                    Heading::Serial(_, serial) => out.cell_warning(
                        row,
                        i,
                        format!("the heading `{}` is a number, read as Excel's day number for a date in {}", number_text(serial), month.long_name()),
                        "format the heading cells as dates, or type the months as text such as Sep 15".to_string(),
                    ),
                    Heading::Day(_, day) => out.cell_warning(
                        row,
                        i,
                        format!("the heading is the date {day} {}, read as {}", month.long_name(), month.long_name()),
                        "Excel reads `Sep 15` typed in a cell as 15 September of this year: type `Sep 2015`, or format the heading cells as text".to_string(),
                    ),
                    Heading::Month(_) => {}
                }
                if let Some(&first) = seen.get(&month) {
                    out.cell_error(
                        row,
                        i,
                        format!("a second column is headed {}", month.long_name()),
                        format!(
                            "column {} is headed {} too; each month has one column",
                            column_letters(first),
                            month.long_name()
                        ),
                    );
                    ok = false;
                    continue;
                }
                seen.insert(month, i);
                columns.push((i, Column::Month(month)));
            }
            None => {
                out.cell_error(
                    row,
                    i,
                    format!("the column heading `{text}` is not a month, nor a column scorecard reads"),
                    format!("a month's heading is like Sep 15, Sep-15, September 2015 or 2015-09; the ids are in the column headed `{key}`; list other columns to leave out under `ignore:` in the file's entry under `data:` in site.yaml"),
                );
                ok = false;
            }
        }
    }
    // A name under `ignore` that heads no column is probably misspelt, and the column
    // it meant is then reported as not a month, or has gone from the sheet.
    for name in layout.map_or(&[][..], |l| &l.ignore[..]) {
        let found = heading
            .cells
            .iter()
            .any(|c| c.shown().trim().eq_ignore_ascii_case(name.trim()));
        if !found {
            out.cell_warning(
                row,
                0,
                format!(
                    "`ignore` in site.yaml lists `{name}`, but no column in this row is headed so"
                ),
                "check the spelling against the heading, or remove it from `ignore`".to_string(),
            );
        }
    }
    if let Some(member) = layout.and_then(|l| l.member.as_deref())
        && !columns.iter().any(|(_, c)| matches!(c, Column::Member))
    {
        out.cell_error(
            row,
            0,
            format!("no column of row {row} is headed `{member}`, the column of members"),
            "head the column that names each row's team or locality as `member:` says, or correct `member:` in the file's entry under `data:` in site.yaml".to_string(),
        );
        ok = false;
    }
    let member_column = columns
        .iter()
        .find(|(_, c)| matches!(c, Column::Member))
        .map(|(i, _)| *i);
    let months: Vec<(usize, Month)> = columns
        .iter()
        .filter_map(|(i, c)| match c {
            Column::Month(m) => Some((*i, *m)),
            _ => None,
        })
        .collect();
    if ok && months.is_empty() {
        out.cell_error(
            row,
            0,
            "no column heading is a month".to_string(),
            "head each month's column with the month, such as Sep 15, September 2015 or 2015-09"
                .to_string(),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let Some(key_column) = columns
        .iter()
        .find(|(_, c)| matches!(c, Column::Key))
        .map(|(i, _)| *i)
    else {
        // Reading another column's text as ids would file figures under the wrong
        // measures without a word.
        out.cell_error(
            heading.number,
            0,
            format!(
                "no column of row {} is headed `{key}`, the column of indicator ids",
                heading.number
            ),
            format!("check `header_row:`, or head the column of ids `{key}`, or name its heading with `key:` in the file's entry under `data:` in site.yaml"),
        );
        return None;
    };
    let note_column = columns
        .iter()
        .find(|(_, c)| matches!(c, Column::Note))
        .map(|(i, _)| *i);
    let mut rows = Vec::new();
    for line in below {
        let cell = |i: usize| line.cells.get(i).unwrap_or(&Cell::Empty);
        let number = line.number;
        let id = match cell(key_column) {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Empty => {
                // A row with no id is a heading or a gap, unless it holds figures.
                if let Some(&(i, month)) = months
                    .iter()
                    .find(|(i, _)| matches!(cell(*i), Cell::Number(_)))
                {
                    out.cell_error(
                        number,
                        key_column,
                        format!("the row has a figure for {} but no indicator id", month.long_name()),
                        format!("write the indicator's id in column {}, or delete the figure in column {}", column_letters(key_column), column_letters(i)),
                    );
                }
                continue;
            }
            other => {
                out.cell_error(
                    number,
                    key_column,
                    format!("`{}` is not an indicator id", other.shown()),
                    "format the id column as text and type the indicator's id".to_string(),
                );
                continue;
            }
        };
        let member = member_column.and_then(|c| {
            let name = cell(c).shown();
            (!name.is_empty()).then_some(super::monthly::MemberCell {
                dimension: None,
                name,
                cell: c,
            })
        });
        let first = rows.len();
        for &(i, month) in &months {
            let cells = Cells {
                key: key_column,
                value: i,
                numerator: None,
                denominator: None,
                ytd: None,
                judgement: Some(i),
            };
            let row = |value: Option<f64>, marker: Option<Marker>, said: Option<String>| Row {
                line: number,
                id: id.clone(),
                month,
                from_edition: None,
                observation: Observation {
                    value,
                    marker,
                    ..Observation::default()
                },
                cells,
                said,
                member: member.clone(),
            };
            let name = month.long_name();
            match cell(i) {
                Cell::Empty => {}
                Cell::Number(n) if is_sane_figure(*n) => rows.push(row(Some(*n), None, None)),
                Cell::Number(n) => out.cell_error(
                    number,
                    i,
                    format!("`{}` in the {name} column is too large: {FIGURE_RANGE}", number_text(*n)),
                    "check the cell: a figure this large is usually a date, a reference or several cells pasted into one".to_string(),
                ),
                Cell::Text(text) => match words(text) {
                    Words::Figure(n) if is_sane_figure(n) => rows.push(row(Some(n), None, None)),
                    Words::Figure(_) => out.cell_error(
                        number,
                        i,
                        format!("`{text}` in the {name} column is too large: {FIGURE_RANGE}"),
                        "check the cell: a figure this large is usually a date, a reference or several cells pasted into one".to_string(),
                    ),
                    Words::Marker(marker) => {
                        rows.push(row(None, Some(marker), Some(text.clone())));
                    }
                    Words::Judgement(judgement) => {
                        let mut judged = row(None, None, None);
                        judged.observation.judgement = Some(judgement);
                        rows.push(judged);
                    }
                    Words::Unknown(hint) => out.cell_error(
                        number,
                        i,
                        format!("`{text}` in the {name} column of indicator {id} is not a figure"),
                        hint,
                    ),
                },
                Cell::Date(_) => out.cell_error(
                    number,
                    i,
                    format!("the cell in the {name} column of indicator {id} is a date, not a figure"),
                    "format the cell as a number".to_string(),
                ),
                Cell::Error(e) => out.cell_error(
                    number,
                    i,
                    format!("the cell in the {name} column of indicator {id} holds Excel's error {e}"),
                    "correct the formula, or clear the cell if there is no figure".to_string(),
                ),
            }
        }
        if let Some(note) = note_column.map(cell).map(Cell::shown)
            && !note.is_empty()
            && let Some(latest) = rows[first..]
                .iter_mut()
                .filter(|r| r.observation.is_reported())
                .max_by_key(|r| r.month)
        {
            latest.observation.note = Some(note);
        }
    }
    Some(rows)
}

/// What the text of a cell of figures says: a month's cell in wide form, or the
/// `value` cell in long form, which read the same words the same way.
pub(super) enum Words {
    /// A number, which the caller checks against the largest figure, so that each form
    /// says "too large" as it does for its other cells.
    Figure(f64),
    Marker(Marker),
    /// A qualitative measure's judgement: "Positive", "Similar", "Negative".
    Judgement(Judgement),
    /// Not understood; the hint says what was expected.
    Unknown(String),
}

/// Reads a cell of figures, for both forms: the one list of the words a council writes
/// for a missing figure, a new or an old measure, and a judgement.
pub(super) fn words(text: &str) -> Words {
    if let Ok(n) = super::monthly::parse_number(text) {
        return Words::Figure(n);
    }
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "n/a" | "na" | "n.a." | "tbc" | "tba" | "-" | "–" | "—" => {
            return Words::Marker(Marker::Missing(text.trim().to_string()));
        }
        "old measure" => return Words::Marker(Marker::OldMeasure),
        "new measure" => return Words::Marker(Marker::NewMeasure { from: None }),
        _ => {}
    }
    if let Some(judgement) = Judgement::parse(text) {
        return Words::Judgement(judgement);
    }
    const NEW_FROM: &str = "new measure from";
    if let Some(rest) = lower.strip_prefix(NEW_FROM) {
        // The words are quoted as written where the prefix's length is the same.
        let written = text.trim().get(NEW_FROM.len()..).unwrap_or(rest);
        return match month_words(rest) {
            Some(from) => Words::Marker(Marker::NewMeasure { from: Some(from) }),
            None => Words::Unknown(format!(
                "write the month the measure starts as in \"New measure from Aug 16\"; `{}` is not a month",
                written.trim()
            )),
        };
    }
    Words::Unknown(match super::monthly::parse_number(text) {
        Err(hint) if text.ends_with('%') || text.contains(',') => hint,
        _ => FIGURE_HINT.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Month {
        s.parse().unwrap()
    }

    #[test]
    fn month_headings_in_the_forms_councils_write_them() {
        for text in [
            "Sep 15",
            "Sep-15",
            "Sept 15",
            "sep 2015",
            "September 2015",
            "2015-09",
            "2015-09-01",
            "SEP-2015",
        ] {
            assert_eq!(month_words(text), Some(month("2015-09")), "{text}");
        }
        for text in ["Se 15", "Sepp 15", "15-Sep", "Sep 123", "% change", "Sep"] {
            assert_eq!(month_words(text), None, "{text}");
        }
    }

    #[test]
    fn excel_day_numbers_are_read_as_their_month() {
        assert_eq!(serial_month(42248.0), Some((month("2015-09"), 1)));
        assert_eq!(serial_month(42262.0), Some((month("2015-09"), 15)));
        assert_eq!(serial_month(36526.0), Some((month("2000-01"), 1)));
        assert_eq!(serial_month(1041.0), None);
        assert_eq!(
            month_heading(&Cell::Date(42262.0)),
            Some(Heading::Day(month("2015-09"), 15))
        );
        assert_eq!(
            month_heading(&Cell::Text("42248".into())),
            Some(Heading::Serial(month("2015-09"), 42248.0))
        );
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn words_in_a_months_cell() {
        assert!(matches!(words("n/a"), Words::Marker(Marker::Missing(_))));
        assert!(matches!(words("TBC"), Words::Marker(Marker::Missing(_))));
        assert!(matches!(
            words("Old measure"),
            Words::Marker(Marker::OldMeasure)
        ));
        assert!(matches!(
            words("New measure from Aug 16"),
            Words::Marker(Marker::NewMeasure { from: Some(m) }) if m == month("2016-08")
        ));
        assert!(matches!(words("46.6"), Words::Figure(_)));
        assert!(matches!(words("46.6%"), Words::Unknown(h) if h.contains("% sign")));
        // A qualitative measure's judgement; a measured indicator's row that gives one
        // is an error where the row is taken (`monthly::judged`).
        assert!(matches!(
            words("Positive"),
            Words::Judgement(Judgement::Positive)
        ));
        assert!(matches!(words("see note"), Words::Unknown(_)));
    }
}
