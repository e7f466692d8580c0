"""What one probe check means for the probe's incident: pure arithmetic, tested without a database."""

OPEN, CLOSE = 'open', 'close'


def after_check(failures, ok, threshold, incident_open):
    """The new count of consecutive failures and what to do with the incident: OPEN after `threshold`
    failures in a row (once), CLOSE on the first success while one is open, else None."""
    if ok:
        return 0, (CLOSE if incident_open else None)
    failures += 1
    return failures, (OPEN if failures >= threshold and not incident_open else None)


def uptime_pct(ok, total):
    """Share of passed checks in per cent, None without checks."""
    return None if not total else round(100.0 * ok / total, 2)


def judge_http(status, body, expected_status, keyword):
    """None when an HTTP answer passes, else why it fails: 'status' first, then 'keyword'."""
    if status != expected_status:
        return 'status'
    if keyword and keyword not in body:
        return 'keyword'
    return None
