//! What the process sets up before `main` runs: the part of Rust std's
//! start-up that a user can observe (see main.rs for why std's own is
//! skipped), and the arguments C's `main` was given.

use std::ffi::CStr;

/// SIGPIPE ignored, and descriptors 0, 1 and 2 open: each closed one is
/// opened on /dev/null, as std's start-up does.
pub fn start_up() {
    for fd in 0..=2 {
        // fcntl(F_GETFD) fails with EBADF exactly when `fd` is closed, on
        // every Unix. (std's Linux start-up asks poll(2) for POLLNVAL, which
        // macOS never reports: there a closed stdout would stay closed and
        // the next file opened would become descriptor 1.)
        // SAFETY: fcntl and open take plain arguments.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        // The lowest free descriptor: the closed one itself, in order.
        if closed && unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR, 0) } == -1 {
            // std aborts here; a process that cannot even open /dev/null
            // has no standard streams to report on.
            // SAFETY: abort takes no arguments.
            unsafe { libc::abort() };
        }
    }
    // SAFETY: setting a signal disposition.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// The arguments as C's `main` received them, byte for byte (argv[0]
/// included; no UTF-8 required, as in openssl).
///
/// # Safety
/// `argv` must be null or hold `argc` pointers to NUL-terminated strings,
/// as the C runtime passes them to `main`.
pub unsafe fn args(argc: libc::c_int, argv: *const *const libc::c_char) -> Vec<Vec<u8>> {
    if argv.is_null() {
        return Vec::new();
    }
    let count = usize::try_from(argc).unwrap_or(0);
    (0..count)
        // SAFETY: within the `argc` entries the caller vouches for.
        .map(|i| unsafe { *argv.add(i) })
        .take_while(|p| !p.is_null())
        // SAFETY: each entry is a NUL-terminated string.
        .map(|p| unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_are_argc_entries_byte_for_byte() {
        let words: [&CStr; 3] = [c"openssl-req", c"-subj", c"/CN=\xff\xfe"];
        let mut argv: Vec<*const libc::c_char> = words.iter().map(|w| w.as_ptr()).collect();
        argv.push(std::ptr::null());
        // SAFETY: three valid strings, then NULL, as C's main gets them.
        let got = unsafe { args(3, argv.as_ptr()) };
        assert_eq!(
            got,
            vec![
                b"openssl-req".to_vec(),
                b"-subj".to_vec(),
                b"/CN=\xff\xfe".to_vec()
            ]
        );
        // SAFETY: as above; fewer than there are, or none.
        assert_eq!(
            unsafe { args(1, argv.as_ptr()) },
            vec![b"openssl-req".to_vec()]
        );
        assert!(unsafe { args(0, argv.as_ptr()) }.is_empty());
        assert!(unsafe { args(-1, argv.as_ptr()) }.is_empty());
        assert!(unsafe { args(2, std::ptr::null()) }.is_empty());
    }
}
