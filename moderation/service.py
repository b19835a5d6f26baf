"""Inline moderation for chat: async micro-batching in front of the classifier.

Behaviour under stress, which the gateway relies on to fail closed:
- queue full (more than `queue_size` messages waiting)  -> ModerationUnavailable("overloaded")
- the classifier raises                                 -> ModerationUnavailable for that batch
- no verdict within `timeout_seconds`                   -> ModerationUnavailable("timed out")
- not started, or stopped while waiting                 -> ModerationUnavailable
The service itself keeps running after any of these.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import msgspec

from moderation.policy import PolicySettings, Verdict, decide

Predict = Callable[[list[str]], list[dict[str, float]]]


class ModerationUnavailable(Exception):
    """No verdict could be given; callers must refuse the message (fail closed)."""


class ServiceSettings(msgspec.Struct, frozen=True):
    max_batch: int = 32
    queue_size: int = 1024
    cache_size: int = 4096
    timeout_seconds: float = 2.0
    # Two batchers, so a batch that fills while another is being scored runs at once instead of
    # queueing behind it (inference releases the GIL): 650–787 vs 551–574 msgs/s saturated, p99 29–35
    # vs 31–37 ms at 200 msgs/s offered, measured here with bench/moderation.py.
    workers: int = 2


class ServiceStats(msgspec.Struct):
    batches: int = 0
    messages_classified: int = 0
    largest_batch: int = 0
    cache_hits: int = 0
    rejected_overload: int = 0
    failed_batches: int = 0


class _Pending(msgspec.Struct):
    text: str
    future: asyncio.Future[dict[str, float]]


class ModerationService:
    """`version` names the classifier behind `predict`, for the violation records."""

    def __init__(
        self,
        predict: Predict,
        policy: PolicySettings | None = None,
        settings: ServiceSettings | None = None,
        version: str = "",
    ) -> None:
        self.predict = predict
        self.version = version
        self.policy = policy or PolicySettings()
        self.settings = settings or ServiceSettings()
        self.stats = ServiceStats()
        self._cache: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._queue: asyncio.Queue[_Pending] | None = None
        self._workers: list[asyncio.Task[None]] = []
        self._executor: ThreadPoolExecutor | None = None

    @property
    def running(self) -> bool:
        return any(not worker.done() for worker in self._workers)

    async def start(self) -> None:
        if self.running:
            return
        self._queue = asyncio.Queue(self.settings.queue_size)
        workers = self.settings.workers
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="moderation")
        self._workers = [asyncio.create_task(self._run(), name=f"moderation-batcher-{n}")
                         for n in range(workers)]

    async def stop(self) -> None:
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        if self._queue is not None:
            waiting = [self._queue.get_nowait() for _ in range(self._queue.qsize())]
            self._fail(waiting, ModerationUnavailable("moderation stopped"))
        if self._executor is not None:
            self._executor.shutdown(wait=False)
        self._queue = self._executor = None

    async def check(self, text: str) -> Verdict:
        verdict = decide(await self.scores(text), self.policy)
        return msgspec.structs.replace(verdict, classifier_version=self.version)

    async def scores(self, text: str) -> dict[str, float]:
        if not self.running or self._queue is None:
            raise ModerationUnavailable("moderation service is not running")
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            self.stats.cache_hits += 1
            return dict(cached)
        future: asyncio.Future[dict[str, float]] = asyncio.get_running_loop().create_future()
        try:
            self._queue.put_nowait(_Pending(text, future))
        except asyncio.QueueFull:
            self.stats.rejected_overload += 1
            raise ModerationUnavailable("moderation overloaded") from None
        try:
            # asyncio.timeout, not wait_for: no extra waiter future per message.
            async with asyncio.timeout(self.settings.timeout_seconds):
                return await future
        except TimeoutError:
            raise ModerationUnavailable("moderation timed out") from None

    async def _fill_batch(self, queue: asyncio.Queue[_Pending], batch: list[_Pending]) -> None:
        """Wait for one message, then take whatever else is already queued (up to max_batch) and
        go: a free batcher never waits for company. Under load messages pile up while the other
        batch is scored, so batches still fill; at 200 msgs/s a 3 ms window only added latency."""
        batch.append(await queue.get())
        while len(batch) < self.settings.max_batch and not queue.empty():
            batch.append(queue.get_nowait())

    async def _run(self) -> None:
        assert self._queue is not None
        loop = asyncio.get_running_loop()
        batch: list[_Pending] = []
        try:
            while True:
                batch = []
                await self._fill_batch(self._queue, batch)
                texts = list(dict.fromkeys(p.text for p in batch))
                try:
                    results = await loop.run_in_executor(self._executor, self.predict, texts)
                except Exception as error:
                    self.stats.failed_batches += 1
                    self._fail(batch, ModerationUnavailable(f"classifier failed: {error!r}"))
                    continue
                self._deliver(batch, texts, results)
        except asyncio.CancelledError:
            self._fail(batch, ModerationUnavailable("moderation stopped"))
            raise

    def _deliver(
        self, batch: list[_Pending], texts: list[str], results: list[dict[str, float]]
    ) -> None:
        self.stats.batches += 1
        self.stats.messages_classified += len(texts)
        self.stats.largest_batch = max(self.stats.largest_batch, len(texts))
        by_text = dict(zip(texts, results, strict=True))
        for text, scores in by_text.items():
            self._remember(text, scores)
        for pending in batch:
            if not pending.future.done():
                pending.future.set_result(dict(by_text[pending.text]))

    @staticmethod
    def _fail(batch: list[_Pending], error: ModerationUnavailable) -> None:
        for pending in batch:
            if not pending.future.done():
                pending.future.set_exception(error)

    def _remember(self, text: str, scores: dict[str, float]) -> None:
        self._cache[text] = scores
        self._cache.move_to_end(text)
        while len(self._cache) > self.settings.cache_size:
            self._cache.popitem(last=False)
