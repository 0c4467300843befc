"""Reference fixtures for the decoders' text encoders and the AudioLDM vocoder.

Writes, under tests/Fixtures/:
  clip-text/  model/ (config.json + model.safetensors, a tiny CLIPTextModel), inputs/expected safetensors,
              tokenizer/ (vocab.json, merges.txt, special_tokens_map.json, tokenizer_config.json: a tiny CLIP BPE trained
              here) and tokenizer-cases.json (sentences and the ids of openai's CLIP BPE for them).
  clap-text/  model/ (a tiny ClapTextModelWithProjection), inputs/expected safetensors.
  vocoder/    model/ (a tiny SpeechT5HifiGan with AudioLDM's upsampling layout), inputs/expected safetensors.

transformers cannot be installed here (Debian's python3-torch 1.13 only), so this restates its modeling files in plain
PyTorch, module for module, with transformers' state-dict keys:
  - CLIPTextModel (models/clip/modeling_clip.py): token + position embeddings, pre-LN encoder layers with a causal mask,
    quick_gelu MLP, final_layer_norm; pooler_output at the argmax of input_ids when config.eos_token_id == 2 (openai's
    configs, kept by transformers for compatibility since PR #24773), else at the first eos_token_id.
  - ClapTextModelWithProjection (models/clap/modeling_clap.py): RoBERTa embeddings (position ids counted from
    padding_idx + 1, padding keeps padding_idx), post-LN BERT layers, BertPooler (dense + tanh on the first token),
    ClapProjectionLayer (linear1 -> relu -> linear2).
  - SpeechT5HifiGan (models/speecht5/modeling_speecht5.py): optional (x - mean) / scale, conv_pre, per stage
    leaky_relu -> ConvTranspose1d -> mean of the HifiGanResidualBlocks, then leaky_relu with PyTorch's default slope 0.01
    (as transformers writes it), conv_post, tanh.
Attention goes through torch.nn.functional.multi_head_attention_forward (fused in-projection, PyTorch's own kernel), so
the reference shares no attention code with the C# port, which calls scaled_dot_product_attention.
The CLIP BPE below follows openai/CLIP simple_tokenizer.py (bytes_to_unicode, get_pairs, bpe, the token pattern), with
the text clean-up transformers' CLIPTokenizer applies (NFC, whitespace collapsed, lower-cased) instead of ftfy.

Run: /usr/bin/python3 tools/reference/make_text_encoder_fixtures.py          (fixtures)
     /usr/bin/python3 tools/reference/make_text_encoder_fixtures.py --counts (parameter counts of the real configs)
"""
import json
import os
import sys
import unicodedata
from collections import Counter

import regex
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures")

ACTIVATIONS = {
    "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),
    "gelu": F.gelu,
    "relu": F.relu,
}


def attention(x, q, k, v, num_heads, out=None, mask=None, key_padding_mask=None):
    """Self-attention through PyTorch's MultiheadAttention kernel from q/k/v (and out) Linear modules; without out, the
    output projection is the identity (BERT applies its dense layer in BertSelfOutput)."""
    e = x.shape[-1]
    weight = torch.cat([q.weight, k.weight, v.weight])
    bias = torch.cat([q.bias, k.bias, v.bias])
    out_weight, out_bias = (out.weight, out.bias) if out is not None else (torch.eye(e), torch.zeros(e))
    t = x.transpose(0, 1)  # (T, B, E)
    y, _ = F.multi_head_attention_forward(t, t, t, e, num_heads, weight, bias, None, None, False, 0.0, out_weight, out_bias,
                                          training=False, key_padding_mask=key_padding_mask, need_weights=False,
                                          attn_mask=mask)
    return y.transpose(0, 1)


# ----------------------------------------------------------------------------------------------------------------- CLIP
class ClipAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x, mask):
        return attention(x, self.q_proj, self.k_proj, self.v_proj, self.heads, out=self.out_proj, mask=mask)


