using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NextGpt.Realtime.Contracts.Events;

namespace NextGpt.Realtime.Server.Preview;

/// <summary>
/// The server's recordings of session streams: started and stopped from the /preview page (or by any server code),
/// fed by the hub with every event of a turn it relays (<see cref="Observe"/>, a lock and a list append when a
/// recording runs, a dictionary check when none does), written to MP4 when stopped and kept for download, the oldest
/// files deleted past <see cref="RecordingOptions.MaxFiles"/>. With several server nodes a recording sees the turns
/// that run on its own node.
/// </summary>
public sealed class StreamRecordings(IOptions<RecordingOptions> options, ILogger<StreamRecordings> logger)
{
    private readonly RecordingOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, StreamRecording> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecordedFile> _finished = new(StringComparer.Ordinal);
    private readonly Lock _startLock = new();

    /// <summary>Where finished files are written.</summary>
    public string Folder => string.IsNullOrEmpty(_options.Folder) ? Path.Combine(Path.GetTempPath(), "nextgpt-recordings") : _options.Folder;

    /// <summary>Starts recording <paramref name="sessionId"/>'s stream.</summary>
    /// <exception cref="InvalidOperationException">As many recordings as allowed are already running.</exception>
    public StreamRecording Start(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        lock (_startLock)
        {
            if (_active.Count >= _options.MaxActive)
            {
                throw new InvalidOperationException($"{_active.Count} recordings are running, the most this server allows; stop one first.");
            }

            var recording = new StreamRecording(Guid.NewGuid().ToString("N"), sessionId, TimeSpan.FromSeconds(_options.MaxSeconds), _options.MaxBytes);
            _active[recording.Id] = recording;
            logger.LogInformation("Recording {RecordingId} of session {SessionId} started.", recording.Id, sessionId);
            return recording;
        }
    }

    /// <summary>Hands one event of <paramref name="sessionId"/> to the recordings of that session.</summary>
    public void Observe(string sessionId, TurnEvent turnEvent)
    {
        if (_active.IsEmpty)
        {
            return;
        }

        foreach (var recording in _active.Values)
        {
            if (recording.SessionId == sessionId)
            {
                recording.Add(turnEvent);
            }
        }
    }

    /// <summary>The running recording <paramref name="recordingId"/>, or null.</summary>
    public StreamRecording? FindActive(string recordingId) => _active.GetValueOrDefault(recordingId);

    /// <summary>The finished recording <paramref name="recordingId"/> whose file still exists, or null.</summary>
    public RecordedFile? FindFinished(string recordingId) =>
        _finished.TryGetValue(recordingId, out var file) && File.Exists(file.Path) ? file : null;

    /// <summary>Stops <paramref name="recordingId"/> and writes its MP4; null when no such recording runs.</summary>
    /// <exception cref="InvalidOperationException">Nothing was recorded (no turn ran while it recorded).</exception>
    /// <exception cref="IOException">ffmpeg is missing or failed; the message says which.</exception>
    public async Task<RecordedFile?> StopAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        if (!_active.TryRemove(recordingId, out var recording))
        {
            return null;
        }

        var timeline = RecordingTimeline.From(recording.Stop());
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{recording.SessionId}-{recording.Id}.mp4");
        try
        {
            await new Mp4RecordingWriter(_options.FfmpegFolder, _options.FramesPerSecond).WriteAsync(timeline, path, cancellationToken);
        }
        catch (Exception failure) when (failure is FFMpegCore.Exceptions.FFMpegException or System.ComponentModel.Win32Exception)
        {
            throw new IOException($"ffmpeg could not write the recording ({failure.Message}); is ffmpeg installed (apt-get install ffmpeg) " +
                $"or Recording:FfmpegFolder set?", failure);
        }

        var file = new RecordedFile(recording.Id, recording.SessionId, path, new FileInfo(path).Length, timeline.Duration,
            timeline.Audio.Length > 0, timeline.Captions.Count > 0, recording.Truncated);
        _finished[file.Id] = file;
        logger.LogInformation("Recording {RecordingId} written: {Path}, {Bytes} bytes, {Seconds:F1} s.", file.Id, path, file.Bytes, file.Duration.TotalSeconds);
        DeleteOldest();
        return file;
    }

    private void DeleteOldest()
    {
        foreach (var old in _finished.Values.OrderByDescending(f => File.GetLastWriteTimeUtc(f.Path)).Skip(Math.Max(1, _options.MaxFiles)))
        {
            if (_finished.TryRemove(old.Id, out _))
            {
                File.Delete(old.Path);
            }
        }
    }
}
