"""Cross-checks the text-encoder, vocoder and CLIP-tokenizer fixtures against transformers' own classes.

make_text_encoder_fixtures.py restates transformers' CLIPTextModel, ClapTextModelWithProjection and SpeechT5HifiGan in
plain PyTorch because Debian's torch 1.13 has no transformers. This script runs where transformers and safetensors are
installed (the accelerator machine, not CI) and confirms that the restatements compute what transformers computes:
it loads each fixture's model/ folder with from_pretrained, runs the fixture inputs, and compares with expected.safetensors;
it also encodes tokenizer-cases.json with transformers' CLIPTokenizer built from the fixture's vocab.json/merges.txt.

Run: python3 tools/reference/check_text_encoder_fixtures_with_transformers.py [fixtures folder]
Exit status 0 when every difference is below 1e-5 and every tokenizer case matches.
"""
import json
import os
import sys

import torch
import transformers
from safetensors.torch import load_file

TOLERANCE = 1e-5
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures")
failures = []


def compare(label, actual, expected):
    difference = (actual.float() - expected.float()).abs().max().item()
    print(f"{label}: max |transformers - fixture| = {difference:.2e}")
    if difference > TOLERANCE:
        failures.append(label)


def clip_text():
    folder = os.path.join(ROOT, "clip-text")
    model = transformers.CLIPTextModel.from_pretrained(os.path.join(folder, "model")).eval()
    inputs, expected = load_file(os.path.join(folder, "inputs.safetensors")), load_file(os.path.join(folder, "expected.safetensors"))
    with torch.no_grad():
        plain = model(input_ids=inputs["input_ids"])
        masked = model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"])
    compare("clip-text last_hidden_state", plain.last_hidden_state, expected["last_hidden_state"])
    compare("clip-text pooler_output", plain.pooler_output, expected["pooler_output"])
    compare("clip-text masked_last_hidden_state", masked.last_hidden_state, expected["masked_last_hidden_state"])
    compare("clip-text masked_pooler_output", masked.pooler_output, expected["masked_pooler_output"])

    tokenizer = transformers.CLIPTokenizer(os.path.join(folder, "tokenizer", "vocab.json"),
                                           os.path.join(folder, "tokenizer", "merges.txt"))
    with open(os.path.join(folder, "tokenizer-cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    mismatched = [c["text"] for c in cases if tokenizer(c["text"], add_special_tokens=False)["input_ids"] != c["ids"]]
    print(f"clip tokenizer: {len(cases) - len(mismatched)} of {len(cases)} cases equal transformers' CLIPTokenizer")
    if mismatched:
        failures.append(f"clip tokenizer: {mismatched}")


def clap_text():
    folder = os.path.join(ROOT, "clap-text")
    model = transformers.ClapTextModelWithProjection.from_pretrained(os.path.join(folder, "model")).eval()
    inputs, expected = load_file(os.path.join(folder, "inputs.safetensors")), load_file(os.path.join(folder, "expected.safetensors"))
    with torch.no_grad():
        out = model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"])
    compare("clap-text text_embeds", out.text_embeds, expected["text_embeds"])
    compare("clap-text last_hidden_state", out.last_hidden_state, expected["last_hidden_state"])


def vocoder():
    folder = os.path.join(ROOT, "vocoder")
    model = transformers.SpeechT5HifiGan.from_pretrained(os.path.join(folder, "model")).eval()
    inputs, expected = load_file(os.path.join(folder, "inputs.safetensors")), load_file(os.path.join(folder, "expected.safetensors"))
    with torch.no_grad():
        batched = model(inputs["spectrogram"])
        single = model(inputs["spectrogram"][1])
    compare("vocoder waveform", batched, expected["waveform"])
    compare("vocoder unbatched_waveform", single, expected["unbatched_waveform"])


if __name__ == "__main__":
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    for check in (clip_text, clap_text, vocoder):
        try:
            check()
        except Exception as error:  # report every component, not just the first that fails
            failures.append(f"{check.__name__}: {error!r}")
            print(f"{check.__name__}: {error!r}")
    print("OK" if not failures else f"FAILED: {failures}")
    sys.exit(1 if failures else 0)
