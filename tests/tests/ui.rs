//! Compile-pass and compile-fail cases of `portkey_options!` and of the option-coverage checks.
//! The `.stderr` files were made on the installed stable toolchain (`TRYBUILD=overwrite`).

#[test]
fn macro_and_coverage_cases() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
