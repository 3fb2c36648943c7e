//! Reads the monthly figures under `data/monthly/*.csv` into each indicator's series.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::limits::{FIGURE_RANGE, is_sane_figure};
use super::wide::{self, Layout, Words};
use super::{SiteFiles, Unread, workbook};
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::model::fingerprint::{Fingerprint, Hasher};
use crate::model::{
    Dimension, Indicator, Judgement, Marker, Month, Observation, Section, Unit, control_name,
};

pub(super) const MONTHLY_DIR: &str = "data/monthly";

pub(super) const COLUMNS: [&str; 9] = [
    "indicator",
    "month",
    "value",
    "numerator",
    "denominator",
    "ytd",
    "note",
    "from_edition",
    "judgement",
];

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
    judgement: Option<usize>,
    /// The columns named after a breakdown's dimension, with the dimension's key.
    members: Vec<(usize, String)>,
    /// Columns of a member's own figures in a row of the total (wide members): each
    /// member's name as the heading gives it, and its value, numerator and
    /// denominator columns.
    wide_members: Vec<WideMember>,
}

/// One member's columns in a file that gives members beside the total.
struct WideMember {
    name: String,
    value: Option<usize>,
    numerator: Option<usize>,
    denominator: Option<usize>,
}

/// What the CSV files say about the months, beyond each indicator's series.
#[derive(Clone)]
pub(super) struct Months {
    /// The months for which any row gives a figure, known indicator or not.
    pub with_data: BTreeSet<Month>,
    /// False when a file, its header or one of its rows could not be read: then a
    /// month with no figure may only be a month whose rows could not be read, and is
    /// not reported.
    pub complete: bool,
    /// Where the total of each broken-down measure's month was given.
    pub totals: super::breakdowns::TotalRows,
}

/// Reads every CSV file and workbook into the series of the indicators in
/// `sections`, each as `layouts` (the site's `data:` settings) lays it out.
///
/// With `cache` (and the fingerprint of the definitions the rows are taken into,
/// when they were read without errors), a CSV file parsed before with the same text
/// is not parsed again, and when the first files are those whose rows the cache
/// kept as taken, with the same definitions, their rows are not taken again either:
/// the series, and what checking them found, start from a copy of what they gave.
pub(super) fn load(
    files: &SiteFiles,
    sections: &mut [Section],
    unread: &Unread,
    layouts: &[Layout],
    dimensions: &[Dimension],
    cache: Option<(&mut Cache, Option<Fingerprint>)>,
    diagnostics: &mut Diagnostics,
) -> Months {
    let mut rows = Rows::new(sections, unread, dimensions);
    let mut paths = files.files_under(MONTHLY_DIR, "csv", diagnostics);
    paths.extend(files.files_under(MONTHLY_DIR, "xlsx", diagnostics));
    paths.sort();
    let mut used = vec![false; layouts.len()];
    for path in &paths {
        let display = files.display(path);
        if let Some(i) = layouts.iter().position(|l| l.file == display) {
            used[i] = true;
        }
    }
    // Without a cache, one made for this load alone: it parses each file once and
    // keeps no rows as taken (there are no definitions to key them by).
    let mut own = Cache::default();
    let (cache, definitions) = cache.unwrap_or((&mut own, None));
    // What the files report goes here first, so that the part of it that the first
    // files gave can be kept with their rows.
    let mut found = Diagnostics::new();
    rows.load_reusing(
        files,
        paths,
        layouts,
        sections,
        cache,
        definitions,
        &mut found,
    );
    diagnostics.extend(found);
    for (layout, used) in layouts.iter().zip(used) {
        if !used {
            diagnostics.push(
                Diagnostic::error(
                    &layout.at.file,
                    format!(
                        "`data` names `{}`, which does not exist",
                        layout.file.display()
                    ),
                )
                .at_place(&layout.at)
                .with_hint(format!(
                    "put the file in {MONTHLY_DIR}/, or correct its name"
                )),
            );
            rows.months.complete = false;
        }
    }
    rows.months
}

/// Each CSV file as parsed, before its rows are taken into the series, by the
/// fingerprint of what parsing it depends on: `serve` keeps one, so that a save parses
/// again only the files that changed. It also keeps what taking the rows of the
/// files before the one a save changed gave, so that the next save of that file
/// takes only the rows from there on.
#[derive(Default)]
pub(super) struct Cache {
    parsed: HashMap<Fingerprint, Parsed>,
    /// The files of the last load, in order, by the fingerprint of what parsing each
    /// depends on, up to the first that was not a CSV file read without a problem.
    order: Vec<Fingerprint>,
    taken: Option<Taken>,
}

/// What taking the rows of the first files of a load gave: the series, what was
/// remembered of each row, the months, and what reading and checking the files
/// found. Taking a file's rows depends on the definitions, on the file's parse and
/// on the files before it, so a load whose definitions and first files are these
/// starts from a copy.
struct Taken {
    /// The fingerprint of the definitions' files.
    definitions: Fingerprint,
    /// The files taken, in order, as in [`Cache::order`].
    files: Vec<Fingerprint>,
    sections: Vec<Section>,
    seen: HashMap<(Given, Month, Option<Month>), (usize, usize)>,
    names: Vec<RowsIn>,
    months: Months,
    found: Diagnostics,
}

/// A CSV file read and keyed but not yet taken: while the first files are those of
/// [`Cache::taken`], their rows are taken from it rather than file by file.
struct Waiting {
    display: std::path::PathBuf,
    text: String,
    key: Fingerprint,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("files", &self.parsed.len())
            .finish()
    }
}

/// What parsing one CSV file gave: its rows, or none when they could not be read,
/// and the problems parsing found.
pub(super) struct Parsed {
    rows: Option<Vec<Row>>,
    errors: usize,
    diagnostics: Diagnostics,
}

/// Parses one CSV file's text as `load` would, touching no files: for fuzzing.
pub(super) fn parse_text(text: &str, sections: &mut [Section], diagnostics: &mut Diagnostics) {
    let unread = Unread::default();
    Rows::new(sections, &unread, &[]).read_with(
        Path::new("monthly.csv"),
        text,
        None,
        sections,
        diagnostics,
    );
}

/// The state carried from one CSV file to the next.
struct Rows<'a> {
    /// Where each indicator is in the sections, by id and by printed reference.
    index: HashMap<String, (usize, usize)>,
    unread: &'a Unread,
    /// Where each (indicator, member, month, revision) was first given, to report
    /// duplicates across files: the file (in `files`) and its row. The place is put
    /// in words only for a message, not for each of the thousands of rows.
    seen: HashMap<(Given, Month, Option<Month>), (usize, usize)>,
    /// The files and sheets taken so far, in order, to name a row of any of them.
    files: Vec<RowsIn>,
    months: Months,
    /// Every dimension, whose columns a long-form file may have.
    dimensions: Vec<Dimension>,
}

