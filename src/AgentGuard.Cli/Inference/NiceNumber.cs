namespace AgentGuard.Cli.Inference;

/// <summary>Rounds observed figures up to numbers a reviewer reads at a glance (1, 2, 5, 10, 20, 50, …).</summary>
internal static class NiceNumber
{
    /// <summary>The smallest of 1, 2 or 5 × 10ⁿ that is at least <paramref name="value"/> (0 for 0 or less).</summary>
    public static long Ceiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 0;
        }

        if (value >= 1e17)
        {
            return long.MaxValue;
        }

        for (long power = 1; ; power *= 10)
        {
            foreach (var step in (ReadOnlySpan<long>)[1, 2, 5])
            {
                if (step * power >= value)
                {
                    return step * power;
                }
            }
        }
    }
}
