//! Colours and emphasis. With colour off (`NO_COLOR`, `ui.color: never`)
//! every state is still readable: the words carry it, styles only add.

use ratatui::style::{Color, Modifier, Style};

use crate::incident::{HypothesisStatus, SafetyLevel, Severity};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color { Style::default().fg(c) } else { Style::default() }
    }

    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Less important text. Faint, never bright black (`DarkGray`): that is
    /// the background colour of Solarized Dark and vanishes there.
    pub fn dim(&self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::default().fg(Color::Cyan),
            (true, false) => self.bold(),
            (false, _) => self.dim(),
        }
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn severity(&self, s: Option<Severity>) -> Style {
        let style = match s {
            Some(Severity::Critical) => {
                if self.color {
                    Style::default().fg(Color::White).bg(Color::Red)
                } else {
                    Style::default().add_modifier(Modifier::REVERSED)
                }
            }
            Some(Severity::High) => self.fg(Color::LightRed),
            Some(Severity::Medium) => self.fg(Color::Yellow),
            Some(Severity::Low) => self.fg(Color::Blue),
            None => self.dim(),
        };
        style.add_modifier(Modifier::BOLD)
    }

    pub fn safety(&self, level: Option<SafetyLevel>) -> Style {
        match level {
            Some(SafetyLevel::Safe) => self.ok(),
            Some(SafetyLevel::Caution) => self.warn(),
            Some(SafetyLevel::AtRisk) => self.bad(),
            None => self.dim(),
        }
    }

    pub fn hypothesis(&self, s: HypothesisStatus) -> Style {
        match s {
            HypothesisStatus::Confirmed => self.ok().add_modifier(Modifier::BOLD),
            HypothesisStatus::Testing => self.warn(),
            HypothesisStatus::Open => Style::default(),
            HypothesisStatus::Disproven => self.dim().add_modifier(Modifier::CROSSED_OUT),
        }
    }

    pub fn error(&self) -> Style {
        self.bad()
    }
}