impl<'a> Rows<'a> {
    fn new(sections: &[Section], unread: &'a Unread, dimensions: &[Dimension]) -> Rows<'a> {
        let mut index = HashMap::new();
        // The site's dimensions, and the sections' own members of them.
        let mut keys: Vec<Dimension> = dimensions.to_vec();
        for indicator in sections.iter().flat_map(|s| &s.indicators) {
            if let Some(b) = &indicator.breakdown
                && !keys.contains(&b.dimension)
            {
                keys.push(b.dimension.clone());
            }
        }
        // A row may name an indicator by any of its data keys (`Indicator::data_keys`),
        // ids first, so that a reference that is another indicator's id never takes it.
        for key in 0..2 {
            for (s, section) in sections.iter().enumerate() {
                for (i, indicator) in section.indicators.iter().enumerate() {
                    index
                        .entry(indicator.data_keys()[key].to_string())
                        .or_insert((s, i));
                }
            }
        }
        Rows {
            index,
            unread,
            seen: HashMap::new(),
            files: Vec::new(),
            months: Months {
                with_data: BTreeSet::new(),
                complete: true,
                totals: Default::default(),
            },
            dimensions: keys,
        }
    }

    /// Reads the files at `paths` as [`load`] does with a cache, reporting to `found`.
    #[allow(clippy::too_many_arguments)]
    fn load_reusing(
        &mut self,
        files: &SiteFiles,
        paths: Vec<std::path::PathBuf>,
        layouts: &[Layout],
        sections: &mut [Section],
        cache: &mut Cache,
        definitions: Option<Fingerprint>,
        found: &mut Diagnostics,
    ) {
        // The files parsed by this load, which the next one may take: a file no
        // longer read, or read with other text, is dropped.
        let mut kept: HashMap<Fingerprint, Parsed> = HashMap::new();
        // The taken rows this load may start from, while its files are theirs.
        let mut start = cache
            .taken
            .take()
            .filter(|t| Some(t.definitions) == definitions && t.sections.len() == sections.len());
        let mut waiting: Vec<Waiting> = Vec::new();
        // The files so far, while each was a CSV file read without a problem.
        let mut order: Vec<Fingerprint> = Vec::new();
        let mut in_order = true;
        // Whether a file so far differs from the last load's at its place.
        let mut changed = false;
        // The taken rows kept for the next load.
        let mut keep: Option<Taken> = None;
        for path in paths {
            let display = files.display(&path);
            let layout = layouts.iter().find(|l| l.file == display);
            let mut problems = Diagnostics::new();
            let text = match display.extension().is_some_and(|e| e == "xlsx") {
                true => None,
                false => files.read(&path, &mut problems),
            };
            let key = text.as_ref().map(|text| {
                // Parsing depends on the file's name (in messages), its text, its
                // layout and the dimensions whose columns it may have.
                Hasher::new()
                    .bytes(display.as_os_str().as_encoded_bytes())
                    .debug(&layout)
                    .debug(&self.dimensions)
                    .bytes(text.as_bytes())
                    .finish()
            });
            let clean = key.is_some() && problems.is_empty();
            // Still the files the taken rows were taken from: wait, in case the whole
            // run of them is.
            if let (Some(taken), Some(key), true) = (&start, key, clean)
                && taken.files.get(waiting.len()) == Some(&key)
                && let Some(text) = text
            {
                let parsed = match cache.parsed.remove(&key) {
                    Some(parsed) => parsed,
                    None => self.parse(&display, &text, layout),
                };
                kept.insert(key, parsed);
                // The text is held, not copied, in case the run breaks and the file's
                // rows are taken after all.
                waiting.push(Waiting { display, text, key });
                order.push(key);
                if waiting.len() == taken.files.len() {
                    let taken = start.take().expect("the taken rows");
                    sections.clone_from_slice(&taken.sections);
                    self.seen = taken.seen.clone();
                    self.files = taken.names.clone();
                    self.months = taken.months.clone();
                    *found = taken.found.clone();
                    waiting.clear();
                    keep = Some(taken);
                }
                continue;
            }
            // The run is broken: its files are taken one by one after all.
            start = None;
            for file in waiting.drain(..) {
                let parsed = &kept[&file.key];
                self.take_file(&file.display, &file.text, parsed, sections, found);
            }
            // The first file that changed since the last load, after files that did
            // not: what was taken before it is kept, for the next save of it.
            let first_change = in_order && !changed && cache.order.get(order.len()) != key.as_ref();
            changed |= first_change;
            if first_change
                && !order.is_empty()
                && keep.as_ref().is_none_or(|k| k.files != order)
                && let Some(definitions) = definitions
            {
                keep = Some(Taken {
                    definitions,
                    files: order.clone(),
                    sections: sections.to_vec(),
                    seen: self.seen.clone(),
                    names: self.files.clone(),
                    months: self.months.clone(),
                    found: found.clone(),
                });
            }
            found.extend(problems);
            in_order &= clean;
            match (text, key) {
                (Some(text), Some(key)) => {
                    if in_order {
                        order.push(key);
                    }
                    let parsed = match cache.parsed.remove(&key) {
                        Some(parsed) => parsed,
                        None => self.parse(&display, &text, layout),
                    };
                    self.take_file(&display, &text, &parsed, sections, found);
                    kept.insert(key, parsed);
                }
                (None, _) if display.extension().is_some_and(|e| e == "xlsx") => {
                    match files.read_bytes(&path, found) {
                        Some(bytes) => {
                            self.read_workbook(&display, &bytes, layout, sections, found)
                        }
                        None => self.months.complete = false,
                    }
                }
                _ => self.months.complete = false,
            }
        }
        // Files that were all those the taken rows were taken from, but fewer.
        for file in waiting.drain(..) {
            let parsed = &kept[&file.key];
            self.take_file(&file.display, &file.text, parsed, sections, found);
        }
        cache.parsed = kept;
        cache.order = order;
        cache.taken = keep;
    }

    /// Reads one CSV file, long or wide (see [`is_wide`]).
    fn read_with(
        &mut self,
        display: &Path,
        text: &str,
        layout: Option<&Layout>,
        sections: &mut [Section],
        diagnostics: &mut Diagnostics,
    ) {
        let parsed = self.parse(display, text, layout);
        self.take_file(display, text, &parsed, sections, diagnostics);
    }

    /// Parses one CSV file into rows, keeping the problems found apart, so that a
    /// file parsed before can be taken again with the same messages.
    fn parse(&self, display: &Path, text: &str, layout: Option<&Layout>) -> Parsed {
        let mut diagnostics = Diagnostics::new();
        let mut file = CsvFile {
            file: display,
            text,
            diagnostics: &mut diagnostics,
            lines: LineIndex::new(text),
            errors: 0,
            dimensions: &self.dimensions,
        };
        let stray = super::limits::stray_controls(text, false);
        let rows = if stray.is_empty() {
            match is_wide(text, layout) {
                true => file.wide_rows(layout),
                false => file.rows(),
            }
        } else {
            // A control character in a cell changes what the cell says, so the rows
            // are not read: errors about them would only follow from this one.
            for (line, column, c) in stray {
                file.error(
                    line,
                    column,
                    format!("the row holds {}", control_name(c)),
                    "delete it: it is invisible, and usually comes from pasting from a word processor",
                );
            }
            None
        };
        let errors = file.errors;
        Parsed {
            rows,
            errors,
            diagnostics,
        }
    }

    /// Takes the rows of a parsed CSV file into the series, after the problems that
    /// parsing it found.
    fn take_file(
        &mut self,
        display: &Path,
        text: &str,
        parsed: &Parsed,
        sections: &mut [Section],
        diagnostics: &mut Diagnostics,
    ) {
        diagnostics.extend(parsed.diagnostics.clone());
        let dimensions = self.dimensions.clone();
        let mut file = CsvFile {
            file: display,
            text,
            diagnostics,
            lines: LineIndex::new(text),
            errors: parsed.errors,
            dimensions: &dimensions,
        };
        self.take_parsed(parsed.rows.as_deref(), parsed.errors, sections, &mut file);
    }

    /// Reads one sheet of an `.xlsx` workbook, always in wide form.
    fn read_workbook(
        &mut self,
        display: &Path,
        bytes: &[u8],
        layout: Option<&Layout>,
        sections: &mut [Section],
        diagnostics: &mut Diagnostics,
    ) {
        let sheet_name = layout.and_then(|l| l.sheet.as_deref());
        let sheet = match workbook::sheet(bytes, sheet_name) {
            Ok(sheet) => sheet,
            Err(problem) => {
                let mut d = Diagnostic::error(display, problem.message).with_hint(problem.hint);
                if problem.unreadable {
                    d = d.unreadable();
                }
                diagnostics.push(d);
                self.months.complete = false;
                return;
            }
        };
        let mut report = wide::SheetReport::new(display, &sheet.name, diagnostics);
        let parsed = wide::rows(&sheet.rows, layout, &mut report);
        let errors = report.errors;
        self.take_parsed(parsed.as_deref(), errors, sections, &mut report);
    }

    /// Takes the rows a file or sheet parsed into, after `errors` errors in it. A row
    /// with an error is skipped, and it may have held any month's figure: a month with
    /// no figure is then the error's consequence, not news, so the months are marked
    /// incomplete.
    fn take_parsed(
        &mut self,
        parsed: Option<&[Row]>,
        errors: usize,
        sections: &mut [Section],
        file: &mut dyn CellReport,
    ) {
        let Some(rows) = parsed else {
            self.months.complete = false;
            return;
        };
        if errors > 0 {
            self.months.complete = false;
        }
        self.take(rows, sections, file);
    }

    /// The indicator a row's key names: every lookup of a row's indicator goes through
    /// here, so that a key may one day match more than the id.
    fn find(&self, key: &str) -> Option<(usize, usize)> {
        self.index.get(key).copied()
    }

    /// Puts parsed rows into the indicators' series, reporting unknown ids, rows
    /// given twice, and figures that are probably wrong.
    fn take(&mut self, rows: &[Row], sections: &mut [Section], file: &mut dyn CellReport) {
        let this_file = self.files.len();
        self.files.push(file.rows_in());
        // Unknown ids, each reported once per file at its first row: a mistyped id is
        // usually mistyped on every row of that indicator.
        let mut unknown: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        // Members not declared for the indicator's dimension, reported once per file.
        let mut unknown_members: BTreeMap<(String, String), (usize, usize, usize, Dimension)> =
            BTreeMap::new();
        for row in rows {
            let Row {
                line,
                ref id,
                month,
                from_edition,
                ref observation,
                cells,
                ..
            } = *row;
            if observation.is_reported() {
                self.months.with_data.insert(month);
            }
            let place = self.find(id);
            // Rows are matched by the indicator's id, however the key was written.
            let id: &str = match place {
                Some((s, i)) => &sections[s].indicators[i].id,
                None => id,
            };
            // Rows for an indicator of a section file that could not be read are still
            // checked, but not reported as unknown: that file's error says why.
            if place.is_none() && !self.unread.indicators.contains(id) {
                unknown
                    .entry(id.to_string())
                    .or_insert((line, cells.key, 0))
                    .2 += 1;
                continue;
            }
            // The member of the indicator's breakdown the row is for, if any.
            let member = match (&row.member, place) {
                (None, _) => None,
                // An indicator of a file that could not be read: its members are
                // unknown, and that file's error says why.
                (Some(_), None) => continue,
                (Some(cell), Some((s, i))) => {
                    let indicator = &sections[s].indicators[i];
                    // A member named by a column of its own (`North`) or by the
                    // layout's member column has no dimension column to name.
                    let column = match &cell.dimension {
                        Some(d) => format!("in the {d} column"),
                        None => "as a member".to_string(),
                    };
                    match &indicator.breakdown {
                        None => {
                            file.cell_error(
                                line,
                                cell.cell,
                                format!(
                                    "indicator {id} is not broken down, but its row for {month} gives `{}` {column}",
                                    cell.name
                                ),
                                format!("add `breakdown: {}` to the indicator's definition, or leave the cell empty for the measure's own figure", cell.dimension.as_deref().unwrap_or("<dimension>")),
                            );
                            continue;
                        }
                        Some(b)
                            if cell
                                .dimension
                                .as_ref()
                                .is_some_and(|d| *d != b.dimension.key) =>
                        {
                            file.cell_error(
                                line,
                                cell.cell,
                                format!(
                                    "indicator {id} is broken down by {}, but its row for {month} gives `{}` {column}",
                                    b.dimension.key, cell.name
                                ),
                                format!("give the member in the `{}` column", b.dimension.key),
                            );
                            continue;
                        }
                        Some(b) => match b.dimension.member(&cell.name) {
                            Some(m) => Some(m.key.clone()),
                            None => {
                                let entry = unknown_members
                                    .entry((id.to_string(), cell.name.clone()))
                                    .or_insert((line, cell.cell, 0, b.dimension.clone()));
                                entry.2 += 1;
                                continue;
                            }
                        },
                    }
                }
            };
            // A row of a known indicator is keyed by where the indicator is, which no
            // row of an unread one shares: every id is a key of the index.
            let given = match place {
                Some(at) => Given::Known(at, member.clone()),
                None => Given::Unread(id.to_string()),
            };
            let seen_key = (given, month, from_edition);
            if let Some(&(first_file, first_line)) = self.seen.get(&seen_key) {
                let first = self.files[first_file].name(first_line);
                let whose = match &member {
                    Some(m) => format!("indicator {id}, member {m},"),
                    None => format!("indicator {id}"),
                };
                let what = match from_edition {
                    Some(from) => {
                        format!("{whose} has a second revision for {month} from the {from} edition")
                    }
                    None => format!("{whose} has a second row for {month}"),
                };
                file.cell_error(
                    line,
                    cells.key,
                    what,
                    format!("the first is at {first}; keep one"),
                );
                continue;
            }
            self.seen.insert(seen_key, (this_file, line));
            if let Some((s, i)) = place {
                let measure = &sections[s].indicators[i];
                if member.is_none()
                    && measure.breakdown.is_some()
                    && let Some((path, at)) = file.file_line(line)
                {
                    let sheet = file.sheet().map(str::to_string);
                    self.months
                        .totals
                        .insert((id.to_string(), month, from_edition), (path, at, sheet));
                }
                // A member's row goes into the member's own series, and is checked
                // as a figure of the measure.
                let position = member.as_ref().and_then(|key| {
                    let members = &measure.breakdown.as_ref()?.members;
                    members.iter().position(|m| m.member.key == *key)
                });
                // A member's row never lands in the measure's own series.
                let indicator = match (&member, position) {
                    (Some(_), Some(p)) => match &mut sections[s].indicators[i].breakdown {
                        Some(b) => &mut b.members[p].indicator,
                        None => continue,
                    },
                    (Some(_), None) => continue,
                    (None, _) => &mut sections[s].indicators[i],
                };
                if observation.is_reported() && !indicator.is_live(month) {
                    // A figure outside the measure's life would count in its 12-month
                    // figures, year to date and chart: it is left out, and said so.
                    let life = match (indicator.starts, indicator.ends) {
                        (Some(s), Some(e)) => format!("runs from {s} to {e}"),
                        (Some(s), None) => format!("starts in {s}"),
                        (None, Some(e)) => format!("ends in {e}"),
                        (None, None) => String::new(),
                    };
                    file.cell_warning(
                        line,
                        cells.key,
                        format!(
                            "indicator {}: the row for {month} is outside the measure's life (it {life}), so it is not counted in any figure",
                            indicator.id
                        ),
                        "delete the row, or change `starts:` or `ends:` in the indicator's definition".into(),
                    );
                    continue;
                }
                if !judged(file, row, indicator) {
                    continue;
                }
                warnings(file, row, indicator);
                match from_edition {
                    Some(from) => {
                        indicator
                            .revisions
                            .insert((month, from), observation.clone());
                    }
                    None => {
                        indicator.series.insert(month, observation.clone());
                    }
                }
            }
        }
        for ((id, name), (line, cell, count, dimension)) in unknown_members {
            let mut hint = format!(
                "the members of `{}` are {}; declare others under `breakdowns:` in site.yaml, or in the indicator's section file where it gives its own",
                dimension.key,
                dimension.keys()
            );
            if count > 1 {
                hint.push_str(&format!("; {} more rows in this file name it", count - 1));
            }
            file.cell_error(
                line,
                cell,
                format!(
                    "indicator {id}: `{name}` is not a member of the dimension `{}`",
                    dimension.key
                ),
                hint,
            );
        }
        for (id, (line, key, count)) in unknown {
            let mut hint =
                "the key column must hold an indicator id, or its `ref`, from data/sections/"
                    .to_string();
            if let Some(near) = self.near(&id) {
                hint = format!(
                    "did you mean `{near}`? Spreadsheets drop the zero from ids such as 2.10; format the column as text"
                );
                if near.eq_ignore_ascii_case(&id) {
                    hint =
                        format!("did you mean `{near}`? Ids must match exactly, capitals included");
                }
            }
            if count > 1 {
                hint.push_str(&format!(
                    "; {} more rows in this file use the id",
                    count - 1
                ));
            }
            hint.push_str(&self.unread.note());
            file.cell_error(line, key, format!("no indicator has the id `{id}`"), hint);
        }
    }

    /// A known id that an unknown one was probably meant to be: the same apart from
    /// capitals, or the same number once a spreadsheet has dropped a trailing zero.
    fn near(&self, id: &str) -> Option<&str> {
        let number = id.parse::<f64>().ok();
        let mut known: Vec<&str> = self.index.keys().map(String::as_str).collect();
        known.sort_unstable();
        known.into_iter().find(|k| {
            k.eq_ignore_ascii_case(id) || (number.is_some() && k.parse::<f64>().ok() == number)
        })
    }
}

/// One parsed data row: one month of one indicator.
#[derive(Clone)]
pub(super) struct Row {
    /// The line of a CSV file, or the row of a sheet.
    pub line: usize,
    /// The indicator's key as written.
    pub id: String,
    pub month: Month,
    /// For a corrected figure: the first edition that shows it.
    pub from_edition: Option<Month>,
    pub observation: Observation,
    pub cells: Cells,
    /// The words of a cell that held words instead of a figure, as written.
    pub said: Option<String>,
    /// The member of a breakdown the row is for; none for the measure's total.
    pub member: Option<MemberCell>,
}

/// The member of a breakdown a row gives figures for, as written.
#[derive(Clone)]
pub(super) struct MemberCell {
    /// The dimension whose column named it; none where the file's layout says which
    /// cells are members of the indicator's own dimension.
    pub dimension: Option<String>,
    /// The member's key or label as written.
    pub name: String,
    /// Where it is written, for messages.
    pub cell: usize,
}

/// Where a row's cells are, by their zero-based index in the line or sheet row, for
/// messages that point at them.
#[derive(Clone, Copy)]
pub(super) struct Cells {
    pub key: usize,
    pub value: usize,
    pub numerator: Option<usize>,
    pub denominator: Option<usize>,
    pub ytd: Option<usize>,
    /// The judgement column, in long form; in wide form the month's own cell.
    pub judgement: Option<usize>,
}

/// Where a file's rows are: a CSV file's lines, or a workbook sheet's rows.
#[derive(Clone)]
pub(super) enum RowsIn {
    File(std::path::PathBuf),
    Sheet(std::path::PathBuf, String),
}

impl RowsIn {
    /// A row as a message about another place names it.
    fn name(&self, row: usize) -> String {
        match self {
            RowsIn::File(file) => format!("{}:{row}", file.display()),
            RowsIn::Sheet(file, sheet) => format!("{}, sheet `{sheet}`, row {row}", file.display()),
        }
    }
}

/// What a row of data gives figures for, as [`Rows`] remembers it: a known
/// indicator by its place in the sections (and the member of its breakdown, if any),
/// or an indicator of a section file that could not be read by its id.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Given {
    Known((usize, usize), Option<String>),
    Unread(String),
}

