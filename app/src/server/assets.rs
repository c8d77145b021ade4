//! The built static files' names. With `hash-files` (the workspace's leptos settings)
//! cargo-leptos puts a content hash in each name under `/pkg` and lists the hashes in a file
//! beside the server binary; a page links the names from there, so a browser may keep a file
//! forever (`Cache-Control: immutable`) and still never runs a stale one after a deploy.

use leptos::config::LeptosOptions;
use std::sync::OnceLock;

/// The hash cargo-leptos gave the file of `kind` (`css`, `js`, `wasm`), when it hashed names.
fn hash_of(options: &LeptosOptions, kind: &str) -> Option<String> {
    if !options.hash_files {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let text = std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()?;
    text.lines().find_map(|line| {
        let (k, hash) = line.split_once(':')?;
        (k.trim() == kind).then(|| hash.trim().to_owned())
    })
}

/// `/pkg/cumulus.<hash>.css` (or `/pkg/cumulus.css` without hashing), read once.
pub fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        let name = match hash_of(options, "css") {
            Some(hash) => format!("{}.{hash}.css", options.output_name),
            None => format!("{}.css", options.output_name),
        };
        format!("/{}/{name}", options.site_pkg_dir)
    })
}

/// Whether a file name under `/pkg` carries a content hash (`name.<hash>.ext`, the hash
/// being cargo-leptos' 20-odd URL-safe characters), so its content never changes.
pub fn is_hashed(file_name: &str) -> bool {
    let mut parts = file_name.split('.');
    parts.next();
    let middle: Vec<&str> = parts.collect();
    middle.len() >= 2
        && middle[..middle.len() - 1].iter().any(|p| {
            p.len() >= 16
                && p.bytes().any(|b| b.is_ascii_alphanumeric())
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        assert!(is_hashed("cumulus.4kV9tXGyC3pnlQqBc2b7Dw.wasm"));
        assert!(is_hashed("cumulus.4kV9tXGyC3pnlQqBc2b7Dw.css.br"));
        assert!(is_hashed("__wasm_split.Zm9vYmFyYmF6cXV4cXV1eA.js"));
        assert!(!is_hashed("cumulus.css"));
        assert!(!is_hashed("cumulus_bg.wasm"));
        assert!(!is_hashed("__wasm_split.______________________.js"));
        assert!(!is_hashed("cumulus.wasm.gz"));
    }
}
