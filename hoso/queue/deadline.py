"""The job timeout as an exception nothing in the pipeline can swallow.

RQ raises its ``JobTimeoutException`` (an ``Exception``) from a SIGALRM
handler wherever the job happens to be; the pipeline deliberately turns
unexpected loader exceptions into a ``corrupt_file`` result, which would
make a timed-out job look like a damaged file. Workers therefore raise
:class:`JobDeadline`, a ``BaseException`` (like ``KeyboardInterrupt``),
which only the job function itself catches.
"""

from __future__ import annotations

from typing import Any

from rq.timeouts import JobTimeoutException, UnixSignalDeathPenalty


class JobDeadline(BaseException):  # noqa: N818 - a cancellation, named like KeyboardInterrupt
    """The job ran past its timeout."""


class DeadlinePenalty(UnixSignalDeathPenalty):
    """RQ's SIGALRM timeout, raising :class:`JobDeadline` instead of ``JobTimeoutException``."""

    def __init__(self, timeout: int, exception: type[BaseException] = JobTimeoutException, **kwargs: Any) -> None:
        super().__init__(timeout, JobDeadline if exception is JobTimeoutException else exception, **kwargs)