/// A file whose cells messages point at: a CSV file by line and column, or a sheet of
/// a workbook by its cell names.
pub(super) trait CellReport {
    fn cell_error(&mut self, row: usize, cell: usize, message: String, hint: String);
    fn cell_warning(&mut self, row: usize, cell: usize, message: String, hint: String);
    /// Where the rows are, to name one in a message about another place.
    fn rows_in(&self) -> RowsIn;
    /// The file and line of a row, where a row is a line of a file.
    fn file_line(&self, _row: usize) -> Option<(std::path::PathBuf, usize)> {
        None
    }
    /// The sheet of a workbook the rows are in; none for a CSV file.
    fn sheet(&self) -> Option<&str> {
        None
    }
}

impl CellReport for CsvFile<'_> {
    fn cell_error(&mut self, row: usize, cell: usize, message: String, hint: String) {
        let column = self.column_of(row, cell);
        self.error(row, column, message, hint);
    }

    fn cell_warning(&mut self, row: usize, cell: usize, message: String, hint: String) {
        let column = self.column_of(row, cell);
        self.warning(row, column, message, hint);
    }

    fn rows_in(&self) -> RowsIn {
        RowsIn::File(self.file.to_path_buf())
    }

    fn file_line(&self, row: usize) -> Option<(std::path::PathBuf, usize)> {
        Some((self.file.to_path_buf(), row))
    }
}

