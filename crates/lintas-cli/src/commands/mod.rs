//! One module per subcommand.
pub mod ais;
pub mod apikey;
mod db;
pub mod import;
mod import_registry;
mod import_watchlist;
pub mod link;
pub mod mrz;
pub mod screen;
pub mod serve;
