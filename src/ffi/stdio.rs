//! C's standard I/O and a few C library calls, used where openssl's
//! behaviour depends on them: `fgets` on the shared `stdin` FILE, `setbuf`
//! to unbuffer it, `fflush(stdout)`, `strerror` texts and the umask.

use super::clib;
use std::ffi::CStr;

/// `fgets(buf, size, stdin)`: one line including its newline, at most
/// `size - 1` bytes, cut at the first NUL as the C string would be. None at
/// end of input or on a read error.
pub fn read_line(size: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; size];
    let n = libc::c_int::try_from(size).ok()?;
    // SAFETY: buf has `size` bytes; C's stdin is always open.
    let p = unsafe { libc::fgets(buf.as_mut_ptr().cast(), n, clib::stdin) };
    if p.is_null() {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    buf.truncate(end);
    Some(buf)
}

/// `unbuffer(stdin)` (`setbuf(stdin, NULL)`): from now on every byte after
/// what a reader took stays in the file for the next reader.
pub fn unbuffer_stdin() {
    // SAFETY: setbuf on C's stdin.
    unsafe { libc::setbuf(clib::stdin, std::ptr::null_mut()) }
}

/// `fflush(stdout)`.
pub fn flush_stdout() -> bool {
    // SAFETY: fflush on C's stdout.
    unsafe { libc::fflush(clib::stdout) == 0 }
}

/// The C library's text for an errno, as openssl's `strerror(errno)`.
pub fn strerror(errno: i32) -> String {
    // SAFETY: strerror returns a valid NUL-terminated string.
    unsafe { CStr::from_ptr(libc::strerror(errno)) }
        .to_string_lossy()
        .into_owned()
}

/// The errno of the last failed call.
pub fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The process umask (read by setting and restoring it).
pub fn umask() -> u32 {
    // SAFETY: umask only swaps the process mask; we put it back at once.
    unsafe {
        let old = libc::umask(0o022);
        libc::umask(old);
        old as u32
    }
}

/// The effective user and group ids, which own the files we create.
pub fn effective_ids() -> (u32, u32) {
    // SAFETY: geteuid and getegid cannot fail.
    unsafe { (libc::geteuid(), libc::getegid()) }
}

/// `isatty(fileno(stdin))`.
pub fn stdin_is_terminal() -> bool {
    // SAFETY: fileno/isatty on C's stdin.
    unsafe { libc::isatty(libc::fileno(clib::stdin)) == 1 }
}

/// C's `strtol(s, &end, 0)` as openssl.c checks it: the whole string must
/// be a number (`*end == 0`, `end != s`) and in range (`errno == 0`).
pub fn strtol(s: &[u8]) -> Option<libc::c_long> {
    let c = std::ffi::CString::new(s).ok()?;
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    clib::clear_errno();
    // SAFETY: NUL-terminated input; strtol points `end` into it.
    let v = unsafe { libc::strtol(c.as_ptr(), &mut end, 0) };
    // errno is thread-local: nothing between the two calls touches it.
    let in_range = last_errno() == 0;
    // SAFETY: `end` points into `c`, at the latest at its NUL.
    let whole = unsafe { *end == 0 } && end.cast_const() != c.as_ptr();
    (in_range && whole).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::strtol;

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
}
