//! One module per subcommand.
pub mod mrz;
