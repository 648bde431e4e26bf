//! The process entry: C's `main`, as openssl's own.
//!
//! Rust's usual start-up (std's `lang_start`) also reads /proc/self/maps
//! and installs SIGSEGV/SIGBUS handlers on an alternate stack, only to
//! print a message on stack overflow: a tenth of our system calls on a
//! short run, which openssl does not make. So the C `main` is ours, and it
//! keeps just what is observable of std's start-up: SIGPIPE ignored, as
//! openssl ignores it too (a closed pipe is a write error, not a silent
//! death), and a closed stdin, stdout or stderr reopened on /dev/null, as
//! std does (so output to a closed stdout vanishes and the run succeeds,
//! as openssl's does).
//!
//! The arguments are `main`'s own `argc`/`argv`, never std's
//! `env::args_os()`: std fills that list in the start-up skipped here, and
//! before `main` only on glibc (an `.init_array` hook); on musl, macOS and
//! the BSDs it would be empty (tests/suite/platform.rs keeps it out of src/).
// (A test build of this file keeps std's main: the harness's.)
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(argc: libc::c_int, argv: *const *const libc::c_char) -> libc::c_int {
    openssl_req::process::start_up();
    // SAFETY: argc and argv as the C runtime passes them to main.
    let args = unsafe { openssl_req::process::args(argc, argv) };
    let code = openssl_req::cli::main(args);
    // Flushes std's buffers and runs libcrypto's atexit handlers, as
    // returning from openssl's main does.
    std::process::exit(code)
}
