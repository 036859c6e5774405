"""The pure core: no I/O, no threads, no sleeping, no clock reads (time is an argument)."""
