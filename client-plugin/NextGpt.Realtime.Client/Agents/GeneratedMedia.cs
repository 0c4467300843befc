using System;
using System.Collections.Generic;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.Agents;

/// <summary>
/// One generated medium of a turn (a part), assembled from its events: the latest image preview and the final image,
/// the audio as contiguous PCM16 (chunks placed by their first sample, so a gap stays silent rather than shifting time),
/// the video frames in order.
/// </summary>
public sealed class GeneratedMedia
{
    private readonly List<VideoFrame> _frames = [];
    private byte[] _pcm = [];
    private int _pcmLength;

    internal GeneratedMedia(MediaStarted started)
    {
        PartId = started.PartId;
        Modality = started.Modality;
        Width = started.Width;
        Height = started.Height;
        FrameCount = started.FrameCount;
        Rate = started.Rate;
    }

    public int PartId { get; }

    public Modality Modality { get; }

    public int Width { get; }

    public int Height { get; }

    public int FrameCount { get; }

    /// <summary>Frames per second of a clip or samples per second of audio.</summary>
    public int Rate { get; }

    /// <summary>The newest preview PNG while denoising (null before the first).</summary>
    public byte[]? LatestPreviewPng { get; private set; }

    public int LatestPreviewStep { get; private set; }

    /// <summary>The final PNG of an image part.</summary>
    public byte[]? Png { get; private set; }

    public long Seed { get; private set; }

    /// <summary>Audio received so far, PCM16 little-endian mono at <see cref="SampleRate"/>.</summary>
    public byte[] Pcm16 => _pcm.AsSpan(0, _pcmLength).ToArray();

    public int SampleRate { get; private set; }

    public IReadOnlyList<VideoFrame> Frames => _frames;

    public bool IsCompleted { get; private set; }

    public double Milliseconds { get; private set; }

    internal void Apply(TurnEvent turnEvent)
    {
        switch (turnEvent)
        {
            case ImagePreview preview when preview.Step >= LatestPreviewStep:
                LatestPreviewPng = preview.Png;
                LatestPreviewStep = preview.Step;
                break;
            case ImageCompleted image:
                Png = image.Png;
                Seed = image.Seed;
                break;
            case AudioChunk chunk:
                AppendAudio(chunk);
                break;
            case VideoFrame frame:
                var index = _frames.FindLastIndex(f => f.FrameIndex < frame.FrameIndex);
                _frames.Insert(index + 1, frame);
                break;
            case MediaCompleted completed:
                IsCompleted = true;
                Milliseconds = completed.Milliseconds;
                break;
        }
    }

    private void AppendAudio(AudioChunk chunk)
    {
        if (chunk.Pcm16.Length % 2 != 0 || chunk.FirstSample < 0)
        {
            throw new InvalidOperationException($"Malformed audio chunk (part {chunk.PartId}, sequence {chunk.Sequence}).");
        }

        SampleRate = chunk.SampleRate;
        var offset = checked((int)(chunk.FirstSample * 2));
        var end = offset + chunk.Pcm16.Length;
        if (end > _pcm.Length)
        {
            Array.Resize(ref _pcm, Math.Max(end, _pcm.Length * 2));
        }

        Buffer.BlockCopy(chunk.Pcm16, 0, _pcm, offset, chunk.Pcm16.Length);
        _pcmLength = Math.Max(_pcmLength, end);
    }
}
