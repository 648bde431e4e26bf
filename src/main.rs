fn main() {
    std::process::exit(openssl_req::cli::main(std::env::args_os().collect()));
}
