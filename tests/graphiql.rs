//! `/graphiql` works without internet access: the page and everything it loads come from the
//! gateway itself.

use crate::common;

use common::TestApp;

#[tokio::test]
async fn graphiql_loads_every_script_and_style_from_the_gateway_itself() {
    let app = TestApp::spawn().await;
    let page = app.get("/graphiql").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    let urls: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/graphiql/assets/") || s.contains("://"))
        .filter(|s| !s.starts_with("ws"))
        .collect();
    assert!(urls.len() >= 7, "{urls:?}");
    for url in urls {
        assert!(
            url.starts_with("/graphiql/assets/"),
            "{url} is not served by the gateway"
        );
        let asset = app.get(url).await;
        assert_eq!(asset.status(), 200, "{url}");
        let kind = asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        let expected = if url.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(kind.starts_with(expected), "{url}: {kind}");
        assert!(asset.bytes().await.unwrap().len() > 1000, "{url} is empty");
    }
    let missing = app.get("/graphiql/assets/../Cargo.toml").await;
    assert_eq!(missing.status(), 404);
}
