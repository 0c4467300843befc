"""Fixtures for the checkpoint readers: a safetensors file in every dtype the models load.

Run with Debian's real PyTorch:  /usr/bin/python3 tools/reference/make_checkpoint_fixtures.py
Values are arange-based so the C# test can recompute them exactly.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "checkpoints")


def main():
    os.makedirs(OUT, exist_ok=True)
    base = torch.arange(24, dtype=torch.float64).reshape(2, 3, 4) / 8 - 1
    safetensors_io.save(os.path.join(OUT, "mixed_dtypes.safetensors"), {
        "f32": base.float(),
        "f16": base.half(),
        "bf16": base.bfloat16(),
        "i64": torch.arange(6, dtype=torch.int64).reshape(3, 2) - 2,
        "empty": torch.zeros(0, 5),
    }, metadata={"format": "pt", "made_by": "make_checkpoint_fixtures.py"})


if __name__ == "__main__":
    main()
