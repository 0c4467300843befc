using TorchSharp;

namespace NextGpt.Realtime.Cli.Forward;

/// <summary>
/// One model component that <c>nextgpt forward &lt;name&gt;</c> can run: weights from a folder (config.json + safetensors),
/// named input tensors in, named output tensors out. This is how anyone checks parity with a reference implementation.
/// Implementations are found by reflection, one class per component.
/// </summary>
public interface IForwardComponent
{
    /// <summary>The component's name on the command line, for example <c>llama</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>: what it reads and writes.</summary>
    string Description { get; }

    /// <summary>False for components without weights (preprocessing such as <c>fbank</c>): <c>--model</c> is then optional.</summary>
    bool NeedsModel => true;

    /// <summary>Runs the component. Tensors are on the CPU; the caller disposes both dictionaries.</summary>
    /// <param name="modelDirectory">The <c>--model</c> folder; empty when <see cref="NeedsModel"/> is false and none was given.</param>
    IReadOnlyDictionary<string, torch.Tensor> Run(string modelDirectory, IReadOnlyDictionary<string, torch.Tensor> inputs);
}
