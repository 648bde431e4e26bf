//! `-newkey` as 3.x's `set_keygen_ctx` (apps/req.c) reads it: the
//! context made from the algorithm's name (`EVP_PKEY_CTX_new_from_name`)
//! or the parameters' key, the size set as the "bits" parameter.
//!
//! Grammar: `[alg:]nbits`, `alg[:file]`, `param:file`, or nothing (RSA of
//! `default_bits`). A parameter file may hold key parameters or a
//! certificate whose key supplies them.

use super::{KeyKind, KeySpec};
use crate::engine::Engine;
use crate::failure::Failure;
use crate::ffi::keygen::KeygenCtx;
use crate::ffi::pkey;
use crate::text;
use std::ffi::CString;

/// `set_keygen_ctx(gstr, &keyalgstr, &newkey_len, keygen_engine)`: the
/// argument read, the parameter file (if any) loaded, then the context.
pub fn keygen_ctx(
    gstr: Option<&[u8]>,
    default_bits: i64,
    engine: Option<&Engine>,
) -> Result<KeySpec, Failure> {
    let NewkeyArg {
        mut keytype,
        mut keylen,
        paramfile,
    } = NewkeyArg::parse(gstr, default_bits)?;
    let mut bits = default_bits;

    let params = match paramfile {
        Some(pf) => {
            let p = super::read_paramfile(pf)?;
            if keytype.is_none() {
                match pkey::type_name(&p) {
                    Some(t) => keytype = Some(t.into_bytes()),
                    None => return Err(Failure::msg("Unable to determine key type\n")),
                }
            }
            Some(p)
        }
        None => None,
    };

    // The type name is a C string: it ends at a NUL, if any.
    let alg_bytes = crate::ffi::name::until_nul(keytype.as_deref().unwrap_or(b"")).to_vec();
    let alg = CString::new(alg_bytes).unwrap_or_default();
    if keylen >= 0 {
        bits = keylen;
    }

    let ctx = match &params {
        Some(p) => {
            if !pkey::is_a(p, &alg) {
                return Err(Failure::msg("Key type does not match parameters\n"));
            }
            let ctx = match engine {
                Some(e) => KeygenCtx::from_params_engine(p, e),
                None => KeygenCtx::from_params(p),
            };
            bits = i64::from(pkey::bits(p));
            ctx
        }
        None => match engine {
            Some(e) => match e.legacy_pkey_id(&alg) {
                0 => None,
                id => KeygenCtx::from_id(id, e),
            },
            None => KeygenCtx::from_name(&alg),
        },
    };
    let Some(ctx) = ctx else {
        return Err(Failure::msg("Error allocating keygen context\n"));
    };
    if !ctx.keygen_init() {
        return Err(Failure::msg("Error initializing keygen context\n"));
    }
    if keylen == -1 && (ctx.is_a("RSA") || ctx.is_a("RSA-PSS")) {
        keylen = bits;
    }
    if keylen != -1 && !ctx.set_bits(keylen as usize) {
        return Err(Failure::msg("Error setting keysize\n"));
    }
    let kind = KeyKind::of(|name| ctx.is_a(name));
    Ok(KeySpec {
        ctx,
        alg,
        bits,
        kind,
    })
}

/// The `-newkey` argument as `set_keygen_ctx` splits it.
struct NewkeyArg<'a> {
    /// The algorithm named (None: take it from the parameter file).
    keytype: Option<Vec<u8>>,
    /// The key length given, or -1.
    keylen: i64,
    paramfile: Option<&'a [u8]>,
}

impl NewkeyArg<'_> {
    fn parse(gstr: Option<&[u8]>, default_bits: i64) -> Result<NewkeyArg<'_>, Failure> {
        let mut keylen: i64 = -1;
        let mut keytype: Option<Vec<u8>> = None;
        let mut expect_paramfile = false;
        let mut second: Option<&[u8]> = None;

        match gstr {
            None => {
                keytype = Some(b"RSA".to_vec());
                keylen = default_bits;
            }
            Some(g) if g.first().is_some_and(u8::is_ascii_digit) => {
                keytype = Some(b"RSA".to_vec());
                second = Some(g);
            }
            Some(g) => {
                let colon = g.iter().position(|&c| c == b':');
                let first = &g[..colon.unwrap_or(g.len())];
                // strncmp(gstr, "param", len): any prefix of "param" counts,
                // the empty one included.
                if b"param".starts_with(first) && first.len() <= 5 {
                    expect_paramfile = true;
                    if colon.is_none() {
                        return Err(Failure::msg(text!(
                            "Parameter file requested but no path given: ",
                            g,
                            "\n"
                        )));
                    }
                } else {
                    keytype = Some(first.to_vec());
                }
                second = colon.map(|c| &g[c + 1..]);
            }
        }

        let mut paramfile: Option<&[u8]> = None;
        if let Some(s) = second {
            if !expect_paramfile && s.first().is_some_and(u8::is_ascii_digit) {
                // `keylen = atol(gstr)`; a C long is 32 bits on some systems.
                #[allow(clippy::useless_conversion)]
                {
                    keylen = i64::from(crate::ffi::number::atol(s));
                }
            } else {
                paramfile = Some(s);
            }
        }
        Ok(NewkeyArg {
            keytype,
            keylen,
            paramfile,
        })
    }
}
