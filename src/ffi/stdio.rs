//! C's standard I/O and its error texts, used where openssl's behaviour
//! depends on them: `fgets` on the shared `stdin` FILE, `setbuf` to
//! unbuffer it, `fflush(stdout)`, `isatty`, `strerror` and `errno`.

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

/// An `errno` value: what a failed system call said went wrong.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Errno(pub i32);

impl Errno {
    /// The errno of the last failed call.
    pub fn last() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    }

    /// The errno of an I/O error (EIO for one that has none), as C
    /// reports it.
    pub fn of(e: &std::io::Error) -> Errno {
        Errno(e.raw_os_error().unwrap_or(libc::EIO))
    }

    /// The C library's text for it, as openssl's `strerror(errno)`.
    pub fn text(self) -> String {
        // SAFETY: strerror returns a valid NUL-terminated string.
        unsafe { CStr::from_ptr(libc::strerror(self.0)) }
            .to_string_lossy()
            .into_owned()
    }
}

/// `isatty(fileno(stdin))`.
pub fn stdin_is_terminal() -> bool {
    // SAFETY: fileno/isatty on C's stdin.
    unsafe { libc::isatty(libc::fileno(clib::stdin)) == 1 }
}
