using System.CommandLine;
using NextGpt.Realtime.Cli.Diagnostics;

namespace NextGpt.Realtime.Cli.Commands;

/// <summary><c>nextgpt doctor</c>: what this machine can run, and what is missing.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check libtorch, the compute device, external tools and visible models.");
        command.SetAction(parse => DoctorReport.Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }
}
