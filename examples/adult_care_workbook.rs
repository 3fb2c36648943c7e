//! Writes the second sample site's workbook, `samples/adult-care/data/monthly/scorecard.xlsx`:
//! an invented Adult Care scorecard laid out as many councils keep theirs (one row per
//! measure, one column per month, the council's own % change, 12-month and comparator
//! columns, and commentary). The figures are invented; the workbook is committed so that
//! the sample builds without this program, which is kept so that its contents can be
//! reviewed as text and made again byte for byte:
//!
//! ```sh
//! cargo run --example adult_care_workbook
//! ```

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// The first month of figures, April 2015; there are [`MONTHS`] of them, to October 2016.
const FIRST: (u16, u8) = (2015, 4);
const MONTHS: usize = 19;

/// One cell of a month's column.
#[derive(Clone, Copy)]
enum Figure {
    Number(f64),
    Words(&'static str),
    Blank,
}
use Figure::{Blank, Number, Words};

/// A measure's row: reference, area, description, data owner, accountable officer,
/// the month cells, and the two comparator columns as the council types them.
struct Row {
    reference: &'static str,
    area: &'static str,
    description: &'static str,
    owner: &'static str,
    accountable: &'static str,
    months: Vec<Figure>,
    neighbours: Figure,
    national: Figure,
    commentary: &'static str,
}

fn numbers(values: [f64; MONTHS]) -> Vec<Figure> {
    values.iter().map(|&v| Number(v)).collect()
}

fn judgements(words: [&'static str; MONTHS]) -> Vec<Figure> {
    words.iter().map(|&w| Words(w)).collect()
}

fn rows() -> Vec<(&'static str, Vec<Row>)> {
    let hos = "Head of Service, Prevention and Wellbeing";
    let dir = "Director of Adult Care";
    let hoq = "Head of Quality and Commissioning";
    let hop = "Head of Service, Personalisation";
    let local = Words("Local indicator");
    let mut old = vec![Blank; MONTHS];
    let telecare = [
        14.2, 14.3, 14.3, 14.5, 14.4, 14.6, 14.7, 14.7, 14.8, 14.9, 14.9, 15.0, 15.1, 15.0, 15.1,
        15.1,
    ];
    for (i, v) in telecare.iter().enumerate() {
        old[i] = Number(*v);
    }
    for cell in old.iter_mut().skip(telecare.len()) {
        *cell = Words("Old measure");
    }
    let mut new = vec![Blank; MONTHS];
    new[15] = Words("New measure from Aug 16");
    new[16] = Number(17.8);
    new[17] = Number(18.3);
    new[18] = Number(18.9);
    vec![
        (
            "Prevention and independence",
            vec![
                Row {
                    reference: "ASC1 (rate)",
                    area: "Prevention and independence",
                    description: "Permanent admissions of people aged 65 and over to residential and nursing care, per 100,000 population aged 65+ (rolling 12 months)",
                    owner: hos,
                    accountable: dir,
                    months: numbers([
                        662.2, 648.3, 644.9, 644.1, 633.4, 630.9, 631.0, 623.1, 622.1, 623.1,
                        611.2, 606.1, 606.6, 593.8, 589.4, 596.6, 594.7, 576.2, 578.2,
                    ]),
                    neighbours: Number(598.0),
                    national: Number(628.2),
                    commentary: "Admissions continue to fall as the strengths-based approach embeds.",
                },
                Row {
                    reference: "ASC3 (rate)",
                    area: "Prevention and independence",
                    description: "Delayed transfers of care from hospital attributable to adult social care, per 100,000 population aged 18+",
                    owner: hos,
                    accountable: dir,
                    months: numbers([
                        4.9, 4.8, 3.8, 4.9, 4.4, 4.3, 4.8, 4.1, 4.7, 4.5, 3.4, 3.0, 3.9, 4.0, 3.0,
                        3.9, 4.5, 4.1, 4.0,
                    ]),
                    neighbours: Number(4.4),
                    national: Number(4.8),
                    commentary: "Steady; winter planning with the hospital trust is under way.",
                },
                Row {
                    reference: "ASC6",
                    area: "Prevention and independence",
                    description: "New contacts to adult social care",
                    owner: hos,
                    accountable: dir,
                    months: numbers([
                        1275.0, 1288.0, 1252.0, 1289.0, 1396.0, 1233.0, 1211.0, 1321.0, 1210.0,
                        1301.0, 1285.0, 1265.0, 1224.0, 1338.0, 1185.0, 1620.0, 1268.0, 1368.0,
                        1313.0,
                    ]),
                    neighbours: local,
                    national: local,
                    commentary: "Back to the usual level after the July peak.",
                },
                Row {
                    reference: "ASC8 (days)",
                    area: "Prevention and independence",
                    description: "Average days from contact to completed assessment",
                    owner: hos,
                    accountable: dir,
                    months: numbers([
                        31.0, 29.6, 32.1, 30.7, 31.9, 31.1, 28.9, 29.7, 28.1, 22.1, 22.0, 25.6,
                        22.5, 21.3, 23.8, 23.7, 24.1, 22.2, 22.6,
                    ]),
                    neighbours: local,
                    national: local,
                    commentary: "Held at 22 to 24 days since the new front door started in January.",
                },
                Row {
                    reference: "ASC12 (%)",
                    area: "Prevention and independence",
                    description: "Clients aged 65+ receiving telecare (old definition)",
                    owner: hos,
                    accountable: dir,
                    months: old,
                    neighbours: local,
                    national: local,
                    commentary: "Replaced by ASC13 from August 2016.",
                },
                Row {
                    reference: "ASC13 (%)",
                    area: "Prevention and independence",
                    description: "Clients aged 65+ receiving technology-enabled care",
                    owner: hos,
                    accountable: dir,
                    months: new,
                    neighbours: local,
                    national: local,
                    commentary: "New definition from August 2016.",
                },
            ],
        ),
        (
            "Personalisation",
            vec![
                Row {
                    reference: "ASC2 (%)",
                    area: "Personalisation",
                    description: "Older people at home 91 days after discharge from hospital into reablement",
                    owner: hop,
                    accountable: dir,
                    months: numbers([
                        82.9, 84.7, 83.8, 86.1, 82.8, 85.2, 83.2, 86.6, 82.7, 84.1, 86.0, 85.4,
                        82.9, 85.3, 84.8, 86.7, 86.1, 85.4, 85.2,
                    ]),
                    neighbours: Number(82.1),
                    national: Number(82.7),
                    commentary: "Above target for the fourth month running.",
                },
                Row {
                    reference: "ASC4 (%)",
                    area: "Personalisation",
                    description: "Service users receiving self-directed support",
                    owner: hop,
                    accountable: dir,
                    months: numbers([
                        89.7, 88.7, 87.5, 89.7, 88.1, 89.4, 90.2, 89.4, 90.4, 90.0, 90.0, 91.0,
                        93.7, 91.7, 89.5, 91.3, 91.7, 91.8, 92.6,
                    ]),
                    neighbours: Number(86.4),
                    national: Number(86.9),
                    commentary: "Above target.",
                },
                Row {
                    reference: "ASC5 (%)",
                    area: "Personalisation",
                    description: "Carers receiving direct payments",
                    owner: hop,
                    accountable: dir,
                    months: numbers([
                        61.6, 65.6, 63.4, 67.1, 64.1, 65.8, 65.6, 64.3, 66.6, 66.1, 70.8, 67.3,
                        68.2, 71.6, 66.7, 68.7, 69.4, 68.0, 70.4,
                    ]),
                    neighbours: Number(71.3),
                    national: Number(67.4),
                    commentary: "The direct payments support service is now in house.",
                },
            ],
        ),
        (
            "Safeguarding and quality",
            vec![
                Row {
                    reference: "ASC7 (%)",
                    area: "Safeguarding and quality",
                    description: "Safeguarding enquiries where the person's desired outcomes were fully or partially achieved",
                    owner: hoq,
                    accountable: dir,
                    months: numbers([
                        87.7, 84.6, 83.1, 82.2, 87.3, 85.4, 87.2, 87.8, 88.6, 86.2, 85.1, 90.3,
                        90.5, 90.1, 88.4, 83.2, 85.4, 87.1, 87.0,
                    ]),
                    neighbours: Number(91.2),
                    national: Number(93.0),
                    commentary: "The July dip followed complex enquiries involving one provider.",
                },
                Row {
                    reference: "ASC9 (£)",
                    area: "Safeguarding and quality",
                    description: "Average weekly cost of a residential care placement, aged 65+",
                    owner: hoq,
                    accountable: dir,
                    months: numbers([
                        531.0, 534.0, 538.0, 536.0, 543.0, 539.0, 546.0, 546.0, 548.0, 543.0,
                        547.0, 549.0, 548.0, 558.0, 553.0, 556.0, 558.0, 563.0, 557.0,
                    ]),
                    neighbours: Number(566.0),
                    national: Number(604.0),
                    commentary: "In line with the uplift agreed with providers in April.",
                },
                Row {
                    reference: "ASC10-QL",
                    area: "Safeguarding and quality",
                    description: "Stability of the local care home market",
                    owner: hoq,
                    accountable: dir,
                    months: judgements([
                        "Similar", "Similar", "Similar", "Positive", "Similar", "Similar",
                        "Similar", "Similar", "Negative", "Similar", "Similar", "Similar",
                        "Similar", "Similar", "Negative", "Negative", "Similar", "Similar",
                        "Positive",
                    ]),
                    neighbours: local,
                    national: local,
                    commentary: "Stable after one home closed in June.",
                },
                Row {
                    reference: "ASC11-QL",
                    area: "Safeguarding and quality",
                    description: "Stability of the home care workforce",
                    owner: hoq,
                    accountable: dir,
                    months: judgements([
                        "Similar", "Similar", "Similar", "Similar", "Similar", "Negative",
                        "Negative", "Negative", "Negative", "Similar", "Similar", "Similar",
                        "Similar", "Similar", "Similar", "Similar", "Similar", "Positive",
                        "Positive",
                    ]),
                    neighbours: local,
                    national: local,
                    commentary: "Recruitment improved after the autumn campaign.",
                },
            ],
        ),
    ]
}

fn main() -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the file byte for byte the same each time it is made.
    let made = ExcelDateTime::from_ymd(2016, 11, 10)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Adult Care performance scorecard")
            .set_author("Performance and Intelligence")
            .set_creation_datetime(&made),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Scorecard")?;
    let bold = Format::new().set_bold();
    let month = Format::new().set_num_format("mmm-yy").set_bold();
    sheet.write_string_with_format(
        0,
        0,
        "Adult Care performance scorecard, October 2016",
        &bold,
    )?;
    let fixed = [
        "Ref",
        "Area",
        "Description",
        "Data owner",
        "Accountable officer",
    ];
    for (c, heading) in fixed.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *heading, &bold)?;
    }
    let first_month = fixed.len() as u16;
    for i in 0..MONTHS {
        let m0 = FIRST.1 as usize - 1 + i;
        let date = ExcelDateTime::from_ymd(FIRST.0 + (m0 / 12) as u16, (m0 % 12) as u8 + 1, 1)?;
        sheet.write_datetime_with_format(2, first_month + i as u16, &date, &month)?;
    }
    let after = first_month + MONTHS as u16;
    let own = [
        "% change from last month",
        "% change from same month last year",
        "12 month average",
        "12 month maximum",
        "Statistical neighbours",
        "National",
        "Commentary",
    ];
    for (c, heading) in own.iter().enumerate() {
        sheet.write_string_with_format(2, after + c as u16, *heading, &bold)?;
    }
    let percent = Format::new().set_num_format("0.0%");
    let mut r = 3u32;
    for (area, measures) in rows() {
        sheet.write_string_with_format(r, 1, area, &bold)?;
        r += 1;
        for row in measures {
            sheet.write_string(r, 0, row.reference)?;
            sheet.write_string(r, 1, row.area)?;
            sheet.write_string(r, 2, row.description)?;
            sheet.write_string(r, 3, row.owner)?;
            sheet.write_string(r, 4, row.accountable)?;
            for (i, cell) in row.months.iter().enumerate() {
                write(sheet, r, first_month + i as u16, *cell)?;
            }
            // The council's own working, which scorecard computes itself and ignores.
            let values: Vec<f64> = row
                .months
                .iter()
                .filter_map(|c| match c {
                    Number(v) => Some(*v),
                    _ => None,
                })
                .collect();
            if values.len() == MONTHS {
                let last = values[MONTHS - 1];
                let prev = values[MONTHS - 2];
                let year = values[MONTHS - 13];
                sheet.write_number_with_format(r, after, (last - prev) / prev, &percent)?;
                sheet.write_number_with_format(r, after + 1, (last - year) / year, &percent)?;
                let twelve = &values[MONTHS - 12..];
                let mean = twelve.iter().sum::<f64>() / 12.0;
                let max = twelve.iter().cloned().fold(f64::MIN, f64::max);
                sheet.write_number(r, after + 2, (mean * 10.0).round() / 10.0)?;
                sheet.write_number(r, after + 3, max)?;
            }
            write(sheet, r, after + 4, row.neighbours)?;
            write(sheet, r, after + 5, row.national)?;
            sheet.write_string(r, after + 6, row.commentary)?;
            r += 1;
        }
    }
    workbook.save("samples/adult-care/data/monthly/scorecard.xlsx")?;
    Ok(())
}

fn write(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: u16,
    cell: Figure,
) -> Result<(), XlsxError> {
    match cell {
        Number(v) => {
            sheet.write_number(r, c, v)?;
        }
        Words(w) => {
            sheet.write_string(r, c, w)?;
        }
        Blank => {}
    }
    Ok(())
}
