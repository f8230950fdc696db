//! `/graphiql`: the GraphiQL IDE with the Explorer plugin, served from files embedded in the
//! binary (`assets/graphiql/`, versions and licenses there), so it works on a network without
//! internet access. Queries and mutations go to `/graphql` over HTTP with the headers pane's
//! headers; subscriptions go to `/graphql/ws` over graphql-transport-ws, with the headers
//! pane's `Authorization` sent as the `connection_init` payload (the gateway reads it there).

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};

/// (file name, content type, bytes)
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "plugin-explorer.umd.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/plugin-explorer.umd.js"),
    ),
    (
        "plugin-explorer.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/plugin-explorer.css"),
    ),
    (
        "graphql-ws.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphql-ws.min.js"),
    ),
    (
        "LICENSES.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/graphiql/LICENSES.txt"),
    ),
];

/// The page. The fetcher is written here rather than taken from GraphiQL's toolkit: its
/// WebSocket client cannot see the headers pane, and a subscription needs the token.
const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Meander gateway</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <link rel="stylesheet" href="/graphiql/assets/plugin-explorer.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script src="/graphiql/assets/plugin-explorer.umd.js"></script>
  <script src="/graphiql/assets/graphql-ws.min.js"></script>
  <script>
    const http = new URL('/graphql', location.href).toString();
    const ws = http.replace(/^http/, 'ws') + '/ws';
    const authorization = (headers) => {
      for (const [k, v] of Object.entries(headers || {})) {
        if (k.toLowerCase() === 'authorization') return v;
      }
      return undefined;
    };
    const isSubscription = (query, name) => {
      try {
        const doc = GraphiQL.GraphQL.parse(query);
        const ops = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
        const op = ops.find((d) => !name || (d.name && d.name.value === name)) || ops[0];
        return !!op && op.operation === 'subscription';
      } catch (e) {
        return false;
      }
    };
    // The login flow, helped: the access token of a successful `login` is kept for this tab
    // and sent with every later operation whose headers pane has no Authorization.
    const TOKEN = 'meander:accessToken';
    const remember = (result) => {
      const token = result && result.data && result.data.login && result.data.login.accessToken;
      if (token) sessionStorage.setItem(TOKEN, token);
      return result;
    };
    function fetcher(params, opts) {
      const headers = Object.assign({}, (opts && opts.headers) || {});
      if (!authorization(headers) && sessionStorage.getItem(TOKEN)) {
        headers.Authorization = 'Bearer ' + sessionStorage.getItem(TOKEN);
      }
      if (isSubscription(params.query, params.operationName)) {
        const auth = authorization(headers);
        const client = graphqlWs.createClient({
          url: ws,
          lazy: true,
          connectionParams: auth ? { authorization: auth } : {},
        });
        return {
          [Symbol.asyncIterator]() {
            const queue = [];
            let wake = null, done = false, failure = null;
            const push = (v) => { queue.push(v); if (wake) { wake(); wake = null; } };
            const dispose = client.subscribe(params, {
              next: push,
              error: (e) => { failure = e; done = true; push(undefined); },
              complete: () => { done = true; push(undefined); },
            });
            return {
              async next() {
                while (!queue.length) await new Promise((r) => (wake = r));
                const value = queue.shift();
                if (value === undefined && done) {
                  client.dispose();
                  if (failure) throw failure;
                  return { done: true, value: undefined };
                }
                return { done: false, value };
              },
              async return() { dispose(); client.dispose(); return { done: true, value: undefined }; },
            };
          },
        };
      }
      return fetch(http, {
        method: 'POST',
        headers: Object.assign({ 'content-type': 'application/json', accept: 'application/json' }, headers),
        body: JSON.stringify(params),
      }).then((r) => r.json()).then(remember);
    }
    const explorer = GraphiQLPluginExplorer.explorerPlugin();
    const defaultQuery = [
      '# Run Login first (a demo login; any user works): its access token is then sent with',
      '# every operation of this tab, subscriptions included, unless the headers pane sets',
      '# its own {"Authorization": "Bearer ..."}. Then run Viewer.',
      'mutation Login {',
      '  login(input: { email: "nhf.coordinator@meander.dev", password: "meander-demo" }) {',
      '    accessToken',
      '  }',
      '}',
      '',
      'query Viewer {',
      '  viewer {',
      '    user { firstName lastName }',
      '    organization { name }',
      '    roles { key reach }',
      '  }',
      '}',
      '',
    ].join('\n');
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        plugins: [explorer],
        defaultEditorToolsVisibility: true,
        defaultQuery,
        shouldPersistHeaders: true,
      }),
    );
  </script>
</body>
</html>
"#;

pub(super) async fn page() -> Html<&'static str> {
    Html(PAGE)
}

pub(super) async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                // The files change only with the binary: cache for a day, revalidate after.
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_nothing_from_outside_the_gateway() {
        for line in PAGE.lines() {
            for attr in ["src=\"", "href=\""] {
                if let Some(rest) = line.split(attr).nth(1) {
                    let url = rest.split('"').next().unwrap_or_default();
                    let name = url.strip_prefix("/graphiql/assets/");
                    assert!(
                        name.is_some_and(|n| ASSETS.iter().any(|(f, _, _)| *f == n)),
                        "{url} is not an embedded asset"
                    );
                }
            }
        }
        assert!(!PAGE.contains("https://") && !PAGE.contains("//unpkg"));
    }
}
