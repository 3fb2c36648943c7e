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

use rayon::prelude::*;

use crate::load::Theme;
use crate::model::fingerprint::{Fingerprint, Hasher};
use crate::model::{Edition, Indicator, Marker, Month, Observation, Section, Site, shortcode};

/// The key of each edition of `site`, in edition order. `binary` stands for the
/// program that renders (its version and build), so a new scorecard never reuses
/// pages an older one made.
pub fn edition_keys(site: &Site, theme: &Theme, binary: Fingerprint) -> Vec<Fingerprint> {
    let shared = shared(site, theme, binary);
    site.editions
        .par_iter()
        .map(|edition| edition_key(site, edition, shared))
        .collect()
}

/// What every edition's pages read: the binary, the theme, the settings, the free
/// pages and the definitions.
fn shared(site: &Site, theme: &Theme, binary: Fingerprint) -> Fingerprint {
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
    h.fingerprint(binary);
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
    for section in sections {
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
fn edition_key(site: &Site, edition: &Edition, shared: Fingerprint) -> Fingerprint {
    let Edition {
        month,
        status,
        created,
        author,
        updated,
        summary,
        analysis,
    } = edition;
    let mut h = Hasher::new();
    h.fingerprint(shared);
    h.debug(&(month, status, created, author, updated, summary, analysis));
    // Figures are read for the edition's month and the months before it, and for any
    // month a shortcode names, which may be later.
    let named = std::iter::once(summary.as_str())
        .chain(analysis.iter().map(|(_, text)| text.as_str()))
        .flat_map(shortcode::scan)
        .filter_map(|code| code.ok()?.month);
    let last = named.fold(*month, Month::max);
    // Whether a figure is marked as revised depends on what the earliest edition
    // showing its month published ([`crate::compute::FirstPublished`]), so on which
    // editions came before this one; their figures are among those hashed below.
    for earlier in site.editions.iter().filter(|e| e.month < *month) {
        h.number(month_number(earlier.month));
    }
    h.number(u64::MAX);
    for indicator in site.indicators() {
        h.bytes(indicator.id.as_bytes());
        for (m, observation) in indicator.series.range(..=last) {
            h.number(month_number(*m));
            observation_of(&mut h, observation);
        }
        // The corrections the edition had seen, which replace figures above.
        h.number(u64::MAX);
        for ((m, from), observation) in &indicator.revisions {
            if from <= month && *m <= last {
                h.number(month_number(*m)).number(month_number(*from));
                observation_of(&mut h, observation);
            }
        }
        h.number(u64::MAX);
    }
    h.finish()
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
