//! Reads the monthly figures under `data/monthly/*.csv` into each indicator's series.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::SiteFiles;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Month, Observation, Section};

pub(super) const MONTHLY_DIR: &str = "data/monthly";

const COLUMNS: [&str; 8] = [
    "indicator",
    "month",
    "value",
    "numerator",
    "denominator",
    "ytd",
    "note",
    "from_edition",
];

/// One parsed data row.
struct Row {
    line: usize,
    id: String,
    month: Month,
    /// For a corrected figure: the first edition that shows it.
    from_edition: Option<Month>,
    observation: Observation,
}

/// Where each column is in one file's header.
struct Header {
    indicator: usize,
    month: usize,
    value: usize,
    numerator: Option<usize>,
    denominator: Option<usize>,
    ytd: Option<usize>,
    note: Option<usize>,
    from_edition: Option<usize>,
}

pub(super) fn load(files: &SiteFiles, sections: &mut [Section], diagnostics: &mut Diagnostics) {
    let mut index: HashMap<String, (usize, usize)> = HashMap::new();
    for (s, section) in sections.iter().enumerate() {
        for (i, indicator) in section.indicators.iter().enumerate() {
            index.insert(indicator.id.clone(), (s, i));
        }
    }
    // Where each (indicator, month, revision) was first given, to report duplicates
    // across files.
    let mut seen: HashMap<(String, Month, Option<Month>), (PathBuf, usize)> = HashMap::new();
    for path in files.files_under(MONTHLY_DIR, "csv") {
        let display = files.display(&path);
        let Some(text) = files.read(&path, diagnostics) else {
            continue;
        };
        let mut file = CsvFile {
            file: &display,
            text: &text,
            diagnostics,
        };
        for Row {
            line,
            id,
            month,
            from_edition,
            observation,
        } in file.rows()
        {
            let Some(&(s, i)) = index.get(&id) else {
                file.error(
                    line,
                    1,
                    format!("no indicator has the id `{id}`"),
                    "the first column must be an indicator id from data/sections/",
                );
                continue;
            };
            if let Some((first_file, first_line)) = seen.get(&(id.clone(), month, from_edition)) {
                let what = match from_edition {
                    Some(from) => format!(
                        "indicator {id} has a second revision for {month} from the {from} edition"
                    ),
                    None => format!("indicator {id} has a second row for {month}"),
                };
                file.error(
                    line,
                    1,
                    what,
                    format!(
                        "the first is at {}:{first_line}; keep one",
                        first_file.display()
                    ),
                );
                continue;
            }
            seen.insert((id, month, from_edition), (display.clone(), line));
            let indicator = &mut sections[s].indicators[i];
            match from_edition {
                Some(from) => {
                    indicator.revisions.insert((month, from), observation);
                }
                None => {
                    indicator.series.insert(month, observation);
                }
            }
        }
    }
}

/// One CSV file being read, for messages that quote its lines.
struct CsvFile<'a> {
    file: &'a Path,
    text: &'a str,
    diagnostics: &'a mut Diagnostics,
}

