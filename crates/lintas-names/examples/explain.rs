//! Prints the comparison of two names: `cargo run --example explain -- "A" "B"`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
        eprintln!("usage: explain NAME1 NAME2");
        return;
    };
    let (pa, pb) = (
        lintas_names::parts::parse_name(a),
        lintas_names::parts::parse_name(b),
    );
    println!(
        "{:?}",
        pa.parts()
            .map(|p| (p.text, p.canon, p.skel, p.tag))
            .collect::<Vec<_>>()
    );
    println!(
        "{:?}",
        pb.parts()
            .map(|p| (p.text, p.canon, p.skel, p.tag))
            .collect::<Vec<_>>()
    );
    println!("{:#?}", lintas_names::compare::compare_names(&pa, &pb));
}
