"""Domain logic: the rules of Courtside, free of HTTP types."""
