namespace AgentGuard.McpTestServer;

/// <summary>The current tool list, reloaded when the tools file changes.</summary>
internal sealed class ToolState(string? path)
{
    private volatile IReadOnlyList<ToolDefinition> _current = path is null ? ToolFile.Default : ToolFile.Read(path);

    public IReadOnlyList<ToolDefinition> Current => _current;

    public async Task WatchAsync(Func<Task> notify, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return;
        }

        var last = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            string now;
            try
            {
                now = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                continue;
            }

            if (now == last)
            {
                continue;
            }

            try
            {
                _current = ToolFile.Read(path);
                last = now;
            }
            catch (System.Text.Json.JsonException)
            {
                // A half-written file: try again on the next tick.
                continue;
            }

            await notify().ConfigureAwait(false);
        }
    }
}
