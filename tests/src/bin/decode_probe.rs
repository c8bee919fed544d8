//! Decodes one deeply nested input on a thread with a 2 MiB stack and prints the outcome:
//! `ok`, or `err: <message>`. A stack overflow aborts the process, which the nesting
//! tests (`tests/tests/decode_nesting.rs`) see in its exit status.
//!
//! Usage: `decode_probe <shape> <depth> <path>` (names in `integration::deep`).

use integration::deep::{decode, Path, Shape};

/// The stack of the decoding thread: what a small worker thread may have.
const STACK: usize = 2 << 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [shape, depth, path] = args.as_slice() else {
        eprintln!("usage: decode_probe <shape> <depth> <path>");
        std::process::exit(2);
    };
    let (Some(shape), Ok(depth), Some(path)) =
        (Shape::named(shape), depth.parse::<usize>(), Path::named(path))
    else {
        eprintln!("unknown shape, depth or path: {args:?}");
        std::process::exit(2);
    };
    let worker = std::thread::Builder::new()
        .name("decode".to_owned())
        .stack_size(STACK)
        .spawn(move || decode(shape, depth, path))
        .expect("a thread starts");
    match worker.join() {
        Ok(Ok(())) => println!("ok"),
        Ok(Err(message)) => println!("err: {}", message.chars().take(300).collect::<String>()),
        Err(_) => {
            println!("panic");
            std::process::exit(3);
        }
    }
}
