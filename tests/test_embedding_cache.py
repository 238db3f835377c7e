"""index/embedding_cache.py: a text embedded once is not embedded again — by another process, into another data
directory — with the same model; another model, or a cache that cannot be used, costs only the embedding."""

import numpy as np

from assistant.config import DEFAULT_MODEL, Config
from index.embedding import Embedder
from index.embedding_cache import VectorCache

TEXTS = ["洛宁县2020年全县发布各类公开信息12000余条。", "上街区2019年收到政府信息公开申请79件。", "洛宁县2020年全县发布各类公开信息12000余条。"]


def test_vectors_come_back_from_the_cache_without_loading_the_model(tmp_path):
    cache = tmp_path / "embeddings.sqlite3"
    first = Embedder(DEFAULT_MODEL, cache=cache)
    vectors, question = first.passages(TEXTS), first.query("洛宁县发布了多少条信息")
    again = Embedder(DEFAULT_MODEL, cache=cache)  # another process, say
    assert np.allclose(again.passages(TEXTS), vectors) and np.allclose(again.query("洛宁县发布了多少条信息"), question)
    assert again._model is None  # every text was known: the model was never loaded
    plain = Embedder(DEFAULT_MODEL)  # no cache: the same vectors, computed
    assert np.allclose(plain.passages(TEXTS), vectors, atol=1e-5) and vectors.shape == (3, plain.dimension)
    # one new text among known ones: only it is embedded
    mixed = again.passages([TEXTS[0], "淮安市政府门户网站主动公开各类政府信息1.24万条。"])
    assert np.allclose(mixed[0], vectors[0]) and again._model is not None


def test_another_model_finds_nothing_and_a_broken_cache_costs_only_the_embedding(tmp_path):
    cache = tmp_path / "embeddings.sqlite3"
    first = Embedder(DEFAULT_MODEL, cache=cache)
    first.passages(TEXTS[:1])
    other = tmp_path / "other-model"
    other.mkdir()
    (other / "config.json").write_text("{}", encoding="utf-8")
    assert VectorCache(cache, DEFAULT_MODEL, first.onnx_file).get(["passage: " + TEXTS[0]]) != {}
    assert VectorCache(cache, other).get(["passage: " + TEXTS[0]]) == {}
    blocked = tmp_path / "a-folder"
    blocked.mkdir()  # a cache path that is a folder: it cannot be opened
    assert Embedder(DEFAULT_MODEL, cache=blocked).passages(TEXTS[:1]).shape[0] == 1


def test_the_setting():
    data = Config.from_env({"REPORTQA_DATA_DIR": "/tmp/rq"})
    assert data.embed_cache == data.data_dir / "embeddings.sqlite3"
    assert Config.from_env({"REPORTQA_EMBED_CACHE": "off"}).embed_cache is None
    assert str(Config.from_env({"REPORTQA_EMBED_CACHE": "/tmp/x.sqlite3"}).embed_cache) == "/tmp/x.sqlite3"
