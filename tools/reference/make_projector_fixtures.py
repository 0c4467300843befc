"""Reference fixtures for the input/output projectors, PyTorch's MultiheadAttention and NExT-GPT's l2 alignment loss.

Writes, under tests/Fixtures/projectors/:
  mha.safetensors            three real torch.nn.MultiheadAttention modules (E 16, 4 heads): self-attention, cross-attention
                             (query length != key length), and self-attention with add_bias_kv=True (ImageBind's audio
                             trunk); their state dicts under "<case>.<key>", inputs and outputs.
  output-projector/model/    config.json + model.safetensors of a small legacy TextFcLayer (mode 'transformer') built
                             around the real torch.nn.Transformer(norm_first=True, batch_first=True, dropout=0.0).
  output-projector/inputs.safetensors    hidden_states, input_embeds (2, 3, 32).
  output-projector/expected.safetensors  output (2, 5, 24).
  input-projector/model/     config.json + model.safetensors of llama_proj (nn.Linear 12 -> 20; keys weight, bias).
  input-projector/inputs.safetensors     embeddings (3, 12).
  input-projector/expected.safetensors   projected (3, 1, 20) = llama_proj(emb).unsqueeze(1);
                                         summed (1, 1, 20) = torch.cat(projected).sum(0).unsqueeze(0) (_prepare_*_embed).
  output-projector-image-keys.txt        the real image preset's state-dict keys and shapes.
  l2-loss.safetensors        u, v (2, 5, 24) and loss = l2_loss(u, v).mean() as NExT-GPT computes it.

TextFcLayer is restated from NExT-GPT-Lagacy/code/model/layers.py (mode 'transformer'): x = x + input_embs; fc; tfm(x,
query_embs.repeat(B, 1, 1)); model. Its sizes (d_model 512, 4 heads, 4 + 4 layers, ff 2048) are parameters here so the
fixture stays small; the real presets are counted with --counts.

Run: /usr/bin/python3 tools/reference/make_projector_fixtures.py           (fixtures)
     /usr/bin/python3 tools/reference/make_projector_fixtures.py --counts  (parameter counts and keys of the real presets)
     python3 tools/reference/make_projector_fixtures.py --check  (rerun the committed fixtures on another PyTorch)
"""
import json
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "projectors")


class TextFcLayer(nn.Module):
    """NExT-GPT legacy layers.py TextFcLayer, mode 'transformer', with the transformer's sizes as arguments."""

    def __init__(self, in_dim, out_dim, num_input_tokens, num_output_tokens, d_model=512, nhead=4, num_encoder_layers=4,
                 num_decoder_layers=4, dim_feedforward=2048):
        super().__init__()
        self.num_input_tokens = num_input_tokens
        self.num_output_tokens = num_output_tokens
        self.fc = nn.Linear(in_dim, d_model)
        self.tfm = nn.Transformer(batch_first=True, norm_first=True, d_model=d_model, num_encoder_layers=num_encoder_layers,
                                  num_decoder_layers=num_decoder_layers, dim_feedforward=dim_feedforward, dropout=0.0,
                                  nhead=nhead)
        self.model = nn.Linear(d_model, out_dim)
        self.query_embs = nn.Parameter(torch.randn(1, num_output_tokens, d_model))

    def forward(self, x, input_embs):
        x = x + input_embs
        x = self.fc(x)
        x = self.tfm(x, self.query_embs.repeat(x.shape[0], 1, 1))
        return self.model(x)


def l2_loss(u, v):
    """NExT-GPT common/utils.py l2_loss: per-token Euclidean distance (N, T)."""
    assert u.shape == v.shape, (u.shape, v.shape)
    return ((u - v) ** 2).sum(dim=-1) ** 0.5


PRESETS = {
    # name: (in_dim, out_dim, num_input_tokens, num_output_tokens), architecture notes section 4.1
    "image": (4096, 768, 4, 77),
    "video": (4096, 1024, 24, 77),
    "audio": (4096, 512, 8, 1),
}


