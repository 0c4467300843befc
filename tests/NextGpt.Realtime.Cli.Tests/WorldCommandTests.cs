using System.CommandLine;

namespace NextGpt.Realtime.Cli.Tests;

public sealed class WorldCommandTests
{
    [Fact]
    public void World_WritesASampleOfEveryMedium()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nextgpt-world-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            var exitCode = NextGptCommandLine.Build()
                .Parse(["world", "--seed", "3", "--count", "2", "--split", "heldout", "--out", folder])
                .Invoke(new InvocationConfiguration { Output = output, Error = error });

            Assert.True(exitCode == 0, error.ToString());
            Assert.Contains("wrote 27 files", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "images", "0003.png")));
            Assert.True(File.Exists(Path.Combine(folder, "sounds", "0004.wav")));
            Assert.True(File.Exists(Path.Combine(folder, "clips", "0004", "frame_0.png")));
            Assert.True(File.Exists(Path.Combine(folder, "dialogues.json")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--split", "test")]
    [InlineData("--count", "0")]
    public void World_RejectsBadArguments(string option, string value)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = NextGptCommandLine.Build()
            .Parse(["world", option, value, "--out", Path.GetTempPath()])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(error.ToString());
    }
}
