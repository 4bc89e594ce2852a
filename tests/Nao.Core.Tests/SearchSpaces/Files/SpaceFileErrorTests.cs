using Nao.SearchSpaces.Files;

namespace Nao.Tests.SearchSpaces.Files;

/// <summary>Each malformed file fails with the file, the line, the key and the fix in the message.</summary>
public sealed class SpaceFileErrorTests
{
    // A valid file; each case below breaks one line of it. Line numbers: 1 name ... 15 op decision.
    private static readonly string[] Valid =
    [
        "name: tiny",                     // 1
        "values:",                        // 2
        "  input: {range: [0, 3]}",       // 3
        "  op: [conv, pool]",             // 4
        "architecture:",                  // 5
        "  - repeat: node",               // 6
        "    count: 2",                   // 7
        "    format: \"{branch}\"",       // 8
        "    body:",                      // 9
        "      - repeat: branch",         // 10
        "        count: 2",               // 11
        "        interchangeable: true",  // 12
        "        body:",                  // 13
        "          - decision: input",    // 14
        "            max: node + 1",      // 15
        "          - decision: op",       // 16
    ];

    private static SpaceFileException Fails(int line, string replacement)
    {
        var lines = Valid.ToArray();
        lines[line - 1] = replacement;
        return Assert.Throws<SpaceFileException>(() => SpaceFile.Parse(string.Join('\n', lines), "tiny.yaml"));
    }

    [Fact]
    public void The_unbroken_file_loads()
    {
        var space = SpaceFile.Parse(string.Join('\n', Valid), "tiny.yaml");
        // node 0: branches from 2 inputs x 2 ops = 4 options, unordered pairs 4*5/2 = 10; node 1: 6 options, 21 pairs.
        Assert.Equal(10 * 21, (int)space.Size);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_line()
    {
        var error = Fails(4, "  op: [conv, pool");
        Assert.StartsWith("tiny.yaml:", error.Message);
        Assert.InRange(error.Line, 4, 6);
        Assert.Contains($":{error.Line}:", error.Message);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void A_duplicate_key_names_the_second_one()
    {
        var error = Fails(12, "        count: 3");
        Assert.Contains("tiny.yaml:12:9: 'count': the key appears twice", error.Message);
    }

    [Fact]
    public void A_tab_as_indentation_names_its_line_not_the_first()
    {
        var error = Fails(4, "\top: [conv, pool]");
        Assert.Equal(4, error.Line);
        Assert.Contains("tabs", error.Message);
    }

    [Fact]
    public void An_unknown_key_names_its_line_and_suggests_the_right_one()
    {
        var error = Fails(12, "        interchangable: true");
        Assert.Equal(12, error.Line);
        Assert.Contains("tiny.yaml:12:9: 'interchangable': unknown key", error.Message);
        Assert.Contains("Did you mean 'interchangeable'?", error.Message);
    }

    [Fact]
    public void A_missing_required_key_names_the_mapping_line_and_the_key()
    {
        var error = Fails(1, "description: no name");
        Assert.Equal(1, error.Line);
        Assert.Equal("name", error.Key);
        Assert.Contains("tiny.yaml:1:1: 'name': the file is missing the required key 'name'", error.Message);
    }

    [Fact]
    public void An_empty_value_list_names_its_line()
    {
        var error = Fails(4, "  op: []");
        Assert.Contains("tiny.yaml:4:", error.Message);
        Assert.Contains("'op': the value list is empty", error.Message);
    }

    [Fact]
    public void A_decision_naming_an_unknown_list_lists_the_defined_ones()
    {
        var error = Fails(16, "          - decision: ops");
        Assert.Contains("tiny.yaml:16:", error.Message);
        Assert.Contains("there is no value list 'ops'. Defined lists: input, op. Did you mean 'op'?", error.Message);
    }

    [Fact]
    public void An_invalid_bound_expression_says_what_is_allowed()
    {
        var error = Fails(15, "            max: node * 2");
        Assert.Contains("tiny.yaml:15:13: 'max': 'node * 2' is not a valid expression", error.Message);
        Assert.Contains("+ and -", error.Message);
    }

    [Fact]
    public void A_bound_with_an_unknown_variable_names_the_known_ones()
    {
        var error = Fails(15, "            max: nod + 1");
        Assert.Contains("tiny.yaml:15:13: 'max': 'nod + 1' reads 'nod'", error.Message);
        Assert.Contains("known: node, branch", error.Message);
    }

    [Fact]
    public void A_bound_out_of_the_list_names_the_index_where_it_leaves_it()
    {
        var error = Fails(15, "            max: node + 3");
        Assert.Contains("tiny.yaml:15:13: 'max': 'node + 3' is 4 at node=1, branch=0, outside list 'input' (0..3)", error.Message);
    }

    [Fact]
    public void Duplicate_decision_names_are_refused()
    {
        var error = Fails(16, "          - decision: input");
        Assert.Contains("tiny.yaml:16:", error.Message);
        Assert.Contains("'decision': the name 'input' is used twice", error.Message);
    }

    [Fact]
    public void A_zero_size_repetition_is_refused()
    {
        var error = Fails(7, "    count: node - 1");
        Assert.Contains("'count': 'node - 1' reads 'node'", error.Message);
        error = Fails(11, "        count: node");
        Assert.Contains("tiny.yaml:11:9: 'count': repetition 'branch' has count 'node' = 0 at node=0: zero size", error.Message);
    }

    [Fact]
    public void A_format_naming_an_unknown_item_suggests_the_right_one()
    {
        var error = Fails(8, "    format: \"{branches}\"");
        Assert.Contains("tiny.yaml:8:5: 'format':", error.Message);
        Assert.Contains("Did you mean 'branch'?", error.Message);
    }

    [Fact]
    public void A_format_that_leaves_an_item_out_is_refused()
    {
        var error = Fails(8, "    format: \"node {node}\"");
        Assert.Contains("tiny.yaml:8:5: 'format':", error.Message);
        Assert.Contains("does not name '{branch}'", error.Message);
    }

    [Fact]
    public void Interchangeable_members_with_different_choices_are_refused()
    {
        var error = Fails(15, "            max: branch + 1");
        Assert.Contains("tiny.yaml:10:", error.Message);
        Assert.Contains("'interchangeable': the members of repetition 'branch' at node=0 do not have the same choices", error.Message);
    }

    [Fact]
    public void A_format_whose_values_run_together_is_refused_at_load()
    {
        var error = Assert.Throws<SpaceFileException>(() => SpaceFile.Parse(
            "name: glued\nvalues: {v: [1, 11]}\narchitecture: [{decision: a, values: v}, {decision: b, values: v}]\nformat: '{a}{b}'", "glued.yaml"));
        Assert.Contains("glued.yaml: 'format': the text '111' reads back with a = '11' instead of '1'", error.Message);
        Assert.Contains("Put a separator", error.Message);
    }

    [Fact]
    public void An_item_with_a_misspelt_kind_suggests_decision()
    {
        var error = Fails(16, "          - decison: op");
        Assert.Contains("tiny.yaml:16:13: 'body': an item needs 'decision: NAME'", error.Message);
        Assert.Contains("Did you mean 'decision'?", error.Message);
    }

    [Fact]
    public void Bounds_on_a_list_of_names_are_refused()
    {
        var error = Fails(16, "          - {decision: op, max: 1}");
        Assert.Contains("tiny.yaml:16:", error.Message);
        Assert.Contains("'max': bounds need a list of integers", error.Message);
    }
}
