"""The click commands: options in, the pieces called in order, an exit code out (checker.cli.main)."""
