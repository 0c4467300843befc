using NextGpt.Realtime.Client.Audio;
using NextGpt.Realtime.Client.Media.Imaging;
using NextGpt.Realtime.Client.Tests.Harness;
using XrSceneGen;

namespace NextGpt.Realtime.Client.Tests;

public sealed class SceneTests
{
    [Fact]
    public void CubeFaces_LookWhereTheirAxesPoint()
    {
        // Panorama coloured by direction: red = looking toward +X, blue = +Z, green = up (top rows), black = down.
        const int W = 256, H = 128;
        var pixels = new byte[W * H * 4];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var longitude = (((x + 0.5) / W) - 0.5) * 2 * Math.PI;
                var latitude = (0.5 - ((y + 0.5) / H)) * Math.PI;
                var i = ((y * W) + x) * 4;
                pixels[i] = (byte)(255 * Math.Max(0, Math.Sin(longitude) * Math.Cos(latitude)));
                pixels[i + 1] = (byte)(255 * Math.Max(0, Math.Sin(latitude)));
                pixels[i + 2] = (byte)(255 * Math.Max(0, Math.Cos(longitude) * Math.Cos(latitude)));
                pixels[i + 3] = 255;
            }
        }

        var faces = CubeMap.FromEquirectangular(new RgbaImage(W, H, pixels), 32);

        Assert.InRange(faces[(int)CubeFace.PositiveX][16, 16].R, 240, 255);
        Assert.InRange(faces[(int)CubeFace.PositiveZ][16, 16].B, 240, 255);
        Assert.InRange(faces[(int)CubeFace.PositiveY][16, 16].G, 240, 255);
        // Straight down is the panorama's bottom row (dark; longitude is undefined at the pole, so not exactly 0).
        var down = faces[(int)CubeFace.NegativeY][16, 16];
        Assert.True(down.R <= 10 && down.G == 0 && down.B <= 10, down.ToString());
        // Up is at the top of a side face: its top row is greener than its bottom row.
        Assert.True(faces[(int)CubeFace.PositiveZ][16, 0].G > faces[(int)CubeFace.PositiveZ][16, 31].G + 100);
    }

    [Fact]
    public void SeamlessLoop_HasNoJumpWhereItWraps()
    {
        // A tone whose length is not a whole number of periods clicks when looped as is.
        var tone = Enumerable.Range(0, 16000).Select(i => (float)Math.Sin(2 * Math.PI * 441.3 * i / 16000)).ToArray();
        var step = 2 * Math.Sin(Math.PI * 441.3 / 16000); // the largest sample-to-sample change of the tone

        var loop = AudioLoop.MakeSeamless(tone, 4000);

        Assert.True(Math.Abs(tone[0] - tone[^1]) > 2 * step);
        Assert.True(Math.Abs(loop[0] - loop[^1]) <= step * 1.05);
        Assert.Equal(12000, loop.Length);
    }

    [Fact]
    public async Task XrSceneGen_WritesTheSceneFolder_FromProgressiveUpdates()
    {
        await using var server = await TestServer.StartAsync();
        var folder = Path.Combine(Directory.CreateTempSubdirectory("xrscene").FullName, "harbour");
        var output = new StringWriter();

        var exit = await XrSceneGenApp.RunAsync(
            ["--server", server.Url.ToString(), "--describe", "a stormy harbour", "--props", "barrel,net", "--lines", "3", "--face", "16", "--out", folder], output);

        Assert.True(exit == 0, output.ToString());
        var log = output.ToString();
        Assert.True(log.IndexOf("Panorama panorama Preview", StringComparison.Ordinal) < log.IndexOf("Panorama panorama Draft", StringComparison.Ordinal));
        Assert.True(log.IndexOf("Panorama panorama Draft", StringComparison.Ordinal) < log.IndexOf("Panorama panorama Final", StringComparison.Ordinal));
        foreach (var file in new[] { "panorama.png", "panorama-draft.png", "cube-px.png", "cube-nz.png", "ambient-loop.wav", "prop-barrel.png", "prop-net.png", "npc-lines.txt", "scene.json" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file + " missing\n" + log);
        }

        Assert.Equal(16, PngDecoder.Decode(File.ReadAllBytes(Path.Combine(folder, "cube-py.png"))).Width);
        // 4800 samples from the hub, minus a crossfade of a quarter of them.
        Assert.Equal(4800 - 1200, WavFile.Read(Path.Combine(folder, "ambient-loop.wav")).Samples.Length);
    }
}
