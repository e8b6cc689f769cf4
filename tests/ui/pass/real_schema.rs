//! The project's schema, expanded a second time outside the `portkey` crate, passes the seed
//! coverage check, and the hand-written client-side handling compiles against it.

mod options {
    portkey_macros::portkey_options!("../../../schema/options.json");
}

#[path = "../../../portkey/src/options/client_side.rs"]
#[allow(dead_code)]
mod client_side;

portkey::assert_seed_options!(options::OPTION_TABLE);

fn main() {
    assert_eq!(options::OPTION_TABLE.len(), portkey::OPTION_TABLE.len());
    let settings = client_side::ClientSettings::from_options(options::Options::sdk_defaults().client_side())
        .expect("the SDK defaults are valid settings");
    assert!(settings.calculate_audio_duration);
}
