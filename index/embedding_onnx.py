"""The embedding model through ONNX Runtime: the encoder exported once, its weights quantised to int8.

`export` (run by `python -m assistant build-model`) traces a sentence-transformers folder's transformer with
torch.onnx.export (the TorchScript exporter: no onnxscript needed), quantises its matrices to int8 per output channel
(onnxruntime.quantization.quantize_dynamic) and writes `<model>/onnx/model.int8.onnx`, after checking that it
embeds a few probe sentences as the torch model does. `OnnxEncoder` runs it: tokenised with the `tokenizers` library
from the folder's tokenizer.json, batches of texts of similar length (little padding), the folder's pooling and an L2
normalisation in numpy, one session per file and process, its batches run side by side on the cores this process
may use. A folder whose modules are not a transformer, a pooling (mean or CLS) and a normalisation is not exported: it
embeds through torch.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from . import offline_environment

FOLDER = "onnx"
INT8 = "model.int8.onnx"
AGREEMENT = 0.98  # the least cosine to the torch vectors an export must keep on the probe sentences
_PROBES = ["洛宁县2020年全年共受理依申请公开事项1件，已全部答复完毕。", "上街区社会评议满意率为99.25%。",
           "How many applications did Luoning receive in 2020?", "政府信息公开工作年度报告"]


class ExportError(Exception):
    """A model folder that cannot be run through ONNX Runtime; the message says why (it embeds through torch)."""


def exported(model_path: Path) -> Path | None:
    """The folder's int8 ONNX file, when `export` has written it."""
    path = Path(model_path) / FOLDER / INT8
    return path if path.is_file() else None


def _json(path: Path) -> dict | list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"{path.name} cannot be read ({error})") from None


def layout(model_path: Path) -> dict:
    """What the encoder needs of a sentence-transformers folder: the transformer's folder, its pooling ("mean" or
    "cls") and its longest input. Raises ExportError for a folder ONNX Runtime cannot run as it is."""
    model_path = Path(model_path)
    modules = _json(model_path / "modules.json")
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise ExportError(f"its modules ({', '.join(kinds)}) are not a transformer, a pooling and a normalisation")
    transformer = model_path / modules[0].get("path", "")
    pooling = _json(model_path / modules[1]["path"] / "config.json")
    mode = pooling.get("pooling_mode") or next(
        (name for name in ("mean", "cls", "max", "mean_sqrt_len", "weightedmean", "lasttoken")
         if pooling.get(f"pooling_mode_{name}_tokens" if name != "cls" else "pooling_mode_cls_token")), None)
    if mode not in ("mean", "cls"):
        raise ExportError(f"its pooling ({mode}) is neither mean nor CLS")
    if not (transformer / "tokenizer.json").is_file():
        raise ExportError("it has no tokenizer.json")
    settings_file = transformer / "sentence_bert_config.json"
    settings = _json(settings_file) if settings_file.exists() else {}
    if settings.get("do_lower_case"):
        raise ExportError("its tokenizer lower-cases first")
    return {"transformer": transformer, "pooling": mode, "max_length": int(settings.get("max_seq_length") or 512)}


