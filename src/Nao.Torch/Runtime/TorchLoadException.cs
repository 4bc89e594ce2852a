namespace Nao.Torch;

/// <summary>
/// TorchSharp's native library could not be loaded. The message names the real cause where Nao can find it,
/// for example a copy of libLibTorchSharp.so that the build did not patch for an older system libstdc++.
/// </summary>
public sealed class TorchLoadException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TorchLoadException()
        : base("TorchSharp's native library could not be loaded.")
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong and how to fix it.</summary>
    public TorchLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception TorchSharp threw.</summary>
    public TorchLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