class ClipMlp(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.act = ACTIVATIONS[c["hidden_act"]]
        self.fc1 = nn.Linear(c["hidden_size"], c["intermediate_size"])
        self.fc2 = nn.Linear(c["intermediate_size"], c["hidden_size"])

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class ClipEncoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self_attn = ClipAttention(c)
        self.layer_norm1 = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.mlp = ClipMlp(c)
        self.layer_norm2 = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x, mask):
        x = x + self.self_attn(self.layer_norm1(x), mask)
        return x + self.mlp(self.layer_norm2(x))


class ClipTextModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        tm = nn.Module()
        tm.embeddings = nn.Module()
        tm.embeddings.token_embedding = nn.Embedding(c["vocab_size"], c["hidden_size"])
        tm.embeddings.position_embedding = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        # Persistent in the transformers versions SD 1.5's checkpoint was saved with: the file carries it.
        tm.embeddings.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).expand((1, -1)))
        tm.encoder = nn.Module()
        tm.encoder.layers = nn.ModuleList([ClipEncoderLayer(c) for _ in range(c["num_hidden_layers"])])
        tm.final_layer_norm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.text_model = tm

    def forward(self, input_ids, attention_mask=None, eos_token_id=None):
        tm = self.text_model
        b, t = input_ids.shape
        x = tm.embeddings.token_embedding(input_ids) + tm.embeddings.position_embedding(torch.arange(t))[None]
        blocked = torch.ones(t, t, dtype=torch.bool).triu(1)[None].expand(b, t, t)
        if attention_mask is not None:
            blocked = blocked | ~attention_mask.bool()[:, None, :]
        mask = torch.zeros(b, t, t).masked_fill(blocked, torch.finfo(torch.float32).min)
        mask = mask.repeat_interleave(self.c["num_attention_heads"], dim=0)  # (B * heads, T, T)
        for layer in tm.encoder.layers:
            x = layer(x, mask)
        hidden = tm.final_layer_norm(x)
        eos = self.c["eos_token_id"] if eos_token_id is None else eos_token_id
        index = input_ids.argmax(-1) if eos == 2 else (input_ids == eos).int().argmax(-1)
        return hidden, hidden[torch.arange(b), index]


CLIP_TINY = dict(vocab_size=100, hidden_size=32, intermediate_size=64, num_attention_heads=4, num_hidden_layers=2,
                 max_position_embeddings=16, hidden_act="quick_gelu", layer_norm_eps=1e-5, bos_token_id=0, eos_token_id=2,
                 pad_token_id=1, projection_dim=32)
CLIP_L14 = dict(vocab_size=49408, hidden_size=768, intermediate_size=3072, num_attention_heads=12, num_hidden_layers=12,
                max_position_embeddings=77, hidden_act="quick_gelu", layer_norm_eps=1e-5, eos_token_id=2)


def randomize_norms(model):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.LayerNorm):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.1)


def make_clip():
    torch.manual_seed(21)
    model = ClipTextModel(CLIP_TINY).eval()
    randomize_norms(model)
    folder = os.path.join(ROOT, "clip-text")
    save_model(folder, model, dict(CLIP_TINY, architectures=["CLIPTextModel"], model_type="clip_text_model"))
    # As a CLIP tokenizer lays prompts out: BOS 98, tokens, EOS 99, right-padded with EOS (SD 1.5's pad token).
    input_ids = torch.full((2, 16), 99, dtype=torch.int64)
    input_ids[0, :7] = torch.tensor([98, 5, 17, 42, 8, 63, 99])
    input_ids[1, :12] = torch.tensor([98, 11, 3, 77, 20, 4, 90, 31, 56, 2, 7, 99])
    attention_mask = (torch.arange(16)[None] < torch.tensor([[7], [12]])).long()
    with torch.no_grad():
        hidden, pooled = model(input_ids)
        masked_hidden, masked_pooled = model(input_ids, attention_mask)
        _, pooled_first_eos = model(input_ids, eos_token_id=20)
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"),
                        {"input_ids": input_ids, "attention_mask": attention_mask})
    safetensors_io.save(os.path.join(folder, "expected.safetensors"),
                        {"last_hidden_state": hidden, "pooler_output": pooled, "masked_last_hidden_state": masked_hidden,
                         "masked_pooler_output": masked_pooled, "pooler_output_eos_20": pooled_first_eos})


