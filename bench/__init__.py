"""``make bench``: the citizen, reviewer and export paths measured against a stock Wagtail form
page and a bare Django view, in one run on one machine (see docs/performance.md)."""
