"""Provides the corpus README's story-clustering baselines, recomputed offline over a whole set:
TF-IDF cosine and static word embeddings (wordllama) with average link, rapidfuzz
token_set_ratio with single link. Each needs packages the project does not: absent ones skip."""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

Labels = list[int]
Method = Callable[[Sequence[str]], Callable[[float], Labels]]
"""Titles -> (threshold -> a cluster label per title); the costly part runs once per set."""

_WORD = re.compile(r"\w+")


def missing(*modules: str) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def _average_link(similarity: Any) -> Callable[[float], Labels]:
    """Average-link agglomeration over a full similarity matrix, cut at a similarity."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return lambda threshold: [int(x) for x in fcluster(tree, 1.0 - threshold, "distance")]


def tfidf_average(titles: Sequence[str]) -> Callable[[float], Labels]:
    """TF-IDF word cosine (casefolded words, smoothed IDF over the set), average link."""
    import numpy as np

    docs = [Counter(_WORD.findall(t.casefold())) for t in titles]
    df = Counter(w for d in docs for w in d)
    vocab = {w: i for i, w in enumerate(df)}
    matrix = np.zeros((len(docs), len(vocab)))
    for row, doc in enumerate(docs):
        for word, count in doc.items():
            matrix[row, vocab[word]] = count * (math.log((len(docs) + 1) / (df[word] + 1)) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms == 0, 1, norms)
    return _average_link(matrix @ matrix.T)


def wordllama_average(titles: Sequence[str]) -> Callable[[float], Labels]:
    """wordllama's default 256-d model, cosine, average link. Loaded from the wheel with
    downloads off: wordllama 0.4.0 looks for its tokenizer in "tokenizer/" while the wheel has
    it in "tokenizers/", and would fetch it from a hub; pointed at its own folder as the cache
    it finds both files."""
    from pathlib import Path

    import wordllama
    from wordllama import WordLlama

    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    vectors = model.embed(list(titles), norm=True)
    return _average_link(vectors @ vectors.T)


def rapidfuzz_single(titles: Sequence[str]) -> Callable[[float], Labels]:
    """rapidfuzz token_set_ratio (0-100, casefolded), single link: connected components."""
    from rapidfuzz import fuzz, process
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    scores = process.cdist(
        [t.casefold() for t in titles], [t.casefold() for t in titles], scorer=fuzz.token_set_ratio
    )

    def cut(threshold: float) -> Labels:
        _, labels = connected_components(csr_matrix(scores >= threshold), directed=False)
        return [int(x) for x in labels]

    return cut


METHODS: dict[str, tuple[Method, tuple[str, ...], list[float]]] = {
    "TF-IDF word cosine, average link": (
        tfidf_average,
        ("numpy", "scipy"),
        [0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6],
    ),
    "rapidfuzz token_set_ratio, single link": (
        rapidfuzz_single,
        ("numpy", "scipy", "rapidfuzz"),
        [50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0],
    ),
    "static word embeddings (wordllama 256-d), average link": (
        wordllama_average,
        ("numpy", "scipy", "wordllama"),
        [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    ),
}
