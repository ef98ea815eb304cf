//! One module per subcommand.
pub mod ais;
mod ais_feed;
mod ais_ingest;
mod ais_store;
pub mod apikey;
pub mod audit;
mod db;
pub mod import;
mod import_registry;
mod import_victims;
mod import_watchlist;
pub mod link;
pub mod mrz;
pub mod screen;
pub mod serve;
pub mod trends;
mod trends_csv;
pub mod user;
