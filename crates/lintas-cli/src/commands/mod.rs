//! One module per subcommand.
pub mod ais;
mod ais_feed;
mod ais_ingest;
mod ais_store;
pub mod apikey;
mod db;
pub mod import;
pub mod link;
pub mod mrz;
pub mod screen;
pub mod serve;
