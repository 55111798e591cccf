//! Where things go. Two columns up to 119 columns wide, three from 120; a
//! zoomed pane takes the whole body.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::state::Pane;

pub struct Rows {
    pub header: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn rows(area: Rect) -> Rows {
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Rows {
        header,
        body,
        status,
        hints,
    }
}

/// The rectangle of each visible pane.
pub fn body(area: Rect, zoomed: Option<Pane>) -> Vec<(Pane, Rect)> {
    if let Some(p) = zoomed {
        return vec![(p, area)];
    }
    if area.width >= 120 {
        let [left, mid, right] = Layout::horizontal([
            Constraint::Percentage(30),
            Constraint::Percentage(40),
            Constraint::Percentage(30),
        ])
        .areas(area);
        let [hyp, act] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
        vec![
            (Pane::Triage, left),
            (Pane::Timeline, mid),
            (Pane::Hypotheses, hyp),
            (Pane::Actions, act),
        ]
    } else {
        let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        let [triage, hyp] = Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
        let [time, act] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
        vec![
            (Pane::Triage, triage),
            (Pane::Timeline, time),
            (Pane::Hypotheses, hyp),
            (Pane::Actions, act),
        ]
    }
}

/// A rectangle of at most `w`×`h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
