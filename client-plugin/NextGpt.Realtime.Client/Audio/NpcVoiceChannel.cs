using System;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.Audio;

/// <summary>
/// Connects a <see cref="VoiceCapture"/> to an <see cref="NpcAgent"/>: each utterance's end starts a turn with that voice
/// (interrupting the NPC if it is still talking, i.e. barge-in). By default (<see cref="StreamWhileSpeaking"/>) the voice
/// is uploaded while the player speaks, as a streamed upload that the utterance's end completes, so the server holds the
/// whole utterance moments after the player stops; otherwise the utterance is sent, in chunks, with its exact length
/// once it ends (for servers that predate streamed uploads and require exact lengths).
/// </summary>
public sealed class NpcVoiceChannel : IDisposable
{
    private readonly VoiceCapture _capture;
    private readonly NpcAgent _agent;
    private PendingUpload? _upload;

    public NpcVoiceChannel(VoiceCapture capture, NpcAgent agent)
    {
        _capture = capture ?? throw new ArgumentNullException(nameof(capture));
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        _capture.UtteranceStarted += OnStarted;
        _capture.UtteranceEnded += OnEnded;
    }

    /// <summary>Text sent with every voice turn (for example a stage direction); empty by default.</summary>
    public string Text { get; set; } = "";

    /// <summary>Cancels the NPC's running turn as soon as the player starts speaking, not when they stop.</summary>
    public bool BargeInOnSpeech { get; set; } = true;

    /// <summary>Upload while the player speaks (lower latency; needs a server that accepts streamed uploads).</summary>
    public bool StreamWhileSpeaking { get; set; } = true;

    /// <summary>The turn started by the last utterance.</summary>
    public event Action<NpcTurn>? TurnStarted;

    public void Dispose()
    {
        _capture.UtteranceStarted -= OnStarted;
        _capture.UtteranceEnded -= OnEnded;
    }

    private void OnStarted(Utterance utterance)
    {
        if (BargeInOnSpeech)
        {
            _ = _agent.BargeInAsync();
        }

        if (StreamWhileSpeaking)
        {
            _upload = _agent.BeginUpload(Modality.Audio, MediaFormat.Pcm16, utterance.Upload);
        }
    }

    private void OnEnded(Utterance utterance)
    {
        var upload = _upload;
        _upload = null;
        MediaInput voice;
        if (upload is not null)
        {
            voice = MediaInput.FromUpload(upload);
        }
        else if (utterance.Upload.BytesWritten > 0)
        {
            voice = MediaInput.Pcm16(utterance.Upload.ToArray());
        }
        else
        {
            return;
        }

        var turn = _agent.StartTurn(new TurnInput { Text = Text }.With(voice));
        TurnStarted?.Invoke(turn);
    }
}
