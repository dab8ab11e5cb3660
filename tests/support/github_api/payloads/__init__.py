"""Builders for GitHub's response objects, one module per area of the API.

Each builder fills every field GitHub's description requires, with values derived from the
fake's state, in the shapes GitHub sends (URL templates, node IDs, ``Z`` timestamps).
"""
