using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Connection;
using NextGpt.Realtime.Contracts.Events;
using NextGpt.Realtime.Contracts.Primitives;
using NextGpt.Realtime.Contracts.Sessions;

namespace NextGpt.Realtime.Client.Scenes;

/// <summary>
/// Builds an XR scene from a description (and optionally a screenshot) and delivers it progressively, low detail first:
/// a quick draft panorama (few steps, with its previews), then the ambient sound, the prop textures and NPC lines, then
/// the final panorama. Each asset is one turn of a session whose settings fit it (2:1 panorama, square props, audio only),
/// asked for with a prompt that names the asset and the turn's RequiredOutputs, so the server produces the medium even
/// when the model's reply would not have.
/// </summary>
public sealed class SceneGenerator
{
    private static readonly Persona Designer = new()
    {
        Name = "Scene designer",
        Role = "environment artist for a virtual-reality game",
        Traits = ["precise", "atmospheric"],
        SpeakingStyle = "answers with the requested asset and at most one short sentence",
    };

    private readonly NextGptConnection _connection;

    public SceneGenerator(NextGptConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>Raised (through the dispatcher) for every update, in delivery order.</summary>
    public event Action<SceneAssetUpdate>? AssetUpdated;

    /// <summary>Generates the scene; updates stream as they are produced.</summary>
    public async IAsyncEnumerable<SceneAssetUpdate> GenerateAsync(SceneRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        request.Validate();
        var updates = Channel.CreateUnbounded<SceneAssetUpdate>();
        var work = Task.Run(() => RunAsync(request, updates.Writer, cancellationToken), cancellationToken);
        await foreach (var update in ReadAsync(updates.Reader, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }

        await work.ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<SceneAssetUpdate> ReadAsync(ChannelReader<SceneAssetUpdate> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var update))
            {
                yield return update;
            }
        }
    }

    private async Task RunAsync(SceneRequest request, ChannelWriter<SceneAssetUpdate> output, CancellationToken cancellationToken)
    {
        try
        {
            var place = request.Description.Trim();
            var panoramaPrompt = $"Create a seamless 360-degree equirectangular panorama (skybox) of this place: {place}. No people, no text.";
            if (request.DraftSteps > 0)
            {
                var draft = await SessionAsync(Modality.Image, request.PanoramaWidth / 2, request.PanoramaHeight / 2, request.DraftSteps, request.Seed, cancellationToken).ConfigureAwait(false);
                await ImageAsync(draft, panoramaPrompt, request.ScreenshotPng, SceneAssetKind.Panorama, "panorama", SceneDetail.Draft, output, cancellationToken).ConfigureAwait(false);
            }

            if (request.AmbientAudio)
            {
                var audio = await SessionAsync(Modality.Audio, 0, 0, request.FinalSteps, request.Seed, cancellationToken).ConfigureAwait(false);
                var result = await RunTurnAsync(audio, $"Create a loopable ambient soundscape for this place: {place}.", null, null, cancellationToken, Modality.Audio).ConfigureAwait(false);
                foreach (var sound in result.Media.Where(m => m.Modality == Modality.Audio))
                {
                    Emit(output, new SceneAssetUpdate(SceneAssetKind.AmbientAudio, "ambient", SceneDetail.Final) { Pcm16 = sound.Pcm16, SampleRate = sound.SampleRate });
                }
            }

            if (request.Props.Count > 0)
            {
                var props = await SessionAsync(Modality.Image, request.PropSize, request.PropSize, request.FinalSteps, request.Seed, cancellationToken).ConfigureAwait(false);
                foreach (var prop in request.Props)
                {
                    await ImageAsync(props, $"Create a tileable texture for a {prop} in this place: {place}.", null, SceneAssetKind.PropTexture, prop, SceneDetail.Final, output, cancellationToken).ConfigureAwait(false);
                }
            }

            if (request.NpcLines > 0)
            {
                var writer = await SessionAsync(Modality.Text, 0, 0, 0, request.Seed, cancellationToken).ConfigureAwait(false);
                var result = await RunTurnAsync(writer, $"Write {request.NpcLines} short lines a character in this place might say, one per line: {place}", null, [Modality.Text], cancellationToken).ConfigureAwait(false);
                Emit(output, new SceneAssetUpdate(SceneAssetKind.NpcLines, "lines", SceneDetail.Final) { Text = result.Text });
            }

            var final = await SessionAsync(Modality.Image, request.PanoramaWidth, request.PanoramaHeight, request.FinalSteps, request.Seed, cancellationToken).ConfigureAwait(false);
            await ImageAsync(final, panoramaPrompt, request.ScreenshotPng, SceneAssetKind.Panorama, "panorama", SceneDetail.Final, output, cancellationToken).ConfigureAwait(false);
            output.TryComplete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
        }
    }

    private async Task ImageAsync(NpcAgent agent, string prompt, byte[]? screenshot, SceneAssetKind kind, string name, SceneDetail detail,
        ChannelWriter<SceneAssetUpdate> output, CancellationToken cancellationToken)
    {
        void OnPreview(NpcTurn turn, ImagePreview preview) =>
            Emit(output, new SceneAssetUpdate(kind, name, SceneDetail.Preview) { Png = preview.Png, Step = preview.Step, TotalSteps = preview.TotalSteps });

        agent.ImagePreviewReceived += OnPreview;
        try
        {
            var result = await RunTurnAsync(agent, prompt, screenshot, null, cancellationToken, Modality.Image).ConfigureAwait(false);
            var image = result.Media.FirstOrDefault(m => m.Modality == Modality.Image && m.Png is not null)
                ?? throw new SceneGenerationException($"The server produced no image for the {name} ({result}).");
            Emit(output, new SceneAssetUpdate(kind, name, detail) { Png = image.Png });
        }
        finally
        {
            agent.ImagePreviewReceived -= OnPreview;
        }
    }

    private static async Task<TurnResult> RunTurnAsync(NpcAgent agent, string prompt, byte[]? screenshot, Modality[]? only, CancellationToken cancellationToken, params Modality[] required)
    {
        var input = TurnInput.Say(prompt).Require(required);
        if (screenshot is not null)
        {
            input.With(MediaInput.Image(screenshot));
        }

        if (only is not null)
        {
            input.Only(only);
        }

        var result = await agent.StartTurn(input, cancellationToken).Completion.ConfigureAwait(false);
        return result.Status == TurnStatus.Failed
            ? throw new SceneGenerationException($"Scene turn failed: {result.Failed?.Code} {result.Failed?.Message}")
            : result;
    }

    private Task<NpcAgent> SessionAsync(Modality output, int width, int height, int steps, long? seed, CancellationToken cancellationToken) =>
        _connection.CreateNpcAsync(Designer, new SessionSettings
        {
            AllowedOutputs = [output],
            ImageWidth = width,
            ImageHeight = height,
            DiffusionSteps = steps,
            Seed = seed,
        }, cancellationToken);

    private void Emit(ChannelWriter<SceneAssetUpdate> output, SceneAssetUpdate update)
    {
        output.TryWrite(update);
        _connection.Dispatch(() => AssetUpdated?.Invoke(update));
    }
}

/// <summary>A scene asset could not be generated.</summary>
public sealed class SceneGenerationException : Exception
{
    public SceneGenerationException(string message)
        : base(message)
    {
    }
}
