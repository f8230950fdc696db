//! What the HTTP layer learns about one operation before running it (`prepare`), shared by
//! `POST`/`GET /graphql` and WebSocket `subscribe` (`app::ws`).

use async_graphql::{Request, ServerError};
use axum::http::Method;

use super::admission::HttpState;
use crate::{error::ApiError, graphql::spec};

/// What the HTTP layer learnt about one operation before running it.
pub(super) struct Prepared {
    pub(super) from_manifest: bool,
    pub(super) operation_name: Option<String>,
    /// The type of each operation the request may run (all of them when it names none).
    pub(super) kinds: Vec<async_graphql::parser::types::OperationType>,
    /// Each `login` asked for, with the account's email when it can be read.
    pub(super) logins: Vec<Option<String>>,
}

pub(super) enum Refusal {
    Error(ApiError),
    Server(ServerError),
    MethodNotAllowed,
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Self {
        Self::Error(e)
    }
}

/// The checks every operation passes before it runs, over HTTP and WebSocket alike: persisted
/// operations, document size and nesting, parsing, GET for queries only, query limits, and the
/// logins it asks for (their rate limits). Validation and variables are the schema's
/// (`graphql::spec`).
pub(super) fn prepare(
    state: &HttpState,
    method: &Method,
    request: &mut Request,
) -> Result<Prepared, Refusal> {
    let from_manifest = state.app.persisted.resolve(request)?;
    if request.query.trim().is_empty() {
        return Err(ApiError::bad_request("the request has no query", None).into());
    }
    state.limits.check_text(&request.query)?;
    let operation_name = request.operation_name.clone();
    let variables = request.variables.clone();
    let doc = request
        .parsed_query()
        .map_err(|e| Refusal::Server(spec::with_code(e, spec::PARSE_FAILED)))?;
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let ops: Vec<_> = match (&doc.operations, operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => vec![(None, op)],
        (DocumentOperations::Multiple(map), Some(name)) => map
            .iter()
            .filter(|(n, _)| n.as_str() == name)
            .map(|(n, op)| (Some(n), op))
            .collect(),
        (DocumentOperations::Multiple(map), None) => {
            map.iter().map(|(n, op)| (Some(n), op)).collect()
        }
    };
    // GET is for queries only (GraphQL over HTTP): a mutation must not be a safe request.
    if method == Method::GET && ops.iter().any(|(_, op)| op.node.ty != OperationType::Query) {
        return Err(Refusal::MethodNotAllowed);
    }
    state
        .limits
        .check(doc, operation_name.as_deref(), &variables)?;
    let kinds = ops.iter().map(|(_, op)| op.node.ty).collect();
    let mut logins = std::collections::BTreeMap::new();
    for (_, op) in ops
        .iter()
        .filter(|(_, op)| op.node.ty == OperationType::Mutation)
    {
        collect_logins(
            doc,
            &op.node.selection_set.node,
            &variables,
            &mut Vec::new(),
            &mut logins,
        );
    }
    let operation_name = operation_name.or_else(|| match ops.as_slice() {
        [(Some(n), _)] => Some(n.to_string()),
        _ => None,
    });
    Ok(Prepared {
        from_manifest,
        operation_name,
        kinds,
        logins: logins.into_values().collect(),
    })
}

/// Every `login` / `loginWithExternalToken` at the mutation root, through fragments, by response
/// key (fields with one key run once): aliases must not turn one request into many guesses.
fn collect_logins<'a>(
    doc: &'a async_graphql::parser::types::ExecutableDocument,
    set: &'a async_graphql::parser::types::SelectionSet,
    variables: &async_graphql::Variables,
    visited: &mut Vec<&'a str>,
    out: &mut std::collections::BTreeMap<String, Option<String>>,
) {
    use async_graphql::parser::types::Selection;
    for sel in &set.items {
        match &sel.node {
            Selection::Field(f)
                if matches!(
                    f.node.name.node.as_str(),
                    "login" | "loginWithExternalToken"
                ) =>
            {
                let key = f.node.response_key().node.to_string();
                out.insert(key, login_email(&f.node, variables));
            }
            Selection::Field(_) => {}
            Selection::FragmentSpread(s) => {
                let name = s.node.fragment_name.node.as_str();
                if !visited.contains(&name)
                    && let Some(frag) = doc.fragments.get(name)
                {
                    visited.push(name);
                    collect_logins(doc, &frag.node.selection_set.node, variables, visited, out);
                }
            }
            Selection::InlineFragment(i) => {
                collect_logins(doc, &i.node.selection_set.node, variables, visited, out);
            }
        }
    }
}

/// The email of `login(input: { email })`, as a literal or from the variables.
fn login_email(
    field: &async_graphql::parser::types::Field,
    variables: &async_graphql::Variables,
) -> Option<String> {
    let input = field.get_argument("input")?;
    let input = input
        .node
        .clone()
        .into_const_with(|name| variables.get(&name).cloned().ok_or(()))
        .ok()?;
    match input {
        async_graphql::Value::Object(o) => match o.get("email") {
            Some(async_graphql::Value::String(e)) => Some(e.trim().to_lowercase()),
            _ => None,
        },
        _ => None,
    }
}
