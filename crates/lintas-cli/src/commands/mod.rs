//! One module per subcommand.
pub mod ais;
pub mod link;
pub mod mrz;
pub mod screen;
