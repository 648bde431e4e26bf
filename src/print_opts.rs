//! `-nameopt` and `-reqopt`: comma-separated flag names, each optionally
//! prefixed with `-` (clear) or `+` (set), looked up case-insensitively in
//! openssl's tables (`set_name_ex`, `set_cert_ex`, `set_multi_opts` in
//! apps/lib/apps.c). The list itself is split by libcrypto's
//! `X509V3_parse_list`, as in openssl.

const ESC_2253: u64 = 1;
const ESC_CTRL: u64 = 2;
const ESC_MSB: u64 = 4;
const ESC_QUOTE: u64 = 8;
const UTF8_CONVERT: u64 = 0x10;
const DUMP_UNKNOWN: u64 = 0x100;
const DUMP_DER: u64 = 0x200;
const STR_RFC2253: u64 = ESC_2253 | ESC_CTRL | ESC_MSB | UTF8_CONVERT | DUMP_UNKNOWN | DUMP_DER;

pub const XN_FLAG_COMPAT: u64 = 0;
pub const XN_FLAG_SEP_MASK: u64 = 0xf << 16;
const SEP_COMMA_PLUS: u64 = 1 << 16;
pub const XN_FLAG_SEP_CPLUS_SPC: u64 = 2 << 16;
const SEP_SPLUS_SPC: u64 = 3 << 16;
pub const XN_FLAG_SEP_MULTILINE: u64 = 4 << 16;
const DN_REV: u64 = 1 << 20;
const FN_MASK: u64 = 0x3 << 21;
const FN_SN: u64 = 0;
const FN_LN: u64 = 1 << 21;
const FN_OID: u64 = 2 << 21;
const FN_NONE: u64 = 3 << 21;
const SPC_EQ: u64 = 1 << 23;
const DUMP_UNKNOWN_FIELDS: u64 = 1 << 24;
const FN_ALIGN: u64 = 1 << 25;
const XN_RFC2253: u64 = STR_RFC2253 | SEP_COMMA_PLUS | DN_REV | FN_SN | DUMP_UNKNOWN_FIELDS;
pub const XN_FLAG_ONELINE: u64 = STR_RFC2253 | ESC_QUOTE | XN_FLAG_SEP_CPLUS_SPC | SPC_EQ | FN_SN;
/// `get_nameopt()`'s default from 3.2.0 to 3.4.1: UTF-8, `C=AU`.
pub const XN_FLAG_UTF8_3_2: u64 = XN_FLAG_SEP_CPLUS_SPC | UTF8_CONVERT;
/// `get_nameopt()`'s default since 3.4.2 (3.2's UTF-8 names, with control
/// characters escaped and unknown string types dumped).
pub const XN_FLAG_UTF8_DEFAULT: u64 =
    XN_FLAG_SEP_CPLUS_SPC | FN_SN | ESC_CTRL | UTF8_CONVERT | DUMP_UNKNOWN | DUMP_DER;
const XN_MULTILINE: u64 = ESC_CTRL | ESC_MSB | XN_FLAG_SEP_MULTILINE | SPC_EQ | FN_LN | FN_ALIGN;

const ALL: u64 = 0xffff_ffff;

