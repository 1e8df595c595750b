"""The privacy workflows of follow-up, each readable in one file: the subject-access
export (export), the innsynslogg (access_log) and the purge after the retention
period (purge)."""

