//! The SDK's helpers that combine calls: create (or upload) then poll until the object is done,
//! with a poll interval and an overall deadline. Each is written once, as async code over the
//! request core, and delivered in the client's flavor.

// Each helper sits behind its area's feature; what they share may go unused in a build with
// some of them only.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::time::Instant;

#[cfg(feature = "files")]
use super::Files;
#[cfg(feature = "uploads")]
use super::Uploads;
#[cfg(feature = "videos")]
use super::Videos;
use super::support::{Payload, call};
#[cfg(feature = "assistants")]
use super::{BetaThreads, BetaThreadsRuns};
use super::{ENDPOINT_TABLE, EndpointInfo};
#[cfg(feature = "vector-stores")]
use super::{VectorStoresFileBatches, VectorStoresFiles};
use crate::types::JsonObject;
#[cfg(feature = "files")]
use crate::types::{FileObject, FileStatus};
use crate::{ApiResponse, Client, Error, FilePart, Flavor, Multipart, RequestOptions};

/// How a helper polls.
///
/// The wait between polls is `interval` if set, else what the last reply's
/// `openai-poll-after-ms` header asks, else one second (as the SDK waits); `deadline` bounds
/// the whole helper, and passing it is [`Error::Timeout`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Poll {
    interval: Option<Duration>,
    deadline: Option<Duration>,
}

impl Poll {
    /// The SDK's polling: the server's suggested interval, no deadline.
    pub fn new() -> Self {
        Poll::default()
    }

    /// Waits `interval` between polls.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// Gives up with [`Error::Timeout`] once `deadline` has passed since the helper started.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }
}

/// The endpoint of the schema named `name` (the helpers name only declared endpoints; a test
/// calls every helper).
fn endpoint(name: &str) -> Result<&'static EndpointInfo, Error> {
    ENDPOINT_TABLE
        .iter()
        .find(|e| e.name == name)
        .ok_or(Error::InvalidArgument { name: "endpoint", problem: "is not in the endpoints schema" })
}

/// One JSON call to the endpoint `name`, its reply decoded as `T`.
async fn fetch<F: Flavor, T: DeserializeOwned>(
    client: &Client<F>,
    name: &str,
    params: &[&str],
    payload: Payload,
) -> Result<ApiResponse<T>, Error> {
    client.json(call(client, endpoint(name)?, params, payload, RequestOptions::default())).await
}

/// A field of a reply as text (an id), or a decode error naming it.
fn text<'v>(reply: &'v JsonObject, field: &'static str) -> Result<&'v str, Error> {
    reply.get(field).and_then(Value::as_str).ok_or_else(|| Error::Decode {
        message: format!("the reply has no `{field}` text"),
        body: Value::Object(reply.clone()).to_string(),
    })
}

/// Fetches `name` with `params` until `pending` says the object is done, waiting between
/// polls as [`Poll`] says; `started` is when the helper began (the deadline counts from it).
async fn poll_until<F: Flavor, T: DeserializeOwned>(
    client: &Client<F>,
    name: &str,
    params: &[&str],
    poll: Poll,
    started: Instant,
    default_interval: Duration,
    pending: fn(&T) -> bool,
) -> Result<ApiResponse<T>, Error> {
    loop {
        let reply = fetch(client, name, params, Payload::None).await?;
        if !pending(&reply.body) {
            return Ok(reply);
        }
        let suggested =
            reply.meta.header("openai-poll-after-ms").and_then(|ms| ms.parse().ok()).map(Duration::from_millis);
        let wait = poll.interval.or(suggested).unwrap_or(default_interval);
        if poll.deadline.is_some_and(|deadline| started.elapsed().saturating_add(wait) > deadline) {
            return Err(Error::Timeout);
        }
        tokio::time::sleep(wait).await;
    }
}

fn status(object: &JsonObject) -> &str {
    object.get("status").and_then(Value::as_str).unwrap_or_default()
}

/// A run is done in these states (`requires_action` included: it waits for tool outputs).
fn run_pending(run: &JsonObject) -> bool {
    !["requires_action", "cancelled", "completed", "failed", "expired", "incomplete"].contains(&status(run))
}

fn in_progress(object: &JsonObject) -> bool {
    status(object) == "in_progress"
}

fn batch_pending(batch: &JsonObject) -> bool {
    batch.get("file_counts").and_then(|c| c.get("in_progress")).and_then(Value::as_i64).is_some_and(|n| n > 0)
}

