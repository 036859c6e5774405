"""PocketSphinx: the built-in engine (no download), its endpointing and extra pronunciations."""
