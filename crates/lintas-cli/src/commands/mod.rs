//! One module per subcommand.
pub mod ais;
pub mod apikey;
mod db;
pub mod import;
pub mod link;
pub mod mrz;
pub mod screen;
pub mod serve;
