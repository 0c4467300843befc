using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NextGpt.Realtime.Modeling.Media;

/// <summary>
/// Runs the ffmpeg / ffprobe binaries (apt ffmpeg) on a file path, with the output read from stdout as raw samples or
/// frames. Inputs are always file paths, never pipes: ffmpeg 5.1 loses the first 64 KiB of a WAV piped in
/// (environment.md). A run that exits non-zero becomes a <see cref="MediaFormatException"/> carrying ffmpeg's own
/// error line; a run past <see cref="MediaLimits.DecodeTimeout"/> is killed, so a pathological file cannot hang a caller.
/// </summary>
public static class FfmpegTool
{
    /// <summary>
    /// Runs <paramref name="tool"/> and hands its stdout to <paramref name="readOutput"/> while stderr is collected.
    /// <paramref name="readOutput"/> returns false when it has what it needs before the end: the process is then stopped.
    /// </summary>
    public static void Run(string tool, IEnumerable<string> arguments, TimeSpan timeout, string name, Func<Stream, bool> readOutput)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} is needed to decode {name} but was not found on PATH (Debian: apt-get install ffmpeg).", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null && stderr.Length < 16_384)
                {
                    lock (stderr)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            };
            process.BeginErrorReadLine();
            var timedOut = false;
            using var timer = new Timer(_ =>
            {
                timedOut = true;
                Kill(process);
            }, null, timeout, Timeout.InfiniteTimeSpan);
            bool complete;
            try
            {
                complete = readOutput(process.StandardOutput.BaseStream);
            }
            catch (Exception)
            {
                Kill(process);
                throw;
            }

            if (!complete)
            {
                Kill(process);
                process.WaitForExit();
                return;
            }

            process.StandardOutput.BaseStream.CopyTo(Stream.Null);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string message;
                lock (stderr)
                {
                    message = stderr.ToString().Trim();
                }

                var reason = timedOut
                    ? $"it did not finish within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                    : message.Split('\n').LastOrDefault(line => line.Length > 0) ?? $"exit code {process.ExitCode}";
                throw new MediaFormatException($"{name} could not be decoded by {tool}: {reason}");
            }
        }
    }

    /// <summary>Runs the tool and returns its whole stdout as text (ffprobe queries).</summary>
    public static string RunToText(string tool, IEnumerable<string> arguments, TimeSpan timeout, string name)
    {
        var text = string.Empty;
        Run(tool, arguments, timeout, name, stdout =>
        {
            using var reader = new StreamReader(stdout, Encoding.UTF8, leaveOpen: true);
            text = reader.ReadToEnd();
            return true;
        });
        return text;
    }

    /// <summary>Reads exactly buffer.Length bytes unless the stream ends first; returns the count read.</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
