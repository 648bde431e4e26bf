//! Loading a key or certificate for `req`. 3.x's apps/ load through
//! `OSSL_STORE` (`load_key_certs_crls`, `store`); 1.1.1's read each format
//! with its own call (`load_key` of 1.1.1's apps/apps.c, `by_format`).
//! src/line.rs (`strategy::load`) picks the line's.

#[cfg(not(ossl3))]
pub mod by_format;
#[cfg(ossl3)]
pub mod store;
