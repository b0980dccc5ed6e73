"""The demo crowd: deterministic, realistic people for the demo and benchmark programs.

`people` turns a seed into people (plain specs, no database); `bulk` writes them fast.
The word banks live in `places`, `careers` and `sentences`, one concept each.
"""
