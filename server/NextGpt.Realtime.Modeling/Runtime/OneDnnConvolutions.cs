using System.Runtime.InteropServices;
using TorchSharp;

namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>
/// Switches libtorch's oneDNN (mkldnn) CPU kernels, as <c>torch.backends.mkldnn.enabled</c> does in Python (TorchSharp 0.107
/// has no binding, so the exported <c>at::Context::setUserEnabledMkldnn</c> is called directly).
/// <para>Why: measured on this project's machines (AMD EPYC, AVX-512; libtorch 2.10.0 with oneDNN 3.7.1), float32 k x k
/// convolutions (k &gt; 1) with batch &gt;= 2 and more than 16 input channels that are not a multiple of 16 (17-31, 33-47, ...)
/// return wrong values (max error 0.15-0.6 on unit-scale inputs), while batch 1, 1x1 kernels, widths that are multiples of
/// 16 and float64 are right; with oneDNN off every case agrees with float64 to 1e-6. The widths of SD 1.5, AudioLDM and
/// their VAEs (multiples of 16, or at most 16 at the inputs) are not affected, but a silently wrong convolution is worse
/// than a slow one, so <see cref="TorchRuntime"/> probes for the fault at start-up and turns oneDNN off where it is found.
/// Cost on 2 cores: a 320-channel 3x3 convolution on 2 x 64 x 64 takes 351 ms instead of 162 ms; full-resolution VAE
/// decodes suffer most. <see cref="OptInVariable"/> overrides the probe.</para>
/// </summary>
public static class OneDnnConvolutions
{
    /// <summary>Environment variable: <c>1</c> keeps oneDNN on (for models whose convolution widths are safe), <c>0</c>
    /// turns it off; unset lets the start-up probe decide.</summary>
    public const string OptInVariable = "NEXTGPT_ONEDNN";

    private const string GlobalContextItanium = "_ZN2at13globalContextEv";
    private const string SetEnabledItanium = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private const string IsEnabledItanium = "_ZNK2at7Context17userEnabledMkldnnEv";

    /// <summary>Whether oneDNN kernels may be used, or null when the switch is not reachable on this platform.</summary>
    public static unsafe bool? IsEnabled
    {
        get
        {
            if (!TryResolve(out var context, out _, out var get))
            {
                return null;
            }

            return ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0;
        }
    }

    /// <summary>Turns oneDNN kernels on or off for the whole process. Returns false when the switch is not reachable
    /// (only the Itanium C++ ABI names of Linux and macOS builds are known).</summary>
    public static unsafe bool SetEnabled(bool enabled)
    {
        if (!TryResolve(out var context, out var set, out _))
        {
            return false;
        }

        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, enabled ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>Applies <see cref="OptInVariable"/>, or without it turns oneDNN off when <see cref="ConvolutionsAreWrong"/>.</summary>
    internal static void ApplyDefault()
    {
        switch (Environment.GetEnvironmentVariable(OptInVariable))
        {
            case "1":
                SetEnabled(true);
                break;
            case "0":
                SetEnabled(false);
                break;
            default:
                if (IsEnabled == true && ConvolutionsAreWrong())
                {
                    SetEnabled(false);
                }

                break;
        }
    }

    /// <summary>Runs the failing shapes once (batch 2, 24 and 40 input channels, 3x3) and compares with float64.</summary>
    public static bool ConvolutionsAreWrong()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(1234, torch.CPU);
        foreach (var channels in new[] { 24, 40 })
        {
            var input = torch.randn(2, channels, 8, 8, generator: generator);
            var weight = torch.randn(16, channels, 3, 3, generator: generator) * 0.1;
            var actual = torch.nn.functional.conv2d(input, weight, padding: [1, 1]).to_type(torch.ScalarType.Float64);
            var exact = torch.nn.functional.conv2d(input.to_type(torch.ScalarType.Float64), weight.to_type(torch.ScalarType.Float64), padding: [1, 1]);
            if ((actual - exact).abs().max().ToDouble() > 1e-3)
            {
                return true;
            }
        }

        return false;
    }

    private static unsafe bool TryResolve(out IntPtr context, out IntPtr set, out IntPtr get)
    {
        (context, set, get) = (IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        foreach (var name in new[] { "libtorch_cpu.so", "libtorch_cpu.dylib" })
        {
            if (NativeLibrary.TryLoad(name, typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory, out var handle)
                && NativeLibrary.TryGetExport(handle, GlobalContextItanium, out var globalContext)
                && NativeLibrary.TryGetExport(handle, SetEnabledItanium, out set)
                && NativeLibrary.TryGetExport(handle, IsEnabledItanium, out get))
            {
                context = ((delegate* unmanaged<IntPtr>)globalContext)();
                return context != IntPtr.Zero;
            }
        }

        return false;
    }
}