impl CsvFile<'_> {
    fn error(
        &mut self,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::error(self.file, message)
                .at(self.text, line, column)
                .with_hint(hint),
        );
    }

    /// The one-based character column where field `field` starts on `line`. Quoted
    /// fields with commas are rare in this data, so a split on commas is close enough
    /// for pointing a caret.
    fn column_of(&self, line: usize, field: usize) -> usize {
        let Some(text) = self.text.lines().nth(line - 1) else {
            return 1;
        };
        text.split(',')
            .take(field)
            .map(|f| f.chars().count() + 1)
            .sum::<usize>()
            + 1
    }

    fn header(&mut self, headers: &csv::StringRecord) -> Option<Header> {
        let mut positions: HashMap<&str, usize> = HashMap::new();
        let mut ok = true;
        for (i, name) in headers.iter().enumerate() {
            let name = name.trim();
            match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
                Some(column) => {
                    positions.insert(column, i);
                }
                None => {
                    let column = self.column_of(1, i);
                    self.error(
                        1,
                        column,
                        format!("unknown column `{name}`"),
                        format!("the columns are {}", COLUMNS.join(", ")),
                    );
                    ok = false;
                }
            }
        }
        for required in ["indicator", "month", "value"] {
            if !positions.contains_key(required) {
                self.error(
                    1,
                    1,
                    format!("the header has no `{required}` column"),
                    "the first line must name the columns: indicator,month,value,...",
                );
                ok = false;
            }
        }
        ok.then(|| Header {
            indicator: positions["indicator"],
            month: positions["month"],
            value: positions["value"],
            numerator: positions.get("numerator").copied(),
            denominator: positions.get("denominator").copied(),
            ytd: positions.get("ytd").copied(),
            note: positions.get("note").copied(),
            from_edition: positions.get("from_edition").copied(),
        })
    }

    /// Parses every row, reporting bad cells and skipping the rows that hold them.
    fn rows(&mut self) -> Vec<Row> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let header = match reader.headers() {
            Ok(h) => {
                let h = h.clone();
                self.header(&h)
            }
            Err(e) => {
                self.error(
                    1,
                    1,
                    format!("cannot read the header: {e}"),
                    "the first line must name the columns",
                );
                None
            }
        };
        let Some(header) = header else {
            return Vec::new();
        };
        let width = reader.headers().map(|h| h.len()).unwrap_or(0);
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(1, |p| p.line() as usize);
                    self.error(
                        line,
                        1,
                        format!("cannot read the row: {e}"),
                        "check the quotes on this line",
                    );
                    continue;
                }
            };
            let line = record.position().map_or(1, |p| p.line() as usize);
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != width {
                self.error(
                    line,
                    1,
                    format!(
                        "the row has {} cells but the header has {width}",
                        record.len()
                    ),
                    "every row needs one cell per column, blank where there is no figure",
                );
                continue;
            }
            let id = record[header.indicator].to_string();
            let month_cell = &record[header.month];
            let month = match month_cell.parse::<Month>() {
                Ok(m) => m,
                Err(e) => {
                    let column = self.column_of(line, header.month);
                    self.error(
                        line,
                        column,
                        e,
                        "write the month as YYYY-MM, such as 2015-12",
                    );
                    continue;
                }
            };
            let from_edition = match header.from_edition.map(|c| &record[c]) {
                None | Some("") => None,
                Some(cell) => match cell.parse::<Month>() {
                    Ok(from) if from >= month => Some(from),
                    Ok(from) => {
                        let column = self.column_of(line, header.from_edition.unwrap_or(0));
                        self.error(line, column, format!("the figure for {month} cannot be corrected in the {from} edition, which came before it"), "from_edition is the first edition that shows the corrected figure");
                        continue;
                    }
                    Err(e) => {
                        let column = self.column_of(line, header.from_edition.unwrap_or(0));
                        self.error(
                            line,
                            column,
                            e,
                            "from_edition is an edition month, YYYY-MM, or blank",
                        );
                        continue;
                    }
                },
            };
            let mut ok = true;
            let mut number = |this: &mut Self, column: Option<usize>, name: &str| -> Option<f64> {
                let column = column?;
                let cell = &record[column];
                if cell.is_empty() {
                    return None;
                }
                match parse_number(cell) {
                    Ok(n) => Some(n),
                    Err(hint) => {
                        let at = this.column_of(line, column);
                        this.error(
                            line,
                            at,
                            format!("`{cell}` in the {name} column is not a number"),
                            hint,
                        );
                        ok = false;
                        None
                    }
                }
            };
            let value = number(self, Some(header.value), "value");
            let numerator = number(self, header.numerator, "numerator");
            let denominator = number(self, header.denominator, "denominator");
            let ytd = number(self, header.ytd, "ytd");
            if !ok {
                continue;
            }
            let note = header
                .note
                .map(|c| record[c].to_string())
                .filter(|n| !n.is_empty());
            rows.push(Row {
                line,
                id,
                month,
                from_edition,
                observation: Observation {
                    value,
                    numerator,
                    denominator,
                    ytd,
                    note,
                },
            });
        }
        rows
    }
}

/// Parses a figure as spreadsheets export it, explaining the usual mistakes.
fn parse_number(cell: &str) -> Result<f64, String> {
    if let Ok(n) = cell.parse::<f64>()
        && n.is_finite()
    {
        return Ok(n);
    }
    Err(if cell.ends_with('%') {
        "write percentages without the % sign: 46.6, not 46.6%".to_string()
    } else if cell.contains(',') {
        "write numbers without thousands separators: 1041, not 1,041".to_string()
    } else {
        "figures are plain numbers such as 1041 or 46.6; leave the cell blank for a missing value"
            .to_string()
    })
}
