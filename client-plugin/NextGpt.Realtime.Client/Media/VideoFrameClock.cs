using System;
using System.Collections.Generic;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Client.Media;

/// <summary>
/// Paces generated video frames for playback: frames arrive as they are decoded (faster or slower than real time) and
/// are shown at their presentation timestamps from the moment playback starts. A frame whose time has passed when a newer
/// one is due is skipped; <see cref="ShownFrames"/> records what the player saw (for a barge-in report).
/// </summary>
public sealed class VideoFrameClock
{
    private readonly SortedList<double, VideoFrame> _queue = [];
    private readonly List<int> _shown = [];
    private double? _startSeconds;

    /// <summary>Frames waiting for their time.</summary>
    public int Pending => _queue.Count;

    public IReadOnlyList<int> ShownFrames => _shown;

    public int SkippedFrames { get; private set; }

    public void Add(VideoFrame frame)
    {
        if (frame is null)
        {
            throw new ArgumentNullException(nameof(frame));
        }

        _queue[frame.TimestampMilliseconds] = frame;
    }

    /// <summary>
    /// The frame to display at <paramref name="nowSeconds"/> (any monotonic clock, such as Unity's Time.time), or null to
    /// keep the current one. The first call starts playback.
    /// </summary>
    public VideoFrame? FrameAt(double nowSeconds)
    {
        _startSeconds ??= nowSeconds;
        var elapsedMs = (nowSeconds - _startSeconds.Value) * 1000;
        VideoFrame? due = null;
        while (_queue.Count > 0 && _queue.Keys[0] <= elapsedMs)
        {
            if (due is not null)
            {
                SkippedFrames++;
            }

            due = _queue.Values[0];
            _queue.RemoveAt(0);
        }

        if (due is not null)
        {
            _shown.Add(due.FrameIndex);
        }

        return due;
    }

    /// <summary>Restarts the clock (for a replay); queued frames stay.</summary>
    public void Restart() => _startSeconds = null;
}
