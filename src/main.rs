//! Entry point: parse arguments, run, report errors.

use clap::Parser;

fn main() {
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
