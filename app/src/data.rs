//! How a page's data reaches the browser: every resource loads through `load`, and travels with
//! the `Json` codec.
//!
//! Why not leptos' default (`Resource::new`, `JsonSerdeCodec`): that codec reads the server's
//! serialized value with `serde_json::from_str`, while a server function's answer is read with
//! `serde_json::from_slice`. Each reader is its own instantiation of every deserializer, so
//! every type a page loads had its deserializing code twice in the wasm bundle. `Json` reads
//! through `from_slice` as well: one copy.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON, read with the same reader as a server function's answer.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(value: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(value.as_bytes())
    }
}

/// A page's data: loaded on the server, sent with the page, refetched in the browser when
/// `source` changes.
pub type Data<T> = Resource<T, Json>;

/// `Resource::new` with the `Json` codec.
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
