"""Pure Python rules of the execution app: the guarded lifecycle, work templates, uptime arithmetic."""
