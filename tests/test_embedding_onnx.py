"""index/embedding_onnx.py: the model's int8 ONNX export embeds as the torch model does (cosine ≥ 0.98 on the bundled
reports' passages), in the order given; REPORTQA_EMBED_BACKEND=torch and a folder without an export embed through
torch; the cache and the kept vectors keep the two backends apart.

The export is build-model's when the default model has one, else made once per session into a folder that links to
the default model's files."""

import argparse
import json

import numpy as np
import pytest

from assistant.config import DEFAULT_MODEL, Config
from index.embedding import Embedder
from index.embedding_cache import VectorCache
from index.embedding_onnx import ExportError, export, exported

from .conftest import REPORTS


def _linked(folder, source=DEFAULT_MODEL):
    """A model folder of links to `source`'s files (no export of its own)."""
    folder.mkdir()
    for item in source.iterdir():
        if item.name not in ("onnx", ".vectors"):
            (folder / item.name).symlink_to(item)
    return folder


@pytest.fixture(scope="session")
def onnx_model(tmp_path_factory):
    if exported(DEFAULT_MODEL):
        return DEFAULT_MODEL
    if not (DEFAULT_MODEL / "modules.json").exists():
        pytest.fail(f"the embedding model is missing at {DEFAULT_MODEL}: run `python -m assistant build-model`")
    folder = _linked(tmp_path_factory.mktemp("onnx") / "model")
    try:
        export(folder)
    except ExportError as error:
        pytest.fail(f"the model could not be exported ({error}): run scripts/setup.sh (it installs onnx)")
    return folder


@pytest.fixture(scope="session")
def passages():
    """Chunks of the bundled reports as ingest embeds them: prose and table texts, short and long."""
    from index.ingest import expand, prepare

    texts = []
    for path in expand([REPORTS]):
        prepared = prepare(path)
        texts += [c.embed_text(prepared.parsed.agency.name, prepared.parsed.year) for c in prepared.chunks]
    ordered = sorted(texts, key=len)
    return ordered[::max(1, len(ordered) // 24)]  # two dozen, from the shortest to the longest


def test_onnx_vectors_agree_with_torch_on_real_passages(onnx_model, passages):
    onnx, torch = Embedder(onnx_model), Embedder(onnx_model, backend="torch")
    assert (onnx.backend, torch.backend) == ("onnx", "torch")
    ours, theirs = onnx.passages(passages), torch.passages(passages)
    cosine = np.sum(ours * theirs, axis=1)
    assert cosine.min() >= 0.98, cosine.min()
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4) and ours.shape == (len(passages), onnx.dimension)
    question = "洛宁县2020年收到多少政府信息公开申请？"
    assert float(onnx.query(question) @ torch.query(question)) >= 0.98
    # retrieval agrees: each passage's nearest torch vector is its own
    assert list((ours @ theirs.T).argmax(axis=1)) == list(range(len(passages)))


def test_batches_sorted_by_length_come_back_in_the_order_given(onnx_model, passages):
    embedder = Embedder(onnx_model)
    texts = [passages[-1], "上街区", passages[0], passages[len(passages) // 2], "政府信息公开工作年度报告 " * 20]
    batched = embedder.passages(texts, batch_size=2)  # batches of two lengths apart: sorted, then put back
    alone = np.concatenate([embedder.passages([t]) for t in texts])
    assert np.sum(batched * alone, axis=1).min() >= 0.99  # int8 activations are quantised per batch: close, not equal
    assert list((batched @ alone.T).argmax(axis=1)) == list(range(len(texts)))


def test_the_setting_and_torch_forced(onnx_model, tmp_path):
    from assistant.build import load_embedder

    assert Config.from_env({}).embed_backend == "onnx"
    assert Config.from_env({"REPORTQA_EMBED_BACKEND": " Torch "}).embed_backend == "torch"
    with pytest.raises(ValueError, match="REPORTQA_EMBED_BACKEND"):
        Config.from_env({"REPORTQA_EMBED_BACKEND": "gpu"})
    config = Config(data_dir=tmp_path, database_url="", embed_model=onnx_model)
    assert load_embedder(config).backend == "onnx"
    forced = load_embedder(Config(data_dir=tmp_path, database_url="", embed_model=onnx_model, embed_backend="torch"))
    assert forced.backend == "torch" and forced.onnx_file is None


def test_a_folder_without_an_export_embeds_through_torch(tmp_path, capsys):
    from assistant.cli import cmd_build_model

    plain = Embedder(_linked(tmp_path / "plain"))
    assert plain.backend == "torch" and plain.onnx_file is None
    assert plain.passages(["上街区社会评议满意率为99.25%。"]).shape == (1, 384)
    # a folder whose modules the encoder cannot run is not exported: build-model says so in one line and succeeds
    odd = _linked(tmp_path / "odd")
    modules = json.loads((odd / "modules.json").read_text(encoding="utf-8"))
    (odd / "modules.json").unlink()
    modules.append({"idx": 3, "name": "3", "path": "3_Dense", "type": "sentence_transformers.models.Dense"})
    (odd / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    with pytest.raises(ExportError, match="Dense"):
        export(odd)
    assert cmd_build_model(argparse.Namespace(force=False), Config(data_dir=tmp_path, database_url="",
                                                                   embed_model=odd)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("note: the model cannot be exported to ONNX (its modules (") and "torch" in out[-1]
    assert not (odd / "onnx").exists() and not (odd / "onnx.building").exists()


def test_the_export_is_made_once(onnx_model):
    made = exported(onnx_model)
    stamp = made.stat().st_mtime_ns
    assert export(onnx_model) == made and made.stat().st_mtime_ns == stamp
    assert json.loads((made.parent / "export.json").read_text(encoding="utf-8"))["probe_cosine_min"] >= 0.98


def test_the_cache_and_the_kept_vectors_keep_backends_apart(onnx_model, tmp_path):
    cache = tmp_path / "embeddings.sqlite3"
    texts = ["洛宁县2020年全县发布各类公开信息12000余条。", f"上街区2019年收到政府信息公开申请79件。{tmp_path.name}"]
    onnx = Embedder(onnx_model, cache=cache)
    vectors = onnx.passages(texts)
    prompted = [onnx.passage_prompt + t for t in texts]
    assert len(VectorCache(cache, onnx_model, onnx.onnx_file).get(prompted)) == 2
    assert VectorCache(cache, onnx_model).get(prompted) == {}  # the torch path's identity finds none of them
    torch = Embedder(onnx_model, backend="torch", cache=cache)
    from_torch = torch.passages(texts)
    assert torch._model is not None and not np.allclose(from_torch, vectors, atol=1e-4)
    again = Embedder(onnx_model, cache=cache)
    assert np.allclose(again.passages(texts), vectors) and again._model is None  # from the cache, no session
    # the kept vectors (meaning's row descriptions) too: one file per backend
    folder = onnx_model / ".vectors"
    before = set(folder.glob("*.npy"))
    try:
        assert np.allclose(onnx.kept_passages(texts), onnx.passages(texts), atol=1e-5)
        assert np.allclose(torch.kept_passages(texts), from_torch, atol=1e-5)
        assert len(set(folder.glob("*.npy")) - before) == 2
    finally:
        for written in set(folder.glob("*.npy")) - before:
            written.unlink(missing_ok=True)
