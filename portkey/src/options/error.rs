//! [`OptionError`]: what is wrong with an option, naming it and never echoing its value.

use std::fmt;

use crate::options::constants::{PORTKEY_API_KEY_ENV, PORTKEY_BASE_URL};

/// An option that cannot be used. Messages name the option (and its header or environment
/// variable) and what was expected; they never contain the value, which may be a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionError {
    /// A value that cannot be used or sent.
    InvalidValue {
        /// The option's name, as in the Python SDK.
        option: &'static str,
        /// The header the option is sent as, if any.
        header: Option<&'static str>,
        /// What is wrong with the value.
        problem: &'static str,
        /// What a good value looks like.
        expected: &'static str,
    },
    /// An environment variable whose value does not parse.
    Env {
        /// The variable's name.
        var: &'static str,
        /// The option it sets.
        option: &'static str,
        /// What a good value looks like.
        expected: &'static str,
    },
    /// A proxy variable (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, in either case) that names no
    /// proxy the client can use; requests are not sent around it.
    Proxy {
        /// The variable's name.
        var: &'static str,
        /// What a good value looks like.
        expected: &'static str,
    },
    /// An extra option (see `Options::extra_options`) that cannot be sent.
    InvalidExtraOption {
        /// The extra option's name.
        name: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A per-call header that cannot be sent.
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A per-call body field ([`RequestOptions::body_field`](crate::RequestOptions::body_field))
    /// that the call cannot send.
    InvalidBodyField {
        /// The field's name.
        name: String,
        /// Why it cannot be sent.
        problem: &'static str,
    },
    /// A value of a JSON type the option cannot take, which the Python SDK fails on too
    /// (`Options::from_map`: a number for `mode`, a list for `authorization`).
    UnsupportedValue {
        /// The option's name.
        option: &'static str,
        /// What a good value looks like.
        expected: &'static str,
    },
    /// The hosted Portkey API was chosen and no API key was given.
    MissingApiKey,
}

impl OptionError {
    /// The option this error is about, if it is about one.
    pub fn option(&self) -> Option<&'static str> {
        match self {
            OptionError::InvalidValue { option, .. }
            | OptionError::Env { option, .. }
            | OptionError::UnsupportedValue { option, .. } => Some(option),
            OptionError::MissingApiKey => Some("api_key"),
            OptionError::InvalidExtraOption { .. }
            | OptionError::InvalidHeader { .. }
            | OptionError::InvalidBodyField { .. }
            | OptionError::Proxy { .. } => None,
        }
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionError::InvalidValue { option, header: Some(h), problem, expected } => {
                write!(f, "invalid value for option `{option}` (header `{h}`): {problem}; expected {expected}")
            }
            OptionError::InvalidValue { option, header: None, problem, expected } => {
                write!(f, "invalid value for option `{option}`: {problem}; expected {expected}")
            }
            OptionError::Env { var, option, expected } => {
                write!(f, "environment variable `{var}` (option `{option}`) does not parse: expected {expected}")
            }
            OptionError::Proxy { var, expected } => {
                write!(f, "environment variable `{var}` names no usable proxy: expected {expected}")
            }
            OptionError::UnsupportedValue { option, expected } => write!(
                f,
                "option `{option}` cannot take a value of this JSON type (the Python SDK fails on it too); expected {expected}"
            ),
            OptionError::InvalidExtraOption { name, problem } => write!(f, "extra option `{name}` {problem}"),
            OptionError::InvalidHeader { name, problem } => write!(f, "header `{name}` {problem}"),
            OptionError::InvalidBodyField { name, problem } => write!(f, "body field `{name}` {problem}"),
            OptionError::MissingApiKey => write!(
                f,
                "no Portkey API key: the base URL is {PORTKEY_BASE_URL}, which needs one; set `api_key` \
                 or the {PORTKEY_API_KEY_ENV} environment variable, or point `base_url` at your own gateway"
            ),
        }
    }
}

impl std::error::Error for OptionError {}
