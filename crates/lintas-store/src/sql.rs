//! A small SQL text builder with numbered `$n` placeholders (accepted by both SQLite and
//! PostgreSQL), so each statement is written once for both backends.

/// A bound value.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    Blob(Vec<u8>),
}

/// SQL text plus its arguments in placeholder order.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            args: Vec::new(),
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.text.push('$');
        self.text.push_str(&self.args.len().to_string());
        self
    }

    pub fn bind_text(&mut self, s: impl Into<String>) -> &mut Self {
        self.bind(Arg::Text(s.into()))
    }
}

/// Binds `args` to a query of either backend.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                $crate::sql::Arg::Text(s) => q.bind(s),
                $crate::sql::Arg::Int(i) => q.bind(i),
                $crate::sql::Arg::Blob(b) => q.bind(b),
            };
        }
        q
    }};
}
pub(crate) use bind_args;

/// Runs `$body` with `$pool` bound to the store's SQLite or PostgreSQL pool. The body is
/// compiled once per backend, so the same code serves both.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::backend::Backend::Sqlite($pool) => $body,
            $crate::backend::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Builds a `sqlx` query from a [`Sql`], bound.
macro_rules! query {
    ($sql:expr) => {{
        let sql: $crate::sql::Sql = $sql;
        $crate::sql::bind_args!(sqlx::query(sqlx::AssertSqlSafe(sql.text)), sql.args)
    }};
}
pub(crate) use query;
