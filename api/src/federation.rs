//! Apollo Federation v2: the gateway is a subgraph (README, *Federation*). The schema builder
//! enables it (`build_schema`); `entity_api!` gives every table's type `@key(fields: "id")` and
//! an entity resolver through the by-id field's scoped loader; `spec` refuses `_service` when
//! introspection is off; `app::limits` counts each representation of `_entities` as a row.
//!
//! Here: a representation the library would answer with a bare "Entity not found." (no code,
//! no reason) is refused at validation with the reason, like a variable of the wrong type.

use async_graphql::{
    Value, Variables,
    parser::types::Field,
    registry::{MetaType, MetaTypeName, Registry},
};

/// Why the `representations` of this `_entities` field cannot be resolved, if they cannot: the
/// first bad one and how many more there are (a long list of bad ones is one error).
pub(crate) fn representations_error(
    registry: &Registry,
    field: &Field,
    variables: &Variables,
) -> Option<String> {
    let value = field
        .get_argument("representations")?
        .node
        .clone()
        .into_const_with(|name| variables.get(&name).cloned().ok_or(()))
        .ok()?;
    // Not a list: the library's validation refuses it.
    let Value::List(items) = value else {
        return None;
    };
    let entities = match registry.types.get("_Entity") {
        Some(MetaType::Union { possible_types, .. }) => possible_types,
        _ => return None,
    };
    let mut bad = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| representation_error(registry, entities, item).map(|why| (i, why)));
    let (i, why) = bad.next()?;
    let more = match bad.count() {
        0 => String::new(),
        n => format!(" (and {n} more after it)"),
    };
    Some(format!("`_entities` representation [{i}]: {why}{more}"))
}

fn representation_error(
    registry: &Registry,
    entities: &async_graphql::indexmap::IndexSet<String>,
    item: &Value,
) -> Option<String> {
    let Value::Object(given) = item else {
        return Some("is not an object".into());
    };
    let Some(Value::String(ty)) = given.get("__typename") else {
        return Some("has no `__typename` string".into());
    };
    if !entities.contains(ty.as_str()) {
        return Some(format!("`{ty}` is not an entity type of this subgraph"));
    }
    let Some(MetaType::Object {
        keys: Some(keys),
        fields,
        ..
    }) = registry.types.get(ty.as_str())
    else {
        return None;
    };
    // The keys here are single fields (`id`), never nested selections.
    for key in keys.iter().flat_map(|k| k.split_whitespace()) {
        let Some(v) = given.get(key) else {
            return Some(format!("`{ty}` needs its key field `{key}`"));
        };
        let key_ty = fields
            .get(key)
            .map(|f| MetaTypeName::concrete_typename(&f.ty));
        let is_uuid = matches!(v, Value::String(s) if uuid::Uuid::parse_str(s).is_ok());
        if key_ty == Some("UUID") && !is_uuid {
            return Some(format!("`{ty}.{key}` is not a UUID"));
        }
    }
    None
}
