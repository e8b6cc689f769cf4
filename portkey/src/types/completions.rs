//! What the legacy completion types cannot declare: the reply's text.

use super::Completion;

impl Completion {
    /// The text of the first choice, if any.
    pub fn text(&self) -> Option<&str> {
        self.choices.first().map(|choice| choice.text.as_str())
    }
}
