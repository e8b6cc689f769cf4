//! `client.audio().speech().create_stream(..)`: speech as server-sent events.
//!
//! The schema cannot say this one: a speech stream is asked for with `"stream_format": "sse"`
//! in the body, not `"stream": true` (the SDK has no method for it either: its `create` returns
//! the raw reply, events or bytes). It is written here, over the same endpoint entry and
//! support functions as the generated `create`.

use super::support::{Payload, sse_until};
use super::{AudioSpeech, ENDPOINT_TABLE};
use crate::types::{SpeechRequest, SpeechStreamEvent};
use crate::{Error, Flavor, RequestOptions};

/// What `create_stream` returns: a stream of events, in the client's flavor.
type Events<'a, F> = <F as Flavor>::Output<'a, Result<<F as Flavor>::Stream<SpeechStreamEvent>, Error>>;

impl<'a, F: Flavor> AudioSpeech<'a, F> {
    /// `POST /audio/speech` with `"stream_format": "sse"`: the audio as server-sent
    /// [`SpeechStreamEvent`]s (base64 pieces in `speech.audio.delta`, then `speech.audio.done`
    /// with the usage), each decoded as it arrives. Not with `tts-1` and `tts-1-hd`.
    ///
    /// `create` gives the audio's bytes instead (whatever `stream_format` the request names,
    /// the reply is read as bytes there).
    pub fn create_stream(&self, request: SpeechRequest) -> Events<'a, F> {
        self.create_stream_with(request, RequestOptions::default())
    }

    /// [`create_stream`](Self::create_stream) with per-call settings.
    pub fn create_stream_with(&self, mut request: SpeechRequest, options: RequestOptions) -> Events<'a, F> {
        request.stream_format = Some(crate::types::SpeechRequestStreamFormat::Sse);
        let client = self.client;
        match ENDPOINT_TABLE.iter().find(|e| e.name == "audio.speech.create") {
            Some(info) => sse_until(client, info, &["speech.audio.done"], &[], Payload::json(&request), options),
            // The schema declares it; a test calls this method.
            None => client.flavor().run_stream(async {
                Err(Error::InvalidArgument { name: "endpoint", problem: "is not in the endpoints schema" })
            }),
        }
    }
}
