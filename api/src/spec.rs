//! Where async-graphql's answers differ from the GraphQL specification, one schema extension
//! puts them right for every transport (POST, GET, batches and WebSocket `subscribe` all run
//! through the schema):
//!
//! - validation errors carry `extensions.code = GRAPHQL_VALIDATION_FAILED` (parse errors get
//!   `GRAPHQL_PARSE_FAILED` where the document is parsed, `app::prepare`): the codes Apollo
//!   clients know;
//! - variables are coerced before execution (CoerceVariableValues): a required one missing, or
//!   a value of the wrong type, is a validation error, never a field error with partial data;
//! - Int literals and variables outside the 32-bit range are validation errors (async-graphql
//!   lets them through validation and fails the field);
//! - directives on `__typename` are validated (async-graphql's validator skips that field, so
//!   `@include(if: "yes")` passed and a variable used only there counted as unused);
//! - with introspection off, `__schema`, `__type` and federation's `_service` are refused, not
//!   answered `null` (the library answers `_service` whatever its introspection setting);
//! - a bad `_entities` representation is refused with its reason (`federation`);
//! - response keys follow the selection order (async-graphql inserts fields as their resolvers
//!   finish), and a query whose fields are all skipped answers `{"data": {}}`, not `null`.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use async_graphql::{
    Name, Positioned, Request, Response, ServerError, ServerResult, ValidationResult, Value,
    Variables,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
        NextPrepareRequest, NextSubscribe, NextValidation,
    },
    futures_util::{StreamExt, stream::BoxStream},
    indexmap::IndexMap,
    parser::types::{
        DocumentOperations, ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
    },
    registry::{MetaType, MetaTypeName, Registry},
};

pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

/// `err` with `extensions.code` set to `code`, unless it already has one.
pub fn with_code(mut err: ServerError, code: &str) -> ServerError {
    let mut ext = err.extensions.take().unwrap_or_default();
    if ext.get("code").is_none() {
        ext.set("code", code);
    }
    err.extensions = Some(ext);
    err
}

/// The extension (`Schema::build(..).extension(Conformance)`).
pub struct Conformance;

impl ExtensionFactory for Conformance {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PerRequest::default())
    }
}

/// The document and variables of one request, kept from parsing for the later hooks.
struct Seen {
    doc: ExecutableDocument,
    variables: Variables,
    operation_name: Option<String>,
}

impl Seen {
    /// The operation that runs (as async-graphql picks it); `None` when none does.
    fn operation(&self) -> Option<&OperationDefinition> {
        match (&self.doc.operations, self.operation_name.as_deref()) {
            (DocumentOperations::Single(op), None) => Some(&op.node),
            (DocumentOperations::Single(_), Some(_)) => None,
            (DocumentOperations::Multiple(map), Some(name)) => map.get(name).map(|op| &op.node),
            (DocumentOperations::Multiple(map), None) if map.len() == 1 => {
                map.values().next().map(|op| &op.node)
            }
            (DocumentOperations::Multiple(_), None) => None,
        }
    }
}

