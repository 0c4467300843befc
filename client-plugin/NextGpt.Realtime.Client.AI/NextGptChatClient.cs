using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;

namespace NextGpt.Realtime.Client.AI;

/// <summary>
/// An <see cref="IChatClient"/> over one NPC session, so code written against Microsoft.Extensions.AI can talk to a
/// NextGpt.Realtime server: the last user message (text, plus PNG/JPEG images and WAV sounds as <see cref="DataContent"/>)
/// becomes one turn, the reply streams back as text updates, and generated images arrive as <c>image/png</c> data.
/// The server keeps the conversation (the session's history), so earlier messages in the list are not sent again;
/// sampling settings come from the session, not from <see cref="ChatOptions"/>.
/// </summary>
public sealed class NextGptChatClient(NpcAgent npc) : IChatClient
{
    private readonly NpcAgent _npc = npc ?? throw new ArgumentNullException(nameof(npc));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turn = _npc.StartTurn(ToTurnInput(messages), cancellationToken);
        await foreach (var turnEvent in turn.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (turnEvent)
            {
                case TextDelta delta:
                    yield return Update(turnEvent, new TextContent(delta.Text));
                    break;
                case ImageCompleted image:
                    yield return Update(turnEvent, new DataContent(image.Png, "image/png"));
                    break;
                case TurnFailed failed:
                    throw new InvalidOperationException($"The NPC's turn failed ({failed.Code}): {failed.Message}");
                case TurnCompleted completed:
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
                    {
                        InputTokenCount = completed.PromptTokens,
                        OutputTokenCount = completed.GeneratedTokens,
                    })])
                    {
                        ResponseId = completed.TurnId,
                        FinishReason = completed.Cancelled ? ChatFinishReason.Length : ChatFinishReason.Stop,
                    };
                    break;
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("NextGpt.Realtime", null, _npc.SessionId)
            : serviceType.IsInstanceOfType(_npc) ? _npc
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>The NPC session stays open; its connection belongs to the caller.</summary>
    public void Dispose()
    {
    }

    private static ChatResponseUpdate Update(TurnEvent turnEvent, AIContent content) =>
        new(ChatRole.Assistant, [content]) { ResponseId = turnEvent.TurnId };

    private static TurnInput ToTurnInput(IEnumerable<ChatMessage> messages)
    {
        var last = (messages ?? throw new ArgumentNullException(nameof(messages))).LastOrDefault(m => m.Role == ChatRole.User)
            ?? throw new ArgumentException("The conversation has no user message to answer.", nameof(messages));
        var input = TurnInput.Say(string.Concat(last.Contents.OfType<TextContent>().Select(t => t.Text)));
        foreach (var data in last.Contents.OfType<DataContent>())
        {
            var bytes = data.Data.ToArray();
            input = data.MediaType switch
            {
                "image/png" => input.With(MediaInput.Image(bytes, MediaFormat.Png)),
                "image/jpeg" => input.With(MediaInput.Image(bytes, MediaFormat.Jpeg)),
                "audio/wav" or "audio/x-wav" or "audio/wave" => input.With(MediaInput.Wav(bytes)),
                _ => throw new NotSupportedException($"{data.MediaType} content is not supported; send image/png, image/jpeg or audio/wav."),
            };
        }

        return input;
    }
}
