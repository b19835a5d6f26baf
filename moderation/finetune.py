"""Fine-tune MiniLM end to end with LoRA: `python -m moderation.train --finetune` (torch).

Multi-label, one logit per head of classifier.HEADS (the 7 learned categories + MINORS; S3
stays composed), over the same mean-pooled, L2-normalised embedding the ONNX graph computes.
Only rank-r adapters on every layer's attention query and value projections and the
throw-away linear head train; the loss is binary cross-entropy over the labels each row
carries (a missing label is masked out), positives weighted by neg/pos of their head (capped).
Trains on the train split only, so the heads fitted afterwards still pick C and calibrate on
an untouched validation split. Fixed seed, fixed step count: the same command gives the same
adapter on the same machine. Progress goes to `<out>/finetune.log` with an adapter checkpoint.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from moderation.adapter import ADAPTER_FILE, save_adapter
from moderation.classifier import HEADS
from moderation.datasets import Example, load_all, minors, trainable
from moderation.encoder import CHUNK_TOKENS, encoder_dir, verify_encoder

SEED = 15
TARGETS = ("query", "value")


@dataclass(frozen=True)
class Recipe:
    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.1
    steps: int = 2000
    batch: int = 32
    lora_lr: float = 5e-4
    head_lr: float = 5e-3
    per_source: int = 3000  # sources larger than this are subsampled (seeded)
    max_pos_weight: float = 20.0
    tokens: int = CHUNK_TOKENS


class LoRALinear(torch.nn.Module):
    def __init__(self, base: torch.nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
        self.dropout = torch.nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.dropout(x) @ self.a.T @ self.b.T) * self.scale


class Tuned(torch.nn.Module):
    def __init__(self, recipe: Recipe) -> None:
        super().__init__()
        from transformers import AutoModel

        self.bert = AutoModel.from_pretrained(str(encoder_dir()), local_files_only=True)
        for parameter in self.bert.parameters():
            parameter.requires_grad_(False)
        self.adapted: dict[str, LoRALinear] = {}
        for name, module in list(self.bert.named_modules()):
            if name.rsplit(".", 1)[-1] in TARGETS and isinstance(module, torch.nn.Linear):
                parent, child = name.rsplit(".", 1)
                wrapped = LoRALinear(module, recipe.rank, recipe.alpha, recipe.dropout)
                setattr(self.bert.get_submodule(parent), child, wrapped)
                self.adapted[name] = wrapped
        self.head = torch.nn.Linear(384, len(HEADS))

    def embed(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids=ids, attention_mask=mask)[0]
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2, dim=1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.embed(ids, mask) * 10.0)

    def factors(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        return {name: (m.a.detach().numpy().copy(), m.b.detach().numpy().copy())
                for name, m in self.adapted.items()}


def training_rows(excluded: frozenset[str], recipe: Recipe) -> list[Example]:
    """The train split, sources over `per_source` rows subsampled with a fixed seed."""
    rows = [e for e in trainable(load_all(), excluded) + list(minors()) if e.split() == "train"]
    by_source: dict[str, list[Example]] = {}
    for example in rows:
        by_source.setdefault(example.source, []).append(example)
    sampler = random.Random(SEED)  # noqa: S311 - reproducible sampling, not secrets
    kept: list[Example] = []
    for source in sorted(by_source):
        group = by_source[source]
        kept += sampler.sample(group, recipe.per_source) if len(group) > recipe.per_source else group
    return kept


def tokenize(texts: list[str], tokens: int) -> list[list[int]]:
    tokenizer = Tokenizer.from_file(str(encoder_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    assert cls is not None and sep is not None
    return [[cls, *e.ids[: tokens - 2], sep] for e in tokenizer.encode_batch(texts, add_special_tokens=False)]


def batches(lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (little padding): pools of 50 batches sorted by length."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    out: list[list[int]] = []
    pool = size * 50
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lengths.__getitem__)
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def pad(ids: list[list[int]], picked: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids[i]) for i in picked)
    tensor = torch.zeros((len(picked), width), dtype=torch.long)
    mask = torch.zeros((len(picked), width), dtype=torch.long)
    for row, i in enumerate(picked):
        tensor[row, : len(ids[i])] = torch.tensor(ids[i])
        mask[row, : len(ids[i])] = 1
    return tensor, mask


def finetune(out: Path, excluded: frozenset[str], recipe: Recipe = Recipe()) -> Path:
    """Trains the adapter and writes `<out>/adapter.npz`; returns its path."""
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    verify_encoder(encoder_dir())
    rows = training_rows(excluded, recipe)
    ids = tokenize([e.text for e in rows], recipe.tokens)
    labels = torch.tensor([[e.labels.get(h, 0) for h in HEADS] for e in rows], dtype=torch.float32)
    known = torch.tensor([[h in e.labels for h in HEADS] for e in rows], dtype=torch.float32)
    positives = (labels * known).sum(0)
    pos_weight = ((known.sum(0) - positives) / positives.clamp(min=1)).clamp(1, recipe.max_pos_weight)
    model = Tuned(recipe)
    model.train()
    optimizer = torch.optim.AdamW([
        {"params": [p for m in model.adapted.values() for p in (m.a, m.b)], "lr": recipe.lora_lr},
        {"params": model.head.parameters(), "lr": recipe.head_lr},
    ], weight_decay=0.01)
    warmup = recipe.steps // 20
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / recipe.steps))
    rng = random.Random(SEED)  # noqa: S311
    plan: list[list[int]] = []
    while len(plan) < recipe.steps:
        plan += batches([len(i) for i in ids], recipe.batch, rng)
    out.mkdir(parents=True, exist_ok=True)
    log_path = out / "finetune.log"
    scale = recipe.alpha / recipe.rank
    with log_path.open("w") as log:
        log.write(f"{len(rows)} rows, {recipe}, pos_weight {pos_weight.tolist()}\n")
        started, running = time.monotonic(), 0.0
        for step, picked in enumerate(plan[: recipe.steps], 1):
            tensor, mask = pad(ids, picked)
            logits = model(tensor, mask)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, labels[picked], pos_weight=pos_weight, reduction="none")
            loss = (loss * known[picked]).sum() / known[picked].sum().clamp(min=1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 25 == 0 or step == recipe.steps:
                elapsed = time.monotonic() - started
                log.write(f"step {step}/{recipe.steps} loss {running:.4f} {elapsed:.0f}s "
                          f"eta {elapsed / step * (recipe.steps - step):.0f}s\n")
                log.flush()
            if step % 200 == 0 or step == recipe.steps:
                save_adapter(out / ADAPTER_FILE, scale, model.factors())
    return out / ADAPTER_FILE
