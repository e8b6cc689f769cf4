//! The resources, generated from `schema/endpoints.json` by `portkey_macros::portkey_endpoints!`:
//! edit the schema, not this file.

portkey_macros::portkey_endpoints!("../../schema/endpoints.json");
