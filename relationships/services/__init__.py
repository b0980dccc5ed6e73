"""Services of the relationships app: every state change goes through one of these."""