# ------------------------------------------------------------------------------------------------------- CLIP tokenizer
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def get_pairs(word):
    return {(word[i], word[i + 1]) for i in range(len(word) - 1)}


PATTERN = regex.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
                        regex.IGNORECASE)


def clean(text):
    return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()


class SimpleTokenizer:
    """openai/CLIP clip/simple_tokenizer.py, reading a vocabulary and merges instead of the gzip'd merge list."""

    def __init__(self, encoder, merges):
        self.byte_encoder = bytes_to_unicode()
        self.encoder = encoder
        self.bpe_ranks = dict(zip(merges, range(len(merges))))
        self.cache = {"<|startoftext|>": "<|startoftext|>", "<|endoftext|>": "<|endoftext|>"}

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        pairs = get_pairs(word)
        if not pairs:
            return token + "</w>"
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        word = " ".join(word)
        self.cache[token] = word
        return word

    def encode(self, text):
        ids = []
        for token in regex.findall(PATTERN, clean(text)):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(token).split(" "))
        return ids


CORPUS = """a photo of a cat sitting on the sofa. a painting of a dog in the park, the dogs are playing.
an astronaut riding a horse on the moon; high quality photograph of the city at night.
the sound of rain on a tin roof, birds singing in the forest, people talking in a crowded cafe.
it's a beautiful day and we're going to the beach! they've seen 3 whales and 12 dolphins.
portrait of an old man with a beard, oil painting, trending on artstation, 4k, highly detailed."""

TOKENIZER_CASES = [
    "a photo of a cat",
    "A  Photo\tof the DOG's toys!",
    "",
    "   ",
    "an astronaut riding a horse on the moon",
    "it's 3.14 and we'll pay $1,000 (maybe).",
    "Caf\u00e9 na\u00efve \u00fcber co\u00f6perate",
    "cafe\u0301 (decomposed)",
    "emoji \U0001F431 and \u4e2d\u6587 text",
    "sound of rain <|endoftext|> birds",
    "photographs photographer photography phototropic",
    " ".join(["the city at night"] * 25),
]


def train_bpe(corpus, merges_count):
    byte_encoder = bytes_to_unicode()
    words = Counter()
    for token in regex.findall(PATTERN, clean(corpus)):
        chars = "".join(byte_encoder[b] for b in token.encode("utf-8"))
        words[tuple(chars[:-1]) + (chars[-1] + "</w>",)] += 1
    merges = []
    for _ in range(merges_count):
        pairs = Counter()
        for word, count in words.items():
            for i in range(len(word) - 1):
                pairs[word[i], word[i + 1]] += count
        if not pairs:
            break
        best = max(pairs, key=lambda p: (pairs[p], p))
        merges.append(best)
        merged = Counter()
        for word, count in words.items():
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] += count
        words = merged
    return merges


