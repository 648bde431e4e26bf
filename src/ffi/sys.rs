//! Every libcrypto declaration `ffi` uses, in one place: those
//! `openssl-sys` declares with the signature the wrappers need are
//! re-exported from it (one declaration each, theirs); the rest are
//! declared here, the ENGINE ones only where the library has engines.
//!
//! Nothing outside `ffi` uses these directly: the safe wrappers in the
//! sibling modules own every pointer that comes out of here.
#![allow(non_camel_case_types, non_snake_case)]

use libc::{c_char, c_int, c_long, c_ulong, c_void, size_t};
// The types, and the functions openssl-sys declares with the signature
// these wrappers need: one declaration of each.
#[cfg(ossl3)]
pub use openssl_sys::ERR_peek_last_error;
pub use openssl_sys::{
    ASN1_INTEGER, ASN1_TIME, BIGNUM, BIO, BIO_METHOD, CONF, ENGINE, EVP_CIPHER, EVP_MD_CTX,
    EVP_PKEY, EVP_PKEY_CTX, OPENSSL_STACK, X509, X509_EXTENSION, X509_NAME, X509_REQ, X509V3_CTX,
};
pub use openssl_sys::{
    ASN1_INTEGER_free, ASN1_STRING_length, ASN1_TIME_set_string_X509, BIO_ctrl, BIO_free_all,
    BIO_new, BIO_new_fp, BIO_s_mem, BIO_write, BN_free, BN_new, BN_rand, BN_to_ASN1_INTEGER,
    CRYPTO_free, ERR_clear_error, EVP_MD_CTX_free, EVP_MD_CTX_new, EVP_PKEY_CTX_free,
    EVP_PKEY_CTX_new, EVP_PKEY_CTX_new_id, EVP_PKEY_free, EVP_PKEY_keygen, EVP_PKEY_keygen_init,
    EVP_get_cipherbyname, EVP_get_digestbyname, NCONF_free, OBJ_create, OPENSSL_init_ssl,
    OPENSSL_sk_num, OPENSSL_sk_pop_free, OPENSSL_sk_value, OpenSSL_version_num, PEM_read_bio_X509,
    PEM_read_bio_X509_REQ, PEM_write_bio_PUBKEY, PEM_write_bio_PrivateKey, PEM_write_bio_X509,
    PEM_write_bio_X509_REQ, RAND_status, X509_EXTENSION_free, X509_EXTENSION_get_data,
    X509_EXTENSION_get_object, X509_NAME_add_entry_by_NID, X509_NAME_add_entry_by_txt,
    X509_NAME_entry_count, X509_REQ_add1_attr_by_NID, X509_REQ_add1_attr_by_txt,
    X509_REQ_get_extensions, X509_REQ_get_subject_name, X509_REQ_set_pubkey,
    X509_REQ_set_subject_name, X509_REQ_set_version, X509_add_ext, X509_add1_ext_i2d,
    X509_delete_ext, X509_free, X509_get_ext_by_OBJ, X509_get_pubkey, X509_get_serialNumber,
    X509_get0_extensions, X509_getm_notAfter, X509_getm_notBefore, X509_gmtime_adj,
    X509_set_issuer_name, X509_set_pubkey, X509_set_serialNumber, X509_set_subject_name,
    X509_set_version, X509V3_EXT_nconf, X509V3_set_ctx, X509V3_set_nconf, X509v3_get_ext,
    X509v3_get_ext_by_OBJ, i2d_X509_REQ_bio, i2d_X509_bio,
};
#[cfg(ossl3)]
pub use openssl_sys::{OSSL_LIB_CTX, OSSL_PARAM, OSSL_PROVIDER};
// The 3.x API that 1.1.1 lacks (library contexts, providers, fetching,
// OSSL_PARAM): openssl-sys declares it only for 3.x.
#[cfg(ossl3)]
pub use openssl_sys::{
    EVP_MD_fetch, EVP_MD_free, EVP_PKEY_CTX_new_from_name, EVP_PKEY_CTX_set_params,
    EVP_PKEY_get_bits, EVP_PKEY_get_bn_param, EVP_PKEY_is_a, OSSL_PARAM_construct_end,
    OSSL_PROVIDER_load, OSSL_PROVIDER_set_default_search_path, OSSL_PROVIDER_unload,
};

/// `CONF_VALUE` from `<openssl/conf.h>`: one `name = value` line of a section.
#[repr(C)]
pub struct CONF_VALUE {
    pub section: *mut c_char,
    pub name: *mut c_char,
    pub value: *mut c_char,
}

#[cfg(ossl3)]
pub enum OSSL_STORE_CTX {}
#[cfg(ossl3)]
pub enum OSSL_STORE_INFO {}
pub enum UI_METHOD {}
pub enum UI {}
pub enum UI_STRING {}