fn video_pending(video: &JsonObject) -> bool {
    matches!(status(video), "in_progress" | "queued")
}

#[cfg(feature = "files")]
fn file_pending(file: &FileObject) -> bool {
    // `deleted` is not in the spec's list, but the SDK waits for it too.
    !(matches!(file.status, FileStatus::Processed | FileStatus::Error) || file.status.as_str() == "deleted")
}

const SECOND: Duration = Duration::from_secs(1);

/// The reply of a helper: the finished object (`JsonObject` for the APIs without types yet).
type Done<'a, F, T = JsonObject> = <F as Flavor>::Output<'a, Result<ApiResponse<T>, Error>>;

#[cfg(feature = "assistants")]
impl<'a, F: Flavor> BetaThreadsRuns<'a, F> {
    /// Polls the run until it reaches a terminal state (`requires_action`, `cancelled`,
    /// `completed`, `failed`, `expired`, `incomplete`). The SDK's `runs.poll(..)`.
    pub fn poll(&self, thread_id: &str, run_id: &str, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let (thread_id, run_id) = (thread_id.to_string(), run_id.to_string());
        client.flavor().run(async move {
            let params = [thread_id.as_str(), run_id.as_str()];
            poll_until(client, "beta.threads.runs.retrieve", &params, poll, Instant::now(), SECOND, run_pending).await
        })
    }

    /// Creates a run and polls it to a terminal state. The SDK's `runs.create_and_poll(..)`.
    pub fn create_and_poll(&self, thread_id: &str, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let thread_id = thread_id.to_string();
        client.flavor().run(async move {
            let started = Instant::now();
            let run = fetch(client, "beta.threads.runs.create", &[&thread_id], Payload::json(&body)).await?;
            let params = [thread_id.as_str(), text(&run.body, "id")?];
            poll_until(client, "beta.threads.runs.retrieve", &params, poll, started, SECOND, run_pending).await
        })
    }

    /// Submits tool outputs and polls the run to a terminal state. The SDK's
    /// `runs.submit_tool_outputs_and_poll(..)`.
    pub fn submit_tool_outputs_and_poll(&self, thread_id: &str, run_id: &str, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let (thread_id, run_id) = (thread_id.to_string(), run_id.to_string());
        client.flavor().run(async move {
            let started = Instant::now();
            let params = [thread_id.as_str(), run_id.as_str()];
            fetch::<F, JsonObject>(client, "beta.threads.runs.submit_tool_outputs", &params, Payload::json(&body))
                .await?;
            poll_until(client, "beta.threads.runs.retrieve", &params, poll, started, SECOND, run_pending).await
        })
    }
}

#[cfg(feature = "assistants")]
impl<'a, F: Flavor> BetaThreads<'a, F> {
    /// Creates a thread and a run, and polls the run to a terminal state. The SDK's
    /// `threads.create_and_run_poll(..)`.
    pub fn create_and_run_poll(&self, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        client.flavor().run(async move {
            let started = Instant::now();
            let run = fetch(client, "beta.threads.create_and_run", &[], Payload::json(&body)).await?;
            let params = [text(&run.body, "thread_id")?, text(&run.body, "id")?];
            poll_until(client, "beta.threads.runs.retrieve", &params, poll, started, SECOND, run_pending).await
        })
    }
}

/// Uploads `file` to the files API for assistants; returns the file's id.
async fn upload_for_assistants<F: Flavor>(client: &Client<F>, file: FilePart) -> Result<String, Error> {
    let form = Multipart::new().text("purpose", "assistants").file("file", file);
    let uploaded = fetch(client, "files.create", &[], Payload::Multipart(form)).await?;
    text(&uploaded.body, "id").map(str::to_string)
}

#[cfg(feature = "vector-stores")]
impl<'a, F: Flavor> VectorStoresFiles<'a, F> {
    /// Polls the vector store file while it is `in_progress`. The SDK's `files.poll(..)`.
    pub fn poll(&self, vector_store_id: &str, file_id: &str, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let (store, file) = (vector_store_id.to_string(), file_id.to_string());
        client.flavor().run(async move {
            let params = [store.as_str(), file.as_str()];
            poll_until(client, "vector_stores.files.retrieve", &params, poll, Instant::now(), SECOND, in_progress).await
        })
    }

