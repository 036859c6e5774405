"""One module per sub-command, each with `main(args, settings) -> int`."""
