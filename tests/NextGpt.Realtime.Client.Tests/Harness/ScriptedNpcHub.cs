using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Hubs;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;
using NextGpt.Realtime.Contracts.Turns;

namespace NextGpt.Realtime.Client.Tests.Harness;

/// <summary>
/// A test-only hub speaking the real contract (<see cref="INextGptHub"/>) with scripted, deterministic replies, so the
/// client's wire path, streaming, uploads, cancellation and recovery are tested against a real SignalR server without a
/// model. Replies echo what the server received ("2 uploads of N bytes"), so the tests check the uploads arrived whole.
/// "draw" (or a required image) adds an image part (3 previews then the final PNG), "sing" (or required audio) an audio
/// part, "slow" a long reply paced at 40 ms.
/// </summary>
public sealed class ScriptedNpcHub(HubState state) : Hub<INextGptClient>, INextGptHub
{
    public async Task<SessionInfo> CreateSession(CreateSessionRequest request)
    {
        var info = new SessionInfo { SessionId = "s-" + Guid.NewGuid().ToString("N")[..8], Persona = request.Persona, Settings = request.Settings };
        state.Sessions[info.SessionId] = info;
        await Groups.AddToGroupAsync(Context.ConnectionId, info.SessionId);
        return info;
    }

    public async Task<SessionInfo> JoinSession(string sessionId, string playerId)
    {
        if (!state.Sessions.TryGetValue(sessionId, out var info))
        {
            throw new HubException($"Session {sessionId} is not known.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, sessionId);
        return info;
    }

    public async Task<UploadReceipt> Upload(UploadHeader header, IAsyncEnumerable<byte[]> chunks)
    {
        using var buffer = new MemoryStream();
        var largestChunk = 0;
        await foreach (var chunk in chunks)
        {
            largestChunk = Math.Max(largestChunk, chunk.Length);
            buffer.Write(chunk);
            if (buffer.Length > header.TotalBytes)
            {
                throw new HubException($"Upload exceeds the announced {header.TotalBytes} bytes.");
            }
        }

        var id = "u-" + Guid.NewGuid().ToString("N")[..8];
        state.Uploads[id] = (header, buffer.ToArray());
        state.LargestChunk = Math.Max(state.LargestChunk, largestChunk);
        return new UploadReceipt { UploadId = id, ReceivedBytes = buffer.Length };
    }

    public async IAsyncEnumerable<TurnEvent> StartTurn(TurnRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!state.Sessions.ContainsKey(request.SessionId))
        {
            throw new HubException($"Session {request.SessionId} is not known.");
        }

        var turnId = "t-" + Guid.NewGuid().ToString("N")[..8];
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        state.Running[turnId] = cancel;
        var others = Clients.OthersInGroup(request.SessionId);
        long sequence = 0;
        var uploads = request.UploadIds.Select(id => state.Uploads[id].Bytes.Length).ToArray();
        var words = new List<string> { "You", "said:", request.Text + ".", "I", "received", $"{uploads.Length} uploads", "of", $"{uploads.Sum()} bytes." };
        if (request.Text.Contains("slow", StringComparison.Ordinal))
        {
            words.AddRange(Enumerable.Range(0, 60).Select(i => $"word{i}"));
        }

        var text = new System.Text.StringBuilder();
        var cancelled = false;
        var events = new List<TurnEvent> { new TurnStarted { SessionId = request.SessionId } };
        foreach (var word in words)
        {
            text.Append(text.Length == 0 ? word : " " + word);
            events.Add(new TextDelta { Text = (events.Count == 1 ? "" : " ") + word });
        }

        var part = 1;
        if (request.Text.Contains("draw", StringComparison.Ordinal) || request.RequiredOutputs.Contains(Modality.Image))
        {
            events.Add(new MediaStarted { PartId = part, Modality = Modality.Image, Width = 8, Height = 8 });
            for (var step = 1; step <= 3; step++)
            {
                events.Add(new ImagePreview { PartId = part, Step = step, TotalSteps = 3, Png = TestImages.Solid(8, 8, (byte)(step * 60)) });
            }

            events.Add(new ImageCompleted { PartId = part, Png = TestImages.Solid(8, 8, 200), Seed = 7 });
            events.Add(new MediaCompleted { PartId = part, Modality = Modality.Image, Milliseconds = 5 });
            part++;
        }

        if (request.Text.Contains("sing", StringComparison.Ordinal) || request.RequiredOutputs.Contains(Modality.Audio))
        {
            events.Add(new MediaStarted { PartId = part, Modality = Modality.Audio, Rate = 16000 });
            for (var chunk = 0; chunk < 3; chunk++)
            {
                events.Add(new AudioChunk { PartId = part, FirstSample = chunk * 1600, Pcm16 = TestImages.Tone(1600, chunk * 1600) });
            }

            events.Add(new MediaCompleted { PartId = part, Modality = Modality.Audio, Milliseconds = 300 });
        }

        foreach (var e in events)
        {
            if (cancel.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            e.TurnId = turnId;
            e.Sequence = sequence++;
            await others.OnTurnEvent(request.SessionId, e);
            yield return e;
            if (request.Text.Contains("slow", StringComparison.Ordinal))
            {
                try
                {
                    await Task.Delay(40, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        state.Running.TryRemove(turnId, out _);
        var completed = new TurnCompleted { TurnId = turnId, Sequence = sequence, Text = text.ToString(), Cancelled = cancelled, GeneratedTokens = words.Count };
        await others.OnTurnEvent(request.SessionId, completed);
        yield return completed;
    }

    public Task CancelTurn(string sessionId, string turnId)
    {
        if (state.Running.TryGetValue(turnId, out var cancel))
        {
            cancel.Cancel();
        }

        return Task.CompletedTask;
    }

    public Task ReportPlayback(PlaybackReport report)
    {
        state.Reports.Add(report);
        return Task.CompletedTask;
    }
}

/// <summary>What the scripted hub has seen, shared across hub instances (one per call).</summary>
public sealed class HubState
{
    public ConcurrentDictionary<string, SessionInfo> Sessions { get; } = new();

    public ConcurrentDictionary<string, (UploadHeader Header, byte[] Bytes)> Uploads { get; } = new();

    public ConcurrentDictionary<string, CancellationTokenSource> Running { get; } = new();

    public ConcurrentBag<PlaybackReport> Reports { get; } = [];

    public int LargestChunk { get; set; }
}
