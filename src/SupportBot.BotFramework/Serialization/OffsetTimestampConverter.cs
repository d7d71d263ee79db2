using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.BotFramework.Serialization;

// localTimestamp: keeps the sender's offset ("2017-02-01T14:10:07.437-07:00").
internal sealed class OffsetTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimestampReader.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
