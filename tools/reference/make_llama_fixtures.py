"""Reference fixtures for the LLaMA decoder (tests/Fixtures/llama/<config>/: model/ is a Hugging Face model folder).

Debian's python3-torch 1.13 has no transformers, so this restates transformers' modeling_llama.py (v4.29, the version the
legacy NExT-GPT pins) in plain PyTorch: LlamaRMSNorm (float32 variance), rotate_half rotary embeddings, SwiGLU MLP,
repeat_kv for grouped-query attention, explicit causal softmax attention (not SDPA, so the reference is independent of
the kernel the C# code calls), final norm, lm_head. State-dict keys are transformers'.

Run: /usr/bin/python3 tools/reference/make_llama_fixtures.py
"""
import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "llama")


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        variance = x.to(torch.float32).pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(variance + self.eps)).to(x.dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def rotary(positions, head_dim, theta):
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    freqs = positions.float()[..., None] * inv_freq
    emb = torch.cat((freqs, freqs), dim=-1)[:, None]
    return emb.cos(), emb.sin()


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads = c["num_attention_heads"], c["num_key_value_heads"]
        self.head_dim = c["hidden_size"] // self.heads
        self.q_proj = nn.Linear(c["hidden_size"], self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(c["hidden_size"], self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(c["hidden_size"], self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, c["hidden_size"], bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        groups = self.heads // self.kv_heads
        k, v = k.repeat_interleave(groups, dim=1), v.repeat_interleave(groups, dim=1)
        scores = q @ k.transpose(2, 3) / math.sqrt(self.head_dim) + mask
        out = torch.softmax(scores.float(), dim=-1).to(q.dtype) @ v
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate_proj = nn.Linear(c["hidden_size"], c["intermediate_size"], bias=False)
        self.up_proj = nn.Linear(c["hidden_size"], c["intermediate_size"], bias=False)
        self.down_proj = nn.Linear(c["intermediate_size"], c["hidden_size"], bias=False)

    def forward(self, x):
        return self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self_attn, self.mlp = Attention(c), MLP(c)
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])

    def forward(self, x, cos, sin, mask):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class Model(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])


class LlamaForCausalLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.model = Model(c)
        self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)

    def forward(self, input_ids, attention_mask):
        b, t = input_ids.shape
        positions = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)
        cos, sin = rotary(positions, self.c["hidden_size"] // self.c["num_attention_heads"], self.c["rope_theta"])
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        allowed = causal[None, None] & attention_mask.bool()[:, None, None, :]
        mask = torch.zeros(b, 1, t, t).masked_fill(~allowed, torch.finfo(torch.float32).min)
        x = self.model.embed_tokens(input_ids)
        for layer in self.model.layers:
            x = layer(x, cos, sin, mask)
        hidden = self.model.norm(x)
        return self.lm_head(hidden), hidden


CONFIGS = {
    "tiny": dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4, intermediate_size=88,
                 rms_norm_eps=1e-6, rope_theta=10000.0, vocab_size=96, max_position_embeddings=64, tie_word_embeddings=False),
    "tiny-gqa": dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, intermediate_size=88,
                     rms_norm_eps=1e-5, rope_theta=500000.0, vocab_size=96, max_position_embeddings=64, tie_word_embeddings=False),
}


def main():
    for name, config in CONFIGS.items():
        torch.manual_seed(13)
        model = LlamaForCausalLM(config).eval()
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, RMSNorm):
                    module.weight.uniform_(0.5, 1.5)
        folder = os.path.join(OUT, name)
        weights = os.path.join(folder, "model")
        os.makedirs(weights, exist_ok=True)
        with open(os.path.join(weights, "config.json"), "w") as f:
            json.dump(dict(config, architectures=["LlamaForCausalLM"], model_type="llama"), f, indent=2)
        safetensors_io.save(os.path.join(weights, "model.safetensors"), model.state_dict())

        input_ids = torch.randint(0, config["vocab_size"], (2, 7))
        full = torch.ones(2, 7, dtype=torch.int64)
        # Second row left-padded by 3: its real tokens must give the same outputs as the same tokens unpadded.
        padded = full.clone()
        padded[1, :3] = 0
        with torch.no_grad():
            logits, hidden = model(input_ids, full)
            padded_logits, padded_hidden = model(input_ids, padded)
        safetensors_io.save(os.path.join(folder, "inputs.safetensors"),
                            {"input_ids": input_ids, "attention_mask": full, "padded_attention_mask": padded})
        safetensors_io.save(os.path.join(folder, "expected.safetensors"),
                            {"logits": logits, "hidden_states": hidden,
                             "padded_logits": padded_logits, "padded_hidden_states": padded_hidden})


if __name__ == "__main__":
    main()
