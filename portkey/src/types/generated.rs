//! The request, query, reply and event types, generated from `schema/types.json` and the
//! OpenAPI documents it lists by `portkey_macros::portkey_types!`: edit the schema, not this file.

portkey_macros::portkey_types!("../../schema/types.json");