/// Whether a CSV file is in wide form, one row per indicator and one column per
/// month: when the site's `data:` settings name it, or when its header has no
/// `month` column and some heading reads as a month.
fn is_wide(text: &str, layout: Option<&Layout>) -> bool {
    if layout.is_some() {
        return true;
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers() else {
        return false;
    };
    !header.iter().any(|h| h.eq_ignore_ascii_case("month"))
        && header
            .iter()
            .any(|h| wide::month_heading(&wide::Cell::Text(h.to_string())).is_some())
}

/// One CSV file being read, for messages that quote its lines.
struct CsvFile<'a> {
    file: &'a Path,
    text: &'a str,
    diagnostics: &'a mut Diagnostics,
    /// Finds the line of each record, which comes as a byte offset, and the text of
    /// each line quoted.
    lines: LineIndex<'a>,
    /// How many errors were reported in this file so far.
    errors: usize,
    /// The dimensions whose columns the file may have.
    dimensions: &'a [Dimension],
}

impl CsvFile<'_> {
    fn warning(
        &mut self,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(self.file, message), line, column, hint);
    }

    fn error(
        &mut self,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.errors += 1;
        self.push(Diagnostic::error(self.file, message), line, column, hint);
    }

    /// Points a diagnostic at a cell of this file, quoting its line.
    fn push(&mut self, d: Diagnostic, line: usize, column: usize, hint: impl Into<String>) {
        self.diagnostics
            .push(d.at_index(&self.lines, line, column).with_hint(hint));
    }

    /// The one-based line a record starts on. The reader's own line count is one short
    /// after Windows line endings, so the line is counted from the byte offset, past
    /// any line ending the offset still points into.
    fn line_at(&self, position: &csv::Position) -> usize {
        let bytes = self.text.as_bytes();
        let mut start = (position.byte() as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.lines.line_at(start)
    }

    /// The one-based character column where field `field` starts on `line`. Quoted
    /// fields with commas are rare in this data, so a split on commas is close enough
    /// for pointing a caret.
    fn column_of(&self, line: usize, field: usize) -> usize {
        self.lines
            .line(line)
            .split(',')
            .take(field)
            .map(|f| f.chars().count() + 1)
            .sum::<usize>()
            + 1
    }

    /// Parses a wide CSV file: its lines become a grid of text cells.
    fn wide_rows(&mut self, layout: Option<&Layout>) -> Option<Vec<Row>> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .has_headers(false)
            .from_reader(self.text.as_bytes());
        let mut grid = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(1, |p| self.line_at(p));
                    let cells = record
                        .iter()
                        .map(|c| match c {
                            "" => wide::Cell::Empty,
                            c => wide::Cell::Text(c.to_string()),
                        })
                        .collect();
                    grid.push(wide::GridRow {
                        number: line,
                        cells,
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(1, |p| self.line_at(p));
                    self.error(
                        line,
                        1,
                        format!("cannot read the row: {e}"),
                        "check the quotes on this line",
                    );
                }
            }
        }
        wide::rows(&grid, layout, self)
    }

    /// The member and the part (value, numerator or denominator) a heading names,
    /// such as `North`, `north numerator` or `Front door denominator`, when it names a
    /// member of some dimension.
    fn wide_member(&self, heading: &str) -> Option<(String, &'static str)> {
        let lower = heading.to_lowercase();
        let (name, part) = ["numerator", "denominator", "value"]
            .into_iter()
            .find_map(|part| {
                let name = lower.strip_suffix(part)?;
                (name.ends_with(' ')).then(|| (name.trim(), part))
            })
            .unwrap_or((lower.trim(), "value"));
        self.dimensions
            .iter()
            .find_map(|d| d.member(name))
            .map(|_| (name.to_string(), part))
    }

    fn header(&mut self, headers: &csv::StringRecord) -> Option<Header> {
        let mut positions: HashMap<&str, usize> = HashMap::new();
        let mut members = Vec::new();
        let mut wide_members: Vec<WideMember> = Vec::new();
        let mut ok = true;
        for (i, name) in headers.iter().enumerate() {
            let name = name.trim();
            match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
                Some(column) => {
                    positions.insert(column, i);
                }
                None if self
                    .dimensions
                    .iter()
                    .any(|d| d.key.eq_ignore_ascii_case(name)) =>
                {
                    members.push((i, name.to_ascii_lowercase()));
                }
                None if let Some((member, part)) = self.wide_member(name) => {
                    let at = match wide_members
                        .iter()
                        .position(|w: &WideMember| w.name == member)
                    {
                        Some(at) => at,
                        None => {
                            wide_members.push(WideMember {
                                name: member,
                                value: None,
                                numerator: None,
                                denominator: None,
                            });
                            wide_members.len() - 1
                        }
                    };
                    let slot = match part {
                        "numerator" => &mut wide_members[at].numerator,
                        "denominator" => &mut wide_members[at].denominator,
                        _ => &mut wide_members[at].value,
                    };
                    *slot = Some(i);
                }
                None => {
                    let column = self.column_of(1, i);
                    let mut hint = format!("the columns are {}", COLUMNS.join(", "));
                    if !self.dimensions.is_empty() {
                        let keys: Vec<&str> =
                            self.dimensions.iter().map(|d| d.key.as_str()).collect();
                        hint.push_str(&format!(
                            "; a column for the member of a breakdown ({}); or a member's own columns, such as `North`, `North numerator`, `North denominator`",
                            keys.join(", ")
                        ));
                    }
                    self.error(1, column, format!("unknown column `{name}`"), hint);
                    ok = false;
                }
            }
        }
        let missing: Vec<String> = ["indicator", "month", "value"]
            .into_iter()
            .filter(|c| !positions.contains_key(c))
            .map(|c| format!("`{c}`"))
            .collect();
        if let Some((last, rest)) = missing.split_last() {
            let (list, noun) = match rest {
                [] => (last.clone(), "column"),
                rest => (format!("{} or {last}", rest.join(", ")), "columns"),
            };
            self.error(
                1,
                1,
                format!("the header has no {list} {noun}"),
                "the first line must name the columns: indicator,month,value,...",
            );
            ok = false;
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
            judgement: positions.get("judgement").copied(),
            members,
            wide_members,
        })
    }

    /// Parses every row, reporting bad cells and skipping the rows that hold them.
    /// Returns `None` when the header cannot be used.
    fn rows(&mut self) -> Option<Vec<Row>> {
        if self.text.trim().is_empty() {
            self.error(
                1,
                1,
                "the file is empty",
                "start it with the header line indicator,month,value,... or delete the file",
            );
            return None;
        }
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
        let header = header?;
        let width = reader.headers().map(|h| h.len()).unwrap_or(0);
        let mut rows = Vec::new();
        // Months that Excel reformatted as dates, reported together at the end: it
        // does it to the whole column, and one message says what to do.
        let mut excel: Vec<(usize, usize, String)> = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(1, |p| self.line_at(p));
                    self.error(
                        line,
                        1,
                        format!("cannot read the row: {e}"),
                        "check the quotes on this line",
                    );
                    continue;
                }
            };
            let line = record.position().map_or(1, |p| self.line_at(p));
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != width {
                let quoted = self.lines.line(line).matches('"').count() % 2 == 1;
                let separated = (record.len() > width)
                    .then(|| thousands_separated(&record, &header))
                    .flatten();
                let (column, hint) = if quoted {
                    (1, "a `\"` opens a quoted cell that is never closed, so the lines after it were read as one cell; close the quote or remove it".to_string())
                } else if let Some((cell, number)) = separated {
                    (
                        self.column_of(line, cell),
                        format!(
                            "if `{number}` is one number, its thousands separator splits it into two cells: write {}",
                            number.replace(',', "")
                        ),
                    )
                } else {
                    (
                        1,
                        "every row needs one cell per column, blank where there is no figure"
                            .to_string(),
                    )
                };
                self.error(
                    line,
                    column,
                    format!(
                        "the row has {} cells but the header has {width}",
                        record.len()
                    ),
                    hint,
                );
                continue;
            }
            let id = record[header.indicator].to_string();
            let month_cell = &record[header.month];
            let month = match month_cell.parse::<Month>() {
                Ok(m) => m,
                Err(e) => {
                    let column = self.column_of(line, header.month);
                    if is_excel_date(month_cell) {
                        excel.push((line, column, month_cell.to_string()));
                    } else {
                        self.error(
                            line,
                            column,
                            e,
                            "write the month as YYYY-MM, such as 2015-12",
                        );
                    }
                    continue;
                }
            };
            let from_edition = match header.from_edition.map(|c| &record[c]) {
                None | Some("") => None,
                Some(cell) => {
                    let column = self.column_of(line, header.from_edition.unwrap_or(0));
                    match cell.parse::<Month>() {
                        Ok(from) if from >= month => Some(from),
                        Ok(from) => {
                            self.error(
                                line,
                                column,
                                format!("the figure for {month} cannot be corrected in the {from} edition, which came before it"),
                                "from_edition is the first edition that shows the corrected figure",
                            );
                            continue;
                        }
                        Err(e) => {
                            self.error(
                                line,
                                column,
                                e,
                                "from_edition is an edition month, YYYY-MM, or blank",
                            );
                            continue;
                        }
                    }
                }
            };
            let mut ok = true;
            // The value cell reads the words a wide form's month cell does (n/a, tbc,
            // "New measure from Aug 16", a judgement), through the same function; the
            // other cells hold numbers only.
            let mut cell_words = |this: &mut Self,
                                  column: Option<usize>,
                                  name: &str|
             -> Option<Words> {
                let column = column?;
                let cell = &record[column];
                if cell.is_empty() {
                    return None;
                }
                let read = match column == header.value {
                    true => wide::words(cell),
                    false => match parse_number(cell) {
                        Ok(n) => Words::Figure(n),
                        Err(hint) => Words::Unknown(hint),
                    },
                };
                let (message, hint) = match read {
                        Words::Figure(n) if !is_sane_figure(n) => (
                            format!("`{cell}` in the {name} column is too large: {FIGURE_RANGE}"),
                            "check the cell: a figure this large is usually a date, a reference or several cells pasted into one".to_string(),
                        ),
                        Words::Unknown(hint) => (
                            format!("`{cell}` in the {name} column is not a number"),
                            hint,
                        ),
                        read => return Some(read),
                    };
                let at = this.column_of(line, column);
                this.error(line, at, message, hint);
                ok = false;
                None
            };
            let (value, marker, said_judgement) =
                match cell_words(self, Some(header.value), "value") {
                    Some(Words::Figure(n)) => (Some(n), None, None),
                    Some(Words::Marker(marker)) => (None, Some(marker), None),
                    Some(Words::Judgement(judgement)) => (None, None, Some(judgement)),
                    Some(Words::Unknown(_)) | None => (None, None, None),
                };
            let mut number = |this: &mut Self, column: Option<usize>, name: &str| match cell_words(
                this, column, name,
            ) {
                Some(Words::Figure(n)) => Some(n),
                _ => None,
            };
            let numerator = number(self, header.numerator, "numerator");
            let denominator = number(self, header.denominator, "denominator");
            let ytd = number(self, header.ytd, "ytd");
            let wide: Vec<(&WideMember, [Option<f64>; 3])> = header
                .wide_members
                .iter()
                .map(|w| {
                    let figures = [
                        number(self, w.value, &format!("{} value", w.name)),
                        number(self, w.numerator, &format!("{} numerator", w.name)),
                        number(self, w.denominator, &format!("{} denominator", w.name)),
                    ];
                    (w, figures)
                })
                .collect();
            if !ok {
                continue;
            }
            // The member of a breakdown the row is for, from the one dimension column
            // with a cell: a row of a measure's total leaves them all empty.
            let named: Vec<&(usize, String)> = header
                .members
                .iter()
                .filter(|(c, _)| !record[*c].is_empty())
                .collect();
            let member = match named[..] {
                [] => None,
                [(cell, dimension)] => Some(MemberCell {
                    dimension: Some(dimension.clone()),
                    name: record[*cell].to_string(),
                    cell: *cell,
                }),
                [(first, _), (second, _), ..] => {
                    let column = self.column_of(line, *second);
                    self.error(
                        line,
                        column,
                        format!(
                            "the row names both `{}` and `{}`: a row is for one member of one dimension",
                            &record[*first], &record[*second]
                        ),
                        "give each member its own row, and leave the other dimensions' cells empty",
                    );
                    continue;
                }
            };
            // Each member's figures beside the total become the member's own row.
            for (w, [value, numerator, denominator]) in wide {
                if value.is_none() && numerator.is_none() && denominator.is_none() {
                    continue;
                }
                let at = w.value.or(w.numerator).or(w.denominator).unwrap_or(0);
                rows.push(Row {
                    line,
                    id: id.clone(),
                    month,
                    from_edition,
                    observation: Observation {
                        value,
                        numerator,
                        denominator,
                        ..Observation::default()
                    },
                    cells: Cells {
                        key: header.indicator,
                        value: at,
                        numerator: w.numerator,
                        denominator: w.denominator,
                        ytd: None,
                        judgement: None,
                    },
                    said: None,
                    member: Some(MemberCell {
                        dimension: None,
                        name: w.name.clone(),
                        cell: at,
                    }),
                });
            }
            let note = header
                .note
                .map(|c| record[c].to_string())
                .filter(|n| !n.is_empty());
            let judgement = match header.judgement.map(|c| &record[c]) {
                None | Some("") => said_judgement,
                Some(_) if said_judgement.is_some() => {
                    let column = self.column_of(line, header.value);
                    self.error(
                        line,
                        column,
                        format!(
                            "`{}` in the value column is a judgement, and the judgement column gives one too",
                            &record[header.value]
                        ),
                        "give a qualitative measure's judgement once, in the judgement column, and leave the value blank",
                    );
                    continue;
                }
                Some(cell) => match Judgement::parse(cell) {
                    Some(j) => Some(j),
                    None => {
                        let column = self.column_of(line, header.judgement.unwrap_or(0));
                        let words: Vec<String> =
                            Judgement::WORDS.iter().map(|(_, w)| w.join(", ")).collect();
                        self.error(
                            line,
                            column,
                            format!("`{cell}` in the judgement column is not a judgement"),
                            format!(
                                "write positive, similar or negative; also understood: {}",
                                words.join("; ")
                            ),
                        );
                        continue;
                    }
                },
            };
            // The words of a value cell that says why there is no figure, which the
            // warning quotes.
            let said = marker.is_some().then(|| record[header.value].to_string());
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
                    marker,
                    judgement,
                },
                cells: Cells {
                    key: header.indicator,
                    value: header.value,
                    numerator: header.numerator,
                    denominator: header.denominator,
                    ytd: header.ytd,
                    // A judgement read from the value cell is pointed at there.
                    judgement: match said_judgement {
                        Some(_) => Some(header.value),
                        None => header.judgement,
                    },
                },
                said,
                member,
            });
        }
        if let Some((line, column, cell)) = excel.first() {
            let message = match excel.len() {
                1 => format!(
                    "`{cell}` is not a month: expected YYYY-MM, and Excel wrote it as a date"
                ),
                n => format!(
                    "`{cell}` is not a month, nor are the months of {} more rows: expected YYYY-MM, and Excel wrote them as dates",
                    n - 1
                ),
            };
            self.error(
                *line,
                *column,
                message,
                "the month column must be YYYY-MM; Excel reformatted it — format the column as Text and type the months as 2015-09",
            );
        }
        Some(rows)
    }
}