def randomise(module, generator):
    """Gives every parameter non-trivial values (biases and LayerNorm affine included) so no term can hide."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=generator) * (0.3 if p.dim() > 1 else 0.2))


def make_mha(generator):
    out = {}
    e, heads, batch = 16, 4, 2
    cases = {
        "self": (nn.MultiheadAttention(e, heads, batch_first=True), 7, 7),
        "cross": (nn.MultiheadAttention(e, heads, batch_first=True), 5, 9),
        "bias_kv": (nn.MultiheadAttention(e, heads, batch_first=True, add_bias_kv=True), 6, 6),
    }
    for name, (mha, lq, lk) in cases.items():
        randomise(mha, generator)
        mha.eval()
        query = torch.randn(batch, lq, e, generator=generator)
        if name == "cross":
            key = torch.randn(batch, lk, e, generator=generator)
            value = torch.randn(batch, lk, e, generator=generator)
        else:
            key = value = query
        with torch.no_grad():
            output, _ = mha(query, key, value, need_weights=False)
        for k, v in mha.state_dict().items():
            out[f"{name}.{k}"] = v
        out[f"{name}.query"], out[f"{name}.key"], out[f"{name}.value"], out[f"{name}.output"] = query, key, value, output
    safetensors_io.save(os.path.join(ROOT, "mha.safetensors"), out)


def make_output_projector(generator):
    config = {"in_dim": 32, "out_dim": 24, "num_input_tokens": 3, "num_output_tokens": 5, "d_model": 16, "nhead": 4,
              "num_encoder_layers": 2, "num_decoder_layers": 2, "dim_feedforward": 64}
    layer = TextFcLayer(**config)
    randomise(layer, generator)
    layer.eval()
    hidden = torch.randn(2, 3, 32, generator=generator)
    embeds = torch.randn(2, 3, 32, generator=generator)
    with torch.no_grad():
        output = layer(hidden, embeds)
    folder = os.path.join(ROOT, "output-projector")
    os.makedirs(os.path.join(folder, "model"), exist_ok=True)
    with open(os.path.join(folder, "model", "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    safetensors_io.save(os.path.join(folder, "model", "model.safetensors"), layer.state_dict())
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"), {"hidden_states": hidden, "input_embeds": embeds})
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), {"output": output})


def make_input_projector(generator):
    llama_proj = nn.Linear(12, 20)
    randomise(llama_proj, generator)
    embeddings = torch.nn.functional.normalize(torch.randn(3, 12, generator=generator), dim=-1)
    with torch.no_grad():
        # anyToImageVideoAudio.py encode_image: inputs_llama = self.llama_proj(image_embeds).unsqueeze(1)
        projected = llama_proj(embeddings).unsqueeze(1)
        # _prepare_image_embed: features = [encode_image([m]) for m in matches]; torch.cat(features).sum(dim=0).unsqueeze(0)
        features = [llama_proj(embeddings[i:i + 1]).unsqueeze(1) for i in range(3)]
        summed = torch.cat(features).sum(dim=0).unsqueeze(0)
    folder = os.path.join(ROOT, "input-projector")
    os.makedirs(os.path.join(folder, "model"), exist_ok=True)
    with open(os.path.join(folder, "model", "config.json"), "w") as f:
        json.dump({"in_dim": 12, "out_dim": 20}, f, indent=2)
    safetensors_io.save(os.path.join(folder, "model", "model.safetensors"), llama_proj.state_dict())
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"), {"embeddings": embeddings})
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), {"projected": projected, "summed": summed})


def make_l2_loss(generator):
    u = torch.randn(2, 5, 24, generator=generator)
    v = torch.randn(2, 5, 24, generator=generator)
    safetensors_io.save(os.path.join(ROOT, "l2-loss.safetensors"), {"u": u, "v": v, "loss": l2_loss(u, v).mean()})


def make_preset_keys():
    """The real image preset's state-dict keys and shapes, one 'key shape' line each, for the meta-device shape test."""
    with open(os.path.join(ROOT, "output-projector-image-keys.txt"), "w") as f:
        for key, value in TextFcLayer(*PRESETS["image"]).state_dict().items():
            f.write(f"{key} {'x'.join(str(d) for d in value.shape)}\n")


def print_counts():
    for name, (in_dim, out_dim, n_in, n_out) in PRESETS.items():
        layer = TextFcLayer(in_dim, out_dim, n_in, n_out)
        state = layer.state_dict()
        print(f"{name}: {sum(p.numel() for p in layer.parameters()):,} parameters, {len(state)} state-dict entries")
    for key, value in TextFcLayer(*PRESETS["image"]).state_dict().items():
        print(f"  {key} {list(value.shape)}")


def check_fixtures():
    """Reruns the committed output-projector and MultiheadAttention fixtures through this machine's PyTorch."""
    folder = os.path.join(ROOT, "output-projector")
    with open(os.path.join(folder, "model", "config.json")) as f:
        layer = TextFcLayer(**json.load(f))
    layer.load_state_dict(safetensors_io.load(os.path.join(folder, "model", "model.safetensors")))
    layer.eval()
    inputs = safetensors_io.load(os.path.join(folder, "inputs.safetensors"))
    committed = safetensors_io.load(os.path.join(folder, "expected.safetensors"))["output"]
    with torch.no_grad():
        output = layer(inputs["hidden_states"], inputs["input_embeds"])
    print(f"output projector: max |recomputed - committed| = {(output - committed).abs().max().item():.3g}")
    reference = safetensors_io.load(os.path.join(ROOT, "mha.safetensors"))
    for name in ("self", "cross", "bias_kv"):
        mha = nn.MultiheadAttention(16, 4, batch_first=True, add_bias_kv=name == "bias_kv")
        mha.load_state_dict({k[len(name) + 1:]: v for k, v in reference.items()
                             if k.startswith(name + ".") and k.split(".", 1)[1] not in ("query", "key", "value", "output")})
        mha.eval()
        with torch.no_grad():
            out, _ = mha(reference[f"{name}.query"], reference[f"{name}.key"], reference[f"{name}.value"], need_weights=False)
        print(f"mha {name}: max |recomputed - committed| = {(out - reference[f'{name}.output']).abs().max().item():.3g}")
    print(f"torch {torch.__version__}")


def main():
    if "--check" in sys.argv:
        check_fixtures()
        return
    if "--counts" in sys.argv:
        print_counts()
        return
    os.makedirs(ROOT, exist_ok=True)
    generator = torch.Generator().manual_seed(4)
    make_mha(generator)
    make_output_projector(generator)
    make_input_projector(generator)
    make_l2_loss(generator)
    make_preset_keys()


if __name__ == "__main__":
    main()
