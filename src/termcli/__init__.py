"""termcli: an offline, fast, fuzzy glossary for the command line."""

__version__ = "0.1.0"
