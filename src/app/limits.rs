//! Query limits, checked on the parsed document before any database work: depth, complexity
//! (what is selected under a paged field costs its `first`/`last` times, and under federation's
//! `_entities` its number of representations), aliases, root fields, directives. Schema-aware
//! through a field map read once from the SDL, so generated connection fields need no
//! `#[graphql(complexity)]` attribute.

use std::collections::HashMap;

use async_graphql::{
    Variables,
    parser::types::{
        DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
        TypeDefinition, TypeKind, TypeSystemDefinition,
    },
};

use crate::{config::Settings, error::ApiError};

struct FieldShape {
    /// The named type the field returns (list and non-null wrappers removed).
    ty: String,
    /// Takes `first`/`last`: what is selected under it repeats per row.
    paged: bool,
}

/// What one selection set costs, composable so fragments are computed once each.
#[derive(Default, Clone, Copy)]
struct Stats {
    depth: u64,
    complexity: u64,
    aliases: u64,
    directives: u64,
    /// Fields at this level (the root fields, for an operation).
    fields: u64,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.depth = self.depth.max(other.depth);
        self.complexity = self.complexity.saturating_add(other.complexity);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.saturating_add(other.directives);
        self.fields = self.fields.saturating_add(other.fields);
    }
}

pub struct QueryLimits {
    types: HashMap<String, HashMap<String, FieldShape>>,
    query_root: String,
    mutation_root: String,
    default_page: u64,
    max_page: u64,
    max_depth: u64,
    max_complexity: u64,
    max_aliases: u64,
    max_root_fields: u64,
    max_directives: u64,
    pub max_document_chars: u64,
    pub max_nesting: u64,
}

impl QueryLimits {
    pub fn new(sdl: &str, settings: &Settings) -> Self {
        let mut types = HashMap::new();
        let mut query_root = "Query".to_string();
        let mut mutation_root = "Mutation".to_string();
        let doc = async_graphql::parser::parse_schema(sdl).expect("the schema's own SDL parses");
        for def in doc.definitions {
            match def {
                TypeSystemDefinition::Schema(s) => {
                    if let Some(q) = &s.node.query {
                        query_root = q.node.to_string();
                    }
                    if let Some(m) = &s.node.mutation {
                        mutation_root = m.node.to_string();
                    }
                }
                TypeSystemDefinition::Type(t) => {
                    let TypeDefinition { name, kind, .. } = t.node;
                    let fields = match kind {
                        TypeKind::Object(o) => o.fields,
                        TypeKind::Interface(i) => i.fields,
                        _ => continue,
                    };
                    let shapes = fields
                        .into_iter()
                        .map(|f| {
                            let f = f.node;
                            let paged = f
                                .arguments
                                .iter()
                                .any(|a| matches!(a.node.name.node.as_str(), "first" | "last"));
                            let mut ty = &f.ty.node;
                            while let async_graphql::parser::types::BaseType::List(inner) = &ty.base
                            {
                                ty = inner;
                            }
                            (
                                f.name.node.to_string(),
                                FieldShape {
                                    ty: ty.base.to_string(),
                                    paged,
                                },
                            )
                        })
                        .collect();
                    types.insert(name.node.to_string(), shapes);
                }
                _ => {}
            }
        }
        let l = &settings.limits;
        Self {
            types,
            query_root,
            mutation_root,
            default_page: settings.graphql.default_page_size,
            max_page: settings.graphql.max_page_size,
            max_depth: l.max_depth,
            max_complexity: l.max_complexity,
            max_aliases: l.max_aliases,
            max_root_fields: l.max_root_fields,
            max_directives: l.max_directives,
            max_document_chars: l.max_document_chars,
            max_nesting: l.max_nesting,
        }
    }

    /// Refuses a document over the size or the nesting limit; run before parsing (see
    /// `app::nesting` for why nesting cannot wait for the parsed document).
    pub fn check_text(&self, query: &str) -> Result<(), ApiError> {
        self.check_size(query)?;
        check_nesting(query, self.max_nesting)
    }

