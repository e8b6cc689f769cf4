//! The option table's entry type and its enums, for introspection.

/// One option of the schema, as recorded in the generated [`OPTION_TABLE`](crate::OPTION_TABLE).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionInfo {
    /// The option's name, as in the Python SDK.
    pub name: &'static str,
    /// The header it is sent as; `None` for client-side-only options.
    pub header: Option<&'static str>,
    /// The type of its value.
    pub value_type: ValueType,
    /// The provider group it belongs to.
    pub group: Group,
    /// The environment variable it is read from, if any.
    pub env: Option<&'static str>,
    /// Whether every client build reads the variable (as the Python SDK does), not only
    /// `Options::from_env`.
    pub implicit_env: bool,
    /// The Python SDK client's default, as JSON text, if it has one.
    pub default_json: Option<&'static str>,
    /// Whether the client itself consumes the option (base URL, timeout, ...).
    pub client_side: bool,
    /// Text put in front of the header value unless it already starts with it.
    pub value_prefix: Option<&'static str>,
    /// Whether the value may hold a secret (secrets, and options such as `config` that can
    /// carry provider keys): redacted in `Debug`, sensitive as a header, never logged.
    pub sensitive: bool,
    /// Whether the Python SDK has this option; `false` for portkey-rs's own client settings.
    pub sdk: bool,
    /// One line saying what the option does.
    pub doc: &'static str,
}

impl OptionInfo {
    /// Whether the value is a secret (redacted in `Debug`, sensitive as a header).
    pub fn is_secret(&self) -> bool {
        self.value_type == ValueType::Secret
    }

    /// Whether the value may hold a secret; see [`OptionInfo::sensitive`].
    pub fn is_sensitive(&self) -> bool {
        self.sensitive || self.is_secret()
    }
}

/// The type of an option's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueType {
    /// Text.
    String,
    /// Text that is a secret.
    Secret,
    /// `true` or `false`.
    Bool,
    /// A non-negative integer.
    Integer,
    /// Text, or a JSON object.
    StringOrJson,
    /// A list of strings.
    StringList,
    /// An absolute URL.
    Url,
    /// A legacy routing mode.
    Mode,
    /// An HTTP client.
    HttpClient,
}

/// The provider group an option belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Group {
    /// Routing and authentication.
    Core,
    /// The gateway cache.
    Caching,
    /// Tracing, metadata and logging.
    Observability,
    /// OpenAI.
    Openai,
    /// AWS Bedrock and SageMaker.
    Aws,
    /// Google Vertex AI.
    Vertex,
    /// Azure OpenAI and Azure AI.
    Azure,
    /// Anthropic.
    Anthropic,
    /// Other providers.
    Other,
    /// The HTTP client itself.
    Http,
}

/// Whether `table` has an option named `name`; usable in constants.
pub const fn table_contains(table: &[OptionInfo], name: &str) -> bool {
    table_position(table, name).is_some()
}

/// The position of the option named `name` in `table`; usable in constants.
pub const fn table_position(table: &[OptionInfo], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < table.len() {
        if str_eq(table[i].name, name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
