//! `reach-synth OUT_DIR [--small]`: writes a generated snapshot to a folder, to try Reach on a
//! large network (`reach inventory OUT_DIR`) or to measure its memory.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|arg| !arg.starts_with("--")) else {
        eprintln!("usage: reach-synth OUT_DIR [--small]");
        return std::process::ExitCode::from(2);
    };
    let size = if args.iter().any(|arg| arg == "--small") {
        reach_synth::Size::small()
    } else {
        reach_synth::Size::large()
    };
    let dir = std::path::Path::new(dir);
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("reach-synth: {}: {error}", dir.display());
        return std::process::ExitCode::from(2);
    }
    let files = reach_synth::generate(&size);
    let mut bytes = 0;
    for file in &files {
        bytes += file.bytes.len();
        if let Err(error) = std::fs::write(dir.join(&file.name), &file.bytes) {
            eprintln!("reach-synth: {}: {error}", file.name);
            return std::process::ExitCode::from(2);
        }
    }
    println!(
        "wrote {} files ({:.1} MB) to {}",
        files.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    std::process::ExitCode::SUCCESS
}
