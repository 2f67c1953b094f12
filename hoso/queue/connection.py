"""Redis and the two RQ queues, with RQ's JSON serializer (job arguments are ids).

``counter`` comes ahead of ``batch``: every worker listens on both in that
order, so a citizen waiting at a counter never waits behind an archive box
that has not started yet.
"""

from __future__ import annotations

from enum import StrEnum

from redis import Redis
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer

from hoso.config import Settings

SERIALIZER = JSONSerializer


class QueueName(StrEnum):
    COUNTER = "counter"      # single uploads: someone is waiting
    BATCH = "batch"          # batch scans of archive boxes

#: The order every worker listens in.
QUEUE_ORDER = (QueueName.COUNTER, QueueName.BATCH)


def connect(settings: Settings | str) -> Redis:
    """A Redis client for ``settings.redis_url`` (or a URL); RQ needs raw bytes replies."""
    url = settings if isinstance(settings, str) else settings.redis_url
    return Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)


def get_queue(redis: Redis, name: str | QueueName) -> Queue:
    """The RQ queue ``name`` (``counter`` or ``batch``) with the JSON serializer."""
    return Queue(QueueName(name).value, connection=redis, serializer=SERIALIZER)


def queues(redis: Redis) -> list[Queue]:
    """Both queues, ``counter`` first."""
    return [get_queue(redis, name) for name in QUEUE_ORDER]


def fetch_job(redis: Redis, job_id: str) -> Job | None:
    """The job ``job_id``, or ``None`` when Redis has no such job."""
    return Job.fetch_many([job_id], connection=redis, serializer=SERIALIZER)[0]
