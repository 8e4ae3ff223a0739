"""The Textual app (``chooser`` with no command). Only this package imports Textual."""
