using System.Text;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// Lines of C# with the repository's layout (four-space indents, braces on their own lines, LF endings), so the
/// generated file is what <c>dotnet format</c> would leave as it is.
/// </summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;
    private bool _blankPending;

    /// <summary>One line at the current indentation; an empty string is a blank line.</summary>
    public void Line(string line = "")
    {
        if (line.Length == 0)
        {
            _blankPending = _text.Length > 0;
            return;
        }
        if (_blankPending && !line.StartsWith('}'))
            _text.Append('\n');
        _blankPending = false;
        _text.Append(' ', _depth * 4).Append(line).Append('\n');
    }

    /// <summary>A blank line before the next line, unless a brace opens or closes there.</summary>
    public void Separate() => Line();

    /// <summary>An XML doc summary, one <c>///</c> line per line of <paramref name="summary"/> (already XML).</summary>
    public void Summary(string summary)
    {
        Line("/// <summary>");
        foreach (var line in summary.Split('\n'))
            Line("/// " + line);
        Line("/// </summary>");
    }

    /// <summary>A short summary on one line.</summary>
    public void ShortSummary(string summary) => Line($"/// <summary>{summary}</summary>");

    /// <summary>Opens a block: the header line, then <c>{</c>.</summary>
    public void Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        _blankPending = false;
    }

    /// <summary>Closes the innermost block.</summary>
    public void Close()
    {
        _depth--;
        _blankPending = false;
        Line("}");
    }

    public override string ToString() => _text.ToString();
}