/// `(name, flag, mask)` as `NAME_EX_TBL`.
type Row = (&'static str, u64, u64);

const NAME_TABLE: &[Row] = &[
    ("esc_2253", ESC_2253, 0),
    ("esc_2254", 0x400, 0),
    ("esc_ctrl", ESC_CTRL, 0),
    ("esc_msb", ESC_MSB, 0),
    ("use_quote", ESC_QUOTE, 0),
    ("utf8", UTF8_CONVERT, 0),
    ("ignore_type", 0x20, 0),
    ("show_type", 0x40, 0),
    ("dump_all", 0x80, 0),
    ("dump_nostr", DUMP_UNKNOWN, 0),
    ("dump_der", DUMP_DER, 0),
    ("compat", XN_FLAG_COMPAT, ALL),
    ("sep_comma_plus", SEP_COMMA_PLUS, XN_FLAG_SEP_MASK),
    (
        "sep_comma_plus_space",
        XN_FLAG_SEP_CPLUS_SPC,
        XN_FLAG_SEP_MASK,
    ),
    ("sep_semi_plus_space", SEP_SPLUS_SPC, XN_FLAG_SEP_MASK),
    ("sep_multiline", XN_FLAG_SEP_MULTILINE, XN_FLAG_SEP_MASK),
    ("dn_rev", DN_REV, 0),
    ("nofname", FN_NONE, FN_MASK),
    ("sname", FN_SN, FN_MASK),
    ("lname", FN_LN, FN_MASK),
    ("align", FN_ALIGN, 0),
    ("oid", FN_OID, FN_MASK),
    ("space_eq", SPC_EQ, 0),
    ("dump_unknown", DUMP_UNKNOWN_FIELDS, 0),
    ("RFC2253", XN_RFC2253, ALL),
    ("oneline", XN_FLAG_ONELINE, ALL),
    ("multiline", XN_MULTILINE, ALL),
    ("ca_default", XN_MULTILINE, ALL),
];

const X509_FLAG_COMPAT: u64 = 0;
const NO_HEADER: u64 = 1;
const NO_VERSION: u64 = 1 << 1;
const NO_ISSUER: u64 = 1 << 4;
const NO_PUBKEY: u64 = 1 << 7;
const X509_FLAG_CA: u64 = NO_ISSUER | NO_PUBKEY | NO_HEADER | NO_VERSION;
const EXT_UNKNOWN_MASK: u64 = 0xf << 16;

const CERT_TABLE: &[Row] = &[
    ("compatible", X509_FLAG_COMPAT, ALL),
    ("ca_default", X509_FLAG_CA, ALL),
    ("no_header", NO_HEADER, 0),
    ("no_version", NO_VERSION, 0),
    ("no_serial", 1 << 2, 0),
    ("no_signame", 1 << 3, 0),
    ("no_validity", 1 << 5, 0),
    ("no_subject", 1 << 6, 0),
    ("no_issuer", NO_ISSUER, 0),
    ("no_pubkey", NO_PUBKEY, 0),
    ("no_extensions", 1 << 8, 0),
    ("no_sigdump", 1 << 9, 0),
    ("no_aux", 1 << 10, 0),
    ("no_attributes", 1 << 11, 0),
    ("ext_default", 0, EXT_UNKNOWN_MASK),
    ("ext_error", 1 << 16, EXT_UNKNOWN_MASK),
    ("ext_parse", 2 << 16, EXT_UNKNOWN_MASK),
    ("ext_dump", 3 << 16, EXT_UNKNOWN_MASK),
];

/// `set_multi_opts`: every name is applied; false if any was unknown.
fn set_multi(flags: &mut u64, arg: &[u8], table: &[Row]) -> bool {
    let mut ok = true;
    for name in crate::ffi::conf::parse_list(arg) {
        let (set, n) = match name.first() {
            Some(b'-') => (false, &name[1..]),
            Some(b'+') => (true, &name[1..]),
            _ => (true, &name[..]),
        };
        match table
            .iter()
            .find(|(t, _, _)| t.as_bytes().eq_ignore_ascii_case(n))
        {
            Some(&(_, flag, mask)) => {
                *flags &= !mask;
                if set {
                    *flags |= flag;
                } else {
                    *flags &= !flag;
                }
            }
            None => ok = false,
        }
    }
    ok
}

/// `set_name_ex` on the accumulated `-nameopt` flags (starting at 0).
pub fn set_name_ex(flags: &mut u64, arg: &[u8]) -> bool {
    if !set_multi(flags, arg, NAME_TABLE) {
        return false;
    }
    if *flags != XN_FLAG_COMPAT && *flags & XN_FLAG_SEP_MASK == 0 {
        *flags |= XN_FLAG_SEP_CPLUS_SPC;
    }
    true
}

/// `set_cert_ex` on the accumulated `-reqopt` flags.
pub fn set_cert_ex(flags: &mut u64, arg: &[u8]) -> bool {
    set_multi(flags, arg, CERT_TABLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nameopt_adds_the_default_separator() {
        let mut f = 0;
        assert!(set_name_ex(&mut f, b"utf8"));
        assert_eq!(f, UTF8_CONVERT | XN_FLAG_SEP_CPLUS_SPC);
    }

    #[test]
    fn nameopt_names_are_case_insensitive_and_can_be_negated() {
        let mut f = 0;
        assert!(set_name_ex(&mut f, b"ONELINE,-esc_msb"));
        assert_eq!(f, XN_FLAG_ONELINE & !ESC_MSB);
        assert!(!set_name_ex(&mut f, b"bogus"));
    }

    #[test]
    fn reqopt_tables() {
        let mut f = 0;
        assert!(set_cert_ex(&mut f, b"no_pubkey,ext_dump"));
        assert_eq!(f, NO_PUBKEY | (3 << 16));
    }
}
