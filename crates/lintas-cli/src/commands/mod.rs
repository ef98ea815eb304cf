//! One module per subcommand.
pub mod apikey;
mod db;
pub mod import;
pub mod serve;
pub mod ais;
pub mod link;
pub mod mrz;
pub mod screen;
