//! An edition's key: a fingerprint of everything its pages read, so that a build can take an unchanged edition's files from the one before.
//!
//! An edition's pages (its cover, sections, exceptions, printable report, data files
//! and print stylesheet) are made from: the settings, the theme, the free pages (the
//! navigation and footer), the sections and each indicator's definition, the
//! indicators' figures up to the edition's month as the edition saw them (with the
//! corrections published by then), the months its shortcodes name, and the
//! edition's own front matter and commentary, and which editions came before it (to
//! mark a revised figure). They never read another edition's content, nor a figure
//! of a later month that no shortcode names, so a figure added or corrected for a
//! later month leaves the key of an older edition as it was.
//!
//! Every field of the model that a page could read is named here: the structs are
//! taken apart without `..`, so a field added to them fails to compile until it is
//! added to the key.

use std::sync::Arc;

use rayon::prelude::*;

use crate::load::Theme;
use crate::model::fingerprint::{Fingerprint, Hasher};
use crate::model::{Edition, Indicator, Marker, Month, Observation, Section, Site, shortcode};

/// The key of each edition of `site`, in edition order. `binary` stands for the
/// program that renders (its version and build), so a new scorecard never reuses
/// pages an older one made.
///
/// With `hashed`, the indicators' figures hashed by an earlier call are taken from it
/// when `site` shares that call's sections, and this call's are kept in it.
pub fn edition_keys(
    site: &Site,
    theme: &Theme,
    binary: Fingerprint,
    hashed: Option<&mut HashedSeries>,
) -> Vec<Fingerprint> {
    let part = shared_part(site, theme);
    let shared = with_binary(binary, part);
    let indicators: Vec<&Indicator> = site.indicators().collect();
    let series = match hashed {
        None => Arc::new(Series::all(&indicators)),
        Some(hashed) => {
            hashed.shared = Some(part);
            hashed.of(site, &indicators)
        }
    };
    site.editions
        .par_iter()
        .map(|edition| edition_key(site, edition, shared, &indicators, &series))
        .collect()
}

/// Each indicator's figures as [`edition_keys`] hashed them, kept by `serve` with the
/// sections they were hashed from. A save that read no data gets the very sections
/// the load kept (`load::Cache` shares them between saves), so the same allocation
/// proves the same figures and definitions: the series need not be hashed again. A
/// save that read the data again gets new sections, in which most indicators' figures
/// are as they were: comparing a series with the one hashed before is much cheaper
/// than hashing it, so only the indicators whose figures changed are hashed again.
#[derive(Debug, Default)]
pub struct HashedSeries {
    /// The sections the series were hashed from. Held, not only pointed at: the
    /// allocation cannot be reused by other sections while it is held, so an equal
    /// pointer is the same sections, and the next sections' figures are compared
    /// with these. `load::Cache` holds the same sections between saves, so this
    /// costs no copy.
    from: Option<Arc<Vec<Section>>>,
    series: Arc<Vec<Series>>,
    /// How many indicators the last call hashed rather than took as they were.
    hashed: usize,
    /// What every key of the last call's site shares but the program
    /// ([`shared_key`] without it), for [`FigureKeys::shared_key`].
    shared: Option<Fingerprint>,
}

/// Each indicator's figures as [`edition_keys`] hashed them, in the site's order of
/// indicators: what [`section_keys`] takes of the indicators a section shows, rather
/// than hashing their figures again for each section of each edition rendered. With
/// them, what every key of that site shares, hashed once a build rather than again
/// for the section keys.
#[derive(Debug, Clone)]
pub struct FigureKeys {
    series: Arc<Vec<Series>>,
    shared: Option<Fingerprint>,
}

impl FigureKeys {
    /// [`shared_key`] of the site and theme [`edition_keys`] was given, for
    /// `binary`; none before any call.
    pub fn shared_key(&self, binary: Fingerprint) -> Option<Fingerprint> {
        self.shared.map(|part| with_binary(binary, part))
    }
}

