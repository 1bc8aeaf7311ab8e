//! Generates `include/oss_presign.h` from the sources with cbindgen.
//!
//! The header is checked in. It is rewritten only when its bytes change, so
//! builds do not touch its modification time; a read-only source tree (a
//! vendored build) gets a warning instead of a failure.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");

    let crate_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let crate_dir = Path::new(&crate_dir);
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml must parse");
    config.after_includes = Some(version_macros());

    let header = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed to generate include/oss_presign.h");
    let mut text = Vec::new();
    header.write(&mut text);

    let path = crate_dir.join("include").join("oss_presign.h");
    if fs::read(&path).ok().as_deref() == Some(text.as_slice()) {
        return;
    }
    if let Err(error) = fs::create_dir_all(path.parent().expect("has a parent"))
        .and_then(|()| fs::write(&path, &text))
    {
        println!("cargo:warning=could not update {}: {error}", path.display());
    }
}

/// Version macros from Cargo.toml, so they cannot drift from the crate, and
/// the OSS_MUST_USE attribute used on every function returning an error.
fn version_macros() -> String {
    let part = |name: &str| env::var(name).unwrap_or_else(|_| "0".to_owned());
    format!(
        "\n#define OSS_PRESIGN_VERSION_MAJOR {major}\n\
         #define OSS_PRESIGN_VERSION_MINOR {minor}\n\
         #define OSS_PRESIGN_VERSION_PATCH {patch}\n\
         #define OSS_PRESIGN_VERSION_STRING \"{major}.{minor}.{patch}\"\n\
         \n\
         /* Ignoring a returned oss_error * leaks it and loses the failure. */\n\
         #if defined(__GNUC__) || defined(__clang__)\n\
         #define OSS_MUST_USE __attribute__((warn_unused_result))\n\
         #else\n\
         #define OSS_MUST_USE\n\
         #endif\n",
        major = part("CARGO_PKG_VERSION_MAJOR"),
        minor = part("CARGO_PKG_VERSION_MINOR"),
        patch = part("CARGO_PKG_VERSION_PATCH"),
    )
}
