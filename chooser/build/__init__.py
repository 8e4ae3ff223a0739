"""Build-time commands: they make the committed data; the running app never imports them."""