    /// Attaches a file (`{"file_id": ..}` and options in `body`) and polls it. The SDK's
    /// `files.create_and_poll(..)`.
    pub fn create_and_poll(&self, vector_store_id: &str, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let store = vector_store_id.to_string();
        client.flavor().run(async move {
            let started = Instant::now();
            let file = fetch(client, "vector_stores.files.create", &[&store], Payload::json(&body)).await?;
            let params = [store.as_str(), text(&file.body, "id")?];
            poll_until(client, "vector_stores.files.retrieve", &params, poll, started, SECOND, in_progress).await
        })
    }

    /// Uploads `file` (purpose `assistants`) and attaches it; `body` may add options such as
    /// `chunking_strategy`. The SDK's `files.upload(..)`.
    pub fn upload(&self, vector_store_id: &str, file: FilePart, body: Value) -> Done<'a, F> {
        let client = self.client;
        let store = vector_store_id.to_string();
        client.flavor().run(async move {
            let body = with_field(body, "file_id", Value::from(upload_for_assistants(client, file).await?));
            fetch(client, "vector_stores.files.create", &[&store], Payload::json(&body)).await
        })
    }

    /// [`upload`](Self::upload), then polls the file. The SDK's `files.upload_and_poll(..)`.
    pub fn upload_and_poll(&self, vector_store_id: &str, file: FilePart, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let store = vector_store_id.to_string();
        client.flavor().run(async move {
            let started = Instant::now();
            let body = with_field(body, "file_id", Value::from(upload_for_assistants(client, file).await?));
            let file = fetch(client, "vector_stores.files.create", &[&store], Payload::json(&body)).await?;
            let params = [store.as_str(), text(&file.body, "id")?];
            poll_until(client, "vector_stores.files.retrieve", &params, poll, started, SECOND, in_progress).await
        })
    }
}

/// `body` (an object, or nothing) with `name` set.
fn with_field(body: Value, name: &str, value: Value) -> Value {
    let mut body = match body {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    };
    body.insert(name.into(), value);
    Value::Object(body)
}

#[cfg(feature = "vector-stores")]
impl<'a, F: Flavor> VectorStoresFileBatches<'a, F> {
    /// Polls the batch while files are in progress. The SDK's `file_batches.poll(..)`.
    pub fn poll(&self, vector_store_id: &str, batch_id: &str, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let (store, batch) = (vector_store_id.to_string(), batch_id.to_string());
        client.flavor().run(async move {
            let params = [store.as_str(), batch.as_str()];
            let name = "vector_stores.file_batches.retrieve";
            poll_until(client, name, &params, poll, Instant::now(), SECOND, batch_pending).await
        })
    }

    /// Creates a file batch and polls it. The SDK's `file_batches.create_and_poll(..)`.
    pub fn create_and_poll(&self, vector_store_id: &str, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let store = vector_store_id.to_string();
        client.flavor().run(async move { create_batch_and_poll(client, &store, body, poll, Instant::now()).await })
    }

    /// Uploads `files` (purpose `assistants`, one after the other), creates a batch of them
    /// and of the `file_ids` already in `body`, and polls it. The SDK's
    /// `file_batches.upload_and_poll(..)` (which uploads five at a time).
    pub fn upload_and_poll(&self, vector_store_id: &str, files: Vec<FilePart>, body: Value, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let store = vector_store_id.to_string();
        client.flavor().run(async move {
            let started = Instant::now();
            let mut ids: Vec<Value> = body.get("file_ids").and_then(Value::as_array).cloned().unwrap_or_default();
            for file in files {
                ids.push(Value::from(upload_for_assistants(client, file).await?));
            }
            let body = with_field(body, "file_ids", Value::Array(ids));
            create_batch_and_poll(client, &store, body, poll, started).await
        })
    }
}

async fn create_batch_and_poll<F: Flavor>(
    client: &Client<F>,
    store: &str,
    body: Value,
    poll: Poll,
    started: Instant,
) -> Result<ApiResponse<JsonObject>, Error> {
    let batch = fetch(client, "vector_stores.file_batches.create", &[store], Payload::json(&body)).await?;
    let params = [store, text(&batch.body, "id")?];
    poll_until(client, "vector_stores.file_batches.retrieve", &params, poll, started, SECOND, batch_pending).await
}

#[cfg(feature = "videos")]
impl<'a, F: Flavor> Videos<'a, F> {
    /// Polls the video while it is `queued` or `in_progress`. The SDK's `videos.poll(..)`.
    pub fn poll(&self, video_id: &str, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        let video = video_id.to_string();
        client.flavor().run(async move {
            poll_until(client, "videos.retrieve", &[&video], poll, Instant::now(), SECOND, video_pending).await
        })
    }

