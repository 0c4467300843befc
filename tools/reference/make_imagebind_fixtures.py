"""Reference fixtures for the ImageBind vision and audio encoders, made by ImageBind's own model classes.

ImageBind's code is not committed: fetch facebookresearch/ImageBind (HEAD 53680b0 was used) and unpack its package, e.g.
    git --git-dir=<fetched ImageBind repo> archive HEAD imagebind | tar x -C /tmp/imagebind-src
then run
    IMAGEBIND_SRC=/tmp/imagebind-src /usr/bin/python3 tools/reference/make_imagebind_fixtures.py          (fixtures)
    IMAGEBIND_SRC=/tmp/imagebind-src /usr/bin/python3 tools/reference/make_imagebind_fixtures.py --huge  (key list)
    IMAGEBIND_SRC=... python3 tools/reference/make_imagebind_fixtures.py --check  (recompute from the committed weights and
        inputs and print the largest difference to the committed outputs; run where timm and einops are installed, it
        checks the stand-ins below)

Debian's python3-torch has no timm, einops, ftfy or iopath. The model files import them at module level, so where one is
missing this script registers a small stand-in before importing (where it is installed, the real package is used): timm.layers.DropPath (identity at eval, the stochastic depth of timm otherwise)
and trunc_normal_ (torch.nn.init.trunc_normal_, the same signature and algorithm), einops.rearrange for the two
expressions ImageBind's trunks use ("b l d -> l b d", "l b d -> b l d", both a transpose of the first two axes), and empty
ftfy/iopath modules (used only by the text tokenizer). imagebind/__init__.py imports data.py (pytorchvideo, torchaudio
decoding) and is bypassed by registering the package path directly; the model itself is ImageBind's, unchanged.

NExT-GPT's legacy copy of imagebind_model.py applies only modality_postprocessors['audio'][0] (L2 normalisation, no
logit scale of 20); the script reproduces that by replacing the audio postprocessor with its first element.

Writes, under tests/Fixtures/imagebind/:
  model/config.json, model/model.safetensors   a tiny ImageBindModel (vision 32-d/2 blocks/4 heads, audio 24-d/2 blocks/
      4 heads with bias_kv, out 20), every key of the state dict except the text token table (so the loader's rule that
      skips text/depth/thermal/imu keys and the postprocessors' logit scales is exercised).
  inputs.safetensors    pixel_values (2, 3, 224, 224) images, video_clips (1, 2, 3, 2, 224, 224) two 2-frame clips,
      fbank (2, 1, 128, 204) single clips, fbank_clips (1, 3, 1, 128, 204) three clips. Stored as float16 to keep the
      fixture small; the reference ran on exactly these values in float32.
  expected.safetensors  vision, video, audio, audio_clips: the L2-normalised (B, 20) embeddings; vision_trunk (2, 257, 32)
      and audio_trunk (2, 229, 24): the trunks' outputs, for locating a mismatch.
  imagebind-huge-keys.txt (--huge)  every vision/audio state-dict key of imagebind_huge() with its shape.
"""
import json
import os
import sys
import types

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "imagebind")


def _missing(name):
    try:
        __import__(name)
        return False
    except ImportError:
        return True


def install_stand_ins():
    if _missing("timm.layers"):
        timm = types.ModuleType("timm")
        layers = types.ModuleType("timm.layers")

        class DropPath(nn.Module):
            """timm.layers.DropPath: per-sample stochastic depth in training, identity in eval."""

            def __init__(self, drop_prob=0.0, scale_by_keep=True):
                super().__init__()
                self.drop_prob = drop_prob
                self.scale_by_keep = scale_by_keep

            def forward(self, x):
                if self.drop_prob == 0.0 or not self.training:
                    return x
                keep = 1 - self.drop_prob
                mask = x.new_empty((x.shape[0],) + (1,) * (x.ndim - 1)).bernoulli_(keep)
                return x * (mask / keep if self.scale_by_keep else mask)

        layers.DropPath = DropPath
        layers.trunc_normal_ = torch.nn.init.trunc_normal_
        timm.layers = layers
        sys.modules["timm"], sys.modules["timm.layers"] = timm, layers

    if _missing("einops"):
        einops = types.ModuleType("einops")

        def rearrange(x, expression, **kwargs):
            if expression in ("b l d -> l b d", "l b d -> b l d") and not kwargs:
                return x.transpose(0, 1)
            raise NotImplementedError(expression)

        einops.rearrange = rearrange
        sys.modules["einops"] = einops

    if _missing("ftfy"):
        sys.modules["ftfy"] = types.ModuleType("ftfy")
    if _missing("iopath.common.file_io"):
        iopath = types.ModuleType("iopath")
        common = types.ModuleType("iopath.common")
        file_io = types.ModuleType("iopath.common.file_io")
        file_io.g_pathmgr = None
        iopath.common, common.file_io = common, file_io
        sys.modules.update({"iopath": iopath, "iopath.common": common, "iopath.common.file_io": file_io})

    source = os.environ.get("IMAGEBIND_SRC")
    if not source or not os.path.isdir(os.path.join(source, "imagebind", "models")):
        sys.exit("Set IMAGEBIND_SRC to a folder holding ImageBind's imagebind/ package (see the docstring).")
    package = types.ModuleType("imagebind")
    package.__path__ = [os.path.join(source, "imagebind")]
    sys.modules["imagebind"] = package


TINY = {
    "vision_embed_dim": 32, "vision_num_blocks": 2, "vision_num_heads": 4,
    "audio_embed_dim": 24, "audio_num_blocks": 2, "audio_num_heads": 4,
    "out_embed_dim": 20,
}


