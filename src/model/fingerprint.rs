//! Fingerprints: a 128-bit hash standing for bytes or a value, the one user of the hash crate.
//!
//! A build compares fingerprints to learn that nothing it reads has changed, so the
//! hash only has to tell different inputs apart, not resist an attacker: XXH3-128
//! hashes the inputs of a large site in a few milliseconds.

use std::fmt;
use std::io::{self, Read};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// The fingerprint of some bytes or of a value fed to a [`Hasher`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(u128);

impl Fingerprint {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint(xxh3_128(bytes))
    }

    /// The fingerprint of everything `reader` gives, the same as [`Fingerprint::of`]
    /// of those bytes, read a piece at a time: the program's own executable, which
    /// every build fingerprints, is over 100 MB in a debug build, and reading it whole
    /// first cost a build a quarter of a second of the kernel's time, in every run.
    pub fn of_reader(mut reader: impl Read) -> io::Result<Fingerprint> {
        let mut hash = Xxh3::new();
        let mut buffer = vec![0; 1 << 16];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => return Ok(Fingerprint(hash.digest128())),
                Ok(n) => hash.update(&buffer[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads a fingerprint written by its `Display`: 32 lowercase hex digits. The
    /// record compares fingerprints as written, so only the tests read them back.
    #[cfg(test)]
    pub fn parse(text: &str) -> Option<Fingerprint> {
        if text.len() != 32 {
            return None;
        }
        u128::from_str_radix(text, 16).ok().map(Fingerprint)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// Builds one fingerprint from many parts. Each part is closed so that two different
/// sequences of parts cannot run together into the same bytes.
#[derive(Clone)]
pub struct Hasher(Xxh3);

impl Default for Hasher {
    fn default() -> Self {
        Hasher(Xxh3::new())
    }
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher::default()
    }

    /// Adds bytes, with their length first.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Hasher {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a number.
    pub fn number(&mut self, n: u64) -> &mut Hasher {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Adds another fingerprint.
    pub fn fingerprint(&mut self, f: Fingerprint) -> &mut Hasher {
        self.0.update(&f.0.to_le_bytes());
        self
    }

    /// Adds a value as its `Debug` text, streamed without building the string. The
    /// derived `Debug` of the model's plain data shows every field, and prints a
    /// number exactly enough to read it back, so equal text means equal values. The
    /// part ends with a byte that UTF-8 text never holds.
    pub fn debug<T: fmt::Debug + ?Sized>(&mut self, value: &T) -> &mut Hasher {
        // Writing to a hasher cannot fail.
        let _ = fmt::write(&mut Stream(&mut self.0), format_args!("{value:?}"));
        self.0.update(&[0xff]);
        self
    }

    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

/// Feeds formatted text straight into the hash.
struct Stream<'a>(&'a mut Xxh3);

impl fmt::Write for Stream<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_do_not_run_together_and_fingerprints_read_back() {
        let ab = Hasher::new().debug("a").debug("b").finish();
        let a_b = Hasher::new().debug("ab").debug("").finish();
        assert_ne!(ab, a_b);
        let x = Hasher::new().bytes(b"ab").bytes(b"").finish();
        let y = Hasher::new().bytes(b"a").bytes(b"b").finish();
        assert_ne!(x, y);
        assert_eq!(Fingerprint::parse(&ab.to_string()), Some(ab));
        assert_eq!(Fingerprint::parse("xyz"), None);
    }

    #[test]
    fn a_reader_fingerprints_as_its_bytes_do() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let read = Fingerprint::of_reader(&bytes[..]).unwrap();
        assert_eq!(read, Fingerprint::of(&bytes));
        assert_eq!(
            Fingerprint::of_reader(&b""[..]).unwrap(),
            Fingerprint::of(b"")
        );
    }
}
