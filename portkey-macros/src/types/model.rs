//! The types as the generator sees them once the OpenAPI schemas and the overlay are resolved:
//! named structs, string enums and unions, their fields and the Rust types of those fields.
//! Expansion and the snapshot both read this model, so they cannot disagree.

use std::collections::BTreeSet;

/// A Rust type of a field, a list item, a map value or a union member.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    String,
    I64,
    F64,
    /// A number of a reply, kept as it was written (`Number`: `2` stays `2`, `2.0` stays `2.0`).
    Number,
    Bool,
    /// Any JSON value.
    Value,
    /// Any JSON object (`JsonObject`).
    Object,
    Vec(Box<Ty>),
    /// A JSON object of values of one type, in their order (`IndexMap<String, T>`).
    Map(Box<Ty>),
    /// A generated type, by index into [`Model::types`].
    Named(usize),
    /// A file of a multipart form (`FilePart`).
    File,
    /// One file or several (`FileParts`): sent as `name`, or as one `name[]` part each.
    Files,
}

impl Ty {
    /// The named types this type mentions directly or through lists and maps.
    pub fn named(&self, out: &mut Vec<usize>) {
        match self {
            Ty::Vec(t) | Ty::Map(t) => t.named(out),
            Ty::Named(i) => out.push(*i),
            _ => {}
        }
    }

    /// The named type held without a list or map in between (what recursion must box).
    pub fn direct(&self) -> Option<usize> {
        match self {
            Ty::Named(i) => Some(*i),
            _ => None,
        }
    }

    pub fn has_file(&self) -> bool {
        match self {
            Ty::File | Ty::Files => true,
            Ty::Vec(t) | Ty::Map(t) => t.has_file(),
            _ => false,
        }
    }
}

/// A field of a struct.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// The Rust name (`r#type` for keywords).
    pub rust: String,
    pub ty: Ty,
    /// Required (the Rust type is `T`, read leniently); otherwise `Option<T>`.
    pub required: bool,
    /// Whether `null` is a documented value.
    pub nullable: bool,
    /// Held in a `Box` (a recursive type).
    pub boxed: bool,
    /// Printed as `[redacted]` in `Debug`.
    pub secret: bool,
    /// The value a missing required field reads as, when not `T::default()` (overlay `defaults`).
    pub default: Option<serde_json::Value>,
    /// The one value an optional constant field can have (`"type": "message"`, not required).
    pub literal: Option<String>,
    pub doc: String,
}

/// A field whose value is fixed (`"object": "chat.completion"`): not stored, written as given.
#[derive(Clone, Debug)]
pub struct Const {
    pub wire: String,
    pub value: String,
}

/// One entry of a struct in spec order: a stored field or a constant.
#[derive(Clone, Debug)]
pub enum Member {
    Field(Field),
    Const(Const),
}

#[derive(Clone, Debug, Default)]
pub struct Struct {
    pub members: Vec<Member>,
    /// The body of a multipart endpoint: written as a form, not as JSON.
    pub form: bool,
    /// The order of the required fields in `new(..)`, by wire name.
    pub new_order: Vec<String>,
}

impl Struct {
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.members.iter().filter_map(|m| match m {
            Member::Field(f) => Some(f),
            Member::Const(_) => None,
        })
    }

    /// Whether some field is a file (a multipart form, not JSON).
    pub fn is_form(&self) -> bool {
        self.form || self.fields().any(|f| f.ty.has_file())
    }
}

/// A value of a string enum.
#[derive(Clone, Debug)]
pub struct EnumValue {
    pub variant: String,
    pub value: String,
}

/// How a union member is told apart from the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// A JSON string.
    String,
    /// One JSON string value (a unit variant).
    Literal(String),
    /// A JSON integer.
    Integer,
    /// A JSON number (integers too, when no member takes integers).
    Number,
    Bool,
    /// A JSON array; with several array members, each is tried in turn.
    Array,
    /// An object whose tag is one of these values.
    Tagged(Vec<String>),
    /// An object without a tag (or with a tag no other member has, `untagged` in the overlay).
    Object,
}

/// A variant of a union.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    pub matches: Match,
    /// `None` for a unit variant (`Literal`).
    pub ty: Option<Ty>,
    pub boxed: bool,
    /// Whether objects without a tag read as this variant.
    pub untagged_default: bool,
    pub doc: String,
}

#[derive(Clone, Debug)]
pub struct Union {
    /// The key that tells the object members apart (`type`, `role`), if they are tagged.
    pub tag: Option<String>,
    pub variants: Vec<Variant>,
}

impl Union {
    /// Whether only objects are members (the unknown variant keeps an object, not any value).
    pub fn objects_only(&self) -> bool {
        self.variants.iter().all(|v| matches!(v.matches, Match::Tagged(_) | Match::Object))
    }
}

#[derive(Clone, Debug)]
pub enum Kind {
    Struct(Struct),
    Enum(Vec<EnumValue>),
    Union(Union),
}

/// A generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    pub doc: String,
    /// Where it comes from: `openai:#/components/schemas/X` (with `.field` for inline schemas).
    pub origin: String,
    pub kind: Kind,
    /// The API areas (Cargo features) whose endpoints use it; filled once every type is known.
    pub areas: BTreeSet<String>,
    /// Reachable from a request body or query: gets `new(..)` and setters.
    pub input: bool,
    /// Reachable from an endpoint or a root at all (a member a union's `pick` dropped is not):
    /// only these are generated.
    pub reached: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Model {
    pub types: Vec<TypeDef>,
}
