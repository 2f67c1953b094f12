"""RQ jobs and their lifecycle (the service issue)."""