impl HashedSeries {
    /// The series of `indicators`, the indicators of `site` in its order: all those
    /// kept when they were hashed from the same sections; else each one kept whose id,
    /// figures and corrections are exactly as they were, and the others hashed now;
    /// and kept.
    fn of(&mut self, site: &Site, indicators: &[&Indicator]) -> Arc<Vec<Series>> {
        let same = self
            .from
            .as_ref()
            .is_some_and(|from| Arc::ptr_eq(from, &site.sections));
        if same && self.series.len() == indicators.len() {
            self.hashed = 0;
            return Arc::clone(&self.series);
        }
        let before: Vec<&Indicator> = self
            .from
            .iter()
            .flat_map(|sections| sections.iter().flat_map(|s| s.indicators.iter()))
            .collect();
        // The series hashed before, by indicator id (an id is one indicator's).
        let by_id: std::collections::HashMap<&str, (&Indicator, &Series)> = before
            .iter()
            .zip(self.series.iter())
            .map(|(indicator, series)| (indicator.id.as_str(), (*indicator, series)))
            .collect();
        let series: Vec<(Series, bool)> = indicators
            .par_iter()
            .map(|indicator| match by_id.get(indicator.id.as_str()) {
                // A series is hashed from its id, figures and corrections alone.
                Some((earlier, hashed))
                    if same_figures(&earlier.series, &indicator.series)
                        && same_figures(&earlier.revisions, &indicator.revisions) =>
                {
                    (Series::clone(hashed), false)
                }
                _ => (Series::of(indicator), true),
            })
            .collect();
        self.hashed = series.iter().filter(|(_, hashed)| *hashed).count();
        self.series = Arc::new(series.into_iter().map(|(series, _)| series).collect());
        self.from = Some(Arc::clone(&site.sections));
        Arc::clone(&self.series)
    }

    /// The figures of the site the last [`edition_keys`] call was given, as hashed.
    pub fn figures(&self) -> FigureKeys {
        FigureKeys {
            series: Arc::clone(&self.series),
            shared: self.shared,
        }
    }
}

/// Whether two series (or two indicators' corrections) hold the same months with the
/// same figures, bit for bit: what [`observation_of`] hashes of them. Exact, not
/// `==`: `0.0 == -0.0`, yet the two are printed differently, and a NaN is never equal
/// to itself, which only means hashing again.
fn same_figures<K: PartialEq>(
    a: &std::collections::BTreeMap<K, Observation>,
    b: &std::collections::BTreeMap<K, Observation>,
) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((m, x), (n, y))| m == n && same_observation(x, y))
}

/// Whether two figures are the same in every part [`observation_of`] hashes.
fn same_observation(a: &Observation, b: &Observation) -> bool {
    let Observation {
        value,
        numerator,
        denominator,
        ytd,
        note,
        marker,
        judgement,
    } = a;
    let bits = |x: &Option<f64>| x.map(f64::to_bits);
    bits(value) == bits(&b.value)
        && bits(numerator) == bits(&b.numerator)
        && bits(denominator) == bits(&b.denominator)
        && bits(ytd) == bits(&b.ytd)
        && *note == b.note
        && *marker == b.marker
        && *judgement == b.judgement
}

