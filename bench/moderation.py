"""Moderation benchmark (not a test): `python -m bench.moderation [--seconds 10]`.

1. Classifier throughput (msgs/s) by batch size 1, 8, 32 on distinct chat-length texts.
2. Service throughput at saturation (everything offered at once, batches of up to 32).
3. Added latency (p50/p99) through ModerationService at 200 msgs/s offered load, Poisson
   arrivals, every text distinct so that the cache never answers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time

from moderation import load_classifier
from moderation.classifier import ModerationClassifier
from moderation.datasets import load_all
from moderation.service import ModerationService, ModerationUnavailable, ServiceSettings

POOL: list[str] = []


def chat_texts(count: int) -> list[str]:
    """Held-out chat messages (users typing to chatbots, and our chat templates), each made
    unique so that no cache can help."""
    pool = POOL or [
        e.text
        for e in load_all()
        if e.source in ("convabuse", "synthetic") and e.split() == "test" and len(e.text) >= 3
    ]
    POOL[:] = pool
    rng = random.Random(7)
    return [f"{rng.choice(pool)} #{i}" for i in range(count)]


def throughput(
    classifier: ModerationClassifier, texts: list[str], batch: int, seconds: float
) -> tuple[float, float]:
    """Messages per wall-clock second, and per CPU-second of this process (the latter is
    what a dedicated 2-core node would give per core when other jobs share the machine)."""
    done, started, cpu_started = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        classifier.predict(texts[done : done + batch])
        done += batch
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return done / wall, done / cpu


async def saturated(classifier: ModerationClassifier, count: int) -> tuple[float, float]:
    settings = ServiceSettings(queue_size=count, timeout_seconds=600)
    service = ModerationService(classifier.predict, settings=settings)
    await service.start()
    texts = chat_texts(count)
    started = time.perf_counter()
    await asyncio.gather(*(service.check(t) for t in texts))
    elapsed = time.perf_counter() - started
    await service.stop()
    return count / elapsed, service.stats.messages_classified / service.stats.batches


async def latency_at(
    classifier: ModerationClassifier, rate: float, seconds: float
) -> tuple[list[float], float, int]:
    service = ModerationService(classifier.predict)
    await service.start()
    texts = chat_texts(int(rate * seconds))
    rng = random.Random(11)
    latencies: list[float] = []

    refused = 0

    async def one(text: str) -> None:
        nonlocal refused
        sent = time.perf_counter()
        try:
            await service.check(text)
        except ModerationUnavailable:
            refused += 1
        latencies.append((time.perf_counter() - sent) * 1000)

    tasks = []
    next_at = time.perf_counter()
    for text in texts:
        next_at += rng.expovariate(rate)
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        tasks.append(asyncio.create_task(one(text)))
    await asyncio.gather(*tasks)
    mean_batch = service.stats.messages_classified / service.stats.batches
    await service.stop()
    return latencies, mean_batch, refused


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args()
    classifier = load_classifier()
    classifier.predict(chat_texts(64))
    print(f"classifier {classifier.version}; {os.cpu_count()} CPUs; onnxruntime int8")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    texts = chat_texts(50_000)
    tokens = [len(c.token_ids) for c in classifier.encoder.chunk(texts[:2000])]
    print(f"messages: mean {sum(tokens) / len(tokens):.1f} tokens incl. [CLS]/[SEP]")
    for batch in (1, 8, 32):
        wall, cpu = throughput(classifier, texts, batch, args.seconds / 2)
        print(f"predict, batch {batch:>2}: {wall:6.0f} msgs/s wall, {cpu:6.0f} msgs/CPU-s")
    rate, mean_batch = asyncio.run(saturated(classifier, 3000))
    print(f"service, saturated: {rate:8.0f} msgs/s (mean batch {mean_batch:.1f})")
    latencies, mean_batch, refused = asyncio.run(latency_at(classifier, args.rate, args.seconds))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"service at {args.rate:.0f} msgs/s offered ({len(latencies)} msgs, mean batch"
        f" {mean_batch:.1f}): p50 {percentile(latencies, 50):.1f} ms,"
        f" p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms, refused {refused}"
    )


if __name__ == "__main__":
    main()
