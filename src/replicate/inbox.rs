//! What may come in from the stream: one journal entry per message, on the
//! subject of its incident. Anything else (not JSON, the wrong shape, too
//! big, a subject that names no incident) is rejected and reported, never
//! appended.

use crate::incident::{Entry, IncidentId};

/// The largest message accepted: far above any entry typed or recorded.
pub const MAX_MESSAGE: usize = 64 * 1024;

/// The incident and entry a message carries, or why it is refused.
pub fn accept(prefix: &str, subject: &str, payload: &[u8]) -> Result<(IncidentId, Entry), String> {
    if payload.len() > MAX_MESSAGE {
        return Err(format!("{} bytes, more than the {MAX_MESSAGE} an entry may take", payload.len()));
    }
    let id_text = subject
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix(".inc."))
        .ok_or_else(|| "not an incident's subject".to_string())?;
    let id: IncidentId = id_text.parse().map_err(|e: crate::incident::id::BadIncidentId| e.to_string())?;
    let entry: Entry = serde_json::from_slice(payload).map_err(|e| format!("not a journal entry ({e})"))?;
    if uuid::Uuid::parse_str(&entry.id).is_err() {
        return Err("the entry's id is not a UUID".into());
    }
    if entry.author.trim().is_empty() || entry.author.chars().count() > 128 {
        return Err("the entry's author is empty or too long".into());
    }
    Ok((id, entry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::Payload;

    #[test]
    fn only_whole_entries_on_an_incident_subject_get_in() {
        let e = Entry::new(chrono::Utc::now(), "alice", Payload::Note { text: "hi".into() });
        let ok = serde_json::to_vec(&e).unwrap();
        let (id, got) = accept("warroom", "warroom.inc.INC-20261130-eu1-001", &ok).unwrap();
        assert_eq!((id.to_string(), got.id), ("INC-20261130-eu1-001".to_string(), e.id.clone()));
        for (subject, body, why) in [
            ("warroom.inc.INC-20261130-eu1-001", b"not json".to_vec(), "not a journal entry"),
            ("warroom.inc.INC-20261130-eu1-001", br#"{"id":"x"}"#.to_vec(), "not a journal entry"),
            ("warroom.inc.nope", ok.clone(), "not an incident id"),
            ("other.inc.INC-20261130-001", ok.clone(), "not an incident's subject"),
            ("warroom.inc.INC-20261130-001", vec![b' '; MAX_MESSAGE + 1], "more than"),
        ] {
            let err = accept("warroom", subject, &body).unwrap_err();
            assert!(err.contains(why), "{subject}: {err}");
        }
        let mut bad = e.clone();
        bad.id = "../../etc".into();
        let err = accept("warroom", "warroom.inc.INC-20261130-001", &serde_json::to_vec(&bad).unwrap()).unwrap_err();
        assert!(err.contains("not a UUID"), "{err}");
    }
}
