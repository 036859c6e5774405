"""The edges: one module per real device or engine, each fitting a Protocol in `ports`."""
