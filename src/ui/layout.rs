//! Where things go. The incident panes (triage, timeline, hypotheses,
//! actions) and the signal panes (health, metrics, alerts, logs) share the
//! body: all at once on a big terminal, one group at a time (keys 1 and 2)
//! on a small one. A zoomed pane takes the whole body.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::State;
use crate::app::state::Pane;

pub struct Rows {
    pub header: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn rows(area: Rect) -> Rows {
    let [header, body, status, hints] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    Rows { header, body, status, hints }
}

/// The rectangle of each visible pane.
pub fn body(area: Rect, state: &State) -> Vec<(Pane, Rect)> {
    let panes = state.panes();
    if state.zoomed && panes.contains(&state.focus) {
        return vec![(state.focus, area)];
    }
    let has = |p: Pane| panes.contains(&p);
    let incident = has(Pane::Triage);
    // An empty hypotheses or actions pane shrinks to its one line ("none
    // yet: h adds one"): the triage and timeline get the rows.
    // (The actions pane also shows a runbook action's output.)
    let (no_hyp, no_act) = state
        .incident
        .as_ref()
        .map_or((false, false), |i| (i.hypotheses.is_empty(), i.actions.is_empty() && state.run.is_none()));
    let hyp = |w: u16| if no_hyp { SHRUNK } else { w };
    let act = |w: u16| if no_act { SHRUNK } else { w };
    let signals = panes.iter().any(|p| !Pane::INCIDENT.contains(p));
    // The triage pane is as tall as what it says (up to a share of its
    // column), so that its answers are never below the fold while the
    // panes beside it stand empty.
    let triage = |col: Rect, share: u16| -> u16 {
        let Some(i) = state.incident.as_ref() else { return 0 };
        let need = super::triage::height(state, i, col.width.saturating_sub(2) as usize) as u16 + 2;
        need.min(col.height * share / 100).max(5)
    };
    // Beside the logs, the timeline is as tall as its entries (at least a
    // quarter of the column, at most half), and the logs get the rest.
    let timeline = |area: Rect| -> u16 {
        let Some(i) = state.incident.as_ref() else { return 5 };
        let width = (area.width * 40 / 100).saturating_sub(2) as usize;
        let (low, high) = (area.height / 4, area.height / 2);
        let need = super::timeline::rows_needed(i, width, high as usize) as u16 + 2;
        fixed(need.clamp(low.max(5), high.max(5)))
    };
    match (incident, signals) {
        (true, true) => {
            let col = Rect { width: area.width * 30 / 100, ..area };
            let health = state.signals.health.len().max(1) as u16 + 2;
            columns(
                area,
                &[30, 40, 30],
                vec![
                    pick(
                        &panes,
                        &[
                            (Pane::Triage, fixed(triage(col, 60))),
                            (Pane::Health, fixed(health.min(area.height / 4).max(4))),
                            (Pane::Alerts, 3),
                        ],
                    ),
                    pick(&panes, &[(Pane::Timeline, timeline(area)), (Pane::Logs, 5)]),
                    pick(
                        &panes,
                        &[(Pane::Hypotheses, hyp(4)), (Pane::Actions, act(3)), (Pane::Metrics, 4), (Pane::Slos, 4)],
                    ),
                ],
            )
        }
        (true, false) if area.width >= 160 => columns(
            area,
            &[30, 40, 30],
            vec![
                vec![(Pane::Triage, 1)],
                vec![(Pane::Timeline, 1)],
                vec![(Pane::Hypotheses, hyp(3)), (Pane::Actions, act(2))],
            ],
        ),
        (true, false) => {
            // Narrow: the triage answers across the whole width on top,
            // the timeline and the hypotheses and actions below.
            let top = triage(area, 55);
            let [top_area, rest] = Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas(area);
            let mut out = vec![(Pane::Triage, top_area)];
            if no_hyp && no_act {
                let [timeline, empty] = Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(rest);
                let [h, a] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(empty);
                out.extend([(Pane::Timeline, timeline), (Pane::Hypotheses, h), (Pane::Actions, a)]);
            } else {
                out.extend(columns(
                    rest,
                    &[55, 45],
                    vec![vec![(Pane::Timeline, 1)], vec![(Pane::Hypotheses, hyp(3)), (Pane::Actions, act(2))]],
                ));
            }
            out
        }
        (false, true) if has(Pane::Logs) && panes.len() > 1 => columns(
            area,
            &[45, 55],
            vec![
                pick(&panes, &[(Pane::Health, 1), (Pane::Metrics, 1), (Pane::Alerts, 1), (Pane::Slos, 1)]),
                vec![(Pane::Logs, 1)],
            ],
        ),
        (false, true) => {
            let half = panes.len().div_ceil(2);
            columns(
                area,
                &[50, 50],
                vec![panes[..half].iter().map(|p| (*p, 1)).collect(), panes[half..].iter().map(|p| (*p, 1)).collect()],
            )
        }
        (false, false) => vec![],
    }
}

/// A pane of exactly `rows` rows (weights are below [`FIXED`]).
fn fixed(rows: u16) -> u16 {
    FIXED + rows
}

/// Weights from here up are fixed heights.
const FIXED: u16 = 1000;

/// The weight of a pane shrunk to a border and one line.
const SHRUNK: u16 = 0;

fn pick(panes: &[Pane], wanted: &[(Pane, u16)]) -> Vec<(Pane, u16)> {
    wanted.iter().copied().filter(|(p, _)| panes.contains(p)).collect()
}

/// Columns of the given widths (percent), each a stack of panes with
/// relative heights; empty columns give their room to the others.
fn columns(area: Rect, widths: &[u16], stacks: Vec<Vec<(Pane, u16)>>) -> Vec<(Pane, Rect)> {
    let used: Vec<(u16, Vec<(Pane, u16)>)> =
        widths.iter().copied().zip(stacks).filter(|(_, stack)| !stack.is_empty()).collect();
    let cols = Layout::horizontal(used.iter().map(|(w, _)| Constraint::Fill(*w))).split(area);
    let mut out = Vec::new();
    for ((_, stack), col) in used.iter().zip(cols.iter()) {
        // A column of fixed heights only gives what is left to its first
        // pane (the triage pane shows all it has) rather than to nothing.
        let all_fixed = stack.iter().all(|(_, h)| *h == SHRUNK || *h >= FIXED);
        let rows = Layout::vertical(stack.iter().enumerate().map(|(i, (_, h))| match *h {
            _ if all_fixed && i == 0 => Constraint::Fill(1),
            SHRUNK => Constraint::Length(3),
            h if h >= FIXED => Constraint::Length(h - FIXED),
            h => Constraint::Fill(h),
        }))
        .split(*col);
        out.extend(stack.iter().map(|(p, _)| *p).zip(rows.iter().copied()));
    }
    out
}

/// A rectangle of at most `w`×`h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}
