//! The project's schema without `trace_id` fails the seed coverage check, naming the option.

portkey_macros::portkey_options!(path = "../../../schema/options.json", omit = ["trace_id"]);

portkey::assert_seed_options!(OPTION_TABLE);

fn main() {}
