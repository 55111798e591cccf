//! A keypress and the frame after it, on a 100k-entry incident at 200x60:
//! what a long incident costs per frame. `cargo bench --bench frame`.

use std::hint::black_box;

use chrono::{Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warroom::app::{Msg, State, update};

fn incident(n: i64) -> State {
    let entries = warroom::incident::sample::long_incident(n, Utc::now() - Duration::seconds(n));
    let mut s = State::new("alice", Utc::now(), true);
    s.size = (200, 60);
    let id = "INC-20261123-001".parse().unwrap();
    update(&mut s, Msg::Journal { id, entries, warnings: vec![], reset: true, more: false });
    s
}

fn frame(c: &mut Criterion) {
    let mut s = incident(100_000);
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    // The hypotheses pane focused: the list a long incident makes longest.
    s.focus = warroom::app::state::Pane::Hypotheses;
    c.bench_function("keypress_and_frame_100k_entries_200x60", |b| {
        let mut down = true;
        b.iter(|| {
            let code = if down { KeyCode::Char('j') } else { KeyCode::Char('k') };
            down = !down;
            update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            term.draw(|f| warroom::ui::draw(f, black_box(&s))).unwrap();
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
