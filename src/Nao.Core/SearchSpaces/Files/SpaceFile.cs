namespace Nao.SearchSpaces.Files;

/// <summary>
/// Loads search spaces defined in YAML or JSON files. The format, in short (samples/spaces/*.yaml are commented
/// examples):
/// <code>
/// name: my-space                 # required, no spaces
/// description: one line          # optional
/// values:                        # required: the value lists; token ids run list by list in file order from 1
///   op: [conv, pool, identity]   #   a list of names (or numbers)
///   input: {range: [0, 6]}       #   an integer range; {names: [...], sort: [...]} gives a canonical sort order
/// architecture:                  # required: the decisions, in token order
///   - repeat: node               #   a repetition: 'count: N' (index 0..N-1, an expression) or 'over: [labels]'
///     count: 5
///     format: "{branch}"         #   the text of one item: {NAME} is an item's text or an index
///     separator: " "             #   between items (default " ")
///     body:
///       - repeat: branch
///         count: 2
///         interchangeable: true  #   members in any order are one architecture; sorted in the canonical form
///         separator: "+"
///         format: "({input},{op})"
///         body:
///           - decision: input    #   a choice from the list named by 'values' (default: the decision's name)
///             max: node + 1      #   integer bounds: integers and index variables with + and -
///           - decision: op
///             subset: [conv, pool]   # optional
/// format: "{node}"               # optional: the text of the whole architecture (default: items separated by spaces)
/// controller:                    # optional: NAO controller settings for this space (names as in --controller)
///   augment: true                #   e.g. train on both orders of interchangeable members
/// </code>
/// </summary>
public static class SpaceFile
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="SpaceFileException">The file is malformed; the message names the line, the key and the fix.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FileSearchSpace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Reads a space from its text, e.g. the <see cref="FileSearchSpace.Source"/> stored with a run;
    /// <paramref name="sourceName"/> names it in error messages.
    /// </summary>
    /// <exception cref="SpaceFileException">The text is malformed; the message names the line, the key and the fix.</exception>
    public static FileSearchSpace Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var definition = SpaceFileReader.Read(text, sourceName);
        var layout = SpaceExpander.Expand(definition, sourceName);
        if (layout.FindUnreadableText() is { } problem)
        {
            throw new SpaceFileException(sourceName, 0, 0, "format",
                $"{problem}. Put a separator between values that could run together (e.g. '{{a}}-{{b}}', not '{{a}}{{b}}'), "
                + "and keep the separators' characters out of the values.");
        }
        return new FileSearchSpace(layout, text, sourceName, definition.Controller);
    }
}
