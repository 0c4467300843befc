"""Reference fixtures for the diffusion decoders (tests/Fixtures/diffusion/), made with diffusers 0.17.1 itself.

diffusers 0.17.1 is the version NExT-GPT's legacy code pins (architecture notes section 5). Debian's python3-torch 1.13 runs
it; the library is not part of this repository. Fetch it once (environment.md, "A real PyTorch on every machine"):
    git --git-dir=<fetched huggingface/diffusers> archive v0.17.1 src/diffusers | tar x -C /work/pyref
    (likewise huggingface_hub v0.17.3), then
    PYTHONPATH=/work/pyref/src /usr/bin/python3 tools/reference/make_diffusion_fixtures.py

What it writes (weights are rounded to float16 and stored as F16 so the files stay small; the reference runs in float32 on
exactly those values, so the C# side loads them into float32 and must agree to 1e-4):
    unet-tiny/                 SD-style UNet2DConditionModel (cross-attention, attention_head_dim as a list)
    unet-linear-tiny/          use_linear_projection, only_cross_attention per block, upcast_attention (SD 2 options)
    unet-audioldm-tiny/        AudioLDM-style UNet: class_embed_type simple_projection + class_embeddings_concat, list
                               cross_attention_dim, called with class_labels and encoder_hidden_states=None
    vae-tiny/                  AutoencoderKL: encode (mean, std, seeded sample), decode
    schedulers/<case>/         scheduler_config.json + timesteps, add_noise, scale_model_input and a whole sampling loop
                               driven by a closed-form stand-in for the UNet (isolates the scheduler arithmetic)
    loops/<scheduler>/         the unrolled classifier-free-guidance loop of StableDiffusionPipeline /
                               AudioLDMPipeline.__call__ (0.17.1) with the tiny UNets: seeded initial noise, final
                               latents, every step's latents, and the tiny VAE's decode of the result
    noise.safetensors          torch.Generator(cpu).manual_seed(...) + torch.randn draws (seeded-noise parity)
    shapes/*.json              state-dict key -> shape of the real SD 1.5 / AudioLDM-L UNet and VAE configurations, built
                               by diffusers' own classes with parameters placed on the meta device (no 3.4 GB allocation)
"""
import contextlib
import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

from diffusers import (  # noqa: E402
    AutoencoderKL,
    DDIMScheduler,
    DPMSolverMultistepScheduler,
    EulerDiscreteScheduler,
    PNDMScheduler,
    UNet2DConditionModel,
)

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "..", "..", "tests", "Fixtures", "diffusion")
CONFIGS = os.path.join(HERE, "..", "..", "server", "NextGpt.Realtime.Modeling", "Decoders", "Diffusion", "Configs")

UNET_TINY = dict(
    sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 32), layers_per_block=1,
    down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
    cross_attention_dim=24, attention_head_dim=[2, 4], norm_num_groups=8)

UNET_LINEAR_TINY = dict(
    sample_size=8, in_channels=4, out_channels=4, block_out_channels=(8, 16), layers_per_block=1,
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
    cross_attention_dim=12, attention_head_dim=2, norm_num_groups=4, use_linear_projection=True,
    only_cross_attention=[True, False], upcast_attention=True, flip_sin_to_cos=False, freq_shift=1)

UNET_AUDIOLDM_TINY = dict(
    sample_size=8, in_channels=8, out_channels=8, block_out_channels=(16, 32), layers_per_block=1,
    down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
    cross_attention_dim=[16, 32], class_embed_type="simple_projection", projection_class_embeddings_input_dim=12,
    class_embeddings_concat=True, norm_num_groups=8)

VAE_TINY = dict(
    in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
    up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"), block_out_channels=(8, 16), layers_per_block=1,
    latent_channels=4, norm_num_groups=4, sample_size=16)

