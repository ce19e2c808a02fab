"""Monitoring dashboard for Changchun's biomedicine and life-health industry plan."""
