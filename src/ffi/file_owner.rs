//! Who owns the files this program creates, and with what mode: the
//! process umask and effective ids, which `output` compares with what it
//! finds on disk.

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
