//! Column filters shared by every entity's filter input: each becomes a SQL condition on one
//! column. Entity filters combine them with `and`/`or`/`not`; the row scope is ANDed on top.

use async_graphql::InputObject;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// Filter on an id column.
#[derive(InputObject, Default, Clone)]
pub struct UuidFilter {
    pub eq: Option<Uuid>,
    pub ne: Option<Uuid>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<Uuid>>,
    pub is_null: Option<bool>,
}

/// Filter on a text column.
#[derive(InputObject, Default, Clone)]
pub struct StringFilter {
    pub eq: Option<String>,
    pub ne: Option<String>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    /// Substring match.
    pub contains: Option<String>,
    pub starts_with: Option<String>,
    pub is_null: Option<bool>,
}

/// Filter on a boolean column.
#[derive(InputObject, Default, Clone)]
pub struct BoolFilter {
    pub eq: Option<bool>,
    pub is_null: Option<bool>,
}

/// Filter on a timestamp column.
#[derive(InputObject, Default, Clone)]
pub struct DateTimeFilter {
    pub eq: Option<DateTime<Utc>>,
    pub lt: Option<DateTime<Utc>>,
    pub lte: Option<DateTime<Utc>>,
    pub gt: Option<DateTime<Utc>>,
    pub gte: Option<DateTime<Utc>>,
    pub is_null: Option<bool>,
}

fn null_check<C: ColumnTrait>(c: Condition, col: C, is_null: Option<bool>) -> Condition {
    match is_null {
        Some(true) => c.add(col.is_null()),
        Some(false) => c.add(col.is_not_null()),
        None => c,
    }
}

/// Turns a column filter into a condition on `col`.
pub trait ColumnFilter {
    fn condition<C: ColumnTrait>(&self, col: C) -> Condition;
}

impl ColumnFilter for UuidFilter {
    fn condition<C: ColumnTrait>(&self, col: C) -> Condition {
        let mut c = Condition::all();
        if let Some(v) = self.eq {
            c = c.add(col.eq(v));
        }
        if let Some(v) = self.ne {
            c = c.add(col.ne(v));
        }
        if let Some(v) = &self.in_ {
            c = c.add(col.is_in(v.clone()));
        }
        null_check(c, col, self.is_null)
    }
}

