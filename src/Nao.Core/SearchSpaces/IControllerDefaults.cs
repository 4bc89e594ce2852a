using System.Text.Json.Nodes;

namespace Nao.SearchSpaces;

/// <summary>
/// A search space that brings its own controller defaults (a space file's <c>controller:</c> section): settings of the
/// NAO controller, by their names, laid over the controller's generic defaults before the user's <c>--controller</c>
/// settings. Opaque here, since the controller lives in Nao.Torch.
/// </summary>
public interface IControllerDefaults
{
    /// <summary>The controller settings the space's author chose; null for none.</summary>
    JsonObject? ControllerDefaults { get; }
}
