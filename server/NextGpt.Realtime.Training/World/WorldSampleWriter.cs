using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NextGpt.Realtime.Training.World;

/// <summary>
/// Writes a sample of the world to a folder for people to look at: images/NNNN.png, sounds/NNNN.wav, clips/NNNN/frame_K.png,
/// each with its caption, paraphrases, request and ground truth in a .json beside it, and dialogues.json.
/// </summary>
public static class WorldSampleWriter
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <paramref name="count"/> images, sounds, clips and dialogues of the split from seeds
    /// seed..seed+count-1. Returns the number of files written.</summary>
    public static int Write(WorldSplit split, long seed, int count, string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var world = new EmberfallWorld(split);
        var files = 0;
        var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
        var sounds = Directory.CreateDirectory(Path.Combine(folder, "sounds")).FullName;
        var clips = Directory.CreateDirectory(Path.Combine(folder, "clips")).FullName;
        for (var i = 0; i < count; i++)
        {
            var sampleSeed = seed + i;
            var name = sampleSeed.ToString("D4", CultureInfo.InvariantCulture);

            var image = world.Image(sampleSeed);
            PngFile.Write(((ImageMedia)image.Media).Render(), Path.Combine(images, name + ".png"));
            files += WriteJson(Path.Combine(images, name + ".json"), image) + 1;

            var sound = world.Sound(sampleSeed);
            WavFile.Write(((SoundMedia)sound.Media).Render(), Path.Combine(sounds, name + ".wav"));
            files += WriteJson(Path.Combine(sounds, name + ".json"), sound) + 1;

            var clip = world.Clip(sampleSeed);
            var frames = Directory.CreateDirectory(Path.Combine(clips, name)).FullName;
            var rendered = ((ClipMedia)clip.Media).Render();
            for (var k = 0; k < rendered.Frames.Count; k++)
            {
                PngFile.Write(rendered.Frames[k], Path.Combine(frames, $"frame_{k}.png"));
                files++;
            }

            files += WriteJson(Path.Combine(clips, name + ".json"), clip);
        }

        var dialogues = Enumerable.Range(0, count).Select(i => world.Dialogue(seed + i)).ToArray();
        files += WriteJson(Path.Combine(folder, "dialogues.json"), dialogues);
        return files;
    }

    private static int WriteJson<T>(string path, T value)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(value, JsonOptions));
        return 1;
    }
}
