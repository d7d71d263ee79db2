using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SupportBot.BotFramework.Serialization;

namespace SupportBot.BotFramework;

// The one JSON configuration for Bot Framework wire traffic. Options is frozen, so it can be
// shared freely across threads.
public static class BotJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// The JSON as UTF-8, as it goes on the wire: no string to encode again.
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    // These throw JsonException for invalid JSON and for any non-object where an object is
    // expected, including a literal null, so callers can map every bad body to 400.
    public static T Deserialize<T>(string json) =>
        EnsureValue(JsonSerializer.Deserialize<T>(json, Options));

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        EnsureValue(JsonSerializer.Deserialize<T>(utf8Json, Options));

    public static async ValueTask<T> DeserializeAsync<T>(Stream utf8Json, CancellationToken cancellationToken = default) =>
        EnsureValue(await JsonSerializer.DeserializeAsync<T>(utf8Json, Options, cancellationToken));

    private static T EnsureValue<T>(T? value) =>
        value ?? throw new JsonException($"JSON null is not a valid {typeof(T).Name}.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            // A2001/A2002: camelCase when writing, case-insensitive when reading.
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Non-nullable members (Activity.type) reject an explicit null instead of lying.
            RespectNullableAnnotations = true,
            // This JSON never lands inside HTML, so keep "<at>", markup and non-ASCII text
            // readable instead of \u-escaping it (Teams counts message size, too).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // Reflection metadata, not a source-generated context: the generator cannot bind an
            // init-only [JsonExtensionData] (dotnet/runtime#107898) and overwrites init defaults
            // such as ActivitySet.Activities = [] (dotnet/runtime#101877). Metadata is built once
            // per type and cached in these options, so steady-state cost is small.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(WireRules.Apply),
        };
        options.MakeReadOnly();
        return options;
    }
}