/// Escapes LIKE wildcards so user text matches literally.
fn like_literal(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl ColumnFilter for StringFilter {
    fn condition<C: ColumnTrait>(&self, col: C) -> Condition {
        use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
        let mut c = Condition::all();
        if let Some(v) = &self.eq {
            c = c.add(col.eq(v.clone()));
        }
        if let Some(v) = &self.ne {
            c = c.add(col.ne(v.clone()));
        }
        if let Some(v) = &self.in_ {
            c = c.add(col.is_in(v.clone()));
        }
        if let Some(v) = &self.contains {
            let pattern = LikeExpr::new(format!("%{}%", like_literal(v))).escape('\\');
            c = c.add(Expr::col(col).like(pattern));
        }
        if let Some(v) = &self.starts_with {
            let pattern = LikeExpr::new(format!("{}%", like_literal(v))).escape('\\');
            c = c.add(Expr::col(col).like(pattern));
        }
        null_check(c, col, self.is_null)
    }
}

impl ColumnFilter for BoolFilter {
    fn condition<C: ColumnTrait>(&self, col: C) -> Condition {
        let mut c = Condition::all();
        if let Some(v) = self.eq {
            c = c.add(col.eq(v));
        }
        null_check(c, col, self.is_null)
    }
}

impl ColumnFilter for DateTimeFilter {
    fn condition<C: ColumnTrait>(&self, col: C) -> Condition {
        let mut c = Condition::all();
        if let Some(v) = self.eq {
            c = c.add(col.eq(v));
        }
        if let Some(v) = self.lt {
            c = c.add(col.lt(v));
        }
        if let Some(v) = self.lte {
            c = c.add(col.lte(v));
        }
        if let Some(v) = self.gt {
            c = c.add(col.gt(v));
        }
        if let Some(v) = self.gte {
            c = c.add(col.gte(v));
        }
        null_check(c, col, self.is_null)
    }
}

/// Filter on an integer column.
#[derive(InputObject, Default, Clone)]
pub struct IntFilter {
    pub eq: Option<i64>,
    pub ne: Option<i64>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<i64>>,
    pub lt: Option<i64>,
    pub lte: Option<i64>,
    pub gt: Option<i64>,
    pub gte: Option<i64>,
    pub is_null: Option<bool>,
}

/// Filter on a decimal column.
#[derive(InputObject, Default, Clone)]
pub struct FloatFilter {
    pub lt: Option<f64>,
    pub lte: Option<f64>,
    pub gt: Option<f64>,
    pub gte: Option<f64>,
    pub is_null: Option<bool>,
}

/// Filter on a calendar-date column.
#[derive(InputObject, Default, Clone)]
pub struct DateFilter {
    pub eq: Option<NaiveDate>,
    pub lt: Option<NaiveDate>,
    pub lte: Option<NaiveDate>,
    pub gt: Option<NaiveDate>,
    pub gte: Option<NaiveDate>,
    pub is_null: Option<bool>,
}

/// eq/ne/in and the four comparisons, for any column type with ordering.
macro_rules! ordered_filter {
    ($filter:ty { $($op:ident),* }) => {
        impl ColumnFilter for $filter {
            fn condition<C: ColumnTrait>(&self, col: C) -> Condition {
                let mut c = Condition::all();
                $(c = ordered_filter!(@$op c, col, self);)*
                null_check(c, col, self.is_null)
            }
        }
    };
    (@eq $c:ident, $col:ident, $s:ident) => { match &$s.eq { Some(v) => $c.add($col.eq(v.clone())), None => $c } };
    (@ne $c:ident, $col:ident, $s:ident) => { match &$s.ne { Some(v) => $c.add($col.ne(v.clone())), None => $c } };
    (@in_ $c:ident, $col:ident, $s:ident) => { match &$s.in_ { Some(v) => $c.add($col.is_in(v.clone())), None => $c } };
    (@lt $c:ident, $col:ident, $s:ident) => { match &$s.lt { Some(v) => $c.add($col.lt(v.clone())), None => $c } };
    (@lte $c:ident, $col:ident, $s:ident) => { match &$s.lte { Some(v) => $c.add($col.lte(v.clone())), None => $c } };
    (@gt $c:ident, $col:ident, $s:ident) => { match &$s.gt { Some(v) => $c.add($col.gt(v.clone())), None => $c } };
    (@gte $c:ident, $col:ident, $s:ident) => { match &$s.gte { Some(v) => $c.add($col.gte(v.clone())), None => $c } };
}
ordered_filter!(IntFilter {
    eq,
    ne,
    in_,
    lt,
    lte,
    gt,
    gte
});
ordered_filter!(FloatFilter { lt, lte, gt, gte });
ordered_filter!(DateFilter {
    eq,
    lt,
    lte,
    gt,
    gte
});

/// Declares the filter input of an enum column: `enum_filter!(UserStatusFilter, entity::users::UserStatus);`
#[macro_export]
macro_rules! enum_filter {
    ($filter:ident, $enum:ty) => {
        #[doc = concat!("Filter on a ", stringify!($filter), " column.")]
        #[derive(async_graphql::InputObject, Default, Clone)]
        pub struct $filter {
            pub eq: Option<$enum>,
            pub ne: Option<$enum>,
            #[graphql(name = "in")]
            pub in_: Option<Vec<$enum>>,
            pub is_null: Option<bool>,
        }

        impl $crate::filter::ColumnFilter for $filter {
            fn condition<C: sea_orm::ColumnTrait>(&self, col: C) -> sea_orm::Condition {
                let mut c = sea_orm::Condition::all();
                if let Some(v) = self.eq {
                    c = c.add(col.eq(v));
                }
                if let Some(v) = self.ne {
                    c = c.add(col.ne(v));
                }
                if let Some(v) = &self.in_ {
                    c = c.add(col.is_in(v.clone()));
                }
                match self.is_null {
                    Some(true) => c.add(col.is_null()),
                    Some(false) => c.add(col.is_not_null()),
                    None => c,
                }
            }
        }
    };
}

/// Adds `field.condition(col)` to `c` when the field is present.
pub fn add<F: ColumnFilter, C: ColumnTrait>(c: Condition, f: &Option<F>, col: C) -> Condition {
    match f {
        Some(f) => c.add(f.condition(col)),
        None => c,
    }
}

/// Sort direction of a list.
#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}