/// The key of each section's page of `edition`, in the site's section order: like the
/// edition's key, but of the section's own commentary and of the figures of the
/// indicators it shows or its commentary quotes. A section's page and its part of
/// the printable report (its tables, charts and their data) read nothing else of the
/// edition, so `serve` keeps a section whose key is unchanged instead of drawing it
/// again when another part of the edition changes.
///
/// `shared` is [`shared_key`] of the site, the theme and the program, the part of
/// every key that is the same for all editions: a build works it out once. `figures`
/// are the site's indicators' figures as [`edition_keys`] hashed them; when they are
/// not this site's (another number of indicators), they are hashed here.
pub fn section_keys(
    site: &Site,
    shared: Fingerprint,
    edition: &Edition,
    figures: &FigureKeys,
) -> Vec<Fingerprint> {
    let Edition {
        month,
        status,
        created,
        author,
        updated,
        summary: _,
        analysis,
        named: _,
    } = edition;
    let mut base = Hasher::new();
    base.fingerprint(shared)
        .debug(&(month, status, created, author, updated));
    // Which editions came before decides which figures are marked as revised.
    for earlier in site.editions.iter().filter(|e| e.month < *month) {
        base.number(month_number(earlier.month));
    }
    base.number(u64::MAX);
    let indicators: Vec<&Indicator> = site.indicators().collect();
    let hashed;
    let series: &[Series] = match figures.series.len() == indicators.len() {
        true => &figures.series,
        false => {
            hashed = Series::all(&indicators);
            &hashed
        }
    };
    site.sections
        .par_iter()
        .map(|section| {
            let text = analysis
                .iter()
                .find(|(id, _)| *id == section.id)
                .map(|(_, text)| &**text);
            let mut h = base.clone();
            h.bytes(section.id.as_bytes());
            match text {
                Some(text) => h.number(1).bytes(text.as_bytes()),
                None => h.number(0),
            };
            let quoted: Vec<shortcode::Shortcode> = text
                .map(shortcode::scan)
                .unwrap_or_default()
                .into_iter()
                .filter_map(Result::ok)
                .collect();
            let last = quoted
                .iter()
                .filter_map(|code| code.month)
                .fold(*month, Month::max);
            // The section's own indicators, then any other its commentary quotes, in
            // the site's order, each with its figures up to the last month read (a
            // running fingerprint of its id and figures), as an edition's key has them.
            for (indicator, series) in indicators.iter().zip(series).filter(|(i, _)| {
                i.section == section.id || quoted.iter().any(|code| code.indicator == i.id)
            }) {
                h.bytes(indicator.id.as_bytes());
                match series.upto(last) {
                    Some(figures) => h.number(1).fingerprint(figures),
                    None => h.number(0),
                };
                h.number(u64::MAX);
                corrections_of(&mut h, indicator, series, *month, last);
            }
            h.finish()
        })
        .collect()
}

/// An indicator's figures and corrections hashed once for every edition, as running
/// fingerprints. An edition's key takes the figures up to the latest month it reads,
/// and the corrections it had seen, so a site's keys cost one pass over its figures
/// rather than one for each edition.
#[derive(Debug, Clone)]
struct Series {
    /// The fingerprint of the id and the figures up to and including each month the
    /// indicator has, in month order.
    figures: Vec<(Month, Fingerprint)>,
    /// The fingerprint of the corrections up to each, ordered by the first month
    /// whose edition sees it and reads its month: the later of the month corrected and
    /// the edition that published the correction (then by those two). An edition that
    /// reads no month after its own has seen exactly those up to its month.
    corrections: Vec<(Month, Fingerprint)>,
}

impl Series {
    /// The series of each of `indicators`, in their order.
    fn all(indicators: &[&Indicator]) -> Vec<Series> {
        indicators.par_iter().map(|i| Series::of(i)).collect()
    }

    fn of(indicator: &Indicator) -> Series {
        let mut h = Hasher::new();
        h.bytes(indicator.id.as_bytes());
        let mut figures = Vec::with_capacity(indicator.series.len());
        for (m, observation) in &indicator.series {
            h.number(month_number(*m));
            observation_of(&mut h, observation);
            figures.push((*m, h.finish()));
        }
        let mut seen: Vec<(Month, &(Month, Month), &Observation)> = indicator
            .revisions
            .iter()
            .map(|(key @ (m, from), observation)| ((*m).max(*from), key, observation))
            .collect();
        seen.sort_by_key(|&(first, key, _)| (first, *key));
        let mut h = Hasher::new();
        let corrections = seen
            .into_iter()
            .map(|(first, (m, from), observation)| {
                h.number(month_number(*m)).number(month_number(*from));
                observation_of(&mut h, observation);
                (first, h.finish())
            })
            .collect();
        Series {
            figures,
            corrections,
        }
    }

    /// The fingerprint of the figures up to and including `last`, if there are any.
    fn upto(&self, last: Month) -> Option<Fingerprint> {
        let n = self.figures.partition_point(|(m, _)| *m <= last);
        n.checked_sub(1).map(|k| self.figures[k].1)
    }

