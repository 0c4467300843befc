"""LoRA fixtures made by real peft on the tiny LLaMA fixture (tests/Fixtures/lora/).

Needs transformers, peft and safetensors, so it runs on a machine that has them (not this project's CI machines); the
files it wrote are committed. It wraps tests/Fixtures/llama/tiny/model in peft's LoRA (r 4, alpha 8, dropout 0.1 on
q, k, v, o: NExT-GPT's stage-3 layout at a small rank), gives lora_B random values (peft starts it at zero, which would
prove nothing), and saves:
- adapter_default.safetensors: the adapter tensors under the names a PeftModel's state_dict uses, which NExT-GPT's
  pytorch_model.pt stores (base_model.model.model.layers.N.self_attn.q_proj.lora_A.default.weight);
- adapter_model.safetensors: the same tensors as peft's save_pretrained writes them (no adapter name:
  ...q_proj.lora_A.weight);
- expected.safetensors: logits of the adapted model (eval mode: no dropout) on the tiny fixture's input_ids, and of the
  model after peft's merge_and_unload.

Run: python3 tools/reference/make_lora_fixtures.py [output folder]
"""
import os
import sys

import peft
import torch
import transformers
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
TINY = os.path.join(HERE, "..", "..", "tests", "Fixtures", "llama", "tiny")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "tests", "Fixtures", "lora")


def main():
    torch.manual_seed(29)
    base = transformers.LlamaForCausalLM.from_pretrained(
        os.path.join(TINY, "model"), torch_dtype=torch.float32, attn_implementation="eager")
    config = peft.LoraConfig(task_type="CAUSAL_LM", r=4, lora_alpha=8, lora_dropout=0.1,
                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj"])
    model = peft.get_peft_model(base, config).eval()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_B" in name:
                parameter.normal_(0, 0.05)
    input_ids = load_file(os.path.join(TINY, "inputs.safetensors"))["input_ids"]
    with torch.no_grad():
        logits = model(input_ids=input_ids).logits
    adapter = {k: v.contiguous() for k, v in model.state_dict().items() if ".lora_" in k}
    saved = {k: v.contiguous() for k, v in peft.get_peft_model_state_dict(model).items()}
    with torch.no_grad():
        merged_logits = model.merge_and_unload()(input_ids=input_ids).logits
    os.makedirs(OUT, exist_ok=True)
    save_file(adapter, os.path.join(OUT, "adapter_default.safetensors"))
    save_file(saved, os.path.join(OUT, "adapter_model.safetensors"))
    save_file({"logits": logits, "merged_logits": merged_logits}, os.path.join(OUT, "expected.safetensors"))
    print(f"peft {peft.__version__}, transformers {transformers.__version__}: {len(adapter)} adapter tensors, "
          f"e.g. {sorted(adapter)[0]} and {sorted(saved)[0]}")


if __name__ == "__main__":
    main()