#[cfg(ossl3)]
pub type OSSL_STORE_post_process_info_fn =
    Option<unsafe extern "C" fn(*mut OSSL_STORE_INFO, *mut c_void) -> *mut OSSL_STORE_INFO>;
pub type EVP_PKEY_gen_cb = unsafe extern "C" fn(*mut EVP_PKEY_CTX) -> c_int;

pub const OPENSSL_INIT_LOAD_CONFIG: u64 = 0x0000_0040;
pub const OPENSSL_INIT_NO_LOAD_SSL_STRINGS: u64 = 0x0010_0000;
pub const OPENSSL_INIT_ENGINE_ALL_BUILTIN: u64 =
    0x0000_0200 | 0x0000_0400 | 0x0000_1000 | 0x0000_4000;
pub const BIO_NOCLOSE: c_int = 0x00;
pub const BIO_CLOSE: c_int = 0x01;
pub const BIO_FP_TEXT: c_int = 0x10;
pub const BIO_CTRL_RESET: c_int = 1;
pub const BIO_CTRL_INFO: c_int = 3;
pub const BIO_CTRL_FLUSH: c_int = 11;
#[cfg(ossl3)]
pub const BIO_CTRL_SET_PREFIX: c_int = 79;
pub const BIO_C_SET_BUF_MEM_EOF_RETURN: c_int = 130;
pub const MBSTRING_UTF8: c_int = 0x1000;
pub const MBSTRING_ASC: c_int = 0x1001;
pub const X509V3_CTX_TEST: c_int = 0x1;
pub const X509V3_CTX_REPLACE: c_int = 0x2;
pub const PEM_R_PROBLEMS_GETTING_PASSWORD: c_int = 109;
#[cfg(all(engines, ossl3))]
pub const OSSL_STORE_INFO_PUBKEY: c_int = 3;
#[cfg(ossl3)]
pub const OSSL_STORE_INFO_PKEY: c_int = 4;
#[cfg(ossl3)]
pub const OSSL_STORE_INFO_CERT: c_int = 5;
pub const UI_INPUT_FLAG_DEFAULT_PWD: c_int = 0x02;
pub const UIT_PROMPT: c_int = 1;
pub const UIT_VERIFY: c_int = 2;
pub const NID_CT_PRECERT_POISON: c_int = 952;

