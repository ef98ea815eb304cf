//! One module per subcommand.
pub mod link;
pub mod mrz;
