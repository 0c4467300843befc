"""Real torch.save files for the restricted PyTorch checkpoint reader (Debian python3-torch 1.13).

Writes tests/Fixtures/pickle/:
  mixed.pt + mixed_expected.safetensors   an OrderedDict of f32/f16/bf16/f64/int64/int8/uint8/bool tensors, a transposed
                                          (non-contiguous) view, a view with a storage offset sharing another tensor's
                                          storage, an nn.Parameter and an empty tensor; expected = contiguous copies
  nested.pt                               {"state_dict": {...}, "epoch": 3} (flattened with dots; "epoch" skipped)
  llama-sharded/                          the tiny LLaMA fixture's weights as two pytorch_model-0000N-of-00002.bin shards
                                          with pytorch_model.bin.index.json and its config.json
  nextgpt/pytorch_model.pt                NExT-GPT's released-checkpoint layout (architecture notes section 7) at tiny sizes
  hostile_os_system.pt, hostile_eval.pt, hostile_object.pt
                                          zip checkpoints whose data.pkl calls os.system / builtins.eval / builds an object
  legacy.pt                               the pre-1.6 non-zip format
  truncated.pt                            mixed.pt cut in half

Run: /usr/bin/python3 tools/reference/make_pickle_fixtures.py
"""
import argparse
import collections
import io
import json
import os
import pickle
import shutil
import sys
import zipfile

import torch

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures")
OUT = os.path.join(ROOT, "pickle")


def mixed():
    torch.manual_seed(0)
    base = torch.randn(4, 3)
    shared = torch.arange(10, dtype=torch.float32)
    state = collections.OrderedDict()
    state["f32"] = base
    state["f16"] = torch.randn(2, 5).half()
    state["bf16"] = torch.randn(3).bfloat16()
    state["f64"] = torch.randn(2, 2).double()
    state["i64"] = torch.arange(-3, 3)
    state["i8"] = torch.tensor([-128, 0, 127], dtype=torch.int8)
    state["u8"] = torch.tensor([0, 1, 255], dtype=torch.uint8)
    state["bool"] = torch.tensor([True, False, True])
    state["transposed"] = base.t()                 # shares base's storage, strides (1, 3)
    state["shared_whole"] = shared
    state["shared_tail"] = shared[4:].view(2, 3)   # storage offset 4 into shared's storage
    state["param"] = torch.nn.Parameter(torch.randn(2, 2))
    state["empty"] = torch.zeros(0, 4)
    torch.save(state, os.path.join(OUT, "mixed.pt"))
    safetensors_io.save(os.path.join(OUT, "mixed_expected.safetensors"),
                        {k: v.detach().contiguous().clone() for k, v in state.items()})
    torch.save({"state_dict": collections.OrderedDict(w=torch.ones(2), b=torch.zeros(1)), "epoch": 3},
               os.path.join(OUT, "nested.pt"))


def llama_sharded():
    source = os.path.join(ROOT, "llama", "tiny", "model")
    target = os.path.join(OUT, "llama-sharded")
    os.makedirs(target, exist_ok=True)
    shutil.copy(os.path.join(source, "config.json"), target)
    weights = safetensors_io.load(os.path.join(source, "model.safetensors"))
    names = sorted(weights)
    halves = [names[: len(names) // 2], names[len(names) // 2:]]
    weight_map = {}
    for i, half in enumerate(halves):
        shard = f"pytorch_model-0000{i + 1}-of-00002.bin"
        torch.save(collections.OrderedDict((n, weights[n]) for n in half), os.path.join(target, shard))
        weight_map.update({n: shard for n in half})
    with open(os.path.join(target, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": sum(t.numel() * t.element_size() for t in weights.values())},
                   "weight_map": weight_map}, f, indent=2)


def nextgpt_layout():
    """The keys of NExT-GPT's pytorch_model.pt (stage 3, peft 0.3) with tiny sizes: hidden 16, 2 layers, LoRA r 4,
    vocab 40, ImageBind width 12, projector d_model 8."""
    torch.manual_seed(1)
    hidden, layers, rank, vocab = 16, 2, 4, 40
    state = collections.OrderedDict()
    prefix = "llama_model.base_model.model."
    for i in range(layers):
        for proj in ("q_proj", "k_proj", "v_proj", "o_proj"):
            state[f"{prefix}model.layers.{i}.self_attn.{proj}.lora_A.default.weight"] = torch.randn(rank, hidden)
            state[f"{prefix}model.layers.{i}.self_attn.{proj}.lora_B.default.weight"] = torch.randn(hidden, rank)
    state[f"{prefix}model.embed_tokens.weight"] = torch.randn(vocab, hidden)
    state[f"{prefix}lm_head.weight"] = torch.randn(vocab, hidden)
    state["llama_proj.weight"] = torch.randn(hidden, 12)
    state["llama_proj.bias"] = torch.randn(hidden)
    for name, out_dim, queries in (("gen_text_hidden_fcs", 6, 5), ("gen_text_hidden_fcs_video", 7, 5), ("gen_text_hidden_fcs_audio", 4, 1)):
        tfm = torch.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16,
                                   dropout=0.0, batch_first=True, norm_first=True)
        state[f"{name}.0.fc.weight"] = torch.randn(8, hidden)
        state[f"{name}.0.fc.bias"] = torch.randn(8)
        for key, value in tfm.state_dict().items():
            state[f"{name}.0.tfm.{key}"] = value
        state[f"{name}.0.model.weight"] = torch.randn(out_dim, 8)
        state[f"{name}.0.model.bias"] = torch.randn(out_dim)
        state[f"{name}.0.query_embs"] = torch.randn(1, queries, 8)
    folder = os.path.join(OUT, "nextgpt")
    os.makedirs(folder, exist_ok=True)
    torch.save(state, os.path.join(folder, "pytorch_model.pt"))
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), {k: v.contiguous() for k, v in state.items()})


class _Call:
    def __init__(self, function, *args):
        self.function, self.args = function, args

    def __reduce__(self):
        return self.function, self.args


def hostile(name, payload):
    # The layout of a torch.save zip, with a data.pkl that does something a state dict never does.
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(payload, protocol=2))
        archive.writestr("archive/version", "3\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    mixed()
    llama_sharded()
    nextgpt_layout()
    hostile("hostile_os_system.pt", collections.OrderedDict(w=_Call(os.system, "echo pwned")))
    hostile("hostile_eval.pt", _Call(eval, "1+1"))
    hostile("hostile_object.pt", collections.OrderedDict(w=argparse.Namespace(a=1)))
    torch.save({"w": torch.ones(2)}, os.path.join(OUT, "legacy.pt"), _use_new_zipfile_serialization=False)
    with open(os.path.join(OUT, "mixed.pt"), "rb") as f:
        data = f.read()
    with open(os.path.join(OUT, "truncated.pt"), "wb") as f:
        f.write(data[: len(data) // 2])


if __name__ == "__main__":
    main()