unsafe extern "C" {
    // init
    pub fn OPENSSL_cleanse(ptr: *mut c_void, len: size_t);

    // BIO
    pub fn BIO_new_file(filename: *const c_char, mode: *const c_char) -> *mut BIO;
    pub fn BIO_new_fd(fd: c_int, close_flag: c_int) -> *mut BIO;
    pub fn BIO_f_buffer() -> *const BIO_METHOD;
    pub fn BIO_push(b: *mut BIO, append: *mut BIO) -> *mut BIO;
    pub fn BIO_gets(b: *mut BIO, buf: *mut c_char, size: c_int) -> c_int;

    // errors
    pub fn ERR_print_errors(bp: *mut BIO);
    pub fn ERR_peek_error() -> c_ulong;
    #[cfg(provider_conf_params)]
    pub fn OSSL_PROVIDER_do_all(
        ctx: *mut OSSL_LIB_CTX,
        cb: Option<unsafe extern "C" fn(*mut OSSL_PROVIDER, *mut c_void) -> c_int>,
        cbdata: *mut c_void,
    ) -> c_int;
    #[cfg(provider_conf_params)]
    pub fn OSSL_PROVIDER_get0_name(prov: *const OSSL_PROVIDER) -> *const c_char;
    #[cfg(provider_conf_params)]
    pub fn OSSL_PROVIDER_add_conf_parameter(
        prov: *mut OSSL_PROVIDER,
        name: *const c_char,
        value: *const c_char,
    ) -> c_int;
    pub fn CRYPTO_secure_malloc_init(size: size_t, minsize: size_t) -> c_int;
    pub fn CRYPTO_secure_malloc_done() -> c_int;
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;
    pub fn ERR_clear_last_mark() -> c_int;

    // config
    pub fn CONF_get1_default_config_file() -> *mut c_char;
    pub fn NCONF_load_bio(conf: *mut CONF, bp: *mut BIO, eline: *mut c_long) -> c_int;
    pub fn NCONF_get_string(
        conf: *const CONF,
        group: *const c_char,
        name: *const c_char,
    ) -> *mut c_char;
    pub fn NCONF_get_number_e(
        conf: *const CONF,
        group: *const c_char,
        name: *const c_char,
        result: *mut c_long,
    ) -> c_int;
    pub fn NCONF_get_section(conf: *const CONF, section: *const c_char) -> *mut OPENSSL_STACK;
    pub fn CONF_modules_load(cnf: *const CONF, appname: *const c_char, flags: c_ulong) -> c_int;
    pub fn X509V3_parse_list(line: *const c_char) -> *mut OPENSSL_STACK;
    pub fn X509V3_conf_free(val: *mut c_void);

    // objects and strings
    pub fn OBJ_txt2nid(s: *const c_char) -> c_int;
    pub fn OBJ_create_objects(input: *mut BIO) -> c_int;
    pub fn ASN1_STRING_set_default_mask_asc(p: *const c_char) -> c_int;
    pub fn s2i_ASN1_INTEGER(method: *mut c_void, value: *const c_char) -> *mut ASN1_INTEGER;

    // names
    pub fn X509_NAME_print_ex(
        out: *mut BIO,
        nm: *const X509_NAME,
        indent: c_int,
        flags: c_ulong,
    ) -> c_int;
    pub fn X509_NAME_oneline(a: *const X509_NAME, buf: *mut c_char, size: c_int) -> *mut c_char;

    // requests
    pub fn X509_REQ_get0_pubkey(req: *const X509_REQ) -> *mut EVP_PKEY;
    pub fn X509_REQ_sign_ctx(req: *mut X509_REQ, ctx: *mut EVP_MD_CTX) -> c_int;
    pub fn X509_REQ_print_ex(
        bp: *mut BIO,
        x: *mut X509_REQ,
        nmflag: c_ulong,
        cflag: c_ulong,
    ) -> c_int;
    pub fn PEM_write_bio_X509_REQ_NEW(bp: *mut BIO, x: *const X509_REQ) -> c_int;
    pub fn d2i_X509_REQ_bio(bp: *mut BIO, x: *mut *mut X509_REQ) -> *mut X509_REQ;

    // certificates
    pub fn X509_get0_pubkey(x: *const X509) -> *mut EVP_PKEY;
    pub fn ASN1_TIME_compare(a: *const ASN1_TIME, b: *const ASN1_TIME) -> c_int;
    pub fn X509_time_adj_ex(
        s: *mut ASN1_TIME,
        offset_day: c_int,
        offset_sec: c_long,
        in_tm: *mut libc::time_t,
    ) -> *mut ASN1_TIME;
    pub fn X509_check_private_key(x: *const X509, pkey: *const EVP_PKEY) -> c_int;
    pub fn X509_sign_ctx(x: *mut X509, ctx: *mut EVP_MD_CTX) -> c_int;
    pub fn X509_print_ex(bp: *mut BIO, x: *mut X509, nmflag: c_ulong, cflag: c_ulong) -> c_int;
    pub fn BN_print(bio: *mut BIO, a: *const BIGNUM) -> c_int;

    // extensions
    pub fn X509V3_EXT_add_nconf(
        conf: *mut CONF,
        ctx: *mut X509V3_CTX,
        section: *const c_char,
        cert: *mut X509,
    ) -> c_int;
    pub fn X509V3_EXT_REQ_add_nconf(
        conf: *mut CONF,
        ctx: *mut X509V3_CTX,
        section: *const c_char,
        req: *mut X509_REQ,
    ) -> c_int;

    // keys
    pub fn EVP_PKEY_CTX_set_cb(ctx: *mut EVP_PKEY_CTX, cb: Option<EVP_PKEY_gen_cb>);
    pub fn EVP_PKEY_CTX_get_keygen_info(ctx: *mut EVP_PKEY_CTX, idx: c_int) -> c_int;
    pub fn EVP_PKEY_CTX_set_app_data(ctx: *mut EVP_PKEY_CTX, data: *mut c_void);
    pub fn EVP_PKEY_CTX_get_app_data(ctx: *mut EVP_PKEY_CTX) -> *mut c_void;
    pub fn EVP_PKEY_CTX_ctrl_str(
        ctx: *mut EVP_PKEY_CTX,
        ty: *const c_char,
        value: *const c_char,
    ) -> c_int;
    pub fn PEM_read_bio_Parameters(bp: *mut BIO, x: *mut *mut EVP_PKEY) -> *mut EVP_PKEY;
    pub fn RAND_load_file(file: *const c_char, max_bytes: c_long) -> c_int;
    pub fn RAND_write_file(file: *const c_char) -> c_int;

    // signing

    // loading

    // pass-phrase UI
    pub fn UI_OpenSSL() -> *const UI_METHOD;
    pub fn UI_create_method(name: *const c_char) -> *mut UI_METHOD;
    pub fn UI_method_set_opener(
        method: *mut UI_METHOD,
        opener: Option<unsafe extern "C" fn(*mut UI) -> c_int>,
    ) -> c_int;
    pub fn UI_method_set_reader(
        method: *mut UI_METHOD,
        reader: Option<unsafe extern "C" fn(*mut UI, *mut UI_STRING) -> c_int>,
    ) -> c_int;
    pub fn UI_method_set_writer(
        method: *mut UI_METHOD,
        writer: Option<unsafe extern "C" fn(*mut UI, *mut UI_STRING) -> c_int>,
    ) -> c_int;
    pub fn UI_method_set_closer(
        method: *mut UI_METHOD,
        closer: Option<unsafe extern "C" fn(*mut UI) -> c_int>,
    ) -> c_int;
    #[cfg(ossl3)]
    pub fn UI_method_set_prompt_constructor(
        method: *mut UI_METHOD,
        prompt_constructor: Option<
            unsafe extern "C" fn(*mut UI, *const c_char, *const c_char) -> *mut c_char,
        >,
    ) -> c_int;
    pub fn UI_method_get_opener(
        method: *const UI_METHOD,
    ) -> Option<unsafe extern "C" fn(*mut UI) -> c_int>;
    pub fn UI_method_get_reader(
        method: *const UI_METHOD,
    ) -> Option<unsafe extern "C" fn(*mut UI, *mut UI_STRING) -> c_int>;
    pub fn UI_method_get_writer(
        method: *const UI_METHOD,
    ) -> Option<unsafe extern "C" fn(*mut UI, *mut UI_STRING) -> c_int>;
    pub fn UI_method_get_closer(
        method: *const UI_METHOD,
    ) -> Option<unsafe extern "C" fn(*mut UI) -> c_int>;
    pub fn UI_get_input_flags(uis: *mut UI_STRING) -> c_int;
    pub fn UI_get_string_type(uis: *mut UI_STRING) -> c_int;
    pub fn UI_get0_user_data(ui: *mut UI) -> *mut c_void;
    pub fn UI_set_result(ui: *mut UI, uis: *mut UI_STRING, result: *const c_char) -> c_int;
    pub fn UI_construct_prompt(
        ui_method: *mut UI,
        phrase_desc: *const c_char,
        object_name: *const c_char,
    ) -> *mut c_char;

    // providers
}

