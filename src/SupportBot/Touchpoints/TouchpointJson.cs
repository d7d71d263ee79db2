using System.Text.Json.Serialization;

namespace SupportBot.Touchpoints;

/// The cited article ids column, serialized without reflection.
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class TouchpointJson : JsonSerializerContext;
