"""Performance benchmarks (`make bench`)."""