// What 1.1.1's apps/ `password_callback` and `load_key` call (the key read
// by its format, the pass phrase asked through the app's UI).
#[cfg(not(ossl3))]
unsafe extern "C" {
    pub fn UI_new_method(method: *const UI_METHOD) -> *mut UI;
    pub fn UI_free(ui: *mut UI);
    pub fn UI_ctrl(
        ui: *mut UI,
        cmd: c_int,
        i: c_long,
        p: *mut c_void,
        f: Option<unsafe extern "C" fn()>,
    ) -> c_int;
    pub fn UI_add_user_data(ui: *mut UI, user_data: *mut c_void) -> *mut c_void;
    pub fn UI_add_input_string(
        ui: *mut UI,
        prompt: *const c_char,
        flags: c_int,
        result_buf: *mut c_char,
        minsize: c_int,
        maxsize: c_int,
    ) -> c_int;
    pub fn UI_add_verify_string(
        ui: *mut UI,
        prompt: *const c_char,
        flags: c_int,
        result_buf: *mut c_char,
        minsize: c_int,
        maxsize: c_int,
        test_buf: *const c_char,
    ) -> c_int;
    pub fn UI_process(ui: *mut UI) -> c_int;
    pub fn d2i_PrivateKey_bio(bp: *mut BIO, a: *mut *mut EVP_PKEY) -> *mut EVP_PKEY;
    pub fn b2i_PrivateKey_bio(bp: *mut BIO) -> *mut EVP_PKEY;
    pub fn b2i_PVK_bio(bp: *mut BIO, cb: pem_password_cb, u: *mut c_void) -> *mut EVP_PKEY;
    pub fn d2i_PKCS12_bio(bp: *mut BIO, p12: *mut *mut PKCS12) -> *mut PKCS12;
    pub fn PKCS12_verify_mac(p12: *mut PKCS12, pass: *const c_char, passlen: c_int) -> c_int;
}
#[cfg(not(ossl3))]
pub use openssl_sys::{
    PEM_read_bio_PrivateKey, PKCS12, PKCS12_free, PKCS12_parse, pem_password_cb,
};
#[cfg(not(ossl3))]
pub const UI_CTRL_PRINT_ERRORS: c_int = 1;
#[cfg(not(ossl3))]
pub const UI_CTRL_IS_REDOABLE: c_int = 2;

