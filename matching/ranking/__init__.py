"""The ranker: pure Python with numpy, scipy and scikit-learn, and no Django imports.

It takes plain arrays and dataclasses, so it is tested and benchmarked without a database.
"""
