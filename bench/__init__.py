"""Benchmarks (`make bench`): cold starts, warm latency, scale. See `bench.common`."""
