using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AgentGuard;

/// <summary>Reads a YAML stream into events and removes what policy files must not contain, reporting each removal.</summary>
/// <remarks>
/// <para>
/// <see cref="YamlDotNet.RepresentationModel.YamlStream"/> loads from this parser, so the node tree it builds never holds an
/// alias (no shared nodes, so no exponential "billion laughs" expansion), a duplicate key (YamlDotNet would throw and lose
/// every other error of the file), a merge key or a non-scalar key. Anchors and tags are reported and left in place: without
/// aliases they are inert. Nesting is capped so that the recursive node loader cannot overflow the stack.
/// </para>
/// <para>
/// A syntax error ends the stream after the last complete document, so the documents before it are still checked.
/// </para>
/// </remarks>
internal sealed class YamlEventSanitizer : IParser
{
    /// <summary>The deepest nesting of mappings and lists accepted; persona files need 7 levels.</summary>
    public const int MaxDepth = 32;

    private readonly List<ParsingEvent> _events = [];
    private readonly List<(int Document, string Field, Mark Mark, string Message)> _problems = [];
    private readonly HashSet<long> _placeholders = [];
    private readonly Stack<Frame> _frames = new();
    private int _position = -1;
    private int _document = -1;
    private int _pendingSkips;
    private int _skipDepth;
    private bool _rootIsSequence;

    private YamlEventSanitizer()
    {
    }

    /// <summary>Gets the syntax error that ended the stream early, if any.</summary>
    public YamlException? SyntaxError { get; private set; }

    /// <summary>Gets the problems found, with the 0-based index of the document each belongs to.</summary>
    public IReadOnlyList<(int Document, string Field, Mark Mark, string Message)> Problems => _problems;

    /// <summary>Gets the start indexes of the empty scalars that replaced aliases (already reported; say nothing more about them).</summary>
    public IReadOnlySet<long> Placeholders => _placeholders;

    /// <inheritdoc />
    public ParsingEvent? Current => _position >= 0 && _position < _events.Count ? _events[_position] : null;

    /// <summary>Parses <paramref name="text"/> completely.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The sanitized events, ready to be loaded.</returns>
    public static YamlEventSanitizer Read(string text)
    {
        var sanitizer = new YamlEventSanitizer();
        sanitizer.Run(new Parser(new StringReader(text)));
        return sanitizer;
    }

    /// <inheritdoc />
    public bool MoveNext() => ++_position < _events.Count;

