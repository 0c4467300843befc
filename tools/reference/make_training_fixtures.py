"""Reference values for the training loop's pieces, computed by real PyTorch (Debian python3-torch 1.13).

- adamw.safetensors: two parameters, five steps of gradients and learning rates, and the parameters after each
  torch.optim.AdamW step with NExT-GPT's legacy settings (betas 0.9/0.95, eps 1e-8, weight decay 0.001).
- causal_lm_loss.safetensors: logits, labels with -100 entries, and transformers' shifted cross-entropy.
- ddpm_targets.safetensors: clean latents, eps and timesteps; diffusers' DDPMScheduler (linear betas 1e-4 to 0.02, the
  trained decoders' schedule) add_noise and get_velocity; and the Min-SNR-5 weighted v loss of a fixed prediction as
  diffusers' train_text_to_image.py computes it (weights min(SNR, gamma) / (SNR + 1) for v_prediction).

Run: PYTHONPATH=/work/pyref/src /usr/bin/python3 tools/reference/make_training_fixtures.py (diffusers 0.17.1 from a fetched
copy, as make_diffusion_fixtures.py explains).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from safetensors_io import save  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "training")


def adamw():
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(4, 3))
    b = torch.nn.Parameter(torch.randn(3))
    tensors = {"param.w": w.detach().clone(), "param.b": b.detach().clone()}
    optimizer = torch.optim.AdamW([w, b], lr=1e-3, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.001)
    rates = [1e-3, 5e-3, 2e-2, 1e-2, 3e-3]
    for step, rate in enumerate(rates):
        for group in optimizer.param_groups:
            group["lr"] = rate
        w.grad = torch.randn(4, 3)
        b.grad = torch.randn(3) * 10
        tensors[f"grad.{step}.w"] = w.grad.clone()
        tensors[f"grad.{step}.b"] = b.grad.clone()
        optimizer.step()
        tensors[f"expected.{step}.w"] = w.detach().clone()
        tensors[f"expected.{step}.b"] = b.detach().clone()
    tensors["lr"] = torch.tensor(rates, dtype=torch.float64)
    save(os.path.join(OUT, "adamw.safetensors"), tensors)


def causal_lm_loss():
    torch.manual_seed(1)
    logits = torch.randn(2, 6, 11)
    labels = torch.randint(0, 11, (2, 6))
    labels[0, :3] = -100
    labels[1, 4:] = -100
    shifted = torch.nn.functional.cross_entropy(
        logits[:, :-1, :].reshape(-1, 11), labels[:, 1:].reshape(-1), ignore_index=-100)
    save(os.path.join(OUT, "causal_lm_loss.safetensors"), {"logits": logits, "labels": labels, "loss": shifted.reshape(1)})


def ddpm_targets():
    from diffusers import DDPMScheduler

    torch.manual_seed(2)
    scheduler = DDPMScheduler(num_train_timesteps=1000, beta_start=0.0001, beta_end=0.02, beta_schedule="linear")
    clean = torch.randn(5, 4, 3, 3) * 3
    noise = torch.randn(5, 4, 3, 3)
    timesteps = torch.tensor([0, 17, 250, 731, 999], dtype=torch.int64)
    predicted = torch.randn(5, 4, 3, 3)
    noisy = scheduler.add_noise(clean, noise, timesteps)
    velocity = scheduler.get_velocity(clean, noise, timesteps)
    alphas_cumprod = scheduler.alphas_cumprod[timesteps]
    snr = alphas_cumprod / (1 - alphas_cumprod)
    weights = torch.stack([snr, 5.0 * torch.ones_like(snr)], dim=1).min(dim=1)[0] / (snr + 1)
    loss = torch.nn.functional.mse_loss(predicted, velocity, reduction="none").mean(dim=[1, 2, 3]) * weights
    save(os.path.join(OUT, "ddpm_targets.safetensors"), {
        "clean": clean, "noise": noise, "timesteps": timesteps, "predicted": predicted,
        "noisy": noisy, "velocity": velocity, "loss": loss.mean().reshape(1)})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    adamw()
    causal_lm_loss()
    ddpm_targets()
