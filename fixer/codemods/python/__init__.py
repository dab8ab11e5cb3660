"""Codemods for Python sources, written with libcst so every other byte is kept.

Public modules are codemods (one class each, its examples inside); modules whose name
starts with an underscore are the helpers they share.
"""
