"""Local run: the same handlers behind a local gateway, over an embedded Postgres."""
