"""Reference fixtures for the video decoder (tests/Fixtures/diffusion/), made with diffusers 0.17.1 itself.

Zeroscope v2 576w (NExT-GPT's video decoder) is diffusers' UNet3DConditionModel driven by TextToVideoSDPipeline.
Run as make_diffusion_fixtures.py (whose helpers this script reuses; see its docstring for fetching diffusers):
    PYTHONPATH=/work/pyref/src /usr/bin/python3 tools/reference/make_video_fixtures.py

What it writes (weights rounded to float16 and stored as F16; the reference runs in float32 on exactly those values):
    unet3d-tiny/               UNet3DConditionModel on (2, 4, 3, 8, 8) video latents: integer and fractional timesteps,
                               and a (1, 4, 2, 7, 9) sample whose size is not a multiple of the upsampling
    loops/video-<scheduler>/   TextToVideoSDPipeline.__call__ steps 5-8 (0.17.1) unrolled with prompt_embeds given: seeded
                               initial noise, every step's latents, the final latents, and the frame-by-frame decode of
                               the tiny VAE (vae-tiny, made by make_diffusion_fixtures.py) as output_type="pt" and as the
                               uint8 frames tensor2vid makes
    shapes/zeroscope-v2-576w-unet.json
                               state-dict key -> shape of the real Zeroscope UNet configuration (meta device)
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from make_diffusion_fixtures import CONFIGS, OUT, VAE_TINY, parameters_on_meta, perturb, save_model  # noqa: E402

from diffusers import AutoencoderKL, DDIMScheduler, DPMSolverMultistepScheduler, UNet3DConditionModel  # noqa: E402


def tensor2vid(video):
    """diffusers 0.17.1 pipeline_text_to_video_synth.tensor2vid (its module imports transformers, which is not installed
    here): un-normalise with mean = std = 0.5, clamp to [0, 1], frames side by side per batch row, x 255 truncated to uint8."""
    b, c, f, h, w = video.shape
    frames = (video * 0.5 + 0.5).clamp(0, 1).permute(2, 3, 0, 4, 1).reshape(f, h, b * w, c)
    return [(frame.numpy() * 255).astype("uint8") for frame in frames.unbind(0)]

# The temporal convolutions' GroupNorms have 32 groups whatever norm_num_groups says, so widths are multiples of 32;
# norm_num_groups 8 makes sure the two group counts are not confused.
UNET3D_TINY = dict(
    sample_size=8, in_channels=4, out_channels=4, block_out_channels=(32, 64), layers_per_block=1,
    down_block_types=("CrossAttnDownBlock3D", "DownBlock3D"), up_block_types=("UpBlock3D", "CrossAttnUpBlock3D"),
    cross_attention_dim=16, attention_head_dim=8, norm_num_groups=8)

ZEROSCOPE_SCHEDULER = os.path.join(CONFIGS, "zeroscope-v2-576w-scheduler.json")
SD15 = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000)


def unet3d_fixture(seed):
    torch.manual_seed(seed)
    unet = UNet3DConditionModel(**UNET3D_TINY).eval()
    perturb(unet, seed)
    folder = os.path.join(OUT, "unet3d-tiny")
    save_model(unet, os.path.join(folder, "model"))
    g = torch.Generator().manual_seed(seed + 1)
    inputs = {
        "sample": torch.randn(2, 4, 3, 8, 8, generator=g),
        "sample_odd": torch.randn(1, 4, 2, 7, 9, generator=g),
        "timestep": torch.tensor(981, dtype=torch.int64),
        "timestep_float": torch.tensor(412.25, dtype=torch.float64),
        "encoder_hidden_states": torch.randn(2, 5, UNET3D_TINY["cross_attention_dim"], generator=g),
    }
    with torch.no_grad():
        enc = inputs["encoder_hidden_states"]
        expected = {
            "sample": unet(inputs["sample"], inputs["timestep"], encoder_hidden_states=enc).sample,
            "sample_float_timestep": unet(inputs["sample"], inputs["timestep_float"], encoder_hidden_states=enc).sample,
            "sample_odd": unet(inputs["sample_odd"], inputs["timestep"], encoder_hidden_states=enc[:1]).sample,
        }
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"), inputs)
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), expected)
    return unet


def video_loop_fixtures(unet, vae):
    with open(ZEROSCOPE_SCHEDULER) as f:
        zeroscope = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    cases = {"ddim": (DDIMScheduler, zeroscope), "dpm": (DPMSolverMultistepScheduler, SD15)}
    g = torch.Generator().manual_seed(77)
    prompt_embeds = torch.randn(1, 5, UNET3D_TINY["cross_attention_dim"], generator=g)
    negative_embeds = torch.randn(1, 5, UNET3D_TINY["cross_attention_dim"], generator=g)
    steps, guidance, seed, frames = 8, 7.5, 2024, 3
    for name, (cls, config) in cases.items():
        folder = os.path.join(OUT, "loops", f"video-{name}")
        os.makedirs(folder, exist_ok=True)
        # from_config ignores keys the class does not take (the checkpoint's DDIM file carries PNDM's skip_prk_steps).
        scheduler = cls.from_config(config)
        scheduler.save_config(folder)
        scheduler.set_timesteps(steps)
        # prepare_latents: randn_tensor(shape, generator) on the CPU, times init_noise_sigma.
        generator = torch.Generator().manual_seed(seed)
        latents = torch.randn((1, 4, frames, 8, 8), generator=generator) * scheduler.init_noise_sigma
        initial = latents.clone()
        embeds = torch.cat([negative_embeds, prompt_embeds])
        trajectory = []
        with torch.no_grad():
            for t in scheduler.timesteps:
                model_input = scheduler.scale_model_input(torch.cat([latents] * 2), t)
                noise_pred = unet(model_input, t, encoder_hidden_states=embeds).sample
                uncond, text = noise_pred.chunk(2)
                noise_pred = uncond + guidance * (text - uncond)
                # The pipeline steps the scheduler on frames folded into the batch.
                bsz, channel, nframes, width, height = latents.shape
                flat_latents = latents.permute(0, 2, 1, 3, 4).reshape(bsz * nframes, channel, width, height)
                flat_noise = noise_pred.permute(0, 2, 1, 3, 4).reshape(bsz * nframes, channel, width, height)
                latents = scheduler.step(flat_noise, t, flat_latents).prev_sample
                latents = latents[None, :].reshape(bsz, nframes, channel, width, height).permute(0, 2, 1, 3, 4)
                trajectory.append(latents)
            # decode_latents (0.17.1), then tensor2vid for the uint8 frames.
            scaled = latents / vae.config.scaling_factor
            b, c, f, h, w = scaled.shape
            image = vae.decode(scaled.permute(0, 2, 1, 3, 4).reshape(b * f, c, h, w)).sample
            video = image[None, :].reshape((b, f, -1) + image.shape[2:]).permute(0, 2, 1, 3, 4).float()
            pixels = (video / 2 + 0.5).clamp(0, 1)
            uint8_frames = torch.stack([torch.from_numpy(frame) for frame in tensor2vid(video.clone())])
        tensors = {"initial_latents": initial, "timesteps": scheduler.timesteps.clone(), "trajectory": torch.stack(trajectory),
                   "latents": latents.contiguous(), "video": video.contiguous(), "pixels": pixels.contiguous(),
                   "frames": uint8_frames, "prompt_embeds": prompt_embeds, "negative_prompt_embeds": negative_embeds}
        safetensors_io.save(os.path.join(folder, "video.safetensors"), tensors,
                            metadata={"steps": steps, "guidance_scale": guidance, "seed": seed, "num_frames": frames})


def shape_list():
    folder = os.path.join(OUT, "shapes")
    os.makedirs(folder, exist_ok=True)
    name = "zeroscope-v2-576w-unet"
    with open(os.path.join(CONFIGS, f"{name}.json")) as f:
        config = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    with parameters_on_meta():
        model = UNet3DConditionModel(**config)
    shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
    lines = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in shapes.items())
    with open(os.path.join(folder, f"{name}.json"), "w") as f:
        f.write(f'{{\n  "parameters": {sum(math.prod(s) for s in shapes.values())},\n  "shapes": {{\n{lines}\n  }}\n}}\n')


def main():
    # The oneDNN convolution fault docs/diffusion.md describes also hits PyTorch 1.13 here: with it on, batch-2 runs of
    # this UNet sometimes come out NaN. The native kernels are exact, as in the C# runtime's default.
    torch.backends.mkldnn.enabled = False
    unet = unet3d_fixture(21)
    # The committed tiny VAE (the safetensors package is not installed here, so its file is read with safetensors_io).
    vae = AutoencoderKL(**VAE_TINY).eval()
    weights = safetensors_io.load(os.path.join(OUT, "vae-tiny", "model", "diffusion_pytorch_model.safetensors"))
    vae.load_state_dict({k: v.float() for k, v in weights.items()})
    video_loop_fixtures(unet, vae)
    shape_list()


if __name__ == "__main__":
    main()
