"""Finding mentors: directory, suggestions, the ranker, cohort matching, quality review."""
