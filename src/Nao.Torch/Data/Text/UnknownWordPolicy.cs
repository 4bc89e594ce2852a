namespace Nao.Data.Text;

/// <summary>What reading a validation or test file does with a word the training file never had.</summary>
public enum UnknownWordPolicy
{
    /// <summary>Fail with a message naming the file, line and word: PTB and WikiText have closed vocabularies.</summary>
    Error,

    /// <summary>Read it as <c>&lt;unk&gt;</c>; the training file must contain <c>&lt;unk&gt;</c>.</summary>
    MapToUnknown,
}
