//! `openssl-req`: a behaviour-exact `openssl req` of the OpenSSL release
//! line it is built against (see `line`), on
//! rust-openssl. The command-line layer of openssl's apps/ is re-written
//! here in Rust; everything cryptographic, the config language, extension
//! sections, printers and error queues are libcrypto's own (`ffi`).
//!
//! Module map: `cli` (invocation) → `req` (the flow of `req_main`) using
//! `options` (table and grammar), `config`, `passwd`, `newkey`,
//! `dn_prompt`, `subject`, `print_opts`, `output` (safe file writes),
//! `console` (the standard streams) and `failure` (how errors end a run).

pub mod cli;
pub mod config;
pub mod console;
pub mod digest;
pub mod dn_prompt;
pub mod durable;
pub mod engine;
pub mod failure;
pub mod ffi;
pub mod handoff;
pub mod interrupt;
pub mod line;
pub mod load;
pub mod newkey;
pub mod options;
pub mod output;
pub mod passwd;
pub mod print_opts;
pub mod process;
pub mod providers;
pub mod rand;
pub mod req;
pub mod subject;
pub mod text;

/// The OpenSSL version this program was built against (from build.rs).
pub const BUILT_AGAINST_OPENSSL: &str = env!("OPENSSL_REQ_BUILT_AGAINST");
