//! Numbers read from text the way apps/ reads them: with the C library's
//! own `strtol`, `atoi` and `atol`, overflow and all, so that every edge
//! (a sign, blanks, base prefixes, out-of-range values) is openssl's.

use super::{c_text, clib, stdio};

/// C's `strtol(s, &end, 0)` as openssl.c checks it: the whole string must
/// be a number (`*end == 0`, `end != s`) and in range (`errno == 0`).
pub fn strtol(s: &[u8]) -> Option<libc::c_long> {
    let c = std::ffi::CString::new(s).ok()?;
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    clib::clear_errno();
    // SAFETY: NUL-terminated input; strtol points `end` into it.
    let v = unsafe { libc::strtol(c.as_ptr(), &mut end, 0) };
    // errno is thread-local: nothing between the two calls touches it.
    let in_range = stdio::Errno::last() == stdio::Errno(0);
    // SAFETY: `end` points into `c`, at the latest at its NUL.
    let whole = unsafe { *end == 0 } && end.cast_const() != c.as_ptr();
    (in_range && whole).then_some(v)
}

/// C's `atoi`, where apps/ reads a number with it (`fd:N` in
/// `app_get_pass`, `-days`): the C library's own, overflow included, as
/// openssl gets it. glibc's is `(int) strtol(s, NULL, 10)`: the value
/// saturates at LONG_MIN/LONG_MAX and is then cut to an int, so
/// `4294967299` is 3 and `99999999999999999999` is -1.
pub fn atoi(bytes: &[u8]) -> libc::c_int {
    let s = c_text(bytes);
    // SAFETY: a NUL-terminated string that lives for the call.
    unsafe { libc::atoi(s.as_ptr()) }
}

/// C's `atol` (`-newkey rsa:N` in `set_keygen_ctx`): the C library's own.
pub fn atol(bytes: &[u8]) -> libc::c_long {
    let s = c_text(bytes);
    // SAFETY: a NUL-terminated string that lives for the call.
    unsafe { libc::atol(s.as_ptr()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtol_takes_whole_numbers_in_range_only() {
        assert_eq!(strtol(b"65536"), Some(65536));
        assert_eq!(strtol(b"0x10"), Some(16));
        assert_eq!(strtol(b"010"), Some(8));
        assert_eq!(strtol(b" -3"), Some(-3));
        assert_eq!(strtol(b"12x"), None);
        assert_eq!(strtol(b""), None);
        assert_eq!(strtol(b"x"), None);
        // ERANGE, and a number right after it: errno is cleared before
        // each call, so the earlier overflow does not stick.
        assert_eq!(strtol(b"99999999999999999999999"), None);
        assert_eq!(strtol(b"5"), Some(5));
        let max = libc::c_long::MAX.to_string();
        assert_eq!(strtol(max.as_bytes()), Some(libc::c_long::MAX));
    }

    #[test]
    fn atoi_is_the_c_librarys() {
        assert_eq!(atoi(b" 12x"), 12);
        assert_eq!(atoi(b"-3"), -3);
        assert_eq!(atoi(b"x"), 0);
        // C sees an argument up to its first NUL.
        assert_eq!(atoi(b"7\0" as &[u8]), 7);
        assert_eq!(atol(b"2048"), 2048);
    }

    #[test]
    #[cfg(all(target_env = "gnu", target_pointer_width = "64"))]
    fn glibc_atoi_saturates_as_a_long_then_wraps_to_an_int() {
        assert_eq!(atoi(b"4294967299"), 3);
        assert_eq!(atoi(b"-4294967297"), -1);
        assert_eq!(atoi(b"99999999999999999999"), -1);
        assert_eq!(atoi(b"-99999999999999999999"), 0);
        assert_eq!(atol(b"99999999999999999999"), libc::c_long::MAX);
    }
}
