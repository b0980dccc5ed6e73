"""Services of the people app: every multi-row write or write with side effects."""
