"""Opt-in check of the C# LLaMA tokenizer against LLaMA's own tokenizer.model (not part of the repository: licence).

Encodes a list of texts with the sentencepiece library plus the legacy slow-tokenizer rules of make_tokenizer_fixtures.py
(NExT-GPT's 38 added tokens at 32000..32037), runs `nextgpt tokenizer encode` on the same texts, and compares ids and decodes.

Run: /usr/bin/python3 tools/reference/check_llama_tokenizer.py FOLDER_WITH_TOKENIZER_MODEL [path to nextgpt]
(default nextgpt: server/NextGpt.Realtime.Cli/bin/Debug/net10.0/linux-x64/nextgpt, built with `dotnet build`).
Exit status 0 when every text matches.
"""
import json
import os
import subprocess
import sys

import sentencepiece as spm

sys.path.insert(0, os.path.dirname(__file__))
from make_tokenizer_fixtures import ADDED_TOKENS, CASES, legacy_decode, legacy_encode  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
EXTRA = [
    "### Human: <Img></Img> What is in this picture?\n### Assistant: A dog running on a beach.[IMG0] [IMG1] [IMG2] [IMG3]\n###",
    "Generate a video [VID0][VID1][VID2] and a sound [AUD0] [AUD1]",
    "Ünïcödé ñ ø å ß 東京 서울 Москва مرحبا 🎉🎉 🇫🇷",
    "code: for (int i = 0; i < 10; i++) { x += i * 2; }",
]


def main():
    folder = sys.argv[1]
    nextgpt = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "server", "NextGpt.Realtime.Cli", "bin", "Debug", "net10.0", "linux-x64", "nextgpt")
    sp = spm.SentencePieceProcessor(model_file=os.path.join(folder, "tokenizer.model"))
    added_ids = {token: sp.vocab_size() + i for i, token in enumerate(ADDED_TOKENS)}
    texts = [t for t in CASES + EXTRA if t]
    run = subprocess.run([nextgpt, "tokenizer", "encode", "--tokenizer", folder, "--no-bos", *texts],
                         capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    failures = 0
    for text, got in zip(texts, lines):
        ids = legacy_encode(sp, text, added_ids)
        decoded = legacy_decode(sp, ids, added_ids, skip_special=False)
        if got["ids"] != ids or got["decoded"] != decoded:
            failures += 1
            print(f"MISMATCH {text!r}\n  expected {ids} {decoded!r}\n  got      {got['ids']} {got['decoded']!r}")
    print(f"{len(texts) - failures}/{len(texts)} texts match (vocab {sp.vocab_size()}, added ids "
          f"{min(added_ids.values())}..{max(added_ids.values())})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
