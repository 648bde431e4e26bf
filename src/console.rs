//! The three standard streams, used the way openssl uses them: through C's
//! stdio `FILE`s (BIOs for output, `fgets` for prompt answers). Sharing
//! C's buffers with libcrypto keeps every byte and its interleaving
//! identical to openssl's, whether the streams are terminals, pipes or files.

use crate::ffi::{Bio, err, sys};
use std::sync::OnceLock;

struct Stream(Option<Bio>);
// SAFETY: the program is single-threaded; the BIOs wrap process-wide FILEs.
unsafe impl Send for Stream {}
unsafe impl Sync for Stream {}

static ERR: OnceLock<Stream> = OnceLock::new();
static OUT: OnceLock<Stream> = OnceLock::new();

/// `bio_err`.
pub fn stderr() -> Option<&'static Bio> {
    ERR.get_or_init(|| Stream(Bio::stderr())).0.as_ref()
}

/// `bio_out`.
pub fn stdout() -> Option<&'static Bio> {
    OUT.get_or_init(|| Stream(Bio::stdout_for(true))).0.as_ref()
}

/// `BIO_printf(bio_err, ...)` with already formatted bytes.
pub fn eprint(bytes: impl AsRef<[u8]>) {
    if let Some(b) = stderr() {
        b.write(bytes.as_ref());
    }
}

/// `ERR_print_errors(bio_err)`.
pub fn print_errors() {
    if let Some(b) = stderr() {
        err::print(b);
    }
}

/// Flushes C's stdout buffer, as `exit` would.
pub fn flush_stdout() -> bool {
    // SAFETY: fflush on C's stdout.
    unsafe { libc::fflush(sys::stdout) == 0 }
}

/// `fgets(buf, size, stdin)`: one line including its newline, at most
/// `size - 1` bytes, cut at the first NUL as the C string would be. None at
/// end of input or on a read error.
pub fn read_line(size: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; size];
    let n = libc::c_int::try_from(size).ok()?;
    // SAFETY: buf has `size` bytes; C's stdin is always open.
    let p = unsafe { libc::fgets(buf.as_mut_ptr().cast(), n, sys::stdin) };
    if p.is_null() {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    buf.truncate(end);
    Some(buf)
}
