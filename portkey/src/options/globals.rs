//! Process-wide defaults for `api_key`, `base_url`, `config` and `mode`, settable at run time
//! (the Python SDK's `portkey_ai.api_key = ...` and friends).
//!
//! Precedence, for every client built afterwards: an option given to the builder wins over the
//! global default, which wins over the environment.

use std::sync::{PoisonError, RwLock};

use crate::{HttpUrl, Mode, Options, Secret, StringOrJson};

#[derive(Default)]
struct Globals {
    api_key: Option<Secret>,
    base_url: Option<HttpUrl>,
    config: Option<StringOrJson>,
    mode: Option<Mode>,
}

static GLOBALS: RwLock<Globals> = RwLock::new(Globals { api_key: None, base_url: None, config: None, mode: None });

fn write(f: impl FnOnce(&mut Globals)) {
    f(&mut GLOBALS.write().unwrap_or_else(PoisonError::into_inner));
}

fn read<T>(f: impl FnOnce(&Globals) -> T) -> T {
    f(&GLOBALS.read().unwrap_or_else(PoisonError::into_inner))
}

/// Sets (or with `None` clears) the default API key.
pub fn set_api_key(value: Option<impl Into<Secret>>) {
    write(|g| g.api_key = value.map(Into::into));
}

/// Sets (or clears) the default base URL.
pub fn set_base_url(value: Option<impl Into<HttpUrl>>) {
    write(|g| g.base_url = value.map(Into::into));
}

/// Sets (or clears) the default routing config.
pub fn set_config(value: Option<impl Into<StringOrJson>>) {
    write(|g| g.config = value.map(Into::into));
}

/// Sets (or clears) the default legacy mode.
pub fn set_mode(value: Option<impl Into<Mode>>) {
    write(|g| g.mode = value.map(Into::into));
}

/// The default API key, if set.
pub fn api_key() -> Option<Secret> {
    read(|g| g.api_key.clone())
}

/// The default base URL, if set.
pub fn base_url() -> Option<HttpUrl> {
    read(|g| g.base_url.clone())
}

/// The default routing config, if set.
pub fn config() -> Option<StringOrJson> {
    read(|g| g.config.clone())
}

/// The default legacy mode, if set.
pub fn mode() -> Option<Mode> {
    read(|g| g.mode.clone())
}

/// The global defaults as an options layer.
pub(crate) fn as_options() -> Options {
    read(|g| Options {
        api_key: g.api_key.clone(),
        base_url: g.base_url.clone(),
        config: g.config.clone(),
        mode: g.mode.clone(),
        ..Options::default()
    })
}