/// Checks that a qualitative measure's row gives a judgement and no figure, and a
/// measured indicator's row no judgement. Returns false when the row is refused.
fn judged(file: &mut dyn CellReport, row: &Row, indicator: &Indicator) -> bool {
    let Row {
        month,
        ref observation,
        cells,
        line,
        ..
    } = *row;
    let id = &indicator.id;
    if indicator.is_qualitative() {
        let figures = [
            (Some(cells.value), observation.value, "value"),
            (cells.numerator, observation.numerator, "numerator"),
            (cells.denominator, observation.denominator, "denominator"),
            (cells.ytd, observation.ytd, "ytd"),
        ];
        if let Some((Some(column), Some(v), name)) =
            figures.into_iter().find(|(_, v, _)| v.is_some())
        {
            file.cell_error(
                line,
                column,
                format!("indicator {id} is qualitative, but its row for {month} gives the {name} {v}"),
                "a qualitative measure has no figure: leave the cell blank and write positive, similar or negative in the `judgement` column (or, in wide form, in the month's cell)".to_string(),
            );
            return false;
        }
    } else if observation.judgement.is_some() {
        file.cell_error(
            line,
            cells.judgement.unwrap_or(cells.value),
            format!("indicator {id} is measured by a figure, but its row for {month} gives a judgement"),
            "only an indicator with `kind: qualitative` is judged in words: leave the cell blank, or mark the indicator qualitative".to_string(),
        );
        return false;
    }
    true
}

