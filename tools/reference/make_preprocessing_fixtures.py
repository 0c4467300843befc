"""Reference fixtures for ImageBind's preprocessing (NExT-GPT's ImageBind/data.py), made with the real libraries:
PIL 9.4 + torchvision 0.14 (images), torchaudio 0.13 (WAV loading, resampling, Kaldi fbank), torch 1.13 (video transform).

Writes tests/Fixtures/preprocessing/:
  images/*.png, photo.jpg        inputs (synthetic, small; PNG is lossless so C# and PIL decode the same bytes)
  images/expected/*.png          PIL's own bytes, stored losslessly as PNG: `{name}.decoded.png` as PIL decodes the input
                                 (convert("RGB")), `{name}.cropped.png` after Resize(224, BICUBIC) + CenterCrop(224)
  images.safetensors             `down_wide.pixel_values` (3, 224, 224) after ToTensor + Normalize (the encoder's input)
  audio/*.wav                    inputs: espeak-ng speech (22.05 kHz), a stereo 44.1 kHz tone pair, PCM variants
  audio.safetensors              torchaudio.load output per wav (`{name}.waveform`), resample outputs, kaldi fbank
                                 with ImageBind's arguments (`{name}.fbank`), the full audio transform (`{name}.clips`)
  video/testsrc.mkv + video.safetensors  ImageBind's video transform on frames ffmpeg decodes as rgb24 (decord is not
                                 installable here), with a small crop size to keep the fixture small

ImageBind's audio/video pipeline code (data.py, pytorchvideo's ConstantClipsPerVideoSampler, UniformTemporalSubsample,
ShortSideScale, decord's get_clip index rule) is restated below in a few lines each; the transforms themselves are the
real torchvision / torchaudio / torch functions.

Run: /usr/bin/python3 tools/reference/make_preprocessing_fixtures.py   (needs espeak-ng, sox, ffmpeg on PATH)
"""
import math
import os
import subprocess
import sys
import wave
from fractions import Fraction

import numpy as np
import torch
import torchaudio
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fixtures", "preprocessing")
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


# ---------------------------------------------------------------------------------------------------------------- images
def synthetic_image(width, height, seed):
    """Gradients, hard edges, a disc and a little noise: exercises the filter's overshoot and clipping."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / max(width - 1, 1)
    g = 255 * ((x // 7 + y // 5) % 2)
    b = 255 * (((x - width / 2) ** 2 + (y - height / 3) ** 2) < (min(width, height) / 3) ** 2)
    img = np.stack([r, g, b], axis=-1)
    img[:40, :40] += rng.integers(-40, 41, size=img[:40, :40].shape)  # a noisy corner (kept small: PNG size)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


IMAGE_SIZES = {
    "down_wide": (317, 211),  # downscale, landscape, odd sizes, odd crop offset
    "down_tall": (240, 401),  # downscale, portrait
    "up_small": (61, 97),  # upscale by ~3.7
    "square": (224, 224),  # identity resize
    "up_slight": (400, 223),  # short side one below 224
    "big": (700, 600),  # downscale by ~2.7 (wide kernel)
}


def make_images(out):
    folder = os.path.join(ROOT, "images")
    expected = os.path.join(folder, "expected")
    os.makedirs(expected, exist_ok=True)
    resize_crop = transforms.Compose(
        [transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC), transforms.CenterCrop(224)]
    )
    normalize = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean=CLIP_MEAN, std=CLIP_STD)])
    names = []
    for seed, (name, (w, h)) in enumerate(IMAGE_SIZES.items()):
        path = os.path.join(folder, name + ".png")
        synthetic_image(w, h, seed).save(path)
        names.append((name, path))
    # A JPEG (4:2:0 chroma subsampling, PIL's default) and a grey PNG and an RGBA PNG for convert("RGB").
    photo = os.path.join(folder, "photo.jpg")
    synthetic_image(300, 200, 42).save(photo, quality=90)
    names.append(("photo", photo))
    grey = os.path.join(folder, "grey.png")
    synthetic_image(150, 170, 7).convert("L").save(grey)
    names.append(("grey", grey))
    rgba = os.path.join(folder, "rgba.png")
    rgba_img = synthetic_image(190, 160, 8).convert("RGBA")
    rgba_img.putalpha(Image.fromarray((np.arange(190 * 160).reshape(160, 190) % 256).astype(np.uint8)))
    rgba_img.save(rgba)
    names.append(("rgba", rgba))
    for name, path in names:
        with open(path, "rb") as f:
            image = Image.open(f).convert("RGB")  # exactly data.py
        if name in ("up_small", "photo", "grey", "rgba"):
            image.save(os.path.join(expected, name + ".decoded.png"))
        cropped = resize_crop(image)
        cropped.save(os.path.join(expected, name + ".cropped.png"))
        if name == "down_wide":
            out[name + ".pixel_values"] = normalize(cropped)


# ----------------------------------------------------------------------------------------------------------------- audio
def clip_timepoints(duration, clip_duration, clips_per_video):
    """pytorchvideo ConstantClipsPerVideoSampler, driven as data.py's get_clip_timepoints drives it."""
    clips, index = [], 0
    while True:
        max_start = Fraction(max(duration - clip_duration, 0))
        uniform = Fraction(max_start, max(clips_per_video - 1, 1))
        start = uniform * index
        clips.append((start, start + clip_duration))
        index += 1
        if index >= clips_per_video or uniform * index > max_start:
            return clips