# Scheduler configurations as the checkpoints write them (SD 1.5 scheduler_config.json; AudioLDM's DDIM from
# scripts/convert_original_audioldm_to_diffusers.py; SD 2's Euler v-prediction) plus variants that reach the other branches.
SD15 = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000)
AUDIOLDM = dict(beta_start=0.0015, beta_end=0.0195, beta_schedule="scaled_linear", num_train_timesteps=1000)
SCHEDULER_CASES = {
    "pndm-sd15": (PNDMScheduler, dict(SD15, skip_prk_steps=True, set_alpha_to_one=False, steps_offset=1)),
    "pndm-prk-linear": (PNDMScheduler, dict(beta_schedule="linear", skip_prk_steps=False)),
    "pndm-v-cosine": (PNDMScheduler, dict(beta_schedule="squaredcos_cap_v2", skip_prk_steps=True,
                                          prediction_type="v_prediction", set_alpha_to_one=True)),
    "ddim-audioldm": (DDIMScheduler, dict(AUDIOLDM, steps_offset=1, clip_sample=False, set_alpha_to_one=False)),
    "ddim-trailing-v": (DDIMScheduler, dict(SD15, timestep_spacing="trailing", prediction_type="v_prediction",
                                            clip_sample=True, set_alpha_to_one=True)),
    "ddim-zero-snr-sample": (DDIMScheduler, dict(SD15, rescale_betas_zero_snr=True, prediction_type="sample",
                                                 clip_sample=True, clip_sample_range=1.5, steps_offset=1)),
    "euler-sd15": (EulerDiscreteScheduler, dict(SD15)),
    "euler-v-linear": (EulerDiscreteScheduler, dict(beta_schedule="linear", prediction_type="v_prediction")),
    "dpm-sd15": (DPMSolverMultistepScheduler, dict(SD15)),
    "dpm-heun-v": (DPMSolverMultistepScheduler, dict(SD15, solver_type="heun", prediction_type="v_prediction")),
    "dpm-order3-dpmsolver": (DPMSolverMultistepScheduler, dict(beta_schedule="linear", solver_order=3,
                                                                algorithm_type="dpmsolver")),
    "dpm-order1-sample": (DPMSolverMultistepScheduler, dict(SD15, solver_order=1, prediction_type="sample")),
}
STEP_COUNTS = (10, 25)


