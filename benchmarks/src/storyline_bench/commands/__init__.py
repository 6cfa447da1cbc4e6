"""One module per benchmark command; each exposes a click command named ``command``."""
