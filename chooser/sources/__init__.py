"""Readers for the real file formats chooser accepts; see :func:`detect.read_source`."""
