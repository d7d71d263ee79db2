using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;

namespace SupportBot.Touchpoints.External;

/// Reads a CSV file of touchpoints (a header row naming the API's fields) as the JSON objects the API takes, so
/// both are checked by the same rules. `identities` holds identities separated by spaces or ';', `attributes` a JSON
/// object, and `attributes.<name>` columns add one attribute each.
internal static class CsvTouchpointRows
{
    public const string AttributePrefix = "attributes.";

    /// The header's columns that are no touchpoint field.
    public static IReadOnlyList<string> UnknownColumns(IEnumerable<string> header)
        => [.. header.Where(h => !ExternalTouchpointReader.Fields.Contains(h, StringComparer.Ordinal) && !(h.StartsWith(AttributePrefix, StringComparison.Ordinal) && h.Length > AttributePrefix.Length))];

    public static CsvReader Open(string path) => CsvReader.FromFile(
        path,
        new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true, FieldCountMismatch = CsvFieldCountHandling.Allow },
        FileOptions.SequentialScan);

    /// The header's columns.
    public static IReadOnlyList<string> Header(string path)
    {
        using var csv = Open(path);
        return csv.Headers ?? [];
    }

    /// Each data row with the line it starts on.
    public static async IAsyncEnumerable<(long Line, JsonObject Row)> ReadAsync(string path)
    {
        using var csv = Open(path);
        var header = csv.Headers ?? [];
        while (await csv.ReadAsync(CancellationToken.None))
        {
            var row = new JsonObject();
            for (var i = 0; i < header.Count && i < csv.FieldCount; i++)
            {
                Add(row, header[i], csv.GetString(i));
            }
            yield return (csv.LineNumber, row);
        }
    }

    /// How many data rows the file has, for the progress bar.
    public static async Task<int> CountAsync(string path)
    {
        using var csv = Open(path);
        var rows = 0;
        while (await csv.ReadAsync(CancellationToken.None))
        {
            rows++;
        }
        return rows;
    }

    // Cells are text; numbers and objects become JSON values where they parse, else stay text so that the
    // validation names the field.
    private static void Add(JsonObject row, string column, string cell)
    {
        if (cell.Length == 0)
        {
            return;
        }
        if (column.StartsWith(AttributePrefix, StringComparison.Ordinal))
        {
            if (row["attributes"] is not JsonObject attributes)
            {
                row["attributes"] = attributes = [];
            }
            attributes[column[AttributePrefix.Length..]] = cell;
            return;
        }
        row[column] = column switch
        {
            "identities" => new JsonArray([.. cell.Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(i => (JsonNode)i)]),
            "amount" when decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) => amount,
            "attributes" when ParseObject(cell) is { } attributes => MergeInto(row["attributes"] as JsonObject, attributes),
            _ => cell,
        };
    }

    private static JsonObject? ParseObject(string cell)
    {
        try
        {
            return JsonNode.Parse(cell) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject MergeInto(JsonObject? existing, JsonObject parsed)
    {
        foreach (var (name, value) in existing?.ToList() ?? [])
        {
            existing!.Remove(name);
            parsed[name] = value;
        }
        return parsed;
    }
}