/// Refuses figures that cannot be (a negative count), and warns about figures that
/// parse but are probably wrong. Warnings do not stop a build (unless `--strict`),
/// because a council may have a real reason for them.
fn warnings(file: &mut dyn CellReport, row: &Row, indicator: &Indicator) {
    let Row {
        line,
        month,
        ref observation,
        cells,
        ..
    } = *row;
    let id = &indicator.id;
    if let (Some(marker), Some(said)) = (&observation.marker, &row.said) {
        marker_warning(file, row, indicator, marker, said);
    }
    let figures = [
        (Some(cells.value), observation.value, "value"),
        (cells.ytd, observation.ytd, "ytd"),
    ];
    // Counts, and the two parts of a fraction, count people or cases: below zero
    // they are a mistake, not a figure to publish.
    let counted = match indicator.unit {
        Unit::Count => &figures[..],
        _ => &[],
    };
    let fraction = [
        (cells.numerator, observation.numerator, "numerator"),
        (cells.denominator, observation.denominator, "denominator"),
    ];
    for &(column, figure, name) in counted.iter().chain(&fraction) {
        if let (Some(column), Some(v)) = (column, figure)
            && v < 0.0
        {
            file.cell_error(
                line,
                column,
                format!("indicator {id}: the {name} for {month}, {v}, is below zero"),
                "counts, numerators and denominators cannot be negative: check the cell, or the indicator's `unit`".to_string(),
            );
        }
    }
    if indicator.unit == Unit::Percentage {
        for (column, figure, name) in figures {
            if let (Some(column), Some(v)) = (column, figure)
                && v > 100.0
            {
                file.cell_warning(
                    line,
                    column,
                    format!(
                        "indicator {id}: the {name} for {month}, {v}, is over 100 for a percentage"
                    ),
                    "a percentage is at most 100: check the figure, or the indicator's `unit`"
                        .to_string(),
                );
            }
        }
    }
    // A percentage, rate or number of days below zero is possible for a change or
    // a net figure, but is far more often a slip of the minus key.
    if matches!(
        indicator.unit,
        Unit::Percentage | Unit::Rate { .. } | Unit::Days
    ) {
        for (column, figure, name) in figures {
            if let (Some(column), Some(v)) = (column, figure)
                && v < 0.0
            {
                file.cell_warning(
                    line,
                    column,
                    format!("indicator {id}: the {name} for {month}, {v}, is below zero"),
                    "check the figure, or the indicator's `unit`; a percentage is from 0 to 100"
                        .to_string(),
                );
            }
        }
    }
    if matches!(indicator.unit, Unit::Percentage | Unit::Rate { .. })
        && let (Some(n), Some(d), Some(column)) = (
            observation.numerator,
            observation.denominator,
            cells.numerator,
        )
        && n > d
    {
        file.cell_warning(
            line,
            column,
            format!("indicator {id}: the numerator for {month} ({n}) is larger than the denominator ({d})"),
            "the numerator counts part of the denominator: check the two cells, or whether they are swapped".to_string(),
        );
    }
}

