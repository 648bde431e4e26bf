//! Getting written files onto the disk: the three syncs that
//! `output::Outputs::commit` makes (README, difference 1), each the right
//! call for the system it runs on.
//!
//! - Linux: `sync_file_range` starts a file's write-out without waiting (a
//!   hint that lets one ext4 journal commit carry every file), then
//!   `fdatasync` per file and `fsync` per directory.
//! - macOS: `fsync` only hands the data to the drive, whose cache may still
//!   lose it; std's `sync_data`/`sync_all` there are `fcntl(F_FULLFSYNC)`,
//!   which also flushes the drive's cache but which some file systems
//!   (network and FAT ones, and directories on some) refuse with ENOTSUP
//!   or EINVAL: then plain `fsync`, the most they can do.
//! - FreeBSD and the rest: `fdatasync`/`fsync` as on Linux, no write-out
//!   hint (sync_file_range is Linux's own).

use std::fs::File;
use std::path::Path;

/// Asks the kernel to start writing `file`'s dirty pages now, without
/// waiting (sync_file_range(2) SYNC_FILE_RANGE_WRITE). Only a hint for
/// speed, never a guarantee (that is [`sync_data`]): a file system that
/// cannot take it is no error, a failed write it reports is.
#[cfg(target_os = "linux")]
pub fn start_write_out(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain system call on an open descriptor we own.
    let r = unsafe { libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE) };
    if r == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ESPIPE) => Ok(()),
        _ => Err(e),
    }
}

/// No such hint outside Linux: the syncs alone do the work.
#[cfg(not(target_os = "linux"))]
pub fn start_write_out(_file: &File) -> std::io::Result<()> {
    Ok(())
}

/// A file's data, and what is needed to read it back, on disk (fdatasync;
/// the times can wait).
pub fn sync_data(file: &File) -> std::io::Result<()> {
    full_sync_fallback(file, file.sync_data())
}

/// A file's data and its metadata on disk (fsync), for the file rewritten
/// in place.
pub fn sync_all(file: &File) -> std::io::Result<()> {
    full_sync_fallback(file, file.sync_all())
}

/// Syncs the directory `dir`, so the renames made in it survive a crash.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    // The rename stands whether or not the directory can be synced: a
    // directory we may write but not read cannot even be opened, and some
    // file systems cannot sync one. Only a failed sync itself is an error.
    let Ok(d) = File::open(dir) else {
        return Ok(());
    };
    match full_sync_fallback(&d, d.sync_all()) {
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
        r => r,
    }
}

/// macOS: where F_FULLFSYNC (std's sync there) is refused by the file
/// system, plain fsync(2), which every file system takes.
#[cfg(target_vendor = "apple")]
fn full_sync_fallback(file: &File, synced: std::io::Result<()>) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    match synced {
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOTSUP | libc::EINVAL)) => {
            // SAFETY: a plain system call on an open descriptor we own.
            if unsafe { libc::fsync(file.as_raw_fd()) } == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        }
        r => r,
    }
}

/// Elsewhere std's sync is fdatasync(2)/fsync(2) itself: nothing to fall
/// back to.
#[cfg(not(target_vendor = "apple"))]
fn full_sync_fallback(_file: &File, synced: std::io::Result<()>) -> std::io::Result<()> {
    synced
}