def make_tokenizer():
    merges = train_bpe(CORPUS, 220)
    # Vocabulary laid out as openai's SimpleTokenizer builds it (and SD 1.5's vocab.json stores it): bytes, bytes + </w>,
    # merges, then the two special tokens.
    vocab = list(bytes_to_unicode().values())
    vocab = vocab + [v + "</w>" for v in vocab] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    encoder = dict(zip(vocab, range(len(vocab))))
    folder = os.path.join(ROOT, "clip-text", "tokenizer")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(encoder, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    special = {"bos_token": {"content": "<|startoftext|>", "lstrip": False, "normalized": True, "rstrip": False,
                             "single_word": False},
               "eos_token": {"content": "<|endoftext|>", "lstrip": False, "normalized": True, "rstrip": False,
                             "single_word": False},
               "pad_token": "<|endoftext|>",
               "unk_token": {"content": "<|endoftext|>", "lstrip": False, "normalized": True, "rstrip": False,
                             "single_word": False}}
    with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"model_max_length": 77, "do_lower_case": True, "tokenizer_class": "CLIPTokenizer",
                   "pad_token": "<|endoftext|>"}, f, indent=2)

    tokenizer = SimpleTokenizer(encoder, merges)
    bos, eos = encoder["<|startoftext|>"], encoder["<|endoftext|>"]
    cases = []
    for text in TOKENIZER_CASES:
        ids = tokenizer.encode(text)
        # transformers' tokenizer(text, padding="max_length", max_length=77, truncation=True): BOS, at most 75 tokens,
        # EOS, then the pad token (SD 1.5: <|endoftext|>).
        padded = [bos] + ids[:75] + [eos]
        padded += [eos] * (77 - len(padded))
        cases.append({"text": text, "ids": ids, "input_ids": padded})
    with open(os.path.join(ROOT, "clip-text", "tokenizer-cases.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(case, ensure_ascii=False) for case in cases) + "\n]\n")


# ----------------------------------------------------------------------------------------------------------------- CLAP
class ClapTextLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, i = c["hidden_size"], c["intermediate_size"]
        self.heads = c["num_attention_heads"]
        self.act = ACTIVATIONS[c["hidden_act"]]
        self.attention = nn.Module()
        self.attention.self = nn.Module()
        self.attention.self.query, self.attention.self.key, self.attention.self.value = (nn.Linear(d, d) for _ in range(3))
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(d, d)
        self.attention.output.LayerNorm = nn.LayerNorm(d, eps=c["layer_norm_eps"])
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(d, i)
        self.output = nn.Module()
        self.output.dense = nn.Linear(i, d)
        self.output.LayerNorm = nn.LayerNorm(d, eps=c["layer_norm_eps"])

    def forward(self, x, key_padding_mask):
        s, o = self.attention.self, self.attention.output
        # BertSelfAttention, then BertSelfOutput (dense, post-LN residual), BertIntermediate, BertOutput.
        context = attention(x, s.query, s.key, s.value, self.heads, key_padding_mask=key_padding_mask)
        x = o.LayerNorm(o.dense(context) + x)
        return self.output.LayerNorm(self.output.dense(self.act(self.intermediate.dense(x))) + x)


class ClapTextModelWithProjection(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        d = c["hidden_size"]
        tm = nn.Module()
        tm.embeddings = nn.Module()
        tm.embeddings.word_embeddings = nn.Embedding(c["vocab_size"], d)
        tm.embeddings.position_embeddings = nn.Embedding(c["max_position_embeddings"], d)
        tm.embeddings.token_type_embeddings = nn.Embedding(c["type_vocab_size"], d)
        tm.embeddings.LayerNorm = nn.LayerNorm(d, eps=c["layer_norm_eps"])
        # ClapTextEmbeddings registers both buffers with persistent=True: real checkpoints carry them.
        tm.embeddings.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).expand((1, -1)))
        tm.embeddings.register_buffer("token_type_ids", torch.zeros(1, c["max_position_embeddings"], dtype=torch.long))
        tm.encoder = nn.Module()
        tm.encoder.layer = nn.ModuleList([ClapTextLayer(c) for _ in range(c["num_hidden_layers"])])
        tm.pooler = nn.Module()
        tm.pooler.dense = nn.Linear(d, d)
        self.text_model = tm
        self.text_projection = nn.Module()
        self.text_projection.linear1 = nn.Linear(d, c["projection_dim"])
        self.text_projection.linear2 = nn.Linear(c["projection_dim"], c["projection_dim"])

    def forward(self, input_ids, attention_mask):
        tm, pad = self.text_model, self.c["pad_token_id"]
        # create_position_ids_from_input_ids: real tokens count from padding_idx + 1, padding stays at padding_idx.
        real = input_ids.ne(pad).int()
        position_ids = (torch.cumsum(real, dim=1) * real).long() + pad
        e = tm.embeddings
        x = e.word_embeddings(input_ids) + e.token_type_embeddings(torch.zeros_like(input_ids)) + e.position_embeddings(position_ids)
        x = e.LayerNorm(x)
        for layer in tm.encoder.layer:
            x = layer(x, key_padding_mask=~attention_mask.bool())
        pooled = torch.tanh(tm.pooler.dense(x[:, 0]))
        p = self.text_projection
        act = ACTIVATIONS[self.c["projection_hidden_act"]]
        return p.linear2(act(p.linear1(pooled))), x