/// Lists a cell that said words instead of a figure, and says when the words
/// disagree with the indicator's `starts` and `ends`.
fn marker_warning(
    file: &mut dyn CellReport,
    row: &Row,
    indicator: &Indicator,
    marker: &Marker,
    said: &str,
) {
    let id = &indicator.id;
    let month = row.month.long_name();
    let message = format!("indicator {id} has no figure for {month}: the cell says `{said}`");
    let hint = match marker {
        Marker::Missing(_) => {
            "the month is shown without a figure; this is a note to check, not a mistake"
                .to_string()
        }
        Marker::NewMeasure { from } => match (from, indicator.starts) {
            (Some(from), Some(starts)) if *from == starts => {
                "the measure's definition starts in the same month, as it should".to_string()
            }
            (Some(from), Some(starts)) => format!(
                "the cell says the measure is new from {}, but its definition says `starts: {starts}`: correct one of them",
                from.long_name()
            ),
            (Some(from), None) => format!(
                "add `starts: {from}` to indicator {id} in data/sections/, so that the report shows it as new"
            ),
            (None, _) => "say from which month, as in \"New measure from Aug 16\"".to_string(),
        },
        Marker::OldMeasure => match indicator.ends {
            Some(ends) if row.month > ends => {
                "the measure's definition ends before this month, as it should".to_string()
            }
            Some(ends) => format!(
                "the cell says the measure is old, but its definition says `ends: {ends}`: correct one of them"
            ),
            None => format!(
                "add `ends:` with the last month reported to indicator {id} in data/sections/, so that the report shows it as old"
            ),
        },
    };
    file.cell_warning(row.line, row.cells.value, message, hint);
}

