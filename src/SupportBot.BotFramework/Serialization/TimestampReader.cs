using System.Globalization;
using System.Text.Json;

namespace SupportBot.BotFramework.Serialization;

internal static class TimestampReader
{
    public static DateTimeOffset Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected an ISO-8601 timestamp string, found {reader.TokenType}.");
        }

        if (reader.TryGetDateTimeOffset(out var value))
        {
            // The strict parser reads a value without offset as this server's local time; the
            // wire means UTC, and the host's time zone must not leak into the data.
            return reader.TryGetDateTime(out var dateTime) && dateTime.Kind == DateTimeKind.Unspecified
                ? new DateTimeOffset(dateTime, TimeSpan.Zero)
                : value;
        }

        // Tolerant reading (A2001) of ISO-8601 variants outside System.Text.Json's profile,
        // e.g. "+0000" offsets or a space instead of "T".
        var text = reader.GetString();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not an ISO-8601 timestamp.");
    }
}
