//! `openssl-req`: a behaviour-exact `openssl req` of the OpenSSL release
//! line it is built against (see `line`), on
//! rust-openssl. The command-line layer of openssl's apps/ is re-written
//! here in Rust; everything cryptographic, the config language, extension
//! sections, printers and error queues are libcrypto's own (`ffi`).
//!
//! Module map: `cli` (invocation) → `req` (the flow of `req_main`) using
//! `options` (openssl's option grammar; req's own options are defined in
//! `req::options`), `config`, `passwd`, `newkey`, `load` (keys and
//! certificates), `dn_prompt`, `subject`, `print_opts`, `output` (safe file
//! writes), `console` (the standard streams) and `failure` (how errors end a
//! run). Only what the binary and the tests use is `pub`.

pub mod cli;
pub(crate) mod config;
pub(crate) mod console;
pub(crate) mod digest;
pub(crate) mod dn_prompt;
pub(crate) mod durable;
pub(crate) mod engine;
pub(crate) mod failure;
pub(crate) mod ffi;
pub(crate) mod handoff;
pub(crate) mod interrupt;
pub mod line;
pub(crate) mod load;
pub(crate) mod newkey;
pub mod options;
pub(crate) mod output;
pub(crate) mod passwd;
pub(crate) mod print_opts;
pub mod process;
#[cfg(ossl3)]
pub(crate) mod providers;
pub(crate) mod rand;
pub mod req;
pub(crate) mod subject;
pub(crate) mod text;
pub mod version;

/// The OpenSSL version this program was built against (from build.rs).
pub const BUILT_AGAINST_OPENSSL: &str = env!("OPENSSL_REQ_BUILT_AGAINST");
