"""`python -m kasales` runs the command-line interface."""

from kasales.cli.app import main

main()