    /// The fingerprint of the corrections the edition of `month` had seen of the
    /// months up to its own, if there are any.
    fn corrections_seen_in(&self, month: Month) -> Option<Fingerprint> {
        let n = self
            .corrections
            .partition_point(|(first, _)| *first <= month);
        n.checked_sub(1).map(|k| self.corrections[k].1)
    }
}

/// What every edition's pages read: the binary, the theme, the settings, the free
/// pages and the definitions.
pub fn shared_key(site: &Site, theme: &Theme, binary: Fingerprint) -> Fingerprint {
    with_binary(binary, shared_part(site, theme))
}

/// [`shared_key`] of the fingerprint of all but the binary.
fn with_binary(binary: Fingerprint, part: Fingerprint) -> Fingerprint {
    Hasher::new().fingerprint(binary).fingerprint(part).finish()
}

/// What every edition's pages read but the binary (see [`shared_key`]).
fn shared_part(site: &Site, theme: &Theme) -> Fingerprint {
    let Site {
        settings,
        sections,
        editions: _,
        pages,
        commentary: _,
    } = site;
    let Theme {
        templates,
        static_files,
    } = theme;
    let mut h = Hasher::new();
    h.number(templates.len() as u64);
    for (name, source, _) in templates {
        h.bytes(name.as_bytes()).bytes(source.as_bytes());
    }
    h.number(static_files.len() as u64);
    for (path, bytes) in static_files {
        h.bytes(path.as_bytes()).bytes(bytes);
    }
    h.debug(settings).debug(pages);
    h.number(sections.len() as u64);
    for section in sections.iter() {
        let Section {
            id,
            title,
            order,
            definition,
            indicators,
        } = section;
        h.debug(&(id, title, order, definition));
        h.number(indicators.len() as u64);
        for indicator in indicators {
            definition_of(&mut h, indicator);
        }
    }
    h.finish()
}

/// An indicator's definition: everything but its figures.
fn definition_of(h: &mut Hasher, indicator: &Indicator) {
    let Indicator {
        id,
        title,
        short,
        section,
        polarity,
        unit,
        decimals,
        data_note,
        ytd,
        targets,
        outturns,
        benchmarks,
        notes,
        starts,
        ends,
        renumbered,
        series: _,
        revisions: _,
        reference,
        owner,
        accountable,
        kind,
        spc,
        breakdown,
    } = indicator;
    h.debug(&(
        id, title, short, section, polarity, unit, decimals, data_note, ytd,
    ));
    h.debug(&(
        targets, outturns, benchmarks, notes, starts, ends, renumbered,
    ));
    h.debug(&(reference, owner, accountable, kind));
    h.debug(spc);
    // The members' series are figures, but every edition that shows the measure may
    // show them, so the whole breakdown keys the definition: conservative, never stale.
    h.debug(breakdown);
}

/// One edition's key: the shared part, the edition's own content, and each
/// indicator's figures as the edition saw them, up to the latest month it shows.
fn edition_key(
    site: &Site,
    edition: &Edition,
    shared: Fingerprint,
    indicators: &[&Indicator],
    series: &[Series],
) -> Fingerprint {
    let Edition {
        month,
        status,
        created,
        author,
        updated,
        summary,
        analysis,
        named,
    } = edition;
    let mut h = Hasher::new();
    h.fingerprint(shared);
    h.debug(&(month, status, created, author, updated));
    // The commentary as bytes: its `Debug` text would escape every character.
    h.bytes(summary.as_bytes()).number(analysis.len() as u64);
    for (section, text) in analysis {
        h.bytes(section.as_bytes()).bytes(text.as_bytes());
    }
    // Figures are read for the edition's month and the months before it, and for any
    // month a shortcode names, which may be later. The months named come from the
    // text hashed above, so they need no hashing of their own.
    let last = named.map_or(*month, |named| named.max(*month));
    // Whether a figure is marked as revised depends on what the earliest edition
    // showing its month published ([`crate::compute::FirstPublished`]), so on which
    // editions came before this one; their figures are among those hashed below.
    for earlier in site.editions.iter().filter(|e| e.month < *month) {
        h.number(month_number(earlier.month));
    }
    h.number(u64::MAX);
    for (indicator, series) in indicators.iter().zip(series) {
        h.bytes(indicator.id.as_bytes());
        match series.upto(last) {
            Some(figures) => h.number(1).fingerprint(figures),
            None => h.number(0),
        };
        // The corrections the edition had seen, which replace figures above.
        h.number(u64::MAX);
        corrections_of(&mut h, indicator, series, *month, last);
    }
    h.finish()
}