    private void Run(Parser parser)
    {
        var lastComplete = 0;
        var lastEnd = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastEnd = current.End;
                if (_skipDepth > 0)
                {
                    Skip(current);
                    continue;
                }

                switch (current)
                {
                    case StreamStart:
                        _events.Add(current);
                        lastComplete = _events.Count;
                        break;
                    case DocumentStart:
                        _document++;
                        _frames.Clear();
                        _events.Add(current);
                        break;
                    case DocumentEnd:
                        _events.Add(current);
                        lastComplete = _events.Count;
                        break;
                    case StreamEnd:
                        _events.Add(current);
                        return;
                    case MappingEnd or SequenceEnd:
                        _frames.Pop();
                        _events.Add(current);
                        Completed();
                        break;
                    case NodeEvent or AnchorAlias when !Node(current):
                        Truncate(lastComplete, current.Start);
                        return;
                }
            }
        }
        catch (YamlException ex)
        {
            SyntaxError = ex;
            Truncate(lastComplete, ex.Start);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16.3's scanner throws this, without a position, on some malformed plain values in flow
            // collections (found by fuzzing); the error lies after the last event read.
            SyntaxError = new YamlException(lastEnd, lastEnd, "cannot read the unquoted value after this point: close every [ and {, and quote values that contain ': ' or '#'");
            Truncate(lastComplete, lastEnd);
        }
    }

    // Returns false when the document must be abandoned (nesting too deep).
    private bool Node(ParsingEvent node)
    {
        if (_pendingSkips > 0)
        {
            BeginSkip(node);
            return true;
        }

        var parent = _frames.Count > 0 ? _frames.Peek() : null;
        var atKey = parent is { IsMapping: true, ExpectKey: true };
        var path = atKey && node is Scalar keyScalar ? Join(parent!.Path, keyScalar.Value) : ChildPath(parent);

        if (node is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            Problem(path, node.Start, $"YAML anchors (&{anchored.Anchor}) are not allowed: write every value out in full, so a reviewer reads exactly what is enforced");
        }

        if (node is NodeEvent { Tag.IsEmpty: false } tagged)
        {
            Problem(path, node.Start, $"YAML tags ({tagged.Tag}) are not supported: write the plain value (quote it to keep it a string)");
        }

        if (atKey)
        {
            var refusal = node switch
            {
                AnchorAlias alias => AliasMessage(alias),
                MappingStart or SequenceStart => "a key must be a plain name, not a mapping or a list",
                Scalar { Style: ScalarStyle.Plain, Value: "<<" } => "YAML merge keys (<<) are not allowed: write the fields out in full",
                Scalar s when parent!.Keys.TryGetValue(s.Value, out var first) =>
                    string.Create(CultureInfo.InvariantCulture, $"'{s.Value}' appears twice in this mapping (first at line {first}); keys must be unique"),
                _ => null,
            };

            if (refusal is not null)
            {
                Problem(path, node.Start, refusal);
                _pendingSkips = 2; // the key and its value
                BeginSkip(node);
                return true;
            }

            var key = (Scalar)node;
            parent!.Keys.Add(key.Value, key.Start.Line);
            parent.CurrentKey = key.Value;
        }
        else if (node is AnchorAlias alias)
        {
            Problem(path, alias.Start, AliasMessage(alias));
            _placeholders.Add(alias.Start.Index);
            _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, alias.Start, alias.End));
            Completed();
            return true;
        }

        _events.Add(node);
        switch (node)
        {
            case MappingStart or SequenceStart:
                if (_frames.Count == 0)
                {
                    _rootIsSequence = node is SequenceStart;
                }

                _frames.Push(new Frame(path, node is MappingStart));
                if (_frames.Count > MaxDepth)
                {
                    Problem(path, node.Start, string.Create(CultureInfo.InvariantCulture, $"the document nests deeper than {MaxDepth} levels"));
                    return false;
                }

                break;
            default:
                Completed();
                break;
        }

        return true;
    }

    private void BeginSkip(ParsingEvent node)
    {
        if (node is MappingStart or SequenceStart)
        {
            _skipDepth = 1;
        }
        else
        {
            EndSkip();
        }
    }

    private void Skip(ParsingEvent current)
    {
        switch (current)
        {
            case MappingStart or SequenceStart:
                _skipDepth++;
                break;
            case MappingEnd or SequenceEnd:
                if (--_skipDepth == 0)
                {
                    EndSkip();
                }

                break;
        }
    }

    private void EndSkip()
    {
        _pendingSkips--;
        Completed();
    }

    // A node of the current container is finished: a mapping alternates key and value, a list moves to its next item.
    private void Completed()
    {
        if (_frames.Count == 0)
        {
            return;
        }

        var frame = _frames.Peek();
        if (frame.IsMapping)
        {
            frame.ExpectKey = !frame.ExpectKey;
        }
        else
        {
            frame.Index++;
        }
    }

    private string ChildPath(Frame? parent) => parent switch
    {
        null => string.Empty,
        { IsMapping: true } => Join(parent.Path, parent.CurrentKey ?? string.Empty),

        // A top-level list is a JSON array of personas: each item is a document root of its own.
        _ when _rootIsSequence && _frames.Count == 1 => string.Empty,
        _ => string.Create(CultureInfo.InvariantCulture, $"{parent.Path}[{parent.Index}]"),
    };

    private void Truncate(int lastComplete, Mark at)
    {
        _events.RemoveRange(lastComplete, _events.Count - lastComplete);
        _events.Add(new StreamEnd(at, at));
    }

    private void Problem(string field, Mark mark, string message) => _problems.Add((Math.Max(_document, 0), field, mark, message));

    private static string AliasMessage(AnchorAlias alias) =>
        $"YAML aliases (*{alias.Value}) are not allowed: write the value out in full (aliases make policies hard to review and can expand exponentially)";

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private sealed class Frame(string path, bool isMapping)
    {
        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectKey { get; set; } = true;

        public string? CurrentKey { get; set; }

        public int Index { get; set; }

        public Dictionary<string, long> Keys => field ??= new(StringComparer.Ordinal);
    }
}
