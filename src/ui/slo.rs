//! The SLO pane: per SLO, the SLI now against its objective, the budget
//! left as a bar with the number in words, burn rates per window (a `~`
//! marks a window longer than the data), the burn alert, time to
//! exhaustion and the budget spent in this incident.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::spark::sparkline;
use super::theme::Theme;
use crate::app::State;
use crate::incident::format_duration;
use crate::slo::math::BurnAlert;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, focused: bool, theme: &Theme) {
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (i, s) in state.signals.slos.iter().enumerate() {
        let marker = if focused && i == state.scroll.slos { "›" } else { " " };
        let (alert, alert_style) = match s.alert {
            BurnAlert::Page => ("PAGE", theme.bad()),
            BurnAlert::Ticket => ("TICKET", theme.warn()),
            BurnAlert::None => ("ok", theme.ok()),
        };
        let Some(e) = &s.eval else {
            let why =
                state.signals.status.get(&s.key).filter(|x| !x.ok).map_or("waiting for data", |x| x.message.as_str());
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{} ", s.name()), theme.bold()),
                Span::styled(why.to_string(), theme.dim()),
            ]));
            continue;
        };
        let sli = e.sli_now.map_or("no traffic".to_string(), |x| format!("{:.2}%", x * 100.0));
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{:<6} ", alert), alert_style),
            Span::styled(format!("{} ", s.name()), theme.bold()),
            Span::raw(format!("SLI {sli} / {}%", e.objective)),
        ]));
        // Budget: a bar, and the same in words.
        let (bar_style, left) = match e.remaining() {
            Some(r) if r <= 0.0 => (theme.bad(), "EXHAUSTED".to_string()),
            Some(r) if r < 0.25 => (theme.bad(), format!("{:.0}% left", r * 100.0)),
            Some(r) if r < 0.5 => (theme.warn(), format!("{:.0}% left", r * 100.0)),
            Some(r) => (theme.ok(), format!("{:.0}% left", r * 100.0)),
            None => (theme.dim(), "no traffic yet".to_string()),
        };
        let minutes = e.consumed_minutes().map_or(String::new(), |c| {
            format!(" ({:.1} of {:.1} min)", (e.budget_minutes - c).max(0.0), e.budget_minutes)
        });
        let bar_w = 10;
        let filled = e.remaining().map_or(0, |r| (r.clamp(0.0, 1.0) * bar_w as f64).round() as usize);
        lines.push(Line::from(vec![
            Span::raw("  budget "),
            Span::styled(format!("{}{}", "█".repeat(filled), "░".repeat(bar_w - filled)), bar_style),
            Span::styled(format!(" {left}"), bar_style),
            Span::styled(minutes, theme.dim()),
        ]));
        // Burn rates; `~` marks windows longer than the data.
        let mut burn = vec![Span::raw("  burn ")];
        for b in &e.burns {
            let v = b.rate.map_or("-".to_string(), fmt_burn);
            let mark = if b.complete { "" } else { "~" };
            let style = match b.rate {
                Some(r) if r >= 6.0 => theme.bad(),
                Some(r) if r >= 1.0 => theme.warn(),
                _ => Style::default(),
            };
            burn.push(Span::styled(format!("{}:", b.label), theme.dim()));
            burn.push(Span::styled(format!("{mark}{v} "), style));
        }
        lines.extend(super::wrap::row(burn, "", Style::default(), width, 7));
        let mut facts = Vec::new();
        match e.exhaustion {
            Some(d) if e.remaining().is_some_and(|r| r > 0.0) => {
                facts.push(format!("exhausted in {} at the 1h burn", format_duration(d)))
            }
            _ => {}
        }
        if let Some((share, bad)) = e.incident_spent {
            facts.push(format!("{:.1}% of budget spent in this incident ({} bad)", share * 100.0, bad.round()));
        }
        if !e.complete {
            facts.push(format!(
                "{} of {} observed (~ partial: budget from the rate seen)",
                format_duration(e.coverage),
                format_duration(s.window)
            ));
        }
        if !facts.is_empty() {
            lines.extend(super::wrap::row(vec![Span::raw("  ")], &facts.join(" · "), theme.dim(), width, 2));
        }
        if state.zoomed {
            let six = chrono::Duration::hours(6);
            let points = s.history.sli_points(six);
            // Say how much the chart holds when it is less than its label.
            let span = s.history.span().min(six);
            let label = if span < six { format!("last {}", format_duration(span)) } else { "last 6h".to_string() };
            // Burn between consecutive samples: the same data, against the budget.
            let burns: Vec<f64> =
                points.iter().map(|g| if e.allowed > 0.0 { (1.0 - g) / e.allowed } else { 0.0 }).collect();
            let peak = burns.iter().copied().fold(0.0, f64::max);
            let head = |what: &str| format!("  {what:<5} {label:<9} ");
            let used = head("SLI,").chars().count();
            lines.push(Line::from(vec![
                Span::styled(head("SLI,"), theme.dim()),
                // From twice the allowed failure below 1 up to 1: the
                // objective sits in the middle of the chart.
                Span::styled(
                    sparkline(points.into_iter(), width.saturating_sub(used), 1.0 - 2.0 * e.allowed, Some(1.0)),
                    alert_style,
                ),
            ]));
            lines.push(Line::from(vec![
                Span::styled(head("burn,"), theme.dim()),
                // From zero, with 1x (spending exactly the budget) always in range.
                Span::styled(
                    sparkline(burns.into_iter(), width.saturating_sub(used + 13), 0.0, Some(1.0)),
                    alert_style,
                ),
                Span::styled(format!(" peak {}", fmt_burn(peak)), theme.dim()),
            ]));
        }
    }
    let paging = state.signals.slos.iter().filter(|s| s.alert > BurnAlert::None).count();
    let extra = Some(if paging > 0 { format!("{paging} burning") } else { format!("{}", state.signals.slos.len()) });
    frame.render_widget(Paragraph::new(lines).block(block("SLOs", extra, focused, theme)), area);
}

pub fn fmt_burn(b: f64) -> String {
    if b.is_infinite() {
        "∞".into()
    } else if b >= 10.0 {
        format!("{b:.0}x")
    } else {
        format!("{b:.1}x")
    }
}
