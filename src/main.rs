//! Entry point: parse arguments, run, report errors.

use clap::Parser;

fn main() {
    // glibc gives each thread that allocates an arena of its own (up to 8
    // a core): log lines made on the ingest threads and freed on the loop's
    // held ~15 MB more at peak in a 1M-line storm. Two arenas: 40-43 MB
    // instead of 50-55, for ~0.1 s more on that storm.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
    if let Err(e) = color_eyre::install() {
        eprintln!("warroom: {e}");
    }
    let cli = warroom::cli::Cli::parse();
    let code = match warroom::cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            warroom::term::restore_if_entered();
            eprintln!("warroom: {e:#}");
            1
        }
    };
    std::process::exit(code);
}
