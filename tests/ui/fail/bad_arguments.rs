//! Bad macro arguments: a missing file, an unknown argument, an unknown option to omit.

mod a {
    portkey_macros::portkey_options!("no/such/schema.json");
}

mod b {
    portkey_macros::portkey_options!(path = "../../../schema/options.json", colour = "red");
}

mod c {
    portkey_macros::portkey_options!(path = "../../../schema/options.json", omit = ["no_such_option"]);
}

fn main() {}