// The ENGINE API and engine-backed store loaders (apps/lib/engine.c,
// apps/lib/engine_loader.c): only where the library has engines (and the
// loaders only with 3.x's store).
#[cfg(all(engines, ossl3))]
pub enum OSSL_STORE_LOADER {}
#[cfg(all(engines, ossl3))]
pub enum OSSL_STORE_LOADER_CTX {}
#[cfg(all(engines, ossl3))]
pub type OSSL_STORE_open_fn = unsafe extern "C" fn(
    *const OSSL_STORE_LOADER,
    *const c_char,
    *const UI_METHOD,
    *mut c_void,
) -> *mut OSSL_STORE_LOADER_CTX;
#[cfg(all(engines, ossl3))]
pub type OSSL_STORE_expect_fn = unsafe extern "C" fn(*mut OSSL_STORE_LOADER_CTX, c_int) -> c_int;
#[cfg(all(engines, ossl3))]
pub type OSSL_STORE_load_fn = unsafe extern "C" fn(
    *mut OSSL_STORE_LOADER_CTX,
    *const UI_METHOD,
    *mut c_void,
) -> *mut OSSL_STORE_INFO;
#[cfg(all(engines, ossl3))]
pub type OSSL_STORE_ctx_fn = unsafe extern "C" fn(*mut OSSL_STORE_LOADER_CTX) -> c_int;

#[cfg(engines)]
unsafe extern "C" {
    pub fn ENGINE_by_id(id: *const c_char) -> *mut ENGINE;
    pub fn ENGINE_free(e: *mut ENGINE) -> c_int;
    pub fn ENGINE_ctrl_cmd_string(
        e: *mut ENGINE,
        cmd: *const c_char,
        arg: *const c_char,
        optional: c_int,
    ) -> c_int;
    pub fn ENGINE_ctrl_cmd(
        e: *mut ENGINE,
        cmd: *const c_char,
        i: c_long,
        p: *mut c_void,
        f: Option<unsafe extern "C" fn()>,
        optional: c_int,
    ) -> c_int;
    pub fn ENGINE_set_default(e: *mut ENGINE, flags: libc::c_uint) -> c_int;
    pub fn ENGINE_get_id(e: *const ENGINE) -> *const c_char;
    pub fn ENGINE_register_all_complete() -> c_int;
    pub fn ENGINE_finish(e: *mut ENGINE) -> c_int;
    pub fn ENGINE_get_pkey_asn1_meth_str(
        e: *mut ENGINE,
        s: *const c_char,
        len: c_int,
    ) -> *const c_void;

    pub fn ENGINE_init(e: *mut ENGINE) -> c_int;
    pub fn ENGINE_load_private_key(
        e: *mut ENGINE,
        key_id: *const c_char,
        ui_method: *mut UI_METHOD,
        callback_data: *mut c_void,
    ) -> *mut EVP_PKEY;
}

unsafe extern "C" {}