CLAP_TINY = dict(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                 hidden_act="gelu", max_position_embeddings=40, type_vocab_size=1, layer_norm_eps=1e-12, projection_dim=24,
                 pad_token_id=1, bos_token_id=0, eos_token_id=2, position_embedding_type="absolute",
                 projection_hidden_act="relu")
CLAP_AUDIOLDM = dict(vocab_size=50265, hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072,
                     hidden_act="gelu", max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-12,
                     projection_dim=512, pad_token_id=1, projection_hidden_act="relu")


def make_clap():
    torch.manual_seed(34)
    model = ClapTextModelWithProjection(CLAP_TINY).eval()
    randomize_norms(model)
    folder = os.path.join(ROOT, "clap-text")
    save_model(folder, model, dict(CLAP_TINY, architectures=["ClapTextModelWithProjection"], model_type="clap_text_model"))
    # RoBERTa layout: <s> 0, tokens, </s> 2, right-padded with <pad> 1.
    input_ids = torch.ones(2, 12, dtype=torch.int64)
    input_ids[0, :6] = torch.tensor([0, 45, 17, 99, 8, 2])
    input_ids[1, :] = torch.tensor([0, 33, 7, 118, 64, 5, 90, 31, 56, 12, 71, 2])
    attention_mask = input_ids.ne(1).long()
    with torch.no_grad():
        text_embeds, hidden = model(input_ids, attention_mask)
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"), {"input_ids": input_ids, "attention_mask": attention_mask})
    # AudioLDM's _encode_prompt L2-normalises text_embeds before the UNet sees them.
    safetensors_io.save(os.path.join(folder, "expected.safetensors"),
                        {"text_embeds": text_embeds, "last_hidden_state": hidden,
                         "normalized_text_embeds": F.normalize(text_embeds, dim=-1)})


