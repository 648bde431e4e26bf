//! The test suite, one binary (as uutils' tests/tests.rs): each module is a
//! topic of `openssl req`'s behaviour, all built on the differential harness
//! in `common` (compiled once). Run one module with a filter on its path:
//!
//! ```text
//! cargo test --test suite -- options::     # the tests of options.rs
//! cargo test --test suite -- keys::newkey_ec
//! ```
//!
//! The differential fuzzer is the ignored test `difffuzz::difffuzz`, run by
//! `tools/difffuzz`.

mod common;
mod deliberate;

mod built_in_config;
mod certificates;
mod config;
mod difffuzz;
mod extensions;
mod fuzz_found;
mod hardware;
mod harness_selftest;
mod invocation;
mod keys;
mod new_request;
mod openssl_link;
mod options;
mod other_options;
mod output_files;
mod passphrases;
mod platform;
mod printing;
mod prompts;
mod reading;
mod release_lines;
mod seed_command;
mod signing;
mod subject;
mod terminal;
