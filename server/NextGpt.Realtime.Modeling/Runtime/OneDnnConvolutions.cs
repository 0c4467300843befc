using System.Runtime.InteropServices;
using TorchSharp;

namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>
/// Switches libtorch's oneDNN (mkldnn) CPU kernels, as <c>torch.backends.mkldnn.enabled</c> does in Python (TorchSharp 0.107
/// has no binding, so the exported <c>at::Context::setUserEnabledMkldnn</c> is called directly).
/// <para>Why: measured on this project's machines (AMD EPYC, AVX-512; libtorch 2.10.0 with oneDNN 3.7.1), float32 3x3
/// convolutions with batch &gt;= 2 and some input-channel counts (24 and 40 with AVX-512, 12 when limited to AVX2) return wrong
/// values (max error 0.3-0.8 on unit-scale inputs) while batch 1 and float64 are right; with oneDNN off every case agrees
/// with float64 to 1e-6. Real SD/AudioLDM widths (multiples of 16) were not seen to fail, but a silently wrong convolution
/// is worse than a slower one: <see cref="TorchRuntime"/> turns oneDNN off unless <see cref="OptInVariable"/> is 1.
/// Cost: a 320-channel 3x3 convolution on 2 x 64 x 64 took 162 ms with oneDNN and 351 ms without (2 cores).</para>
/// </summary>
public static class OneDnnConvolutions
{
    /// <summary>Environment variable: <c>1</c> keeps oneDNN on (for hardware where it is known to be right).</summary>
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

    /// <summary>Applies the project default: off unless <see cref="OptInVariable"/> is <c>1</c>.</summary>
    internal static void ApplyDefault() => SetEnabled(Environment.GetEnvironmentVariable(OptInVariable) == "1");

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
