"""A hands-free, offline voice assistant that guides therapeutic self-massage."""

__version__ = "0.1.0"