def tiny_model(imagebind_model):
    torch.manual_seed(10)  # ImageBind's own initialisers draw from the global generator
    model = imagebind_model.ImageBindModel(
        **TINY,
        text_embed_dim=16, text_num_blocks=1, text_num_heads=4,
        depth_embed_dim=16, depth_num_blocks=1, depth_num_heads=4,
        thermal_embed_dim=16, thermal_num_blocks=1, thermal_num_heads=4,
        imu_embed_dim=16, imu_num_blocks=1, imu_num_heads=4,
    )
    generator = torch.Generator().manual_seed(11)
    with torch.no_grad():
        # ImageBind zeroes biases and sets LayerNorms to identity; perturb them so every term is tested.
        for module in model.modules():
            for name, p in module.named_parameters(recurse=False):
                if isinstance(module, nn.LayerNorm) or "bias" in name:
                    p.add_(torch.randn(p.shape, generator=generator) * 0.1)
    model.eval()
    # NExT-GPT's legacy forward: audio embeddings are only L2-normalised (no logit scale).
    model.modality_postprocessors["audio"] = model.modality_postprocessors["audio"][0]
    return model


def outputs(model, inputs):
    with torch.no_grad():
        expected = {
            "vision": model({"vision": inputs["pixel_values"]})["vision"],
            "video": model({"vision": inputs["video_clips"]})["vision"],
            "audio": model({"audio": inputs["fbank"]})["audio"],
            "audio_clips": model({"audio": inputs["fbank_clips"]})["audio"],
        }
        for modality, key in (("vision", "pixel_values"), ("audio", "fbank")):
            tokens = model.modality_preprocessors[modality](**{modality: inputs[key]})["trunk"]
            expected[f"{modality}_trunk"] = model.modality_trunks[modality](**tokens)
    return expected


def check_fixtures(imagebind_model):
    """Loads the committed weights into a fresh tiny model, reruns the committed inputs, compares with the committed outputs."""
    model = tiny_model(imagebind_model)
    state = safetensors_io.load(os.path.join(ROOT, "model", "model.safetensors"))
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert missing == ["modality_preprocessors.text.token_embedding.weight"] and not unexpected, (missing, unexpected)
    inputs = {k: v.float() for k, v in safetensors_io.load(os.path.join(ROOT, "inputs.safetensors")).items()}
    committed = safetensors_io.load(os.path.join(ROOT, "expected.safetensors"))
    for name, value in outputs(model, inputs).items():
        print(f"{name}: max |recomputed - committed| = {(value - committed[name]).abs().max().item():.3g}")
    import timm, einops  # noqa: E401
    print(f"torch {torch.__version__}, timm {getattr(timm, '__version__', 'stand-in')}, einops {getattr(einops, '__version__', 'stand-in')}")


def make_fixtures(imagebind_model):
    model = tiny_model(imagebind_model)
    generator = torch.Generator().manual_seed(12)
    half = lambda *shape: torch.randn(*shape, generator=generator).half().float()  # noqa: E731
    inputs = {
        "pixel_values": half(2, 3, 224, 224),
        "video_clips": half(1, 2, 3, 2, 224, 224),
        "fbank": half(2, 1, 128, 204),
        "fbank_clips": half(1, 3, 1, 128, 204),
    }
    expected = outputs(model, inputs)
    state = {k: v for k, v in model.state_dict().items() if k != "modality_preprocessors.text.token_embedding.weight"}
    os.makedirs(os.path.join(ROOT, "model"), exist_ok=True)
    with open(os.path.join(ROOT, "model", "config.json"), "w") as f:
        json.dump(TINY, f, indent=2)
    safetensors_io.save(os.path.join(ROOT, "model", "model.safetensors"), state)
    safetensors_io.save(os.path.join(ROOT, "inputs.safetensors"), {k: v.half() for k, v in inputs.items()})
    safetensors_io.save(os.path.join(ROOT, "expected.safetensors"), expected)


def make_huge_keys(imagebind_model):
    """imagebind_huge()'s vision/audio keys and shapes. The initialisers are switched off so the 1.2B parameters are only
    reserved (torch.empty), never written: building takes seconds and little resident memory."""
    skip = lambda tensor, *args, **kwargs: tensor  # noqa: E731
    for name in ("xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "normal_", "uniform_", "constant_",
                 "trunc_normal_", "zeros_", "ones_"):
        setattr(torch.nn.init, name, skip)
    sys.modules["timm.layers"].trunc_normal_ = skip
    model = imagebind_model.imagebind_huge(pretrained=False)
    with open(os.path.join(ROOT, "imagebind-huge-keys.txt"), "w") as f:
        for key, value in model.state_dict().items():
            if ".vision." in key or ".audio." in key:
                if not key.startswith("modality_postprocessors"):
                    f.write(f"{key} {'x'.join(str(d) for d in value.shape)}\n")
    counts = {m: sum(v.numel() for k, v in model.state_dict().items()
                     if f".{m}." in k and not k.startswith("modality_postprocessors")) for m in ("vision", "audio")}
    print(f"imagebind_huge: vision {counts['vision']:,} parameters, audio {counts['audio']:,}")


def main():
    install_stand_ins()
    from imagebind.models import imagebind_model
    os.makedirs(ROOT, exist_ok=True)
    if "--huge" in sys.argv:
        make_huge_keys(imagebind_model)
        return
    if "--check" in sys.argv:
        check_fixtures(imagebind_model)
        return
    make_fixtures(imagebind_model)


if __name__ == "__main__":
    main()
