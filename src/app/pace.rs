//! When to draw next: soon after a key, an entry or a transition (within
//! the fps cap); at most every [`STREAM_FRAME`] while only log lines
//! arrive (nobody reads a tail faster, and a scrolling tail rewrites every
//! row of its pane); and a burst of lines that has stopped at once
//! ([`QUIET`] after its last batch), so the end of a storm is on screen
//! without waiting out the stream's frame.

use std::time::Duration;

use tokio::time::Instant;

use super::msg::Msg;
use crate::sources::Body;

/// The most often a tail that only scrolls is drawn.
pub const STREAM_FRAME: Duration = Duration::from_millis(500);
/// No new lines for this long after a burst: the burst has stopped.
pub const QUIET: Duration = Duration::from_millis(30);
/// Lines since the last frame that make a burst (a slow tail is not one:
/// it keeps its frame every [`STREAM_FRAME`]).
pub const BURST: usize = 1000;
/// The longest a big journal's opening holds the frame back: its slices
/// are drawn once whole, unless that takes longer than this.
pub const LOAD_HOLD: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Pacer {
    min_frame: Duration,
    last_draw: Option<Instant>,
    /// Something other than lines or the clock changed since the last frame.
    urgent: bool,
    /// Lines arrived since the last frame, and when the last came.
    lines: usize,
    last_lines: Option<Instant>,
    /// Since when a journal has been arriving in slices, if it still is.
    loading: Option<Instant>,
    /// Frames drawn so far (counted to 2).
    frames: u8,
}

impl Pacer {
    pub fn new(fps_cap: u32) -> Self {
        Self {
            min_frame: Duration::from_secs(1) / fps_cap.max(1),
            last_draw: None,
            urgent: true,
            lines: 0,
            last_lines: None,
            loading: None,
            frames: 0,
        }
    }

    /// A message was applied at `now`.
    pub fn saw(&mut self, msg: &Msg, now: Instant) {
        match msg {
            Msg::Tick(_) => {}
            Msg::Journal { more, .. } => {
                self.urgent = true;
                self.loading = if *more { self.loading.or(Some(now)) } else { None };
            }
            Msg::Source(r) if matches!(r.body, Body::Lines(_)) => {
                if let Body::Lines(l) = &r.body {
                    self.lines += l.len();
                }
                self.last_lines = Some(now);
            }
            _ => self.urgent = true,
        }
    }

    /// When a changed state is due on screen.
    pub fn due_at(&self, now: Instant) -> Instant {
        if let Some(since) = self.loading {
            return (since + LOAD_HOLD).max(self.last_draw.map_or(now, |l| l + self.min_frame));
        }
        let Some(last) = self.last_draw else { return now };
        // The first frame is drawn before anything is read (the incident
        // still loading); what replaces it is not held back by the cap.
        let soonest = if self.frames < 2 { last } else { last + self.min_frame };
        if self.urgent {
            return soonest;
        }
        let cap = last + self.min_frame.max(STREAM_FRAME);
        match self.last_lines {
            Some(l) if self.lines >= BURST => cap.min((l + QUIET).max(soonest)),
            _ => cap,
        }
    }

