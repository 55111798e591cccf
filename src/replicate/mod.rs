//! Replication between sites through NATS JetStream (docs/replication.md).
//! Local first: every entry is appended to the local journal as always;
//! this task publishes what the journals hold past the acknowledged offset
//! ([`outbox`]), one subject per incident with the entry's id as the
//! message id, and appends what other sites published ([`inbox`]) to the
//! local journals, each id once. With the server unreachable nothing
//! blocks: entries wait in the journals and go out on reconnect. One
//! process per incident directory and site replicates (an `flock`).

pub mod inbox;
pub mod outbox;
pub mod presence;

use std::collections::HashSet;
use std::time::Duration;

use async_nats::jetstream::{self, AckKind, consumer::pull, stream};
use chrono::{DateTime, Utc};
use futures::{FutureExt, StreamExt};
use tokio::sync::mpsc::Sender;

use crate::config::replicate::Replicate;
use crate::journal::{IncidentDir, JournalError};

/// What the replicator tells the screen or the `replicate` command.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Online,
    Offline {
        since: DateTime<Utc>,
        why: String,
    },
    /// Another process replicates this directory for this site.
    Elsewhere,
    /// A message refused (never appended), and why.
    Rejected {
        subject: String,
        why: String,
    },
    /// Entries published and received since start.
    Copied {
        published: u64,
        received: u64,
    },
}

/// The most ids remembered as published or received in this run (memory
/// stays bounded; forgetting only costs a duplicate the readers drop).
const REMEMBER: usize = 200_000;

/// The subject prefix for `stream`: its name, lowercased.
pub fn prefix(cfg: &Replicate) -> String {
    cfg.stream.to_ascii_lowercase()
}

