//! Renders on several threads at once share the one lexing helper (see
//! `binnacle::host::lex_ahead`): each must come out as a render on its own does.

use std::path::PathBuf;

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../web/examples")
        .join(name)
}

#[test]
fn concurrent_renders_equal_single_ones() {
    let charts = ["umbrella", "app", "library-user", "tpl-files"];
    let alone: Vec<_> = charts
        .iter()
        .map(|c| binnacle::pipeline::render_dir(&example(c), &[]))
        .collect();
    assert!(alone.iter().all(Result::is_ok), "{alone:?}");
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|t| {
                let alone = &alone;
                s.spawn(move || {
                    for round in 0..25 {
                        let i = (t + round) % charts.len();
                        let got = binnacle::pipeline::render_dir(&example(charts[i]), &[]);
                        assert_eq!(got, alone[i], "{} (thread {t}, round {round})", charts[i]);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().expect("a render thread panicked");
        }
    });
}