#[derive(Default)]
struct PerRequest {
    operation_name: Mutex<Option<String>>,
    seen: Arc<Mutex<Option<Seen>>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for PerRequest {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        *lock(&self.operation_name) = request.operation_name.clone();
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next
            .run(ctx, query, variables)
            .await
            .map_err(|e| with_code(e, PARSE_FAILED))?;
        *lock(&self.seen) = Some(Seen {
            doc: doc.clone(),
            variables: variables.clone(),
            operation_name: lock(&self.operation_name).clone(),
        });
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await;
        let guard = lock(&self.seen);
        let Some(seen) = guard.as_ref() else {
            return tag(result);
        };
        let registry = &ctx.schema_env.registry;
        let mut check = Check {
            registry,
            seen,
            errors: Vec::new(),
            typename_variables: HashSet::new(),
            fragments: HashSet::new(),
        };
        if let Some(op) = seen.operation() {
            check.operation(op);
        }
        let (result, mut errors) = match result {
            Ok(r) => (r, Vec::new()),
            Err(errors) => (
                ValidationResult {
                    cache_control: Default::default(),
                    complexity: 0,
                    depth: 0,
                },
                errors,
            ),
        };
        // A variable used only in a `__typename` directive is used.
        errors.retain(|e| {
            !check
                .typename_variables
                .iter()
                .any(|v| e.message == format!(r#"Variable "${v}" is not used"#))
        });
        // The library's errors first; ours only for a document it found valid (no doubles).
        if errors.is_empty() {
            errors = check.errors;
        }
        tag(if errors.is_empty() {
            Ok(result)
        } else {
            Err(errors)
        })
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        shape(&mut response, &self.seen);
        response
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let seen = self.seen.clone();
        next.run(ctx, stream)
            .map(move |mut response| {
                shape(&mut response, &seen);
                response
            })
            .boxed()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn tag(
    result: Result<ValidationResult, Vec<ServerError>>,
) -> Result<ValidationResult, Vec<ServerError>> {
    result.map_err(|errors| {
        errors
            .into_iter()
            .map(|e| with_code(e, VALIDATION_FAILED))
            .collect()
    })
}

/// The checks async-graphql's validation leaves out, on the operation that runs.
struct Check<'a> {
    registry: &'a Registry,
    seen: &'a Seen,
    errors: Vec<ServerError>,
    /// Variables named in directives of `__typename` fields.
    typename_variables: HashSet<String>,
    /// Fragments already walked (their arguments do not depend on where they are spread).
    fragments: HashSet<&'a str>,
}

impl<'a> Check<'a> {
    fn error(&mut self, pos: async_graphql::Pos, message: String) {
        self.errors.push(ServerError::new(message, Some(pos)));
    }

    fn operation(&mut self, op: &'a OperationDefinition) {
        for def in &op.variable_definitions {
            let def = &def.node;
            let ty = def.var_type.node.to_string();
            let name = &def.name.node;
            let given = self.seen.variables.get(name);
            let value = given.or(def.default_value.as_ref().map(|d| &d.node));
            let what = format!("variable ${name}");
            match value {
                None if !def.var_type.node.nullable => self.error(
                    def.name.pos,
                    format!("{what} of required type {ty} was not provided"),
                ),
                None => {}
                Some(v) => {
                    if let Err(why) = coerce(self.registry, &ty, v) {
                        self.error(def.name.pos, format!("{what} got an invalid value: {why}"));
                    }
                }
            }
        }
        let root = match op.ty {
            async_graphql::parser::types::OperationType::Query => {
                Some(self.registry.query_type.as_str())
            }
            async_graphql::parser::types::OperationType::Mutation => {
                self.registry.mutation_type.as_deref()
            }
            async_graphql::parser::types::OperationType::Subscription => {
                self.registry.subscription_type.as_deref()
            }
        };
        let introspection_off = matches!(
            self.registry.introspection_mode,
            async_graphql::IntrospectionMode::Disabled
        );
        self.selection_set(&op.selection_set.node, root, introspection_off, op);
    }

    /// `at_root`: the root of a query with introspection off (where `__schema` may appear).
    fn selection_set(
        &mut self,
        set: &'a SelectionSet,
        ty: Option<&'a str>,
        at_root: bool,
        op: &'a OperationDefinition,
    ) {
        for sel in &set.items {
            match &sel.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    if name == "__typename" {
                        self.typename(&f.node, op);
                        continue;
                    }
                    // `_service { sdl }` (federation) prints the whole schema: introspection.
                    if at_root && matches!(name, "__schema" | "__type" | "_service") {
                        self.error(
                            f.pos,
                            format!("introspection is disabled on this server (`{name}`)"),
                        );
                        continue;
                    }
                    let meta = ty
                        .and_then(|t| self.registry.types.get(t))
                        .and_then(|t| t.field_by_name(name));
                    let Some(meta) = meta else { continue };
                    if name == "_entities"
                        && let Some(why) = crate::federation::representations_error(
                            self.registry,
                            &f.node,
                            &self.seen.variables,
                        )
                    {
                        self.error(f.pos, why);
                    }
                    for (arg, value) in &f.node.arguments {
                        if let Some(input) = meta.args.get(arg.node.as_str())
                            && let Err(why) = int_range(self.registry, &input.ty, &value.node)
                        {
                            self.error(
                                value.pos,
                                format!("argument `{}` of `{name}`: {why}", arg.node),
                            );
                        }
                    }
                    let child = MetaTypeName::concrete_typename(&meta.ty);
                    self.selection_set(&f.node.selection_set.node, Some(child), false, op);
                }
                Selection::FragmentSpread(s) => {
                    let name = s.node.fragment_name.node.as_str();
                    if let Some(frag) = self.seen.doc.fragments.get(name)
                        && self.fragments.insert(name)
                    {
                        let on = frag.node.type_condition.node.on.node.as_str();
                        self.selection_set(&frag.node.selection_set.node, Some(on), at_root, op);
                    }
                }
                Selection::InlineFragment(i) => {
                    let on = i
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str())
                        .or(ty);
                    self.selection_set(&i.node.selection_set.node, on, at_root, op);
                }
            }
        }
    }

