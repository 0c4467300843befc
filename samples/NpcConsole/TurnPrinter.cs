using System.Globalization;
using System.Text.Json;
using NextGpt.Realtime.Client.Agents;
using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Contracts.Events;

namespace NpcConsole;

/// <summary>Shows a turn as it streams (text, refining image previews, progress) or as JSON lines; saves its media.</summary>
internal sealed class TurnPrinter(TextWriter output, bool json, string? outDirectory)
{
    private int _artLines;

    public async Task<TurnResult> RunAsync(NpcTurn turn)
    {
        await foreach (var turnEvent in turn)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(Describe(turnEvent)));
            }
            else
            {
                Show(turnEvent);
            }
        }

        var result = await turn;
        var saved = Save(result);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["result"] = result.Status.ToString(),
                ["turnId"] = result.TurnId,
                ["text"] = result.Text,
                ["error"] = result.Failed?.Message,
                ["saved"] = saved,
            }));
        }
        else
        {
            output.WriteLine();
            foreach (var file in saved)
            {
                output.WriteLine($"  saved {file}");
            }

            if (result.Status == TurnStatus.Failed)
            {
                output.WriteLine($"  turn failed: {result.Failed?.Code}: {result.Failed?.Message}");
            }
        }

        return result;
    }

    private void Show(TurnEvent turnEvent)
    {
        switch (turnEvent)
        {
            case TextDelta delta:
                output.Write(delta.Text);
                break;
            case MediaStarted started:
                output.WriteLine($"\n  [{started.Modality} part {started.PartId} started]");
                _artLines = 0;
                break;
            case ImagePreview preview:
                DrawInPlace(preview.Png, $"preview {preview.Step}/{preview.TotalSteps}");
                break;
            case ImageCompleted image:
                DrawInPlace(image.Png, $"final image (seed {image.Seed})");
                break;
            case AudioChunk chunk:
                output.Write('♪');
                break;
            case VideoFrame frame:
                output.Write($"[frame {frame.FrameIndex}]");
                break;
        }
    }

    private void DrawInPlace(byte[] png, string caption)
    {
        if (Console.IsOutputRedirected || output != Console.Out)
        {
            output.WriteLine($"  [{caption}]");
            return;
        }

        if (_artLines > 0)
        {
            output.Write($"\u001b[{_artLines}A");
        }

        var art = BlockArt.Render(png) + $"  {caption}\n";
        output.Write(art);
        _artLines = art.Count(c => c == '\n');
    }

    private List<string> Save(TurnResult result)
    {
        var saved = new List<string>();
        if (outDirectory is null)
        {
            return saved;
        }

        Directory.CreateDirectory(outDirectory);
        var prefix = Path.Combine(outDirectory, string.IsNullOrEmpty(result.TurnId) ? "turn" : result.TurnId);
        File.WriteAllText(prefix + ".txt", result.Text);
        saved.Add(prefix + ".txt");
        foreach (var media in result.Media)
        {
            var name = $"{prefix}-part{media.PartId}";
            if (media.Png is not null)
            {
                File.WriteAllBytes(name + ".png", media.Png);
                saved.Add(name + ".png");
            }

            if (media.Pcm16.Length > 0)
            {
                File.WriteAllBytes(name + ".wav", WavFile.Pcm16Wav(media.Pcm16, media.SampleRate));
                saved.Add(name + ".wav");
            }

            foreach (var frame in media.Frames)
            {
                var path = $"{name}-frame{frame.FrameIndex.ToString("D4", CultureInfo.InvariantCulture)}.png";
                File.WriteAllBytes(path, frame.Png);
                saved.Add(path);
            }
        }

        return saved;
    }

    private static Dictionary<string, object?> Describe(TurnEvent e)
    {
        var fields = new Dictionary<string, object?> { ["event"] = e.GetType().Name, ["turnId"] = e.TurnId, ["part"] = e.PartId, ["sequence"] = e.Sequence };
        switch (e)
        {
            case TextDelta d: fields["text"] = d.Text; break;
            case MediaStarted m: fields["modality"] = m.Modality.ToString(); fields["width"] = m.Width; fields["height"] = m.Height; break;
            case ImagePreview p: fields["step"] = p.Step; fields["totalSteps"] = p.TotalSteps; fields["bytes"] = p.Png.Length; break;
            case ImageCompleted i: fields["bytes"] = i.Png.Length; fields["seed"] = i.Seed; break;
            case AudioChunk a: fields["firstSample"] = a.FirstSample; fields["bytes"] = a.Pcm16.Length; break;
            case VideoFrame v: fields["frame"] = v.FrameIndex; fields["ms"] = v.TimestampMilliseconds; break;
            case TurnCompleted c: fields["text"] = c.Text; fields["cancelled"] = c.Cancelled; fields["generatedTokens"] = c.GeneratedTokens; break;
            case TurnFailed f: fields["code"] = f.Code.ToString(); fields["message"] = f.Message; break;
        }

        return fields;
    }
}
