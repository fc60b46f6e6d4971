//! `mailwire`: demonstrations and conformance tools for the mail codecs.
fn main() {
    println!("mailwire: being written");
}
