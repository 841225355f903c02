"""Response models of the public read API (pydantic), shared by domain code and handlers."""
