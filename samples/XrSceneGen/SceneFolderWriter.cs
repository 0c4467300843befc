using System.Globalization;
using System.Text.Json;
using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Client.Scenes;

namespace XrSceneGen;

/// <summary>Writes each scene update into the folder as it arrives; the final panorama also gets its six cube faces.</summary>
internal sealed class SceneFolderWriter(string folder, int faceSize)
{
    private static readonly string[] FaceNames = ["px", "nx", "py", "ny", "pz", "nz"];
    private readonly Dictionary<string, string> _manifest = [];

    public IReadOnlyDictionary<string, string> Manifest => _manifest;

    public void Write(SceneAssetUpdate update)
    {
        Directory.CreateDirectory(folder);
        switch (update.Kind)
        {
            case SceneAssetKind.Panorama when update.Png is not null:
                var name = update.Detail == SceneDetail.Final ? "panorama.png" : "panorama-" + update.Detail.ToString().ToLowerInvariant() + ".png";
                Save(name, update.Png);
                if (update.Detail == SceneDetail.Final)
                {
                    var faces = CubeMap.FromEquirectangular(PngDecoder.Decode(update.Png), faceSize);
                    for (var f = 0; f < 6; f++)
                    {
                        Save($"cube-{FaceNames[f]}.png", PngEncoder.Encode(faces[f]));
                    }
                }

                break;
            case SceneAssetKind.AmbientAudio when update.Pcm16 is { Length: > 0 }:
                var samples = AudioConvert.Pcm16ToFloat(update.Pcm16);
                var crossfade = Math.Min(update.SampleRate / 2, samples.Length / 4);
                var loop = crossfade > 0 ? AudioLoop.MakeSeamless(samples, crossfade) : samples;
                Save("ambient-loop.wav", WavFile.Pcm16Wav(AudioConvert.FloatToPcm16(loop), update.SampleRate));
                break;
            case SceneAssetKind.PropTexture when update.Png is not null && update.Detail == SceneDetail.Final:
                Save($"prop-{Safe(update.Name)}.png", update.Png);
                break;
            case SceneAssetKind.NpcLines when update.Text is not null:
                Save("npc-lines.txt", System.Text.Encoding.UTF8.GetBytes(update.Text));
                break;
        }
    }

    public void WriteManifest(string description) =>
        File.WriteAllText(Path.Combine(folder, "scene.json"), JsonSerializer.Serialize(new { description, files = _manifest }, new JsonSerializerOptions { WriteIndented = true }));

    private void Save(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
        _manifest[name] = bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes";
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