    /// Creates a video and polls it. The SDK's `videos.create_and_poll(..)`.
    pub fn create_and_poll(&self, form: Multipart, poll: Poll) -> Done<'a, F> {
        let client = self.client;
        client.flavor().run(async move {
            let started = Instant::now();
            let video = fetch(client, "videos.create", &[], Payload::Multipart(form)).await?;
            let id = text(&video.body, "id")?;
            poll_until(client, "videos.retrieve", &[id], poll, started, SECOND, video_pending).await
        })
    }
}

#[cfg(feature = "files")]
impl<'a, F: Flavor> Files<'a, F> {
    /// Polls the file until it is `processed`, `error` or `deleted`, every 5 s and for at most
    /// 30 minutes unless `poll` says otherwise. The SDK's `files.wait_for_processing(..)`.
    pub fn wait_for_processing(&self, file_id: &str, poll: Poll) -> Done<'a, F, FileObject> {
        let client = self.client;
        let file = file_id.to_string();
        let poll = Poll { deadline: poll.deadline.or(Some(Duration::from_secs(30 * 60))), ..poll };
        client.flavor().run(async move {
            let five_seconds = Duration::from_secs(5);
            poll_until(client, "files.retrieve", &[&file], poll, Instant::now(), five_seconds, file_pending).await
        })
    }
}

/// The SDK's part size for chunked uploads: 64 MiB.
pub const DEFAULT_PART_SIZE: usize = 64 << 20;

#[cfg(feature = "uploads")]
impl<'a, F: Flavor> Uploads<'a, F> {
    /// Uploads the file at `path` in parts of `part_size` bytes (default 64 MiB), as the SDK's
    /// `uploads.upload_file_chunked(..)`: creates an upload (`bytes`, `filename`, `mime_type`,
    /// `purpose`), sends each part (`data`, file name `upload`), and completes it with the
    /// part ids and `md5` if given. One part at a time is held in memory.
    pub fn upload_file_chunked(
        &self,
        path: &std::path::Path,
        mime_type: &str,
        purpose: &str,
        part_size: Option<usize>,
        md5: Option<&str>,
    ) -> Done<'a, F> {
        let client = self.client;
        let path = path.to_path_buf();
        let (mime_type, purpose, md5) = (mime_type.to_string(), purpose.to_string(), md5.map(str::to_string));
        let part_size = part_size.unwrap_or(DEFAULT_PART_SIZE).max(1);
        client.flavor().run(async move {
            let fail = |source| Error::File { path: path.clone(), source };
            let mut file = tokio::fs::File::open(&path).await.map_err(fail)?;
            let bytes = file.metadata().await.map_err(fail)?.len();
            let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let create = json!({"bytes": bytes, "filename": filename, "mime_type": mime_type, "purpose": purpose});
            let upload = fetch(client, "uploads.create", &[], Payload::json(&create)).await?;
            let upload_id = text(&upload.body, "id")?.to_string();
            let mut part_ids = Vec::new();
            loop {
                let mut part = Vec::with_capacity(part_size.min(8 << 20));
                (&mut file).take(part_size as u64).read_to_end(&mut part).await.map_err(fail)?;
                if part.is_empty() {
                    break;
                }
                let form = Multipart::new().file("data", FilePart::bytes("upload", part));
                let sent = fetch(client, "uploads.parts.create", &[&upload_id], Payload::Multipart(form)).await?;
                part_ids.push(Value::from(text(&sent.body, "id")?));
            }
            let mut complete = json!({"part_ids": part_ids});
            if let Some(md5) = md5 {
                complete["md5"] = Value::from(md5);
            }
            fetch(client, "uploads.complete", &[&upload_id], Payload::json(&complete)).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint;

    #[test]
    fn every_endpoint_the_helpers_call_is_declared() {
        // The helpers' code: every quoted dotted name in it is an endpoint they call.
        let source = include_str!("polling.rs").split("#[cfg(test)]").next().unwrap_or_default();
        let called: Vec<&str> = source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| s.contains('.') && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_'))
            .collect();
        assert!(called.len() >= 15, "{called:?}");
        for name in called {
            assert!(endpoint(name).is_ok(), "{name} is not in the endpoints schema");
        }
    }
}
