//! The nesting limit, checked on the document's text before anything parses it.
//!
//! The GraphQL parser is recursive: every `[`, `{` or `(` it descends into costs stack frames, so
//! a literal nested a few thousand levels deep (`[[[[...]]]]` in any argument, directive argument
//! or variable default: a few KB) would overflow a worker's stack and abort the whole process. The
//! depth limits on the *parsed* document come too late for that. So every path that parses a
//! client's document (POST, GET, WebSocket `subscribe`, APQ registration) and the persisted
//! manifest at start first run this linear scan, which knows just enough of the lexical grammar
//! (strings, block strings, comments) not to count brackets that are text, and refuses a document
//! nested deeper than `limits.max_nesting`.
//!
//! The scan errs on the side of counting: a string the parser would reject (an unterminated one)
//! ends at the line's end, so brackets after it are counted like the parser would read them.

/// The deepest nesting of `{`, `[` and `(` outside strings and comments, counting stops as soon
/// as `limit` is exceeded (so the scan is linear in the text and never more than one pass).
/// Returns the depth reached, which is `limit + 1` when the document is over the limit.
pub fn nesting_depth(doc: &str, limit: u64) -> u64 {
    let bytes = doc.as_bytes();
    let mut depth: u64 = 0;
    let mut deepest: u64 = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                // A comment runs to the end of the line.
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // A block string runs to the next unescaped `"""` (`\"""` is an escaped one).
                i += 3;
                loop {
                    if i >= bytes.len() {
                        break;
                    }
                    if bytes[i..].starts_with(b"\\\"\"\"") {
                        i += 4;
                    } else if bytes[i..].starts_with(b"\"\"\"") {
                        i += 3;
                        break;
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'"' => {
                // A string runs to the next unescaped `"`, and never past the line's end.
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => break,
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => i += 1,
                    }
                }
                continue;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > limit {
                        return deepest;
                    }
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn counts_brackets_braces_and_parentheses_together() {
        assert_eq!(nesting_depth("{ a }", 64), 1);
        assert_eq!(nesting_depth("{ a(x: [[1]]) { b } }", 64), 4);
        assert_eq!(nesting_depth("query($v: [Int] = [1]) { a }", 64), 2);
        assert_eq!(nesting_depth("", 64), 0);
    }

    #[test]
    fn brackets_in_strings_block_strings_and_comments_are_text() {
        assert_eq!(nesting_depth(r#"{ a(s: "[[[[{{{") }"#, 2), 2);
        assert_eq!(nesting_depth(r#"{ a(s: "\"[[[[") }"#, 2), 2);
        assert_eq!(
            nesting_depth("{ a(s: \"\"\"[[[[ \\\"\"\" [[[[\"\"\") }", 2),
            2
        );
        assert_eq!(nesting_depth("# [[[[[[\n{ a }", 2), 1);
    }

    #[test]
    fn an_unterminated_string_ends_at_the_line_so_what_follows_is_counted() {
        assert_eq!(nesting_depth("{ a(s: \"open\n[[[[[[) }", 3), 4);
    }

    /// Pieces of GraphQL text that matter to the scan or to the parser's recursion.
    const PIECES: &[&str] = &[
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        "\"",
        "\"\"\"",
        "\\",
        "#",
        "\n",
        "\r",
        " ",
        "a",
        "a:",
        "$v",
        "1",
        "true",
        "@include(if: ",
        "query",
        "fragment F on Query ",
        "...F",
        "...on Query",
        "subscription",
        ",",
        "=",
        "!",
        "\u{e9}",
    ];

    fn document() -> impl Strategy<Value = String> {
        let noise = proptest::collection::vec(proptest::sample::select(PIECES), 0..400)
            .prop_map(|p| p.concat());
        // Random text, and random text around a deep run of one opener (the crash's shape).
        let deep = (
            noise.clone(),
            proptest::sample::select(&["[", "{", "(", "{a:", "{ a "][..]),
            0usize..3_000,
            noise.clone(),
        )
            .prop_map(|(a, open, n, b)| format!("{a}{}{b}", open.repeat(n)));
        prop_oneof![noise, deep]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the text, a document the scan lets through parses (or fails to parse) on a
        /// stack no larger than a runtime worker's, and the scan itself never panics.
        #[test]
        fn random_documents_within_the_limit_never_crash_the_parser(doc in document()) {
            let depth = nesting_depth(&doc, 64);
            if depth <= 64 {
                let parsed = std::thread::Builder::new()
                    .stack_size(2 * 1024 * 1024)
                    .spawn(move || async_graphql::parser::parse_query(&doc).is_ok())
                    .unwrap()
                    .join();
                prop_assert!(parsed.is_ok());
            }
        }

        /// The scan never reports less than the brackets the parser would descend into: on text
        /// without strings or comments, it is the plain bracket depth.
        #[test]
        fn without_strings_or_comments_the_depth_is_the_bracket_depth(
            doc in proptest::collection::vec(proptest::sample::select(&["[", "]", "{", "}", "(", ")", "a"][..]), 0..300)
                .prop_map(|p| p.concat())
        ) {
            let mut depth = 0u64;
            let mut deepest = 0u64;
            for c in doc.chars() {
                match c {
                    '[' | '{' | '(' => { depth += 1; deepest = deepest.max(depth); }
                    ']' | '}' | ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            prop_assert_eq!(nesting_depth(&doc, u64::MAX), deepest);
        }
    }

    #[test]
    fn stops_at_the_first_level_over_the_limit() {
        let deep = "[".repeat(1_000_000);
        assert_eq!(nesting_depth(&deep, 64), 65);
    }
}
