using System.Runtime.InteropServices;
using TorchSharp;

namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>
/// Loads libtorch once per process, chooses the compute device and quiets libtorch's logging. Every entry point (server,
/// CLI, tests) calls <see cref="Initialize"/> before touching a tensor so that a missing or incompatible native library is
/// reported with its reason and fix instead of a TypeInitializationException deep inside a model.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Environment variable that forces a device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public const string DeviceVariable = "NEXTGPT_DEVICE";

    // libtorch's caffe2 logging threshold; 2 = ERROR. Every CPU convolution otherwise prints an NNPACK warning, and
    // TORCH_CPP_LOG_LEVEL is not read by this build (environment.md).
    private const int Caffe2LogLevelError = 2;

    private static readonly Lock Gate = new();
    private static TorchRuntimeInfo? _info;

    /// <summary>Loads libtorch and picks the device. Idempotent and thread-safe.</summary>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded; the message names the reason and the fix.</exception>
    public static TorchRuntimeInfo Initialize()
    {
        lock (Gate)
        {
            if (_info is not null)
            {
                return _info;
            }

            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
                using var probe = torch.ones(1);
            }
            catch (Exception ex) when (ex is NotSupportedException or DllNotFoundException or TypeInitializationException
                                           or EntryPointNotFoundException or BadImageFormatException)
            {
                throw new TorchUnavailableException(DescribeLoadFailure(ex), ex);
            }

            SilenceCaffe2Logging();
            OneDnnConvolutions.ApplyDefault();
            var device = ChooseDevice(Environment.GetEnvironmentVariable(DeviceVariable));
            _info = new TorchRuntimeInfo(
                LibTorchVersion: torch.__version__,
                Device: device,
                CpuThreads: torch.get_num_threads(),
                CudaDeviceCount: torch.cuda.is_available() ? torch.cuda.device_count() : 0);
            return _info;
        }
    }

    /// <summary>
    /// Parses a device request. <c>null</c> or empty picks CUDA when libtorch sees a GPU and the CPU otherwise.
    /// </summary>
    public static torch.Device ChooseDevice(string? request)
    {
        if (string.IsNullOrWhiteSpace(request))
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }

        var normalized = request.Trim().ToLowerInvariant();
        if (normalized.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
        {
            throw new TorchUnavailableException(
                $"{DeviceVariable}={request} asks for CUDA, but this libtorch build sees no GPU. Build with " +
                "-p:TorchBackend=cuda on a machine with an NVIDIA driver, or unset the variable to run on the CPU.");
        }

        return normalized is "cpu" or "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal)
            ? new torch.Device(normalized)
            : throw new ArgumentException($"{DeviceVariable}={request} is not a device; use cpu, cuda or cuda:N.", nameof(request));
    }

    private static string DescribeLoadFailure(Exception ex)
    {
        // TorchSharp's message carries its whole probing trace; its first line names the failure.
        var detail = (ex.InnerException?.Message ?? ex.Message).Split('\n', 2)[0].Trim().TrimEnd('.');
        var fix = OperatingSystem.IsLinux()
            ? "On Linux, TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13). Build through this " +
              "repository's projects (dotnet build / dotnet run / dotnet test), whose build step marks that requirement weak " +
              "in the output copy, or install a libstdc++ from GCC 13 or newer. Run the program from its build output folder."
            : "Check that the TorchSharp-cpu (or TorchSharp-cuda-*) package restored and that its native folder is beside the program.";
        return $"libtorch could not be loaded: {detail}. {fix}";
    }

    private static void SilenceCaffe2Logging()
    {
        foreach (var name in new[] { "libc10.so", "libc10.dylib", "c10.dll" })
        {
            if (NativeLibrary.TryLoad(name, typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory, out var handle)
                && NativeLibrary.TryGetExport(handle, "FLAGS_caffe2_log_level", out var flag))
            {
                Marshal.WriteInt32(flag, Caffe2LogLevelError);
                return;
            }
        }
    }
}
