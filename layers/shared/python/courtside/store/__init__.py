"""Data access: the only code that builds queries. Each function takes a connection."""
