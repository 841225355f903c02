"""Courtside infrastructure: stage config, the stack, its constructs and layer bundling."""