def waveform2melspec(waveform, sample_rate, num_mel_bins, target_length):
    """data.py waveform2melspec, without the logging; `waveform -= mean` is in place, as there."""
    waveform -= waveform.mean()
    fbank = imagebind_fbank(waveform, sample_rate, num_mel_bins)
    fbank = fbank.transpose(0, 1)
    p = target_length - fbank.size(1)
    if p > 0:
        fbank = torch.nn.functional.pad(fbank, (0, p), mode="constant", value=0)
    elif p < 0:
        fbank = fbank[:, 0:target_length]
    return fbank.unsqueeze(0)


def imagebind_fbank(waveform, sample_rate=16000, num_mel_bins=128):
    return torchaudio.compliance.kaldi.fbank(
        waveform, htk_compat=True, sample_frequency=sample_rate, use_energy=False, window_type="hanning",
        num_mel_bins=num_mel_bins, dither=0.0, frame_length=25, frame_shift=10)


def load_and_transform_audio(path, sample_rate=16000, clip_duration=2, clips_per_video=3, mean=-4.268, std=9.138):
    """data.py load_and_transform_audio_data for one file (clips are views of `waveform`, so the in-place mean
    removal of one clip shows in the next where they overlap)."""
    waveform, sr = torchaudio.load(path)
    if sample_rate != sr:
        waveform = torchaudio.functional.resample(waveform, orig_freq=sr, new_freq=sample_rate)
    clips = []
    for start, end in clip_timepoints(waveform.size(1) / sample_rate, clip_duration, clips_per_video):
        clip = waveform[:, int(start * sample_rate): int(end * sample_rate)]
        clips.append(waveform2melspec(clip, sample_rate, 128, 204))
    normalize = transforms.Normalize(mean=mean, std=std)
    return torch.stack([normalize(c) for c in clips], dim=0)


def write_wav16(path, rate, channels):
    data = np.stack(channels, axis=1)
    pcm = np.clip(np.round(data * 32767), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def make_audio(out):
    folder = os.path.join(ROOT, "audio")
    os.makedirs(folder, exist_ok=True)
    speech = os.path.join(folder, "speech.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", speech,
                    "The quick brown fox jumps over the lazy dog, then it sleeps."], check=True)
    # Stereo 44.1 kHz, 2.3 s (the three clips overlap): different tones per channel (fbank reads channel 0 after the mean of both is removed).
    t = np.arange(int(44100 * 2.3)) / 44100
    stereo = os.path.join(folder, "tones_stereo.wav")
    write_wav16(stereo, 44100, [0.4 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 3000 * t) + 0.05,
                                0.3 * np.sin(2 * np.pi * 1234 * t) - 0.1])
    # 16 kHz mono chirp, 1.5 s: shorter than a clip, so the three clips coincide and are zero-padded.
    t16 = np.arange(24000) / 16000
    chirp = os.path.join(folder, "chirp16k.wav")
    write_wav16(chirp, 16000, [0.5 * np.sin(2 * np.pi * (100 + 2000 * t16) * t16)])
    for name, path in (("speech", speech), ("tones_stereo", stereo), ("chirp16k", chirp)):
        waveform, sr = torchaudio.load(path)
        if name == "chirp16k":
            out[name + ".waveform"] = waveform
        resampled = torchaudio.functional.resample(waveform, sr, 16000) if sr != 16000 else waveform
        out[name + ".resampled"] = resampled
        mono = resampled[:1].clone()
        mono -= mono.mean()
        out[name + ".fbank"] = imagebind_fbank(mono)  # (frames, 128): what `nextgpt forward fbank` writes
        out[name + ".clips"] = load_and_transform_audio(path)  # (3, 1, 128, 204)
    # PCM encodings torchaudio.load normalises: 8-bit unsigned, 24-bit, 32-bit int, 32-bit float (made by sox).
    short = os.path.join(folder, "short.wav")
    subprocess.run(["sox", speech, "-r", "11025", short, "trim", "0", "0.25"], check=True)
    for name, args in (("u8", ["-b", "8", "-e", "unsigned-integer"]), ("s24", ["-b", "24"]),
                       ("s32", ["-b", "32", "-e", "signed-integer"]), ("f32", ["-b", "32", "-e", "floating-point"])):
        path = os.path.join(folder, f"short_{name}.wav")
        subprocess.run(["sox", short, *args, path, "vol", "0.9"], check=True)
        out[f"short_{name}.waveform"] = torchaudio.load(path)[0]
    # Resampling on its own, at the rates uploads come in (a 0.2 s two-tone signal).
    t = np.arange(int(0.2 * 48000)) / 48000
    for rate in (8000, 22050, 44100, 48000, 12345):
        n = int(0.2 * rate)
        x = torch.from_numpy((0.5 * np.sin(2 * np.pi * 300 * np.arange(n) / rate)
                              + 0.2 * np.sin(2 * np.pi * 3700 * np.arange(n) / rate)).astype(np.float32))[None]
        out[f"resample_{rate}.input"] = x
        out[f"resample_{rate}.output"] = torchaudio.functional.resample(x, rate, 16000)


