//! Messages as bytes. openssl prints names, values and paths with
//! `BIO_printf("%s")`: whatever bytes they hold, UTF-8 or not. `text!`
//! builds a message the same way from byte strings, C strings and Rust
//! strings, so nothing is ever re-encoded.
//!
//! ```text
//! text!("Can't open \"", path, "\" for reading, ", reason, "\n")
//! ```

use std::ffi::{CStr, CString};

/// A piece of a message.
pub trait Piece {
    fn append_to(&self, out: &mut Vec<u8>);
}

impl Piece for str {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
}

impl Piece for [u8] {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

impl<const N: usize> Piece for [u8; N] {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

impl Piece for CStr {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_bytes());
    }
}

impl Piece for CString {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_bytes());
    }
}

impl Piece for String {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
}

impl Piece for Vec<u8> {
    fn append_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn append_to(&self, out: &mut Vec<u8>) {
        (**self).append_to(out);
    }
}

/// Concatenates pieces into one message (`Vec<u8>`).
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out: Vec<u8> = Vec::new();
        $( $crate::text::Piece::append_to(&$piece, &mut out); )*
        out
    }};
}

/// `isspace` in the C locale, which apps/ uses to trim `key = value`
/// arguments (`-addext`, `-provparam`).
pub fn is_c_space(c: &u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

#[cfg(test)]
mod tests {
    #[test]
    fn pieces_keep_their_bytes() {
        let name: &[u8] = b"\xff.cnf";
        let c = std::ffi::CString::new("x").unwrap();
        assert_eq!(
            text!("a ", name, " ", c, '\n'.to_string()),
            b"a \xff.cnf x\n"
        );
    }
}
