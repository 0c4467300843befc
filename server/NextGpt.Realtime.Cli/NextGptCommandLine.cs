using System.CommandLine;
using NextGpt.Realtime.Cli.Commands;

namespace NextGpt.Realtime.Cli;

/// <summary>The <c>nextgpt</c> command tree. Each verb lives in its own file under Commands/.</summary>
public static class NextGptCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("nextgpt: NExT-GPT any-to-any multimodal model tools (NextGpt.Realtime).");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ForwardCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(TokenizerCommand.Create());
        root.Subcommands.Add(WorldCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(EvalDecodersCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        return root;
    }
}
