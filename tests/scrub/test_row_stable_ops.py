"""The social NER's matrix products give each row the same numbers whatever rows share the
call (engine._row_stable_ops), so a post's scores do not depend on the posts batched with it."""

from __future__ import annotations

import numpy as np
import pytest

from safe_archive.core.scrub.engine import GEMM_ROWS, _row_stable_ops

SHAPES = [(96, 288), (288, 96), (64, 1000), (500, 7), (3, 96)]  # (inputs, outputs)


@pytest.mark.parametrize(("k", "n"), SHAPES)
@pytest.mark.parametrize("trans2", [False, True])
def test_a_row_gets_the_same_numbers_alone_and_among_others(k: int, n: int, trans2: bool) -> None:
    ops = _row_stable_ops()
    rng = np.random.default_rng(k * n)
    rows = rng.standard_normal((2 * GEMM_ROWS + 5, k)).astype(np.float32)
    weights = rng.standard_normal((n, k) if trans2 else (k, n)).astype(np.float32)
    together = ops.gemm(rows, weights, trans2=trans2)
    assert together.shape == (rows.shape[0], n)
    np.testing.assert_allclose(together, rows @ (weights.T if trans2 else weights), rtol=1e-4, atol=1e-4)
    for i in (0, 1, GEMM_ROWS - 1, GEMM_ROWS, rows.shape[0] - 1):
        alone = ops.gemm(rows[i:i + 1], weights, trans2=trans2)
        assert np.array_equal(alone[0], together[i]), i
        among_others = rng.standard_normal((7, k)).astype(np.float32)
        among_others[3] = rows[i]
        assert np.array_equal(ops.gemm(among_others, weights, trans2=trans2)[3], together[i]), i


def test_a_transposed_left_operand_and_an_output_array() -> None:
    ops = _row_stable_ops()
    rng = np.random.default_rng(7)
    left = rng.standard_normal((40, 70)).astype(np.float32)  # used transposed: 70 rows of 40
    right = rng.standard_normal((40, 9)).astype(np.float32)
    out = np.empty((70, 9), np.float32)
    got = ops.gemm(left, right, out=out, trans1=True)
    assert got is out
    np.testing.assert_allclose(out, left.T @ right, rtol=1e-4, atol=1e-4)
