"""RQ jobs and their lifecycle (the service issue).

- ``enqueue``: ``enqueue_document(redis, id)``, ``enqueue_batch(redis, id)``
- ``records``: the rows a job is made for (``new_document``, ``new_batch``)
- ``jobs``: the job functions (``process_document``, ``process_batch``);
  ``batches``: routing a batch's documents; ``results``: the writes
- ``recovery``: ``requeue_lost`` finds rows whose job was lost
- ``worker``: ``hoso worker`` (supervisor + RQ worker processes)
- ``connection``: Redis and the ``counter``/``batch`` queues;
  ``redis_server``: a private ``redis-server`` (``hoso up``, tests)

Submodules are imported by name; this package imports nothing itself.
"""
