//! Entry point: parse arguments, run, report errors.

use clap::Parser;

/// mimalloc, not glibc's malloc: a log storm's lines are made on the
/// ingest threads and freed on the loop's, and glibc serialised that on
/// its arena locks (1M-line storm: median 0.57 s with glibc, 0.50 s with
/// mimalloc, alternating runs; docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc v3's option numbers (include/mimalloc.h, `mi_option_e`); the
// crate versions are pinned in Cargo.toml for this.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory is committed as it is used and given back as soon as it is
/// free: peak RSS after a 1M-line storm ~40 MB, as with glibc, instead of
/// ~70-100 MB with mimalloc's defaults. Set before `main` (from the
/// program's constructors): the first arena is made by the first
/// allocation, before `main` runs.
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

extern "C" fn tune_allocator() {
    // SAFETY: mi_option_set only sets a tunable.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

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