// The 3.x calls 1.1.1 does not have: with a library context and property
// query (`_ex`), key-type names, OSSL_PARAM, OSSL_STORE's 3.x entry points,
// certificates over HTTP. On 1.1.1 the same jobs are done by the calls of
// 1.1.1's apps/ (`before_3` below, and the strategies chosen in
// src/line.rs).
#[cfg(ossl3)]
unsafe extern "C" {
    pub fn OSSL_STORE_expect(ctx: *mut OSSL_STORE_CTX, expected_type: c_int) -> c_int;
    pub fn OSSL_STORE_load(ctx: *mut OSSL_STORE_CTX) -> *mut OSSL_STORE_INFO;
    pub fn OSSL_STORE_eof(ctx: *mut OSSL_STORE_CTX) -> c_int;
    pub fn OSSL_STORE_close(ctx: *mut OSSL_STORE_CTX) -> c_int;
    pub fn OSSL_STORE_INFO_get_type(info: *const OSSL_STORE_INFO) -> c_int;
    pub fn OSSL_STORE_INFO_get1_PKEY(info: *const OSSL_STORE_INFO) -> *mut EVP_PKEY;
    pub fn OSSL_STORE_INFO_get1_CERT(info: *const OSSL_STORE_INFO) -> *mut X509;
    pub fn OSSL_STORE_INFO_free(info: *mut OSSL_STORE_INFO);
    pub fn OSSL_STORE_INFO_type_string(ty: c_int) -> *const c_char;
    pub fn OPENSSL_hexstr2buf(s: *const c_char, len: *mut c_long) -> *mut u8;
    pub fn BIO_f_prefix() -> *const BIO_METHOD;
    pub fn NCONF_new_ex(libctx: *mut OSSL_LIB_CTX, meth: *mut c_void) -> *mut CONF;
    pub fn X509_REQ_new_ex(libctx: *mut OSSL_LIB_CTX, propq: *const c_char) -> *mut X509_REQ;
    pub fn X509_REQ_verify_ex(
        req: *mut X509_REQ,
        pkey: *mut EVP_PKEY,
        libctx: *mut OSSL_LIB_CTX,
        propq: *const c_char,
    ) -> c_int;
    pub fn X509_new_ex(libctx: *mut OSSL_LIB_CTX, propq: *const c_char) -> *mut X509;
    pub fn X509V3_set_issuer_pkey(ctx: *mut X509V3_CTX, pkey: *mut EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_CTX_new_from_pkey(
        libctx: *mut OSSL_LIB_CTX,
        pkey: *mut EVP_PKEY,
        propquery: *const c_char,
    ) -> *mut EVP_PKEY_CTX;
    pub fn EVP_PKEY_CTX_is_a(ctx: *mut EVP_PKEY_CTX, keytype: *const c_char) -> c_int;
    pub fn OSSL_PARAM_construct_size_t(key: *const c_char, buf: *mut size_t) -> OSSL_PARAM;
    pub fn EVP_PKEY_get0_type_name(key: *const EVP_PKEY) -> *const c_char;
    pub fn EVP_PKEY_get_default_digest_name(
        pkey: *mut EVP_PKEY,
        mdname: *mut c_char,
        mdname_sz: size_t,
    ) -> c_int;
    pub fn EVP_DigestSignInit_ex(
        ctx: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        mdname: *const c_char,
        libctx: *mut OSSL_LIB_CTX,
        props: *const c_char,
        pkey: *mut EVP_PKEY,
        params: *const OSSL_PARAM,
    ) -> c_int;
    pub fn OSSL_STORE_open_ex(
        uri: *const c_char,
        libctx: *mut OSSL_LIB_CTX,
        propq: *const c_char,
        ui_method: *const UI_METHOD,
        ui_data: *mut c_void,
        params: *const OSSL_PARAM,
        post_process: OSSL_STORE_post_process_info_fn,
        post_process_data: *mut c_void,
    ) -> *mut OSSL_STORE_CTX;
    pub fn OSSL_STORE_attach(
        bio: *mut BIO,
        scheme: *const c_char,
        libctx: *mut OSSL_LIB_CTX,
        propq: *const c_char,
        ui_method: *const UI_METHOD,
        ui_data: *mut c_void,
        params: *const OSSL_PARAM,
        post_process: OSSL_STORE_post_process_info_fn,
        post_process_data: *mut c_void,
    ) -> *mut OSSL_STORE_CTX;
    pub fn OSSL_PARAM_construct_utf8_string(
        key: *const c_char,
        buf: *mut c_char,
        bsize: size_t,
    ) -> OSSL_PARAM;
    pub fn X509_REQ_set0_distinguishing_id(
        req: *mut X509_REQ,
        id: *mut openssl_sys::ASN1_OCTET_STRING,
    );
    pub fn X509_load_http(
        url: *const c_char,
        bio: *mut BIO,
        rbio: *mut BIO,
        timeout: c_int,
    ) -> *mut X509;
}

// Key algorithms by their ASN.1 methods: how an engine's algorithm is found
// (`get_legacy_pkey_id`), and how 1.1.1's `set_keygen_ctx` finds every one.
#[cfg(any(engines, not(ossl3)))]
unsafe extern "C" {
    pub fn EVP_PKEY_asn1_find_str(
        pe: *mut *mut ENGINE,
        s: *const c_char,
        len: c_int,
    ) -> *const c_void;
    pub fn EVP_PKEY_asn1_get0_info(
        ppkey_id: *mut c_int,
        pkey_base_id: *mut c_int,
        ppkey_flags: *mut c_int,
        pinfo: *mut *const c_char,
        ppem_str: *mut *const c_char,
        ameth: *const c_void,
    ) -> c_int;
}

// What 1.1.1's apps/ call where 3.x's call the functions above that 1.1.1
// lacks (see `before_3`).
#[cfg(not(ossl3))]
unsafe extern "C" {
    pub fn X509_REQ_new() -> *mut X509_REQ;
    pub fn X509_new() -> *mut X509;
    pub fn NCONF_new(meth: *mut c_void) -> *mut CONF;
    pub fn X509_REQ_verify(req: *mut X509_REQ, pkey: *mut EVP_PKEY) -> c_int;
    pub fn EVP_DigestSignInit(
        ctx: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        md: *const openssl_sys::EVP_MD,
        e: *mut ENGINE,
        pkey: *mut EVP_PKEY,
    ) -> c_int;
    pub fn EVP_PKEY_bits(pkey: *const EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_id(pkey: *const EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_base_id(pkey: *const EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_get_default_digest_nid(pkey: *mut EVP_PKEY, pnid: *mut c_int) -> c_int;
    pub fn EVP_PKEY_asn1_find(pe: *mut *mut ENGINE, ty: c_int) -> *const c_void;
    pub fn EVP_PKEY_get0_RSA(pkey: *mut EVP_PKEY) -> *mut openssl_sys::RSA;
    pub fn OBJ_ln2nid(s: *const c_char) -> c_int;
    pub fn EVP_PKEY_CTX_ctrl(
        ctx: *mut EVP_PKEY_CTX,
        keytype: c_int,
        optype: c_int,
        cmd: c_int,
        p1: c_int,
        p2: *mut c_void,
    ) -> c_int;
}

// A BIO filter of our own: 1.1.1's `dup_bio_out` pushes apps/bf_prefix.c's
// (3.x has `BIO_f_prefix`).
#[cfg(not(ossl3))]
pub const BIO_TYPE_FILTER: c_int = 0x0200;
#[cfg(not(ossl3))]
pub use openssl_sys::{BIO_get_data, BIO_read, BIO_set_data, BIO_set_init};
#[cfg(not(ossl3))]
unsafe extern "C" {
    pub fn BIO_next(b: *mut BIO) -> *mut BIO;
    pub fn BIO_meth_new(ty: c_int, name: *const c_char) -> *mut BIO_METHOD;
    pub fn BIO_meth_set_write(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO, *const c_char, c_int) -> c_int,
    ) -> c_int;
    pub fn BIO_meth_set_read(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO, *mut c_char, c_int) -> c_int,
    ) -> c_int;
    pub fn BIO_meth_set_puts(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO, *const c_char) -> c_int,
    ) -> c_int;
    pub fn BIO_meth_set_gets(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO, *mut c_char, c_int) -> c_int,
    ) -> c_int;
    pub fn BIO_meth_set_ctrl(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO, c_int, c_long, *mut c_void) -> c_long,
    ) -> c_int;
    pub fn BIO_meth_set_create(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO) -> c_int,
    ) -> c_int;
    pub fn BIO_meth_set_destroy(
        m: *mut BIO_METHOD,
        f: unsafe extern "C" fn(*mut BIO) -> c_int,
    ) -> c_int;
}

