"""chooser: choose a supplier in AF's Rusta och matcha 2, with AF's own data, explained."""

__version__ = "0.2.0"
