using System.CommandLine;
using NextGpt.Realtime.Training.World;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary><c>nextgpt world --seed N --count K --split train|validation|heldout --out DIR</c>: writes a sample of the
/// Emberfall world (images, sounds, clips, dialogues) for people to look at.</summary>
public static class WorldCommand
{
    public static Command Create()
    {
        var seed = new Option<long>("--seed") { Description = "First seed of the sample.", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "How many images, sounds, clips and dialogues.", DefaultValueFactory = _ => 8 };
        var split = new Option<string>("--split") { Description = "train, validation or heldout.", DefaultValueFactory = _ => "train" };
        split.AcceptOnlyFromAmong("train", "validation", "heldout");
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the sample into.", Required = true };
        var command = new Command("world", "Write a sample of the Emberfall world (images, sounds, clips, dialogues as JSON).")
        {
            seed, count, split, output,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var howMany = parse.GetValue(count);
            if (howMany is < 1 or > 10_000)
            {
                error.WriteLine($"nextgpt world: --count must be between 1 and 10000, got {howMany}.");
                return 2;
            }

            var worldSplit = parse.GetRequiredValue(split) switch
            {
                "validation" => WorldSplit.Validation,
                "heldout" => WorldSplit.HeldOut,
                _ => WorldSplit.Train,
            };
            var folder = parse.GetRequiredValue(output);
            try
            {
                var files = WorldSampleWriter.Write(worldSplit, parse.GetValue(seed), howMany, folder.FullName);
                parse.InvocationConfiguration.Output.WriteLine(
                    $"wrote {files} files ({howMany} images, sounds, clips and dialogues of the {parse.GetRequiredValue(split)} split) to {folder.FullName}");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"nextgpt world: cannot write to {folder.FullName}: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