# ----------------------------------------------------------------------------------------------------------------- video
def ffmpeg_frames(path):
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=width,height,avg_frame_rate", "-of", "csv=p=0", path],
                           check=True, capture_output=True, text=True).stdout.strip().split(",")
    width, height = int(probe[0]), int(probe[1])
    num, den = probe[2].split("/")
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)
    return torch.from_numpy(frames.copy()), float(num) / float(den)


def short_side_scale(x, size):
    c, t, h, w = x.shape
    if w < h:
        new_h, new_w = int(math.floor((float(h) / w) * size)), size
    else:
        new_h, new_w = size, int(math.floor((float(w) / h) * size))
    return torch.nn.functional.interpolate(x, size=(new_h, new_w), mode="bilinear", align_corners=False)


def uniform_crop(images, size, spatial_idx):
    height, width = images.shape[2], images.shape[3]
    y_offset = int(math.ceil((height - size) / 2))
    x_offset = int(math.ceil((width - size) / 2))
    if height > width:
        y_offset = 0 if spatial_idx == 0 else (height - size if spatial_idx == 2 else y_offset)
    else:
        x_offset = 0 if spatial_idx == 0 else (width - size if spatial_idx == 2 else x_offset)
    return images[:, :, y_offset: y_offset + size, x_offset: x_offset + size]


def video_transform(frames, fps, size, clip_duration=2, clips_per_video=5):
    """data.py load_and_transform_video_data on decoded frames (T, H, W, 3) uint8, decord's get_clip index rule."""
    duration = float(len(frames)) / float(fps)
    clips, indices = [], []
    for start, end in clip_timepoints(duration, clip_duration, clips_per_video):
        first = math.ceil(fps * start)
        last = min(math.ceil(fps * end), len(frames))
        clip = frames[first:last].to(torch.float32).permute(3, 0, 1, 2)  # (C, T, H, W)
        t = clip.shape[1]
        picked = torch.clamp(torch.linspace(0, t - 1, clip_duration), 0, t - 1).long()
        indices.append((first + picked).tolist())
        clip = torch.index_select(clip, 1, picked) / 255.0
        clip = short_side_scale(clip, size)
        mean = torch.as_tensor(CLIP_MEAN)[:, None, None, None]
        std = torch.as_tensor(CLIP_STD)[:, None, None, None]
        clips.append((clip - mean) / std)
    return torch.stack([uniform_crop(c, size, i) for c in clips for i in (0, 1, 2)]), torch.tensor(indices)


def make_video(out):
    folder = os.path.join(ROOT, "video")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "testsrc.mkv")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=7:size=96x64:rate=12",
                    "-c:v", "ffv1", path], check=True)
    frames, fps = ffmpeg_frames(path)
    out["testsrc.frame0"] = frames[0]
    out["testsrc.frame_count"] = torch.tensor([len(frames)])
    clips, indices = video_transform(frames, fps, size=32)
    out["testsrc.clips32"] = clips  # (15, 3, 2, 32, 32)
    out["testsrc.frame_indices"] = indices  # (5, 2)
    # A portrait video (height > width: crops go top/centre/bottom), 1.5 s (shorter than a clip).
    tall = os.path.join(folder, "tall.mkv")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=duration=1.5:size=40x72:rate=10",
                    "-c:v", "ffv1", tall], check=True)
    frames, fps = ffmpeg_frames(tall)
    clips, indices = video_transform(frames, fps, size=24)
    out["tall.clips24"] = clips
    out["tall.frame_indices"] = indices


def main():
    torch.manual_seed(0)
    os.makedirs(ROOT, exist_ok=True)
    for name, make in (("images", make_images), ("audio", make_audio), ("video", make_video)):
        out = {}
        make(out)
        safetensors_io.save(os.path.join(ROOT, name + ".safetensors"), out)
        print(name, {k: tuple(v.shape) for k, v in out.items()})


if __name__ == "__main__":
    main()
