//! Tracing goes to a file, never to the screen: `$XDG_STATE_HOME/warroom/
//! warroom.log`, or `WARROOM_LOG_FILE`; the level from `WARROOM_LOG`.

use std::fs::OpenOptions;
use std::sync::Mutex;

pub fn init_file() {
    let path = std::env::var_os("WARROOM_LOG_FILE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::cmd::state_dir().join("warroom.log"));
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(&path) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("WARROOM_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Mutex::new(file)).try_init();
}