#[cfg(not(ossl3))]
pub use before_3::*;

/// The 3.x calls above as 1.1.1 spells the same job: where 3.x's apps/
/// call an `_ex` function with the application's library context and
/// property query (both NULL unless `-propquery`, which 1.1.1 does not
/// have), 1.1.1's call the plain function. Only calls that do the same
/// thing on both are here; where 1.1.1's apps/ do something else (loading
/// keys, key-generation contexts, digests by name) the strategies are
/// chosen in src/line.rs.
#[cfg(not(ossl3))]
mod before_3 {
    use super::*;

    /// `X509_REQ_new`.
    pub unsafe fn X509_REQ_new_ex(_libctx: *mut c_void, _propq: *const c_char) -> *mut X509_REQ {
        // SAFETY: no arguments.
        unsafe { X509_REQ_new() }
    }

    /// `X509_new`.
    pub unsafe fn X509_new_ex(_libctx: *mut c_void, _propq: *const c_char) -> *mut X509 {
        // SAFETY: no arguments.
        unsafe { X509_new() }
    }

    /// `NCONF_new(meth)`.
    pub unsafe fn NCONF_new_ex(_libctx: *mut c_void, meth: *mut c_void) -> *mut CONF {
        // SAFETY: forwarded.
        unsafe { NCONF_new(meth) }
    }

    /// `X509_REQ_verify`.
    pub unsafe fn X509_REQ_verify_ex(
        req: *mut X509_REQ,
        pkey: *mut EVP_PKEY,
        _libctx: *mut c_void,
        _propq: *const c_char,
    ) -> c_int {
        // SAFETY: forwarded.
        unsafe { X509_REQ_verify(req, pkey) }
    }

    /// `EVP_DigestSignInit(ctx, pctx, EVP_get_digestbyname(mdname), NULL,
    /// pkey)`: 1.1.1's `do_sign_init` takes the `EVP_MD` that `opt_md`
    /// looked up by name (NULL for no digest).
    pub unsafe fn EVP_DigestSignInit_ex(
        ctx: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        mdname: *const c_char,
        _libctx: *mut c_void,
        _props: *const c_char,
        pkey: *mut EVP_PKEY,
        _params: *const c_void,
    ) -> c_int {
        // SAFETY: forwarded; a NULL name is no digest.
        unsafe {
            let md = if mdname.is_null() {
                std::ptr::null()
            } else {
                EVP_get_digestbyname(mdname)
            };
            EVP_DigestSignInit(ctx, pctx, md, std::ptr::null_mut(), pkey)
        }
    }

    /// `EVP_PKEY_bits`.
    pub unsafe fn EVP_PKEY_get_bits(pkey: *const EVP_PKEY) -> c_int {
        // SAFETY: forwarded.
        unsafe { EVP_PKEY_bits(pkey) }
    }

