namespace NextGpt.Realtime.Modeling.Runtime;

/// <summary>libtorch cannot be loaded or the requested device does not exist. The message names the reason and the fix.</summary>
public sealed class TorchUnavailableException : Exception
{
    public TorchUnavailableException(string message) : base(message)
    {
    }

    public TorchUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
