//! Writes small `.xlsx` workbooks for the tests with rust_xlsxwriter, so that the tests
//! read real workbooks that Excel would open, and no binary fixture is committed.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One cell to write.
#[derive(Clone, Copy)]
pub enum Cell {
    /// Text.
    S(&'static str),
    /// A number.
    N(f64),
    /// A date cell, shown as `Sep-15` as Excel shows a typed month.
    D(u16, u8, u8),
    /// Nothing.
    B,
}

pub use Cell::{B, D, N, S};

/// A workbook with one sheet named `sheet` holding `rows` from cell A1, and the
/// cells of each of `merges` (first row, first column, last row, last column, all
/// zero-based) merged, as Excel does for a heading spread over several columns.
pub fn xlsx(sheet: &str, rows: &[Vec<Cell>], merges: &[(u32, u16, u32, u16)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).unwrap();
    let month = Format::new().set_num_format("mmm-yy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match *cell {
                S(text) => {
                    worksheet.write_string(r, c, text).unwrap();
                }
                N(n) => {
                    worksheet.write_number(r, c, n).unwrap();
                }
                D(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    worksheet
                        .write_datetime_with_format(r, c, &date, &month)
                        .unwrap();
                }
                B => {}
            }
        }
    }
    for &(r1, c1, r2, c2) in merges {
        let text = match rows[r1 as usize][c1 as usize] {
            S(text) => text,
            _ => "",
        };
        worksheet
            .merge_range(r1, c1, r2, c2, text, &Format::new())
            .unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// The small fixture's figures as a council keeps them: a title, a section heading
/// row, the reference, area, description and owner of each measure, a column per
/// month (date cells), and the council's own % change, 12-month average and
/// commentary, which scorecard is told to leave out.
pub fn council_sheet() -> Vec<Vec<Cell>> {
    vec![
        vec![S("Small Test Report: performance scorecard")],
        vec![],
        vec![
            S("Ref"),
            S("Area"),
            S("Description"),
            S("Owner"),
            D(2015, 10, 1),
            D(2015, 11, 1),
            D(2015, 12, 1),
            S("% change from last month"),
            S("12 month average"),
            S("Commentary"),
        ],
        vec![B, S("Children's social care")],
        vec![
            S("1.1"),
            S("Referrals"),
            S("Number of referrals"),
            S("Head of Service"),
            N(374.0),
            N(509.0),
            N(485.0),
            N(-0.047),
            N(456.0),
            S("Fell in December"),
        ],
        // A reference Excel holds as a number, as it does unless the column is text.
        vec![
            N(1.2),
            S("Referrals"),
            S("% of referrals going onto assessment"),
            S("Head of Service"),
            N(74.7),
            N(76.0),
            N(87.2),
            N(0.147),
            N(79.3),
        ],
        vec![
            S("1.3"),
            S("Referrals"),
            S("Re-referral rate"),
            S("Service Manager"),
            N(30.6),
            N(31.4),
            N(22.0),
            N(-0.299),
            N(28.0),
        ],
    ]
}

/// The `data:` settings that read [`council_sheet`] saved as `file`.
pub fn council_settings(file: &str) -> String {
    format!(
        "data:\n  - file: {file}\n    sheet: Scorecard\n    key: Ref\n    ignore: [Area, Description, Owner, \"% change from last month\", \"12 month average\", Commentary]\n"
    )
}

/// The small fixture's site.yaml with `extra` appended.
pub fn small_settings_with(extra: &str) -> String {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/site.yaml"),
    )
    .unwrap();
    format!("{base}{extra}")
}
