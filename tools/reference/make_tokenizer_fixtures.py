"""Reference fixtures for the LLaMA SentencePiece tokenizer (tests/Fixtures/tokenizers/).

Trains a small SentencePiece BPE model with LLaMA's trainer settings (model_type bpe, byte_fallback, split_digits,
add_dummy_prefix, identity normalisation without whitespace folding, unk=0 bos=1 eos=2, no pad) and records what the
sentencepiece library (0.1.97) and the legacy slow transformers tokenizer (LlamaTokenizer(use_fast=False), transformers 4.29,
the version NExT-GPT pins) produce for a list of strings.

transformers is not installed here, so the two rules of 4.29's slow tokenizer that matter are restated below:
- tokenize (tokenization_utils.py PreTrainedTokenizer.tokenize): the text is split on the no-split tokens (added tokens and
  <s>, </s>, <unk>), earliest then longest match; a token added as a plain string (NExT-GPT's add_tokens("<Img>")) strips the
  whitespace of its neighbours on both sides, the special tokens (AddedToken with lstrip=rstrip=False in LLaMA's
  tokenizer_config.json) strip nothing; empty pieces are dropped; each text piece is sp_model.encode(piece) (so each one gets
  its own dummy-prefix space).
- decode (PreTrainedTokenizer._decode with spaces_between_special_tokens=True and LlamaTokenizer.convert_tokens_to_string):
  runs of vocabulary pieces are decoded by sentencepiece, special tokens inside a run are written literally with a space
  before them unless they start the run or follow another special token, added tokens are their own sub-texts, and the
  sub-texts are joined with single spaces.

NExT-GPT's 38 added tokens get ids base_vocab + i in the order of _add_image_token/_add_video_token/_add_audio_token (with the
real 32000-piece vocabulary that is 32000..32037).

The corpus is the Debian licence texts in /usr/share/common-licenses (on every Debian machine) plus a few multilingual lines
written here; emoji and most CJK characters are absent from it, so they reach the model as byte-fallback pieces.

Run: /usr/bin/python3 tools/reference/make_tokenizer_fixtures.py
"""
import json
import os
import tempfile

import sentencepiece as spm

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "tokenizers")
VOCAB_SIZE = 800

ADDED_TOKENS = (["<Img>", "</Img>"] + [f"[IMG{i}]" for i in range(4)] + [f"[VID{i}]" for i in range(24)]
                + [f"[AUD{i}]" for i in range(8)])
SPECIAL_TOKENS = ["<unk>", "<s>", "</s>"]

EXTRA_CORPUS = [
    "Le café est très bon à Paris, où l'été est chaud.",
    "Größe, Übung und Äpfel schmecken süß.",
    "El niño comió piñata en la mañana.",
    "日本語のテキストです。",
    "The year 2024 had 366 days and 12 months.",
    "### Human: describe this image\n### Assistant: a cat on a sofa\n###",
]

CASES = [
    "Hello world",
    "hello, World! How are you?",
    "The year 2024 has 366 days; pi is 3.14159.",
    "two  spaces and   three",
    " leading space",
    "trailing space ",
    "line one\nline two\n\nline four",
    "tab\tseparated",
    "café crème brûlée",
    "naïve Zoë über straße",
    "smile 😀 and heart ❤️ and thumbs 👍🏽",
    "你好，世界",
    "日本語のテキスト",
    "€5 and ¥300 and £2",
    "### Human: <Img></Img> describe it\n### Assistant:",
    "a caption[IMG0] [IMG1] [IMG2] [IMG3]",
    "<Img>[IMG0][IMG1][IMG2][IMG3]</Img>",
    "video [VID0] [VID23] and audio [AUD0][AUD7]",
    "text <s> with control </s> tokens",
    "[IMG10] is not an added token",
    "   ",
    "",
    "😀",
    "x" * 40,
    # Overlapping merges of equal score: sentencepiece merges the leftmost pair first.
    "\n### ####### ooo lll sss eee ttt ccc",
    "aaaa bbbbb  a   b    c     d",
]

# Id sequences whose decode is recorded as it is: byte-fallback prefixes of a multi-byte character, unknown, control pieces.
def decode_probe_ids(sp):
    emoji = sp.encode("😀")
    euro = sp.encode("€5")
    hello = sp.encode("hello")
    probes = [emoji[:k] for k in range(1, len(emoji) + 1)] + [euro[:k] for k in range(1, len(euro) + 1)]
    probes += [[0], hello + [0], [1] + hello + [2], [sp.piece_to_id("▁")] + hello, hello + [sp.piece_to_id("▁")]]
    return probes


