"""Criteria sets (groups, features, criteria) and the evaluations of providers."""
