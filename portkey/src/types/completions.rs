//! What the legacy completion types cannot declare: the reply's text.

use super::Completion;

impl Completion {
    /// The verdicts of the guardrails the gateway ran (`hook_results`), when it sent them (see
    /// [`ChatCompletion::hook_results`](super::ChatCompletion::hook_results)).
    pub fn hook_results(&self) -> Option<crate::HookResults> {
        crate::HookResults::read(self.extra.get("hook_results")?)
    }

    /// The text of the first choice, if any.
    pub fn text(&self) -> Option<&str> {
        self.choices.first().map(|choice| choice.text.as_str())
    }
}