    /// `EVP_PKEY_get_default_digest_nid` and the digest's short name, as
    /// 3.x's name function gives it for a legacy key ("UNDEF" for a key
    /// that takes no digest).
    pub unsafe fn EVP_PKEY_get_default_digest_name(
        pkey: *mut EVP_PKEY,
        mdname: *mut c_char,
        mdname_sz: size_t,
    ) -> c_int {
        // SAFETY: forwarded; the copy stays inside the caller's buffer.
        unsafe {
            let mut nid: c_int = 0;
            let rc = EVP_PKEY_get_default_digest_nid(pkey, &mut nid);
            if rc > 0 && mdname_sz > 0 {
                let sn = openssl_sys::OBJ_nid2sn(nid);
                let name = if sn.is_null() {
                    c"UNDEF"
                } else {
                    std::ffi::CStr::from_ptr(sn)
                };
                let bytes = name.to_bytes();
                let n = bytes.len().min(mdname_sz - 1);
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), mdname.cast::<u8>(), n);
                *mdname.add(n) = 0;
            }
            rc
        }
    }

    /// Whether the key is of the type named, by the key's own type, as
    /// 3.x answers for a key without a provider (`evp_pkey_name2type`: the
    /// key types' own names, "RSA", "RSA-PSS", "EC", ..., then object
    /// names).
    pub unsafe fn EVP_PKEY_is_a(pkey: *const EVP_PKEY, name: *const c_char) -> c_int {
        // SAFETY: lookups on a live key and a NUL-terminated name.
        unsafe {
            let mut ty: c_int = 0;
            // The built-in methods only (no ENGINE is searched).
            let ameth = EVP_PKEY_asn1_find_str(std::ptr::null_mut(), name, -1);
            if !ameth.is_null() {
                EVP_PKEY_asn1_get0_info(
                    &mut ty,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    ameth,
                );
            }
            if ty == 0 {
                ty = openssl_sys::OBJ_sn2nid(name);
            }
            if ty == 0 {
                ty = OBJ_ln2nid(name);
            }
            c_int::from(ty != 0 && EVP_PKEY_id(pkey) == ty)
        }
    }

    /// An RSA key's modulus ("n" is the only parameter asked for), copied.
    pub unsafe fn EVP_PKEY_get_bn_param(
        pkey: *mut EVP_PKEY,
        _name: *const c_char,
        bn: *mut *mut BIGNUM,
    ) -> c_int {
        // SAFETY: lookups on a live key; the copy is the caller's.
        unsafe {
            let rsa = EVP_PKEY_get0_RSA(pkey);
            if rsa.is_null() {
                return 0;
            }
            let mut n: *const BIGNUM = std::ptr::null();
            openssl_sys::RSA_get0_key(rsa, &mut n, std::ptr::null_mut(), std::ptr::null_mut());
            if n.is_null() {
                return 0;
            }
            *bn = openssl_sys::BN_dup(n);
            c_int::from(!(*bn).is_null())
        }
    }
}

// The engine-backed key store (`setup_engine_loader`, 3.x).
#[cfg(all(engines, ossl3))]
unsafe extern "C" {
    pub fn OSSL_STORE_INFO_new_PUBKEY(pkey: *mut EVP_PKEY) -> *mut OSSL_STORE_INFO;
    pub fn OSSL_STORE_LOADER_new(e: *mut ENGINE, scheme: *const c_char) -> *mut OSSL_STORE_LOADER;
    pub fn OSSL_STORE_LOADER_free(loader: *mut OSSL_STORE_LOADER);
    pub fn OSSL_STORE_LOADER_set_open(
        loader: *mut OSSL_STORE_LOADER,
        f: OSSL_STORE_open_fn,
    ) -> c_int;
    pub fn OSSL_STORE_LOADER_set_expect(
        loader: *mut OSSL_STORE_LOADER,
        f: OSSL_STORE_expect_fn,
    ) -> c_int;
    pub fn OSSL_STORE_LOADER_set_load(
        loader: *mut OSSL_STORE_LOADER,
        f: OSSL_STORE_load_fn,
    ) -> c_int;
    pub fn OSSL_STORE_LOADER_set_eof(loader: *mut OSSL_STORE_LOADER, f: OSSL_STORE_ctx_fn)
    -> c_int;
    pub fn OSSL_STORE_LOADER_set_error(
        loader: *mut OSSL_STORE_LOADER,
        f: OSSL_STORE_ctx_fn,
    ) -> c_int;
    pub fn OSSL_STORE_LOADER_set_close(
        loader: *mut OSSL_STORE_LOADER,
        f: OSSL_STORE_ctx_fn,
    ) -> c_int;
    pub fn OSSL_STORE_register_loader(loader: *mut OSSL_STORE_LOADER) -> c_int;
    pub fn OSSL_STORE_unregister_loader(scheme: *const c_char) -> *mut OSSL_STORE_LOADER;
    pub fn OSSL_STORE_INFO_new_PKEY(pkey: *mut EVP_PKEY) -> *mut OSSL_STORE_INFO;
    pub fn ENGINE_load_public_key(
        e: *mut ENGINE,
        key_id: *const c_char,
        ui_method: *mut UI_METHOD,
        callback_data: *mut c_void,
    ) -> *mut EVP_PKEY;
}
