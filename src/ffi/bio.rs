//! `Bio`: an owned libcrypto `BIO`, the I/O object every libcrypto printer
//! and PEM writer takes. Files, memory buffers and the C standard streams.

use super::stdio::Errno;
use super::{clib, sys};
use libc::{c_int, c_void};
use std::ffi::CStr;
use std::ptr;

/// An owned `BIO` chain, freed with `BIO_free_all`.
pub struct Bio(*mut sys::BIO);

impl Drop for Bio {
    fn drop(&mut self) {
        // SAFETY: we own the chain.
        unsafe { sys::BIO_free_all(self.0) }
    }
}

impl Bio {
    fn from_ptr(p: *mut sys::BIO) -> Option<Bio> {
        super::cvt_p(p).map(Bio)
    }

    /// A text-mode BIO on C's `stderr` (`dup_bio_err`); never closes it.
    pub fn stderr() -> Option<Bio> {
        // SAFETY: reading C's `stderr` pointer; BIO_NOCLOSE leaves it open.
        Bio::from_ptr(unsafe { sys::BIO_new_fp(clib::stderr, sys::BIO_NOCLOSE | sys::BIO_FP_TEXT) })
    }

    /// A BIO on C's `stdout` (`dup_bio_out`); never closes it. Sharing C's
    /// stdio buffer keeps the interleaving of stdout and stderr exactly as
    /// openssl produces it.
    pub fn stdout() -> Option<Bio> {
        // SAFETY: as above.
        Bio::from_ptr(unsafe { sys::BIO_new_fp(clib::stdout, sys::BIO_NOCLOSE | sys::BIO_FP_TEXT) })
    }

    /// C's stdout behind a filter that starts every line with `prefix`
    /// (`BIO_f_prefix`); plain stdout when there is no prefix, or the
    /// filter cannot be made.
    #[cfg(ossl3)]
    pub fn stdout_prefixed(prefix: Option<&CStr>) -> Option<Bio> {
        let out = Bio::stdout()?;
        let Some(prefix) = prefix else {
            return Some(out);
        };
        // SAFETY: the filter takes over the stdout BIO in the chain; the
        // prefix string is copied by BIO_set_prefix.
        unsafe {
            let filter = sys::BIO_new(sys::BIO_f_prefix());
            if filter.is_null() {
                return Some(out);
            }
            sys::BIO_ctrl(
                filter,
                sys::BIO_CTRL_SET_PREFIX,
                0,
                prefix.as_ptr() as *mut c_void,
            );
            let chain = sys::BIO_push(filter, out.0);
            std::mem::forget(out);
            Bio::from_ptr(chain)
        }
    }

    /// 1.1.1's `dup_bio_out` prefixes with its own filter (apps/bf_prefix.c).
    // TODO(issue 22): the 1.1.1 filter; plain stdout until then.
    #[cfg(not(ossl3))]
    pub fn stdout_prefixed(_prefix: Option<&CStr>) -> Option<Bio> {
        Bio::stdout()
    }

    /// A BIO on C's `stdin` (`dup_bio_in`).
    pub fn stdin() -> Option<Bio> {
        // SAFETY: as above.
        Bio::from_ptr(unsafe { sys::BIO_new_fp(clib::stdin, sys::BIO_NOCLOSE | sys::BIO_FP_TEXT) })
    }

    /// `BIO_new_file`: on failure libcrypto has queued its own errors
    /// ("calling fopen(..)"), which the caller prints.
    pub fn file(path: &CStr, mode: &CStr) -> Option<Bio> {
        // SAFETY: both strings are NUL-terminated.
        Bio::from_ptr(unsafe { sys::BIO_new_file(path.as_ptr(), mode.as_ptr()) })
    }

    /// `bio_open_owner`'s own open for a file written in place: open(2)
    /// with O_TRUNC and mode 0600, then a stdio stream on it (text mode when
    /// `text`). Err carries the errno openssl would report.
    pub fn open_owner(name: &CStr, text: bool) -> Result<Bio, Errno> {
        let errno = Errno::last;
        // SAFETY: plain system calls; on success the FILE owns the
        // descriptor and the BIO owns the FILE (BIO_CLOSE).
        unsafe {
            let fd = libc::open(
                name.as_ptr(),
                libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC,
                0o600,
            );
            if fd < 0 {
                return Err(errno());
            }
            let mode = if text { c"w" } else { c"wb" };
            let fp = libc::fdopen(fd, mode.as_ptr());
            if fp.is_null() {
                let e = errno();
                libc::close(fd);
                return Err(e);
            }
            let flags = sys::BIO_CLOSE | if text { sys::BIO_FP_TEXT } else { 0 };
            let bio = sys::BIO_new_fp(fp, flags);
            if bio.is_null() {
                libc::fclose(fp);
                return Err(Errno(libc::ENOMEM));
            }
            Ok(Bio(bio))
        }
    }

