"""Pure Python rules of the reporting app: report-request questions, answers and their aggregation."""