/// Runs until `tx` closes: takes the directory's replication lock, then
/// connects, publishes and receives, reconnecting with backoff.
pub async fn run(dir: IncidentDir, cfg: Replicate, tx: Sender<Event>) {
    let lock = loop {
        match take_lock(&dir, &cfg.site) {
            Ok(Some(f)) => break f,
            Ok(None) => {
                if tx.send(Event::Elsewhere).await.is_err() {
                    return;
                }
            }
            Err(e) => {
                let why = format!("cannot take the replication lock: {e}");
                if tx.send(Event::Offline { since: Utc::now(), why }).await.is_err() {
                    return;
                }
            }
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
    };
    let mut rep = Replicator {
        dir,
        prefix: prefix(&cfg),
        cfg,
        tx,
        published: 0,
        received: 0,
        sent_ids: HashSet::new(),
        got_ids: HashSet::new(),
        offline_since: None,
        reported: None,
    };
    let mut backoff = Duration::from_millis(500);
    loop {
        let why = match rep.session().await {
            Ok(()) => return,
            Err(why) => why,
        };
        if !rep.offline(why).await {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
        if rep.tx.is_closed() {
            break;
        }
    }
    drop(lock);
}

fn take_lock(dir: &IncidentDir, site: &str) -> std::io::Result<Option<std::fs::File>> {
    let root = dir.root();
    let sharing = crate::journal::share::Sharing::of(root);
    let place = root.join(".replicate");
    crate::journal::share::create_dir_all(root, &place, sharing)?;
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).truncate(false).write(true);
    let f = crate::journal::share::open(&mut opts, &place.join(format!("{site}.lock")), sharing)?;
    Ok(f.try_lock().is_ok().then_some(f))
}

struct Replicator {
    dir: IncidentDir,
    cfg: Replicate,
    prefix: String,
    tx: Sender<Event>,
    published: u64,
    received: u64,
    /// Ids published in this run: their echo from the stream is skipped.
    sent_ids: HashSet<String>,
    /// Ids appended from other sites: the outbox does not send them back.
    got_ids: HashSet<String>,
    offline_since: Option<DateTime<Utc>>,
    /// The last state told, so each change is told once.
    reported: Option<Event>,
}

impl Replicator {
    async fn tell(&mut self, e: Event) -> bool {
        if self.reported.as_ref() == Some(&e) {
            return true;
        }
        if matches!(e, Event::Online | Event::Offline { .. }) {
            self.reported = Some(e.clone());
        }
        self.tx.send(e).await.is_ok()
    }

    async fn offline(&mut self, why: String) -> bool {
        tracing::warn!("replication: {why}");
        let since = *self.offline_since.get_or_insert_with(Utc::now);
        self.tell(Event::Offline { since, why }).await
    }

    /// One connection's life; Ok when the app has gone.
    async fn session(&mut self) -> Result<(), String> {
        let client = connect(&self.cfg).await?;
        let js = jetstream::new(client.clone());
        let subjects = format!("{}.inc.>", self.prefix);
        let stream = js
            .get_or_create_stream(stream::Config {
                name: self.cfg.stream.clone(),
                subjects: vec![subjects.clone()],
                storage: stream::StorageType::File,
                duplicate_window: Duration::from_secs(3600),
                ..Default::default()
            })
            .await
            .map_err(|e| format!("cannot open stream {}: {e}", self.cfg.stream))?;
        let durable = format!("site-{}", self.cfg.site);
        let consumer = stream
            .get_or_create_consumer(
                &durable,
                pull::Config {
                    durable_name: Some(durable.clone()),
                    deliver_policy: jetstream::consumer::DeliverPolicy::All,
                    ack_policy: jetstream::consumer::AckPolicy::Explicit,
                    filter_subject: subjects,
                    // What a killed replicator fetched comes again after this.
                    ack_wait: Duration::from_secs(10),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| format!("cannot open consumer {durable}: {e}"))?;
        let outbox = outbox::Outbox::new(self.dir.root(), &self.cfg.site)
            .map_err(|e| format!("cannot keep the outbox offsets: {e}"))?;
        // Presence: plain NATS, no history; a heartbeat every few seconds.
        let beat_subject = format!("{}.presence", self.prefix);
        let mut beats = client.subscribe(beat_subject.clone()).await.map_err(|e| format!("cannot subscribe: {e}"))?;
        let mut last_beat: Option<std::time::Instant> = None;
        loop {
            if last_beat.is_none_or(|t| t.elapsed() >= crate::journal::presence::TOUCH_EVERY) {
                last_beat = Some(std::time::Instant::now());
                let hb = presence::local(self.dir.root(), &self.cfg.site);
                let body = serde_json::to_vec(&hb).map_err(|e| e.to_string())?;
                client.publish(beat_subject.clone(), body.into()).await.map_err(|e| format!("cannot publish: {e}"))?;
            }
            while let Some(Some(m)) = beats.next().now_or_never() {
                match presence::accept(&m.payload) {
                    Ok(hb) if hb.site == self.cfg.site => {}
                    Ok(hb) => {
                        if let Err(e) = presence::write_remote(self.dir.root(), &hb) {
                            tracing::warn!("replication: cannot note who is at {}: {e}", hb.site);
                        }
                    }
                    Err(why) => {
                        let subject = m.subject.to_string();
                        if !self.tell(Event::Rejected { subject, why }).await {
                            return Ok(());
                        }
                    }
                }
            }
            if self.tx.is_closed() {
                return Ok(());
            }
            if client.connection_state() != async_nats::connection::State::Connected {
                return Err(format!("lost the connection to {}", servers_named(&self.cfg.url)));
            }
            let sent = self.publish(&js, &outbox).await?;
            // A fetch can wait forever on a connection that died silently.
            let got = tokio::time::timeout(Duration::from_secs(5), self.receive(&consumer))
                .await
                .map_err(|_| format!("no answer from {} for 5s", servers_named(&self.cfg.url)))??;
            self.offline_since = None;
            if !self.tell(Event::Online).await {
                return Ok(());
            }
            if (sent > 0 || got > 0)
                && !self.tell(Event::Copied { published: self.published, received: self.received }).await
            {
                return Ok(());
            }
            if sent == 0 && got == 0 {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }

    /// Publishes what every journal holds past its acknowledged offset.
    async fn publish(&mut self, js: &jetstream::Context, outbox: &outbox::Outbox) -> Result<u64, String> {
        let ids = self.dir.ids().map_err(|e| e.to_string())?;
        let mut sent = 0;
        for id in ids {
            let path = self.dir.journal_path(&id);
            let Ok(pending) = outbox.pending(&id, &path) else { continue };
            if pending.entries.is_empty() {
                continue;
            }
            let subject = format!("{}.inc.{id}", self.prefix);
            let mut acks = Vec::with_capacity(pending.entries.len());
            for (entry, end) in &pending.entries {
                if self.got_ids.contains(&entry.id) {
                    acks.push((None, *end));
                    continue;
                }
                let body = serde_json::to_vec(entry).map_err(|e| e.to_string())?;
                let msg = jetstream::message::PublishMessage::build().payload(body.into()).message_id(&entry.id);
                let ack = js.send_publish(subject.clone(), msg).await.map_err(|e| format!("cannot publish: {e}"))?;
                acks.push((Some((ack, entry.id.clone())), *end));
            }
            // The offset moves past each entry once the server has it.
            let mut done = None;
            let mut failed = None;
            for (ack, end) in acks {
                if let Some((ack, entry_id)) = ack {
                    match tokio::time::timeout(Duration::from_secs(10), ack).await {
                        Ok(Ok(_)) => {
                            sent += 1;
                            self.published += 1;
                            remember(&mut self.sent_ids, entry_id);
                        }
                        Ok(Err(e)) => {
                            failed = Some(format!("the server did not take an entry: {e}"));
                            break;
                        }
                        Err(_) => {
                            failed = Some("the server did not acknowledge within 10s".into());
                            break;
                        }
                    }
                }
                done = Some(end);
            }
            if let Some(end) = done {
                outbox.advance(&id, end).map_err(|e| format!("cannot keep the outbox offset: {e}"))?;
            }
            if let Some(why) = failed {
                return Err(why);
            }
        }
        Ok(sent)
    }

    /// Appends what other sites published, each id once.
    async fn receive(&mut self, consumer: &jetstream::consumer::Consumer<pull::Config>) -> Result<u64, String> {
        let mut batch = consumer
            .fetch()
            .max_messages(256)
            .expires(Duration::from_millis(500))
            .messages()
            .await
            .map_err(|e| format!("cannot read the stream: {e}"))?;
        let mut got = 0;
        while let Some(msg) = batch.next().await {
            let msg = msg.map_err(|e| format!("cannot read the stream: {e}"))?;
            let subject = msg.subject.to_string();
            let ack = match inbox::accept(&self.prefix, &subject, &msg.payload) {
                Err(why) => {
                    tracing::warn!("replication: rejected a message on {subject}: {why}");
                    if !self.tell(Event::Rejected { subject: subject.clone(), why }).await {
                        return Ok(got);
                    }
                    // Never redelivered, never appended.
                    AckKind::Term
                }
                Ok((_, entry)) if self.sent_ids.contains(&entry.id) => AckKind::Ack,
                Ok((id, entry)) => {
                    let entry_id = entry.id.clone();
                    let dir = self.dir.clone();
                    let r = tokio::task::spawn_blocking(move || dir.adopt(&id, &entry)).await.unwrap_or_else(|e| {
                        Err(JournalError::Write { path: "?".into(), source: std::io::Error::other(e) })
                    });
                    match r {
                        Ok(added) => {
                            if added {
                                got += 1;
                                self.received += 1;
                            }
                            remember(&mut self.got_ids, entry_id);
                            AckKind::Ack
                        }
                        // The declaration has not arrived yet: later.
                        Err(JournalError::NoSuchIncident(..)) => AckKind::Nak(Some(Duration::from_secs(2))),
                        Err(e) => {
                            tracing::warn!("replication: cannot append: {e}");
                            AckKind::Nak(Some(Duration::from_secs(5)))
                        }
                    }
                }
            };
            msg.ack_with(ack).await.map_err(|e| format!("cannot acknowledge: {e}"))?;
        }
        Ok(got)
    }
}

fn remember(set: &mut HashSet<String>, id: String) {
    if set.len() >= REMEMBER {
        set.clear();
    }
    set.insert(id);
}

/// Connects with the configured credentials and TLS; errors say what
/// failed in words and never carry a password.
async fn connect(cfg: &Replicate) -> Result<async_nats::Client, String> {
    let mut opts = async_nats::ConnectOptions::new()
        .name(format!("warroom {}", cfg.site))
        .connection_timeout(Duration::from_secs(3))
        .max_reconnects(None);
    if let Some(c) = &cfg.credentials {
        opts = opts.credentials_file(c).await.map_err(|e| format!("cannot read credentials {}: {e}", c.display()))?;
    }
    if let Some(user) = &cfg.user {
        let password = match &cfg.password_env {
            Some(var) => std::env::var(&var.0).map_err(|_| format!("the password variable {} is not set", var.0))?,
            None => String::new(),
        };
        opts = opts.user_and_password(user.0.clone(), password);
    }
    if let Some(tls) = &cfg.tls {
        if let Some(ca) = &tls.ca_file {
            opts = opts.add_root_certificates(ca.clone());
        }
        if let (Some(cert), Some(key)) = (&tls.cert_file, &tls.key_file) {
            opts = opts.add_client_certificate(cert.clone(), key.clone());
        }
        opts = opts.require_tls(true);
    }
    let server = servers_named(&cfg.url);
    opts.connect(cfg.url.as_str()).await.map_err(|e| {
        use async_nats::ConnectErrorKind as K;
        match e.kind() {
            K::AuthorizationViolation | K::Authentication => {
                format!("{server} refused the credentials ({})", e.kind())
            }
            K::TimedOut | K::Io | K::Dns => format!("cannot reach {server} ({})", e.kind()),
            K::Tls => format!("TLS with {server} failed: {e}"),
            _ => format!("{server}: {e}"),
        }
    })
}

/// The servers of a URL list, without any userinfo.
fn servers_named(url: &str) -> String {
    url.split(',')
        .map(|u| {
            let u = u.trim();
            match (u.split_once("://"), u.rsplit_once('@')) {
                (Some((scheme, _)), Some((_, host))) => format!("{scheme}://{host}"),
                _ => u.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names_never_carry_credentials() {
        assert_eq!(servers_named("nats://u:secret@a:4222, tls://b:4222"), "nats://a:4222, tls://b:4222");
    }
}
