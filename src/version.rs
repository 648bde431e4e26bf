//! OpenSSL versions, ordered as versions (3.10 comes after 3.5).
//!
//! The one place a version number is decoded: build.rs (which includes
//! this file) decodes the libcrypto's `OPENSSL_VERSION_NUMBER` to choose
//! the release line and records the result for the crate (`LINE` in
//! src/line.rs); the program decodes `OpenSSL_version_num()` at start with
//! the same function; the tests include this file to compare lines.

use std::fmt;

/// An OpenSSL release `major.minor.patch`. A release line is the version
/// with patch 0 (`V3_2` is the 3.2 line and its first release, 3.2.0).
/// Before 3.0 the third number named the line and its releases were
/// letters: 1.1.1w is the line 1.1.1 with `letter` 23 ('w'); the line
/// itself has letter 0.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Version {
    pub major: u8,
    pub minor: u8,
    pub patch: u8,
    /// The release letter of a pre-3.0 version ('a' is 1), else 0.
    pub letter: u8,
}

impl Version {
    pub const fn new(major: u8, minor: u8, patch: u8) -> Version {
        Version {
            major,
            minor,
            patch,
            letter: 0,
        }
    }

    /// A pre-3.0 release: `Version::lettered(1, 1, 1, b'k')` is 1.1.1k.
    pub const fn lettered(major: u8, minor: u8, patch: u8, letter: u8) -> Version {
        Version {
            major,
            minor,
            patch,
            letter: letter - b'a' + 1,
        }
    }

    /// A version number as `OPENSSL_VERSION_NUMBER` and
    /// `OpenSSL_version_num()` give it.
    pub const fn of_number(n: u64) -> Version {
        let major = ((n >> 28) & 0xf) as u8;
        // 3.0 and later: 0xMNN00PP0L. Before 3.0: 0xMNNFFPPS, where FF is
        // the third number and PP the patch letter (1.1.1w: 0x1010117f is
        // 1.1.1, letter 23), which a Version does not hold.
        let patch = if major >= 3 { n >> 4 } else { n >> 12 };
        let mut v = Version::new(major, ((n >> 20) & 0xff) as u8, (patch & 0xff) as u8);
        if major < 3 {
            v.letter = ((n >> 4) & 0xff) as u8;
        }
        v
    }

    /// `"3.2.1"` or `"3.2"` (a line), `"1.1.1w"` or `"1.1.1"`; None for
    /// anything else.
    pub fn parse(s: &str) -> Option<Version> {
        let (s, letter) = match s.as_bytes().last() {
            Some(&c @ b'a'..=b'z') if s.starts_with("1.") || s.starts_with("0.") => {
                (&s[..s.len() - 1], c - b'a' + 1)
            }
            _ => (s, 0),
        };
        let mut parts = s.split('.').map(|p| p.parse::<u8>().ok());
        let major = parts.next()??;
        let minor = parts.next()??;
        let patch = match parts.next() {
            Some(p) => p?,
            None => 0,
        };
        let mut v = Version::new(major, minor, patch);
        v.letter = letter;
        parts.next().is_none().then_some(v)
    }

    /// The release line this version belongs to: major.minor from 3.0
    /// on; before 3.0 the third number named the line (1.1.1, whose
    /// releases were letters: 1.1.1w), so it is kept.
    pub const fn line(self) -> Version {
        if self.major >= 3 {
            Version::new(self.major, self.minor, 0)
        } else {
            Version::new(self.major, self.minor, self.patch)
        }
    }

    /// Whether this version has a change that came with the releases
    /// `fixed`: in ascending order, the first release of each line that
    /// has it; every line after the last one named has it too. E.g. a
    /// fix released in 3.0.14, 3.1.6, 3.2.2 and 3.3.0 is in 3.0.22, not
    /// in 3.1.4, and in every 3.4 and 3.5.
    pub fn has_fix(self, fixed: &[Version]) -> bool {
        match fixed.iter().find(|f| f.line() == self.line()) {
            Some(f) => self >= *f,
            None => fixed.last().is_some_and(|last| self > *last),
        }
    }
}

impl fmt::Display for Version {
    /// "3.2.1", "1.1.1w".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if self.letter > 0 {
            write!(f, "{}", char::from(b'a' + self.letter - 1))?;
        }
        Ok(())
    }
}

impl Version {
    /// The line's name, "3.2" (or "1.1.1"), as the lines are named
    /// everywhere.
    pub fn line_name(self) -> String {
        if self.major >= 3 {
            format!("{}.{}", self.major, self.minor)
        } else {
            self.line().to_string()
        }
    }
}

/// The release lines this program reproduces, in order.
pub const SUPPORTED_LINES: &[Version] = &[
    Version::new(1, 1, 1),
    Version::new(3, 0, 0),
    Version::new(3, 1, 0),
    Version::new(3, 2, 0),
    Version::new(3, 3, 0),
    Version::new(3, 4, 0),
    Version::new(3, 5, 0),
    Version::new(3, 6, 0),
    Version::new(4, 0, 0),
];

#[cfg(test)]
mod version_number_tests {
    use super::Version;

    #[test]
    fn version_numbers_of_both_layouts() {
        assert_eq!(Version::of_number(0x3020_0010), Version::new(3, 2, 1));
        assert_eq!(Version::of_number(0x4000_0030), Version::new(4, 0, 3));
        // 1.1.1w: the line 1.1.1, its release letter 'w'.
        let w = Version::of_number(0x1010_117f);
        assert_eq!(w, Version::lettered(1, 1, 1, b'w'));
        assert_eq!(w.to_string(), "1.1.1w");
        assert_eq!(Version::parse("1.1.1w"), Some(w));
        assert_eq!(w.line(), Version::new(1, 1, 1));
        assert_eq!(Version::parse("1.1.1"), Some(Version::new(1, 1, 1)));
        assert!(Version::lettered(1, 1, 1, b'k') < w && w < Version::new(3, 0, 0));
        assert_eq!(Version::parse("3.2.1a"), None);
        assert_eq!(Version::new(1, 1, 1).line_name(), "1.1.1");
        assert_eq!(Version::new(3, 2, 1).line_name(), "3.2");
    }
}