    /// What the library's validator does for every other field: arguments and directives.
    fn typename(&mut self, field: &'a Field, op: &'a OperationDefinition) {
        if let Some((arg, _)) = field.arguments.first() {
            self.error(
                arg.pos,
                format!("unknown argument `{}` on `__typename`", arg.node),
            );
        }
        let mut names = HashSet::new();
        for d in &field.directives {
            let name = d.node.name.node.as_str();
            if !matches!(name, "skip" | "include") {
                self.error(d.pos, format!("unknown directive `@{name}`"));
                continue;
            }
            if !names.insert(name) {
                self.error(d.pos, format!("the directive `@{name}` is repeated"));
            }
            for (arg, _) in d.node.arguments.iter().filter(|(a, _)| a.node != "if") {
                self.error(
                    arg.pos,
                    format!("unknown argument `{}` on `@{name}`", arg.node),
                );
            }
            let Some(cond) = d.node.get_argument("if") else {
                self.error(
                    d.pos,
                    format!("`@{name}` needs the argument `if` of type Boolean!"),
                );
                continue;
            };
            match &cond.node {
                async_graphql_value::Value::Boolean(_) => {}
                async_graphql_value::Value::Variable(var) => {
                    self.typename_variables.insert(var.to_string());
                    let def = op
                        .variable_definitions
                        .iter()
                        .find(|v| v.node.name.node == *var);
                    match def {
                        None => self.error(
                            cond.pos,
                            format!("variable ${var} is not defined by the operation"),
                        ),
                        Some(def) => {
                            let ty = &def.node.var_type.node;
                            let boolean = matches!(
                                &ty.base,
                                async_graphql::parser::types::BaseType::Named(n) if n == "Boolean"
                            );
                            // A nullable variable fits a Boolean! only with a default.
                            if !boolean || (ty.nullable && def.node.default_value.is_none()) {
                                self.error(
                                    cond.pos,
                                    format!(
                                        "variable ${var} of type {ty} cannot be `if` of `@{name}` (Boolean!)"
                                    ),
                                );
                            }
                        }
                    }
                }
                other => self.error(
                    cond.pos,
                    format!("`if` of `@{name}` must be a Boolean, not {other}"),
                ),
            }
        }
    }
}

const INT_RANGE: &str = "Int is a 32-bit integer (-2147483648 to 2147483647)";

fn fits_int(n: &async_graphql::Number) -> bool {
    n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
}

