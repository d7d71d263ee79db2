using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.BotFramework.Serialization;

// timestamp/expiration: ISO-8601 UTC with "Z" and no trailing fractional zeros
// ("2017-02-01T21:10:07.437Z"), the form channels send.
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimestampReader.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // A UTC DateTime is written with "Z" (a DateTimeOffset would get "+00:00"), trimmed.
        writer.WriteStringValue(value.UtcDateTime);
    }
}
