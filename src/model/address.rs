//! An indicator's address, defined in the model so loading and rendering agree on it.
//!
//! Loading refuses two ids that would share an address; rendering (through
//! `routes`) takes indicator anchors from here. The names reserved for scorecard's
//! own pages come from `routes`, which owns the rest of the address scheme.

/// The address of an indicator, `2.1` becoming `i-2-1`: its fragment id on a page and
/// the name of its chart's CSV file. Ids that differ only in punctuation or letter
/// case (`2.1` and `2-1`, `M2` and `m2`) share one, so loading refuses such a pair.
pub fn indicator_anchor(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("i-{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_differ_in_punctuation_or_case_share_an_anchor() {
        assert_eq!(indicator_anchor("6.2a"), "i-6-2a");
        assert_eq!(indicator_anchor("2.1"), indicator_anchor("2-1"));
        assert_eq!(indicator_anchor("M2"), indicator_anchor("m2"));
    }
}
