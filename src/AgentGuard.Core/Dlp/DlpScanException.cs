namespace AgentGuard;

/// <summary>Thrown when a document cannot be scanned (for example JSON nested deeper than <see cref="DlpOptions.MaxJsonDepth"/>).</summary>
/// <remarks>The pipeline's DLP checks turn it into a refusal (rule <c>dlp.unscannable</c>): what cannot be scanned does not pass.</remarks>
public sealed class DlpScanException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DlpScanException"/> class.</summary>
    public DlpScanException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DlpScanException"/> class.</summary>
    /// <param name="message">What could not be scanned.</param>
    public DlpScanException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DlpScanException"/> class.</summary>
    /// <param name="message">What could not be scanned.</param>
    /// <param name="innerException">The cause.</param>
    public DlpScanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
