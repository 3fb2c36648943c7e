//! A council's own brand: colour, logo and font stack, and the colour arithmetic that
//! keeps a brand colour readable.

use std::fmt;
use std::str::FromStr;

/// The brand settings of `site.yaml`; every part is optional and the default theme's
/// own values stand in for any part left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Brand {
    /// The header background and the colour of links.
    pub colour: Option<Colour>,
    /// A CSS font stack, such as `Arial, "Helvetica Neue", sans-serif`.
    pub font: Option<String>,
    /// The logo shown in the header, copied into the site's `static/` folder.
    pub logo: Option<Logo>,
}

/// A logo file read from the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// The file name it is published under, inside `static/`.
    pub file_name: String,
    /// Where it was read, relative to the site folder, as `brand.logo` names it: a
    /// build that skips unchanged work checks this file too.
    pub source: String,
    pub bytes: Vec<u8>,
}

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
}

/// White, the page background and the text colour on the brand-coloured header.
pub const WHITE: Colour = Colour {
    red: 255,
    green: 255,
    blue: 255,
};

impl Colour {
    /// The relative luminance defined by WCAG 2.2, from 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.red) + 0.7152 * channel(self.green) + 0.0722 * channel(self.blue)
    }

    /// The WCAG contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// The colour mixed with black: `share` 0.3 keeps 70% of each channel.
    pub fn darken(self, share: f64) -> Colour {
        let keep = |c: u8| (f64::from(c) * (1.0 - share)).round() as u8;
        Colour {
            red: keep(self.red),
            green: keep(self.green),
            blue: keep(self.blue),
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.red, self.green, self.blue)
    }
}

impl FromStr for Colour {
    type Err = String;

    /// Reads `#rrggbb` or the short form `#rgb`.
    fn from_str(s: &str) -> Result<Colour, String> {
        let expected = || format!("`{s}` is not a colour; expected `#rrggbb`, such as `#1d4f91`");
        let hex = s.trim().strip_prefix('#').ok_or_else(expected)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(expected());
        }
        let digits: Vec<u8> = match hex.len() {
            3 => hex.bytes().flat_map(|b| [b, b]).collect(),
            6 => hex.bytes().collect(),
            _ => return Err(expected()),
        };
        let byte = |i: usize| {
            std::str::from_utf8(&digits[i..i + 2])
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .unwrap_or(0)
        };
        Ok(Colour {
            red: byte(0),
            green: byte(2),
            blue: byte(4),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_long_and_short_forms() {
        let c: Colour = "#1D4F91".parse().unwrap();
        assert_eq!(c.to_string(), "#1d4f91");
        assert_eq!("#fff".parse::<Colour>().unwrap(), WHITE);
        assert!("1d4f91".parse::<Colour>().is_err());
        assert!("#12345".parse::<Colour>().is_err());
        assert!("#ggg".parse::<Colour>().is_err());
    }

    #[test]
    fn contrast_matches_the_wcag_definition() {
        let black: Colour = "#000".parse().unwrap();
        assert!((black.contrast(WHITE) - 21.0).abs() < 1e-9);
        // The GOV.UK link blue on white, as its design system states it.
        let blue: Colour = "#1d70b8".parse().unwrap();
        assert!((blue.contrast(WHITE) - 5.17).abs() < 0.01);
        let yellow: Colour = "#ffdd00".parse().unwrap();
        assert!(yellow.contrast(WHITE) < 1.5);
        assert_eq!(blue.darken(0.5).to_string(), "#0f385c");
    }
}
