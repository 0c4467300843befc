"""Cross-checks the LLaMA fixtures against transformers' own LlamaForCausalLM.

make_llama_fixtures.py restates modeling_llama in plain PyTorch because Debian's torch 1.13 has no transformers. This script
runs on a machine that has transformers and safetensors (not this project's CI machines) and confirms that the restatement
computes what transformers computes: it loads each fixture's model/ folder with LlamaForCausalLM.from_pretrained and
compares logits and the final-norm hidden states (hidden_states[-1]) with expected.safetensors, unpadded and left-padded.

Run: python3 tools/reference/check_llama_fixtures_with_transformers.py [fixtures folder]
Exit status 0 when every difference is below 1e-5.
"""
import os
import sys

import torch
import transformers
from safetensors.torch import load_file

TOLERANCE = 1e-5
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "llama")


def run(model, input_ids, attention_mask):
    # generate() derives positions from the mask this way; a plain forward call would count padding as positions.
    position_ids = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)
    with torch.no_grad():
        out = model(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids, output_hidden_states=True)
    return out.logits, out.hidden_states[-1]


def main():
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    worst = 0.0
    for name in sorted(os.listdir(ROOT)):
        folder = os.path.join(ROOT, name)
        model = transformers.LlamaForCausalLM.from_pretrained(
            os.path.join(folder, "model"), torch_dtype=torch.float32, attn_implementation="eager").eval()
        inputs = load_file(os.path.join(folder, "inputs.safetensors"))
        expected = load_file(os.path.join(folder, "expected.safetensors"))
        logits, hidden = run(model, inputs["input_ids"], inputs["attention_mask"])
        padded_logits, padded_hidden = run(model, inputs["input_ids"], inputs["padded_attention_mask"])
        real = inputs["padded_attention_mask"].bool()
        checks = {
            "logits": (logits - expected["logits"]).abs().max().item(),
            "hidden_states": (hidden - expected["hidden_states"]).abs().max().item(),
            "padded_logits (real tokens)": (padded_logits - expected["padded_logits"])[real].abs().max().item(),
            "padded_hidden_states (real tokens)": (padded_hidden - expected["padded_hidden_states"])[real].abs().max().item(),
        }
        for check, difference in checks.items():
            print(f"{name}: {check}: max |transformers - fixture| = {difference:.3g}")
            worst = max(worst, difference)
    print("OK" if worst < TOLERANCE else f"MISMATCH: {worst:.3g} >= {TOLERANCE}")
    return 0 if worst < TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main())