    /// A buffered BIO on a file descriptor we do not own (`-passin fd:N`).
    pub fn fd_buffered(fd: c_int) -> Option<Bio> {
        // SAFETY: BIO_NOCLOSE: the descriptor stays the caller's.
        unsafe {
            let raw = Bio::from_ptr(sys::BIO_new_fd(fd, sys::BIO_NOCLOSE))?;
            let buf = sys::BIO_new(sys::BIO_f_buffer());
            if buf.is_null() {
                return None;
            }
            let chain = sys::BIO_push(buf, raw.0);
            std::mem::forget(raw);
            Bio::from_ptr(chain)
        }
    }

    /// An empty, growable memory BIO.
    pub fn mem() -> Option<Bio> {
        // SAFETY: plain constructor.
        Bio::from_ptr(unsafe { sys::BIO_new(sys::BIO_s_mem()) })
    }

    /// A memory BIO holding a copy of `data`, readable to its end (then EOF).
    pub fn mem_with(data: &[u8]) -> Option<Bio> {
        let bio = Bio::mem()?;
        if !data.is_empty() && !bio.write(data) {
            return None;
        }
        // SAFETY: make reads at the end report EOF, not "retry".
        unsafe { sys::BIO_ctrl(bio.0, sys::BIO_C_SET_BUF_MEM_EOF_RETURN, 0, ptr::null_mut()) };
        Some(bio)
    }

    pub fn as_ptr(&self) -> *mut sys::BIO {
        self.0
    }

    /// Writes all of `data`; false on a short or failed write.
    pub fn write(&self, data: &[u8]) -> bool {
        if data.is_empty() {
            return true;
        }
        let Ok(len) = c_int::try_from(data.len()) else {
            return false;
        };
        // SAFETY: data is valid for len bytes.
        unsafe { sys::BIO_write(self.0, data.as_ptr().cast::<c_void>(), len) == len }
    }

    pub fn flush(&self) -> bool {
        // SAFETY: plain control call.
        unsafe { sys::BIO_ctrl(self.0, sys::BIO_CTRL_FLUSH, 0, ptr::null_mut()) > 0 }
    }

    /// `BIO_reset`: rewind a file BIO to its start.
    pub fn reset(&self) {
        // SAFETY: plain control call.
        unsafe { sys::BIO_ctrl(self.0, sys::BIO_CTRL_RESET, 0, ptr::null_mut()) };
    }

    /// `BIO_gets` into a buffer of `size` bytes, the way `app_get_pass`
    /// reads one line; None when nothing could be read.
    pub fn gets(&self, size: usize) -> Option<Vec<u8>> {
        let mut buf = vec![0u8; size];
        let len = c_int::try_from(size).ok()?;
        // SAFETY: buf has `size` bytes.
        let n = unsafe { sys::BIO_gets(self.0, buf.as_mut_ptr().cast(), len) };
        if n <= 0 {
            super::cleanse(&mut buf);
            return None;
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        let line = buf[..end].to_vec();
        super::cleanse(&mut buf);
        Some(line)
    }

    /// The bytes written so far to a memory BIO.
    pub fn mem_contents(&self) -> Vec<u8> {
        let mut data: *mut libc::c_char = ptr::null_mut();
        // SAFETY: BIO_get_mem_data (BIO_CTRL_INFO) stores a pointer to the
        // BIO's own buffer and returns its length.
        let len = unsafe {
            sys::BIO_ctrl(
                self.0,
                sys::BIO_CTRL_INFO,
                0,
                (&raw mut data).cast::<c_void>(),
            )
        };
        if data.is_null() || len <= 0 {
            return Vec::new();
        }
        // SAFETY: the buffer is valid for `len` bytes while the BIO lives.
        unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len as usize).to_vec() }
    }
}