    pub fn drew(&mut self, now: Instant) {
        self.last_draw = Some(now);
        self.frames = self.frames.saturating_add(1).min(2);
        self.urgent = false;
        self.lines = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{Kind, LogLine, Report, SourceKey};

    /// A pacer past its first frames, the last drawn at `t0`.
    fn running(fps_cap: u32, t0: Instant) -> Pacer {
        let mut p = Pacer::new(fps_cap);
        p.drew(t0);
        p.drew(t0);
        p
    }

    fn lines(n: usize) -> Msg {
        let line = LogLine::ingest(b"x", 100, &Default::default(), chrono::Utc::now());
        Msg::Source(Report {
            key: SourceKey::new(Kind::Logs, "app"),
            at: chrono::Utc::now(),
            body: Body::Lines(vec![line; n]),
        })
    }

    #[test]
    fn a_slow_tail_is_drawn_at_most_every_stream_frame() {
        let t0 = Instant::now();
        let mut p = Pacer::new(30);
        assert_eq!(p.due_at(t0), t0, "the first frame at once");
        p.drew(t0);
        p.saw(&lines(3), t0 + Duration::from_millis(10));
        assert_eq!(p.due_at(t0 + Duration::from_millis(10)), t0 + STREAM_FRAME);
        p.saw(&Msg::Tick(chrono::Utc::now()), t0 + Duration::from_millis(20));
        assert_eq!(p.due_at(t0 + Duration::from_millis(20)), t0 + STREAM_FRAME, "the clock waits too");
    }

    #[test]
    fn a_journal_read_in_slices_is_drawn_when_whole_or_after_the_hold() {
        let id: crate::incident::IncidentId = "INC-20261123-001".parse().unwrap();
        let slice = |more| Msg::Journal { id: id.clone(), entries: vec![], warnings: vec![], reset: false, more };
        let t0 = Instant::now();
        let mut p = running(30, t0);
        let t1 = t0 + Duration::from_millis(40);
        p.saw(&slice(true), t1);
        assert_eq!(p.due_at(t1), t1 + LOAD_HOLD, "held while more is coming");
        p.saw(&slice(true), t1 + Duration::from_millis(30));
        assert_eq!(p.due_at(t1 + Duration::from_millis(30)), t1 + LOAD_HOLD, "the hold counts from the first slice");
        p.saw(&slice(false), t1 + Duration::from_millis(60));
        let t2 = t1 + Duration::from_millis(60);
        assert!(p.due_at(t2) <= t2, "the last slice: at once (the fps cap long past)");
        // The first frame of all waits for the journal too.
        let mut p = Pacer::new(30);
        p.saw(&slice(true), t0);
        assert_eq!(p.due_at(t0), t0 + LOAD_HOLD);
    }

    #[test]
    fn the_frame_after_the_first_is_not_held_by_the_cap() {
        let t0 = Instant::now();
        let mut p = Pacer::new(30);
        p.drew(t0);
        let t1 = t0 + Duration::from_millis(1);
        p.saw(&Msg::Resize(80, 24), t1);
        assert!(p.due_at(t1) <= t1, "the journal read at start is drawn at once");
        p.drew(t1);
        p.saw(&Msg::Resize(80, 24), t1);
        assert_eq!(p.due_at(t1), t1 + Duration::from_secs(1) / 30, "then the cap holds");
    }

    #[test]
    fn a_key_is_drawn_within_the_fps_cap() {
        let t0 = Instant::now();
        let mut p = running(20, t0);
        p.saw(&lines(5000), t0);
        p.saw(&Msg::Resize(80, 24), t0 + Duration::from_millis(1));
        assert_eq!(p.due_at(t0 + Duration::from_millis(1)), t0 + Duration::from_millis(50));
    }

    #[test]
    fn a_burst_that_stops_is_drawn_at_once() {
        let t0 = Instant::now();
        let mut p = running(30, t0);
        // The storm's batches arrive back to back: the stream's frame holds.
        for i in 0..10 {
            p.saw(&lines(200), t0 + Duration::from_millis(i * 5));
        }
        let last = t0 + Duration::from_millis(45);
        assert_eq!(p.due_at(last), last + QUIET, "{QUIET:?} after the last batch");
        // Late in the frame, the frame's own deadline comes first.
        let mut p = running(30, t0);
        p.saw(&lines(BURST), t0 + Duration::from_millis(490));
        assert_eq!(p.due_at(t0 + Duration::from_millis(490)), t0 + STREAM_FRAME);
        // Never sooner than the fps cap.
        let mut p = running(10, t0);
        p.saw(&lines(BURST), t0);
        assert_eq!(p.due_at(t0), t0 + Duration::from_millis(100));
        // After a frame the count starts again: a few lines are a tail.
        p.drew(t0 + Duration::from_millis(100));
        p.saw(&lines(3), t0 + Duration::from_millis(110));
        assert_eq!(p.due_at(t0 + Duration::from_millis(110)), t0 + Duration::from_millis(100) + STREAM_FRAME);
    }
}
