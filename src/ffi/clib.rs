//! The C library symbols whose names differ from one C library to the
//! next: the `FILE` pointers behind C's `stdin`/`stdout`/`stderr` macros,
//! and where the calling thread's `errno` lives. Everything else we call
//! from the C library has the same name on every Unix (the libc crate
//! declares it).
//!
//! Targets not listed here fail to build with a message saying so, rather
//! than linking against a guessed name.
#![allow(non_upper_case_globals)]

use libc::FILE;

// glibc and musl (every Linux): the streams are exported under their C
// names, `FILE *stdin` and so on.
#[cfg(target_os = "linux")]
unsafe extern "C" {
    pub static mut stdin: *mut FILE;
    pub static mut stdout: *mut FILE;
    pub static mut stderr: *mut FILE;
}

// macOS and FreeBSD: <stdio.h> defines `stdin` as a macro for the
// exported `FILE *__stdinp` (likewise `__stdoutp`, `__stderrp`); there is
// no symbol named `stdin` to link to.
#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
unsafe extern "C" {
    #[link_name = "__stdinp"]
    pub static mut stdin: *mut FILE;
    #[link_name = "__stdoutp"]
    pub static mut stdout: *mut FILE;
    #[link_name = "__stderrp"]
    pub static mut stderr: *mut FILE;
}

// glibc and musl: `errno` is `(*__errno_location())`.
#[cfg(target_os = "linux")]
use libc::__errno_location as errno_location;
// macOS and FreeBSD: `errno` is `(*__error())`.
#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
use libc::__error as errno_location;

#[cfg(not(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd")))]
compile_error!(
    "openssl-req does not know this C library's names for stdin/stdout/stderr and errno: \
     add them to src/ffi/clib.rs (supported: Linux with glibc or musl, macOS, FreeBSD)"
);

/// Sets the calling thread's `errno` to 0, for the C calls that report an
/// error only through it (`strtol`). Reading it back needs nothing
/// platform-specific: `std::io::Error::last_os_error`.
pub fn clear_errno() {
    // SAFETY: the C library returns a valid pointer to this thread's errno.
    unsafe { *errno_location() = 0 }
}