/// The corrections of `indicator` the edition of `month` had seen, for the months up
/// to `last` it reads, closed by a separator; section and edition keys hash them
/// alike. An edition reading no later month than its own takes them from `series`;
/// one whose commentary names a later month hashes them one by one.
fn corrections_of(
    h: &mut Hasher,
    indicator: &Indicator,
    series: &Series,
    month: Month,
    last: Month,
) {
    if last == month {
        match series.corrections_seen_in(month) {
            Some(seen) => h.number(1).fingerprint(seen),
            None => h.number(0),
        };
        return;
    }
    h.number(2);
    revisions_of(h, indicator, month, last);
}

/// The corrections of `indicator` the edition of `month` had seen, for the months up
/// to `last` it reads, each hashed, closed by a separator.
fn revisions_of(h: &mut Hasher, indicator: &Indicator, month: Month, last: Month) {
    for ((m, from), observation) in &indicator.revisions {
        if *from <= month && *m <= last {
            h.number(month_number(*m)).number(month_number(*from));
            observation_of(h, observation);
        }
    }
    h.number(u64::MAX);
}

/// A month as a number that sorts as it does.
fn month_number(month: Month) -> u64 {
    (i64::from(month.year()) * 12 + i64::from(month.month())) as u64
}

/// One figure and its parts, by their exact bits: quicker than text for the hundreds
/// of thousands a large site has.
fn observation_of(h: &mut Hasher, observation: &Observation) {
    let Observation {
        value,
        numerator,
        denominator,
        ytd,
        note,
        marker,
        judgement,
    } = observation;
    for part in [value, numerator, denominator, ytd] {
        h.number(part.map_or(u64::MAX, f64::to_bits));
        h.number(u64::from(part.is_some()));
    }
    match note {
        Some(note) => h.number(1).bytes(note.as_bytes()),
        None => h.number(0),
    };
    match marker {
        None => h.number(0),
        Some(Marker::Missing(reason)) => h.number(1).bytes(reason.as_bytes()),
        Some(Marker::NewMeasure { from }) => h.number(2).number(from.map_or(0, month_number)),
        Some(Marker::OldMeasure) => h.number(3),
    };
    // Hashed only when given, so that the keys of sites with no qualitative measure
    // stay what they were.
    if let Some(judgement) = judgement {
        h.number(u64::MAX - 1).bytes(judgement.as_str().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's sample site and its theme, as `build` loads them.
    fn sample() -> (Site, Theme) {
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let input = crate::load::site(root, &mut diagnostics)
            .input
            .expect("the repository's sample site loads");
        (input.site, input.theme)
    }

    #[test]
    fn the_same_sections_take_the_series_as_they_were() {
        let (site, theme) = sample();
        let binary = Fingerprint::of(b"test");
        let mut hashed = HashedSeries::default();
        let keys = edition_keys(&site, &theme, binary, Some(&mut hashed));
        let first = Arc::clone(&hashed.series);
        // A site sharing the same sections, as a save that read no data loads.
        let same = site.clone();
        assert_eq!(edition_keys(&same, &theme, binary, Some(&mut hashed)), keys);
        assert!(Arc::ptr_eq(&first, &hashed.series));
        // Equal sections, but not the same: compared, not hashed, to the same keys.
        let copied = Site {
            sections: Arc::new((*site.sections).clone()),
            ..site.clone()
        };
        assert_eq!(
            edition_keys(&copied, &theme, binary, Some(&mut hashed)),
            keys
        );
        assert!(!Arc::ptr_eq(&first, &hashed.series));
        assert_eq!(hashed.hashed, 0, "every series is as it was");
        assert_eq!(edition_keys(&site, &theme, binary, None), keys);
        // What every key shares, for the section keys' own program.
        let program = Fingerprint::of(b"sections");
        assert_eq!(
            hashed.figures().shared_key(program),
            Some(shared_key(&site, &theme, program))
        );
    }

    #[test]
    fn only_a_changed_series_is_hashed_again() {
        let (site, theme) = sample();
        let binary = Fingerprint::of(b"test");
        let indicators = site.indicators().count();
        // The site with one figure of its first indicator that has any set to `value`.
        let with = |value: f64| {
            let mut sections = (*site.sections).clone();
            let indicator = sections
                .iter_mut()
                .flat_map(|s| s.indicators.iter_mut())
                .find(|i| !i.series.is_empty())
                .expect("an indicator with figures");
            let (_, observation) = indicator.series.iter_mut().last().expect("a figure");
            observation.value = Some(value);
            Site {
                sections: Arc::new(sections),
                ..site.clone()
            }
        };
        let mut hashed = HashedSeries::default();
        edition_keys(&site, &theme, binary, Some(&mut hashed));
        assert_eq!(hashed.hashed, indicators, "nothing to take the series from");
        // Each save changes the figure: the keys are always those worked out afresh,
        // and only the indicator whose figure changed is hashed again. Zero and minus
        // zero are equal numbers but not the same figure.
        let mut earlier = Vec::new();
        for value in [12_345.0, 0.0, -0.0, 0.0, 12_345.0] {
            let saved = with(value);
            let keys = edition_keys(&saved, &theme, binary, Some(&mut hashed));
            assert_eq!(keys, edition_keys(&saved, &theme, binary, None), "{value}");
            assert_eq!(hashed.hashed, 1, "{value}");
            assert_ne!(Some(&keys), earlier.last(), "{value}");
            earlier.push(keys);
        }
        // The same figure saved again: nothing to hash, the same keys.
        let again = with(12_345.0);
        let keys = edition_keys(&again, &theme, binary, Some(&mut hashed));
        assert_eq!(hashed.hashed, 0);
        assert_eq!(Some(&keys), earlier.last());
    }

    #[test]
    fn a_correction_changes_the_keys_of_the_editions_that_saw_it() {
        let (site, theme) = sample();
        let binary = Fingerprint::of(b"test");
        let mut hashed = HashedSeries::default();
        let keys = edition_keys(&site, &theme, binary, Some(&mut hashed));
        // Each correction of the sample in turn, given another figure.
        let corrections: Vec<(String, (Month, Month))> = site
            .indicators()
            .flat_map(|i| i.revisions.keys().map(|key| (i.id.clone(), *key)))
            .collect();
        assert!(corrections.len() > 1, "the sample has corrections");
        for (id, (m, from)) in corrections {
            let mut sections = (*site.sections).clone();
            let indicator = sections
                .iter_mut()
                .flat_map(|s| s.indicators.iter_mut())
                .find(|i| i.id == id)
                .expect("the indicator");
            let observation = indicator.revisions.get_mut(&(m, from)).expect("it");
            observation.value = observation.value.map(|v| v + 1.0);
            let corrected = Site {
                sections: Arc::new(sections),
                ..site.clone()
            };
            // From the site as it was, only the corrected indicator is hashed again.
            assert_eq!(edition_keys(&site, &theme, binary, Some(&mut hashed)), keys);
            let changed = edition_keys(&corrected, &theme, binary, Some(&mut hashed));
            assert_eq!(hashed.hashed, 1);
            assert_eq!(changed, edition_keys(&corrected, &theme, binary, None));
            for ((edition, before), after) in site.editions.iter().zip(&keys).zip(&changed) {
                let last = edition
                    .named
                    .map_or(edition.month, |n| n.max(edition.month));
                let saw = from <= edition.month && m <= last;
                assert_eq!(
                    before != after,
                    saw,
                    "{id} {m} from {from}, {}",
                    edition.month
                );
            }
        }
    }
}