def export(model_path: Path, force: bool = False) -> Path:
    """Write `<model>/onnx/model.int8.onnx` (idempotent: an existing export is kept unless `force`).

    Raises ExportError with a one-line reason when the folder cannot be exported (its modules, a missing package, an
    exporter failure, or an export whose vectors stray from the torch model's)."""
    model_path = Path(model_path)
    target = model_path / FOLDER / INT8
    if target.is_file() and not force:
        return target
    offline_environment()
    shape = layout(model_path)
    staging = model_path / f"{FOLDER}.building"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        agreement = _export_into(staging, shape)
        (staging / "export.json").write_text(json.dumps(
            {"file": INT8, "pooling": shape["pooling"], "max_length": shape["max_length"],
             "quantisation": "dynamic int8, per channel", "probe_cosine_min": round(agreement, 5)}, indent=1),
            encoding="utf-8")
        (staging / "model.fp32.onnx").unlink()
        shutil.rmtree(model_path / FOLDER, ignore_errors=True)
        staging.rename(model_path / FOLDER)
    except ExportError:
        raise
    except ImportError as error:
        raise ExportError(f"a package is missing ({error.name}): pip install onnx") from None
    except Exception as error:  # the exporter and the quantiser fail in many ways on models they do not know
        raise ExportError(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def export_fp32(model_path: Path, target: Path) -> Path:
    """The unquantised export alone, at `target` (the embedding bench compares it)."""
    shape = layout(model_path)
    _trace(shape["transformer"], target)
    return target


def _trace(transformer: Path, target: Path) -> None:
    import warnings

    import torch
    from transformers import AutoModel

    # eager attention traces into plain MatMul/Softmax: it ran faster here than the trace of torch's fused attention
    # (scaled_dot_product_attention), unquantised and int8 alike
    model = AutoModel.from_pretrained(str(transformer), local_files_only=True, attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 100, 2, 1, 1]])
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])
    axes = {"batch": 0, "sequence": 1}
    dynamic = {name: {i: n for n, i in axes.items()} for name in ("input_ids", "attention_mask", "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on python conditions that hold for every shape here
        torch.onnx.export(Encoder(model), (ids, mask), str(target), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], dynamic_axes=dynamic, opset_version=17, dynamo=False)


def _export_into(staging: Path, shape: dict) -> float:
    """Trace, quantise and check; the least cosine of the probes to the torch vectors."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32, int8 = staging / "model.fp32.onnx", staging / INT8
    _trace(shape["transformer"], fp32)
    # per output channel: a scale per column keeps cosine ≥ 0.99 where one scale per matrix stays near 0.98
    logging.disable(logging.WARNING)  # the quantiser's advice to run its pre-processing (not needed here)
    try:
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        logging.disable(logging.NOTSET)
    from .embedding import TorchEncoder

    reference = TorchEncoder(staging.parent).encode(_PROBES)
    ours = OnnxEncoder(int8, staging.parent, shape).encode(_PROBES)
    agreement = float(np.min(np.sum(reference * ours, axis=1)))
    if agreement < AGREEMENT:
        raise ExportError(f"the int8 export strays from the torch model (cosine {agreement:.3f} < {AGREEMENT})")
    return agreement


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class OnnxEncoder:
    """Texts → L2-normalised sentence vectors through one ONNX Runtime session."""

    def __init__(self, model_file: Path, model_path: Path, shape: dict | None = None, streams: int | None = None):
        """`streams`: batches run side by side, each on one thread (default: one per core); 1: one batch at a time on
        every core (ONNX Runtime's intra-op threads)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        shape = shape or layout(model_path)
        self.pooling, self.max_length = shape["pooling"], shape["max_length"]
        self.tokenizer = Tokenizer.from_file(str(shape["transformer"] / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        pad = self.tokenizer.token_to_id("<pad>")
        self.pad_id = pad if pad is not None else (self.tokenizer.token_to_id("[PAD]") or 0)
        # a batch's matrix products split over the cores wait on each other at every operator; whole batches side by
        # side, one thread each, do not: 6–20% more passages a second on this machine's 2 cores (bench/embedding.py)
        self.streams = streams or cores()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1 if self.streams > 1 else cores()
        options.inter_op_num_threads = 1
        # threads that wait sleep instead of spinning: on 2 busy cores (parsing workers, other processes) a spinning
        # thread takes the time its sibling needs (measured ~10% faster on this machine under load)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self._pool = ThreadPoolExecutor(self.streams, "onnx-embedding") if self.streams > 1 else None

    def lengths(self, texts: list[str]) -> list[int]:
        """Tokens of each text, special tokens included, as the model is given them."""
        return [len(e.ids) for e in self.tokenizer.encode_batch([t.strip() for t in texts])]

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """The vectors of `texts`, in their order: run in batches of similar length (sorted, then put back)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # sentence-transformers strips each text before tokenising; so do we (same tokens, same vectors)
        ids = [e.ids for e in self.tokenizer.encode_batch([t.strip() for t in texts])]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        batch_size = max(1, min(batch_size, -(-len(ids) // self.streams)))  # a few texts still fill every stream
        batches = [order[start:start + batch_size] for start in range(0, len(order), batch_size)]
        run = (self._pool.map if self._pool is not None and len(batches) > 1 else map)
        for batch, vectors in zip(batches, run(lambda batch: self._batch([ids[i] for i in batch]), batches)):
            out[batch] = vectors
        return out

    def _batch(self, ids: list[list[int]]) -> np.ndarray:
        """One batch of token ids → its unit vectors (padded to its longest)."""
        width = max(len(row) for row in ids)
        tokens = np.full((len(ids), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, text in enumerate(ids):
            tokens[row, :len(text)] = text
            mask[row, :len(text)] = 1
        feed = {"input_ids": tokens, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(tokens)
        hidden = self.session.run(None, feed)[0]
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


_ENCODERS: dict[str, OnnxEncoder] = {}
_MAKING = threading.Lock()


def encoder(model_file: Path, model_path: Path) -> OnnxEncoder:
    """The encoder of this file, made once per process (a session holds the model and its threads)."""
    key = str(Path(model_file).resolve())
    with _MAKING:
        if key not in _ENCODERS:
            _ENCODERS[key] = OnnxEncoder(Path(model_file), Path(model_path))
        return _ENCODERS[key]