    fn check_size(&self, query: &str) -> Result<(), ApiError> {
        let chars = query.chars().count() as u64;
        if chars > self.max_document_chars {
            return Err(ApiError::bad_request(
                format!(
                    "query document has {chars} characters, over the limit of {} (limits.max_document_chars)",
                    self.max_document_chars
                ),
                Some(("limits.max_document_chars", self.max_document_chars, chars)),
            ));
        }
        Ok(())
    }

    /// Checks the operation that will run (every operation when the name does not pick one).
    pub fn check(
        &self,
        doc: &ExecutableDocument,
        operation_name: Option<&str>,
        variables: &Variables,
    ) -> Result<(), ApiError> {
        let mut walk = Walk {
            limits: self,
            doc,
            variables,
            memo: HashMap::new(),
            spreads: 0,
            deepest_spreads: 0,
        };
        let ops: Vec<_> = match (&doc.operations, operation_name) {
            (DocumentOperations::Single(op), _) => vec![op],
            (DocumentOperations::Multiple(map), Some(name)) => map.get(name).into_iter().collect(),
            (DocumentOperations::Multiple(map), None) => map.values().collect(),
        };
        for op in ops {
            let root = match op.node.ty {
                OperationType::Query => Some(self.query_root.as_str()),
                OperationType::Mutation => Some(self.mutation_root.as_str()),
                OperationType::Subscription => None,
            };
            let mut s = walk.selection_set(&op.node.selection_set.node, root);
            if walk.deepest_spreads > self.max_nesting {
                return Err(ApiError::bad_request(
                    format!(
                        "fragments spread inside each other deeper than the limit of {} (limits.max_nesting)",
                        self.max_nesting
                    ),
                    Some(("limits.max_nesting", self.max_nesting, walk.deepest_spreads)),
                ));
            }
            s.directives = s.directives.saturating_add(op.node.directives.len() as u64);
            for (what, key, max, actual) in [
                ("depth", "limits.max_depth", self.max_depth, s.depth),
                (
                    "complexity",
                    "limits.max_complexity",
                    self.max_complexity,
                    s.complexity,
                ),
                ("aliases", "limits.max_aliases", self.max_aliases, s.aliases),
                (
                    "root fields",
                    "limits.max_root_fields",
                    self.max_root_fields,
                    s.fields,
                ),
                (
                    "directives",
                    "limits.max_directives",
                    self.max_directives,
                    s.directives,
                ),
            ] {
                if actual > max {
                    return Err(ApiError::too_complex(what, key, max, actual));
                }
            }
        }
        Ok(())
    }
}

/// Refuses a document whose brackets, braces or parentheses nest deeper than `max`.
pub fn check_nesting(query: &str, max: u64) -> Result<(), ApiError> {
    let depth = super::nesting::nesting_depth(query, max);
    if depth > max {
        return Err(ApiError::bad_request(
            format!(
                "query document nests brackets, braces or parentheses deeper than the limit of {max} (limits.max_nesting)"
            ),
            Some(("limits.max_nesting", max, depth)),
        ));
    }
    Ok(())
}

struct Walk<'a> {
    limits: &'a QueryLimits,
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    /// Fragment stats by name; `None` while being computed (a cycle, which validation refuses).
    memo: HashMap<&'a str, Option<Stats>>,
    /// Fragment spreads being expanded, one inside the other: a chain of fragments is nesting
    /// the text does not show, so it is held to `limits.max_nesting` too (and this walk's own
    /// recursion with it).
    spreads: u64,
    /// The longest chain of spreads seen.
    deepest_spreads: u64,
}

