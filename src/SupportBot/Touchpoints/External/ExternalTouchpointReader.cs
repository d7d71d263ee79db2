using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupportBot.Customers;

namespace SupportBot.Touchpoints.External;

/// Reads and validates one posted touchpoint, naming every invalid field (prefixed by its batch item, "[3].kind")
/// rather than stopping at the first.
internal static class ExternalTouchpointReader
{
    public const int MaxSummaryLength = 2000;
    public const int MaxSourceLength = 100;
    public const int MaxExternalIdLength = 200;
    public const int MaxIdentities = 10;
    public const int MaxAttributesBytes = 8 * 1024;

    /// The fields a touchpoint may have; anything else is refused rather than silently dropped.
    public static readonly IReadOnlyList<string> Fields =
        ["customerId", "identities", "kind", "occurredAt", "source", "summary", "amount", "currency", "attributes", "externalId"];

    // Clocks of other systems drift; a touchpoint dated further ahead than this is a mistake.
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    public static ExternalTouchpoint? Read(JsonElement item, string prefix, Dictionary<string, List<string>> errors, DateTimeOffset now)
    {
        void Error(string field, string message)
        {
            var key = prefix + field;
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }
            list.Add(message);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            Error(string.Empty, "A touchpoint is a JSON object.");
            return null;
        }
        var before = errors.Count;
        foreach (var property in item.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(property.Name, $"Unknown field; a touchpoint has {string.Join(", ", Fields)}.");
            }
        }

        var customer = new List<CustomerReference>();
        if (Text(item, "customerId", Error, required: true, maxLength: CustomerIdentity.MaxValueLength + 40) is { } customerText)
        {
            if (CustomerReference.TryParse(customerText, out var problem) is { } reference)
            {
                customer.Add(reference);
            }
            else
            {
                Error("customerId", problem!);
            }
        }
        if (item.TryGetProperty("identities", out var identities) && identities.ValueKind != JsonValueKind.Null)
        {
            if (identities.ValueKind != JsonValueKind.Array || identities.GetArrayLength() > MaxIdentities)
            {
                Error("identities", $"identities is an array of at most {MaxIdentities} identities (kind:value) of the same customer.");
            }
            else
            {
                var index = 0;
                foreach (var identity in identities.EnumerateArray())
                {
                    if (CustomerIdentity.TryParse(identity.ValueKind == JsonValueKind.String ? identity.GetString() : null, out var problem) is { } parsed)
                    {
                        customer.Add(new CustomerReference(null, parsed));
                    }
                    else
                    {
                        Error($"identities[{index}]", problem!);
                    }
                    index++;
                }
            }
        }

        var kind = Text(item, "kind", Error, required: true, maxLength: 40);
        if (kind is not null && !TouchpointKind.External.Contains(kind))
        {
            Error("kind", $"'{kind}' is not a kind other systems post; use one of {string.Join(", ", TouchpointKind.External.Order(StringComparer.Ordinal))}.");
        }

        DateTimeOffset occurredAt = default;
        if (Text(item, "occurredAt", Error, required: true, maxLength: 40) is { } at)
        {
            // An offset (or Z) is required: a local time without one could be any of 26 hours.
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out occurredAt) || !HasOffset(at))
            {
                Error("occurredAt", "occurredAt is an ISO 8601 date and time with its offset, e.g. 2026-03-01T14:30:00Z.");
            }
            else if (occurredAt > now + FutureTolerance)
            {
                Error("occurredAt", "occurredAt is more than a day in the future.");
            }
        }

        var source = Text(item, "source", Error, required: true, maxLength: MaxSourceLength);
        var summary = Text(item, "summary", Error, required: false, maxLength: MaxSummaryLength);
        var externalId = Text(item, "externalId", Error, required: false, maxLength: MaxExternalIdLength);

        decimal? amount = null;
        if (item.TryGetProperty("amount", out var amountElement) && amountElement.ValueKind != JsonValueKind.Null)
        {
            if (amountElement.ValueKind != JsonValueKind.Number || !amountElement.TryGetDecimal(out var value) || Math.Abs(value) >= 1_000_000_000_000m)
            {
                Error("amount", "amount is a number (below 10^12), e.g. 49.90.");
            }
            else if (kind is not null && !TouchpointKind.WithAmount.Contains(kind))
            {
                Error("amount", $"amount applies to {string.Join(", ", TouchpointKind.WithAmount.Order(StringComparer.Ordinal))} only.");
            }
            else
            {
                amount = value;
            }
        }
        var currency = Text(item, "currency", Error, required: false, maxLength: 3);
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            Error("currency", "currency is an ISO 4217 code of three capital letters, e.g. EUR.");
        }
        if (item.TryGetProperty("amount", out var hasAmount) && hasAmount.ValueKind != JsonValueKind.Null && currency is null && !errors.ContainsKey(prefix + "currency"))
        {
            Error("currency", "An amount needs its currency.");
        }
        if (currency is not null && amount is null && !errors.ContainsKey(prefix + "amount"))
        {
            Error("currency", "currency goes with an amount.");
        }

        string? attributes = null;
        if (item.TryGetProperty("attributes", out var attributesElement) && attributesElement.ValueKind != JsonValueKind.Null)
        {
            attributes = attributesElement.GetRawText();
            if (attributesElement.ValueKind != JsonValueKind.Object)
            {
                Error("attributes", "attributes is a JSON object.");
            }
            else if (Encoding.UTF8.GetByteCount(attributes) > MaxAttributesBytes)
            {
                Error("attributes", $"attributes is at most {MaxAttributesBytes} bytes of JSON.");
            }
        }

        if (errors.Count > before || customer.Count == 0)
        {
            return null;
        }
        var touchpoint = new ExternalTouchpoint
        {
            Customer = customer,
            Kind = kind!,
            OccurredAt = occurredAt.ToUniversalTime(),
            Source = source!,
            Summary = summary,
            Amount = amount,
            Currency = currency,
            Attributes = attributes,
            ExternalKey = string.Empty,
        };
        return touchpoint with { ExternalKey = externalId is null ? ContentKey(touchpoint) : $"{source}:{externalId}" };
    }

    private static string? Text(JsonElement item, string name, Action<string, string> error, bool required, int maxLength)
    {
        if (!item.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error(name, $"{name} is required.");
            }
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error(name, $"{name} is a string.");
            return null;
        }
        var text = element.GetString()!.Trim();
        if (text.Length == 0 && required)
        {
            error(name, $"{name} is required.");
            return null;
        }
        if (text.Length > maxLength)
        {
            error(name, $"{name} is at most {maxLength} characters.");
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    private static bool HasOffset(string text)
        => text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    // Without an id from the source, the same facts are the same touchpoint: re-sending them stores nothing new.
    private static string ContentKey(ExternalTouchpoint t)
    {
        var canonical = string.Join(
            "\u001f",
            string.Join(" ", t.Customer.Select(c => c.ToString())), t.Kind, t.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), t.Source,
            t.Summary ?? string.Empty, t.Amount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, t.Currency ?? string.Empty, t.Attributes ?? string.Empty);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