def perturb(model, seed):
    """Random init leaves norms at 1/0; move every parameter off its init so wrong key mapping cannot pass unnoticed,
    then round to float16 so the F16 file holds exactly the values the reference uses."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.ndim == 1 and ("norm" in name) and name.endswith("weight"):
                p.copy_(torch.rand(p.shape, generator=generator) + 0.5)
            elif name.endswith("bias"):
                p.copy_(torch.randn(p.shape, generator=generator) * 0.1)
            else:
                p.add_(torch.randn(p.shape, generator=generator) * 0.02)
            p.copy_(p.half().float())


def save_model(model, folder):
    os.makedirs(folder, exist_ok=True)
    model.save_config(folder)
    safetensors_io.save(os.path.join(folder, "diffusion_pytorch_model.safetensors"),
                        {k: v.half() for k, v in model.state_dict().items()})


def unet_fixture(name, config, seed, class_dim=None):
    torch.manual_seed(seed)
    unet = UNet2DConditionModel(**config).eval()
    perturb(unet, seed)
    folder = os.path.join(OUT, name)
    save_model(unet, os.path.join(folder, "model"))
    g = torch.Generator().manual_seed(seed + 1)
    channels = config["in_channels"]
    inputs = {
        "sample": torch.randn(2, channels, 8, 8, generator=g),
        "sample_odd": torch.randn(1, channels, 7, 9, generator=g),
        "timestep": torch.tensor(981, dtype=torch.int64),
        "timestep_float": torch.tensor(412.25, dtype=torch.float64),
    }
    kwargs = {}
    if class_dim is None:
        inputs["encoder_hidden_states"] = torch.randn(2, 5, config["cross_attention_dim"], generator=g)
    else:
        inputs["class_labels"] = torch.nn.functional.normalize(torch.randn(2, class_dim, generator=g), dim=-1)
    with torch.no_grad():
        def run(sample, t, rows):
            enc = inputs.get("encoder_hidden_states")
            labels = inputs.get("class_labels")
            return unet(sample, t, encoder_hidden_states=None if enc is None else enc[:rows],
                        class_labels=None if labels is None else labels[:rows]).sample
        expected = {
            "sample": run(inputs["sample"], inputs["timestep"], 2),
            "sample_float_timestep": run(inputs["sample"], inputs["timestep_float"], 2),
            "sample_odd": run(inputs["sample_odd"], inputs["timestep"], 1),
        }
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"), inputs)
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), expected)
    return unet


def vae_fixture(seed):
    torch.manual_seed(seed)
    vae = AutoencoderKL(**VAE_TINY).eval()
    perturb(vae, seed)
    folder = os.path.join(OUT, "vae-tiny")
    save_model(vae, os.path.join(folder, "model"))
    g = torch.Generator().manual_seed(seed + 1)
    image = torch.rand(2, 3, 16, 16, generator=g) * 2 - 1
    latents = torch.randn(2, 4, 8, 8, generator=g)
    odd_image = torch.rand(1, 3, 15, 13, generator=g) * 2 - 1
    with torch.no_grad():
        posterior = vae.encode(image).latent_dist
        sample = posterior.sample(generator=torch.Generator().manual_seed(1234))
        expected = {
            "mean": posterior.mean, "logvar": posterior.logvar, "std": posterior.std, "sample_seed_1234": sample,
            "decoded": vae.decode(latents).sample, "odd_mean": vae.encode(odd_image).latent_dist.mean,
        }
    safetensors_io.save(os.path.join(folder, "inputs.safetensors"),
                        {"image": image, "latents": latents, "odd_image": odd_image})
    safetensors_io.save(os.path.join(folder, "expected.safetensors"), expected)
    return vae


def stand_in_model(sample, t):
    """A closed-form 'noise prediction' so scheduler loops test only the scheduler (both sides compute it identically)."""
    return torch.tanh(sample) * 0.5 + 0.001 * float(t)


def scheduler_fixtures():
    g = torch.Generator().manual_seed(7)
    start = torch.randn(1, 4, 6, 6, generator=g)
    original = torch.randn(2, 4, 6, 6, generator=g)
    noise = torch.randn(2, 4, 6, 6, generator=g)
    for case, (cls, config) in SCHEDULER_CASES.items():
        folder = os.path.join(OUT, "schedulers", case)
        os.makedirs(folder, exist_ok=True)
        cls(**config).save_config(folder)
        tensors = {"start": start, "original": original, "noise": noise}
        for steps in STEP_COUNTS:
            scheduler = cls.from_pretrained(folder)
            scheduler.set_timesteps(steps)
            timesteps = scheduler.timesteps
            tensors[f"timesteps_{steps}"] = timesteps.clone()
            tensors[f"add_noise_{steps}"] = scheduler.add_noise(original, noise, timesteps[[0, len(timesteps) // 2]])
            sample = start * scheduler.init_noise_sigma
            trajectory = []
            for i, t in enumerate(timesteps):
                model_input = scheduler.scale_model_input(sample, t)
                if i == 0:
                    tensors[f"scaled_input_{steps}"] = model_input
                output = scheduler.step(stand_in_model(model_input, t), t, sample)
                sample = output.prev_sample
                trajectory.append(sample)
            tensors[f"trajectory_{steps}"] = torch.stack(trajectory)
            tensors[f"final_{steps}"] = sample
        safetensors_io.save(os.path.join(folder, "expected.safetensors"), tensors)


def loop_fixtures(unet, audio_unet, vae):
    """StableDiffusionPipeline.__call__ / AudioLDMPipeline.__call__ steps 4-8 (0.17.1), with embeddings given."""
    cases = {
        "pndm": SCHEDULER_CASES["pndm-sd15"], "ddim": SCHEDULER_CASES["ddim-audioldm"],
        "euler": SCHEDULER_CASES["euler-sd15"], "dpm": SCHEDULER_CASES["dpm-sd15"],
    }
    g = torch.Generator().manual_seed(99)
    prompt_embeds = torch.randn(1, 5, UNET_TINY["cross_attention_dim"], generator=g)
    negative_embeds = torch.randn(1, 5, UNET_TINY["cross_attention_dim"], generator=g)
    class_labels = torch.nn.functional.normalize(torch.randn(1, 12, generator=g), dim=-1)
    negative_labels = torch.nn.functional.normalize(torch.randn(1, 12, generator=g), dim=-1)
    steps, guidance, seed = 10, 7.5, 2024
    for name, (cls, config) in cases.items():
        folder = os.path.join(OUT, "loops", name)
        os.makedirs(folder, exist_ok=True)
        scheduler = cls(**config)
        scheduler.save_config(folder)
        for kind, model, channels, cond in (("image", unet, 4, (negative_embeds, prompt_embeds)),
                                            ("audio", audio_unet, 8, (negative_labels, class_labels))):
            scheduler = cls(**config)
            scheduler.set_timesteps(steps)
            generator = torch.Generator().manual_seed(seed)
            latents = torch.randn((1, channels, 8, 8), generator=generator) * scheduler.init_noise_sigma
            initial = latents.clone()
            embeds = torch.cat(cond)
            trajectory = []
            with torch.no_grad():
                for t in scheduler.timesteps:
                    model_input = scheduler.scale_model_input(torch.cat([latents] * 2), t)
                    if kind == "image":
                        noise_pred = model(model_input, t, encoder_hidden_states=embeds).sample
                    else:
                        noise_pred = model(model_input, t, encoder_hidden_states=None, class_labels=embeds).sample
                    uncond, text = noise_pred.chunk(2)
                    noise_pred = uncond + guidance * (text - uncond)
                    latents = scheduler.step(noise_pred, t, latents).prev_sample
                    trajectory.append(latents)
                tensors = {"initial_latents": initial, "timesteps": scheduler.timesteps.clone(),
                           "trajectory": torch.stack(trajectory), "latents": latents}
                if kind == "image":
                    image = vae.decode(latents / vae.config.scaling_factor).sample
                    tensors["image"] = (image / 2 + 0.5).clamp(0, 1)
                    tensors["prompt_embeds"], tensors["negative_prompt_embeds"] = prompt_embeds, negative_embeds
                else:
                    tensors["class_labels"], tensors["negative_class_labels"] = class_labels, negative_labels
            safetensors_io.save(os.path.join(folder, f"{kind}.safetensors"), tensors,
                                metadata={"steps": steps, "guidance_scale": guidance, "seed": seed})


def noise_fixture():
    tensors = {}
    for seed, shape in ((0, (1, 4, 8, 8)), (42, (2, 3)), (2024, (1, 8, 8, 8)), (123456789, (3, 17))):
        generator = torch.Generator().manual_seed(seed)
        tensors[f"randn_{seed}"] = torch.randn(shape, generator=generator)
        tensors[f"randn_{seed}_second"] = torch.randn(shape, generator=generator)
    safetensors_io.save(os.path.join(OUT, "noise.safetensors"), tensors)


@contextlib.contextmanager
def parameters_on_meta():
    """Like accelerate's init_empty_weights: every parameter is moved to the meta device as it is registered."""
    register = nn.Module.register_parameter

    def on_meta(module, name, param):
        register(module, name, param)
        if param is not None:
            module._parameters[name] = nn.Parameter(param.to("meta"), requires_grad=param.requires_grad)

    nn.Module.register_parameter = on_meta
    try:
        yield
    finally:
        nn.Module.register_parameter = register