# -------------------------------------------------------------------------------------------------------------- vocoder
class HifiGanResidualBlock(nn.Module):
    def __init__(self, channels, kernel_size, dilation, slope):
        super().__init__()
        self.slope = slope
        self.convs1 = nn.ModuleList([nn.Conv1d(channels, channels, kernel_size, dilation=d, padding=(kernel_size * d - d) // 2)
                                     for d in dilation])
        self.convs2 = nn.ModuleList([nn.Conv1d(channels, channels, kernel_size, padding=(kernel_size - 1) // 2)
                                     for _ in dilation])

    def forward(self, x):
        for conv1, conv2 in zip(self.convs1, self.convs2):
            residual = x
            x = conv2(F.leaky_relu(conv1(F.leaky_relu(x, self.slope)), self.slope))
            x = x + residual
        return x


class SpeechT5HifiGan(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        ch = c["upsample_initial_channel"]
        self.conv_pre = nn.Conv1d(c["model_in_dim"], ch, 7, padding=3)
        self.upsampler = nn.ModuleList([nn.ConvTranspose1d(ch // 2 ** i, ch // 2 ** (i + 1), k, stride=r, padding=(k - r) // 2)
                                        for i, (r, k) in enumerate(zip(c["upsample_rates"], c["upsample_kernel_sizes"]))])
        self.resblocks = nn.ModuleList([HifiGanResidualBlock(ch // 2 ** (i + 1), k, d, c["leaky_relu_slope"])
                                        for i in range(len(self.upsampler))
                                        for k, d in zip(c["resblock_kernel_sizes"], c["resblock_dilation_sizes"])])
        self.conv_post = nn.Conv1d(ch // 2 ** len(self.upsampler), 1, 7, padding=3)
        self.register_buffer("mean", torch.zeros(c["model_in_dim"]))
        self.register_buffer("scale", torch.ones(c["model_in_dim"]))

    def forward(self, spectrogram):
        if self.c["normalize_before"]:
            spectrogram = (spectrogram - self.mean) / self.scale
        batched = spectrogram.dim() == 3
        if not batched:
            spectrogram = spectrogram.unsqueeze(0)
        x = self.conv_pre(spectrogram.transpose(2, 1))
        kernels = len(self.c["resblock_kernel_sizes"])
        for i, up in enumerate(self.upsampler):
            x = up(F.leaky_relu(x, self.c["leaky_relu_slope"]))
            x = sum(self.resblocks[i * kernels + j](x) for j in range(kernels)) / kernels
        x = torch.tanh(self.conv_post(F.leaky_relu(x)))
        return x.squeeze(0).transpose(1, 0).reshape(-1) if not batched else x.squeeze(1)


VOCODER_TINY = dict(model_in_dim=64, sampling_rate=16000, upsample_initial_channel=32, upsample_rates=[5, 4, 2, 2, 2],
                    upsample_kernel_sizes=[16, 16, 8, 4, 4], resblock_kernel_sizes=[3, 7, 11],
                    resblock_dilation_sizes=[[1, 3, 5], [1, 3, 5], [1, 3, 5]], leaky_relu_slope=0.1, normalize_before=True)
VOCODER_AUDIOLDM = dict(VOCODER_TINY, upsample_initial_channel=1024, normalize_before=False)


def make_vocoder():
    torch.manual_seed(55)
    model = SpeechT5HifiGan(VOCODER_TINY).eval()
    with torch.no_grad():
        model.mean.normal_(0.0, 0.5)
        model.scale.uniform_(0.5, 2.0)
        # PyTorch's default init leaves this tiny vocoder nearly silent (peak 0.19); tripling the residual convolutions
        # brings the waveform into tanh's range and makes frames 20 away still matter, so chunk joins are tested hard.
        for block in model.resblocks:
            for conv in list(block.convs1) + list(block.convs2):
                conv.weight.mul_(3.0)
    folder = os.path.join(ROOT, "vocoder")
    save_model(folder, model, dict(VOCODER_TINY, architectures=["SpeechT5HifiGan"], model_type="hifigan"))
    spectrogram = torch.randn(2, 24, 64) * 2.0 - 4.0  # log-mel values are mostly negative
    with torch.no_grad():
        waveform = model(spectrogram)
        single = model(spectrogram[1])
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"), {"spectrogram": spectrogram})
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), {"waveform": waveform, "unbatched_waveform": single})


# ---------------------------------------------------------------------------------------------------------------- shared
def save_model(folder, model, config):
    weights = os.path.join(folder, "model")
    os.makedirs(weights, exist_ok=True)
    with open(os.path.join(weights, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    safetensors_io.save(os.path.join(weights, "model.safetensors"), model.state_dict())


def print_counts():
    """Parameter counts of the real configurations (buffers excluded), for the meta-device shape tests."""
    for name, module in [("CLIP-L/14 text", lambda: ClipTextModel(CLIP_L14)),
                         ("CLAP text (AudioLDM)", lambda: ClapTextModelWithProjection(CLAP_AUDIOLDM)),
                         ("AudioLDM vocoder", lambda: SpeechT5HifiGan(VOCODER_AUDIOLDM))]:
        model = module()
        print(f"{name}: {sum(p.numel() for p in model.parameters()):,} parameters, "
              f"{len(model.state_dict())} state-dict entries")


def main():
    if "--counts" in sys.argv:
        print_counts()
        return
    make_clip()
    make_tokenizer()
    make_clap()
    make_vocoder()


if __name__ == "__main__":
    main()