/// Whether a cell that is not a month looks like one that Excel turned into a date:
/// `Sep-15`, `15-Sep`, `September 2015`, `01/09/2015`, `2015-09-01`, or a date's
/// serial number such as `42248`.
fn is_excel_date(cell: &str) -> bool {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words = || cell.split(['-', '/', ' ', '.']);
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let name = |w: &str| {
        w.len() <= 9
            && w.get(..3)
                .is_some_and(|start| NAMES.iter().any(|n| start.eq_ignore_ascii_case(n)))
    };
    let count = words().count();
    let named = count >= 2 && words().any(name) && words().any(digits);
    let numeric = count == 3 && words().all(digits);
    let serial = cell.len() == 5 && cell.bytes().all(|b| b.is_ascii_digit());
    named || numeric || serial
}

/// In a row with more cells than the header, the first two neighbouring cells of a
/// figure's column that read as one number with a thousands separator, such as `1`
/// and `317` from an unquoted `1,317`: the cell's index and the number as written.
fn thousands_separated(record: &csv::StringRecord, header: &Header) -> Option<(usize, String)> {
    let figures = [
        Some(header.value),
        header.numerator,
        header.denominator,
        header.ytd,
    ];
    let cells: Vec<&str> = record.iter().collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (0..cells.len().saturating_sub(1))
        .filter(|&i| figures.contains(&Some(i)))
        .find(|&i| {
            let (a, b) = (cells[i], cells[i + 1]);
            let a = a.strip_prefix('-').unwrap_or(a);
            let (whole, fraction) = b.split_once('.').unwrap_or((b, "0"));
            digits(a) && a.len() <= 3 && whole.len() == 3 && digits(whole) && digits(fraction)
        })
        .map(|i| (i, format!("{},{}", cells[i], cells[i + 1])))
}

/// Parses a figure as spreadsheets export it, explaining the usual mistakes. A number
/// too large for floating point, such as `1e400`, comes back as infinity, to be
/// reported as too large; the words `inf` and `NaN` are not numbers.
pub(super) fn parse_number(cell: &str) -> Result<f64, String> {
    if let Ok(n) = cell.parse::<f64>()
        && (n.is_finite() || (!n.is_nan() && cell.bytes().any(|b| b.is_ascii_digit())))
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

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: &str = "id: s\ntitle: S\norder: 1\nindicators:\n  - { id: \"1.1\", title: A, polarity: info, unit: count, ytd: sum }\n  - { id: \"1.2\", title: B, polarity: high, unit: count, ytd: sum }\n";

    #[test]
    fn a_save_of_the_last_data_file_takes_the_rows_before_it_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let monthly = dir.path().join(MONTHLY_DIR);
        std::fs::create_dir_all(&monthly).unwrap();
        let write = |name: &str, rows: &str| {
            std::fs::write(monthly.join(name), format!("indicator,month,value\n{rows}")).unwrap()
        };
        write("a.csv", "1.1,2015-10,1\n1.2,2015-10,2\n");
        write("b.csv", "1.1,2015-11,3\n");
        write("c.csv", "1.2,2015-11,4\n");
        let mut problems = Diagnostics::new();
        let defined: Vec<Section> = super::super::sections::parse_text(SECTION, &mut problems)
            .into_iter()
            .collect();
        assert!(problems.is_empty(), "{problems}");
        // The series and the problems a load gives, with `cache` or without.
        let definitions = Fingerprint::of(b"the definitions");
        let load_with = |cache: Option<&mut Cache>| {
            let files = SiteFiles::new(dir.path());
            let mut sections = defined.clone();
            let mut found = Diagnostics::new();
            load(
                &files,
                &mut sections,
                &Unread::default(),
                &[],
                &[],
                cache.map(|cache| (cache, Some(definitions))),
                &mut found,
            );
            let series: Vec<String> = sections
                .iter()
                .flat_map(|s| &s.indicators)
                .map(|i| format!("{} {:?}", i.id, i.series))
                .collect();
            (series, found.to_string())
        };
        let mut cache = Cache::default();
        assert_eq!(load_with(Some(&mut cache)), load_with(None));
        assert!(cache.taken.is_none(), "nothing changed before");
        // The last file saved: the rows of the two before it are kept as taken, and
        // the next save of it starts from them.
        for rows in [
            "1.2,2015-11,5\n",
            "1.2,2015-11,6\n",
            "1.2,2015-11,6\n1.1,2015-10,7\n",
        ] {
            write("c.csv", rows);
            let loaded = load_with(Some(&mut cache));
            assert_eq!(loaded, load_with(None));
            assert_eq!(cache.taken.as_ref().map(|t| t.files.len()), Some(2));
        }
        // The row given again names the first, in a file whose rows were not taken.
        let (_, found) = load_with(Some(&mut cache));
        assert!(found.contains("data/monthly/a.csv:2"), "{found}");
        // The second file saved: the rows of the first are kept instead.
        write("b.csv", "1.1,2015-11,8\n");
        assert_eq!(load_with(Some(&mut cache)), load_with(None));
        assert_eq!(cache.taken.as_ref().map(|t| t.files.len()), Some(1));
    }
}