impl<'a> Walk<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet, ty: Option<&str>) -> Stats {
        let mut total = Stats::default();
        for sel in &set.items {
            match &sel.node {
                Selection::Field(f) => {
                    let f = &f.node;
                    total.fields += 1;
                    total.directives = total.directives.saturating_add(f.directives.len() as u64);
                    if f.alias.is_some() {
                        total.aliases += 1;
                    }
                    // Introspection reads the in-memory schema; it costs no database work.
                    if f.name.node.starts_with("__") {
                        continue;
                    }
                    let shape = ty
                        .and_then(|t| self.limits.types.get(t))
                        .and_then(|fields| fields.get(f.name.node.as_str()));
                    let child =
                        self.selection_set(&f.selection_set.node, shape.map(|s| s.ty.as_str()));
                    let paged = shape.map(|s| s.paged).unwrap_or_else(|| {
                        f.arguments
                            .iter()
                            .any(|(n, _)| matches!(n.node.as_str(), "first" | "last"))
                    });
                    let (rows, per_row) = if f.name.node == "_entities" {
                        // Federation: one row per representation, each a key looked up even
                        // when nothing but `__typename` is selected.
                        (self.representations(f), child.complexity.max(1))
                    } else if paged {
                        (self.page_size(f), child.complexity)
                    } else {
                        (1, child.complexity)
                    };
                    total.depth = total.depth.max(child.depth + 1);
                    total.complexity = total
                        .complexity
                        .saturating_add(rows.saturating_mul(per_row).saturating_add(1));
                    total.aliases = total.aliases.saturating_add(child.aliases);
                    total.directives = total.directives.saturating_add(child.directives);
                }
                Selection::FragmentSpread(spread) => {
                    total.directives = total
                        .directives
                        .saturating_add(spread.node.directives.len() as u64);
                    let name = spread.node.fragment_name.node.as_str();
                    let stats = match self.memo.get(name) {
                        Some(Some(s)) => *s,
                        Some(None) => Stats::default(),
                        None if self.spreads >= self.limits.max_nesting => {
                            self.deepest_spreads = self.spreads + 1;
                            Stats::default()
                        }
                        None => match self.doc.fragments.get(name) {
                            Some(frag) => {
                                self.memo.insert(name, None);
                                self.spreads += 1;
                                self.deepest_spreads = self.deepest_spreads.max(self.spreads);
                                let on = frag.node.type_condition.node.on.node.as_str();
                                let s = self.selection_set(&frag.node.selection_set.node, Some(on));
                                self.spreads -= 1;
                                self.memo.insert(name, Some(s));
                                s
                            }
                            None => Stats::default(),
                        },
                    };
                    total.add(stats);
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    total.directives = total
                        .directives
                        .saturating_add(inline.directives.len() as u64);
                    let on = inline
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str())
                        .or(ty);
                    let s = self.selection_set(&inline.selection_set.node, on);
                    total.add(s);
                }
            }
        }
        total
    }

    /// The number of representations `_entities` is asked to resolve (a literal list or a
    /// variable). One that cannot be read is left to validation, which refuses it.
    fn representations(&self, f: &async_graphql::parser::types::Field) -> u64 {
        f.get_argument("representations")
            .and_then(|v| {
                v.node
                    .clone()
                    .into_const_with(|name| self.variables.get(&name).cloned().ok_or(()))
                    .ok()
            })
            .map(|v| match v {
                async_graphql::Value::List(items) => items.len() as u64,
                _ => 1,
            })
            .unwrap_or(0)
    }

    /// Rows a paged field can return: its `first`/`last` (a literal or a variable), at most
    /// `graphql.max_page_size`; the default page size when neither is given.
    fn page_size(&self, f: &async_graphql::parser::types::Field) -> u64 {
        let mut size = None;
        for (name, value) in &f.arguments {
            if !matches!(name.node.as_str(), "first" | "last") {
                continue;
            }
            // Variables are substituted; an unknown one leaves the default page size.
            let n = value
                .node
                .clone()
                .into_const_with(|name| self.variables.get(&name).cloned().ok_or(()))
                .ok()
                .and_then(|c| c.into_json().ok())
                .and_then(|j| j.as_u64());
            if let Some(n) = n {
                size = Some(size.unwrap_or(0).max(n));
            }
        }
        size.unwrap_or(self.limits.default_page)
            .min(self.limits.max_page)
    }
}
