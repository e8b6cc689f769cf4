//! List replies as a stream of their items, fetching each next page when the items before it
//! are used up (the SDK's auto-paging iteration over `SyncCursorPage`).

use std::collections::VecDeque;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Client, Flavor};
use crate::Error;
use crate::core::pages::Paging;
use crate::core::request::Call;
use crate::core::stream::EventStream;

impl<F: Flavor> Client<F> {
    /// Fetches the first page of `call` now and returns its items, and those of the pages
    /// after it, as a stream; each next page is asked for when the stream reaches it. The
    /// stream's metadata is the first page's.
    pub(crate) async fn items<T: DeserializeOwned + Send + 'static>(
        &self,
        call: Call,
        paging: Paging,
    ) -> Result<EventStream<T>, Error> {
        let first = self.json::<Value>(Ok(call.page(None))).await?;
        let meta = first.meta.clone();
        let mut state = Pages { client: self.clone(), call, paging, items: VecDeque::new(), next: None, done: false };
        state.take(first.body);
        let items = futures_util::stream::unfold(state, |mut state| async move {
            let item = state.next_item().await?;
            Some((item, state))
        });
        Ok(EventStream::from_items(meta, items))
    }
}

/// Where the paging is: the items left of the current page, and the next page's cursor.
struct Pages<F: Flavor> {
    client: Client<F>,
    call: Call,
    paging: Paging,
    items: VecDeque<Value>,
    next: Option<String>,
    done: bool,
}

impl<F: Flavor> Pages<F> {
    /// Holds `page`'s items and its next cursor.
    fn take(&mut self, mut page: Value) {
        self.next = self.paging.next_after(&page);
        self.items = match page.get_mut("data").map(Value::take) {
            Some(Value::Array(items)) => items.into(),
            _ => VecDeque::new(),
        };
    }

    async fn next_item<T: DeserializeOwned>(&mut self) -> Option<Result<T, Error>> {
        loop {
            if self.done {
                return None;
            }
            if let Some(item) = self.items.pop_front() {
                let text = || item.to_string();
                return Some(T::deserialize(&item).map_err(|e| Error::Decode { message: e.to_string(), body: text() }));
            }
            let Some(after) = self.next.take() else {
                self.done = true;
                return None;
            };
            match self.client.json::<Value>(Ok(self.call.page(Some(&after)))).await {
                Ok(page) => self.take(page.body),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