/// Int literals (in lists and input objects too) within the 32-bit range; variables are
/// checked where they are defined.
fn int_range(
    registry: &Registry,
    ty: &str,
    value: &async_graphql_value::Value,
) -> Result<(), String> {
    use async_graphql_value::Value as V;
    match (MetaTypeName::create(ty), value) {
        (MetaTypeName::NonNull(inner), v) => int_range(registry, inner, v),
        (MetaTypeName::List(inner), V::List(items)) => items
            .iter()
            .try_for_each(|item| int_range(registry, inner, item)),
        (MetaTypeName::List(inner), v) => int_range(registry, inner, v),
        (MetaTypeName::Named("Int"), V::Number(n)) if !fits_int(n) => {
            Err(format!("{n} is out of range: {INT_RANGE}"))
        }
        (MetaTypeName::Named(name), V::Object(fields)) => match registry.types.get(name) {
            Some(MetaType::InputObject { input_fields, .. }) => {
                fields
                    .iter()
                    .try_for_each(|(k, v)| match input_fields.get(k.as_str()) {
                        Some(f) => int_range(registry, &f.ty, v).map_err(|e| format!("`{k}`: {e}")),
                        None => Ok(()),
                    })
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The checks of CoerceVariableValues the library leaves to execution: required values, Int
/// range, Booleans, through lists and input objects (other scalars it checks where used).
fn coerce(registry: &Registry, ty: &str, value: &Value) -> Result<(), String> {
    match (MetaTypeName::create(ty), value) {
        (MetaTypeName::NonNull(_), Value::Null) => Err(format!("null for the non-null type {ty}")),
        (MetaTypeName::NonNull(inner), v) => coerce(registry, inner, v),
        (_, Value::Null) => Ok(()),
        (MetaTypeName::List(inner), Value::List(items)) => {
            items.iter().enumerate().try_for_each(|(i, item)| {
                coerce(registry, inner, item).map_err(|e| format!("[{i}]: {e}"))
            })
        }
        (MetaTypeName::List(inner), v) => coerce(registry, inner, v),
        (MetaTypeName::Named("Int"), Value::Number(n)) if !fits_int(n) => {
            Err(format!("{n} is out of range: {INT_RANGE}"))
        }
        (MetaTypeName::Named("Int"), v) if !matches!(v, Value::Number(_)) => {
            Err(format!("{v} is not an Int"))
        }
        (MetaTypeName::Named("Boolean"), v) if !matches!(v, Value::Boolean(_)) => {
            Err(format!("{v} is not a Boolean"))
        }
        (MetaTypeName::Named(name), Value::Object(fields)) => match registry.types.get(name) {
            Some(MetaType::InputObject { input_fields, .. }) => {
                input_fields.values().try_for_each(|f| {
                    match fields.get(f.name.as_str()) {
                        Some(v) => coerce(registry, &f.ty, v),
                        None if f.ty.ends_with('!') && f.default_value.is_none() => {
                            Err("is missing".into())
                        }
                        None => Ok(()),
                    }
                    .map_err(|e| format!("`{}`: {e}", f.name))
                })
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Key order and the empty root of a response (see the module comment).
fn shape(response: &mut Response, seen: &Mutex<Option<Seen>>) {
    let guard = lock(seen);
    let Some(seen) = guard.as_ref() else { return };
    let Some(op) = seen.operation() else { return };
    if response.data == Value::Null && response.errors.is_empty() {
        response.data = Value::Object(IndexMap::new());
        return;
    }
    let order = Order {
        seen,
        visiting: Vec::new(),
    };
    order.apply(&mut response.data, &[&op.selection_set.node]);
}

struct Order<'a> {
    seen: &'a Seen,
    visiting: Vec<&'a str>,
}

impl<'a> Order<'a> {
    /// Puts the keys of `value` (an object, or a list of them) in the order `sets` select them.
    fn apply(&self, value: &mut Value, sets: &[&'a SelectionSet]) {
        let mut keys: IndexMap<&'a Name, Vec<&'a SelectionSet>> = IndexMap::new();
        let mut visiting = self.visiting.clone();
        for set in sets {
            self.collect(set, &mut keys, &mut visiting);
        }
        self.reorder(value, &keys);
    }

    fn reorder(&self, value: &mut Value, keys: &IndexMap<&'a Name, Vec<&'a SelectionSet>>) {
        match value {
            Value::List(items) => {
                for item in items {
                    self.reorder(item, keys);
                }
            }
            Value::Object(map) => {
                let mut ordered = IndexMap::with_capacity(map.len());
                for (key, subsets) in keys {
                    if let Some(mut v) = map.shift_remove(*key) {
                        if subsets.iter().any(|s| !s.items.is_empty()) {
                            self.apply(&mut v, subsets);
                        }
                        ordered.insert((*key).clone(), v);
                    }
                }
                // Anything not selected (none expected) keeps its place after the rest.
                ordered.extend(std::mem::take(map));
                *map = ordered;
            }
            _ => {}
        }
    }

    /// CollectFields without type conditions: first occurrence of each response key.
    fn collect(
        &self,
        set: &'a SelectionSet,
        keys: &mut IndexMap<&'a Name, Vec<&'a SelectionSet>>,
        visiting: &mut Vec<&'a str>,
    ) {
        for sel in &set.items {
            if skipped(sel.node.directives(), &self.seen.variables) {
                continue;
            }
            match &sel.node {
                Selection::Field(f) => keys
                    .entry(&f.node.response_key().node)
                    .or_default()
                    .push(&f.node.selection_set.node),
                Selection::FragmentSpread(s) => {
                    let name = s.node.fragment_name.node.as_str();
                    if !visiting.contains(&name)
                        && let Some(frag) = self.seen.doc.fragments.get(name)
                    {
                        visiting.push(name);
                        self.collect(&frag.node.selection_set.node, keys, visiting);
                        visiting.pop();
                    }
                }
                Selection::InlineFragment(i) => {
                    self.collect(&i.node.selection_set.node, keys, visiting)
                }
            }
        }
    }
}

/// `@skip`/`@include` as the executor reads them.
fn skipped(
    directives: &[Positioned<async_graphql::parser::types::Directive>],
    variables: &Variables,
) -> bool {
    directives.iter().any(|d| {
        let include = match d.node.name.node.as_str() {
            "skip" => false,
            "include" => true,
            _ => return false,
        };
        let value = d.node.get_argument("if").and_then(|v| {
            v.node
                .clone()
                .into_const_with(|name| variables.get(&name).cloned().ok_or(()))
                .ok()
        });
        matches!(value, Some(Value::Boolean(b)) if b != include)
    })
}
