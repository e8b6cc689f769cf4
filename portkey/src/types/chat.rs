//! What the chat types cannot declare: message constructors, the reply's text, a chunk's
//! delta, a function tool from its parts, and a reply message sent back into the conversation.

use serde_json::Value;

use super::{
    ChatAssistantContent, ChatAssistantMessage, ChatCompletion, ChatCompletionChunk, ChatCompletionMessage,
    ChatDeveloperContent, ChatDeveloperMessage, ChatMessage, ChatSystemContent, ChatSystemMessage, ChatToolContent,
    ChatToolMessage, ChatUserContent, ChatUserMessage, FunctionDefinition, JsonObject, Tool,
};

impl ChatMessage {
    /// A `system` message.
    pub fn system(content: impl Into<ChatSystemContent>) -> Self {
        ChatMessage::System(ChatSystemMessage::new(content))
    }

    /// A `developer` message: instructions, for reasoning models.
    pub fn developer(content: impl Into<ChatDeveloperContent>) -> Self {
        ChatMessage::Developer(ChatDeveloperMessage::new(content))
    }

    /// A `user` message.
    pub fn user(content: impl Into<ChatUserContent>) -> Self {
        ChatMessage::User(ChatUserMessage::new(content))
    }

    /// An `assistant` message (an earlier answer).
    pub fn assistant(content: impl Into<ChatAssistantContent>) -> Self {
        ChatMessage::Assistant(ChatAssistantMessage::new().content(content))
    }

    /// A `tool` message: the result of the tool call `tool_call_id`.
    pub fn tool(content: impl Into<ChatToolContent>, tool_call_id: impl Into<String>) -> Self {
        ChatMessage::Tool(ChatToolMessage::new(content, tool_call_id))
    }

    /// The message's `role` (`""` for an `Unknown` message without one).
    pub fn role(&self) -> &str {
        self.kind()
    }

    /// The content, if it is plain text.
    pub fn text(&self) -> Option<&str> {
        match self {
            ChatMessage::System(m) => m.content.as_text(),
            ChatMessage::Developer(m) => m.content.as_text(),
            ChatMessage::User(m) => m.content.as_text(),
            ChatMessage::Assistant(m) => m.content.as_ref().and_then(ChatAssistantContent::as_text),
            ChatMessage::Tool(m) => m.content.as_text(),
            ChatMessage::Function(m) => m.content.as_deref(),
            ChatMessage::Unknown(object) => object.get("content").and_then(Value::as_str),
        }
    }
}

/// `as_text` for the message content unions: the text, if the content is plain text.
macro_rules! as_text {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// The text, if the content is plain text (not parts).
            pub fn as_text(&self) -> Option<&str> {
                match self {
                    $ty::Text(text) => Some(text),
                    _ => None,
                }
            }
        }
    )*};
}

as_text!(ChatSystemContent, ChatDeveloperContent, ChatUserContent, ChatAssistantContent, ChatToolContent);

impl From<ChatCompletionMessage> for ChatMessage {
    /// A reply, sent back as the conversation's next `assistant` message (its text or
    /// refusal, tool calls, function call and audio id; what the request message has no field
    /// for, such as `annotations`, is left out).
    fn from(reply: ChatCompletionMessage) -> Self {
        let mut message = ChatAssistantMessage::new();
        message.content = reply.content.map(ChatAssistantContent::Text);
        message.refusal = reply.refusal;
        message.tool_calls = reply.tool_calls;
        message.function_call =
            reply.function_call.map(|call| super::ChatAssistantMessageFunctionCall::new(call.arguments, call.name));
        message.audio = reply.audio.map(|audio| super::ChatAssistantMessageAudio::new(audio.id));
        ChatMessage::Assistant(message)
    }
}

impl ChatCompletionMessage {
    /// The content, if any.
    pub fn text(&self) -> Option<&str> {
        self.content.as_deref()
    }
}

impl super::ChatCompletionStoreMessage {
    /// The content, if any.
    pub fn text(&self) -> Option<&str> {
        self.content.as_deref()
    }
}

impl ChatCompletion {
    /// The text of the first choice's message, if it has text.
    pub fn text(&self) -> Option<&str> {
        self.choices.first().and_then(|choice| choice.message.text())
    }

    /// The verdicts of the guardrails the gateway ran (`hook_results`), when it sent them: on a
    /// 246 reply (a guardrail failed without denying), or with `strict_open_ai_compliance(false)`.
    pub fn hook_results(&self) -> Option<crate::HookResults> {
        crate::HookResults::read(self.extra.get("hook_results")?)
    }
}

impl ChatCompletionChunk {
    /// The text the first choice's delta adds, if any.
    pub fn delta_text(&self) -> Option<&str> {
        self.choices.first().and_then(|choice| choice.delta.content.as_deref())
    }
}

impl Tool {
    /// A function tool; `parameters` is the JSON Schema of its arguments (an object).
    pub fn function(name: impl Into<String>, description: impl Into<String>, parameters: Value) -> Self {
        let mut function = FunctionDefinition::new(name).description(description);
        if let Value::Object(schema) = parameters {
            function = function.parameters(JsonObject::from(schema));
        }
        Tool::new(function)
    }
}
