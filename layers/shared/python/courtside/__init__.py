"""Courtside: the shared layer (settings, database, domain logic, security)."""