def legacy_split(text, added, special):
    """transformers 4.29 Trie.split followed by the strip rule of PreTrainedTokenizer.tokenize."""
    no_split = sorted(set(added) | set(special), key=len, reverse=True)
    pieces, start, i = [], 0, 0
    while i < len(text):
        match = next((t for t in no_split if text.startswith(t, i)), None)
        if match is None:
            i += 1
            continue
        pieces.append(text[start:i])
        pieces.append(match)
        i += len(match)
        start = i
    pieces.append(text[start:])
    pieces = [p for k, p in enumerate(pieces) if p or k % 2 == 1]
    for k, piece in enumerate(pieces):
        if piece in added:
            if k + 1 < len(pieces) and pieces[k + 1] not in no_split:
                pieces[k + 1] = pieces[k + 1].lstrip()
            if k > 0 and pieces[k - 1] not in no_split:
                pieces[k - 1] = pieces[k - 1].rstrip()
    return [p for p in pieces if p]


def legacy_encode(sp, text, added_ids):
    ids = []
    for piece in legacy_split(text, added_ids.keys(), SPECIAL_TOKENS):
        if piece in added_ids:
            ids.append(added_ids[piece])
        elif piece in SPECIAL_TOKENS:
            ids.append(sp.piece_to_id(piece))
        else:
            ids.extend(sp.encode(piece))
    return ids


def legacy_decode(sp, ids, added_ids, skip_special):
    by_id = {v: k for k, v in added_ids.items()}
    special_ids = {sp.piece_to_id(t) for t in SPECIAL_TOKENS}
    tokens = [by_id.get(i) or sp.id_to_piece(i) for i in ids if not (skip_special and i in special_ids)]

    def tokens_to_string(run):
        out, current, prev_special = "", [], False
        for k, token in enumerate(run):
            if token in SPECIAL_TOKENS:
                if not prev_special and k != 0:
                    out += " "
                out += sp.decode(current) + token
                prev_special, current = True, []
            else:
                current.append(token)
                prev_special = False
        return out + sp.decode(current)

    sub_texts, current = [], []
    for token in tokens:
        if token in added_ids:
            if current:
                sub_texts.append(tokens_to_string(current))
                current = []
            sub_texts.append(token)
        else:
            current.append(token)
    if current:
        sub_texts.append(tokens_to_string(current))
    return " ".join(sub_texts)


def train(corpus_path, prefix):
    spm.SentencePieceTrainer.train(
        input=corpus_path, model_prefix=prefix, model_type="bpe", vocab_size=VOCAB_SIZE,
        character_coverage=0.9995, byte_fallback=True, split_digits=True, add_dummy_prefix=True,
        remove_extra_whitespaces=False, normalization_rule_name="identity", allow_whitespace_only_pieces=True,
        max_sentencepiece_length=16, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, num_threads=1,
        input_sentence_size=0, shuffle_input_sentence=False, minloglevel=2)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        corpus_path = os.path.join(work, "corpus.txt")
        with open(corpus_path, "w", encoding="utf-8") as corpus:
            for name in ("GPL-3", "Apache-2.0", "LGPL-2.1", "MPL-2.0"):
                with open(os.path.join("/usr/share/common-licenses", name), encoding="utf-8") as text:
                    corpus.write(text.read())
            corpus.write("\n".join(EXTRA_CORPUS * 20) + "\n")
        # The trainer records its input path in the model; a relative one keeps the committed file byte-identical.
        here = os.getcwd()
        os.chdir(work)
        try:
            train("corpus.txt", "sp")
        finally:
            os.chdir(here)
        with open(os.path.join(work, "sp.model"), "rb") as model:
            model_bytes = model.read()
    with open(os.path.join(OUT, "sp_bpe_small.model"), "wb") as model:
        model.write(model_bytes)

    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    base = sp.vocab_size()
    added_ids = {token: base + i for i, token in enumerate(ADDED_TOKENS)}
    cases = []
    for text in CASES:
        ids = legacy_encode(sp, text, added_ids)
        cases.append({
            "text": text,
            "ids": ids,
            "sentencepiece_ids": sp.encode(text),
            "pieces": [sp.id_to_piece(i) if i < base else ADDED_TOKENS[i - base] for i in ids],
            "decoded": legacy_decode(sp, ids, added_ids, skip_special=False),
            "decoded_skip_special": legacy_decode(sp, [1] + ids + [2], added_ids, skip_special=True),
        })
    decodes = [{"ids": ids, "text": sp.decode(ids)} for ids in decode_probe_ids(sp)]
    expected = {
        "model": "sp_bpe_small.model",
        "base_vocab_size": base,
        "bos_id": sp.bos_id(),
        "eos_id": sp.eos_id(),
        "unk_id": sp.unk_id(),
        "added_tokens": ADDED_TOKENS,
        "cases": cases,
        "sentencepiece_decodes": decodes,
    }
    with open(os.path.join(OUT, "sp_bpe_small_expected.json"), "w", encoding="utf-8") as out:
        json.dump(expected, out, ensure_ascii=False, indent=1)
    print(f"vocab {base}, {len(cases)} cases, model {len(model_bytes)} bytes")


if __name__ == "__main__":
    main()
