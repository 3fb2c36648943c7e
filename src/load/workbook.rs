//! Reads one sheet of an `.xlsx` workbook into a grid of cells: the only code that uses `calamine`.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::wide::{Cell, GridRow};

/// One sheet's cells, each row indexed from column A.
pub(super) struct Sheet {
    pub name: String,
    pub rows: Vec<GridRow>,
}

/// Why a workbook or its sheet cannot be read.
pub(super) struct Problem {
    pub message: String,
    pub hint: String,
    /// Whether the file itself cannot be read, rather than a sheet being missing.
    pub unreadable: bool,
}

/// Reads the sheet named `name` of the workbook `bytes`, or its first sheet.
pub(super) fn sheet(bytes: &[u8], name: Option<&str>) -> Result<Sheet, Problem> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| Problem {
        message: format!("cannot read the workbook: {e}"),
        hint: "save it from Excel as an Excel Workbook (.xlsx); .xls, .xlsb and .ods files are not read"
            .to_string(),
        unreadable: true,
    })?;
    let names = workbook.sheet_names();
    let name = match name {
        Some(name) => match names.iter().find(|n| n.as_str() == name) {
            Some(found) => found.clone(),
            None => {
                let near = names
                    .iter()
                    .find(|n| n.trim().eq_ignore_ascii_case(name.trim()))
                    .or_else(|| {
                        names
                            .iter()
                            .filter(|n| {
                                strsim::jaro_winkler(&n.to_lowercase(), &name.to_lowercase()) > 0.85
                            })
                            .max_by(|a, b| {
                                strsim::jaro_winkler(a, name)
                                    .total_cmp(&strsim::jaro_winkler(b, name))
                            })
                    });
                let list = names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = match near {
                    Some(near) => format!(
                        "did you mean `{near}`? Its sheets are {list}; correct `sheet:` in site.yaml"
                    ),
                    None => format!("its sheets are {list}; correct `sheet:` in site.yaml"),
                };
                return Err(Problem {
                    message: format!("the workbook has no sheet named `{name}`"),
                    hint,
                    unreadable: false,
                });
            }
        },
        None => match names.first() {
            Some(first) => first.clone(),
            None => {
                return Err(Problem {
                    message: "the workbook has no sheets".to_string(),
                    hint: "save the workbook with the sheet of figures in it".to_string(),
                    unreadable: true,
                });
            }
        },
    };
    let range = workbook.worksheet_range(&name).map_err(|e| Problem {
        message: format!("cannot read the sheet `{name}`: {e}"),
        hint: "save the workbook again from Excel as an Excel Workbook (.xlsx)".to_string(),
        unreadable: true,
    })?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![Cell::Empty; first_column as usize];
            cells.extend(row.iter().map(cell));
            GridRow {
                number: first_row as usize + i + 1,
                cells,
            }
        })
        .collect();
    Ok(Sheet { name, rows })
}

/// One cell as the wide reader sees it.
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.trim().to_string()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
