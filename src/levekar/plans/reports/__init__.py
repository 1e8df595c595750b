"""Reports on a plan: the content (``data``) and its PDF and Word renderings."""
