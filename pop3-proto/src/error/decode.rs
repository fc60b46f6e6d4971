// Decoding errors: written with the parsers.
