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

    /// C's stdout behind a filter that starts every line with `prefix`:
    /// 1.1.1 has no `BIO_f_prefix`, its apps/ their own (`prefix_filter`);
    /// plain stdout when there is no prefix, or the filter cannot be made.
    #[cfg(not(ossl3))]
    pub fn stdout_prefixed(prefix: Option<&CStr>) -> Option<Bio> {
        let out = Bio::stdout()?;
        let Some(prefix) = prefix else {
            return Some(out);
        };
        let Some(method) = prefix_filter::method() else {
            return Some(out);
        };
        // SAFETY: the filter is made with our method, which keeps a boxed
        // PrefixCtx as its data (freed by its destroy); the stdout BIO is
        // handed over to the chain.
        unsafe {
            let filter = sys::BIO_new(method);
            if filter.is_null() {
                return Some(out);
            }
            prefix_filter::set_prefix(filter, prefix);
            let chain = sys::BIO_push(filter, out.0);
            std::mem::forget(out);
            Bio::from_ptr(chain)
        }
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

/// The line-prefix filter of 1.1.1's apps/bf_prefix.c: the prefix is
/// written before the first byte of each line; with an empty prefix
/// everything passes through unchanged. Reads, gets and controls go to the
/// next BIO.
#[cfg(not(ossl3))]
mod prefix_filter {
    use super::sys;
    use libc::{c_char, c_int, c_long, c_void};
    use std::ffi::{CStr, CString};
    use std::sync::OnceLock;

    struct PrefixCtx {
        prefix: CString,
        /// The next byte written starts a line.
        linestart: bool,
    }

    struct Method(*mut sys::BIO_METHOD);
    // SAFETY: made once, never freed nor changed afterwards.
    unsafe impl Send for Method {}
    unsafe impl Sync for Method {}

    /// `apps_bf_prefix()`: the method, made once.
    pub fn method() -> Option<*const sys::BIO_METHOD> {
        static METHOD: OnceLock<Method> = OnceLock::new();
        let m = METHOD.get_or_init(|| {
            // SAFETY: a new method, filled in with our callbacks.
            unsafe {
                let m = sys::BIO_meth_new(sys::BIO_TYPE_FILTER, c"Prefix filter".as_ptr());
                let ok = !m.is_null()
                    && sys::BIO_meth_set_create(m, create) != 0
                    && sys::BIO_meth_set_destroy(m, destroy) != 0
                    && sys::BIO_meth_set_write(m, write) != 0
                    && sys::BIO_meth_set_read(m, read) != 0
                    && sys::BIO_meth_set_puts(m, puts) != 0
                    && sys::BIO_meth_set_gets(m, gets) != 0
                    && sys::BIO_meth_set_ctrl(m, ctrl) != 0;
                Method(if ok { m } else { std::ptr::null_mut() })
            }
        });
        (!m.0.is_null()).then_some(m.0.cast_const())
    }

    /// `BIO_ctrl(b, PREFIX_CTRL_SET_PREFIX, 0, prefix)`.
    ///
    /// # Safety
    /// `b` is a live BIO made with `method()`.
    pub unsafe fn set_prefix(b: *mut sys::BIO, prefix: &CStr) {
        // SAFETY: the data is the PrefixCtx that `create` made.
        unsafe {
            if let Some(ctx) = sys::BIO_get_data(b).cast::<PrefixCtx>().as_mut() {
                ctx.prefix = prefix.to_owned();
            }
        }
    }

    unsafe extern "C" fn create(b: *mut sys::BIO) -> c_int {
        let ctx = Box::new(PrefixCtx {
            prefix: CString::default(),
            linestart: true,
        });
        // SAFETY: libcrypto hands us the BIO being made.
        unsafe {
            sys::BIO_set_data(b, Box::into_raw(ctx).cast::<c_void>());
            sys::BIO_set_init(b, 1);
        }
        1
    }

    unsafe extern "C" fn destroy(b: *mut sys::BIO) -> c_int {
        // SAFETY: the data, if any, is the box `create` leaked.
        unsafe {
            let p = sys::BIO_get_data(b).cast::<PrefixCtx>();
            if !p.is_null() {
                drop(Box::from_raw(p));
                sys::BIO_set_data(b, std::ptr::null_mut());
            }
        }
        1
    }

    /// Writes all of `data` to the next BIO; false on failure.
    unsafe fn write_next(b: *mut sys::BIO, mut data: &[u8]) -> bool {
        while !data.is_empty() {
            let len = c_int::try_from(data.len()).unwrap_or(c_int::MAX);
            // SAFETY: `data` is valid for `len` bytes.
            let n = unsafe { sys::BIO_write(sys::BIO_next(b), data.as_ptr().cast(), len) };
            if n <= 0 {
                return false;
            }
            data = &data[n as usize..];
        }
        true
    }

    unsafe extern "C" fn write(b: *mut sys::BIO, out: *const c_char, outl: c_int) -> c_int {
        // SAFETY: the data is our PrefixCtx; `out` holds `outl` bytes.
        unsafe {
            let Some(ctx) = sys::BIO_get_data(b).cast::<PrefixCtx>().as_mut() else {
                return 0;
            };
            if out.is_null() || outl <= 0 {
                return 0;
            }
            let data = std::slice::from_raw_parts(out.cast::<u8>(), outl as usize);
            if ctx.prefix.as_bytes().is_empty() {
                ctx.linestart = data.last() == Some(&b'\n');
                return if write_next(b, data) { outl } else { -1 };
            }
            let mut rest = data;
            while !rest.is_empty() {
                if ctx.linestart {
                    if !write_next(b, ctx.prefix.as_bytes()) {
                        return -1;
                    }
                    ctx.linestart = false;
                }
                let end = rest
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(rest.len(), |i| i + 1);
                if !write_next(b, &rest[..end]) {
                    return -1;
                }
                if rest[end - 1] == b'\n' {
                    ctx.linestart = true;
                }
                rest = &rest[end..];
            }
            outl
        }
    }

    unsafe extern "C" fn puts(b: *mut sys::BIO, s: *const c_char) -> c_int {
        // SAFETY: a NUL-terminated string from the caller.
        unsafe {
            let len = CStr::from_ptr(s).to_bytes().len();
            sys::BIO_write(b, s.cast(), c_int::try_from(len).unwrap_or(c_int::MAX))
        }
    }

    unsafe extern "C" fn read(b: *mut sys::BIO, buf: *mut c_char, size: c_int) -> c_int {
        // SAFETY: forwarded to the next BIO.
        unsafe { sys::BIO_read(sys::BIO_next(b), buf.cast(), size) }
    }

    unsafe extern "C" fn gets(b: *mut sys::BIO, buf: *mut c_char, size: c_int) -> c_int {
        // SAFETY: forwarded to the next BIO.
        unsafe { sys::BIO_gets(sys::BIO_next(b), buf, size) }
    }

    unsafe extern "C" fn ctrl(
        b: *mut sys::BIO,
        cmd: c_int,
        num: c_long,
        ptr: *mut c_void,
    ) -> c_long {
        // SAFETY: forwarded to the next BIO, if there is one.
        unsafe {
            let next = sys::BIO_next(b);
            if next.is_null() {
                0
            } else {
                sys::BIO_ctrl(next, cmd, num, ptr)
            }
        }
    }
}