def shape_lists():
    folder = os.path.join(OUT, "shapes")
    os.makedirs(folder, exist_ok=True)
    for name, cls in (("sd15-unet", UNet2DConditionModel), ("sd15-vae", AutoencoderKL),
                      ("audioldm-l-unet", UNet2DConditionModel), ("audioldm-l-vae", AutoencoderKL)):
        with open(os.path.join(CONFIGS, f"{name}.json")) as f:
            config = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
        with parameters_on_meta():
            model = cls(**config)
        shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
        lines = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in shapes.items())
        with open(os.path.join(folder, f"{name}.json"), "w") as f:
            f.write(f'{{\n  "parameters": {sum(math.prod(s) for s in shapes.values())},\n  "shapes": {{\n{lines}\n  }}\n}}\n')


def main():
    unet = unet_fixture("unet-tiny", UNET_TINY, 11)
    unet_fixture("unet-linear-tiny", UNET_LINEAR_TINY, 12)
    audio_unet = unet_fixture("unet-audioldm-tiny", UNET_AUDIOLDM_TINY, 13, class_dim=12)
    vae = vae_fixture(14)
    scheduler_fixtures()
    loop_fixtures(unet, audio_unet, vae)
    noise_fixture()
    shape_lists()


if __name__ == "__main__":
    main()
