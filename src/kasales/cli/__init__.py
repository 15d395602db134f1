"""The command-line interface: thin commands that parse options, call the core, render and exit."""
